"""JSON renderings: the findings report and the whole parsed document."""

from __future__ import annotations

from typing import Any

from budgetlens.check.runner import CheckResult
from budgetlens.model import Document


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
        findings.append(item)
    return {"document": document_header(result.document), "findings": findings}


def document_json(doc: Document) -> dict[str, Any]:
    return doc.model_dump(mode="json")
