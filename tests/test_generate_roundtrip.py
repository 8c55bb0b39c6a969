"""The round trip of ``budgetlens generate`` as a property: random consistent data, composed in the city template and
written in each format, reads back with no finding and with every table's amounts as composed. Hypothesis shrinks a
failure to a minimal data set; those found are kept below as regression cases. ``bench/roundtrip.py`` runs the same
property with thousands of examples."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from tests.generate_strategies import budget_data, property_for

pytestmark = pytest.mark.slow
BOUNDED = settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


@BOUNDED
@given(budget_data())
def test_text_round_trip(data: object) -> None:
    property_for("text")(data)  # type: ignore[arg-type]


@pytest.mark.needs_fonts
@pytest.mark.parametrize("fmt", ["html", "xlsx", "docx", "pdf"])
def test_round_trip_in_every_format(fmt: str) -> None:
    given(budget_data())(settings(BOUNDED, max_examples=3)(property_for(fmt)))()


@pytest.mark.needs_fonts
@pytest.mark.parametrize("fmt", ["text", "pdf"])
def test_round_trip_in_the_district_template(fmt: str) -> None:
    given(budget_data())(settings(BOUNDED, max_examples=3)(property_for(fmt, "shanghai-district-budget")))()


@pytest.mark.needs_fonts
@pytest.mark.parametrize(("fmt", "examples"), [("text", 6), ("pdf", 2)])
def test_round_trip_in_the_ministry_template(fmt: str, examples: int) -> None:
    holds = property_for(fmt, "ministry-department-budget")
    quick = settings(BOUNDED, max_examples=examples, phases=[Phase.explicit, Phase.reuse, Phase.generate])
    given(budget_data())(quick(holds))()
