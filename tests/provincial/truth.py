"""The truth of a generated document: one record per amount cell, as the tool's facts should give it."""

from __future__ import annotations

from typing import Any

from tests.provincial.model import Disclosure


def truth_cells(doc: Disclosure) -> list[dict[str, Any]]:
    """Every amount cell of every table: table, row code / number / name, column header and printed value."""
    return [
        dict(
            table_index=index,
            table_label=table.label,
            table_title=table.title,
            kind=table.kind,
            row_code=cell.get("row_code"),
            row_number=cell.get("row_number"),
            row_name=cell.get("row_name"),
            column_header=cell["column_header"],
            value=cell["value"],
            unit=table.unit,
            printed=cell.get("printed"),
            body_row=cell["body_row"],
            col=cell["col"],
        )
        for index, table in enumerate(doc.tables)
        for cell in table.truth
    ]
