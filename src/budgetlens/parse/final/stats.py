"""部门决算公开相关信息统计表 (公开10表): rows anchored on 行次 (1..15, 17; the template has no 16).

一、政府采购情况 行1 合计 = 2 货物 + 3 工程 + 4 服务 (money; header 统计数, 2022 template 采购金额);
二、机关运行经费 行5 (一)行政单位, 6 (二)参照公务员法管理事业单位 (money); 三、国有资产占用情况 行7
车辆数合计 = Σ行8..15 (counts, 辆) and 行17 单价100万元（含）以上设备 (count, 台(套)).
"""

from __future__ import annotations

import re
from decimal import Decimal

from budgetlens.model import Amount, Column, Finding, Location, Row, RowRole, Table
from budgetlens.model.table_kinds import TableKind
from budgetlens.parse.final.funds import CJK, COUNT, Identity, debris_findings, is_tab, money_cell, new_table, solve
from budgetlens.parse.final.registry import final_parser
from budgetlens.parse.final.text import ROW_NUMBER, compact
from budgetlens.read.noise import collapse_doubled
from budgetlens.read.raw import Line
from budgetlens.segment.blocks import TableBlock

SECTIONS = (
    ("procurement", "政府采购情况", range(1, 5)),
    ("operating", "机关运行经费", range(5, 7)),
    ("assets", "国有资产占用情况", range(7, 18)),
)
HEADER_WORDS = ("采购金额", "统计数", "决算数", "金额")
VEHICLE_ROWS = range(7, 16)
EQUIPMENT_ROW = 17
ORDINAL = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|\d{1,2}\s*[.、．](?!\d))\s*")


def count_cell(text: str, unit: str) -> Amount:
    """A count: a bare integer; anything else (``祖信中``, ``12/3/21``) is debris read as blank."""
    t = text.strip()
    return Amount(value=Decimal(t) if COUNT.match(t) else None, unit=unit, printed=t)


def _section(number: int) -> tuple[str, str]:
    return next((key, title) for key, title, numbers in SECTIONS if number in numbers)


def _tokens(line: Line, tab: bool) -> list[str]:
    return [c.strip() for c in line.cells] if tab else line.text.split()


def _anchor(tokens: list[str], last: int) -> int | None:
    """Index of the 行次 token: a 1..17 number (not 16) after a label, beyond the previous 行次."""
    for i, tok in enumerate(tokens):
        if not ROW_NUMBER.match(tok) or not any(CJK.search(t) for t in tokens[:i]):
            continue
        number = int(Decimal(tok))
        if 0 < number <= EQUIPMENT_ROW and number != 16 and number > last:
            return i
    return None


def _header_word(text: str) -> str | None:
    flat = compact(collapse_doubled(text))
    if "项目" not in flat:
        return None
    return next((w for w in HEADER_WORDS if w in flat), None)


def _name(label: str) -> str:
    return compact(ORDINAL.sub("", collapse_doubled(label)))


@final_parser(TableKind.FINAL_DISCLOSURE_STATS)
def parse_disclosure_stats(block: TableBlock, table_id: str, unit: str) -> tuple[Table, list[Finding]]:
    """Rows by 行次; one value column per section, headed by the word the section prints."""
    tab = is_tab(block.lines)
    words: dict[str, str] = {}
    word = "统计数"
    rows: list[Row] = []
    by_number: dict[int, Row] = {}
    last = 0
    for line in block.lines:
        tokens = _tokens(line, tab)
        found = _header_word(line.text)
        if found:
            word = found
            continue
        at = _anchor(tokens, last)
        if at is None:
            continue
        number = int(Decimal(tokens[at]))
        last = number
        key, title = _section(number)
        words.setdefault(key, word)
        label = next(t for t in reversed(tokens[:at]) if CJK.search(t))
        value = " ".join(t for t in tokens[at + 1 :] if t)
        if number in VEHICLE_ROWS:
            cell: Amount = count_cell(value, "辆")
        elif number == EQUIPMENT_ROW:
            cell = count_cell(value, "台(套)")
        else:
            cell = money_cell(value, unit)
        parent = by_number.get(1 if number in (2, 3, 4) else 7 if number in range(8, 16) else 0)
        row = Row(
            index=len(rows),
            name=_name(label),
            number=number,
            level=2 if parent is not None else 1,
            parent=parent.index if parent is not None else None,
            path=[title, *([parent.name] if parent is not None else [])],
            role=RowRole.TOTAL if number in (1, 7) else RowRole.ITEM,
            location=Location(line=line.no, table=table_id, row=len(rows)),
            cells={key: cell},
        )
        rows.append(row)
        by_number[number] = row
    columns = [
        Column(key=key, header=[title, words[key]], index=i)
        for i, (key, title, _) in enumerate(SECTIONS)
        if key in words
    ]
    table = new_table(block, table_id, unit, columns, rows)
    identities: list[Identity] = []
    for total, parts, key, words_ in (
        (1, range(2, 5), "procurement", "行1 = 行2 + 行3 + 行4"),
        (7, range(8, 16), "assets", "行7 = Σ行8..15"),
    ):
        if total in by_number and any(n in by_number for n in parts):
            refs = tuple((by_number[n].index, key, 1) for n in parts if n in by_number)
            identities.append(Identity((by_number[total].index, key), refs, words_))
    return table, debris_findings(table) + solve(table, identities)
