"""公开01/04: two-sided balance tables anchored on 行次 (收入 1..n | 支出 n+1..)."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation

from budgetlens.model import Column, Finding, Location, Row, RowRole, Table
from budgetlens.model.table_kinds import TableKind
from budgetlens.parse.final.cells import Kind, Token, is_tab_flavour, tokens
from budgetlens.parse.final.coded import _body
from budgetlens.parse.final.columns import read_cell
from budgetlens.parse.final.registry import final_parser
from budgetlens.parse.final.text import compact
from budgetlens.parse.final.two_sided import FUND_KEYS, NUMBERED, read_two_sided
from budgetlens.parse.rows import problem
from budgetlens.read.noise import collapse_doubled
from budgetlens.segment.blocks import TableBlock

_CJK = re.compile(r"[\u4e00-\u9fff]")
# kind: (行次 offset of the expenditure side in the national template, expenditure headers, carry-over children)
LAYOUTS: dict[str, tuple[int, list[str], dict[int, int]]] = {
    TableKind.FINAL_SUMMARY: (31, ["{amount}"], {}),
    TableKind.FINAL_FISCAL_SUMMARY: (
        32,
        ["合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"],
        {29: 28, 30: 28, 31: 28, 61: 60, 62: 60, 63: 60},
    ),
}
FUND_NAMES = frozenset(FUND_KEYS) - {"合计"}


def _anchor(token: Token) -> int | None:
    if token.kind not in (Kind.NUMBER, Kind.AMOUNT):
        return None
    try:
        value = Decimal(token.text.replace(" ", "").replace(",", ""))
    except InvalidOperation:
        return None
    return int(value) if value == value.to_integral_value() and 0 < value < 100 else None


def expenditure_offset(toks: list[Token], default: int) -> int:
    """行次 distance between the two sides of a line (31 or 32 nationally; other templates number differently).

    Read from the lines that print both 行次: the income anchor comes first, its partner later on the line.
    """
    by_line: dict[int, list[int]] = {}
    for tok in toks:
        number = _anchor(tok)
        if number is not None:
            by_line.setdefault(tok.line, []).append(number)
    distances = Counter(
        later - numbers[0] for numbers in by_line.values() for later in numbers[1:] if later > numbers[0] + 1
    )
    if not distances:
        return default
    best = max(distances.values())
    if best < 2 or distances[default] == best:
        return default
    return min(d for d, n in distances.items() if n == best)


def _numbered(toks: list[Token]) -> bool:
    """Does the table print 行次: lines that carry a small whole number before their amounts?"""
    lines = {t.line for t in toks if t.kind is Kind.NUMBER and _anchor(t) is not None}
    return len(lines) >= 3


def _with_carry_over(rows: list[Row]) -> list[Row]:
    for child, parent in _carry_over_children(rows).items():
        rows[child].parent = parent
        rows[child].path = [rows[parent].name]
    return rows


def _carry_over_children(rows: list[Row]) -> dict[int, int]:
    """Row index -> parent index for the fund rows printed under a 结转和结余 row of the same side."""
    out: dict[int, int] = {}
    parent: dict[str | None, int] = {}
    for row in rows:
        if "结转和结余" in row.name:
            parent[row.side] = row.index
        elif NUMBERED.sub("", row.name) in FUND_NAMES and row.side in parent:
            out[row.index] = parent[row.side]
        elif row.name:
            parent.pop(row.side, None)
    return out


def _columns(kind: str, amount_word: str) -> tuple[Column, list[Column]]:
    right_headers = LAYOUTS[kind][1]
    income = Column(key="income", header=["收入", amount_word, "栏1"], index=1, side="income")
    if right_headers == ["{amount}"]:
        return income, [Column(key="expenditure", header=["支出", amount_word, "栏2"], index=2, side="expenditure")]
    right = [
        Column(
            key=f"expenditure.{FUND_KEYS[h]}", header=["支出", "金额", h, f"栏{i + 2}"], index=i + 2, side="expenditure"
        )
        for i, h in enumerate(right_headers)
    ]
    return income, right


class _Reader:
    """Walks the token stream: label text, then a 行次 anchor, then the value slots of that side."""

    def __init__(self, toks: list[Token], tab: bool) -> None:
        self.toks, self.tab, self.i = toks, tab, 0

    def partner_on_line(self, number: int) -> bool:
        """Does the current line carry the expenditure 行次 that pairs with an income 行次?"""
        line = self.toks[self.i - 1].line
        rest = (t for t in self.toks[self.i :] if t.line == line)
        return any(_anchor(t) == number for t in rest)

    def text_before(self, anchor: Token) -> list[str]:
        """Label text printed on the anchor's line before it (the start of a new row)."""
        start = self.i - 1
        while start > 0 and self.toks[start - 1].line == anchor.line:
            start -= 1
        return [t.text for t in self.toks[start : self.i - 1] if t.kind is Kind.TEXT]

    def slots(self, n: int) -> list[Token]:
        anchor_line = self.toks[self.i - 1].line
        out: list[Token] = []
        while len(out) < n and self.i < len(self.toks) and not self.toks[self.i - 1].eol:
            tok = self.toks[self.i]
            if tok.line != anchor_line or (not self.tab and tok.kind is Kind.TEXT):
                break
            out.append(tok)
            self.i += 1
        return out


@final_parser(TableKind.FINAL_SUMMARY, TableKind.FINAL_FISCAL_SUMMARY)
def parse_balance(block: TableBlock, table_id: str, unit: str) -> tuple[Table, list[Finding]]:
    default_offset, _, national_children = LAYOUTS[block.kind]
    body = _body(block.lines)
    amount_word = "决算数" if any("决算数" in compact(ln.text) for ln in block.lines) else "金额"
    income, expenditure = _columns(block.kind, amount_word)
    title = collapse_doubled(block.title)
    table = Table(
        id=table_id, kind=block.kind, title=title, unit=unit, issuer_label=block.issuer_label,
        columns=[income, *expenditure], notes=[n.text.strip() for n in block.notes],
        location=Location(line=block.line, line_end=block.line_end, table=table_id),
    )  # fmt: skip
    findings: list[Finding] = []
    tab = is_tab_flavour(body)
    reader = _Reader(tokens(body, tab), tab)
    if tab and not _numbered(reader.toks):
        by_header = read_two_sided(block, table, unit)
        if by_header is not None:
            table.rows = _with_carry_over(table.rows)
            return table, by_header
    offset = expenditure_offset(reader.toks, default_offset)
    expect, side = 1, "income"
    label: list[str] = []
    by_number: dict[int, Row] = {}

    def emit(number: int, side_: str, text: list[str], cols: list[Column], values: list[Token], line: int) -> None:
        index = len(table.rows)
        words = [t for t in text if _CJK.search(t)]
        name = compact(words[-1] if tab and words else "".join(words))  # TAB rows: a margin scrap may come first
        row = Row(
            index=index, name=name, number=number, side=side_, location=Location(line=line, table=table_id, row=index)
        )
        if "合计" in name or "总计" in name:
            row.role = RowRole.TOTAL
        for j, col in enumerate(cols):
            text_j = values[j].text if j < len(values) else ""
            row.cells[col.key] = read_cell(text_j, unit, col, line, table_id, title, findings, index)
        table.rows.append(row)
        by_number[number] = row

    while reader.i < len(reader.toks) and expect <= offset:
        tok = reader.toks[reader.i]
        if tab and reader.i > 0 and reader.toks[reader.i - 1].eol:
            label = [] if side == "income" else label
        reader.i += 1
        number = _anchor(tok)
        if side == "income":
            if number is not None and expect < number <= offset and reader.partner_on_line(number + offset):
                expect = number  # rows were skipped (a cut or damaged table): resynchronise on a confirmed pair
            if number == expect:
                emit(expect, "income", label, [income], reader.slots(1), tok.line)
                side, label = "expenditure", []
            elif number == expect + offset:  # the income 行次 was lost: restore it from the sequence
                emit(expect, "income", label, [income], [], tok.line)
                loc = Location(line=tok.line, table=table_id, row=len(table.rows) - 1)
                findings.append(
                    problem(
                        "BL021",
                        loc,
                        variant="row-number",
                        table=title,
                        line=tok.line,
                        number=expect,
                        text="".join(label),
                    )
                )
                emit(number, "expenditure", [], expenditure, reader.slots(len(expenditure)), tok.line)
                expect, label = expect + 1, []
            elif tok.kind is Kind.TEXT:
                label.append(tok.text)
        elif number == expect + offset:
            emit(number, "expenditure", label, expenditure, reader.slots(len(expenditure)), tok.line)
            side, label, expect = "income", [], expect + 1
        elif number == expect + 1:  # the expenditure side of this row is missing
            side, label, expect = "income", reader.text_before(tok), expect + 1
            reader.i -= 1
        elif tok.kind is Kind.TEXT:
            label.append(tok.text)
    if offset == default_offset:
        children = {
            by_number[child].index: by_number[parent].index
            for child, parent in national_children.items()
            if child in by_number and parent in by_number
        }
    else:
        children = _carry_over_children(table.rows)
    for child, parent in children.items():
        table.rows[child].parent = parent
        table.rows[child].path = [table.rows[parent].name]
    return table, findings
