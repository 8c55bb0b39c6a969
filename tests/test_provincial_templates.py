"""Provincial templates: two other regions' disclosures, generated blind to the tool, must read exactly.

docA is a county 水利局 budget in the Ministry's 8-table template (万元); docA_err plants three errors in it;
docB is a city 教育局 final account (公开01–09表, 元 with separators, 类 | 款 | 项 codes, a 续表 continuation),
docB_nosep the same without separators. Each is built once per module as PDF, XLSX and HTML and read in-process.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from budgetlens.check.runner import CheckResult, run_checks
from budgetlens.model import Document
from budgetlens.pipeline import load
from budgetlens.read import read_document
from budgetlens.report.facts import document_facts
from tests.provincial import city_final, ministry_budget
from tests.provincial.model import Disclosure
from tests.provincial.render import html_page, write_pdf, write_xlsx
from tests.provincial.scoring import score
from tests.provincial.truth import truth_cells

pytestmark = pytest.mark.slow

DOCUMENTS: dict[str, Callable[[], Disclosure]] = {
    "docA": ministry_budget.build,
    "docA_err": lambda: ministry_budget.build(errors=True),
    "docB": city_final.build,
    "docB_nosep": lambda: city_final.build(separators=False),
}
CONSISTENT = ("docA", "docB", "docB_nosep")
FORMATS = ("pdf", "xlsx", "html")
NEEDS = {"pdf": ("pdfplumber",), "xlsx": ("python_calamine", "openpyxl"), "html": ("lxml",)}


@cache
def disclosure(name: str) -> Disclosure:
    return DOCUMENTS[name]()


class Read:
    """One built file, loaded once: the document, its facts and its check result."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.doc: Document = load(path)
        self.facts: list[dict[str, Any]] = list(document_facts(self.doc))
        self.checks: CheckResult = run_checks(self.doc)


Reader = Callable[[str, str], Read]


@pytest.fixture(scope="module")
def provincial(tmp_path_factory: pytest.TempPathFactory) -> Reader:
    """``provincial(doc, fmt)``: the document built in that format (once) and read by the pipeline (once)."""
    folder = tmp_path_factory.mktemp("provincial")
    done: dict[tuple[str, str], Read] = {}

    def get(name: str, fmt: str) -> Read:
        for module in NEEDS[fmt]:
            pytest.importorskip(module)
        if (name, fmt) not in done:
            doc, path = disclosure(name), folder / f"{name}.{fmt}"
            if fmt == "pdf":
                write_pdf(doc, path)
            elif fmt == "xlsx":
                write_xlsx(doc, path)
            else:
                path.write_text(html_page(doc), encoding="utf-8")
            done[(name, fmt)] = Read(path)
        return done[(name, fmt)]

    return get


def _errors(read: Read) -> list[str]:
    return [f"{f.code} line {f.location.line} {f.location.table}: {f.message()}"
            for f in read.checks.findings if f.severity.value == "error"]  # fmt: skip


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", tuple(DOCUMENTS))
def test_every_cell_read_with_its_value_and_table_kind(provincial: Reader, name: str, fmt: str) -> None:
    truth = truth_cells(disclosure(name))
    result = score(truth, provincial(name, fmt).facts)
    assert result.expected == len(truth)
    assert result.failures == [], f"{name}.{fmt}: {len(result.failures)} failures\n" + "\n".join(result.failures)
    assert result.correct == len(truth)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", CONSISTENT)
def test_consistent_document_has_no_error_finding(provincial: Reader, name: str, fmt: str) -> None:
    errors = _errors(provincial(name, fmt))
    assert errors == [], f"{name}.{fmt}: {len(errors)} error findings\n" + "\n".join(errors)


def _planted_lines(read: Read, planted: dict[str, str]) -> set[int]:
    """The source lines printing a planted error: the 表5 row of its code, or the narrative with its amount."""
    needle = planted["printed"].rstrip("%")
    lines = read_document(read.path).lines
    if "row_code" in planted:
        return {line.no for line in lines if planted["row_code"] in line.cells and needle in line.text.replace(",", "")}
    return {line.no for line in lines if needle in line.text}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("planted_id", ("E1", "E2", "E3"))
def test_planted_error_reported_on_its_line(provincial: Reader, fmt: str, planted_id: str) -> None:
    read = provincial("docA_err", fmt)
    (planted,) = [e for e in disclosure("docA_err").errors if e["id"] == planted_id]
    lines = _planted_lines(read, planted)
    assert lines, f"{planted_id} ({planted['printed']}) not found in the source lines of docA_err.{fmt}"
    errors = [f for f in read.checks.findings if f.severity.value == "error" and f.location.line is not None]
    hits = [f for f in errors if any(f.location.line <= n <= (f.location.line_end or f.location.line) for n in lines)]
    assert hits, (f"docA_err.{fmt}: {planted_id} {planted['kind']} ({planted.get('text') or planted['printed']}) "
                  f"at line(s) {sorted(lines)} not reported; error findings:\n" + "\n".join(_errors(read)))  # fmt: skip


@pytest.mark.parametrize("fmt", FORMATS)
def test_planted_errors_raise_no_other_error(provincial: Reader, fmt: str) -> None:
    """Every error is on a planted error's line or names it as its probable cause: a misprinted amount is
    not also reported as a wrong rate computed from it."""
    read = provincial("docA_err", fmt)
    planted = set().union(*(_planted_lines(read, e) for e in disclosure("docA_err").errors))
    stray = [
        f"{f.code} line {f.location.line}: {f.message()}"
        for f in read.checks.findings
        if f.severity.value == "error" and f.location.line not in planted and f.cause_line not in planted
    ]
    assert stray == [], f"docA_err.{fmt}: errors beside the planted ones\n" + "\n".join(stray)
    for error in disclosure("docA_err").errors:
        if "row_code" in error:
            continue  # a table figure breaks several identities; they share it as their cause
        lines = _planted_lines(read, error)
        on_line = [f.code for f in read.checks.findings if f.severity.value == "error" and f.location.line in lines]
        assert len(on_line) == 1, f"docA_err.{fmt}: {error['id']} gives {on_line}, one misprint should give one error"
