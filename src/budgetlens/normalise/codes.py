"""Resolve classification codes the document prints only as names (收支总表 类 rows, 表六 economic rows)."""

from __future__ import annotations

import re

from budgetlens.model import Document, Row
from budgetlens.normalise import classification as cls

_ORDINAL = re.compile(r"^[一二三四五六七八九十]+、\s*")
TWO_SIDED = ("budget.summary", "budget.fiscal_summary", "final.summary", "final.fiscal_summary")


def _resolve_functional(row: Row, year: int | None) -> None:
    if row.code or row.role.value == "total":
        return
    entry = cls.functional_by_name(_ORDINAL.sub("", row.name), year, level=1)
    if entry is not None:
        row.code, row.code_source, row.level = entry.code, "classification", 1


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
                if row.side == "expenditure":
                    _resolve_functional(row, doc.fiscal_year)
        elif table.kind == "budget.general_basic_economic":
            _resolve_economic(table.rows, doc.fiscal_year)
