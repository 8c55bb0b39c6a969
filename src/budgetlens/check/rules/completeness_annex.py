"""BL113: an annex the narrative refers to (…见附件) is in the document."""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetlens.check.registry import Rule, register
from budgetlens.check.rules.completeness_profile import compact
from budgetlens.model import Document, Finding, Location, Severity

# (words that must all occur in the sentence, annex name, target kinds that satisfy it); first match wins
ANNEXES: tuple[tuple[tuple[str, ...], str, frozenset[str]], ...] = (
    (("自评",), "绩效自评表", frozenset({"self_eval", "self_eval_report"})),
    (("整体", "目标"), "整体支出绩效目标申报表", frozenset({"overall"})),
    (("项目", "目标"), "项目支出绩效目标表", frozenset({"project"})),
)


@register
class AnnexPresent(Rule):
    """An annex the narrative refers to is printed.

    What it checks: a sentence saying that performance tables are in the annex (（项目绩效目标表公开情况见附件）,
    附件：二级项目绩效自评表) is matched by at least one table of that kind (项目支出绩效目标表,
    整体支出绩效目标申报表, 项目支出绩效自评表 or 绩效自评分析报告) in the document.
    Why it matters: the narrative promises tables the reader cannot find; usually the annex was left
    out of the merged PDF.
    Failing example: （部门整体目标表公开情况见附件） in a document without 整体支出绩效目标申报表.
    Passing example: the same sentence followed by the 整体支出绩效目标申报表.
    Reference: 财预〔2016〕143号 第八条 (绩效目标随同预算公开).
    """

    code = "BL113"
    slug = "completeness.annex-present"
    title_zh = "说明提到的附件已经附上"
    severity = Severity.WARNING
    template_zh = "说明称“{annex}”见附件，但文件中没有该附件"
    template_en = "The narrative refers to the annex '{annex}', which the document does not contain"
    reference = "财预〔2016〕143号 第八条"

    def check(self, doc: Document) -> Iterator[Finding]:
        present = {t.kind for t in doc.targets}
        reported: set[str] = set()
        for sec in doc.sections:
            for line, text in sec.paragraphs:
                for sentence in re.split(r"[。；;]", compact(text)):
                    if "附件" not in sentence:
                        continue
                    for words, annex, kinds in ANNEXES:
                        if all(w in sentence for w in words):
                            if not kinds & present and annex not in reported:
                                reported.add(annex)
                                yield self.finding(Location(line=line), expected=annex, annex=annex)
                            break
