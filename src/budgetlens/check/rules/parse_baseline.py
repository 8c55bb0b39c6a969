"""BL0xx: problems found while reading and parsing, surfaced as findings (frictionless 'baseline')."""

from __future__ import annotations

from collections.abc import Iterator

from budgetlens.check.registry import Rule, register
from budgetlens.model import Document, Finding, Severity


class _Surfaced(Rule):
    """Yield the parse findings of this rule's code that the parser attached to the document."""

    template_zh = "{message}"
    template_en = "{message}"

    def check(self, doc: Document) -> Iterator[Finding]:
        yield from (f for f in doc.parse_findings if f.code == self.code)


@register
class AmountUnreadable(_Surfaced):
    """An amount cell holds text that is not a number.

    What it checks: every cell of an amount column is blank, a dash or a decimal number.
    Why it matters: an unreadable cell is a value nobody can check; it is kept as printed and null.
    Failing example: a 合计 cell printed as 1,2O3.00 (letter O).
    Passing example: 1,203.00.
    Reference: SPEC.md, Numbers.
    """

    code = "BL001"
    slug = "parse.amount-unreadable"


@register
class MetadataMissing(_Surfaced):
    """The cover names the issuer, the year and the kind of disclosure.

    What it checks: the cover lines state who discloses, for which fiscal year, and whether it is
    a budget or a final account (e.g. 2026年度部门预算公开).
    Why it matters: without them the document cannot be filed, compared or checked by year.
    Failing example: a document that starts directly with its tables.
    Passing example: a cover with 某某局 / 2026年度部门预算公开.
    Reference: 财预〔2016〕143号 第六条.
    """

    code = "BL002"
    slug = "parse.document-metadata-missing"
    severity = Severity.WARNING


@register
class UnknownTable(_Surfaced):
    """A table whose title matches no known disclosure table.

    What it checks: every table title is recognised as one of the canonical table kinds.
    Why it matters: an unknown table is kept as a generic table, but no kind-specific check runs on it.
    Failing example: a table titled 2026年其他情况表.
    Passing example: 2026年预算收入总表.
    Reference: SPEC.md, table kinds.
    """

    code = "BL003"
    slug = "parse.unknown-table"
    severity = Severity.WARNING


@register
class UnitMissing(_Surfaced):
    """Every table declares its money unit (单位：万元 / 元).

    What it checks: a 单位：万元 or 单位：元 line stands between the title and the header.
    Why it matters: without a unit a value can be off by a factor of 10,000.
    Failing example: a table with no 单位 line.
    Passing example: 单位：万元.
    Reference: 财预〔2016〕143号 公开表样.
    """

    code = "BL004"
    slug = "parse.table-unit-missing"
    severity = Severity.WARNING


@register
class TableEmpty(_Surfaced):
    """A table has no data rows at all.

    What it checks: a recognised table has at least one row, or declares itself empty.
    Why it matters: a table with neither rows nor an empty-table note was probably cut off.
    Failing example: a title and header followed directly by the next table.
    Passing example: rows, or 注：本表无数据.
    Reference: 财预〔2016〕143号 第九条.
    """

    code = "BL005"
    slug = "parse.table-empty"
    severity = Severity.WARNING


@register
class TargetUnreadable(_Surfaced):
    """A performance target fragment has no project name.

    What it checks: every 项目支出绩效目标表 fragment names its project.
    Why it matters: a nameless target cannot be matched to the budget.
    Failing example: a fragment whose 项目名称 cell is blank.
    Passing example: 项目名称 with a name.
    Reference: 《项目支出绩效目标管理办法》.
    """

    code = "BL010"
    slug = "parse.target-unreadable"
    severity = Severity.WARNING


@register
class IndicatorMalformed(_Surfaced):
    """An indicator value starts with a digit but is not a number with a unit.

    What it checks: 指标值 cells such as ≥300批次, 100%, ≤800元/批次 parse into comparator,
    number and unit.
    Why it matters: malformed values (1降低, 3225000年、元) cannot be evaluated later.
    Failing example: 1有效.
    Passing example: ≥95%.
    Reference: 《项目支出绩效目标管理办法》 指标值.
    """

    code = "BL011"
    slug = "parse.indicator-value-malformed"
    severity = Severity.INFO


@register
class FragmentsDisagree(_Surfaced):
    """The page-split fragments of one performance target agree on the money.

    What it checks: when a target is printed in several fragments, their 实施期/年度 amounts agree.
    Why it matters: disagreeing fragments mean at least one figure is wrong.
    Failing example: fragment 1 年度资金总额 100,000, fragment 2 年度资金总额 90,000.
    Passing example: both 100,000.
    Reference: 《项目支出绩效目标管理办法》.
    """

    code = "BL012"
    slug = "parse.target-fragments-disagree"
    severity = Severity.WARNING


@register
class TargetUnmatched(_Surfaced):
    """Every performance target belongs to a project of the project table.

    What it checks: each 项目支出绩效目标表 is matched to a row of 项目支出预算表（本年预算）, by unit
    and amount first, then by name.
    Why it matters: a target without a project discloses goals for money that is not budgeted.
    Failing example: a target for 某某经费 that no project row carries.
    Passing example: the target matched to its project row.
    Reference: 财预〔2016〕143号 (绩效目标随预算公开).
    """

    code = "BL013"
    slug = "parse.target-unmatched"
    severity = Severity.WARNING


@register
class ProjectWithoutTarget(_Surfaced):
    """Every project of the project table has a performance target table.

    What it checks: each project row of 项目支出预算表（本年预算） is matched by a 项目支出绩效目标表.
    Why it matters: projects must publish their performance targets with the budget.
    Failing example: a project row with no target table anywhere in the document.
    Passing example: every project matched.
    Reference: 财预〔2016〕143号 (绩效目标随预算公开).
    """

    code = "BL014"
    slug = "parse.project-without-target"
    severity = Severity.WARNING
