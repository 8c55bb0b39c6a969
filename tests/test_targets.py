"""Performance-target annexes: fields, funding, texts, indicators, fragment merge, overall table, findings."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

import pytest

from budgetlens.check.registry import RULES, all_rules, restate
from budgetlens.model import Indicator, PerformanceTarget, Severity
from budgetlens.parse.indicators import ANNUAL, IMPLEMENTATION, parse_value
from budgetlens.parse.targets import parse_targets
from budgetlens.read.raw import Line
from budgetlens.segment.blocks import TargetBlock
from tests.conftest import SEEDS

PROJECT_TITLE = "示例市市级预算部门（单位）项目支出绩效目标表"
OVERALL_TITLE = "市级预算部门（单位）整体支出绩效目标申报表"


def row(no: int, *cells: str) -> Line:
    return Line(no=no, text="\t".join(cells), cells=tuple(c.strip() for c in cells))


def block(title_line: int, *lines: Line, kind: str = "project") -> TargetBlock:
    title = PROJECT_TITLE if kind == "project" else OVERALL_TITLE
    return TargetBlock(kind=kind, title=title, line=title_line, line_end=lines[-1].no, lines=list(lines))


def header(first: int, name: str, unit: str = "示例市青禾图书馆", annual_total: str = "60,000") -> list[Line]:
    """A regular header block of a fictional project, lines first … first+14."""
    n = first
    return [
        row(n, "项目名称", "", name),
        row(n + 1, "主管部门及代码", "", "045-示例市文化旅游局", "实施单位", unit),
        row(n + 2, "项目属性", "", "经常性项目（长期开展）", "项目期", "99年"),
        row(n + 3, "项目资金（元）", "实施期资金总额：", "120,000", "年度资金总额：", annual_total),
        row(n + 4, "", "其中：中央财政资金", "0", "其中：中央财政资金", "0"),
        row(n + 5, "", "省级财政资金", "20,000", "省级财政资金", "10,000"),
        row(n + 6, "", "市县（区）财政资金", "100,000", "市县（区）财政资金", "50,000"),
        row(n + 7, "", "单位自筹", "0", "单位自筹", "0"),
        row(n + 8, "", "其他资金", "", "其他资金", ""),
        row(n + 9, "项目概况", "", "为社区图书角购置图书并维护借阅设备"),
        row(n + 10, "立项依据", "", "示例市全民阅读推广方案"),
        row(n + 11, "项目设立必要性", "", "满足社区居民就近阅读需求"),
        row(n + 12, "保证项目实施的制度、措施", "", "图书角管理办法"),
        row(n + 13, "项目实施计划", "", "每季度更新图书一次"),
        row(n + 14, "实施期目标", "", "", "年度目标"),
    ]


def by_name(indicators: list[Indicator], period: str) -> dict[str, str]:
    return {i.name: i.raw for i in indicators if i.period == period}


# ---------------------------------------------------------------------------------------------
# one regular project fragment


def test_regular_project_fields_funding_texts_and_footer() -> None:
    lines = [
        *header(11, "青禾社区图书角运维经费"),
        row(26, "总体目标", "", "三年内建成十个图书角", "", "年内建成四个图书角"),
        row(27, "绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"),
        row(28, "", "产出指标", "数量指标", "新增图书册数", "≥3000册", "数量指标", "新增图书册数", "≥1200册"),
        row(29, "", "", "质量指标", "图书完好率", "100%", "质量指标", "图书完好率", "100%"),
        row(30, "", "", "时效指标", "图书上架时间", "2026年12月底前", "时效指标", "图书上架时间", "2026年12月底前"),
        row(31, "", "效益指标", "社会效益", "居民阅读便利程度", "有效提升", "社会效益", "居民阅读便利", "有效提升"),
        row(
            32, "", "满意度指标", "服务对象满意度", "借阅居民满意度", "≥90%", "服务对象满意度", "借阅居民满意度", "≥90%"
        ),
        row(33, "负责人：", "", "经办人：", "", "联系电话：", "", "填报日期：", "20251201093000"),
    ]
    targets, findings = parse_targets([block(9, *lines)], 2026)
    assert findings == []
    (t,) = targets
    assert (t.kind, t.name, t.department_code, t.department_name) == (
        "project",
        "青禾社区图书角运维经费",
        "045",
        "示例市文化旅游局",
    )
    assert (t.unit_name, t.attribute, t.period) == ("示例市青禾图书馆", "经常性项目（长期开展）", "99年")
    assert t.funds_period.total is not None and t.funds_period.total.value == Decimal(120000)
    assert t.funds_period.total.unit == "元" and t.funds_period.total.printed == "120,000"
    assert t.funds_annual.total is not None and t.funds_annual.total.value == Decimal(60000)
    assert t.funds_period.provincial is not None and t.funds_period.provincial.value == Decimal(20000)
    assert t.funds_annual.provincial is not None and t.funds_annual.provincial.value == Decimal(10000)
    assert t.funds_annual.local is not None and t.funds_annual.local.value == Decimal(50000)
    assert t.funds_annual.central is not None and t.funds_annual.central.value == 0
    assert t.funds_annual.other is not None and t.funds_annual.other.value is None  # printed blank
    assert t.texts == {
        "概况": "为社区图书角购置图书并维护借阅设备",
        "立项依据": "示例市全民阅读推广方案",
        "必要性": "满足社区居民就近阅读需求",
        "制度措施": "图书角管理办法",
        "实施计划": "每季度更新图书一次",
        "实施期目标": "三年内建成十个图书角",
        "年度目标": "年内建成四个图书角",
    }
    assert t.filled_at == "20251201093000"
    assert (t.location.line, t.location.line_end) == (9, 33)
    assert [(f.line, f.line_end) for f in t.fragments] == [(9, 33)]
    assert len(t.indicators) == 10
    first = t.indicators[0]
    assert (first.period, first.level1, first.level2, first.name) == (
        IMPLEMENTATION,
        "产出指标",
        "数量指标",
        "新增图书册数",
    )
    assert (first.comparator, first.number, first.unit, first.location.line) == ("≥", Decimal(3000), "册", 28)
    assert by_name(t.indicators, ANNUAL)["新增图书册数"] == "≥1200册"
    assert by_name(t.indicators, ANNUAL)["居民阅读便利"] == "有效提升"
    last = t.indicators[-1]
    assert (last.period, last.level1, last.level2, last.number, last.unit) == (
        ANNUAL,
        "满意度指标",
        "服务对象满意度",
        Decimal(90),
        "%",
    )


# ---------------------------------------------------------------------------------------------
# label variants and values printed in unusual places


def test_funding_label_variants_and_values_in_the_label_cell() -> None:
    lines = [
        row(3, "项目名称", "", "溪桥路灯维修"),
        row(4, "主管部门及代码", "", "045-示例市文化旅游局", "实施单位", "示例市路灯所"),
        row(5, "项目属性", "", "一次性项目（1年结束）", "项目日期", "1年"),
        row(6, "项目资金 (元)", "实验期资金总额: 70,000", "", "年度资金总额:", "", "50,000"),
        row(7, "", "其中: 中央财政资金 0", "", "其中: 中央财政资金", "", "0"),
        row(8, "", "省级财政资金 0", "", "省级财政资金", "", "0"),
        row(9, "", "市县（区）财政资金 70,000", "", "市县（区）财政资", "", "金 50,000"),
        row(10, "", "单位自筹 0", "", "单位自筹", "", "0"),
        row(11, "项目概述", "", "更换损坏灯杆"),
    ]
    (t,), _ = parse_targets([block(1, *lines)], 2026)
    assert t.period == "1年"
    assert t.texts["概况"] == "更换损坏灯杆"
    assert t.funds_period.total is not None and t.funds_period.total.value == Decimal(70000)
    assert t.funds_period.total.printed == "70,000"
    assert t.funds_annual.total is not None and t.funds_annual.total.value == Decimal(50000)
    assert t.funds_period.local is not None and t.funds_period.local.value == Decimal(70000)
    assert t.funds_annual.local is not None and t.funds_annual.local.value == Decimal(50000)
    assert t.funds_annual.local.printed == "50,000"


@pytest.mark.parametrize(
    ("total_label", "city_label"),
    [
        ("实施资金总额:", "市(区)级财政资金"),
        ("实验经费总额：", "市、县（区）财政资金"),
        ("实施期资金总额：", "市（区）财政资金"),
        ("实施期资金总额：", "市县(区)财政资 金"),
    ],
)
def test_total_and_city_label_variants(total_label: str, city_label: str) -> None:
    lines = [
        row(3, "项目名称", "", "溪桥路灯维修"),
        row(4, "项目资金（元）", total_label, "115,067.76", "年度资金总额：", "115,067.76"),
        row(5, "", city_label, "115,067.76", city_label, "115,067.76"),
    ]
    (t,), _ = parse_targets([block(1, *lines)], None)
    for funding in (t.funds_period, t.funds_annual):
        assert funding.total is not None and funding.total.value == Decimal("115067.76")
        assert funding.local is not None and funding.local.value == Decimal("115067.76")


def test_truncated_city_label_continued_on_next_line() -> None:
    lines = [
        row(3, "项目名称", "", "溪桥路灯维修"),
        row(4, "项目资金（元）", "", "实施期资金总额：", "", "150,800", "", "年度资金总额：", "", "150,800"),
        row(5, "", "", "市县（区）财政资", "", "150,800", "", "市县（区）财政资", "", "150,800"),
        row(6, "", "", "金", "", "", "", "金"),
        row(7, "单位自筹", "", "0", "", "单位自筹", "", "0"),
    ]
    (t,), _ = parse_targets([block(1, *lines)], None)
    assert t.funds_annual.local is not None and t.funds_annual.local.value == Decimal(150800)
    assert t.funds_annual.self_raised is not None and t.funds_annual.self_raised.value == 0


def test_values_on_the_next_line() -> None:
    lines = [
        row(3, "项目名称", "", "溪桥路灯维修"),
        row(4, "主管部门及代码", "", "045-示例市文化旅游局", "", "实施单位"),
        row(5, "", "", "示例市城市照明服务中心（示例市夜景管理站）"),
        row(6, "项目属性", "", "经常性项目（长期开展）", "", "项目期"),
        row(7, "", "", "", "", "99年"),
        row(8, "项目资金（元）", "实施期资金总额：", "30,000", "年度资金总额：", "30,000"),
        row(9, "项目概况"),
        row(10, "检修城区路灯"),
        row(11, "立项依据"),
        row(12, "城市照明管理规定"),
        row(13, "实施期目标", "", "", "年度目标"),
        row(14, "总体目标"),
        row(15, "路灯完好率保持高位", "", "", "年内检修全部路灯"),
        row(16, "绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"),
        row(17, "", "产出指标", "数量指标", "检修路灯数", "≥500盏", "数量指标", "检修路灯数", "≥500盏"),
        row(18, "", "负责人：", "经办人：", "", "联系电话：", "", "填报日期："),
        row(19, "", "", "", "", "", "20251224163305"),
    ]
    (t,), _ = parse_targets([block(1, *lines)], None)
    assert t.unit_name == "示例市城市照明服务中心（示例市夜景管理站）"
    assert t.period == "99年"
    assert t.texts["概况"] == "检修城区路灯"
    assert t.texts["立项依据"] == "城市照明管理规定"
    assert t.texts["实施期目标"] == "路灯完好率保持高位"
    assert t.texts["年度目标"] == "年内检修全部路灯"
    assert t.filled_at == "20251224163305"
    assert len(t.indicators) == 2


def test_goals_without_label_blank_unit_and_missing_period() -> None:
    lines = [
        row(3, "项目名称", "", "溪桥路灯维修"),
        row(4, "主管部门及代码", "", "045-示例市文化旅游局", "", "实施单位"),
        row(5, "项目属性", "", "经常性项目(长期开展)", "", "项目日期"),
        row(6, "项目资金(元)", "实施期资金总额:", "100,000", "年度资金总额:"),
        row(7, "", "其中:中央财政资金", "0", "其中:中央财政资金"),
        row(8, "实施期目标", "", "年度目标"),
        row(9, "三年检修全部路灯"),
        row(10, "年内检修一半路灯"),
        row(11, "负责人:", "经办人:", "联系电话:", "填报日期: 20251223105632"),
    ]
    (t,), _ = parse_targets([block(1, *lines)], None)
    assert t.unit_name is None
    assert t.period is None
    assert t.funds_annual.total is not None and t.funds_annual.total.value is None
    assert t.texts["实施期目标"] == "三年检修全部路灯"
    assert t.texts["年度目标"] == "年内检修一半路灯"
    assert t.filled_at == "20251223105632"


# ---------------------------------------------------------------------------------------------
# indicator rows


def _indicators(*rows: Line) -> list[Indicator]:
    lines = [row(3, "项目名称", "", "溪桥路灯维修"), *rows]
    (t,), _ = parse_targets([block(1, *lines)], None)
    return t.indicators


def test_shifted_columns_repeated_names_and_swapped_sides() -> None:
    indicators = _indicators(
        row(20, "绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"),
        # the 实施期 triple starts at column 8, the 年度 triple after it, names truncated on the right
        row(21, *[""] * 8, "数量指标", "检修城区主干道路灯", "≥300盏", "数量指标", "检修城区主", "≥120盏"),
        row(22, "", "检修背街小巷路灯", "≥80盏", "", "检修背街小", "≥30盏"),
        # the name printed twice before its value, on both sides
        row(
            23,
            "",
            "成本指标",
            "单盏平均检修成本",
            "单盏平均检修成本",
            "≤800/盏",
            "单盏平均检修",
            "单盏平均检修",
            "≤800/盏",
        ),
        # one side lost its value: the name stays, with an empty raw value
        row(24, "", "", "灯杆油漆", "100%", "", "成本指标", "灯杆油漆面"),
        # a label word used as the indicator name, with embedded spaces in the 一级 label
        row(25, "满意度 指标", "满意度 指标", "服务对象满意度", "≥95%", "服务对象满意度", "≥95%"),
    )
    impl, annual = by_name(indicators, IMPLEMENTATION), by_name(indicators, ANNUAL)
    assert impl == {
        "检修城区主干道路灯": "≥300盏",
        "检修背街小巷路灯": "≥80盏",
        "单盏平均检修成本": "≤800/盏",
        "灯杆油漆": "100%",
        "服务对象满意度": "≥95%",
    }
    assert annual == {
        "检修城区主": "≥120盏",
        "检修背街小": "≥30盏",
        "单盏平均检修": "≤800/盏",
        "灯杆油漆面": "",
        "服务对象满意度": "≥95%",
    }
    levels = {(i.name, i.period): (i.level1, i.level2) for i in indicators}
    assert levels["检修城区主干道路灯", IMPLEMENTATION] == ("产出指标", "数量指标")  # 一级 inferred from 二级
    assert levels["检修背街小巷路灯", IMPLEMENTATION] == ("产出指标", "数量指标")  # carried down
    assert levels["灯杆油漆", IMPLEMENTATION] == ("产出指标", "成本指标")
    assert levels["服务对象满意度", ANNUAL][0] == "满意度指标"


def test_text_values_digit_names_and_values_on_the_next_row() -> None:
    indicators = _indicators(
        row(20, "效益指标", "一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"),
        row(21, "", "社会效益", "夜间出行安全", "有效保障", "社会效益", "夜间出行安全", "有效保障"),
        row(22, "", "", "3.15路灯开放日", "≥1次", "", "3.15路灯开放日", "≥1次"),
        row(23, "", "", "居民对照明的关注度", "显著提高", "不断提高", "生态效益", "居民对照明"),
        row(24, "", "", "逐步提高"),
        row(25, "可持续影响", "", "长效管护机制", "健全", "可持续影响", "长效管护机制", "健全"),
    )
    impl, annual = by_name(indicators, IMPLEMENTATION), by_name(indicators, ANNUAL)
    assert impl["夜间出行安全"] == annual["夜间出行安全"] == "有效保障"
    assert impl["3.15路灯开放日"] == annual["3.15路灯开放日"] == "≥1次"
    assert impl["居民对照明的关注度"] == "显著提高"
    assert annual["居民对照明"] == "逐步提高"  # its value printed one row down
    assert impl["长效管护机制"] == "健全"
    assert all(i.level1 == "效益指标" for i in indicators)
    assert {i.level2 for i in indicators if i.name == "长效管护机制"} == {"可持续影响"}


def test_single_pair_takes_the_side_of_the_nearer_value_column() -> None:
    indicators = _indicators(
        row(20, "绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"),
        row(21, "", "产出指标", "时效指标", "", "", "时效指标", "检修完成时间", "2026年12月底前"),
        row(22, "", "", "", "路灯巡查频次", "每周一次"),
    )
    assert [(i.name, i.period) for i in indicators] == [("检修完成时间", ANNUAL), ("路灯巡查频次", IMPLEMENTATION)]


def test_indicators_without_a_header_row() -> None:
    indicators = _indicators(
        row(8, "实施期目标", "", "年度目标"),
        row(9, "总体目标", "检修路灯", "", "检修路灯"),
        row(10, "绩效指标", "产出指标", "数量指标", "检修路灯数", "≥500盏", "数量指标", "检修路灯数", "≥500盏"),
        row(11, "", "", "质量指标", "检修合格率", "100%", "质量指标", "检修合格率", "100%"),
    )
    assert len(indicators) == 4
    assert {i.level2 for i in indicators} == {"数量指标", "质量指标"}


@pytest.mark.parametrize(
    ("raw", "comparator", "number", "unit", "malformed"),
    [
        ("≥300批次", "≥", Decimal(300), "批次", False),
        ("100%", None, Decimal(100), "%", False),
        ("＞5个", ">", Decimal(5), "个", False),
        ("≤800/批次", "≤", Decimal(800), "/批次", False),
        ("2026年12月底前", None, Decimal(2026), "年12月底前", False),
        ("287270.60元", None, Decimal("287270.60"), "元", False),
        ("≥ 2,000 人、次", "≥", Decimal(2000), "人、次", False),
        ("100", None, Decimal(100), None, False),
        ("有效提升", None, None, None, False),
        ("1降低", None, None, None, True),
        ("2考务人员劳务费用", None, None, None, True),
        ("100%有效保障", None, None, None, True),
    ],
)
def test_parse_value(
    raw: str, comparator: str | None, number: Decimal | None, unit: str | None, malformed: bool
) -> None:
    value = parse_value(raw)
    assert (value.comparator, value.number, value.unit, value.malformed) == (comparator, number, unit, malformed)


# ---------------------------------------------------------------------------------------------
# page-split fragments


def _fragment(title_line: int, name: str, unit: str, annual: str, *rows: Line) -> TargetBlock:
    return block(title_line, *header(title_line + 2, name, unit=unit, annual_total=annual), *rows)


def test_page_split_fragments_are_merged() -> None:
    name = "青禾社区图书角运维经费"
    first = _fragment(
        1,
        name,
        "示例市青禾图书馆",
        "",
        row(18, "绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"),
        row(19, "", "产出指标", "数量指标", "新增图书册数", "≥3000册", "数量指标", "新增图书册数", "≥1200册"),
    )
    second = _fragment(
        21,
        name.replace("图书角", "图书角 "),
        "",
        "60,000",
        row(38, "效益指标", "一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"),
        row(39, "", "效益指标", "社会效益", "居民阅读便利程度", "有效提升", "社会效益", "居民阅读便利", "有效提升"),
    )
    third = _fragment(
        41,
        name,
        "示例市青禾",
        "60,000",
        row(58, "产出指标", "一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"),
        row(59, "", "产出指标", "数量指标", "新增图书册数", "≥3000册", "数量指标", "新增图书册数", "≥1200册"),
        row(60, "负责人:", "经办人:", "联系电话:", "填报日期:", "20251203153527"),
    )
    targets, findings = parse_targets([first, second, third], 2026)
    assert findings == []
    (t,) = targets
    assert t.name == name
    assert t.unit_name == "示例市青禾图书馆"
    assert t.funds_annual.total is not None and t.funds_annual.total.value == Decimal(60000)
    assert t.filled_at == "20251203153527"
    assert [(f.line, f.line_end) for f in t.fragments] == [(1, 19), (21, 39), (41, 60)]
    assert (t.location.line, t.location.line_end) == (1, 60)
    assert len(t.indicators) == 4  # the repeated 数量 rows of the third fragment are dropped
    assert {i.level2 for i in t.indicators} == {"数量指标", "社会效益"}


def test_same_name_for_another_unit_or_later_is_another_project() -> None:
    a = _fragment(1, "遗属补助", "示例市青禾图书馆", "11,000")
    b = _fragment(21, "遗属补助", "示例市路灯所", "9,672")
    c = _fragment(41, "物业费", "示例市路灯所", "53,800")
    d = _fragment(61, "遗属补助", "示例市路灯所", "9,672")
    targets, findings = parse_targets([a, b, c, d], 2026)
    assert [t.name for t in targets] == ["遗属补助", "遗属补助", "物业费", "遗属补助"]
    assert all(len(t.fragments) == 1 for t in targets)
    assert findings == []


def test_fragments_that_disagree_in_money_are_reported() -> None:
    a = _fragment(1, "青禾社区图书角运维经费", "示例市青禾图书馆", "60,000")
    b = _fragment(21, "青禾社区图书角运维经费", "示例市青禾图书馆", "65,000")
    targets, findings = parse_targets([a, b], 2026)
    (t,) = targets
    assert t.funds_annual.total is not None and t.funds_annual.total.value == Decimal(60000)
    (finding,) = map(restate, findings)
    assert (finding.code, finding.slug, finding.severity) == ("BL012", RULES["BL012"].slug, Severity.WARNING)
    assert finding.location.line == 1 and finding.location.line_end == 37
    assert "60,000 / 65,000" in finding.message("zh") and "年度资金总额" in finding.message("zh")
    assert "annual total" in finding.message("en")


# ---------------------------------------------------------------------------------------------
# findings


def test_fragment_without_project_name_is_reported() -> None:
    lines = [row(3, "项目名称"), row(4, "项目资金（元）", "实施期资金总额：", "30,000", "年度资金总额：", "30,000")]
    targets, findings = parse_targets([block(1, *lines)], 2026)
    (t,) = targets
    assert t.name == "" and t.funds_annual.total is not None
    (finding,) = map(restate, findings)
    assert finding.check_tuple() == ("BL010", 1, None)
    assert (finding.slug, finding.severity) == ("parse.target-unreadable", Severity.WARNING)
    assert "1" in finding.message("en") and "项目名称" in finding.message("zh")


def test_digit_led_text_value_is_kept_and_reported() -> None:
    indicators_rows = (
        row(20, "绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"),
        row(21, "", "效益指标", "经济效益", "相关支出规模", "1降低", "经济效益", "相关支出规模", "1降低"),
    )
    lines = [row(3, "项目名称", "", "溪桥路灯维修"), *indicators_rows]
    (t,), findings = parse_targets([block(1, *lines)], 2026)
    assert [(i.raw, i.number, i.comparator, i.unit) for i in t.indicators] == [("1降低", None, None, None)] * 2
    assert [f.check_tuple() for f in findings] == [("BL011", 21, None)] * 2
    findings = [restate(f) for f in findings]
    assert {f.severity for f in findings} == {Severity.INFO}
    assert {f.params["period"] for f in findings} == {"实施期", "年度"}
    assert "1降低" in findings[0].message("en")


def test_finding_codes_registry() -> None:
    all_rules()
    assert {code: RULES[code].slug for code in ("BL010", "BL011", "BL012")} == {
        "BL010": "parse.target-unreadable",
        "BL011": "parse.indicator-value-malformed",
        "BL012": "parse.target-fragments-disagree",
    }


# ---------------------------------------------------------------------------------------------
# the overall table


def test_overall_table() -> None:
    lines = [
        row(5, "部门基本信息", "部门名称", "045-示例市文化旅游局", "", ""),
        row(6, "", "内设职能部门数", "12个", "所属预算单位数", "4个"),
        row(7, "", "核定的人员编制数", "150人", "实际在职人员总数", "148人"),
        row(8, "", "", "", "其中:在编人员数", "140人"),
        row(9, "其他人员数", "", "", "8人", ""),
        row(10, "部门职责", "负责全市文化和旅游工作"),
        row(11, "部门战略目标", "建设书香城市"),
        row(12, "年度预算情况", "按资金来源划分", "资金总额(万元)", "按资金方向划分", "资金总额(万元)"),
        row(13, "", "合计", "1200.50", "合计", "1200.50"),
        row(14, "", "其中:一般公共预算资金", "1100.50", "其中:基本支出", "900.00"),
        row(15, "", "政府性基金预算资金", "100.00", "项目支出", "300.50"),
        row(16, "", "单位资金", "0.00", "", ""),
        row(17, "年度重点任务", "核心职能", "重点任务"),
        row(18, "", "公共文化服务", "新建图书角十个"),
        row(19, "年度绩效目标", "全年完成重点任务"),
        row(20, "年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值"),
        row(21, "", "", "数量指标", "新建图书角", "10个"),
        row(22, "", "", "", "举办阅读活动", "≥12场"),
        row(23, "", "", "成本指标", "图书角单点成本", "≤5万元"),
        row(24, "效益指标", "社会效益指标", "居民阅读率", "逐步提高", ""),
        row(25, "满意度指标", "服务对象满意度指标", "读者满意度", "≥90%", ""),
    ]
    targets, findings = parse_targets([block(1, *lines, kind="overall")], 2026)
    assert findings == []
    (t,) = targets
    assert (t.kind, t.name, t.department_code, t.department_name) == (
        "overall",
        "示例市文化旅游局",
        "045",
        "示例市文化旅游局",
    )
    assert t.facts["内设职能部门数"] == "12个"
    assert t.facts["所属预算单位数"] == "4个"
    assert t.facts["核定的人员编制数"] == "150人"
    assert t.facts["实际在职人员总数"] == "148人"
    assert t.facts["在编人员数"] == "140人"
    assert t.facts["其他人员数"] == "8人"
    assert t.facts["来源:合计"] == t.facts["方向:合计"] == "1200.50"
    assert t.facts["来源:一般公共预算资金"] == "1100.50"
    assert t.facts["来源:政府性基金预算资金"] == "100.00"
    assert t.facts["来源:单位资金"] == "0.00"
    assert t.facts["方向:基本支出"] == "900.00"
    assert t.facts["方向:项目支出"] == "300.50"
    assert t.funds_annual.total is not None
    assert (t.funds_annual.total.value, t.funds_annual.total.unit) == (Decimal("1200.50"), "万元")
    assert t.funds_annual.central is None and t.funds_annual.provincial is None
    assert t.texts["部门职责"] == "负责全市文化和旅游工作"
    assert t.texts["部门战略目标"] == "建设书香城市"
    assert t.texts["年度绩效目标"] == "全年完成重点任务"
    assert t.texts["核心职能"] == "公共文化服务" and t.texts["重点任务"] == "新建图书角十个"
    assert [(i.name, i.raw, i.period, i.level1, i.level2) for i in t.indicators] == [
        ("新建图书角", "10个", ANNUAL, "产出指标", "数量指标"),
        ("举办阅读活动", "≥12场", ANNUAL, "产出指标", "数量指标"),
        ("图书角单点成本", "≤5万元", ANNUAL, "产出指标", "成本指标"),
        ("居民阅读率", "逐步提高", ANNUAL, "效益指标", "社会效益指标"),
        ("读者满意度", "≥90%", ANNUAL, "满意度指标", "服务对象满意度指标"),
    ]


# ---------------------------------------------------------------------------------------------
# the seed documents

SEED_FILES = {"000": "000_d50588ee5933d73e.txt", "001": "001_fa93c20e4f28a204.txt", "004": "004_e8461c9c2fcdff3d.txt"}
TITLES = ("项目支出绩效目标表", "整体支出绩效目标申报表")
_YEAR_LINE = re.compile(r"^[（(]\s*\d{4}\s*(?:年度\s*[)）]|[)）]\s*年度)$")


def _clean(text: str) -> str:
    for tag in ("<p>", "</p>", "<b>", "</b>"):
        text = text.replace(tag, "")
    return re.sub(r"^\s*#+\s*", "", text)


def seed_blocks(doc: str) -> list[TargetBlock]:
    """Cut a seed into TargetBlocks the way the segmenter does (titles, year line, junk lines)."""
    blocks: list[TargetBlock] = []
    current: TargetBlock | None = None
    for no, raw in enumerate((SEEDS / SEED_FILES[doc]).read_text(encoding="utf-8").split("\n"), start=1):
        text = _clean(raw)
        stripped = text.strip()
        if any(t in stripped for t in TITLES) and "\t" not in raw and "....." not in raw:
            kind = "overall" if TITLES[1] in stripped else "project"
            current = TargetBlock(kind=kind, title=stripped, line=no, line_end=no)
            blocks.append(current)
            continue
        if current is None:
            continue
        if stripped.startswith(("十一、", "第四部分")):
            current = None
            continue
        if not stripped or "仅供内部审核" in stripped or _YEAR_LINE.match(stripped):
            continue
        current.lines.append(Line(no=no, text=text, cells=tuple(c.strip() for c in text.split("\t"))))
        current.line_end = no
    return blocks


@cache
def parsed(doc: str) -> tuple[list[PerformanceTarget], list[str]]:
    targets, findings = parse_targets(seed_blocks(doc), 2026)
    return targets, [f"{f.code}:{f.location.line}" for f in findings]


def projects(doc: str) -> dict[int, PerformanceTarget]:
    return {t.location.line or 0: t for t in parsed(doc)[0] if t.kind == "project"}


# 年度资金总额 (元) of every project, keyed by the title line of its first fragment (notes §3.4)
ANNUAL_TOTALS = {
    "000": {
        618: "1290000", 688: "30000", 720: "11000", 752: "2098271", 784: "800000", 817: "370000", 849: "178000",
        885: "308700", 923: "162000", 961: "160000", 999: "35000", 1031: "9672", 1069: "96000", 1122: "150800",
        1161: "250000", 1194: "37000", 1256: "100000", 1293: "1000000", 1335: "1035000", 1385: "287270.6",
        1425: "250000", 1457: "50000", 1489: "162000", 1525: "115067.76", 1569: "500000", 1613: "31000",
        1646: "2000000", 1682: "30000", 1718: "2400000", 1766: "3350000", 1824: "400000", 1862: "104000",
        1931: "24000", 2014: "11000", 2046: "63000",
    },
    "001": {
        466: "1000000", 501: "1035000", 547: "287270.6", 579: "250000", 611: "50000", 642: "162000",
        674: "115067.76", 706: "500000", 742: "31000", 775: "2000000", 809: "30000", 841: "2400000",
        873: "3350000", 923: "400000",
    },
    "004": {
        570: "200000", 603: "180000", 649: "200000", 722: "350000", 769: "600000", 861: "5100000", 935: "53800",
        966: "466000", 1001: "990000", 1055: "97000", 1091: "2050000", 1145: "240000", 1203: "2500000",
    },
}  # fmt: skip


@pytest.mark.needs_shared
@pytest.mark.parametrize(("doc", "n_projects", "n_overall"), [("000", 35, 1), ("001", 14, 0), ("004", 13, 1)])
def test_seed_target_counts(doc: str, n_projects: int, n_overall: int) -> None:
    targets, _ = parsed(doc)
    assert sum(t.kind == "project" for t in targets) == n_projects
    assert sum(t.kind == "overall" for t in targets) == n_overall


@pytest.mark.needs_shared
@pytest.mark.parametrize("doc", sorted(ANNUAL_TOTALS))
def test_seed_annual_totals(doc: str) -> None:
    got: dict[int, Decimal | None] = {}
    for line, t in projects(doc).items():
        assert t.funds_annual.total is not None and t.funds_annual.total.unit == "元"
        got[line] = t.funds_annual.total.value
    assert got == {line: Decimal(v) for line, v in ANNUAL_TOTALS[doc].items()}


@pytest.mark.needs_shared
@pytest.mark.parametrize("doc", sorted(ANNUAL_TOTALS))
def test_seed_projects_have_indicators_names_and_codes(doc: str) -> None:
    for line, t in projects(doc).items():
        assert t.name, line
        assert t.department_code and t.department_name, line
        assert t.funds_period.total is not None and t.funds_period.total.value, line
        assert t.indicators, line


@pytest.mark.needs_shared
def test_seed_split_projects_are_merged() -> None:
    fragments = {line: [f.line for f in t.fragments] for line, t in projects("000").items() if len(t.fragments) > 1}
    assert fragments == {618: [618, 655], 1194: [1194, 1226], 1862: [1862, 1904], 1931: [1931, 1962, 1992]}
    merged = projects("000")[1931]
    assert merged.location.line_end == 2012 and merged.filled_at == "20251203153527"
    assert merged.unit_name and merged.unit_name.startswith("阳泉市药械不良反应监测中心")
    # the last fragment of that project prints its header and texts only
    (alone,), _ = parse_targets([b for b in seed_blocks("000") if b.line == 1992], 2026)
    assert alone.indicators == [] and alone.filled_at == "20251203153527"
    assert projects("000")[1194].period == "99年"


@pytest.mark.needs_shared
@pytest.mark.parametrize(
    ("doc", "line", "stamp"),
    [
        ("000", 618, "20251224133049"),  # on the second fragment only
        ("000", 961, "20251223105632"),  # in the same cell as the label
        ("000", 1457, "20251224163305"),  # on the next line
        ("000", 2014, "20261216165187"),
        ("000", 2046, None),  # truncated table without footer
        ("001", 547, "20251225065801"),
        ("004", 1145, "20251224151109"),
        ("004", 1203, "20251222153310"),
    ],
)
def test_seed_filled_at(doc: str, line: int, stamp: str | None) -> None:
    assert projects(doc)[line].filled_at == stamp


@pytest.mark.needs_shared
def test_seed_layout_irregularities() -> None:
    p000, p001, p004 = projects("000"), projects("001"), projects("004")
    assert (p000[1718].department_code, p000[1824].department_code, p001[611].department_code) == ("009", "028", "028")
    assert p004[1091].unit_name and p004[1091].unit_name.startswith("阳泉市财政局预算评审中心")
    assert p000[618].period == p000[1931].period == "99年"
    assert p001[611].funds_period.total is not None and p001[611].funds_period.total.value == Decimal(70000)
    assert p001[611].funds_annual.local is not None and p001[611].funds_annual.local.value == Decimal(50000)
    assert p000[1862].funds_annual.central is not None and p000[1862].funds_annual.central.value == Decimal(104000)
    assert p000[1766].texts["实施期目标"] and p000[1766].texts["年度目标"]
    assert p001[873].texts["概况"] and p001[873].texts["年度目标"]
    indicators_004 = by_name(p004[603].indicators, IMPLEMENTATION)
    assert indicators_004["考务人员劳务费用"].startswith("2")


@pytest.mark.needs_shared
def test_seed_overall_tables() -> None:
    (o000,) = [t for t in parsed("000")[0] if t.kind == "overall"]
    (o004,) = [t for t in parsed("004")[0] if t.kind == "overall"]
    assert (o000.department_code, o004.department_code) == ("029", "021")
    assert o000.facts["内设职能部门数"] == "32个" and o004.facts["内设职能部门数"] == "20个"
    assert o000.facts["其他人员数"] == o004.facts["其他人员数"] == "0人"
    assert o000.facts["方向:项目支出"] == "1789.88" and o000.facts["方向:基本支出"] == "6689.59"
    assert o004.facts["来源:合计"] == "2974.94" and o004.facts["方向:项目支出"] == "1302.68"
    assert o000.funds_annual.total is not None and o000.funds_annual.total.value == Decimal("8479.47")
    assert o000.funds_annual.total.unit == "万元"
    assert len(o000.indicators) > 25 and len(o004.indicators) > 15
    assert all(i.period == ANNUAL for i in o000.indicators + o004.indicators)
    assert {"部门职责", "部门战略目标", "年度绩效目标"} <= set(o000.texts)


@pytest.mark.needs_shared
def test_seed_findings() -> None:
    assert parsed("000")[1] == ["BL011:1850", "BL011:1850"]
    assert parsed("001")[1] == ["BL011:950", "BL011:950"]
    lines_004 = sorted({int(f.split(":")[1]) for f in parsed("004")[1]})
    assert lines_004 == [595, 598, 599, 628, 629, 630, 632, 633, 635, 637, 638]
    assert all(f.startswith("BL011") for f in parsed("004")[1])
