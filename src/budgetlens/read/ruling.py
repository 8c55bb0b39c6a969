"""Vertical ruling lines of a scanned page: where its ruled tables are and where their columns split.

Morphological opening with a tall, one-pixel-wide kernel keeps only vertical strokes longer than a
text line, i.e. the table's rulings. Rulings at the same x form one column separator; separators
whose vertical extents overlap form one table. A separator missing over part of the table (a merged
cell) is known per row from the segments it is made of. OpenCV is optional (rapidocr brings it in);
without it no rulings are found and the layout falls back to box geometry.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from PIL import Image

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
class Table:
    """A ruled table: its column separators (borders included), each with the segments it is drawn with."""

    separators: tuple[float, ...]
    segments: tuple[tuple[Segment, ...], ...]
    top: float
    bottom: float
    tolerance: float  # pixels: how far a row centre may lie beyond a segment's ends

    @property
    def columns(self) -> int:
        return len(self.separators) - 1

    def contains(self, row: Sequence[Centred]) -> bool:
        """A visual row belongs to this table when its centre lies between its top and bottom borders."""
        cy = sorted(b.cy for b in row)[len(row) // 2]
        inside = sum(self.separators[0] <= b.cx <= self.separators[-1] for b in row)
        return self.top <= cy <= self.bottom and inside * 2 > len(row)

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


def vertical_segments(grey: np.ndarray, text_height: float) -> list[Segment]:
    binary = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    length = max(15, round(text_height * 1.1))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (1, length))
    opened = cv2.morphologyEx(binary, cv2.MORPH_OPEN, kernel)
    count, _, stats, _ = cv2.connectedComponentsWithStats(opened)
    thin = max(6.0, text_height * 0.3)
    return [
        Segment(float(x) + w / 2, float(y), float(y + h))
        for x, y, w, h, _ in stats[1:count].tolist()
        if w <= thin
    ]


def _separators(segments: Sequence[Segment], tolerance: float) -> list[list[Segment]]:
    """Segments grouped by x, then merged where one continues another (broken by noise or a box)."""
    groups: list[list[Segment]] = []
    for seg in sorted(segments, key=lambda s: s.x):
        if groups and seg.x - groups[-1][-1].x <= tolerance:
            groups[-1].append(seg)
        else:
            groups.append([seg])
    merged = []
    for group in groups:
        x = sorted(s.x for s in group)[len(group) // 2]
        runs: list[Segment] = []
        for seg in sorted(group, key=lambda s: s.top):
            if runs and seg.top - runs[-1].bottom <= tolerance * 2:
                runs[-1] = Segment(x, runs[-1].top, max(runs[-1].bottom, seg.bottom))
            else:
                runs.append(Segment(x, seg.top, seg.bottom))
        merged.append(runs)
    return merged


def find_tables(image: Image.Image, angle: float, centre: tuple[float, float], text_height: float) -> list[Table]:
    """Ruled tables of a page image, in the straightened coordinates of its text boxes."""
    if not HAVE_CV2 or text_height <= 0:
        return []
    grey = straighten(image, angle, centre)
    tolerance = max(4.0, text_height * 0.4)
    columns = _separators(vertical_segments(grey, text_height), tolerance)
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
        tables.append(Table(tuple(xs), tuple(tuple(by_x[x]) for x in xs), top, bottom, tolerance))
    return tables
