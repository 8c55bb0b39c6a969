"""Run the registered rules over a document and collect the findings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from budgetlens.check.registry import all_rules
from budgetlens.model import Document, Finding, Severity


@dataclass(slots=True)
class CheckResult:
    """The findings of one document, sorted by location."""

    document: Document
    findings: list[Finding] = field(default_factory=list)
    waived: list[tuple[Finding, str]] = field(default_factory=list)  # (finding, reason) removed by a waiver

    def count(self, severity: Severity) -> int:
        return sum(f.severity is severity for f in self.findings)

    def at_or_above(self, severity: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity.rank >= severity.rank]

    def flatten(self, fields: Iterable[str] = ("code", "line")) -> list[list[object]]:
        """Short lists for assertions, e.g. [["BL201", 254], …]."""
        out = []
        for f in self.findings:
            row: list[object] = []
            for name in fields:
                row.append(getattr(f, name) if hasattr(f, name) else getattr(f.location, name))
            out.append(row)
        return out


def run_checks(doc: Document, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> CheckResult:
    """Run every stable rule (or only ``select``), minus ``ignore``; codes may be prefixes (BL2)."""
    chosen, skipped = tuple(select), tuple(ignore)
    findings: list[Finding] = []
    fallbacks: list[Finding] = []
    for rule_cls in all_rules():
        if rule_cls.lifecycle == "removed":
            continue
        if chosen and not rule_cls.code.startswith(chosen):
            continue
        if skipped and rule_cls.code.startswith(skipped):
            continue
        (fallbacks if rule_cls.fallback else findings).extend(rule_cls().check(doc))
    reported = {f.location.line for f in findings}
    findings += [f for f in fallbacks if f.location.line not in reported]
    findings.sort(key=lambda f: (f.location.line or 0, f.code))
    return CheckResult(document=doc, findings=findings)
