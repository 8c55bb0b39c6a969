"""PDF reader for files with a text layer: ruled tables and text, in reading order, as text lines.

pypdfium2 opens the file first (fast: it tells an encrypted, broken or oversized file in
milliseconds), then each page is read (``pdf_pages``: pdfium's characters and ruling lines, or
pdfplumber's as the reference): the ruled tables from the ruling, the words around them as text.
Items are placed top to bottom; a table that goes on over the next page is stitched into one (its
repeated header rows, the page furniture and 续表 labels between dropped), so the lines come out as
the tab-separated text of the document would. A page without text that draws an image that could
hold text (a scanned page inserted) is OCR'd; one that draws none is blank and is passed over.
"""

from __future__ import annotations

import hashlib
import importlib
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path

from budgetlens.errors import ReadError
from budgetlens.extras import EXTRAS, MissingExtra, needs
from budgetlens.limits import check, current
from budgetlens.read.pdf_page import PageContent, reason
from budgetlens.read.pdf_pages import page_count, read_pages
from budgetlens.read.pdf_tables import PdfTable, continues, stitch
from budgetlens.read.pdf_text import (
    TextLine,
    furniture_keys,
    is_continuation_label,
    is_furniture,
    join_paragraphs,
)
from budgetlens.read.pdf_unruled import align_unruled
from budgetlens.read.raw import Line, RawDocument
from budgetlens.read.scan_pages import continue_table
from budgetlens.read.text import clean_cell, read_bytes

PREAMBLE = 3  # lines before a table (title, issuer, unit) that a continuation page may repeat

Item = TextLine | PdfTable


class UnreadPagesWarning(UserWarning):
    """Pages of a PDF with a text layer that are images and could not be OCR'd (no OCR extra installed).

    ``str()`` is the English message; ``message_zh`` the Chinese one (the command line shows either as one line).
    """

    def __init__(self, message_en: str, message_zh: str) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_zh = message_zh


@dataclass(slots=True)
class _Assembler:
    """Places the pages' items one after another, stitching tables that go on over a page break."""

    items: list[Item] = field(default_factory=list)
    preambles: dict[int, set[str]] = field(default_factory=dict)  # id(table) -> texts of the lines before it
    stitched: int = 0

    def add_page(self, items: list[Item]) -> None:
        open_table = self.items[-1] if self.items and isinstance(self.items[-1], PdfTable) else None
        if open_table is not None:
            items = self._continue(open_table, items)
        for item in items:
            if isinstance(item, PdfTable):
                before = [i.text for i in self.items[-PREAMBLE:] if isinstance(i, TextLine)]
                self.preambles[id(item)] = set(before)
            self.items.append(item)

    def _continue(self, table: PdfTable, items: list[Item]) -> list[Item]:
        """Stitch the page's first table to the open one when it goes on: same columns, nothing new between.

        Lines that repeat the open table's title (its preamble) may stand between. Without a 续表
        label they leave it open whether the table goes on or a new one of the same kind begins (a
        form printed per project under one title): it goes on only if it repeats the header row.
        """
        repeated = self.preambles.get(id(table), set())
        label = title = False
        for i, item in enumerate(items):
            if isinstance(item, TextLine) and is_continuation_label(item):
                label = True
                continue
            if isinstance(item, TextLine) and item.text in repeated:
                title = True
                continue
            if isinstance(item, PdfTable) and continues(table, item):
                if title and not label and item.rows[0].cells != table.rows[0].cells:
                    return items
                stitch(table, item)
                self.stitched += 1
                return items[i + 1 :]
            return items
        return items


def read_pdf(path: Path) -> RawDocument:
    """Read a PDF with a text layer; hand an image-only PDF to OCR; ReadError for anything unreadable."""
    data = read_bytes(path)
    check(str(path), "max_pages", page_count(path), "PDF 的页数", "pages of the PDF")
    pages = _read_pages(path)
    if not any(p.has_text for p in pages):
        return _without_text_layer(path)
    image_pages = [p.number for p in pages if not p.has_text and p.has_image]  # the others are blank
    scanned, image_notes = _image_pages(path, image_pages)
    keys = furniture_keys([(p.height, p.lines) for p in pages])
    lines: list[Line] = []  # text-layer runs and OCR'd pages, in page order
    assembler = _Assembler()
    stitched = dropped = 0
    unruled: list[int] = []  # the page of each table without rules
    for page in pages:
        if page.number in scanned:  # the text before it ends here; a table may go on across the image page
            lines = _joined(lines, _to_lines(assembler.items))
            stitched += assembler.stitched
            lines = _joined(lines, scanned[page.number])
            assembler = _Assembler()
            continue
        kept = [ln for ln in page.lines if not is_furniture(ln, page.height, keys)]
        dropped += len(page.lines) - len(kept)
        kept, found = align_unruled(kept, page.rules)
        unruled += [page.number] * found
        assembler.add_page(_reading_order(kept, page.tables, page.width))
    lines = _joined(lines, _to_lines(assembler.items))
    stitched += assembler.stitched
    notes = [f"PDF 文本层：{len(pages)} 页，跨页续表拼接 {stitched} 处，删去页眉页脚 {dropped} 行"]
    if unruled:
        pages_listed = ", ".join(map(str, sorted(set(unruled))))
        notes.append(f"无表格线的表格 {len(unruled)} 处（第 {pages_listed} 页）：列按文字位置对齐")
    notes += image_notes
    lines = [replace(ln, no=no) for no, ln in enumerate(lines, start=1)]
    return RawDocument(
        source=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format="pdf",
        lines=lines,
        pages=len(pages),
        notes=notes,
        unruled=unruled,
    )


def _read_pages(path: Path) -> list[PageContent]:
    return read_pages(path)


def _joined(before: list[Line], after: list[Line]) -> list[Line]:
    """Two runs of lines (text layer and OCR'd page), the header rows a continued table repeats dropped."""
    return before + continue_table(before, after)


def _image_pages(path: Path, numbers: list[int]) -> tuple[dict[int, list[Line]], list[str]]:
    """OCR the pages without a text layer (a scanned page inserted in an exported PDF) when OCR is installed.

    Pages without ink (an image of blank paper) are passed over. Without the OCR extra, or with more
    pages to OCR than ``max_ocr_pages``, they are left unread: a note and a warning name them and say
    what to install or which limit to raise.
    """
    if not numbers:
        return {}, []
    listed = ", ".join(map(str, numbers))
    try:
        with needs("scan"):
            scan = importlib.import_module("budgetlens.read.scan")
        scan.engine()
    except (MissingExtra, ReadError) as exc:
        install = MissingExtra("image-pages", exc.module).message_zh if isinstance(exc, MissingExtra) else reason(exc)
        message = f"无文本层的页（图像）未读取：第 {listed} 页；{install}"
        english = f"{path}: pages {listed} have no text layer and were not read; to OCR them: {EXTRAS['ocr'].install}"
        warnings.warn(UnreadPagesWarning(english, f"{path}: {message}"), stacklevel=3)
        return {}, [message]
    inked: list[int] = scan.inked_pages(path, numbers)
    blank = [n for n in numbers if n not in inked]
    notes = [f"无文本层的页中空白（没有墨迹）未经 OCR 的：第 {', '.join(map(str, blank))} 页"] if blank else []
    if not inked:
        return {}, notes
    listed, limit = ", ".join(map(str, inked)), current().max_ocr_pages
    if len(inked) > limit:
        message = (
            f"无文本层的页共 {len(inked)} 页，超过 OCR 上限 {limit} 页（可用环境变量 BUDGETLENS_MAX_OCR_PAGES 调整），"
            f"未读取：第 {listed} 页"
        )
        english = (
            f"{path}: {len(inked)} image pages, more than the OCR limit of {limit}"
            " (BUDGETLENS_MAX_OCR_PAGES); they were not read"
        )
        warnings.warn(UnreadPagesWarning(english, f"{path}: {message}"), stacklevel=3)
        return {}, [*notes, message]
    scanned: dict[int, list[Line]] = scan.ocr_pdf_pages(path, inked)
    empty = [n for n in inked if not scanned[n]]
    notes.append(f"无文本层的页经 OCR 识别（RapidOCR）：第 {listed} 页，数字请以原件为准")
    if empty:
        notes.append(f"其中未识别出文字的页：第 {', '.join(map(str, empty))} 页")
    notes += scan.low_confidence_note([ln for n in inked for ln in scanned[n]])
    return scanned, notes


def _reading_order(lines: list[TextLine], tables: list[PdfTable], width: float) -> list[Item]:
    """A page's text lines and tables top to bottom, wrapped paragraphs rejoined between tables.

    A line wraps when it reaches the right edge of the text area: the rightmost line or table of
    the page, or the page width less the left margin (margins are symmetric), whichever is wider,
    so that a page of short lines (a cover) is not taken for one paragraph.
    """
    edges = [ln.bbox for ln in lines] + [t.bbox for t in tables]
    right = max([b[2] for b in edges] + [width - min((b[0] for b in edges), default=0.0)], default=width)
    placed: list[tuple[float, Item]] = [(ln.bbox[1], ln) for ln in lines] + [(t.bbox[1], t) for t in tables]
    placed.sort(key=lambda pair: pair[0])
    out: list[Item] = []
    run: list[TextLine] = []
    for _, item in placed:
        if isinstance(item, TextLine):
            run.append(item)
            continue
        out.extend(join_paragraphs(run, right))
        run = []
        out.append(item)
    out.extend(join_paragraphs(run, right))
    return out


def _to_lines(items: list[Item]) -> list[Line]:
    lines: list[Line] = []
    for item in items:
        if isinstance(item, TextLine):
            rows = [(item.cells, item.page, item.bbox)]
        else:
            rows = [(row.cells, row.page, row.bbox) for row in item.rows]
        for cells, page, bbox in rows:
            clean = tuple(clean_cell(c) for c in cells)
            lines.append(Line(no=len(lines) + 1, text="\t".join(clean), cells=clean, page=page, bbox=bbox))
    return lines


def _without_text_layer(path: Path) -> RawDocument:
    """An image-only PDF: OCR when the scan reader is installed, else say what is needed."""
    try:
        with needs("scanned-pdf", path):
            scan = importlib.import_module("budgetlens.read.scan")
        document: RawDocument = scan.read_scanned_pdf(path)  # blank pages and limits told before the engine loads
    except MissingExtra as exc:
        raise MissingExtra("scanned-pdf", exc.module, str(path)) from exc
    return document
