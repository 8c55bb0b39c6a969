"""The facts export as Parquet: the contract's columns with types (decimal amounts, integer lines).

``value`` and ``yuan`` are ``decimal128(38, 6)``: exact, never float. A value with more than six decimals
cannot be stored without rounding, so pyarrow's refusal to rescale with data loss is left to raise.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from budgetlens.extras import needs

with needs("parquet"):
    import pyarrow as pa
    import pyarrow.parquet as pq

from budgetlens import __version__
from budgetlens.model import Document
from budgetlens.report.exports import FACT_FIELDS
from budgetlens.report.facts import document_facts

AMOUNT = pa.decimal128(38, 6)
FACT_SCHEMA = pa.schema(
    [
        ("document", pa.string()),
        ("table", pa.string()),
        ("table_id", pa.string()),
        ("table_title", pa.string()),
        ("row_code", pa.string()),
        ("row_number", pa.int32()),
        ("row_name", pa.string()),
        ("row_path", pa.list_(pa.string())),
        ("row_role", pa.string()),
        ("column", pa.string()),
        ("column_header", pa.string()),
        ("value", AMOUNT),
        ("printed", pa.string()),
        ("unit", pa.string()),
        ("yuan", AMOUNT),
        ("status", pa.string()),
        ("constraint", pa.string()),
        ("line", pa.int32()),
        ("page", pa.int32()),
    ],
    metadata={"producer": f"budgetlens {__version__}", "contract": "budgetlens facts (SPEC.md, --format facts)"},
)


def _amount(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def facts_table(docs: list[Document]) -> pa.Table:
    """The facts of ``docs`` as an Arrow table with FACT_SCHEMA."""
    columns: dict[str, list[Any]] = {name: [] for name in FACT_FIELDS}
    for doc in docs:
        for fact in document_facts(doc):
            for name in FACT_FIELDS:
                value = fact[name]
                columns[name].append(_amount(value) if name in ("value", "yuan") else value)
    return pa.table(columns, schema=FACT_SCHEMA)


def write_parquet(docs: list[Document], out: Path) -> int:
    """Write the facts to ``out`` (zstd-compressed); returns the number of rows."""
    table = facts_table(docs)
    pq.write_table(table, out, compression="zstd")
    return int(table.num_rows)
