"""Each data model's workbook layout: BudgetData's (generate/budget_sheets.py) or FinalData's
(generate/final_sheets.py)."""

from __future__ import annotations

from pydantic import BaseModel

from budgetlens.generate.budget_sheets import BUDGET
from budgetlens.generate.final_sheets import FINAL
from budgetlens.generate.sheets import Layout

__all__ = ["layout_for"]


def layout_for(model: type[BaseModel]) -> Layout:
    """The workbook layout of a data model: a final account's (its ``kind`` is final) or the budget's."""
    kind = model.model_fields.get("kind")
    return FINAL if kind is not None and kind.default == "final" else BUDGET
