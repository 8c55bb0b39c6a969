"""A checked document as plain rows for the store's tables (picklable: built in workers, written by the parent)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from budgetlens.check.runner import CheckResult
from budgetlens.model import Document, Finding, Table
from budgetlens.report.facts import document_facts

Record = tuple[Any, ...]

# Column order of every table the ingest writes (names as in migrations/0001_initial.sql and 0002_review.sql).
COLUMNS: dict[str, tuple[str, ...]] = {
    "tables": ("document", "table_id", "kind", "title", "unit", "line", "page"),
    "rows": (
        "document", "table_id", "row_index", "code", "number", "name", "path", "level", "parent", "role", "side",
        "line", "page",
    ),
    "amounts": (
        "document", "ordinal", "table_id", "row_index", "column_key", "column_header", "printed", "value_text",
        "value", "unit", "yuan", "status", "constraint", "line", "page",
    ),
    "targets": (
        "document", "target_index", "kind", "name", "department_code", "department_name", "unit_name", "attribute",
        "period", "filled_at", "linked_table", "linked_row", "link_method", "texts", "facts", "line",
    ),
    "indicators": (
        "document", "target_index", "indicator_index", "period", "level1", "level2", "name", "raw", "comparator",
        "number", "unit", "line",
    ),
    "claims": (
        "document", "claim_index", "section", "subject", "measure", "value", "unit", "printed", "direction", "base",
        "status", "constraint", "sentence", "line", "page",
    ),
    "findings": (
        "document", "finding_index", "code", "slug", "severity", "message_zh", "message_en", "params", "line",
        "page", "table_id", "row_index", "column_key", "expected", "actual", "reference", "cause_line", "waived",
        "bbox",
    ),
    "waivers": ("document", "finding_index", "code", "reason"),
}  # fmt: skip
DOCUMENT_COLUMNS = (
    "sha256", "source", "format", "title", "issuer", "issuer_code", "level", "kind", "fiscal_year", "region",
    "line_count", "ingested_at", "run_id",
)  # fmt: skip
FACT_FIELDS = (
    "table",
    "table_id",
    "table_title",
    "row_code",
    "row_number",
    "row_name",
    "row_path",
    "row_role",
    "column",
    "column_header",
    "value",
    "printed",
    "unit",
    "yuan",
    "status",
    "constraint",
    "line",
    "page",
    "document",
)  # the facts export (report/facts.py) and the store's facts view
SCALE = Decimal("0.000001")  # DECIMAL(38, 6)


@dataclass(slots=True)
class DocumentRecords:
    """Everything the store keeps about one document; ``document`` is written last, in the same transaction."""

    sha256: str
    source: str
    document: dict[str, Any]
    tables: dict[str, list[Record]] = field(default_factory=dict)

    @property
    def fact_count(self) -> int:
        return len(self.tables.get("amounts", []))


def _dec(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(SCALE)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _table_rows(doc: Document, table: Table, records: dict[str, list[Record]]) -> list[tuple[int, str]]:
    """Store a printed table and its rows; return the (row index, column key) of each cell in facts order."""
    sha = doc.sha256
    loc = table.location
    records["tables"].append((sha, table.id, table.kind, table.title, table.unit, loc.line, loc.page))
    cells: list[tuple[int, str]] = []
    for row in table.rows:
        records["rows"].append((
            sha, table.id, row.index, row.code, row.number, row.name, list(row.path), row.level, row.parent,
            row.role.value, row.side, row.location.line, row.location.page,
        ))  # fmt: skip
        cells.extend((row.index, key) for key in row.cells)
    return cells


def _fact_records(doc: Document, records: dict[str, list[Record]]) -> None:
    """Amounts from the facts export; facts without a printed row (counts, targets) get rows of their own."""
    sha = doc.sha256
    cells: dict[str, list[tuple[int, str]]] = {t.id: _table_rows(doc, t, records) for t in doc.tables}
    seen_tables = set(cells)
    used: dict[str, int] = {t.id: 0 for t in doc.tables}
    synthetic: dict[tuple[str, str, tuple[str, ...], str | None, str], int] = {}
    next_index: dict[str, int] = {t.id: max((r.index for r in t.rows), default=-1) + 1 for t in doc.tables}
    for ordinal, fact in enumerate(document_facts(doc)):
        table_id = fact["table_id"]
        if table_id not in seen_tables:
            seen_tables.add(table_id)
            records["tables"].append((sha, table_id, fact["table"], fact["table_title"], fact["unit"], fact["line"],
                                       fact["page"]))  # fmt: skip
            cells[table_id], used[table_id], next_index[table_id] = [], 0, 0
        position = used[table_id]
        if position < len(cells[table_id]) and cells[table_id][position][1] == fact["column"]:
            row_index = cells[table_id][position][0]
            used[table_id] = position + 1
        else:
            key = (table_id, fact["row_name"], tuple(fact["row_path"]), fact["row_code"], fact["row_role"])
            if key not in synthetic:
                synthetic[key] = next_index[table_id]
                next_index[table_id] += 1
                records["rows"].append((
                    sha, table_id, synthetic[key], fact["row_code"], fact["row_number"], fact["row_name"],
                    list(fact["row_path"]), None, None, fact["row_role"], None, fact["line"], fact["page"],
                ))  # fmt: skip
            row_index = synthetic[key]
        value = Decimal(fact["value"]) if fact["value"] is not None else None
        yuan = Decimal(fact["yuan"]) if fact["yuan"] is not None else None
        records["amounts"].append((
            sha, ordinal, table_id, row_index, fact["column"], fact["column_header"], fact["printed"], fact["value"],
            _dec(value), fact["unit"], yuan, fact["status"], fact["constraint"], fact["line"], fact["page"],
        ))  # fmt: skip


def _target_records(doc: Document, records: dict[str, list[Record]]) -> None:
    sha = doc.sha256
    for i, t in enumerate(doc.targets, start=1):
        linked_table, linked_row = t.linked_row if t.linked_row else (None, None)
        records["targets"].append((
            sha, i, t.kind, t.name, t.department_code, t.department_name, t.unit_name, t.attribute, t.period,
            t.filled_at, linked_table, linked_row, t.link_method, _json(t.texts), _json(t.facts), t.location.line,
        ))  # fmt: skip
        for j, ind in enumerate(t.indicators, start=1):
            records["indicators"].append((
                sha, i, j, ind.period, ind.level1, ind.level2, ind.name, ind.raw, ind.comparator, _dec(ind.number),
                ind.unit, ind.location.line,
            ))  # fmt: skip


def _claim_records(doc: Document, records: dict[str, list[Record]]) -> None:
    for i, c in enumerate(doc.claims, start=1):
        records["claims"].append((
            doc.sha256, i, c.section, c.subject, c.measure.value, _dec(c.value), c.unit, c.printed, c.direction,
            c.base, c.status.value, c.constraint, c.sentence, c.location.line, c.location.page,
        ))  # fmt: skip


def _finding_record(sha: str, index: int, f: Finding, waived: bool) -> Record:
    loc = f.location
    return (
        sha, index, f.code, f.slug, f.severity.value, f.message("zh"), f.message("en"), _json(f.params), loc.line,
        loc.page, loc.table, loc.row, loc.column, f.expected, f.actual, f.reference, f.cause_line, waived,
        json.dumps([round(v, 2) for v in loc.bbox]) if loc.bbox else None,
    )  # fmt: skip


def _finding_records(result: CheckResult, records: dict[str, list[Record]]) -> None:
    sha = result.document.sha256
    index = 0
    for f in result.findings:
        index += 1
        records["findings"].append(_finding_record(sha, index, f, False))
    for f, reason in result.waived:
        index += 1
        records["findings"].append(_finding_record(sha, index, f, True))
        records["waivers"].append((sha, index, f.code, reason))


def document_records(result: CheckResult) -> DocumentRecords:
    """All rows of one checked document (waived findings are kept, marked, with their reasons)."""
    doc = result.document
    records: dict[str, list[Record]] = {name: [] for name in COLUMNS}
    _fact_records(doc, records)
    _target_records(doc, records)
    _claim_records(doc, records)
    _finding_records(result, records)
    row = {
        "sha256": doc.sha256, "source": doc.source, "format": doc.format, "title": doc.title, "issuer": doc.issuer,
        "issuer_code": doc.issuer_code, "level": doc.level.value if doc.level else None,
        "kind": doc.kind.value if doc.kind else None, "fiscal_year": doc.fiscal_year, "region": doc.region,
        "line_count": doc.line_count, "ingested_at": datetime.now(UTC).replace(tzinfo=None), "run_id": None,
    }  # fmt: skip
    return DocumentRecords(sha256=doc.sha256, source=doc.source, document=row, tables=records)
