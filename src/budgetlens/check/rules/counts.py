"""Counts the disclosure states about vehicles and staff, read for the plausibility rules (BL7xx).

Nothing here is a rule. Vehicles come from the narrative's 国有资产 paragraph (公务用车编制N辆，实有M辆，
其中：…用车k辆 …; 本部门共有车辆M辆), the 三公 paragraph (公务用车保有量共M辆, vehicles whose running costs
the fiscal appropriation pays) and the 部门决算公开相关信息统计表 (车辆数合计). Staff come from the 整体支出
绩效目标申报表 (核定的人员编制数, 实际在职人员总数, 其中：在编人员数, 其他人员数) and from narrative
sentences that state an establishment with its structure (核定…编制N名，人员编制结构为：…人员k名).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetlens.model import Document, ValueStatus
from budgetlens.model.table_kinds import TableKind

_TO_ASCII = str.maketrans("０１２３４５６７８９", "0123456789")
_SENTENCE = re.compile(r"[^。；;！？!?]+")
_VEHICLE_QUOTA = re.compile(r"(?:公务用车|车辆)编制(?:数)?(?:为|共)?\s*(\d+)\s*辆")
_VEHICLE_HELD = re.compile(r"(?:实有(?:公务用车|车辆)?|共有(?:公务用车|车辆))(?:数)?(?:为|共)?\s*(\d+)\s*辆")
_VEHICLE_FINANCED = re.compile(r"保有量(?:共|为)?\s*(\d+)\s*辆")
_VEHICLE_PART = re.compile(r"([\u4e00-\u9fff（）()]{2,16}?用车)\s*(\d+)\s*辆")
_STAFF_QUOTA = re.compile(r"核定[\u4e00-\u9fff]{0,8}?编制(?:数)?(?:为|共)?\s*(\d+)\s*[名人]")
_STAFF_PART = re.compile(r"([\u4e00-\u9fff]{2,10}?人员)\s*(\d+)\s*[名人]")
_LEADING = re.compile(r"^[\s，,：:。]*(其中|人员编制结构为|编制结构为|结构为)[：:]?")
_COUNT = re.compile(r"^\s*(\d+)\s*[人名]\s*$")


@dataclass(frozen=True)
class Stated:
    """One count as printed: its value, line and the words that carry it."""

    value: int
    line: int
    printed: str


@dataclass
class Statement:
    """A total (vehicles held, staff on the establishment …) with what the same sentence adds to it."""

    total: Stated
    quota: Stated | None = None
    parts: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class VehicleFacts:
    held: list[Statement] = field(default_factory=list)  # 实有 / 共有车辆 (all vehicles)
    financed: list[Stated] = field(default_factory=list)  # 保有量 (running costs paid by 财政拨款)
    table: list[Stated] = field(default_factory=list)  # 决算 统计表 车辆数合计


@dataclass
class StaffFacts:
    quota: Stated | None = None  # 核定的人员编制数
    actual: Stated | None = None  # 实际在职人员总数
    on_establishment: Stated | None = None  # 其中：在编人员数
    others: Stated | None = None  # 其他人员数
    narrative: list[Statement] = field(default_factory=list)  # 编制N名 with its structure


def _paragraphs(doc: Document) -> list[tuple[int, str]]:
    return [(line, text.translate(_TO_ASCII)) for s in doc.sections for line, text in s.paragraphs]


def _parts(rest: str, pattern: re.Pattern[str]) -> list[tuple[str, int]]:
    """The items of a 其中 / 结构为 list right after a total, up to the end of its clause."""
    lead = _LEADING.match(rest)
    if lead is None:
        return []
    clause = _SENTENCE.match(rest, lead.end())
    text = clause.group() if clause else ""
    return [(m.group(1), int(m.group(2))) for m in pattern.finditer(text)]


def vehicle_facts(doc: Document) -> VehicleFacts:
    facts = VehicleFacts()
    for line, text in _paragraphs(doc):
        for sentence in _SENTENCE.finditer(text):
            body = sentence.group()
            quota = _VEHICLE_QUOTA.search(body)
            for m in _VEHICLE_HELD.finditer(body):
                held = Stated(int(m.group(1)), line, m.group())
                statement = Statement(held, parts=_parts(text[sentence.start() + m.end() :], _VEHICLE_PART))
                if quota and quota.end() <= m.start():
                    statement.quota = Stated(int(quota.group(1)), line, quota.group())
                facts.held.append(statement)
            facts.financed += [Stated(int(m.group(1)), line, m.group()) for m in _VEHICLE_FINANCED.finditer(body)]
    for table in doc.tables_of(TableKind.FINAL_DISCLOSURE_STATS):
        for row in table.rows:
            amount = row.cells.get("assets")
            if amount is None or amount.value is None or amount.status is not ValueStatus.PRINTED:
                continue  # a blank cell, or one rebuilt from the categories (OCR), states nothing
            if row.name.startswith("车辆数合计"):
                facts.table.append(Stated(int(amount.value), row.location.line or 0, amount.printed))
    return facts


def _fact(facts: dict[str, str], lines: dict[str, int], key: str) -> Stated | None:
    value = _COUNT.match(facts.get(key, ""))
    if value is None or key not in lines:
        return None
    return Stated(int(value.group(1)), lines[key], facts[key])


def staff_facts(doc: Document) -> StaffFacts:
    facts = StaffFacts()
    overall = next((t for t in doc.targets if t.kind == "overall"), None)
    if overall is not None:
        facts.quota = _fact(overall.facts, overall.fact_lines, "核定的人员编制数")
        facts.actual = _fact(overall.facts, overall.fact_lines, "实际在职人员总数")
        facts.on_establishment = _fact(overall.facts, overall.fact_lines, "在编人员数")
        facts.others = _fact(overall.facts, overall.fact_lines, "其他人员数")
    for line, text in _paragraphs(doc):
        for m in _STAFF_QUOTA.finditer(text):
            total = Stated(int(m.group(1)), line, m.group())
            facts.narrative.append(Statement(total, parts=_parts(text[m.end() :], _STAFF_PART)))
    return facts
