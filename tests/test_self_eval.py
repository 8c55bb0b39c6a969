"""Self-evaluation annexes: city-format 自评表 (scores, money, repairs), rotated 省级 tables, 2022 reports."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from budgetlens.check.registry import RULES, all_rules, restate
from budgetlens.model import Finding, PerformanceTarget, Severity, ValueStatus
from budgetlens.parse.final.self_eval import parse_self_evaluations
from budgetlens.read import read_text
from budgetlens.read.raw import Line
from budgetlens.segment import segment
from budgetlens.segment.blocks import TargetBlock
from tests.conftest import seed_path

CITY_TITLE = "示例市项目支出绩效自评表"
WEIGHTS = "总分设置为100分: 预算执行率10分、产出指标50分、效益指标30分、服务对象满意度指标10分。"


def row(no: int, *cells: str) -> Line:
    return Line(no=no, text="\t".join(cells), cells=tuple(c.strip() for c in cells))


def text(no: int, body: str) -> Line:
    return Line(no=no, text=body, cells=(body.strip(),))


def city(
    *,
    name: tuple[str, ...] = ("青禾社区图书角运维经费",),
    money: tuple[str, ...] = ("45. 50", "实际到位金额 (万元)", "45. 50", "实际执行金额 (万元)", "43. 20"),
    scores: tuple[str, str, str, str] = ("9", "48", "30", "9"),
    total: str = "96",
    grade: str = "优",
    rate: str = "94.95%",
    context: str = "",
) -> TargetBlock:
    """A fictional city-format 自评表 (万元), lines 2 … 17; each part can be damaged by the caller."""
    execution, output, effect, satisfaction = scores
    lines = [
        text(2, "单位(盖章): 示例县文化馆"),
        row(3, "", "项目名称", "", *name, ""),
        row(4, "", "主管部门", "示例县文化馆", "实施单位", "示例县文化馆"),
        row(5, "", "项目预算金额 (万元)", *money),
        row(6, "", "其中:中央、省级财政", "", "其中:中央、省级财政", "", "其中:中央、省级财政", ""),
        row(7, "", "市级财政", "45. 50", "市级财政", "45. 50", "市级财政", "43. 20"),
        row(8, "", "项目执行情况 (10分)", "", execution),
        row(9, "", "一级指标", "二级指标", "三级指标", "年度指标值", "全年完成值", "未完成原因和改进措施", "自评得分"),
        row(10, "", "", "数量指标", "指标1", "开放图书角天数", "≥300天", "310天", "已完成", ""),
        row(11, "", "产出指标 (50分)", "质量指标", "指标1", "图书完好率", "≥95%", "97%", "已完成", output),
        row(
            12, "", "效益指标 (30分)", "社会效益指标", "指标1", "居民阅读氛围", "持续提升", "持续提升", "已完成", effect
        ),
        row(
            13,
            "",
            "满意度指标 (10分)",
            "服务对象满意度指标",
            "指标1",
            "读者满意度",
            "≥90%",
            "92%",
            "已完成",
            satisfaction,
        ),
        row(14, "", "", "", "", "总 分", "", "", total),
        text(15, WEIGHTS),
        text(16, f"1、项目自评等级: {grade} 2、项目总投入情况:项目预算计划安45.5万元,资金到位率100%;"),
        text(17, f"3、实际支出情况:本年度实际支出43.2万元,支出完成率达到{rate};{context}"),
    ]
    return TargetBlock(kind="self_eval", title=CITY_TITLE, line=1, line_end=17, lines=lines)


def parse_one(block: TargetBlock) -> tuple[PerformanceTarget, list[Finding]]:
    targets, findings = parse_self_evaluations([block], "万元")
    assert len(targets) == 1
    return targets[0], findings


def codes(findings: list[Finding]) -> list[tuple[str, int | None]]:
    return [(f.code, f.location.line) for f in findings]


def test_finding_codes() -> None:
    all_rules()
    assert {code: RULES[code].slug for code in ("BL021", "BL022", "BL024", "BL512", "BL513", "BL514")} == {
        "BL021": "parse.value-repaired",
        "BL022": "parse.value-unrecoverable",
        "BL024": "parse.table-unrecoverable",
        "BL512": "performance.self-eval-score-sum",
        "BL513": "performance.self-eval-grade",
        "BL514": "performance.self-eval-execution-rate",
    }


def test_clean_city_table() -> None:
    target, findings = parse_one(city())
    assert findings == []
    assert target.kind == "self_eval"
    assert target.name == "青禾社区图书角运维经费"
    assert (target.department_name, target.unit_name) == ("示例县文化馆", "示例县文化馆")
    assert target.facts["年初预算数"] == target.facts["全年预算数"] == "45.50"
    assert target.facts["全年执行数"] == "43.20"
    assert target.facts["执行率"] == "94.95%"
    scores = {k: target.facts[k] for k in ("预算执行得分", "产出得分", "效益得分", "满意度得分", "总分", "等级")}
    assert scores == {
        "预算执行得分": "9",
        "产出得分": "48",
        "效益得分": "30",
        "满意度得分": "9",
        "总分": "96",
        "等级": "优",
    }
    assert (target.facts["分值"], target.facts["得分"]) == ("10", "9")
    annual, period = target.funds_annual.total, target.funds_period.total
    assert annual is not None and period is not None
    assert (annual.value, annual.unit, annual.status) == (Decimal("45.50"), "万元", ValueStatus.PRINTED)
    assert period.value == Decimal("45.50")
    assert target.filled_at is None
    assert (target.location.line, target.location.line_end) == (1, 17)
    assert [(i.level1, i.level2, i.name) for i in target.indicators] == [
        ("产出指标", "数量指标", "开放图书角天数"),
        ("产出指标", "质量指标", "图书完好率"),
        ("效益指标", "社会效益指标", "居民阅读氛围"),
        ("满意度指标", "服务对象满意度指标", "读者满意度"),
    ]
    first = target.indicators[0]
    assert first.period == "annual"
    assert first.raw == "年度指标值=≥300天; 实际完成值=310天; 偏差原因=已完成"
    assert (first.comparator, first.number, first.unit) == ("≥", Decimal(300), "天")


def test_split_merged_cell_is_rejoined_and_checked() -> None:
    money = ("45. 50", "实际到位金额 (万元)", "45", "5. 50", "实际执行金额 (万元)", "43. 20")
    target, findings = parse_one(city(money=money))
    annual = target.funds_annual.total
    assert annual is not None
    assert (annual.value, annual.status, annual.printed) == (Decimal("45.50"), ValueStatus.REPAIRED, "45⇥5.50")
    assert annual.constraint and "重新拼接" in annual.constraint
    assert codes(findings) == [("BL021", 5)]
    assert findings[0].params["printed"] == "45⇥5.50"


def test_missing_budget_comes_from_the_source_rows_and_garbage_stays_unreadable() -> None:
    money = ("", "实际到位金额 (万元)", "45. 50", "实际执行金额 (万元)", "1. 13. 20")
    target, findings = parse_one(city(money=money))
    period = target.funds_period.total
    assert period is not None and period.value == Decimal("45.50") and period.status is ValueStatus.REPAIRED
    assert target.facts["全年执行数"] == "43.20"  # the 市级财政 row
    assert [f.params["field"] for f in findings] == ["年初预算数", "全年执行数"]


def test_total_outside_the_grade_band_is_repaired_to_the_sum() -> None:
    target, findings = parse_one(city(total="36"))
    assert target.facts["总分"] == "96"
    assert codes(findings) == [("BL021", 14)]
    assert findings[0].params["printed"] == "36"


def test_total_that_disagrees_inside_the_band_is_a_genuine_defect() -> None:
    target, findings = parse_one(city(total="98"))
    assert target.facts["总分"] == "98"  # kept as printed
    assert codes(findings) == [("BL512", 14)]
    assert restate(findings[0]).severity is Severity.ERROR
    assert (findings[0].params["actual"], findings[0].params["expected"]) == ("98", "96")


def test_component_with_an_extra_ocr_digit_is_bracketed_by_the_grade() -> None:
    target, findings = parse_one(city(scores=("10", "40", "200", "10"), total="", grade="良"))
    assert target.facts["效益得分"] == "20"
    assert target.facts["总分"] == "80"  # derived: 10 + 40 + 20 + 10
    assert [(f.code, f.params["field"], f.params["printed"]) for f in findings] == [
        ("BL021", "效益得分", "200"),
        ("BL021", "总分", ""),
    ]


def test_missing_component_is_derived_from_the_total() -> None:
    target, findings = parse_one(city(scores=("9", "48", "30", ""), total="96"))
    assert target.facts["满意度得分"] == "9"
    assert [(f.code, f.params["field"]) for f in findings] == [("BL021", "满意度得分")]


def test_missing_component_without_total_is_unrecoverable() -> None:
    target, findings = parse_one(city(scores=("9", "48", "", "9"), total="", grade="优"))
    assert "效益得分" not in target.facts and "总分" not in target.facts
    assert [(f.code, f.params["field"]) for f in findings] == [("BL022", "效益得分"), ("BL022", "总分")]
    assert "24–30" in findings[0].params["reason"]


def test_grade_outside_the_band_is_reported() -> None:
    target, findings = parse_one(city(scores=("10", "40", "25", "10"), total="85", grade="优"))
    assert target.facts["等级"] == "优"
    assert codes(findings) == [("BL513", 14)]


def test_execution_rate_is_checked_by_interval_arithmetic() -> None:
    assert parse_one(city(rate="94.94%"))[1] == []  # 43.20/45.50 = 94.945…, inside the printed intervals
    target, findings = parse_one(city(rate="96.95%"))
    assert target.facts["执行率"] == "96.95%"
    assert codes(findings) == [("BL514", 5)]
    assert restate(findings[0]).severity is Severity.WARNING


def test_damaged_name_is_restored_only_from_the_blocks_own_text() -> None:
    target, findings = parse_one(city(name=("20", "025年青禾?杜", "区图书角运维经费"), context="青禾社区读书会"))
    assert target.name == "2025年青禾社区图书角运维经费"
    assert [(f.code, f.params["field"]) for f in findings] == [("BL021", "项目名称")]
    target, findings = parse_one(city(name=("7", "5禾社区图书角运维经费"), context="青禾社区读书会"))
    assert target.name == "青禾社区图书角运维经费"
    target, findings = parse_one(city(name=("5禾社区图书角运维经费",)))
    assert target.name == "禾社区图书角运维经费"  # no evidence in the block: the stray digit is dropped only
    assert findings == []


ROTATED = (
    "以供内部軍於 偏差原 因分析 示例县文化馆 10 96.00% 96.00% 实际完成情况 (转)余 2025年示例抽检经费项目支出绩效自评表 "
    "(2025年度) 资金结 0.50 0.50 全年执 行数 以供内部 12.00 12.00 全年预算数 12.50 12.50 年初预算数 12. 5 其他资金"
)


def test_rotated_provincial_table_keeps_only_anchored_pairs() -> None:
    block = city()
    block.lines += [text(20, ROTATED), row(21, "得分", "4", "4", "S", "86"), text(22, "备注:1.“年初预算数”项下")]
    targets, findings = parse_self_evaluations([block], "万元")
    assert [t.facts["表式"] for t in targets] == ["市级", "省级"]
    assert targets[0].location.line_end == 17
    rotated = targets[1]
    assert rotated.name == "2025年示例抽检经费"
    assert (rotated.location.line, rotated.location.line_end) == (20, 22)
    assert {k: rotated.facts.get(k) for k in ("全年预算数", "全年执行数", "结余", "执行率", "年初预算数")} == {
        "全年预算数": "12.50",
        "全年执行数": "12.00",
        "结余": "0.50",
        "执行率": "96.00%",
        "年初预算数": None,
    }
    assert rotated.indicators == [] and "总分" not in rotated.facts
    assert codes(findings) == [("BL024", 20)]


REPORT_BODY = """ 一、项目基本信息
（一）预算执行情况
全年预算数(元) 全年执行数(元) 资金结(转)余(元) 执行率 得分
目标申报(元) 预算编制(元)
合计 500,000 500,000 400,000.5 400,000.5 0 100 10
市县区财政资金 500,000 500,000 400,000.5 400,000.5 0
 （二）绩效指标完成情况
二级指标 指标名称
产 出
指标
数量指标 举办阅读活动场次 20 ≥20场 20 30 30
质量指标 活动参与
人数
100 ≥100人 80 20 10 4 场活动因天气原因
取消。
效 益
指标
社会效益指
标
阅读氛围 提升 提升 达成预期指标 30 30
满 意
度 指
标
服务对象满
意度指标
读者满意度 90 ≥90% 95 10 10
 三、项目自评结果
1.项目自评得分和结论
综合考虑预算执行情况得分 10分，产出、效益、服务对象满意
度各方面因素，指标完成情况得分 80 分，最终评分结果：阅读推广
经费项目绩效自评价结果为:总得分90 分，属于"优"。"""


def report_block(first: int = 100) -> tuple[TargetBlock, list[Line]]:
    head = ["项目名称：阅读推广经费", "项目单位：001002-示例县文化馆", "主管部门：001-示例县文化和旅游局"]
    header = [text(first + 2 + 2 * i, s) for i, s in enumerate(head)]
    block = TargetBlock(kind="self_eval_report", title="项目支出绩效自评分析报告", line=first, line_end=first + 6)
    block.lines = header
    body = [text(first, " 项目支出绩效自评分析报告"), *header]
    body += [text(first + 10 + i, s) for i, s in enumerate(REPORT_BODY.splitlines())]
    return block, body


def test_report_tables_and_conclusion() -> None:
    block, body = report_block()
    targets, findings = parse_self_evaluations([block], "元", body)
    assert findings == []
    (t,) = targets
    assert (t.name, t.unit_name, t.department_code, t.department_name) == (
        "阅读推广经费",
        "示例县文化馆",
        "001",
        "示例县文化和旅游局",
    )
    facts = {k: t.facts[k] for k in ("年初预算数", "全年预算数", "全年执行数", "执行率", "得分", "总分", "等级")}
    assert facts == {
        "年初预算数": "500000",
        "全年预算数": "400000.5",
        "全年执行数": "400000.5",
        "执行率": "100",
        "得分": "10",
        "总分": "90",
        "等级": "优",
    }
    assert (t.facts["产出得分"], t.facts["效益得分"], t.facts["满意度得分"]) == ("40", "30", "10")
    annual = t.funds_annual.total
    assert annual is not None and (annual.value, annual.unit) == (Decimal("400000.5"), "元")
    assert t.funds_annual.local == annual
    assert [i.name for i in t.indicators] == ["举办阅读活动场次", "活动参与人数", "阅读氛围", "读者满意度"]
    second = t.indicators[1]  # '… 20 10 4 场活动因天气': the tail starts with a number; Σ权重 = 90 decides
    assert "分值=20; 得分=10; 偏差原因=4场活动因天气原因取消。" in second.raw
    assert (t.location.line, t.location.line_end) == (100, body[-1].no)


def test_report_sums_that_disagree_are_reported() -> None:
    block, body = report_block()
    body = [text(ln.no, ln.text.replace("总得分90", "总得分95")) for ln in body]
    _, findings = parse_self_evaluations([block], "元", body)
    assert [(f.code, f.params["total_label"]) for f in findings] == [("BL512", "总得分")]


def test_report_without_its_body_is_reported() -> None:
    block, _ = report_block()
    targets, findings = parse_self_evaluations([block], "元")
    assert targets[0].name == "阅读推广经费"
    assert [f.code for f in findings] == ["BL024"]


# --- seeds ----------------------------------------------------------------------------------------------------


@cache
def _seed(prefix: str, unit: str) -> tuple[list[PerformanceTarget], list[Finding]]:
    raw = read_text(seed_path(prefix))
    return parse_self_evaluations(segment(raw).targets, unit, raw.lines)


# 002 city-format tables: name, 全年预算数 (实际到位金额), 全年执行数, 总分 as printed or repaired, grade
CITY_002 = [
    ("市场监管工作经费", "162.29", "162.29", "98", "优"),
    ("知识产权工作经费", "49.24", "49.24", "85", "良"),
    ("标准化助推高质量发展奖励经费", "30", "30", "93", "优"),
    ("大楼运行维护费", "35.5", "32.5", "94", "优"),
    ("电梯安全立法工作经费", "20", "20", "98", "优"),
    ("体工商户位保险保障项目", "203.43", "203.43", "92", "优"),
    ("市场监管编外人员工作经费", "46.47", "43.48", "97", "优"),
    ("遗属补助", "2.95", "2.95", "98", "优"),
    ("2024年放心消费创建项目", "16", "15.15", "97", "优"),
    ("基层市场监管补助资金", "13.3", "6", "92", "优"),
    ("中央食品药品监管补助资金(食品)", "60", "60", "85", "良"),
    ("2023年未支付项目", "12.5", "12.5", "95", "优"),
    ("调整未支付项目经费", "73.5", "73.5", None, "良"),
]


def test_seed_002_city_tables() -> None:
    targets, _ = _seed("002", "万元")
    city_targets = [t for t in targets if t.facts.get("表式") == "市级"]
    assert len(city_targets) == 13
    got = [
        (t.name, t.facts["全年预算数"], t.facts["全年执行数"], t.facts.get("总分"), t.facts["等级"])
        for t in city_targets
    ]
    assert got == CITY_002
    p1 = city_targets[0].facts
    assert [p1[k] for k in ("预算执行得分", "产出得分", "效益得分", "满意度得分")] == ["10", "50", "30", "8"]
    assert all(t.funds_annual.total is not None and t.funds_annual.total.unit == "万元" for t in city_targets)
    assert sum(len(t.indicators) for t in city_targets) >= 120


def test_seed_002_repairs_and_findings() -> None:
    targets, findings = _seed("002", "万元")
    by_line = {(f.code, f.location.line): f for f in findings}
    assert by_line["BL021", 1035].params["printed"] == "34" and by_line["BL021", 1035].params["value"] == "94"
    assert by_line["BL021", 839].params["printed"] == "200" and by_line["BL021", 839].params["value"] == "20"
    assert by_line["BL021", 993].params["printed"] == "35⇥5.5" and by_line["BL021", 993].params["value"] == "35.5"
    assert by_line["BL021", 1306].params["field"] in ("全年预算数", "全年执行数")
    assert targets[3].facts["效益得分"] == "30" and targets[1].facts["效益得分"] == "20"
    assert targets[1].funds_period.total is not None and targets[1].funds_period.total.value is None  # P2 预算 ∅
    assert ("BL022", 816) in by_line
    assert [(f.code, f.location.line) for f in findings if f.code == "BL512"] == [("BL512", 1108), ("BL512", 1169)]
    assert {f.params["field"] for f in findings if f.code == "BL022" and f.location.line == 1751} == {
        "效益得分",
        "总分",
    }
    assert not [f for f in findings if f.code in ("BL513", "BL514")]


def test_seed_002_rotated_provincial_tables() -> None:
    targets, findings = _seed("002", "万元")
    rotated = [t for t in targets if t.facts.get("表式") == "省级"]
    assert [(t.name, t.facts["全年预算数"], t.facts["全年执行数"], t.facts["执行率"]) for t in rotated] == [
        ('2024年"两品一械"购样抽样检验经费', "46.19", "45.44", "98.38%"),
        ("2024年中央食品药品监管补助资金", "24.3", "24.3", "100%"),
    ]
    assert [(f.code, f.location.line) for f in findings if f.code == "BL024"] == [("BL024", 1822), ("BL024", 1876)]


REPORTS_003 = [
    ("市场监督管理经费", "100", "优"),
    ("自收自支人员经费", "95", "优"),
    ("实施标准化战略资金补助经费", "95", "优"),
    ("放心消费创建活动经费", "85", "良"),
    ("特种设备安全监管经费", "96", "优"),
    ("标准化工作经费", "95", "优"),
    ("知识产权强市建设奖补资金", "100", "优"),
    ("网络运行维护费", "90", "优"),
    ("执法服装购置", "99", "优"),
    ("2021 年已完成未执行完合同尾款", "77", "中"),
    ("打击传销及反不正当竞争专项经费", "100", "优"),
    ("抽检费", "100", "优"),
    ("办公楼设施维修费", "80", "良"),
    ("食品安全城市创建", "78", "中"),
]


def test_seed_003_reports() -> None:
    targets, findings = _seed("003", "元")
    assert [(t.name, t.facts["总分"], t.facts["等级"]) for t in targets] == REPORTS_003
    assert findings == []  # Σ权重 = 90 and Σ得分 = 指标完成情况得分 in all 14 reports
    first = targets[0]
    assert (first.facts["全年预算数"], first.facts["全年执行数"], first.facts["执行率"]) == (
        "2737825.9",
        "2737825.9",
        "100",
    )
    assert first.funds_period.total is not None and first.funds_period.total.value == Decimal(4700000)
    for t in targets:
        scores = [Decimal(i.raw.split("得分=")[1].split(";")[0]) for i in t.indicators]
        assert sum(scores) == Decimal(t.facts["指标完成情况得分"])
    shifted = next(i for i in targets[9].indicators if i.location.line == 4701)
    assert "分值=10; 得分=4; 偏差原因=1个项目" in shifted.raw
    assert sum(len(t.indicators) for t in targets) == 159
