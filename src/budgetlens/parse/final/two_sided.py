"""Two-sided balance tables read from their printed header, for templates that print no 行次.

A 收入支出决算总表 prints 收入 on the left and 支出 on the right, each side a label column (项目)
followed by its amount columns. Without 行次 numbers the sides are told by the header: the
label-column words (项目, 科目, 名称) open a side, the group words above them (收入, 支出) name it.
Every amount column keeps its printed header path; its key comes from its words.
"""

from __future__ import annotations

import re

from budgetlens.model import SCHEMAS, Column, Finding, Location, Row, RowRole, Table, TableKind
from budgetlens.parse.final.columns import read_cell
from budgetlens.parse.final.header import header_paths
from budgetlens.parse.final.text import AMOUNT_IN_TEXT, compact
from budgetlens.read.noise import collapse_doubled
from budgetlens.read.raw import Line
from budgetlens.segment.blocks import TableBlock

LABEL_WORDS = ("项目", "科目", "名称")
NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
_DATA_WORDS = ("合计", "总计", "结转", "结余")
# the printed words of an expenditure amount column of a 财政拨款 summary -> its key below the side
FUND_KEYS = {
    word: key.removeprefix("expenditure.") for word, key in SCHEMAS[TableKind.FINAL_FISCAL_SUMMARY].words.items()
}


def _is_data(cells: list[str]) -> bool:
    filled = [compact(c) for c in cells if c.strip()]
    if any(AMOUNT_IN_TEXT.fullmatch(c.replace(" ", "")) for c in filled):
        return True
    return any(NUMBERED.match(c) or any(w in c for w in _DATA_WORDS) for c in filled if c not in FUND_KEYS)


def split_header(lines: list[Line]) -> tuple[list[list[str]], list[Line]]:
    """The leading header rows (cells) and the body lines after them."""
    header: list[list[str]] = []
    for i, line in enumerate(lines):
        cells = [collapse_doubled(c) for c in line.cells]
        if _is_data(cells):
            return header, lines[i:]
        header.append(cells)
    return header, []


def _sides(header: list[list[str]], width: int) -> list[int] | None:
    """Column indexes where a side's label column stands (two of them), read from the header rows."""
    for row in reversed(header):
        labels = [j for j in range(min(width, len(row))) if any(w in compact(row[j]) for w in LABEL_WORDS)]
        if len(labels) == 2:
            return labels
    return None


def _side_name(path: list[str], default: str) -> str:
    words = "".join(path[:1])
    if "收入" in words:
        return "income"
    if "支出" in words:
        return "expenditure"
    return default


def header_columns(header: list[list[str]], width: int) -> tuple[list[int], list[Column]] | None:
    """The label column of each side and the amount columns, with printed paths and keys, or None."""
    sides = _sides(header, width)
    if sides is None:
        return None
    paths = header_paths(header, width)
    columns: list[Column] = []
    bounds = [(sides[0], sides[1]), (sides[1], width)]
    for n, (start, end) in enumerate(bounds):
        side = _side_name(paths[start], "income" if n == 0 else "expenditure")
        amount_cols = list(range(start + 1, end))
        for j in amount_cols:
            path = [p for p in paths[j] if p not in paths[start] or p in ("收入", "支出")] or paths[j]
            word = path[-1] if path else ""
            key = side if len(amount_cols) == 1 else f"{side}.{FUND_KEYS.get(word, f'unknown.{j}')}"
            columns.append(Column(key=key, header=path or [side], index=j, side=side))
    return sides, columns


def _name(text: str) -> str:
    return compact(collapse_doubled(text))


def read_two_sided(block: TableBlock, table: Table, unit: str) -> list[Finding] | None:
    """Fill ``table`` from a TAB-flavour block by its header; None when the header names no two sides."""
    width = max((len(ln.cells) for ln in block.lines), default=0)
    header, body = split_header(block.lines)
    found = header_columns(header, width)
    if found is None:
        return None
    sides, columns = found
    table.columns = columns
    findings: list[Finding] = []
    for line in body:
        cells = list(line.cells) + [""] * (width - len(line.cells))
        for label_at in sides:
            own = [c for c in columns if c.side == _side_of(columns, label_at, sides)]
            name = _name(cells[label_at])
            texts = [cells[c.index].strip() for c in own]
            if not name and not any(texts):
                continue
            index = len(table.rows)
            row = Row(
                index=index, name=name, side=own[0].side if own else None,
                location=Location(line=line.no, table=table.id, row=index),
            )  # fmt: skip
            if "合计" in name or "总计" in name:
                row.role = RowRole.TOTAL
            for col, text in zip(own, texts, strict=True):
                row.cells[col.key] = read_cell(text, unit, col, line.no, table.id, table.title, findings, index)
            table.rows.append(row)
    return findings


def _side_of(columns: list[Column], label_at: int, sides: list[int]) -> str | None:
    end = sides[1] if label_at == sides[0] else 10**6
    return next((c.side for c in columns if label_at < c.index < end), None)
