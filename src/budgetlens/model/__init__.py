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
from budgetlens.model.table_kinds import SCHEMAS, Reading, Rows, TableKind, TableSchema, schema

__all__ = [
    "SCHEMAS",
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
    "Reading",
    "Row",
    "RowRole",
    "Rows",
    "Section",
    "Severity",
    "Table",
    "TableKind",
    "TableSchema",
    "ValueStatus",
    "schema",
]
