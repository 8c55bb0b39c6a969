"""Row hierarchies: classification codes, two-sided carry-over blocks, economic classes, projects."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from budgetlens.model import Row, RowRole

CODE_LEVEL = {3: 1, 5: 2, 7: 3}
ECONOMIC_CLASSES = ("工资福利支出", "商品和服务支出", "对个人和家庭的补助", "资本性支出", "债务利息及费用支出")
CARRYOVER_HEADS = ("上年结转", "上年财政拨款结转", "上年结余", "年初结转和结余")
_CIRCLED = re.compile(r"^[①-⑩]\s*")
_ORG_END = re.compile(r"(局|中心|分局|队|所|站|院|馆|会|办公室|委员会|处|室|团|社|校|园|部)([（(][^）)]*[）)])?$")
_NOT_ORG = ("经费", "资金", "项目", "补助", "费", "工资", "支出", "建设", "情况", "维护", "更新")


def by_codes(rows: list[Row]) -> None:
    """Levels, parents and paths from 类/款/项 codes (3/5/7 digits) in pre-order."""
    last: dict[str, Row] = {}
    for row in rows:
        if not row.code:
            continue
        row.level = CODE_LEVEL.get(len(row.code))
        last[row.code] = row
        parent = last.get(row.code[:-2]) if len(row.code) > 3 else None
        if parent is not None:
            row.parent = parent.index
            row.path = [*parent.path, parent.name]


def carryover_block(rows: list[Row], side: str | None) -> None:
    """In two-sided totals tables the carry-over source rows repeat 一、/二、/三、 labels: nest them."""
    head: Row | None = None
    for row in rows:
        if row.side != side:
            continue
        if any(row.name.startswith(h) for h in CARRYOVER_HEADS):
            head = row
            continue
        if row.role is RowRole.TOTAL:
            head = None
        elif head is not None:
            row.parent = head.index
            row.path = [head.name]


def economic(rows: list[Row]) -> None:
    """Basic-expenditure tables print 类 rows with an empty second name, then their 款 rows."""
    current: Row | None = None
    for row in rows:
        if row.role is RowRole.TOTAL:
            continue
        if row.second_name is None and (row.name in ECONOMIC_CLASSES or row.name.endswith("支出")):
            row.level = 1
            current = row
        elif current is not None:
            row.level = 2
            row.parent = current.index
            row.path = [current.name]


MEMO_ITEMS = ("机关运行经费",)


def sub_items(rows: list[Row]) -> None:
    """三公 tables: ①/② rows are parts of the row above them that has no circled digit.

    The combined “三公”经费和机关运行经费预算表 prints 机关运行经费 as a row of its own: it is no part of
    the 三公 合计, so it becomes a MEMO row at level 1 (found by name, outside every sum).
    """
    parent: Row | None = None
    for row in rows:
        if re.sub(r"\s+", "", row.name).startswith(MEMO_ITEMS) and not row.code:
            row.role, row.level = RowRole.MEMO, 1
            parent = None
        elif _CIRCLED.match(row.name):
            row.name = _CIRCLED.sub("", row.name)
            if parent is not None:
                row.parent = parent.index
                row.path = [parent.name]
                row.level = 2
        elif row.role is not RowRole.TOTAL:
            parent = row
            row.level = 1


def _width_free(name: str) -> str:
    """A name with full-width brackets and punctuation folded (（）→ ()), as OCR mixes them."""
    return unicodedata.normalize("NFKC", name)


def looks_like_unit(name: str, known: set[str]) -> bool:
    """An organisation name (…局, …中心, …队) rather than a project name (…经费, …费)."""
    if name in known or _width_free(name) in {_width_free(k) for k in known}:
        return True
    base = re.sub(r"[（(][^）)]*[）)]$", "", name)  # a scan may print one bracket full-width, the other not
    return bool(_ORG_END.search(name)) and not any(base.endswith(w) or w in base for w in _NOT_ORG[:4])


def _total(row: Row) -> Decimal:
    amount = row.cells.get("total") or next(iter(row.cells.values()), None)
    return amount.value if amount is not None and amount.value is not None else Decimal(0)


def projects(rows: list[Row], issuer: str | None, department_level: bool, known_units: set[str]) -> None:
    """Department row, unit rows and project rows of a project table (positional, verified by sums)."""
    if not rows:
        return
    first, rest = rows[0], rows[1:]
    has_department = department_level and (
        first.name == issuer or _total(first) * 2 == sum((_total(r) for r in rest), Decimal(0))
    )
    department = first if has_department else None
    items = rest if has_department else rows
    if department is not None:
        department.role, department.level = RowRole.DEPARTMENT, 0
    unit_flags = [looks_like_unit(r.name, known_units) for r in items]
    if items and not unit_flags[0]:
        unit_flags = _units_by_sums(items) or unit_flags
    unit: Row | None = None
    for row, is_unit in zip(items, unit_flags, strict=True):
        if is_unit or (unit is None and department is None and not department_level):
            unit = row
            row.role, row.level = RowRole.UNIT, 1
            if department is not None:
                row.parent, row.path = department.index, [department.name]
        else:
            row.role, row.level = RowRole.PROJECT, 2
            if unit is not None:
                row.parent, row.path = unit.index, [unit.name]


def _units_by_sums(items: list[Row]) -> list[bool] | None:
    """Find unit rows as the rows whose amount equals the sum of the project rows after them.

    ``splits[i]`` is where the unit at row i ends (its projects fill rows i+1 … end-1) such that the rows from
    there split the same way, the first such end as a search row by row would find it; worked out from the
    last row back, so that a long table needs neither deep recursion nor to try a split twice.
    """
    values = [_total(r) for r in items]
    n = len(items)
    splits: list[int | None] = [None] * (n + 1)
    splits[n] = n
    for i in range(n - 1, -1, -1):
        acc = Decimal(0)
        for j in range(i + 1, n):
            acc += values[j]
            if acc == values[i] and splits[j + 1] is not None:
                splits[i] = j + 1
                break
            if acc > values[i]:
                break
    if splits[0] is None:
        return None
    flags = [False] * n
    at: int | None = 0
    while at is not None and at < n:
        flags[at] = True
        at = splits[at]
    return flags
