"""One PDF page's content as both page readers give it (``pdf_pages`` with pdfplumber, ``pdfium_page``
with pypdfium2), and the one-line errors of a page or a file that cannot be read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from budgetlens.errors import ReadError
from budgetlens.read.pdf_tables import PdfTable
from budgetlens.read.pdf_text import TextLine, inside

TEXT_LINE_PIXELS = (32, 12)  # pixels across and down: the least image that can carry a few glyphs of print
TEXT_LINE_POINTS = (24.0, 6.0)  # points across and down: the least box a line of the smallest print fills

Rule = tuple[float, float, float]  # a horizontal ruling piece: top, x0, x1


@dataclass(slots=True)
class PageContent:
    number: int
    height: float
    width: float
    lines: list[TextLine]
    tables: list[PdfTable]
    has_text: bool
    rules: list[Rule] = field(default_factory=list)  # (top, x0, x1) outside the ruled tables
    has_image: bool = False  # draws an image that could hold text (see ``may_hold_text``)


def may_hold_text(shown: tuple[float, float], pixels: tuple[int, int]) -> bool:
    """Whether an image drawn ``shown`` points wide and high, of ``pixels`` across and down, could hold text.

    It must be drawn large enough for a line of the smallest print and have the pixels to carry a
    few glyphs: a scanned page or a pasted table does, a rule or a background stretched from a
    few pixels, an icon or a bullet does not. A page without text that draws no such image is
    blank and is not OCR'd.
    """
    (width, height), (across, down) = sorted(shown, reverse=True), sorted(pixels, reverse=True)
    drawn_large = width >= TEXT_LINE_POINTS[0] and height >= TEXT_LINE_POINTS[1]
    return drawn_large and across >= TEXT_LINE_PIXELS[0] and down >= TEXT_LINE_PIXELS[1]


def rules_outside(across: Iterable[Rule], tables: list[PdfTable]) -> list[Rule]:
    """Horizontal ruling pieces (top, x0, x1) not inside a ruled table: the rules of 三线表."""
    boxes = [(b[0] - 2, b[1] - 2, b[2] + 2, b[3] + 2) for b in (t.bbox for t in tables)]  # a table's own border
    joined: list[Rule] = []
    for top, x0, x1 in sorted(across):  # the border pieces of a row's cells, joined into one rule
        if joined and abs(joined[-1][0] - top) <= 1 and x0 - joined[-1][2] <= 2:
            joined[-1] = (joined[-1][0], joined[-1][1], max(joined[-1][2], x1))
        else:
            joined.append((top, x0, x1))
    return [r for r in joined if r[2] - r[1] > 20 and not inside(r[1], r[0], r[2], r[0], boxes)]


def page_error(path: Path, number: int, exc: Exception) -> ReadError:
    why = reason(exc)
    return ReadError(f"{path}: 第 {number} 页无法读取（{why}）", f"{path}: page {number} cannot be read ({why})")


def open_error(path: Path, exc: Exception) -> ReadError:
    why = reason(exc)
    return ReadError(f"{path}: PDF 无法打开（{why}）", f"{path}: cannot open the PDF ({why})")


def reason(exc: Exception) -> str:
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    text = str(inner).strip() or type(inner).__name__
    return text.splitlines()[0][:120]
