"""The final-account template ``shanghai-district-final``: FinalData composed into the nine 决算 tables and the
情况说明, written in every format, reads back with no finding and every table's amounts as composed; the PDF has the
table kinds and column keys of a published Shanghai final account, and its facts are the composed ones."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from budgetlens.cli.main import app
from budgetlens.errors import ConfigError
from budgetlens.generate.data import BudgetData, load_data
from budgetlens.generate.final_data import FinalData
from budgetlens.generate.kinds import compose
from budgetlens.generate.printed import Paragraph, PrintedDocument
from budgetlens.generate.templates import data_model, load_template
from budgetlens.model import Severity
from budgetlens.report.facts import document_facts
from tests.generate_final_strategies import EXAMPLE_FINAL, final_data
from tests.generate_strategies import EXAMPLE_DATA, property_for, round_trip, strategy_for
from tests.requirements import SHARED

TEMPLATE = "shanghai-district-final"
KINDS = ["summary", "revenue", "expenditure", "fiscal_summary", "general_expenditure", "general_basic_detail",
         "three_public", "fund", "capital"]  # fmt: skip
BOUNDED = settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


def example() -> FinalData:
    return load_data(EXAMPLE_FINAL, FinalData)


def composed() -> PrintedDocument:
    return compose(example(), load_template(TEMPLATE))


def read(path: Path) -> list[dict[str, object]]:
    """The facts read from ``path`` (printed ones: the reader's own counts left out)."""
    from budgetlens.pipeline import run

    return [f for f in document_facts(run(path).checked().document) if f["status"] != "derived"]


# ---------------------------------------------------------------- data and template
def test_the_template_is_a_final_account_and_loads_the_final_data_model() -> None:
    template = load_template(TEMPLATE)
    assert template.kind == "final" and data_model(template) is FinalData
    assert data_model(load_template("shanghai-district-budget")) is BudgetData
    data = example()
    assert data.carry_out() == {("一般公共预算", ""): Decimal("192.06"), ("非财政拨款", ""): Decimal("4.50")}


def test_the_template_prints_the_nine_final_tables_in_order_in_wan_yuan() -> None:
    doc = composed()
    assert [t.kind for t in doc.tables] == [f"final.{k}" for k in KINDS]
    assert {t.unit for t in doc.tables} == {"万元"}
    fund = doc.tables[7]
    assert fund.note and "政府性基金" in fund.note and fund.rows[0][0].text == "合计"
    summary = {str(r[0].text): r[1].value for r in doc.tables[0].rows}
    assert summary["本年收入合计"] == Decimal("1576.78") and summary["年初结转和结余"] == Decimal("20.50")
    assert summary["总计"] == Decimal("1597.28")  # 本年收入合计 + 年初结转和结余
    assert doc.contents_entries is not None and "九、国有资本经营预算财政拨款收入支出决算表" in doc.contents_entries


def test_a_department_that_spends_more_than_it_has_is_refused_in_one_line(tmp_path: Path) -> None:
    raw = EXAMPLE_FINAL.read_text(encoding="utf-8").replace("amount: '704.28'", "amount: '104.28'")
    bad = tmp_path / "bad.yaml"
    bad.write_text(raw, encoding="utf-8")
    with pytest.raises(ConfigError, match="一般公共预算的支出超过"):
        load_data(bad, FinalData)
    result = CliRunner().invoke(app, ["generate", str(bad), "--template", TEMPLATE, "-o", str(tmp_path / "x.txt")])
    assert result.exit_code == 2 and "一般公共预算的支出超过" in result.output and "Traceback" not in result.output


def test_budget_data_under_the_final_template_is_refused_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["generate", str(EXAMPLE_DATA), "-t", TEMPLATE, "-o", str(tmp_path / "x.txt")])
    assert result.exit_code == 2 and "数据文件" in result.output and "Traceback" not in result.output


def test_the_strategy_is_chosen_by_the_template_kind() -> None:
    assert "final_data" in repr(strategy_for(TEMPLATE)) and "budget_data" in repr(strategy_for("shanxi-city-budget"))


# ---------------------------------------------------------------- 一般公共预算财政拨款支出决算具体情况
def item_paragraphs(doc: PrintedDocument) -> list[str]:
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    return [t for t in texts if t[:2] in {f"{n}." for n in range(1, 10)}]


def test_each_item_has_its_own_paragraph_with_budget_outturn_rate_and_reason() -> None:
    items = item_paragraphs(composed())
    assert len(items) == 9 and not any("各项级科目" in t for t in items)
    assert items[0] == (
        "1. 文化旅游体育与传媒支出（类）文化和旅游（款）行政运行（项）。年初预算为700.00万元，支出决算为506.60万元，"
        "完成年初预算的72.37%。决算数小于年初预算数的主要原因是在职人员减少，工资福利支出相应减少。"
    )
    assert "完成年初预算的108.13%。决算数大于年初预算数" in items[3]  # 86.50 / 80.00 = 108.125%, rounded half up
    assert "年初未安排预算，支出决算为64.32万元。决算数大于年初预算数" in items[4] and "%" not in items[4]
    assert items[5].endswith("完成年初预算的100.00%。决算数等于年初预算数。")


def test_the_written_example_has_no_error_or_warning_and_its_rates_are_checked(tmp_path: Path) -> None:
    from budgetlens.pipeline import run

    out = tmp_path / "final.txt"
    assert CliRunner().invoke(app, ["generate", str(EXAMPLE_FINAL), "-t", TEMPLATE, "-o", str(out)]).exit_code == 0
    findings = run(out).checked().findings
    assert [f.code for f in findings if f.severity is not Severity.INFO] == []
    wrong = tmp_path / "wrong.txt"
    wrong.write_text(out.read_text(encoding="utf-8").replace("72.37%", "75.37%"), encoding="utf-8")
    assert [f.code for f in run(wrong).checked().findings if f.code == "BL607"] == ["BL607"]


# ---------------------------------------------------------------- round trip
def test_the_example_round_trips_as_text(tmp_path: Path) -> None:
    assert round_trip(example(), "text", tmp_path, TEMPLATE) == []


def test_the_cli_writes_the_example_and_checks_it(tmp_path: Path) -> None:
    out = tmp_path / "final.txt"
    result = CliRunner().invoke(app, ["generate", str(EXAMPLE_FINAL), "--template", TEMPLATE, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "一般公共预算财政拨款基本支出决算表" in out.read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.needs_fonts
@pytest.mark.parametrize("fmt", ["html", "xlsx", "docx", "pdf"])
def test_the_example_round_trips_in_every_format(fmt: str, tmp_path: Path) -> None:
    assert round_trip(example(), fmt, tmp_path, TEMPLATE) == []


@pytest.mark.slow
@BOUNDED
@given(final_data())
def test_random_final_accounts_round_trip_as_text(data: FinalData) -> None:
    property_for("text", TEMPLATE)(data)


@pytest.mark.slow
@pytest.mark.needs_fonts
@pytest.mark.parametrize("fmt", ["html", "xlsx", "docx", "pdf"])
def test_random_final_accounts_round_trip_in_every_format(fmt: str) -> None:
    given(final_data())(settings(BOUNDED, max_examples=2)(property_for(fmt, TEMPLATE)))()


# ---------------------------------------------------------------- against the published final account
def column_keys(path: Path) -> dict[str, list[str]]:
    """The column keys the reader gives each table kind, in order."""
    from budgetlens.pipeline import run

    return {str(t.kind): [c.key for c in t.columns] for t in run(path).checked().document.tables}


def composed_facts(doc: PrintedDocument) -> list[tuple[str, str, Decimal]]:
    """(table title, row label, amount) of every amount the generator composed: the label is the code printed to
    the amount's left on its side of the row, else the name ("" in the 三公 table, whose one row the reader splits)."""
    facts = []
    for table in doc.tables:
        for row in table.rows:
            label, coded = "", False
            for cell in row:
                if cell.value is not None:
                    facts.append((table.title, "" if table.kind == "final.three_public" else label, cell.value))
                    coded = False  # the other side of a two-sided table starts
                elif cell.text.isdigit():
                    label, coded = cell.text, True
                elif cell.text and not coded:
                    label = cell.text
    return facts


def unmatched(composed: list[tuple[str, str, Decimal]], facts: list[dict[str, object]]) -> list[object]:
    """Composed facts no read fact matches (same table, amount, and the row's printed code or name), and read
    amounts left over."""
    left = [f for f in facts if f["value"] is not None]
    missing: list[object] = []
    for title, label, value in composed:
        hit = next((f for f in left if f["table_title"] == title and Decimal(str(f["value"])) == value
                    and (not label or label in (f["row_code"], f["row_name"]))), None)  # fmt: skip
        if hit is None:
            missing.append((title, label, value))
        else:
            left.remove(hit)
    return missing + [(f["table_title"], f["row_name"], f["value"]) for f in left]


@pytest.mark.slow
@pytest.mark.needs_fonts
@pytest.mark.needs_shared
def test_the_final_pdf_reads_like_the_published_final_account(tmp_path: Path) -> None:
    from budgetlens.generate.render import render

    doc = composed()
    path = tmp_path / "final.pdf"
    render(doc, "pdf", path)
    facts = read(path)
    ours = column_keys(path)
    real = column_keys(SHARED / "real" / "shpt_czj_2024_final_good.pdf")
    assert list(real) == [f"final.{k}" for k in KINDS] == list(ours), json.dumps(list(ours))
    for kind, keys in real.items():
        assert ours[kind] == keys, (kind, ours[kind], keys)
    # golden-style: every composed amount is read in its table, on the row of its code or name, and nothing else
    assert unmatched(composed_facts(doc), facts) == []
