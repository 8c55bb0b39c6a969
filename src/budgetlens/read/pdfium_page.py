"""The pdfium page reader: characters and ruling lines from pypdfium2, tables and text as pdfplumber's.

The characters are ``pdfium_chars``'s, in pdfplumber's coordinates. Ruling lines are the path
objects of the page and of the forms it draws, each subpath a line (two points) or a chain of
straight pieces; the horizontal and vertical pieces are the ruling, whether the path is stroked or
filled (a thin filled rectangle is two close rules).
"""

from __future__ import annotations

import ctypes
import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

from budgetlens.read.pdf_grid import explicit_rule, find_tables
from budgetlens.read.pdf_page import PageContent, may_hold_text, open_error, page_error, rules_outside
from budgetlens.read.pdf_tables import FoundTable, ruled_tables
from budgetlens.read.pdf_text import inside, visual_lines
from budgetlens.read.pdf_words import words
from budgetlens.read.pdfium_chars import Blank, Frame, Matrix, Point, apply, glyphs, multiply
from budgetlens.read.segments import Span

STRAIGHT = 1e-3  # points: a piece whose ends differ less across it is horizontal or vertical (float noise)
_MOVE, _BEZIER = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_BEZIERTO
_PATH, _FORM, _TEXT = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM, pdfium_c.FPDF_PAGEOBJ_TEXT
_IMAGE = pdfium_c.FPDF_PAGEOBJ_IMAGE


@dataclass(slots=True)
class Drawing:
    """What a page draws besides its characters: ruling pieces, text objects of blanks, an image of text."""

    across: list[Span] = field(default_factory=list)  # horizontal pieces: at a top, from x0 to x1
    down: list[Span] = field(default_factory=list)  # vertical pieces: at an x, from top to bottom
    blanks: list[Blank] = field(default_factory=list)
    has_image: bool = False  # an image that could hold text (``may_hold_text``)


def _objects(handle: Any, outer: Matrix) -> Iterator[tuple[Any, int, Matrix]]:
    """Path, text and image objects with their kind and their container's matrix (forms entered)."""
    kind = pdfium_c.FPDFPageObj_GetType(handle)
    if kind in (_PATH, _TEXT, _IMAGE):
        yield handle, kind, outer
    elif kind == _FORM:
        own = _own(handle, outer)
        for i in range(pdfium_c.FPDFFormObj_CountObjects(handle)):
            yield from _objects(pdfium_c.FPDFFormObj_GetObject(handle, i), own)


def _own(handle: Any, outer: Matrix) -> Matrix:
    """An object's own matrix, in its container's: asked for only where it is needed (a page has thousands)."""
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(handle, matrix)
    return multiply((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)


_TEXT_BUFFER = ctypes.c_ushort * 8  # a text object's first characters (UTF-16 with its NUL): enough to tell blanks


def _blank(handle: Any, textpage: Any, outer: Matrix, buffer: ctypes.Array[ctypes.c_ushort]) -> Blank | None:
    """A text object that draws only blanks: where it runs along its baseline (pdfium reads it as a gap)."""
    size = pdfium_c.FPDFTextObj_GetText(handle, textpage.raw, buffer, ctypes.sizeof(buffer))
    if size < 2 or size > ctypes.sizeof(buffer) or (size > 2 and not chr(buffer[0]).isspace()):
        return None  # none, too long to look at, or its first character is no blank (most objects: at once)
    if bytes(buffer)[: size - 2].decode("utf-16-le", errors="replace").strip():
        return None
    own = _own(handle, outer)
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    pdfium_c.FPDFPageObj_GetBounds(handle, left, bottom, right, top)
    xs = [apply(outer, x, y)[0] for x in (left.value, right.value) for y in (bottom.value, top.value)]
    return Blank(min(own[4], *xs), max(own[4], *xs), own[5])


def _subpaths(handle: Any, matrix: Matrix) -> Iterator[tuple[str, list[Point]]]:
    """Each subpath as pdfminer sees it: its operators (m, l, c, h) and points (h: the start again)."""
    x, y = ctypes.c_float(), ctypes.c_float()
    shape, points = "", list[Point]()
    bezier = 0
    for i in range(pdfium_c.FPDFPath_CountSegments(handle)):
        segment = pdfium_c.FPDFPath_GetPathSegment(handle, i)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = apply(matrix, x.value, y.value)
        if kind == _MOVE:
            if shape:
                yield shape, points
            shape, points, bezier = "m", [point], 0
            continue
        if kind == _BEZIER:
            bezier += 1
            if bezier % 3:
                continue
        closed = bool(pdfium_c.FPDFPathSegment_GetClose(segment))
        if closed and kind != _BEZIER and point == points[0]:
            shape += "h"
        else:
            shape += "c" if kind == _BEZIER else "l"
            points.append(point)
            if closed:
                shape += "h"
        if closed:
            points.append(points[0])
    if shape:
        yield shape, points


def _image_of_text(handle: Any, matrix: Matrix) -> bool:
    """Whether an image object could hold text: its size as drawn (its matrix maps the unit square) and in pixels."""
    across, down = ctypes.c_uint(), ctypes.c_uint()
    if not pdfium_c.FPDFImageObj_GetImagePixelSize(handle, across, down):
        return False
    shown = (math.hypot(matrix[0], matrix[1]), math.hypot(matrix[2], matrix[3]))
    return may_hold_text(shown, (across.value, down.value))


def drawn(page: Any, textpage: Any, frame: Frame) -> Drawing:
    """The ruling pieces of the page, its text objects of blanks only, and whether it draws an image of text."""
    drawing = Drawing()
    across, down, blanks = drawing.across, drawing.down, drawing.blanks
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    buffer = _TEXT_BUFFER()
    for i in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        for handle, kind, outer in _objects(pdfium_c.FPDFPage_GetObject(page.raw, i), frame.to_page):
            if kind == _TEXT:
                blank = _blank(handle, textpage, outer, buffer)
                if blank is not None:
                    blanks.append(blank)
                continue
            if kind == _IMAGE:
                drawing.has_image = drawing.has_image or _image_of_text(handle, _own(handle, outer))
                continue
            pdfium_c.FPDFPath_GetDrawMode(handle, fill, stroke)
            if not fill.value and not stroke.value:
                continue
            for shape, points in _subpaths(handle, _own(handle, outer)):
                pairs = [(points[0], points[1])] if shape in ("ml", "mlh") else list(itertools.pairwise(points))
                for (ax, ay), (bx, by) in pairs:
                    if abs(ax - bx) <= STRAIGHT:
                        down.append(Span(min(ax, bx), min(ay, by), max(ay, by)))
                    elif abs(ay - by) <= STRAIGHT:
                        across.append(Span(min(ay, by), min(ax, bx), max(ax, bx)))
    return drawing


def read_page(page: Any, number: int) -> PageContent:
    """One page's text lines and ruled tables."""
    frame = Frame.of(page.get_mediabox(), page.get_rotation())
    textpage = page.get_textpage()
    try:
        drawing = drawn(page, textpage, frame)
        chars = glyphs(textpage, frame, drawing.blanks)
    finally:
        textpage.close()

    across, down = drawing.across, drawing.down

    def find(closing: list[float]) -> list[FoundTable]:
        return find_tables(across + [explicit_rule(y, frame.box) for y in closing], down, chars)

    tables = ruled_tables(find, [(s.at, s.start, s.end) for s in down], number)
    boxes = [t.bbox for t in tables]
    outside = [g for g in chars if not inside(g.x0, g.top, g.x1, g.bottom, boxes)] if boxes else chars
    lines = visual_lines(words(outside, x_tolerance=1.5), number)
    rules = rules_outside(((s.at, s.start, s.end) for s in across), tables)
    return PageContent(number, frame.height, frame.width, lines, tables, bool(chars), rules, drawing.has_image)


def read_pdfium_pages(path: Path, first: int = 0, stop: int | None = None) -> list[PageContent]:
    """The pages ``first`` to ``stop`` (indices from 0; default: to the end), read one after another."""
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        raise open_error(path, exc) from exc
    pages = []
    try:
        for index in range(first, len(document) if stop is None else stop):
            try:
                page = document[index]
            except pdfium.PdfiumError as exc:
                raise page_error(path, index + 1, exc) from exc
            try:
                pages.append(read_page(page, index + 1))
            except Exception as exc:  # a page pdfium loads but draws nothing sensible from
                raise page_error(path, index + 1, exc) from exc
            finally:
                page.close()
    finally:
        document.close()
    return pages
