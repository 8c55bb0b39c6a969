"""The rule catalogue's pages: one Markdown page per rule, from the rule class (its one home).

The English page comes from the docstring and the templates, the Chinese page from ``title_zh``, the Chinese
templates and the labels of the registry. ``budgetlens explain``, the generated docs/rules and the review desk's
rule pages all show these.
"""

from __future__ import annotations

import inspect

from budgetlens.check.registry import LIFECYCLE_NAMES_ZH, RULES, Rule, all_rules


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


def rule_page_zh(rule: type[Rule]) -> str:
    """The Chinese Markdown page of one rule: its title, labels and Chinese wordings (the prose is English only)."""
    lines = [
        f"# {rule.code} {rule.title_zh}",
        "",
        f"- 标识：`{rule.slug}`",
        f"- 类别：{rule.group_name('zh')}",
        f"- 默认级别：{rule.severity.label('zh')}",
        f"- 状态：{LIFECYCLE_NAMES_ZH[rule.lifecycle]}",
        f"- 提示文字：`{rule.template_zh}`",
    ]
    for wording in rule.variants.values():  # the wordings for problems the parsers find in other places
        level = wording.severity or rule.severity
        lines.append(f"- 其他情形的提示文字（{level.label('zh')}）：`{wording.zh}`")
    if rule.reference:
        lines.append(f"- 依据：{rule.reference}")
    lines += ["", f"核验内容、意义和正反示例的完整说明（英文）：`budgetlens explain {rule.code} --lang en`"]
    return "\n".join(lines) + "\n"


def explain_rule(code: str, lang: str = "zh") -> str | None:
    """The page of rule ``code`` in ``lang`` (Markdown), None when no rule has that code."""
    all_rules()
    rule = RULES.get(code)
    if rule is None:
        return None
    return rule_page(rule) if lang == "en" else rule_page_zh(rule)
