"""The OCR reader on real scans of a ruled budget table: clean (PNG, 200 dpi) and degraded (image-only PDF).

The page is the example's 预算支出总表 rendered by WeasyPrint (merged, centred header cells,
names wrapped in their cells and thousands separators included), rasterised by pypdfium2 and,
for the degraded copy, scanned badly: 150 dpi, rotated 1°, blurred, noisy, JPEG quality 40.
Two OCR pages in all; the engine is reused.
"""

from __future__ import annotations

import html
import io
import math
import struct
import time
import zlib
from decimal import Decimal
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageFilter

from budgetlens.check.runner import run_checks
from budgetlens.errors import ReadError
from budgetlens.model import Document
from budgetlens.normalise.codes import normalise
from budgetlens.parse.document import parse_document
from budgetlens.parse.provenance import attach_provenance
from budgetlens.pipeline import load
from budgetlens.read import RawDocument, read_document
from budgetlens.read.ocr_layout import estimate_skew, layout, make_boxes
from budgetlens.read.progress import reporting_pages
from budgetlens.read.raw import Line
from budgetlens.read.scan import LOW_CONFIDENCE, clean_ocr_text, read_scanned_pdf
from budgetlens.report.facts import document_facts
from budgetlens.segment import segment
from tests.conftest import ROOT
from tests.requirements import require

EXAMPLE = ROOT / "examples" / "sample-department-budget-2026.txt"
TITLE = "2026年预算支出总表"
NEXT_TITLE = "2026年财政拨款收支总表"
STYLE = """@page { size: A4; margin: 15mm }
body { font-family: "Noto Sans CJK SC"; font-size: 10pt }
h1 { text-align: center; font-size: 15pt }
table { border-collapse: collapse; width: 100% }
td { border: 0.8pt solid #000; padding: 2pt 4pt; height: 14pt }
td.n { text-align: right } td.c { text-align: center } td.name { width: 8em }"""


def printed(cell: str) -> str:
    """Amounts of a thousand or more are printed with separators on the scan (1,575.93)."""
    try:
        value = Decimal(cell)
    except ArithmeticError:
        return cell
    return f"{value:,.2f}" if "." in cell and value >= 1000 else cell


def example_block() -> list[str]:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    start, end = lines.index(TITLE), lines.index(NEXT_TITLE)
    return [ln for ln in lines[start:end] if ln.strip()]


def expected_rows() -> list[tuple[str, ...]]:
    """The lines the scan must give: title and notes as one cell, table rows cell by cell."""
    return [tuple(printed(c) for c in ln.split("\t")) for ln in example_block()]


def page_html(rows: list[tuple[str, ...]]) -> str:
    title, name, unit, header, *body = rows
    parts = [
        f"<html><head><style>{STYLE}</style></head><body><h1>{title[0]}</h1><p>{name[0]}</p>",
        f'<p style="text-align:right">{unit[0]}</p><table>',
    ]
    # The first header row merges cells: the text is in the first cell of the span, the rest are empty.
    spans: list[tuple[str, int]] = []
    for cell in header:
        if cell or not spans:
            spans.append((cell, 1))
        else:
            spans[-1] = (spans[-1][0], spans[-1][1] + 1)
    parts.append("<tr>" + "".join(f'<td class="c" colspan="{n}">{html.escape(t)}</td>' for t, n in spans) + "</tr>")
    for row in body:
        kinds = ["", "name"] + ["n"] * (len(row) - 2)  # long names wrap onto two lines in their cell
        cells = (f'<td class="{k}">{html.escape(c)}</td>' for k, c in zip(kinds, row, strict=True))
        parts.append("<tr>" + "".join(cells) + "</tr>")
    return "".join([*parts, "</table></body></html>"])


def render(pdf_bytes: bytes, dpi: int) -> Image.Image:
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        return pdf[0].render(scale=dpi / 72).to_pil()
    finally:
        pdf.close()


def degrade(image: Image.Image) -> Image.Image:
    """A poor scan: rotated 1°, blurred, Gaussian noise, JPEG quality 40."""
    grey = image.convert("L").rotate(1.0, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    grey = grey.filter(ImageFilter.GaussianBlur(0.8))
    noisy = np.asarray(grey, dtype=np.float32) + np.random.default_rng(7).normal(0, 12, (grey.height, grey.width))
    buffer = io.BytesIO()
    Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)).save(buffer, "JPEG", quality=40)
    return Image.open(io.BytesIO(buffer.getvalue()))


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if not EXAMPLE.is_file():
        pytest.skip(f"example document not found at {EXAMPLE}")
    require("fonts")
    from weasyprint import HTML

    folder = tmp_path_factory.mktemp("scans")
    pdf_bytes = HTML(string=page_html(expected_rows())).write_pdf()
    clean = folder / "clean.png"
    render(pdf_bytes, 200).save(clean, dpi=(200, 200))
    degraded = folder / "degraded.pdf"  # an image-only PDF holding the poor 150 dpi scan
    degrade(render(pdf_bytes, 150)).save(degraded, "PDF", resolution=150)
    text = folder / "table.txt"
    text.write_text("\n".join(example_block()), encoding="utf-8")
    return {"clean": clean, "degraded": degraded, "text": text}


@pytest.fixture(scope="module")
def clean_raw(scans: dict[str, Path]) -> RawDocument:
    return read_document(scans["clean"])


@pytest.fixture(scope="module")
def degraded_progress() -> list[tuple[int, int]]:
    """The pages done and to do that reading the degraded scan reported, in order."""
    return []


@pytest.fixture(scope="module")
def degraded_raw(scans: dict[str, Path], degraded_progress: list[tuple[int, int]]) -> RawDocument:
    with reporting_pages(lambda done, total: degraded_progress.append((done, total))):
        return read_scanned_pdf(scans["degraded"])


def cell_accuracy(raw: RawDocument) -> float:
    """Share of cells read right, row by row in order; a missing, extra or misplaced cell counts as wrong."""
    got = [ln.cells for ln in raw.lines]
    want = expected_rows()
    total = right = 0
    for i in range(max(len(got), len(want))):
        a = want[i] if i < len(want) else ()
        b = got[i] if i < len(got) else ()
        for j in range(max(len(a), len(b))):
            x, y = (a[j] if j < len(a) else ""), (b[j] if j < len(b) else "")
            if x or y:
                total += 1
                right += x == y
    return right / total


def document(raw: RawDocument) -> Document:
    doc = parse_document(raw, segment(raw))
    attach_provenance(doc, raw.lines)
    normalise(doc)
    return doc


def arithmetic(doc: Document) -> set[tuple[str, str | None, str | None]]:
    return {(f.code, f.expected, f.actual) for f in run_checks(doc).findings if f.code.startswith("BL2")}


@pytest.mark.slow
def test_clean_scan_gives_the_table_rows_cell_by_cell(clean_raw: RawDocument) -> None:
    assert clean_raw.format == "scan" and clean_raw.pages == 1
    assert cell_accuracy(clean_raw) >= 0.99, [ln.text for ln in clean_raw.lines]
    header = next(ln for ln in clean_raw.lines if ln.cells[0] == "项目")
    assert header.cells == ("项目", "", "2026年预算数", "", "")  # merged, centred cells: text in the first


@pytest.mark.slow
def test_lines_carry_page_box_in_points_and_confidence(clean_raw: RawDocument) -> None:
    a4_width, a4_height = 595.3, 841.9
    for line in clean_raw.lines:
        assert line.page == 1 and line.bbox is not None
        x0, top, x1, bottom = line.bbox
        assert 0 <= x0 < x1 <= a4_width and 0 <= top < bottom <= a4_height
        assert len(line.confidence) == len(line.cells) and all(0 < s <= 1 for s in line.confidence)
    title = clean_raw.lines[0]
    assert title.text == TITLE and title.bbox is not None and title.bbox[1] < 80  # near the top margin


@pytest.mark.slow
def test_degraded_scanned_pdf_is_still_read(degraded_raw: RawDocument) -> None:
    assert degraded_raw.format == "scan" and degraded_raw.pages == 1
    assert cell_accuracy(degraded_raw) >= 0.97, [ln.text for ln in degraded_raw.lines]


def test_ocr_reports_its_pages_to_who_asked(
    degraded_raw: RawDocument, degraded_progress: list[tuple[int, int]], scans: dict[str, Path]
) -> None:
    assert degraded_progress == [(0, 1), (1, 1)]
    assert read_document(scans["text"]).lines  # no one asked: nothing reported, nothing fails


def facts(doc: Document, keys: tuple[str, ...]) -> list[tuple[object, ...]]:
    return [tuple(f[k] for k in keys) for f in document_facts(doc)]


@pytest.mark.slow
def test_scan_gives_the_same_facts_as_the_text(scans: dict[str, Path], clean_raw: RawDocument) -> None:
    text, scanned = load(scans["text"]), document(clean_raw)
    amounts = ("table", "row_code", "column", "value", "unit")
    assert len(facts(text, amounts)) > 60
    assert facts(scanned, amounts) == facts(text, amounts)
    # A name the OCR got wrong is one it was unsure of: the reader lists it among the low-confidence cells.
    unsure = {c for ln in clean_raw.lines for c, s in zip(ln.cells, ln.confidence, strict=True) if s < LOW_CONFIDENCE}
    names = set(facts(scanned, ("row_name",))) - set(facts(text, ("row_name",)))
    assert all(name in unsure for (name,) in names), names
    location = scanned.tables[0].rows[0].location
    assert location.page == 1 and location.bbox is not None


@pytest.mark.slow
def test_a_misread_digit_is_caught_by_the_sums(clean_raw: RawDocument, degraded_raw: RawDocument) -> None:
    baseline = arithmetic(document(clean_raw))
    assert arithmetic(document(degraded_raw)) == baseline  # the degraded scan adds no false alarm
    # Suppose the OCR read 352.39 as 352.89 (a 3/8 confusion): the row and column sums must break.
    misread = [
        Line(
            ln.no,
            ln.text.replace("352.39", "352.89"),
            tuple(c.replace("352.39", "352.89") for c in ln.cells),
            ln.page,
            ln.bbox,
            confidence=ln.confidence,
        )
        for ln in clean_raw.lines
    ]
    line = next(ln.no for ln in misread if "352.89" in ln.cells)
    raw = RawDocument(clean_raw.source, clean_raw.sha256, "scan", misread, pages=1)
    new = [
        f
        for f in run_checks(document(raw)).findings
        if f.code.startswith("BL2")
        if (f.code, f.expected, f.actual) not in baseline
    ]
    assert new and all(line in f.evidence for f in new), [f.message() for f in new]


def test_print_variants_are_normalised_only_where_unambiguous() -> None:
    assert clean_ocr_text("１，６３３．９４") == "1,633.94"
    assert clean_ocr_text("2066. 25") == "2066. 25"  # left for the parser, which marks the repair
    assert clean_ocr_text("一、收入，支出") == "一、收入，支出"
    assert clean_ocr_text("12，34") == "12，34"  # not a thousands group


def png(width: int, height: int, body: bytes = b"") -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


@pytest.mark.parametrize("side", [30000, 10000, 8000])  # Pillow error, Pillow warning, our limit
def test_decompression_bomb_is_refused_quickly(tmp_path: Path, side: int) -> None:
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png(side, side, zlib.compress(b"\x00" * 4096)))
    started = time.perf_counter()
    with pytest.raises(ReadError, match=r"bomb\.png") as err:
        read_document(bomb)
    assert time.perf_counter() - started < 2
    assert "像素" in str(err.value) and "\n" not in str(err.value)


def test_corrupt_and_truncated_images_are_read_errors(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.png"
    garbage.write_bytes(b"\x89PNG\r\n\x1a\n" + b"not an image at all" * 10)
    with pytest.raises(ReadError, match=r"garbage\.png"):
        read_document(garbage)
    buffer = io.BytesIO()
    Image.new("L", (400, 300), 255).save(buffer, "JPEG")
    truncated = tmp_path / "truncated.jpg"
    truncated.write_bytes(buffer.getvalue()[:300])
    with pytest.raises(ReadError, match=r"truncated\.jpg"):
        read_document(truncated)


@pytest.mark.slow
def test_blank_image_and_long_scanned_pdf_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blank = tmp_path / "blank.png"
    Image.new("L", (300, 200), 255).save(blank)
    with pytest.raises(ReadError, match="未识别出任何文字"):
        read_document(blank)
    pages = tmp_path / "pages.pdf"
    inked = [Image.new("L", (100, 100), 255) for _ in range(2)]
    for image in inked:
        image.paste(0, (20, 40, 80, 50))
    inked[0].save(pages, "PDF", save_all=True, append_images=inked[1:])
    monkeypatch.setenv("BUDGETLENS_MAX_OCR_PAGES", "1")
    with pytest.raises(ReadError, match="BUDGETLENS_MAX_OCR_PAGES") as err:
        read_scanned_pdf(pages)
    assert err.value.message("en").startswith(str(pages))


def quad(x0: float, top: float, x1: float, bottom: float, angle: float = 0.0) -> list[list[float]]:
    """The corners of a box as a scanner rotated by ``angle`` (radians, about the origin) would place them."""
    cos, sin = math.cos(angle), math.sin(angle)
    return [[x * cos - y * sin, x * sin + y * cos] for x, y in ((x0, top), (x1, top), (x1, bottom), (x0, bottom))]


UNRULED = [  # an unruled table: text left-aligned, amounts right-aligned, a heading over two columns
    ("2026年预算支出表", 300, 20, 620, 60),
    ("科目名称", 100, 100, 220, 140),
    ("本年预算", 560, 100, 700, 140),
    ("合计", 400, 150, 460, 190),
    ("基本支出", 560, 150, 680, 190),
    ("项目支出", 760, 150, 880, 190),
    ("合计", 100, 200, 160, 240),
    ("1,633.94", 340, 200, 460, 240),
    ("1,200.00", 560, 200, 680, 240),
    ("433.94", 790, 200, 880, 240),
    ("行政运行", 100, 250, 220, 290),
    ("38.00", 385, 250, 460, 290),
    ("38.00", 605, 250, 680, 290),
    ("注：本表金额单位为万元", 100, 320, 420, 360),
]


@pytest.mark.parametrize("degrees", [0.0, 1.2, -1.0])
def test_unruled_table_layout_from_box_geometry(degrees: float) -> None:
    angle = math.radians(degrees)
    quads = [quad(x0, top, x1, bottom, angle) for _, x0, top, x1, bottom in UNRULED]
    assert abs(estimate_skew(quads) - angle) < 0.002
    boxes = make_boxes(quads, [t for t, *_ in UNRULED], [0.99] * len(UNRULED), estimate_skew(quads), (0.0, 0.0))
    lines = [ln.cells for ln in layout(boxes, [])]
    assert lines == [
        ("2026年预算支出表",),
        ("科目名称", "", "本年预算", ""),
        ("", "合计", "基本支出", "项目支出"),
        ("合计", "1,633.94", "1,200.00", "433.94"),
        ("行政运行", "38.00", "38.00", ""),
        ("注：本表金额单位为万元",),
    ]
