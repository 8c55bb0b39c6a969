"""Tables of a PDF page printed without ruling lines (or as 三线表): their rows put on common columns.

Outside the ruled tables a page's visual lines split their cells at wide gaps; in a table without
rules the gap between a right-aligned amount and the next column's text can be narrow, and an empty
cell leaves no trace, so a row's amounts would shift. A run of consecutive lines that looks like a
table (several cells, amounts among them) is laid out again from its words:

* the columns are the x ranges the words of the table's rows cover (gaps narrower than a third of a
  character closed), and of a header line with more labels than that (columns no row fills);
* a header line labelling the columns matches its labels to the columns in order, each as near as
  it can be to its column's middle (a centred header need not overlap right-aligned figures);
* a header line with fewer labels than columns (收入 | 支出 over their sub-columns) cuts the columns
  into one span per label, each label centred over its span, and puts it in the span's first
  column, as a merged cell is read; a header cell
  centred over two header rows (rowspan) stands on a line of its own and joins the row above;
* every other line puts each phrase in the column it overlaps, or the nearest one.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace

from budgetlens.read.aligned_columns import AMOUNT, Interval, column_of, coverage, reads_as_prose, table_runs
from budgetlens.read.pdf_header_rows import Label, header_rows, leaf_labels, spans_over
from budgetlens.read.pdf_page import Rule
from budgetlens.read.pdf_text import TextLine, Word, glue

_AMOUNT = AMOUNT
MIN_GAP = 0.3  # in character heights: words closer than this belong to one phrase / one column
LABEL_SHARE = 0.6  # a header line naming at least this share of the columns labels each column
EMPTY_TABLE_LINES = 6  # the most lines a 三线表 without a figure has: a header and a row or two
HEADER_ROWS = 6  # in line pitches: the most a header spans between a 三线表's first two rules


@dataclass(frozen=True, slots=True)
class _Phrase:
    text: str
    x0: float
    x1: float
    top: float = 0.0
    bottom: float = 0.0

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


def _phrases(words: Sequence[Word], gap: float) -> list[_Phrase]:
    out: list[_Phrase] = []
    for w in sorted(words, key=lambda w: w.x0):
        if out and w.x0 - out[-1].x1 < gap:
            last = out[-1]
            joined = last.text + glue(last.text, w.text, w.x0 - last.x1, gap / MIN_GAP) + w.text
            out[-1] = _Phrase(joined, last.x0, w.x1, min(last.top, w.top), max(last.bottom, w.bottom))
        else:
            out.append(_Phrase(w.text, w.x0, w.x1, w.top, w.bottom))
    return out


def _label(phrase: _Phrase) -> Label:
    return Label(phrase.text, phrase.x0, phrase.x1, phrase.top, phrase.bottom)


def _has_amount(line: TextLine) -> bool:
    texts = [w.text for w in line.words] or list(line.cells)  # a narrow gap may glue an amount to its neighbour cell
    return any(_AMOUNT.match(t.replace(" ", "")) for t in texts)


def _is_prose(line: TextLine) -> bool:
    """A line of running text, cut into cells at gaps (``reads_as_prose``): never a table row."""
    if len(line.cells) < 2:
        return False
    width = line.bbox[2] - line.bbox[0]
    spans = coverage(line.words, 0.0) if line.words else []
    filled = sum(b - a for a, b in spans) / width if width > 0 else 0.0
    return reads_as_prose(line.cells, filled)


def _group_labels(phrases: list[_Phrase], columns: list[Interval]) -> list[int]:
    """The first column of each label's span: the columns cut into consecutive spans, one per label,
    so that every label stands as near as it can to the middle of its span (a merged header cell is
    printed centred over the columns it spans)."""
    labels = [_label(p) for p in phrases]
    found = spans_over(labels, columns, list(range(len(columns))))
    return [span[0] for span in found] if found is not None else [column_of(p, columns) for p in phrases]


def _column_labels(phrases: list[_Phrase], columns: list[Interval]) -> list[int]:
    """One column per label, in order, each label as near as it can be to its column's middle.

    A header is often centred over a column whose figures are right-aligned and do not reach under
    it, so a label is matched to a column rather than to the figures it overlaps.
    """
    n, k = len(columns), len(phrases)
    if k > n:
        return [column_of(p, columns) for p in phrases]
    middle = [(a + b) / 2 for a, b in columns]
    inf = float("inf")
    cost = [[inf] * (n + 1) for _ in range(k + 1)]  # cost[i][j]: the first i labels in the first j columns
    cost[0] = [0.0] * (n + 1)
    for i in range(1, k + 1):
        for j in range(i, n + 1):
            cost[i][j] = min(cost[i][j - 1], cost[i - 1][j - 1] + abs(phrases[i - 1].centre - middle[j - 1]))
    places, j = [0] * k, n
    for i in range(k, 0, -1):
        while cost[i][j] == cost[i][j - 1] and j > i:
            j -= 1
        places[i - 1] = j - 1
        j -= 1
    return places


def _with_empty_columns(columns: list[Interval], leaves: list[Label]) -> list[Interval]:
    """The columns widened to their labels, plus one for each bottom label that stands over no column.

    The labels are aligned with the columns in order (a column may have its label in a row above;
    a label matched to no column labels a column that no row fills): a label is matched when it
    stands within a column pitch of the column's middle.
    """
    if not leaves:
        return columns
    if not columns:
        return sorted((label.x0, label.x1) for label in leaves)
    middle = [(a + b) / 2 for a, b in columns]
    pitch = statistics.median([b - a for a, b in itertools.pairwise(middle)] or [columns[0][1] - columns[0][0]])
    n, k = len(columns), len(leaves)

    def apart(i: int, j: int) -> float:  # a label over the column's words is on it
        label, (a, b) = leaves[i], columns[j]
        return 0.0 if label.x0 < b and label.x1 > a else abs(label.centre - middle[j])

    inf = float("inf")
    cost = [[inf] * (n + 1) for _ in range(k + 1)]  # cost[i][j]: the first i labels against the first j columns
    cost[0] = [0.0] * (n + 1)
    for i in range(1, k + 1):
        cost[i][0] = cost[i - 1][0] + pitch
        for j in range(1, n + 1):
            cost[i][j] = min(cost[i][j - 1], cost[i - 1][j] + pitch, cost[i - 1][j - 1] + apart(i - 1, j - 1))
    out = list(columns)
    i, j = k, n
    while i > 0:
        if j > 0 and cost[i][j] == cost[i][j - 1]:
            j -= 1
        elif j > 0 and cost[i][j] == cost[i - 1][j - 1] + apart(i - 1, j - 1):
            label = leaves[i - 1]  # the column is as wide as its label too
            out[j - 1] = (min(out[j - 1][0], label.x0), max(out[j - 1][1], label.x1))
            i, j = i - 1, j - 1
        else:
            out.append((leaves[i - 1].x0, leaves[i - 1].x1))
            i -= 1
    return sorted(out)


def _layout(block: list[TextLine], header_end: int | None = None, rules: Interval | None = None) -> list[TextLine]:
    """The block's lines on common columns; the header is the lines before ``header_end`` (the rule
    under the header), else before the first line with an amount. With the heights of the top rule
    and the rule under the header (``rules``) the header rows are rebuilt from the labels' heights."""
    size = statistics.median(ln.size for ln in block)
    gap = MIN_GAP * size
    phrases = [_phrases(ln.words, gap) for ln in block]
    first_data = next((i for i, ln in enumerate(block) if _has_amount(ln)), len(block))
    head = first_data if header_end is None else min(header_end, first_data)
    body = [p for row in phrases[head:] for p in row]
    columns = coverage(body, gap)
    numbering = {i for i in range(head) if phrases[i] and all(p.text.isdigit() for p in phrases[i])}  # 栏次 1 2 3
    labels = [_label(p) for i in range(head) if i not in numbering for p in phrases[i]]
    leaves = leaf_labels(labels, *rules) if rules is not None and labels else None
    if leaves is None and head > len(numbering):
        lowest = max((i for i in range(head) if i not in numbering), key=lambda i: block[i].bbox[1])
        leaves = [_label(p) for p in phrases[lowest]]
    columns = _with_empty_columns(columns, leaves or [])
    if not columns:
        return block
    out: list[TextLine] = []
    rebuilt = None
    if rules is not None and labels:
        rebuilt = header_rows(labels, columns, *rules)
    if rebuilt is not None:
        first = block[0]
        out = [TextLine(page=first.page, cells=tuple(r), bbox=first.bbox, size=first.size) for r in rebuilt]
    for i, (line, row) in enumerate(zip(block, phrases, strict=True)):
        if rebuilt is not None and i < head and i not in numbering:
            continue
        if i in numbering:
            places = _column_labels(row, columns)
        elif i < head and 1 < len(row) < LABEL_SHARE * len(columns):
            places = _group_labels(row, columns)
        elif i < head and len(row) > 1:
            places = _column_labels(row, columns)
        else:
            places = [column_of(p, columns) for p in row]
        cells = [""] * len(columns)
        for phrase, j in zip(row, places, strict=True):
            cells[j] = f"{cells[j]} {phrase.text}" if cells[j] else phrase.text
        above = out[-1] if out and i < head and rebuilt is None and i not in numbering else None
        if above is not None and not any(cells[j] and above.cells[j] for j in range(len(cells))):
            # a header cell centred over two header rows (rowspan) stands on a line of its own: it belongs
            # to the upper row, whose cells above it are empty
            merged = tuple(a or b for a, b in zip(above.cells, cells, strict=True))
            out[-1] = TextLine(page=above.page, cells=merged, bbox=above.bbox, size=above.size, words=above.words)
            continue
        out.append(TextLine(page=line.page, cells=tuple(cells), bbox=line.bbox, size=line.size, words=line.words))
    return out


def _same_table(a: Rule, b: Rule) -> bool:
    """Rules of one table lie within its top rule's width; the one under the header may be shorter,
    as the columns whose labels are merged down over the header rows draw no rule of their own."""
    return (b[1] >= a[1] - 3 and b[2] <= a[2] + 3) or (a[1] >= b[1] - 3 and a[2] <= b[2] + 3)


def _tables_of(group: list[Rule], pitch: float) -> list[tuple[float, float | None, float | None]]:
    """(top, rule under the header, bottom) of each 三线表 in a group of rules of one width, top to bottom.

    A table's first two rules close in together on its header; a rule further down is its bottom.
    A table cut by the page end has no bottom rule here.
    """
    tables: list[tuple[float, float | None, float | None]] = []
    i = 0
    while i < len(group):
        top = group[i][0]
        if i + 1 < len(group) and group[i + 1][0] - top < HEADER_ROWS * pitch:
            bottom = group[i + 2][0] if i + 2 < len(group) else None
            tables.append((top, group[i + 1][0], bottom))
            i += 3
        else:
            tables.append((top, None, group[i + 1][0] if i + 1 < len(group) else None))
            i += 2
    return tables


Block = tuple[int, int, int | None, Interval | None]  # start, end, header lines, (top rule, header rule)


def _ruled_blocks(lines: list[TextLine], rules: list[Rule]) -> list[Block]:
    """Index ranges of the lines of each 三线表, and how many of them are its header."""
    groups: list[list[Rule]] = []
    for rule in sorted(rules):
        group = next((g for g in groups if _same_table(g[0], rule)), None)
        if group is None:
            groups.append([rule])
        else:
            group.append(rule)
    steps = [b.bbox[1] - a.bbox[1] for a, b in itertools.pairwise(lines) if b.bbox[1] > a.bbox[1]]
    pitch = statistics.median(steps or [15.0])  # from one line to the next
    blocks: list[Block] = []
    for group in groups:
        for top, under, bottom in _tables_of(group, pitch):
            low = bottom if bottom is not None else float("inf")
            inside = [i for i, ln in enumerate(lines) if top < (ln.bbox[1] + ln.bbox[3]) / 2 < low]
            if not inside or inside != list(range(inside[0], inside[-1] + 1)):
                continue
            end = inside[-1] + 1
            if bottom is None:  # the rows go on to the page's end while they follow one another closely
                end = inside[0] + 1
                while end <= inside[-1] and lines[end].bbox[1] - lines[end - 1].bbox[3] < 1.5 * lines[end - 1].size:
                    end += 1
            if 2 * sum(1 for i in range(inside[0], end) if _is_prose(lines[i])) > end - inside[0]:
                continue  # a paragraph between rules (a boxed or underlined passage) is no table
            empty = not any(_has_amount(lines[i]) for i in range(inside[0], end))
            if empty and (bottom is None or under is None or end - inside[0] > EMPTY_TABLE_LINES):
                continue  # an empty table (its header and a 合计 row between three rules) is a table too
            header = None
            if under is not None:
                header = sum(1 for i in range(inside[0], end) if (lines[i].bbox[1] + lines[i].bbox[3]) / 2 < under)
            blocks.append((inside[0], end, header, (top, under) if under is not None else None))
    return blocks


def align_unruled(lines: list[TextLine], rules: list[Rule] | None = None) -> tuple[list[TextLine], int]:
    """The page's lines with every unruled table's rows on common columns; and how many tables.

    A table between horizontal rules (a 三线表: above, under the header, below) spans every line
    between its first and last rule; elsewhere a run of consecutive lines with several cells and
    amounts is taken for a table. Lines of running text (``_is_prose``) are no table's rows, and a
    passage between rules whose lines are mostly running text is no 三线表; outside the tables such
    a line comes out as one text, its gaps a space, so that a wrapped paragraph can be rejoined.
    """
    usable = [bool(ln.words) for ln in lines]
    blocks = _ruled_blocks(lines, rules or [])
    taken = {i for start, end, _, _ in blocks for i in range(start, end)}
    prose = [usable[i] and i not in taken and _is_prose(ln) for i, ln in enumerate(lines)]
    counts = [len(ln.cells) if usable[i] and i not in taken and not prose[i] else 0 for i, ln in enumerate(lines)]
    amounts = [_has_amount(ln) for ln in lines]
    blocks += [(start, end, None, None) for start, end in table_runs(counts, amounts)]
    out = [replace(ln, cells=(" ".join(c for c in ln.cells if c),)) if prose[i] else ln for i, ln in enumerate(lines)]
    for start, end, header, bounds in sorted(blocks, key=lambda b: b[0], reverse=True):  # from the end: indices hold
        if all(usable[start:end]):
            out[start:end] = _layout(lines[start:end], header, bounds)
    return out, len(blocks)
