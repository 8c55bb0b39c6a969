"""pandas DataFrames of documents: facts (the export contract's columns), document headers, tables, findings.

Amounts stay ``Decimal`` (object columns): nothing here rounds through float. ``.astype(float)`` when plotting.
Facts and document frames are the interface of the report-level stages (``compare``): the same columns can
come from files (these builders) or from the database store.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from budgetlens.extras import needs

with needs("frames"):
    import pandas as pd

from budgetlens.check.runner import CheckResult
from budgetlens.model import Document, Table
from budgetlens.report.exports import FACT_FIELDS
from budgetlens.report.facts import document_facts
from budgetlens.report.json_report import document_header

DOCUMENT_FIELDS = ("document", "source", "issuer", "issuer_code", "level", "kind", "fiscal_year", "region")
FINDING_FIELDS = (
    "code", "severity", "message", "table", "row", "column", "line", "page", "expected", "actual", "reference",
)  # fmt: skip


def _decimal(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, float) and value != value):  # NaN from a store
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def facts_frame(docs: list[Document]) -> pd.DataFrame:
    """One row per fact of every document, columns in the export contract's order; value/yuan as Decimal."""
    rows = [fact for doc in docs for fact in document_facts(doc)]
    frame = pd.DataFrame(rows, columns=list(FACT_FIELDS))
    for name in ("value", "yuan"):
        frame[name] = pd.Series([_decimal(v) for v in frame[name]], index=frame.index, dtype=object)
    for name in ("row_number", "line", "page"):
        frame[name] = frame[name].astype("Int64")
    return frame


def documents_frame(docs: list[Document]) -> pd.DataFrame:
    """One row per document: sha256 (column ``document``, the facts' key), issuer, level, kind, fiscal year."""
    rows = []
    for doc in docs:
        header = document_header(doc)
        header["document"] = header.pop("sha256")
        rows.append(header)
    frame = pd.DataFrame(rows, columns=list(DOCUMENT_FIELDS))
    frame["fiscal_year"] = frame["fiscal_year"].astype("Int64")
    return frame


def header_tuples(table: Table) -> list[tuple[str, ...]]:
    """The columns' header paths padded with "" at the bottom to one depth (a pandas MultiIndex needs it)."""
    depth = max((len(c.header) for c in table.columns), default=1)
    return [tuple(c.header) + ("",) * (depth - len(c.header)) for c in table.columns]


def table_frame(table: Table) -> pd.DataFrame:
    """A table as printed: index (code, name), MultiIndex columns from the header paths, Decimal cells."""
    columns = pd.MultiIndex.from_tuples(header_tuples(table)) if table.columns else pd.MultiIndex.from_tuples([("",)])
    data = [[(row.cells[c.key].value if c.key in row.cells else None) for c in table.columns] for row in table.rows]
    index = pd.MultiIndex.from_tuples(
        [(row.code or "", row.name) for row in table.rows] or [("", "")], names=["code", "name"]
    )
    if not table.rows:
        return pd.DataFrame(columns=columns, index=index.delete(0), dtype=object)
    return pd.DataFrame(data, index=index, columns=columns, dtype=object)


def findings_frame(result: CheckResult, lang: str = "zh") -> pd.DataFrame:
    """One row per finding with its rendered message and location."""
    rows = [
        {
            "code": f.code,
            "severity": f.severity.value,
            "message": f.message(lang),
            "table": f.location.table,
            "row": f.location.row,
            "column": f.location.column,
            "line": f.location.line,
            "page": f.location.page,
            "expected": f.expected,
            "actual": f.actual,
            "reference": f.reference,
        }
        for f in result.findings
    ]
    frame = pd.DataFrame(rows, columns=list(FINDING_FIELDS))
    for name in ("row", "line", "page"):
        frame[name] = frame[name].astype("Int64")
    return frame
