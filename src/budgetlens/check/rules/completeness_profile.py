"""What a disclosure of each kind and level must contain, and how its narrative parts are found.

A profile lists the required tables and the required narrative parts (财预〔2016〕143号 and the
common provincial templates). Parts are recognised by the words of their headings, never by their
printed numbers; the numbering of 情况说明 differs between budgets, final accounts and years.
This module registers no rule; the completeness rules import it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetlens.model import Document, DocumentKind, Level, Section

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
    """A required narrative part: its name and the heading words that identify it.

    A heading matches when it contains every word of one tuple of ``any_of`` and none of
    ``none_of``. ``content`` are words the body of a part has when its heading does not name it.
    ``home`` is a word of the 第N部分 heading the part belongs under (where a missing part is reported).
    """

    key: str
    label: str
    home: str
    any_of: tuple[tuple[str, ...], ...]
    none_of: tuple[str, ...] = ()
    content: tuple[str, ...] = ()

    def matches(self, title: str) -> bool:
        text = compact(title)
        return any(all(w in text for w in words) for words in self.any_of) and not any(w in text for w in self.none_of)


_FUNDS = ("政府性基金", "国有资本")
_COMMON_HEAD = (
    PartSpec("duties", "部门（单位）职责", "概况", (("职责",), ("职能",))),
    PartSpec("organisation", "机构设置情况", "概况", (("机构设置",), ("机构组成",), ("内设机构",))),
)
_COMMON_TAIL = (
    PartSpec("three_public", "“三公”经费情况说明", "情况说明", (("三公",),)),
    PartSpec("operating_cost", "机关运行经费情况说明", "情况说明", (("机关运行经费",),)),
    PartSpec("procurement", "政府采购情况说明", "情况说明", (("政府采购",),)),
    PartSpec("assets", "国有资产占有使用情况说明", "情况说明", (("国有资产",), ("资产占用",), ("资产占有",))),
    PartSpec("performance", "绩效管理情况说明", "情况说明", (("绩效",),)),
    PartSpec("glossary", "名词解释", "名词解释", (("名词解释",),)),
)
_EXPENDITURE_NOT = ("收支", "收入", "财政拨款", "一般公共", "基本", "三公", "项目", "机关运行", "政府采购", *_FUNDS)
BUDGET_PARTS: tuple[PartSpec, ...] = (
    *_COMMON_HEAD,
    PartSpec("overview", "收支预算总体情况说明", "情况说明", (("收支", "总体"), ("收支", "变动")),
             ("财政拨款", *_FUNDS)),
    PartSpec("revenue", "收入预算情况说明", "情况说明", (("收入预算",),),
             ("收支", "收入支出", "财政拨款", "一般公共", *_FUNDS)),
    PartSpec("expenditure", "支出预算情况说明", "情况说明", (("支出预算",),), _EXPENDITURE_NOT),
    PartSpec("fiscal", "财政拨款收支预算总体情况说明", "情况说明", (("财政拨款收支",), ("财政拨款收入支出",)), _FUNDS),
    PartSpec("general", "一般公共预算支出情况说明", "情况说明", (("一般公共预算", "支出"),), ("基本",)),
    PartSpec("basic", "一般公共预算基本支出情况说明", "情况说明", (("基本支出",),),
             content=("人员经费", "公用经费")),
    *_COMMON_TAIL,
)  # fmt: skip
FINAL_PARTS: tuple[PartSpec, ...] = (
    *_COMMON_HEAD,
    PartSpec("overview", "收入支出决算总体情况说明", "情况说明", (("收入支出决算总体",), ("收支", "总体")),
             ("财政拨款", *_FUNDS)),
    PartSpec("revenue", "收入决算情况说明", "情况说明", (("收入决算",),),
             ("收支", "收入支出", "财政拨款", "一般公共", *_FUNDS)),
    PartSpec("expenditure", "支出决算情况说明", "情况说明", (("支出决算",),), _EXPENDITURE_NOT),
    PartSpec("fiscal", "财政拨款收支决算总体情况说明", "情况说明", (("财政拨款收支",), ("财政拨款收入支出",)), _FUNDS),
    PartSpec("general", "一般公共预算财政拨款支出决算情况说明", "情况说明", (("一般公共预算", "支出"),), ("基本",)),
    PartSpec("basic", "一般公共预算财政拨款基本支出决算情况说明", "情况说明", (("基本支出",),),
             content=("人员经费", "公用经费")),
    PartSpec("fund", "政府性基金预算财政拨款收支决算情况说明", "情况说明", (("政府性基金",),)),
    PartSpec("capital", "国有资本经营预算财政拨款支出决算情况说明", "情况说明", (("国有资本经营",),)),
    *_COMMON_TAIL,
)  # fmt: skip

# (kind, level) -> required parts; level None is the fallback for both levels. Unit disclosures
# use the same parts (本单位职责 instead of 本部门职责 is a matter of vocabulary, not of structure).
PROFILES: dict[tuple[DocumentKind, Level | None], tuple[PartSpec, ...]] = {
    (DocumentKind.BUDGET, None): BUDGET_PARTS,
    (DocumentKind.FINAL_ACCOUNT, None): FINAL_PARTS,
}


def required_parts(doc: Document) -> tuple[PartSpec, ...]:
    """The narrative parts the document's kind and level require (none when the kind is unknown)."""
    if doc.kind is None:
        return ()
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


def narrative(doc: Document) -> list[Part]:
    """Headings below 第N部分 that hold narrative: not the tables, the glossary or the annexes."""
    out: list[Part] = []
    home = ""
    for part in parts(doc):
        if part.section.depth == 0:
            home = compact(part.section.title)
            continue
        if not any(w in home for w in _NOT_NARRATIVE):
            out.append(Part(part.index, part.section, part.end, part.text, home))
    return out


def home_line(doc: Document, spec: PartSpec) -> int | None:
    """The line of the 第N部分 heading a part belongs under, when the document prints one."""
    for sec in doc.sections:
        if sec.depth == 0 and spec.home in compact(sec.title):
            return sec.location.line
    return None


def _match(doc: Document, spec: PartSpec, found: list[Part]) -> Part | None:
    """The first heading naming the part, under its 第N部分 when the document prints that part."""
    pool = [p for p in found if spec.home in p.home] if home_line(doc, spec) is not None else found
    return next((p for p in pool if spec.matches(p.section.title)), None)


def find_part(doc: Document, key: str) -> Part | None:
    """The narrative part of ``key`` in the document's profile, found by its heading."""
    spec = next((s for s in required_parts(doc) if s.key == key), None)
    return None if spec is None else _match(doc, spec, narrative(doc))


def locate(doc: Document) -> dict[str, Part | None]:
    """Each required part (except the glossary, which is a 第N部分 of its own) -> its heading, or None."""
    found = narrative(doc)
    return {spec.key: _match(doc, spec, found) for spec in required_parts(doc) if spec.key != "glossary"}


def has_glossary(doc: Document) -> bool:
    return any("名词解释" in compact(s.title) for s in doc.sections)
