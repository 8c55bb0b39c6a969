"""Table blocks -> typed tables: columns, rows, hierarchy per canonical kind."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetlens import limits
from budgetlens.model import Column, Finding, Location, Row, RowRole, Table
from budgetlens.model.table_kinds import Reading, Rows, TableKind, kinds_with
from budgetlens.parse import hierarchy
from budgetlens.parse.final.registry import load_parsers
from budgetlens.parse.final.repair import repair_table
from budgetlens.parse.grid import Grid, build_grid
from budgetlens.parse.reading import Scorer
from budgetlens.parse.rows import problem, side_row
from budgetlens.parse.wide_items import to_rows
from budgetlens.read.raw import Line
from budgetlens.segment.blocks import TableBlock
from budgetlens.segment.vocabulary import is_empty_note

CODED_KINDS = kinds_with(Rows.FUNCTION)
TWO_SIDED_KINDS = kinds_with(Rows.TWO_SIDED)
SIDE_KEYS = {"income": "income", "expenditure": "expenditure.total"}
_DECIMAL = re.compile(r"^[-−]?[\d,]*\d\.\d+$")
PROJECT_KINDS = kinds_with(Rows.PROJECTS)
# Amounts one document's short lines may have judged while their readings are tried (real ones need
# about 10,000); past it, the remaining short lines keep the plain reading.
ALIGNMENT_WORK = 200_000


@dataclass(slots=True)
class ParseContext:
    """What the table parser may know about the document beyond the table itself."""

    source: str = ""
    issuer: str | None = None
    department_level: bool = True
    known_units: set[str] = field(default_factory=set)
    alignment_work: int = 0  # amounts judged so far trying short lines' readings (see ALIGNMENT_WORK)
    table_cells: int = 0  # cells of the tables read so far, each row as wide as its table


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
    ctx.table_cells += len(grid.body) * grid.width  # one row as wide as junk makes every row of its table so
    limits.check(
        ctx.source,
        "max_table_cells",
        ctx.table_cells,
        "表格的单元格数（行数 × 列数）",
        "the tables' cells (rows × columns)",
    )
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
    if _choose_alignment(grid, table, block.title, unit, ctx):
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
    rows, findings, _ = _read_rows(grid, table_id, title, unit)
    return rows, findings


def _read_rows(
    grid: Grid, table_id: str, title: str, unit: str
) -> tuple[list[Row], list[Finding], dict[int, tuple[int, str | None]]]:
    """``_rows``, and for each line of a one-sided table: its row's position and the code of the row before."""
    rows: list[Row] = []
    findings: list[Finding] = []
    at: dict[int, tuple[int, str | None]] = {}
    last_code: dict[int, str | None] = {}
    for line in grid.body:
        cells = grid.cells(line)
        for s, side in enumerate(grid.sides):
            previous = last_code.get(s)
            row, problems = side_row(grid, side, line, cells, len(rows), table_id, title, unit, previous)
            findings.extend(problems)
            if row is not None:
                at[line.no] = (len(rows), previous)
                rows.append(row)
                last_code[s] = row.code or previous
    return rows, findings, at


def _choose_alignment(grid: Grid, table: Table, title: str, unit: str, ctx: ParseContext) -> bool:
    """Place each short line's amounts where the table's identities hold best (first columns by default).

    Each reading of a line re-reads that line alone and judges only the identities its row takes
    part in (``Scorer``); a reading that would change the table's structure (another code or role)
    is judged on the whole table re-read. Past ``ALIGNMENT_WORK`` the remaining lines keep the plain reading.
    """
    short = grid.short_lines()
    if not short:
        return False
    lines = {line.no: line for line in grid.body}
    rows, _, at = _read_rows(grid, table.id, title, unit)
    scorer = Scorer(table.model_copy(update={"rows": rows}))
    for no, placements in short.items():
        if ctx.alignment_work + scorer.work > ALIGNMENT_WORK:
            break
        chosen: tuple[int, ...] | None = None
        chosen_row: Row | None = None
        best = scorer.score
        for columns in placements:
            grid.placed[no] = columns
            row = _line_row(grid, lines[no], at.get(no), table.id, title, unit)
            if row is not None and scorer.same_place(at[no][0], row):
                found = scorer.with_row(at[no][0], row)
            else:  # the line's reading changes the table's structure: judge it whole
                row = None
                whole = Scorer(table.model_copy(update={"rows": _rows(grid, table.id, title, unit)[0]}))
                scorer.work += whole.work
                found = whole.score
            if found.better_than(best):
                best, chosen, chosen_row = found, columns, row
        if chosen is None:
            del grid.placed[no]
            continue
        grid.placed[no] = chosen
        if chosen_row is not None:
            scorer.put(at[no][0], chosen_row, best)
        else:
            rows, _, at = _read_rows(grid, table.id, title, unit)
            work = scorer.work
            scorer = Scorer(table.model_copy(update={"rows": rows}))
            scorer.work += work
    ctx.alignment_work += scorer.work
    return bool(grid.placed)


def _line_row(
    grid: Grid, line: Line, spot: tuple[int, str | None] | None, table_id: str, title: str, unit: str
) -> Row | None:
    """The row of a one-sided table's ``line`` read again at ``spot`` (None when the line had no row)."""
    if spot is None:
        return None
    position, previous = spot
    return side_row(grid, grid.sides[0], line, grid.cells(line), position, table_id, title, unit, previous)[0]


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
