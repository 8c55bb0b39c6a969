"""BL701–BL706: plausibility warnings on stated counts (vehicles, staff) against quotas and costs.

These are not accounting identities: a unit may hold more vehicles than its quota or employ more
people than its establishment and explain why. They are warnings a reader should look at.
(BL703, project names that differ between tables, is covered by BL506.)
"""

from __future__ import annotations

from collections.abc import Iterator

from budgetlens.check.registry import Rule, register
from budgetlens.check.rules.completeness_profile import three_public_item
from budgetlens.check.rules.counts import Stated, staff_facts, vehicle_facts
from budgetlens.model import Document, Finding, Location, Row, Severity

THREE_PUBLIC = ("budget.three_public", "final.three_public")


@register
class VehiclesOverQuota(Rule):
    """Vehicles held do not exceed the vehicle quota stated beside them.

    What it checks: where the narrative states a 公务用车编制 (quota) and the vehicles actually held
    (实有) in the same sentence, the number held is not larger than the quota.
    Why it matters: vehicles beyond the approved quota (超编配车) are what the 公务用车 rules forbid;
    the disclosure should explain them or the figures are wrong.
    Failing example: 共有公务用车编制17辆，实有23辆.
    Passing example: 共有公务用车编制33辆，实有31辆.
    Reference: 《党政机关公务用车管理办法》(编制和标准); 财预〔2016〕143号 (国有资产占用情况).
    """

    code = "BL701"
    slug = "plausibility.vehicles-over-quota"
    title_zh = "实有车辆不超过同处所列的车辆编制"
    severity = Severity.WARNING
    template_zh = "第{line}行：实有公务用车{actual}辆，超过公务用车编制{expected}辆"
    template_en = "Line {line}: {actual} vehicles held, more than the vehicle quota of {expected}"
    reference = "《党政机关公务用车管理办法》"

    def check(self, doc: Document) -> Iterator[Finding]:
        for statement in vehicle_facts(doc).held:
            quota, held = statement.quota, statement.total
            if quota is not None and held.value > quota.value:
                loc = Location(line=held.line, text=f"{quota.printed}，{held.printed}")
                yield self.finding(loc, expected=quota.value, actual=held.value, line=held.line)


@register
class StaffOverEstablishment(Rule):
    """Staff on the establishment do not exceed the approved establishment (编制).

    What it checks: in the 整体支出绩效目标申报表, the 在编人员数 (or, when it is not printed, the
    实际在职人员总数) is not larger than the 核定的人员编制数.
    Why it matters: staff beyond the approved establishment (超编) mean either a staffing problem
    the disclosure should explain or a wrong count, and personnel budgets rest on these counts.
    Failing example: 核定的人员编制数 120人, 其中：在编人员数 124人.
    Passing example: 核定的人员编制数 428人, 在编人员数 414人.
    Reference: 《机构编制监督检查工作办法》; 部门整体支出绩效目标申报表 (部门基本信息).
    """

    code = "BL702"
    slug = "plausibility.staff-over-establishment"
    title_zh = "在编人员不超过核定的人员编制"
    severity = Severity.WARNING
    template_zh = "第{line}行：{what}{actual}人，超过核定的人员编制数{expected}人（第{quota_line}行）"
    template_en = (
        "Line {line}: {what} is {actual}, more than the approved establishment of {expected} (line {quota_line})"
    )
    reference = "《机构编制监督检查工作办法》"

    def check(self, doc: Document) -> Iterator[Finding]:
        staff = staff_facts(doc)
        quota = staff.quota
        actual, what = (
            (staff.on_establishment, "在编人员数") if staff.on_establishment else (staff.actual, "实际在职人员总数")
        )
        if quota is None or actual is None or actual.value <= quota.value:
            return
        loc = Location(line=actual.line, text=actual.printed)
        yield self.finding(
            loc, expected=quota.value, actual=actual.value, line=actual.line, what=what, quota_line=quota.line
        )


@register
class CountBreakdown(Rule):
    """A stated count equals the sum of the 其中 items listed with it.

    What it checks: vehicles held (实有/共有车辆M辆，其中：…用车k辆 …) equal the sum of the vehicle
    categories listed; an establishment stated with its structure (编制N名，人员编制结构为：…人员k名)
    equals the sum of the structure; 实际在职人员总数 equals 在编人员数 + 其他人员数.
    Why it matters: the categories are the full breakdown of the total; a sum that misses it shows
    a mistyped count or a category left out.
    Failing example: 实有23辆，其中：机要通信用车1辆，特种专业技术用车6辆，事业单位业务用车15辆.
    Passing example: 实有23辆，其中：机要通信用车1辆，应急保障用车1辆，特种专业技术用车6辆，事业单位业务用车15辆.
    Reference: 财预〔2016〕143号 (国有资产占用情况); 部门整体支出绩效目标申报表.
    """

    code = "BL704"
    slug = "plausibility.count-breakdown"
    title_zh = "所述数量等于同处列出的“其中”各项之和"
    severity = Severity.WARNING
    template_zh = "第{line}行：{what}为{actual}，但所列{count}项之和为{expected}"
    template_en = "Line {line}: {what} is {actual} but the {count} items listed add up to {expected}"
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        for statement in vehicle_facts(doc).held:
            yield from self._compare(statement.total, [v for _, v in statement.parts], "车辆数")
        staff = staff_facts(doc)
        for statement in staff.narrative:
            yield from self._compare(statement.total, [v for _, v in statement.parts], "人员编制数")
        if staff.actual and staff.on_establishment and staff.others:
            parts = [staff.on_establishment.value, staff.others.value]
            yield from self._compare(staff.actual, parts, "实际在职人员总数")

    def _compare(self, total: Stated, parts: list[int], what: str) -> Iterator[Finding]:
        if len(parts) < 2 or sum(parts) == total.value:
            return
        loc = Location(line=total.line, text=total.printed)
        yield self.finding(loc, expected=sum(parts), actual=total.value, line=total.line, what=what, count=len(parts))


def _vehicle_rows(doc: Document) -> tuple[list[Row], list[Row]]:
    """Rows of the 三公 tables: 公务用车运行维护费 and 公务用车购置费."""
    running: list[Row] = []
    purchase: list[Row] = []
    for kind in THREE_PUBLIC:
        for table in doc.tables_of(kind):
            for row in table.rows:
                item = three_public_item(row.name)  # 运行费 / 购置费 under 公务用车购置及运行费 too
                if item == "vehicle_running":
                    running.append(row)
                elif item == "vehicle_purchase":
                    purchase.append(row)
    return running, purchase


def _positive(row: Row) -> bool:
    """A printed amount above zero: its rounding interval lies wholly above zero."""
    return any(a.value is not None and a.bounds()[0] > 0 for a in row.cells.values())


@register
class RunningCostWithoutVehicles(Rule):
    """公务用车运行维护费 is not budgeted or spent when the disclosure says no vehicle is held.

    What it checks: when every statement of vehicles held (实有/共有车辆, 保有量, 统计表 车辆数合计)
    is 0 and no vehicle purchase is funded, the 三公 table shows no 公务用车运行维护费.
    Why it matters: running costs without vehicles point to costs booked under the wrong item
    (rented cars belong to 其他交通费用) or to a wrong vehicle count.
    Failing example: 公务用车运行维护费 5.40 while 本部门共有车辆0辆 and 公务用车购置费 is blank.
    Passing example: 公务用车运行维护费 5.40 with 实有2辆.
    Reference: 财政部 三公经费 口径 (公务用车运行维护费); 财预〔2016〕143号.
    """

    code = "BL705"
    slug = "plausibility.vehicle-cost-without-vehicles"
    title_zh = "称没有公务用车时不应有公务用车运行维护费"
    severity = Severity.WARNING
    template_zh = "第{line}行：公务用车运行维护费为{actual}，但文中称车辆数为0（第{count_line}行）"
    template_en = (
        "Line {line}: vehicle running costs are {actual} but the text says no vehicle is held (line {count_line})"
    )
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        facts = vehicle_facts(doc)
        counts = [s.total for s in facts.held] + facts.financed + facts.table
        if not counts or any(c.value > 0 for c in counts):
            return
        running, purchase = _vehicle_rows(doc)
        if any(_positive(r) for r in purchase):
            return
        for row in running:
            if _positive(row):
                amount = next(a for a in row.cells.values() if a.value is not None and a.bounds()[0] > 0)
                loc = Location(line=row.location.line, row=row.index)
                yield self.finding(
                    loc, expected=0, actual=amount.printed, line=row.location.line, count_line=counts[0].line
                )
                return


@register
class VehicleCountRestated(Rule):
    """The number of vehicles held is the same wherever the disclosure states it.

    What it checks: the first statement of all vehicles held in the narrative (实有M辆 / 本部门共有
    车辆M辆, the department total) gives the same number as 车辆数合计 in the 部门决算公开相关信息
    统计表. Later narrative counts may be per unit and are not compared; the 保有量 of the 三公
    paragraph counts only vehicles paid by the fiscal appropriation and is not compared either.
    Why it matters: two different counts of the same vehicles mean one of them is wrong.
    Failing example: 统计表 车辆数合计 13 while the narrative says 本部门共有车辆12辆.
    Passing example: 车辆数合计 13 and 本部门共有车辆13辆.
    Reference: 财预〔2016〕143号 (国有资产占用情况).
    """

    code = "BL706"
    slug = "plausibility.vehicle-count-restated"
    title_zh = "各处所述的车辆数相同"
    severity = Severity.WARNING
    template_zh = "统计表第{line}行车辆数合计为{actual}辆，但文中第{first_line}行称共有车辆{expected}辆"
    template_en = (
        "Statistics table line {line}: {actual} vehicles in total, the text (line {first_line}) says {expected}"
    )
    reference = "财预〔2016〕143号"

    def check(self, doc: Document) -> Iterator[Finding]:
        facts = vehicle_facts(doc)
        if not facts.held:
            return
        first = facts.held[0].total
        for other in facts.table:
            if other.value != first.value:
                loc = Location(line=other.line, text=other.printed)
                yield self.finding(
                    loc, expected=first.value, actual=other.value, line=other.line, first_line=first.line
                )
