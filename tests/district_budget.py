"""Generator of a fictional 区县 部门预算公开 in the tab-separated text flavour (another template than 阳泉's).

The district template differs from the city template the seeds follow: 9 tables numbered 表1…表9 with
other titles (部门收支总表, 部门收入总表 …), amounts in 元 with thousands separators, 功能分类 codes
printed in three columns 类⇥款⇥项 under a 科目编码 header spanning them, economic codes in two columns
类⇥款, one combined “三公”经费和机关运行经费预算表 (机关运行经费 as its own row after the 三公 合计), and
narrative items that name the code path: 公共安全支出（204类）司法（06款）行政运行（01项）167.27万元.

Every total is computed from the items below; ``build(errors=...)`` plants named errors after that,
so tests can check that a consistent document gives no findings and each planted error one.
Usage in tests: ``build()`` → text; ``build(errors={"item_basic"})`` → text with that error.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from budgetlens.generate.templates import load_template

# the 30 类 the 收支总表 lists, in order
CLASSES_30: tuple[str, ...] = tuple(load_template("shanxi-city-budget")["expenditure_classes"])

YEAR = 2026
DEPT = "示例县司法局"
WAN = Decimal(10000)


@dataclass(frozen=True)
class Item:
    """A 项 of the 功能分类 with its 基本支出 and 项目支出 (元)."""

    code: str
    name: str
    basic: Decimal
    project: Decimal

    @property
    def total(self) -> Decimal:
        return self.basic + self.project


CLASS_NAMES = {"204": "公共安全支出", "208": "社会保障和就业支出", "210": "卫生健康支出", "221": "住房保障支出"}
KUAN_NAMES = {"20406": "司法", "20805": "行政事业单位养老支出", "21011": "行政事业单位医疗", "22102": "住房改革支出"}
ITEMS = (
    Item("2040601", "行政运行", Decimal("1672670.00"), Decimal(0)),
    Item("2040604", "基层司法业务", Decimal(0), Decimal("350000.00")),
    Item("2080505", "机关事业单位基本养老保险缴费支出", Decimal("186240.00"), Decimal(0)),
    Item("2101101", "行政单位医疗", Decimal("78310.00"), Decimal(0)),
    Item("2210201", "住房公积金", Decimal("125600.00"), Decimal(0)),
)
# 部门预算支出经济分类 款 of the 基本支出: (类, 款, name, 人员经费, 公用经费); they add up to the 基本支出 above.
ECONOMIC = (
    ("301", "01", "基本工资", Decimal("720000.00"), Decimal(0)),
    ("301", "02", "津贴补贴", Decimal("640000.00"), Decimal(0)),
    ("301", "08", "机关事业单位基本养老保险缴费", Decimal("186240.00"), Decimal(0)),
    ("301", "10", "职工基本医疗保险缴费", Decimal("78310.00"), Decimal(0)),
    ("301", "13", "住房公积金", Decimal("125600.00"), Decimal(0)),
    ("302", "01", "办公费", Decimal(0), Decimal("150000.00")),
    ("302", "17", "公务接待费", Decimal(0), Decimal("12000.00")),
    ("302", "31", "公务用车运行维护费", Decimal(0), Decimal("48000.00")),
    ("302", "99", "其他商品和服务支出", Decimal(0), Decimal("102670.00")),
)
ECONOMIC_CLASSES = {"301": "工资福利支出", "302": "商品和服务支出"}
ABROAD, RECEPTION, CAR_BUY, CAR_RUN = Decimal(0), Decimal("12000.00"), Decimal(0), Decimal("48000.00")
OPERATING = Decimal("312670.00")  # 机关运行经费 (the 公用经费 of this 行政单位)
PRIOR_TOTAL = Decimal("2450000.00")  # last year's 支出 (narrative only)
PRIOR_ITEM = Decimal("1690760.00")  # 2025年预算执行数 of 2040601 (narrative only)
CN = "一二三四五六七八九十"
# Planted errors (applied after every total is computed):
ERRORS = {
    "item_basic": "表3 部门支出总表: 2040601 行政运行 基本支出 +100.00 (合计 ≠ 基本 + 项目)",
    "kuan_sum": "表5 一般公共预算支出表: 20406 司法 合计 +10.00 (款 ≠ Σ项)",
    "narrative_item": "说明 五: 行政运行（01项）stated as 167.72万元 instead of 167.27万元",
    "three_public_total": "表8: “三公”经费 合计 +1,000.00 (≠ Σ items)",
}


def cn_num(n: int) -> str:
    if n <= 10:
        return CN[n - 1]
    if n < 20:
        return "十" + CN[n - 11]
    tens, ones = divmod(n, 10)
    return CN[tens - 1] + "十" + (CN[ones - 1] if ones else "")


def yuan(v: Decimal) -> str:
    """A table cell in 元: thousands separators, two decimals, zero as an empty cell."""
    return "" if v == 0 else f"{v:,.2f}"


def wan(v: Decimal) -> str:
    """A narrative amount in 万元 (two decimals, separators)."""
    return f"{(v / WAN).quantize(Decimal('0.01'), ROUND_HALF_UP):,.2f}"


def pct(part: Decimal, whole: Decimal) -> str:
    return f"{(part * 100 / whole).quantize(Decimal('0.01'), ROUND_HALF_UP)}"


class _Doc:
    def __init__(self, label_style: str) -> None:
        self.lines: list[str] = []
        self.number = 0
        self.label_style = label_style

    def add(self, *lines: str) -> None:
        for line in lines:
            self.lines.extend((line, ""))

    def row(self, *cells: str) -> None:
        self.lines.append("\t".join(cells))

    def table(self, title: str, *header: str) -> None:
        self.number += 1
        if self.label_style == "prefix":
            self.add(f"表{self.number} {title}")
        else:
            self.add(f"表{self.number}", title)
        self.add(f"部门名称：{DEPT}", "单位：元")
        for h in header:
            self.row(*h.split("|"))


def _sum(values: list[Decimal]) -> Decimal:
    return sum(values, Decimal(0))


def _function_rows(items: tuple[Item, ...], bump: dict[str, tuple[int, Decimal]]) -> list[list[str]]:
    """Rows 类⇥款⇥项⇥name⇥合计⇥基本⇥项目 in pre-order with their sums; ``bump`` adds to one cell afterwards."""
    out: list[tuple[str, str, list[Decimal]]] = []
    rows = [[_sum([i.total for i in items]), _sum([i.basic for i in items]), _sum([i.project for i in items])]]
    out.append(("", "合计", rows[0]))
    for cls in sorted({i.code[:3] for i in items}):
        mine = [i for i in items if i.code.startswith(cls)]
        out.append((cls, CLASS_NAMES[cls], [_sum([i.total for i in mine]), _sum([i.basic for i in mine]),
                                             _sum([i.project for i in mine])]))  # fmt: skip
        for kuan in sorted({i.code[:5] for i in mine}):
            sub = [i for i in mine if i.code.startswith(kuan)]
            out.append((kuan, KUAN_NAMES[kuan], [_sum([i.total for i in sub]), _sum([i.basic for i in sub]),
                                                  _sum([i.project for i in sub])]))  # fmt: skip
            out.extend((i.code, i.name, [i.total, i.basic, i.project]) for i in sub)
    lines = []
    for code, name, values in out:
        if code in bump:
            col, delta = bump[code]
            values = list(values)
            values[col] += delta
        parts = [code[:3], code[3:5], code[5:7]] if code else ["", "", ""]
        lines.append([*parts, name, *(yuan(v) for v in values)])
    return lines


def tables(doc: _Doc, errors: set[str], three_layout: str = "rows") -> None:
    total = _sum([i.total for i in ITEMS])
    basic = _sum([i.basic for i in ITEMS])
    by_class = {c: _sum([i.total for i in ITEMS if i.code.startswith(c)]) for c in CLASS_NAMES}
    index = {name: c for c, name in CLASS_NAMES.items()}
    doc.table("部门收支总表", "收入||支出|", "项目|预算数|项目|预算数")
    income = ("一、一般公共预算", "二、政府性基金预算", "三、国有资本经营预算", "四、财政专户管理资金", "五、单位资金")
    for n, name in enumerate(CLASSES_30):
        left = [income[n], yuan(total) if n == 0 else ""] if n < len(income) else ["", ""]
        amount = by_class.get(index.get(name, ""), Decimal(0))
        doc.row(*left, f"{cn_num(n + 1)}、{name}", yuan(amount))
    doc.row("本年收入合计", yuan(total), "本年支出合计", yuan(total))
    doc.row("上年结转", "", "年终结转", "")
    doc.row("收入总计", yuan(total), "支出总计", yuan(total))
    doc.lines.append("")
    code_head = "科目编码|||科目名称"
    doc.table(
        "部门收入总表",
        f"{code_head}|本年收入||||||上年结转",
        "类|款|项||合计|一般公共预算|政府性基金|国有资本经营预算|财政专户管理资金|单位资金|",
    )
    for cells in _function_rows(ITEMS, {}):
        doc.row(*cells[:5], cells[4], "", "", "", "", "")
    doc.lines.append("")
    bump = {"2040601": (1, Decimal(100))} if "item_basic" in errors else {}
    doc.table("部门支出总表", f"{code_head}|合计|基本支出|项目支出", "类|款|项||||")
    for cells in _function_rows(ITEMS, bump):
        doc.row(*cells)
    doc.lines.append("")
    doc.table("财政拨款收支总表", "收入||支出||||", "项目|金额|项目|金额|||",
              "|||小计|一般公共预算|政府性基金预算|国有资本经营预算")  # fmt: skip
    fiscal_income = ("一、一般公共预算", "二、政府性基金预算", "三、国有资本经营预算")
    for n, name in enumerate(CLASSES_30):
        left = [fiscal_income[n], yuan(total) if n == 0 else ""] if n < len(fiscal_income) else ["", ""]
        amount = by_class.get(index.get(name, ""), Decimal(0))
        doc.row(*left, f"{cn_num(n + 1)}、{name}", yuan(amount), yuan(amount), "", "")
    doc.row("本年收入合计", yuan(total), "本年支出合计", yuan(total), yuan(total), "", "")
    doc.row("上年财政拨款结转", "", "年终结转", "", "", "", "")
    doc.row("收入总计", yuan(total), "支出总计", yuan(total), yuan(total), "", "")
    doc.lines.append("")
    bump = {"20406": (0, Decimal(10))} if "kuan_sum" in errors else {}
    doc.table("一般公共预算支出表", f"{code_head}|合计|基本支出|项目支出", "类|款|项||||")
    for cells in _function_rows(ITEMS, bump):
        doc.row(*cells)
    doc.lines.append("")
    personnel = _sum([e[3] for e in ECONOMIC])
    public = _sum([e[4] for e in ECONOMIC])
    assert personnel + public == basic
    doc.table("一般公共预算基本支出表", "科目编码||科目名称|合计|人员经费|公用经费", "类|款||||")
    doc.row("", "", "合计", yuan(basic), yuan(personnel), yuan(public))
    for cls, cls_name in ECONOMIC_CLASSES.items():
        mine = [e for e in ECONOMIC if e[0] == cls]
        p, q = _sum([e[3] for e in mine]), _sum([e[4] for e in mine])
        doc.row(cls, "", cls_name, yuan(p + q), yuan(p), yuan(q))
        for _, kuan, name, p1, q1 in mine:
            doc.row(cls, kuan, name, yuan(p1 + q1), yuan(p1), yuan(q1))
    doc.lines.append("")
    doc.table("政府性基金预算支出表", f"{code_head}|合计|基本支出|项目支出", "类|款|项||||")
    doc.row("", "", "", "合计", "", "", "")
    doc.add("注：本表无数据")
    three = ABROAD + RECEPTION + CAR_BUY + CAR_RUN
    three_printed = three + (Decimal(1000) if "three_public_total" in errors else 0)
    if three_layout == "columns":
        doc.table(
            "“三公”经费和机关运行经费预算表",
            "合计|因公出国（境）费|公务用车购置及运行费|||公务接待费|机关运行经费",
            "||小计|公务用车购置费|公务用车运行维护费||",
        )
        doc.row(yuan(three_printed), yuan(ABROAD), yuan(CAR_BUY + CAR_RUN), yuan(CAR_BUY), yuan(CAR_RUN),
                yuan(RECEPTION), yuan(OPERATING))  # fmt: skip
    else:
        doc.table("“三公”经费和机关运行经费预算表", "项目|预算数")
        doc.row("因公出国（境）费", yuan(ABROAD))
        doc.row("公务接待费", yuan(RECEPTION))
        doc.row("公务用车购置及运行费", yuan(CAR_BUY + CAR_RUN))
        doc.row("①公务用车购置费", yuan(CAR_BUY))
        doc.row("②公务用车运行维护费", yuan(CAR_RUN))
        doc.row("合计", yuan(three_printed))
        doc.row("机关运行经费", yuan(OPERATING))
    doc.lines.append("")
    doc.table("国有资本经营预算支出表", f"{code_head}|合计|基本支出|项目支出", "类|款|项||||")
    doc.row("", "", "", "合计", "", "", "")
    doc.add("注：本表无数据")


def narrative(doc: _Doc, errors: set[str]) -> None:
    total = _sum([i.total for i in ITEMS])
    basic = _sum([i.basic for i in ITEMS])
    project = _sum([i.project for i in ITEMS])
    personnel = _sum([e[3] for e in ECONOMIC])
    public = _sum([e[4] for e in ECONOMIC])
    change = total - PRIOR_TOTAL
    run = ITEMS[0]
    run_text = "167.72" if "narrative_item" in errors else wan(run.total)
    three = ABROAD + RECEPTION + CAR_BUY + CAR_RUN
    doc.add(
        f"第二部分 {YEAR}年部门预算情况说明",
        "一、收支预算总体情况说明",
        f"本部门{YEAR}年收入总计{wan(total)}万元，支出总计{wan(total)}万元，比上年减少{wan(-change)}万元，"
        f"下降{pct(-change, PRIOR_TOTAL)}%，主要是人员变动。",
        "二、收入预算情况说明",
        f"本部门{YEAR}年收入预算总计{wan(total)}万元，全部为一般公共预算拨款收入。",
        "三、支出预算情况说明",
        f"本部门{YEAR}年支出预算总计{wan(total)}万元。其中：基本支出{wan(basic)}万元，占{pct(basic, total)}%；"
        f"项目支出{wan(project)}万元，占{pct(project, total)}%。",
        "四、财政拨款收支预算总体情况说明",
        f"本部门{YEAR}年财政拨款收支预算总计{wan(total)}万元，全部为一般公共预算拨款。",
        "五、一般公共预算支出情况说明",
        f"本部门{YEAR}年一般公共预算支出{wan(total)}万元，主要用于以下方面：",
        f"公共安全支出（204类）司法（06款）行政运行（01项）{run_text}万元，主要用于机关日常运转，"
        f"比2025年预算执行数减少{pct(PRIOR_ITEM - run.total, PRIOR_ITEM)}%。",
        f"公共安全支出（204类）司法（06款）基层司法业务（04项）{wan(ITEMS[1].total)}万元，主要用于人民调解和社区矫正工作。",
        "六、一般公共预算基本支出情况说明",
        f"本部门{YEAR}年一般公共预算基本支出{wan(basic)}万元，其中：人员经费{wan(personnel)}万元，"
        f"主要包括基本工资、津贴补贴、社会保障缴费、住房公积金；公用经费{wan(public)}万元，"
        "主要包括办公费、公务接待费、公务用车运行维护费和其他商品和服务支出。",
        "七、“三公”经费预算情况说明",
        f"本部门{YEAR}年“三公”经费预算{wan(three)}万元。分项看：因公出国（境）费0万元；公务接待费{wan(RECEPTION)}万元；"
        f"公务用车购置及运行费{wan(CAR_BUY + CAR_RUN)}万元，其中公务用车购置费0万元，"
        f"公务用车运行维护费{wan(CAR_RUN)}万元。",
        "八、机关运行经费预算情况说明",
        f"本部门{YEAR}年机关运行经费预算{wan(OPERATING)}万元，主要用于办公、水电和公务用车运行等支出。",
        "九、政府采购预算情况说明",
        f"本部门{YEAR}年政府采购预算15.00万元，其中：政府采购货物预算15.00万元、政府采购工程预算0万元、政府采购服务预算0万元。",
        "十、国有资产占有使用情况说明",
        "截至2025年底，本部门共有公务用车2辆，其中执法执勤用车2辆；单位价值50万元以上通用设备0台（套）。",
        "十一、绩效目标设置情况说明",
        f"本部门{YEAR}年对项目支出全部设置了绩效目标，涉及资金{wan(project)}万元。",
        "第三部分 名词解释",
        "一、基本支出：为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。",
        "二、项目支出：在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
        "三、“三公”经费：因公出国（境）费、公务用车购置及运行费和公务接待费。",
        "四、机关运行经费：为保障行政单位运行用于购买货物和服务等的各项公用经费。",
    )


def build(
    errors: set[str] | frozenset[str] = frozenset(),
    label_style: str = "line",
    extra: str = "",
    three_layout: str = "rows",
) -> str:
    """The district document; ``errors`` are keys of ERRORS; ``extra`` is appended before the tables part.

    ``three_layout="columns"`` prints the 三公 table with its items as columns over one row of amounts.
    """
    unknown = set(errors) - set(ERRORS)
    if unknown:
        raise ValueError(f"unknown planted errors: {sorted(unknown)}")
    doc = _Doc(label_style)
    doc.add(DEPT, f"{YEAR}年部门预算公开")
    doc.add(
        "第一部分 部门概况",
        "一、部门职责",
        "负责全县公共法律服务体系建设，指导人民调解和社区矫正工作。",
        "二、机构设置",
        f"{DEPT}内设办公室、法治督察股等4个股室，纳入{YEAR}年部门预算编制范围的单位1个。",
    )
    narrative(doc, set(errors))
    doc.add(f"第四部分 {YEAR}年部门预算表")
    tables(doc, set(errors), three_layout)
    if extra:
        doc.lines.extend(extra.split("\n"))
    return "\n".join(doc.lines) + "\n"


if __name__ == "__main__":  # pragma: no cover - write a sample for inspection
    import sys

    sys.stdout.write(build())
