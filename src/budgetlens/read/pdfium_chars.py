"""Characters of a PDF page through pypdfium2, boxed as pdfminer boxes them, in pdfplumber's coordinates.

Coordinates are pdfplumber's (points, origin at the top left of the page as displayed): a page's
/Rotate turns its content as pdfminer turns it, the MediaBox gives the page's size. A character's
box runs from its origin along its advance width, and from the font's descent below the baseline
up one font size. pdfium leaves out a space that a text object of blanks draws (it generates one
for the gap instead); that space is put back, as pdfplumber has it.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

from budgetlens.read.pdf_tables import Box
from budgetlens.read.pdf_words import Glyph

FULL_WIDTH = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]")
Matrix = tuple[float, float, float, float, float, float]  # a b c d e f: x' = a x + c y + e, y' = b x + d y + f
Point = tuple[float, float]


def multiply(first: Matrix, then: Matrix) -> Matrix:
    """The matrix that applies ``first``, then ``then``."""
    a, b, c, d, e, f = first
    a2, b2, c2, d2, e2, f2 = then
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def apply(m: Matrix, x: float, y: float) -> Point:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


@dataclass(frozen=True, slots=True)
class Blank:
    """A text object of blanks only, in page coordinates: where it runs and its baseline."""

    x0: float
    x1: float
    baseline: float


@dataclass(frozen=True, slots=True)
class Frame:
    """How a page's user space maps onto pdfplumber's coordinates, and the page's size there."""

    rotation: Matrix  # user space -> pdfminer's device space (the page turned by its /Rotate)
    to_page: Matrix  # user space -> top-left origin
    width: float
    height: float
    box: Box

    @classmethod
    def of(cls, mediabox: tuple[float, float, float, float], rotate: int) -> Frame:
        x0, y0, x1, y1 = mediabox
        turns: dict[int, Matrix] = {
            90: (0, -1, 1, 0, -y0, x1),
            180: (-1, 0, 0, -1, x1, y1),
            270: (0, 1, -1, 0, y1, -x0),
        }
        rotation = turns.get(rotate % 360, (1, 0, 0, 1, -x0, -y0))
        lo_x, hi_x = sorted((x0, x1))
        lo_y, hi_y = sorted((y0, y1))
        left, bottom, right, top = (lo_y, lo_x, hi_y, hi_x) if rotate % 180 == 90 else (lo_x, lo_y, hi_x, hi_y)
        height, width = top - bottom, right - left
        box = (left, height - top, right, height - bottom)
        flip: Matrix = (1, 0, 0, -1, left, height + box[1])
        return cls(rotation, multiply(rotation, flip), width, height, box)


def glyphs(textpage: Any, frame: Frame, blanks: Sequence[Blank] = ()) -> list[Glyph]:
    """The page's characters as drawn: pdfium's generated spaces and line breaks left out, but for the
    spaces it puts where a text object of ``blanks`` drew one."""
    handle = textpage.raw
    rect = pdfium_c.FS_RECTF()
    matrix = pdfium_c.FS_MATRIX()
    ra, rb, rc, rd = frame.rotation[:4]
    pa, _, _, pd, pe, pf = frame.to_page
    level = not (rb or rc)  # the page is not turned a quarter: boxes stay boxes along the same axes
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    descent = ctypes.c_float()
    descents: dict[tuple[int | None, float], float] = {}  # a font's descent at a size
    found: list[Glyph] = []
    for i in range(pdfium_c.FPDFText_CountChars(handle)):
        code = pdfium_c.FPDFText_GetUnicode(handle, i)
        if pdfium_c.FPDFText_IsGenerated(handle, i) == 1:
            if code == 0x20 and blanks and found:
                pdfium_c.FPDFText_GetLooseCharBox(handle, i, rect)
                space = _space(apply(frame.to_page, rect.left, rect.bottom), blanks, found[-1])
                if space is not None:
                    found.append(space)
            continue
        text = chr(code) if code else ""
        pdfium_c.FPDFText_GetMatrix(handle, i, matrix)
        size = pdfium_c.FPDFText_GetFontSize(handle, i)
        a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
        if b or c:  # drawn turned on the page: pdfium's loose box is not turned with it
            turned = multiply((a, b, c, d, 0.0, 0.0), frame.rotation)
            upright = turned[0] * turned[3] > 0 and turned[1] * turned[2] <= 0
            found.append(_glyph(text, _turned_corners(handle, i, code, (a, b, c, d, 0.0, 0.0), size), frame, upright))
            continue
        pdfium_c.FPDFText_GetLooseCharBox(handle, i, rect)
        pdfium_c.FPDFText_GetCharOrigin(handle, i, origin_x, origin_y)
        font = pdfium_c.FPDFTextObj_GetFont(pdfium_c.FPDFText_GetTextObject(handle, i))
        key = (_address(font), size)
        if key not in descents:
            pdfium_c.FPDFFont_GetDescent(font, size, descent)
            descents[key] = descent.value
        low = origin_y.value + descents[key] * d  # the font's descent below the baseline, then one font size up
        high = low + size * d
        if level:
            x0, x1 = pa * rect.left + pe, pa * rect.right + pe
            y0, y1 = pd * low + pf, pd * high + pf
            x0, x1 = (x0, x1) if x0 <= x1 else (x1, x0)
            y0, y1 = (y0, y1) if y0 <= y1 else (y1, y0)
            found.append(Glyph(text, x0, y0, x1, y1, a * d * ra * rd > 0))
            continue
        turned = multiply((a, b, c, d, 0.0, 0.0), frame.rotation)
        upright = turned[0] * turned[3] > 0 and turned[1] * turned[2] <= 0
        corners = [(rect.left, low), (rect.right, low), (rect.left, high), (rect.right, high)]
        found.append(_glyph(text, corners, frame, upright))
    return found


def _space(at: Point, blanks: Sequence[Blank], before: Glyph) -> Glyph | None:
    """The space a blank text object drew where pdfium generated one, on the line of the glyph before it."""
    x, y = at
    for blank in blanks:
        if abs(blank.baseline - y) <= 1 and blank.x0 - 1 <= x <= blank.x1 + 1:
            return Glyph(" ", blank.x0, before.top, blank.x1, before.bottom, before.upright)
    return None


def _address(pointer: Any) -> int | None:
    """Where a pdfium object lives (its identity), None for a null pointer."""
    return ctypes.addressof(pointer.contents) if pointer else None


def _glyph(text: str, corners: list[Point], frame: Frame, upright: bool) -> Glyph:
    points = [apply(frame.to_page, x, y) for x, y in corners]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return Glyph(text, min(xs), min(ys), max(xs), max(ys), upright)


def _turned_corners(handle: Any, index: int, code: int, m: Matrix, size: float) -> list[Point]:
    """A turned character's box, turned with it: from its origin along its advance (to the next character
    of its text object, else one em if full width, else its glyph's extent), from the font's descent
    below the baseline up one font size."""
    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(handle, index, x, y)
    ox, oy = x.value, y.value
    scale = math.hypot(m[0], m[1]) or 1.0
    ux, uy = m[0] / scale, m[1] / scale  # the advance direction
    advance = 0.0
    text_object = pdfium_c.FPDFText_GetTextObject(handle, index)
    following = index + 1
    same_object = (
        following < pdfium_c.FPDFText_CountChars(handle)
        and not pdfium_c.FPDFText_IsGenerated(handle, following)
        and _address(pdfium_c.FPDFText_GetTextObject(handle, following)) == _address(text_object)
    )
    if same_object:
        pdfium_c.FPDFText_GetCharOrigin(handle, following, x, y)
        advance = (x.value - ox) * ux + (y.value - oy) * uy
    if not 0 < advance < 2 * size * scale:  # the last of its text object: one em if full width, else its glyph
        if FULL_WIDTH.match(chr(code)):
            advance = size * scale
        else:
            left, right, bottom, top = (ctypes.c_double() for _ in range(4))
            pdfium_c.FPDFText_GetCharBox(handle, index, left, right, bottom, top)
            corners = [(cx, cy) for cx in (left.value, right.value) for cy in (bottom.value, top.value)]
            advance = max(0.0, *((cx - ox) * ux + (cy - oy) * uy for cx, cy in corners))
    descent = ctypes.c_float()
    pdfium_c.FPDFFont_GetDescent(pdfium_c.FPDFTextObj_GetFont(text_object), size, descent)
    run = advance / scale
    low, high = descent.value, descent.value + size
    return [(ox + m[0] * u + m[2] * v, oy + m[1] * u + m[3] * v) for u in (0.0, run) for v in (low, high)]
