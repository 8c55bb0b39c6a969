"""Self-evaluation reports (项目支出绩效自评分析报告, 2022 template) and the rotated 省级-format 自评表.

Also the problem reports and checks shared with ``self_eval`` (the city-format tables). A report prints a
预算执行 table (合计 row: 目标申报 / 预算编制 / 全年预算数 / 全年执行数 / 结余 / 执行率 / 得分), an indicator table
(one indicator over several lines ending in 权重 得分 [偏差原因]) and a conclusion (指标完成情况得分, 总得分,
grade). (权重, 得分) are the last two numbers before the free-text tail; where a tail itself starts with a
number the reading is chosen so that Σ权重 = 90 and Σ得分 = the printed 指标完成情况得分. The facts 产出得分 /
效益得分 / 满意度得分 of a report are sums of its printed indicator scores (the report prints no subtotals).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import product

from budgetlens.model import Amount, Finding, Funding, Indicator, Location, PerformanceTarget, ValueStatus
from budgetlens.model.money import decimals_of, interval
from budgetlens.parse.indicators import ANNUAL, parse_value
from budgetlens.parse.rows import problem
from budgetlens.read.raw import Line
from budgetlens.segment.blocks import TargetBlock

# 100-90(含)分为优、90-80(含)分为良、80-60(含)分为中、60分以下为差: [low, high) per grade.
BANDS: dict[str, tuple[Decimal, Decimal]] = {
    "优": (Decimal(90), Decimal(101)),
    "良": (Decimal(80), Decimal(90)),
    "中": (Decimal(60), Decimal(80)),
    "差": (Decimal(0), Decimal(60)),
}
INDICATOR_WEIGHT = Decimal(90)  # the template gives 10 to 预算执行 and 90 to the indicators
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


def band_of(score: Decimal) -> str:
    return next((g for g, (lo, hi) in BANDS.items() if lo <= score < hi), "差")


def num(text: str) -> str:
    """A printed number with OCR spaces and thousands separators removed (the form stored in facts)."""
    return re.sub(r"[\s,]", "", text)


def show(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


def money(value: Decimal | None, unit: str, printed: str, constraint: str | None = None) -> Amount:
    status = ValueStatus.REPAIRED if constraint else ValueStatus.PRINTED
    return Amount(value=value, unit=unit, printed=printed, status=status, constraint=constraint)


def indicator(level1: str | None, level2: str | None, name: str, value: str, raw: str, line: int) -> Indicator:
    """An annual Indicator; comparator, number and unit only when the 年度指标值 splits cleanly."""
    parsed = parse_value(value)
    ok = not parsed.malformed
    return Indicator(period=ANNUAL, level1=level1, level2=level2, name=name, raw=raw, location=Location(line=line),
                     comparator=parsed.comparator if ok else None, number=parsed.number if ok else None,
                     unit=parsed.unit if ok else None)  # fmt: skip


@dataclass(slots=True)
class Report:
    """Findings of one project: every builder knows the project's name and default location."""

    target: PerformanceTarget
    findings: list[Finding] = field(default_factory=list)

    def add(self, code: str, at: int | None, variant: str = "", **params: object) -> None:
        text = str(params.get("printed") or "") or None
        loc = Location(line=at or self.target.location.line, text=text)
        self.findings.append(problem(code, loc, variant=variant, name=self.target.name, **params))

    def repaired(self, fact: str, printed: str, value: str, constraint: str, line: int | None) -> None:
        """A value rebuilt from constraints: stored in facts (unless it is the name) and reported (BL021)."""
        if fact != "项目名称":
            self.target.facts[fact] = value
        params = {"field": fact, "printed": printed, "value": value, "constraint": constraint}
        self.add("BL021", line, variant="self-eval", **params)

    def unrecoverable(self, fact: str, printed: str, reason: str, line: int | None) -> None:
        self.target.facts.pop(fact, None)
        self.add("BL022", line, variant="self-eval", field=fact, printed=printed, reason=reason)

    def check_sum(self, label: str, total: Decimal, parts: dict[str, Decimal], line: int | None) -> None:
        """BL512: a printed total against the sum of its parts (kept as printed when they disagree)."""
        expected = sum(parts.values(), Decimal(0))
        if expected != total:
            names = "+".join(f"{k}{show(v)}" for k, v in parts.items())
            params = {"total_label": label, "actual": show(total), "expected": show(expected), "parts": names}
            self.add("BL512", line, **params)

    def check_grade(self, score: Decimal | None, grade: str | None, line: int | None) -> None:
        """BL513: the printed grade against the band of the score."""
        if score is not None and grade in BANDS and band_of(score) != grade:
            self.add("BL513", line, score=show(score), band=band_of(score), grade=grade)

    def check_rate(self, rate: str, spent: Amount | None, budget: Amount | None, line: int | None) -> None:
        """BL514: printed 执行率 against 执行/预算 by interval arithmetic on the printed decimals."""
        if spent is None or budget is None or spent.value is None or budget.value is None or budget.value <= 0:
            return
        text = num(rate).rstrip("%")
        r_lo, r_hi = interval(Decimal(text), decimals_of(text))
        (s_lo, s_hi), (b_lo, b_hi) = spent.bounds(), budget.bounds()
        lo, hi = s_lo / b_hi * 100, s_hi / b_lo * 100
        if r_hi < lo or r_lo > hi:
            computed = f"{(spent.value / budget.value * 100).quantize(Decimal('0.01'))}%"
            params = {"rate": rate, "spent": spent.printed, "budget": budget.printed, "computed": computed}
            self.add("BL514", line, **params)

    def unreadable(self, line: int | None, table: str, reason: str) -> None:
        """BL024: a whole table that cannot be read."""
        at = line or self.target.location.line
        self.add("BL024", at, line=at, table=table, reason=reason)


# --- rotated 省级-format tables (landscape pages linearised column by column) ---------------------------------


def split_rotated(lines: list[Line]) -> tuple[list[Line], list[list[Line]]]:
    """The lines of a city-format table and the rotated 省级 tables that the segmenter appended to it."""
    starts = [i for i, ln in enumerate(lines) if "全年预算数" in ln.text and "自评表" in ln.text]
    if not starts:
        return lines, []
    return lines[: starts[0]], [lines[s:e] for s, e in zip(starts, [*starts[1:], len(lines)], strict=True)]


_PAIRS = (
    ("全年预算数", r"全年预算数"),
    ("全年执行数", r"全年执\s*行数?\D{0,12}?"),
    ("结余", r"资金结\s*(?:\(转\)余)?"),
    ("年初预算数", r"年初预算数"),
)


def parse_rotated(lines: list[Line], unit: str, issuer: str | None = None) -> tuple[PerformanceTarget, list[Finding]]:
    """Only anchored pairs (label followed by the same number twice) are trusted; the rest is reported."""
    head = lines[0].text
    loc = Location(line=lines[0].no, line_end=lines[-1].no)
    title = head.find("项目支出绩效自评表")
    years = list(re.finditer(r"20\d{2}\s*年", head[:title]))
    name = re.sub(r"\s+", "", head[years[-1].start() : title]) if years else ""
    target = PerformanceTarget(kind="self_eval", name=name, location=loc, facts={"表式": "省级"})
    target.unit_name = issuer if issuer and issuer in re.sub(r"\s+", "", head) else None
    report = Report(target)
    amounts: dict[str, Amount] = {}
    for fact, label in _PAIRS:
        m = re.search(rf"{label}\s+(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)(?!\d)", head)
        if m and m.group(1) == m.group(2):
            target.facts[fact] = m.group(1)
            amounts[fact] = money(Decimal(m.group(1)), unit, m.group(1))
    target.funds_annual.total = amounts.get("全年预算数")
    target.funds_period.total = amounts.get("年初预算数")
    rate = re.search(r"(?<![\d.])(\d+(?:\.\d+)?%)\s+\1", head)
    if rate:
        target.facts["执行率"] = rate.group(1)
        report.check_rate(rate.group(1), amounts.get("全年执行数"), amounts.get("全年预算数"), lines[0].no)
    for fact in ("全年预算数", "全年执行数"):
        if fact not in amounts:
            report.unrecoverable(fact, "", "旋转表式中没有“标签+两个相同数字”的锚点", lines[0].no)
    read = "、".join(k for k in target.facts if k != "表式") or "无"
    why = f"按列线性化的横排页，指标、分值与得分无法可靠对应；只读取了有锚点的数字（{read}）"
    report.unreadable(lines[0].no, "旋转的省级表式自评表", why)
    return target, report.findings


# --- 2022 narrative reports --------------------------------------------------------------------------------------

_SOURCES = {
    "中央": "central",
    "省级": "provincial",
    "市": "local",
    "县": "local",
    "自筹": "self_raised",
    "其他": "other",
}
_BUDGET_COLUMNS = ("目标申报数", "年初预算数", "全年预算数", "全年执行数", "结余", "执行率", "得分")
_LEVEL1 = {"产出": "产出指标", "效益": "效益指标", "满意": "满意度指标"}
_LEVEL2 = {"经济效益指": "经济效益指标", "社会效益指": "社会效益指标", "生态效益指": "生态效益指标"}
_LEVEL2 |= {"可持续影响": "可持续影响指标", "服务对象满": "服务对象满意度指标"}
_LEVEL2_TOKENS = frozenset({"数量指标", "质量指标", "时效指标", "成本指标"})
_CONTINUATIONS = frozenset({"指标", "标", "度指", "意度指标"})


def parse_report(block: TargetBlock, body: list[Line], unit: str) -> tuple[PerformanceTarget, list[Finding]]:
    end = max((ln.no for ln in body if ln.text.strip()), default=block.line_end)
    target = PerformanceTarget(kind="self_eval", name="", location=Location(line=block.line, line_end=end))
    target.facts["表式"] = "分析报告"
    report = Report(target)
    for line in block.lines:
        m = re.match(r"^(项目名称|项目单位|主管部门)[:：]\s*(?:(\d+)\s*[-－]\s*)?(.+)$", line.text.strip())
        if m and m.group(1) == "项目名称":
            target.name = m.group(3).strip()
        elif m and m.group(1) == "项目单位":
            target.unit_name = m.group(3).strip()
        elif m:
            target.department_code, target.department_name = m.group(2), m.group(3).strip()
    texts = [(ln.no, ln.text.strip()) for ln in body if ln.text.strip() and "错误" not in ln.text]
    if not texts:
        report.unreadable(block.line, "预算执行表和绩效指标表", "没有报告正文（需要传入文档各行）")
        return target, report.findings
    budget_score = _budget(report, texts, unit)
    at = _conclusion(report, texts)
    _checks(report, at, budget_score, _indicators(report, texts))
    return target, report.findings


def _budget(report: Report, texts: list[tuple[int, str]], unit: str) -> Decimal | None:
    t = report.target
    head = next((i for i, (_, s) in enumerate(texts) if "全年预算数" in s), None)
    row = next((i for i in range(head or 0, len(texts)) if texts[i][1].startswith("合计")), None) if head else None
    values = re.findall(_NUM, texts[row][1]) if row is not None else []
    if head is None or row is None or len(values) != len(_BUDGET_COLUMNS):
        line = texts[head][0] if head is not None else t.location.line
        report.unreadable(line, "预算执行情况表", f"合计行应有{len(_BUDGET_COLUMNS)}个数，读到{len(values)}个")
        return None
    unit = "万元" if "(万元)" in texts[head][1] else "元" if "(元)" in texts[head][1] else unit
    for key, printed in zip(_BUDGET_COLUMNS, values, strict=True):
        t.facts[key] = num(printed)
    t.facts["预算执行得分"] = t.facts["得分"]
    amount = {k: money(Decimal(num(v)), unit, v) for k, v in zip(_BUDGET_COLUMNS[:5], values, strict=False)}
    t.funds_period.total, t.funds_annual.total = amount["年初预算数"], amount["全年预算数"]
    for _, text in texts[row + 1 : row + 6]:
        source = next((attr for word, attr in _SOURCES.items() if text.startswith(word)), None)
        cells = re.findall(_NUM, text)
        if source is None or len(cells) < 3:
            break
        for funding, printed in ((t.funds_period, cells[1]), (t.funds_annual, cells[2])):
            _add_source(funding, source, money(Decimal(num(printed)), unit, printed))
    report.check_rate(values[5], amount["全年执行数"], amount["全年预算数"], texts[row][0])
    return Decimal(num(values[6]))


def _add_source(funding: Funding, attr: str, amount: Amount) -> None:
    old = getattr(funding, attr)
    if old is not None and old.value is not None and amount.value is not None:
        amount = money(old.value + amount.value, amount.unit, f"{old.printed}+{amount.printed}")
    setattr(funding, attr, amount)


@dataclass(slots=True)
class _Row:
    line: int
    level1: str | None
    level2: str | None
    name: str
    options: list[tuple[Decimal, Decimal, list[str], str]]  # (权重, 得分, value tokens, 偏差原因)
    tail: list[str] = field(default_factory=list)


def _options(before: list[str], weight: str, score: str, tail: str) -> list[tuple[Decimal, Decimal, list[str], str]]:
    """Readings of a row ending '… W S tail': as printed, or (when the tail starts with a number) shifted."""
    out = []
    if Decimal(score) <= Decimal(weight):
        out.append((Decimal(weight), Decimal(score), before, tail))
    if tail and before and re.fullmatch(r"\d+(?:\.\d+)?", before[-1]) and Decimal(weight) <= Decimal(before[-1]) <= 30:
        out.append((Decimal(before[-1]), Decimal(weight), before[:-1], f"{score} {tail}"))
    return out or [(Decimal(weight), Decimal(score), before, tail)]


def _indicators(report: Report, texts: list[tuple[int, str]]) -> Decimal | None:
    """Read the indicator table; return Σ得分 (after choosing readings under the printed sums)."""
    start = next((i for i, (_, s) in enumerate(texts) if "绩效指标完成情况" in s), None)
    stop = next((i for i, (_, s) in enumerate(texts) if "项目自评结果" in s and i > (start or 0)), len(texts))
    if start is None:
        report.unreadable(None, "绩效指标完成情况表", "未找到该表")
        return None
    rows: list[_Row] = []
    level1 = level2 = None
    names: list[str] = []
    values: list[str] = []
    label = tail_open = False
    for no, text in texts[start + 1 : stop]:
        c = re.sub(r"\s+", "", text)
        if re.fullmatch(r"-\d+-", c) or "单位决算公开报告" in c:
            continue
        if c in _LEVEL1 or c in _LEVEL2 or (label and c in _CONTINUATIONS):
            level1 = _LEVEL1.get(c, level1)
            level2 = _LEVEL2.get(c, None if c in _LEVEL1 else level2)
            label, tail_open = True, False
            continue
        label = False
        if level1 is None:
            continue  # the table header
        tokens = text.split()
        if tokens[0] in _LEVEL2_TOKENS:
            level2, tokens, tail_open = tokens[0], tokens[1:], False
        if not tokens:
            continue
        if tail_open:
            rows[-1].tail.append(text)
            tail_open = _open(text)
            continue
        m = re.search(r"(?:^|\s)(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)(?:\s+(\D.*))?$", " ".join(tokens))
        if not m:
            if values or (names and re.match(r"^[\d≥≤＞＜=＝><]", tokens[0])):
                values += tokens
            else:
                names.append(tokens[0])
                values += tokens[1:]
            continue
        before = " ".join(tokens)[: m.start()].split()
        if not names and before:
            names, before = [before[0]], before[1:]
        options = _options(values + before, m[1], m[2], m.group(3) or "")
        rows.append(_Row(no, level1, level2, "".join(names), options))
        names, values, tail_open = [], [], any(o[3] and _open(o[3]) for o in options)
    return _choose(report, rows)


def _open(tail: str) -> bool:
    """Whether a 偏差原因 line runs on: the column wraps at about 9 full-width characters, so a line that is
    shorter (or ends a sentence) is the last one and what follows is the next indicator's name."""
    width = sum(1 if ord(ch) > 0x2E80 else 0.5 for ch in tail.strip())
    return width >= 8 and not tail.endswith("。")


def _choose(report: Report, rows: list[_Row]) -> Decimal | None:
    """Pick one reading per row so that Σ权重 = 90 and Σ得分 = the printed 指标完成情况得分."""
    t = report.target
    target_score = t.facts.get("指标完成情况得分")
    choices = [range(len(r.options)) for r in rows]
    best: tuple[int, ...] = tuple(0 for _ in rows)
    if sum(len(r.options) > 1 for r in rows) <= 10:
        for pick in sorted(product(*choices), key=sum):
            weights = sum((r.options[k][0] for r, k in zip(rows, pick, strict=True)), Decimal(0))
            scores = sum((r.options[k][1] for r, k in zip(rows, pick, strict=True)), Decimal(0))
            if weights == INDICATOR_WEIGHT and (target_score is None or scores == Decimal(target_score)):
                best = pick
                break
    total = Decimal(0)
    groups: dict[str, Decimal] = {}
    for row, k in zip(rows, best, strict=True):
        weight, score, vals, reason = row.options[k]
        reason = _join([reason, *row.tail])
        total += score
        key = (row.level1 or "").removesuffix("指标")
        groups[key] = groups.get(key, Decimal(0)) + score
        initial, adjusted, actual = _split_values(vals)
        raw = f"年度指标值={adjusted or initial}; 年初指标值={initial}; 实际完成值={actual}; 分值={show(weight)}; "
        raw += f"得分={show(score)}" + (f"; 偏差原因={reason}" if reason else "")
        t.indicators.append(indicator(row.level1, row.level2, row.name, adjusted or initial, raw, row.line))
    for key in ("产出", "效益", "满意度"):
        if key in groups:
            t.facts[f"{key}得分"] = show(groups[key])
    if rows:
        weight_sum = sum((r.options[k][0] for r, k in zip(rows, best, strict=True)), Decimal(0))
        report.check_sum("指标权重合计（模板）", INDICATOR_WEIGHT, {"各指标权重": weight_sum}, rows[0].line)
    return total if rows else None


def _join(parts: list[str]) -> str:
    """Text wrapped over lines or tokens, re-joined without the spaces between Chinese characters."""
    return re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", " ".join(parts)).strip()


def _split_values(tokens: list[str]) -> tuple[str, str, str]:
    """(年初指标, 调整后指标, 实际完成值) from the value tokens of one indicator."""
    c = next((i for i, tok in enumerate(tokens) if re.match(r"^[≥≤＞＜=＝><]", tok)), None)
    if c is not None:
        j = c + 1
        while j < len(tokens) and not re.fullmatch(r"[\d.]+%?", tokens[j]):
            j += 1
        return _join(tokens[:c]), "".join(tokens[c:j]), _join(tokens[j:])
    for k in range(len(tokens) // 2, 0, -1):
        if tokens[:k] == tokens[k : 2 * k]:
            return _join(tokens[:k]), _join(tokens[:k]), _join(tokens[2 * k :])
    if len(tokens) >= 2:
        return tokens[0], "", _join(tokens[1:])
    return (tokens[0] if tokens else ""), "", ""


def _conclusion(report: Report, texts: list[tuple[int, str]]) -> int | None:
    """The printed scores and grade of 三、项目自评结果 1 (总得分, 指标完成情况得分, …); return its line."""
    t = report.target
    at = next((i for i, (_, s) in enumerate(texts) if "项目自评得分" in s), None)
    if at is None:
        report.unrecoverable("总分", "", "未找到“项目自评得分和结论”", t.location.line)
        return None
    prose = "".join(re.sub(r"\s+", "", s) for _, s in texts[at : at + 8])
    for key, pattern in (
        ("预算执行情况得分", r"预算执行情况得分(\d+(?:\.\d+)?)分"),
        ("指标完成情况得分", r"指标完成情况得分(\d+(?:\.\d+)?)分"),
        ("总分", r"总得分(\d+(?:\.\d+)?)分"),
        ("等级", r"属于[\"“”']?([优良中差])"),
    ):
        m = re.search(pattern, prose)
        if m:
            t.facts[key] = m.group(1)
        elif key != "预算执行情况得分":
            report.unrecoverable(key, "", "自评结论中未找到", texts[at][0])
    return texts[at][0]


def _checks(report: Report, line: int | None, budget_score: Decimal | None, indicator_sum: Decimal | None) -> None:
    """BL512 for every printed sum, BL513 for the grade."""
    t = report.target
    facts = {k: Decimal(t.facts[k]) for k in ("预算执行情况得分", "指标完成情况得分", "总分") if k in t.facts}
    if budget_score is not None and "预算执行情况得分" in facts:
        report.check_sum(
            "预算执行情况得分（自评结论）", facts["预算执行情况得分"], {"预算执行表得分": budget_score}, line
        )
    if indicator_sum is not None and "指标完成情况得分" in facts:
        report.check_sum("指标完成情况得分", facts["指标完成情况得分"], {"各指标得分": indicator_sum}, line)
    if "总分" in facts and budget_score is not None and "指标完成情况得分" in facts:
        parts = {"预算执行得分": budget_score, "指标完成情况得分": facts["指标完成情况得分"]}
        report.check_sum("总得分", facts["总分"], parts, line)
    report.check_grade(facts.get("总分"), t.facts.get("等级"), line)
