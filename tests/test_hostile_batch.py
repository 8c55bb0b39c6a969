"""A batch among hostile files: one ingest of a folder holding good disclosures beside a file of every
hostile kind stores the good ones and records each bad one with its one-line reason, at the default
limits, in bounded time and memory.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from budgetlens.store import connect
from tests.conftest import ROOT
from tests.test_hostile_binary import blank_pdf, sparse, tiny_frames
from tests.test_isolation import good_files

pytest.importorskip("duckdb", reason="the store extra holds the documents")
pytest.importorskip("python_calamine", reason="the office extra reads workbooks")

MEMORY = 4 << 30  # the whole batch, its workers included, in an address space of 4 GB each
TIMEOUT = 300  # seconds: the batch takes well under a minute; a file that is paid for first takes hours


def hostile_files(folder: Path) -> dict[str, str]:
    """Each hostile file written into ``folder``, with a word its recorded reason must hold."""
    (folder / "huge.txt").open("wb").truncate(200 * 1024 * 1024)  # 200 MB, sparse on disk
    (folder / "nested.html").write_text("<html><body>" + "<span>" * 5000 + "x" + "</span>" * 5000, encoding="utf-8")
    (folder / "wide.txt").write_text("2026年部门预算\n" + "\t".join(["1.00"] * 200_000), encoding="utf-8")
    sparse(folder / "bomb.xlsx", 200_000, 1_000)
    tiny_frames(folder / "frames.tif", 5_000)
    blank_pdf(folder / "blank.pdf", 20)
    return {
        "huge.txt": "BUDGETLENS_MAX_",
        "nested.html": "BUDGETLENS_MAX_",
        "wide.txt": "BUDGETLENS_MAX_CELLS_PER_LINE",
        "bomb.xlsx": "BUDGETLENS_MAX_CELLS",
        "frames.tif": "BUDGETLENS_MAX_FRAMES",
        "blank.pdf": "blank",
    }


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_folder_with_hostile_files_stores_the_good_ones_and_records_the_rest(tmp_path: Path, workers: str) -> None:
    folder = tmp_path / "in"
    good = good_files(folder)
    reasons = hostile_files(folder)
    db = tmp_path / "batch.duckdb"
    out = subprocess.run(
        [sys.executable, "-m", "budgetlens", "ingest", str(folder), "--db", str(db), "-j", workers, "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith("BUDGETLENS_MAX_")},  # the default limits
        preexec_fn=_cap_memory,
    )
    assert out.returncode == 1, out.stderr[-3000:]
    assert "Traceback" not in out.stderr
    total = len(good) + len(reasons)
    assert f"{total} files: {len(good)} new, 0 already stored, {len(reasons)} failed" in out.stderr
    with connect(str(db)) as store:
        stored = sorted(Path(s).name for s in store.query("SELECT source FROM documents")["source"])
        recorded = json.loads(store.query("SELECT errors FROM runs").iloc[0]["errors"])
    assert stored == sorted(p.name for p in good)
    by_name = {Path(r["path"]).name: r for r in recorded}
    assert set(by_name) == set(reasons)
    for name, word in reasons.items():
        error, error_zh = by_name[name]["error"], by_name[name]["error_zh"]
        assert word in error, (name, error)
        assert "\n" not in error and "\n" not in error_zh and error_zh, (name, error_zh)


@pytest.mark.slow
def test_a_pipe_named_on_the_command_line_is_recorded_not_waited_for(tmp_path: Path) -> None:
    [good, _] = good_files(tmp_path / "in")
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    db = tmp_path / "pipe.duckdb"
    out = subprocess.run(
        [sys.executable, "-m", "budgetlens", "ingest", str(good), str(pipe), "--db", str(db), "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=ROOT,
    )
    assert out.returncode == 1, out.stderr
    assert "2 files: 1 new, 0 already stored, 1 failed" in out.stderr
    assert f"failed {pipe}:" in out.stderr and "regular file" in out.stderr
