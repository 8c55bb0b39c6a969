"""财政拨款“三公”经费支出决算表: one printed data row of 12 numbered columns, modelled transposed.

Printed: 预算数 {合计(1), 因公出国（境）费(2), 公务用车购置及运行维护费 {小计(3), 购置费(4), 运行维护费(5)},
公务接待费(6)} and 决算数 the same (7..12). Model: six item rows, each with a 预算数 and a 决算数 cell.
Because the 栏 number differs per item, each item has its own pair of column keys (``budget.reception``
= 栏6, ``final.reception`` = 栏12), so a cell's header names both the item and its 栏.
"""

from __future__ import annotations

from budgetlens.model import Column, Finding, Location, Row, RowRole, Table
from budgetlens.model.table_kinds import TableKind
from budgetlens.parse.final.funds import (
    Identity,
    column_numbers,
    debris_findings,
    is_tab,
    money_cell,
    new_table,
    positional,
    solve,
)
from budgetlens.parse.final.header import header_paths
from budgetlens.parse.final.registry import final_parser
from budgetlens.parse.final.text import AMOUNT
from budgetlens.read.raw import Line
from budgetlens.segment.blocks import TableBlock

VEHICLES = "公务用车购置及运行维护费"
# (key, row name, parent item index, header words under 预算数/决算数)
ITEMS: list[tuple[str, str, int | None, list[str]]] = [
    ("total", "合计", None, ["合计"]),
    ("abroad", "因公出国（境）费", None, ["因公出国（境）费"]),
    ("vehicles", VEHICLES, None, [VEHICLES, "小计"]),
    ("vehicle_purchase", "公务用车购置费", 2, [VEHICLES, "公务用车购置费"]),
    ("vehicle_running", "公务用车运行维护费", 2, [VEHICLES, "公务用车运行维护费"]),
    ("reception", "公务接待费", None, ["公务接待费"]),
]
SIDES = (("budget", "预算数", 0), ("final", "决算数", 6))
N = 12


def three_public_columns() -> list[Column]:
    return [
        Column(key=f"{side}.{key}", header=[word, *words, f"栏{first + j + 1}"], index=first + j)
        for side, word, first in SIDES
        for j, (key, _, _, words) in enumerate(ITEMS)
    ]


def _data_line(lines: list[Line], tab: bool) -> tuple[Line | None, list[str]]:
    """The data row (the line after 栏次 with the most amounts) and its 12 cells in 栏 order."""
    numbered = [i for i, ln in enumerate(lines) if len(column_numbers(_fields(ln, tab))) == N]
    start = numbered[-1] + 1 if numbered else 0
    candidates = [ln for ln in lines[start:] if any(AMOUNT.match(f.strip()) for f in _fields(ln, tab) if f.strip())]
    if not candidates:
        return None, []
    line = max(candidates, key=lambda ln: sum(bool(AMOUNT.match(f.strip())) for f in _fields(ln, tab) if f.strip()))
    if not tab:
        return line, positional(line.text, N)
    cells = [c.strip() for c in line.cells]
    if numbered:
        places = [i for _, i in column_numbers(_fields(lines[numbered[-1]], tab))]
        if len(cells) >= max(places) + 1:
            return line, [cells[p] for p in places]
    return line, (cells + [""] * N)[:N]


# words of an item's printed header -> its key; checked in order, the most specific first
ITEM_WORDS: list[tuple[str, str]] = [
    ("购置费", "vehicle_purchase"),
    ("运行", "vehicle_running"),
    ("小计", "vehicles"),
    ("公务用车", "vehicles"),
    ("出国", "abroad"),
    ("接待", "reception"),
    ("合计", "total"),
]
SIDE_WORDS = (("预算", "budget"), ("决算", "final"))


def header_places(lines: list[Line]) -> dict[str, tuple[int, list[str]]] | None:
    """Column key -> (cell index, printed header path) read from the header words, or None.

    For templates that print no 栏次 and pair 预算数 | 决算数 under each item (or any other order):
    each column's path names its side (预算数/决算数) and its item, whatever its position.
    """
    start = next((i for i, ln in enumerate(lines) if any(AMOUNT.match(c.strip()) for c in ln.cells)), len(lines))
    header = [list(ln.cells) for ln in lines[:start]]
    width = max((len(r) for r in header), default=0)
    places: dict[str, tuple[int, list[str]]] = {}
    for j, path in enumerate(header_paths(header, width)):
        side = next((key for word, key in SIDE_WORDS if path and word in path[-1]), None)
        item = next((_item(label) for label in reversed(path[:-1]) if _item(label)), None)
        if side and item and f"{side}.{item}" not in places:
            places[f"{side}.{item}"] = (j, path)
    return places if len(places) == 2 * len(ITEMS) else None


def _item(label: str) -> str | None:
    """The item a header label names (its own words, not its group's)."""
    return next((key for word, key in ITEM_WORDS if word in label), None)


def _fields(line: Line, tab: bool) -> list[str]:
    return [c.strip() for c in line.cells] if tab else line.text.split()


@final_parser(TableKind.FINAL_THREE_PUBLIC)
def parse_three_public(block: TableBlock, table_id: str, unit: str) -> tuple[Table, list[Finding]]:
    """Six item rows × (预算数, 决算数); identities 1 = 2+3+6, 3 = 4+5 (and 7 = 8+9+12, 9 = 10+11)."""
    columns = three_public_columns()
    tab = is_tab(block.lines)
    line, cells = _data_line(block.lines, tab)
    places = header_places(block.lines) if tab else None
    if places is not None and line is not None:
        printed = [c.strip() for c in line.cells] + [""] * len(places)
        cells = [printed[places[c.key][0]] for c in columns]
        for column in columns:
            column.header = places[column.key][1]
    rows: list[Row] = []
    if line is not None:
        for i, (key, name, parent, _) in enumerate(ITEMS):
            row = Row(
                index=i,
                name=name,
                level=None if key == "total" else (2 if parent is not None else 1),
                parent=parent,
                path=[VEHICLES] if parent is not None else [],
                role=RowRole.TOTAL if key == "total" else RowRole.ITEM,
                location=Location(line=line.no, table=table_id, row=i),
            )
            for side, _, first in SIDES:
                row.cells[f"{side}.{key}"] = money_cell(cells[first + i], unit)
            rows.append(row)
    table = new_table(block, table_id, unit, columns, rows)
    if not rows:
        return table, []
    identities: list[Identity] = []
    for side, _, first in SIDES:
        n = [str(first + j) for j in range(1, 7)]
        identities.append(
            Identity(
                (0, f"{side}.total"),
                ((1, f"{side}.abroad", 1), (2, f"{side}.vehicles", 1), (5, f"{side}.reception", 1)),
                f"栏{n[0]} = 栏{n[1]} + 栏{n[2]} + 栏{n[5]}",
            )
        )
        identities.append(
            Identity(
                (2, f"{side}.vehicles"),
                ((3, f"{side}.vehicle_purchase", 1), (4, f"{side}.vehicle_running", 1)),
                f"栏{n[2]} = 栏{n[3]} + 栏{n[4]}",
            )
        )
    return table, debris_findings(table) + solve(table, identities)
