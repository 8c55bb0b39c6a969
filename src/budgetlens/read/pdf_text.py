"""The text of a PDF page outside its tables: visual lines, cells split at wide gaps, paragraphs rejoined.

Words are grouped into visual lines by their top; words in another font whose boxes sit a few
points lower or higher (another baseline, or only another descent) and that stand in the gaps of a
line join it at their place, as figures set in a Latin font within Chinese prose do. Within a line
a gap of two characters or more separates cells, as pdftotext's TAB output does; Chinese characters
are joined without a space. A paragraph that wraps over several visual lines becomes one line again. Page furniture
(page numbers, running headers and footers repeated in the margins) is recognised per document.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from budgetlens.read.raw import BBox

LINE_TOLERANCE = 3.0  # points: words whose tops differ less are on one visual line
CELL_GAP = 2.0  # in character heights: a wider gap between words starts a new cell
SHIFT_OVERLAP = 0.5  # share of the smaller height: lines overlapping more may be one line on two baselines
SHIFT_GAP = 1.0  # in character heights: words on a shifted baseline stand this near to a word of their line
SHIFT_SIZE = 1.25  # ... and are at most this much taller than its characters
MARGIN_SHARE = 0.06  # top and bottom share of the page where running headers and footers live
NUMBER_MARGIN_SHARE = 0.12  # page numbers may sit a little further in
_PAGE_NUMBER = re.compile(
    r"^(?:第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|[-—－–]?\s*\d{1,4}\s*[-—－–]?|\d+\s*/\s*\d+|page\s*\d+(?:\s*of\s*\d+)?)$",
    re.IGNORECASE,
)
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_UNBREAKABLE = re.compile(r"[0-9A-Za-z,.%\-+]+")
_NO_BREAK_BEFORE = re.compile(r"^[，。；：、）》」』”’！？%]+")
_CONTINUED = re.compile(r"^(?:续表\s*\d*|[（(]续[表]?[）)])$|[（(]续[表]?[）)]$")


@dataclass(slots=True)
class TextLine:
    page: int
    cells: tuple[str, ...]
    bbox: BBox
    size: float
    words: tuple[Word, ...] = ()  # the line's words left to right, when known (for unruled tables)

    @property
    def text(self) -> str:
        return "\t".join(self.cells)


@dataclass(frozen=True, slots=True)
class Word:
    """A word of a page (characters without a gap between them) and its box."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


def inside(x0: float, top: float, x1: float, bottom: float, boxes: Sequence[BBox]) -> bool:
    """Whether the centre of a box lies in one of ``boxes``."""
    cx = (x0 + x1) / 2
    cy = (top + bottom) / 2
    return any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)


def glue(left: str, right: str, gap: float, size: float) -> str:
    """What goes between two words of a line: a space where one is seen, none between Chinese characters."""
    if gap >= 0.2 * size:
        return " "
    return "" if _CJK.match(left[-1]) or _CJK.match(right[0]) else " "


def _visual_line(page_no: int, words: list[Word], guests: Sequence[Word] = ()) -> TextLine:
    """The line of ``words``; ``guests`` (set on a shifted baseline in its gaps) take their place in it
    but leave its height and size as its own words give them."""
    size = max(w.bottom - w.top for w in words)
    top, bottom = min(w.top for w in words), max(w.bottom for w in words)
    words = sorted([*words, *guests], key=lambda w: w.x0)
    cells: list[str] = [words[0].text]
    for prev, word in itertools.pairwise(words):
        gap = word.x0 - prev.x1
        if gap >= CELL_GAP * size:
            cells.append(word.text)
        else:
            cells[-1] += glue(cells[-1], word.text, gap, size) + word.text
    box = (
        round(min(w.x0 for w in words), 2),
        round(top, 2),
        round(max(w.x1 for w in words), 2),
        round(bottom, 2),
    )
    return TextLine(page=page_no, cells=tuple(c.strip() for c in cells), bbox=box, size=size, words=tuple(words))


def visual_lines(words: Iterable[Word], page_no: int) -> list[TextLine]:
    """A page's words (outside its tables) as visual lines, top to bottom.

    Words are grouped by their top; then a group set on a shifted baseline within another's gaps
    (``_interleaves``) joins it.
    """
    ordered = sorted(words, key=lambda w: (w.top, w.x0))
    groups: list[list[Word]] = []
    for word in ordered:
        if groups and abs(word.top - groups[-1][0].top) <= LINE_TOLERANCE:
            groups[-1].append(word)
        else:
            groups.append([word])
    guests: list[list[Word]] = [[] for _ in groups]
    hosts = list(range(len(groups)))  # the group each group's words end up in
    for i, group in enumerate(groups):
        host = _host(i, groups, hosts, guests)
        if host is not None:
            guests[host] += group + guests[i]
            guests[i] = []
            hosts = [host if h == i else h for h in hosts]
    return [_visual_line(page_no, g, guests[i]) for i, g in enumerate(groups) if hosts[i] == i]


def _host(i: int, groups: list[list[Word]], hosts: list[int], guests: list[list[Word]]) -> int | None:
    """The line (index of a group still standing) that group ``i`` joins, if it is set in that line's gaps.

    Of the lines it overlaps by more than half of its height, the one it overlaps most; ``i`` joins it
    when ``_interleaves`` holds and the line is the larger of the two (more text, not smaller type).
    """
    group = groups[i]
    top, bottom = min(w.top for w in group), max(w.bottom for w in group)
    height = bottom - top
    best: tuple[float, int] | None = None
    for j in {hosts[k] for k in range(max(0, i - 3), min(len(groups), i + 4))} - {i}:
        other = groups[j]
        overlap = min(bottom, max(w.bottom for w in other)) - max(top, min(w.top for w in other))
        if overlap > SHIFT_OVERLAP * min(height, max(w.bottom - w.top for w in other)) and (
            best is None or overlap > best[0]
        ):
            best = (overlap, j)
    if best is None:
        return None
    host = [*groups[best[1]], *guests[best[1]]]
    mine = [*group, *guests[i]]
    if _width(mine) > _width(host) or not _interleaves(mine, host):
        return None
    return best[1]


def _width(words: Sequence[Word]) -> float:
    return sum(w.x1 - w.x0 for w in words)


def _interleaves(guests: Sequence[Word], host: Sequence[Word]) -> bool:
    """Whether words on another baseline stand in a line's gaps: none over a word of the line, each
    next to one of its words (within ``SHIFT_GAP`` of the line's character height) and no taller than
    its characters allow for (a heading over a line is not in it)."""
    size = max(w.bottom - w.top for w in host)
    if max(w.bottom - w.top for w in guests) > SHIFT_SIZE * size:
        return False
    slack = 0.1 * size
    for g in guests:
        if any(g.x0 < w.x1 - slack and g.x1 > w.x0 + slack for w in host):
            return False
        if min(max(w.x0 - g.x1, g.x0 - w.x1) for w in host) > SHIFT_GAP * size:
            return False
    return True


def join_paragraphs(lines: list[TextLine], right: float | None = None) -> list[TextLine]:
    """Rejoin the visual lines of wrapped paragraphs (one page's lines, top to bottom).

    ``right`` is the right edge of the page's text area (default: the rightmost of these lines).
    """
    if not lines:
        return lines
    left = min(ln.bbox[0] for ln in lines)
    right = max([ln.bbox[2] for ln in lines] + ([right] if right is not None else []))
    out: list[TextLine] = []
    last: TextLine | None = None  # the last visual line of out[-1]: where the paragraph has got to
    for line in lines:
        prev = out[-1] if out else None
        if prev is not None and last is not None and _continues_paragraph(last, line, left, right):
            glue = "" if _CJK.match(prev.cells[0][-1]) or _CJK.match(line.cells[0][0]) else " "
            box = (min(prev.bbox[0], line.bbox[0]), prev.bbox[1], max(prev.bbox[2], line.bbox[2]), line.bbox[3])
            out[-1] = TextLine(page=prev.page, cells=(prev.cells[0] + glue + line.cells[0],), bbox=box, size=prev.size)
        else:
            out.append(line)
        last = line
    return out


def _continues_paragraph(prev: TextLine, line: TextLine, left: float, right: float) -> bool:
    if len(prev.cells) != 1 or len(line.cells) != 1 or not prev.cells[0] or not line.cells[0]:
        return False
    size = prev.size
    return (
        abs(line.size - size) <= 0.5
        and prev.bbox[2] + _leading_chunk(line.cells[0]) * size >= right - size  # the next word did not fit
        and 0 <= line.bbox[1] - prev.bbox[3] <= 0.8 * size
        and line.bbox[0] <= left + 0.5 * size  # the next line starts at the left edge (no indent)
    )


def _leading_chunk(text: str) -> float:
    """About how wide (in character heights) the unbreakable start of a line is: a number, a word or one character."""
    run = _UNBREAKABLE.match(text)
    width = 0.5 * len(run.group(0)) if run else 1.0
    rest = text[len(run.group(0)) if run else 1 :]
    closing = _NO_BREAK_BEFORE.match(rest)  # punctuation a line may not start with goes along
    return width + (len(closing.group(0)) if closing else 0)


def furniture_keys(pages: list[tuple[float, list[TextLine]]]) -> set[str]:
    """Texts that repeat in the top or bottom margin of two pages or more: running headers and footers."""
    counts: Counter[str] = Counter()
    for height, lines in pages:
        counts.update({_key(ln) for ln in lines if _in_margin(ln, height, MARGIN_SHARE)})
    return {key for key, n in counts.items() if n >= 2}


def is_furniture(line: TextLine, height: float, keys: set[str]) -> bool:
    """A page number near the page's edge, or a repeated running header or footer in its margin."""
    if _in_margin(line, height, NUMBER_MARGIN_SHARE) and _PAGE_NUMBER.match(line.text.replace("\t", " ").strip()):
        return True
    return _in_margin(line, height, MARGIN_SHARE) and _key(line) in keys


def is_continuation_label(line: TextLine) -> bool:
    """A 续表 label (or a title ending in （续）) announcing that the table goes on."""
    return bool(_CONTINUED.search("".join(line.cells).replace(" ", "")))


def _key(line: TextLine) -> str:
    return re.sub(r"\d+", "#", "".join(line.cells).replace(" ", ""))


def _in_margin(line: TextLine, height: float, share: float) -> bool:
    return line.bbox[3] <= height * share or line.bbox[1] >= height * (1 - share)
