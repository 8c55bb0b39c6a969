"""Which amount a comparison reads from each kind of document.

Budgets and final accounts print different tables, so each measure names, per document kind, the table
and column to read, in order of preference (the first the document has wins):

* ``total``   (default, function classification) – all funds a department spends:
  budget ``budget.expenditure`` 合计 (预算支出总表), final account ``final.expenditure`` 本年支出合计 (支出决算表).
* ``general`` – general public budget appropriations only (一般公共预算财政拨款):
  budget ``budget.general_expenditure`` 合计, final ``final.general_expenditure`` 本年支出 小计.
* economic classification (``--by economic``) – the only economic tables both kinds print are the general
  public budget's *basic* expenditure: budget ``budget.general_basic_economic`` 合计, final
  ``final.general_basic_detail`` 决算数. The measure option does not change them.

A budget's 合计 is the year's planned spending, a final account's 本年支出合计 what was spent in the year:
comparing the two is the budget-vs-outturn view the documents themselves use.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from budgetlens.model.table_kinds import TableKind


class Classification(str, Enum):
    function = "function"  # 支出功能分类 (类 3 digits / 款 5 / 项 7)
    economic = "economic"  # 部门预算支出经济分类 (类 30x / 款 30xxx)


class Measure(str, Enum):
    total = "total"
    general = "general"


LEVELS = {"类": 1, "款": 2, "项": 3}
CODE_LENGTHS = {1: 3, 2: 5, 3: 7}


@dataclass(frozen=True)
class Source:
    """A table kind and column key to read."""

    table: str
    column: str


_SOURCES: dict[tuple[Classification, Measure, str], tuple[Source, ...]] = {
    (Classification.function, Measure.total, "budget"): (
        Source(TableKind.BUDGET_EXPENDITURE, "total"),
        Source(TableKind.BUDGET_GENERAL_EXPENDITURE, "total"),
    ),
    (Classification.function, Measure.total, "final_account"): (
        Source(TableKind.FINAL_EXPENDITURE, "total"),
        Source(TableKind.FINAL_GENERAL_EXPENDITURE, "total"),
    ),
    (Classification.function, Measure.general, "budget"): (Source(TableKind.BUDGET_GENERAL_EXPENDITURE, "total"),),
    (Classification.function, Measure.general, "final_account"): (
        Source(TableKind.FINAL_GENERAL_EXPENDITURE, "total"),
    ),
}
_ECONOMIC = {
    "budget": (Source(TableKind.BUDGET_GENERAL_BASIC_ECONOMIC, "total"),),
    "final_account": (Source(TableKind.FINAL_GENERAL_BASIC_DETAIL, "basic"),),
}


def sources(by: Classification, measure: Measure, document_kind: str) -> tuple[Source, ...]:
    """The tables to try, best first, for a document of ``document_kind`` ("budget" / "final_account")."""
    if by is Classification.economic:
        return _ECONOMIC.get(document_kind, ())
    return _SOURCES.get((by, measure, document_kind), ())


def code_length(by: Classification, level: int) -> int:
    """Digits of a code at ``level``: function 3/5/7, economic 3/5 (no 项)."""
    if by is Classification.economic and level > 2:
        raise ValueError("the economic classification has only 类 and 款")
    return CODE_LENGTHS[level]


def code_in_scheme(by: Classification, code: str) -> bool:
    """Function codes start with 2, economic (部门) codes with 3."""
    return code.isdigit() and code[0] == ("2" if by is Classification.function else "3")
