"""The fixture builder: derived files are valid, hold every table, and lose none of the source's facts.

Only the example is built here (seeds are used for the cheap layout checks and skipped without ../shared/seeds).
A PDF printed without the CJK font is refused, so it never reaches the cache.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from bench.accuracy import Key, Score, compare, facts_of, score

from tests.conftest import seed_path
from tests.fixtures.build import EXAMPLE, FixtureUnavailable, _write, check_cjk_text, cjk_text_fonts, source_of, to_text
from tests.fixtures.layout import Table, header_rows, layout, tables, to_yuan
from tests.requirements import ASSUME_MISSING

Derived = Callable[..., Path]


def example_tables() -> list[Table]:
    return tables(layout(EXAMPLE.read_text(encoding="utf-8")))


def by_title(title: str) -> Table:
    return next(t for t in example_tables() if t.title == title)


def test_header_rows_end_at_the_first_amount_or_total() -> None:
    income = by_title("2026年预算收入总表")
    assert income.header == 2
    assert income.spans == {(0, 0): (1, 2), (0, 2): (1, 6), (0, 8): (2, 1)}  # 项目, 本年收入, 上年结转 over two rows
    assert by_title("2026年财政拨款收支总表").header == 3
    assert by_title("2026年项目支出预算表（本年预算）").header == 3  # the 1 2 3 … column numbers belong to the header
    assert header_rows([["项目", "2026年预算数", ""], ["", "合计", "一般"], ["因公出国（境）费", "", ""]]) == 2
    assert header_rows([["科目编码", "科目名称", "合计"], ["合计", "", ""]]) == 1  # a table with no data


def test_forms_have_no_header_and_tables_keep_their_caption() -> None:
    found = example_tables()
    forms = [t for t in found if t.form]
    assert len(forms) == 9 and all(t.header == 0 for t in forms)
    assert all(cs > 1 and len(t.rows[r][c]) >= 10 for t in forms for (r, c), (_, cs) in t.spans.items())
    reports = [t for t in found if t.in_wanyuan]
    assert len(reports) == 13
    assert all(any(p.text.startswith("部门名称") for p in t.caption) for t in reports)


@pytest.mark.parametrize("doc", ["example", "000", "001", "004"])
def test_merged_cells_hide_only_empty_cells(doc: str) -> None:
    path = EXAMPLE if doc == "example" else seed_path(doc)
    for table in tables(layout(path.read_text(encoding="utf-8"))):
        assert {len(row) for row in table.rows} == {table.width}
        assert all(table.rows[r][c] == "" for r, c in table.covered()), table.title


@pytest.mark.parametrize("doc", ["example", "000", "001", "004"])
@pytest.mark.slow
def test_the_layout_written_back_as_text_keeps_every_fact(doc: str, derived: Derived) -> None:
    source = facts_of(source_of(derived("text", doc)))
    for fmt in ("text", "text-yuan"):
        result = compare(source, facts_of(derived(fmt, doc)))
        assert result.expected > 800
        assert (result.matched, result.wrong, result.missing, result.extra) == (result.expected, 0, 0, 0), fmt


def test_score_counts_wrong_missing_and_extra_cells() -> None:
    key: Key = ("budget.income", "207", (), "total")
    one, two, three = Decimal(1), Decimal(2), Decimal(3)
    expected: dict[Key, list[Decimal | None]] = {key: [one, two], ("t", "x", (), "c"): [three]}
    found: dict[Key, list[Decimal | None]] = {key: [one, Decimal(5), None], ("t", "y", (), "c"): [three]}
    result = compare(expected, found)
    assert (result.expected, result.matched, result.wrong, result.missing, result.extra) == (3, 1, 1, 1, 2)
    assert Score(expected=4, matched=3).share == 0.75


@pytest.mark.slow
def test_a_format_without_reader_is_scored_not_raised(tmp_path: Path) -> None:
    fake = tmp_path / "not-a-workbook.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really a zip")
    result = score(EXAMPLE, fake)
    assert result.error and result.matched == 0 and result.missing == result.expected > 0


def test_html_has_one_table_per_table_with_merged_header_cells(derived: Derived) -> None:
    from lxml import html

    page = html.parse(str(derived("html"))).getroot()
    assert len(page.findall(".//table")) == len(example_tables())
    income = page.xpath("//table[thead/tr/th[text()='本年收入']]")[0]
    assert income.xpath("thead/tr/th[text()='本年收入']/@colspan") == ["6"]
    assert income.xpath("thead/tr/th[text()='上年结转']/@rowspan") == ["2"]
    assert income.xpath("tbody/tr[1]/td[1]/text()") == ["合计"]


@pytest.mark.slow
def test_pdf_has_a_text_layer_and_repeats_table_headers(derived: Derived) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(derived("pdf"))
    try:
        texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()
    assert len(texts) >= 15
    first = next(i for i, t in enumerate(texts) if "预算公开表1" in t)  # the first report table
    assert "上年结转安排" in texts[first] and "上年结转安排" in texts[first + 1]  # the header again on the next page
    assert "2026年预算收支总表" not in texts[first + 1] and "收入总计" in texts[first + 1]
    assert any("2070204" in t and "357.18" in t for t in texts)


@pytest.mark.slow
def test_pdf_in_yuan_prints_amounts_times_ten_thousand(derived: Derived) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(derived("pdf-yuan"))
    try:
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    assert "21,609,300.00" in text and "单位：元" in text and "单位：万元" not in text
    blocks = to_yuan(layout(EXAMPLE.read_text(encoding="utf-8")))
    assert "1,140,000" in to_text(blocks)  # the 元 forms are left as printed


def test_xlsx_has_a_sheet_per_table_with_merged_headers_and_numbers(derived: Derived) -> None:
    from openpyxl import load_workbook

    book = load_workbook(derived("xlsx"))
    assert book.sheetnames[0] == "说明" and len(book.sheetnames) == 1 + len(example_tables())
    assert all(len(name) <= 31 for name in book.sheetnames)
    sheet = book["2026年预算收入总表"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:I1", "A2:I2", "A3:I3"} <= merged  # title, 部门名称 and 单位 across the table
    assert {"A4:B4", "C4:H4", "I4:I5"} <= merged  # 项目, 本年收入, 上年结转 (two rows)
    total = sheet["C6"]
    assert sheet["A6"].value == "合计" and total.value == 2160.93 and total.number_format == "#,##0.00"
    assert sheet["A7"].value == "207"  # codes stay text


def test_docx_has_every_table_with_merged_header_cells(derived: Derived) -> None:
    from docx import Document

    doc = Document(str(derived("docx")))
    assert len(doc.tables) == len(example_tables())
    income = next(t for t in doc.tables if t.cell(0, 2).text == "本年收入")
    assert income.cell(0, 2)._tc is income.cell(0, 7)._tc and income.cell(0, 7).text == "本年收入"  # one merged cell
    assert income.cell(0, 8).text == income.cell(1, 8).text == "上年结转"  # merged down two rows
    assert income.cell(2, 0).text == "合计" and income.cell(2, 2).text == "2160.93"


@pytest.mark.slow
def test_scans_are_page_images_without_text(derived: Derived) -> None:
    import pypdfium2 as pdfium
    from PIL import Image

    png = derived("scan-png", pages=2)
    with Image.open(png) as image:
        assert image.size == (1654, 2339)  # A4 at 200 dpi
    with Image.open(derived("degraded-jpg", pages=2)) as image:
        assert image.format == "JPEG" and 1240 < image.size[0] < 1300  # 150 dpi, a little wider once rotated
    scan = pdfium.PdfDocument(derived("scan-pdf", pages=2))
    try:
        assert 1 <= len(scan) <= 2 and scan[0].get_textpage().get_text_range().strip() == ""
    finally:
        scan.close()
    excerpt = source_of(png)
    assert excerpt.name == "excerpt.p2.txt" and sum(len(v) for v in facts_of(excerpt).values()) > 20


def test_printable_xlsx_has_the_page_setup_of_a_bureaus_export(derived: Derived) -> None:
    from openpyxl import load_workbook

    book = load_workbook(derived("lo-xlsx"))
    income, summary = book["2026年预算收入总表"], book["2026年预算收支总表"]
    setup = income.page_setup
    assert (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight) == (9, "landscape", 1, 0)
    assert income.sheet_properties.pageSetUpPr.fitToPage and income.print_title_rows == "$4:$5"  # 项目 / 科目编码 rows
    assert summary.page_setup.orientation == "portrait" and summary.print_title_rows == "$5:$6"
    assert all(income.row_dimensions[r].height for r in range(4, income.max_row + 1))  # heights saved, as Excel does
    assert income["B7"].alignment.wrap_text and income["C6"].number_format == "#,##0.00"


NO_CJK_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont>
    <pattern><patelt name="lang"><string>zh-cn</string></patelt></pattern>
  </rejectfont></selectfont>
</fontconfig>
"""
PRINT = "import sys; from weasyprint import HTML; HTML(string=sys.argv[1]).write_pdf(sys.argv[2])"


@pytest.mark.slow
@pytest.mark.needs_fonts
def test_a_pdf_printed_without_the_cjk_font_never_reaches_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where fontconfig knows no CJK font, WeasyPrint sets Chinese in a fallback font (boxes, other widths):
    such a PDF is refused by the builder's check and not written, skipped as unavailable when the font is
    missing and an error when it is installed."""
    config = tmp_path / "fonts.conf"
    config.write_text(NO_CJK_FONTCONFIG, encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    listed = subprocess.run(["fc-list", ":", "family"], env=env, capture_output=True, text=True, check=False).stdout
    if not listed.strip():
        pytest.skip("no font but the CJK ones is installed, so nothing can print Chinese in a fallback font")
    printed = tmp_path / "fallback.pdf"
    html = "<html><head><meta charset='utf-8'></head><body><p>2026年预算收入总表 单位：万元</p></body></html>"
    subprocess.run([sys.executable, "-c", PRINT, html, str(printed)], env=env, check=True, timeout=120)
    assert cjk_text_fonts(printed) and not any("CJK" in name for name in cjk_text_fonts(printed))

    out = tmp_path / "cache" / "doc.pdf"
    out.parent.mkdir()
    with pytest.raises(RuntimeError, match="although the CJK font"):
        _write(out, lambda tmp: shutil.copyfile(printed, tmp), check_cjk_text)
    monkeypatch.setenv(ASSUME_MISSING, "fonts")
    with pytest.raises(FixtureUnavailable, match="Chinese text set in"):
        _write(out, lambda tmp: shutil.copyfile(printed, tmp), check_cjk_text)
    assert list(out.parent.iterdir()) == []
