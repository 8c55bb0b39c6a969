"""A PDF with a text layer holding one page that is an image (a table scanned from paper and inserted).

The fixture is the example's three-page excerpt printed to PDF with its last table page swapped for
the scan of that page (tests/fixtures/build.py, ``mixed-pdf``): one page is OCR'd, the others are
read from the text layer. A page with neither text nor an image that could hold text is blank: it
is not OCR'd (the OCR engine is not even imported) and not reported as unread.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest

from budgetlens.errors import ReadError
from budgetlens.pipeline import interpret, load
from budgetlens.read import RawDocument, read_document
from budgetlens.read import pdf as pdf_reader
from budgetlens.read.progress import reporting_pages
from budgetlens.report.facts import document_facts
from tests.fixtures.build import source_of
from tests.test_pdf_backends import with_image

pytestmark = pytest.mark.slow

Derived = Callable[..., Path]
SCAN_TARGET = 0.99  # share of facts a clean scan must give right (the target)
AMOUNTS = ("table", "row_code", "row_name", "column", "value", "unit")


@pytest.fixture(scope="module")
def mixed(derived: Derived) -> Path:
    pytest.importorskip("rapidocr")
    return derived("mixed-pdf", pages=3)


@pytest.fixture(scope="module")
def mixed_progress() -> list[tuple[int, int]]:
    return []


@pytest.fixture(scope="module")
def mixed_raw(mixed: Path, mixed_progress: list[tuple[int, int]]) -> RawDocument:
    with reporting_pages(lambda done, total: mixed_progress.append((done, total))):
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


def test_only_the_image_page_is_reported_as_ocr_d(
    mixed_raw: RawDocument, mixed_progress: list[tuple[int, int]]
) -> None:
    assert mixed_progress == [(0, 1), (1, 1)]


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


@pytest.fixture(scope="module")
def with_blank_pages(derived: Derived, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's PDF with a blank page and a page drawing only an icon put after its first page."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    source = pdfium.PdfDocument(derived("pdf"))
    out = pdfium.PdfDocument.new()
    out.import_pages(source, [0])
    out.new_page(*source[0].get_size())
    with_image(out, (16, 16), (12.0, 12.0))
    out.import_pages(source, list(range(1, len(source))))
    path = tmp_path_factory.mktemp("blank") / "blank-pages.pdf"
    out.save(path)
    return path


def test_blank_pages_are_passed_over_without_ocr(derived: Derived, with_blank_pages: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", pdf_reader.UnreadPagesWarning)
        raw = read_document(with_blank_pages)
    plain = read_document(derived("pdf"))
    assert raw.pages == plain.pages + 2 and {2, 3}.isdisjoint(ln.page for ln in raw.lines)
    assert [ln.cells for ln in raw.lines] == [ln.cells for ln in plain.lines]
    assert not any(ln.confidence for ln in raw.lines)
    assert not any("OCR" in n or "未读取" in n for n in raw.notes), raw.notes


def test_reading_blank_pages_does_not_load_the_ocr_engine(with_blank_pages: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from budgetlens.pipeline import load; "
        f"load(Path({str(with_blank_pages)!r})); "
        "print(sorted(m for m in ('rapidocr', 'onnxruntime', 'budgetlens.read.scan') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stderr
