"""Ruling segments along one axis snapped to shared positions and joined where one continues another.

The scan reader (ruling strokes found in a page image) and the pdfium page reader (ruling lines drawn
in the PDF) both see a table's rules as many short pieces: the pieces of one rule lie at about the
same position across the axis and meet or nearly meet along it. Positions that chain within the
snap tolerance become one (their ``centre``: the mean, as pdfplumber snaps, or the median); pieces
at one position join where the next starts within the join tolerance of the last one's end.
The same chaining (``cluster``) groups a PDF page's characters into lines.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Span:
    """A straight piece of a rule: its position across the axis and where it starts and ends along it."""

    at: float
    start: float
    end: float


def cluster(items: Sequence[T], key: Callable[[T], float], tolerance: float) -> list[list[T]]:
    """Items grouped by ``key``: values that chain within ``tolerance`` are one group; groups in value order."""
    values = sorted({key(item) for item in items})
    index: dict[float, int] = {}
    group = -1
    last = 0.0
    for value in values:
        if group < 0 or value > last + tolerance:
            group += 1
        index[value] = group
        last = value
    ordered = sorted(items, key=lambda item: index[key(item)])
    return [list(g) for _, g in itertools.groupby(ordered, key=lambda item: index[key(item)])]


def snap(
    spans: Iterable[Span], tolerance: float, centre: Callable[[list[float]], float] = statistics.fmean
) -> list[list[Span]]:
    """Spans grouped by position (each chained to the previous within ``tolerance``), moved to the group's centre."""
    snapped = []
    for group in cluster(list(spans), lambda s: s.at, tolerance):
        at = centre([s.at for s in group])
        snapped.append([Span(at, s.start, s.end) for s in group])
    return snapped


def join(spans: Iterable[Span], tolerance: float) -> list[Span]:
    """Spans at one position, sorted by start, joined where the next starts within ``tolerance`` of the last end."""
    runs: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        if runs and span.start <= runs[-1].end + tolerance:
            if span.end > runs[-1].end:
                runs[-1] = Span(runs[-1].at, runs[-1].start, span.end)
        else:
            runs.append(span)
    return runs


def merge(
    spans: Iterable[Span],
    snap_tolerance: float,
    join_tolerance: float,
    centre: Callable[[list[float]], float] = statistics.fmean,
) -> list[list[Span]]:
    """The rules along one axis: per snapped position, its joined runs (positions in increasing order)."""
    return [join(group, join_tolerance) for group in snap(spans, snap_tolerance, centre)]
