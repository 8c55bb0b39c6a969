"""Columns of a table printed without ruling lines, from where its cells stand on the line.

A PDF page or a scan may print a table with no rules at all (or only a rule above and below it).
Its rows then come out as lines whose cells are split at wide gaps, and an empty cell leaves no
trace: ``2013802 一般行政管理事务 20.00`` may hold 20.00 under 基本支出 or under 项目支出. The cells'
horizontal extents tell: the column intervals of a block of such lines are the unions of the
overlapping extents, taken from the fullest rows first so that a heading spanning several columns
cannot merge them, and every cell goes to the interval it overlaps.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

Interval = tuple[float, float]
AMOUNT = re.compile(r"^[-−(（]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)[)）]?%?$")
_CLAUSE = re.compile(r"[\u3400-\u9fff][，。；！？]|[，。；！？][\u3400-\u9fff]")  # a clause mark in Chinese text
_OPENS_MID_SENTENCE = re.compile(r"^[，。；：、！？）]")  # no cell of a table starts so; a sentence cut at a gap does
FILLED_PROSE = 2 / 3  # share of a line's width its text covers, above which a punctuated line is running text


class Spanned(Protocol):
    """Anything with a horizontal extent: a text box, a cell of a line."""

    @property
    def x0(self) -> float: ...

    @property
    def x1(self) -> float: ...


def cluster_columns(rows: Sequence[Sequence[Spanned]]) -> list[Interval]:
    """Column intervals of an unruled block: unions of overlapping extents, fullest rows first."""
    intervals: list[Interval] = []
    for row in sorted(rows, key=len, reverse=True):
        for item in row:
            hits = [i for i, (a, b) in enumerate(intervals) if item.x0 < b and item.x1 > a]
            if len(hits) > 1:
                continue  # spans columns already known
            if hits:
                a, b = intervals[hits[0]]
                intervals[hits[0]] = (min(a, item.x0), max(b, item.x1))
            else:
                intervals.append((item.x0, item.x1))
    return sorted(intervals)


def coverage(items: Sequence[Spanned], min_gap: float) -> list[Interval]:
    """The x ranges the items cover, left to right, gaps narrower than ``min_gap`` closed."""
    out: list[Interval] = []
    for a, b in sorted((i.x0, i.x1) for i in items):
        if out and a - out[-1][1] < min_gap:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def column_of(item: Spanned, intervals: Sequence[Interval]) -> int:
    """The interval a cell belongs to: the first it overlaps, else the one whose start is nearest."""
    hits = [i for i, (a, b) in enumerate(intervals) if item.x0 < b and item.x1 > a]
    if hits:
        return hits[0]
    return min(range(len(intervals)), key=lambda i: abs(intervals[i][0] - item.x0))


def reads_as_prose(cells: Sequence[str], filled: float = 0.0) -> bool:
    """Whether a line split into cells at wide gaps is running text, not a table row.

    A sentence set with gaps (figures in another font, or missing) still reads as Chinese text with
    clause marks (，。；): the cells holding such marks are at least as many as the cells that are
    amounts, and either a cell starts in mid-sentence (with a clause mark, as no table cell does)
    or the text covers most of the line's width (``filled``: covered share; a table row leaves
    its columns' gutters blank).
    """
    punctuated = sum(1 for c in cells if _CLAUSE.search(c))
    amounts = sum(1 for c in cells if AMOUNT.match(c.replace(" ", "")))
    if not punctuated or amounts > punctuated:
        return False
    return any(_OPENS_MID_SENTENCE.match(c.strip()) for c in cells[1:]) or filled >= FILLED_PROSE


def table_runs(counts: Sequence[int], amounts: Sequence[bool], min_cells: int = 3) -> list[tuple[int, int]]:
    """Index ranges [start, end) of consecutive lines that look like one unruled table.

    ``counts`` is each line's number of cells and ``amounts`` whether it holds an amount. A line is
    tabular with ``min_cells`` cells or more, or with two cells one of which is an amount (a 合计
    row whose other columns are empty). A run is two or more consecutive tabular lines, one of
    them with ``min_cells`` cells and one with an amount.
    """
    tabular = [n >= min_cells or (n >= 2 and a) for n, a in zip(counts, amounts, strict=True)]
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(counts):
        if not tabular[i]:
            i += 1
            continue
        end = i + 1
        while end < len(counts) and tabular[end]:
            end += 1
        wide = any(n >= min_cells for n in counts[i:end])
        if end - i >= 2 and wide and any(amounts[i:end]):
            runs.append((i, end))
        i = end
    return runs
