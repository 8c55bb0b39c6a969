"""BL115–BL116: the numbered lines of a table run on without a gap, and its 合计/总计 lines are printed."""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetlens.check.registry import Rule, register
from budgetlens.model import Document, Finding, Location, Row, RowRole, Severity, Table
from budgetlens.model.table_kinds import Rows, TableKind, kinds_with

TWO_SIDED = kinds_with(Rows.TWO_SIDED)
# one-sided tables whose template prints one 合计 (部门合计) line over its items
WITH_TOTAL = frozenset(
    {
        TableKind.BUDGET_REVENUE,
        TableKind.BUDGET_EXPENDITURE,
        TableKind.BUDGET_GENERAL_EXPENDITURE,
        TableKind.BUDGET_GENERAL_BASIC_ECONOMIC,
        TableKind.BUDGET_FUND_REVENUE,
        TableKind.BUDGET_FUND_EXPENDITURE,
        TableKind.BUDGET_CAPITAL,
        TableKind.BUDGET_THREE_PUBLIC,
        TableKind.BUDGET_OPERATING_COST,
        TableKind.FINAL_REVENUE,
        TableKind.FINAL_EXPENDITURE,
        TableKind.FINAL_GENERAL_EXPENDITURE,
        TableKind.FINAL_FUND,
        TableKind.FINAL_CAPITAL,
        TableKind.FINAL_THREE_PUBLIC,
    }
)
# tables whose template prints several named total lines: each is expected once the table prints one
NAMED_TOTALS: dict[str, tuple[str, ...]] = {TableKind.FINAL_DISCLOSURE_STATS: ("合计", "车辆数合计")}
YEAR_TOTAL = ("本年收入合计", "本年收入小计", "本年支出合计", "本年支出小计")
CARRY = ("上年结转", "上年财政拨款结转", "年初结转", "年终结转", "年末结转")
SIDE_NAMES = {"income": ("本年收入合计", "收入总计"), "expenditure": ("本年支出合计", "支出总计")}
_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}
_ORDINAL = re.compile(r"^\s*([一二三四五六七八九十]{1,3})、")


def chinese_ordinal(name: str) -> int | None:
    """The number of a line named 十二、农林水支出 (1–99), or None when the name starts with no ordinal."""
    m = _ORDINAL.match(name)
    if m is None:
        return None
    text = m.group(1)
    if "十" not in text:
        return _DIGITS.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or (tens and tens not in _DIGITS) or (ones and ones not in _DIGITS):
        return None
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)


_DAMAGED = re.compile(r"^\s*[^\s、，。]{0,3}、")  # 、 alone or after a numeral a scan misread (7、 for 一、)


def _unread_numeral(name: str) -> bool:
    """A line without a name, or whose name starts with a numeral that could not be read."""
    return not name.strip() or (_DAMAGED.match(name) is not None and chinese_ordinal(name) is None)


def _gaps(numbered: list[tuple[Row, int | None]], restart: bool) -> Iterator[tuple[Row, int, int]]:
    """(row after the gap, first missing number, last missing number) of one run of numbered lines.

    A line whose number could not be read (a damaged scan) stands between two numbers: the numbers
    it may carry are not missing. With ``restart`` a line numbered 1 begins a new run (the income
    items under 上年结转 count 一、二、三 again).
    """
    previous: int | None = 0 if restart else None
    unread = False
    for row, number in numbered:
        if number is None:
            unread = True
            continue
        if restart and number == 1:
            previous, unread = 1, False
            continue
        if previous is not None and number > previous + 1 and not unread:
            yield row, previous + 1, number - 1
        if previous is None or number > previous:
            previous = number
        unread = False


@register
class NumberedLines(Rule):
    """The numbered lines of a table run on without a gap (一、二、三…; 行次 1, 2, 3…).

    What it checks: in each table, the lines numbered with a Chinese ordinal (一、一般公共服务支出,
    二、外交支出 …) count 一、二、三 … without skipping a number, per side of a two-sided table and
    per group of lines under one heading (a run may start again at 一); and the 行次 of a final
    account's 收入支出决算总表 and 财政拨款收入支出决算总表 run 1, 2, 3 … without skipping one.
    A line whose number could not be read (a damaged scan) excuses the numbers around it. The
    line after a gap is reported with the numbers missing before it.
    Why it matters: the template fixes these lines (the 收支总表 lists every 类 of the 政府收支分类,
    the 行次 are the same in every year's final account); a skipped number is a line lost in
    copying, pasting or cutting a page, even a line without money that no sum would miss.
    Failing example: 八、社会保障和就业支出 followed by 十、卫生健康支出 (九、社会保险基金支出 missing).
    Passing example: 八、社会保障和就业支出, 九、社会保险基金支出, 十、卫生健康支出.
    Reference: 财预〔2016〕143号 公开表样; 财政部《部门决算报表》公开01表、公开04表 行次.
    """

    code = "BL115"
    slug = "completeness.numbered-lines"
    title_zh = "表内编号（一、二、…；行次）连续，没有缺行"
    severity = Severity.WARNING
    template_zh = "表“{table}”第{line}行“{row}”之前缺少编号为{missing}的行"
    template_en = "Table '{table}', line {line}: the line(s) numbered {missing} are missing before '{row}'"
    reference = "财预〔2016〕143号 公开表样"

    def check(self, doc: Document) -> Iterator[Finding]:
        for table in doc.tables:
            yield from self._ordinals(table)
            yield from self._row_numbers(table)

    def _ordinals(self, table: Table) -> Iterator[Finding]:
        groups: dict[tuple[str | None, int | None], list[tuple[Row, int | None]]] = {}
        for row in table.rows:
            groups.setdefault((row.side, row.parent), []).append((row, chinese_ordinal(row.name)))
        for numbered in groups.values():
            if any(number is not None for _, number in numbered):
                run = [(r, n) for r, n in numbered if n is not None or _unread_numeral(r.name)]
                for row, low, high in _gaps(run, restart=True):
                    yield self._missing(table, row, _chinese(low, high))

    def _row_numbers(self, table: Table) -> Iterator[Finding]:
        sides: dict[str | None, list[tuple[Row, int | None]]] = {}
        if table.kind not in TWO_SIDED:
            return  # other tables' 行次 may skip numbers by template (公开相关信息统计表 has no 行次 16)
        for row in table.rows:
            sides.setdefault(row.side, []).append((row, row.number))
        for numbered in sides.values():
            present = [n for _, n in numbered if n is not None]
            if len(present) < 3:
                continue
            start = next(i for i, (_, n) in enumerate(numbered) if n is not None)
            for row, low, high in _gaps(numbered[start:], restart=False):
                yield self._missing(table, row, f"行次{low}" if low == high else f"行次{low}–{high}")

    def _missing(self, table: Table, row: Row, missing: str) -> Finding:
        loc = Location(line=row.location.line, table=table.id, row=row.index)
        return self.finding(loc, table=table.title, line=row.location.line, row=row.name, missing=missing)


def _numeral(n: int) -> str:
    tens, ones = divmod(n, 10)
    digits = "一二三四五六七八九"
    head = "" if tens == 0 else ("十" if tens == 1 else digits[tens - 1] + "十")
    return head + (digits[ones - 1] if ones else "")


def _chinese(low: int, high: int) -> str:
    return _numeral(low) if low == high else f"{_numeral(low)}至{_numeral(high)}"


def _lacks_total(table: Table) -> bool:
    """No line of the table is its 合计, while some line prints an amount."""
    has_amount = any(a.value is not None for r in table.rows for a in r.cells.values())
    return has_amount and not any(r.role is RowRole.TOTAL for r in table.rows)


@register
class TotalLines(Rule):
    """A table prints the 合计 and 总计 lines its template fixes.

    What it checks: a two-sided 收支总表 (budget and final account, and their 财政拨款 tables) prints
    on each side its 本年收入合计 / 本年支出合计 line when the other side prints its own or the side
    prints a carry-over line (上年结转, 年终结转 …) below its items (a template that prints only the
    总计 lines, as some provinces' do, needs no 本年…合计), and its 收入总计 / 支出总计 (总计) line
    when the other side prints its own, or the side prints its 本年…合计 or any amount; and a
    one-sided table whose template has a 合计 line (收入总表, 支出总表, 一般公共预算支出表, 基本
    支出经济科目表, the 政府性基金, 国有资本经营, “三公” and 机关运行经费 tables, and their
    final-account counterparts) prints it when any of its lines prints an amount; the 部门决算公开
    相关信息统计表 prints both its 合计 (政府采购) and its 车辆数合计 when it prints one of them.
    Why it matters: the totals are what every other table and the narrative repeat, and what the
    sums are checked against; a table without them cannot be checked, and a lost total line goes
    unnoticed by every sum.
    Failing example: a 收支总表 whose last line is 本年收入合计 | 本年支出合计 (收入总计 | 支出总计 lost).
    Passing example: 本年收入合计, 上年结转, 收入总计 | 本年支出合计, 年终结转, 支出总计.
    Reference: 财预〔2016〕143号 公开表样; 财政部《部门决算报表》公开01表、公开04表.
    """

    code = "BL116"
    slug = "completeness.total-lines"
    title_zh = "表格列出模板规定的合计、总计行"
    severity = Severity.WARNING
    template_zh = "表“{table}”没有“{what}”行"
    template_en = "Table '{table}' prints no '{what}' line"
    reference = "财预〔2016〕143号 公开表样"

    def check(self, doc: Document) -> Iterator[Finding]:
        for table in doc.tables:
            if table.kind in TWO_SIDED:
                yield from self._two_sided(table)
            elif table.kind in NAMED_TOTALS:
                yield from self._named(table, NAMED_TOTALS[table.kind])
            elif table.kind in WITH_TOTAL and _lacks_total(table):
                yield self._missing(table, "合计")

    def _two_sided(self, table: Table) -> Iterator[Finding]:
        """Each side's 本年…合计 and 总计, when the other side prints its own or this side shows it must."""
        year: dict[str, bool] = {}
        grand: dict[str, bool] = {}
        carry: dict[str, bool] = {}
        money: dict[str, bool] = {}
        for side in SIDE_NAMES:
            names = [r.name.replace(" ", "") for r in table.rows if r.side == side]
            totals = [n for r, n in zip([r for r in table.rows if r.side == side], names, strict=True)
                      if r.role is RowRole.TOTAL]  # fmt: skip
            year[side] = any(n.startswith(YEAR_TOTAL) for n in totals)
            grand[side] = any("总计" in n for n in totals)
            money[side] = any(a.value for r in table.rows if r.side == side for a in r.cells.values())
            carry[side] = any(n.lstrip("一二三四五六七八九十、").startswith(CARRY) for n in names)
        for side, other in (("income", "expenditure"), ("expenditure", "income")):
            year_name, grand_name = SIDE_NAMES[side]
            if not year[side] and (year[other] or carry[side]):
                yield self._missing(table, year_name)
            if not grand[side] and (grand[other] or year[side] or money[side]):
                yield self._missing(table, grand_name)

    def _named(self, table: Table, lines: tuple[str, ...]) -> Iterator[Finding]:
        names = [re.sub(r"[（(]辆[)）]|[\s（）()、一二三四五六七八九十]", "", r.name) for r in table.rows]
        printed = [any(name == line for name in names) for line in lines]
        if any(printed):
            yield from (self._missing(table, line) for line, found in zip(lines, printed, strict=True) if not found)

    def _missing(self, table: Table, what: str) -> Finding:
        return self.finding(Location(line=table.location.line, table=table.id), table=table.title, what=what)
