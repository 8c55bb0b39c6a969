"""Cost of the data exports and the comparison, as ratios against the facts JSON Lines export.

Loads every seed once, then times (best of --repeat) each export of all their facts and prints seconds,
bytes and the ratio to JSON Lines (time and size), plus `compare` of all seeds by 项.

    python bench/bench_exports.py [--repeat 3] [--seeds ../shared/seeds]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from budgetlens.compare.lineup import compare_facts
from budgetlens.pipeline import load
from budgetlens.report import exports
from budgetlens.report.datapackage import write_datapackage
from budgetlens.report.frames import documents_frame, facts_frame
from budgetlens.report.parquet import write_parquet
from budgetlens.report.xlsx import write_xlsx

ROOT = Path(__file__).resolve().parents[1]


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*")) if path.is_dir() else path.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    args = parser.parse_args()
    paths = sorted(args.seeds.glob("*.txt"))
    if not paths:
        print(f"no seeds in {args.seeds}", file=sys.stderr)
        return 2
    docs = [load(p) for p in paths]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        jobs: dict[str, tuple[Path, Callable[[Path], object]]] = {
            "facts jsonl": (out / "f.jsonl", lambda p: p.write_text(exports.facts_jsonl(docs), encoding="utf-8")),
            "facts csv": (out / "f.csv", lambda p: p.write_text(exports.facts_csv(docs), encoding="utf-8")),
            "parquet": (out / "f.parquet", lambda p: write_parquet(docs, p)),
            "datapackage": (out / "pkg", lambda p: write_datapackage(docs, p)),
            "xlsx": (out / "f.xlsx", lambda p: write_xlsx(docs, p)),
        }
        results = {}
        for name, (path, job) in jobs.items():
            best = min(_timed(job, path) for _ in range(args.repeat))
            results[name] = (best, _size(path))
    base_t, base_b = results["facts jsonl"]
    print(f"{len(docs)} seeds, {sum(1 for _ in exports.facts_jsonl(docs).splitlines())} facts")
    print(f"{'export':<12} {'seconds':>8} {'bytes':>10} {'time ×jsonl':>12} {'size ×jsonl':>12}")
    for name, (t, b) in results.items():
        print(f"{name:<12} {t:8.3f} {b:10d} {t / base_t:12.2f} {b / base_b:12.2f}")
    budgets = [d for d in docs if d.kind is not None]
    start = time.perf_counter()
    facts, documents = facts_frame(budgets), documents_frame(budgets)
    frames = time.perf_counter() - start
    start = time.perf_counter()
    compare_facts(facts, documents, level="项")
    lined = time.perf_counter() - start
    print(f"compare by 项: frames {frames:.3f} s, line-up {lined:.3f} s (ratio {lined / base_t:.2f} × jsonl)")
    return 0


def _timed(job: Callable[[Path], object], path: Path) -> float:
    start = time.perf_counter()
    job(path)
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
