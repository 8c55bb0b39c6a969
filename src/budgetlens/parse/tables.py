"""Table blocks -> typed tables: columns, rows, hierarchy per canonical kind."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetlens.model import Column, Finding, Location, Row, RowRole, Severity, Table
from budgetlens.model.table_kinds import Reading, Rows, TableKind, kinds_with
from budgetlens.parse import hierarchy
from budgetlens.parse.final.registry import load_parsers
from budgetlens.parse.final.repair import repair_table
from budgetlens.parse.grid import Grid, build_grid
from budgetlens.parse.rows import parse_finding, side_row
from budgetlens.parse.wide_items import to_rows
from budgetlens.segment.blocks import TableBlock
from budgetlens.segment.vocabulary import is_empty_note

UNKNOWN_TABLE = (
    "BL003",
    "parse.unknown-table",
    "第{line}行的表格“{title}”不是已知的公开表格，按通用表格保留",
    "Table '{title}' at line {line} is not a known disclosure table; kept as a generic table",
)
NO_UNIT = (
    "BL004",
    "parse.table-unit-missing",
    "表“{title}”（第{line}行）未声明金额单位，按万元处理",
    "Table '{title}' (line {line}) declares no money unit; read as 万元",
)
EMPTY_WITHOUT_NOTE = (
    "BL005",
    "parse.table-empty",
    "表“{title}”（第{line}行）没有数据行",
    "Table '{title}' (line {line}) has no data rows",
)
CODED_KINDS = kinds_with(Rows.FUNCTION)
TWO_SIDED_KINDS = kinds_with(Rows.TWO_SIDED)
AMOUNTS_AS_LABELS = (
    "BL006",
    "parse.amounts-in-label-column",
    "表“{title}”第{line}行起有{count}个金额落在名称列，未能对应到金额列",
    "Table '{title}': {count} amounts from line {line} on stand in a label column and match no amount column",
)
_DECIMAL = re.compile(r"^[-−]?[\d,]*\d\.\d+$")
PROJECT_KINDS = kinds_with(Rows.PROJECTS)


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
        findings.append(parse_finding(NO_UNIT, Severity.WARNING, where, title=block.title, line=block.line))
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
            table.columns.append(Column(key=grid.keys[j], header=grid.paths[j], index=j, side=side.name))
    rows: list[Row] = []
    last_code: dict[int, str | None] = {}
    for line in grid.body:
        cells = grid.cells(line)
        for s, side in enumerate(grid.sides):
            row, problems = side_row(grid, side, line, cells, len(rows), table_id, block.title, unit, last_code.get(s))
            findings.extend(problems)
            if row is not None:
                rows.append(row)
                last_code[s] = row.code or last_code.get(s)
    table.rows = rows
    findings.extend(_amounts_as_labels(grid, table_id, block.title))
    _structure(table, ctx)
    if not rows and not table.empty_note:
        findings.append(parse_finding(EMPTY_WITHOUT_NOTE, Severity.WARNING, where, title=block.title, line=block.line))
    if block.kind is TableKind.UNKNOWN:
        findings.append(parse_finding(UNKNOWN_TABLE, Severity.WARNING, where, title=block.title, line=block.line))
    return table, findings


def _amounts_as_labels(grid: Grid, table_id: str, title: str) -> list[Finding]:
    """Decimal amounts in label columns: a header the grid did not understand, reported, never dropped."""
    label_cols = [j for side in grid.sides for j in side.name_cols]
    label_cols += [side.code_col for side in grid.sides if side.code_col is not None]
    hits = [ln.no for ln in grid.body for j in label_cols if _DECIMAL.match(grid.cells(ln)[j].replace(" ", ""))]
    if not hits:
        return []
    where = Location(line=hits[0], table=table_id)
    return [parse_finding(AMOUNTS_AS_LABELS, Severity.ERROR, where, title=title, line=hits[0], count=len(hits))]


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
