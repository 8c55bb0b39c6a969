"""The stored facts, filtered and paged, in the facts export's fields: JSON objects, CSV or Parquet.

The filters reach SQL as parameters; the order is the export's (document, then the fact's position in it).
Amounts stay decimal: strings in JSON and CSV, ``decimal128(38, 6)`` in Parquet (``report.parquet``'s schema).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from budgetlens.report.exports import FACT_FIELDS as FILE_FIELDS
from budgetlens.store import Store
from budgetlens.store.records import FACT_FIELDS

FACT_COLUMNS = ", ".join(f'"{name}"' for name in FACT_FIELDS)


@dataclass(frozen=True, slots=True)
class FactFilter:
    document: str | None = None  # a sha256 prefix (lower-case hex)
    table: str | None = None  # a table kind, such as budget.expenditure
    column: str | None = None  # a column key, such as total
    row_code: str | None = None  # a classification code prefix, such as 207
    status: str | None = None  # printed | repaired | derived
    limit: int = 1000
    offset: int = 0


def _where(where: FactFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for column, value in (('"table"', where.table), ('"column"', where.column), ("status", where.status)):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    for column, prefix in (("document", where.document), ("row_code", where.row_code)):
        if prefix:
            clauses.append(f"substr({column}, 1, ?) = ?")  # a prefix, without LIKE's wildcards
            params += [len(prefix), prefix]
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def facts(store: Store, where: FactFilter) -> tuple[list[dict[str, Any]], int]:
    """One page of the facts that pass ``where`` (as the facts export writes them) and how many pass in all."""
    condition, params = _where(where)
    total = int(store.backend.fetch(f"SELECT count(*) FROM fact_rows{condition}", params)[0][0])
    page = f" ORDER BY document, ordinal LIMIT {int(where.limit)} OFFSET {int(where.offset)}"
    rows = store.backend.fetch(f"SELECT {FACT_COLUMNS} FROM fact_rows{condition}{page}", params)
    return [_fact(row) for row in rows], total


def _fact(row: tuple[Any, ...]) -> dict[str, Any]:
    out = dict(zip(FACT_FIELDS, row, strict=True))
    out["row_path"] = list(out["row_path"] or [])
    out["yuan"] = format(out["yuan"], "f") if isinstance(out["yuan"], Decimal) else out["yuan"]
    return out


def facts_csv(rows: list[dict[str, Any]]) -> str:
    """As ``extract --format csv`` writes facts: the file export's columns, the row path joined by " / "."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FILE_FIELDS)
    writer.writeheader()
    for fact in rows:
        writer.writerow({**fact, "row_path": " / ".join(fact["row_path"])})
    return buffer.getvalue()


def facts_parquet(rows: list[dict[str, Any]]) -> bytes:
    """As ``extract --format parquet`` writes facts: the file export's schema, decimal amounts."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from budgetlens.report.parquet import FACT_SCHEMA

    columns: dict[str, list[Any]] = {name: [] for name in FILE_FIELDS}
    for fact in rows:
        for name in FILE_FIELDS:
            value = fact[name]
            columns[name].append(Decimal(value) if name in ("value", "yuan") and value is not None else value)
    out = io.BytesIO()
    pq.write_table(pa.table(columns, schema=FACT_SCHEMA), out, compression="zstd")
    return out.getvalue()
