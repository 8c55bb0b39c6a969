"""Ruling segments along one axis snapped to shared positions and joined where one continues another.

The scan reader (ruling strokes found in a page image) and the pdfium page reader (ruling lines drawn
in the PDF) both see a table's rules as many short pieces: the pieces of one rule lie at about the
same position across the axis and meet or nearly meet along it. Positions that chain within the
snap tolerance become one (their ``centre``: the mean, as pdfplumber snaps, or the median); pieces
at one position join where the next starts within the join tolerance of the last one's end.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A straight piece of a rule: its position across the axis and where it starts and ends along it."""

    at: float
    start: float
    end: float


def snap(
    spans: Iterable[Span], tolerance: float, centre: Callable[[list[float]], float] = statistics.fmean
) -> list[list[Span]]:
    """Spans grouped by position (each chained to the previous within ``tolerance``), moved to the group's centre."""
    groups: list[list[Span]] = []
    last = 0.0
    for span in sorted(spans, key=lambda s: s.at):
        if groups and span.at <= last + tolerance:
            groups[-1].append(span)
        else:
            groups.append([span])
        last = span.at
    snapped = []
    for group in groups:
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
