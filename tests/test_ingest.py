"""Batch ingestion from the command line: process pool, failures recorded, bad arguments, a killed run, Dask."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from scripts.replicate_seeds import replicate

from budgetlens.report.facts import document_facts
from budgetlens.store import connect
from tests.conftest import ROOT, SEEDS, seed_doc, seed_path
from tests.test_store import SEED_PREFIXES, export_rows, orphans, view_rows

pytestmark = pytest.mark.slow


def budgetlens(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "budgetlens", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)  # fmt: skip


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "budgetlens", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)  # fmt: skip


def test_ingest_folder_with_a_bad_file(tmp_path: Path) -> None:
    """Two worker processes; the unreadable file is recorded in the run and does not stop the batch."""
    folder = tmp_path / "in" / "nested"
    folder.mkdir(parents=True)
    for prefix in ("001", "004"):
        (folder / seed_path(prefix).name).write_bytes(seed_path(prefix).read_bytes())
    (tmp_path / "in" / "broken.pdf").write_bytes(b"%PDF-1.7\n\x00\x01\x02\xff" * 10)  # a truncated PDF
    (tmp_path / "in" / "notes.md").write_text("not a disclosure", encoding="utf-8")  # skipped: not a document file
    db = str(tmp_path / "b.duckdb")
    out = run("ingest", str(tmp_path / "in"), "--db", db, "--workers", "2", "--lang", "en")
    assert out.returncode == 1, out.stderr
    assert "3 files: 2 new, 0 already stored, 1 failed; 1897 facts written" in out.stderr
    assert "broken.pdf" in out.stderr and "Traceback" not in out.stderr
    with connect(db) as store:
        run_row = store.query("SELECT files, ok, failed, errors, finished_at FROM runs").iloc[0]
        assert (run_row["files"], run_row["ok"], run_row["failed"]) == (3, 2, 1)
        assert json.loads(run_row["errors"])[0]["path"].endswith("broken.pdf")
        assert run_row["finished_at"] is not None
        assert store.counts()["amounts"] == 899 + 998
    again = run("ingest", str(folder), "--db", db, "--workers", "2")
    assert again.returncode == 0 and "新增 0，已存在 2，失败 0" in again.stderr


def test_failure_reasons_in_the_chosen_language(tmp_path: Path) -> None:
    """The run records why a file failed in both languages; the command says it in the one asked for."""
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n\x00\x01\x02\xff" * 10)
    db = str(tmp_path / "f.duckdb")
    chinese = run("ingest", str(broken), "--db", db, "--workers", "1")
    assert chinese.returncode == 1
    assert f"失败 {broken}: PDF 文件已损坏或不完整" in chinese.stderr and "damaged" not in chinese.stderr
    english = run("ingest", str(broken), "--db", db, "--workers", "1", "--lang", "en")
    assert f"failed {broken}: the PDF is damaged or truncated" in english.stderr
    with connect(db) as store:
        recorded = json.loads(store.query("SELECT errors FROM runs").iloc[0]["errors"])[0]
    assert "damaged" in recorded["error"] and "已损坏" in recorded["error_zh"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workers", "0"], "at least 1"),
        (["--engine", "ray"], "ray"),
        (["--scheduler", "tcp://127.0.0.1:1"], "--engine dask"),
        (["--db", "/proc/version"], "cannot open database"),
        (["--db", "postgresql://nobody@127.0.0.1:1/none"], "cannot connect"),
    ],
)
def test_ingest_bad_arguments(args: list[str], message: str) -> None:
    out = run("ingest", str(seed_path("004")), "--lang", "en", *args)
    assert out.returncode == 2
    assert message in out.stderr and "Traceback" not in out.stderr


def test_ingest_missing_path(tmp_path: Path) -> None:
    out = run("ingest", str(tmp_path / "nothing"), "--db", str(tmp_path / "x.duckdb"))
    assert out.returncode == 2 and out.stderr.startswith("budgetlens: 找不到文件或文件夹")


@pytest.mark.needs_shared
def test_killed_ingest_leaves_whole_documents_and_a_rerun_completes(tmp_path: Path, postgres_database: str) -> None:
    """SIGKILL once the first documents are committed: every stored document is complete, the rerun adds the rest."""
    seed_path("000")
    corpus = replicate(sorted(SEEDS.glob("*.txt")), tmp_path / "corpus", 8)
    expected_facts = {p.name: len(list(document_facts(seed_doc(p.stem[-3:])))) for p in corpus}
    process = budgetlens("ingest", str(tmp_path / "corpus"), "--db", postgres_database, "--workers", "1")
    deadline = time.monotonic() + 120
    with connect(postgres_database) as store:
        while time.monotonic() < deadline and process.poll() is None:
            if store.counts()["documents"] >= 1:
                break
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        stored = store.query("SELECT d.source, count(a.ordinal) AS n FROM documents d "
                             "JOIN amounts a ON a.document = d.sha256 GROUP BY d.source")  # fmt: skip
        assert 1 <= len(stored) < len(corpus), "the run was not stopped halfway"
        for source, count in zip(stored["source"], stored["n"], strict=True):
            assert count == expected_facts[Path(source).name]
        assert orphans(store) == 0
        killed = store.query("SELECT finished_at FROM runs")
        assert killed["finished_at"].isna().all()  # the killed run is visibly unfinished
    rerun = run("ingest", str(tmp_path / "corpus"), "--db", postgres_database, "--workers", "1", "--lang", "en")
    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(corpus) - len(stored)} new, {len(stored)} already stored, 0 failed" in rerun.stderr
    with connect(postgres_database) as store:
        assert store.counts()["documents"] == len(corpus)
        assert store.counts()["amounts"] == sum(expected_facts.values())
        assert orphans(store) == 0


def test_dask_local_cluster_ingests_the_same_facts(tmp_path: Path) -> None:
    seed_path("000")
    with connect(tmp_path / "dask.duckdb") as store:
        summary = store.ingest([SEEDS], workers=2, engine="dask")
        assert (summary.new, summary.failed) == (5, 0)
        assert view_rows(store) == export_rows()
        sources = set(store.documents()["source"])
        assert sources == {str(seed_path(p).resolve()) for p in SEED_PREFIXES}


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_dask_external_scheduler_ingests_through_the_cli(tmp_path: Path) -> None:
    """A scheduler and a worker started as their own processes, as on a cluster, reached by --scheduler."""
    seed_path("000")
    bin_dir = Path(sys.executable).parent
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = subprocess.Popen(
        [str(bin_dir / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = subprocess.Popen(
        [str(bin_dir / "dask"), "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard",
         "--host", "127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        db = str(tmp_path / "cluster.duckdb")
        out = run("ingest", str(SEEDS), "--db", db, "--engine", "dask", "--scheduler", address, "--lang", "en")
        assert out.returncode == 0, out.stderr
        assert "5 new, 0 already stored, 0 failed" in out.stderr
        with connect(db) as store:
            assert view_rows(store) == export_rows()
    finally:
        for process in (worker, scheduler):
            process.terminate()
        for process in (worker, scheduler):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
