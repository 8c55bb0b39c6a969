"""Vertical ruling lines of a scanned page: where its ruled tables are and where their columns split.

Morphological opening with a tall, one-pixel-wide kernel keeps only vertical strokes longer than a
text line, i.e. the table's rulings. Rulings at the same x form one column separator; separators
whose vertical extents overlap form one table. A separator missing over part of the table (a merged
cell) is known per row from the segments it is made of. OpenCV is optional (rapidocr brings it in);
without it no rulings are found and the layout falls back to box geometry.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from PIL import Image

from budgetlens.read.segments import Span, merge

try:
    import cv2
except ImportError:  # pragma: no cover - rapidocr depends on opencv-python-headless
    HAVE_CV2 = False
else:
    HAVE_CV2 = True


class Centred(Protocol):
    @property
    def cx(self) -> float: ...

    @property
    def cy(self) -> float: ...


@dataclass(frozen=True, slots=True)
class Segment:
    x: float
    top: float
    bottom: float


@dataclass(frozen=True, slots=True)
class Rule:
    y: float
    left: float
    right: float


@dataclass(frozen=True, slots=True)
class Table:
    """A ruled table: its column separators (borders included), each with the segments it is drawn with."""

    separators: tuple[float, ...]
    segments: tuple[tuple[Segment, ...], ...]
    top: float
    bottom: float
    tolerance: float  # pixels: how far a row centre may lie beyond a segment's ends
    rules: tuple[float, ...] = ()  # y of the horizontal rulings in the table (any column), top to bottom
    strokes: tuple[Rule, ...] = ()  # the horizontal strokes inside the table, where each is drawn

    @property
    def columns(self) -> int:
        return len(self.separators) - 1

    def contains(self, row: Sequence[Centred]) -> bool:
        """A visual row belongs to this table when its centre lies between its top and bottom borders."""
        cy = sorted(b.cy for b in row)[len(row) // 2]
        inside = sum(self.separators[0] <= b.cx <= self.separators[-1] for b in row)
        return self.top <= cy <= self.bottom and inside * 2 > len(row)

    def band(self, y: float) -> int | None:
        """Which ruled row a point lies in (None when the table has no horizontal rulings)."""
        if len(self.rules) < 2:
            return None
        return sum(rule < y for rule in self.rules)

    def merged_above(self, column: int, band: int) -> bool:
        """The ruled row ``band`` of a column goes on from the row above: no stroke of the ruling between them."""
        if band <= 0 or band > len(self.rules) - 1 or column >= self.columns:
            return False
        y = self.rules[band - 1]
        left, right = self.separators[column], self.separators[column + 1]
        drawn = sum(
            max(0.0, min(r.right, right) - max(r.left, left)) for r in self.strokes if abs(r.y - y) <= self.tolerance
        )
        return drawn < (right - left) / 2

    def top_band(self, x: float, y: float) -> int | None:
        """The first ruled row of the (vertically merged) cell a point lies in; None without rulings."""
        band = self.band(y)
        if band is None:
            return None
        column = self.column_at(x, y)
        while self.merged_above(column, band):
            band -= 1
        return band

    def present(self, index: int, y: float) -> bool:
        return any(s.top - self.tolerance <= y <= s.bottom + self.tolerance for s in self.segments[index])

    def column_at(self, x: float, y: float) -> int:
        """The column a point's text belongs to: the first column of the merged span it lies in."""
        column = 0
        while column + 1 < self.columns and x > self.separators[column + 1]:
            column += 1
        while column > 0 and not self.present(column, y):
            column -= 1
        return column


def straighten(image: Image.Image, angle: float, centre: tuple[float, float]) -> np.ndarray:
    """The page as a grey array, rotated by -angle around centre (as ``ocr_layout.rotate_point``)."""
    grey = np.asarray(image.convert("L"))
    if not HAVE_CV2 or abs(angle) < 1e-4:
        return grey
    cos, sin = math.cos(angle), math.sin(angle)
    cx, cy = centre
    matrix = np.array([[cos, sin, cx - cx * cos - cy * sin], [-sin, cos, cy + cx * sin - cy * cos]])
    height, width = grey.shape
    return cv2.warpAffine(grey, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=(255,))


def binarise(grey: np.ndarray) -> np.ndarray:
    """Ink as 255, paper as 0 (adaptive, so uneven scans keep their rulings)."""
    return cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)


def _strokes(binary: np.ndarray, width: int, height: int) -> list[tuple[int, int, int, int]]:
    """Boxes (x, y, w, h) of the ink that survives an opening with a width × height rectangle."""
    if width > binary.shape[1] or height > binary.shape[0]:
        return []  # nothing survives a rectangle larger than the page (and OpenCV would take seconds to say so)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (width, height))
    count, _, stats, _ = cv2.connectedComponentsWithStats(cv2.morphologyEx(binary, cv2.MORPH_OPEN, kernel))
    return [(x, y, w, h) for x, y, w, h, _ in stats[1:count].tolist()]


def vertical_segments(binary: np.ndarray, text_height: float) -> list[Segment]:
    """Vertical strokes longer than a text line: a character's strokes are shorter."""
    thin = max(6.0, text_height * 0.3)
    strokes = _strokes(binary, 1, max(15, round(text_height * 1.1)))
    return [Segment(x + w / 2, float(y), float(y + h)) for x, y, w, h in strokes if w <= thin]


def horizontal_rules(binary: np.ndarray, text_height: float) -> list[Rule]:
    """Horizontal strokes longer than four characters."""
    thin = max(6.0, text_height * 0.3)
    strokes = _strokes(binary, max(40, round(text_height * 4)), 1)
    return [Rule(y + h / 2, float(x), float(x + w)) for x, y, w, h in strokes if h <= thin]


def rule_positions(strokes: Sequence[Rule], shortest: float, text_height: float) -> list[float]:
    """y of the horizontal rulings: strokes at least ``shortest`` long, those within half a line as one.

    A ruling drawn under only some columns (below a header cell that spans two rows beside it)
    still divides the rows of the columns it is drawn under; ``Table.merged_above`` tells where not.
    """
    ys = sorted(r.y for r in strokes if r.right - r.left >= shortest)
    found: list[float] = []
    for y in ys:
        if not found or y - found[-1] > text_height / 2:
            found.append(y)
    return found


def _separators(segments: Sequence[Segment], tolerance: float) -> list[list[Segment]]:
    """Segments grouped by x, then merged where one continues another (broken by noise or a box)."""
    spans = (Span(s.x, s.top, s.bottom) for s in segments)
    runs = merge(spans, tolerance, tolerance * 2, centre=statistics.median_high)
    return [[Segment(r.at, r.start, r.end) for r in column] for column in runs]


def page_ink(image: Image.Image, angle: float, centre: tuple[float, float]) -> tuple[np.ndarray, np.ndarray | None]:
    """The straightened page as grey levels and as ink (None without OpenCV)."""
    grey = straighten(image, angle, centre)
    return grey, binarise(grey) if HAVE_CV2 else None


def find_tables(binary: np.ndarray | None, text_height: float) -> list[Table]:
    """Ruled tables of a page's ink (``page_ink``), in the straightened coordinates of its text boxes."""
    if binary is None or not HAVE_CV2 or text_height <= 0:
        return []
    tolerance = max(4.0, text_height * 0.4)
    columns = _separators(vertical_segments(binary, text_height), tolerance)
    horizontals = horizontal_rules(binary, text_height)
    # Each run of a separator belongs to the table whose vertical range it overlaps.
    runs = sorted(((run, i) for i, col in enumerate(columns) for run in col), key=lambda r: r[0].top)
    clusters: list[list[Segment]] = []
    for run, _ in runs:
        if clusters and run.top <= max(s.bottom for s in clusters[-1]) + tolerance:
            clusters[-1].append(run)
        else:
            clusters.append([run])
    tables = []
    for cluster in clusters:
        top, bottom = min(s.top for s in cluster), max(s.bottom for s in cluster)
        by_x: dict[float, list[Segment]] = {}
        for seg in cluster:
            by_x.setdefault(seg.x, []).append(seg)
        if len(by_x) < 2 or bottom - top < 2 * text_height:
            continue
        xs = sorted(by_x)
        inside = [
            r
            for r in horizontals
            if top - tolerance <= r.y <= bottom + tolerance and r.right > xs[0] and r.left < xs[-1]
        ]
        narrowest = min(b - a for a, b in itertools.pairwise(xs))
        rules = rule_positions(inside, 0.8 * narrowest, text_height)
        tables.append(
            Table(tuple(xs), tuple(tuple(by_x[x]) for x in xs), top, bottom, tolerance, tuple(rules), tuple(inside))
        )
    return tables
