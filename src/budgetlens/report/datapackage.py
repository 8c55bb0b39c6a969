"""The facts as a Fiscal Data Package (Frictionless, spec 0.3 "model"): ``facts.csv`` + ``datapackage.json``.

The CSV holds every fact of the export contract plus the columns the model's dimensions read: fiscal year,
issuer, document kind (and its budget phase), table kind, and the function (类/款/项) and economic (类/款)
classification of the row, each level as a code and a name, the code's parents derived from the code
(the classification's parent = the code minus two digits) and the names from the shipped classification
of the document's year (the printed labels when the code is not in it).

Facts of a 类 row and of its 款/项 rows are all present (as printed): sum only one ``classification_level``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from budgetlens import __version__
from budgetlens.model import Document
from budgetlens.model import classification as cls
from budgetlens.model.table_kinds import TableKind
from budgetlens.report.exports import FACT_FIELDS
from budgetlens.report.facts import document_facts

PHASES = {"budget": "approved", "final_account": "executed"}  # the spec's budget phases
ECONOMIC_TABLES = (TableKind.BUDGET_GENERAL_BASIC_ECONOMIC, TableKind.FINAL_GENERAL_BASIC_DETAIL)
FUNCTION_LEVELS = (("lei", 3, "类"), ("kuan", 5, "款"), ("xiang", 7, "项"))
ECONOMIC_LEVELS = (("lei", 3, "类"), ("kuan", 5, "款"))
INTEGER_FIELDS = {"row_number", "line", "page", "fiscal_year", "classification_level"}
NUMBER_FIELDS = {"value", "yuan"}
EXTRA_FIELDS = (
    "fiscal_year", "issuer", "issuer_code", "document_kind", "phase", "classification_level",
    *(f"func_{key}_{part}" for key, _, _ in FUNCTION_LEVELS for part in ("code", "name")),
    *(f"econ_{key}_{part}" for key, _, _ in ECONOMIC_LEVELS for part in ("code", "name")),
)  # fmt: skip
FIELDS = (*FACT_FIELDS, *EXTRA_FIELDS)
DESCRIPTIONS = {
    "value": "amount as printed, in the table's unit (column unit)",
    "yuan": "the amount in 元 (CNY)",
    "row_code": "classification code as printed or restored (功能分类 3/5/7 digits, 经济分类 3/5 digits)",
    "classification_level": "1 类 / 2 款 / 3 项 of row_code; rows of different levels overlap",
    "phase": "budget phase: approved (预算) or executed (决算)",
}


def _scheme(fact: dict[str, Any]) -> str | None:
    code = fact.get("row_code")
    if not isinstance(code, str) or not code.isdigit():
        return None
    if fact["table"] in ECONOMIC_TABLES and code[0] == "3" and len(code) in (3, 5):
        return "economic"
    if fact["table"] not in ECONOMIC_TABLES and code[0] == "2" and len(code) in (3, 5, 7):
        return "function"
    return None


def classification_columns(fact: dict[str, Any], year: int | None) -> dict[str, Any]:
    """The dimension columns of one fact's row: each classification level's code and name."""
    out: dict[str, Any] = {name: None for name in EXTRA_FIELDS if name.startswith(("func_", "econ_"))}
    scheme = _scheme(fact)
    if scheme is None:
        return out | {"classification_level": None}
    code: str = fact["row_code"]
    levels = FUNCTION_LEVELS if scheme == "function" else ECONOMIC_LEVELS
    prefix, lookup = ("func", cls.functional) if scheme == "function" else ("econ", cls.economic)
    labels = [*fact.get("row_path", []), fact["row_name"]]
    depth = next(i for i, (_, n, _) in enumerate(levels) if n == len(code))
    for i, (key, digits, _) in enumerate(levels[: depth + 1]):
        part = code[:digits]
        entry = lookup(part, year)
        printed = labels[i - depth - 1] if len(labels) > depth - i else None
        out[f"{prefix}_{key}_code"] = part
        out[f"{prefix}_{key}_name"] = entry.name if entry else printed
    return out | {"classification_level": depth + 1}


def package_rows(docs: list[Document]) -> list[dict[str, Any]]:
    rows = []
    for doc in docs:
        kind = doc.kind.value if doc.kind else None
        header = {
            "fiscal_year": doc.fiscal_year,
            "issuer": doc.issuer,
            "issuer_code": doc.issuer_code,
            "document_kind": kind,
            "phase": PHASES.get(kind or ""),
        }
        for fact in document_facts(doc):
            row = dict(fact) | header | classification_columns(fact, doc.fiscal_year)
            row["row_path"] = " / ".join(fact["row_path"])
            rows.append(row)
    return rows


def _field(name: str) -> dict[str, Any]:
    kind = "integer" if name in INTEGER_FIELDS else "number" if name in NUMBER_FIELDS else "string"
    field: dict[str, Any] = {"name": name, "type": kind}
    if name in DESCRIPTIONS:
        field["description"] = DESCRIPTIONS[name]
    return field


def _classification(prefix: str, levels: tuple[tuple[str, int, str], ...], kind: str) -> dict[str, Any]:
    attributes: dict[str, Any] = {}
    parent: str | None = None
    for key, _, title in levels:
        code_attr = f"{key}_code"
        attributes[code_attr] = {"source": f"{prefix}_{key}_code", "title": f"{title} code"}
        if parent:
            attributes[code_attr]["parent"] = parent
        attributes[f"{key}_name"] = {"source": f"{prefix}_{key}_name", "title": title, "labelfor": code_attr}
        parent = code_attr
    return {
        "dimensionType": "classification",
        "classificationType": kind,
        "attributes": attributes,
        "primaryKey": [f"{key}_code" for key, _, _ in levels],
    }


def _simple(attribute: str, source: str, dimension_type: str, **extra: Any) -> dict[str, Any]:
    return {
        "dimensionType": dimension_type,
        "attributes": {attribute: {"source": source}, **extra},
        "primaryKey": [attribute],
    }


def descriptor(docs: list[Document]) -> dict[str, Any]:
    """The datapackage.json of the facts of ``docs``."""
    years = sorted({d.fiscal_year for d in docs if d.fiscal_year is not None})
    issuers = sorted({d.issuer for d in docs if d.issuer})
    package: dict[str, Any] = {
        "profile": "fiscal-data-package",
        "name": "budgetlens-facts",
        "title": "；".join(issuers) + (f" {years[0]}-{years[-1]}" if years else "") or "budgetlens facts",
        "description": "Every amount cell of the disclosures' tables, with provenance (document sha256, table, line).",
        "version": "1.0.0",
        "countryCode": "CN",
        "created_by": f"budgetlens {__version__}",
        "sources": [{"title": d.source, "sha256": d.sha256} for d in docs],
        "resources": [
            {
                "name": "facts",
                "path": "facts.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": [_field(name) for name in FIELDS]},
            }
        ],
        "model": {
            "measures": {
                "amount": {"source": "yuan", "currency": "CNY", "factor": 1, "direction": "expenditure"},
            },
            "dimensions": {
                "function": _classification("func", FUNCTION_LEVELS, "functional"),
                "economic": _classification("econ", ECONOMIC_LEVELS, "economic"),
                "table": _simple("table_kind", "table", "other", table_title={"source": "table_title"}),
                "fiscal_year": _simple("year", "fiscal_year", "datetime"),
                "issuer": _simple("issuer_name", "issuer", "entity", issuer_code={"source": "issuer_code"}),
                "document_kind": _simple("document_kind", "document_kind", "other", phase={"source": "phase"}),
            },
        },
    }
    if len(years) == 1:
        package["fiscalPeriod"] = {"start": f"{years[0]}-01-01", "end": f"{years[0]}-12-31"}
    return package


def write_datapackage(docs: list[Document], out_dir: Path) -> Path:
    """Write ``facts.csv`` and ``datapackage.json`` into ``out_dir`` (created); returns the descriptor's path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "facts.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(package_rows(docs))
    path = out_dir / "datapackage.json"
    path.write_text(json.dumps(descriptor(docs), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path
