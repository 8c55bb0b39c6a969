"""Time `extract` (read → segment → parse → normalise → facts) and `check` on every seed document.

Prints seconds and lines per second per seed, the seconds of a full `check` (extraction plus every
rule), the totals, and the ratio against a peer measured in the same run: the bare cost of reading
the file and splitting every line into cells (the floor any text-table extractor pays).

    python bench/bench_extract.py [--repeat 5] [--seeds ../shared/seeds]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from budgetlens.check.runner import run_checks
from budgetlens.errors import BudgetLensError
from budgetlens.pipeline import load
from budgetlens.report.facts import document_facts

ROOT = Path(__file__).resolve().parents[1]


def _extract(path: Path) -> int:
    return sum(1 for _ in document_facts(load(path)))


def _check(path: Path) -> int:
    return len(run_checks(load(path)).findings)


def _floor(path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    return sum(len(line.split("\t")) for line in text.splitlines())


def _best(fn: object, path: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(path)  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times) if repeat < 3 else statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    args = ap.parse_args()
    seeds = sorted(args.seeds.glob("*.txt"))
    if not seeds:
        print(f"no seed documents in {args.seeds}")
        return 2
    total = floor_total = check_total = 0.0
    print(f"{'seed':<28}{'lines':>7}{'cells':>7}{'seconds':>10}{'lines/s':>10}{'vs floor':>10}{'check s':>10}")
    for path in seeds:
        lines = len(path.read_text(encoding="utf-8").splitlines())
        try:
            cells = _extract(path)
        except BudgetLensError as exc:
            print(f"{path.name:<28} failed: {exc}")
            continue
        seconds = _best(_extract, path, args.repeat)
        floor = _best(_floor, path, args.repeat)
        checking = _best(_check, path, args.repeat)
        total += seconds
        floor_total += floor
        check_total += checking
        ratio, rate = seconds / floor, lines / seconds
        print(f"{path.name:<28}{lines:>7}{cells:>7}{seconds:>10.4f}{rate:>10.0f}{ratio:>9.1f}x{checking:>10.4f}")
    print(f"{'all seeds':<28}{'':>7}{'':>7}{total:>10.4f}{'':>10}{total / floor_total:>9.1f}x{check_total:>10.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
