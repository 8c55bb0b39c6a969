"""The header rows of a table without cell borders, rebuilt from where its labels stand.

Between a 三线表's top rule and the rule under its header the labels of several header rows stand at
heights that tell their rows: a label of one row is centred on that row, a label merged over the
rows below it (科目编码 over two rows) is centred between them. The row height follows from the
highest label, centred on the first row, and the lowest, centred on the last. Row by row, top to
bottom, the labels then share out the columns not yet taken by a label merged down from above:
each label gets a run of consecutive columns it is centred over, and stands in the first of them,
as a merged cell is read.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from budgetlens.read.aligned_columns import Interval

ON_ROW = 0.25  # in row heights: a label this close to a row's middle stands on that row


@dataclass(frozen=True, slots=True)
class Label:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def _place(labels: Sequence[Label], top: float, under: float) -> tuple[int, list[tuple[int, bool, Label]]] | None:
    """The number of header rows, and each label's row and whether it is merged down to the last row."""
    # the first label is centred on the first row, the lowest on the last: half a row from each rule
    # (averaged, so that the glyphs' boxes, lower or higher than the text's middle, even out)
    half = (min(label.middle for label in labels) - top + under - max(label.middle for label in labels)) / 2
    if half <= 0:
        return None
    height = 2 * half
    rows = max(1, round((under - top) / height))
    placed = []
    for label in labels:
        p = (label.middle - top) / height - 0.5
        if abs(p - round(p)) < ON_ROW:
            row, down = round(p), False
        else:
            row, down = round(2 * p - rows + 1), True
        placed.append((min(max(row, 0), rows - 1), down, label))
    return rows, placed


def leaf_labels(labels: Sequence[Label], top: float, under: float) -> list[Label] | None:
    """The labels that head a single column at the bottom: those of the last row and those merged down to it."""
    found = _place(labels, top, under)
    if found is None:
        return None
    rows, placed = found
    return sorted((label for row, down, label in placed if down or row == rows - 1), key=lambda label: label.x0)


def regions(columns: Sequence[Interval], left: float, right: float) -> list[Interval]:
    """Where each column lies, not only its words: the gaps between columns split in the middle.

    A left-aligned column of names ends well before the next column begins; a label centred over
    it is centred over the whole width, which the words alone would put too far left.
    """
    cuts = [(a[1] + b[0]) / 2 for a, b in itertools.pairwise(columns)]
    return list(itertools.pairwise([min(left, columns[0][0]), *cuts, max(right, columns[-1][1])]))


def spans_over(labels: list[Label], lying: Sequence[Interval], free: list[int]) -> list[list[int]] | None:
    """Consecutive free columns for each label, in order, covering them all, each label nearest the middle."""
    n, k = len(free), len(labels)
    if k == 0:
        return []
    if k > n:
        return None
    best: tuple[float, list[list[int]]] | None = None
    for cuts in itertools.combinations(range(1, n), k - 1):
        bounds = (0, *cuts, n)
        spans = [free[a:b] for a, b in itertools.pairwise(bounds)]
        if any(span[-1] - span[0] != len(span) - 1 for span in spans):
            continue  # a span may not jump over a column taken from above
        cost = sum(
            abs(label.centre - (lying[span[0]][0] + lying[span[-1]][1]) / 2)
            for label, span in zip(labels, spans, strict=True)
        )
        if best is None or cost < best[0]:
            best = (cost, spans)
    return best[1] if best is not None else None


def header_rows(
    labels: Sequence[Label], columns: Sequence[Interval], top: float, under: float
) -> list[list[str]] | None:
    """The header's rows, one text per column ('' where a merged label covers it); None when unclear."""
    if not labels or not columns:
        return None
    found = _place(labels, top, under)
    if found is None:
        return None
    rows, placed = found
    lying = regions(columns, min(label.x0 for label in labels), max(label.x1 for label in labels))
    taken: set[int] = set()  # columns a label merged down from an upper row covers
    out = [[""] * len(columns) for _ in range(rows)]
    for r in range(rows):
        mine = sorted(((label, down) for row, down, label in placed if row == r), key=lambda item: item[0].x0)
        free = [j for j in range(len(columns)) if j not in taken]
        spans = spans_over([label for label, _ in mine], lying, free)
        if spans is None:
            return None
        for (label, down), span in zip(mine, spans, strict=True):
            out[r][span[0]] = label.text
            if down:
                taken.update(span)
    return out
