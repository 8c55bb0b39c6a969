"""Shared fixtures: the seed documents (read from ../shared/seeds, skipped when absent) and the files derived
from them (``derived``: HTML, PDF, XLSX, DOCX and scans built once into .cache/fixtures).

A test marked ``needs_<requirement>`` (tests/requirements.py) is skipped when that requirement is absent;
tests using the PostgreSQL fixtures are marked ``needs_postgres`` here. A fixture the builder cannot make
(``FixtureUnavailable``: no CJK font, no LibreOffice, no seed) skips the test that asked for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest

from budgetlens.model import Document, Table
from budgetlens.pipeline import load
from tests.fixtures.build import FixtureUnavailable
from tests.postgres_server import postgres_database, postgres_url  # noqa: F401  (session PostgreSQL fixtures)
from tests.requirements import REAL, REQUIREMENTS, ROOT, SEEDS, assumed_missing, missing, require

__all__ = ["REAL", "ROOT", "SEEDS"]  # the paths test modules take from here
BUDGET_SEEDS = ("000", "001", "004")
POSTGRES_FIXTURES = {"postgres_url", "postgres_database"}


def pytest_configure(config: pytest.Config) -> None:
    try:
        assumed_missing()
    except ValueError as exc:
        raise pytest.UsageError(str(exc)) from exc


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if POSTGRES_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.needs_postgres)


@contextmanager
def _unavailable_fixtures_skip() -> Iterator[None]:
    try:
        yield
    except FixtureUnavailable as exc:
        pytest.skip(str(exc))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    """Skip a test marked with an absent requirement before its fixtures are set up, and one whose fixture
    the builder cannot make (its reason names what to install)."""
    for name in REQUIREMENTS:
        if item.get_closest_marker(f"needs_{name}") is not None:
            reason = missing(name)
            if reason is not None:
                pytest.skip(reason)
    with _unavailable_fixtures_skip():
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call() -> Iterator[None]:
    """A test that builds a fixture file itself is skipped the same way when the builder cannot make it."""
    with _unavailable_fixtures_skip():
        return (yield)


def seed_path(prefix: str) -> Path:
    require("shared")
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} not found in {SEEDS}")
    return matches[0]


@cache
def _load(path: Path) -> Document:
    return load(path)


def seed_doc(prefix: str) -> Document:
    return _load(seed_path(prefix))


def real_doc(name: str) -> Document:
    """A real document of ../shared/real, read once; the test is skipped when it is absent."""
    path = REAL / name
    if not path.is_file():
        pytest.skip(missing("shared") or f"{name} not found in {REAL}")
    return _load(path)


def table_of(doc: Document, kind: str) -> Table:
    """The document's table of ``kind``; the test fails when it has none."""
    table = doc.table(kind)
    assert table is not None, kind
    return table


def write_doc(tmp_path: Path, text: str, name: str = "doc.txt") -> Path:
    """Write a small test document; '⇥' stands for a TAB so cases stay readable."""
    path = tmp_path / name
    path.write_text(text.replace("⇥", "\t"), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def derived() -> Callable[..., Path]:
    """``derived(fmt, doc="example", pages=None)``: the path of a derived file, built on first use.

    The test is skipped with the reason when a tool the format needs (WeasyPrint, the CJK font, LibreOffice) or the
    seed is missing.
    """
    from tests.fixtures.build import derived as build

    return build
