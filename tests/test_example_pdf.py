"""The example PDF (``examples/sample-department-budget-2026.pdf``, printed from the example text by
``python scripts/make_example.py --pdf``) reads as the text does: the same facts and the same errors; only the
places differ (the PDF's line numbers count its own text layer, and each finding there names its page)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from budgetlens.pipeline import run
from budgetlens.report.facts import document_facts

ROOT = Path(__file__).resolve().parents[1]
TEXT = ROOT / "examples" / "sample-department-budget-2026.txt"
PDF = TEXT.with_suffix(".pdf")
LINE = re.compile(r"第\d+行")  # a line number inside a message
PLACE = ("line", "page", "document", "status")  # where a fact stands, and the reading's own identity


def facts(path: Path) -> list[dict[str, Any]]:
    document = run(path).checked().document
    return sorted(({k: v for k, v in f.items() if k not in PLACE} for f in document_facts(document)), key=repr)


def errors(path: Path) -> list[tuple[Any, ...]]:
    findings = run(path).checked().findings
    return sorted(
        (
            f.code,
            f.location.table,
            f.location.row,
            f.location.column,
            f.expected,
            f.actual,
            LINE.sub("第…行", f.message("zh")),
        )
        for f in findings
        if f.severity.value == "error"
    )


def test_the_example_pdf_is_committed_and_small() -> None:
    assert PDF.is_file(), "run python scripts/make_example.py --pdf"
    assert PDF.read_bytes().startswith(b"%PDF-") and PDF.stat().st_size < 700_000


def test_the_pdf_reads_with_the_texts_facts() -> None:
    from_pdf, from_text = facts(PDF), facts(TEXT)
    assert len(from_pdf) == len(from_text) > 800
    assert from_pdf == from_text


def test_the_pdf_has_the_texts_errors_each_on_its_page() -> None:
    assert errors(PDF) == errors(TEXT)
    codes = {e[0] for e in errors(PDF)}
    assert {"BL201", "BL202"} <= codes  # the two planted errors (examples/README.md)
    located = [f for f in run(PDF).checked().findings if f.severity.value == "error"]
    assert all(f.location.page for f in located if f.location.table), located


@pytest.mark.slow
@pytest.mark.needs_fonts
def test_the_pdf_is_what_the_script_prints(tmp_path: Path) -> None:
    """Printing again gives a PDF that reads the same (WeasyPrint stamps each file, so bytes differ)."""
    from tests.fixtures.build import build_from

    again = build_from(TEXT, "pdf", tmp_path)
    assert facts(again) == facts(PDF)
