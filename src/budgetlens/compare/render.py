"""Renderings of a comparison: a rich table for the terminal, CSV and JSON."""

from __future__ import annotations

import json
from dataclasses import asdict
from decimal import Decimal
from itertools import pairwise
from typing import Any

from rich.table import Table as RichTable

from budgetlens.compare.lineup import Comparison
from budgetlens.compare.measures import Classification

BY_LABELS = {
    "zh": {Classification.function: "支出功能分类", Classification.economic: "部门预算支出经济分类"},
    "en": {Classification.function: "function classification", Classification.economic: "economic classification"},
}
HEADERS = {"zh": ("编码", "名称", "备注", "增减", "增减%"), "en": ("code", "name", "note", "change", "change %")}


def amount_text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return f"{value:,.2f}" if value == value.quantize(Decimal("0.01")) else f"{value:,}"
    return str(value)


def title(comparison: Comparison) -> str:
    lang = "en" if comparison.lang == "en" else "zh"
    by = BY_LABELS[lang][comparison.by]
    if lang == "en":
        return f"Expenditure by {by}, level {comparison.level} (unit: 万元)"
    return f"支出对比：{by} {comparison.level}级（单位：万元）"


def rich_table(comparison: Comparison) -> RichTable:
    """The comparison as a terminal table: values, then change and percentage for each consecutive pair."""
    lang = "en" if comparison.lang == "en" else "zh"
    code_h, name_h, note_h, change_h, pct_h = HEADERS[lang]
    table = RichTable(title=title(comparison), show_lines=False)
    table.add_column(code_h, no_wrap=True)
    table.add_column(name_h, min_width=8, overflow="fold")
    for label in comparison.labels:
        table.add_column(label, justify="right", overflow="fold")
    several = len(comparison.changes) > 1
    for change_col, _ in comparison.changes:
        pair = change_col.removeprefix("Δ ")
        table.add_column(f"{change_h}\n{pair}" if several else change_h, justify="right", no_wrap=True)
        table.add_column(pct_h, justify="right", no_wrap=True)
    table.add_column(note_h, overflow="fold")
    for _, row in comparison.frame.iterrows():
        cells = [row["code"], row["name"], *[amount_text(row[label]) for label in comparison.labels]]
        for change_col, pct_col in comparison.changes:
            cells += [amount_text(row[change_col]), amount_text(row[pct_col])]
        table.add_row(*cells, row["note"], style="bold" if not row["code"] else None)
    return table


def comparison_csv(comparison: Comparison) -> str:
    """The frame as CSV (amounts as printed decimals, blank when the document has no such line)."""
    return str(comparison.frame.to_csv(index=False))


def _plain(value: Any) -> Any:
    return format(value, "f") if isinstance(value, Decimal) else value


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    """Columns (documents and the table each was read from) and rows with values and changes (decimal strings)."""
    rows = []
    for _, row in comparison.frame.iterrows():
        changes = [
            {"from": a, "to": b, "change": _plain(row[c]), "percent": _plain(row[p])}
            for (c, p), (a, b) in zip(comparison.changes, pairwise(comparison.labels), strict=True)
        ]
        rows.append(
            {
                "code": row["code"] or None,
                "name": row["name"],
                "note": row["note"] or None,
                "values": {label: _plain(row[label]) for label in comparison.labels},
                "changes": changes,
            }
        )
    return {
        "by": comparison.by.value,
        "level": comparison.level,
        "measure": comparison.measure.value,
        "unit": comparison.unit,
        "columns": [asdict(c) for c in comparison.columns],
        "rows": rows,
    }


def comparison_json_text(comparison: Comparison) -> str:
    return json.dumps(comparison_json(comparison), ensure_ascii=False, indent=1) + "\n"
