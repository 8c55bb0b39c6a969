"""Table blocks -> typed tables: columns, rows, hierarchy per canonical kind."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetlens.model import Column, Finding, Location, Row, RowRole, Table
from budgetlens.model.table_kinds import Reading, Rows, TableKind, kinds_with
from budgetlens.parse import hierarchy
from budgetlens.parse.final.registry import load_parsers
from budgetlens.parse.final.repair import repair_table
from budgetlens.parse.grid import Grid, build_grid
from budgetlens.parse.reading import score
from budgetlens.parse.rows import problem, side_row
from budgetlens.parse.wide_items import to_rows
from budgetlens.segment.blocks import TableBlock
from budgetlens.segment.vocabulary import is_empty_note

CODED_KINDS = kinds_with(Rows.FUNCTION)
TWO_SIDED_KINDS = kinds_with(Rows.TWO_SIDED)
SIDE_KEYS = {"income": "income", "expenditure": "expenditure.total"}
_DECIMAL = re.compile(r"^[-−]?[\d,]*\d\.\d+$")
PROJECT_KINDS = kinds_with(Rows.PROJECTS)
MAX_ROW_READINGS = 100_000  # rows read again to choose where short lines' amounts go, per table


@dataclass(slots=True)
class ParseContext:
    """What the table parser may know about the document beyond the table itself."""

    issuer: str | None = None
    department_level: bool = True
    known_units: set[str] = field(default_factory=set)


def parse_table(block: TableBlock, table_id: str, ctx: ParseContext) -> tuple[Table, list[Finding]]:
    """Parse one table block; never raises on data, problems become findings."""
    final = load_parsers().get(block.kind)
    if final is not None:
        table, problems = final(block, table_id, block.unit or "万元")
        table.unit_declared = block.unit is not None
        if any(c.header and c.header[-1].startswith("栏") for c in table.columns):
            table.reading = Reading.NUMBERED
        return table, problems + repair_table(table)
    findings: list[Finding] = []
    where = Location(line=block.line, line_end=block.line_end, table=table_id)
    if block.unit is None:
        findings.append(problem("BL004", where, title=block.title, line=block.line))
    unit = block.unit or "万元"
    lines = to_rows(block.lines) if block.kind == TableKind.BUDGET_THREE_PUBLIC else block.lines
    grid = build_grid(lines)
    table = Table(
        id=table_id,
        kind=block.kind,
        title=block.title,
        unit=unit,
        unit_declared=block.unit is not None,
        issuer_label=block.issuer_label,
        empty_note=any(is_empty_note(n.text) for n in block.notes),
        notes=[n.text.strip() for n in block.notes],
        location=where,
    )
    for side in grid.sides:
        for j in side.amount_cols:
            key = grid.keys[j]
            if block.kind in TWO_SIDED_KINDS and side.name and len(side.amount_cols) == 1:
                key = grid.keys[j] = SIDE_KEYS[side.name]  # a side's one amount column: its side's measure
            table.columns.append(Column(key=key, header=grid.paths[j], index=j, side=side.name))
    rows, problems = _rows(grid, table_id, block.title, unit)
    table.rows = rows
    if _choose_alignment(grid, table, block.title, unit):
        rows, problems = _rows(grid, table_id, block.title, unit)
        table.rows, table.reading = rows, Reading.ARITHMETIC
    findings.extend(problems)
    findings.extend(_amounts_as_labels(grid, table_id, block.title))
    _structure(table, ctx)
    if not rows and not table.empty_note:
        findings.append(problem("BL005", where, title=block.title, line=block.line))
    if block.kind is TableKind.UNKNOWN:
        findings.append(problem("BL003", where, title=block.title, line=block.line))
    return table, findings


def _rows(grid: Grid, table_id: str, title: str, unit: str) -> tuple[list[Row], list[Finding]]:
    """The rows of every side, in printed order, and the problems met reading their cells."""
    rows: list[Row] = []
    findings: list[Finding] = []
    last_code: dict[int, str | None] = {}
    for line in grid.body:
        cells = grid.cells(line)
        for s, side in enumerate(grid.sides):
            row, problems = side_row(grid, side, line, cells, len(rows), table_id, title, unit, last_code.get(s))
            findings.extend(problems)
            if row is not None:
                rows.append(row)
                last_code[s] = row.code or last_code.get(s)
    return rows, findings


def _choose_alignment(grid: Grid, table: Table, title: str, unit: str) -> bool:
    """Place each short line's amounts where the table's identities hold best (first columns by default).

    Each placement tried reads the whole table again: a table that would need more than
    ``MAX_ROW_READINGS`` rows read keeps the plain reading (real tables need at most a few tens of
    thousands; a table of thousands of short lines would take time growing with the square of its length).
    """
    short_lines = grid.short_lines()
    if sum(len(p) for p in short_lines.values()) * max(len(table.rows), 1) > MAX_ROW_READINGS:
        return False
    best = score(table)
    for no, placements in short_lines.items():
        chosen: tuple[int, ...] | None = None
        for columns in placements:
            grid.placed[no] = columns
            found = score(table.model_copy(update={"rows": _rows(grid, table.id, title, unit)[0]}))
            if found.better_than(best):
                best, chosen = found, columns
        if chosen is None:
            del grid.placed[no]
        else:
            grid.placed[no] = chosen
    return bool(grid.placed)


def _amounts_as_labels(grid: Grid, table_id: str, title: str) -> list[Finding]:
    """Decimal amounts in label columns: a header the grid did not understand, reported, never dropped."""
    label_cols = [j for side in grid.sides for j in side.name_cols]
    label_cols += [side.code_col for side in grid.sides if side.code_col is not None]
    hits = [ln.no for ln in grid.body for j in label_cols if _DECIMAL.match(grid.cells(ln)[j].replace(" ", ""))]
    if not hits:
        return []
    where = Location(line=hits[0], table=table_id)
    return [problem("BL006", where, title=title, line=hits[0], count=len(hits))]


def _structure(table: Table, ctx: ParseContext) -> None:
    kind, rows = table.kind, table.rows
    if kind in CODED_KINDS or any(r.code for r in rows):
        hierarchy.by_codes(rows)
    if kind in TWO_SIDED_KINDS:
        hierarchy.carryover_block(rows, "income")
    elif kind == TableKind.BUDGET_GENERAL_BASIC_ECONOMIC and not any(r.code for r in rows):
        hierarchy.economic(rows)  # printed economic codes (301 / 30101) already gave the hierarchy
    elif kind == TableKind.BUDGET_THREE_PUBLIC:
        hierarchy.sub_items(rows)
    elif kind in PROJECT_KINDS:
        hierarchy.projects(rows, ctx.issuer, ctx.department_level, ctx.known_units)
    elif kind == TableKind.BUDGET_OPERATING_COST:
        for row in rows:
            if row.role is not RowRole.TOTAL:
                row.role = RowRole.UNIT
                row.level = 1
