"""One stored table as a download: CSV (one header line, the header paths joined by " / ") or XLSX laid out like
the printed table with the xlsx export's conventions (merged header boxes, codes as text, amounts as numbers)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from budgetlens.report.xlsx import AMOUNT_FORMAT, BOX, FIRST_HEADER_ROW, display_width, header_box, header_merges


def _labels(table: dict[str, Any]) -> list[tuple[str, str]]:
    """(header, row field) of each label column the table prints."""
    return list(zip(table["labels"], table["label_fields"], strict=True))


def table_csv(table: dict[str, Any]) -> str:
    """The table as CSV: label columns, then one column per amount (the value as printed, separators removed)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    labels = _labels(table)
    writer.writerow([header for header, _ in labels] + [c["header"] for c in table["columns"]])
    for row in table["rows"]:
        values = [row["cells"].get(c["key"], {}).get("value") for c in table["columns"]]
        writer.writerow([row[field] for _, field in labels] + values)
    return buffer.getvalue()


def table_xlsx(table: dict[str, Any]) -> bytes:
    """The table as a one-sheet workbook: title, unit, the merged header, the rows; panes frozen at the amounts."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook has its one sheet
    ws.title = "".join(ch for ch in str(table["id"]) if ch not in "[]:*?/\\")[:28] or "table"
    labels = _labels(table)
    paths = [c["path"] for c in table["columns"]]
    depth = max((len(p) for p in paths), default=1)
    width = len(labels) + len(paths)
    ws.cell(row=1, column=1, value=table["title"]).font = Font(bold=True, size=14)
    if width > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(row=2, column=max(width, 1), value=f"单位：{table['unit'] or ''}").alignment = Alignment(horizontal="right")
    top, bottom = FIRST_HEADER_ROW, FIRST_HEADER_ROW + depth - 1
    for i, (header, _) in enumerate(labels, start=1):
        header_box(ws, top, bottom, i, i, header)
    for lv_from, lv_to, c_from, c_to, text in header_merges(paths, depth):
        header_box(ws, top + lv_from, top + lv_to, len(labels) + 1 + c_from, len(labels) + 1 + c_to, text)
    widths = [display_width(h) for h, _ in labels] + [display_width(p[-1]) for p in paths]
    for r, row in enumerate(table["rows"], start=bottom + 1):
        bold = Font(bold=True) if row["role"] == "total" else None
        for c, (_, field) in enumerate(labels, start=1):
            value = row[field]
            cell = ws.cell(row=r, column=c, value=str(value) if field == "code" and value is not None else value)
            cell.border = BOX
            if field == "code":
                cell.number_format = "@"
            if field == "name" and row["level"] and row["level"] > 1:
                cell.alignment = Alignment(indent=row["level"] - 1)
            if bold:
                cell.font = bold
            widths[c - 1] = max(widths[c - 1], display_width(str(value or "")) + 2 * (row["level"] or 0))
        for c, column in enumerate(table["columns"], start=len(labels) + 1):
            text = row["cells"].get(column["key"], {}).get("value")
            cell = ws.cell(row=r, column=c, value=Decimal(text) if text is not None else None)
            cell.number_format, cell.border = AMOUNT_FORMAT, BOX
            if bold:
                cell.font = bold
            if text is not None:
                widths[c - 1] = max(widths[c - 1], len(f"{Decimal(text):,.2f}"))
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = min(60, max(8, w + 2))
    ws.freeze_panes = f"{get_column_letter(len(labels) + 1)}{bottom + 1}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
