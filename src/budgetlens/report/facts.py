"""The `facts` export: one JSON object per amount cell of every table (SPEC.md contract)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from budgetlens.model import Document, RowRole, Table


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def table_facts(doc: Document, table: Table) -> Iterator[dict[str, Any]]:
    """Cells of one table in row order; blank cells included with value null."""
    columns = {c.key: c for c in table.columns}
    for row in table.rows:
        for key, amount in row.cells.items():
            column = columns.get(key)
            yield {
                "table": table.kind,
                "table_id": table.id,
                "table_title": table.title,
                "row_code": row.code,
                "row_number": row.number,
                "row_name": row.name,
                "row_path": row.path,
                "row_role": row.role.value,
                "column": key,
                "column_header": column.header_text if column else key,
                "value": _plain(amount.value),
                "printed": amount.printed,
                "unit": amount.unit,
                "yuan": _plain(amount.yuan),
                "status": amount.status.value,
                "constraint": amount.constraint,
                "line": row.location.line,
                "page": row.location.page,
                "document": doc.sha256,
            }
    yield from _derived(doc, table)


def _derived(doc: Document, table: Table) -> Iterator[dict[str, Any]]:
    """Counts derived from a project table's hierarchy (marked status "derived", not printed)."""
    if table.kind not in ("budget.projects", "budget.projects_carryover") or not table.rows:
        return
    for role, label in ((RowRole.PROJECT, "项目行数"), (RowRole.UNIT, "单位行数")):
        rows = [r for r in table.rows if r.role is role]
        yield {
            "table": table.kind,
            "table_id": table.id,
            "table_title": table.title,
            "row_code": None,
            "row_number": None,
            "row_name": label,
            "row_path": [],
            "row_role": "derived",
            "column": "count",
            "column_header": "count",
            "value": str(len(rows)),
            "printed": None,
            "unit": "个",
            "yuan": None,
            "status": "derived",
            "constraint": f"count of {role.value} rows",
            "line": rows[0].location.line if rows else table.location.line,
            "page": None,
            "document": doc.sha256,
        }


def document_facts(doc: Document) -> Iterator[dict[str, Any]]:
    for table in doc.tables:
        yield from table_facts(doc, table)
