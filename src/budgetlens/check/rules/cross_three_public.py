"""BL312–BL315: the “三公” table and 机关运行经费 against themselves, the narrative and the economic tables.

BL202/BL203 already add up the budget 三公 table (合计 = items, 购置及运行费 = ①+②); the final table is
modelled transposed (one row per item, 预算数 and 决算数 cells), so its printed identities are checked
here. The economic tables cover only 基本支出 of the 一般公共预算 while 三公 and 机关运行经费 may also be paid
by projects or other funds, so those comparisons are one-sided plausibility warnings (see the notes on
relations that look like identities but are not).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from budgetlens.check.intervals import Bounds, add, overlaps, point_sum, shown
from budgetlens.check.registry import Rule, register
from budgetlens.check.rules.completeness_profile import three_public_item
from budgetlens.check.rules.narrative_rates import cell_money, final_claims, is_money, money
from budgetlens.check.rules.narrative_tables import _loc
from budgetlens.model import Amount, Document, DocumentKind, Finding, Location, Row, Severity, Table
from budgetlens.model.money import YUAN_PER_UNIT

_PARTS = {"total": ("abroad", "vehicles", "reception"), "vehicles": ("vehicle_purchase", "vehicle_running")}
_OPERATING = re.compile(r"^(?:\d{4}年度?)?(?:本部门|本单位)?机关运行经费(?:支出)?(?:决算数?)?$")
# 三公 item -> (budget table row name, final table column key, economic codes)
_ECONOMIC = [
    ("因公出国（境）费", "abroad", "30212"),
    ("公务接待费", "reception", "30217"),
    ("公务用车运行维护费", "vehicle_running", "30231"),
    ("公务用车购置费", "vehicle_purchase", "31013"),
]


def _settled(a: Amount | None) -> bool:
    return a is not None and not (a.value is None and a.printed and not a.constraint)


def _item(table: Table, key: str) -> tuple[Row, Amount] | None:
    for row in table.rows:
        if key in row.cells:
            return row, row.cells[key]
    return None


@register
class FinalThreePublicTable(Rule):
    """The final 财政拨款“三公”经费支出决算表 adds up: 合计 = 因公出国 + 公务用车 + 公务接待, 公务用车 = 购置 + 运行.

    What it checks: for 预算数 and 决算数 alike, 栏1 = 栏2 + 栏3 + 栏6 and 栏3 = 栏4 + 栏5 (栏7 = 8 + 9 + 12,
    栏9 = 10 + 11), within the printed precision; debris cells nobody could settle are skipped.
    Why it matters: the 三公 total is what the narrative and the press quote.
    Failing example: 决算数 合计 5.00 with 因公出国 0, 公务用车 4.00 and 公务接待 2.00.
    Passing example: 合计 6.00 with 0 + 4.00 + 2.00.
    Reference: 财预〔2016〕143号 公开表样 (“三公”经费支出表).
    """

    code = "BL312"
    slug = "cross.final-three-public"
    title_zh = "财政拨款“三公”经费支出决算表相加：合计＝因公出国＋公务用车＋公务接待，公务用车＝购置＋运行"
    template_zh = "表“{table}”第{line}行{column}为{actual}，但{parts}之和为{expected}"
    template_en = "Table '{table}', line {line}, {column} is {actual} but {parts_en} add up to {expected}"
    reference = "财预〔2016〕143号 公开表样"

    def check(self, doc: Document) -> Iterator[Finding]:
        table = doc.table("final.three_public")
        if table is None:
            return
        for side in ("budget", "final"):
            for whole, keys in _PARTS.items():
                total = _item(table, f"{side}.{whole}")
                parts = [_item(table, f"{side}.{k}") for k in keys]
                if total is None or not _settled(total[1]) or any(p is None or not _settled(p[1]) for p in parts):
                    continue
                cells = [p[1] for p in parts if p is not None]
                if overlaps(total[1].bounds(), add(c.bounds() for c in cells)):
                    continue
                row, amount = total
                column = table.column(f"{side}.{whole}")
                names = "、".join(p[0].name for p in parts if p is not None)
                yield self.finding(
                    Location(line=row.location.line, table=table.id, row=row.index, column=f"{side}.{whole}"),
                    expected=point_sum(cells), actual=shown(amount), table=table.title, line=row.location.line,
                    column=column.header_text if column else whole, parts=names, parts_en=names,
                )  # fmt: skip


@register
class FinalOperatingCost(Rule):
    """The 机关运行经费 the narrative of a final account states equals 公开10.

    What it checks: 机关运行经费支出A (万元 or 元) of the 其他重要事项 section against 行政单位 + 参照公务员法
    管理事业单位 of 机关运行经费 in the 部门决算公开相关信息统计表, within the printed precision.
    Why it matters: the narrative and the table report the same figure.
    Failing example: 机关运行经费支出25.00万元 while 公开10 行政单位 prints 24.00.
    Passing example: both 25.00.
    Reference: 财预〔2016〕143号 (情况说明与报表一致).
    """

    code = "BL313"
    slug = "cross.final-operating-cost"
    title_zh = "决算说明所述机关运行经费等于公开10表"
    template_zh = "第{line}行说明机关运行经费为{actual}{unit}，表“{table}”第{table_line}行起为{expected}{table_unit}"
    template_en = (
        "Line {line}: the narrative states the operating costs as {actual} {unit}; "
        "table '{table}' (line {table_line}) shows {expected} {table_unit}"
    )
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        table = doc.table("final.disclosure_stats")
        rows = [r for r in table.rows if r.number in (5, 6)] if table else []
        cells = [r.cells["operating"] for r in rows if "operating" in r.cells]
        if table is None or not cells or not all(_settled(c) for c in cells):
            return
        bounds = [cell_money(c) for c in cells]
        known: list[Bounds] = [b for b in bounds if b is not None]
        if len(known) != len(cells):
            return
        shown_total = add(known)
        for claim in final_claims(doc):
            said = money(claim) if is_money(claim) and not claim.base else None
            if said is None or "机关运行经费" not in claim.section:
                continue
            if not _OPERATING.match(re.sub(r"\s+", "", claim.subject)) or overlaps(said, shown_total):
                continue
            yield self.finding(
                _loc(claim, table.id), expected=f"{point_sum(cells):.2f}", actual=claim.printed,
                line=claim.location.line, unit=claim.unit, table=table.title, table_line=rows[0].location.line,
                table_unit=cells[0].unit,
            )  # fmt: skip


def _sum_codes(table: Table, code: str, key: str) -> tuple[Row, list[Amount]] | None:
    rows = [r for r in table.rows if r.code == code]
    cells = [r.cells.get(key, Amount(value=None, unit=table.unit)) for r in rows]
    return (rows[0], cells) if rows and all(_settled(c) for c in cells) else None


@register
class ThreePublicVsEconomic(Rule):
    """A 三公 item is not smaller than the 基本支出 economic row that pays for it (plausibility warning).

    What it checks: 因公出国（境）费用 30212, 公务接待费 30217, 公务用车运行维护费 30231 and 公务用车购置
    31013 of the 一般公共预算 基本支出 economic table (budget 表六, final 公开06 金额) must not exceed the
    matching item of the 三公 table (budget: its 一般公共预算 column; final: 决算数), because the 三公
    table covers 基本支出 and 项目支出 of all 财政拨款. A 三公 item larger than the row is normal (projects
    pay too) and is never reported.
    Why it matters: an economic row above its 三公 item means one of the two tables misstates 三公.
    Failing example: 表六 30217 公务接待费 1.20 while 三公 公务接待费 is 0.80.
    Passing example: 表六 30231 7.00 (2.00 + 5.00) with 三公 公务用车运行维护费 7.00.
    Reference: 财预〔2016〕143号; 《政府收支分类科目》 经济分类 302/310.
    """

    code = "BL314"
    slug = "cross.three-public-economic"
    title_zh = "“三公”经费各项不超过支付它的基本支出经济分类行（合理性提示）"
    severity = Severity.WARNING
    template_zh = "表“{table}”第{line}行“{row}”为{actual}，超过表“{other}”第{other_line}行“{item}”的{expected}"
    template_en = (
        "Table '{table}', line {line}, '{row}' is {actual}, more than '{item}' of table '{other}' "
        "(line {other_line}), {expected}"
    )
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        final = doc.kind is DocumentKind.FINAL_ACCOUNT
        three = doc.table("final.three_public" if final else "budget.three_public")
        econ = doc.table("final.general_basic_detail" if final else "budget.general_basic_economic")
        if three is None or econ is None:
            return
        econ_key = next((k for k in ("amount", "basic", "total") if econ.column(k)), None)
        for name, key, code in _ECONOMIC:
            found = _sum_codes(econ, code, econ_key) if econ_key else None
            item = _item(three, f"final.{key}") if final else self._budget_item(three, name)
            if found is None or item is None or not _settled(item[1]):
                continue
            row, cells = found
            if add(c.bounds() for c in cells)[0] <= item[1].bounds()[1]:
                continue
            yield self.finding(
                Location(line=row.location.line, table=econ.id, row=row.index, column=econ_key),
                expected=shown(item[1]), actual=f"{point_sum(cells):.2f}", table=econ.title, line=row.location.line,
                row=f"{code} {row.name}", other=three.title, other_line=item[0].location.line, item=item[0].name,
            )  # fmt: skip

    @staticmethod
    def _budget_item(table: Table, name: str) -> tuple[Row, Amount] | None:
        item = three_public_item(name)
        row = next((r for r in table.rows if three_public_item(r.name) == item), None)
        if row is None:
            return None
        key = "general" if "general" in row.cells else "total"
        return (row, row.cells[key]) if key in row.cells else None


@register
class OperatingVsPublicCost(Rule):
    """机关运行经费 does not exceed the 公用经费 of 基本支出 (plausibility warning).

    What it checks: budget 机关运行经费预算表 部门合计 ≤ 表六 合计 公用经费; final 公开10 机关运行经费
    (行政单位 + 参公事业单位) ≤ 公开06 公用经费合计 (基本支出), within the printed precision. 机关运行经费 is
    the part of 基本支出 公用经费 of 行政 and 参公 units; it may be smaller (事业单位 have 公用经费 too),
    never larger.
    Why it matters: a 机关运行经费 above all 公用经费 means one of the two figures is wrong.
    Failing example: 机关运行经费 45.00 with 表六 公用经费 40.00.
    Passing example: 机关运行经费 30.00 with 公用经费 40.00.
    Reference: 财预〔2016〕143号 (机关运行经费口径).
    """

    code = "BL315"
    slug = "cross.operating-public-cost"
    title_zh = "机关运行经费不超过基本支出的公用经费（合理性提示）"
    severity = Severity.WARNING
    template_zh = "表“{table}”第{line}行机关运行经费为{actual}，超过表“{other}”第{other_line}行公用经费{expected}"
    template_en = (
        "Table '{table}', line {line}: operating costs {actual} exceed public expenses {expected} "
        "of table '{other}' (line {other_line})"
    )
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        if doc.kind is DocumentKind.FINAL_ACCOUNT:
            cost, public = doc.table("final.disclosure_stats"), doc.table("final.general_basic_detail")
            rows = [r for r in cost.rows if r.number in (5, 6) and "operating" in r.cells] if cost else []
            cells = [r.cells["operating"] for r in rows]
            prow = next((r for r in public.rows if r.name.replace(" ", "") == "公用经费合计"), None) if public else None
            pcell = prow.cells.get("basic") if prow else None
        else:
            cost, public = doc.table("budget.operating_cost"), doc.table("budget.general_basic_economic")
            top = next((r for r in cost.rows if r.name.strip() == "部门合计"), None) if cost else None
            rows, cells = ([top], [top.cells["total"]]) if top and "total" in top.cells else ([], [])
            prow = public.total_row() if public else None
            pcell = prow.cells.get("public") if prow else None
        if cost is None or public is None or prow is None or pcell is None or not rows:
            return
        if not _settled(pcell) or not all(_settled(c) for c in cells):
            return
        if self._yuan(cells[0], add(c.bounds() for c in cells))[0] <= self._yuan(pcell, pcell.bounds())[1]:
            return
        yield self.finding(
            Location(line=rows[0].location.line, table=cost.id, row=rows[0].index),
            expected=shown(pcell), actual=f"{point_sum(cells):.2f}", table=cost.title, line=rows[0].location.line,
            other=public.title, other_line=prow.location.line,
        )  # fmt: skip

    @staticmethod
    def _yuan(a: Amount, b: Bounds) -> Bounds:
        f = YUAN_PER_UNIT.get(a.unit, Decimal(1))
        return b[0] * f, b[1] * f
