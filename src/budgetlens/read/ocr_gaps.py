"""Text the detector missed inside ruled tables: ink in a cell that no recognised box covers.

The text detector can miss a lone glyph (the 算 a narrow header cell wraps onto its second line,
a single-digit amount) on a noisy page. Inside each ruled table the page's ink, less the rulings
and the boxes already found, is grouped into glyph-sized runs; each run is cut out of the
straightened page and recognised on its own (recognition only: tens of milliseconds), and what
is read with enough confidence becomes a box like the others.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from budgetlens.read.ocr_layout import Box, rotate_point
from budgetlens.read.ruling import HAVE_CV2, Table

if HAVE_CV2:
    import cv2

MIN_SCORE = 0.8  # a cut-out read with less confidence is taken for noise, not text
MAX_RUNS = 40  # per page: more uncovered ink than this is a picture or a stamp, not missed text

Recogniser = Callable[[np.ndarray], tuple[str, float]]


def _without_rulings(binary: np.ndarray, text_height: float) -> np.ndarray:
    long = max(15, round(text_height * 1.1))
    vertical = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, long)))
    horizontal = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (long, 1)))
    lines = cv2.dilate(cv2.bitwise_or(vertical, horizontal), np.ones((3, 3), np.uint8))
    return cv2.bitwise_and(binary, cv2.bitwise_not(lines))


def uncovered_runs(
    binary: np.ndarray, boxes: Sequence[Box], tables: Sequence[Table], text_height: float
) -> list[tuple[int, int, int, int]]:
    """(x0, top, x1, bottom) of glyph-sized ink inside ruled tables that no text box covers."""
    if not HAVE_CV2 or not tables or text_height <= 0:
        return []
    ink = _without_rulings(binary, text_height)
    mask = np.zeros_like(ink)
    for table in tables:
        x0, x1 = round(table.separators[0]), round(table.separators[-1])
        mask[max(0, round(table.top)) : round(table.bottom), max(0, x0) : x1] = 255
    pad = max(2, round(text_height * 0.2))
    for box in boxes:
        mask[
            max(0, round(box.top) - pad) : round(box.bottom) + pad, max(0, round(box.x0) - pad) : round(box.x1) + pad
        ] = 0
    count, _, stats, _ = cv2.connectedComponentsWithStats(cv2.bitwise_and(ink, mask))
    parts = [
        (x, y, x + w, y + h)
        for x, y, w, h, _ in stats[1:count].tolist()
        if 0.2 * text_height <= max(w, h) <= 2 * text_height
    ]
    runs: list[list[int]] = []
    for x0, y0, x1, y1 in sorted(parts):
        run = next((r for r in runs if min(r[3], y1) - max(r[1], y0) > 0 and x0 - r[2] < 0.6 * text_height), None)
        if run is None:
            runs.append([x0, y0, x1, y1])
        else:
            run[:] = [min(run[0], x0), min(run[1], y0), max(run[2], x1), max(run[3], y1)]
    found = [(a, b, c, d) for a, b, c, d in runs if d - b >= 0.5 * text_height and c - a >= 0.3 * text_height]
    return found if len(found) <= MAX_RUNS else []


def recover(
    grey: np.ndarray,
    binary: np.ndarray,
    boxes: Sequence[Box],
    tables: Sequence[Table],
    text_height: float,
    angle: float,
    centre: tuple[float, float],
    read: Recogniser,
) -> list[Box]:
    """Boxes for the text of uncovered runs that ``read`` recognises with at least MIN_SCORE."""
    recovered = []
    margin = max(4, round(text_height * 0.3))
    height, width = grey.shape
    for x0, top, x1, bottom in uncovered_runs(binary, boxes, tables, text_height):
        left, upper = max(0, x0 - margin), max(0, top - margin)
        crop = grey[upper : min(height, bottom + margin), left : min(width, x1 + margin)]
        text, score = read(crop)
        if not text.strip() or score < MIN_SCORE:
            continue
        corners = [rotate_point(x, y, -angle, centre) for x, y in ((x0, top), (x1, top), (x1, bottom), (x0, bottom))]
        xs, ys = [p[0] for p in corners], [p[1] for p in corners]
        source = (min(xs), min(ys), max(xs), max(ys))
        recovered.append(Box(text.strip(), score, float(x0), float(top), float(x1), float(bottom), source))
    return recovered
