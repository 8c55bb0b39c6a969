"""Characters of a PDF page (with their boxes) grouped into words and into the text of a cell.

The grouping is pdfplumber's, so that the pdfium page reader gives the texts its reference gives:
characters are taken per run of the same uprightness, clustered into lines by their top (upright
text) or their left edge (rotated text), ordered along the line, and split into words at blanks,
at a step back, at a gap wider than ``x_tolerance`` or a jump across the line. A cell's text is
its words clustered into lines by their top, a space between words, a line break between lines.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from budgetlens.read.pdf_text import Word
from budgetlens.read.segments import cluster

Y_TOLERANCE = 3.0  # pdfplumber's defaults
X_TOLERANCE = 3.0
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}


@dataclass(frozen=True, slots=True)
class Glyph:
    """One character as drawn: its text and box in points from the page's top left."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    upright: bool


def _new_word(prev: Glyph, glyph: Glyph, x_tolerance: float, y_tolerance: float) -> bool:
    if glyph.upright:
        across, step = abs(glyph.top - prev.top), glyph.x0
        start, end, tolerance, jump = prev.x0, prev.x1, x_tolerance, y_tolerance
    else:
        across, step = abs(glyph.x0 - prev.x0), glyph.top
        start, end, tolerance, jump = prev.top, prev.bottom, y_tolerance, x_tolerance
    return step < start or step > end + tolerance or across > jump


def _line_key(upright: bool) -> Callable[[Glyph], float]:
    """Upright lines are clustered by their top, rotated ones by their left edge."""
    return (lambda g: g.top) if upright else (lambda g: g.x0)


def _along_line(glyph: Glyph) -> tuple[float, float]:
    return (glyph.x0, glyph.x0) if glyph.upright else (glyph.top, glyph.bottom)


def _word(glyphs: list[Glyph]) -> Word:
    return Word(
        "".join(LIGATURES.get(g.text, g.text) for g in glyphs),
        min(g.x0 for g in glyphs),
        min(g.top for g in glyphs),
        max(g.x1 for g in glyphs),
        max(g.bottom for g in glyphs),
    )


def words(glyphs: Iterable[Glyph], x_tolerance: float = X_TOLERANCE, y_tolerance: float = Y_TOLERANCE) -> list[Word]:
    """The words of the characters, line by line (pdfplumber's ``extract_words`` without options)."""
    found: list[Word] = []
    for upright, run in itertools.groupby(glyphs, key=lambda g: g.upright):
        chars = list(run)
        lines = cluster(chars, _line_key(upright), y_tolerance if upright else x_tolerance)
        for line in lines:
            current: list[Glyph] = []
            for glyph in sorted(line, key=_along_line):
                if glyph.text.isspace():
                    if current:
                        found.append(_word(current))
                    current = []
                elif current and _new_word(current[-1], glyph, x_tolerance, y_tolerance):
                    found.append(_word(current))
                    current = [glyph]
                else:
                    current.append(glyph)
            if current:
                found.append(_word(current))
    return found


def cell_text(glyphs: Sequence[Glyph]) -> str:
    """A cell's text: its words, a space between words of a line, a line break between lines."""
    lines = cluster(words(glyphs), lambda w: w.top, Y_TOLERANCE)
    return "\n".join(" ".join(w.text for w in line) for line in lines)
