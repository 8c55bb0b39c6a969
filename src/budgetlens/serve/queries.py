"""The one place the service reads the store: documents with their review status and finding counts, and the lookups
the routes share. Every value reaches SQL as a parameter; sort keys are chosen from a fixed list."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from budgetlens.serve.errors import ApiError, not_found
from budgetlens.store import Store

SHA = re.compile(r"[0-9a-f]{8,64}")
SORTS = {  # the API's sort key → the SQL expression
    "issuer": "d.issuer", "year": "d.fiscal_year", "kind": "d.kind", "level": "d.level", "region": "d.region",
    "errors": "errors", "warnings": "warnings", "status": "status", "ingested": "d.ingested_at", "title": "d.title",
}  # fmt: skip
DOCUMENT_SELECT = """
SELECT d.sha256, d.title, d.issuer, d.issuer_code, d.fiscal_year, d.kind, d.level, d.region, d.format, d.source,
       d.line_count, d.ingested_at, COALESCE(r.status, 'pending') AS status, r.reviewed_by, r.reviewed_at,
       (SELECT count(*) FROM findings f WHERE f.document = d.sha256 AND f.severity = 'error' AND NOT f.waived)
           AS errors,
       (SELECT count(*) FROM findings f WHERE f.document = d.sha256 AND f.severity = 'warning' AND NOT f.waived)
           AS warnings,
       (SELECT count(*) FROM decisions c WHERE c.document = d.sha256) AS decided,
       (SELECT count(*) FROM tables t WHERE t.document = d.sha256) AS tables,
       s.name AS source_name, s.size AS source_size
FROM documents d
LEFT JOIN reviews r ON r.document = d.sha256
LEFT JOIN sources s ON s.document = d.sha256
"""
DOCUMENT_FIELDS = (
    "sha256", "title", "issuer", "issuer_code", "fiscal_year", "kind", "level", "region", "format", "source",
    "line_count", "ingested_at", "status", "reviewed_by", "reviewed_at", "errors", "warnings", "decided", "tables",
    "source_name", "source_size",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    q: str | None = None  # words in the title, issuer or file name
    region: str | None = None
    year: int | None = None
    kind: str | None = None  # budget | final_account
    level: str | None = None  # department | unit
    department: str | None = None  # the issuer's name or code contains this
    status: str | None = None  # pending | reviewed
    sort: str = "year"
    descending: bool = True
    limit: int = 100
    offset: int = 0


def _plain(value: Any) -> Any:
    return value.isoformat(timespec="seconds") + "Z" if isinstance(value, datetime) else value


def _document(row: tuple[Any, ...]) -> dict[str, Any]:
    out = {name: _plain(value) for name, value in zip(DOCUMENT_FIELDS, row, strict=True)}
    for name in ("errors", "warnings", "decided", "tables"):
        out[name] = int(out[name] or 0)
    return out


def documents(store: Store, where: DocumentFilter) -> tuple[list[dict[str, Any]], int]:
    """The documents that pass ``where`` (one page of them) and how many pass in all."""
    clauses: list[str] = []
    params: list[Any] = []
    if where.q:
        clauses.append("(lower(d.title) LIKE ? OR lower(d.issuer) LIKE ? OR lower(d.source) LIKE ? OR d.sha256 LIKE ?)")
        like = f"%{where.q.strip().lower()}%"
        params += [like, like, like, where.q.strip().lower() + "%"]
    for column, value in (("d.region", where.region), ("d.kind", where.kind), ("d.level", where.level)):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    if where.year is not None:
        clauses.append("d.fiscal_year = ?")
        params.append(where.year)
    if where.department:
        clauses.append("(d.issuer LIKE ? OR d.issuer_code LIKE ?)")
        params += [f"%{where.department}%", f"{where.department}%"]
    if where.status:
        clauses.append("COALESCE(r.status, 'pending') = ?")
        params.append(where.status)
    condition = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    if where.sort not in SORTS:
        raise ApiError(400, "bad_request", f"不能按 {where.sort} 排序", f"cannot sort by {where.sort}")
    direction = "DESC" if where.descending else "ASC"
    order = f" ORDER BY {SORTS[where.sort]} {direction} NULLS LAST, d.issuer, d.sha256"  # on the listed rows, as d
    page = f" LIMIT {int(where.limit)} OFFSET {int(where.offset)}"
    inner = f"{DOCUMENT_SELECT}{condition}"
    total = int(store.backend.fetch(f"SELECT count(*) FROM ({inner}) AS listed", params)[0][0])
    rows = store.backend.fetch(f"SELECT * FROM ({inner}) AS d{order}{page}", params)
    return [_document(r) for r in rows], total


def resolve(store: Store, sha: str) -> str:
    """The full sha256 of the one stored document ``sha`` (8 or more hex digits) names; 404 otherwise."""
    sha = sha.lower()
    if not SHA.fullmatch(sha):
        raise ApiError(400, "bad_request", f"文件标识应为 sha256（至少 8 位十六进制）：{sha}",
                       f"a document is named by its sha256 (8 or more hex digits): {sha}")  # fmt: skip
    rows = store.backend.fetch("SELECT sha256 FROM documents WHERE sha256 LIKE ? LIMIT 2", (sha + "%",))
    if len(rows) != 1:
        if rows:
            raise ApiError(400, "bad_request", f"文件标识 {sha} 不唯一，请写长一些",
                           f"the document id {sha} is ambiguous; give more digits")  # fmt: skip
        raise not_found(f"文件 {sha}", f"document {sha}")
    return str(rows[0][0])


def document(store: Store, sha: str) -> dict[str, Any]:
    """One stored document with its status and counts (``sha`` as ``resolve`` takes it)."""
    full = resolve(store, sha)
    rows = store.backend.fetch(f"{DOCUMENT_SELECT} WHERE d.sha256 = ?", (full,))
    return _document(rows[0])


def facets(store: Store) -> dict[str, list[Any]]:
    """The values the documents' filters can take: regions, years, kinds, levels, issuers."""
    out: dict[str, list[Any]] = {}
    for name, column in (("region", "region"), ("year", "fiscal_year"), ("kind", "kind"), ("level", "level"),
                         ("department", "issuer")):  # fmt: skip
        rows = store.backend.fetch(f"SELECT DISTINCT {column} FROM documents WHERE {column} IS NOT NULL ORDER BY 1")
        out[name] = [r[0] for r in rows]
    return out
