"""The rule catalogue for the desk: one line per rule, and each rule's page (``check.catalogue``) as HTML."""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt

from budgetlens.check.catalogue import explain_rule
from budgetlens.check.registry import GROUPS, LIFECYCLE_NAMES_ZH, RULES, Rule, all_rules
from budgetlens.serve.errors import not_found

MARKDOWN = MarkdownIt("commonmark", {"html": False})  # the pages' raw HTML, if any, is shown as text
FAMILIES = (*GROUPS.values(), "other")  # the catalogue's order of the groups


def _line(rule: type[Rule], lang: str) -> dict[str, Any]:
    return {
        "code": rule.code,
        "slug": rule.slug,
        "severity": rule.severity.value,
        "severity_label": rule.severity.label(lang),
        "group": rule.group(),
        "group_name": rule.group_name(lang),
        "lifecycle": rule.lifecycle,
        "lifecycle_label": rule.lifecycle if lang == "en" else LIFECYCLE_NAMES_ZH[rule.lifecycle],
        "summary": rule.summary(lang),
    }


def catalogue(lang: str = "zh") -> list[dict[str, Any]]:
    """Every rule, in code order."""
    return [_line(rule, lang) for rule in all_rules()]


def families(lang: str = "zh") -> list[tuple[str, list[dict[str, Any]]]]:
    """The catalogue grouped by family (parse, completeness, arithmetic, …): (family's name, its rules)."""
    lines = catalogue(lang)
    grouped = [(g, [r for r in lines if r["group"] == g]) for g in FAMILIES]
    return [(rules[0]["group_name"], rules) for _, rules in grouped if rules]


def rule_page(code: str, lang: str = "zh") -> dict[str, Any]:
    """The page of rule ``code`` (Markdown and HTML) with its catalogue line; 404 for no such rule."""
    page = explain_rule(code.upper(), lang)
    if page is None:
        raise not_found(f"规则 {code}", f"rule {code}")
    return {**_line(RULES[code.upper()], lang), "markdown": page, "html": MARKDOWN.render(page)}
