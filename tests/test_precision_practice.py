"""The precision a group of printed figures practises (check/intervals.py) and the rules that read figures at it."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.check.intervals import (
    column_practice,
    practice_bounds,
    practice_interval,
    practised_decimals,
    sum_consistent_at,
)
from budgetlens.check.rules.performance import SelfEvalRatePractice, self_eval_practice
from budgetlens.model import Amount, Document, Location, PerformanceTarget
from budgetlens.model.enums import ValueStatus


def test_trimmed_zeros_give_the_groups_decimals() -> None:
    assert practised_decimals(["45.56%", "93.57%", "94.68%", "6%", "100%"]) == 2
    assert practised_decimals(["1,633.94", "57.8", "12.35", "0.75", "6"]) == 2


def test_no_practice_without_clear_evidence() -> None:
    assert practised_decimals(["6", "30", "120"]) is None  # all integers: integer precision
    assert practised_decimals(["45.56", "93.57", "6"]) is None  # two figures at 2 decimals are not enough
    assert practised_decimals(["45.56", "93.57", "12.35", "94.68"]) is None  # all at 2: nothing trimmed
    assert practised_decimals(["45.56", "93.57", "12.35", "57.80", "6"]) is None  # a printed trailing zero
    assert practised_decimals(["45.561", "93.57", "12.35", "94.68", "6"]) is None  # more than 2 decimals
    assert practised_decimals([]) is None


def test_prose_needs_the_shorter_figures_to_be_rare() -> None:
    typed = ["91.58", "78.75", "33.39", "86.86", "10.8", "47", "0.4", "106"]
    assert practised_decimals(typed) == 2
    assert practised_decimals(typed, rare=True) is None
    assert practised_decimals(["91.58", "78.75", "33.39", "86.86", "47"], rare=True) == 2


def test_intervals_at_the_practice() -> None:
    assert practice_interval(Decimal(6), "6", None) == (Decimal("5.5"), Decimal("6.5"))
    assert practice_interval(Decimal(6), "6", 2) == (Decimal("5.995"), Decimal("6.005"))
    assert practice_interval(Decimal("1.234"), "1.234", 2) == (Decimal("1.2335"), Decimal("1.2345"))  # never coarser
    repaired = Amount(value=Decimal(6), printed="6", status=ValueStatus.REPAIRED)
    assert practice_bounds(repaired, 2) == repaired.bounds()
    assert practice_bounds(Amount(value=None), 2) == (Decimal(0), Decimal(0))


def test_a_column_that_drops_zeros_is_exact_to_the_cent() -> None:
    cells = [{"amount": Amount(value=Decimal(v), printed=v)} for v in ("47.91", "1.35", "46.56", "21.56", "25")]
    practice = column_practice(cells)
    assert practice == {"amount": 2}
    total = Amount(value=Decimal("47"), printed="47")
    parts = [Amount(value=Decimal("21.56"), printed="21.56"), Amount(value=Decimal("25"), printed="25")]
    assert sum_consistent_at((total, None), [(p, None) for p in parts])  # 46.56 within 46.5–47.5
    assert not sum_consistent_at((total, 2), [(p, 2) for p in parts])  # 46.56 is not 47.00


def _self_eval(name: str, budget: str, spent: str, rate: str, line: int) -> PerformanceTarget:
    facts = {"表式": "市级", "全年预算数": budget, "全年执行数": spent, "执行率": rate}
    return PerformanceTarget(kind="self_eval", name=name, facts=facts, location=Location(line=line))


def _doc(*targets: PerformanceTarget) -> Document:
    return Document(sha256="0" * 64, source="invented", targets=list(targets))


def test_self_eval_rate_at_the_forms_practice() -> None:
    forms = [
        _self_eval("甲", "46.47", "43.48", "93.57%", 10),
        _self_eval("乙", "16", "15.15", "94.68%", 20),
        _self_eval("丙", "2.95", "2.95", "100%", 30),
        _self_eval("丁", "13.3", "6", "45.56%", 40),  # 6 / 13.3 = 45.11%: passes at ±0.5, not at 6.00
    ]
    assert self_eval_practice(_doc(*forms)) == {"市级": (2, 2)}
    found = list(SelfEvalRatePractice().check(_doc(*forms)))
    assert [(f.code, f.location.line) for f in found] == [("BL507", 40)]


def test_self_eval_rate_without_practice_is_read_as_printed() -> None:
    forms = [
        _self_eval("甲", "46", "43", "93.48%", 10),
        _self_eval("丁", "13.3", "6", "45.56%", 40),
    ]
    assert self_eval_practice(_doc(*forms)) == {"市级": (None, None)}
    assert list(SelfEvalRatePractice().check(_doc(*forms))) == []
