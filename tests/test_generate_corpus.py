"""The generated corpus (bench/corpus.py) and its score (bench/corpus_score.py): four documents in four formats, one
text document with an error injected, read back with every composed amount and the error found."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bench.corpus import build
from bench.corpus_score import score_corpus

pytestmark = pytest.mark.slow


def test_corpus_is_reproducible_and_reads_back(tmp_path: Path) -> None:
    formats = ["text", "html", "docx", "xlsx"]
    manifest = build(4, tmp_path / "a", formats, start=3, rate=1.0)
    entries = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    assert [e["format"] for e in entries] == formats
    assert all((tmp_path / "a" / e["file"]).is_file() and e["facts"] for e in entries)
    (text,) = [e for e in entries if e["format"] == "text"]
    (error,) = text["errors"]
    assert error["changed"] != error["printed"]
    printed = (tmp_path / "a" / text["file"]).read_text(encoding="utf-8").split("\n")
    assert error["changed"] in printed[error["line"] - 1]

    scores = score_corpus(tmp_path / "a")
    total = scores["all"]
    assert total.documents == 4 and total.unreadable == 0
    assert total.facts_composed > 100 and total.facts_read == total.facts_composed, total.notes
    assert (total.errors_found, total.errors_injected) == (1, 1), total.notes
    assert total.unexpected == 0, total.notes


def test_an_unchanged_text_document_has_no_error_to_find(tmp_path: Path) -> None:
    build(1, tmp_path, ["text"], start=5, rate=0.0)
    scores = score_corpus(tmp_path)
    assert scores["text"].errors_injected == 0 and scores["text"].unexpected == 0


def test_the_same_command_writes_the_same_corpus(tmp_path: Path) -> None:
    """Reproducible from the command line (Hypothesis draws from the constants of the modules loaded, so the same
    seed gives the same data sets in a fresh process, not necessarily inside another program)."""
    script = Path(__file__).resolve().parents[1] / "bench" / "corpus.py"
    for name in ("a", "b"):
        args = [sys.executable, str(script), "3", "-o", str(tmp_path / name), "--formats", "text,xlsx", "--errors", "1"]
        subprocess.run(args, check=True, capture_output=True)
    first = (tmp_path / "a" / "manifest.jsonl").read_text(encoding="utf-8")
    assert first == (tmp_path / "b" / "manifest.jsonl").read_text(encoding="utf-8")
    assert (tmp_path / "a" / "doc0000.txt").read_bytes() == (tmp_path / "b" / "doc0000.txt").read_bytes()
