"""A PDF with a text layer holding one page that is an image (a table scanned from paper and inserted).

The fixture is the example's three-page excerpt printed to PDF with its last table page swapped for
the scan of that page (tests/fixtures/build.py, ``mixed-pdf``): one page is OCR'd, the others are
read from the text layer.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest

from budgetlens.errors import ReadError
from budgetlens.pipeline import interpret, load
from budgetlens.read import RawDocument, read_document
from budgetlens.read import pdf as pdf_reader
from budgetlens.report.facts import document_facts
from tests.fixtures.build import source_of

pytestmark = pytest.mark.slow

Derived = Callable[..., Path]
SCAN_TARGET = 0.99  # share of facts a clean scan must give right (the target)
AMOUNTS = ("table", "row_code", "row_name", "column", "value", "unit")


@pytest.fixture(scope="module")
def mixed(derived: Derived) -> Path:
    pytest.importorskip("rapidocr")
    return derived("mixed-pdf", pages=3)


@pytest.fixture(scope="module")
def mixed_raw(mixed: Path) -> RawDocument:
    return read_document(mixed)


def test_the_image_page_is_ocr_d_in_page_order(mixed_raw: RawDocument) -> None:
    assert mixed_raw.format == "pdf" and mixed_raw.pages == 3
    pages = [ln.page for ln in mixed_raw.lines]
    assert pages == sorted(pages) and set(pages) == {1, 2, 3}
    assert [ln.no for ln in mixed_raw.lines] == list(range(1, len(mixed_raw.lines) + 1))
    ocr = [ln for ln in mixed_raw.lines if ln.confidence]
    assert ocr and {ln.page for ln in ocr} == {3}  # only the image page carries OCR confidences
    assert all(ln.bbox is not None and len(ln.confidence) == len(ln.cells) for ln in ocr)
    assert any("OCR" in note and "第 3 页" in note for note in mixed_raw.notes), mixed_raw.notes
    assert not any(ln.text.replace(" ", "") in ("-3-", "3") for ln in ocr)  # its page number is furniture


def test_its_facts_are_the_text_s_and_say_which_page_was_ocr_d(mixed: Path, mixed_raw: RawDocument) -> None:
    text = [tuple(f[k] for k in AMOUNTS) for f in document_facts(load(source_of(mixed)))]
    found = list(document_facts(interpret(mixed_raw)))
    got = [tuple(f[k] for k in AMOUNTS) for f in found]
    assert len(text) > 200
    right = sum(a == b for a, b in zip(text, got, strict=False))
    assert len(got) == len(text) and right / len(text) >= SCAN_TARGET
    ocr_lines = {ln.no for ln in mixed_raw.lines if ln.confidence}
    revenue = [f for f in found if f["table"] == "budget.revenue"]
    assert revenue and all(f["page"] == 3 and f["line"] in ocr_lines for f in revenue)
    assert all(f["page"] == 1 for f in found if f["table"] == "budget.summary")


def test_without_the_ocr_extra_the_text_pages_are_read_and_the_image_page_named(
    mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan = importlib.import_module("budgetlens.read.scan")
    monkeypatch.setattr(scan, "engine", _missing_engine)  # what the scan reader does when rapidocr is missing
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        raw = read_document(mixed)
    assert raw.format == "pdf" and {ln.page for ln in raw.lines} == {1, 2}
    assert not any(ln.confidence for ln in raw.lines)
    note = next(n for n in raw.notes if "未读取" in n)
    assert "第 3 页" in note and "budgetlens[ocr]" in note
    assert [w for w in caught if issubclass(w.category, pdf_reader.UnreadPagesWarning) and "pages 3" in str(w.message)]


def _missing_engine() -> None:
    raise ReadError("OCR 需要安装 budgetlens[ocr]（No module named 'rapidocr'）", "OCR needs budgetlens[ocr]")
