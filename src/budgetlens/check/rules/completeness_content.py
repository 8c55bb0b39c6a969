"""BL106–BL108: what the “三公”经费, 政府采购 and 国有资产 parts of the narrative must state."""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetlens.check.registry import Rule, register
from budgetlens.check.rules.completeness_profile import Part, find_part
from budgetlens.model import Document, Finding, Location, Severity

# item -> pattern on the compacted text (no whitespace, ASCII parentheses)
THREE_PUBLIC_ITEMS: dict[str, re.Pattern[str]] = {
    "因公出国（境）费": re.compile(r"因公出国(?:\(境\)|境)?(?:费|经费|支出)"),
    "公务用车购置费": re.compile(r"公务用车购置(?:费|支出)"),
    "公务用车运行维护费": re.compile(r"公务用车运行(?:维护)?(?:费|支出)"),
    "公务接待费": re.compile(r"公务接待(?:费|支出)"),
}
PROCUREMENT_ITEMS = ("货物", "工程", "服务")
ASSET_ITEMS: dict[str, re.Pattern[str]] = {
    "车辆": re.compile(r"\d+辆|(?:无|没有)(?:公务用车|车辆)"),
    "单位价值较高的设备": re.compile(
        r"万元[^。；;]{0,15}以上[^。；;]{0,20}设备|(?:无|没有)[^。；;]{0,20}以上[^。；;]{0,10}设备"
    ),
}


class _PartItems(Rule):
    """Base: each item of a narrative part must be stated; one finding per missing item."""

    part_key = ""

    def items(self, part: Part) -> Iterator[str]:
        raise NotImplementedError

    def check(self, doc: Document) -> Iterator[Finding]:
        part = find_part(doc, self.part_key)
        if part is None:  # BL104 reports the missing part
            return
        for item in self.items(part):
            yield self.finding(Location(line=part.line), expected=item, heading=part.section.title, item=item)


@register
class ThreePublicItems(_PartItems):
    """The “三公”经费 part states every item, the two vehicle items separately.

    What it checks: the “三公”经费 part of the 情况说明 (with its sub-headings) names 因公出国（境）费,
    公务用车购置费, 公务用车运行维护费 and 公务接待费; a sentence only on 公务用车购置及运行费 does not
    state the split between purchase and running costs.
    Why it matters: the “三公” table prints four items; the explanation of each change must say which.
    Failing example: 其中：因公出国（境）费0万元；公务接待费0万元；公务用车购置及运行费5.40万元。
    Passing example: the same, then 公务用车运行维护费5.40万元；公务用车购置费0万元。
    Reference: 财预〔2016〕143号 第八条 (“三公”经费 分项说明).
    """

    code = "BL106"
    slug = "completeness.three-public-items"
    severity = Severity.WARNING
    template_zh = "“{heading}”未说明{item}"
    template_en = "The part '{heading}' does not state the item {item}"
    reference = "财预〔2016〕143号 第八条"
    part_key = "three_public"

    def items(self, part: Part) -> Iterator[str]:
        yield from (item for item, pattern in THREE_PUBLIC_ITEMS.items() if not pattern.search(part.text))


@register
class ProcurementSplit(_PartItems):
    """The 政府采购 part states the split into 货物, 工程 and 服务.

    What it checks: the 政府采购 part of the 情况说明 names each of 货物, 工程 and 服务 (the amount may be 0).
    Why it matters: the template asks for the procurement total and its three parts; a reader cannot
    tell a forgotten 工程 amount from a zero one.
    Failing example: 政府采购预算总额607.40万元，其中：政府采购货物预算11.40万元、服务预算596.00万元。
    Passing example: …其中：政府采购货物预算11.40万元、政府采购工程预算0万元、政府采购服务预算596.00万元。
    Reference: 财预〔2016〕143号 第八条 (政府采购情况).
    """

    code = "BL107"
    slug = "completeness.procurement-split"
    severity = Severity.WARNING
    template_zh = "“{heading}”未说明{item}类政府采购"
    template_en = "The part '{heading}' does not state the {item} share of procurement"
    reference = "财预〔2016〕143号 第八条"
    part_key = "procurement"

    def items(self, part: Part) -> Iterator[str]:
        yield from (item for item in PROCUREMENT_ITEMS if item not in part.text)


@register
class AssetItems(_PartItems):
    """The 国有资产 part states the vehicles and the high-value equipment.

    What it checks: the 国有资产占有使用情况 part states the number of vehicles (N辆, or 无车辆) and the
    equipment above a unit value (单价/价值…万元以上…设备, or that there is none).
    Why it matters: vehicles and large equipment are what the template asks for; without them the part
    says nothing checkable.
    Failing example: 截至2025年12月31日，本单位使用的办公用房建筑总面积4738.32平方米。
    Passing example: 共有车辆13辆…单价100万元以上设备（不含车辆）0台（套）。
    Reference: 财预〔2016〕143号 第八条 (国有资产占有使用情况).
    """

    code = "BL108"
    slug = "completeness.asset-items"
    severity = Severity.WARNING
    template_zh = "“{heading}”未说明{item}情况"
    template_en = "The part '{heading}' does not state the {item}"
    reference = "财预〔2016〕143号 第八条"
    part_key = "assets"

    def items(self, part: Part) -> Iterator[str]:
        yield from (item for item, pattern in ASSET_ITEMS.items() if not pattern.search(part.text))
