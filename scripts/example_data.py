"""Data for scripts/make_example.py: the fictional department, its units, basic expenditure and projects.

Change the numbers here; make_example.py computes every total from them. Money is Decimal 万元
(project funds in 元, whole hundreds so that 元 / 10000 is exact).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

DEPT, DEPT_CODE, CITY, YEAR = "示例市文化和旅游局", "045", "示例市", 2026
ZERO = Decimal(0)

# ---------------------------------------------------------------- data: classifications
FUNC = {
    "207": "文化旅游体育与传媒支出", "20701": "文化和旅游", "2070101": "行政运行",
    "2070102": "一般行政管理事务", "2070104": "图书馆", "2070199": "其他文化和旅游支出",
    "20702": "文物", "2070204": "文物保护",
    "208": "社会保障和就业支出", "20805": "行政事业单位养老支出", "2080501": "行政单位离退休",
    "2080502": "事业单位离退休", "2080505": "机关事业单位基本养老保险缴费支出",
    "2080506": "机关事业单位职业年金缴费支出",
    "210": "卫生健康支出", "21011": "行政事业单位医疗", "2101101": "行政单位医疗", "2101102": "事业单位医疗",
    "221": "住房保障支出", "22102": "住房改革支出", "2210201": "住房公积金",
}  # fmt: skip
CLASSES_30 = (
    "一般公共服务支出", "外交支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出",
    "文化旅游体育与传媒支出", "社会保障和就业支出", "社会保险基金支出", "卫生健康支出", "节能环保支出",
    "城乡社区支出", "农林水支出", "交通运输支出", "资源勘探工业信息等支出", "商业服务业等支出", "金融支出",
    "援助其他地区支出", "自然资源海洋气象等支出", "住房保障支出", "粮油物资储备支出", "国有资本经营预算支出",
    "灾害防治及应急管理支出", "预备费", "其他支出", "转移性支出", "债务还本支出", "债务付息支出",
    "债务发行费用支出", "抗疫特别国债安排的支出",
)  # fmt: skip
CLASS_INDEX = {"207": 6, "208": 7, "210": 9, "221": 19}  # 类 code -> position among the 30 names
PERSONNEL, GOODS, HOUSEHOLD = "工资福利支出", "商品和服务支出", "对个人和家庭的补助"
# 部门预算经济科目 款 in code order: (款, 类, 政府预算经济科目 for 机关). 事业 units map 工资福利/商品和服务
# to the 政府 类 of the same name (505 对事业单位经常性补助); 对个人和家庭的补助 maps alike for both.
ECON = (
    ("基本工资", PERSONNEL, "工资奖金津补贴"), ("津贴补贴", PERSONNEL, "工资奖金津补贴"),
    ("奖金", PERSONNEL, "工资奖金津补贴"), ("绩效工资", PERSONNEL, "工资奖金津补贴"),
    ("机关事业单位基本养老保险缴费", PERSONNEL, "社会保障缴费"), ("职业年金缴费", PERSONNEL, "社会保障缴费"),
    ("职工基本医疗保险缴费", PERSONNEL, "社会保障缴费"), ("其他社会保障缴费", PERSONNEL, "社会保障缴费"),
    ("住房公积金", PERSONNEL, "住房公积金"), ("办公费", GOODS, "办公经费"), ("印刷费", GOODS, "办公经费"),
    ("水费", GOODS, "办公经费"), ("电费", GOODS, "办公经费"), ("邮电费", GOODS, "办公经费"),
    ("取暖费", GOODS, "办公经费"), ("差旅费", GOODS, "办公经费"), ("会议费", GOODS, "会议费"),
    ("培训费", GOODS, "培训费"), ("公务接待费", GOODS, "公务接待费"), ("工会经费", GOODS, "办公经费"),
    ("公务用车运行维护费", GOODS, "公务用车运行维护费"), ("其他交通费用", GOODS, "办公经费"),
    ("其他商品和服务支出", GOODS, "其他商品和服务支出"), ("离休费", HOUSEHOLD, "离退休费"),
    ("退休费", HOUSEHOLD, "离退休费"),
)  # fmt: skip
ECON_CLASS = {name: cls for name, cls, _ in ECON}
# Basic expenditure goes to a fixed 项 per economic item; everything else to the unit's own 项.
FUNC_OF_ECON = {"机关事业单位基本养老保险缴费": "2080505", "职业年金缴费": "2080506", "住房公积金": "2210201"}
MEDICAL = {"行政": "2101101", "事业": "2101102"}
RETIRED = {"行政": "2080501", "事业": "2080502"}


# ---------------------------------------------------------------- data: units and projects
@dataclass(frozen=True)
class Unit:
    name: str
    kind: str  # "行政" | "事业"
    main_code: str  # 项 that carries the unit's running costs
    basic: dict[str, str]  # 部门经济科目 款 -> 万元


@dataclass(frozen=True)
class Project:
    unit: str
    name: str
    code: str
    kind: str  # 其他运转类 | 特定目标类
    recurring: bool
    funds: tuple[int, int, int]  # 年度资金 in 元: 中央, 省级, 市县（区）
    period: tuple[int, int, int] | None  # 实施期资金 in 元; None = same as the year
    summary: str = ""
    basis: str = ""
    goal: str = ""
    indicators: tuple[tuple[str, str, str, str], ...] = ()  # 二级, 三级, 年度值, 实施期值 ("" = same)
    purchase: tuple[str, str] | None = None  # (货物|工程|服务, 万元)

    @property
    def amount(self) -> Decimal:  # 万元; funds are whole hundreds of 元, so this is exact
        return Decimal(sum(self.funds)) / 10000


UNITS = (
    Unit(DEPT, "行政", "2070101", {
        "基本工资": "186.42", "津贴补贴": "231.57", "奖金": "58.36", "机关事业单位基本养老保险缴费": "72.18",
        "职业年金缴费": "36.09", "职工基本医疗保险缴费": "33.84", "其他社会保障缴费": "2.71", "住房公积金": "61.25",
        "办公费": "12.60", "印刷费": "2.40", "水费": "1.15", "电费": "6.30", "邮电费": "2.85", "取暖费": "14.72",
        "差旅费": "8.50", "会议费": "1.80", "培训费": "2.25", "公务接待费": "1.20", "工会经费": "7.92",
        "公务用车运行维护费": "3.60", "其他交通费用": "21.60", "其他商品和服务支出": "4.35", "离休费": "9.86",
        "退休费": "64.32"}),
    Unit("示例市图书馆", "事业", "2070104", {
        "基本工资": "132.66", "津贴补贴": "18.40", "绩效工资": "146.28", "机关事业单位基本养老保险缴费": "57.31",
        "职业年金缴费": "28.66", "职工基本医疗保险缴费": "26.87", "其他社会保障缴费": "2.15", "住房公积金": "44.90",
        "办公费": "6.80", "印刷费": "1.90", "水费": "2.35", "电费": "9.60", "邮电费": "1.75", "取暖费": "18.36",
        "差旅费": "3.20", "工会经费": "5.84", "其他商品和服务支出": "3.10", "退休费": "48.75"}),
    Unit("示例市文物保护中心", "事业", "2070204", {
        "基本工资": "71.28", "津贴补贴": "9.96", "绩效工资": "80.45", "机关事业单位基本养老保险缴费": "31.02",
        "职业年金缴费": "15.51", "职工基本医疗保险缴费": "14.54", "其他社会保障缴费": "1.16", "住房公积金": "24.30",
        "办公费": "4.10", "印刷费": "0.85", "水费": "0.96", "电费": "3.40", "邮电费": "1.12", "取暖费": "9.18",
        "差旅费": "2.60", "工会经费": "3.17", "公务用车运行维护费": "2.40", "其他商品和服务支出": "1.75",
        "退休费": "22.40"}),
)  # fmt: skip
U1, U2, U3 = (u.name for u in UNITS)
SAT, SOC, LASTING = "服务对象满意度指标", "社会效益指标", "可持续影响指标"
PROJECTS = (
    Project(U1, "文化旅游市场综合执法工作经费", "2070102", "其他运转类", True, (0, 0, 380000), (0, 0, 1140000),
            "用于文化、旅游和文物市场的日常巡查、专项检查及执法装备维护。",
            "《中华人民共和国旅游法》和文化市场综合执法有关规定。",
            "规范全市文化和旅游市场经营秩序，及时查处违法违规经营行为。",
            (("数量指标", "开展市场巡查", "≥240次", "≥720次"), ("数量指标", "组织专项整治行动", "≥6次", "≥18次"),
             ("质量指标", "投诉案件办结率", "100%", ""), ("时效指标", "投诉受理时限", "≤5个工作日", ""),
             (SOC, "文化旅游市场秩序", "持续向好", ""), (LASTING, "综合执法长效机制", "逐步健全", ""),
             (SAT, "经营主体和游客满意度", "≥90%", ""))),
    Project(U1, "全域旅游宣传推广经费", "2070199", "特定目标类", True, (0, 0, 850000), (0, 0, 2550000),
            "通过媒体投放、旅游推介会和新媒体账号运营，推介本市文化旅游资源。", "《示例市文化和旅游发展规划》。",
            "提高本市旅游目的地知名度，带动游客接待量和旅游收入增长。",
            (("数量指标", "举办旅游推介活动", "≥8场", "≥24场"), ("数量指标", "发布新媒体宣传作品", "≥120条", "≥360条"),
             ("质量指标", "宣传内容审核合格率", "100%", ""),
             ("时效指标", "推介活动完成时间", "2026年11月底前", "每年11月底前"),
             (SOC, "游客接待量同比增长", "≥5%", ""), (SAT, "合作单位满意度", "≥90%", "")), ("服务", "60.00")),
    Project(U1, "公共文化惠民演出活动经费", "2070199", "特定目标类", False, (0, 465000, 0), None,
            "在城区广场和各乡镇（街道）组织惠民演出，丰富群众文化生活。", "《中华人民共和国公共文化服务保障法》。",
            "全年组织惠民演出不少于60场，覆盖全部乡镇（街道）。",
            (("数量指标", "惠民演出场次", "≥60场", ""), ("质量指标", "演出安全事故", "0次", ""),
             ("时效指标", "演出完成时间", "2026年12月底前", ""), (SOC, "观演群众人次", "≥30000人次", ""),
             (SAT, "观众满意度", "≥95%", "")), ("服务", "46.50")),
    Project(U2, "图书馆文献资源购置经费", "2070104", "其他运转类", True, (0, 0, 624000), (0, 0, 1872000),
            "采购纸质图书、报刊和数字资源，补充馆藏文献。", "《中华人民共和国公共图书馆法》。",
            "每年新增馆藏文献不少于2万册（件），保持馆藏结构合理。",
            (("数量指标", "新增纸质图书", "≥20000册", "≥60000册"), ("数量指标", "续订报刊种类", "≥300种", ""),
             ("质量指标", "到货验收合格率", "100%", ""), ("时效指标", "采购完成时间", "2026年10月底前", "每年10月底前"),
             (SOC, "年文献外借量", "≥25万册次", ""), (SAT, "读者满意度", "≥90%", "")), ("货物", "62.40")),
    Project(U2, "图书馆免费开放补助资金", "2070104", "特定目标类", False, (300000, 0, 0), None,
            "用于免费开放所需的阅读推广、讲座展览和场馆运行。", "中央补助地方公共文化服务体系建设资金管理办法。",
            "保障图书馆全年免费开放，开展全民阅读推广活动。",
            (("数量指标", "全年开放天数", "≥300天", ""), ("数量指标", "举办讲座和展览", "≥48场", ""),
             ("质量指标", "免费开放服务项目达标率", "100%", ""), ("时效指标", "资金支付完成时间", "2026年12月底前", ""),
             (SOC, "到馆读者人次", "≥40万人次", ""), (SAT, "读者满意度", "≥92%", ""))),
    Project(U2, "图书馆聘用人员经费", "2070104", "其他运转类", True, (0, 0, 273600), (0, 0, 820800),
            "支付借阅、安保和保洁岗位聘用人员的劳务报酬。", "本馆岗位设置方案及劳务派遣合同。",
            "保障延时开放期间各服务岗位人员到位。",
            (("数量指标", "聘用人员", "≤12人", ""), ("质量指标", "劳务报酬足额发放率", "100%", ""),
             ("时效指标", "发放时间", "每月15日前", ""), (SOC, "延时开放服务", "有效保障", ""),
             (SAT, "聘用人员满意度", "≥90%", ""))),
    Project(U3, "不可移动文物日常巡查维护经费", "2070204", "其他运转类", True, (0, 0, 448000), (0, 0, 1344000),
            "对全市重点不可移动文物开展日常巡查、安全检查和小型维护。", "《中华人民共和国文物保护法》。",
            "重点文物保护单位巡查全覆盖，安全隐患及时消除。",
            (("数量指标", "巡查文物点", "≥85处", ""), ("质量指标", "巡查记录完整率", "100%", ""),
             ("时效指标", "隐患整改时限", "≤30天", ""), (SOC, "文物安全事故", "0起", ""),
             (LASTING, "文物巡查制度", "长期有效", ""), (SAT, "属地群众满意度", "≥90%", ""))),
    Project(U3, "革命文物保护修缮项目", "2070204", "特定目标类", False, (0, 800000, 400000), None,
            "对两处市级革命文物保护单位实施屋面、墙体和木构件修缮。",
            "革命文物保护利用工程实施方案及修缮设计方案批复。",
            "完成两处革命旧址本体修缮并通过竣工验收。",
            (("数量指标", "修缮文物点", "2处", ""), ("质量指标", "竣工验收合格率", "100%", ""),
             ("时效指标", "工程完工时间", "2026年11月底前", ""), (SOC, "革命旧址开放利用", "修缮后对外开放", ""),
             (LASTING, "文物本体保存状况", "明显改善", ""), (SAT, "参观群众满意度", "≥90%", "")), ("工程", "120.00")),
)  # fmt: skip
CARRY = (Project(U3, "2025年文物安全防护设施维护经费", "2070204", "其他运转类", False, (0, 0, 68000), None),)
# Prior-year (2025) figures quoted in the narrative.
PRIOR = {"total": Decimal("2086.45"), "gpb": Decimal("2079.30"), "running": Decimal("92.50")}
PRIOR_3G = {"出国": ZERO, "接待": Decimal("1.50"), "购置": ZERO, "运维": Decimal("6.00")}
# Texts of the performance annex: the 整体 table, and the parts every project table shares.
OVERALL = {
    "部门职责": "拟订全市文化和旅游发展规划；管理公共文化服务和文物保护工作；开展旅游推广和市场执法。",
    "部门战略目标": "建成覆盖城乡的公共文化服务网络，文物得到有效保护，文化和旅游融合发展水平持续提高。",
    "核心职能": "公共文化服务、文物保护、旅游推广和市场监管。",
    "重点任务": "办好惠民演出和全民阅读；完成革命文物修缮；开展旅游推介。",
    "年度绩效目标": "公共文化设施全年免费开放，重点文物安全可控，文化和旅游市场秩序良好。",
}
OVERALL_INDICATORS = (
    ("质量指标", "文物安全检查覆盖率", "100%"), ("时效指标", "重点项目完成时间", "2026年12月底前"),
    ("社会效益指标", "公共文化服务覆盖面", "持续扩大"), ("服务对象满意度指标", "群众对公共文化服务满意度", "≥90%"),
)  # fmt: skip
NEED = "该项目是{unit}履行职责的必要支出，资金不足将直接影响相关工作的正常开展。"
MEASURES = "实行项目负责人制度，资金按财务管理和政府采购规定使用，每季度跟踪绩效目标完成情况。"
PLAN = {
    True: "按年度分解任务、按月推进，年底开展绩效自评，并据此调整下一年度安排。",
    False: "1—3月制定实施方案，4—11月组织实施，12月底前完成验收和绩效自评。",
}
# 整体支出绩效目标申报表 部门基本信息 (label, value) pairs, two per printed row.
STAFF = (("内设职能部门数", "8个"), ("所属预算单位数", f"{len(UNITS)}个"), ("核定的人员编制数", "105人"),
         ("实际在职人员总数", "101人"), ("其中:在编人员数", "101人"), ("其他人员数", "0人"))  # fmt: skip


# ---------------------------------------------------------------- computation
def d(text: str) -> Decimal:
    return Decimal(text)


def func_code(unit: Unit, item: str) -> str:
    if item in FUNC_OF_ECON:
        return FUNC_OF_ECON[item]
    if item == "职工基本医疗保险缴费":
        return MEDICAL[unit.kind]
    return RETIRED[unit.kind] if ECON_CLASS[item] == HOUSEHOLD else unit.main_code


@dataclass
class Ledger:
    """Amounts (万元) per 项 code: 基本支出, 本年项目支出 and 上年结转 (all 一般公共预算)."""

    basic: dict[str, Decimal] = field(default_factory=dict)
    project: dict[str, Decimal] = field(default_factory=dict)
    carry: dict[str, Decimal] = field(default_factory=dict)

    @staticmethod
    def build() -> Ledger:
        led = Ledger()
        for unit in UNITS:
            for item, amount in unit.basic.items():
                code = func_code(unit, item)
                led.basic[code] = led.basic.get(code, ZERO) + d(amount)
        for book, projects in ((led.project, PROJECTS), (led.carry, CARRY)):
            for p in projects:
                book[p.code] = book.get(p.code, ZERO) + p.amount
        return led

    @staticmethod
    def total(book: dict[str, Decimal], prefix: str) -> Decimal:
        return sum((v for k, v in book.items() if k.startswith(prefix)), ZERO)

    def codes(self) -> list[str]:
        """类, 款 and 项 codes in pre-order: prefix codes sort before their children."""
        return sorted({c[:n] for c in (*self.basic, *self.project, *self.carry) for n in (3, 5, 7)})

    def b(self, prefix: str = "") -> Decimal:
        """基本支出 of a 类/款/项 code (all codes for "")."""
        return self.total(self.basic, prefix)

    def p(self, prefix: str = "") -> Decimal:
        """本年项目支出."""
        return self.total(self.project, prefix)

    def c(self, prefix: str = "") -> Decimal:
        """上年结转 (all of it 项目支出)."""
        return self.total(self.carry, prefix)


def econ_rows() -> list[tuple[str, str, str, Decimal]]:
    """表六 款 rows: (部门款, 政府款, 类, amount), 机关 mapping before 事业 mapping; equal pairs merge."""
    rows: dict[tuple[str, str], Decimal] = {}
    for name, cls, gov in ECON:
        for kind in ("行政", "事业"):
            gov_name = gov if kind == "行政" or cls == HOUSEHOLD else cls
            if amount := econ_total(name, kind):
                rows[name, gov_name] = rows.get((name, gov_name), ZERO) + amount
    return [(name, gov, ECON_CLASS[name], v) for (name, gov), v in rows.items()]


def econ_total(name: str, kind: str | None = None) -> Decimal:
    return sum((d(u.basic.get(name, "0")) for u in UNITS if kind in (None, u.kind)), ZERO)


def goods_of(unit: Unit) -> Decimal:
    return sum((d(v) for k, v in unit.basic.items() if ECON_CLASS[k] == GOODS), ZERO)
