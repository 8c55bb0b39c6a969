"""Make a corpus from the seed documents: copies with another issuer city and shifted years (each a new sha256).

python scripts/replicate_seeds.py OUT_DIR [--count 1000] [--seeds ../shared/seeds]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

CITIES = ("阳泉市", "晋城市")
OTHER_CITIES = (
    "太原市", "大同市", "朔州市", "忻州市", "吕梁市", "晋中市", "长治市", "临汾市", "运城市", "阳泉市", "晋城市",
)  # fmt: skip
YEAR = re.compile(r"(20[0-4]\d)(?=年)")
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def variant(text: str, city: str, shift: int, copy: int) -> str:
    """The seed with its city replaced, every 20xx年 shifted by ``shift`` and a copy number as its last line."""
    for old in CITIES:
        text = text.replace(old, city)
    text = YEAR.sub(lambda m: str(int(m[1]) + shift), text)
    return text + f"\n副本编号：{copy}\n"


def replicate(seeds: list[Path], out: Path, count: int) -> list[Path]:
    """Write ``count`` copies (cycling seeds × cities × year shifts 0, −1, −2, −3) into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    written = []
    for n in range(count):
        seed = n % len(texts)
        city = OTHER_CITIES[(n // len(texts)) % len(OTHER_CITIES)]
        shift = -((n // (len(texts) * len(OTHER_CITIES))) % 4)
        path = out / f"{n:05d}_{seeds[seed].stem[:3]}.txt"
        path.write_text(variant(texts[seed], city, shift, n), encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    args = parser.parse_args()
    paths = replicate(sorted(args.seeds.glob("*.txt")), args.out, args.count)
    print(f"{len(paths)} documents in {args.out}")


if __name__ == "__main__":
    main()
