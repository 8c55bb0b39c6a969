"""The city final account's 基本支出 detail (公开06表), 三公 (公开07表), empty 公开09表 and its narrative."""

from __future__ import annotations

import random
from decimal import Decimal

from tests.provincial.classification import ECONOMIC_NAMES, PERSONNEL_CODES, PUBLIC_CODES
from tests.provincial.model import (
    ZERO,
    Amounts,
    BodyCell,
    HeaderCell,
    Table,
    TruthCell,
    amount_text,
    cents,
    printed_value,
    split_amount,
)

UNIT = "元"
EconomicRow = tuple[str, str, Decimal]  # code, name, amount


def _block(codes: list[str], amounts: dict[str, Decimal], classes: tuple[str, ...]) -> list[EconomicRow]:
    rows: list[EconomicRow] = []
    for cls in classes:
        members = [c for c in codes if c.startswith(cls)]
        rows.append((cls, ECONOMIC_NAMES[cls], sum((amounts[c] for c in members), ZERO)))
        rows += [(c, ECONOMIC_NAMES[c], amounts[c]) for c in members]
    return rows


def basic_detail(rng: random.Random, general_basic: Decimal, travel: Amounts, title_prefix: str, sep: bool) -> Table:
    """公开06表: 人员经费 in one block of 科目编码 | 科目名称 | 决算数, 公用经费 in two, then the two totals."""
    public_total = cents(general_basic * Decimal("0.12"))
    personnel_total = general_basic - public_total
    personnel_codes = sorted([*PERSONNEL_CODES, "30309"])
    personnel = dict(zip(personnel_codes, split_amount(rng, personnel_total, len(personnel_codes)), strict=True))
    public_codes = [*PUBLIC_CODES, "31002", "31007"]
    rest = [c for c in public_codes if c not in ("30217", "30231")]
    public_rest = public_total - travel["car_run"] - travel["recv"]
    public = dict(zip(rest, split_amount(rng, public_rest, len(rest)), strict=True))
    public["30217"], public["30231"] = travel["recv"], travel["car_run"]
    left = _block(personnel_codes, personnel, ("301", "303"))
    right = _block(public_codes, public, ("302", "310"))
    n_rows = max(len(left), (len(right) + 1) // 2)
    header: list[list[HeaderCell]] = [
        [("人员经费", 3, 1), ("公用经费", 6, 1)],
        [("科目编码", 1, 1), ("科目名称", 1, 1), ("决算数", 1, 1)] * 3,
    ]
    table = Table(f"{title_prefix}年度一般公共预算财政拨款基本支出决算表", "final.general_basic_detail", UNIT,
                  "公开06表", header, 9)  # fmt: skip
    blocks = [(left, "人员经费 / 决算数"), (right[:n_rows], "公用经费 / 决算数"), (right[n_rows:], "公用经费 / 决算数")]
    for i in range(n_rows):
        cells: list[BodyCell] = []
        truths: list[TruthCell] = []
        for b, (block, column) in enumerate(blocks):
            if i < len(block):
                code, name, value = block[i]
                text = amount_text(value, sep=sep, zero="zero")
                cells += [(code, "code"), (name, "txt"), (text, "num")]
                truths.append(dict(row_code=code, row_name=name, column_header=column, value=printed_value(text),
                                   col=b * 3 + 2))  # fmt: skip
            else:
                cells += [("", "code"), ("", "txt"), ("", "num")]
        table.add(cells, truths)
    personnel_text = amount_text(personnel_total, sep=sep, zero="zero")
    public_text = amount_text(public_total, sep=sep, zero="zero")
    table.add([("人员经费合计", "txt", 2), (personnel_text, "num"), ("公用经费合计", "txt", 5), (public_text, "num")],
              [dict(row_code=None, row_name="人员经费合计", column_header="人员经费 / 决算数",
                    value=printed_value(personnel_text), col=2),
               dict(row_code=None, row_name="公用经费合计", column_header="公用经费 / 决算数",
                    value=printed_value(public_text), col=8)])  # fmt: skip
    table.landscape = True
    return table


def three_public(budgeted: Amounts, spent: Amounts, title_prefix: str, sep: bool) -> Table:
    """公开07表: one row of 预算数 then 决算数 for each item, under a three-row header and a 栏次 row."""
    header: list[list[HeaderCell]] = [
        [("预算数", 6, 1), ("决算数", 6, 1)],
        [("合计", 1, 2), ("因公出国（境）费", 1, 2), ("公务用车购置及运行费", 3, 1), ("公务接待费", 1, 2)] * 2,
        [("小计", 1, 1), ("公务用车购置费", 1, 1), ("公务用车运行费", 1, 1)] * 2]  # fmt: skip
    table = Table(f"{title_prefix}年度一般公共预算财政拨款“三公”经费支出决算表", "final.three_public", UNIT,
                  "公开07表", header, 12)  # fmt: skip
    table.body.append([(str(i + 1), "lanci") for i in range(12)])
    car = "公务用车购置及运行费"
    headers = ["合计", "因公出国（境）费", f"{car} / 小计", f"{car} / 公务用车购置费", f"{car} / 公务用车运行费",
               "公务接待费"]  # fmt: skip
    cells: list[BodyCell] = []
    truths: list[TruthCell] = []
    for group, amounts in (("预算数", budgeted), ("决算数", spent)):
        cars = amounts["car_buy"] + amounts["car_run"]
        values = [amounts["abroad"] + cars + amounts["recv"], amounts["abroad"], cars, amounts["car_buy"],
                  amounts["car_run"], amounts["recv"]]  # fmt: skip
        for j, value in enumerate(values):
            text = amount_text(value, sep=sep, zero="dash")
            cells.append((text, "num"))
            truths.append(dict(row_code=None, row_name=None, column_header=f"{group} / {headers[j]}",
                               value=printed_value(text), printed=text, col=len(cells) - 1))  # fmt: skip
    table.add(cells, truths)
    table.landscape = True
    table.note = ("注：本表反映部门本年度“三公”经费支出预决算情况。其中，预算数为“三公”经费全年预算数，"
                  "反映按规定程序调整后的预算数；"
                  "决算数是包括当年一般公共预算财政拨款和以前年度结转资金安排的实际支出。")  # fmt: skip
    return table


def capital(title_prefix: str, header: list[list[HeaderCell]]) -> Table:
    """公开09表, printed empty with a note; its rows are added by the caller."""
    table = Table(f"{title_prefix}年度国有资本经营预算财政拨款支出决算表", "final.capital", UNIT, "公开09表", header, 7)
    table.note = "注：本单位2025年度没有国有资本经营预算财政拨款支出，故本表为空表。"
    table.landscape = True
    return table


def _wan(value: Decimal) -> Decimal:
    """An amount in 元 as the narrative prints it, in 万元."""
    return (value / 10000).quantize(Decimal("0.01"))


def narrative(total: Amounts, income: Decimal, carried: Decimal, spent: Amounts,
              budgeted: Amounts) -> list[tuple[str, list[str]]]:  # fmt: skip
    """第一部分 部门概况 and 第二部分 决算情况说明, amounts in 万元 and shares in %."""
    previous_income = cents(income * Decimal("0.9427"))
    change = income - previous_income
    change_pct = (change / previous_income * 100).quantize(Decimal("0.01"))
    fiscal = total["gen"] + total["fproj"]
    fiscal_share = (fiscal / income * 100).quantize(Decimal("0.01"))
    travel_spent = sum(spent.values(), ZERO)
    travel_rate = (travel_spent / sum(budgeted.values(), ZERO) * 100).quantize(Decimal("0.01"))
    spending = total["total_exp"]
    basic_share = (total["basic"] / spending * 100).quantize(Decimal("0.01"))
    project_share = (total["proj"] / spending * 100).quantize(Decimal("0.01"))
    return [
        ("第一部分 部门概况", ["青岚市教育局是市政府工作部门，主管全市教育工作。"
                        "纳入本部门2025年度部门决算编制范围的单位包括局机关本级及所属中小学校、中等职业学校、特殊教育学校共24个单位。"]),
        ("第二部分 2025年度部门决算情况说明", [
            f"一、收入支出决算总体情况说明。2025年度收入总计{_wan(income + carried)}万元、"
            f"支出总计{_wan(spending + carried)}万元。本年收入合计{_wan(income)}万元，与2024年度相比，"
            f"增加{_wan(change)}万元，增长{change_pct}%，主要原因是学前教育和义务教育保障经费增加。",
            f"二、收入决算情况说明。本年收入合计{_wan(income)}万元，其中：财政拨款收入{_wan(fiscal)}万元，"
            f"占{fiscal_share}%；上级补助收入{_wan(total['shangji'])}万元；事业收入{_wan(total['shiye'])}万元；"
            f"经营收入{_wan(total['jingying'])}万元；其他收入{_wan(total['other'])}万元。",
            f"三、支出决算情况说明。本年支出合计{_wan(spending)}万元，其中：基本支出{_wan(total['basic'])}万元，"
            f"占{basic_share}%；项目支出{_wan(total['proj'])}万元，占{project_share}%；"
            f"经营支出{_wan(total['jingying'])}万元。",
            f"四、“三公”经费财政拨款支出决算情况说明。2025年度“三公”经费财政拨款支出决算为{_wan(travel_spent)}万元，"
            f"完成预算的{travel_rate}%。其中：因公出国（境）费支出决算为0万元；"
            f"公务用车购置及运行维护费支出决算为{_wan(spent['car_run'])}万元；公务接待费支出决算为{_wan(spent['recv'])}万元。",
        ]),
    ]  # fmt: skip
