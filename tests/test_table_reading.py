"""Each table says how its columns were understood: by header words, by 栏次 numbers, or not reliably."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.check.runner import run_checks
from budgetlens.model import Reading, TableKind, schema
from budgetlens.parse.final.header import measure_columns
from budgetlens.pipeline import load
from budgetlens.read.raw import Line
from tests.conftest import REAL, real_doc, seed_doc, write_doc

SHIFTED = """2026年预算支出总表
单位：万元
科目编码\t科目名称\t合计\t基本支出\t项目支出
201\t一般公共服务支出\t60.00\t40.00\t20.00
20101\t人大事务\t70.00\t40.00\t20.00
2010101\t行政运行\t45.00\t41.00\t
2010102\t一般行政管理事务\t20.00\t\t21.00
2010103\t机关服务\t5.00\t3.00\t
合计\t\t80.00\t40.00\t20.00
"""


# blank cells dropped by the extraction: 行政运行 has only 合计 | 基本支出, 一般行政管理事务 only 合计 | 项目支出
SHORT_LINES = """2026年预算支出总表
单位：万元
科目编码\t科目名称\t合计\t基本支出\t项目支出
201\t一般公共服务支出\t100.00\t60.00\t40.00
20101\t人大事务\t100.00\t60.00\t40.00
2010101\t行政运行\t60.00\t60.00
2010102\t一般行政管理事务\t40.00\t40.00
合计\t\t100.00\t60.00\t40.00
"""


def test_short_lines_are_placed_where_the_identities_hold(tmp_path: Path) -> None:
    path = write_doc(tmp_path, SHORT_LINES, "budget.txt")
    doc = load(path)
    table = doc.table(TableKind.BUDGET_EXPENDITURE)
    assert table is not None and table.reading is Reading.ARITHMETIC
    cells = {r.code: {k: a.value for k, a in r.cells.items()} for r in table.rows if r.code}
    assert cells["2010101"] == {"total": Decimal("60.00"), "basic": Decimal("60.00"), "project": None}
    assert cells["2010102"] == {"total": Decimal("40.00"), "basic": None, "project": Decimal("40.00")}
    assert not [f for f in run_checks(doc).findings if f.code.startswith("BL2")]


def test_a_short_line_without_evidence_keeps_the_plain_reading(tmp_path: Path) -> None:
    """Amounts are moved only where more identities hold: alone, 60.00 | 60.00 stays 合计 | 基本支出."""
    text = SHORT_LINES.replace("2010102\t一般行政管理事务\t40.00\t40.00\n", "").replace("100.00", "60.00")
    text = text.replace("\t40.00\n", "\t\n")
    path = write_doc(tmp_path, text, "budget.txt")
    table = load(path).table(TableKind.BUDGET_EXPENDITURE)
    assert table is not None and table.reading is Reading.HEADER
    row = next(r for r in table.rows if r.code == "2010101")
    assert row.cells["basic"].value == Decimal("60.00") and row.cells["project"].value is None


# 基本支出 printed split (小计 | 人员经费 | 公用经费), the trailing blank cells dropped: each 项 of a cent has only
# 合计 | 小计 | 人员经费. At a cent the printed rounding lets 0.01 + 0.01 pass for 0.01, so only the split
# group's own identities (合计 = 小计 + 项目支出, 小计 = 人员经费 + 公用经费) keep the amounts where they stand.
SPLIT_BASIC = """2026年部门支出总表
单位：万元
科目编码\t科目名称\t合计\t基本支出\t\t\t项目支出
\t\t\t小计\t人员经费\t公用经费\t
合计\t\t0.03\t0.03\t0.02\t0.01\t
221\t住房保障支出\t0.03\t0.03\t0.02\t0.01\t
22102\t住房改革支出\t0.03\t0.03\t0.02\t0.01\t
2210201\t住房公积金\t0.01\t0.01\t0.01
2210202\t提租补贴\t0.01\t0.01\t0.01
2210203\t购房补贴\t0.01\t0.01\t\t0.01
"""


def test_short_lines_of_a_cent_under_a_split_basic_column_keep_their_columns(tmp_path: Path) -> None:
    doc = load(write_doc(tmp_path, SPLIT_BASIC, "budget.txt"))
    table = doc.table(TableKind.BUDGET_EXPENDITURE)
    assert table is not None
    cells = {r.code: {k: a.value for k, a in r.cells.items() if a.value is not None} for r in table.rows if r.code}
    cent = Decimal("0.01")
    for code in ("2210201", "2210202"):
        assert cells[code] == {"total": cent, "basic.subtotal": cent, "basic.personnel": cent}, code
    assert cells["2210203"] == {"total": cent, "basic.subtotal": cent, "basic.public": cent}
    assert not [f for f in run_checks(doc).findings if f.code.startswith("BL2")]


def test_a_table_whose_identities_fail_is_marked_unreadable(tmp_path: Path) -> None:
    path = write_doc(tmp_path, SHIFTED, "budget.txt")
    doc = load(path)
    table = doc.table(TableKind.BUDGET_EXPENDITURE)
    assert table is not None and table.reading is Reading.HEADER
    findings = run_checks(doc).findings
    assert [f.code for f in findings if f.location.table == table.id and f.code.startswith("BL2")] == []
    assert table.reading is Reading.UNREADABLE


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real is absent")
@pytest.mark.slow
def test_real_tables_are_read_by_their_header_words() -> None:
    doc = real_doc("shpt_czj_2024_final_good.pdf")
    run_checks(doc)
    assert {t.reading for t in doc.tables} == {Reading.HEADER}


def test_every_kind_has_one_schema() -> None:
    for kind in TableKind:
        found = schema(kind)
        assert (found is None) == (kind is TableKind.UNKNOWN)
        if found is not None:
            assert found.kind is kind
            for identity in found.identities:
                assert {identity.total, *identity.parts} <= set(found.measures), (kind, identity)
            assert set(found.words.values()) <= set(found.measures), kind


REAL_NAMES = (
    "shpt_czj_2024_final_good.pdf",
    "shpt_final_template_2024.pdf",
    "shpt_sifaju_2026_dept_budget.pdf",
    "shpt_wanli_2024_dept_budget.pdf",
)


@pytest.mark.parametrize(
    "source",
    [
        *(f"seed:{p}" for p in ("000", "001", "002", "003", "004")),
        *(pytest.param(n, marks=pytest.mark.slow) for n in REAL_NAMES),
    ],
)
def test_every_column_key_is_a_measure_of_its_kind(source: str) -> None:
    """Whatever the template, a column's key is one of its kind's measures or says it is unknown."""
    doc = seed_doc(source.removeprefix("seed:")) if source.startswith("seed:") else real_doc(source)
    for table in doc.tables:
        found = schema(table.kind)
        if found is None:
            continue
        strays = [c.key for c in table.columns if c.key not in found.measures and not c.key.startswith("unknown")]
        assert not strays, (table.kind, table.title, strays)


def test_a_header_word_names_a_measure_of_its_own_kind_only() -> None:
    """合计 is spend.total in the 政府性基金 table; an expenditure word in a revenue table is not forced in."""
    lines = [
        Line(no=1, text="", cells=("项目", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余")),
        Line(no=2, text="", cells=("", "", "", "合计", "基本支出", "项目支出", "")),
        Line(no=3, text="", cells=("合计", "1.00", "2.00", "2.50", "2.00", "0.50", "0.50")),
    ]
    found = measure_columns(lines, TableKind.FINAL_FUND)
    assert found is not None
    columns, body = found
    keys = [c.key for c in columns]
    assert keys == ["carry_in", "income", "spend.total", "spend.basic", "spend.project", "carry_out"]
    assert body == 2 and columns[2].header == ["本年支出", "合计"]
    revenue = [
        Line(no=1, text="", cells=("项目", "本年收入合计", "财政拨款收入", "经营支出")),
        Line(no=2, text="", cells=("合计", "3.00", "2.00", "1.00")),
    ]
    found = measure_columns(revenue, TableKind.FINAL_REVENUE)
    assert found is not None
    assert [c.key for c in found[0]] == ["total", "fiscal", "unknown.3"]


@pytest.mark.parametrize("line", ["编制部门：示例市档案局单位：万元", "编制部门：示例市档案局 金额单位：万元"])
def test_an_issuer_line_run_on_into_its_unit_names_the_issuer_and_the_unit(line: str, tmp_path: Path) -> None:
    """A web page's two spans (编制部门：… and 单位：…) joined without a space: the issuer ends where 单位： begins."""
    doc = load(
        write_doc(
            tmp_path,
            f"示例市档案局2026年部门预算\n2026年部门支出预算总表\n{line}\n"
            "功能分类科目编码⇥功能分类科目名称⇥合计⇥基本支出⇥项目支出\n"
            "2010101⇥行政运行⇥30.00⇥30.00⇥\n合计⇥⇥30.00⇥30.00⇥\n",
        )
    )
    table = doc.tables[0]
    assert (doc.issuer, table.issuer_label, table.unit) == ("示例市档案局", "示例市档案局", "万元")
