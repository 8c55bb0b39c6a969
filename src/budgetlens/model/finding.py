"""Findings: what a check (or a parser) found, as data."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from budgetlens.model.enums import Severity
from budgetlens.model.location import Location


class Finding(BaseModel):
    """One inconsistency or problem, with its rule code, message templates and location.

    The templates are kept with their parameters (never pre-rendered) so a finding can be shown in
    Chinese or English and re-rendered after wording changes.
    """

    model_config = ConfigDict(frozen=True)

    code: str
    slug: str = ""
    severity: Severity
    template_zh: str
    template_en: str
    params: dict[str, Any] = Field(default_factory=dict)
    location: Location = Field(default_factory=Location)
    expected: str | None = None
    actual: str | None = None
    reference: str | None = None
    rule_version: int = 1
    evidence: tuple[int, ...] = ()  # printed lines of every cell the failed identity compared
    cause_line: int | None = None  # the evidence line shared with the most other failures (check/evidence.py)
    # which of its rule's wordings a parse-stage problem uses (Rule.variants); chosen by the parser, not exported
    variant: str = Field(default="", exclude=True)

    def message(self, lang: str = "zh") -> str:
        template = self.template_en if lang == "en" else self.template_zh
        try:
            return template.format(**{"expected": self.expected, "actual": self.actual, **self.params})
        except (KeyError, IndexError, ValueError):
            return template

    def check_tuple(self) -> tuple[str, int | None, str | None]:
        """Short form for assertions in tests: (code, line, table)."""
        return self.code, self.location.line, self.location.table
