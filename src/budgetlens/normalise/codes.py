"""Resolve classification codes the document prints only as names (收支总表 类 rows, 表六 economic rows).

A 类 name one character away from exactly one official name (a scan's OCR read 支出 as 支用) is
resolved to that entry, and the reading is reported (BL025): the name stays as printed.
"""

from __future__ import annotations

import re

from budgetlens.model import Document, Finding, Row
from budgetlens.model import classification as cls
from budgetlens.model.table_kinds import Rows, TableKind, kinds_with
from budgetlens.parse.rows import problem

_ORDINAL = re.compile(r"^[一二三四五六七八九十]+、\s*")
TWO_SIDED = kinds_with(Rows.TWO_SIDED)
MIN_NEAR_LENGTH = 4  # shorter names are too alike (行政运行 / 一般行政) to tell a misreading from another name


def _resolve_functional(row: Row, year: int | None, table: str) -> Finding | None:
    if row.code or row.role.value == "total":
        return None
    name = _ORDINAL.sub("", row.name)
    entry = cls.functional_by_name(name, year, level=1)
    if entry is not None:
        row.code, row.code_source, row.level = entry.code, "classification", 1
        return None
    near = _near_class(name, year)
    if near is None:
        return None
    row.code, row.code_source, row.level = near.code, "classification", 1
    return problem("BL025", row.location, table=table, line=row.location.line, name=row.name, official=near.name,
                   code=near.code)  # fmt: skip


def _near_class(name: str, year: int | None) -> cls.Entry | None:
    """The one 类 whose official name differs from ``name`` in a single character, if exactly one does."""
    key = cls.normalise_name(name)
    if len(key) < MIN_NEAR_LENGTH:
        return None
    near = {
        e.code: e
        for e in cls.all_entries("functional")
        if e.level == 1
        and e.valid_in(year)
        and len(official := cls.normalise_name(e.name)) == len(key)
        and sum(a != b for a, b in zip(official, key, strict=True)) == 1
    }
    return next(iter(near.values())) if len(near) == 1 else None


def _resolve_economic(rows: list[Row], year: int | None) -> None:
    parents: dict[int, Row] = {r.index: r for r in rows}
    for row in rows:
        if row.code or row.level is None:
            continue
        parent = parents.get(row.parent) if row.parent is not None else None
        parent_ref = (parent.code or parent.name) if parent is not None else None
        entry = cls.economic_dept_by_name(row.name, parent=parent_ref, year=year)
        if entry is not None and entry.level == row.level:
            row.code, row.code_source = entry.code, "classification"
        if row.second_name:
            gov = cls.economic_gov_by_name(row.second_name, year=year)
            if gov is not None:
                row.second_code = gov.code


def normalise(doc: Document) -> None:
    """Fill codes from the classification table; unknown names stay without a code (never guessed)."""
    for table in doc.tables:
        if table.kind in TWO_SIDED:
            for row in table.rows:
                if row.side == "expenditure" and (found := _resolve_functional(row, doc.fiscal_year, table.title)):
                    doc.parse_findings.append(found)
        elif table.kind == TableKind.BUDGET_GENERAL_BASIC_ECONOMIC:
            _resolve_economic(table.rows, doc.fiscal_year)
