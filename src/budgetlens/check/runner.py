"""Run the registered rules over a document and collect the findings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from budgetlens.check.evidence import cell_lines, probable_causes
from budgetlens.check.locate import locate_findings
from budgetlens.check.registry import all_rules
from budgetlens.errors import ConfigError
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


def unknown_codes(codes: Iterable[str]) -> list[str]:
    """The codes (or prefixes such as BL2) that name no rule."""
    codes = list(codes)
    if not codes:
        return []  # nothing to look up: the rules are not loaded for it
    known = [r.code for r in all_rules()]
    return [c for c in codes if not any(k.startswith(c.upper()) for k in known)]


def check_codes(select: Iterable[str], ignore: Iterable[str]) -> None:
    """Refuse a ``select``/``ignore`` code that names no rule: a typo must not pass as "no findings"."""
    unknown = unknown_codes([*select, *ignore])
    if unknown:
        names = "、".join(unknown)
        raise ConfigError(
            f"未知的规则代码：{names}（budgetlens rules 列出全部规则）",
            f"unknown rule code: {', '.join(unknown)} (budgetlens rules lists them all)",
        )


def run_checks(doc: Document, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> CheckResult:
    """Run every stable rule (or only ``select``), minus ``ignore``; codes may be prefixes (BL2)."""
    from budgetlens.check.rules.misread import TableMisread, fold_misread_tables  # the rules load on first use

    chosen, skipped = tuple(c.upper() for c in select), tuple(c.upper() for c in ignore)
    rules = [
        r
        for r in all_rules()
        if r.lifecycle != "removed"
        and (not chosen or r.code.startswith(chosen))
        and not (skipped and r.code.startswith(skipped))
    ]
    findings: list[Finding] = []
    fallbacks: list[Finding] = []
    with cell_lines(doc):
        for rule_cls in rules:
            (fallbacks if rule_cls.fallback else findings).extend(rule_cls().check(doc))
    reported = {f.location.line for f in findings}
    findings = probable_causes(findings + [f for f in fallbacks if f.location.line not in reported])
    if any(r.code == TableMisread.code for r in rules):
        findings = fold_misread_tables(doc, findings)
    findings = locate_findings(doc, findings)  # page/bbox or sheet/cell of the line, for PDFs, scans and workbooks
    findings.sort(key=lambda f: (f.location.line or 0, f.code))
    return CheckResult(document=doc, findings=findings)
