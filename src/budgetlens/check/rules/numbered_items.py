"""BL209–BL210: a numbered line of a two-sided 收支总表 and the sub-items printed right under it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from budgetlens.check.evidence import lines_of
from budgetlens.check.intervals import column_practice, point_sum, shown, sum_consistent_at
from budgetlens.check.registry import Rule, register
from budgetlens.check.rules.arithmetic import cell
from budgetlens.model import Amount, Document, Finding, Location, Row, RowRole, Table
from budgetlens.model.table_kinds import TableKind

SUMMARY_KINDS = (
    TableKind.BUDGET_SUMMARY,
    TableKind.BUDGET_FISCAL_SUMMARY,
    TableKind.FINAL_SUMMARY,
    TableKind.FINAL_FISCAL_SUMMARY,
)
_CHINESE_DIGITS = "一二三四五六七八九十"
_HEAD = re.compile(rf"^[{_CHINESE_DIGITS}]+、")
# the two sub-item numberings: 1. 2. 3. (also 1、 1． 1）) and （一）（二）
_ARABIC = re.compile(r"^(\d{1,2})\s*[.．、)）](?!\d)")
_BRACKETED = re.compile(rf"^[（(]([{_CHINESE_DIGITS}]{{1,3}})[）)]")
_PARTIAL = re.compile(r"^其中\s*[:：]?")


def _chinese_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20 (sub-item numbers stay far below 100)."""
    digits = {c: i + 1 for i, c in enumerate(_CHINESE_DIGITS[:9])}
    if "十" not in text:
        return digits.get(text, 0)
    tens, _, units = text.partition("十")
    return (digits.get(tens, 0) if tens else 1) * 10 + (digits.get(units, 0) if units else 0)


def sub_number(name: str) -> tuple[str, int] | None:
    """The numbering style and number of a sub-item label (“1.一般公共预算” → ("arabic", 1)), else None."""
    label = name.replace(" ", "")
    if m := _ARABIC.match(label):
        return "arabic", int(m.group(1))
    if m := _BRACKETED.match(label):
        return "bracketed", _chinese_number(m.group(1))
    return None


@dataclass(slots=True)
class Breakdown:
    """A numbered line and the lines printed right under it that detail it."""

    head: Row
    parts: list[Row]
    complete: bool  # a run numbered 1, 2, 3 …: the parts add up to the head; 其中 lines only lie within it


def _side_of(row: Row, sides: dict[str, str]) -> str | None:
    """A row's side: its own, or else the side of the columns it prints in (财政拨款收支总表 rows)."""
    if row.side is not None:
        return row.side
    found = {sides[k] for k in row.cells if k in sides}
    return found.pop() if len(found) == 1 else None


def breakdowns(lines: list[Row]) -> list[Breakdown]:
    """The breakdowns on one side, its rows in printed order.

    A line numbered 一、 followed directly by lines numbered 1., 2., … (or （一）, （二）, …) counting up
    from 1 with no gap is a complete breakdown when the run has two lines or more; a line 一、 followed
    directly by lines starting 其中 is a partial one.
    """
    found: list[Breakdown] = []
    for i, head in enumerate(lines):
        if not _HEAD.match(head.name.replace(" ", "")):
            continue
        run: list[Row] = []
        style: str | None = None
        for row in lines[i + 1 :]:
            numbered = sub_number(row.name)
            if numbered is None or (style is not None and numbered[0] != style):
                break
            if numbered[1] != len(run) + 1:
                run = []  # a numbering that does not count up from 1: no reading of the run
                break
            style = numbered[0]
            run.append(row)
        if len(run) >= 2:
            found.append(Breakdown(head, run, complete=True))
            continue
        partial = []
        for row in lines[i + 1 :]:
            if not _PARTIAL.match(row.name.replace(" ", "")):
                break
            partial.append(row)
        if partial:
            found.append(Breakdown(head, partial, complete=False))
    return found


@register
class NumberedSubItems(Rule):
    """A numbered line of a 收支总表 equals the sum of the numbered sub-items printed right under it.

    What it checks: in 收支总表, 财政拨款收支总表 and their final-account tables, a line numbered 一、
    that is followed directly, on the same side, by lines numbered 1., 2., 3. … (or （一）, （二）, …)
    counting up from 1 equals their sum, column by column, judged by interval arithmetic on the printed
    precision (blank sub-items count 0). A run of a single sub-item, or one whose numbers skip, is
    not judged (it may not list every part); 其中 lines are BL210's.
    Why it matters: 收入总计 can still add up while a sub-item is mistyped, and nothing else in the
    table shows it.
    Failing example: 一、财政拨款收入 104,400.00, 1.一般公共预算 104,401.00, 2.政府性基金预算 blank,
    3.国有资本经营预算 blank.
    Passing example: 一、财政拨款收入 104,400.00, 1.一般公共预算 104,400.00, 2. and 3. blank.
    Reference: 财预〔2016〕143号 公开表样 表一、表四.
    """

    code = "BL209"
    slug = "arithmetic.numbered-sub-items"
    title_zh = "收支总表中编号行等于其下各编号子项之和"
    template_zh = "表“{table}”第{line}行“{row}”：{column}为{actual}，但其{count}个子项之和为{expected}"
    template_en = (
        "Table '{table}', line {line}, '{row}': {column} is {actual} but its {count} sub-items add up to {expected}"
    )
    reference = "财预〔2016〕143号 公开表样 表一、表四"

    def check(self, doc: Document) -> Iterator[Finding]:
        for table in doc.tables:
            if table.kind not in SUMMARY_KINDS:
                continue
            sides = {c.key: c.side for c in table.columns if c.side in ("income", "expenditure")}
            practice = column_practice(r.cells for r in table.rows)
            for side in ("income", "expenditure"):
                lines = [r for r in table.rows if r.role is RowRole.ITEM and _side_of(r, sides) == side]
                for found in breakdowns(lines):
                    if found.complete:
                        yield from self._sum(table, found, [k for k, s in sides.items() if s == side], practice)

    def _sum(
        self, table: Table, found: Breakdown, keys: list[str], practice: dict[str, int | None]
    ) -> Iterator[Finding]:
        head = found.head
        for key in keys:
            total = head.cells.get(key)
            values = [cell(p, key) for p in found.parts]
            if total is None or total.value is None or all(v.value is None for v in values):
                continue  # a blank head, or sub-items that print nothing in this column: nothing to compare
            d = practice.get(key)
            if sum_consistent_at((total, d), [(v, d) for v in values]):
                continue
            wrong = _first_over(found.parts, key, total) or head
            yield self.finding(
                Location(line=wrong.location.line, table=table.id, row=wrong.index, column=key),
                evidence=lines_of(total, *values),
                expected=point_sum(values),
                actual=shown(total),
                table=table.title,
                line=head.location.line,
                row=head.name,
                column=_header(table, key),
                count=len(values),
            )


@register
class PartLineWithin(Rule):
    """A 其中 line under a numbered line of a 收支总表 never exceeds that line.

    What it checks: in 收支总表, 财政拨款收支总表 and their final-account tables, each line introduced
    by 其中 printed directly under a line numbered 一、 (on the same side) is at most that line, column by
    column, judged on the printed precision. A 其中 breakdown may be partial, so only this bound holds.
    Why it matters: a part larger than its whole is a mistyped figure, and the side's totals do not show it.
    Failing example: 一、财政拨款收入 100.00, 其中：一般公共预算 120.00.
    Passing example: 一、财政拨款收入 100.00, 其中：一般公共预算 80.00.
    Reference: 财预〔2016〕143号 公开表样 表一、表四.
    """

    code = "BL210"
    slug = "arithmetic.part-line-within"
    title_zh = "收支总表中“其中”行不超过其所属的编号行"
    template_zh = "表“{table}”第{line}行“{row}”：{column}为{actual}，超过其所属的“{head}”{expected}"
    template_en = "Table '{table}', line {line}, '{row}': {column} is {actual}, more than '{head}' {expected}"
    reference = "财预〔2016〕143号 公开表样 表一、表四"

    def check(self, doc: Document) -> Iterator[Finding]:
        for table in doc.tables:
            if table.kind not in SUMMARY_KINDS:
                continue
            sides = {c.key: c.side for c in table.columns if c.side in ("income", "expenditure")}
            for side in ("income", "expenditure"):
                lines = [r for r in table.rows if r.role is RowRole.ITEM and _side_of(r, sides) == side]
                for found in breakdowns(lines):
                    if not found.complete:
                        yield from self._within(table, found, [k for k, s in sides.items() if s == side])

    def _within(self, table: Table, found: Breakdown, keys: list[str]) -> Iterator[Finding]:
        for part in found.parts:
            for key in keys:
                p, w = part.cells.get(key), found.head.cells.get(key)
                if p is None or w is None or p.value is None or w.value is None:
                    continue
                if p.bounds()[0] <= w.bounds()[1]:
                    continue
                yield self.finding(
                    Location(line=part.location.line, table=table.id, row=part.index, column=key),
                    evidence=lines_of(p, w),
                    expected=shown(w),
                    actual=shown(p),
                    table=table.title,
                    line=part.location.line,
                    row=part.name,
                    column=_header(table, key),
                    head=found.head.name,
                )


def _first_over(parts: list[Row], key: str, total: Amount) -> Row | None:
    """The sub-item that alone exceeds the head, the line a reader is pointed at when there is one."""
    high = total.bounds()[1]
    return next((p for p in parts if (a := p.cells.get(key)) and a.value is not None and a.bounds()[0] > high), None)


def _header(table: Table, key: str) -> str:
    col = table.column(key)
    return col.header_text if col is not None else key
