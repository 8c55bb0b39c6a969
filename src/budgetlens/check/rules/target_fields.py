"""BL502–BL505: the fields of the project performance-target tables (绩效目标表) are consistent."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import datetime

from budgetlens.check.intervals import amounts_practice, point_sum, practice_bounds, sum_consistent_at
from budgetlens.check.registry import Rule, register
from budgetlens.model import Amount, Document, Finding, PerformanceTarget, Severity

SOURCES = (("central", "中央财政资金"), ("provincial", "省级财政资金"), ("local", "市县（区）财政资金"),
           ("self_raised", "单位自筹"), ("other", "其他资金"))  # fmt: skip


def project_targets(doc: Document) -> list[PerformanceTarget]:
    return [t for t in doc.targets if t.kind == "project"]


def funds_practice(doc: Document) -> int | None:
    """The precision the document's target tables practise for their money (see ``intervals.practised_decimals``).

    The group is every 资金总额 and source amount of every project target of the document: one form,
    filled in one system, printed in one format.
    """
    amounts: list[Amount | None] = []
    for target in project_targets(doc):
        for funding in (target.funds_period, target.funds_annual):
            amounts += [funding.total, *(getattr(funding, key) for key, _ in SOURCES)]
    return amounts_practice(amounts)


@register
class DepartmentCode(Rule):
    """Every project target names the same 主管部门代码 as the rest of the document.

    What it checks: the code in 主管部门及代码 (e.g. 029-某某局) is the same in every 项目支出绩效目标表
    of the document (the code most of them print is taken as the document's).
    Why it matters: a wrong code files the project under another department in the budget system.
    Failing example: 34 tables print 029- and one prints 009-.
    Passing example: every table prints 029-.
    Reference: 《项目支出绩效目标管理办法》; the department code list of the budget system.
    """

    code = "BL502"
    slug = "performance.department-code"
    title_zh = "各项目绩效目标表的主管部门代码与本文件其余部分一致"
    severity = Severity.WARNING
    template_zh = "项目“{name}”的主管部门代码为{actual}，本文件其他绩效目标表为{expected}（第{line}行）"
    template_en = (
        "Project '{name}' gives department code {actual}; the document's other targets give {expected} (line {line})"
    )
    reference = "《项目支出绩效目标管理办法》"

    def check(self, doc: Document) -> Iterator[Finding]:
        codes = Counter(t.department_code for t in project_targets(doc) if t.department_code)
        if len(codes) < 2:
            return
        usual = codes.most_common(1)[0][0]
        for target in project_targets(doc):
            if target.department_code and target.department_code != usual:
                yield self.finding(
                    target.location, expected=usual, actual=target.department_code, name=target.name,
                    line=target.location.line,
                )  # fmt: skip


@register
class FilledAt(Rule):
    """A target's 填报日期 is a valid timestamp within the budget preparation cycle.

    What it checks: 填报日期 reads as YYYYMMDDhhmmss (a real date and time) and lies between June of
    the year before the fiscal year and the end of the fiscal year's first half.
    Why it matters: an impossible or out-of-cycle date shows a table copied from another year or
    filled in by mistake.
    Failing example: 20261216165187 in a 2026 budget (seconds 87, after publication).
    Passing example: 20251224133049.
    Reference: 《预算法》第四十六条 (budget preparation); 财预〔2016〕143号.
    """

    code = "BL503"
    slug = "performance.filled-at"
    title_zh = "填报日期是预算编制期内的有效时间"
    severity = Severity.WARNING
    template_zh = "项目“{name}”的填报日期{actual}{problem}（第{line}行）"
    template_en = "Project '{name}': the filing date {actual} {problem_en} (line {line})"
    reference = "《预算法》第四十六条"

    def check(self, doc: Document) -> Iterator[Finding]:
        if doc.fiscal_year is None:
            return
        earliest, latest = datetime(doc.fiscal_year - 1, 6, 1), datetime(doc.fiscal_year, 6, 30, 23, 59, 59)
        for target in project_targets(doc):
            stamp = target.filled_at
            if not stamp:
                continue
            try:
                when = datetime.strptime(stamp[:14], "%Y%m%d%H%M%S")
            except ValueError:
                yield self.finding(target.location, actual=stamp, name=target.name, line=target.location.line,
                                   problem="不是有效的日期时间", problem_en="is not a valid date and time")  # fmt: skip
                continue
            if not earliest <= when <= latest:
                problem = f"不在{doc.fiscal_year}年预算编制期内"
                yield self.finding(
                    target.location, actual=stamp, name=target.name, line=target.location.line,
                    problem=problem, problem_en="is outside the budget preparation cycle",
                )  # fmt: skip


@register
class OneYearProject(Rule):
    """A one-year project (一次性项目, 项目期 1年) has 实施期资金总额 equal to 年度资金总额.

    What it checks: for targets whose 项目属性 is 一次性 or whose 项目期 is 1年, the total of the whole
    implementation period equals the year's total (interval arithmetic on the printed figures, at the
    precision the document's target tables practise where they drop trailing zeros).
    Why it matters: a one-year project has only one year; two different totals mean one is wrong.
    Failing example: 一次性项目（1年结束）, 实施期 287,670.6 元, 年度 287,270.6 元.
    Passing example: both 150,800 元.
    Reference: 《项目支出绩效目标管理办法》.
    """

    code = "BL504"
    slug = "performance.one-year-project"
    title_zh = "一次性项目（项目期1年）的实施期资金总额等于年度资金总额"
    template_zh = "一次性项目“{name}”的实施期资金总额为{expected}元，年度资金总额为{actual}元（第{line}行）"
    template_en = "One-year project '{name}': period total {expected} yuan, annual total {actual} yuan (line {line})"
    reference = "《项目支出绩效目标管理办法》"

    def check(self, doc: Document) -> Iterator[Finding]:
        practice = funds_practice(doc)
        for target in project_targets(doc):
            one_year = "一次性" in (target.attribute or "") or (target.period or "").replace(" ", "") == "1年"
            period, annual = target.funds_period.total, target.funds_annual.total
            if not one_year or period is None or annual is None or period.value is None or annual.value is None:
                continue
            if not sum_consistent_at((period, practice), [(annual, practice)]):
                yield self.finding(
                    target.location, expected=period.printed, actual=annual.printed, name=target.name,
                    line=target.location.line,
                )  # fmt: skip


@register
class FundingSplit(Rule):
    """A target's 资金总额 equals the sum of its sources, and no source's 年度 exceeds its 实施期.

    What it checks: for 实施期 and 年度 separately, 资金总额 = 中央 + 省级 + 市县（区） + 单位自筹 + 其他;
    and for every source, the 年度 amount is at most the 实施期 amount (each figure at the precision the
    document's target tables practise, as for BL504).
    Why it matters: the source split is what the finance bureau funds; it must add up.
    Failing example: 年度资金总额 100,000 with 市县（区）财政资金 90,000 and nothing else.
    Passing example: 年度资金总额 100,000 = 市县（区）财政资金 100,000.
    Reference: 《项目支出绩效目标管理办法》.
    """

    code = "BL505"
    slug = "performance.funding-split"
    title_zh = "资金总额等于各来源之和，且各来源的年度资金不超过实施期资金"
    template_zh = "项目“{name}”的{what}：应为{expected}元，表中为{actual}元（第{line}行）"
    template_en = "Project '{name}', {what}: expected {expected} yuan, the table shows {actual} yuan (line {line})"
    reference = "《项目支出绩效目标管理办法》"

    def check(self, doc: Document) -> Iterator[Finding]:
        practice = funds_practice(doc)
        for target in project_targets(doc):
            for label, funding in (("实施期资金总额", target.funds_period), ("年度资金总额", target.funds_annual)):
                parts = [getattr(funding, key) for key, _ in SOURCES]
                known = [p for p in parts if p is not None]
                total = funding.total
                if total is None or total.value is None or not any(p.value is not None for p in known):
                    continue
                if not sum_consistent_at((total, practice), [(p, practice) for p in known]):
                    yield self.finding(target.location, expected=point_sum(known), actual=total.printed,
                                       name=target.name, what=label, line=target.location.line)  # fmt: skip
            for key, name in SOURCES:
                period: Amount | None = getattr(target.funds_period, key)
                annual: Amount | None = getattr(target.funds_annual, key)
                if period is None or annual is None or period.value is None or annual.value is None:
                    continue
                if practice_bounds(annual, practice)[0] > practice_bounds(period, practice)[1]:
                    what = f"年度{name}超过实施期"
                    yield self.finding(target.location, expected=f"≤ {period.printed}", actual=annual.printed,
                                       name=target.name, what=what, line=target.location.line)  # fmt: skip


@register
class ProjectNameDiffers(Rule):
    """A performance target carries the same project name as its row in the project table.

    What it checks: for each target linked to a row of 项目支出预算表（本年预算） (by unit and amount),
    the 项目名称 equals the row's name once spaces and bracket widths are ignored.
    Why it matters: readers match projects by name; a different name for the same money hides which
    project the target belongs to, or shows a target copied from another project.
    Failing example: the table lists 行政执法制式服装制作费 and its target says 行政执法制服服装制作费.
    Passing example: both say 行政执法制式服装制作费.
    Reference: 《项目支出绩效目标管理办法》 (绩效目标与预算项目一一对应).
    """

    code = "BL506"
    slug = "performance.project-name-differs"
    title_zh = "绩效目标表的项目名称与其在项目支出表中的名称相同"
    severity = Severity.WARNING
    template_zh = "项目支出预算表第{row_line}行的项目“{expected}”，其绩效目标表（第{line}行）名为“{actual}”"
    template_en = (
        "Project '{expected}' (project table, line {row_line}) is named '{actual}' in its target table (line {line})"
    )
    reference = "《项目支出绩效目标管理办法》"

    def check(self, doc: Document) -> Iterator[Finding]:
        tables = {t.id: t for t in doc.tables}
        for target in project_targets(doc):
            if target.linked_row is None or target.linked_row[0] not in tables:
                continue
            row = tables[target.linked_row[0]].rows[target.linked_row[1]]
            if _plain_name(row.name) != _plain_name(target.name):
                yield self.finding(target.location, expected=row.name, actual=target.name, line=target.location.line,
                                   row_line=row.location.line)  # fmt: skip


def _plain_name(name: str) -> str:
    return "".join(name.split()).replace("(", "（").replace(")", "）")
