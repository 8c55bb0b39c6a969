"""Shared fixtures: the seed documents (read from ../shared/seeds, skipped when absent) and the files derived
from them (``derived``: HTML, PDF, XLSX, DOCX and scans built once into .cache/fixtures)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from budgetlens.model import Document, Table
from budgetlens.pipeline import load
from tests.postgres_server import postgres_database, postgres_url  # noqa: F401  (session PostgreSQL fixtures)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
REAL = ROOT.parent / "shared" / "real"  # real PDFs of another region
BUDGET_SEEDS = ("000", "001", "004")


def seed_path(prefix: str) -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS} (the shared folder is not beside the project)")
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
        pytest.skip(f"{name} not found in {REAL} (the shared folder is not beside the project)")
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

    Skips the test with the reason when a tool the format needs (WeasyPrint, the CJK font) or the seed is missing.
    """
    from tests.fixtures.build import FixtureUnavailable
    from tests.fixtures.build import derived as build

    def get(fmt: str, doc: str = "example", pages: int | None = None) -> Path:
        try:
            return build(fmt, doc, pages=pages)
        except FixtureUnavailable as exc:
            pytest.skip(str(exc))

    return get
