"""Spreadsheet, web page and Word readers: lines shaped like the tab-separated text, and the same facts."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetlens.cli.main import app
from budgetlens.errors import ReadError
from budgetlens.pipeline import load
from budgetlens.read import read_document
from budgetlens.read.numformat import render_number
from budgetlens.report.facts import document_facts
from tests.fixtures.build import derived

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "sample-department-budget-2026.txt"
runner = CliRunner()

openpyxl = pytest.importorskip("openpyxl")
docx = pytest.importorskip("docx")


def cells(path: Path) -> list[tuple[str, ...]]:
    return [line.cells for line in read_document(path).lines if line.text]


def facts(path: Path) -> dict[tuple[str, str, str, str], str | None]:
    return {
        (f["table"], f["table_id"], f["row_code"] or f["row_name"], f["column"]): f["value"]
        for f in document_facts(load(path))
    }


# --- workbooks -----------------------------------------------------------------------------------


def test_merged_headers_and_title_rows(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "收入总表"
    ws["A1"] = "2026年预算收入总表"
    ws.merge_cells("A1:D1")
    ws["A2"] = "单位：万元"
    ws.append(["项目", None, "本年收入", None])
    ws.merge_cells("A3:B3")
    ws.merge_cells("C3:D3")
    ws["C3"].value = "本年收入"
    ws.append(["科目编码", "科目名称", "合计", "一般公共预算"])
    ws.append([207, "文化旅游体育与传媒支出", 1569.13, 1569.13])
    for cell in ("C5", "D5"):
        ws[cell].number_format = "0.00"
    path = tmp_path / "merged.xlsx"
    wb.save(path)
    doc = read_document(path)
    assert doc.format == "xlsx"
    assert [line.cells for line in doc.lines if line.text] == [
        ("2026年预算收入总表",),
        ("单位：万元",),
        ("项目", "", "本年收入", ""),
        ("科目编码", "科目名称", "合计", "一般公共预算"),
        ("207", "文化旅游体育与传媒支出", "1569.13", "1569.13"),
    ]
    row = next(line for line in doc.lines if line.cells[0] == "207")
    assert (row.sheet, row.cell_refs) == ("收入总表", ("A5", "B5", "C5", "D5"))
    assert doc.lines[0].cell_refs == ("A1",)


def test_several_tables_on_one_sheet_and_narrative_sheet(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表"
    ws.append(["2026年“三公”经费支出预算表"])
    ws.append(["项目", "合计"])
    ws.append(["公务接待费", 1.2])
    ws.append([])
    ws.append(["单位：万元"])
    ws.append(["单位名称", "合计"])
    ws.append(["示例局", 91.24])
    ws.append(["2026年机关运行经费预算表"])  # a new title right under the table, merged over its width
    ws.merge_cells("A8:B8")
    ws.append(["部门合计", 91.24])
    notes = wb.create_sheet("说明")
    notes.append(["一、收入预算情况说明"])
    notes.append(["本部门2026年收入预算总计2,167.73万元。"])
    path = tmp_path / "two.xlsx"
    wb.save(path)
    assert cells(path) == [
        ("2026年“三公”经费支出预算表",),
        ("项目", "合计"),
        ("公务接待费", "1.2"),
        ("单位：万元",),
        ("单位名称", "合计"),
        ("示例局", "91.24"),
        ("2026年机关运行经费预算表",),
        ("部门合计", "91.24"),
        ("一、收入预算情况说明",),
        ("本部门2026年收入预算总计2,167.73万元。",),
    ]
    sheets = [line.sheet for line in read_document(path).lines if line.text]
    assert sheets[-1] == "说明" and sheets[0] == "表"


@pytest.mark.parametrize(
    ("value", "number_format", "printed"),
    [
        (1633.94, "0.00", "1633.94"),
        (1633.9399999999998, "General", "1633.94"),  # a formula's binary noise never shows
        (1633.94, "#,##0.00", "1,633.94"),
        (6.8, "0.00", "6.80"),
        (207.0, None, "207"),
        (1140000.0, "#,##0", "1,140,000"),
        (2.675, "0.00", "2.68"),  # half-up, as the sheet displays it
        (0.0523, "0.0%", "5.2%"),
        (-3.5, "#,##0.00;[Red]-#,##0.00", "-3.50"),
        (1e-7, None, "0.0000001"),
    ],
)
def test_number_rendering(value: float, number_format: str | None, printed: str) -> None:
    assert render_number(value, number_format) == printed


def test_numbers_in_a_real_workbook(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目", "金额", "编码", "空", "和"])
    ws.append(["合计", 1633.94, 2070101, None, 0.1 + 0.2])
    ws["B2"].number_format = "#,##0.00"
    path = tmp_path / "numbers.xlsx"
    wb.save(path)
    assert cells(path)[1] == ("合计", "1,633.94", "2070101", "", "0.3")


# --- the example round trip ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_facts() -> dict[tuple[str, str, str, str], str | None]:
    return facts(EXAMPLE)


@pytest.fixture(scope="module")
def example_files() -> dict[str, Path]:
    """The project example as the fixture builder writes it: a workbook, a web page and a Word document."""
    return {fmt: derived(fmt, "example") for fmt in ("xlsx", "html", "docx")}


@pytest.mark.parametrize("fmt", ["xlsx", "html", "docx"])
@pytest.mark.slow
def test_example_round_trip_gives_the_same_facts(
    fmt: str, example_files: dict[str, Path], example_facts: dict[tuple[str, str, str, str], str | None]
) -> None:
    assert len(example_facts) > 700
    assert read_document(example_files[fmt]).format == fmt
    assert facts(example_files[fmt]) == example_facts


@pytest.mark.slow
def test_round_trip_provenance_names_sheets_and_cells(example_files: dict[str, Path]) -> None:
    doc = load(example_files["xlsx"])
    table = next(t for t in doc.tables if t.kind == "budget.revenue")
    row = next(r for r in table.rows if r.code == "2070101")
    assert row.location.sheet and row.location.sheet.endswith("预算收入总表")
    assert row.location.cell_ref and row.location.cell_ref.startswith("A")
    web = load(example_files["html"])
    web_row = next(r for t in web.tables if t.kind == "budget.revenue" for r in t.rows if r.code == "2070101")
    assert web_row.location.sheet and web_row.location.sheet.startswith("table ")
    assert web_row.location.cell_ref and web_row.location.cell_ref.startswith("R")


def _check(path: Path) -> tuple[int, Counter[str]]:
    result = runner.invoke(app, ["check", str(path), "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    return result.exit_code, Counter(f["code"] for f in json.loads(result.stdout)["findings"])


@pytest.mark.slow
def test_check_and_extract_work_on_every_format(example_files: dict[str, Path]) -> None:
    _, expected = _check(EXAMPLE)
    assert expected
    for fmt, path in example_files.items():
        assert _check(path)[1] == expected, fmt
    extracted = runner.invoke(app, ["extract", str(example_files["docx"]), "--format", "facts"])
    assert extracted.exit_code == 0 and len(extracted.stdout.splitlines()) == len(list(document_facts(load(EXAMPLE))))


@pytest.mark.slow
def test_gbk_page_round_trip(
    tmp_path: Path, example_files: dict[str, Path], example_facts: dict[tuple[str, str, str, str], str | None]
) -> None:
    page = example_files["html"].read_text(encoding="utf-8")
    page = re.sub(r'<meta charset="?utf-8"?\s*/?>', '<meta charset="gbk">', page, flags=re.IGNORECASE)
    assert 'charset="gbk"' in page
    path = tmp_path / "example.htm"
    path.write_bytes(page.encode("gbk"))
    assert facts(path) == example_facts


# --- web pages ------------------------------------------------------------------------------------

PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<style>p {{color: red}}</style></head><body><script>var t = "<p>脚本</p>";</script>
<h1>2026年预算收支总表</h1><!-- 注释 --><p>部门名称：示例局&nbsp;</p><div>单位：万元　</div>
<table><thead><tr><th colspan="2">收入</th><th colspan="3">支出</th></tr>
<tr><th>项目</th><th>2026年</th><th rowspan="2">项目</th><th>2026年<br>合计</th><th>上年结转</th></tr></thead>
<tbody><tr><td>一、一般公共预算</td><td>2160.93</td><td>1.00</td><td></td></tr></tbody></table>
<p>注：本表
数据四舍五入</p>{extra}</body></html>"""


def test_html_tables_spans_and_text_blocks(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(PAGE.format(extra="").encode("gb18030"))
    doc = read_document(path)
    assert doc.format == "html" and not doc.notes
    assert [line.cells for line in doc.lines if line.text] == [
        ("2026年预算收支总表",),
        ("部门名称：示例局",),
        ("单位：万元",),
        ("收入", "", "支出", "", ""),
        ("项目", "2026年", "项目", "2026年合计", "上年结转"),
        ("一、一般公共预算", "2160.93", "", "1.00", ""),
        ("注：本表数据四舍五入",),
    ]
    row = next(line for line in doc.lines if line.cells[0] == "一、一般公共预算")
    assert row.sheet == "table 1" and row.cell_refs[1] == "R3C2"


def test_html_without_tables_still_gives_lines(tmp_path: Path) -> None:
    path = tmp_path / "news.html"
    path.write_text("<!doctype html><html><body><h2>一、部门职责</h2><p>负责文化工作。</p></body></html>", "utf-8")
    doc = read_document(path)
    assert [line.text for line in doc.lines] == ["一、部门职责", "负责文化工作。"]
    assert doc.notes and "no tables" in doc.notes[0]


def test_layout_table_is_read_as_blocks(tmp_path: Path) -> None:
    inner = "<table><tr><td>项目</td><td>金额</td></tr><tr><td>合计</td><td>7.20</td></tr></table>"
    page = f"<html><body><table><tr><td><h3>“三公”经费表</h3>{inner}</td></tr></table></body></html>"
    path = tmp_path / "layout.html"
    path.write_text(page, "utf-8")
    assert cells(path) == [("“三公”经费表",), ("项目", "金额"), ("合计", "7.20")]


# --- Word -----------------------------------------------------------------------------------------


def test_docx_body_order_and_merged_cells(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("一、收入预算情况说明")
    document.add_paragraph("2026年财政拨款收支总表")
    table = document.add_table(rows=4, cols=4)
    for r, row in enumerate(
        [["项目", "", "2026年", ""], ["", "名称", "合计", "当年"], ["207", "文化", "1.00", "1.00"]]
    ):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(0, 0).merge(table.cell(1, 0))  # vMerge
    table.cell(0, 2).merge(table.cell(0, 3))  # gridSpan
    table.cell(3, 0).text = "合计"
    table.cell(3, 2).text = "1.00"
    document.add_paragraph("注：无")
    path = tmp_path / "doc.docx"
    document.save(str(path))
    doc = read_document(path)
    assert doc.format == "docx"
    assert [line.cells for line in doc.lines if line.text] == [
        ("一、收入预算情况说明",),
        ("2026年财政拨款收支总表",),
        ("项目", "", "2026年", ""),
        ("", "名称", "合计", "当年"),
        ("207", "文化", "1.00", "1.00"),
        ("合计", "", "1.00", ""),
        ("注：无",),
    ]
    assert next(line for line in doc.lines if line.cells[0] == "207").cell_refs[2] == "R3C3"


# --- hostile input --------------------------------------------------------------------------------


def _expect_read_error(path: Path, *words: str) -> None:
    with pytest.raises(ReadError) as err:
        read_document(path)
    message = err.value.message("en")
    assert str(path) in message and all(w in message for w in words), message
    result = runner.invoke(app, ["check", str(path)])
    assert (result.exit_code == 2 and result.exception is None) or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


def _small_xlsx(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active.append(["项目", "金额"])
    path = tmp_path / "small.xlsx"
    wb.save(path)
    return path


def test_truncated_and_broken_archives(tmp_path: Path) -> None:
    good = _small_xlsx(tmp_path).read_bytes()
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good[: len(good) // 2])
    _expect_read_error(truncated, "zip")
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = b"<worksheet><sheetData><row" if info.filename.endswith("sheet1.xml") else src.read(info)
            dst.writestr(info, data)
    _expect_read_error(broken, "cannot read the workbook")
    broken_docx = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken_docx, "w") as dst:
        dst.writestr("word/document.xml", "<w:document")
    _expect_read_error(broken_docx, "cannot read the Word file")


def test_password_protected_workbook(tmp_path: Path) -> None:
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    plain = _small_xlsx(tmp_path)
    locked = tmp_path / "locked.xlsx"
    with plain.open("rb") as src, locked.open("wb") as dst:
        encryptor = ooxml.OOXMLFile(src)
        encryptor.encrypt("secret", dst)
    _expect_read_error(locked, "password", "encrypted")


@pytest.mark.parametrize("member", ["xl/worksheets/sheet9.xml", "word/media/big.xml"])
@pytest.mark.slow
def test_decompression_bomb_is_refused(tmp_path: Path, member: str) -> None:
    path = tmp_path / ("bomb.xlsx" if member.startswith("xl/") else "bomb.docx")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(member, "w", force_zip64=True) as out:
            block = b" " * (1 << 20)
            for _ in range(201):
                out.write(block)
    assert path.stat().st_size < 2_000_000
    _expect_read_error(path, "decompression bomb")


def test_sheet_over_the_cell_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGETLENS_MAX_CELLS", "1000")
    good = _small_xlsx(tmp_path).read_bytes()
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(1, 1002))
    xml = f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>'
    path = tmp_path / "tall.xlsx"
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, xml if info.filename.endswith("sheet1.xml") else src.read(info))
    _expect_read_error(path, "BUDGETLENS_MAX_CELLS")
