"""Final-account tables 公开06 (明细), 三公, 政府性基金 / 国有资本经营 and 公开10 (统计表).

Unit tests build small TableBlocks of both text flavours with fictional numbers; seed tests check
the golden values of seeds 002 (OCR, TAB cells, 万元) and 003 (pdftotext, one-space cells, 元).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.check.registry import RULES, all_rules
from budgetlens.model import Document, Finding, RowRole, ValueStatus
from budgetlens.parse.final.detail import parse_detail
from budgetlens.parse.final.funds import money_cell, parse_funds, positional
from budgetlens.parse.final.registry import load_parsers
from budgetlens.parse.final.stats import parse_disclosure_stats
from budgetlens.parse.final.three_public import parse_three_public
from budgetlens.read.raw import Line
from budgetlens.report.facts import table_facts
from budgetlens.segment.blocks import TableBlock
from tests.conftest import seed_doc


def block(kind: str, text: str, first: int = 10, notes: tuple[str, ...] = ()) -> TableBlock:
    """A TableBlock from text lines; '⇥' separates TAB cells (OCR flavour), else one cell per line."""
    lines = []
    for i, raw in enumerate(text.split("\n")):
        if raw.strip():
            cells = tuple(c.strip() for c in raw.split("⇥")) if "⇥" in raw else (raw.strip(),)
            lines.append(Line(no=first + i, text=raw.replace("⇥", "\t"), cells=cells))
    end = first + len(text.split("\n"))
    return TableBlock(
        kind=kind,
        title="示例表示例表",
        line=first - 1,
        line_end=end,
        issuer_label="示例市档案局",
        lines=lines,
        notes=[Line(no=end + 1, text=n, cells=(n,)) for n in notes],
    )


def codes_of(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def test_finding_codes_and_registration() -> None:
    all_rules()
    assert {code: RULES[code].slug for code in ("BL020", "BL021", "BL022", "BL023")} == {
        "BL020": "parse.cell-debris",
        "BL021": "parse.value-repaired",
        "BL022": "parse.value-unrecoverable",
        "BL023": "parse.code-restored",
    }
    parsers = load_parsers()
    for kind in ("final.general_basic_detail", "final.three_public", "final.fund", "final.capital"):
        assert kind in parsers
    assert parsers["final.disclosure_stats"] is parse_disclosure_stats


def test_cells_are_type_checked() -> None:
    ocr = money_cell("2066. 25", "万元")
    assert ocr.value == Decimal("2066.25") and ocr.printed == "2066.25"
    for debris in ("Man", "高物", "7", "15", "3.", "12/3/21"):
        cell = money_cell(debris, "万元")
        assert cell.value is None and cell.printed == debris
    na = money_cell("────", "元")
    assert na.value is None and na.printed == "────" and na.constraint is not None
    assert positional("300.00  200.00 ", 4) == ["300.00", "", "200.00", ""]


# --- 公开06: 2024 template (one column 决算数), OCR TAB flavour ---------------------------------------

DETAIL_2024 = """⇥人员经费⇥⇥⇥⇥⇥⇥公用经费⇥⇥⇥⇥
科目代码⇥科目名称⇥决算数⇥科目代码⇥科目名称⇥决算数⇥科目代码⇥科目名称⇥决算数⇥科目代码⇥科目名称⇥决算数
301⇥工资福利支出⇥50. 00⇥302⇥商品和服务支 出⇥12. 30⇥⇥债务利息及费 用支出⇥⇥31002⇥办公设备购置⇥
30101⇥基本工资⇥30. 00⇥30201⇥办公费⇥10. 00⇥30701⇥国内债务付息⇥外⇥31003⇥专用设备购置⇥
30102⇥津贴补贴⇥20.00⇥30213⇥维修(护)费⇥3.⇥309⇥资本性支出(基本建设)⇥⇥312⇥对企业补助⇥温物
303⇥对个人和家庭的补 助⇥Man⇥30217⇥公务接待费⇥2. 30⇥30901⇥房屋建筑物 购建⇥⇥31201⇥资本金注入⇥
⇥⇥⇥⇥X⇥137⇥⇥⇥⇥⇥X13⇥21/2
30302⇥退休费⇥7. 00⇥30299⇥其他商品和 服务支出⇥⇥310⇥资本性支出⇥⇥31299⇥其他对企业补助⇥
30309⇥奖励金⇥1. 50⇥⇥⇥⇥⇥⇥⇥⇥⇥
弘⇥·⇥⇥⇥⇥- 13 T⇥弘⇥公用经费合计⇥⇥⇥⇥12. 30"""


def test_detail_2024_tab_flavour() -> None:
    table, findings = parse_detail(block("final.general_basic_detail", DETAIL_2024), "t06", "万元")
    assert [c.header for c in table.columns] == [["决算数"]]
    rows = {r.code or r.name: r for r in table.rows}
    assert rows["30101"].cells["basic"].value == Decimal("30.00") and rows["30101"].path == ["工资福利支出"]
    assert rows["302"].name == "商品和服务支出" and rows["30299"].name == "其他商品和服务支出"
    # the 307 code lost by OCR is restored from the name
    assert rows["307"].code_source == "classification" and rows["30701"].parent == rows["307"].index
    assert ("BL023", 12) in [(f.code, f.location.line) for f in findings]
    # 303 printed as debris: rebuilt from its 款 rows (7.00 + 1.50)
    class_303 = rows["303"].cells["basic"]
    assert class_303.value == Decimal("8.50") and class_303.status is ValueStatus.REPAIRED
    assert class_303.printed == "Man" and class_303.constraint == "303 = Σ303xx"
    # 人员经费合计 printed as debris (label 弘, value missing): 301 + 303 after the repair above
    personnel = rows["人员经费合计"].cells["basic"]
    assert personnel.value == Decimal("58.50") and personnel.constraint == "人员经费合计 = 301 + 303"
    assert rows["人员经费合计"].role is RowRole.TOTAL
    assert rows["公用经费合计"].cells["basic"].value == Decimal("12.30")
    # debris whose identity shows a blank stays blank, with the identity noted
    for code in ("30213", "30701", "312"):
        cell = rows[code].cells["basic"]
        assert cell.value is None and cell.status is ValueStatus.PRINTED
        assert cell.constraint is not None and cell.constraint.startswith("blank, confirmed by")
    assert rows["30213"].cells["basic"].printed == "3."
    assert all(r.location.line != 16 for r in table.rows)  # the page-break debris line (X 137 …) is no row
    assert codes_of(findings).count("BL021") == 2 and "BL022" not in codes_of(findings)
    assert {f.params["text"] for f in findings if f.code == "BL020"} >= {"外", "3.", "温物", "Man", "- 13 T"}


# --- 公开06: 2022 template (金额 / 其中：基本支出), pdftotext flavour -------------------------------------

DETAIL_2022 = """人员经费人员经费 公用经费公用经费
科目编科目编
码码 科目名称科目名称 金额金额
其中：基本支其中：基本支
出出
301301 工资福利支出工资福利支出 100.00 90.00302302
商品和服务商品和服务
支出支出
60.50 20.50310310
资本性支资本性支
出出
 ──── 31001 房屋构筑物构建  ────
30101 基本工资 60.00 60.0030201 办公费 60.50 20.5031002
办公设备
购置
  399399 其他支出其他支出
30199
其他工资福利
支出
40.00 30.0030299 其他商品和服务支出   39999 其他支出
人员经费合计人员经费合计 100.00 90.00 公用经费合计公用经费合计 60.50 20.50"""


def test_detail_2022_pdftotext_flavour() -> None:
    table, findings = parse_detail(block("final.general_basic_detail", DETAIL_2022), "t06", "元")
    assert [c.header for c in table.columns] == [["金额"], ["其中：基本支出"]]
    rows = {r.code or r.name: r for r in table.rows}
    assert [r.code for r in table.rows if r.code and len(r.code) == 3] == ["301", "302", "310", "399"]
    assert rows["301"].name == "工资福利支出" and rows["310"].name == "资本性支出"  # doubled bold, '出出' too
    assert rows["302"].name == "商品和服务支出" and rows["30199"].name == "其他工资福利支出"
    assert rows["301"].cells["amount"].value == Decimal("100.00") and rows["301"].cells["basic"].value == Decimal(
        "90.00"
    )
    # glued tokens: 60.0030201 = 60.00 ‖ 30201, 20.5031002 = 20.50 ‖ 31002
    assert rows["30101"].cells["basic"].value == Decimal("60.00")
    assert rows["30201"].cells["basic"].value == Decimal("20.50")
    assert rows["31002"].name == "办公设备购置" and rows["31002"].cells["amount"].value is None
    # ──── is "not applicable" in the 基本支出 column, distinct from a blank
    na = rows["310"].cells["basic"]
    assert na.value is None and na.printed == "────" and rows["310"].cells["amount"].printed == ""
    assert rows["31001"].cells["basic"].printed == "────"
    assert rows["人员经费合计"].cells["basic"].value == Decimal("90.00")
    assert rows["公用经费合计"].cells["amount"].value == Decimal("60.50")
    assert findings == []


# --- 三公 -------------------------------------------------------------------------------------------

THREE_PUBLIC_TAB = """⇥⇥预算⇥数⇥⇥⇥决算数⇥⇥⇥⇥⇥
合计⇥(境) 费⇥小计⇥购置费⇥运行维护 费⇥八夕拉佐⇥合计⇥(境) 费⇥小计⇥购置费⇥运行维护 费⇥公务接待费
1⇥2⇥3⇥4⇥5⇥6⇥7⇥8⇥9⇥10⇥11⇥12
5.00⇥部軍队⇥高物⇥1.00⇥3.00⇥1.00⇥4. 50⇥⇥3.50⇥⇥3.50⇥1.00"""


def test_three_public_tab_transposed_with_repairs() -> None:
    table, findings = parse_three_public(block("final.three_public", THREE_PUBLIC_TAB), "t09", "万元")
    assert [r.name for r in table.rows] == [
        "合计",
        "因公出国（境）费",
        "公务用车购置及运行维护费",
        "公务用车购置费",
        "公务用车运行维护费",
        "公务接待费",
    ]
    assert len(table.columns) == 12 and all(len(r.cells) == 2 for r in table.rows)
    headers = {c.key: c.header_text for c in table.columns}
    assert headers["budget.reception"] == "预算数 / 公务接待费 / 栏6"
    assert headers["final.vehicle_running"].endswith("公务用车运行维护费 / 栏11")
    vehicles = table.rows[2]
    assert table.rows[3].parent == vehicles.index and table.rows[4].path == ["公务用车购置及运行维护费"]
    # 栏3 = 栏4 + 栏5 = 4.00 (printed 高物), then 栏2 = 栏1 − 栏3 − 栏6 = 0: blank confirmed
    repaired = vehicles.cells["budget.vehicles"]
    assert repaired.value == Decimal("4.00") and repaired.printed == "高物" and repaired.constraint == "栏3 = 栏4 + 栏5"
    abroad = table.rows[1].cells["budget.abroad"]
    assert abroad.value is None and abroad.constraint == "blank, confirmed by 栏1 = 栏2 + 栏3 + 栏6"
    assert table.rows[0].cells["final.total"].value == Decimal("4.50")
    assert codes_of(findings) == ["BL020", "BL020", "BL021"]


def test_three_public_pdftotext_positional_blanks() -> None:
    text = "预算数预算数 决算数决算数\n1 2 3 4 5 6 7 8 9 10 11 12\n" + "300.00  250.00  250.00 50.00 " * 2
    table, findings = parse_three_public(block("final.three_public", text.rstrip()), "t07", "元")
    cells = {k: a for r in table.rows for k, a in r.cells.items()}
    assert cells["budget.total"].value == Decimal("300.00") and cells["budget.abroad"].value is None
    assert cells["final.vehicle_running"].value == Decimal("250.00") and cells["final.vehicle_purchase"].value is None
    assert cells["final.reception"].value == Decimal("50.00") and findings == []


# --- 政府性基金 / 国有资本经营 ---------------------------------------------------------------------------

FUND_TAB = """⇥项目⇥年初结转和结⇥+ (-1)(-1)⇥⇥本年支出⇥⇥年末结转
科目代码⇥科目名称⇥余⇥本年收入⇥小计⇥基本支出⇥项目支出⇥和结余
⇥栏次⇥1⇥2⇥3⇥4⇥5⇥6
⇥合计⇥⇥8. 00⇥K⇥⇥8. 00⇥
229⇥其他支出⇥⇥8. 00⇥8. 00⇥⇥8. 00⇥
22904⇥其他政府性基金及对应专项 债务收入安排的支出⇥⇥8.00⇥8.00⇥⇥8.00⇥
2290401⇥其他政府性基金安排的支出⇥⇥8.00⇥8.00⇥⇥8.00⇥"""


def test_fund_tab_coded_rows_and_repair() -> None:
    table, findings = parse_funds(block("final.fund", FUND_TAB), "t07", "万元")
    assert [c.header_text for c in table.columns][:2] == ["年初结转和结余 / 栏1", "本年收入 / 栏2"]
    assert [(r.code, r.level, r.parent) for r in table.rows] == [(None, None, None), ("229", 1, None),
                                                                  ("22904", 2, 1), ("2290401", 3, 2)]  # fmt: skip
    total = table.rows[0]
    assert total.role is RowRole.TOTAL and total.cells["income"].value == Decimal("8.00")
    assert total.cells["spend.total"].value == Decimal("8.00") and total.cells["spend.total"].printed == "K"
    assert table.rows[2].name == "其他政府性基金及对应专项债务收入安排的支出"
    assert codes_of(findings) == ["BL020", "BL021"]


def test_fund_pdftotext_wrapped_name_and_empty_tables() -> None:
    text = (
        "栏次栏次 11 22 33 44 55 66\n合计合计  5.00 5.00  5.00 \n2290401\n其他政府性基金\n安排的支出\n 5.00 5.00  5.00 "
    )
    table, findings = parse_funds(block("final.fund", text), "t08", "元")
    row = table.rows[1]
    assert row.code == "2290401" and row.name == "其他政府性基金安排的支出"
    assert row.cells["income"].value == Decimal("5.00") and row.cells["carry_in"].value is None
    assert row.cells["spend.project"].value == Decimal("5.00") and findings == []
    empty = block("final.capital", "栏次栏次 11 22 33\n合计合计    ", notes=("说明：本表无数据",))
    table, findings = parse_funds(empty, "t09", "元")
    assert table.empty_note and table.rows == [] and findings == []
    assert [c.header_text for c in table.columns] == ["本年支出 / 合计 / 栏1", "本年支出 / 基本支出 / 栏2",
                                                      "本年支出 / 项目支出 / 栏3"]  # fmt: skip


# --- 公开10 统计表 ------------------------------------------------------------------------------------

STATS_TAB = """⇥一、政府采购情况⇥⇥
⇥项目⇥行次⇥统计数
⇥合计⇥1⇥祖信中
⇥货物⇥2⇥2. 50
⇥工程⇥3⇥
⇥服务⇥4⇥1. 00
⇥二、机关运行经费⇥⇥
1⇥项目⇥⇥统计数
⇥(一) 行政单位⇥5⇥20. 00
⇥(二)参照公务员法管理事业单位⇥6⇥
⇥三、国有资产占用情况⇥·⇥- KIL
又供内部⇥(一) 车辆数合计(辆)⇥7⇥温物
业场间⇥1. 副部(省)级及以上领导用车⇥8⇥ut KJEII
7⇥2. 主要负责人用车⇥9⇥
⇥4. 应急保障用车⇥11⇥3
⇥5. 执法执勤用车⇥12⇥2
⇥(二)单价100万元(含)以上设备(不含车辆)⇥17⇥1"""


def test_stats_tab_anchored_on_row_numbers() -> None:
    table, findings = parse_disclosure_stats(block("final.disclosure_stats", STATS_TAB), "t10", "万元")
    rows = {r.number: r for r in table.rows}
    assert sorted(n for n in rows if n is not None) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 17]
    assert rows[5].name == "行政单位" and rows[8].name == "副部(省)级及以上领导用车" and rows[8].parent == rows[7].index
    procurement = rows[1].cells["procurement"]
    assert procurement.value == Decimal("3.50") and procurement.status is ValueStatus.REPAIRED
    assert rows[2].cells["procurement"].value == Decimal("2.50")
    vehicles = rows[7].cells["assets"]  # Σ行8..15 with the debris in 行8 read as blank
    assert vehicles.value == Decimal(5) and vehicles.unit == "辆" and vehicles.yuan is None
    assert vehicles.status is ValueStatus.REPAIRED and vehicles.printed == "温物"
    assert rows[8].cells["assets"].value is None and rows[17].cells["assets"].unit == "台(套)"
    assert [c.header_text for c in table.columns] == ["政府采购情况 / 统计数", "机关运行经费 / 统计数",
                                                      "国有资产占用情况 / 统计数"]  # fmt: skip
    assert codes_of(findings).count("BL022") == 1 and codes_of(findings).count("BL021") == 2
    facts = list(table_facts(Document(sha256="x", source="x", tables=[table]), table))
    count_fact = next(f for f in facts if f["row_number"] == 7)
    assert count_fact["value"] == "5" and count_fact["unit"] == "辆" and count_fact["yuan"] is None


def test_stats_pdftotext_header_words() -> None:
    text = """一、政府采购情况一、政府采购情况
项目项目 行次行次 采购金额采购金额
合计 1 300.00
货物 2 100.00
服务 4 200.00
二、机关运行经费二、机关运行经费
项目项目  统计数统计数
（一）行政单位 5 80.00
三、国有资产占用情况三、国有资产占用情况
（一）车辆数合计（辆） 7 2
4.应急保障用车 11 2
（二）单价100万元（含）以上设备（不含车辆） 17  """
    table, findings = parse_disclosure_stats(block("final.disclosure_stats", text), "t10", "元")
    headers = {c.key: c.header[-1] for c in table.columns}
    assert headers == {"procurement": "采购金额", "operating": "统计数", "assets": "统计数"}
    rows = {r.number: r for r in table.rows}
    assert rows[1].cells["procurement"].value == Decimal("300.00") and rows[17].name.startswith("单价100万元")
    assert rows[11].cells["assets"].value == Decimal(2) and rows[17].cells["assets"].value is None
    assert findings == []


# --- seeds ------------------------------------------------------------------------------------------


def _cell(doc: Document, kind: str, key: str, *, code: str | None = None, name: str | None = None) -> Decimal | None:
    table = doc.table(kind)
    assert table is not None, kind
    row = next(r for r in table.rows if (code is not None and r.code == code) or (name is not None and r.name == name))
    return row.cells[key].value


@pytest.mark.needs_shared
def test_seed_detail() -> None:
    d2, d3 = seed_doc("002"), seed_doc("003")
    kind = "final.general_basic_detail"
    assert _cell(d2, kind, "basic", code="30101") == Decimal("479.97")
    assert _cell(d2, kind, "basic", code="302") == Decimal("203.62")
    assert _cell(d2, kind, "basic", name="公用经费合计") == Decimal("203.62")
    assert _cell(d2, kind, "basic", name="人员经费合计") == Decimal("1635.20")
    table = d2.table(kind)
    assert table is not None and {r.code: r.code_source for r in table.rows}["307"] == "classification"
    assert _cell(d3, kind, "amount", code="302") == Decimal("16007515.84")
    assert _cell(d3, kind, "amount", code="30231") == Decimal("295600.55")
    assert _cell(d3, kind, "basic", name="人员经费合计") == Decimal("27928672.17")
    assert _cell(d3, kind, "basic", name="公用经费合计") == Decimal("3431071.42")
    table = d3.table(kind)
    assert table is not None and len([r for r in table.rows if r.code]) == 109
    assert sum(a.printed == "────" for r in table.rows for a in r.cells.values()) == 20


@pytest.mark.needs_shared
def test_seed_three_public_fund_capital() -> None:
    d2, d3 = seed_doc("002"), seed_doc("003")
    assert _cell(d3, "final.three_public", "budget.total", name="合计") == Decimal("300102.55")
    assert _cell(d3, "final.three_public", "budget.reception", name="公务接待费") == Decimal("4502.00")
    assert _cell(d3, "final.three_public", "final.vehicle_running", name="公务用车运行维护费") == Decimal("295600.55")
    assert _cell(d2, "final.three_public", "budget.reception", name="公务接待费") == Decimal("0.04")
    assert _cell(d2, "final.three_public", "final.reception", name="公务接待费") == Decimal("0.04")
    assert _cell(d2, "final.fund", "income", name="合计") == Decimal("12.51")
    for doc, kinds in ((d2, ("final.capital",)), (d3, ("final.fund", "final.capital"))):
        for kind in kinds:
            table = doc.table(kind)
            assert table is not None and table.empty_note and table.rows == []


@pytest.mark.needs_shared
def test_seed_disclosure_stats() -> None:
    d2, d3 = seed_doc("002"), seed_doc("003")
    for number, value in ((1, "7622860.00"), (3, "570000.00"), (5, "3431071.42"), (11, "5"), (13, "2")):
        table = d3.table("final.disclosure_stats")
        assert table is not None
        row = next(r for r in table.rows if r.number == number)
        assert next(iter(row.cells.values())).value == Decimal(value)
    table = d2.table("final.disclosure_stats")
    assert table is not None
    rows = {r.number: r for r in table.rows}
    assert 16 not in rows and rows[4].cells["procurement"].value == Decimal("9.62")
    assert rows[7].cells["assets"].value in (Decimal(0), None)
    assert rows[9].cells["assets"].value is None and rows[9].cells["assets"].printed == "12/3/21"


FUND_SPLIT_CODES = """科目代码⇥⇥⇥科目名称⇥年初结转和结余⇥本年收入⇥本年支出⇥⇥⇥年末结转和结余
类⇥款⇥项⇥⇥⇥⇥小计⇥基本支出⇥项目支出⇥
栏次⇥1⇥2⇥3⇥4⇥5⇥6⇥⇥⇥
⇥⇥⇥合计⇥0.00⇥850,000.00⇥850,000.00⇥0.00⇥850,000.00⇥0.00
229⇥⇥⇥其他支出⇥0.00⇥850,000.00⇥850,000.00⇥0.00⇥850,000.00⇥0.00
229⇥60⇥⇥彩票公益金安排的支出⇥0.00⇥850,000.00⇥850,000.00⇥0.00⇥850,000.00⇥0.00
229⇥60⇥04⇥用于教育事业的彩票公益金支出⇥0.00⇥850,000.00⇥850,000.00⇥0.00⇥850,000.00⇥0.00"""


def test_fund_codes_over_class_item_columns_and_misplaced_column_numbers() -> None:
    table, findings = parse_funds(block("final.fund", FUND_SPLIT_CODES), "t08", "元")
    assert [(r.code, r.name, r.level) for r in table.rows] == [
        (None, "合计", None), ("229", "其他支出", 1), ("22960", "彩票公益金安排的支出", 2),
        ("2296004", "用于教育事业的彩票公益金支出", 3),
    ]  # fmt: skip
    for row in table.rows:
        values = [row.cells[k].value for k in ("carry_in", "income", "spend.total", "spend.project", "carry_out")]
        assert values == [Decimal("0.00"), Decimal("850000.00"), Decimal("850000.00"), Decimal("850000.00"),
                          Decimal("0.00")]  # fmt: skip
        assert all(a.status is ValueStatus.PRINTED for a in row.cells.values())
    assert findings == []


EXPENDITURE_SPLIT_CODES = """科目代码⇥⇥⇥科目名称⇥本年支出⇥⇥
类⇥款⇥项⇥⇥合计⇥基本支出⇥项目支出
栏次⇥⇥⇥⇥1⇥2⇥3
⇥⇥⇥合计⇥1,500.00⇥1,000.00⇥500.00
205⇥⇥⇥教育支出⇥1,500.00⇥1,000.00⇥500.00
205⇥02⇥⇥普通教育⇥1,500.00⇥1,000.00⇥500.00
205⇥02⇥01⇥学前教育⇥1,000.00⇥1,000.00⇥0.00
205⇥02⇥99⇥其他普通教育支出⇥500.00⇥0.00⇥500.00"""


def test_coded_table_joins_class_item_columns() -> None:
    parse = load_parsers()["final.general_expenditure"]
    table, _ = parse(block("final.general_expenditure", EXPENDITURE_SPLIT_CODES), "t05", "元")
    assert [(r.code, r.name, r.level) for r in table.rows[1:]] == [
        ("205", "教育支出", 1), ("20502", "普通教育", 2), ("2050201", "学前教育", 3),
        ("2050299", "其他普通教育支出", 3),
    ]  # fmt: skip
    assert table.rows[4].cells["project"].value == Decimal("500.00")
    assert [r.code for r in table.rows if r.level == 1] == ["205"]


def test_coded_table_joins_class_item_fields_in_pdftotext_flavour() -> None:
    text = (
        "栏次 1 2 3\n合计 1500.00 1000.00 500.00\n205 教育支出 1500.00 1000.00 500.00\n"
        "205 02 普通教育 1500.00 1000.00 500.00\n205 02 99 其他普通教育支出 500.00 0.00 500.00"
    )
    table, _ = load_parsers()["final.general_expenditure"](block("final.general_expenditure", text), "t05", "元")
    assert [(r.code, r.level) for r in table.rows[1:]] == [("205", 1), ("20502", 2), ("2050299", 3)]
    assert table.rows[3].cells["total"].value == Decimal("500.00")
