"""Parquet, xlsx and Fiscal Data Package exports; the Python API's DataFrames."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from budgetlens.api import DocumentView, compare, open_document
from budgetlens.report.datapackage import FIELDS, write_datapackage
from budgetlens.report.exports import FACT_FIELDS
from budgetlens.report.facts import document_facts
from budgetlens.report.parquet import FACT_SCHEMA, write_parquet
from budgetlens.report.xlsx import write_xlsx
from tests.conftest import ROOT, seed_doc, seed_path

EXAMPLE = ROOT / "examples" / "sample-department-budget-2026.txt"


@pytest.fixture(scope="module")
def example() -> DocumentView:
    if not EXAMPLE.is_file():
        pytest.skip("the bundled example has not been generated")
    return open_document(EXAMPLE)


def test_parquet_round_trip(tmp_path: Path) -> None:
    docs = [seed_doc("000"), seed_doc("002")]
    out = tmp_path / "facts.parquet"
    assert write_parquet(docs, out) > 0
    table = pq.read_table(out)
    assert tuple(table.schema.names) == FACT_FIELDS and table.schema.equals(FACT_SCHEMA)
    assert table.schema.field("yuan").type == pa.decimal128(38, 6) and table.schema.field("line").type == pa.int32()
    facts = [f for d in docs for f in document_facts(d)]
    assert table.num_rows == len(facts)
    back = table.to_pylist()
    for fact, row in zip(facts, back, strict=True):
        assert row["value"] == (Decimal(fact["value"]) if fact["value"] is not None else None)
        assert row["yuan"] == (Decimal(fact["yuan"]) if fact["yuan"] is not None else None)
        assert (row["line"], row["row_code"], row["row_path"]) == (fact["line"], fact["row_code"], fact["row_path"])
    first = next(r for r in back if r["row_code"] == "2013801" and r["table"] == "budget.expenditure")
    assert first["value"] == Decimal("1633.94") and first["yuan"] == Decimal("16339400")


def test_xlsx_sheets_look_like_the_tables(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    write_xlsx([seed_doc("002")], out)
    wb = load_workbook(out)
    ws = wb['财政拨款"三公"经费支出决算表']
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert ws["A1"].value == '财政拨款"三公"经费支出决算表' and "A1:M1" in merged
    assert ws["M2"].value == "单位：万元"
    # four header rows: 预算数 over six columns, 公务用车… over three, the short 预算数/合计/栏1 merged down
    assert {"B3:G3", "D4:F4", "H3:M3", "B5:B6", "A3:A6"} <= merged
    assert (ws["B3"].value, ws["B4"].value, ws["B5"].value, ws["D6"].value) == ("预算数", "合计", "栏1", "栏3")
    assert ws.freeze_panes == "B7"
    expenditure = wb["支出决算表"]
    code = next(c for c in expenditure["A"] if c.value == "2013804")
    assert code.data_type == "s" and code.number_format == "@"
    amount = expenditure.cell(row=code.row, column=3)
    assert amount.value == 442.19 and amount.number_format == "#,##0.00"
    assert expenditure.column_dimensions["C"].width >= 8


def test_datapackage_structure(tmp_path: Path) -> None:
    docs = [seed_doc("002"), seed_doc("000")]
    path = write_datapackage(docs, tmp_path / "pkg")
    package = json.loads(path.read_text(encoding="utf-8"))
    assert package["profile"] == "fiscal-data-package" and package["name"] == "budgetlens-facts"
    (resource,) = package["resources"]
    assert resource["path"] == "facts.csv" and (path.parent / "facts.csv").is_file()
    fields = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
    assert tuple(fields) == FIELDS and fields["yuan"] == "number" and fields["line"] == "integer"
    model = package["model"]
    assert model["measures"]["amount"] == {"source": "yuan", "currency": "CNY", "factor": 1, "direction": "expenditure"}
    function = model["dimensions"]["function"]
    assert function["dimensionType"] == "classification" and function["classificationType"] == "functional"
    assert function["attributes"]["kuan_code"]["parent"] == "lei_code"
    assert function["attributes"]["xiang_code"]["parent"] == "kuan_code"
    assert function["attributes"]["xiang_name"]["labelfor"] == "xiang_code"
    assert model["dimensions"]["economic"]["classificationType"] == "economic"
    for name, dimension in model["dimensions"].items():  # every attribute reads a column of the resource
        assert set(dimension["primaryKey"]) <= set(dimension["attributes"]), name
        assert all(a["source"] in fields for a in dimension["attributes"].values()), name
    assert {"fiscal_year", "issuer", "document_kind", "table"} <= set(model["dimensions"])
    with (path.parent / "facts.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == sum(1 for d in docs for _ in document_facts(d))
    renamed = [
        r for r in rows if r["row_code"] == "2013804" and r["table"] in ("final.expenditure", "budget.expenditure")
    ]
    assert {(r["fiscal_year"], r["func_xiang_name"]) for r in renamed} == {
        ("2024", "市场主体管理"),
        ("2026", "经营主体管理"),
    }
    assert {(r["func_lei_code"], r["func_kuan_code"], r["phase"]) for r in renamed} >= {("201", "20138", "executed")}
    wages = next(r for r in rows if r["row_code"] == "30101" and r["table"] == "final.general_basic_detail")
    assert (wages["econ_lei_code"], wages["econ_lei_name"], wages["classification_level"]) == (
        "301",
        "工资福利支出",
        "2",
    )


def test_api_tables_and_facts(example: DocumentView) -> None:
    frame = example.table("budget.expenditure")
    assert frame.index.names == ["code", "name"] and frame.columns.nlevels == 2
    assert list(frame.columns) == [("2026年预算数", "合计"), ("2026年预算数", "基本支出"), ("2026年预算数", "项目支出")]
    assert frame.shape == (len(example.document.table("budget.expenditure").rows), 3)  # type: ignore[union-attr]
    total = frame.iloc[0][("2026年预算数", "合计")]
    assert (
        isinstance(total, Decimal)
        and total == example.document.tables_of("budget.expenditure")[0].rows[0].cells["total"].value
    )
    assert set(example.tables) == set(example.kinds) and "budget.revenue" in example.kinds
    with pytest.raises(KeyError, match=r"budget\.expenditure"):
        example.table("final.summary")
    facts = example.facts()
    assert list(facts.columns) == list(FACT_FIELDS) and len(facts) == sum(1 for _ in document_facts(example.document))
    assert str(facts["line"].dtype) == "Int64"


def test_api_findings(example: DocumentView) -> None:
    findings = example.findings()
    assert len(findings) == len(example.check().findings)
    assert {"code", "severity", "message", "line"} <= set(findings.columns)


def test_api_seed_values_and_compare() -> None:
    view = open_document(seed_path("000"))
    frame = view.table("budget.expenditure")
    assert frame.loc[("2013804", "经营主体管理"), ("2026年预算数", "合计")] == Decimal("209.83")
    basic = view.table("budget.general_basic_economic")
    assert len(basic.loc[("30101", "基本工资")]) == 2  # 机关 and 事业 lines keep their own rows
    lined_up = compare([seed_path("002"), view], level="项")
    row = lined_up[lined_up["code"] == "2013804"].iloc[0]
    assert (row["2024年决算"], row["2026年预算"], row["name"]) == (Decimal("442.19"), Decimal("209.83"), "经营主体管理")
    assert lined_up.attrs["columns"][0]["table"] == "final.expenditure"
