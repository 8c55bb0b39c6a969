"""Renderings of a comparison: tables for the terminal, CSV and JSON.

The terminal view fits the console's width: columns carry short headers (2024决算, or a letter and the
year when several departments or more than two documents are compared) explained by a legend under the
table; names wrap; when the amounts and the changes do not fit side by side, the changes follow in a
second table (and the amounts split over several when even they do not fit). Earlier names of renamed
codes are notes under the table, marked * beside the name.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from rich.console import Group
from rich.table import Table as RichTable
from rich.text import Text

from budgetlens.compare.lineup import CENT, Comparison
from budgetlens.compare.measures import Classification

BY_LABELS = {
    "zh": {Classification.function: "支出功能分类", Classification.economic: "部门预算支出经济分类"},
    "en": {Classification.function: "function classification", Classification.economic: "economic classification"},
}
HEADERS = {"zh": ("编码", "名称", "备注", "增减", "增减%"), "en": ("code", "name", "note", "change", "change %")}
WORDS = {
    "zh": {"continued": "（续）", "changes": "增减（万元）与增减%", "legend": "列", "notes": "注"},
    "en": {
        "continued": " (continued)",
        "changes": "Changes (万元) and change %",
        "legend": "Columns",
        "notes": "Notes",
    },
}
NAME_MIN = 10  # cells the name column keeps however narrow the terminal (five Chinese characters)
EDGES = 3  # a column's padding (2) and its right border (1)


def shown(value: Any) -> Decimal | None:
    """An amount (万元) or percentage at its printed precision, two decimals (half up); None when there is none."""
    if isinstance(value, Decimal):
        return value.quantize(CENT, rounding=ROUND_HALF_UP)
    if value is None or (isinstance(value, float) and value != value):  # None or NaN: no such line
        return None
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def amount_text(value: Any) -> str:
    """An amount or percentage with two decimals and thousands separators; empty when there is none."""
    amount = shown(value)
    return "" if amount is None else f"{amount:,}"


def title(comparison: Comparison) -> str:
    lang = "en" if comparison.lang == "en" else "zh"
    by = BY_LABELS[lang][comparison.by]
    if lang == "en":
        return f"Expenditure by {by}, level {comparison.level} (unit: 万元)"
    return f"支出对比：{by} {comparison.level}级（单位：万元）"


def _lang(comparison: Comparison) -> str:
    return "en" if comparison.lang == "en" else "zh"


def _numeric_columns(comparison: Comparison) -> tuple[list[tuple[str, str]], list[list[tuple[str, str]]]]:
    """(header, frame column) of the amounts, and of each consecutive pair's change and percentage."""
    _, _, _, change_h, pct_h = HEADERS[_lang(comparison)]
    values = [(c.short.replace(" ", "\n", 1) if c.key else c.short, c.label) for c in comparison.columns]
    changes = []
    for (change_col, pct_col), (a, b) in zip(comparison.changes, pairwise(comparison.columns), strict=True):
        pair = f"\n{b.key}−{a.key}" if a.key else ""
        changes.append([(f"{change_h}{pair}", change_col), (f"{pct_h}{pair}", pct_col)])
    return values, changes


def _width(comparison: Comparison, header: str, column: str) -> int:
    cells = [amount_text(v) for v in comparison.frame[column]]
    return max(cell_len(line) for line in [*header.split("\n"), *cells]) + EDGES


def _panels(available: int, units: list[list[tuple[str, str]]], widths: dict[str, int]) -> list[list[tuple[str, str]]]:
    """Units of columns (kept together) packed in order into panels no wider than ``available``."""
    panels: list[list[tuple[str, str]]] = []
    used = available + 1
    for unit in units:
        need = sum(widths[column] for _, column in unit)
        if used + need > available:
            panels.append([])
            used = 0
        panels[-1].extend(unit)
        used += need
    return panels


def _table(comparison: Comparison, caption: str | None, columns: list[tuple[str, str]]) -> RichTable:
    code_h, name_h, _, _, _ = HEADERS[_lang(comparison)]
    table = RichTable(title=caption, show_lines=False, title_justify="left")
    table.add_column(code_h, no_wrap=True)
    table.add_column(name_h, min_width=NAME_MIN, ratio=1, overflow="fold")
    for header, _ in columns:
        table.add_column(header, justify="right", no_wrap=True)
    for _, row in comparison.frame.iterrows():
        name = f"{row['name']} *" if row["note"] else row["name"]
        cells = [row["code"], name, *[amount_text(row[column]) for _, column in columns]]
        table.add_row(*cells, style="bold" if not row["code"] else None)
    return table


def _legend(comparison: Comparison, lang: str) -> RichTable:
    """One line per column: its header, then ``某某局（file.pdf；支出决算表 / 本年支出合计）``, wrapped under itself."""
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for column in comparison.columns:
        read = " / ".join(t for t in (column.table_title, column.column_header) if t)
        file = Path(column.source).name if column.source else column.document[:12]
        where = (f"{file}; {read}" if lang == "en" else f"{file}；{read}") if read else file
        issuer = column.issuer or "?"
        grid.add_row(
            f"{column.short}{':' if lang == 'en' else '：'}",
            f"{issuer} ({where})" if lang == "en" else f"{issuer}（{where}）",
        )
    return grid


def terminal_view(comparison: Comparison, width: int) -> Group:
    """The comparison for a terminal ``width`` cells wide: table(s), the columns' legend and the renaming notes."""
    lang = _lang(comparison)
    words = WORDS[lang]
    values, changes = _numeric_columns(comparison)
    widths = {
        column: _width(comparison, header, column) for header, column in [*values, *(c for p in changes for c in p)]
    }
    codes = [HEADERS[lang][0], *comparison.frame["code"]]
    available = width - 1 - (max(cell_len(c) for c in codes) + EDGES) - (NAME_MIN + EDGES)
    everything = [*values, *(c for pair in changes for c in pair)]
    if sum(widths[column] for _, column in everything) <= available:
        panels = [everything]
        captions = [title(comparison)]
    else:  # amounts first, then the changes in tables of their own
        value_panels = _panels(available, [[c] for c in values], widths)
        change_panels = _panels(available, changes, widths) if changes else []
        panels = value_panels + change_panels
        captions = [title(comparison)] + [words["continued"].strip()] * (len(value_panels) - 1)
        captions += [words["changes"]] * len(change_panels)
    parts: list[Any] = [_table(comparison, caption, panel) for caption, panel in zip(captions, panels, strict=True)]
    parts.append(Text(f"{words['legend']}:" if lang == "en" else f"{words['legend']}：", style="bold"))
    parts.append(_legend(comparison, lang))
    noted = comparison.frame[comparison.frame["note"] != ""]
    if len(noted):
        parts.append(Text(f"{words['notes']}:" if lang == "en" else f"{words['notes']}：", style="bold"))
        colon = ": " if lang == "en" else "："
        parts += [Text(f"* {row['code']} {row['name']}{colon}{row['note']}") for _, row in noted.iterrows()]
    return Group(*parts)


def comparison_csv(comparison: Comparison) -> str:
    """The frame as CSV: amounts in 万元 with two decimals (as the table shows them), blank for no such line."""
    frame = comparison.frame.copy()
    numeric = [*comparison.labels, *(c for pair in comparison.changes for c in pair)]
    for column in numeric:
        frame[column] = [shown(v) for v in frame[column]]
    return str(frame.to_csv(index=False, lineterminator="\n"))


def _plain(value: Any) -> Any:
    return format(value, "f") if isinstance(value, Decimal) else value


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    """Columns (documents and the table each was read from) and rows with values and changes.

    Values are exact decimal strings (9628.221344 for 96,282,213.44 元): JSON is for programs, which round
    where they choose; the table, CSV and HTML show two decimals.
    """
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
