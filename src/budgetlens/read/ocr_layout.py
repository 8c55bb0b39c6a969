"""From OCR text boxes to the line contract: rows of TAB-separated cells, paragraphs as single cells.

The boxes of a scanned page are first straightened (the page's skew is estimated from the long,
horizontal text boxes and every box is rotated back by it). Boxes whose vertical extents overlap
form a visual row. Rows inside a ruled table (vertical ruling lines found by ``ruling``) take their
columns from the lines, and a cell a row's missing separator merges keeps its text in its first
column. Without rulings, consecutive rows with several boxes form a table block whose columns are
found by clustering the boxes' horizontal extents across the block.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from budgetlens.read.aligned_columns import cluster_columns, column_of, coverage, reads_as_prose
from budgetlens.read.raw import BBox
from budgetlens.read.ruling import Table

Quad = Sequence[Sequence[float]]  # four (x, y) corners of a text box, in image pixels
MAX_SKEW = math.radians(5)  # larger angles are rotated pages, not skew; rapidocr's classifier handles those
_ASCII_END = re.compile(r"[0-9A-Za-z.,%]$")
_ASCII_START = re.compile(r"^[0-9A-Za-z.,%(（]")
_AMOUNT = re.compile(r"^[-−(（]?[\d,.\s]*\d[\d,.\s]*[)）]?$")


@dataclass(frozen=True, slots=True)
class Box:
    """One recognised text box: straightened coordinates for layout, original ones for provenance."""

    text: str
    score: float
    x0: float
    top: float
    x1: float
    bottom: float
    source: BBox  # axis-aligned box in the original image, pixels

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True, slots=True)
class LayoutLine:
    """One output line: its cells, each cell's lowest OCR confidence, and its box in image pixels."""

    cells: tuple[str, ...]
    confidence: tuple[float, ...]
    bbox: BBox


def estimate_skew(quads: Sequence[Quad]) -> float:
    """The page's skew in radians (y down), from the top edges of long horizontal boxes; 0 when unknown."""
    angles = []
    for q in quads:
        (x0, y0), (x1, y1) = q[0], q[1]
        width, height = math.dist(q[0], q[1]), math.dist(q[1], q[2])
        if width >= 3 * height and width > 0:
            angle = math.atan2(y1 - y0, x1 - x0)
            if abs(angle) <= MAX_SKEW:
                angles.append(angle)
    return statistics.median(angles) if angles else 0.0


def rotate_point(x: float, y: float, angle: float, centre: tuple[float, float]) -> tuple[float, float]:
    """Rotate (x, y) by -angle around centre: a direction at ``angle`` becomes horizontal."""
    cos, sin = math.cos(angle), math.sin(angle)
    dx, dy = x - centre[0], y - centre[1]
    return centre[0] + dx * cos + dy * sin, centre[1] - dx * sin + dy * cos


def make_boxes(
    quads: Sequence[Quad], texts: Sequence[str], scores: Sequence[float], angle: float, centre: tuple[float, float]
) -> list[Box]:
    boxes = []
    for quad, text, score in zip(quads, texts, scores, strict=True):
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        turned = [rotate_point(p[0], p[1], angle, centre) for p in quad]
        txs, tys = [p[0] for p in turned], [p[1] for p in turned]
        source = (min(xs), min(ys), max(xs), max(ys))
        boxes.append(Box(text, float(score), min(txs), min(tys), max(txs), max(tys), source))
    return boxes


def group_rows(boxes: Sequence[Box]) -> list[list[Box]]:
    """Visual rows: boxes whose vertical extents overlap by at least half the smaller height."""
    rows: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: b.cy):
        if rows:
            row = rows[-1]
            top = statistics.median(b.top for b in row)
            bottom = statistics.median(b.bottom for b in row)
            overlap = min(bottom, box.bottom) - max(top, box.top)
            if overlap >= 0.5 * min(bottom - top, box.height):
                row.append(box)
                continue
        rows.append([box])
    return [sorted(row, key=lambda b: b.x0) for row in rows]


def join_texts(boxes: Sequence[Box]) -> str:
    """Boxes of one cell in reading order: CJK text runs together, Latin words and numbers keep a space."""
    out = ""
    previous: Box | None = None
    for box in boxes:
        gap = box.x0 - previous.x1 if previous else 0.0
        spaced = previous is not None and _ASCII_END.search(out) and _ASCII_START.match(box.text)
        out += (" " if spaced and gap > 0.2 * box.height else "") + box.text
        previous = box
    return out


def to_line(cells: list[list[Box]], row: Sequence[Box]) -> LayoutLine:
    """One line from its cells' boxes; a cell's boxes are read line by line (wrapped text), left to right."""
    texts = tuple(join_texts([b for line in group_rows(c) for b in line]) for c in cells)
    confidence = tuple(min((b.score for b in c), default=1.0) for c in cells)
    xs0, ys0, xs1, ys1 = zip(*(b.source for b in row), strict=True)
    return LayoutLine(texts, confidence, (min(xs0), min(ys0), max(xs1), max(ys1)))


def ruled_cells(rows: Sequence[Sequence[Box]], table: Table) -> list[list[Box]]:
    """Boxes of visual rows inside a ruled table, by column: the first column of the span a centre lies in."""
    cells: list[list[Box]] = [[] for _ in range(table.columns)]
    for row in rows:
        for box in row:
            cells[table.column_at(box.cx, box.cy)].append(box)
    return cells


def mergeable(rows: Sequence[Sequence[Box]], table: Table) -> bool:
    """Visual rows in one ruled row are one table row (wrapped text) unless a cell would get two amounts."""
    return all(sum(bool(_AMOUNT.match(b.text)) for b in cell) <= 1 for cell in ruled_cells(rows, table))


def ruled_lines(rows: Sequence[Sequence[Box]], table: Table) -> list[LayoutLine]:
    """Lines of consecutive visual rows of one ruled table; wrapped cells within a ruled row are joined.

    A cell merged over several ruled rows (a header such as 上年结转 beside two header rows) keeps its
    text in the first row of the span, as the text of the document would.
    """
    groups: list[list[Sequence[Box]]] = []

    def band(row: Sequence[Box]) -> int | None:
        return table.band(statistics.median(b.cy for b in row))

    for row in rows:
        wrapped = groups and band(row) is not None and band(groups[-1][-1]) == band(row)
        if wrapped and mergeable([*groups[-1], row], table):
            groups[-1].append(row)
        else:
            groups.append([row])
    boxes = [[b for r in group for b in r] for group in groups]
    first_of_band: dict[int, int] = {}
    for index, group in enumerate(groups):
        found = band(group[0])
        if found is not None:
            first_of_band.setdefault(found, index)
    for index, group in enumerate(groups):
        for row in group:
            for box in row:
                top = table.top_band(box.cx, box.cy)
                home = index if top is None else first_of_band.get(top, index)
                if home < index:
                    boxes[index].remove(box)
                    boxes[home].append(box)
    return [to_line(ruled_cells([line], table), line) for line in boxes if line]


def clustered_row(row: Sequence[Box], intervals: Sequence[tuple[float, float]]) -> LayoutLine:
    cells: list[list[Box]] = [[] for _ in intervals]
    for box in row:
        cells[column_of(box, intervals)].append(box)
    return to_line(cells, row)


def gap_cells(row: Sequence[Box]) -> list[list[Box]]:
    """Cells of a row outside any table: boxes further apart than two character heights are separate."""
    cells: list[list[Box]] = []
    for box in row:
        if cells and box.x0 - cells[-1][-1].x1 < 2 * box.height:
            cells[-1].append(box)
        else:
            cells.append([box])
    return cells


def unruled_blocks(rows: Sequence[Sequence[Box]]) -> list[tuple[int, int]]:
    """Index ranges [start, end) of consecutive rows that look like one table (two or more multi-cell rows).

    A row of running text cut at gaps (``reads_as_prose``) is no table's row.
    """
    multi = [len(gap_cells(r)) > 1 and not _prose(r) for r in rows]
    blocks = []
    i = 0
    while i < len(rows):
        if not multi[i]:
            i += 1
            continue
        end = i + 1
        while end < len(rows) and (multi[end] or (end + 1 < len(rows) and multi[end + 1])):
            end += 1
        if end - i >= 2:
            blocks.append((i, end))
        i = end
    return blocks


def _prose(row: Sequence[Box]) -> bool:
    cells = [join_texts(c) for c in gap_cells(row)]
    width = max(b.x1 for b in row) - min(b.x0 for b in row)
    filled = sum(b - a for a, b in coverage(row, 0.0)) / width if width > 0 else 0.0
    return reads_as_prose(cells, filled)


def _advance(char: str) -> float:
    """A glyph's width in ems: CJK and full-width forms one, Latin letters, digits and punctuation about half."""
    return 1.0 if ord(char) >= 0x2E80 else 0.55


def _cut(text: str, edges: Sequence[float], x: float, em: float) -> int | None:
    """Index of the character after which to cut ``text`` for a ruling at ``x`` (None: no cut)."""
    turns = [i for i in range(len(edges)) if _advance(text[i]) != _advance(text[i + 1]) or text[i + 1] == " "]
    near = [i for i in turns if abs(edges[i] - x) <= 1.5 * em]
    if near:
        return min(near, key=lambda i: abs(edges[i] - x))
    cut = min(range(len(edges)), key=lambda i: abs(edges[i] - x))
    return cut if abs(edges[cut] - x) <= 0.75 * em else None


def split_at_rulings(box: Box, tables: Sequence[Table]) -> list[Box]:
    """A box the detector ran across a column ruling (“3260.67支出总计”), cut where the ruling falls.

    The cut goes between the characters nearest the ruling by the glyphs' widths, or where the text
    turns from digits to CJK within a glyph and a half of it; a box that only touches a ruling (less
    than half a glyph beyond it) is left whole.
    """
    table = next(
        (t for t in tables if t.top <= box.cy <= t.bottom and t.separators[0] <= box.cx <= t.separators[-1]), None
    )
    if table is None or len(box.text) < 2:
        return [box]
    advances = [_advance(c) for c in box.text]
    em = (box.x1 - box.x0) / sum(advances)
    edges = [box.x0 + em * sum(advances[:i]) for i in range(1, len(box.text))]
    for index, x in enumerate(table.separators[1:-1], start=1):
        if not box.x0 + em / 2 < x < box.x1 - em / 2 or not table.present(index, box.cy):
            continue
        cut = _cut(box.text, edges, x, em)
        if cut is None:
            continue
        left_text, right_text = box.text[: cut + 1].strip(), box.text[cut + 1 :].strip()
        if not left_text or not right_text:
            continue
        share = (edges[cut] - box.x0) / (box.x1 - box.x0)
        sx0, stop, sx1, sbottom = box.source
        sx = sx0 + share * (sx1 - sx0)
        left = Box(left_text, box.score, box.x0, box.top, edges[cut], box.bottom, (sx0, stop, sx, sbottom))
        right = Box(right_text, box.score, edges[cut], box.top, box.x1, box.bottom, (sx, stop, sx1, sbottom))
        return [*split_at_rulings(left, tables), *split_at_rulings(right, tables)]
    return [box]


def layout(boxes: Sequence[Box], tables: Sequence[Table]) -> list[LayoutLine]:
    """The page's lines in reading order (top to bottom)."""
    rows = group_rows([part for box in boxes for part in split_at_rulings(box, tables)])
    owners = [next((t for t in tables if t.contains(row)), None) for row in rows]
    placed: list[tuple[int, LayoutLine]] = []  # (index of the line's first visual row, line)
    start = 0
    while start < len(rows):
        table, end = owners[start], start + 1
        while end < len(rows) and owners[end] is table:
            end += 1
        if table is not None:
            placed.extend((start, line) for line in ruled_lines(rows[start:end], table))
        start = end
    free = [i for i, owner in enumerate(owners) if owner is None]
    free_rows = [rows[i] for i in free]
    in_blocks: set[int] = set()
    for first, end in unruled_blocks(free_rows):
        intervals = cluster_columns(free_rows[first:end])
        placed.extend((free[k], clustered_row(free_rows[k], intervals)) for k in range(first, end))
        in_blocks.update(range(first, end))
    placed.extend((free[k], to_line(gap_cells(row), row)) for k, row in enumerate(free_rows) if k not in in_blocks)
    return [line for _, line in sorted(placed, key=lambda p: p[0])]
