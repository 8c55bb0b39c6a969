"""Table grids to reader lines: the shape shared by the spreadsheet, web page and Word readers.

A grid is a list of rows of cell texts, spanned cells already '' (a merged cell's text sits in its
first cell). The lines must look like the tab-separated text the parser was built on: table rows
as TAB-joined cells, cut to the table's columns; titles, 单位 lines, notes and paragraphs as
single-cell lines. A row holding one text only is a single-cell line when it lies before the first
or after the last row with two or more texts, or when its one cell spans the table's whole width;
but a row after the last such row whose one text stands inside the table right of its first column
stays a table row (the 合计 of an empty table whose codes fill the first columns: 类⇥款⇥项⇥合计).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from budgetlens.read.raw import Line

_SPACES = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")


def clean_text(text: str) -> str:
    """One cell's text: every run of blanks (no-break and full-width spaces included) as one space, trimmed."""
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class Draft:
    """A line before numbering: its cells, one reference per cell, and the sheet or table it came from."""

    cells: tuple[str, ...]
    refs: tuple[str, ...] = ()
    sheet: str | None = None


def shape_block(
    rows: Sequence[Sequence[str]], refs: Sequence[Sequence[str]], sheet: str | None, spans: dict[int, int] | None = None
) -> list[Draft]:
    """The lines of one block of rows (one table and the lines around it); ``spans``: row -> colspan of its one text."""
    spans = spans or {}
    filled = [[j for j, text in enumerate(row) if text] for row in rows]
    multi = [i for i, cols in enumerate(filled) if len(cols) >= 2]
    first, last = (multi[0], multi[-1]) if multi else (len(rows), -1)
    body = [col for cols in filled[first : last + 1] for col in cols]
    lo, hi = (min(body), max(body) + 1) if body else (0, 0)
    drafts = []
    for i, cols in enumerate(filled):
        if not cols:
            drafts.append(Draft(cells=("",), sheet=sheet))
            continue
        inner = lo < cols[0] < hi and spans.get(i, 1) == 1  # a row label under code columns, not a note
        single = len(cols) == 1 and (i < first or (i > last and not inner) or spans.get(i, 1) >= hi - lo > 1)
        if single:
            j = cols[0]
            drafts.append(Draft(cells=(rows[i][j],), refs=(refs[i][j],), sheet=sheet))
            continue
        start, end = min(lo, cols[0]), max(hi, cols[-1] + 1)
        padded = [*rows[i], *[""] * (end - len(rows[i]))]
        row_refs = [*refs[i], *[""] * (end - len(refs[i]))]
        drafts.append(Draft(cells=tuple(padded[start:end]), refs=tuple(row_refs[start:end]), sheet=sheet))
    return drafts


def split_blocks(rows: Sequence[Sequence[str]]) -> list[tuple[int, int]]:
    """(start, end) of the runs of rows separated by blank rows; blank rows form their own runs."""
    blocks: list[tuple[int, int]] = []
    blank = [not any(row) for row in rows]
    start = 0
    for i in range(1, len(rows) + 1):
        if i == len(rows) or blank[i] != blank[start]:
            blocks.append((start, i))
            start = i
    return blocks


def number(drafts: Sequence[Draft]) -> list[Line]:
    """Number the lines from 1; runs of blank lines collapse to one."""
    lines: list[Line] = []
    for draft in drafts:
        if not any(draft.cells) and lines and not lines[-1].text:
            continue
        text = "\t".join(draft.cells)
        lines.append(Line(no=len(lines) + 1, text=text, cells=draft.cells, sheet=draft.sheet, cell_refs=draft.refs))
    return lines
