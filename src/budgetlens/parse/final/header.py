"""Columns of a final-account table read from its printed header, by words, whatever their position.

The national template prints a 栏次 row (栏1, 栏2 …) and a fixed column order; other templates print
neither. There a column is found where the header prints a measure word, and its key comes from
that word (the same key as the national template's column of that measure), so facts and
comparisons line up across templates. A header word the vocabulary does not know keeps its printed
path and an ``unknown`` key.
"""

from __future__ import annotations

import re

from budgetlens.model import Column, TableKind, schema
from budgetlens.model.column_words import FINAL_MEASURE_WORDS
from budgetlens.parse.final.text import AMOUNT_IN_TEXT, compact
from budgetlens.read.noise import collapse_doubled
from budgetlens.read.raw import Line

TOTAL_LABELS = frozenset({"合计", "总计"})
LABEL_WORDS = frozenset({"项目", "科目", "类", "款", "项", "行次", "栏次"})
LABEL_ENDINGS = ("名称", "编码", "代码", "功能分类", "经济分类")
_CODE_PART = re.compile(r"^\d{1,7}$")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def header_paths(header: list[list[str]], width: int) -> list[list[str]]:
    """Each column's header path, top to bottom, as merged cells print it.

    A label stands over the columns to its right until the next label of its row, and never beyond
    the span of the label above it (a new group above starts a new span below).
    """
    paths: list[list[str]] = [[] for _ in range(width)]
    for row in header:
        current = ""
        above = [list(p) for p in paths]
        for j in range(width):
            text = compact(collapse_doubled(row[j])) if j < len(row) else ""
            if j > 0 and above[j] != above[j - 1]:
                current = ""
            if text:
                current = text
            if current and (not paths[j] or paths[j][-1] != current):
                paths[j].append(current)
    return paths


def _is_label(text: str) -> bool:
    """A label column's header word (项目, 科目名称, 功能分类科目编码, 类/款/项), never a measure."""
    if text in FINAL_MEASURE_WORDS:
        return False
    return text in LABEL_WORDS or text.endswith(LABEL_ENDINGS)


def is_header_word(text: str) -> bool:
    """A measure word of a header (合计, 基本支出 …): printed in a body cell, it is header text, not an amount."""
    return compact(collapse_doubled(text)) in FINAL_MEASURE_WORDS


def is_data(cells: list[str]) -> bool:
    """A body row: it prints an amount or a classification code, or starts with the 合计/总计 label.

    A header never puts 合计 in its first (label) column; an empty form's 合计 row has no amount yet.
    """
    filled = [compact(c) for c in cells if c.strip()]
    if cells and compact(cells[0]) in TOTAL_LABELS:
        return True
    return any(AMOUNT_IN_TEXT.fullmatch(c) or re.fullmatch(r"\d{3}(?:\d{2}){0,2}", c) for c in filled)


def header_rows(lines: list[Line]) -> tuple[list[list[str]], int]:
    """The header rows' cells and the index of the first body line.

    Header rows are the lines before the first body row. An empty form may print the header's last
    row on its 合计 line (a merged rendering): the measure words of that line join the header.
    """
    start = next((i for i, ln in enumerate(lines) if is_data(list(ln.cells))), len(lines))
    header = [list(ln.cells) for ln in lines[:start]]
    first = list(lines[start].cells) if start < len(lines) else []
    if any(is_header_word(c) for c in first[1:]) and not any(AMOUNT_IN_TEXT.fullmatch(compact(c)) for c in first):
        header.append(["", *(c if is_header_word(c) else "" for c in first[1:])])
    return header, start


def measure_columns(lines: list[Line], kind: TableKind) -> tuple[list[Column], int] | None:
    """The amount columns named by the header (and where the body begins), or None.

    A column is an amount column when the header over it prints a measure word that is not a label
    word (项目, 科目名称, 类/款/项 …); its key is the measure the kind's schema gives that word, or
    ``unknown.<position>`` for a word the kind's vocabulary does not know.
    """
    found = schema(kind)
    words = found.words if found is not None else {}
    width = max((len(ln.cells) for ln in lines), default=0)
    header, start = header_rows(lines)
    if not header:
        return None
    paths = header_paths(header, width)
    # a column's own words: the bottom-most text printed in that very column of the header
    own: list[str] = []
    for j in range(width):
        texts = [compact(collapse_doubled(r[j])) for r in header if j < len(r) and r[j].strip()]
        own.append(texts[-1] if texts else "")
    columns: list[Column] = []
    for j in range(width):
        word = own[j]
        if not word or _is_label(word) or not _CJK.search(word):
            continue
        path = [p for p in paths[j] if not _is_label(p)] or [word]
        key = words.get(word, f"unknown.{j}")
        columns.append(Column(key=key, header=path, index=j))
    if not any(not c.key.startswith("unknown") for c in columns):
        return None
    return columns, start
