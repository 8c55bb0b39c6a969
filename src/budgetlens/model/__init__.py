"""The shared typed model of budgetlens (no I/O, no parsing)."""

from budgetlens.model.document import (
    Claim,
    Column,
    Document,
    Funding,
    Indicator,
    PerformanceTarget,
    Row,
    Section,
    Table,
)
from budgetlens.model.enums import ClaimMeasure, DocumentKind, Level, RowRole, Severity, ValueStatus
from budgetlens.model.finding import Finding
from budgetlens.model.location import Location
from budgetlens.model.money import Amount

__all__ = [
    "Amount",
    "Claim",
    "ClaimMeasure",
    "Column",
    "Document",
    "DocumentKind",
    "Finding",
    "Funding",
    "Indicator",
    "Level",
    "Location",
    "PerformanceTarget",
    "Row",
    "RowRole",
    "Section",
    "Severity",
    "Table",
    "ValueStatus",
]
