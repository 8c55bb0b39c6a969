"""The stored tables of a document, read back as printed: the header rebuilt from the columns' header paths, the
rows with their labels, each cell with its printed text, value and status, and the findings that point at it.

``table_list`` and ``stored_table`` read the store (every value a parameter); ``printed_table`` lays out what they
read and runs outside the store's lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from budgetlens.report.xlsx import header_merges
from budgetlens.serve.errors import not_found
from budgetlens.store import Store

HEADER_JOIN = " / "  # amounts.column_header is the header path joined by this (SPEC: --format facts)
TABLE_LIST = """
SELECT t.table_id, t.kind, t.title, t.unit, t.line, t.page,
       (SELECT count(*) FROM rows r WHERE r.document = t.document AND r.table_id = t.table_id) AS row_count,
       (SELECT count(*) FROM amounts a WHERE a.document = t.document AND a.table_id = t.table_id
            AND a.value_text IS NOT NULL) AS amount_count,
       (SELECT count(*) FROM findings f WHERE f.document = t.document AND f.table_id = t.table_id) AS finding_count
FROM tables t WHERE t.document = ?
ORDER BY CASE WHEN t.table_id LIKE 'p%' THEN 1 ELSE 0 END, t.table_id  -- printed tables (t01 …) before targets (p01 …)
"""
ROWS = """
SELECT row_index, code, number, name, path, level, role, side, line, page FROM rows
WHERE document = ? AND table_id = ? ORDER BY row_index
"""
CELLS = """
SELECT row_index, column_key, column_header, printed, value_text, status, "constraint", ordinal FROM amounts
WHERE document = ? AND table_id = ? ORDER BY ordinal
"""
FINDINGS = """
SELECT finding_index, code, severity, message_zh, message_en, row_index, column_key, waived FROM findings
WHERE document = ? AND table_id = ? ORDER BY finding_index
"""


def _plain(value: Any) -> Any:
    return format(value, "f") if isinstance(value, Decimal) else value


def table_list(store: Store, sha: str) -> list[dict[str, Any]]:
    """The tables of the document ``sha`` (full sha256) with their counts of rows, amounts and findings."""
    names = ("id", "kind", "title", "unit", "line", "page", "rows", "amounts", "findings")
    return [dict(zip(names, row, strict=True)) for row in store.backend.fetch(TABLE_LIST, (sha,))]


@dataclass(frozen=True, slots=True)
class StoredTable:
    """One table as the store holds it: its heading, rows, cells (in export order) and findings."""

    document: str
    heading: dict[str, Any]
    rows: list[tuple[Any, ...]]
    cells: list[tuple[Any, ...]]
    findings: list[tuple[Any, ...]]


def stored_table(store: Store, sha: str, table_id: str) -> StoredTable:
    """The table ``table_id`` of the document ``sha`` (full sha256); 404 when it has none of that id."""
    heading = [t for t in table_list(store, sha) if t["id"] == table_id]
    if not heading:
        raise not_found(f"表 {table_id}", f"table {table_id}")
    return StoredTable(
        document=sha,
        heading=heading[0],
        rows=store.backend.fetch(ROWS, (sha, table_id)),
        cells=store.backend.fetch(CELLS, (sha, table_id)),
        findings=store.backend.fetch(FINDINGS, (sha, table_id)),
    )


def header_path(column_header: str | None, key: str) -> list[str]:
    return [p.strip() for p in column_header.split(HEADER_JOIN)] if column_header else [key]


def header_rows(labels: list[str], paths: list[list[str]]) -> list[list[dict[str, Any]]]:
    """The printed header as rows of cells with colspan/rowspan: the label columns span every header row, the
    amount columns' paths merge equal prefixes across and short paths down (as the xlsx export does)."""
    depth = max((len(p) for p in paths), default=1)
    rows: list[list[dict[str, Any]]] = [[] for _ in range(depth)]
    rows[0] += [{"text": label, "colspan": 1, "rowspan": depth, "label": True} for label in labels]
    for top, bottom, left, right, text in sorted(header_merges(paths, depth), key=lambda b: (b[0], b[2])):
        cell = {"text": text, "colspan": right - left + 1, "rowspan": bottom - top + 1, "label": False}
        if right == left:
            cell["column"] = left
        rows[top].append(cell)
    return rows


def _finding(row: tuple[Any, ...], lang: str) -> dict[str, Any]:
    index, code, severity, zh, en, row_index, column_key, waived = row
    return {
        "index": index, "code": code, "severity": severity, "message": en if lang == "en" else zh,
        "row_index": row_index, "column_key": column_key, "waived": bool(waived),
    }  # fmt: skip


COUNTS = ("rows", "amounts", "findings")
LABELS = {"zh": ("科目编码", "行次", "科目名称", "项目"), "en": ("code", "line no.", "name", "item")}


def printed_table(stored: StoredTable, lang: str = "zh") -> dict[str, Any]:
    """The table as printed (JSON-ready): heading, header rows, columns, rows with their cells, findings."""
    columns: dict[str, str] = {}  # key → header text, in the order the cells first appear
    for _, key, header, *_ in stored.cells:
        columns.setdefault(key, header)
    findings = [_finding(f, lang) for f in stored.findings]
    by_cell: dict[tuple[int, str | None], list[int]] = {}
    for f in findings:
        if f["row_index"] is not None:
            by_cell.setdefault((f["row_index"], f["column_key"]), []).append(f["index"])
    cells: dict[int, dict[str, dict[str, Any]]] = {}
    for row_index, key, _, printed, value, status, constraint, _ in stored.cells:
        cells.setdefault(row_index, {})[key] = {
            "printed": printed, "value": value, "status": status, "constraint": constraint,
            "findings": by_cell.get((row_index, key), []),
        }  # fmt: skip
    rows = []
    for index, code, number, name, path, level, role, side, line, page in stored.rows:
        rows.append({
            "index": index, "code": code, "number": number, "name": name, "path": list(path or []),
            "level": level, "role": role, "side": side, "line": line, "page": page,
            "cells": cells.get(index, {}), "findings": by_cell.get((index, None), []),
        })  # fmt: skip
    code_h, number_h, name_h, item_h = LABELS["en" if lang == "en" else "zh"]
    fields = [f for f in ("code", "number") if any(r[f] not in (None, "") for r in rows)]
    names = {"code": code_h, "number": number_h}
    labels = [names[f] for f in fields] + [name_h if fields else item_h]
    paths = [header_path(header, key) for key, header in columns.items()]
    return {
        "document": stored.document,
        **{k: _plain(v) for k, v in stored.heading.items() if k not in COUNTS},
        "counts": {k: stored.heading[k] for k in COUNTS},
        "labels": labels,
        "label_fields": [*fields, "name"],
        "header": header_rows(labels, paths),
        "columns": [
            {"key": key, "header": header, "path": path}
            for (key, header), path in zip(columns.items(), paths, strict=True)
        ],
        "rows": rows,
        "findings": findings,
    }
