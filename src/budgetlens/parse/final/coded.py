"""公开02/03/05: rows anchored on 功能分类 codes (收入决算表, 支出决算表, 一般公共预算财政拨款支出决算表)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetlens.model import Column, Finding, Location, Row, RowRole, Table
from budgetlens.model import classification as cls
from budgetlens.model.table_kinds import TableKind
from budgetlens.parse import hierarchy
from budgetlens.parse.final.cells import Kind, is_tab_flavour, kind_of, line_cells, tokens
from budgetlens.parse.final.columns import TEMPLATES, read_cell, template_columns
from budgetlens.parse.final.header import measure_columns
from budgetlens.parse.final.registry import final_parser
from budgetlens.parse.final.text import compact, split_code
from budgetlens.parse.rows import problem
from budgetlens.read.noise import collapse_doubled, is_watermark
from budgetlens.read.raw import Line
from budgetlens.segment.blocks import TableBlock

_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(slots=True)
class RawRow:
    line: int
    code: str | None
    name: str
    values: list[str] = field(default_factory=list)


def _body(lines: list[Line]) -> list[Line]:
    """Lines after the 栏次 row (the header), or all lines when no 栏次 row is printed."""
    for i, line in enumerate(lines):
        if "栏次" in compact(line.text):
            return lines[i + 1 :]
    return lines


def _tab_rows(lines: list[Line], ncols: int) -> list[RawRow]:
    rows = []
    for line in lines:
        cells = line_cells(line, tab=True)
        kinds = [kind_of(c) for c in cells]
        first_amount = next((i for i, k in enumerate(kinds) if k is Kind.AMOUNT), None)
        limit = first_amount if first_amount is not None else len(cells)
        names = [
            i for i in range(limit) if kinds[i] is Kind.TEXT and _CJK.search(cells[i]) and not is_watermark(cells[i])
        ]
        codes = [i for i in range(limit) if kinds[i] is Kind.CODE]
        if not names and not codes:
            continue
        code, code_end = split_code(cells, codes[-1]) if codes else (None, -1)
        name_at = names[-1] if names else code_end
        name = collapse_doubled(cells[name_at]) if names else ""
        if first_amount is None and "合计" not in name:
            continue
        code = code if codes and code_end < name_at + (0 if names else 1) else None
        rows.append(RawRow(line.no, code, name, cells[name_at + 1 : name_at + 1 + ncols]))
    return rows


def _space_rows(lines: list[Line], ncols: int) -> list[RawRow]:
    rows: list[RawRow] = []
    current: RawRow | None = None
    for line in lines:
        toks = tokens([line], tab=False)
        filled = [t for t in toks if t.kind is not Kind.EMPTY]
        if not filled:
            continue
        starts = filled[0].kind is Kind.CODE or "合计" in filled[0].text
        if starts:
            first = toks.index(filled[0])
            code, last = split_code([t.text for t in toks], first) if filled[0].kind is Kind.CODE else (None, first)
            current = RawRow(line.no, code, "" if code else filled[0].text)
            rows.append(current)
            toks = toks[last + 1 :]
        if current is None:
            continue
        first_amount = next((i for i, t in enumerate(toks) if t.kind is Kind.AMOUNT), None)
        head = toks if first_amount is None else toks[:first_amount]
        current.name += "".join(t.text for t in head if t.kind is Kind.TEXT)
        if first_amount is not None and not current.values:
            current.values = [t.text for t in toks[first_amount : first_amount + ncols]]
    return rows


_GLUED_CODE = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s*([^\d\s].*)$")


def _header_rows(lines: list[Line], columns: list[Column]) -> list[RawRow]:
    """Rows of a table whose amount columns were found by header words: cells read by column position.

    The cells left of the first amount column are labels: a code in one cell, split over 类 | 款 | 项
    cells or glued to the name; the name is the last text among them; 合计 in any of them is the total.
    """
    first = min(c.index for c in columns)
    rows: list[RawRow] = []
    for line in lines:
        cells = [c.strip() for c in line.cells] + [""] * (max(c.index for c in columns) + 1)
        labels = cells[:first]
        values = [cells[c.index] for c in columns]
        total = next((lb for lb in labels if "合计" in compact(lb) or "总计" in compact(lb)), None)
        digits = [lb for lb in labels if re.fullmatch(r"\d{1,7}", lb)]
        texts = [lb for lb in labels if _CJK.search(lb) and not is_watermark(lb)]
        code = None
        if digits and len(digits[0]) == 3:
            code = digits[0] + "".join(d.zfill(2) for d in digits[1:3])
        elif digits:
            code = digits[0]
        name = collapse_doubled(texts[-1]) if texts else ""
        glued = _GLUED_CODE.match(name)
        if code is None and glued:
            code, name = glued.group(1), glued.group(2)
        if total is not None and code is None:
            name = "合计"
        if code is None and not name and not any(values):
            continue
        rows.append(RawRow(line.no, code, name, values))
    return rows


def _restore_code(name: str, previous: list[str], year: int | None) -> str | None:
    """The code of a row printed without one: its name under the nearest plausible parent."""
    words = name.split()
    candidates = [compact(name)] + ([compact(" ".join(words[1:]))] if len(words) > 1 else [])
    parents: list[str | None] = []
    for code in reversed(previous):
        for p in (code, code[:5], code[:3]):
            if len(p) in (3, 5) and p not in parents:
                parents.append(p)
    parents.append(None)
    for candidate in candidates:
        for parent in parents:
            entry = cls.functional_by_name(candidate, year, parent=parent) if parent else None
            if entry is None and parent is None:
                entry = cls.functional_by_name(candidate, year, level=1)
            if entry is not None:
                return entry.code
    return None


@final_parser(TableKind.FINAL_REVENUE, TableKind.FINAL_EXPENDITURE, TableKind.FINAL_GENERAL_EXPENDITURE)
def parse_coded(block: TableBlock, table_id: str, unit: str) -> tuple[Table, list[Finding]]:
    spec = TEMPLATES[block.kind]
    columns = template_columns(spec)
    title = collapse_doubled(block.title)
    body = _body(block.lines)
    tab = is_tab_flavour(body)
    by_header = measure_columns(block.lines, block.kind) if tab and body is block.lines else None
    if by_header is not None:
        columns = by_header[0]
        raw_rows = _header_rows(block.lines[by_header[1] :], columns)
    else:
        raw_rows = _tab_rows(body, len(spec)) if tab else _space_rows(body, len(spec))
    findings: list[Finding] = []
    table = Table(
        id=table_id,
        kind=block.kind,
        title=title,
        unit=unit,
        issuer_label=block.issuer_label,
        columns=columns,
        empty_note=any("本表无数据" in n.text for n in block.notes),
        notes=[n.text.strip() for n in block.notes],
        location=Location(line=block.line, line_end=block.line_end, table=table_id),
    )
    seen: list[str] = []
    for raw in raw_rows:
        index = len(table.rows)
        name = compact(collapse_doubled(raw.name))
        row = Row(index=index, name=name, code=raw.code, code_source="printed" if raw.code else None)
        row.location = Location(line=raw.line, table=table_id, row=index)
        if raw.code is None and "合计" in name:
            row.role, row.name = RowRole.TOTAL, "合计"
        elif raw.code is None:
            restored = _restore_code(name, seen, None)
            if restored:
                row.code, row.code_source = restored, "restored"
                findings.append(problem("BL023", row.location, table=title, line=raw.line, name=name, code=restored))
        if row.code:
            seen.append(row.code)
        for i, column in enumerate(columns):
            text = raw.values[i] if i < len(raw.values) else ""
            row.cells[column.key] = read_cell(text, unit, column, raw.line, table_id, title, findings, index)
        table.rows.append(row)
    _official_names(table, title, findings)
    hierarchy.by_codes(table.rows)
    return table, findings


def _official_names(table: Table, title: str, findings: list[Finding]) -> None:
    """Drop scan debris before a name when what remains is exactly the official name of the code."""
    for row in table.rows:
        entry = cls.functional(row.code) if row.code else None
        if entry is None or row.name == entry.name or not row.name.endswith(entry.name):
            continue
        debris = row.name[: -len(entry.name)]
        findings.append(
            problem(
                "BL020",
                row.location,
                table=title,
                line=row.location.line,
                column="科目名称",
                text=debris,
            )
        )
        row.name = entry.name
