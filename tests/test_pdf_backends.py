"""The pdfium page reader gives the lines pdfplumber's gives, on every PDF the tests make.

Compared: each page's size, text lines (cells, box, size) and ruled tables (box, column starts,
open ends, rows with cells and boxes), boxes within a point. The PDFs: the fixture builder's
documents (万元 and 元, printed by WeasyPrint and by LibreOffice), the 区县 template, the small
PDFs of tests/test_read_pdf.py, and pages turned by /Rotate, drawn turned inside a form, or with a
MediaBox and CropBox away from the origin. Where they differ pdfium's is the right one: text drawn
twice over itself (fake bold) is read once, rules of a page drawn turned stay rules, and boxes of
fonts without a stated descent hang below the baseline as the glyphs do.
"""

from __future__ import annotations

import ctypes
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pdfplumber")
pytest.importorskip("pypdfium2")

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

from budgetlens.read import pdf_pages
from budgetlens.read.pdf_page import PageContent
from budgetlens.read.pdf_pages import backend_name, read_pages
from tests.district_budget import build
from tests.fixtures.build import build_from, derived
from tests.pdf_html import BARE_CSS, render
from tests.test_read_pdf import MERGED_HEADER, WRAPPED, _long_table, forms_under_one_title

pytestmark = pytest.mark.slow

TOLERANCE = 1.0  # points


def _flat(pages: list[PageContent]) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    for page in pages:
        out.append(("page", page.number, page.height, page.width, page.has_text, page.has_image))
        out.extend(("line", page.number, line.cells, line.bbox, line.size) for line in page.lines)
        for table in page.tables:
            out.append(("table", table.page, table.bbox, table.columns, table.open_top, table.open_bottom))
            out.extend(("row", row.page, row.cells, row.bbox) for row in table.rows)
    return out


def _same(a: Any, b: Any, tolerance: float = TOLERANCE) -> bool:
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_same(x, y, tolerance) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) or isinstance(b, float):
        return abs(a - b) <= tolerance
    return bool(a == b)


def assert_same_pages(path: Path, tolerance: float = TOLERANCE) -> None:
    reference = _flat(read_pages(path, "pdfplumber"))
    pdfium_pages = _flat(read_pages(path, "pdfium"))
    assert len(pdfium_pages) == len(reference), path
    differ = [(a, b) for a, b in zip(reference, pdfium_pages, strict=True) if not _same(a, b, tolerance)]
    assert not differ, f"{path}: {len(differ)} differ, first {differ[:3]}"
    assert any(item[0] == "line" for item in reference)


@pytest.mark.parametrize("doc", ["example", "000", "001", "004"])
@pytest.mark.parametrize("fmt", ["pdf", "pdf-yuan"])
def test_fixture_documents(fmt: str, doc: str) -> None:
    assert_same_pages(derived(fmt, doc))


@pytest.mark.parametrize("doc", ["example", "000", "001", "004"])
@pytest.mark.parametrize("fmt", ["lo-pdf", "lo-pdf-yuan"])
@pytest.mark.needs_libreoffice
@pytest.mark.needs_fonts
def test_libreoffice_documents(fmt: str, doc: str) -> None:
    """LibreOffice writes /Descent 0: pdfminer boxes its characters from the baseline up, pdfium from
    the font's own descender, so boxes may stand up to 2 points apart (texts and cells the same)."""
    assert_same_pages(derived(fmt, doc), tolerance=2.0)


def test_district_template(tmp_path: Path) -> None:
    source = tmp_path / "district.txt"
    source.write_text(build(frozenset()), encoding="utf-8")
    assert_same_pages(build_from(source, "pdf", tmp_path))


CONTINUED = (
    "<p>2026年预算支出总表</p><table><tr><td>201</td><td>一般公共服务支出</td><td>10.00</td></tr></table>"
    "<p style='break-before: page'>续表</p>"
    "<table><tr><td>201</td><td>一般公共服务支出</td><td>10.00</td></tr></table>"
)
WIDE = "<table><tr>" + "".join(f"<td>{c}</td>" for c in "甲乙丙丁戊己庚辛壬") + "</tr></table>"
LANDSCAPE_CSS = BARE_CSS + "@page wide { size: A4 landscape; } section.wide { page: wide; }"


@pytest.mark.parametrize(
    ("body", "css"),
    [
        (MERGED_HEADER, BARE_CSS),
        (_long_table(120), None),
        (_long_table(120, thead=False), None),
        (CONTINUED, BARE_CSS),
        (f"<section class='wide'><p>宽表</p>{WIDE}</section><section>{_long_table(60)}</section>", LANDSCAPE_CSS),
        (forms_under_one_title(repeat_header=False), BARE_CSS),
        (forms_under_one_title(repeat_header=True), BARE_CSS),
        (WRAPPED, BARE_CSS),
    ],
    ids=[
        "merged-header",
        "split-with-header",
        "split-without-header",
        "continued-label",
        "landscape-then-portrait",
        "new-form-under-one-title",
        "form-continued-under-one-title",
        "wrapped-paragraph",
    ],
)
def test_small_pdfs(tmp_path: Path, body: str, css: str | None) -> None:
    path = render(body, tmp_path / "small.pdf", css) if css else render(body, tmp_path / "small.pdf")
    assert_same_pages(path)


def _edited(source: Path, target: Path, edit: Any) -> Path:
    document = pdfium.PdfDocument(source)
    for page in document:
        edit(document, page)
    document.save(target)
    document.close()
    return target


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_pages_turned_by_rotate(tmp_path: Path, turn: int) -> None:
    source = render(MERGED_HEADER + _long_table(40), tmp_path / "plain.pdf")
    path = _edited(source, tmp_path / "turned.pdf", lambda _doc, page: page.set_rotation(turn))
    assert_same_pages(path)


def test_landscape_page_drawn_turned_in_a_form(tmp_path: Path) -> None:
    """A landscape page printed turned on a portrait one (in a form XObject), shown upright by /Rotate.

    Shown, it is the landscape page again: the pdfium reader gives that page's lines. (pdfplumber
    does not: float noise of the turn makes some of its rules neither horizontal nor vertical.)
    """
    body = f"<section class='wide'><p>宽表</p>{WIDE}{MERGED_HEADER}</section>"
    source = render(body, tmp_path / "wide.pdf", LANDSCAPE_CSS)
    wide = pdfium.PdfDocument(source)
    out = pdfium.PdfDocument.new()
    width, height = wide[0].get_size()
    page = out.new_page(height, width)
    form = wide.page_as_xobject(0, out).as_pageobject()
    form.transform(pdfium.PdfMatrix().rotate(90).translate(0, width))
    page.insert_obj(form)
    page.gen_content()
    page.set_rotation(270)
    out.save(tmp_path / "turned-form.pdf")
    upright = _flat(read_pages(source, "pdfplumber"))
    turned = _flat(read_pages(tmp_path / "turned-form.pdf", "pdfium"))
    assert len(turned) == len(upright)
    assert all(_same(a, b) for a, b in zip(upright, turned, strict=True)), [
        (a, b) for a, b in zip(upright, turned, strict=True) if not _same(a, b)
    ][:3]


def test_mediabox_and_cropbox_away_from_the_origin(tmp_path: Path) -> None:
    source = render(MERGED_HEADER, tmp_path / "plain.pdf", BARE_CSS)

    def shift(_doc: Any, page: Any) -> None:
        page.set_mediabox(-20, 30, 575, 872)
        page.set_cropbox(10, 40, 560, 800)

    assert_same_pages(_edited(source, tmp_path / "shifted.pdf", shift))


def with_image(pdf: Any, size: tuple[int, int], shown: tuple[float, float], text: str = "") -> None:
    """Add a page (A4) drawing one image of ``size`` pixels, ``shown`` points wide and high (its text written)."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", size, "white")
    ImageDraw.Draw(picture).text((4, 2), text, fill="black")
    page = pdf.new_page(595, 842)
    image = pdfium.PdfImage.new(pdf)
    image.set_bitmap(pdfium.PdfBitmap.from_pil(picture))
    image.set_matrix(pdfium.PdfMatrix().scale(*shown).translate(60, 400))
    page.insert_obj(image)
    page.gen_content()


def test_an_image_that_could_hold_text_is_told_by_both_readers(tmp_path: Path) -> None:
    """A scanned page or a strip of text is an image of text; a rule stretched from a few pixels or an icon is not."""
    pdf = pdfium.PdfDocument.new()
    with_image(pdf, (1240, 1754), (475.0, 672.0), "2026 budget")  # a scanned page
    with_image(pdf, (400, 40), (200.0, 20.0), "2026 budget")  # one line of text, pasted
    with_image(pdf, (2, 2), (475.0, 1.0))  # a rule drawn as a stretched image
    with_image(pdf, (2, 2), (475.0, 672.0))  # a background stretched from two pixels
    with_image(pdf, (16, 16), (12.0, 12.0))  # an icon
    pdf.new_page(595, 842)  # nothing at all
    pdf.save(tmp_path / "images.pdf")
    for backend in ("pdfium", "pdfplumber"):
        pages = read_pages(tmp_path / "images.pdf", backend)
        assert [p.has_image for p in pages] == [True, True, False, False, False, False], backend
        assert not any(p.has_text for p in pages)


def test_backend_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BUDGETLENS_PDF_BACKEND", raising=False)
    assert backend_name() == "pdfium"
    monkeypatch.setenv("BUDGETLENS_PDF_BACKEND", "pdfplumber")
    assert backend_name() == "pdfplumber" and backend_name("pdfium") == "pdfium"
    monkeypatch.setenv("BUDGETLENS_PDF_BACKEND", "camelot")
    with pytest.raises(ValueError, match="unknown PDF backend"):
        backend_name()


def test_long_file_read_by_two_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = render(_long_table(120), tmp_path / "long.pdf")
    serial = _flat(read_pages(path, "pdfium"))
    monkeypatch.setattr(pdf_pages, "PARALLEL_PAGES", 2)
    monkeypatch.setattr(pdf_pages.os, "cpu_count", lambda: 2)
    assert pdf_pages._workers(3) == 1  # one process unless asked
    monkeypatch.setenv("BUDGETLENS_PDF_WORKERS", "4")
    assert pdf_pages._workers(3) == 2 and pdf_pages._workers(1) == 1
    assert _flat(read_pages(path, "pdfium")) == serial


def _text_drawn_at(path: Path, offsets: list[float]) -> Path:
    """A line of Helvetica drawn once per offset (points to the right): twice is how fake bold is printed."""
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    text = "Total 1,633.94"
    encoded = (text + "\0").encode("utf-16-le")
    for dx in offsets:
        obj = pdfium_c.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", 12.0)
        pdfium_c.FPDFText_SetText(obj, (ctypes.c_ushort * (len(encoded) // 2)).from_buffer_copy(encoded))
        pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 72 + dx, 700)
        pdfium_c.FPDFPage_InsertObject(page.raw, obj)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    pdf.save(path)
    return path


@pytest.mark.parametrize("offset", [0.0, 0.3, 1.0])
def test_fake_bold_is_read_once(tmp_path: Path, offset: float) -> None:
    """Text drawn twice over itself (fake bold) reads once with pdfium; pdfplumber doubles each letter."""
    path = _text_drawn_at(tmp_path / "bold.pdf", [0.0, offset])
    [page] = read_pages(path, "pdfium")
    assert [line.cells for line in page.lines] == [("Total 1,633.94",)]
    [reference] = read_pages(path, "pdfplumber")
    assert [line.cells for line in reference.lines] == [("TToottaall 11,,663333..9944",)]
    [single] = read_pages(_text_drawn_at(tmp_path / "plain.pdf", [0.0]), "pdfplumber")
    assert _same(page.lines[0].bbox, single.lines[0].bbox)
