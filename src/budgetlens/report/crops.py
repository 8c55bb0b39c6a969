"""Crops of the printed page around a finding, for the HTML review report.

A finding of a PDF or a scan keeps the page and bbox (points, top-left origin) of the row or sentence it
points at (``check/locate.py``). Each page with findings is rendered once (pypdfium2 for a PDF, with or
without a text layer; Pillow for an image file), and each finding gets a strip of that page around its
box, as a PNG ``data:`` URI, with the box (narrowed to the cell when the PDF's text layer shows where
the cell's printed amount stands) given in percent of the strip for the report to draw over it.

Everything here is optional: without pypdfium2 or Pillow, without the source file, or when the file
on disk is no longer the one that was checked (another sha256), there are simply no crops.
"""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from budgetlens.model import Document, Finding

SCALE = 1.5  # pixels per point of the crops (108 dpi): legible print, modest PNGs
PAD_X = 14.0  # points left and right of the box
PAD_Y = 28.0  # points above and below the box: a line or two of context
MAX_HEIGHT = 260.0  # points: a taller box (a whole table, a long paragraph) is cut to its top
MAX_PAGES = 60  # rendered pages kept per document (a page is rendered once, then cropped from)
BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class Crop:
    """A PNG strip of a page; ``box`` is the highlight as (left, top, width, height) in percent of it."""

    uri: str
    width: int
    height: int
    box: tuple[float, float, float, float]
    page: int
    row: tuple[float, float, float, float] | None = None  # the whole row or sentence when ``box`` is one cell


@dataclass
class _Page:
    image: Any  # PIL.Image.Image
    per_point: float  # pixels of ``image`` per point of the page
    height_pt: float
    text: Any = None  # pypdfium2 PdfTextPage of a PDF page


class PageImages:
    """The pages of one checked document, each rendered once when a finding first needs it."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.kind: str | None = None  # "pdf" or "image" once the source is found and unchanged
        self._pdf: Any = None
        self._frames: list[tuple[Any, float]] | None = None
        self._pages: dict[int, _Page | None] = {}
        self._open()

    def _open(self) -> None:
        path = Path(self.doc.source)
        try:
            data = path.read_bytes() if path.is_file() else b""
        except OSError:
            return
        if not data or hashlib.sha256(data).hexdigest() != self.doc.sha256:
            return
        try:
            if data.startswith(b"%PDF"):
                import pypdfium2  # type: ignore[import-untyped]

                self._pdf = pypdfium2.PdfDocument(data)
                self.kind = "pdf"
            else:
                self._frames = image_frames(data)
                self.kind = "image" if self._frames else None
        except Exception:  # a report never fails for want of a picture
            self.kind = None

    def page(self, number: int) -> _Page | None:
        if number not in self._pages:
            if len(self._pages) >= MAX_PAGES:
                return None
            try:
                self._pages[number] = self._render(number)
            except Exception:  # an unrenderable page just has no crops
                self._pages[number] = None
        return self._pages[number]

    def _render(self, number: int) -> _Page | None:
        if self.kind == "pdf" and 0 < number <= len(self._pdf):
            pdf_page = self._pdf[number - 1]
            image = pdf_page.render(scale=SCALE).to_pil().convert("RGB")
            height = float(pdf_page.get_height())
            return _Page(image=image, per_point=SCALE, height_pt=height, text=pdf_page.get_textpage())
        if self.kind == "image" and self._frames and 0 < number <= len(self._frames):
            image, dpi = self._frames[number - 1]
            return _Page(image=image, per_point=dpi / 72, height_pt=image.height * 72 / dpi)
        return None

    def crop(self, finding: Finding) -> Crop | None:
        """The strip of the finding's page around its box; None without a page, a box or a source."""
        loc = finding.location
        if self.kind is None or loc.page is None or loc.bbox is None:
            return None
        page = self.page(loc.page)
        if page is None:
            return None
        cell = _cell_box(self.doc, finding, page)
        return _strip(page, cell or loc.bbox, loc.bbox, loc.page, narrowed=cell is not None)

    def close(self) -> None:
        for page in self._pages.values():
            if page is not None and page.text is not None:
                page.text.close()
        if self._pdf is not None:
            self._pdf.close()
        self._pages.clear()


def image_frames(data: bytes) -> list[tuple[Any, float]]:
    """The frames of an image file, upright, with their dpi (72 when unstated, as the scan reader takes it)."""
    from PIL import Image, ImageOps, ImageSequence

    frames: list[tuple[Any, float]] = []
    with Image.open(io.BytesIO(data)) as image:
        for frame in ImageSequence.Iterator(image):
            dpi = float(frame.info.get("dpi", (72, 72))[0] or 72)
            frames.append((ImageOps.exif_transpose(frame.copy()).convert("RGB"), dpi))
    return frames


def _cell_box(doc: Document, finding: Finding, page: _Page) -> BBox | None:
    return cell_box(doc, finding, page.text, page.height_pt) if page.text is not None else None


def cell_box(doc: Document, finding: Finding, text: Any, page_height: float) -> BBox | None:
    """The box of the finding's cell: its printed amount found by the text layer (a pypdfium2 ``PdfTextPage``
    of a page ``page_height`` points high) inside the row's box; None when the text layer does not show it."""
    loc = finding.location
    if loc.bbox is None or not (loc.table and loc.column is not None and loc.row is not None):
        return None
    table = next((t for t in doc.tables if t.id == loc.table), None)
    row = next((r for r in table.rows if r.index == loc.row), None) if table else None
    amount = row.cells.get(loc.column) if row else None
    printed = (amount.printed or "").strip() if amount else ""
    if table is None or row is None or not printed:
        return None
    order = {c.key: c.index for c in table.columns}
    here = order.get(loc.column, 0)
    ordinal = sum(1 for k, a in row.cells.items() if (a.printed or "").strip() == printed and order.get(k, 0) < here)
    x0, top, x1, bottom = loc.bbox
    hits: list[BBox] = []
    searcher = text.search(printed, match_whole_word=False)
    while (found := searcher.get_next()) is not None:
        start, count = found
        boxes = [text.get_charbox(i) for i in range(start, start + count)]
        left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
        high, low = max(b[3] for b in boxes), min(b[1] for b in boxes)
        hit = (left, page_height - high, right, page_height - low)
        middle = (hit[1] + hit[3]) / 2
        if top - 2 <= middle <= bottom + 2 and x0 - 2 <= left and right <= x1 + 2:
            hits.append(hit)
    if not hits:
        return None
    hits.sort()
    left, high, right, low = hits[min(ordinal, len(hits) - 1)]
    return (left - 2, high - 2, right + 2, low + 2)


def narrow_to_cells(doc: Document, findings: list[Finding], data: bytes) -> list[Finding]:
    """``findings`` of the PDF ``data`` with each box narrowed to its cell where the text layer shows the printed
    amount (the others unchanged); nothing changes for another kind of file or without pypdfium2."""
    if not data.startswith(b"%PDF") or not any(f.location.bbox and f.location.column for f in findings):
        return findings
    try:
        import pypdfium2
    except ImportError:
        return findings
    pdf = pypdfium2.PdfDocument(data)
    texts: dict[int, tuple[Any, float]] = {}
    out: list[Finding] = []
    try:
        for finding in findings:
            number = finding.location.page
            box = None
            if number is not None and 0 < number <= len(pdf) and finding.location.column is not None:
                if number not in texts:
                    page = pdf[number - 1]
                    texts[number] = (page.get_textpage(), float(page.get_height()))
                box = cell_box(doc, finding, *texts[number])
            if box is None:
                out.append(finding)
            else:
                located = finding.location.model_copy(update={"bbox": tuple(round(v, 2) for v in box)})
                out.append(finding.model_copy(update={"location": located}))
    finally:
        for text, _ in texts.values():
            text.close()
        pdf.close()
    return out


def _strip(page: _Page, box: BBox, context: BBox, number: int, narrowed: bool = False) -> Crop:
    """Cut the page around ``context`` (the row or sentence) and mark ``box`` (the cell, or the same)."""
    from PIL import Image

    width_pt = page.image.width / page.per_point
    x0, top, x1, bottom = context
    bottom = min(bottom, top + MAX_HEIGHT)
    left, right = max(0.0, min(x0, box[0]) - PAD_X), min(width_pt, max(x1, box[2]) + PAD_X)
    upper, lower = max(0.0, top - PAD_Y), min(page.height_pt, bottom + PAD_Y)
    k = page.per_point
    pixels = (round(left * k), round(upper * k), round(right * k), round(lower * k))
    strip = page.image.crop(pixels)
    if k > SCALE * 1.2:  # a scan at 300 dpi: shrink to the report's scale
        size = (max(1, round(strip.width * SCALE / k)), max(1, round(strip.height * SCALE / k)))
        strip = strip.resize(size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    strip.convert("L").save(buffer, format="PNG", optimize=True)
    span_x, span_y = max(right - left, 1.0), max(lower - upper, 1.0)

    def percent(b: BBox) -> tuple[float, float, float, float]:
        b0, b1 = max(b[0], left), max(b[1], upper)
        b2, b3 = min(b[2], right), min(b[3], lower)
        return (
            round(100 * (b0 - left) / span_x, 2),
            round(100 * (b1 - upper) / span_y, 2),
            round(100 * max(b2 - b0, 0.0) / span_x, 2),
            round(100 * max(b3 - b1, 0.0) / span_y, 2),
        )

    uri = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    row = percent((x0, top, x1, bottom)) if narrowed else None
    return Crop(uri=uri, width=strip.width, height=strip.height, box=percent(box), page=number, row=row)
