"""Random consistent final-account data (FinalData) for the round trip of ``budgetlens generate`` with a final
template: units with basic expenditure on a random subset of the example's economic items, projects on random 项
and sources, income that covers what each fund spends (or leaves a balance), balances carried in, “三公” 预算数 and
决算数, 年初预算 per 项 and last year's totals. The narrative's words come from the example's data file."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from budgetlens.generate.data import Unit
from budgetlens.generate.final_data import FISCAL, SOURCES, THREE_PUBLIC_ITEMS, FinalData
from budgetlens.generate.ledger import function_of
from budgetlens.generate.templates import load_template
from tests.generate_strategies import CODES, cents

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_FINAL = ROOT / "examples" / "sample-department-final-2024.data.yaml"
FINAL_TEMPLATE = "shanghai-district-final"
# the economic items a unit may spend on (those of the budget example's units: every kind of 人员/公用经费)
ITEMS = ("基本工资", "津贴补贴", "奖金", "绩效工资", "机关事业单位基本养老保险缴费", "职业年金缴费",
         "职工基本医疗保险缴费", "住房公积金", "办公费", "电费", "差旅费", "公务接待费", "公务用车运行维护费",
         "其他商品和服务支出", "退休费")  # fmt: skip


def example_final() -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load(EXAMPLE_FINAL.read_text(encoding="utf-8"))
    return raw


def _add(book: dict[tuple[str, str], Decimal], key: tuple[str, str], amount: Decimal) -> None:
    book[key] = book.get(key, Decimal(0)) + amount


@st.composite
def final_data(draw: st.DrawFn) -> FinalData:
    """A consistent final account: 1–3 units, 0–5 projects (mostly 一般公共预算), income per (source, 项) equal to
    what was spent plus a random surplus, random balances carried in, random 年初预算 and “三公” figures."""
    raw = example_final()
    template = load_template(FINAL_TEMPLATE)
    base = raw["units"]
    names = ["示例区文化和旅游局", "示例区图书馆", "示例区文化馆"]
    units = []
    for i in range(draw(st.integers(1, 3), label="units")):
        kind = draw(st.sampled_from(["行政", "事业"]), label=f"unit{i}.kind") if i else "行政"
        chosen = draw(st.lists(st.sampled_from(ITEMS), min_size=1, max_size=8, unique=True), label=f"unit{i}.items")
        basic = {item: draw(cents(1, 50_000), label=item) for item in chosen}
        if kind == "事业" and "奖金" in basic:  # 奖金 is a 行政 unit's item; a 事业 unit is paid 绩效工资
            basic["绩效工资"] = basic.pop("奖金")
        status = "本级，行政单位" if kind == "行政" else "公益一类事业单位"
        units.append({**base[min(i, len(base) - 1)], "name": names[i], "kind": kind, "status": status,
                      "basic": basic, "main_code": draw(st.sampled_from(CODES), label=f"unit{i}.code")})  # fmt: skip
    sources = st.sampled_from(SOURCES[:1] * 4 + SOURCES)  # mostly 一般公共预算
    projects = [
        {"unit": draw(st.sampled_from([u["name"] for u in units])), "name": f"项目{j + 1}",
         "code": draw(st.sampled_from(CODES)), "source": draw(sources), "amount": draw(cents(1, 90_000))}
        for j in range(draw(st.integers(0, 5), label="projects"))
    ]  # fmt: skip
    # what each (source, 项) spent: basic expenditure is 一般公共预算, booked where the template books its 款
    spent: dict[tuple[str, str], Decimal] = {}
    for u in units:
        unit = Unit.model_validate(u)
        for item, amount in u["basic"].items():
            code = function_of(unit, item, template["function_of_item"], template["retired_function"])
            _add(spent, ("一般公共预算", code), amount)
    for p in projects:
        _add(spent, (p["source"], p["code"]), p["amount"])
    income = [
        {"code": code, "source": source, "amount": amount + draw(st.sampled_from([Decimal(0), draw(cents(1, 5_000))]))}
        for (source, code), amount in sorted(spent.items())
    ]
    if draw(st.booleans(), label="other income"):  # income nothing was spent from
        income.append({"code": draw(st.sampled_from(CODES)), "source": draw(st.sampled_from(SOURCES[3:])),
                       "amount": draw(cents(1, 20_000))})  # fmt: skip
    carry_in = [{"fund": fund, "amount": draw(cents(0, 20_000))} for fund in ("一般公共预算", "非财政拨款")]
    carry_in += [{"fund": fund, "code": code, "amount": draw(cents(0, 5_000))}
                 for (fund, code) in sorted(spent) if fund in FISCAL[1:]]  # fmt: skip
    general_codes = sorted(code for (source, code) in spent if source == "一般公共预算")
    general = {code: draw(cents(0, 90_000), label=f"budget {code}") for code in general_codes}
    reasons = sorted(raw["narrative"]["item_reasons"].values())  # why a 项's 决算 differs from its 年初预算
    raw["narrative"]["item_reasons"] = {code: draw(st.sampled_from(reasons)) for code in general_codes
                                        if draw(st.booleans(), label=f"reason {code}")}  # fmt: skip

    def three_public(floor: dict[str, Decimal] | None = None) -> dict[str, Decimal]:
        """Random “三公” figures, at least ``floor`` (the basic-expenditure items they include)."""
        keys = ("abroad", "hosting", "car_purchase", "car_running")
        low = floor or {}
        return {k: low.get(k, Decimal(0)) + draw(st.sampled_from([Decimal(0), draw(cents(1, 3_000))])) for k in keys}

    included = {field: sum((u["basic"].get(item, Decimal(0)) for u in units), Decimal(0))
                for item, field in THREE_PUBLIC_ITEMS.items()}  # fmt: skip

    final, budgeted = three_public(included), three_public()
    cars = final["car_purchase"] + final["car_running"] + budgeted["car_purchase"] + budgeted["car_running"]
    raw.update(
        units=units, projects=projects, income=income, carry_in=carry_in, three_public=final,
        budgeted={"general": general, "three_public": budgeted, "running": draw(cents(0, 30_000))},
        procurement={k: draw(cents(0, 20_000)) for k in ("goods", "works", "services")},
        assets={"vehicles": draw(st.integers(1, 5)) if cars else 0, "general_equipment": draw(st.integers(0, 3))},
        prior={"total": draw(cents(1_000, 900_000)), "fiscal": draw(cents(1_000, 900_000)),
               "general": draw(cents(1_000, 900_000)), "three_public": three_public()},
    )  # fmt: skip
    return FinalData.model_validate(json.loads(json.dumps(raw, default=str)))
