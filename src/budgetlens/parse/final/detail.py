"""一般公共预算财政拨款(基本)支出决算明细表 (公开06表): economic classification in four groups per row.

Each printed row holds four (code, name, amount(s)) groups; the 2024 template has one amount
(决算数, basic expenditure only), the 2022 template two (金额 / 其中：基本支出). Rows are anchored on
economic codes — 3-digit classes (printed doubled ``301301`` by pdftotext bold) and 5-digit 款 —
and end with 人员经费合计 / 公用经费合计. ``────`` means not applicable (None, printed kept).
A code lost by OCR is restored from its name (BL023). Identities: class = Σ its 款,
人员经费合计 = 301 + 303, 公用经费合计 = Σ other classes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetlens.model import Column, Finding, Location, Row, RowRole, Table
from budgetlens.model.classification import economic_dept_by_name
from budgetlens.model.table_kinds import TableKind
from budgetlens.parse import hierarchy
from budgetlens.parse.final.funds import (
    CJK,
    NOT_APPLICABLE,
    Identity,
    cell_finding,
    debris_findings,
    is_tab,
    money_cell,
    new_table,
    solve,
    sum_identity,
)
from budgetlens.parse.final.registry import final_parser
from budgetlens.parse.final.text import AMOUNT, compact
from budgetlens.parse.rows import problem
from budgetlens.read.noise import collapse_doubled, is_watermark
from budgetlens.read.raw import Line
from budgetlens.segment.blocks import TableBlock

CODE_HEADERS = ("科目代码", "科目编码")
PERSONNEL_CLASSES = ("301", "303")
TOTALS = ("人员经费合计", "公用经费合计")
ECONOMIC_CODE = re.compile(r"^(?:(3\d{2})\1|3\d{2}|3\d{4})$")
# pdftotext tokens: amount first (glued ``6798345.0830201``), then a code (doubled ``399399``), N/A, text
TOKEN = re.compile(
    r"(?P<amt>\d+\.\d{2})|(?P<code>(?P<half>3\d{2})(?P=half)(?!\d)|3\d{4}(?!\d)|3\d{2}(?!\d))"
    r"|(?P<na>[─━]{2,})|(?P<text>[^\d─━]+)|(?P<junk>\d+)"
)


@dataclass(slots=True)
class _Group:
    """One (code, name, values) group as printed; ``total`` names a 人员/公用经费合计 group."""

    line: int
    code: str | None = None
    doubled: bool = False
    names: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    total: str | None = None
    restored: bool = False
    strays: list[str] = field(default_factory=list)  # debris beside the values, not in a value cell

    @property
    def name(self) -> str:
        if self.total:
            return self.total
        parts = [_undouble(p) if self.doubled else collapse_doubled(p) for p in self.names]
        return compact("".join(parts))


def _undouble(text: str) -> str:
    t = compact(text)
    h = len(t) // 2
    return t[:h] if len(t) % 2 == 0 and h >= 1 and t[:h] == t[h:] else collapse_doubled(text)


def _code(text: str) -> tuple[str | None, bool]:
    m = ECONOMIC_CODE.match(text.strip())
    if not m:
        return None, False
    return (m.group(1), True) if m.group(1) else (m.group(0), False)


def _restore(group: _Group) -> _Group | None:
    """A group without a code: restore the code from its name, or drop it as a scrap."""
    name = group.name
    if not CJK.search(name) or is_watermark(name):
        return None
    entry = economic_dept_by_name(name)
    if entry is None:
        return group if any(AMOUNT.match(v.strip()) for v in group.values) else None
    group.code, group.restored = entry.code, True
    return group


def _tab_groups(lines: list[Line]) -> tuple[list[_Group], int]:
    """Groups of the TAB flavour, positioned by the header's 科目代码 cells; and the amounts per group.

    Within a group the code may be printed in one cell or split over 类 | 款 cells (``301 | 01``,
    a 款 printed ``2`` is 02); the name is the group's first text cell and the amounts follow it.
    """
    head = next((i for i, ln in enumerate(lines) if sum(_code_header(c) for c in ln.cells) >= 2), None)
    starts = [j for j, c in enumerate(lines[head].cells) if _code_header(c)] if head is not None else []
    if len(starts) < 2:
        starts = [0, 3, 6, 9]
    width = starts[1] - starts[0]
    name_at = _name_offset(lines[: head + 3] if head is not None else [], starts[0], width)
    groups: list[_Group] = []
    body = lines[head + 1 if head is not None else 0 :]
    for ln in body:
        cells = [c.strip() for c in ln.cells] + [""] * (starts[-1] + width)
        if any("合计" in compact(c) for c in cells):
            groups += _tab_totals(ln, cells, starts, width, name_at)
            continue
        for s in starts:
            code, doubled = _code(_joined_code(cells[s : s + name_at]))
            group = _Group(ln.no, code, doubled, [cells[s + name_at]], cells[s + name_at + 1 : s + width])
            restored = group if code else _restore(group)
            if restored is not None:
                groups.append(restored)
    return groups, width - name_at - 1


def _code_header(cell: str) -> bool:
    """A code column's header: 科目编码 or 科目代码, alone or after its scheme (经济分类科目编码 in one cell)."""
    return compact(cell).endswith(CODE_HEADERS)


def _name_offset(header: list[Line], start: int, width: int) -> int:
    """Where the name stands in a group: under 科目名称 in the header, else right after the code."""
    for ln in header:
        cells = [compact(c) for c in ln.cells]
        for j in range(start, min(start + width, len(cells))):
            if "名称" in cells[j]:
                return j - start
    return 1


def _joined_code(parts: list[str]) -> str:
    """A code printed over 类 | 款 cells joined (the 款 zero-padded to two digits)."""
    head = parts[0] if parts else ""
    rest = [p for p in parts[1:] if p]
    if rest and re.fullmatch(r"3\d{2}", head) and all(re.fullmatch(r"\d{1,2}", p) for p in rest):
        return head + "".join(p.zfill(2) for p in rest)
    return head


def _tab_totals(ln: Line, cells: list[str], starts: list[int], width: int, name_at: int = 1) -> list[_Group]:
    """The totals line: 人员经费合计 over the first half of the groups, 公用经费合计 over the second."""
    half = len(starts) // 2
    out: list[_Group] = []
    for label, group_starts in zip(TOTALS, (starts[:half], starts[half:]), strict=True):
        values = [v for s in group_starts for v in cells[s + name_at + 1 : s + width] if v]
        amounts = [v for v in values if AMOUNT.match(v)]
        strays = [v for v in values if not AMOUNT.match(v)] if amounts else values[1:]
        out.append(_Group(ln.no, total=label, values=amounts or values[:1], strays=strays))
    return out


def _text_groups(lines: list[Line]) -> tuple[list[_Group], int]:
    """Groups of the pdftotext flavour: one token stream in reading order, a new group at every code."""
    first = next((i for i, ln in enumerate(lines) if _first_code(ln.text)), len(lines))
    header = compact(collapse_doubled(" ".join(ln.text for ln in lines[:first])))
    groups: list[_Group] = []
    current: _Group | None = None
    for ln in lines[first:]:
        for piece in ln.text.split():
            for m in TOKEN.finditer(piece):
                if m.group("code"):
                    code, doubled = _code(m.group("code"))
                    current = _Group(ln.no, code, doubled)
                    groups.append(current)
                elif m.group("text") and any(t in collapse_doubled(m.group("text")) for t in TOTALS):
                    current = _Group(ln.no, total=next(t for t in TOTALS if t in m.group("text")))
                    groups.append(current)
                elif current is None:
                    continue
                elif m.group("text") and not current.values:
                    current.names.append(m.group("text"))
                elif m.group("amt") or m.group("na") or m.group("junk"):
                    current.values.append(m.group(0))
    return groups, 2 if "基本支出" in header else 1


def _first_code(text: str) -> bool:
    m = TOKEN.match(text.strip())
    return bool(m and m.group("code"))


def _columns(nvals: int) -> list[Column]:
    if nvals >= 2:
        return [Column(key="amount", header=["金额"], index=0), Column(key="basic", header=["其中：基本支出"], index=1)]
    return [Column(key="basic", header=["决算数"], index=0)]


def _assign(values: list[str], keys: list[str]) -> tuple[dict[str, str], list[str]]:
    """Cells by column (and surplus values): ``────`` is the 基本支出 cell; a single amount is 金额."""
    cells = dict.fromkeys(keys, "")
    rest = [v.strip() for v in values if v.strip()]
    if len(keys) == 2 and any(NOT_APPLICABLE.match(v) for v in rest):
        cells["basic"] = next(v for v in rest if NOT_APPLICABLE.match(v))
        rest = [v for v in rest if not NOT_APPLICABLE.match(v)]
        keys = keys[:1]
    for key, value in zip(keys, rest, strict=False):
        cells[key] = value
    return cells, rest[len(keys) :]


def _sorted_groups(groups: list[_Group]) -> list[_Group]:
    """Coded groups in classification order (class, then its 款), then the two totals."""
    coded = sorted((g for g in groups if not g.total), key=lambda g: g.code or "999")
    return [*coded, *[g for t in TOTALS for g in groups if g.total == t][:2]]


def _rows(groups: list[_Group], columns: list[Column], unit: str, table_id: str) -> list[Row]:
    keys = [c.key for c in columns]
    rows: list[Row] = []
    for g in _sorted_groups(groups):
        i = len(rows)
        row = Row(
            index=i,
            name=g.name,
            code=g.code,
            code_source=None if g.code is None else ("classification" if g.restored else "printed"),
            role=RowRole.TOTAL if g.total else RowRole.ITEM,
            location=Location(line=g.line, table=table_id, row=i),
        )
        cells, surplus = _assign(g.values, keys)
        row.cells = {k: money_cell(v, unit) for k, v in cells.items()}
        g.strays += surplus
        rows.append(row)
    hierarchy.by_codes(rows)
    return rows


def _identities(rows: list[Row], keys: list[str]) -> list[Identity]:
    classes = [r for r in rows if r.code and len(r.code) == 3]
    out: list[Identity] = []
    for key in keys:
        for cls in classes:
            kids = [r for r in rows if r.parent == cls.index]
            if kids:
                out.append(sum_identity(cls, kids, key, f"{cls.code} = Σ{cls.code}xx"))
        for label, words in zip(TOTALS, ("301 + 303", "Σ其他类"), strict=True):
            total = next((r for r in rows if r.role is RowRole.TOTAL and r.name == label), None)
            personnel = label == TOTALS[0]
            parts = [c for c in classes if (c.code in PERSONNEL_CLASSES) == personnel]
            if total is not None and parts:
                out.append(sum_identity(total, parts, key, f"{label} = {words}"))
    return out


@final_parser(TableKind.FINAL_GENERAL_BASIC_DETAIL)
def parse_detail(block: TableBlock, table_id: str, unit: str) -> tuple[Table, list[Finding]]:
    """Economic-classification rows of both templates and flavours, repaired from their identities."""
    groups, nvals = _tab_groups(block.lines) if is_tab(block.lines) else _text_groups(block.lines)
    columns = _columns(nvals)
    rows = _rows(groups, columns, unit, table_id)
    table = new_table(block, table_id, unit, columns, rows)
    findings: list[Finding] = []
    for row in rows:
        if row.code_source == "classification":
            where = Location(line=row.location.line, table=table_id, row=row.index, text=row.name)
            findings.append(
                problem(
                    "BL023",
                    where,
                    table=table.title,
                    line=row.location.line,
                    name=row.name,
                    code=row.code,
                )
            )
    for g, row in zip(_sorted_groups(groups), rows, strict=True):
        for text in g.strays:
            findings.append(cell_finding("BL020", table, row, columns[-1].key, text, text=text))
    findings += debris_findings(table)
    return table, findings + solve(table, _identities(rows, [c.key for c in columns]))
