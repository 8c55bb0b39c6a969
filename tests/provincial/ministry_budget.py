"""A county 水利局 budget in the Ministry of Finance's 8-table template (表1–表8, 万元), narrative first.

Codes in one column, names indented with full-width spaces, 合计 on top, blank cells for zero, two-level headers.
``build(errors=True)`` plants three errors, listed in ``Disclosure.errors``: a 款 total of 表5 that does not add
up (E1), a prose amount contradicting the tables (E2) and a wrong prose percentage (E3).
"""

from __future__ import annotations

import random
from decimal import Decimal

from tests.provincial.classification import ECONOMIC_NAMES, FUNCTION_NAMES, PERSONNEL_CODES, PUBLIC_CODES
from tests.provincial.model import (
    ZERO,
    Amounts,
    BodyCell,
    Disclosure,
    Table,
    TreeRow,
    TruthCell,
    add_tree,
    amount_text,
    cents,
    printed_value,
    split_amount,
    tree_rows,
)

DEPT = "青溪县水利局"
YEAR = 2026
UNIT = "万元"
NUMERALS = "一二三四五六七八九十"
PROJECT_CODES = ["2130302", "2130304", "2130305", "2130306", "2130309", "2130310", "2130311", "2130312",
                 "2130313", "2130314", "2130315", "2130316", "2130319", "2130321", "2130335", "2130399"]  # fmt: skip
CAR = "公务用车购置及运行费"
THREE_PUBLIC_HEADERS = ["合计", "因公出国（境）费", f"{CAR} / 小计", f"{CAR} / 公务用车购置费",
                        f"{CAR} / 公务用车运行费", "公务接待费"]  # fmt: skip


def _items(rng: random.Random) -> dict[str, Amounts]:
    """Amounts per 项: basic personnel / public, project money by source, and the derived totals."""
    personnel = {"2080501": "18.40", "2080505": "96.36", "2080506": "38.54", "2101101": "21.78",
                 "2101102": "30.12", "2101103": "9.86", "2210201": "88.20", "2130301": "466.37"}  # fmt: skip
    items: dict[str, Amounts] = {code: {"pers": Decimal(v)} for code, v in personnel.items()}
    items["2130301"]["pub"] = Decimal("74.85")
    items["2130303"] = {"pers": Decimal("52.31"), "pub": Decimal("11.64")}
    for code in PROJECT_CODES:
        items.setdefault(code, {})["gproj"] = cents(Decimal(rng.randint(1200, 98000)) / 100)
    items["2130313"]["sproj"] = Decimal("36.50")  # 事业收入
    items["2130304"]["oproj"] = Decimal("12.00")  # 其他收入
    items["2130305"]["cproj"] = Decimal("145.00")  # 上年结转 (一般公共预算)
    for code, v in {"2136601": "268.00", "2136602": "81.30", "2136903": "620.00"}.items():
        items[code] = {"fproj": Decimal(v)}
    for a in items.values():
        for key in ("pers", "pub", "gproj", "fproj", "sproj", "oproj", "cproj"):
            a.setdefault(key, ZERO)
        a["basic"] = a["pers"] + a["pub"]
        a["gen"] = a["basic"] + a["gproj"]
        a["proj"] = a["gproj"] + a["fproj"] + a["sproj"] + a["oproj"] + a["cproj"]
        a["total"] = a["basic"] + a["proj"]
    return items


def _pad(side: list[tuple[str, Decimal | None]], n: int) -> list[tuple[str, Decimal | None]]:
    return side + [("", None)] * max(0, n - len(side))


def _summary(total: Amounts, lei_rows: list[TreeRow]) -> Table:
    """表1 部门收支总表: revenue on the left, expenditure by 类 on the right."""
    revenue: list[tuple[str, Decimal | None]] = [
        ("一、一般公共预算拨款收入", total["gen"]), ("二、政府性基金预算拨款收入", total["fproj"]),
        ("三、国有资本经营预算拨款收入", ZERO), ("四、财政专户管理资金收入", ZERO), ("五、事业收入", total["sproj"]),
        ("六、事业单位经营收入", ZERO), ("七、上级补助收入", ZERO), ("八、附属单位上缴收入", ZERO),
        ("九、其他收入", total["oproj"])]  # fmt: skip
    income = sum((v for _, v in revenue if v is not None), ZERO)
    spending: list[tuple[str, Decimal | None]] = [
        (f"{NUMERALS[i]}、{r[2]}", r[3]["total"]) for i, r in enumerate(lei_rows)
    ]
    carry = total["cproj"]
    assert income + carry == total["total"]
    header = [[("收    入", 2, 1), ("支    出", 2, 1)],
              [("项    目", 1, 1), ("预算数", 1, 1), ("项    目", 1, 1), ("预算数", 1, 1)]]  # fmt: skip
    table = Table(f"{DEPT}{YEAR}年部门收支总表", "budget.summary", UNIT, "表1", header, 4)
    left = [*_pad(revenue, len(spending)), ("本年收入合计", income), ("上年结转", carry), ("收入总计", income + carry)]
    right = [*_pad(spending, len(revenue)),
             ("本年支出合计", total["total"]), ("结转下年", ZERO), ("支出总计", total["total"])]  # fmt: skip
    for (left_name, left_value), (right_name, right_value) in zip(left, right, strict=True):
        cells: list[BodyCell] = [(left_name, "txt"), (amount_text(left_value), "num"),
                                 (right_name, "txt"), (amount_text(right_value), "num")]  # fmt: skip
        truths: list[TruthCell] = []
        if left_name:
            truths.append(dict(row_code=None, row_name=left_name, column_header="收入 / 预算数",
                               value=printed_value(amount_text(left_value)), col=1))  # fmt: skip
        if right_name:
            truths.append(dict(row_code=None, row_name=right_name, column_header="支出 / 预算数",
                               value=printed_value(amount_text(right_value)), col=3))  # fmt: skip
        table.add(cells, truths)
    return table


def _fiscal_summary(total: Amounts, lei_rows: list[TreeRow]) -> Table:
    """表4 财政拨款收支总表: one amount column for revenue, four for expenditure."""
    revenue: list[tuple[str, Decimal | None]] = [
        ("一、本年收入", total["gen"] + total["fproj"]), ("（一）一般公共预算拨款", total["gen"]),
        ("（二）政府性基金预算拨款", total["fproj"]), ("（三）国有资本经营预算拨款", ZERO),
        ("二、上年结转", total["cproj"]), ("（一）一般公共预算拨款", total["cproj"]),
        ("（二）政府性基金预算拨款", ZERO), ("（三）国有资本经营预算拨款", ZERO)]  # fmt: skip
    spending: list[tuple[str, list[Decimal | None]]] = []
    for i, row in enumerate(lei_rows):
        general = row[3]["gen"] + row[3]["cproj"]
        fund = row[3]["fproj"]
        spending.append((f"{NUMERALS[i]}、{row[2]}", [general + fund, general, fund, ZERO]))
    header = [[("收    入", 2, 1), ("支    出", 5, 1)],
              [("项    目", 1, 1), ("预算数", 1, 1), ("项    目", 1, 1), ("合计", 1, 1), ("一般公共预算", 1, 1),
               ("政府性基金预算", 1, 1), ("国有资本经营预算", 1, 1)]]  # fmt: skip
    table = Table(f"{DEPT}{YEAR}年财政拨款收支总表", "budget.fiscal_summary", UNIT, "表4", header, 7)
    n = max(len(revenue), len(spending))
    left = _pad(revenue, n)
    right = spending + [("", [None] * 4)] * (n - len(spending))
    grand = total["gen"] + total["fproj"] + total["cproj"]
    left.append(("收入总计", grand))
    right.append(("支出总计", [grand, total["gen"] + total["cproj"], total["fproj"], ZERO]))
    headers = ["支出 / 合计", "支出 / 一般公共预算", "支出 / 政府性基金预算", "支出 / 国有资本经营预算"]
    for (left_name, left_value), (right_name, right_values) in zip(left, right, strict=True):
        cells: list[BodyCell] = [(left_name, "txt"), (amount_text(left_value), "num"), (right_name, "txt")]
        cells += [(amount_text(v), "num") for v in right_values]
        truths: list[TruthCell] = []
        if left_name:
            truths.append(dict(row_code=None, row_name=left_name, column_header="收入 / 预算数",
                               value=printed_value(amount_text(left_value)), col=1))  # fmt: skip
        if right_name:
            truths += [dict(row_code=None, row_name=right_name, column_header=headers[j],
                            value=printed_value(amount_text(v)), col=3 + j)
                       for j, v in enumerate(right_values)]  # fmt: skip
        table.add(cells, truths)
    return table


def _economic(rng: random.Random, total: Amounts, travel: Amounts) -> Table:
    """表6 一般公共预算基本支出表 by 经济分类, the personnel and public totals split over their codes."""
    personnel = dict(zip(PERSONNEL_CODES, split_amount(rng, total["pers"], len(PERSONNEL_CODES)), strict=True))
    rest = [c for c in PUBLIC_CODES if c not in ("30217", "30231")]
    public_rest = total["pub"] - travel["car_run"] - travel["recv"]
    public = dict(zip(rest, split_amount(rng, public_rest, len(rest)), strict=True))
    public["30217"], public["30231"] = travel["recv"], travel["car_run"]
    rows: list[TreeRow] = []
    for cls, codes, column in (("301", [c for c in PERSONNEL_CODES if c.startswith("301")], "pers"),
                               ("302", PUBLIC_CODES, "pub"),
                               ("303", [c for c in PERSONNEL_CODES if c.startswith("303")], "pers")):  # fmt: skip
        source = personnel if column == "pers" else public
        subtotal = sum((source[c] for c in codes), ZERO)
        rows.append((cls, 0, ECONOMIC_NAMES[cls], {"total": subtotal, column: subtotal}))
        rows += [(c, 1, ECONOMIC_NAMES[c], {"total": source[c], column: source[c]}) for c in codes]
    grand = {"total": total["pers"] + total["pub"], "pers": total["pers"], "pub": total["pub"]}
    header = [[("部门预算支出经济分类科目", 2, 1), ("本年一般公共预算基本支出", 3, 1)],
              [("科目编码", 1, 1), ("科目名称", 1, 1), ("合计", 1, 1), ("人员经费", 1, 1),
               ("公用经费", 1, 1)]]  # fmt: skip
    table = Table(f"{DEPT}{YEAR}年一般公共预算基本支出表", "budget.general_basic_economic", UNIT, "表6", header, 5)
    group = "本年一般公共预算基本支出"
    headers = [f"{group} / 合计", f"{group} / 人员经费", f"{group} / 公用经费"]
    add_tree(table, rows, grand, ["total", "pers", "pub"], headers)
    return table


def _three_public(previous: Amounts, current: Amounts) -> Table:
    """表7 “三公”经费支出表: one row for last year's budget, one for this year's, items as columns."""
    header = [[("项    目", 1, 2), ("合计", 1, 2), ("因公出国（境）费", 1, 2), ("公务用车购置及运行费", 3, 1),
               ("公务接待费", 1, 2)], [("小计", 1, 1), ("公务用车购置费", 1, 1), ("公务用车运行费", 1, 1)]]  # fmt: skip
    table = Table(f"{DEPT}{YEAR}年一般公共预算“三公”经费支出表", "budget.three_public", UNIT, "表7", header, 7)
    for label, spent in ((f"{YEAR - 1}年预算数", previous), (f"{YEAR}年预算数", current)):
        car = spent["car_buy"] + spent["car_run"]
        values = [spent["abroad"] + car + spent["recv"], spent["abroad"], car, spent["car_buy"], spent["car_run"],
                  spent["recv"]]  # fmt: skip
        texts = [amount_text(v, zero="zero") for v in values]
        cells: list[BodyCell] = [(label, "txt")] + [(text, "num") for text in texts]
        table.add(cells, [dict(row_code=None, row_name=label, column_header=h, value=printed_value(text), col=1 + j)
                          for j, (h, text) in enumerate(zip(THREE_PUBLIC_HEADERS, texts, strict=True))])  # fmt: skip
    table.note = "注：2026年“三公”经费预算比上年减少1.35万元，主要是公务用车运行费和公务接待费压减。"
    return table


def _narrative(total: Amounts, travel: Amounts, previous_travel: Amounts, errors: list[dict[str, str]],
               planted: bool) -> list[tuple[str, list[str]]]:  # fmt: skip
    """The 情况说明; with ``planted`` the 一般公共预算拨款收入 and the 项目支出 share are misprinted (E2, E3)."""
    income = total["gen"] + total["fproj"] + total["sproj"] + total["oproj"]
    carry = total["cproj"]
    spending = total["total"]
    previous_total = Decimal("4398.62")
    grand = income + carry
    change = grand - previous_total
    change_pct = (change / previous_total * 100).quantize(Decimal("0.01"))
    basic_share = (total["basic"] / spending * 100).quantize(Decimal("0.01"))
    project_share = (total["proj"] / spending * 100).quantize(Decimal("0.01"))
    previous_general = Decimal("3911.40")
    general_change = total["gen"] - previous_general
    general_pct = (general_change / previous_general * 100).quantize(Decimal("0.01"))
    travel_now = sum(travel.values(), ZERO)
    travel_before = sum(previous_travel.values(), ZERO)
    prose_general, prose_share = total["gen"], project_share
    if planted:
        prose_general = total["gen"] + Decimal("9.00")
        prose_share = project_share + Decimal("2.00")
        errors.append(dict(id="E2", kind="prose contradicts table", where="情况说明（二）收入预算",
                           printed=f"{prose_general:.2f}", table_value=f"{total['gen']:.2f}",
                           text=f"一般公共预算拨款收入{prose_general:.2f}万元"))  # fmt: skip
        errors.append(dict(id="E3", kind="wrong percentage", where="情况说明（三）支出预算",
                           printed=f"{prose_share:.2f}%", correct=f"{project_share:.2f}%",
                           text=f"占本年支出合计的{prose_share:.2f}%"))  # fmt: skip
    up = change >= 0
    general_up = general_change >= 0
    return [
        ("一、部门主要职责", ["青溪县水利局是县政府工作部门，负责保障水资源的合理开发利用，"
                       "组织实施水利工程建设与运行管理，负责水旱灾害防御、水土保持和农村水利工作。本部门预算包括局机关本级预算。"]),
        ("二、部门预算情况说明", [
            f"（一）收支总体情况。{YEAR}年部门收支总预算{grand:.2f}万元，比上年{'增加' if up else '减少'}"
            f"{abs(change):.2f}万元，{'增长' if up else '下降'}{abs(change_pct):.2f}%，"
            "主要原因是水利工程建设项目增加。",
            f"（二）收入预算。本年收入合计{income:.2f}万元，其中：一般公共预算拨款收入{prose_general:.2f}万元，"
            f"比上年{'增加' if general_up else '减少'}{abs(general_change):.2f}万元，"
            f"{'增长' if general_up else '下降'}{abs(general_pct):.2f}%；"
            f"政府性基金预算拨款收入{total['fproj']:.2f}万元；事业收入{total['sproj']:.2f}万元；"
            f"其他收入{total['oproj']:.2f}万元；上年结转{carry:.2f}万元。",
            f"（三）支出预算。本年支出合计{spending:.2f}万元，其中：基本支出{total['basic']:.2f}万元，占本年支出合计的"
            f"{basic_share:.2f}%；项目支出{total['proj']:.2f}万元，占本年支出合计的{prose_share:.2f}%。",
            f"（四）“三公”经费预算。{YEAR}年一般公共预算“三公”经费预算{travel_now:.2f}万元，"
            f"比上年减少{travel_before - travel_now:.2f}万元，其中：因公出国（境）费0万元；"
            f"公务用车购置及运行费{travel['car_run']:.2f}万元；公务接待费{travel['recv']:.2f}万元。",
            f"（五）机关运行经费。{YEAR}年本部门机关运行经费预算{total['pub']:.2f}万元。",
        ]),
        ("三、名词解释", ["基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。",
                     "项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。"]),
    ]  # fmt: skip


def _raise_total(table: Table, code: str, by: Decimal, errors: list[dict[str, str]]) -> None:
    """E1: the 合计 of ``code`` printed ``by`` too high, in the body and in the truth."""
    for i, row in enumerate(table.body):
        if row[0][0] == code:
            raised = Decimal(row[2][0]) + by
            errors.insert(0, dict(id="E1", kind="total does not add up", table=table.title, row_code=code,
                                  row_name="水利", column="合计", printed=f"{raised:.2f}",
                                  correct=row[2][0]))  # fmt: skip
            row[2] = (f"{raised:.2f}", "num")
            for cell in table.truth:
                if cell["body_row"] == i and cell["col"] == 2:
                    cell["value"] = f"{raised:.2f}"


def build(errors: bool = False) -> Disclosure:
    """docA, or docA_err with the three planted errors."""
    rng = random.Random(2026)
    items = _items(rng)
    rows, total = tree_rows(items, FUNCTION_NAMES)
    lei_rows = [r for r in rows if r[1] == 0]
    tables = [_summary(total, lei_rows)]

    revenue_columns: list[tuple[str, str | None]] = [
        ("合计", "total"), ("一般公共预算拨款", "gen"), ("政府性基金预算拨款", "fproj"), ("国有资本经营预算拨款", None),
        ("财政专户管理资金", None), ("事业收入", "sproj"), ("事业单位经营收入", None), ("其他收入", "oproj"),
        ("上年结转", "cproj")]  # fmt: skip
    header = [[("科目编码", 1, 2), ("科目名称", 1, 2), ("合计", 1, 2), ("本年收入", 7, 1), ("上年结转", 1, 2)],
              [(h, 1, 1) for h, _ in revenue_columns[1:8]]]  # fmt: skip
    revenue = Table(f"{DEPT}{YEAR}年部门收入总表", "budget.revenue", UNIT, "表2", header, 2 + len(revenue_columns))
    headers = ["合计"] + [f"本年收入 / {h}" for h, _ in revenue_columns[1:8]] + ["上年结转"]
    add_tree(revenue, rows, total, [k for _, k in revenue_columns], headers)
    tables.append(revenue)

    header = [[("科目编码", 1, 2), ("科目名称", 1, 2), ("合计", 1, 2), ("基本支出", 3, 1), ("项目支出", 1, 2)],
              [("小计", 1, 1), ("人员经费", 1, 1), ("公用经费", 1, 1)]]  # fmt: skip
    expenditure = Table(f"{DEPT}{YEAR}年部门支出总表", "budget.expenditure", UNIT, "表3", header, 7)
    add_tree(expenditure, rows, total, ["total", "basic", "pers", "pub", "proj"],
             ["合计", "基本支出 / 小计", "基本支出 / 人员经费", "基本支出 / 公用经费", "项目支出"])  # fmt: skip
    tables += [expenditure, _fiscal_summary(total, lei_rows)]

    general_items = {c: {"total": a["gen"], "basic": a["basic"], "proj": a["gproj"]}
                     for c, a in items.items() if a["gen"]}  # fmt: skip
    general_rows, general_total = tree_rows(general_items, FUNCTION_NAMES)
    header = [[("科目编码", 1, 1), ("科目名称", 1, 1), ("合计", 1, 1), ("基本支出", 1, 1), ("项目支出", 1, 1)]]
    general = Table(f"{DEPT}{YEAR}年一般公共预算支出表", "budget.general_expenditure", UNIT, "表5", header, 5)
    add_tree(general, general_rows, general_total, ["total", "basic", "proj"], ["合计", "基本支出", "项目支出"])
    tables.append(general)

    travel = {"abroad": ZERO, "car_buy": ZERO, "car_run": Decimal("6.80"), "recv": Decimal("3.25")}
    previous_travel = {"abroad": ZERO, "car_buy": ZERO, "car_run": Decimal("7.60"), "recv": Decimal("3.80")}
    tables += [_economic(rng, total, travel), _three_public(previous_travel, travel)]

    fund_items = {c: {"total": a["fproj"], "basic": ZERO, "proj": a["fproj"]} for c, a in items.items() if a["fproj"]}
    fund_rows, fund_total = tree_rows(fund_items, FUNCTION_NAMES)
    header = [[("科目编码", 1, 2), ("科目名称", 1, 2), ("本年政府性基金预算支出", 3, 1)],
              [("合计", 1, 1), ("基本支出", 1, 1), ("项目支出", 1, 1)]]  # fmt: skip
    fund = Table(f"{DEPT}{YEAR}年政府性基金预算支出表", "budget.fund_expenditure", UNIT, "表8", header, 5)
    group = "本年政府性基金预算支出"
    add_tree(fund, fund_rows, fund_total, ["total", "basic", "proj"],
             [f"{group} / 合计", f"{group} / 基本支出", f"{group} / 项目支出"])  # fmt: skip
    tables.append(fund)

    planted: list[dict[str, str]] = []
    narrative = _narrative(total, travel, previous_travel, planted, errors)
    if errors:
        _raise_total(general, "21303", Decimal("3.00"), planted)
    return Disclosure(id="docA_err" if errors else "docA", title=f"{DEPT}{YEAR}年部门预算", dept=DEPT, tables=tables,
                      narrative=narrative, landscape=False, separators=False, errors=planted, narrative_first=True,
                      cover=f"{DEPT}\n{YEAR}年部门预算")  # fmt: skip
