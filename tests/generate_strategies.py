"""Random consistent budget data for the round trip of ``budgetlens generate``: Hypothesis strategies over the data
model (departments with units, projects and carried-over projects, codes drawn from the year's classification), and
the property itself, shared by the tests (a bounded number of examples) and ``bench/roundtrip.py`` (thousands).

The narrative's own words (duties, the overall target's texts, each project's summary and indicators) are taken from
the example's data file; every figure is drawn."""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st
from pydantic import BaseModel

from budgetlens.generate.data import BudgetData
from budgetlens.generate.kinds import compose
from budgetlens.generate.printed import PrintedDocument
from budgetlens.generate.templates import load_template
from budgetlens.model import Severity, classification

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_DATA = ROOT / "examples" / "sample-department-budget-2026.data.yaml"
YEAR = 2026
# 项 of the year's classification a unit's running costs or a project may be booked to (several 类 and 款)
CODES = (
    "2070101", "2070102", "2070104", "2070199", "2070201", "2070204", "2070205", "2010101", "2010102", "2010199",
    "2010301", "2010350", "2050101", "2080101", "2120101", "2120199", "2130101", "2130104", "2240101",
)  # fmt: skip


def example() -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load(EXAMPLE_DATA.read_text(encoding="utf-8"))
    return raw


def cents(low: int, high: int) -> st.SearchStrategy[Decimal]:
    """Amounts in 万元 with two decimals, ``low``…``high`` cents."""
    return st.integers(low, high).map(lambda n: Decimal(n) / 100)


def funds() -> st.SearchStrategy[dict[str, int]]:
    """A project's funds in 元 by source (whole hundreds, so that 元 / 10,000 is exact in 万元), not all zero."""
    hundreds = st.integers(0, 20_000).map(lambda n: n * 100)
    return st.fixed_dictionaries({"central": hundreds, "provincial": hundreds, "local": hundreds}).filter(
        lambda f: sum(f.values()) > 0
    )


@st.composite
def budget_data(draw: st.DrawFn) -> BudgetData:
    """A consistent department budget: 1–3 units with basic expenditure on a random subset of the economic items,
    0–6 projects and 0–2 carried-over projects on random units and codes, random prior-year figures."""
    raw = example()
    base_units = raw["units"]
    count = draw(st.integers(1, len(base_units)), label="units")
    units = []
    for i in range(count):
        source = base_units[i]
        kind = draw(st.sampled_from(["行政", "事业"]), label=f"unit{i}.kind") if i else "行政"
        items = sorted(source["basic"])
        chosen = draw(st.lists(st.sampled_from(items), min_size=1, max_size=len(items), unique=True))
        basic = {item: str(draw(cents(1, 50_000), label=item)) for item in chosen}
        if kind == "事业" and "奖金" in basic:  # 奖金 is a 行政 unit's item; a 事业 unit is paid 绩效工资
            basic["绩效工资"] = basic.pop("奖金")
        status = "本级，行政单位" if kind == "行政" else "公益一类事业单位"
        units.append({**source, "kind": kind, "status": status, "basic": basic,
                      "main_code": draw(st.sampled_from(CODES), label=f"unit{i}.code")})  # fmt: skip
    names = [u["name"] for u in units]
    base_projects = raw["projects"]

    def projects(count_max: int, label: str) -> list[dict[str, Any]]:
        count = draw(st.integers(0, count_max), label=label)
        out = []
        for j in range(count):
            source = dict(base_projects[j % len(base_projects)])
            year = draw(funds(), label=f"{label}{j}.funds")
            period = None
            recurring = draw(st.booleans(), label=f"{label}{j}.recurring")
            if recurring and draw(st.booleans(), label=f"{label}{j}.multi-year"):  # a one-off project has no period
                times = draw(st.integers(2, 3))
                period = {k: v * times for k, v in year.items()}
            source.update(
                unit=draw(st.sampled_from(names)), code=draw(st.sampled_from(CODES)), funds=year, period=period,
                category=draw(st.sampled_from(["其他运转类", "特定目标类"])),
                name=f"{source['name']}（{label}{j + 1}）",
                purchase=None, recurring=recurring,
            )  # fmt: skip
            out.append(source)
        return out

    raw["units"] = units
    raw["projects"] = projects(6, "p")
    raw["carry_over"] = projects(2, "c") if raw.get("carry_over") is not None else []
    prior = raw["prior"]
    prior.update(total=str(draw(cents(1_000, 900_000))), general=str(draw(cents(1_000, 900_000))),
                 running=str(draw(cents(0, 90_000))))  # fmt: skip
    return BudgetData.model_validate(json.loads(json.dumps(raw, default=str)))


def amounts(doc: PrintedDocument) -> dict[str, Counter[Decimal]]:
    """The amounts each table prints (title → multiset of values)."""
    return {t.title: Counter(c.value for row in t.rows for c in row if c.value is not None) for t in doc.tables}


def round_trip(data: BaseModel, fmt: str, folder: Path, template: str = "shanxi-city-budget") -> list[str]:
    """What goes wrong when ``data`` is composed in ``template``, written as ``fmt`` and read back: findings of
    the rules (an info note is none), and tables whose amounts differ from the composed ones. Empty when the
    round trip holds."""
    from budgetlens.generate.render import render
    from budgetlens.generate.text import render_text
    from budgetlens.pipeline import run
    from budgetlens.report.facts import document_facts

    doc = compose(data, load_template(template))
    path = folder / f"data.{'txt' if fmt == 'text' else fmt}"
    if fmt == "text":
        path.write_text(render_text(doc), encoding="utf-8")
    else:
        render(doc, fmt, path)
    result = run(path).checked()
    # an info note (a figure the template states but prints in no table) is not a problem, as for generate itself
    problems = [
        f"{f.code} L{f.location.line}: {f.message('zh')}" for f in result.findings if f.severity is not Severity.INFO
    ]
    read: dict[str, Counter[Decimal]] = {t.title: Counter() for t in result.document.tables}
    for fact in document_facts(result.document):
        if fact["value"] is not None and fact["status"] != "derived":  # counts the reader adds are not printed
            read.setdefault(fact["table_title"], Counter())[Decimal(fact["value"])] += 1
    for title, expected in amounts(doc).items():
        got = read.get(title, Counter())
        if got != expected:
            problems.append(
                f"{title}: {sum((expected - got).values())} amounts missing, {sum((got - expected).values())} extra"
            )
    return problems


def strategy_for(template: str) -> st.SearchStrategy[Any]:
    """The data the template composes, by its kind: ``budget_data()`` or the final account's ``final_data()``."""
    if load_template(template).kind == "final":
        from tests.generate_final_strategies import final_data

        return final_data()
    return budget_data()


def property_for(fmt: str, template: str = "shanxi-city-budget") -> Callable[[Any], None]:
    """The round-trip property of ``fmt`` as a function Hypothesis can drive (``given(strategy_for(template))(…)``);
    the data is of the template's kind (BudgetData or FinalData)."""

    # typed BudgetData (a FinalData passes too): the signature seeds Hypothesis' derandomized examples, which the
    # bounded tests keep as they were
    def holds(data: BudgetData) -> None:
        with tempfile.TemporaryDirectory(prefix="budgetlens-roundtrip-") as folder:
            problems = round_trip(data, fmt, Path(folder), template)
        assert not problems, problems

    return holds


assert all(classification.functional(code, YEAR) for code in CODES)
