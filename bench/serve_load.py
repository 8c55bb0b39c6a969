"""Load on the review desk: ``budgetlens serve`` on a throwaway store, N uploads sent at once, each followed to done.

The service is started as a subprocess on 127.0.0.1 (a free port, a DuckDB file in a temporary folder). Each
upload is the example disclosure with one narrative figure changed, so every file is a new document (or, with
``--repeats``, every other file repeats one already sent). Prints the count, the failures, the p50/p95 of the
upload's acceptance (POST → 202) and of upload-to-done (POST → the job done), and the total seconds; exits 1 on
any failure and 2 when the run passes ``--timeout``.

The peer, measured in the same run: the same files written to a folder and stored by ``budgetlens ingest`` with as
many worker processes, into another throwaway file. The ratio says what the service costs over the batch command
(HTTP, the job queue, storing each file's bytes) for the same reading and checking.

    python bench/serve_load.py [-n 50] [--workers 2] [--repeats] [--timeout 600]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "sample-department-budget-2026.txt"
FIGURE = "12,460.00平方米"  # the department's floor area in the narrative: changing it makes a new document


@dataclass
class Result:
    name: str
    accept: float  # seconds from sending the upload to its 202
    done: float | None  # seconds from sending the upload to its job done (None: failed)
    error: str | None = None


def documents(count: int, repeats: bool) -> list[tuple[str, bytes]]:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert FIGURE in text, f"{FIGURE} is no longer in {EXAMPLE.name}"
    out = []
    for i in range(count):
        variant = i // 2 if repeats else i
        changed = text.replace(FIGURE, f"{12_460 + variant:,}.00平方米")
        out.append((f"load-{i:03d}.txt", changed.encode("utf-8")))
    return out


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(folder: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}
    command = [sys.executable, "-m", "budgetlens", "serve", "--port", str(port), "--db", str(folder / "load.duckdb"),
               "--workers", str(workers)]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_ready(base: str, server: subprocess.Popen[bytes], deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the service stopped: {(server.stderr.read() if server.stderr else b'').decode()}")
        try:
            if httpx.get(f"{base}/api/v1/documents", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(2)


def one(base: str, name: str, data: bytes, deadline: float) -> Result:
    started = time.monotonic()
    with httpx.Client(base_url=base, timeout=120) as client:
        response = client.post("/api/v1/uploads", files=[("files", (name, data))])
        accept = time.monotonic() - started
        if response.status_code != 202:
            return Result(name, accept, None, f"HTTP {response.status_code}: {response.text[:200]}")
        job_id = response.json()["jobs"][0]["id"]
        while time.monotonic() < deadline:
            job = client.get(f"/api/v1/jobs/{job_id}").json()
            if job["status"] == "done":
                return Result(name, accept, time.monotonic() - started)
            if job["status"] == "failed":
                return Result(name, accept, None, job["error"]["message"])
            time.sleep(0.1)
    return Result(name, accept, None, "timed out")


def quantile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1]


def ingest_seconds(files: list[tuple[str, bytes]], workers: int, folder: Path) -> float:
    """Seconds ``budgetlens ingest -j workers`` takes to store the same files (the process started included)."""
    inbox = folder / "inbox"
    inbox.mkdir()
    for name, data in files:
        (inbox / name).write_bytes(data)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}
    command = [sys.executable, "-m", "budgetlens", "ingest", str(inbox), "--db", str(folder / "peer.duckdb"),
               "--workers", str(workers)]  # fmt: skip
    started = time.monotonic()
    subprocess.run(command, env=env, check=True, capture_output=True)
    return time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", "--count", type=int, default=50, help="uploads sent at once (default 50)")
    parser.add_argument("--workers", type=int, default=2, help="the service's reading processes (default 2)")
    parser.add_argument("--repeats", action="store_true", help="every other upload repeats a document already sent")
    parser.add_argument("--timeout", type=float, default=600, help="seconds for the whole run (default 600)")
    args = parser.parse_args(argv)
    began = time.monotonic()
    deadline = began + args.timeout
    files = documents(args.count, args.repeats)
    with tempfile.TemporaryDirectory(prefix="budgetlens-load-") as folder:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start(Path(folder), port, args.workers)
        try:
            wait_ready(base, server, deadline)
            ready = time.monotonic()
            with ThreadPoolExecutor(max_workers=args.count) as pool:
                results = list(pool.map(lambda f: one(base, f[0], f[1], deadline), files))
            total = time.monotonic() - ready
            stored = httpx.get(f"{base}/api/v1/documents", params={"limit": 1}, timeout=30).json()["total"]
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        peer = ingest_seconds(files, args.workers, Path(folder))
    failures = [r for r in results if r.done is None]
    accepts = [r.accept for r in results]
    dones = [r.done for r in results if r.done is not None]
    print(f"uploads: {len(results)} (workers {args.workers}{', with repeats' if args.repeats else ''})")
    print(f"failures: {len(failures)}")
    for failed in failures[:10]:
        print(f"  {failed.name}: {failed.error}")
    print(f"stored documents: {stored}")
    print(f"accept (POST → 202): p50 {quantile(accepts, 0.5):.3f} s, p95 {quantile(accepts, 0.95):.3f} s")
    if dones:
        print(f"upload to done: p50 {quantile(dones, 0.5):.2f} s, p95 {quantile(dones, 0.95):.2f} s")
    print(f"total: {total:.1f} s ({len(dones) / total:.1f} documents per second; start-up {ready - began:.1f} s)")
    print(f"peer, budgetlens ingest -j {args.workers} of the same files: {peer:.1f} s (start-up included); "
          f"the desk takes {total / peer:.2f}× its time")  # fmt: skip
    if time.monotonic() > deadline:
        return 2
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
