"""The PDF reader on real PDFs rendered in the test (WeasyPrint): tables, page breaks, broken files."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pdfplumber")

from budgetlens.errors import ReadError
from budgetlens.pipeline import load
from budgetlens.read import RawDocument, read_document
from budgetlens.read.pdf_tables import join_wrapped
from budgetlens.report.facts import document_facts
from tests.fixtures.build import derived
from tests.pdf_html import BARE_CSS, render
from tests.test_cli import EXAMPLE, cli

MERGED_HEADER = """
<p>2026年预算收入总表</p><p>单位：万元</p>
<table><thead>
<tr><th rowspan="2">科目编码</th><th rowspan="2">科目名称</th><th colspan="3">本年收入</th>
<th rowspan="2">上年结转</th></tr>
<tr><th>合计</th><th>一般公共预算</th><th>政府性基金预算</th></tr></thead>
<tbody>
<tr><td>207</td><td>文化旅游体育与传媒支出</td><td>1,633.94</td><td>1,633.94</td><td>0.00</td><td>6.80</td></tr>
<tr><td>2070101</td><td>行政运行（含机关事业单位离退休人员经费及其他很长的说明文字）</td>
<td>570.30</td><td>570.30</td><td></td><td></td></tr>
</tbody></table>
<p>注：本表为测试数据。</p>
"""


def _long_table(rows: int, thead: bool = True) -> str:
    head = (
        '<thead><tr><th colspan="2">项目</th><th colspan="2">本年收入</th></tr>'
        "<tr><th>科目编码</th><th>科目名称</th><th>合计</th><th>一般公共预算</th></tr></thead>"
    )
    body = "".join(
        f"<tr><td>{2070100 + i}</td><td>第{i}号项目的名称较长需要在单元格内换行显示</td>"
        f"<td>{1000 + i * 3.17:,.2f}</td><td>0.00</td></tr>"
        for i in range(rows)
    )
    return f"<p>2026年预算收入总表</p><table>{head if thead else ''}<tbody>{body}</tbody></table><p>注：本表完。</p>"


def _cells(doc: RawDocument) -> list[tuple[str, ...]]:
    return [line.cells for line in doc.lines]


@pytest.fixture(scope="module")
def example_pdf() -> Path:
    """The project example as the fixture builder prints it (ruled tables, headers repeated per page)."""
    return derived("pdf", "example")


def test_merged_header_cells_and_wrapped_text(tmp_path: Path) -> None:
    doc = read_document(render(MERGED_HEADER, tmp_path / "merged.pdf", BARE_CSS))
    assert doc.format == "pdf" and doc.pages == 1
    assert _cells(doc) == [
        ("2026年预算收入总表",),
        ("单位：万元",),
        ("科目编码", "科目名称", "本年收入", "", "", "上年结转"),
        ("", "", "合计", "一般公共预算", "政府性基金预算", ""),
        ("207", "文化旅游体育与传媒支出", "1,633.94", "1,633.94", "0.00", "6.80"),
        ("2070101", "行政运行（含机关事业单位离退休人员经费及其他很长的说明文字）", "570.30", "570.30", "", ""),
        ("注：本表为测试数据。",),
    ]
    assert [line.no for line in doc.lines] == list(range(1, 8))
    assert all(line.text == "\t".join(line.cells) for line in doc.lines)


def test_provenance_page_and_row_boxes(tmp_path: Path) -> None:
    doc = read_document(render(MERGED_HEADER, tmp_path / "merged.pdf", BARE_CSS))
    assert all(line.page == 1 and line.bbox is not None for line in doc.lines)
    tops = [line.bbox[1] for line in doc.lines if line.bbox]
    assert tops == sorted(tops)  # reading order is top to bottom
    title, *_, row = doc.lines[:6]
    assert row.bbox is not None and title.bbox is not None
    x0, top, x1, bottom = row.bbox
    assert 0 <= x0 < x1 <= 596 and top < bottom <= 842  # A4 in points, top-left origin
    assert x1 - x0 > 400  # a table row spans the table, the title only its text
    assert title.bbox[2] - title.bbox[0] < 200


@pytest.mark.parametrize("thead", [True, False], ids=["repeated-header", "no-header"])
@pytest.mark.slow
def test_table_split_over_pages_is_stitched(tmp_path: Path, thead: bool) -> None:
    doc = read_document(render(_long_table(120, thead), tmp_path / "long.pdf"))
    assert doc.pages is not None and doc.pages >= 3
    rows = [c for c in _cells(doc) if len(c) == 4]
    data = [c for c in rows if c[0].isdigit()]
    assert [c[0] for c in data] == [str(2070100 + i) for i in range(120)]  # each row once, in order
    assert all(c[2] and c[3] == "0.00" and c[1].endswith("换行显示") for c in data)  # rows cut by a page rejoined
    assert len(rows) - len(data) == (2 if thead else 0)  # the repeated header rows dropped
    texts = [line.text for line in doc.lines]
    assert texts[0] == "2026年预算收入总表" and texts[-1] == "注：本表完。"
    assert not any("页" in t or "示例市2026年部门预算" in t for t in texts)  # page furniture dropped
    pages = [line.page or 0 for line in doc.lines]
    assert pages == sorted(pages) and pages[-1] == doc.pages


def test_continued_table_label_and_a_new_table_on_the_next_page(tmp_path: Path) -> None:
    part = "<table><tr><td>201</td><td>一般公共服务支出</td><td>10.00</td></tr></table>"
    other = "<table><tr><td>甲</td><td>乙</td></tr><tr><td>1.00</td><td>2.00</td></tr></table>"
    body = (
        f"<p>2026年预算支出总表</p>{part}<p style='break-before: page'>续表</p>{part}"
        f"<p style='break-before: page'>2026年项目支出预算表</p>{other}"
    )
    doc = read_document(render(body, tmp_path / "continued.pdf", BARE_CSS))
    assert _cells(doc) == [
        ("2026年预算支出总表",),
        ("201", "一般公共服务支出", "10.00"),
        ("201", "一般公共服务支出", "10.00"),
        ("2026年项目支出预算表",),
        ("甲", "乙"),
        ("1.00", "2.00"),
    ]
    assert [line.page for line in doc.lines] == [1, 1, 2, 3, 3, 3]


@pytest.mark.slow
def test_table_going_on_from_a_landscape_page_onto_a_portrait_one(tmp_path: Path) -> None:
    css = BARE_CSS + "@page wide { size: A4 landscape; } section.wide { page: wide; }"
    wide = "<table><tr>" + "".join(f"<td>{c}</td>" for c in "甲乙丙丁戊己庚辛壬") + "</tr></table>"
    body = f"<section class='wide'><p>宽表</p>{wide}</section><section>{_long_table(60)}</section>"
    doc = read_document(render(body, tmp_path / "turned.pdf", css))
    rows = [c for c in _cells(doc) if len(c) == 4]
    assert {line.page for line in doc.lines if len(line.cells) == 4} == {1, 2}  # the table runs onto the next page
    assert [c[0] for c in rows if c[0].isdigit()] == [str(2070100 + i) for i in range(60)]
    assert len(rows) == 62  # the header repeated on the narrower page is dropped


def forms_under_one_title(repeat_header: bool) -> str:
    """Two one-project forms on two pages under the same title; the second repeats the first's header row or not."""
    title = "<p>项目支出绩效目标表</p><p>(2026年度)</p>"

    def form(name: str, amount: str) -> str:
        first = "<tr><td>项目名称</td><td>检验检测设备日常维护</td><td>金额</td></tr>"
        second = f"<tr><td>{name}</td><td>资金总额</td><td>{amount}</td></tr>"
        return f"<table style='table-layout: fixed'>{first}{second}</table>"  # fixed: the same columns

    body = f"{title}{form('甲', '1.00')}<div style='break-before: page'>{title}</div>"
    second = form("乙", "2.00")
    return body + (second if repeat_header else second.replace("检验检测设备日常维护", "物业管理费"))


@pytest.mark.parametrize("repeat_header", [False, True], ids=["new-form", "continued"])
def test_title_repeated_over_a_table_on_the_next_page(tmp_path: Path, repeat_header: bool) -> None:
    """A form per project under one title is a new table each; with the header repeated it goes on."""
    doc = read_document(render(forms_under_one_title(repeat_header), tmp_path / "forms.pdf", BARE_CSS))
    texts = [line.text for line in doc.lines]
    assert texts.count("项目支出绩效目标表") == (1 if repeat_header else 2)
    assert texts[-1] == "乙\t资金总额\t2.00"
    assert len(doc.lines) == (5 if repeat_header else 8)


WRAPPED_TEXT = "本部门2026年收入预算总计2,167.73万元，" * 8 + "较上年增长。"
WRAPPED = f"<p>一、收入预算情况说明</p><p style='text-indent: 2em'>{WRAPPED_TEXT}</p><p>二、支出预算情况说明</p>"


def test_wrapped_paragraph_is_one_line(tmp_path: Path) -> None:
    text = WRAPPED_TEXT
    doc = read_document(render(WRAPPED, tmp_path / "para.pdf", BARE_CSS))
    assert _cells(doc) == [("一、收入预算情况说明",), (text,), ("二、支出预算情况说明",)]


@pytest.mark.parametrize(
    ("text", "joined"),
    [("行政运行\n项目", "行政运行项目"), ("1,633.\n94", "1,633.94"), ("General\nAffairs", "General Affairs"), ("", "")],
)
def test_join_wrapped_cell_text(text: str, joined: str) -> None:
    assert join_wrapped(text) == joined


def _key(fact: dict[str, Any]) -> tuple[Any, ...]:
    row = fact["row_code"] or fact["row_name"]
    return (fact["table"], fact["table_id"], row, tuple(fact["row_path"]), fact["column"])


def _trim(cells: tuple[str, ...]) -> tuple[str, ...]:
    end = len(cells)
    while end > 1 and not cells[end - 1]:
        end -= 1
    return cells[:end]


@pytest.mark.slow
def test_example_pdf_gives_the_facts_of_the_text(example_pdf: Path) -> None:
    out = cli("extract", str(example_pdf), "--format", "facts")
    assert out.returncode == 0, out.stderr
    pdf_facts = [json.loads(line) for line in out.stdout.splitlines()]
    text_facts = {_key(f): f["value"] for f in document_facts(load(EXAMPLE))}
    assert len(text_facts) > 500
    assert {_key(f): f["value"] for f in pdf_facts} == text_facts
    cells = [f for f in pdf_facts if f["table"].startswith("budget.") and f["status"] != "derived"]
    assert len(cells) > 500 and all(isinstance(f["page"], int) and f["page"] >= 1 for f in cells)


@pytest.mark.slow
def test_example_pdf_lines_are_the_text_lines(example_pdf: Path) -> None:
    doc = read_document(example_pdf)
    assert doc.format == "pdf" and doc.pages is not None and doc.pages > 10
    assert all(line.page is not None and line.bbox is not None for line in doc.lines)
    text_lines = [c for c in _cells(read_document(EXAMPLE)) if any(c)]
    assert len(doc.lines) == len(text_lines)
    pdf_tables = [c for c in _cells(doc) if len(c) > 1]
    assert sum(_trim(a) == _trim(b) for a, b in zip(_cells(doc), text_lines, strict=True)) / len(text_lines) > 0.97
    # line for line the same texts in the same order; in the annex forms, whose rows have different
    # column grids, the empty cells a merged cell covers may sit on its other side (facts agree: above)
    assert [tuple(x for x in c if x) for c in _cells(doc)] == [tuple(x for x in c if x) for c in text_lines]
    assert pdf_tables


def _encrypt(source: Path, target: Path, user: str) -> Path:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=source)
    writer.encrypt(user, owner_password="owner-secret", algorithm="AES-128")
    writer.write(target)
    return target


@pytest.mark.slow
def test_encrypted_pdf_is_refused_in_one_line(tmp_path: Path) -> None:
    locked = _encrypt(render(MERGED_HEADER, tmp_path / "plain.pdf", BARE_CSS), tmp_path / "locked.pdf", user="secret")
    with pytest.raises(ReadError, match="已加密") as err:
        read_document(locked)
    assert "encrypted" in err.value.message("en") and "\n" not in str(err.value)
    out = cli("extract", str(locked))
    assert out.returncode == 2 and "Traceback" not in out.stderr and "已加密" in out.stderr


def test_pdf_with_only_an_owner_password_is_read(tmp_path: Path) -> None:
    restricted = _encrypt(render(MERGED_HEADER, tmp_path / "plain.pdf", BARE_CSS), tmp_path / "restricted.pdf", user="")
    assert read_document(restricted).lines[0].text == "2026年预算收入总表"


@pytest.mark.parametrize("cut", [0.5, 0.9], ids=["half", "tail-missing"])
def test_truncated_pdf(tmp_path: Path, cut: float) -> None:
    data = render(MERGED_HEADER, tmp_path / "whole.pdf", BARE_CSS).read_bytes()
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(ReadError, match=r"损坏|无法"):
        read_document(broken)


def test_garbage_and_empty_files(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.7\n" + b"\x00not a pdf body " * 200)
    with pytest.raises(ReadError, match="损坏"):
        read_document(garbage)
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(ReadError, match="为空"):
        read_document(empty)


@pytest.mark.slow
def test_pdf_without_text_layer(tmp_path: Path) -> None:
    image = pytest.importorskip("PIL.Image")
    scan = tmp_path / "scan.pdf"
    page = image.new("RGB", (600, 800), "white")
    page.paste((0, 0, 0), (100, 100, 500, 110))  # some ink: a page without any is blank and not OCR'd
    page.save(scan)
    if importlib.util.find_spec("budgetlens.read.scan") is None:
        with pytest.raises(ReadError, match="没有文本层") as err:
            read_document(scan)
        assert "budgetlens[ocr]" in err.value.message("en")
    else:
        assert read_document(scan).format != "pdf"  # handed over to OCR


@pytest.mark.slow
def test_page_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = render(_long_table(120), tmp_path / "long.pdf")
    monkeypatch.setenv("BUDGETLENS_MAX_PAGES", "2")
    with pytest.raises(ReadError, match="BUDGETLENS_MAX_PAGES"):
        read_document(path)


UNRULED_ROWS = [
    ("", "合计", "120.00", "100.00", "20.00"),
    ("201", "一般公共服务支出", "120.00", "100.00", "20.00"),
    ("20138", "市场监督管理事务", "120.00", "100.00", "20.00"),
    ("2013801", "行政运行", "100.00", "100.00", ""),
    ("2013802", "一般行政管理事务", "20.00", "", "20.00"),
]
UNRULED = (
    "<p>2026年一般公共预算支出表</p><p>单位：万元</p><table class='t'><thead><tr>"
    + "".join(f"<th>{h}</th>" for h in ("科目编码", "科目名称", "合计", "基本支出", "项目支出"))
    + "</tr></thead><tbody>"
    + "".join(
        "<tr>" + "".join(f"<td{' class=n' if i > 1 else ''}>{c}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in UNRULED_ROWS
    )
    + "</tbody></table><p>一、收支预算总体情况说明</p>"
)
NO_RULES_CSS = BARE_CSS + "td, th { border: none; } td.n { text-align: right; }"
THREE_RULES_CSS = NO_RULES_CSS + (
    "table.t { border-top: 1pt solid #000; border-bottom: 1pt solid #000; }"
    " thead th { border-bottom: 0.5pt solid #000; }"
)


@pytest.mark.parametrize("css", [NO_RULES_CSS, THREE_RULES_CSS], ids=["no-rules", "three-rules"])
def test_unruled_table_rows_keep_their_columns(tmp_path: Path, css: str) -> None:
    """Without cell borders an empty cell leaves no gap to split at: the words' positions give the columns."""
    doc = read_document(render(UNRULED, tmp_path / "unruled.pdf", css))
    rows = {line.cells[0]: line.cells for line in doc.lines if line.cells and line.cells[0].startswith("201")}
    assert rows["2013801"] == ("2013801", "行政运行", "100.00", "100.00", "")
    assert rows["2013802"] == ("2013802", "一般行政管理事务", "20.00", "", "20.00")
    assert any("无表格线" in note for note in doc.notes)
    table = load(tmp_path / "unruled.pdf").table("budget.general_expenditure")
    assert table is not None
    row = table.rows_by_code()["2013802"]
    assert [str(a.value) if a.value is not None else None for a in row.cells.values()] == ["20.00", None, "20.00"]


@pytest.mark.slow
def test_ruled_pdf_lines_have_no_unruled_table(example_pdf: Path) -> None:
    assert not any("无表格线" in note for note in read_document(example_pdf).notes)
    assert [f for f in load(example_pdf).parse_findings if f.code == "BL007"] == []


def test_unruled_tables_are_reported_for_review(tmp_path: Path) -> None:
    doc = load(render(UNRULED, tmp_path / "unruled.pdf", THREE_RULES_CSS))
    found = [f for f in doc.parse_findings if f.code == "BL007"]
    assert [(f.location.page, f.params["count"], f.params["pages"]) for f in found] == [(1, 1, "1")]


SHIFTED_FIGURES = ["2025", "2,995.39", "2024", "56.95", "1.87%", "2,946.25", "2,940.05", "99.79%", "6.20", "0.21%"]
SHIFTED_PROSE = (
    "本部门{}年度收入支出总计{}万元。与{}年度相比，收入支出总计减少{}万元，下降{}。主要原因：基本支出中人员变化，"
    "以及项目支出中合同支付进度等原因减少支付。本年收入合计{}万元，其中：财政拨款收入{}万元，占{}；其他收入{}万元，占{}。"
)
# the figures in another font, set on a baseline lowered by more than the line tolerance
SHIFTED_CSS = BARE_CSS + (
    ".t { text-indent: 2em; font-size: 12pt; line-height: 1.5; }"
    " .d { font-family: 'DejaVu Serif'; position: relative; top: 4.8pt; }"
)


def _shifted_paragraph(tmp_path: Path) -> Path:
    figures = [f"<span class='d'>{f}</span>" for f in SHIFTED_FIGURES]
    paragraph = f"<p class='t'>{SHIFTED_PROSE.format(*figures)}</p>"
    body = f"<p>一、收入支出决算总体情况说明</p>{paragraph}<p>二、支出决算情况说明</p>"
    return render(body, tmp_path / "shifted.pdf", SHIFTED_CSS)


def test_figures_on_a_shifted_baseline_stay_in_their_sentence(tmp_path: Path) -> None:
    """Figures set in the gaps of a line on a lower baseline belong to that line, at their place."""
    doc = read_document(_shifted_paragraph(tmp_path))
    assert doc.unruled == []
    assert [line.cells for line in doc.lines] == [
        ("一、收入支出决算总体情况说明",),
        (SHIFTED_PROSE.format(*SHIFTED_FIGURES),),
        ("二、支出决算情况说明",),
    ]


def test_prose_cut_at_gaps_is_no_unruled_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even with its figures on lines of their own, a paragraph is running text: no table, one text per line."""
    from budgetlens.read import pdf_text

    monkeypatch.setattr(pdf_text, "SHIFT_OVERLAP", 10.0)  # the shifted figures are left on lines of their own
    doc = read_document(_shifted_paragraph(tmp_path))
    assert doc.unruled == []
    assert not any("无表格线" in note for note in doc.notes)
    texts = [line for line in doc.lines if any("\u4e00" <= ch <= "\u9fff" for ch in line.text)]
    assert len(texts) >= 5
    assert all(len(line.cells) == 1 for line in texts)
    assert "本部门 年度收入支出总计 万元。与 年度相比，收入支出总计减少" in [line.text for line in texts]


@pytest.mark.parametrize(
    ("cells", "filled", "prose"),
    [
        (("支出总计减少", "万元，下降", "。主要原因：基本支出中人员变化，"), 0.5, True),
        (("本年收入合计", "万元，其中：财政拨款收入", "万元，占", "；其他"), 0.5, True),
        (("年初预算为", "1,560.05", "万元，支出决算为", "1,511.89", "万元。"), 0.8, True),
        (("年初预算为", "1,560.05", "万元，支出决算为", "1,511.89", "万元。"), 0.5, False),
        (("2013801", "行政运行", "100.00", "100.00", ""), 0.9, False),
        (("合计", "120.00", "100.00", "20.00"), 0.9, False),
        (("产出指标", "数量指标", "完成培训人次，提升业务能力。", "≥100人"), 0.5, False),
        (("项目甲", "100.00", "200.00", "因项目调整，预算减少。"), 0.9, False),
    ],
)
def test_lines_reading_as_prose(cells: tuple[str, ...], filled: float, prose: bool) -> None:
    """Running text: clause marks in at least as many cells as amounts, and a cell opening mid-sentence
    or the text covering most of the line (a table row leaves its gutters blank)."""
    from budgetlens.read.aligned_columns import reads_as_prose

    assert reads_as_prose(cells, filled) is prose
