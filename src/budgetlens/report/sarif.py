"""SARIF 2.1.0 output, for code-scanning dashboards and review tools."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from budgetlens import __version__
from budgetlens.check.registry import all_rules
from budgetlens.check.runner import CheckResult
from budgetlens.model import Finding, Severity

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rules(lang: str) -> list[dict[str, Any]]:
    return [
        {
            "id": rule.code,
            "name": rule.slug,
            "shortDescription": {"text": rule.summary(lang)},
            "defaultConfiguration": {"level": LEVELS[rule.severity]},
            "properties": {"group": rule.group(), "lifecycle": rule.lifecycle},
        }
        for rule in all_rules()
    ]


def _result(f: Finding, uri: str, lang: str) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    if f.location.line:
        physical["region"] = {"startLine": f.location.line, "endLine": f.location.line_end or f.location.line}
    return {
        "ruleId": f.code,
        "level": LEVELS[f.severity],
        "message": {"text": f.message(lang)},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {"budgetlens/v1": f"{f.code}:{f.location.line or 0}:{f.location.table or ''}"},
    }


def render_sarif(results: list[CheckResult], lang: str = "zh") -> dict[str, Any]:
    """One SARIF run over every document; waived findings are kept as suppressed results."""
    sarif_results: list[dict[str, Any]] = []
    for r in results:
        uri = PurePath(r.document.source).as_posix()
        sarif_results.extend(_result(f, uri, lang) for f in r.findings)
        for f, reason in r.waived:
            item = _result(f, uri, lang)
            item["suppressions"] = [{"kind": "external", "justification": reason}]
            sarif_results.append(item)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "budgetlens",
                        "version": __version__,
                        "rules": _rules(lang),
                    }
                },
                "results": sarif_results,
            }
        ],
    }
