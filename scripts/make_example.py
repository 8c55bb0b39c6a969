"""Generate examples/sample-department-budget-2026.txt, a fictional 部门预算公开 in the seeds' text flavour.

The document is built from the small data set in scripts/example_data.py (units, basic expenditure by
economic item, projects): every total is computed, then exactly two deliberate errors are applied (see
ERROR_A, ERROR_B and examples/README.md). Layout follows the plain-text seeds (TAB-separated tables, 万元 with
two decimals, watermark lines); all prose is written for this fictional department.

Usage: python scripts/make_example.py [--check] [--pdf]   (or python -m scripts.make_example; --check exits 1
if the file on disk differs from what the generator produces, for CI; --pdf also prints the text as
examples/sample-department-budget-2026.pdf with the fixture builder, WeasyPrint and the Noto CJK font)
"""

from __future__ import annotations

import argparse
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

if not __package__:  # run as `python scripts/make_example.py`: make the `scripts` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from scripts.example_data import (
    CARRY,
    CITY,
    CLASS_INDEX,
    CLASSES_30,
    DEPT,
    DEPT_CODE,
    FUNC,
    GOODS,
    HOUSEHOLD,
    MEASURES,
    NEED,
    OVERALL,
    OVERALL_INDICATORS,
    PERSONNEL,
    PLAN,
    PRIOR,
    PRIOR_3G,
    PROJECTS,
    STAFF,
    UNITS,
    YEAR,
    ZERO,
    Ledger,
    Project,
    econ_rows,
    econ_total,
    goods_of,
)

OUT = Path(__file__).resolve().parents[1] / "examples" / "sample-department-budget-2026.txt"
OUT_PDF = OUT.with_suffix(".pdf")
WATERMARK = "仅供内部审核"
CENT = Decimal("0.01")
# The two deliberate errors, applied after all totals are computed.
ERROR_A = ("2070104", Decimal("1.00"))  # 表三 支出总表: this 项 row's 合计 ≠ 基本支出 + 项目支出
ERROR_B = ("21011", Decimal("0.50"))  # 表五 一般公共预算支出表: this 款 ≠ Σ 项 (类 and 合计 follow the 款)
# Layout quirks of the seeds: a page-break blank line before this 表二 row, a dropped trailing cell on that one.
T2_PAGE_BREAK, T2_DROPPED_CELL = "210", "2101101"


# ---------------------------------------------------------------- formatting
def cell(v: str | Decimal) -> str:
    """13 tables: 万元 with two decimals, no separators; zero prints as an empty cell."""
    return v if isinstance(v, str) else ("" if v == 0 else f"{v:.2f}")


def fmt(v: Decimal) -> str:
    """Narrative amounts: thousands separators, 0 for nothing."""
    return "0" if v == 0 else f"{v:,.2f}"


def pct(part: Decimal, whole: Decimal) -> str:
    return f"{(part * 100 / whole).quantize(CENT, ROUND_HALF_UP)}%"


def change(cur: Decimal, prev: Decimal) -> str:
    if cur == prev:
        return "与上年持平"
    verb, rate = ("增长", "增长") if cur > prev else ("减少", "下降")
    return f"比上年{verb}{fmt(abs(cur - prev))}万元，{rate}{pct(abs(cur - prev), prev)}"


def yuan(v: int) -> str:
    return f"{v:,}"


def cn_num(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + ("" if ones == 0 else digits[ones])


class Doc:
    """Output lines plus named line marks (1-based) for the README and the report."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.marks: dict[str, int] = {}

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def para(self, *texts: str) -> None:
        for t in texts:
            self.lines.extend((t, ""))

    def row(self, cells: list[str | Decimal], mark: str | None = None) -> None:
        if mark:
            self.marks[mark] = len(self.lines) + 1
        self.lines.append("\t".join(cell(c) for c in cells))

    def watermarks(self, n: int) -> None:
        for _ in range(n):
            self.add(WATERMARK, "")

    def table(self, title: str, headers: list[str]) -> None:
        self.add(title, "", f"部门名称：{DEPT}", "", "单位：万元", "", *headers)


# ---------------------------------------------------------------- part 2: the 13 tables
T = [f"{YEAR}年{t}" for t in (
    "预算收支总表", "预算收入总表", "预算支出总表", "财政拨款收支总表", "一般公共预算支出预算表（不含上年结转）",
    "一般公共预算安排基本支出分经济科目表（不含上年结转）", "政府性基金预算收入表（不含上年结转）",
    "政府性基金预算支出表（不含上年结转）", "国有资本经营预算收支预算表（不含上年结转）",
    "财政拨款安排“三公”经费支出预算表", "财政拨款安排机关运行经费预算表", "项目支出预算表（本年预算）",
    "项目支出预算表（上年结转）")]  # fmt: skip
INCOME5 = ("一、一般公共预算", "二、政府性基金预算", "三、国有资本经营预算", "四、财政专户管理资金", "五、单位资金")


def function_rows(led: Ledger, carry: bool) -> list[list[str | Decimal]]:
    """支出总表 (carry=True) / 一般公共预算支出表 rows: code, name, 合计, 基本支出, 项目支出."""
    rows: list[list[str | Decimal]] = []
    for code in ["", *led.codes()]:
        proj = led.p(code) + (led.c(code) if carry else ZERO)
        rows.append([code or "合计", FUNC.get(code, ""), led.b(code) + proj, led.b(code), proj])
    return rows


def apply_errors(t3: list[list[str | Decimal]], t5: list[list[str | Decimal]]) -> None:
    """The two deliberate errors, on the computed rows (index 2 = 合计, 3 = 基本支出).

    ERROR_B moves the 基本支出 cell with 合计 so that each printed row still adds up across; this holds
    because the chosen 款 is all 基本支出.
    """
    code_a, delta_a = ERROR_A
    code_b, delta_b = ERROR_B
    for r in t3:
        if r[0] == code_a:
            r[2] = Decimal(r[2]) + delta_a
    for r in t5:
        if r[0] in (code_b, code_b[:3], "合计"):  # 款, its 类 and the 合计 row; the 项 rows stay true
            r[2], r[3] = Decimal(r[2]) + delta_b, Decimal(r[3]) + delta_b


def class_side(led: Ledger, i: int) -> tuple[str, Decimal, Decimal]:
    code = next((k for k, v in CLASS_INDEX.items() if v == i), "")
    name = f"{cn_num(i + 1)}、{CLASSES_30[i]}"
    return (name, led.b(code) + led.p(code), led.c(code)) if code else (name, ZERO, ZERO)


def function_tables(doc: Doc, led: Ledger) -> None:
    """表一 to 表五: the balance sheets and the tables by 支出功能分类 code."""
    cur, carry = led.b() + led.p(), led.c()
    tot = cur + carry
    doc.add(f"第二部分 {YEAR}年部门预算报表", "", "预算公开表1", "")
    doc.table(T[0], ["收入\t\t支出\t\t\t", "项目\t2026年\t项目\t2026年合计\t当年预算安排\t上年结转安排"])
    for i in range(30):
        if i == 21:
            doc.add("")  # page break, as in every seed
        name, now, co = class_side(led, i)
        left: list[str | Decimal] = [INCOME5[i], cur if i == 0 else ZERO] if i < 5 else ["", ""]
        doc.row([*left, name, now + co, now, co])
    doc.row(["本年收入合计", cur, "本年支出合计", tot, cur, carry])
    doc.row(["上年结转", carry, "年终结转", "", "", ""])
    doc.row(["收入总计", tot, "支出总计", tot, cur, carry])
    doc.add("", "注：本套报表因取数时四舍五入，部分金额可能存在尾差", "")

    doc.table(
        T[1],
        [
            "项目\t\t本年收入\t\t\t\t\t\t上年结转",
            "科目编码\t科目名称\t合计\t一般公共预算\t政府性基金\t国有资本经营预算\t财政专户管理资金\t单位资金\t",
        ],
    )
    t2 = function_rows(led, carry=False)
    for r in t2:
        code = "" if r[0] == "合计" else str(r[0])
        if code == T2_PAGE_BREAK:
            doc.add("")
        cells: list[str | Decimal] = [r[0], r[1], r[2], r[2], "", "", "", "", led.c(code)]
        dropped = code == T2_DROPPED_CELL
        doc.row(cells[:-1] if dropped else cells, "dropped-cell" if dropped else None)
    doc.add("")
    t3, t5 = function_rows(led, carry=True), [list(r) for r in t2]
    apply_errors(t3, t5)
    doc.table(T[2], ["项目\t\t2026年预算数\t\t", "科目编码\t科目名称\t合计\t基本支出\t项目支出"])
    for r in t3:
        doc.row(r, "error-a" if r[0] == ERROR_A[0] else None)
    doc.add("")

    doc.table(
        T[3],
        [
            "收入\t\t支出\t\t\t\t",
            "项目\t金额\t项目\t金额\t\t\t",
            "\t\t\t小计\t一般公共预算\t政府性基金预算\t国有资本经营预算",
        ],
    )
    for i in range(30):
        name, now, co = class_side(led, i)
        left = [INCOME5[i], cur if i == 0 else ZERO] if i < 3 else ["", ""]
        doc.row([*left, name, now + co, now + co, "", ""])
    doc.row(["本年收入合计", cur, "本年支出合计", tot, tot, "", ""])
    doc.add("")  # page break before the carry-over block, as in every seed
    doc.row(["上年财政拨款结转", carry, "年终结转", "", "", "", ""])
    for i, label in enumerate(INCOME5[:3]):
        doc.row([label, carry if i == 0 else ZERO, "", "", "", "", ""])
    doc.row(["收入总计", tot, "支出总计", tot, tot, "", ""])
    doc.add("")

    doc.table(T[4], ["项目\t\t2026年预算数\t\t", "科目编码\t科目名称\t合计\t基本支出\t项目支出"])
    for r in t5:
        doc.row(r, "error-b" if r[0] == ERROR_B[0] else None)
    doc.add("")


def detail_tables(doc: Doc) -> None:
    """表六 to 表十三: economic items, the empty fund tables, 三公, 机关运行经费 and the project lists."""
    doc.table(
        T[5], ["部门预算支出经济科目名称\t政府预算支出经济科目名称\t2026年预算数\t\t", "\t\t合计\t人员经费\t公用经费"]
    )
    rows = econ_rows()
    by_cls = {c: sum((r[3] for r in rows if r[2] == c), ZERO) for c in (PERSONNEL, GOODS, HOUSEHOLD)}
    staff = by_cls[PERSONNEL] + by_cls[HOUSEHOLD]
    doc.row(["合计", "", staff + by_cls[GOODS], staff, by_cls[GOODS]])
    for cls, total in by_cls.items():
        goods = cls == GOODS
        doc.row([cls, "", total, ZERO if goods else total, total if goods else ZERO])
        for name, gov, c, amount in rows:
            if c == cls:
                doc.row([name, gov, amount, ZERO if goods else amount, amount if goods else ZERO])
    doc.add("")
    doc.watermarks(4)

    empty = (["项目\t\t政府性基金收入预算", "收入科目编码\t科目名称\t", "合计\t\t"],
             ["科目编码\t科目名称\t合计\t基本支出\t项目支出", "合计\t\t\t\t"],
             ["国有资本经营预算收入\t\t国有资本经营预算支出\t\t\t\t\t",
              "项目\t\t国有资本经营收入预算\t科目编码\t科目名称\t合计\t基本支出\t项目支出",
              "收入科目编码\t科目名称\t\t\t\t\t\t", "合计\t\t\t\t\t\t\t"])  # fmt: skip
    for title, lines in zip(T[6:9], empty, strict=True):
        doc.table(title, lines)
        doc.add("", "注：本表无数据", "")

    abroad, hosting = ZERO, econ_total("公务接待费")
    buy, cars = ZERO, econ_total("公务用车运行维护费")
    doc.table(T[9], ["项目\t2026年预算数\t\t\t", "\t合计\t一般公共预算\t政府性基金预算\t国有资本经营预算"])
    for label, v in (
        ("因公出国（境）费", abroad),
        ("公务接待费", hosting),
        ("公务用车购置及运行费", buy + cars),
        ("①公务用车购置费", buy),
        ("②公务用车运行维护费", cars),
        ("合计", abroad + hosting + buy + cars),
    ):
        doc.row([label, v, v, "", ""])
    doc.add("")
    doc.watermarks(2)

    doc.table(T[10], ["单位名称\t2026预算数\t\t\t", "\t合计\t一般公共预算\t政府性基金预算\t国有资本经营预算"])
    running = [(u.name, goods_of(u)) for u in UNITS if u.kind == "行政"]
    for name, v in [("部门合计", sum((v for _, v in running), ZERO)), *running]:
        doc.row([name, v, v, "", ""])
    doc.add("")

    for title, projects, width in ((T[11], PROJECTS, 7), (T[12], CARRY, 5)):
        heads = (
            [
                "项目名称\t合计\t2026年财政拨款\t\t\t财政专户管理资金\t单位资金",
                "\t\t一般公共预算\t政府性基金预算\t国有资本经营预算\t\t",
            ]
            if width == 7
            else ["项目名称\t合计\t2026年财政拨款\t\t", "\t\t一般公共预算\t政府性基金预算\t国有资本经营预算"]
        )
        doc.table(title, [*heads, "\t".join(str(i) for i in range(1, width + 1))])
        blanks = [""] * (width - 3)
        total = sum((p.amount for p in projects), ZERO)
        doc.row([DEPT, total, total, *blanks])
        for unit in UNITS:
            mine = [p for p in projects if p.unit == unit.name]
            if mine:
                sub = sum((p.amount for p in mine), ZERO)
                doc.row([unit.name, sub, sub, *blanks])
                for p in mine:
                    doc.row([p.name, p.amount, p.amount, *blanks])
        doc.add("")


# ---------------------------------------------------------------- part 1: cover, TOC, 概况
TOC_PAGES = (1, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9, 9, 10, 10, 11, 11, 12, 13, 13, 13, 13, 13, 14, 14, 14, 15, 15, 15,
             34, 34, 34, 34, 35)  # fmt: skip
PART3 = ("一、部门预算收支数据变动情况及原因", "二、收入预算情况说明", "三、支出预算情况说明",
         "四、财政拨款收支预算总体情况说明", "五、一般公共预算支出情况说明", "六、一般公共预算基本支出情况说明",
         "七、“三公”经费增减变动原因说明", "八、机关运行经费增减变动原因说明", "九、政府采购情况", "十、绩效管理情况",
         "十一、国有资产占有使用情况", "十二、其他说明")  # fmt: skip
DUTIES = (
    "（一）贯彻执行文化和旅游工作的方针政策，拟订全市文化和旅游发展规划并推动落实。",
    "（二）统筹全市公共文化服务体系建设，指导图书馆、文化馆等公共文化设施的建设和管理。",
    "（三）负责全市文物保护工作的监督管理，组织文物保护修缮、安全检查和革命文物保护利用。",
    "（四）统筹旅游资源开发和市场推广，承担文化和旅游市场综合执法工作。",
    "（五）承办市委、市政府部署的其他事项。",
)


def part_one(doc: Doc) -> None:
    doc.add("", "")
    doc.watermarks(2)
    doc.add(DEPT, "", f"{YEAR}年度部门预算公开", "")
    doc.watermarks(2)
    entries = ["第一部分 概况", "一、本部门职责", "二、机构设置情况", f"第二部分 {YEAR}年部门预算报表",
               *(f"表{cn_num(i + 1)}{t}" for i, t in enumerate(T)), f"第三部分 {YEAR}年度部门预算情况说明",
               *PART3, "(一) 政府购买服务指导性目录", "(二) 其他", "第四部分 名词解释"]  # fmt: skip
    doc.add("目 录", "")
    for entry, page in zip(entries, TOC_PAGES, strict=True):
        dots = "" if entry.startswith("第") and "名词" not in entry else "....."
        doc.add(f"{entry}{dots}\t{page}")
    doc.add("", "第一部分 概况", "", "一、本部门职责", "")
    doc.para(*DUTIES)
    units = "、".join(f"{u.name}（{'本级，行政单位' if u.kind == '行政' else '公益一类事业单位'}）" for u in UNITS)
    doc.para(
        "二、机构设置情况",
        f"{DEPT}内设办公室、政策法规科、艺术科、公共服务科、产业发展科、资源开发科、市场管理科、"
        f"文物科等{STAFF[0][1]}职能科室。纳入{YEAR}年部门预算编制范围的预算单位共{len(UNITS)}个：{units}。",
    )


# ---------------------------------------------------------------- part 3: 情况说明 and annexes
def part_three(doc: Doc, led: Ledger) -> None:
    cur, carry, basic, proj = led.b() + led.p(), led.c(), led.b(), led.p()
    tot = cur + carry
    classes = [(FUNC[c], led.b(c) + led.p(c), led.c(c)) for c in sorted(CLASS_INDEX)]
    doc.add(" ", f"第三部分 {YEAR}年度部门预算情况说明", "")
    doc.para(
        PART3[0],
        f"{YEAR}年{DEPT}部门预算收入总计{fmt(tot)}万元，由本年收入{fmt(cur)}万元和上年结转{fmt(carry)}万元"
        f"组成，{change(tot, PRIOR['total'])}，变动主要来自项目支出安排的调整。"
        f"支出总计与收入总计相等，为{fmt(tot)}万元。",
    )
    doc.para(
        PART3[1],
        f"本部门{YEAR}年收入预算总计{fmt(tot)}万元。按来源分：一般公共预算拨款收入{fmt(cur)}万元，占"
        f"{pct(cur, tot)}；上年结转{fmt(carry)}万元，占{pct(carry, tot)}；政府性基金预算拨款收入、国有资本经营预算"
        "拨款收入、财政专户管理资金和单位资金均为0万元。",
    )
    doc.para(
        PART3[2],
        f"本部门{YEAR}年支出预算总计{fmt(tot)}万元。其中：基本支出{fmt(basic)}万元，占{pct(basic, tot)}；"
        f"项目支出{fmt(proj + carry)}万元（含上年结转{fmt(carry)}万元），占{pct(proj + carry, tot)}。",
    )
    by_class = "，".join(f"{n}{fmt(v + c)}万元" for n, v, c in classes)
    doc.para(
        PART3[3],
        f"本部门{YEAR}年财政拨款收支预算总计{fmt(tot)}万元，全部为一般公共预算拨款，其中当年拨款"
        f"{fmt(cur)}万元，上年财政拨款结转{fmt(carry)}万元。按支出功能分类的类级科目分：{by_class}。",
    )
    doc.add(PART3[4], "", " ")
    doc.para(
        "(一) 一般公共预算当年支出规模变化情况",
        f"{YEAR}年本部门一般公共预算当年支出{fmt(cur)}万元，{change(cur, PRIOR['gpb'])}。",
        "(二) 一般公共预算当年支出结构情况",
        f"{YEAR}年一般公共预算当年支出{fmt(cur)}万元，按类级科目分："
        + "；".join(f"{n}{fmt(v)}万元，占{pct(v, cur)}" for n, v, _ in classes)
        + "。",
    )
    rows = econ_rows()
    staff_total = sum((r[3] for r in rows if r[2] != GOODS), ZERO)
    staff_items = "、".join(dict.fromkeys(r[0] for r in rows if r[2] != GOODS))
    goods_items = "、".join(dict.fromkeys(r[0] for r in rows if r[2] == GOODS))
    doc.para(
        PART3[5],
        f"{YEAR}年本部门一般公共预算安排基本支出{fmt(basic)}万元。其中：人员经费{fmt(staff_total)}万元，"
        f"用于{staff_items}；公用经费{fmt(basic - staff_total)}万元，用于{goods_items}。",
    )
    g = {"出国": ZERO, "接待": econ_total("公务接待费"), "购置": ZERO, "运维": econ_total("公务用车运行维护费")}
    total_3g, prior_3g = sum(g.values(), ZERO), sum(PRIOR_3G.values(), ZERO)
    hosting_why = "，主要是严格控制接待范围和标准" if g["接待"] < PRIOR_3G["接待"] else ""
    cars, prior_cars = g["购置"] + g["运维"], PRIOR_3G["购置"] + PRIOR_3G["运维"]
    doc.para(
        PART3[6],
        f"{YEAR}年本部门财政拨款安排的“三公”经费预算{fmt(total_3g)}万元，{change(total_3g, prior_3g)}。"
        f"分项看：因公出国（境）费{fmt(g['出国'])}万元，{change(g['出国'], PRIOR_3G['出国'])}；公务接待费"
        f"{fmt(g['接待'])}万元，{change(g['接待'], PRIOR_3G['接待'])}{hosting_why}；公务用车购置及运行费{fmt(cars)}"
        f"万元，{change(cars, prior_cars)}，其中公务用车购置费{fmt(g['购置'])}万元，"
        f"公务用车运行维护费{fmt(g['运维'])}万元。",
    )
    offices = [u for u in UNITS if u.kind == "行政"]
    running = sum((goods_of(u) for u in offices), ZERO)
    running_why = "，主要是压减了办公、差旅等一般性支出" if running < PRIOR["running"] else ""
    doc.para(
        PART3[7],
        f"本部门纳入机关运行经费统计的行政单位共{len(offices)}个，即{'、'.join(u.name for u in offices)}本级。"
        f"{YEAR}年机关运行经费财政拨款预算{fmt(running)}万元，{change(running, PRIOR['running'])}{running_why}。",
    )
    buy = {k: sum((Decimal(p.purchase[1]) for p in PROJECTS if p.purchase and p.purchase[0] == k), ZERO)
           for k in ("货物", "工程", "服务")}  # fmt: skip
    doc.para(
        PART3[8],
        f"本部门{YEAR}年编列政府采购预算{fmt(sum(buy.values(), ZERO))}万元，按品目分为：政府采购货物预算"
        f"{fmt(buy['货物'])}万元、政府采购工程预算{fmt(buy['工程'])}万元、政府采购服务预算{fmt(buy['服务'])}万元。",
    )
    kinds = {k: [p for p in PROJECTS if p.kind == k] for k in ("其他运转类", "特定目标类")}
    split = "；".join(f"{k}项目{len(v)}个，金额{fmt(sum((p.amount for p in v), ZERO))}万元" for k, v in kinds.items())
    doc.para(
        PART3[9],
        "1、整体绩效目标",
        f"本部门{YEAR}年编制了部门整体支出绩效目标申报表，覆盖预算资金{fmt(cur)}万元，其中基本支出{fmt(basic)}万元、"
        f"项目支出{fmt(proj)}万元，覆盖局机关及所属预算单位共{len(UNITS)}个。",
        "（整体支出绩效目标申报表附后）",
        "2、项目绩效目标",
        f"{YEAR}年{DEPT}纳入绩效目标管理的二级项目{len(PROJECTS)}个，共计金额{fmt(proj)}万元。"
        f"按项目类别分：{split}。上述项目的绩效目标全部公开，公开金额占本年项目支出的{pct(proj, proj)}。",
        "（项目支出绩效目标表附后）",
    )
    overall_table(doc, cur, basic, proj)
    for i, p in enumerate(PROJECTS):
        project_table(doc, p, i)
        if i % 3 == 2 or i == len(PROJECTS) - 1:
            doc.watermarks(2)
    doc.para(
        PART3[10],
        "1、车辆情况：",
        f"2025年末，本部门在用公务用车共3辆，其中{UNITS[0].name}2辆（执法执勤用车），"
        f"{UNITS[2].name}1辆（文物巡查业务用车）；{YEAR}年未安排公务用车购置预算。",
        "2、房屋情况：",
        f"2025年末，本部门使用的办公及业务用房建筑面积合计12,460.00平方米，其中{UNITS[1].name}馆舍9,820.00平方米。",
        "3、其他国有资产占有使用情况：",
        "本部门原值在50万元及以上的通用设备共2台（套）；原值在100万元及以上的专用设备1台（套），"
        f"即{UNITS[1].name}的自助借还及安全门禁系统。",
    )
    doc.para(
        PART3[11],
        "（一）政府购买服务指导性目录",
        f"{YEAR}年本部门拟通过政府购买服务方式实施旅游宣传推广和惠民演出组织两类事项，预算{fmt(buy['服务'])}万元。",
        "（二）其他",
        "本部门没有需要说明的其他事项。",
    )


FIRST_LEVEL = {"数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标", "成本指标": "产出指标",
               "经济效益指标": "效益指标", "社会效益指标": "效益指标", "生态效益指标": "效益指标",
               "可持续影响指标": "效益指标", "服务对象满意度指标": "满意度指标"}  # fmt: skip


def overall_table(doc: Doc, cur: Decimal, basic: Decimal, proj: Decimal) -> None:
    doc.add("市级预算部门（单位）整体支出绩效目标申报表", "", f"({YEAR}) 年度", "")
    (a, va), (b, vb), (c, vc), (e, ve), (f, vf), (g, vg) = STAFF
    money = [
        (cur, "合计", "合计", cur),
        (cur, "其中:一般公共预算资金", "其中:基本支出", basic),
        (ZERO, "政府性基金预算资金", "项目支出", proj),
        (ZERO, "国有资本经营预算资金", "", None),
        (ZERO, "社会保险基金预算资金", "", None),
        (ZERO, "专户管理资金", "", None),
        (ZERO, "单位资金", "", None),
    ]
    lines = [["部门基本信息", "部门名称", f"{DEPT_CODE}-{DEPT}", "", ""], ["", a, va, b, vb], ["", c, vc, e, ve],
             ["", "", "", f, vf], ["", "", "", g, vg], ["部门职责", OVERALL["部门职责"], "", "", ""],
             ["部门战略目标", OVERALL["部门战略目标"], "", "", ""],
             ["年度预算情况", "按资金来源划分", "资金总额（万元）", "按资金方向划分", "资金总额（万元）"],
             *(["", src, f"{v:.2f}", use, "" if w is None else f"{w:.2f}"] for v, src, use, w in money),
             ["年度重点任务", "核心职能", "", "重点任务", ""], ["", OVERALL["核心职能"], "", OVERALL["重点任务"], ""],
             ["年度绩效目标", OVERALL["年度绩效目标"], "", "", ""],
             ["年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值"]]  # fmt: skip
    doc.add(*("\t".join(line) for line in lines))
    picks = [(i[0], i[1], i[2]) for p in PROJECTS for i in p.indicators if i[0] == "数量指标"][:4]
    picks += [*OVERALL_INDICATORS, ("成本指标", "项目支出预算控制数", f"≤{proj:.2f}万元")]
    picks.sort(key=lambda it: list(FIRST_LEVEL).index(it[0]))  # stable: keeps the order inside a group
    indicator_rows(doc, [(second, third, v, v) for second, third, v in picks], wide=False)
    doc.add("")
    doc.watermarks(2)


def indicator_rows(doc: Doc, items: list[tuple[str, str, str, str]], wide: bool) -> None:
    """Indicator rows; 一级/二级 labels only on the first row of their group (as printed in the seeds)."""
    prev1 = prev2 = ""
    for second, third, year_v, period_v in items:
        first = FIRST_LEVEL[second]
        l1, l2 = ("" if first == prev1 else first), ("" if second == prev2 else second)
        prev1, prev2 = first, second
        doc.add("\t".join(["", l1, l2, third, period_v, l2, third, year_v] if wide else ["", l1, l2, third, year_v]))


def project_table(doc: Doc, p: Project, i: int) -> None:
    period = p.period or p.funds
    attr, term = ("经常性项目（长期开展）", "99年") if p.recurring else ("一次性项目（1年结束）", "1年")
    doc.add(f"{CITY}市级预算部门（单位）项目支出绩效目标表", "", f"({YEAR}年度)", "")
    lines = [
        ["项目名称", "", p.name, "", "", "", "", ""],
        ["主管部门及代码", "", f"{DEPT_CODE}-{DEPT}", "", "实施单位", "", p.unit, ""],
        ["项目属性", "", attr, "", "项目期", "", term, ""],
        ["项目资金（元）", "实施期资金总额：", yuan(sum(period)), "", "年度资金总额：", yuan(sum(p.funds)), "", ""],
    ]
    for k, label in enumerate(("其中：中央财政资金", "省级财政资金", "市县（区）财政资金")):
        lines.append(["", label, yuan(period[k]), "", label, yuan(p.funds[k]), "", ""])
    lines += [["", "单位自筹", "0", "", "单位自筹", "0", "", ""], ["", "其他资金", "", "", "其他资金", "", "", ""]]
    texts = (("项目概况", p.summary), ("立项依据", p.basis), ("项目设立必要性", NEED.format(unit=p.unit)),
             ("保证项目实施的制度、措施", MEASURES), ("项目实施计划", PLAN[p.recurring]))  # fmt: skip
    lines += [[label, "", text, "", "", "", "", ""] for label, text in texts]
    lines += [["实施期目标", "", "", "", "年度目标", "", "", ""], ["总体目标", "", p.goal, "", p.goal, "", "", ""],
              ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"]]  # fmt: skip
    doc.add(*("\t".join(line) for line in lines))
    items = [(s, t, y, pv or y) for s, t, y, pv in p.indicators]
    cost = ("成本指标", "项目资金控制数", f"≤{sum(p.funds)}元", f"≤{sum(period)}元")
    at = max(k for k, it in enumerate(items) if FIRST_LEVEL[it[0]] == "产出指标") + 1
    indicator_rows(doc, [*items[:at], cost, *items[at:]], wide=True)
    stamp = f"202512{22 + i:02d}{9 + i % 8:02d}{(7 * i + 13) % 60:02d}{(29 * i + 5) % 60:02d}"
    doc.add(f"负责人：\t经办人：\t联系电话：\t\t填报日期：\t{stamp}\t\t", "")


# ---------------------------------------------------------------- part 4 and main
TERMS = (
    "一、基本支出：单位为维持机构日常运转、完成经常性工作而安排的支出，由人员经费和公用经费构成。",
    "二、项目支出：单位在基本支出以外，为完成特定工作任务或事业发展目标而安排的支出。",
    "三、“三公”经费：因公出国（境）费、公务接待费以及公务用车购置及运行费三项支出的统称，此处仅指财政拨款安排的部分。",
    "四、机关运行经费：为保障行政单位（含参照公务员法管理的事业单位）运行，用财政拨款安排的公用经费，如办公、水电、差旅和会议等费用。",
    "五、上年结转：以前年度已经安排、尚未使用完毕，按规定转入本年度继续使用的资金。",
    "六、一般公共预算：政府主要依靠税收筹集收入，并统筹用于民生保障、经济发展和机关运转的预算。",
)


def build() -> tuple[str, dict[str, int]]:
    """The whole document as text, plus line marks of the planted error rows and the dropped cell."""
    led, doc = Ledger.build(), Doc()
    part_one(doc)
    function_tables(doc, led)
    detail_tables(doc)
    part_three(doc, led)
    doc.add("第四部分 名词解释", "")
    doc.para(*TERMS)
    return "\n".join(doc.lines), doc.marks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the sample 2026 department budget disclosure.")
    parser.add_argument("--check", action="store_true", help="exit 1 if the file on disk differs (for CI)")
    parser.add_argument("--pdf", action="store_true", help="also print the text as the example PDF")
    args = parser.parse_args(argv)
    text, marks = build()
    data = text.encode("utf-8")
    if args.check:
        if not OUT.exists() or OUT.read_bytes() != data:
            print(f"{OUT} is out of date: run python scripts/make_example.py", file=sys.stderr)
            return 1
        print(f"{OUT} is up to date")
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(data)
    print(f"wrote {OUT} ({len(text.splitlines())} lines); error (a) line {marks['error-a']}, "
          f"error (b) line {marks['error-b']}, dropped cell line {marks['dropped-cell']}")  # fmt: skip
    if args.pdf:
        write_pdf()
    return 0


def write_pdf() -> None:
    """The example printed as a bureau publishes it: the fixture builder's PDF of the text (tables ruled, A4)."""
    import shutil
    import tempfile

    from tests.fixtures.build import build_from

    with tempfile.TemporaryDirectory() as folder:
        shutil.copyfile(build_from(OUT, "pdf", Path(folder)), OUT_PDF)
    print(f"wrote {OUT_PDF} ({OUT_PDF.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    sys.exit(main())
