"""The printed table model shared by both templates: header grid, body cells, truth cells and amount formatting."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

CENT = Decimal("0.01")
ZERO = Decimal(0)
INDENT = "\u3000"  # full-width space the Ministry template indents names with

HeaderCell = tuple[str, int, int]  # text, colspan, rowspan
BodyCell = tuple[str, str] | tuple[str, str, int]  # text, css class, optional colspan
TruthCell = dict[str, Any]
Amounts = dict[str, Decimal]
TreeRow = tuple[str, int, str, Amounts]  # code, level (类 0 / 款 1 / 项 2), name, amounts by key


def cents(value: Decimal | str | int) -> Decimal:
    return Decimal(value).quantize(CENT)


@dataclass
class Table:
    """A table as printed: header grid with html-like spans, body grid and the truth cells of its amounts."""

    title: str
    kind: str
    unit: str
    label: str
    header: list[list[HeaderCell]]
    ncols: int
    body: list[list[BodyCell]] = field(default_factory=list)
    truth: list[TruthCell] = field(default_factory=list)
    note: str | None = None
    continuation_at: int | None = None  # body row where the table is cut by hand and goes on under 续表
    landscape: bool = False

    def add(self, cells: list[BodyCell], truths: list[TruthCell]) -> None:
        self.body.append(cells)
        for cell in truths:
            cell.update(table_title=self.title, kind=self.kind, unit=self.unit, body_row=len(self.body) - 1)
            self.truth.append(cell)


@dataclass
class Disclosure:
    """One generated document: its tables and narrative, with how it is laid out when printed."""

    id: str
    title: str
    dept: str
    tables: list[Table]
    narrative: list[tuple[str, list[str]]]
    landscape: bool
    separators: bool
    errors: list[dict[str, str]]
    narrative_first: bool
    cover: str
    stub_label_span: int = 1  # columns the 栏次 label of the code tables spans in the web page


def amount_text(value: Decimal | None, sep: bool = False, zero: str = "blank") -> str:
    """An amount as printed: blank, "-" or "0.00" for zero, with or without thousands separators."""
    if value is None:
        return ""
    if value == 0:
        if zero == "blank":
            return ""
        if zero == "dash":
            return "-"
        return "0.00"
    return f"{value:,.2f}" if sep else f"{value:.2f}"


def printed_value(text: str) -> str | None:
    """The value a printed amount stands for (None for a blank or a dash)."""
    plain = text.replace(",", "").strip()
    return None if plain in ("", "-", "—") else plain


def tree_rows(items: Mapping[str, Amounts], names: Mapping[str, str]) -> tuple[list[TreeRow], Amounts]:
    """The 类 / 款 / 项 rows of 7-digit items with their subtotals, and the grand total."""
    keys = sorted({key for amounts in items.values() for key in amounts})

    def subtotal(prefix: str) -> Amounts:
        return {key: sum((items[c].get(key, ZERO) for c in items if c.startswith(prefix)), ZERO) for key in keys}

    rows: list[TreeRow] = []
    for lei in sorted({code[:3] for code in items}):
        rows.append((lei, 0, names[lei], subtotal(lei)))
        for kuan in sorted({code[:5] for code in items if code.startswith(lei)}):
            rows.append((kuan, 1, names[kuan], subtotal(kuan)))
            for xiang in sorted(code for code in items if code.startswith(kuan)):
                rows.append((xiang, 2, names[xiang], {key: items[xiang].get(key, ZERO) for key in keys}))
    total = {key: sum((items[c].get(key, ZERO) for c in items), ZERO) for key in keys}
    return rows, total


def split_amount(rng: random.Random, total: Decimal, n: int, min_share: float = 0.05) -> list[Decimal]:
    """``total`` split into ``n`` positive parts in cents that add up exactly."""
    weights = [rng.uniform(min_share, 1) for _ in range(n)]
    weight_sum = sum(weights)
    parts = [cents(total * Decimal(str(w / weight_sum))) for w in weights[:-1]]
    parts.append(total - sum(parts, ZERO))
    return parts


def add_tree(
    table: Table,
    rows: Sequence[TreeRow],
    total: Amounts,
    keys: Sequence[str | None],
    headers: Sequence[str],
    total_label: str = "合    计",
    split_code: bool = False,
    sep: bool = False,
    zero: str = "blank",
) -> None:
    """The total row then one row per 类 / 款 / 项; codes in one column or split over 类 | 款 | 项."""

    def code_cells(code: str | None) -> list[BodyCell]:
        if code is None:
            return [("", "code")] * (3 if split_code else 1)
        if not split_code:
            return [(code, "code")]
        return [(code[:3], "code"), (code[3:5], "code"), (code[5:7], "code")]

    def add_row(code: str | None, level: int, name: str, amounts: Amounts) -> None:
        cells = code_cells(code)
        cells.append((name if split_code else INDENT * level + name, f"name{level}"))
        texts = [amount_text(amounts.get(k, ZERO) if k else ZERO, sep=sep, zero=zero) for k in keys]
        cells += [(text, "num") for text in texts]
        first = len(cells) - len(keys)
        table.add(
            cells,
            [
                dict(row_code=code, row_name=name, column_header=h, value=printed_value(text), col=first + j)
                for j, (h, text) in enumerate(zip(headers, texts, strict=True))
            ],
        )

    add_row(None, 0, total_label, total)
    for code, level, name, amounts in rows:
        add_row(code, level, name, amounts)
