"""Self-evaluation annexes of final accounts (项目支出绩效自评表) into PerformanceTarget(kind="self_eval").

City format (OCR text with TABs, 万元): 项目预算金额 / 实际到位金额 / 实际执行金额 with 资金来源 rows, the score
column 项目执行情况 / 产出 / 效益 / 满意度 / 总分 and the 自评等级. Mapping: 年初预算数 = 项目预算金额
(funds_period.total), 全年预算数 = 实际到位金额 (funds_annual.total; the printed 支出完成率 is 执行/到位),
全年执行数 = 实际执行金额, 执行率 = the 支出完成率 of the 自评结论. Scores are located by their row context and
chosen under the constraints 总分 = Σ components and the grade band. Rotated 省级-format tables, the 2022
narrative reports, the problem reports and the shared checks live in ``self_eval_report``.

facts (strings, OCR spaces removed): 表式 (市级 / 省级 / 分析报告), 年初预算数, 全年预算数, 全年执行数, 执行率,
分值 and 得分 (of 预算执行), 预算执行得分, 产出得分, 效益得分, 满意度得分, 总分, 等级; reports add 目标申报数, 结余,
指标完成情况得分 and 预算执行情况得分. A fact rebuilt from constraints holds the rebuilt value and has a BL021
finding with the printed text; a fact that cannot be determined is absent and has a BL022 finding.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher

from budgetlens.model import Finding, Indicator, Location, PerformanceTarget
from budgetlens.parse.final.self_eval_report import (
    BANDS,
    Report,
    indicator,
    money,
    parse_report,
    parse_rotated,
    split_rotated,
)
from budgetlens.read.raw import Line
from budgetlens.segment.blocks import TargetBlock

__all__ = ["parse_self_evaluations"]

SLOTS = ("产出", "效益", "满意度")
_MARKERS = {
    "产出": ("产出指标", "数量指标", "质量指标", "时效指标", "成本指标", "財效指标", "原量指标"),
    "效益": ("效益指标", "社会效益", "经济效益", "生态效益", "可持续"),
    "满意度": ("满意度指", "满意度抗", "服务对象满"),
    "总分": ("总分",),
}
_LEVEL2_NAMES = (
    "数量:数量指标 质量:质量指标 原量:质量指标 时效:时效指标 財效:时效指标 成本:成本指标 社会效益:社会效益指标 "
    "经济效益:经济效益指标 生态效益:生态效益指标 可持续:可持续影响指标 满意度:服务对象满意度指标"
)
_LEVEL2 = {k: v for k, _, v in (pair.partition(":") for pair in _LEVEL2_NAMES.split())}
_LEVEL1 = {"数量": "产出指标", "质量": "产出指标", "时效": "产出指标", "成本": "产出指标", "满意": "满意度指标"}
_INT = re.compile(r"^\d{1,3}$")
_STATUS = re.compile(r"^[已己未]完成")
_INDICATOR = re.compile(r"^指标\s*\d{1,2}$")
_SKIP = ("一级指标", "二级指标", "三级指标", "自评得分", "年度指标值", "行情况", "管理局", "职务", "姓名", "组长")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_CJK = "\u4e00-\u9fff"


def parse_self_evaluations(
    blocks: list[TargetBlock], unit: str, lines: Sequence[Line] | None = None
) -> tuple[list[PerformanceTarget], list[Finding]]:
    """One PerformanceTarget(kind="self_eval") per evaluated project, with the parse findings.

    ``blocks`` are the segmenter's "self_eval" / "self_eval_report" blocks and ``unit`` the document's amount
    unit (used where a table prints none). A 2022 report block is cut by the segmenter at its first heading,
    so the document's ``lines`` are needed to read its tables: a report runs to the next report block.
    """
    targets: list[PerformanceTarget] = []
    findings: list[Finding] = []
    issuer = _issuer(blocks)
    starts = sorted(b.line for b in blocks if b.kind == "self_eval_report")
    for block in blocks:
        if block.kind == "self_eval_report":
            end = next((s for s in starts if s > block.line), None)
            body = [ln for ln in lines or () if ln.no >= block.line and (end is None or ln.no < end)]
            parsed = [parse_report(block, body, unit)]
        elif block.kind == "self_eval":
            city, rotated = split_rotated(block.lines)
            parsed = [_parse_city(block, city, unit, issuer), *(parse_rotated(part, unit, issuer) for part in rotated)]
        else:
            continue
        for target, problems in parsed:
            targets.append(target)
            findings += problems
    return targets, findings


def _issuer(blocks: list[TargetBlock]) -> str | None:
    """The 单位(盖章) name printed most often in the annex (the reporting unit)."""
    counts: dict[str, int] = {}
    for block in blocks:
        for line in block.lines[:8]:
            text = re.sub(r"\s+", "", line.text)
            m = re.search(r"单位\(盖章\)[:：]?(.{4,30}?)(?:填报|$)", text) or re.search(r"^(.{4,30})单位\(盖章\)", text)
            if m and not re.search(r"\d", m.group(1)):
                counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


def _parse_city(
    block: TargetBlock, lines: list[Line], unit: str, issuer: str | None
) -> tuple[PerformanceTarget, list[Finding]]:
    end = lines[-1].no if lines else block.line_end
    target = PerformanceTarget(kind="self_eval", name="", location=Location(line=block.line, line_end=end))
    report = Report(target)
    target.facts["表式"] = "市级"
    text = "".join(re.sub(r"\s+", "", ln.text) for ln in lines)
    _header(report, lines, text, issuer)
    exec_at = _money(report, lines, text, unit)
    _scores(report, lines, exec_at)
    target.indicators = _indicators(lines)
    return target, report.findings


# --- header: name, department, unit ----------------------------------------------------------------------------


def _header(report: Report, lines: list[Line], text: str, issuer: str | None) -> None:
    t = report.target
    for line in lines:
        cells = list(line.cells)
        at = next((i for i, c in enumerate(cells) if "项目名" in c or c.replace(" ", "") == "名称"), None)
        if at is not None and not t.name:
            _name(report, line, cells[at + 1 :], text.replace(re.sub(r"\s+", "", line.text), ""))
        dep = next((i for i, c in enumerate(cells) if "主管" in c), None)
        if dep is not None and t.department_name is None:
            stop = next((i for i, c in enumerate(cells) if "实施" in c and i > dep), len(cells))
            head = re.sub(r"^.*主管(?:部门?)?", "", cells[dep])
            t.department_name = _snap(head + "".join(cells[dep + 1 : stop]), issuer)
            t.unit_name = _snap("".join(c for c in cells[stop + 1 :] if c not in ("单位", "实施单位")), issuer)
    t.unit_name = t.unit_name or issuer
    if not t.name:
        report.unrecoverable("项目名称", "", "未找到项目名称行", t.location.line)


def _snap(printed: str, issuer: str | None) -> str | None:
    """An OCR-damaged 主管部门/实施单位 name replaced by the annex's 单位(盖章) name when they are alike."""
    name = re.sub(rf"[^{_CJK}()（）]", "", printed)
    alike = issuer and (issuer in name or SequenceMatcher(None, name, issuer).ratio() >= 0.6)
    if issuer and name and (alike or (len(name) <= len(issuer) and issuer.endswith(name[-3:]))):
        return issuer
    return name or None


def _name(report: Report, line: Line, cells: Sequence[str], context: str) -> None:
    """项目名称 from its cells. Debris is dropped; a year split over two cells is re-joined; a character doubled
    at a cell boundary is dropped, and a stray digit or a character next to OCR debris is replaced, only where
    the block's own text (``context``) prints the words that result."""
    name, held, changes = "", "", []
    for cell in cells:
        part = re.sub(rf"[^{_CJK}0-9()（）“”\"、·《》]+", "¿", re.sub(r"^称", "", re.sub(r"\s+", "", cell)))
        if not re.search(rf"[{_CJK}0-9]", part):
            continue
        if part.isdigit():
            held = part  # kept only when a year follows: 20|024年 -> 2024年
            continue
        digits = held or re.findall(r"\d*$", name)[0]
        if digits and part[0].isdigit():
            base = name if held else name[: len(name) - len(digits)]
            for joined in (digits + part, digits + part[1:] if digits[-1] == part[0] else ""):
                if re.match(r"\d{4}年", joined):
                    if joined != digits + part:
                        changes.append(f"年份跨单元格重复数字（{digits}|{part[:3]}）")
                    name, part = base, joined
                    break
        elif name[-1:] == part[0] and name[-2:] + part[:2] not in context and name[-2:] + part[1:3] in context:
            changes.append(f"单元格边界重复的“{part[0]}”")
            part = part[1:]
        held = ""
        name += part
    year = re.search(r"20\d{2}年", name)
    if year and re.search(rf"[^{_CJK}]", name[: year.start()]):
        name = name[year.start() :]  # debris before a leading year: 130m 目 问2023|3年… -> 2023年…
    name, fixed = _restore(re.sub(r"\d+(?!\d*年)", "□", name).strip("¿"), context)
    report.target.name = name
    if changes or fixed:
        report.repaired("项目名称", "|".join(c for c in cells if c), name, "；".join(changes + fixed), line.no)


def _restore(marked: str, context: str) -> tuple[str, list[str]]:
    """Replace a stray digit (□) or a character next to OCR debris (¿) whose neighbourhood the block never
    prints by the one character the block prints between the same neighbours (3 characters of context)."""
    chars: list[str] = []
    suspects: set[int] = set()
    for ch in marked:
        if ch == "¿":
            suspects |= {len(chars) - 1, len(chars)}
        else:
            suspects |= {len(chars)} if ch == "□" else set()
            chars.append(ch)
    new, fixed = list(chars), []
    for i in sorted(k for k in suspects if 0 <= k < len(chars)):
        if chars[i] != "□" and "".join(chars[max(0, i - 1) : i + 2]) in context:
            continue
        found: set[str] = set()
        for left, right in ((2, 1), (1, 2), (0, 3), (3, 0)):
            lo, hi = i - left, i + right + 1
            if lo >= 0 and hi <= len(chars) and "□" not in chars[lo:i] + chars[i + 1 : hi]:
                pattern = re.escape("".join(chars[lo:i])) + f"([{_CJK}])" + re.escape("".join(chars[i + 1 : hi]))
                found |= set(re.findall(pattern, context)) - {chars[i]}
        if len(found) == 1:
            new[i] = found.pop()
            seen = "".join([*chars[max(0, i - 2) : i], new[i], *chars[i + 1 : i + 3]]).replace("□", "")
            fixed.append(f"“{chars[i]}”→“{new[i]}”（本表他处印有“{seen}”）")
    return "".join(c for c in new if c != "□"), fixed


# --- money: 项目预算金额 / 实际到位金额 / 实际执行金额 ---------------------------------------------------------------

_FIELDS = (("年初预算数", "项目预算金额"), ("全年预算数", "实际到位金额"), ("全年执行数", "实际执行金额"))


def _clean(text: str) -> tuple[Decimal | None, bool]:
    """(value, debris removed) of one cell: '162. 29' -> 162.29; '30)' -> 30 (debris); '1. 13. 95' -> None."""
    t = re.sub(r"\s+", "", text)
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return Decimal(t), False
    found = _NUMBER.findall(t)
    if found and len(set(found)) == 1 and not re.search(r"\d\.\d+\.", t):
        return Decimal(found[0]), True
    return None, False


def _joins(a: str, b: str) -> list[Decimal]:
    """Readings of one number OCR'd as two cells: 35|5.5 -> 35.5 (boundary digit doubled), 13.|.3 -> 13.3."""
    a, b = re.sub(r"\s+", "", a), re.sub(r"\s+", "", b)
    out = [c for c in (a + b, a + b[1:] if a[-1:] == b[:1] else "") if re.fullmatch(r"\d+(?:\.\d+)?", c)]
    return [Decimal(c) for c in dict.fromkeys(out)]


def _resolve(cells: list[str], evidence: set[Decimal]) -> tuple[Decimal | None, str]:
    """(value, repair) of the cells printed for one amount; the repair is '' for a value read as printed."""
    if len(cells) == 1:
        value, debris = _clean(cells[0])
        return value, "去除单元格中的OCR杂字" if debris and value is not None else ""
    if len(cells) >= 2:
        joins = _joins(cells[0], cells[1])
        agreed = [v for v in joins if v in evidence]
        if len(agreed) == 1 or (len(joins) == 1 and not agreed):
            return (agreed or joins)[0], "合并单元格被OCR拆开后重新拼接" + ("，与同表其他金额一致" if agreed else "")
        clean = [v for v, debris in map(_clean, cells) if v is not None and not debris]
        if len(clean) == 1:
            return clean[0], ""
    return None, ""


def _segments(line: Line) -> list[list[str]]:
    """Value cells of a 资金来源 row grouped by the label before them (adjacent label cells are one label)."""
    segs: list[list[str]] = []
    last_label = -2
    for i, cell in enumerate(line.cells):
        if re.search(r"财|政|其中|中央|省级|市级|县", cell) and not re.search(r"\d", cell.split("财政")[0]):
            if last_label != i - 1:
                segs.append([])
            last_label = i
            segs[-1] += re.findall(r"(\d+(?:\.\s?\d+)?)\s*$", cell)
        elif segs and re.search(r"\d", cell):
            segs[-1].append(cell)
    return segs


def _money(report: Report, lines: list[Line], text: str, unit: str) -> int:
    """Read the three amounts (repairs checked against each other, the 资金来源 rows and the 自评结论);
    return the index of the line after the amounts."""
    t = report.target
    at = next((i for i, ln in enumerate(lines) if any("到位" in c for c in ln.cells)), None)
    if at is None:
        report.unrecoverable("全年预算数", "", "未找到“实际到位金额”行", t.location.line)
        return 0
    line = lines[at]
    raw: dict[str, list[str]] = {fact: [] for fact, _ in _FIELDS}
    key = "年初预算数"
    for i, cell in enumerate(line.cells):
        if "到位" in cell or ("执行" in cell and ("金额" in cell or "万元" in cell)):
            key = "全年预算数" if "到位" in cell else "全年执行数"
        elif i > 0 and re.search(r"\d", cell) and not re.search(r"金额|万元|预算", cell):
            raw[key].append(cell)
    rows = [segs for ln in lines[at + 1 : at + 6] if "财" in ln.text and len(segs := _segments(ln)) == 3]
    evidence = {Decimal(x) for x in re.findall(r"(?:预算计划安?|到位|实际支出为?)(\d+(?:\.\d+)?)万元", text)}
    evidence |= {
        v
        for cells in [*raw.values(), *(s for segs in rows for s in segs)]
        if len(cells) == 1 and (v := _clean(cells[0])[0]) is not None
    }
    values: dict[str, Decimal | None] = {}
    for k, (fact, label) in enumerate(_FIELDS):
        printed = re.sub(r"\s+", "", "⇥".join(raw[fact]))
        value, why = _resolve(raw[fact], evidence)
        column = [v for segs in rows if (v := _resolve(segs[k], evidence)[0]) is not None]
        if value is None and column:
            value, why = sum(column, Decimal(0)), "资金来源各行之和"
        values[fact] = value
        if value is None:
            report.unrecoverable(fact, printed, f"{label}未印刷或无法识别，资金来源行也没有", line.no)
        elif why:
            report.repaired(fact, printed, format(value, "f"), why, line.no)
        else:
            t.facts[fact] = format(value, "f")
        amount = money(value, unit, printed if why or value is None else format(value, "f"), why or None)
        if k < 2:
            (t.funds_period if k == 0 else t.funds_annual).total = amount
    rate = re.search(r"支出完成率达到(\d+(?:\.\d+)?%)", text)
    if rate:
        t.facts["执行率"] = rate.group(1)
        exact = {f: money(v, unit, format(v, "f")) for f, v in values.items() if v is not None}
        report.check_rate(rate.group(1), exact.get("全年执行数"), exact.get("全年预算数"), line.no)
    return at + 1


# --- scores: 项目执行情况 / 产出 / 效益 / 满意度 / 总分 and the grade ---------------------------------------------


@dataclass(frozen=True, slots=True)
class _Tok:
    """A bare integer of the score region with the row context (score group) it was printed in."""

    value: int
    text: str
    line: int
    group: str | None
    standalone: bool
    variants: tuple[int, ...] = ()  # readings with one OCR digit too many (200 -> 20, 0)


Pick = tuple[_Tok, int, bool] | None


def _group(text: str) -> str | None:
    t = re.sub(r"\s+", "", text)
    if t == "总":
        return "总分"
    best, pos = None, -1
    for key, words in _MARKERS.items():
        for word in words:
            if (i := t.rfind(word)) > pos:
                best, pos = key, i
    if re.search(r"满意[度思]$", t) and best is None:
        best = "满意度"  # an indicator named …满意度
    return best


def _tokens(lines: list[Line]) -> list[_Tok]:
    toks: list[_Tok] = []
    group: str | None = None
    for line in lines:
        text = line.text.split("总分设置")[0]
        if not text.strip() or any(w in text for w in _SKIP):
            continue
        if "\t" not in text:
            if re.search(r"[，。；;,]", text):
                continue  # prose
            rev = re.search(r"(?:^|\s)(\d{1,3})\s+分\s+总\s*$", text)  # rotated '97 分 总'
            words = text[: rev.start()].split() if rev else text.split()
            for w in words:
                if g := _group(w):
                    group = g
                elif _INT.match(w):
                    toks.append(_Tok(int(w), w, line.no, group, len(words) == 1))
            if rev:
                toks.append(_Tok(int(rev.group(1)), rev.group(1), line.no, "总分", False))
                group = "总分"
            continue
        cells = [c.strip() for c in text.split("\t")]
        filled = sum(1 for c in cells if c)
        anchor, status_at = False, -2
        for i, cell in enumerate(cells):
            if not cell:
                continue
            if g := _group(cell):
                group = g
            if re.search(r"指标\s*\d", cell) or _STATUS.match(cell):
                anchor, status_at = True, (i if _STATUS.match(cell) else status_at)
            elif _INT.match(cell) and i > 0 and (anchor or filled == 1 or group == "总分"):
                value = int(cell)
                drop = (
                    {int(cell[:k] + cell[k + 1 :]) for k in range(len(cell))}
                    if value > 50 and status_at == i - 1
                    else set()
                )
                toks.append(_Tok(value, cell, line.no, group, filled == 1, tuple(sorted(drop - {value}))))
    return toks


def _in(value: int, grade: str | None) -> bool:
    return grade not in BANDS or BANDS[grade][0] <= value < BANDS[grade][1]


def _one_digit(value: int) -> set[int]:
    s = str(value)
    return {int(s[:k] + d + s[k + 1 :]) for k in range(len(s)) for d in "0123456789"} - {value}


def _goals(total: int, grade: str | None) -> set[int]:
    """What a printed total may stand for: itself, or (outside the grade band) a one-digit OCR misreading."""
    return {total} if _in(total, grade) else {total} | {v for v in _one_digit(total) if _in(v, grade) and v <= 100}


def _execution(lines: list[Line], start: int) -> tuple[int | None, int, int]:
    """(项目执行情况 score, its line number, index of the line after it)."""
    for i in range(start, len(lines)):
        cells = lines[i].cells
        at = next((k for k, c in enumerate(cells) if "行情况" in c), None)
        if at is None:
            continue
        inline = re.search(r"分\)\s*(\d{1,2})\s*$", cells[at])
        later = [c for c in cells[at + 1 :] if _INT.match(c)]
        if inline or later:
            return int(inline.group(1) if inline else later[0]), lines[i].no, i + 1
        for j in range(i + 1, min(i + 4, len(lines))):
            if _INT.match(lines[j].text.strip()):
                return int(lines[j].text.strip()), lines[j].no, j + 1
        return None, lines[i].no, i + 1
    return None, lines[start].no if start < len(lines) else 0, start


def _assignments(pool: list[_Tok], weights: tuple[int, ...], slot: int = 0, start: int = 0) -> list[tuple[Pick, ...]]:
    if slot == len(SLOTS):
        return [()]
    out: list[tuple[Pick, ...]] = [(None, *rest) for rest in _assignments(pool, weights, slot + 1, start)]
    for k in range(start, len(pool)):
        for value, variant in [(pool[k].value, False), *((v, True) for v in pool[k].variants)]:
            if value <= weights[slot + 1]:
                out += [((pool[k], value, variant), *rest) for rest in _assignments(pool, weights, slot + 1, k + 1)]
    return out


def _fit(
    pick: tuple[Pick, ...], execution: int | None, total: int | None, grade: str | None, weights: tuple[int, ...]
) -> float:
    """How well an assignment of tokens to 产出/效益/满意度 fits the row contexts and the constraints."""
    score = 0.0
    values: list[int | None] = [execution]
    for slot, p in zip(SLOTS, pick, strict=True):
        values.append(None if p is None else p[1])
        if p is not None:
            tok, value, variant = p
            score += 4 + 0.5 * value / max(weights[SLOTS.index(slot) + 1], 1) - (2 if variant else 0)
            score += 2 if tok.group == slot else (-1 if tok.group else 0)
    known = sum(v for v in values if v is not None)
    room = sum(w for v, w in zip(values, weights, strict=True) if v is None)
    if total is not None:
        goals = _goals(total, grade)
        score += (
            (6 if known in goals else 0) if not room else (3 if any(known <= g <= known + room for g in goals) else -4)
        )
    elif grade in BANDS:
        lo, hi = BANDS[grade]
        score += (3 if lo <= known < hi else -3) if not room else (1 if known < hi and known + room >= lo else -3)
    return score


def _total_at(toks: list[_Tok], grade: str | None) -> int | None:
    """The printed total: the last number in a 总分 context that lies in (or one OCR digit from) the grade
    band, else the last number alone on its line that can only be a total."""
    marked = [k for k, t in enumerate(toks) if t.group == "总分" and t.value <= 100 and len(_goals(t.value, grade)) > 1]
    marked += [k for k, t in enumerate(toks) if t.group == "总分" and t.value <= 100 and _in(t.value, grade)]
    alone = [k for k, t in enumerate(toks) if t.standalone and 50 < t.value <= 100 and _in(t.value, grade)]
    found = sorted(marked) or alone
    return found[-1] if found else None


def _scores(report: Report, lines: list[Line], start: int) -> None:
    t = report.target
    text = "".join(re.sub(r"\s+", "", ln.text) for ln in lines)
    m = re.search(r"预算执行率(\d+)分、产出指标(\d+)分、效益指标(\d+)分、服务对象满意度指标(\d+)分", text)
    weights = tuple(int(x) for x in m.groups()) if m else (10, 50, 30, 10)
    grade_m = re.search(r"自评等级[:：]?([优良中差])", text)
    grade = grade_m.group(1) if grade_m else None
    execution, exec_line, after = _execution(lines, start)
    toks = _tokens(lines[after:])
    at = _total_at(toks, grade)
    total = toks[at] if at is not None else None
    pool = toks[:at] if at is not None else toks
    picks = max(
        _assignments(pool, weights), key=lambda p: _fit(p, execution, total.value if total else None, grade, weights)
    )
    t.facts["分值"] = str(weights[0])
    line = total.line if total else (toks[-1].line if toks else exec_line)
    parts: dict[str, int | None] = {"预算执行得分": execution}
    for slot, p in zip(SLOTS, picks, strict=True):
        parts[f"{slot}得分"] = None if p is None else p[1]
        if p is not None and p[2]:
            w = weights[SLOTS.index(slot) + 1]
            why = f"印刷值超过该项分值{w}，去掉一位OCR多出的数字后与总分/等级“{grade}”相符"
            report.repaired(f"{slot}得分", p[0].text, str(p[1]), why, p[0].line)
    for key, value in parts.items():
        if value is not None:
            t.facts[key] = str(value)
    if execution is not None:
        t.facts["得分"] = str(execution)
    _settle(report, parts, weights, total, grade, line)
    if grade:
        t.facts["等级"] = grade
        final = t.facts.get("总分")
        report.check_grade(Decimal(final) if final else None, grade, line)


def _settle(
    report: Report,
    parts: dict[str, int | None],
    weights: tuple[int, ...],
    total: _Tok | None,
    grade: str | None,
    line: int,
) -> None:
    """总分 = Σ parts: derive what is missing, repair an OCR-damaged total, report genuine mismatches."""
    t = report.target
    known = {k: v for k, v in parts.items() if v is not None}
    missing = [k for k, v in parts.items() if v is None]
    limit = dict(zip(parts, weights, strict=True))
    s = sum(known.values())
    listed = "+".join(f"{k.removesuffix('得分')}{v}" for k, v in known.items())
    if total is not None:
        t.facts["总分"] = str(total.value)
        if not missing and s != total.value:
            if not _in(total.value, grade) and _in(s, grade) and s in _one_digit(total.value):
                why = f"总分 = 各项得分之和（{listed}）且等级“{grade}”的分数段，印刷值只差一位数字"
                report.repaired("总分", total.text, str(s), why, total.line)
            else:
                parts_d = {k: Decimal(v) for k, v in known.items()}
                report.check_sum("总分", Decimal(total.value), parts_d, total.line)
        elif len(missing) == 1 and 0 <= total.value - s <= limit[missing[0]]:
            why = f"总分{total.value} − 其余各项得分（{listed}）"
            report.repaired(missing[0], "", str(total.value - s), why, line)
        for key in missing if len(missing) > 1 or (missing and not 0 <= total.value - s <= limit[missing[0]]) else []:
            report.unrecoverable(key, "", f"未印刷或无法识别；总分{total.value}不足以确定", line)
        return
    if not missing:
        report.repaired("总分", "", str(s), f"总分未印刷，取各项得分之和（{listed}）", line)
        return
    lo_band, hi_band = BANDS.get(grade or "", (Decimal(0), Decimal(101)))
    room = sum(limit[k] for k in missing)
    lo, hi = max(s, int(lo_band)), min(s + room, int(hi_band) - 1, 100)
    for key in missing:
        if len(missing) == 1:
            reason = f"未印刷或无法识别；按等级“{grade}”只能确定在{lo - s}–{hi - s}分之间"
        else:
            reason = "未印刷或无法识别，且另有得分缺失"
        report.unrecoverable(key, "", reason, line)
    reason = f"未印刷且{'、'.join(missing)}缺失；按等级“{grade}”只能确定在{lo}–{hi}分之间"
    report.unrecoverable("总分", "", reason, line)


# --- indicators ----------------------------------------------------------------------------------------------


def _indicators(lines: list[Line]) -> list[Indicator]:
    """Indicator rows (a '指标N' cell, then 三级指标, 年度指标值, 全年完成值, 未完成原因); level2 labels are
    printed once per merged group, so they are shared by the run of rows whose numbers increase."""
    rows: list[tuple[int, int, str | None, list[str]]] = []
    for line in lines:
        cells = list(line.cells)
        at = next((i for i, c in enumerate(cells) if _INDICATOR.match(c)), None)
        rest = [c for c in cells[at + 1 :] if c] if at is not None else []
        if at is None or len(rest) < 2:
            continue
        label = next((canon for c in reversed(cells[:at]) for key, canon in _LEVEL2.items() if key in c), None)
        rows.append((line.no, int(re.sub(r"\D", "", cells[at])), label, rest))
    runs: list[list[tuple[int, int, str | None, list[str]]]] = []
    for row in rows:
        labels = {r[2] for r in runs[-1] if r[2]} if runs else set()
        if not runs or row[1] <= runs[-1][-1][1] or (row[2] and labels and row[2] not in labels):
            runs.append([])
        runs[-1].append(row)
    out: dict[tuple[str, str], Indicator] = {}
    for run in runs:
        level2 = next((r[2] for r in run if r[2]), None)
        level1 = next((v for k, v in _LEVEL1.items() if level2 and k in level2), "效益指标" if level2 else None)
        for no, _, _, rest in run:
            name, target = re.sub(r"\s+", "", rest[0]), rest[1]
            actual = rest[2] if len(rest) > 2 else ""
            reason = rest[3] if len(rest) > 3 and not _INT.match(rest[3]) else ""
            raw = f"年度指标值={target}; 实际完成值={actual}" + (f"; 偏差原因={reason}" if reason else "")
            out.setdefault((name, raw), indicator(level1, level2, name, target, raw, no))
    return list(out.values())
