"""BL103–BL105: the tables of a final account and the narrative parts every disclosure must contain."""

from __future__ import annotations

from collections.abc import Iterator

from budgetlens.check.registry import Rule, register
from budgetlens.check.rules.completeness_profile import (
    FINAL_TABLES,
    Part,
    PartSpec,
    claimed,
    has_glossary,
    home_line,
    locate,
    narrative,
    required_parts,
    stated_elsewhere,
)
from budgetlens.model import Document, DocumentKind, Finding, Location, Severity


@register
class FinalRequiredTables(Rule):
    """Every table of the final-account template is present.

    What it checks: a 部门/单位决算 document contains each of the nine national tables (收入支出决算总表,
    收入决算表, 支出决算表, 财政拨款收入支出决算总表, 一般公共预算财政拨款支出决算表, the 基本支出 table,
    政府性基金, 国有资本经营 and “三公” tables), recognised by title whatever their printed numbers.
    Why it matters: 财预〔2016〕143号 requires the full set, empty tables included; a missing table is often
    a document cut short or a table pasted over another.
    Failing example: a final account without 国有资本经营预算财政拨款支出决算表.
    Passing example: all nine tables present, the empty ones with 本表无数据.
    Reference: 财预〔2016〕143号《地方预决算公开操作规程》第十条.
    """

    code = "BL103"
    slug = "completeness.final-required-tables"
    title_zh = "决算模板的每张表格都已公开"
    template_zh = "缺少必须公开的决算表“{title}”（{kind}）"
    template_en = "The required final-account table '{title}' ({kind}) is missing"
    reference = "财预〔2016〕143号 第十条"

    def check(self, doc: Document) -> Iterator[Finding]:
        if doc.kind is not DocumentKind.FINAL_ACCOUNT:
            return
        present = {t.kind for t in doc.tables}
        for kind, title in FINAL_TABLES.items():
            if kind not in present:
                yield self.finding(Location(), title=title, kind=kind)


def mistitled(doc: Document, spec: PartSpec, located: dict[str, Part | None]) -> Part | None:
    """A heading no part took whose body covers ``spec`` (by its content words) although its title does not."""
    if not spec.content or located.get(spec.key) is not None:
        return None
    taken = claimed(located)
    for part in narrative(doc):
        if part.index not in taken and all(w in part.text for w in spec.content):
            return part
    return None


@register
class RequiredParts(Rule):
    """Every narrative part of the disclosure template is present.

    What it checks: the 概况 and 情况说明 contain each part the profile of the document's kind requires
    (budgets: 职责, 机构设置, 收支总体, 收入, 支出, 财政拨款收支, 一般公共预算支出, 基本支出, “三公”经费,
    机关运行经费, 政府采购, 国有资产, 绩效; final accounts also 政府性基金 and 国有资本经营), and the
    document has a 名词解释. A part is present by meaning: a heading with its words or a region's
    equivalent words (部门决算单位构成 for 机构设置, 绩效目标设置情况 for 绩效), or, under a heading that
    names no part (部门预算编制说明, 其他相关情况说明), sentences that state what the part requires
    (收入预算…万元 and 支出预算…万元 for the 收支总体; 政府采购预算…万元 for 政府采购). Headings are
    recognised by their words, not their numbers; a 名词解释 item (“三公”经费：是…) or a 职能 line is never
    a part, and a part is never taken from under another 第N部分.
    Why it matters: the narrative explains the tables; a missing part leaves a table unexplained.
    Failing example: a budget whose 情况说明 has no heading on 政府采购 and no sentence stating it.
    Passing example: 九、政府采购情况 with the procurement budget split by 货物/工程/服务; or, under
    其他相关情况说明, 本部门政府采购预算120.00万元.
    Reference: 财预〔2016〕143号 第八条、第十条 (情况说明、名词解释).
    """

    code = "BL104"
    slug = "completeness.required-parts"
    title_zh = "公开模板的每个说明部分都已公开"
    severity = Severity.WARNING
    template_zh = "缺少必须公开的说明部分“{part}”"
    template_en = "The required narrative part '{part}' is missing"
    reference = "财预〔2016〕143号 第八条、第十条"

    def check(self, doc: Document) -> Iterator[Finding]:
        located = locate(doc)
        for spec in required_parts(doc):
            if spec.key == "glossary":
                missing = not has_glossary(doc)
            else:
                missing = (
                    located[spec.key] is None
                    and mistitled(doc, spec, located) is None
                    and stated_elsewhere(doc, spec, located) is None
                )
            if missing:
                yield self.finding(Location(line=home_line(doc, spec)), part=spec.label, key=spec.key)


@register
class MistitledPart(Rule):
    """A narrative part is present but its heading does not name it.

    What it checks: when no heading names a required part that has a known content (基本支出: 人员经费
    and 公用经费), a heading that no other part claims but whose text covers it is reported: the part is
    there, its title is wrong (often copied from the heading before).
    Why it matters: readers and reviewers find parts by their headings; a copied heading hides a part
    and makes two parts look identical.
    Failing example: 六、一般公共预算财政拨款支出决算情况说明 (same as 五) over the 人员经费/公用经费 text.
    Passing example: 六、一般公共预算财政拨款基本支出决算情况说明.
    Reference: 财预〔2016〕143号 第十条; 部门决算公开参考格式.
    """

    code = "BL105"
    slug = "completeness.part-mistitled"
    title_zh = "说明部分的标题体现其内容"
    severity = Severity.WARNING
    template_zh = "第{line}行标题“{heading}”下的内容是“{part}”，但标题未体现"
    template_en = "The heading '{heading}' (line {line}) holds the part '{part}' but does not name it"
    reference = "财预〔2016〕143号 第十条"

    def check(self, doc: Document) -> Iterator[Finding]:
        located = locate(doc)
        for spec in required_parts(doc):
            part = mistitled(doc, spec, located)
            if part is not None:
                yield self.finding(
                    Location(line=part.line),
                    expected=spec.label,
                    actual=part.section.title,
                    heading=part.section.title,
                    part=spec.label,
                    line=part.line,
                )
