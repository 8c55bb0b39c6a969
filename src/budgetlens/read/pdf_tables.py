"""Ruled tables of a PDF page as rows of cells, and tables that continue on the next page.

A table finder (pdfium's or pdfplumber's page reader) finds a table from its ruling lines and gives
one text per cell, None for the cells a merged cell spans. A row becomes the cells of one line: a
merged cell's text in its first cell and '' for the cells it covers, text wrapped inside a cell
joined again without the line breaks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from budgetlens.read.raw import BBox

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in points from the page's top left
Vertical = tuple[float, float, float]  # a vertical ruling piece: x, top, bottom

# Ruled tables only: both directions from drawn lines and rectangle edges (pdfplumber's defaults,
# stated so that a library change of defaults does not silently change the output).
TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "edge_min_length": 3,
}
COLUMN_TOLERANCE = 3.0  # points: the same column starts at about the same x on the next page
_AMOUNT = re.compile(r"^[-−]?[\d,]*\d\.\d+%?$")
_ASCII_WORD = re.compile(r"[A-Za-z]")


@dataclass(slots=True)
class PdfRow:
    cells: tuple[str, ...]
    bbox: BBox
    page: int


@dataclass(slots=True)
class PdfTable:
    """One table (or the stitched parts of one table) with its first page and column starts."""

    page: int
    bbox: BBox
    columns: tuple[float, ...]
    rows: list[PdfRow] = field(default_factory=list)
    last_page: int = 0
    right: float = 0.0  # the right edge of the latest part (the columns are the latest part's too)
    open_top: bool = False  # the first row has no rule above it: it began on the previous page
    open_bottom: bool = False  # the last row has no rule below it: it goes on on the next page

    @property
    def header_count(self) -> int:
        """Leading rows without an amount: the header rows a continuation page may repeat."""
        for i, row in enumerate(self.rows):
            if any(_AMOUNT.match(c) for c in row.cells):
                return i
        return len(self.rows)


@dataclass(frozen=True, slots=True)
class FoundTable:
    """A table as a table finder gives it: one text per cell, None where a merged cell spans."""

    bbox: Box
    columns: tuple[float, ...]  # where each column starts
    rows: list[tuple[list[str | None], Box]]


Finder = Callable[[list[float]], list[FoundTable]]  # y of extra horizontal rules -> the tables found


def join_wrapped(text: str) -> str:
    """A cell's text without its line breaks: Chinese and numbers wrap anywhere, words need a space."""
    parts = [p.strip() for p in text.split("\n")]
    out = ""
    for part in parts:
        if not part:
            continue
        if out and _ASCII_WORD.match(out[-1]) and _ASCII_WORD.match(part[0]):
            out += " "
        out += part
    return out


def ruled_tables(find: Finder, verticals: Sequence[Vertical], page_no: int) -> list[PdfTable]:
    """The ruled tables of a page, top to bottom, each row with its cells and box.

    ``find`` gives the tables a table finder sees in the page's ruling (given extra horizontal rules
    to close tables with); ``verticals`` are the page's vertical ruling pieces as drawn. A row that a
    page break cuts has its side rules but no rule below (or above): the table is closed there with
    an explicit rule, and marked open so that stitching joins the row's parts.
    """
    tables = find([])
    opens = [_open_ends(verticals, t.bbox) for t in tables]
    closing = sorted({y for ends in opens for y in ends.values()})
    if closing:
        tables = find(closing)
    found = []
    for table in tables:
        columns = tuple(round(x, 1) for x in table.columns)
        rows = [
            PdfRow(cells=tuple(join_wrapped(c) if c else "" for c in cells), bbox=_bbox(box), page=page_no)
            for cells, box in table.rows
        ]
        rows = [r for r in rows if any(r.cells)]
        if rows and (len(columns) > 1 or len(rows) > 1):
            top, bottom = table.bbox[1], table.bbox[3]
            box = _bbox(table.bbox)
            found.append(PdfTable(page=page_no, bbox=box, columns=columns, rows=rows, last_page=page_no, right=box[2]))
            found[-1].open_top = any(abs(y - top) <= 1 for y in closing)
            found[-1].open_bottom = any(abs(y - bottom) <= 1 for y in closing)
    return sorted(found, key=lambda t: t.bbox[1])


def _open_ends(verticals: Sequence[Vertical], box: Box) -> dict[str, float]:
    """Where a table's side rules run on past its first or last horizontal rule (a row cut by the page)."""
    x0, top, x1, bottom = box
    sides = [(y0, y1) for x, y0, y1 in verticals if x0 - 2 <= x <= x1 + 2]
    below = [y1 for y0, y1 in sides if abs(y0 - bottom) <= 2 and y1 > bottom + 2]
    above = [y0 for y0, y1 in sides if abs(y1 - top) <= 2 and y0 < top - 2]
    ends = {}
    if len(below) >= 2:
        ends["bottom"] = max(below)
    if len(above) >= 2:
        ends["top"] = min(above)
    return ends


def continues(first: PdfTable, nxt: PdfTable) -> bool:
    """Whether ``nxt`` (first table of the next page) continues ``first``: the same columns.

    The same either where they start on the page or in proportion to the table's width: a table
    that runs from a landscape page onto a portrait one (or onto a page of another size) is drawn
    narrower there, each column the same share of the width.
    """
    if nxt.page != first.last_page + 1 or len(nxt.columns) != len(first.columns):
        return False
    if all(abs(a - b) <= COLUMN_TOLERANCE for a, b in zip(first.columns, nxt.columns, strict=True)):
        return True
    old, new = first.right - first.columns[0], nxt.right - nxt.columns[0]
    if len(first.columns) < 2 or old <= 0 or new <= 0:  # one column: nothing to compare
        return False
    scale = new / old
    return all(
        abs((a - first.columns[0]) * scale - (b - nxt.columns[0])) <= COLUMN_TOLERANCE
        for a, b in zip(first.columns, nxt.columns, strict=True)
    )


def stitch(first: PdfTable, nxt: PdfTable) -> None:
    """Append the continuation's rows to ``first``, without the header rows it repeats."""
    repeated = 0
    header = first.rows[: first.header_count]
    while (
        repeated < len(header) and repeated < len(nxt.rows) - 1 and nxt.rows[repeated].cells == header[repeated].cells
    ):
        repeated += 1
    rest = nxt.rows[repeated:]
    if rest and (first.open_bottom or nxt.open_top):  # one row cut in two by the page break
        last, cont = first.rows[-1], rest.pop(0)
        cells = tuple(join_wrapped(f"{a}\n{b}") for a, b in zip(last.cells, cont.cells, strict=True))
        first.rows[-1] = PdfRow(cells=cells, bbox=last.bbox, page=last.page)
    first.rows.extend(rest)
    first.last_page = nxt.page
    first.columns = nxt.columns  # renderers may size columns per page: compare with the latest part
    first.right = nxt.right
    first.open_bottom = nxt.open_bottom


def _bbox(box: Box) -> BBox:
    x0, top, x1, bottom = box
    return (round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2))
