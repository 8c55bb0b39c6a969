"""The limits of one document's reading: defaults, environment overrides, the one-line refusal, their page."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from budgetlens.errors import ConfigError, ReadError
from budgetlens.limits import LimitExceeded, Limits, check, current

DOCS = Path(__file__).resolve().parents[1] / "docs" / "limits.md"


def test_defaults_when_no_variable_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    for spec in fields(Limits):
        monkeypatch.delenv(Limits.variable(spec.name), raising=False)
    assert current() == Limits()


def test_a_variable_overrides_its_limit_and_only_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGETLENS_MAX_PAGES", "1_500")
    limits = current()
    assert limits.max_pages == 1500
    assert limits.max_lines == Limits().max_lines


@pytest.mark.parametrize("value", ["0", "-3", "many", "1.5"])
def test_a_bad_value_is_a_config_error_naming_the_variable(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("BUDGETLENS_MAX_FRAMES", value)
    with pytest.raises(ConfigError) as raised:
        current()
    assert "BUDGETLENS_MAX_FRAMES" in raised.value.message("en")
    assert "BUDGETLENS_MAX_FRAMES" in raised.value.message("zh")


def test_over_a_limit_is_one_read_error_line_in_both_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGETLENS_MAX_PAGES", "10")
    check("a.pdf", "max_pages", 10, "页数", "pages")  # at the limit: accepted
    with pytest.raises(LimitExceeded) as raised:
        check("a.pdf", "max_pages", 11, "页数", "pages")
    error = raised.value
    assert isinstance(error, ReadError)
    assert error.limit_name == "max_pages"
    for lang in ("zh", "en"):
        line = error.message(lang)
        assert "\n" not in line and line.startswith("a.pdf: ")
        assert "11" in line and "10" in line and "BUDGETLENS_MAX_PAGES" in line


def test_every_limit_has_a_row_in_the_limits_page() -> None:
    page = DOCS.read_text(encoding="utf-8")
    documented = set(re.findall(r"`(BUDGETLENS_[A-Z_]+)`", page))
    declared = {Limits.variable(spec.name) for spec in fields(Limits)}
    assert declared <= documented, f"limits without a row in docs/limits.md: {sorted(declared - documented)}"
    for spec in fields(Limits):
        row = next(line for line in page.splitlines() if line.startswith(f"| `{Limits.variable(spec.name)}`"))
        assert str(getattr(Limits(), spec.name)) in row, f"{spec.name}: the default in docs/limits.md is stale"
