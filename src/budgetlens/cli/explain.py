"""Rule listings and documentation pages, shared by `rules`, `explain` and the catalogue generator."""

from __future__ import annotations

import inspect

from rich.table import Table

from budgetlens.check.registry import RULES, Rule, all_rules


def rule_page(rule: type[Rule]) -> str:
    """The Markdown page of one rule: heading, metadata, then its docstring sections."""
    doc = inspect.cleandoc(rule.__doc__ or "")
    summary, _, body = doc.partition("\n")
    lines = [
        f"# {rule.code} {rule.slug}",
        "",
        f"**{summary}**",
        "",
        f"- group: {rule.group()}",
        f"- default severity: {rule.severity.value}",
        f"- lifecycle: {rule.lifecycle}",
        f"- message (zh): {rule.template_zh}",
        f"- message (en): {rule.template_en}",
    ]
    for name, wording in rule.variants.items():  # further wordings, for problems found in other places
        if wording.severity is not None and wording.severity is not rule.severity:
            lines.append(f"- severity ({name}): {wording.severity.value}")
        lines += [f"- message (zh, {name}): {wording.zh}", f"- message (en, {name}): {wording.en}"]
    lines.append("")
    for para in body.strip().split("\n"):
        head, sep, rest = para.partition(":")
        if sep and head in ("What it checks", "Why it matters", "Failing example", "Passing example", "Reference"):
            lines += [f"## {head}", "", rest.strip()]
        elif para.strip():
            lines[-1] += " " + para.strip()
        else:
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def explain_rule(code: str) -> str | None:
    all_rules()
    rule = RULES.get(code)
    return rule_page(rule) if rule else None


def rules_table(rules: list[type[Rule]], lang: str = "zh") -> Table:
    zh = lang != "en"
    table = Table(title="核验规则" if zh else "Rules")
    for name in (
        ("编号", "名称", "分组", "级别", "状态", "说明")
        if zh
        else ("code", "slug", "group", "severity", "lifecycle", "summary")
    ):
        table.add_column(name)
    for r in rules:
        table.add_row(r.code, r.slug, r.group(), r.severity.value, r.lifecycle, r.summary())
    return table
