"""Reading notes: what the reader says about its own reading (scan debris, values rebuilt, codes restored).

They are the info findings of the parse rules (BL0xx): they tell a reviewer how far the reading
can be trusted, not that the document is wrong. A report gives them as one summary per document
(counts by rule) instead of a card or a line each; JSON and SARIF keep every one.
"""

from __future__ import annotations

from collections import Counter

from budgetlens.check.registry import RULES
from budgetlens.model import Finding, Severity

__all__ = ["is_reading_note", "notes_summary", "split_notes"]

_WORDS = {
    "zh": ("读取说明 {n} 条（关于读取，不是文件的问题）：{parts}", "{code} {slug} {n} 条", "；"),
    "en": ("{n} reading notes (about the reading, not problems of the document): {parts}", "{code} {slug} ×{n}", "; "),
}


def is_reading_note(finding: Finding) -> bool:
    """An info finding of a parse rule."""
    rule = RULES.get(finding.code)
    return finding.severity is Severity.INFO and rule is not None and rule.group() == "parse"


def split_notes(findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(the findings about the document, the reading notes), each in its given order."""
    notes = [f for f in findings if is_reading_note(f)]
    return [f for f in findings if not is_reading_note(f)], notes


def notes_summary(notes: list[Finding], lang: str = "zh") -> str:
    """One line for all reading notes: their number and the count of each rule, most frequent first."""
    line, part, sep = _WORDS["en" if lang == "en" else "zh"]
    counts = Counter(f.code for f in notes)
    slugs = {f.code: f.slug for f in notes}
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    parts = sep.join(part.format(code=code, slug=slugs[code], n=n) for code, n in ranked)
    return line.format(n=len(notes), parts=parts)
