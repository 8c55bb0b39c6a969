"""Rendering a printed disclosure: each format reads back with budgetlens to the same amounts and table kinds.

The printed document is one of the generated provincial disclosures (tests/provincial) turned into the
``PrintedDocument`` contract; it is rendered as HTML, PDF, DOCX and XLSX and read by the pipeline, and every amount
cell of every table must come back with its value, in the table of the same kind.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from budgetlens.errors import ConfigError
from budgetlens.generate.html import html_page
from budgetlens.generate.printed import (
    Cell,
    HeaderCell,
    Heading,
    PageBreak,
    Paragraph,
    PrintedDocument,
    PrintedTable,
)
from budgetlens.generate.render import render
from budgetlens.pipeline import load
from budgetlens.report.facts import document_facts
from tests.provincial import city_final, ministry_budget
from tests.provincial.model import INDENT, BodyCell, Disclosure, printed_value
from tests.provincial.model import Table as ProvincialTable

SOURCES = {"ministry": ministry_budget.build, "city": city_final.build}


def _cells(row: list[BodyCell]) -> list[Cell]:
    cells: list[Cell] = []
    skip = 0
    for cell in row:
        if skip:
            skip -= 1
            continue
        text, css = cell[0], cell[1]
        span = cell[2] if len(cell) > 2 else 1  # type: ignore[misc]
        if css == "lanci3":  # the 栏次 label over the code and name columns
            cells.append(Cell(text, "label", colspan=4))
            skip = 3
        elif css == "num":
            value = printed_value(text)
            cells.append(Cell(text, "amount", Decimal(value) if value else None, colspan=span))
        elif css.startswith("name"):
            cells.append(Cell(text.lstrip(INDENT), "name", level=int(css[4:] or 0), colspan=span))
        else:
            cells.append(Cell(text, "label" if css == "lanci" else "code" if css == "code" else "text", colspan=span))
    return cells


def _table(t: ProvincialTable, dept: str) -> PrintedTable:
    return PrintedTable(
        label=t.label, title=t.title, kind=t.kind, unit=t.unit, department_line=f"部门名称：{dept}",
        header=[[HeaderCell(x, cs, rs) for x, cs, rs in row] for row in t.header if row], columns=t.ncols,
        rows=[_cells(row) for row in t.body], note=t.note, landscape=t.landscape,
    )  # fmt: skip


def printed(source: Disclosure, stamp: str | None = None) -> PrintedDocument:
    """A generated provincial disclosure as the printed-document contract."""
    tables = [_table(t, source.dept) for t in source.tables]
    narrative: list[Heading | Paragraph | PageBreak] = [Heading("第一部分 部门概况及预算说明", 1)]
    for heading, paragraphs in source.narrative:
        narrative += [Heading(heading, 2), *(Paragraph(p) for p in paragraphs)]
    part = Heading("第二部分 公开表格", 1)
    blocks = [*narrative, PageBreak(), part, *tables] if source.narrative_first else [part, *tables, *narrative]
    return PrintedDocument(
        title=source.title, cover=source.cover.split("\n"), blocks=blocks, landscape=source.landscape, stamp=stamp,
        running_head=source.title,
    )  # fmt: skip


@cache
def document(name: str) -> PrintedDocument:
    return printed(SOURCES[name]())


def amounts_by_table(doc: PrintedDocument) -> dict[str, Counter[Decimal]]:
    return {t.title: Counter(c.value for row in t.rows for c in row if c.value is not None) for t in doc.tables}


def read_back(path: Path) -> tuple[dict[str, Counter[Decimal]], dict[str, str]]:
    """The amounts per table title and the kind of each table the pipeline reads from ``path``."""
    read = load(path)
    amounts: dict[str, Counter[Decimal]] = {t.title: Counter() for t in read.tables}
    for fact in document_facts(read):
        if fact["value"] is not None and fact["status"] != "derived":
            amounts.setdefault(fact["table_title"], Counter())[Decimal(fact["value"])] += 1
    return amounts, {t.title: str(t.kind.value) for t in read.tables}


def fidelity(doc: PrintedDocument, path: Path) -> tuple[int, int, int, list[str]]:
    """(amount cells printed, read back with the same value in the same table, tables of the right kind, problems)."""
    got, kinds = read_back(path)
    printed_total = matched = kinds_ok = 0
    problems: list[str] = []
    for table in doc.tables:
        want = amounts_by_table(doc)[table.title]
        have = got.get(table.title, Counter())
        printed_total += sum(want.values())
        hit = sum((want & have).values())
        matched += hit
        if kinds.get(table.title) == table.kind:
            kinds_ok += 1
        else:
            problems.append(f"{table.label} kind {kinds.get(table.title)} != {table.kind}")
        if hit < sum(want.values()):
            problems.append(f"{table.label} {hit}/{sum(want.values())}: missing {list((want - have).elements())[:4]}")
    return printed_total, matched, kinds_ok, problems


def test_unknown_format_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="未知的输出格式 'odt'"):
        render(document("ministry"), "odt", tmp_path / "x.odt")


def test_html_page_is_self_contained_with_contents_and_stamp() -> None:
    doc = printed(SOURCES["ministry"](), stamp="未通过校验")
    page = html_page(doc)
    assert "<link" not in page and "<script" not in page and "<style>" in page
    assert page.count('<section class="tbl') == len(doc.tables) == 8
    assert page.count('class="table"><a href=') == 8  # every table in the 目录
    assert page.count("……</span>") == page.count("<li ")  # on screen each entry ends in a leader without a number
    assert 'class="stamp">未通过校验<' in page and "position: fixed" in page
    assert '<th colspan="2">收    入</th>' in page
    assert '<td class="amount">' in page and 'class="code">2130301<' in page


@pytest.mark.slow
@pytest.mark.parametrize("name", ["ministry", "city"])
@pytest.mark.parametrize("fmt", ["html", "xlsx", "docx", "pdf"])
def test_rendered_format_reads_back_to_the_same_amounts(tmp_path: Path, name: str, fmt: str) -> None:
    if fmt == "pdf":
        from tests.requirements import require

        require("fonts")
    doc = document(name)
    path = render(doc, fmt, tmp_path / f"{name}.{fmt}")
    total, matched, kinds_ok, problems = fidelity(doc, path)
    assert total > 100
    assert (matched, kinds_ok) == (total, len(doc.tables)), problems


@pytest.mark.slow
def test_workbook_has_numeric_amounts_text_codes_and_the_stamp(tmp_path: Path) -> None:
    import openpyxl

    doc = printed(SOURCES["ministry"](), stamp="未通过校验")
    book = openpyxl.load_workbook(render(doc, "xlsx", tmp_path / "d.xlsx"))
    assert book.sheetnames == ["情况说明", *(t.label for t in doc.tables)]
    for sheet in book.worksheets:
        assert sheet.cell(1, 1).value == "未通过校验"
    sheet = book["表5"]
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "2130301" in values and 2130301 not in values
    first = doc.tables[4].rows[0]
    amount = next(c for c in first if c.value is not None)
    numeric = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, float | int)]
    assert any(Decimal(str(c.value)) == amount.value and c.number_format == "0.00" for c in numeric)
    assert sheet.merged_cells.ranges


@pytest.mark.slow
def test_word_document_names_east_asian_fonts_repeats_headers_and_numbers_pages(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    doc = printed(SOURCES["ministry"](), stamp="未通过校验")
    with zipfile.ZipFile(render(doc, "docx", tmp_path / "d.docx")) as z:
        body = z.read("word/document.xml").decode()
        styles = z.read("word/styles.xml").decode()
        headers = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/header"))
        footers = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/footer"))
    assert 'w:eastAsia="宋体"' in styles and 'w:eastAsia="黑体"' in styles
    assert 'w:eastAsia="宋体"' in body and "<w:tblHeader" in body and 'w:val="right"' in body
    assert "<w:gridSpan" in body and "<w:vMerge" in body
    assert "未通过校验" in headers and 'w:instr="PAGE"' in footers
