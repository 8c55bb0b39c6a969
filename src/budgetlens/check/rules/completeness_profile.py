"""What a disclosure of each kind and level must contain, and how its narrative parts are found.

A profile lists the required tables and the required narrative parts (财预〔2016〕143号 and the
common provincial templates). Parts are recognised by the words of their headings, never by their
printed numbers; the numbering of 情况说明 differs between budgets, final accounts and years.
This module registers no rule; the completeness rules import it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetlens.model import Document, DocumentKind, Level, Section, TableKind

FINAL_TABLES: dict[str, str] = {
    "final.summary": "收入支出决算总表",
    "final.revenue": "收入决算表",
    "final.expenditure": "支出决算表",
    "final.fiscal_summary": "财政拨款收入支出决算总表",
    "final.general_expenditure": "一般公共预算财政拨款支出决算表",
    "final.general_basic_detail": "一般公共预算财政拨款基本支出决算表",
    "final.fund": "政府性基金预算财政拨款收入支出决算表",
    "final.capital": "国有资本经营预算财政拨款支出决算表",
    "final.three_public": "财政拨款“三公”经费支出决算表",
}

# 第N部分 headings that hold no narrative to search: the tables, the glossary, the annexes
_NOT_NARRATIVE = ("名词解释", "附件", "报表", "决算表", "预算表")


@dataclass(frozen=True, slots=True)
class PartSpec:
    """A required narrative part: its name, the heading words that identify it and what its content states.

    A heading matches when it contains every word of one tuple of ``any_of`` and none of
    ``none_of``. ``content`` are words the body of a part has when its heading does not name it (a
    copied heading, reported by BL105). ``evidence`` is how a part is present by meaning in a section
    whose heading names no part (a region's combined heading such as 部门预算编制说明 or
    其他相关情况说明): patterns on the compacted sentences, all of one tuple matching. ``home`` is a word
    of the 第N部分 heading the part belongs under (where a missing part is reported).
    """

    key: str
    label: str
    home: str
    any_of: tuple[tuple[str, ...], ...]
    none_of: tuple[str, ...] = ()
    content: tuple[str, ...] = ()
    evidence: tuple[tuple[str, ...], ...] = ()

    def matches(self, title: str) -> bool:
        text = compact(title)
        return any(all(w in text for w in words) for words in self.any_of) and not any(w in text for w in self.none_of)

    def stated_in(self, text: str) -> bool:
        """The compacted ``text`` states what this part requires: every pattern of one ``evidence`` tuple matches."""
        sentences = [s for s in _SENTENCE_END.split(text) if s]
        return any(all(any(re.search(pattern, s) for s in sentences) for pattern in group) for group in self.evidence)


_SENTENCE_END = re.compile(r"[。；;]")
# an amount stated after a subject in the same clause: 收入预算9628.22万元 / 政府采购金额(以合同签订为准)为251.25万元
_AMOUNT = r"[^。；;]{0,15}?\d[\d,]*(?:\.\d+)?(?:万元|元|亿元)"
_NONE = r"(?:无|没有|未安排|不涉及)[^。；;，,]{0,12}"
_FUNDS = ("政府性基金", "国有资本")
# Equivalent words per part: the national template's heading words, then what other regions print for the
# same content (部门决算单位构成 for 机构设置, 绩效目标设置情况 for 绩效管理 …), then the sentences that state it.
_COMMON_HEAD = (
    PartSpec("duties", "部门（单位）职责", "概况", (("职责",), ("职能",)),
             evidence=((r"(?:主要)?职(?:责|能)(?:是|为|包括|有|如下)",),)),
    PartSpec("organisation", "机构设置情况", "概况",
             (("机构设置",), ("机构组成",), ("内设机构",), ("单位构成",), ("部门构成",), ("机构构成",),
              ("单位组成",)),
             evidence=((r"(?:内设|下设|下属|所属)[^。；;]{0,12}\d+(?:个|家)",),
                       (r"(?:行政|事业|参公|预算)单位[^。；;]{0,4}\d+(?:个|家)",))),
)  # fmt: skip
_COMMON_TAIL = (
    PartSpec("three_public", "“三公”经费情况说明", "情况说明", (("三公",),),
             evidence=((rf"三公[”\"]?经费{_AMOUNT}",), (rf"{_NONE}三公",))),
    PartSpec("operating_cost", "机关运行经费情况说明", "情况说明", (("机关运行经费",),),
             evidence=((rf"机关运行经费{_AMOUNT}",), (rf"{_NONE}机关运行经费",))),
    PartSpec("procurement", "政府采购情况说明", "情况说明", (("政府采购",),),
             evidence=((rf"政府采购{_AMOUNT}",), (rf"{_NONE}政府采购",))),
    PartSpec("assets", "国有资产占有使用情况说明", "情况说明", (("国有资产",), ("资产占用",), ("资产占有",)),
             evidence=((r"(?:共有|实有|占有|使用|拥有)[^。；;]{0,10}车辆\d+辆",), (rf"资产总(?:额|值|计){_AMOUNT}",))),
    PartSpec("performance", "绩效管理情况说明", "情况说明", (("绩效",),),
             evidence=((r"绩效(?:目标|评价|自评|监控|跟踪)[^。；;]{0,30}\d+个",),)),
    PartSpec("glossary", "名词解释", "名词解释", (("名词解释",),)),
)  # fmt: skip
_EXPENDITURE_NOT = ("收支", "收入", "财政拨款", "一般公共", "基本", "三公", "项目", "机关运行", "政府采购", *_FUNDS)
# the department's own totals, not the 财政拨款 or 一般公共预算 ones (财政拨款支出预算… is the fiscal part)
_BUDGET_INCOME = rf"(?<!拨款)(?<!公共预算)收入(?:预算|总计|合计){_AMOUNT}"
_BUDGET_SPENDING = rf"(?<!拨款)(?<!公共预算)支出(?:预算|总计|合计){_AMOUNT}"
BUDGET_PARTS: tuple[PartSpec, ...] = (
    *_COMMON_HEAD,
    PartSpec("overview", "收支预算总体情况说明", "情况说明", (("收支", "总体"), ("收支", "变动")),
             ("财政拨款", *_FUNDS),
             evidence=((_BUDGET_INCOME, _BUDGET_SPENDING), (rf"收支(?:预算)?总(?:计|额|预算){_AMOUNT}",))),
    PartSpec("revenue", "收入预算情况说明", "情况说明", (("收入预算",),),
             ("收支", "收入支出", "财政拨款", "一般公共", *_FUNDS), evidence=((_BUDGET_INCOME,),)),
    PartSpec("expenditure", "支出预算情况说明", "情况说明", (("支出预算",),), _EXPENDITURE_NOT,
             evidence=((_BUDGET_SPENDING,),)),
    PartSpec("fiscal", "财政拨款收支预算总体情况说明", "情况说明", (("财政拨款收支",), ("财政拨款收入支出",)), _FUNDS,
             evidence=((rf"财政拨款收入{_AMOUNT}", rf"财政拨款支出{_AMOUNT}"),
                       (rf"财政拨款收(?:入)?支(?:出)?总(?:计|额){_AMOUNT}",))),
    PartSpec("general", "一般公共预算支出情况说明", "情况说明", (("一般公共预算", "支出"),), ("基本",),
             evidence=((rf"一般公共预算(?:财政)?(?:拨款)?(?:当年)?(?:拨款)?支出{_AMOUNT}",),)),
    PartSpec("basic", "一般公共预算基本支出情况说明", "情况说明", (("基本支出",),),
             content=("人员经费", "公用经费")),
    *_COMMON_TAIL,
)  # fmt: skip
_FINAL_INCOME = rf"(?<!拨款)(?<!公共预算)收入(?:总计|合计){_AMOUNT}"
_FINAL_SPENDING = rf"(?<!拨款)(?<!公共预算)支出(?:总计|合计){_AMOUNT}"
FINAL_PARTS: tuple[PartSpec, ...] = (
    *_COMMON_HEAD,
    PartSpec("overview", "收入支出决算总体情况说明", "情况说明", (("收入支出决算总体",), ("收支", "总体")),
             ("财政拨款", *_FUNDS),
             evidence=((_FINAL_INCOME, _FINAL_SPENDING), (rf"收(?:入)?支(?:出)?总计{_AMOUNT}",))),
    PartSpec("revenue", "收入决算情况说明", "情况说明", (("收入决算",),),
             ("收支", "收入支出", "财政拨款", "一般公共", *_FUNDS), evidence=((_FINAL_INCOME,),)),
    PartSpec("expenditure", "支出决算情况说明", "情况说明", (("支出决算",),), _EXPENDITURE_NOT,
             evidence=((_FINAL_SPENDING,),)),
    PartSpec("fiscal", "财政拨款收支决算总体情况说明", "情况说明", (("财政拨款收支",), ("财政拨款收入支出",)), _FUNDS,
             evidence=((rf"财政拨款收(?:入)?支(?:出)?总计{_AMOUNT}",),)),
    PartSpec("general", "一般公共预算财政拨款支出决算情况说明", "情况说明", (("一般公共预算", "支出"),), ("基本",),
             evidence=((rf"一般公共预算财政拨款支出{_AMOUNT}",),)),
    PartSpec("basic", "一般公共预算财政拨款基本支出决算情况说明", "情况说明", (("基本支出",),),
             content=("人员经费", "公用经费")),
    PartSpec("fund", "政府性基金预算财政拨款收支决算情况说明", "情况说明", (("政府性基金",),),
             evidence=((rf"政府性基金{_AMOUNT}",), (rf"{_NONE}政府性基金",))),
    PartSpec("capital", "国有资本经营预算财政拨款支出决算情况说明", "情况说明", (("国有资本经营",),),
             evidence=((rf"国有资本经营{_AMOUNT}",), (rf"{_NONE}国有资本经营",))),
    *_COMMON_TAIL,
)  # fmt: skip

# The “三公”经费 items, one home for their words: key -> (standard name, pattern on compacted text).
# Under 公务用车购置及运行(维护)费 the two vehicle items are also printed by their short names
# (其中：购置费…；运行费…), and the district templates say 运行费 without 维护.
THREE_PUBLIC_ITEMS: dict[str, tuple[str, re.Pattern[str]]] = {
    "abroad": ("因公出国（境）费", re.compile(r"因公出国(?:\(境\)|境)?(?:费|经费|支出)")),
    "vehicles": ("公务用车购置及运行维护费", re.compile(r"公务用车购置及运行(?:维护)?(?:费|支出)")),
    "vehicle_purchase": ("公务用车购置费", re.compile(r"购置(?:费|支出)")),
    "vehicle_running": ("公务用车运行维护费", re.compile(r"(?<!购置及)(?<!机关)运行(?:维护)?(?:费|支出)")),
    "reception": ("公务接待费", re.compile(r"公务接待(?:费|支出)")),
}


def three_public_item(name: str) -> str | None:
    """The “三公” item a table row or subject names (公务用车运行维护费, 运行费 and 公务用车运行费 alike), else None."""
    text = re.sub(r"^[①②③④⑤]|^\d+[.、]|^[(（][一二三四五六七八九十\d]+[)）]", "", compact(name))
    for key, (_, pattern) in THREE_PUBLIC_ITEMS.items():
        m = pattern.search(text)
        if m and m.end() == len(text) and text[: m.start()] in ("", "公务用车"):
            return key
    return None


# The 9-table district budget template (表1–表9, “三公”经费和机关运行经费 in one table) explains the
# 基本支出 by its 基本支出 table alone (人员经费 / 公用经费 columns): its 编制说明 has no 基本支出 part.
DISTRICT_BUDGET_PARTS: tuple[PartSpec, ...] = tuple(spec for spec in BUDGET_PARTS if spec.key != "basic")

# (kind, level) -> required parts; level None is the fallback for both levels. Unit disclosures
# use the same parts (本单位职责 instead of 本部门职责 is a matter of vocabulary, not of structure).
PROFILES: dict[tuple[DocumentKind, Level | None], tuple[PartSpec, ...]] = {
    (DocumentKind.BUDGET, None): BUDGET_PARTS,
    (DocumentKind.FINAL_ACCOUNT, None): FINAL_PARTS,
}


def follows_district_template(doc: Document) -> bool:
    """The budget prints the combined “三公”经费和机关运行经费预算表 and no 机关运行经费预算表 of its own."""
    three = doc.table(TableKind.BUDGET_THREE_PUBLIC)
    return (
        three is not None
        and doc.table(TableKind.BUDGET_OPERATING_COST) is None
        and "机关运行经费" in compact(three.title)
    )


def required_parts(doc: Document) -> tuple[PartSpec, ...]:
    """The narrative parts the document's kind, level and template require (none when the kind is unknown)."""
    if doc.kind is None:
        return ()
    if doc.kind is DocumentKind.BUDGET and follows_district_template(doc):
        return DISTRICT_BUDGET_PARTS
    return PROFILES.get((doc.kind, doc.level), PROFILES.get((doc.kind, None), ()))


def compact(text: str) -> str:
    """Text without whitespace, with full-width parentheses as ASCII ones, for word matching."""
    return re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")")


@dataclass(frozen=True, slots=True)
class Part:
    """A narrative heading with the text of its paragraphs and of every heading below it."""

    index: int
    section: Section
    end: int  # index of the first section after its last descendant
    text: str  # compacted
    home: str = ""  # compacted title of the enclosing 第N部分 heading ("" when there is none)

    @property
    def line(self) -> int | None:
        return self.section.location.line


def parts(doc: Document) -> list[Part]:
    """Every heading of the document with its subtree text, in document order."""
    out: list[Part] = []
    sections = doc.sections
    for i, sec in enumerate(sections):
        end = i + 1
        while end < len(sections) and sections[end].depth > sec.depth:
            end += 1
        text = "".join(p[1] for s in sections[i:end] for p in s.paragraphs)
        out.append(Part(i, sec, end, compact(text)))
    return out


def _is_definition(section: Section) -> bool:
    """A 名词解释 item: a term as its title, its first paragraph a definition (是…/指…), wherever it is printed."""
    title = compact(section.title)
    first = compact(section.paragraphs[0][1]) if section.paragraphs else ""
    return bool(_DEFINES.match(first)) and not any(w in title for w in ("情况", "说明"))


_DEFINES = re.compile(r"^[:：]?(?:是|指|系)")


def narrative(doc: Document) -> list[Part]:
    """Headings that hold narrative: not the tables, the glossary, the annexes or a definition.

    A heading is left out when it or a heading above it (its 第N部分, or a 三、名词解释 of any depth)
    names the glossary, the tables or the annexes, and when it is a definition item (（七）“三公”经费：是…).
    """
    out: list[Part] = []
    home = ""
    chain: list[Section] = []  # the headings above the current one, and itself
    for part in parts(doc):
        sec = part.section
        while chain and chain[-1].depth >= sec.depth:
            chain.pop()
        chain.append(sec)
        if sec.depth == 0:
            home = compact(sec.title)
            continue
        excluded = any(w in home for w in _NOT_NARRATIVE) or any(
            w in compact(s.title) for s in chain for w in _NOT_NARRATIVE
        )
        if not excluded and not _is_definition(sec):
            out.append(Part(part.index, part.section, part.end, part.text, home))
    return out


def home_line(doc: Document, spec: PartSpec) -> int | None:
    """The line of the 第N部分 heading a part belongs under, when the document prints one."""
    for sec in doc.sections:
        if sec.depth == 0 and spec.home in compact(sec.title):
            return sec.location.line
    return None


_ALL_SPECS = (*BUDGET_PARTS, *FINAL_PARTS)
_HOMES = tuple(dict.fromkeys(spec.home for spec in _ALL_SPECS))


def _pool(doc: Document, spec: PartSpec, found: list[Part]) -> list[Part]:
    """The headings a part may be taken from: those under its 第N部分 when the document prints it.

    When it does not (no 第N部分, or one whose title wrapped so that 情况说明 is cut off), a part is
    still never taken from under another 第N部分, nor from below a heading of another 第N部分's part: a
    职能 item of the 概况 naming 国有资产 is not the 国有资产 part of the 情况说明.
    """
    others = [h for h in _HOMES if h != spec.home]
    if home_line(doc, spec) is not None:
        pool = [p for p in found if spec.home in p.home]
    else:
        pool = [p for p in found if not any(h in p.home for h in others)]
    # nor from below a heading of another 第N部分's part (the items under 一、部门主要职能)
    foreign = {
        i
        for p in pool
        if any(o.home in others and o.matches(p.section.title) for o in _ALL_SPECS)
        for i in range(p.index + 1, p.end)
    }
    return [p for p in pool if p.index not in foreign]


def _match(doc: Document, spec: PartSpec, found: list[Part]) -> Part | None:
    """The first heading naming the part, under its 第N部分 when the document prints that part."""
    return next((p for p in _pool(doc, spec, found) if spec.matches(p.section.title)), None)


def claimed(located: dict[str, Part | None]) -> set[int]:
    """Indices of the headings (and everything below them) that some required part already took."""
    return {i for p in located.values() if p is not None for i in range(p.index, p.end)}


def stated_elsewhere(doc: Document, spec: PartSpec, located: dict[str, Part | None]) -> Part | None:
    """A heading no part took whose own sentences state ``spec`` (its ``evidence``), when no heading names it.

    This is how a region's template that gives several parts under one heading (部门预算编制说明 with
    收入预算…万元 and 支出预算…万元; 其他相关情况说明) is read: the content is there by meaning. Only the
    text of headings no part took counts, so a part is never satisfied by another part's sentences.
    """
    if not spec.evidence or located.get(spec.key) is not None:
        return None
    taken = claimed(located)
    for part in _pool(doc, spec, narrative(doc)):
        if part.index in taken:
            continue
        own = "".join(t for s in range(part.index, part.end) if s not in taken for _, t in doc.sections[s].paragraphs)
        if spec.stated_in(compact(own)):
            return part
    return None


def find_part(doc: Document, key: str) -> Part | None:
    """The narrative part of ``key``: the heading naming it, else the section that states it (see ``locate``)."""
    spec = next((s for s in required_parts(doc) if s.key == key), None)
    if spec is None:
        return None
    located = locate(doc)
    return located.get(spec.key) or stated_elsewhere(doc, spec, located)


def locate(doc: Document) -> dict[str, Part | None]:
    """Each required part (except the glossary, which is a 第N部分 of its own) -> its heading, or None."""
    found = narrative(doc)
    return {spec.key: _match(doc, spec, found) for spec in required_parts(doc) if spec.key != "glossary"}


def has_glossary(doc: Document) -> bool:
    return any("名词解释" in compact(s.title) for s in doc.sections)
