"""Ingestion throughput, peak memory, query latency and Dask scaling on a replicated corpus.

The corpus is the seeds copied with other issuer cities and shifted years (scripts/replicate_seeds.py), so
every copy has its own sha256. Prints documents per second and the ratios between engines and worker counts.

    python bench/bench_ingest.py [--count 1000] [--dask-count 200] [--workers N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import psutil
from scripts.replicate_seeds import SEEDS, replicate

from budgetlens.store import connect
from budgetlens.store.batch import default_workers

QUERIES = {
    "count by kind": "SELECT d.kind, count(*) AS n FROM facts f JOIN documents d ON d.sha256 = f.document GROUP BY 1",
    "sum by 类 code": "SELECT row_code, sum(yuan) AS yuan FROM facts WHERE length(row_code) = 3 GROUP BY 1 ORDER BY 1",
    "one document's facts": "SELECT * FROM facts WHERE document = '{sha}'",
}


@contextmanager
def peak_memory() -> Iterator[Callable[[], float]]:
    """Sample the RSS of this process and all its children every 50 ms; yields a getter of the peak (MiB)."""
    me, peak, stop = psutil.Process(), [0.0], threading.Event()

    def sample() -> None:
        while not stop.is_set():
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                with suppress(psutil.Error):
                    total += proc.memory_info().rss
            peak[0] = max(peak[0], total / 2**20)
            stop.wait(0.05)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield lambda: peak[0]
    finally:
        stop.set()
        thread.join()


def ingest(folder: Path, db: Path, workers: int, engine: str = "local") -> tuple[float, float, int, int]:
    """(seconds, peak MiB, documents, facts) of one ingest into a fresh DuckDB file."""
    with connect(db) as store, peak_memory() as peak:
        start = time.perf_counter()
        summary = store.ingest([folder], workers=workers, engine=engine)
        seconds = time.perf_counter() - start
        assert summary.failed == 0, summary.errors[:3]
        return seconds, peak(), summary.new, summary.facts


def query_latency(db: Path, repeat: int = 5) -> dict[str, float]:
    with connect(db, read_only=True) as store:
        sha = store.query("SELECT sha256 FROM documents LIMIT 1")["sha256"][0]
        out = {}
        for name, sql in QUERIES.items():
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                store.query(sql.format(sha=sha))
                times.append(time.perf_counter() - start)
            out[name] = statistics.median(times)
        out["facts rows"] = float(store.query("SELECT count(*) AS n FROM facts")["n"][0])
        return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=1000, help="documents in the corpus")
    parser.add_argument("--dask-count", type=int, default=200, help="documents for the Dask 1-vs-2 workers runs")
    parser.add_argument("--workers", type=int, default=default_workers())
    args = parser.parse_args()
    seeds = sorted(SEEDS.glob("*.txt"))
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        root = Path(tmp)
        replicate(seeds, root / "corpus", args.count)
        replicate(seeds, root / "small", args.dask_count)
        print(f"corpus: {args.count} documents ({len(seeds)} seeds × cities × years), {args.workers} workers")

        seconds, mib, docs, facts = ingest(root / "corpus", root / "local.duckdb", args.workers)
        print(f"local pool   : {docs} docs in {seconds:.1f} s = {docs / seconds:.1f} docs/s, "
              f"{facts / seconds:,.0f} facts/s, peak RSS (parent + workers) {mib:.0f} MiB")  # fmt: skip
        start = time.perf_counter()
        with connect(root / "local.duckdb") as store:
            again = store.ingest([root / "corpus"])
        print(f"re-ingest    : {again.known} already stored, {again.new} new, {time.perf_counter() - start:.2f} s")

        for name, value in query_latency(root / "local.duckdb").items():
            print(f"query        : {name:22s} {value * 1000:8.1f} ms" if name != "facts rows" else
                  f"query        : over {value:,.0f} fact rows")  # fmt: skip

        one, _, n1, _ = ingest(root / "small", root / "one.duckdb", 1)
        print(f"in-process   : {n1} docs in {one:.1f} s = {n1 / one:.1f} docs/s (1 worker, no pool)")
        d1, m1, n, _ = ingest(root / "small", root / "dask1.duckdb", 1, "dask")
        d2, m2, _, _ = ingest(root / "small", root / "dask2.duckdb", 2, "dask")
        print(f"dask 1 worker : {n / d1:.1f} docs/s, peak {m1:.0f} MiB")
        print(f"dask 2 workers: {n / d2:.1f} docs/s, peak {m2:.0f} MiB")
        print(f"ratio dask 2/1 workers      : {d1 / d2:.2f}x")
        print(f"ratio local pool / in-process: {(docs / seconds) / (n1 / one):.2f}x")
        print(f"ratio local pool / dask 2   : {(docs / seconds) / (n / d2):.2f}x")


if __name__ == "__main__":
    main()
