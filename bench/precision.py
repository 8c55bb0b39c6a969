"""Precision of the checks: the reviewed findings each document must give, and every finding nobody expected.

For every document of ``../shared`` named in ``bench/expected_findings.yaml`` the checks run and their
errors and warnings are matched to the reviewed list by (code, line). The report gives, per document,
the recall of the expected findings and every unexpected error (a false alarm until reviewed) and
unexpected warning; info findings (about the reading) are not counted.

    python bench/precision.py [--shared ../shared] [--warnings]   # --warnings lists unexpected warnings too
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "bench" / "expected_findings.yaml"
SHARED = ROOT.parent / "shared"

from budgetlens.check.runner import run_checks  # noqa: E402
from budgetlens.model import Finding, Severity  # noqa: E402
from budgetlens.pipeline import load  # noqa: E402

Key = tuple[str, int]  # (code, line)


@dataclass(slots=True)
class Precision:
    """One document's findings against its reviewed list."""

    name: str
    expected_errors: Counter[Key] = field(default_factory=Counter)
    expected_warnings: Counter[Key] = field(default_factory=Counter)
    found_errors: Counter[Key] = field(default_factory=Counter)
    found_warnings: Counter[Key] = field(default_factory=Counter)

    @property
    def missed(self) -> list[Key]:
        missed = (self.expected_errors - self.found_errors) + (self.expected_warnings - self.found_warnings)
        return sorted(missed.elements())

    @property
    def unexpected_errors(self) -> list[Key]:
        return sorted((self.found_errors - self.expected_errors).elements())

    @property
    def unexpected_warnings(self) -> list[Key]:
        return sorted((self.found_warnings - self.expected_warnings).elements())

    @property
    def recall(self) -> float:
        total = sum(self.expected_errors.values()) + sum(self.expected_warnings.values())
        return 1.0 if not total else 1 - len(self.missed) / total


def expected(path: Path = EXPECTED) -> dict[str, dict[str, list[list[object]]]]:
    with path.open(encoding="utf-8") as handle:
        loaded: dict[str, dict[str, list[list[object]]]] = yaml.safe_load(handle)
    return loaded


def _keys(entries: list[list[object]]) -> Counter[Key]:
    return Counter((str(code), int(str(line))) for code, line, *_ in entries)


def _found(findings: list[Finding], severity: Severity) -> Counter[Key]:
    return Counter((f.code, f.location.line or 0) for f in findings if f.severity is severity)


def measure(name: str, reviewed: dict[str, list[list[object]]], shared: Path = SHARED) -> Precision:
    """Check one document and hold its findings against the reviewed list."""
    findings = run_checks(load(shared / name)).findings
    return Precision(
        name=name,
        expected_errors=_keys(reviewed.get("errors") or []),
        expected_warnings=_keys(reviewed.get("warnings") or []),
        found_errors=_found(findings, Severity.ERROR),
        found_warnings=_found(findings, Severity.WARNING),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--warnings", action="store_true", help="list the unexpected warnings too")
    args = parser.parse_args(argv)
    false_errors = 0
    print(f"{'document':46} {'recall':>7} {'unexp. errors':>14} {'unexp. warnings':>16}")
    for name, reviewed in expected().items():
        if not (args.shared / name).is_file():
            print(f"{name:46} {'absent':>7}")
            continue
        p = measure(name, reviewed, args.shared)
        false_errors += len(p.unexpected_errors)
        print(f"{name:46} {p.recall:7.0%} {len(p.unexpected_errors):14} {len(p.unexpected_warnings):16}")
        for code, line in p.missed:
            print(f"    missed      {code} L{line}")
        for code, line in p.unexpected_errors:
            print(f"    unexpected  {code} L{line} (error)")
        for code, line in p.unexpected_warnings if args.warnings else ():
            print(f"    unexpected  {code} L{line} (warning)")
    return 1 if false_errors else 0


if __name__ == "__main__":
    sys.exit(main())
