"""政府性基金 / 国有资本经营 tables (coded rows), plus the typed cells and identity repairs shared by
the parsers of this package's detail, three_public and stats modules.

Cells are type-checked: a money cell is blank, an amount with exactly two decimals (OCR may print
``12. 51``), ``────`` (not applicable) or debris; a count cell is blank, a bare integer or debris.
Debris is read as blank (BL020) and then solved from the table's identities: a value the identity
determines is marked repaired (BL021), a blank it confirms stays blank with the identity noted, and
what stays open is reported (BL022).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from budgetlens.model import Amount, Column, Finding, Location, Row, RowRole, Table, ValueStatus
from budgetlens.model.money import YUAN_PER_UNIT
from budgetlens.model.table_kinds import TableKind
from budgetlens.parse import hierarchy
from budgetlens.parse.final.header import is_header_word, measure_columns
from budgetlens.parse.final.registry import final_parser
from budgetlens.parse.final.text import AMOUNT, FUNCTION_CODE, compact, split_code
from budgetlens.parse.rows import problem
from budgetlens.read.noise import collapse_doubled
from budgetlens.read.raw import Line
from budgetlens.segment.blocks import TableBlock
from budgetlens.segment.vocabulary import EMPTY_NOTE

NOT_APPLICABLE = re.compile(r"^[─━]{2,}$")
COUNT = re.compile(r"^\d{1,6}$")
CJK = re.compile(r"[\u4e00-\u9fff]")
HALF_CENT = Decimal("0.005")
NA_CONSTRAINT = "not applicable (────)"
OPEN_CONSTRAINT = "undetermined: no identity of the table fixes it"


def is_tab(lines: list[Line]) -> bool:
    """TAB flavour (OCR text) when most lines have several cells; else one-space pdftotext flavour."""
    return sum(len(ln.cells) > 1 for ln in lines) * 2 > len(lines)


def money_cell(text: str, unit: str) -> Amount:
    """A money cell: amount (printed without OCR spaces), blank, ``────`` (None, printed) or debris."""
    t = text.strip()
    if is_header_word(t):
        return Amount(value=None, unit=unit)  # the header's words printed on the first body line
    if t and AMOUNT.match(t):
        printed = compact(t)
        return Amount(value=Decimal(printed.replace(",", "")), unit=unit, printed=printed)
    return Amount(value=None, unit=unit, printed=t, constraint=NA_CONSTRAINT if NOT_APPLICABLE.match(t) else None)


def fit(fields: list[str], n: int) -> list[str]:
    """Exactly n positional fields: surplus empty fields dropped (trailing first), missing ones blank."""
    fields = list(fields)
    while len(fields) > n and fields[-1] == "":
        fields.pop()
    while len(fields) > n and fields[0] == "":
        fields.pop(0)
    return (fields + [""] * n)[:n]


def positional(text: str, n: int) -> list[str]:
    """The n one-space-separated fields of a pdftotext line (an empty field is a blank cell)."""
    return fit(text.rstrip("\n").split(" "), n)


def is_debris(a: Amount) -> bool:
    return a.value is None and bool(a.printed) and not NOT_APPLICABLE.match(a.printed)


def _unknown(a: Amount | None) -> bool:
    return a is not None and is_debris(a) and a.constraint is None


def is_count(a: Amount) -> bool:
    return a.unit not in YUAN_PER_UNIT


@dataclass(frozen=True, slots=True)
class Identity:
    """total = Σ sign·part over cells (row index, column key), with its wording for findings."""

    total: tuple[int, str]
    parts: tuple[tuple[int, str, int], ...]
    words: str


def sum_identity(total: Row, parts: list[Row], key: str, words: str) -> Identity:
    return Identity((total.index, key), tuple((p.index, key, 1) for p in parts), words)


def new_table(block: TableBlock, table_id: str, unit: str, columns: list[Column], rows: list[Row]) -> Table:
    texts = [ln.text for ln in (*block.notes, *block.lines)]
    return Table(
        id=table_id,
        kind=block.kind,
        title=collapse_doubled(block.title),
        unit=unit,
        issuer_label=block.issuer_label,
        columns=columns,
        rows=rows,
        empty_note=any(EMPTY_NOTE in compact(t) for t in texts),
        notes=[n.text.strip() for n in block.notes],
        location=Location(line=block.line, line_end=block.line_end, table=table_id),
    )


def cell_finding(code: str, table: Table, row: Row, key: str, quoted: str, **params: str) -> Finding:
    """A problem (rule ``code``) with one cell: its line, row, column key and header, and the text printed there."""
    column = table.column(key)
    where = Location(line=row.location.line, table=table.id, row=row.index, column=key, text=quoted)
    return problem(code, where, table=table.title, line=row.location.line,
                   column=column.header_text if column else key, **params)  # fmt: skip


def debris_findings(table: Table) -> list[Finding]:
    """BL020 for every debris cell of the table (read as blank before any repair)."""
    return [
        cell_finding("BL020", table, row, key, a.printed, text=a.printed)
        for row in table.rows
        for key, a in row.cells.items()
        if is_debris(a)
    ]


def _width(a: Amount) -> Decimal:
    """Half a unit of the last printed place for 万元/亿元 amounts; 元 and counts add up exactly."""
    return HALF_CENT if a.value is not None and a.unit not in ("元",) and not is_count(a) else Decimal(0)


def _settle(table: Table, ref: tuple[int, str], value: Decimal, words: str, out: list[Finding], width: Decimal) -> None:
    row = table.rows[ref[0]]
    a = row.cells[ref[1]]
    if not is_count(a) and abs(value) <= width:
        row.cells[ref[1]] = a.model_copy(update={"constraint": f"blank, confirmed by {words}"})
        return
    value = value.quantize(Decimal(1) if is_count(a) else Decimal("0.01"))
    row.cells[ref[1]] = a.model_copy(update={"value": value, "status": ValueStatus.REPAIRED, "constraint": words})
    out.append(
        cell_finding("BL021", table, row, ref[1], a.printed, printed=a.printed, value=str(value), constraint=words)
    )  # fmt: skip


def _value(a: Amount) -> Decimal:
    return a.value if a.value is not None else Decimal(0)


def _open(table: Table, ref: tuple[int, str], out: list[Finding], constraint: str) -> None:
    row = table.rows[ref[0]]
    a = row.cells[ref[1]]
    row.cells[ref[1]] = a.model_copy(update={"constraint": constraint})
    out.append(cell_finding("BL022", table, row, ref[1], a.printed, printed=a.printed))


def _pass(table: Table, identities: list[Identity], out: list[Finding], last_resort: bool) -> bool:
    changed = False
    for ident in identities:
        members = [(ident.total, -1), *(((r, k), s) for r, k, s in ident.parts)]
        cells = [(ref, c, table.rows[ref[0]].cells.get(ref[1])) for ref, c in members]
        unknown = [(ref, c) for ref, c, a in cells if _unknown(a)]
        if not unknown:
            continue
        known = [(c, a) for _, c, a in cells if a is not None and not _unknown(a)]
        residual = -sum((c * _value(a) for c, a in known), Decimal(0))  # Σ unknown c·v = residual
        width = sum((_width(a) for _, a in known), Decimal(0))
        if len(unknown) == 1:
            ref, c = unknown[0]
            value = residual / c
            if value >= -width:
                _settle(table, ref, max(value, Decimal(0)), ident.words, out, width)
                changed = True
        elif len({c for _, c in unknown}) == 1 and abs(residual) <= width:
            for ref, _ in unknown:  # parts are never negative: all of them are (almost) zero
                _settle(table, ref, Decimal(0), ident.words, out, width)
            changed = True
        elif last_resort and unknown[0][0] == ident.total:
            parts = [ref for ref, _ in unknown[1:]]
            words = f"{ident.words}（{'、'.join(table.rows[r].name for r, _ in parts)}按空白读）"
            _settle(table, ident.total, -residual, words, out, width)
            for ref in parts:  # read as blank, never solved back from the total built on that reading
                _open(table, ref, out, f"read as blank for {ident.words}")
            return True
    return changed


def solve(table: Table, identities: list[Identity]) -> list[Finding]:
    """Rebuild debris cells from the identities; BL021 per repair, BL022 for what stays open.

    Last resort (used only when nothing else moves): a debris total whose parts are all blank or
    debris is the sum of its printed parts, the debris parts read as blank.
    """
    out: list[Finding] = []
    while _pass(table, identities, out, last_resort=False) or _pass(table, identities, out, last_resort=True):
        pass
    for row in table.rows:
        for key, a in row.cells.items():
            if _unknown(a):
                _open(table, (row.index, key), out, OPEN_CONSTRAINT)
    return out


# --- 政府性基金 / 国有资本经营 -------------------------------------------------------------------

FUND_COLUMNS = [
    ("carry_in", ["年初结转和结余"]),
    ("income", ["本年收入"]),
    ("spend.total", ["本年支出", "小计"]),
    ("spend.basic", ["本年支出", "基本支出"]),
    ("spend.project", ["本年支出", "项目支出"]),
    ("carry_out", ["年末结转和结余"]),
]
# words of a printed header -> key of the flows around the year's spending
CAPITAL_COLUMNS = [
    ("total", ["本年支出", "合计"]),
    ("basic", ["本年支出", "基本支出"]),
    ("project", ["本年支出", "项目支出"]),
]
ROW_RULES: dict[str, list[tuple[str, tuple[tuple[str, int], ...], str]]] = {
    TableKind.FINAL_FUND: [
        ("spend.total", (("spend.basic", 1), ("spend.project", 1)), "栏3 = 栏4 + 栏5"),
        ("carry_out", (("carry_in", 1), ("income", 1), ("spend.total", -1)), "栏6 = 栏1 + 栏2 − 栏3"),
    ],
    TableKind.FINAL_CAPITAL: [("total", (("basic", 1), ("project", 1)), "栏1 = 栏2 + 栏3")],
}


def column_numbers(fields: list[str]) -> list[tuple[int, int]]:
    """(栏 number, field index) of a 栏次 line; doubled bold digits (``11 22 33``) are collapsed."""
    nums = [(i, f.strip()) for i, f in enumerate(fields) if f.strip().isdecimal()]  # ² is a digit int() refuses
    if [int(t) for _, t in nums] == list(range(1, len(nums) + 1)):
        return [(int(t), i) for i, t in nums]
    halves = [(i, t[: len(t) // 2]) for i, t in nums if len(t) % 2 == 0 and t[: len(t) // 2] == t[len(t) // 2 :]]
    if len(halves) == len(nums) and [int(t) for _, t in halves] == list(range(1, len(nums) + 1)):
        return [(int(t), i) for i, t in halves]
    return []


def _label(fields: list[str]) -> tuple[str | None, str, int]:
    """(code, name, index of the name field) of a fund-table line; the name may be 合计 or empty."""
    label = next((i for i, f in enumerate(fields) if FUNCTION_CODE.match(f) or CJK.search(f)), None)
    if label is None:
        return None, "", len(fields)
    if not FUNCTION_CODE.match(fields[label]):
        return None, compact(collapse_doubled(fields[label])), label
    code, at = split_code(fields, label)
    for i in range(at + 1, len(fields)):  # the name: the next text field, blank 款/项 columns skipped
        if CJK.search(fields[i]):
            at = i
            break
        if fields[i]:
            break
    return code, compact(collapse_doubled(fields[at])) if CJK.search(fields[at]) else "", at


def _printed_columns(lines: list[Line], kind: TableKind) -> tuple[list[Column], int] | None:
    """Columns named by a header without 栏次 numbers (年初结转和结余 | 本年收入 | 本年支出 合计/基本/项目 | …).

    The keys are the national template's keys of the same measure; the header is kept as printed.
    """
    if any("栏次" in compact(ln.text) for ln in lines):
        return None
    found = measure_columns(lines, kind)
    if found is None:
        return None
    spend = "" if kind is TableKind.FINAL_CAPITAL else "spend."
    columns = found[0]
    if any(c.key.startswith("unknown") for c in columns):
        return None  # a measure this table does not carry: leave the reading to the template
    keys = [c.key for c in columns]
    if len(set(keys)) < len(keys) or not {spend + "basic", spend + "project"} <= set(keys):
        return None
    return columns, found[1]


def _fund_rows(
    lines: list[Line],
    spec: list[tuple[str, list[str]]],
    tab: bool,
    unit: str,
    tid: str,
    printed: tuple[list[Column], int] | None = None,
) -> list[Row]:
    n = len(spec)
    rows: list[Row] = []
    start = next((i + 1 for i, ln in enumerate(lines) if "栏次" in compact(ln.text)), 0)
    positions = [i for _, i in column_numbers(list(lines[start - 1].cells))][:n] if tab and start else []
    if printed is not None:
        start, positions = printed[1], [c.index for c in printed[0]]
    for ln in lines[start:]:
        fields = [f.strip() for f in ln.cells] if tab else ln.text.rstrip("\n").split(" ")
        code, name, at = _label(fields)
        if code is None and "合计" not in name:
            last = rows[-1] if rows and rows[-1].code and not tab else None
            if last is None or any(a.printed for a in last.cells.values()):
                continue  # a header or note scrap: rows are anchored on codes and the 合计 label
            if name:  # pdftotext: a long name wraps onto the lines below its code ...
                last.name += name
            elif any(AMOUNT.match(f) for f in fields):  # ... and its amounts follow on a line of their own
                last.cells = {k: money_cell(v, unit) for (k, _), v in zip(spec, positional(ln.text, n), strict=True)}
            continue
        if len(positions) == n and positions[0] > at:  # 栏次 numbers printed under the label columns are not positions
            values = [fields[p] if p < len(fields) else "" for p in positions]
        else:
            values = fit(fields[at + 1 :], n)
        row = Row(
            index=len(rows),
            name=name,
            code=code,
            code_source="printed" if code else None,
            role=RowRole.ITEM if code else RowRole.TOTAL,
            location=Location(line=ln.no, table=tid, row=len(rows)),
        )
        row.cells = {key: money_cell(v, unit) for (key, _), v in zip(spec, values, strict=True)}
        rows.append(row)
    return rows


@final_parser(TableKind.FINAL_FUND, TableKind.FINAL_CAPITAL)
def parse_funds(block: TableBlock, table_id: str, unit: str) -> tuple[Table, list[Finding]]:
    """Fund / state-capital tables: 合计 + coded rows, columns by 栏次 (template headers)."""
    spec = FUND_COLUMNS if block.kind == TableKind.FINAL_FUND else CAPITAL_COLUMNS
    columns = [Column(key=k, header=[*h, f"栏{i}"], index=i) for i, (k, h) in enumerate(spec, start=1)]
    tab = is_tab(block.lines)
    printed = _printed_columns(block.lines, block.kind) if tab else None
    if printed is not None:
        columns = printed[0]
        spec = [(c.key, c.header) for c in columns]
    rows = _fund_rows(block.lines, spec, tab, unit, table_id, printed)
    hierarchy.by_codes(rows)
    table = new_table(block, table_id, unit, columns, rows)
    if table.empty_note and not table.has_data and not any(is_debris(a) for r in rows for a in r.cells.values()):
        table.rows = []
        return table, []
    identities: list[Identity] = []
    for row in rows:
        for key, parts, words in ROW_RULES[block.kind]:
            identities.append(Identity((row.index, key), tuple((row.index, k, s) for k, s in parts), words))
    total = table.total_row()
    tops = [r for r in rows if r.level == 1]
    for key, _ in spec:
        if total is not None and tops:
            identities.append(sum_identity(total, tops, key, "合计 = Σ类"))
        for parent in rows:
            kids = [r for r in rows if r.parent == parent.index]
            if kids:
                identities.append(sum_identity(parent, kids, key, f"{parent.code} = Σ下级科目"))
    return table, debris_findings(table) + solve(table, identities)
