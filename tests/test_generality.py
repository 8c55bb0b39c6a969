"""Generality: the 区县 template (tests/district_budget.py) printed to PDF and saved as a workbook and a web page.

The readers and parsers were built on the city template of the seeds; here another region's layout
(9 tables in 元 with thousands separators, codes in 类⇥款⇥项 columns, a combined 三公 table) goes
through the fixture builder and must give the same facts as its text, no finding when consistent,
and a planted error at its line and page of the PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bench.accuracy import score

from budgetlens.check.runner import run_checks
from budgetlens.model import Document
from budgetlens.pipeline import load
from budgetlens.read import read_document
from tests.district_budget import ITEMS, build
from tests.fixtures.build import build_from
from tests.test_templates import DISTRICT_KINDS

pytestmark = pytest.mark.slow

FORMATS = ("pdf", "xlsx", "html")
NEEDS = {"pdf": ("pdfplumber",), "xlsx": ("python_calamine", "openpyxl"), "html": ("lxml",)}
FUNCTION_TABLES = ("budget.revenue", "budget.expenditure", "budget.general_expenditure")

Build = Callable[[str, frozenset[str]], tuple[Path, Path]]


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """``district(fmt, errors)``: (source text, derived file) of the district document, built once per pair."""
    built: dict[tuple[str, frozenset[str]], tuple[Path, Path]] = {}

    def get(fmt: str, errors: frozenset[str] = frozenset()) -> tuple[Path, Path]:
        for module in NEEDS[fmt]:
            pytest.importorskip(module)
        if (fmt, errors) not in built:
            folder = tmp_path_factory.mktemp("district-" + "-".join(sorted(errors) or ["clean"]))
            source = folder / "district.txt"
            source.write_text(build(errors), encoding="utf-8")
            built[(fmt, errors)] = (source, build_from(source, fmt, folder))
        return built[(fmt, errors)]

    return get


@pytest.mark.parametrize("fmt", FORMATS)
def test_derived_file_gives_the_facts_of_the_text(district: Build, fmt: str) -> None:
    source, path = district(fmt, frozenset())
    result = score(source, path)
    assert result.error is None
    assert (result.expected, result.amounts) == (410, 144)  # every cell of the 9 tables; 144 print an amount
    assert (result.matched, result.wrong, result.missing, result.extra) == (result.expected, 0, 0, 0), result.examples


@pytest.mark.parametrize("fmt", FORMATS)
def test_tables_keep_their_kinds_unit_and_seven_digit_codes(district: Build, fmt: str) -> None:
    doc: Document = load(district(fmt, frozenset())[1])
    assert [t.kind for t in doc.tables] == DISTRICT_KINDS
    assert all(t.unit == "元" and t.unit_declared for t in doc.tables)
    items = {i.code for i in ITEMS}
    for kind in FUNCTION_TABLES:
        table = doc.table(kind)
        assert table is not None
        assert {c for c in table.rows_by_code() if len(c) == 7} == items, kind
        assert table.rows_by_code()["2040601"].path == ["公共安全支出", "司法"]
    economic = doc.table("budget.general_basic_economic")
    assert economic is not None and "30101" in economic.rows_by_code()


def test_clean_pdf_has_no_findings(district: Build) -> None:
    assert run_checks(load(district("pdf", frozenset())[1])).findings == []


def test_planted_error_is_found_at_its_pdf_line_and_page(district: Build) -> None:
    _, pdf = district("pdf", frozenset({"item_basic"}))
    doc = load(pdf)
    findings = run_checks(doc).findings
    assert {f.code for f in findings} == {"BL201", "BL202"}
    expenditure = doc.table("budget.expenditure")
    assert expenditure is not None
    # the 部门支出总表 row 2040601 whose 基本支出 was raised by 100.00 (1,672,670.00 → 1,672,770.00)
    lines = [line for line in read_document(pdf).lines if line.cells[:4] == ("204", "06", "01", "行政运行")]
    bumped = [line for line in lines if "1,672,770.00" in line.cells]
    assert len(bumped) == 1 and bumped[0].page is not None
    (bl201,) = [f for f in findings if f.code == "BL201"]
    assert bl201.location.table == expenditure.id
    assert (bl201.location.line, bl201.location.page) == (bumped[0].no, bumped[0].page)
    assert bl201.location.bbox is not None
    assert all(f.location.page is not None for f in findings)


@pytest.mark.parametrize("fmt", ("pdf", "xlsx"))
def test_three_public_items_as_columns_printed_and_saved(tmp_path: Path, fmt: str) -> None:
    """The 三公 table with its items as columns under a two-row merged header, through PDF and XLSX."""
    for module in NEEDS[fmt]:
        pytest.importorskip(module)
    source = tmp_path / "district.txt"
    source.write_text(build(three_layout="columns"), encoding="utf-8")
    path = build_from(source, fmt, tmp_path)
    result = score(source, path)
    assert (result.matched, result.wrong, result.missing, result.extra) == (result.expected, 0, 0, 0), result.examples
    doc = load(path)
    table = doc.table("budget.three_public")
    assert table is not None and len(table.rows) == 7
    assert run_checks(doc).findings == []
