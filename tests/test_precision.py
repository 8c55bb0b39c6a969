"""Every reviewed finding is given and no unexpected error is raised, on every document of ../shared."""

from __future__ import annotations

import pytest
from bench.precision import expected, measure

from tests.requirements import SHARED, missing

REVIEWED = expected()


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(REVIEWED))
def test_reviewed_findings_and_no_false_error(name: str) -> None:
    if not (SHARED / name).is_file():
        pytest.skip(missing("shared") or f"{SHARED / name} is absent")
    result = measure(name, REVIEWED[name], SHARED)
    assert result.unexpected_errors == [], "errors nobody reviewed as true (a false alarm until reviewed)"
    assert result.missed == [], "reviewed findings the checks no longer give"
    assert result.unexpected_warnings == [], "warnings nobody reviewed (add them to the review if true)"


def test_the_review_names_existing_rules() -> None:
    from budgetlens.check.registry import all_rules

    codes = {r.code for r in all_rules()}
    for reviewed in REVIEWED.values():
        for entries in reviewed.values():
            assert {str(e[0]) for e in entries or []} <= codes
            assert all(len(e) == 3 and isinstance(e[1], int) and e[2] for e in entries or [])
