"""Generic grid reconstruction of a TAB-separated table block: header rows, columns, sides, body."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import combinations
from math import comb

from budgetlens.model.column_words import BUDGET_PARTS
from budgetlens.parse.columns import (
    CODE_PART_WORDS,
    LABEL_WORDS,
    column_key,
    header_paths,
    is_code_part,
    is_label_header,
    is_label_word,
    near_word,
)
from budgetlens.parse.numbers import is_amount, is_blank
from budgetlens.read.raw import Line

MAX_PLACEMENTS = 20  # readings tried for one short line
TOTAL_WORDS = ("合计", "总计", "部门合计", "本年收入合计", "本年支出合计", "收入总计", "支出总计")
_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
SIDE_NAMES = {"收入": "income", "支出": "expenditure", "本年收入": "income", "本年支出": "expenditure"}


@dataclass(slots=True)
class Side:
    """A column range of a (possibly two-sided) table: its label columns and amount columns."""

    name: str | None
    code_col: int | None
    name_cols: list[int]
    amount_cols: list[int]
    code_parts: list[int] = field(default_factory=list)  # 类/款/项 columns of a code printed split


@dataclass(slots=True)
class Grid:
    """A table block as columns and body lines."""

    header_lines: list[Line]
    column_numbers: list[str] | None
    body: list[Line]
    width: int
    paths: list[list[str]]
    keys: list[str]
    sides: list[Side] = field(default_factory=list)
    placed: dict[int, tuple[int, ...]] = field(default_factory=dict)  # short line -> columns of its amounts

    def cells(self, line: Line) -> list[str]:
        """A body line's cells padded (or trimmed of empty extras) to the table width.

        A short line whose amounts are exactly as many as the amount columns had its label cell
        merged over the label columns (合计 spanning 类 | 款 | 项 | 科目名称): its amounts fill the amount
        columns, its labels the label columns from the left.
        """
        cells = list(line.cells)
        while len(cells) > self.width and not cells[-1]:
            cells.pop()
        spread = self._spread(cells)
        if spread is not None:
            return spread
        columns = self.placed.get(line.no)
        if columns is not None:
            first = _amount_start(cells)
            out = cells[:first] + [""] * (self.width - first)
            for j, text in zip(columns, cells[first:], strict=False):
                out[j] = text
            return out
        return cells + [""] * (self.width - len(cells))

    def short_lines(self) -> dict[int, list[tuple[int, ...]]]:
        """Body lines printed with fewer cells than the header, and the amount columns each could fill.

        Blank cells dropped by the extraction leave a line's amounts open to question (the first
        columns, the last, or with a gap): each order-keeping placement is a possible reading, and
        the table's arithmetic decides (``parse.reading``). Lines with too many placements keep the
        plain reading.
        """
        if len(self.sides) != 1:
            return {}
        columns = self.sides[0].amount_cols
        out: dict[int, list[tuple[int, ...]]] = {}
        for line in self.body:
            cells = list(line.cells)
            while cells and not cells[-1]:
                cells.pop()
            first = _amount_start(cells)
            if len(cells) >= self.width or self._spread(cells) is not None:
                continue
            tail = cells[first:]
            if not 0 < len(tail) < len(columns):
                continue
            if comb(len(columns), len(tail)) <= MAX_PLACEMENTS:
                out[line.no] = list(combinations(columns, len(tail)))
        return out

    def _spread(self, cells: list[str]) -> list[str] | None:
        if len(self.sides) != 1 or len(cells) >= self.width:
            return None
        amount_cols = self.sides[0].amount_cols
        first = next((i for i, c in enumerate(cells) if is_amount(c)), None)
        if first is None or first == 0:
            return None
        tail = cells[first:]
        if len(tail) != len(amount_cols) or not all(is_amount(c) or is_blank(c) for c in tail):
            return None
        label_cols = [j for j in range(self.width) if j not in amount_cols]
        if first > len(label_cols):
            return None
        out = [""] * self.width
        for j, text in zip(label_cols, cells[:first], strict=False):
            out[j] = text
        for j, text in zip(amount_cols, tail, strict=True):
            out[j] = text
        return out


def _amount_start(cells: list[str]) -> int:
    """Where a line's trailing run of amounts begins (after its last label; a code is a label)."""
    first = len(cells)
    while first > 1 and (is_amount(cells[first - 1]) or is_blank(cells[first - 1])):
        first -= 1
    while first < len(cells) and is_blank(cells[first]):
        first += 1
    return first


def _is_column_numbers(line: Line) -> bool:
    filled = [c for c in line.cells if c]
    return len(filled) >= 3 and all(c.isdigit() for c in filled) and filled[:2] == ["1", "2"]


_YEAR = re.compile(r"^\d{4}年?")
_YEAR_OF = re.compile(r"^(\d{4})年")
HEADER_WORDS = (
    frozenset(BUDGET_PARTS)
    | LABEL_WORDS
    | frozenset(CODE_PART_WORDS)
    | {"国有资本经营预算收入", "国有资本经营预算支出", "决算数", "年初预算数"}
)


def _is_header(line: Line) -> bool:
    """A line made only of header vocabulary (项目 / 合计 / 一般公共预算 / 2026年预算数 …)."""
    filled = [re.sub(r"\s+", "", c) for c in line.cells if c]
    if not filled or (line.cells[0] and line.cells[0] in TOTAL_WORDS):
        return False
    words = [_YEAR.sub("", c) for c in filled]
    return all(not w or w in HEADER_WORDS or is_label_word(w) or near_word(w, HEADER_WORDS) for w in words)


def _is_label_header_row(line: Line) -> bool:
    """A header row among the body lines: header words only, one of them naming a label column (科目名称)."""
    filled = [re.sub(r"\s+", "", c) for c in line.cells if c]
    return _is_header(line) and any(is_label_word(w) for w in filled) and not any(is_amount(c) for c in filled)


def _is_total_row(line: Line, above: list[Line]) -> bool:
    """A 合计 row of an empty table: 合计 under a label header (科目名称 / 项目), not an amount header."""
    k = next((i for i, c in enumerate(line.cells) if c), None)
    if k is None or line.cells[k] not in TOTAL_WORDS:
        return False
    return any(k < len(h.cells) and is_label_word(re.sub(r"\s+", "", h.cells[k])) for h in above)


def _is_sub_header(line: Line) -> bool:
    """A header row under a merged one: its label cells are empty (spanned from above), no amounts.

    Sub-column names outside the vocabulary (一般公共预算拨款 | 事业收入 under 本年收入) still belong to
    the header when they stand where the rows above leave the label columns open.
    """
    filled = [i for i, c in enumerate(line.cells) if c]
    return bool(filled) and filled[0] > 0 and not _is_body(line) and not any(_CODE.match(c) for c in line.cells if c)


def _is_body(line: Line) -> bool:
    if _is_column_numbers(line):
        return False
    first = line.cells[0] if line.cells else ""
    if first in TOTAL_WORDS or _CODE.match(first):
        return True
    return any(is_amount(c) for c in line.cells)


def _is_label_column(path: list[str], values: list[str]) -> bool:
    if is_label_header(path):
        return True
    if path and _YEAR.sub("", path[-1]) in BUDGET_PARTS:  # an amount header: text in it is a bad amount
        return False
    filled = [v for v in values if not is_blank(v)]
    return bool(filled) and not all(is_amount(v) for v in filled)


def distinct_keys(paths: list[list[str]]) -> list[str]:
    """Column keys, made distinct where headers differ only by their year (2025年预算数 | 2026年预算数).

    Group words that only restate the table's subject are left out of the keys when the keys stay
    distinct without them (see ``column_key``).

    The latest year keeps the plain key (a disclosure prints its own year beside earlier ones);
    an earlier year's column gets the year appended (``amount.2025``), any other repeat its position.
    """
    plain = [column_key(p, banners=False) for p in paths]
    keys = plain if len(set(plain)) == len(plain) else [column_key(p) for p in paths]
    years = [max((int(m.group(1)) for w in p if (m := _YEAR_OF.match(w))), default=None) for p in paths]
    for key in {k for k in keys if keys.count(k) > 1}:
        same = [j for j, k in enumerate(keys) if k == key]
        dated = [j for j in same if years[j] is not None]
        keep = max(dated, key=lambda j: years[j] or 0) if dated else same[0]
        for j in same:
            if j != keep:
                keys[j] = f"{key}.{years[j]}" if years[j] is not None else f"{key}.{j}"
    return keys


def build_grid(lines: list[Line]) -> Grid:
    """Split header and body, reconstruct merged headers and find label/amount columns and sides."""
    start = 0
    while start < len(lines) and (_is_header(lines[start]) or _is_column_numbers(lines[start])):
        if _is_total_row(lines[start], lines[:start]):
            break
        start += 1
    while 0 < start < len(lines) - 1 and _is_sub_header(lines[start]):
        start += 1
    if start == 0:  # an unknown template: the body starts with the first row that has amounts
        start = next((i for i, ln in enumerate(lines) if _is_body(ln)), len(lines))
    head = lines[:start]
    numbers = next((list(ln.cells) for ln in head if _is_column_numbers(ln)), None)
    header_lines = [ln for ln in head if not _is_column_numbers(ln)]
    body = [ln for ln in lines[start:] if not _is_label_header_row(ln)]  # a header row is never data
    width = max([len(ln.cells) for ln in header_lines] + [len([c for c in ln.cells]) for ln in body[:1]] + [1])
    for ln in body:
        trimmed = list(ln.cells)
        while trimmed and not trimmed[-1]:
            trimmed.pop()
        width = max(width, len(trimmed))
    paths = header_paths([list(ln.cells) for ln in header_lines]) if header_lines else []
    paths += [[] for _ in range(width - len(paths))]
    grid = Grid(header_lines, numbers, body, width, paths[:width], distinct_keys(paths[:width]))
    body_cells = [grid.cells(ln) for ln in body]  # once per line: a wide row would make it quadratic
    columns = [[cells[j] for cells in body_cells] for j in range(width)]
    is_label = [_is_label_column(grid.paths[j], columns[j]) for j in range(width)]
    grid.sides = _sides(grid, is_label, columns)
    return grid


def _sides(grid: Grid, is_label: list[bool], columns: list[list[str]]) -> list[Side]:
    sides: list[Side] = []
    current: Side | None = None
    for j in range(grid.width):
        if is_label[j] and (current is None or current.amount_cols):
            top = grid.paths[j][0] if grid.paths[j] else ""
            current = Side(name=SIDE_NAMES.get(top), code_col=None, name_cols=[], amount_cols=[])
            sides.append(current)
        if current is None:  # amount columns before any label column: treat column 0 as the label
            current = Side(name=None, code_col=None, name_cols=[], amount_cols=[])
            sides.append(current)
        if is_label[j] and is_code_part(grid.paths[j]):
            current.code_parts.append(j)
        elif is_label[j]:
            last = grid.paths[j][-1] if grid.paths[j] else ""
            codes = [c for c in columns[j] if c]
            if "编码" in last or (
                codes
                and all(_CODE.match(c) or c in TOTAL_WORDS for c in codes)
                and not current.name_cols
                and not current.code_parts
            ):
                current.code_col = j
            else:
                current.name_cols.append(j)
        elif grid.paths[j] or any(columns[j]):
            current.amount_cols.append(j)
    if len(sides) < 2:
        for side in sides:
            side.name = None
    return sides
