"""Column templates of the final-account tables (栏次 order) and typed cell reading."""

from __future__ import annotations

from budgetlens.model import Amount, Column, Finding, Location
from budgetlens.model.table_kinds import TableKind
from budgetlens.parse.final.header import is_header_word
from budgetlens.parse.final.text import amount
from budgetlens.parse.rows import problem

# (key, printed header path) in 栏次 order; the 栏 number is appended to the header.
TEMPLATES: dict[str, list[tuple[str, list[str]]]] = {
    TableKind.FINAL_REVENUE: [
        ("total", ["本年收入合计"]),
        ("fiscal", ["财政拨款收入"]),
        ("superior", ["上级补助收入"]),
        ("business", ["事业收入"]),
        ("operating", ["经营收入"]),
        ("affiliated", ["附属单位上缴收入"]),
        ("other", ["其他收入"]),
    ],
    TableKind.FINAL_EXPENDITURE: [
        ("total", ["本年支出合计"]),
        ("basic", ["基本支出"]),
        ("project", ["项目支出"]),
        ("remit", ["上缴上级支出"]),
        ("operating", ["经营支出"]),
        ("affiliated", ["对附属单位补助支出"]),
    ],
    TableKind.FINAL_GENERAL_EXPENDITURE: [
        ("total", ["本年支出", "小计"]),
        ("basic", ["本年支出", "基本支出"]),
        ("project", ["本年支出", "项目支出"]),
    ],
}


def template_columns(spec: list[tuple[str, list[str]]], side: str | None = None, first: int = 1) -> list[Column]:
    return [
        Column(key=key, header=[*header, f"栏{first + i}"], index=first + i, side=side)
        for i, (key, header) in enumerate(spec)
    ]


def printed_name(column: Column) -> str:
    """The column's own header word, without the 栏 number a template column carries."""
    header = column.header[:-1] if len(column.header) > 1 and column.header[-1].startswith("栏") else column.header
    return header[-1] if header else column.key


def read_cell(
    text: str, unit: str, column: Column, line: int, table_id: str, title: str, findings: list[Finding], row: int
) -> Amount:
    """An amount cell: a number with two decimals, blank, or debris (blank plus a finding)."""
    t = text.strip()
    value = amount(t)
    if value is None and t and not is_header_word(t):
        loc = Location(line=line, table=table_id, row=row, column=column.key, text=t)
        findings.append(problem("BL020", loc, table=title, line=line, column=printed_name(column), text=t))
    return Amount(value=value, unit=unit, printed="" if is_header_word(t) else t)
