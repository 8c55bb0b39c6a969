"""Ruled tables of a PDF page rebuilt from its ruling pieces, as pdfplumber's table finder builds them.

The horizontal and vertical pieces are snapped and joined into rules (``segments``); a point where
a horizontal and a vertical rule cross (within the intersection tolerance) is a grid point; a cell
is the smallest rectangle right and below a grid point whose four corners are grid points joined
by rules, so a merged cell spans the grid lines that stop at its border. Cells that share corners
form a table; its rows are its cells grouped by top, one entry per column start (None where a
merged cell spans), and a cell's text is that of the characters whose centre lies inside it.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence

from budgetlens.read.pdf_tables import TABLE_SETTINGS, Box, FoundTable
from budgetlens.read.pdf_words import Glyph, cell_text
from budgetlens.read.segments import Span, merge

PREFILTER_LENGTH = 1.0  # pdfplumber's edge_min_length_prefilter: pieces shorter than this are not rules
Point = tuple[float, float]


def _rules(pieces: Sequence[Span]) -> list[Span]:
    snap, join = float(TABLE_SETTINGS["snap_tolerance"]), float(TABLE_SETTINGS["join_tolerance"])
    kept = [p for p in pieces if p.end - p.start >= PREFILTER_LENGTH]
    runs = itertools.chain.from_iterable(merge(kept, snap, join))
    return [r for r in runs if r.end - r.start >= float(TABLE_SETTINGS["edge_min_length"])]


def find_tables(horizontals: Sequence[Span], verticals: Sequence[Span], glyphs: Sequence[Glyph]) -> list[FoundTable]:
    """The tables the ruling draws: ``horizontals`` at a top from x0 to x1, ``verticals`` at an x from top to bottom."""
    across = _rules(horizontals)
    down = _rules(verticals)
    grid = _grid_points(across, down, float(TABLE_SETTINGS["intersection_tolerance"]))
    tables = _group_cells(_cells(grid))
    return [_found(cells, glyphs) for cells in tables]


def explicit_rule(y: float, page_box: Box) -> Span:
    """A horizontal rule across the whole page (pdfplumber's ``explicit_horizontal_lines``)."""
    return Span(y, page_box[0], page_box[2])


def _grid_points(across: list[Span], down: list[Span], tolerance: float) -> dict[Point, tuple[set[Span], set[Span]]]:
    points: dict[Point, tuple[set[Span], set[Span]]] = {}
    for v in sorted(down, key=lambda s: (s.at, s.start)):
        for h in sorted(across, key=lambda s: (s.at, s.start)):
            meets = v.start <= h.at + tolerance and v.end >= h.at - tolerance
            if meets and h.start - tolerance <= v.at <= h.end + tolerance:
                vs, hs = points.setdefault((v.at, h.at), (set(), set()))
                vs.add(v)
                hs.add(h)
    return points


def _cells(points: dict[Point, tuple[set[Span], set[Span]]]) -> list[Box]:
    """For each grid point, the smallest cell whose corners are grid points joined by rules."""
    by_x: dict[float, list[float]] = {}
    by_y: dict[float, list[float]] = {}
    for x, y in sorted(points):
        by_x.setdefault(x, []).append(y)
        by_y.setdefault(y, []).append(x)

    def joined_down(a: Point, b: Point) -> bool:
        return bool(points[a][0] & points[b][0])

    def joined_across(a: Point, b: Point) -> bool:
        return bool(points[a][1] & points[b][1])

    cells = []
    for x, y in sorted(points):
        ys, xs = by_x[x], by_y[y]
        below = ys[bisect.bisect_right(ys, y) :]
        right = xs[bisect.bisect_right(xs, x) :]
        cell = None
        for y1 in below:
            if not joined_down((x, y), (x, y1)):
                continue
            for x1 in right:
                if not joined_across((x, y), (x1, y)):
                    continue
                corner = (x1, y1)
                if corner in points and joined_down(corner, (x1, y)) and joined_across(corner, (x, y1)):
                    cell = (x, y, x1, y1)
                    break
            if cell:
                break
        if cell:
            cells.append(cell)
    return cells


def _corners(cell: Box) -> tuple[Point, Point, Point, Point]:
    x0, top, x1, bottom = cell
    return ((x0, top), (x0, bottom), (x1, top), (x1, bottom))


def _group_cells(cells: list[Box]) -> list[list[Box]]:
    """Cells that share a corner, gathered in passes as pdfplumber gathers them; tables of two cells or more."""
    remaining = list(cells)
    corners: set[Point] = set()
    current: list[Box] = []
    tables = []
    while remaining:
        before = len(current)
        for cell in list(remaining):
            if not current or any(c in corners for c in _corners(cell)):
                corners |= set(_corners(cell))
                current.append(cell)
                remaining.remove(cell)
        if len(current) == before:
            tables.append(current)
            corners, current = set(), []
    if current:
        tables.append(current)
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def _union(boxes: Sequence[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _found(cells: list[Box], glyphs: Sequence[Glyph]) -> FoundTable:
    starts = sorted({c[0] for c in cells})
    box = _union(cells)
    centres = sorted(
        ((g.top + g.bottom) / 2, (g.x0 + g.x1) / 2, i)
        for i, g in enumerate(glyphs)
        if box[0] <= (g.x0 + g.x1) / 2 < box[2] and box[1] <= (g.top + g.bottom) / 2 < box[3]
    )
    heights = [c[0] for c in centres]
    rows = []
    for _, group in itertools.groupby(sorted(cells, key=lambda c: (c[1], c[0])), key=lambda c: c[1]):
        at = {c[0]: c for c in group}
        row = [at.get(x) for x in starts]
        row_box = _union([c for c in row if c])
        band = centres[bisect.bisect_left(heights, row_box[1]) : bisect.bisect_left(heights, row_box[3])]
        inside = sorted(i for _, cx, i in band if row_box[0] <= cx < row_box[2])  # in drawing order
        texts: list[str | None] = []
        for cell in row:
            if cell is None:
                texts.append(None)
                continue
            chars = [glyphs[i] for i in inside if _in(glyphs[i], cell)]
            texts.append(cell_text(chars) if chars else "")
        rows.append((texts, row_box))
    return FoundTable(bbox=box, columns=tuple(starts), rows=rows)


def _in(glyph: Glyph, box: Box) -> bool:
    cx, cy = (glyph.x0 + glyph.x1) / 2, (glyph.top + glyph.bottom) / 2
    return box[0] <= cx < box[2] and box[1] <= cy < box[3]
