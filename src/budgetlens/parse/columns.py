"""Column headers: merged-header reconstruction and stable column keys."""

from __future__ import annotations

import re
from collections.abc import Iterable

from budgetlens.model.column_words import BUDGET_PARTS

LABEL_WORDS = frozenset(
    {
        "项目",
        "项目名称",
        "科目编码",
        "科目名称",
        "收入科目编码",
        "单位名称",
        "部门预算支出经济科目名称",
        "政府预算支出经济科目名称",
        "科目",
        "功能分类科目编码",
        "行次",
        "栏次",
    }
)
# Longer label headers end with one of these (功能分类科目名称, 部门预算经济分类科目编码, 支出项目名称)
LABEL_SUFFIXES = ("科目编码", "科目名称", "项目名称", "单位名称")
# Sub-columns of a 科目编码 header printed as 类 | 款 | 项 (district templates): one code in three cells.
CODE_PART_WORDS = ("类", "款", "项")
_YEAR = re.compile(r"^\d{4}年?")


def fill_header(rows: list[list[str]]) -> list[list[str]]:
    """Spread merged header cells to the right over the columns that lower rows subdivide."""
    width = max((len(r) for r in rows), default=0)
    grid = [r + [""] * (width - len(r)) for r in rows]
    for i, row in enumerate(grid):
        for j in range(1, width):
            below = any(grid[k][j] for k in range(i + 1, len(grid)))
            if not row[j] and below and row[j - 1]:
                row[j] = row[j - 1]
    return grid


def header_paths(rows: list[list[str]]) -> list[list[str]]:
    """Printed header path of every column (top to bottom, repeated merged labels once)."""
    grid = fill_header(rows)
    width = len(grid[0]) if grid else 0
    paths = []
    for j in range(width):
        path: list[str] = []
        for row in grid:
            cell = re.sub(r"\s+", "", row[j])
            if cell and (not path or path[-1] != cell):
                path.append(cell)
        paths.append(path)
    return paths


def is_label_word(word: str) -> bool:
    """A header word naming a label column (科目名称, 功能分类科目编码, 项目 …)."""
    return word in LABEL_WORDS or word.endswith(LABEL_SUFFIXES)


def is_label_header(path: list[str]) -> bool:
    return bool(path) and (is_label_word(path[-1]) or is_code_part(path))


def is_code_part(path: list[str]) -> bool:
    """A 类 / 款 / 项 sub-column of a split 科目编码 header."""
    return bool(path) and path[-1] in CODE_PART_WORDS


MIN_NEAR_LENGTH = 5  # header words this long are far enough apart for one misread glyph to be told


def near_word(word: str, vocabulary: Iterable[str]) -> str | None:
    """The one vocabulary word that ``word`` misprints by a single character (OCR: 一般公共预蓝), if any.

    Only words of MIN_NEAR_LENGTH characters or more: shorter ones (上年结转 / 上年结余) are other words.
    """
    if len(word) < MIN_NEAR_LENGTH:
        return None
    near = {
        known
        for known in vocabulary
        if len(known) == len(word) and sum(a != b for a, b in zip(known, word, strict=True)) == 1
    }
    return near.pop() if len(near) == 1 else None


def key_part(word: str) -> str:
    bare = _YEAR.sub("", word)
    if not bare:
        return "amount"
    known = BUDGET_PARTS.get(bare, BUDGET_PARTS.get(word))
    if known is None and (near := near_word(bare, BUDGET_PARTS)) is not None:
        known = BUDGET_PARTS[near]
    return known or bare


KNOWN_PARTS = frozenset(BUDGET_PARTS.values())


def column_key(path: list[str], banners: bool = True) -> str:
    """Stable key of a header path: known words mapped, a lone year/预算数 level dropped.

    With ``banners=False`` a group word the vocabulary does not know (支出预算, 一般公共预算支出 over
    合计 | 基本支出 | 项目支出: the table restating its own subject) is left out of the key when the
    words below it are known, so the same measure gets the same key in every template.
    """
    parts = [key_part(w) for w in path]
    if len(parts) > 1:
        parts = [p for p in parts if p != "amount"] or ["amount"]
    if not banners and len(parts) > 1 and parts[-1] in KNOWN_PARTS:
        parts = [p for p in parts[:-1] if p in KNOWN_PARTS] + parts[-1:]
    return ".".join(parts) if parts else "value"
