"""Performance-target annexes: 项目支出绩效目标表 and 整体支出绩效目标申报表 into PerformanceTarget.

Each TargetBlock is one printed fragment. Project fragments are read field by field (labels are
recognised by their text wherever they stand in the row, values may sit on the next line), then
page-split fragments of one project are merged. Indicator rows are read by ``parse.indicators``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from budgetlens.model import Amount, Finding, Location, PerformanceTarget
from budgetlens.parse.indicators import (
    IMPLEMENTATION,
    IndicatorReader,
    cells_of,
    compact,
    is_indicator_row,
    parse_value,
)
from budgetlens.parse.numbers import amount_or_none, is_amount
from budgetlens.parse.rows import problem
from budgetlens.read.raw import Line
from budgetlens.segment.blocks import TargetBlock

_TEXT_LABELS = {
    "项目概况": "概况",
    "项目概述": "概况",
    "立项依据": "立项依据",
    "项目设立必要性": "必要性",
    "保证项目实施的制度、措施": "制度措施",
    "保证项目实施的制度措施": "制度措施",
    "项目实施计划": "实施计划",
}
_FIELD_LABELS = {
    "项目名称": "name",
    "主管部门及代码": "department",
    "主管部门": "department",
    "实施单位": "unit",
    "项目属性": "attribute",
    "项目期": "period",
    "项目日期": "period",
    "实施期目标": "goals_header",
    "年度目标": "goals_header",
    "总体目标": "goals",
}
_PENDING_FIELDS = frozenset({"name", "department", "unit", "attribute", "period", "goals", *_TEXT_LABELS.values()})
_TOTAL = re.compile(r"^(?:其中[:：]?)?(实施期|实验期|实施|实验|年度)(?:资金|经费)总额[:：]?(.*)$")
_SPLIT = re.compile(r"^(?:其中[:：]?)?(中央财政资金|省级财政资金|市[^财]{0,6}财政资金?|单位自筹|其他资金)[:：]?(.*)$")
_SPLIT_KEYS = {"中央财政资金": "central", "省级财政资金": "provincial", "单位自筹": "self_raised", "其他资金": "other"}
_FUND_NAMES = {
    "total": ("资金总额", "total"),
    "central": ("中央财政资金", "central funds"),
    "provincial": ("省级财政资金", "provincial funds"),
    "local": ("市县（区）财政资金", "city/county funds"),
    "self_raised": ("单位自筹", "self-raised funds"),
    "other": ("其他资金", "other funds"),
}
_DEPARTMENT = re.compile(r"^(\d{2,})\s*[-－—–]\s*(.+)$")
_TIMESTAMP = re.compile(r"\d{8,14}")
_FOOTER = ("负责人", "经办人", "联系电话", "填报日期")


def _cells(line: Line) -> list[tuple[int, str]]:
    return [(i, c.strip()) for i, c in enumerate(cells_of(line)) if c.strip()]


def _label(text: str) -> str:
    return compact(text).rstrip(":：")


def _yuan(printed: str) -> Amount:
    text = printed.strip().lstrip("金").strip()
    if not text or not is_amount(text):
        return Amount(value=None, unit="元", printed=text)
    return Amount(value=amount_or_none(text), unit="元", printed=text)


def _department(target: PerformanceTarget, value: str) -> None:
    match = _DEPARTMENT.match(value.strip())
    if match:
        target.department_code, target.department_name = match.group(1), match.group(2).strip()
    else:
        target.department_name = value.strip()


def _near_label(label: str) -> str | None:
    """The one field label that ``label`` misprints by a single character (OCR: 主管部门及代包), if any.

    Labels are a fixed vocabulary of four characters or more and never values, so reading one
    with a glyph misrecognised changes which field a value goes to, never the value.
    """
    if len(label) < 4:
        return None
    near = [
        known
        for known in _FIELD_LABELS
        if len(known) == len(label) and sum(a != b for a, b in zip(known, label, strict=True)) == 1
    ]
    return near[0] if len(near) == 1 else None


def _field_of(cell: str) -> tuple[str, str] | None:
    """(field key, value printed in the same cell) when the cell is a field label of a project table."""
    label = _label(cell)
    label = label if label in _FIELD_LABELS else _near_label(label) or label
    if label in _FIELD_LABELS:
        return _FIELD_LABELS[label], ""
    if label in _TEXT_LABELS:
        return _TEXT_LABELS[label], ""
    if label.startswith("项目资金"):
        return "funds_header", ""
    text = compact(cell)
    total = _TOTAL.match(text)
    if total:
        return ("fund.annual.total" if total.group(1) == "年度" else "fund.period.total"), total.group(2)
    split = _SPLIT.match(text)
    if split and (not split.group(2) or is_amount(split.group(2))):
        return "fund.?." + _SPLIT_KEYS.get(split.group(1), "local"), split.group(2)
    return None


@dataclass(slots=True)
class _Reader:
    """State while reading one project fragment."""

    target: PerformanceTarget
    indicators: IndicatorReader = field(default_factory=IndicatorReader)
    mode: str = "header"  # header → indicators → footer
    pending: str | None = None
    goals_open: bool = False
    date_pending: bool = False

    def line(self, line: Line) -> None:
        cells = _cells(line)
        if not cells:
            return
        if any(_label(c).startswith(_FOOTER) for _, c in cells[:1]) or any("填报日期" in c for _, c in cells):
            self.mode = "footer"
            self._footer(cells)
            return
        if self.mode == "footer":
            if self.date_pending:
                self._footer([(-1, "填报日期"), *cells])
            return
        if self.mode == "indicators" or (is_indicator_row(line) and not any(_field_of(c) for _, c in cells)):
            self.mode = "indicators"
            self.indicators.row(line)
            return
        self._fields(cells)

    def _fields(self, cells: list[tuple[int, str]]) -> None:
        values: dict[str, list[str]] = {}
        order: list[str] = []
        current: str | None = None
        seen: dict[str, int] = {}
        for _, text in cells:
            found = _field_of(text)
            if found:
                key, inline = found
                if key.startswith("fund.?."):  # the left split cell is 实施期, the right one 年度
                    kind = key[len("fund.?.") :]
                    key = f"fund.{'period' if seen.get(kind, 0) == 0 else 'annual'}.{kind}"
                    seen[kind] = seen.get(kind, 0) + 1
                current = key
                order.append(key)
                values.setdefault(key, [])
                if inline:
                    values[key].append(inline)
                continue
            if current is not None:
                values[current].append(text)
        if not order:
            self._unlabelled([t for _, t in cells])
            return
        self.pending = None
        for key in order:
            self._store(key, values[key])
            if not values[key] and key in _PENDING_FIELDS:
                self.pending = key

    def _unlabelled(self, texts: list[str]) -> None:
        """A line without labels: the value of a label printed alone on the line above, or the goals."""
        if self.pending is not None:
            key, self.pending = self.pending, None
            self._store(key, texts)
        elif self.goals_open:
            self._store("goals", texts)

    def _store(self, key: str, texts: list[str]) -> None:
        t = self.target
        first = texts[0] if texts else ""
        if key.startswith("fund."):
            _, side, kind = key.split(".")
            funding = t.funds_period if side == "period" else t.funds_annual
            if getattr(funding, kind) is None or getattr(funding, kind).value is None:
                setattr(funding, kind, _yuan(first))
        elif key == "goals_header":
            self.goals_open = True
        elif key == "goals":
            self.goals_open = True
            for text in texts:
                slot = "实施期目标" if "实施期目标" not in t.texts else "年度目标"
                if slot not in t.texts:
                    t.texts[slot] = text
        elif not texts:
            return
        elif key == "name":
            t.name = t.name or first
        elif key == "department":
            _department(t, first)
        elif key == "unit":
            t.unit_name = first
        elif key == "attribute":
            t.attribute = first
        elif key == "period":
            t.period = first
        elif key in _TEXT_LABELS.values():
            t.texts[key] = " ".join(dict.fromkeys(texts))

    def _footer(self, cells: list[tuple[int, str]]) -> None:
        self.date_pending = False
        for k, (_, text) in enumerate(cells):
            label = compact(text)
            if not label.startswith("填报日期"):
                continue
            rest = label[len("填报日期") :].lstrip(":：")
            candidates = [rest] if rest else [c for _, c in cells[k + 1 : k + 2]]
            for candidate in candidates:
                stamp = _TIMESTAMP.search(compact(candidate))
                if stamp:
                    self.target.filled_at = stamp.group(0)
            self.date_pending = self.target.filled_at is None


def _parse_project(block: TargetBlock) -> PerformanceTarget:
    target = PerformanceTarget(kind="project", name="", location=Location(line=block.line, line_end=block.line_end))
    reader = _Reader(target)
    for line in block.lines:
        reader.line(line)
    target.indicators = reader.indicators.indicators()
    target.fragments = [target.location]
    return target


def _parse_overall(block: TargetBlock) -> PerformanceTarget:
    """The 整体支出绩效目标申报表: department facts, budget (万元), texts and single-column indicators."""
    target = PerformanceTarget(kind="overall", name="", location=Location(line=block.line, line_end=block.line_end))
    reader = IndicatorReader(single=True)
    mode = "info"
    direction_col: int | None = None
    task_cols: list[tuple[int, str]] = []
    text_key = ""
    for line in block.lines:
        cells = _cells(line)
        if not cells:
            continue
        first = _label(cells[0][1])
        if mode == "indicators" or reader.header(line):
            mode = "indicators"
            reader.row(line)
            continue
        if any(_label(c) == "年度预算情况" for _, c in cells):
            mode = "budget"
            direction_col = next((i for i, c in cells if "资金方向" in c), None)
            continue
        if first == "年度重点任务":
            mode = "tasks"
            task_cols = [(i, _label(c)) for i, c in cells[1:]]
            continue
        if first in ("部门职责", "部门战略目标", "年度绩效目标"):
            mode, text_key = "text", first
            target.texts[first] = " ".join(dict.fromkeys(c for _, c in cells[1:]))
            continue
        if mode == "text":  # a text that runs on over more lines
            more = " ".join(dict.fromkeys(c for _, c in cells))
            target.texts[text_key] = f"{target.texts[text_key]}\n{more}".strip()
        elif mode == "budget":
            _budget_row(target, cells, direction_col)
        elif mode == "tasks" and task_cols:
            for col, text in cells:
                key = min(task_cols, key=lambda tc: abs(tc[0] - col))[1]
                target.texts[key] = f"{target.texts[key]}\n{text}" if key in target.texts else text
        elif mode == "info":
            _info_row(target, cells, line.no)
    target.name = target.department_name or block.title
    target.indicators = reader.indicators()
    target.fragments = [target.location]
    return target


def _info_row(target: PerformanceTarget, cells: list[tuple[int, str]], line_no: int) -> None:
    """部门名称 and the counts (内设职能部门数 32个 …) of the 部门基本信息 block."""
    for k, (_, text) in enumerate(cells):
        label = _label(text)
        following = cells[k + 1][1] if k + 1 < len(cells) else ""
        if label == "部门名称" and following:
            _department(target, following)
        elif following[:1].isdigit() and not text[:1].isdigit() and label != "部门名称":
            key = re.sub(r"^其中[:：]?", "", label)
            target.facts[key] = following
            target.fact_lines[key] = line_no


def _budget_row(target: PerformanceTarget, cells: list[tuple[int, str]], direction_col: int | None) -> None:
    """A 年度预算情况 row: (label, 万元) pairs by source (left) and by direction (right)."""
    for k, (col, text) in enumerate(cells):
        if is_amount(text) or k + 1 >= len(cells) or not is_amount(cells[k + 1][1]):
            continue
        side = "方向" if direction_col is not None and col >= direction_col else "来源"
        label = re.sub(r"^其中[:：]?", "", _label(text))
        value = cells[k + 1][1]
        target.facts[f"{side}:{label}"] = value
        total = target.funds_annual.total
        if label == "合计" and (total is None or side == "来源"):
            target.funds_annual.total = Amount(value=amount_or_none(value), unit="万元", printed=value)


def _norm(text: str | None) -> str:
    return compact(text or "").replace("(", "（").replace(")", "）")


def _units_compatible(a: str | None, b: str | None) -> bool:
    x, y = _norm(a), _norm(b)
    return not x or not y or x.startswith(y) or y.startswith(x)


def _same_project(group: list[PerformanceTarget], target: PerformanceTarget) -> bool:
    head = group[0]
    return (
        head.kind == target.kind == "project"
        and bool(_norm(target.name))
        and _norm(head.name) == _norm(target.name)
        and all(_units_compatible(g.unit_name, target.unit_name) for g in group)
    )


def _merge(group: list[PerformanceTarget]) -> tuple[PerformanceTarget, list[Finding]]:
    """One project from its page-split fragments: first non-empty value of each field, union of indicators."""
    merged = group[0].model_copy(deep=True)
    findings: list[Finding] = []
    if len(group) == 1:
        return merged, findings
    for attr in ("department_code", "department_name", "attribute", "period", "filled_at"):
        setattr(merged, attr, next((getattr(t, attr) for t in group if getattr(t, attr)), None))
    merged.unit_name = max((t.unit_name for t in group if t.unit_name), key=len, default=None)
    lines = "、".join(str(t.location.line) for t in group)
    for side, side_zh in (("funds_period", "实施期"), ("funds_annual", "年度")):
        funding = getattr(merged, side)
        for kind, (name_zh, name_en) in _FUND_NAMES.items():
            amounts: list[Amount] = [a for t in group if (a := getattr(getattr(t, side), kind)) is not None]
            printed = [a for a in amounts if a.value is not None]
            setattr(funding, kind, printed[0] if printed else (amounts[0] if amounts else None))
            distinct: dict[Decimal, str] = {a.value: a.printed for a in printed if a.value is not None}
            if len(distinct) > 1:
                findings.append(
                    problem(
                        "BL012",
                        Location(line=group[0].location.line, line_end=group[-1].location.line_end),
                        name=merged.name,
                        lines=lines,
                        field=f"{side_zh}{name_zh}",
                        field_en=f"{side.split('_')[1]} {name_en}",
                        values=" / ".join(distinct.values()),
                    )
                )
    for t in group[1:]:
        for key, text in t.texts.items():
            if text and not merged.texts.get(key):
                merged.texts[key] = text
        seen = {(i.period, i.level1, i.level2, i.name, i.raw) for i in merged.indicators}
        for indicator in t.indicators:
            ident = (indicator.period, indicator.level1, indicator.level2, indicator.name, indicator.raw)
            if ident not in seen:
                merged.indicators.append(indicator)
                seen.add(ident)
    merged.fragments = [t.location for t in group]
    merged.location = Location(line=group[0].location.line, line_end=group[-1].location.line_end)
    return merged, findings


def _blank(target: PerformanceTarget) -> bool:
    """A fragment that names its project but fills in nothing: no amount, no text, no indicator value."""
    funds = (target.funds_period, target.funds_annual)
    money = any((a := getattr(f, kind)) is not None and a.value is not None for f in funds for kind in _FUND_NAMES)
    return not money and not any(target.texts.values()) and not any(i.raw.strip() for i in target.indicators)


def _printed_blank(group: list[PerformanceTarget]) -> list[Finding]:
    """BL026: a project's table printed twice, once blank (the merge keeps the filled one's values)."""
    blank = next((t for t in group if _blank(t)), None)
    filled = next((t for t in group if not _blank(t)), None)
    if blank is None or filled is None:
        return []
    first, second = sorted((blank.location.line or 0, filled.location.line or 0))
    where = Location(line=blank.location.line, line_end=blank.location.line_end)
    return [problem("BL026", where, name=group[0].name, first=first, second=second)]


def _unreadable_funds(target: PerformanceTarget) -> list[Finding]:
    """A money cell of the form printed as something that is no amount (a scan's 7,534,0000)."""
    found = []
    where = Location(line=target.location.line, line_end=target.location.line_end)
    for funding, period in ((target.funds_period, "实施期"), (target.funds_annual, "年度")):
        for kind, (label, _) in _FUND_NAMES.items():
            amount = getattr(funding, kind)
            if amount is not None and amount.value is None and amount.printed:
                found.append(
                    problem(
                        "BL001",
                        where,
                        variant="target",
                        table=target.name,
                        line=target.location.line,
                        column=f"{period}{label}",
                        text=amount.printed,
                    )
                )
    return found


def parse_targets(blocks: list[TargetBlock], year: int | None) -> tuple[list[PerformanceTarget], list[Finding]]:
    """Parse every fragment, merge page-split projects and report unreadable or inconsistent parts.

    ``year`` is the fiscal year of the document; the tables print it only in their ``(2026年度)`` line,
    which the segmenter has already consumed, so it is not needed to read them.
    """
    findings: list[Finding] = []
    groups: list[list[PerformanceTarget]] = []
    for block in blocks:
        target = _parse_overall(block) if block.kind == "overall" else _parse_project(block)
        if target.kind == "project" and not target.name:
            loc = Location(line=block.line, line_end=block.line_end, text=block.title)
            findings.append(problem("BL010", loc, line=block.line))
        if groups and _same_project(groups[-1], target):
            groups[-1].append(target)
        else:
            groups.append([target])
    targets: list[PerformanceTarget] = []
    for group in groups:
        merged, problems = _merge(group)
        targets.append(merged)
        findings += problems + _printed_blank(group)
    for target in targets:
        findings += _unreadable_funds(target)
        for indicator in target.indicators:
            if parse_value(indicator.raw).malformed:
                loc = Location(line=indicator.location.line, text=indicator.raw)
                findings.append(
                    problem(
                        "BL011",
                        loc,
                        name=target.name,
                        period="实施期" if indicator.period == IMPLEMENTATION else "年度",
                        period_en=indicator.period,
                        indicator=indicator.name,
                        value=indicator.raw,
                        line=indicator.location.line,
                    )
                )
    return targets, findings
