"""BL0xx: problems found while reading and parsing, surfaced as findings (frictionless 'baseline').

Parsers report a problem by its code, location and parameters only (``parse.rows.problem``); the rule
here owns its slug, severity and wording, and gives them to every problem of its code.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from budgetlens.check.registry import Rule, Wording, register
from budgetlens.model import Document, Finding, Severity


class _Surfaced(Rule):
    """Yield the parse problems of this rule's code, with the rule's slug, severity and wording."""

    def check(self, doc: Document) -> Iterator[Finding]:
        yield from (self.restate(f) for f in doc.parse_findings if f.code == self.code)


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
    title_zh = "金额单元格的内容不是数字"
    severity = Severity.ERROR
    template_zh = "表“{table}”第{line}行“{column}”列的金额“{text}”无法识别"
    template_en = "Amount '{text}' in table '{table}', line {line}, column '{column}' cannot be read"
    variants: ClassVar[dict[str, Wording]] = {
        "target": Wording(template_zh, template_en, Severity.WARNING),  # a money cell of a 项目支出绩效目标表
    }


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
    title_zh = "封面写明发布单位、年度和公开类型"
    severity = Severity.WARNING
    template_zh = "未能从封面识别{what}"
    template_en = "Could not find the document's {what} on its cover"


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
    title_zh = "表格标题不属于任何已知的公开表格"
    severity = Severity.WARNING
    template_zh = "第{line}行的表格“{title}”不是已知的公开表格，按通用表格保留"
    template_en = "Table '{title}' at line {line} is not a known disclosure table; kept as a generic table"


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
    title_zh = "每张表格注明金额单位（单位：万元／元）"
    severity = Severity.WARNING
    template_zh = "表“{title}”（第{line}行）未声明金额单位，按万元处理"
    template_en = "Table '{title}' (line {line}) declares no money unit; read as 10,000 yuan"


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
    title_zh = "表格没有任何数据行"
    severity = Severity.WARNING
    template_zh = "表“{title}”（第{line}行）没有数据行"
    template_en = "Table '{title}' (line {line}) has no data rows"


@register
class AmountsInLabelColumn(_Surfaced):
    """Every amount of a table lands in an amount column.

    What it checks: no label column (名称 / 编码) of a table holds decimal amounts.
    Why it matters: amounts in a label column mean the header was not understood, so they are
    missing from the data and from every sum; they are reported rather than dropped.
    Failing example: a table whose header names no column the reader knows (出国费 | 车辆费 | 接待)
    over one line of amounts.
    Passing example: 合计 | 因公出国（境）费 | 公务用车购置及运行费 | 公务接待费 over its amounts.
    Reference: SPEC.md, Findings (parse problems are findings too).
    """

    code = "BL006"
    slug = "parse.amounts-in-label-column"
    title_zh = "表格的每个金额都落在金额列"
    severity = Severity.ERROR
    template_zh = "表“{title}”第{line}行起有{count}个金额落在名称列，未能对应到金额列"
    template_en = (
        "Table '{title}': {count} amounts from line {line} on stand in a label column and match no amount column"
    )


@register
class UnruledTable(_Surfaced):
    """Tables printed without ruling lines were put on columns by where their text stands.

    What it checks: a PDF's tables have ruling lines, or the reader says which pages it aligned by
    position (tables with no rules at all, or 三线表 with rules above, under the header and below).
    Why it matters: without cell borders the column of a value is inferred from its position; a
    reviewer should check the columns of those tables against the original.
    Failing example: a PDF whose 一般公共预算支出表 has no cell borders.
    Passing example: a PDF with ruled tables.
    Reference: SPEC.md, Inputs (PDF with a text layer).
    """

    code = "BL007"
    slug = "parse.unruled-table"
    title_zh = "没有表格线的表格按文字位置分列"
    severity = Severity.WARNING
    template_zh = "第{pages}页的{count}处表格没有表格线，各列按文字位置对齐，请对照原件核对数值所在的列"
    template_en = (
        "{count} tables on pages {pages} have no ruling lines; their columns were aligned by the text's position: "
        "check which column each value stands in against the original"
    )


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
    title_zh = "绩效目标表没有项目名称"
    severity = Severity.WARNING
    template_zh = "第{line}行的项目支出绩效目标表没有可识别的项目名称"
    template_en = "The project performance table at line {line} has no readable project name"


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
    title_zh = "以数字开头的指标值不是“数值＋单位”"
    severity = Severity.INFO
    template_zh = "“{name}”的{period}绩效指标“{indicator}”的指标值“{value}”（第{line}行）无法拆分为比较符、数值和单位"
    template_en = (
        "Value '{value}' of the {period_en} indicator '{indicator}' of '{name}' (line {line}) "
        "is not a comparator, number and unit"
    )


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
    title_zh = "同一绩效目标表分页打印的各部分资金一致"
    severity = Severity.WARNING
    template_zh = "项目“{name}”分页打印的各部分（第{lines}行）的{field}不一致：{values}"
    template_en = "The page-split parts of project '{name}' (lines {lines}) disagree on {field_en}: {values}"


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
    title_zh = "每张绩效目标表都对应项目支出表中的项目"
    severity = Severity.WARNING
    template_zh = "项目“{name}”的绩效目标表（第{line}行）在项目支出预算表中找不到对应项目"
    template_en = "The performance target of project '{name}' (line {line}) has no row in the project table"


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
    title_zh = "项目支出表中的每个项目都有绩效目标表"
    severity = Severity.WARNING
    template_zh = "项目支出预算表中的项目“{name}”（第{line}行）没有绩效目标表"
    template_en = "Project '{name}' of the project table (line {line}) has no performance target table"


@register
class CellDebris(_Surfaced):
    """A value cell of a scanned table holds scan debris instead of a number.

    What it checks: every value cell of a final-account table is blank or an amount with two
    decimals; watermark scraps, stray letters and integers in money columns are debris.
    Why it matters: debris is read as blank, but a reviewer must know the cell was damaged.
    Failing example: the 经营支出 cell of a row printed as Man.
    Passing example: the cell is empty or 0.00.
    Reference: SPEC.md, Numbers (recovery by constraints).
    """

    code = "BL020"
    slug = "parse.cell-debris"
    title_zh = "扫描表格的金额单元格是扫描残留而不是数字"
    severity = Severity.INFO
    template_zh = "表“{table}”第{line}行“{column}”列的内容“{text}”不是金额（扫描残留），按空白处理"
    template_en = (
        "Table '{table}', line {line}, column '{column}': '{text}' is not an amount (scan debris); read as blank"
    )


@register
class ValueRepaired(_Surfaced):
    """A damaged value was rebuilt from an identity of the document.

    What it checks: reports every value the tool rebuilt (a debris cell that is the only unknown of
    a row total, a roll-up or a 行次 sum; split numbers re-joined; scores bracketed by the grade),
    with the printed text and the identity used.
    Why it matters: nothing is changed silently; the repaired value is marked in every export.
    Failing example: 基本支出 合计 printed 2O. 00 and rebuilt as 20.00 from 合计 = Σ下级科目.
    Passing example: every value printed legibly.
    Reference: SPEC.md, Numbers (values recovered from constraints are marked as repaired).
    """

    code = "BL021"
    slug = "parse.value-repaired"
    title_zh = "受损的数值按文件内的关系恢复"
    severity = Severity.INFO  # about the reading, not the document: the value is marked repaired everywhere
    template_zh = "表“{table}”第{line}行“{column}”印为“{printed}”，按{constraint}恢复为{value}"
    template_en = (
        "Table '{table}', line {line}, '{column}' printed '{printed}' was rebuilt as {value} from {constraint}"
    )
    variants: ClassVar[dict[str, Wording]] = {
        "row-number": Wording(  # a two-sided final-account table's lost 行次, restored from the sequence
            "表“{table}”第{line}行的行次{number}无法识别（印为“{text}”），按行次序列补齐",
            "Table '{table}', line {line}: row number {number} is unreadable (printed '{text}'); restored from the "
            "sequence",
            Severity.INFO,  # a row number, not a value: no amount was changed
        ),
        "self-eval": Wording(  # a fact of a 项目支出绩效自评表 / 自评分析报告
            "项目“{name}”的{field}印刷为“{printed}”，依据{constraint}修复为{value}",
            "The {field} of '{name}' is printed '{printed}' and was rebuilt as {value} from: {constraint}",
        ),
    }


@register
class ValueUnrecoverable(_Surfaced):
    """A damaged value cannot be determined from the document and stays blank.

    What it checks: a debris cell that no identity of the table determines (for example two
    damaged cells in the same sum).
    Why it matters: the value is unknown; users must not read the blank as zero.
    Failing example: 基本支出 and 项目支出 of one row both printed as debris.
    Passing example: at most one unknown per identity, so it can be rebuilt.
    Reference: SPEC.md, Numbers.
    """

    code = "BL022"
    slug = "parse.value-unrecoverable"
    title_zh = "受损的数值无法由文件确定，保留为空"
    severity = Severity.WARNING
    template_zh = "表“{table}”第{line}行“{column}”印为“{printed}”，无法由表内关系确定，保留为空"
    template_en = (
        "Table '{table}', line {line}, '{column}' printed '{printed}' cannot be determined from the table; left blank"
    )
    variants: ClassVar[dict[str, Wording]] = {
        "self-eval": Wording(  # a fact of a 项目支出绩效自评表 / 自评分析报告
            "项目“{name}”的{field}无法确定（印刷为“{printed}”）：{reason}",
            "The {field} of '{name}' cannot be determined (printed '{printed}'): {reason}",
        ),
    }


@register
class CodeRestored(_Surfaced):
    """A classification code missing from a row was restored from the name and the hierarchy.

    What it checks: reports rows printed without their 功能分类 code whose code was restored from
    the official name under the nearest parent code.
    Why it matters: the restored code is used for roll-ups and comparisons; it was not printed.
    Failing example: a row 档案事务 without code under 201, restored as 20126.
    Passing example: every row prints its code.
    Reference: 财政部《政府收支分类科目》.
    """

    code = "BL023"
    slug = "parse.code-restored"
    title_zh = "行内缺失的科目编码按名称和上下级关系补全"
    severity = Severity.INFO
    template_zh = "表“{table}”第{line}行缺少科目编码，按名称“{name}”和上下级关系补为{code}"
    template_en = (
        "Table '{table}', line {line}: the missing code was restored as {code} from the name '{name}' and the hierarchy"
    )


@register
class NameMisread(_Surfaced):
    """A 类 row name one character off an official classification name was read as that class.

    What it checks: reports expenditure rows of the two-sided summary tables whose name matches no
    功能分类 类 but differs from exactly one of them in a single character (a scan's OCR reading
    灾害防治及应急管理支出 as 灾害防治及应急管理支用); the row gets that class's code, its name stays as printed.
    Why it matters: the code links the row to the other tables; the name should be checked on the page.
    Failing example: 二十三、灾害防治及应急管理支用 in a 收支总表, read as 224.
    Passing example: 二十三、灾害防治及应急管理支出.
    Reference: 财政部《政府收支分类科目》.
    """

    code = "BL025"
    slug = "parse.name-misread"
    title_zh = "与分类科目名称只差一个字的类级名称按该科目识别"
    severity = Severity.WARNING
    template_zh = "表“{table}”第{line}行“{name}”与分类科目“{official}”只差一个字，按科目{code}识别（可能是识别错字）"
    template_en = (
        "Table '{table}', line {line}: '{name}' is one character off the classification's '{official}'; "
        "read as {code} (probably misrecognised)"
    )


@register
class TableUnrecoverable(_Surfaced):
    """A whole table could not be read (for example a rotated page linearised column by column).

    What it checks: reports performance tables whose layout could not be reconstructed; only
    anchored pairs such as 全年预算数 / 全年执行数 are kept.
    Why it matters: the table's other values are missing from the data.
    Failing example: a provincial-format 自评表 scanned sideways.
    Passing example: a table in its normal orientation.
    Reference: SPEC.md, Inputs.
    """

    code = "BL024"
    slug = "parse.table-unrecoverable"
    title_zh = "整张表格无法读取（如旋转页面被逐列输出）"
    severity = Severity.WARNING
    template_zh = "项目“{name}”第{line}行起的{table}无法读取：{reason}"
    template_en = "The {table} of '{name}' from line {line} cannot be read: {reason}"


@register
class TargetPrintedBlank(_Surfaced):
    """A project's performance target table is printed twice, once blank.

    What it checks: among the fragments of one project's 项目支出绩效目标表 printed one after the other, one
    names the project but fills in nothing (no amount, no text, no indicator value) while another is filled in.
    Why it matters: the parser keeps the filled-in table's values, but a blank copy is a layout slip a reader
    notices, and it may stand where another project's table was meant to be printed.
    Failing example: 项目名称 档案数字化经费 with every other cell empty, then the same table filled in.
    Passing example: the table printed once (or split over pages, each part filled in).
    Reference: 《项目支出绩效目标管理办法》.
    """

    code = "BL026"
    slug = "parse.target-printed-blank"
    title_zh = "项目的绩效目标表印了两次，其中一次为空"
    severity = Severity.WARNING
    template_zh = "项目“{name}”的绩效目标表印了两次（第{first}行、第{second}行），其中一次为空"
    template_en = (
        "The performance target table of project '{name}' is printed twice (lines {first} and {second}), once blank"
    )


@register
class SelfEvalScoreSum(_Surfaced):
    """A self-evaluation's total score equals the sum of its component scores.

    What it checks: in a 项目支出绩效自评表 the 总分 equals 预算执行 + 产出 + 效益 + 满意度 scores
    (an OCR-damaged total outside the grade band is repaired instead, see BL021).
    Why it matters: the total decides the grade that is published.
    Failing example: components 9 + 48 + 30 + 9 = 96 with 总分 97.
    Passing example: 总分 96.
    Reference: 《项目支出绩效评价管理办法》 (财预〔2020〕10号).
    """

    code = "BL512"
    slug = "performance.self-eval-score-sum"
    title_zh = "自评总分等于各项得分之和"
    severity = Severity.ERROR
    template_zh = "项目“{name}”的{total_label}为{actual}，但{parts}之和为{expected}"
    template_en = "The {total_label} of '{name}' is {actual} but {parts} add up to {expected}"


@register
class SelfEvalGrade(_Surfaced):
    """A self-evaluation's grade matches the band of its score (优 ≥ 90, 良 80–89, 中 60–79, 差 < 60).

    What it checks: the printed 自评等级 lies in the band of the total score.
    Why it matters: a grade outside its band misstates the project's result.
    Failing example: 总分 96 with grade 良.
    Passing example: 总分 96 with grade 优.
    Reference: 《项目支出绩效评价管理办法》 (财预〔2020〕10号) 第三十条.
    """

    code = "BL513"
    slug = "performance.self-eval-grade"
    title_zh = "自评等级与得分区间一致（优≥90，良80–89，中60–79，差<60）"
    severity = Severity.ERROR
    template_zh = "项目“{name}”得分{score}对应等级“{band}”，但印刷的等级为“{grade}”"
    template_en = "'{name}' scores {score}, which is grade '{band}', but the printed grade is '{grade}'"


@register
class SelfEvalExecutionRate(_Surfaced):
    """A self-evaluation's 执行率 equals 执行数 / 预算数 (interval arithmetic on the printed decimals).

    What it checks: the printed execution rate against the printed amounts.
    Why it matters: the execution rate is scored; a wrong rate inflates or deflates the score.
    Failing example: 43.20 of 45.50 万元 stated as 90.00%.
    Passing example: stated as 94.95%.
    Reference: 《项目支出绩效评价管理办法》 (财预〔2020〕10号).
    """

    code = "BL514"
    slug = "performance.self-eval-execution-rate"
    title_zh = "自评执行率等于执行数÷预算数（按印刷小数位的区间运算）"
    severity = Severity.WARNING
    template_zh = "项目“{name}”印刷的执行率{rate}与全年执行数/全年预算数（{spent}/{budget}≈{computed}）不符"
    template_en = (
        "The printed execution rate {rate} of '{name}' disagrees with spent/budget ({spent}/{budget} ≈ {computed})"
    )
