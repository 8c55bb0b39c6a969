"""Final-account tables 公开01–05 in both text flavours: anchors, typed cells, restored codes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.model import DocumentKind, RowRole
from budgetlens.parse.final.cells import split_fields
from budgetlens.pipeline import load
from budgetlens.read.noise import collapse_doubled, is_watermark
from tests.conftest import seed_doc, write_doc


def test_text_helpers() -> None:
    assert collapse_doubled("收入支出决算总表收入支出决算总表") == "收入支出决算总表"
    assert collapse_doubled("项目项目 行次行次 决算数决算数") == "项目 行次 决算数"
    assert collapse_doubled("第三部分 第三部分 情况说明情况说明") == "第三部分 情况说明"
    assert collapse_doubled("合计") == "合计"
    assert is_watermark("以供内部群林") and is_watermark("又供内部軍") and not is_watermark("合计")
    assert split_fields("80550.00  80550.00    ") == ["80550.00", "", "80550.00", "", "", "", ""]
    assert split_fields("1.00 44592816.01一、一般公共服务支出 32.00") == [
        "1.00",
        "44592816.01",
        "一、一般公共服务支出",
        "32.00",
    ]


OCR_FLAVOUR = """示例市档案局 2024年度部门决算公开
支出决算表
部门名称: 示例市档案局
金额单位:万元
⇥科目代码⇥科目名称⇥本年支出合计⇥基本支出⇥项目支出⇥上缴上级支出⇥经营支出⇥对附属单位补助支出
⇥⇥栏次⇥1⇥2⇥3⇥4⇥5⇥6
⇥⇥合计⇥30. 00⇥20. 00⇥10. 00⇥⇥⇥
又供内部軍⇥201⇥一般公共服务支出⇥30. 00⇥20. 00⇥10. 00⇥⇥Man⇥
⇥⇥档案事务⇥30.00⇥20.00⇥10.00⇥⇥⇥
Wir⇥2012601⇥行政运行⇥20.00⇥20.00⇥⇥⇥⇥
⇥2012604⇥档案馆⇥10.00⇥⇥10.00⇥⇥⇥
"""


def test_ocr_flavour_coded_table(tmp_path: Path) -> None:
    doc = load(write_doc(tmp_path, OCR_FLAVOUR))
    assert doc.kind is DocumentKind.FINAL_ACCOUNT and doc.fiscal_year == 2024
    (table,) = doc.tables
    assert table.kind == "final.expenditure" and table.unit == "万元"
    assert [r.code for r in table.rows] == [None, "201", "20126", "2012601", "2012604"]
    restored = table.rows[2]
    assert restored.code_source == "restored" and restored.path == ["一般公共服务支出"]
    assert table.rows[0].role is RowRole.TOTAL and table.rows[0].cells["total"].value == Decimal("30.00")
    debris = table.rows[1].cells["operating"]
    assert debris.value is None and debris.printed == "Man"
    codes = {f.code for f in doc.parse_findings}
    assert {"BL020", "BL023"} <= codes


PDFTOTEXT_FLAVOUR = """ 第二部分 2022年部门决算表第二部分 2022年部门决算表
 收入支出决算总表收入支出决算总表

部门名称：示例市档案局 2022年度  金额单位：元
收入收入 支出支出
项目项目 行次行次 决算数决算数 项目项目 行次行次 决算数决算数
栏次栏次  11 栏次栏次  22
一、一般公共预算财政
拨款收入
1.00 3000.00一、一般公共服务支出 32.00 3000.00
二、政府性基金预算财政拨款收入 2.00  二、外交支出 33.00{trailing}
本年收入合计本年收入合计 27 3000.00本年支出合计本年支出合计 58.00 3000.00
""".format(trailing="  ")


def test_pdftotext_flavour_balance_table(tmp_path: Path) -> None:
    doc = load(write_doc(tmp_path, PDFTOTEXT_FLAVOUR))
    (table,) = doc.tables
    assert table.kind == "final.summary" and table.unit == "元"
    rows = {(r.side, r.number): r for r in table.rows}
    assert rows[("income", 1)].name == "一、一般公共预算财政拨款收入"
    assert rows[("income", 1)].cells["income"].value == Decimal("3000.00")
    assert rows[("expenditure", 32)].code == "201"
    assert rows[("expenditure", 33)].cells["expenditure"].value is None
    assert rows[("income", 27)].role is RowRole.TOTAL and rows[("expenditure", 58)].name == "本年支出合计"


@pytest.mark.parametrize(
    ("seed", "kind", "number", "side", "key", "value"),
    [
        ("002", "final.summary", 1, "income", "income", "2648.11"),
        ("002", "final.summary", 31, "income", "income", "2715.62"),
        ("002", "final.summary", 33, "expenditure", "expenditure", None),
        ("002", "final.fiscal_summary", 59, "expenditure", "expenditure.general", "2648.11"),
        ("002", "final.fiscal_summary", 52, "expenditure", "expenditure.general", None),
        ("003", "final.summary", 62, "expenditure", "expenditure", "44614491.01"),
        ("003", "final.fiscal_summary", 32, "income", "income", "44592816.01"),
    ],
)
def test_seed_balance_cells(seed: str, kind: str, number: int, side: str, key: str, value: str | None) -> None:
    table = seed_doc(seed).table(kind)
    assert table is not None
    row = next(r for r in table.rows if r.number == number and r.side == side)
    assert row.cells[key].value == (Decimal(value) if value else None)


def test_seed_coded_tables() -> None:
    expenditure = seed_doc("002").table("final.expenditure")
    assert expenditure is not None
    by_code = {r.code: r for r in expenditure.rows if r.code}
    assert by_code["2290401"].code_source == "restored"
    assert by_code["2290401"].cells["project"].value == Decimal("12.51")
    assert len(by_code) == 25
    general = seed_doc("003").table("final.general_expenditure")
    assert general is not None
    assert {r.code: r.cells["total"].value for r in general.rows}["2013815"] == Decimal("912600.50")


REPAIRABLE = """示例市档案局 2024年度部门决算公开
一般公共预算财政拨款支出决算表
部门名称: 示例市档案局
金额单位:万元
⇥科目代码⇥科目名称⇥小计⇥基本支出⇥项目支出
⇥⇥栏次⇥1⇥2⇥3
⇥⇥合计⇥30. 00⇥2O. 00⇥10. 00
⇥201⇥一般公共服务支出⇥30. 00⇥20. 00⇥10. 00
⇥20126⇥档案事务⇥30.00⇥20.00⇥10.00
⇥2012601⇥行政运行⇥20.00⇥20.00⇥高物
⇥2012604⇥档案馆⇥10.00⇥K⇥1O.00
"""


def test_debris_repaired_or_confirmed_blank_by_identities(tmp_path: Path) -> None:
    doc = load(write_doc(tmp_path, REPAIRABLE))
    (table,) = doc.tables
    total = table.rows[0].cells["basic"]
    assert total.value == Decimal("20.00") and total.status.value == "repaired" and total.printed == "2O. 00"
    assert total.constraint is not None
    blank = table.rows[3].cells["project"]
    assert blank.value is None and blank.constraint is not None and blank.constraint.startswith("blank")
    rebuilt = table.rows[4].cells["project"]
    assert rebuilt.value == Decimal("10.00") and rebuilt.status.value == "repaired"
    assert sum(f.code == "BL021" for f in doc.parse_findings) == 2


def test_misread_thousands_separator_in_prose_is_repaired() -> None:
    from budgetlens.parse.claims import extract_claims

    claims = extract_claims(
        "一、收入支出决算总体情况说明", [(5, "2024年度收入总计1.234.56万元，比上年减少10.00万元。")]
    )
    total = next(c for c in claims if c.subject == "收入总计" and c.measure.value == "amount")
    assert total.value == Decimal("1234.56") and total.status.value == "repaired" and total.printed == "1.234.56"


def test_seed_002_facts_list_every_repair_with_printed_text_and_constraint() -> None:
    from budgetlens.report.facts import document_facts

    facts = list(document_facts(seed_doc("002")))
    repaired = [f for f in facts if f["status"] == "repaired"]
    assert len(repaired) >= 15
    assert all(f["constraint"] for f in repaired)
    score = next(f for f in repaired if f["row_name"] == "总分" and f["printed"] == "34")
    assert score["value"] == "94" and score["table"] == "perf.project_self_eval"
    reported = [f for f in seed_doc("002").parse_findings if f.code == "BL021"]
    assert len(reported) >= len(repaired)


PROVINCIAL_BALANCE = """示例市教育局2025年度部门决算
示例市教育局2025年度收入支出决算总表
单位：元
收入⇥⇥⇥支出⇥⇥
项目⇥行次⇥金额⇥项目⇥行次⇥金额
栏次⇥⇥1⇥栏次⇥⇥2
一、一般公共预算财政拨款收入⇥1⇥1,047,830.27⇥一、教育支出⇥29⇥1,000,000.00
二、事业收入⇥2⇥2,000.00⇥二、其他支出⇥30⇥49,830.27
三、经营收入⇥3⇥0.00⇥⇥31⇥
本年收入合计⇥4⇥1,049,830.27⇥本年支出合计⇥32⇥1,049,830.27
总计⇥5⇥1,049,830.27⇥总计⇥33⇥1,049,830.27
示例市教育局2025年度财政拨款收入支出决算总表
单位：元
收入⇥⇥⇥支出⇥⇥⇥⇥⇥
项目⇥行次⇥金额⇥项目⇥行次⇥合计⇥其中⇥⇥
⇥⇥⇥⇥⇥⇥一般公共预算财政拨款⇥政府性基金预算财政拨款⇥国有资本经营预算财政拨款
栏次⇥⇥1⇥栏次⇥⇥2⇥3⇥4⇥5
一、一般公共预算财政拨款⇥1⇥1,000.00⇥一、教育支出⇥29⇥1,000.00⇥1,000.00⇥0.00⇥0.00
本年收入合计⇥2⇥1,000.00⇥本年支出合计⇥30⇥1,000.00⇥1,000.00⇥0.00⇥0.00
年初财政拨款结转和结余⇥3⇥300.00⇥年末财政拨款结转和结余⇥31⇥300.00⇥300.00⇥0.00⇥0.00
一般公共预算财政拨款⇥4⇥300.00⇥⇥⇥⇥⇥⇥
政府性基金预算财政拨款⇥5⇥0.00⇥⇥⇥⇥⇥⇥
总计⇥6⇥1,300.00⇥总计⇥34⇥1,300.00⇥1,300.00⇥0.00⇥0.00
"""


def test_balance_tables_numbered_from_29_with_thousands_separators(tmp_path: Path) -> None:
    doc = load(write_doc(tmp_path, PROVINCIAL_BALANCE))
    summary, fiscal = doc.table("final.summary"), doc.table("final.fiscal_summary")
    assert summary is not None and fiscal is not None
    rows = {(r.side, r.number): r for r in summary.rows}
    assert [rows[("income", n)].name for n in (1, 2, 3, 4, 5)] == [
        "一、一般公共预算财政拨款收入", "二、事业收入", "三、经营收入", "本年收入合计", "总计",
    ]  # fmt: skip
    assert rows[("income", 1)].cells["income"].value == Decimal("1047830.27")
    assert rows[("expenditure", 29)].name == "一、教育支出"
    assert rows[("expenditure", 30)].cells["expenditure"].value == Decimal("49830.27")
    assert rows[("expenditure", 33)].role is RowRole.TOTAL
    by_number = {r.number: r for r in fiscal.rows}
    assert by_number[29].cells["expenditure.general"].value == Decimal("1000.00")
    assert by_number[34].cells["expenditure.total"].value == Decimal("1300.00")
    assert [by_number[n].name for n in (4, 5, 6)] == ["一般公共预算财政拨款", "政府性基金预算财政拨款", "总计"]
    assert by_number[4].path == ["年初财政拨款结转和结余"] and by_number[6].parent is None


CONTINUED_HEAD = """科目代码⇥⇥⇥科目名称⇥本年支出合计⇥基本支出⇥项目支出⇥上缴上级支出⇥经营支出⇥对附属单位补助支出
类⇥款⇥项⇥⇥⇥⇥⇥⇥⇥"""
CONTINUED = f"""示例市教育局2025年度部门决算
示例市教育局2025年度支出决算表
单位：元
{CONTINUED_HEAD}
栏次⇥⇥⇥⇥1⇥2⇥3⇥4⇥5⇥6
⇥⇥⇥合计⇥1,300.00⇥1,000.00⇥300.00⇥0.00⇥0.00⇥0.00
205⇥⇥⇥教育支出⇥1,300.00⇥1,000.00⇥300.00⇥0.00⇥0.00⇥0.00
205⇥01⇥⇥教育管理事务⇥1,000.00⇥1,000.00⇥0.00⇥0.00⇥0.00⇥0.00
续表
单位：元
{CONTINUED_HEAD}
205⇥01⇥01⇥行政运行⇥1,000.00⇥1,000.00⇥0.00⇥0.00⇥0.00⇥0.00
205⇥02⇥⇥普通教育⇥300.00⇥0.00⇥300.00⇥0.00⇥0.00⇥0.00
205⇥02⇥99⇥其他普通教育支出⇥300.00⇥0.00⇥300.00⇥0.00⇥0.00⇥0.00
"""


def _continued_table_read(path: Path) -> None:
    doc = load(path)
    assert [t.kind for t in doc.tables] == ["final.expenditure"]
    (table,) = doc.tables
    assert [r.code for r in table.rows] == [None, "205", "20501", "2050101", "20502", "2050299"]
    assert table.rows[3].parent == 2 and table.rows[5].cells["project"].value == Decimal("300.00")
    assert "BL003" not in {f.code for f in doc.parse_findings}


def test_continued_table_joined_with_its_repeated_head(tmp_path: Path) -> None:
    _continued_table_read(write_doc(tmp_path, CONTINUED))


def test_continued_html_table_joined(tmp_path: Path) -> None:
    def html_table(lines: list[str]) -> str:
        rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in ln.split("⇥")) + "</tr>" for ln in lines)
        return f"<table>{rows}</table>"

    text = CONTINUED.splitlines()
    cut = text.index("续表")
    body = (
        "".join(f"<p>{t}</p>" for t in text[:3])
        + html_table(text[3:cut])
        + "<p>续表</p><p>单位：元</p>"
        + html_table(text[cut + 2 :])
    )
    path = tmp_path / "continued.html"
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    _continued_table_read(path)
