"""Composing by the template's kind: a budget template composes BudgetData (``compose``), a final-account template
FinalData (``compose_final``). ``templates.data_model`` names the data model a template reads."""

from __future__ import annotations

from pydantic import BaseModel

from budgetlens.generate.compose import compose as compose_budget
from budgetlens.generate.compose_final import compose_final
from budgetlens.generate.data import BudgetData
from budgetlens.generate.final_data import FinalData
from budgetlens.generate.printed import PrintedDocument
from budgetlens.generate.templates import Template

__all__ = ["compose"]


def compose(data: BaseModel, template: Template) -> PrintedDocument:
    """The disclosure the template prints for the data (of the template's kind), every figure computed."""
    if template.kind == "final":
        if not isinstance(data, FinalData):
            raise TypeError(f"the final-account template {template.name} composes FinalData")
        return compose_final(data, template)
    if not isinstance(data, BudgetData):
        raise TypeError(f"the budget template {template.name} composes BudgetData")
    return compose_budget(data, template)
