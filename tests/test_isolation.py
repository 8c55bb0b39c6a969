"""One document can never kill or hang a batch: each is read in a worker process under the time and memory
limits, and a worker that runs over time, out of memory or dies by a signal is that file's failure alone.

The failures are real: a text too slow for a tiny BUDGETLENS_MAX_SECONDS, a text too large for a small
BUDGETLENS_MAX_MEMORY_MB, a workbook whose declared range makes the native reader abort, a worker killed
from outside while it reads.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from budgetlens.limits import Limits
from budgetlens.store import connect
from budgetlens.store.engines import analyse_isolated
from budgetlens.store.isolation import Failure, IsolatedPool, run_isolated
from tests.conftest import ROOT
from tests.district_budget import build

WORKERS = ["1", "2"]
# The slow and the large texts below stand for documents too costly for the workers' limits yet within
# the readers' own limits, which are raised here so that the worker limits are what stops them.
ROOMY = {"BUDGETLENS_MAX_TEXT_BYTES": "64_000_000", "BUDGETLENS_MAX_LINES": "1_000_000",
         "BUDGETLENS_MAX_TABLE_CELLS": "100_000_000"}  # fmt: skip


def budgetlens(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    environment = {**os.environ, **ROOMY, **(env or {})}
    return subprocess.Popen([sys.executable, "-m", "budgetlens", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, env=environment)  # fmt: skip


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    process = budgetlens(*args, env=env)
    stdout, stderr = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def good_files(folder: Path) -> list[Path]:
    """Two consistent disclosures (different bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    first, second = folder / "a_good.txt", folder / "b_good.txt"
    first.write_text(build(), encoding="utf-8")
    second.write_text(build(extra="注：以上为本部门预算说明。"), encoding="utf-8")
    return [first, second]


def slow_text(path: Path) -> Path:
    """100 000 table-like rows (11 MB): seconds to read and check, more than the two the tests allow."""
    row = "  ".join(f"{j * 7 % 1000}.{j:02d}" for j in range(12))
    lines = ["2026年部门预算", "一、部门预算收支总表", "单位：万元"]
    lines += [f"{2010000 + i}  项目{i}  {row}" for i in range(100_000)]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def wide_text(path: Path) -> Path:
    """120 000 rows of 30 amounts (25 MB, under the text limit): far more memory than 150 MB to read."""
    row = "  ".join(f"{j}.{j:02d}" for j in range(30))
    path.write_text("\n".join(["2026年部门预算"] + [f"{i} {row}" for i in range(120_000)]), encoding="utf-8")
    return path


def workbook_bomb(path: Path) -> Path:
    """Two cells 200 000 rows and 1 000 columns apart: a 5 KB file whose range the native reader allocates."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "2026年部门预算"
    sheet.cell(row=200_000, column=1_000, value=1)
    book.save(path)
    return path


def assert_batch(db: Path, bad: Path, out: subprocess.CompletedProcess[str], en: str, zh: str) -> None:
    """Exit 1, the two good files stored, the bad one recorded with its reason in both languages, no traceback."""
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr
    assert f"failed {bad}: {en}" in out.stderr
    assert "3 files: 2 new, 0 already stored, 1 failed" in out.stderr
    with connect(str(db)) as store:
        sources = sorted(Path(s).name for s in store.query("SELECT source FROM documents")["source"])
        assert sources == ["a_good.txt", "b_good.txt"]
        [recorded] = json.loads(store.query("SELECT errors FROM runs").iloc[0]["errors"])
    assert recorded["path"] == str(bad)
    assert en in recorded["error"] and zh in recorded["error_zh"]


@pytest.mark.slow
@pytest.mark.parametrize("workers", WORKERS)
def test_a_document_over_time_is_stopped_and_the_batch_goes_on(tmp_path: Path, workers: str) -> None:
    good_files(tmp_path / "in")
    bad = slow_text(tmp_path / "in" / "c_slow.txt")
    db = tmp_path / "t.duckdb"
    started = time.monotonic()
    out = run("ingest", str(tmp_path / "in"), "--db", str(db), "-j", workers, "--lang", "en",
              env={"BUDGETLENS_MAX_SECONDS": "2"})  # fmt: skip
    assert time.monotonic() - started < 60  # the slow file alone takes longer than that on this machine
    assert_batch(db, bad, out, "timed out after 2 s (set BUDGETLENS_MAX_SECONDS", "处理超时（超过 2 秒")


@pytest.mark.slow
@pytest.mark.parametrize("workers", WORKERS)
def test_a_document_over_the_memory_limit_fails_alone(tmp_path: Path, workers: str) -> None:
    good_files(tmp_path / "in")
    bad = wide_text(tmp_path / "in" / "c_wide.txt")
    db = tmp_path / "m.duckdb"
    out = run("ingest", str(tmp_path / "in"), "--db", str(db), "-j", workers, "--lang", "en",
              env={"BUDGETLENS_MAX_MEMORY_MB": "150"})  # fmt: skip
    assert_batch(db, bad, out, "memory over the limit (150 MB", "内存超出上限（150 MB")


@pytest.mark.slow
@pytest.mark.parametrize("workers", WORKERS)
def test_a_native_reader_that_aborts_fails_its_file_alone(tmp_path: Path, workers: str) -> None:
    """The workbook reader (Rust) aborts the process when an allocation fails: only its worker goes."""
    pytest.importorskip("python_calamine", reason="the office extra reads workbooks")
    good_files(tmp_path / "in")
    bad = workbook_bomb(tmp_path / "in" / "c_bomb.xlsx")
    db = tmp_path / "n.duckdb"
    limits = {"BUDGETLENS_MAX_MEMORY_MB": "1024", "BUDGETLENS_MAX_CELLS": "1_000_000_000_000"}  # reach the reader
    out = run("ingest", str(tmp_path / "in"), "--db", str(db), "-j", workers, "--lang", "en", env=limits)
    assert_batch(db, bad, out, "memory over the limit (1024 MB", "内存超出上限（1024 MB")
    assert "memory allocation of" in out.stderr  # what the reader said before it aborted


def _workers_reading(parent: int, at_least: int) -> list[int]:
    """Processes under ``parent`` that are budgetlens workers and have read ``at_least`` bytes."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stderr = os.readlink(entry / "fd" / "2")
            read = int(
                next(line for line in (entry / "io").read_text().splitlines() if line.startswith("rchar")).split()[1]
            )
            ancestors = _ancestors(int(entry.name))
        except (OSError, StopIteration, ValueError):
            continue
        if "budgetlens-workers-" in stderr and read >= at_least and parent in ancestors:
            found.append(int(entry.name))
    return found


def _ancestors(pid: int) -> list[int]:
    chain = []
    while pid > 1:
        pid = int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])
        chain.append(pid)
    return chain


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="finds the worker through /proc")
@pytest.mark.parametrize("workers", WORKERS)
def test_a_worker_killed_while_reading_is_its_files_failure(tmp_path: Path, workers: str) -> None:
    """SIGKILL (what the kernel's OOM killer sends) to the worker reading the slow file, from outside."""
    good_files(tmp_path / "in")
    bad = slow_text(tmp_path / "in" / "c_slow.txt")  # 11 MB: the worker that has read that much is reading it
    db = tmp_path / "k.duckdb"
    process = budgetlens("ingest", str(tmp_path / "in"), "--db", str(db), "-j", workers, "--lang", "en")
    deadline = time.monotonic() + 120
    killed: list[int] = []
    while not killed and time.monotonic() < deadline and process.poll() is None:
        killed = _workers_reading(process.pid, at_least=8_000_000)
        for pid in killed:
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.05)
    stdout, stderr = process.communicate(timeout=120)
    assert killed, stderr
    out = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    assert_batch(db, bad, out, "the worker process died (signal SIGKILL)", "处理进程异常退出（信号 SIGKILL）")


@pytest.mark.slow
def test_check_of_several_files_reports_the_good_ones_when_one_fails(tmp_path: Path) -> None:
    first, second = good_files(tmp_path)
    bad = wide_text(tmp_path / "wide.txt")
    env = {"BUDGETLENS_MAX_MEMORY_MB": "150"}
    out = run("check", str(first), str(bad), str(second), "--lang", "en", env=env)
    assert out.returncode == 2  # the tool could not check every file
    assert (
        out.stderr == f"budgetlens: {bad}: memory over the limit (150 MB; set BUDGETLENS_MAX_MEMORY_MB to change it)\n"
    )
    assert "a_good.txt" in out.stdout and "b_good.txt" in out.stdout
    json_out = run("check", str(first), str(bad), str(second), "--format", "json", env=env)
    assert json_out.returncode == 2 and "内存超出上限（150 MB" in json_out.stderr
    assert [Path(r["document"]["source"]).name for r in json.loads(json_out.stdout)] == ["a_good.txt", "b_good.txt"]


@pytest.mark.slow
def test_one_uploaded_document_outcome_or_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a service calls for one upload: the rows, or the reason, in its own worker."""
    [good, _] = good_files(tmp_path)
    outcome = analyse_isolated("upload.txt", good.read_bytes())
    assert outcome.error is None and outcome.records is not None and outcome.records.fact_count > 0
    for name, value in {**ROOMY, "BUDGETLENS_MAX_MEMORY_MB": "150"}.items():
        monkeypatch.setenv(name, value)
    bad = wide_text(tmp_path / "wide.txt")
    failed = analyse_isolated(str(bad))
    assert failed.records is None
    assert failed.error == f"{bad}: memory over the limit (150 MB; set BUDGETLENS_MAX_MEMORY_MB to change it)"
    assert failed.error_zh is not None and "内存超出上限" in failed.error_zh


@pytest.mark.slow
def test_a_pool_replaces_a_worker_that_died_or_overran() -> None:
    """A signal, a time-out and a MemoryError each become a Failure; the next call gets a live worker."""
    limits = Limits(max_seconds=2, max_memory_mb=200)
    pool: IsolatedPool[object] = IsolatedPool(workers=1, limits=limits)
    with pool:
        aborted = pool.run(os.abort)
        assert aborted == Failure(
            "crash", "处理进程异常退出（信号 SIGABRT）", "the worker process died (signal SIGABRT)"
        )
        first = pool.run(os.getpid)
        assert isinstance(first, int) and pool.run(os.getpid) == first  # the new worker is kept
        started = time.monotonic()
        overran = pool.run(time.sleep, 30)
        assert isinstance(overran, Failure) and overran.kind == "timeout" and time.monotonic() - started < 10
        assert overran.reason_en == "timed out after 2 s (set BUDGETLENS_MAX_SECONDS to change the limit)"
        too_big = pool.run(bytearray, 500 * 1024 * 1024)
        assert isinstance(too_big, Failure) and too_big.kind == "memory" and "200 MB" in too_big.reason_zh
        assert pool.run(os.getpid) not in (first, None)
    assert run_isolated(sum, [1, 2, 3]) == 6


@pytest.mark.slow
def test_dask_tasks_run_under_the_limits_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On the local Dask cluster each task reads in an isolated worker: the slow file times out alone."""
    pytest.importorskip("distributed", reason="the dask extra")
    good_files(tmp_path / "in")
    bad = slow_text(tmp_path / "in" / "c_slow.txt")
    for name, value in {**ROOMY, "BUDGETLENS_MAX_SECONDS": "2"}.items():
        monkeypatch.setenv(name, value)
    with connect(str(tmp_path / "d.duckdb")) as store:
        summary = store.ingest([tmp_path / "in"], workers=2, engine="dask")
        assert (summary.new, summary.failed) == (2, 1)
        [failure] = summary.errors
        assert failure.path == str(bad) and "timed out after 2 s" in failure.error and "处理超时" in failure.error_zh
