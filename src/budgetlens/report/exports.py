"""Extract formats: JSON document, facts JSON Lines, CSV of facts, XLSX with one sheet per table."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from budgetlens.model import Document
from budgetlens.report.facts import document_facts
from budgetlens.report.json_report import document_json

FACT_FIELDS = (
    "document", "table", "table_id", "table_title", "row_code", "row_number", "row_name", "row_path", "row_role",
    "column", "column_header", "value", "printed", "unit", "yuan", "status", "constraint", "line", "page",
)  # fmt: skip


def facts_jsonl(docs: list[Document]) -> str:
    return "".join(json.dumps(f, ensure_ascii=False) + "\n" for d in docs for f in document_facts(d))


def facts_csv(docs: list[Document]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=FACT_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for doc in docs:
        for fact in document_facts(doc):
            row: dict[str, Any] = dict(fact)
            row["row_path"] = " / ".join(fact["row_path"])
            writer.writerow(row)
    return buf.getvalue()


def documents_json(docs: list[Document]) -> str:
    payload: Any = document_json(docs[0]) if len(docs) == 1 else [document_json(d) for d in docs]
    return json.dumps(payload, ensure_ascii=False, indent=1)


def _sheet_name(title: str, used: set[str]) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28] or "table"
    name, n = base, 2
    while name in used:
        name, n = f"{base[:26]}_{n}", n + 1
    used.add(name)
    return name


def write_xlsx(docs: list[Document], out: Path) -> None:
    """One formatted sheet per table: title, unit, header path, rows with their amounts as numbers."""
    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    used: set[str] = set()
    bold = Font(bold=True)
    for doc in docs:
        for table in doc.tables:
            ws = wb.create_sheet(_sheet_name(table.title, used))
            ws.append([table.title])
            ws["A1"].font = Font(bold=True, size=13)
            ws.append([f"{table.issuer_label or doc.issuer or ''}", f"单位：{table.unit}"])
            ws.append(["编码", "名称", "上级", *[c.header_text for c in table.columns]])
            for cell in ws[3]:
                cell.font = bold
                cell.alignment = Alignment(wrap_text=True)
            for row in table.rows:
                values: list[Any] = [row.code or "", row.name, " / ".join(row.path)]
                for col in table.columns:
                    amount = row.cells.get(col.key)
                    values.append(amount.value if amount is not None else None)
                ws.append(values)
            for r in ws.iter_rows(min_row=4, min_col=4):
                for c in r:
                    c.number_format = "#,##0.00"
            ws.column_dimensions["B"].width = 40
            if table.empty_note:
                ws.append(["注：本表无数据"])
    if not wb.sheetnames:
        wb.create_sheet("empty")
    wb.save(out)
