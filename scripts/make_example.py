"""Generate examples/sample-department-budget-2026.txt, a fictional 部门预算公开 in the seeds' text flavour.

The document is built from the small data set in scripts/example_data.py (units, basic expenditure by
economic item, projects): every total is computed, then exactly two deliberate errors are applied (see
ERROR_A, ERROR_B and examples/README.md). Layout follows the plain-text seeds (TAB-separated tables, 万元 with
two decimals, watermark lines); all prose is written for this fictional department.

Usage: python scripts/make_example.py [--check]   (--check: exit 1 if the file on disk is stale)
"""

from __future__ import annotations

import argparse
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from example_data import (
    CARRY, CITY, CLASS_INDEX, CLASSES_30, DEPT, DEPT_CODE, FUNC, GOODS, HOUSEHOLD, PERSONNEL, PRIOR,
    PRIOR_3G, PROJECTS, STAFF, UNITS, YEAR, ZERO, Ledger, Project, econ_rows, econ_total, goods_of,
)  # fmt: skip

OUT = Path(__file__).resolve().parents[1] / "examples" / "sample-department-budget-2026.txt"
WATERMARK = "仅供内部审核"
CENT = Decimal("0.01")
# The two deliberate errors, applied after all totals are computed.
ERROR_A = ("2070104", Decimal("1.00"))  # 表三 支出总表: this 项 row's 合计 ≠ 基本支出 + 项目支出
ERROR_B = ("21011", Decimal("0.50"))  # 表五 一般公共预算支出表: this 款 ≠ Σ 项 (类 and 合计 follow the 款)


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
        self.marks[title] = len(self.lines) + 1
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
    """The two deliberate errors, on the computed rows (index 2 = 合计, 3 = 基本支出)."""
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


def part_two(doc: Doc, led: Ledger) -> None:
    cur, carry = led.b() + led.p(), led.c()
    tot = cur + carry
    doc.add("第二部分 2026年部门预算报表", "", "预算公开表1", "")
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

    doc.table(T[1], ["项目\t\t本年收入\t\t\t\t\t\t上年结转",
                     "科目编码\t科目名称\t合计\t一般公共预算\t政府性基金\t国有资本经营预算\t财政专户管理资金\t单位资金\t"])
    t2 = function_rows(led, carry=False)
    for r in t2:
        code = "" if r[0] == "合计" else str(r[0])
        if code == "210":
            doc.add("")  # page break inside 表二
        cells: list[str | Decimal] = [r[0], r[1], r[2], r[2], "", "", "", "", led.c(code)]
        doc.row(cells[:-1] if code == "2101101" else cells, "dropped-cell" if code == "2101101" else None)
    doc.add("")
    t3, t5 = function_rows(led, carry=True), [list(r) for r in t2]
    apply_errors(t3, t5)
    doc.table(T[2], ["项目\t\t2026年预算数\t\t", "科目编码\t科目名称\t合计\t基本支出\t项目支出"])
    for r in t3:
        doc.row(r, "error-a" if r[0] == ERROR_A[0] else None)
    doc.add("")

    doc.table(T[3], ["收入\t\t支出\t\t\t\t", "项目\t金额\t项目\t金额\t\t\t",
                     "\t\t\t小计\t一般公共预算\t政府性基金预算\t国有资本经营预算"])
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

    doc.table(T[5], ["部门预算支出经济科目名称\t政府预算支出经济科目名称\t2026年预算数\t\t", "\t\t合计\t人员经费\t公用经费"])
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
    for label, v in (("因公出国（境）费", abroad), ("公务接待费", hosting), ("公务用车购置及运行费", buy + cars),
                     ("①公务用车购置费", buy), ("②公务用车运行维护费", cars), ("合计", abroad + hosting + buy + cars)):
        doc.row([label, v, v, "", ""])
    doc.add("")
    doc.watermarks(2)

    doc.table(T[10], ["单位名称\t2026预算数\t\t\t", "\t合计\t一般公共预算\t政府性基金预算\t国有资本经营预算"])
    running = [(u.name, goods_of(u)) for u in UNITS if u.kind == "行政"]
    for name, v in [("部门合计", sum((v for _, v in running), ZERO)), *running]:
        doc.row([name, v, v, "", ""])
    doc.add("")

    for title, projects, width in ((T[11], PROJECTS, 7), (T[12], CARRY, 5)):
        heads = (["项目名称\t合计\t2026年财政拨款\t\t\t财政专户管理资金\t单位资金",
                  "\t\t一般公共预算\t政府性基金预算\t国有资本经营预算\t\t"] if width == 7 else
                 ["项目名称\t合计\t2026年财政拨款\t\t", "\t\t一般公共预算\t政府性基金预算\t国有资本经营预算"])
        doc.table(title, [*heads, "\t".join(str(i) for i in range(1, width + 1))])
        blanks = [""] * (width - 4)  # the seeds drop the last empty cell of every row here
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
