"""JSON renderings: the findings report and the whole parsed document.

Each finding of ``check --format json`` carries its ``location`` with every key present (null when not
known): ``line``/``line_end`` (the reader's line), ``page`` (1-based) and ``bbox`` (``[x0, top, x1,
bottom]`` in points from the page's top-left corner) for a PDF or scan, ``sheet``/``cell_ref`` for a
workbook, ``table`` (table id such as ``t03``), ``row`` (row index in that table), ``column`` (stable
column key) and ``text`` (quoted source). ``place`` says the same for a reader (``第8页 L75``,
``p.8 L75`` in English, ``L75`` for a text document), and ``table_title``, ``row_name`` and
``column_header`` resolve the ids to what is printed. ``cause_line`` is the probable cause's line.
"""

from __future__ import annotations

from typing import Any

from budgetlens.check.runner import CheckResult
from budgetlens.model import Document
from budgetlens.report.places import place_of


def document_header(doc: Document) -> dict[str, Any]:
    return {
        "sha256": doc.sha256,
        "source": doc.source,
        "issuer": doc.issuer,
        "issuer_code": doc.issuer_code,
        "level": doc.level.value if doc.level else None,
        "kind": doc.kind.value if doc.kind else None,
        "fiscal_year": doc.fiscal_year,
        "region": doc.region,
    }


def findings_json(result: CheckResult, lang: str = "zh") -> dict[str, Any]:
    findings = []
    for f in result.findings:
        item = f.model_dump(mode="json")
        item["message"] = f.message(lang)
        place = place_of(f, result.document)
        item["place"] = place.short(lang)
        item |= place.json()
        findings.append(item)
    return {"document": document_header(result.document), "findings": findings}


def document_json(doc: Document) -> dict[str, Any]:
    return doc.model_dump(mode="json")
