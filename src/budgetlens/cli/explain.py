"""Rule listings for `rules`; the pages `explain` shows are built in ``check.catalogue`` (shared with the catalogue
generator and the review desk). The catalogue in docs/rules is the English page; ``explain --lang zh`` (the default)
shows the Chinese one.
"""

from __future__ import annotations

from rich.table import Table

from budgetlens.check.catalogue import explain_rule, rule_page, rule_page_zh
from budgetlens.check.registry import LIFECYCLE_NAMES_ZH, Rule

__all__ = ["explain_rule", "rule_page", "rule_page_zh", "rules_table"]


def rules_table(rules: list[type[Rule]], lang: str = "zh") -> Table:
    """One row per rule; in Chinese without the slug (an identifier) so that the table fits a narrow terminal."""
    if lang == "en":
        table = Table(title="Rules")
        table.add_column("code", no_wrap=True)
        table.add_column("slug", overflow="fold")
        for name in ("group", "severity", "lifecycle"):
            table.add_column(name, no_wrap=True)
        table.add_column("summary", ratio=1)
        for r in rules:
            table.add_row(r.code, r.slug, r.group(), r.severity.value, r.lifecycle, r.summary())
        return table
    table = Table(title="核验规则")
    table.add_column("编号", no_wrap=True)
    table.add_column("说明", ratio=1, overflow="fold")  # Chinese has no spaces to wrap at
    for name in ("类别", "级别", "状态"):
        table.add_column(name, no_wrap=True)
    for r in rules:
        table.add_row(
            r.code, r.summary("zh"), r.group_name("zh"), r.severity.label("zh"), LIFECYCLE_NAMES_ZH[r.lifecycle]
        )
    return table
