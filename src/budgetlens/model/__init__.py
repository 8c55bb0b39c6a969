"""The shared typed model of budgetlens (no I/O, no parsing).

Each name is loaded from its module on first use: building the pydantic classes takes a tenth of a
second, which what needs only the enums or the table kinds (the command line's options, ``--help``)
does not pay.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_MODULES = {
    "document": ("Claim", "Column", "Document", "Funding", "Indicator", "PerformanceTarget", "Row", "Section", "Table"),
    "enums": ("ClaimMeasure", "DocumentKind", "Level", "RowRole", "Severity", "ValueStatus"),
    "finding": ("Finding",),
    "location": ("Location",),
    "money": ("Amount",),
    "table_kinds": ("SCHEMAS", "Reading", "Rows", "TableKind", "TableSchema", "schema"),
}
_MODULE_OF = {name: module for module, names in _MODULES.items() for name in names}

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


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # found at once the next time
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
