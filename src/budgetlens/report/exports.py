"""Extract formats: JSON document, facts JSON Lines, CSV of facts (XLSX is ``report.xlsx``, which needs openpyxl)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from budgetlens.model import Document
from budgetlens.report.facts import document_facts
from budgetlens.report.json_report import document_json

__all__ = ["FACT_FIELDS", "documents_json", "facts_csv", "facts_jsonl"]

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
