"""BL106–BL108, BL112: what the “三公”经费, 政府采购 and 国有资产 parts of the narrative must state."""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetlens.check.registry import Rule, register
from budgetlens.check.rules.completeness_profile import THREE_PUBLIC_ITEMS, Part, find_part
from budgetlens.model import Document, DocumentKind, Finding, Location, Severity

_STATED = ("abroad", "vehicle_purchase", "vehicle_running", "reception")  # the items the 三公 part must name
_SPLIT = ("vehicle_purchase", "vehicle_running")
# an amount stated for 公务用车购置及运行(维护)费: …支出决算为0.00万元 / …预算数46.56万元
_VEHICLES_AMOUNT = re.compile(
    r"公务用车购置及运行(?:维护)?费(?:支出)?(?:财政拨款)?(?:年初)?(?:预算|决算)?(?:数|支出)?(?:为|是)?"
    r"(\d[\d,]*(?:\.\d+)?)(?:万元|元)"
)
_TOTAL_AMOUNT = re.compile(
    r"三公[”\"]?经费(?:财政拨款)?(?:支出)?(?:年初)?(?:预算|决算)?(?:数|支出)?(?:为|是)?(\d[\d,]*(?:\.\d+)?)(?:万元|元)"
)
_NO_THREE_PUBLIC = re.compile(r"(?:无|没有|未安排)[^。；;，,]{0,10}三公")


def _vehicles_nil(text: str) -> bool:
    """The part says 公务用车 costs nothing: every 公务用车购置及运行费 amount (else every “三公” total) it
    states is zero, or it says there is no “三公” spending, and no vehicle amount above zero."""
    vehicles = [float(m.group(1).replace(",", "")) for m in _VEHICLES_AMOUNT.finditer(text)]
    if vehicles:
        return not any(vehicles)
    totals = [float(m.group(1).replace(",", "")) for m in _TOTAL_AMOUNT.finditer(text)]
    if totals:
        return not any(totals)
    return bool(_NO_THREE_PUBLIC.search(text))


PROCUREMENT_ITEMS = ("货物", "工程", "服务")
ASSET_ITEMS: dict[str, re.Pattern[str]] = {
    "车辆": re.compile(r"\d+辆|(?:无|没有)(?:公务用车|车辆)"),
    "单位价值较高的设备": re.compile(
        r"万元[^。；;]{0,15}以上[^。；;]{0,20}设备|(?:无|没有)[^。；;]{0,20}以上[^。；;]{0,10}设备"
    ),
}


_AS_OF = re.compile(r"截至(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?")


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
    """The “三公”经费 part states every item, the two vehicle items separately when there is something to split.

    What it checks: the “三公”经费 part of the 情况说明 (with its sub-headings; never a 名词解释 item
    defining “三公”经费) names 因公出国（境）费, 公务用车购置费, 公务用车运行维护费 and 公务接待费. The
    vehicle items may go by their short names under 公务用车购置及运行费 (其中：购置费…，运行费…; 运行费
    without 维护 as the district templates print it). A sentence only on 公务用车购置及运行费 does not
    state the split between purchase and running costs, unless the 公务用车 amount is zero (every
    公务用车购置及运行费 amount stated is 0, or the “三公” total is 0, or there is no “三公” spending):
    then there is nothing to split.
    Why it matters: the “三公” table prints four items; the explanation of each change must say which.
    Failing example: 其中：因公出国（境）费0万元；公务接待费0万元；公务用车购置及运行费5.40万元。
    Passing example: the same, then 公务用车运行维护费5.40万元；公务用车购置费0万元 (or 其中：购置费0万元，
    运行费5.40万元); or 公务用车购置及运行维护费支出决算为0.00万元 with no split.
    Reference: 财预〔2016〕143号 第八条 (“三公”经费 分项说明).
    """

    code = "BL106"
    slug = "completeness.three-public-items"
    title_zh = "“三公”经费部分说明每一项（有需要拆分时公务用车分购置和运行）"
    severity = Severity.WARNING
    template_zh = "“{heading}”未说明{item}"
    template_en = "The part '{heading}' does not state the item {item}"
    reference = "财预〔2016〕143号 第八条"
    part_key = "three_public"

    def items(self, part: Part) -> Iterator[str]:
        nil = _vehicles_nil(part.text)
        for key in _STATED:
            name, pattern = THREE_PUBLIC_ITEMS[key]
            if not pattern.search(part.text) and not (nil and key in _SPLIT):
                yield name


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
    title_zh = "政府采购部分说明货物、工程、服务的构成"
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

    What it checks: the 国有资产占有使用情况 part (the 情况说明 section so headed, never a 职能 line that
    mentions 国有资产) states the number of vehicles (N辆, or 无车辆) and the equipment above a unit value
    (单价/价值…万元以上…设备, or that there is none).
    Why it matters: vehicles and large equipment are what the template asks for; without them the part
    says nothing checkable.
    Failing example: 截至2025年12月31日，本单位使用的办公用房建筑总面积4738.32平方米。
    Passing example: 共有车辆13辆…单价100万元以上设备（不含车辆）0台（套）。
    Reference: 财预〔2016〕143号 第八条 (国有资产占有使用情况).
    """

    code = "BL108"
    slug = "completeness.asset-items"
    title_zh = "国有资产部分说明车辆和单价较高的设备"
    severity = Severity.WARNING
    template_zh = "“{heading}”未说明{item}情况"
    template_en = "The part '{heading}' does not state the {item}"
    reference = "财预〔2016〕143号 第八条"
    part_key = "assets"

    def items(self, part: Part) -> Iterator[str]:
        yield from (item for item, pattern in ASSET_ITEMS.items() if not pattern.search(part.text))


@register
class AssetDate(Rule):
    """The 国有资产 part reports the assets as of the right date.

    What it checks: every 截至YYYY年M月D日 in the 国有资产 part names, for a budget of year Y, a date in
    year Y−1 or later (the latest year-end, or a more recent day); for a final account of year Y, a
    date in year Y (the year-end of the year reported).
    Why it matters: a date from an older year is a paragraph carried over from an earlier disclosure
    without being updated; the numbers next to it are then stale too.
    Failing example: a 2026 budget stating 截至2024年12月31日…通用设备27台（套） beside 截至2025年12月31日.
    Passing example: 截至2025年12月31日 in every paragraph of the 2026 budget.
    Reference: 财预〔2016〕143号 第八条 (国有资产占有使用情况).
    """

    code = "BL112"
    slug = "completeness.asset-date"
    title_zh = "国有资产部分按正确的截止日期说明"
    severity = Severity.WARNING
    template_zh = "“{heading}”写的是截至{date}，{kind}年度为{fiscal_year}年，应为{wanted}"
    template_en = "'{heading}' reports assets as of {date}; the {kind_en} for {fiscal_year} should report {wanted_en}"
    reference = "财预〔2016〕143号 第八条"

    def check(self, doc: Document) -> Iterator[Finding]:
        part = find_part(doc, "assets")
        if part is None or doc.fiscal_year is None:
            return
        year = doc.fiscal_year
        final = doc.kind is DocumentKind.FINAL_ACCOUNT
        expected = f"{year}年" if final else f"{year - 1}年或以后"
        for sec in doc.sections[part.index : part.end]:
            for line, text in sec.paragraphs:
                for m in _AS_OF.finditer(re.sub(r"\s+", "", text)):
                    printed = int(m.group(1))
                    if printed == year if final else printed >= year - 1:
                        continue
                    yield self.finding(
                        Location(line=line),
                        expected=expected,
                        actual=m.group(0)[2:],
                        heading=part.section.title,
                        date=m.group(0)[2:],
                        kind="决算" if final else "预算",
                        kind_en="final account" if final else "budget",
                        wanted=expected,
                        wanted_en=str(year) if final else f"{year - 1} or later",
                        fiscal_year=year,
                    )
