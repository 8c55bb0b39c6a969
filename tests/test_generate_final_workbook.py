"""The final account's data workbook: ``--init final`` writes the layout of FinalData (the sheets, drop-down lists of
sources, funds, 款 names and 项 codes, 万元 checks, text cells for codes, the template's name on 说明), a workbook
filled in cell by cell composes a disclosure the checks pass, the example's workbook holds the example's YAML data
and prints the same disclosure, and a bad cell is one line naming its sheet and cell (exit 2)."""

from __future__ import annotations

from decimal import Decimal
from itertools import zip_longest
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook

from budgetlens import pipeline
from budgetlens.errors import ConfigError
from budgetlens.generate.data import load_data
from budgetlens.generate.final_data import SOURCES, FinalData
from budgetlens.generate.final_sheets import SHEETS
from budgetlens.generate.layouts import layout_for
from budgetlens.generate.sheets import CODES_SHEET
from budgetlens.generate.workbook import read_workbook, write_workbook
from budgetlens.model import Severity
from tests.workbooks import cli, edited_copy, validations

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "examples" / "sample-department-final-2024.data.yaml"
DATA_XLSX = DATA.with_suffix(".xlsx")
TEMPLATE = "shanghai-district-final"


def example_rows() -> dict[str, list[dict[str, Any]]]:
    """The example's YAML data as each sheet's records keyed by field path, as a person would type them."""
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    dept, budgeted, reasons = raw["department"], raw["budgeted"], raw["narrative"].get("item_reasons", {})

    def flat(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in record.items():
            out |= flat(v, f"{prefix}{k}.") if isinstance(v, dict) else {prefix + k: v}
        return out

    return {
        "部门": [{k: dept[k] for k in ("name", "code", "region", "year")}],
        "内设机构和职责": [{"offices": o, "duties": d} for o, d in zip_longest(dept["offices"], dept["duties"])],
        "单位": [{k: u[k] for k in ("name", "kind", "status", "main_code")} for u in raw["units"]],
        "基本支出": [{"unit": u["name"], "item": k, "amount": v} for u in raw["units"] for k, v in u["basic"].items()],
        "项目支出": raw["projects"],
        "收入": raw["income"],
        "年初结转和结余": raw["carry_in"],
        "三公经费决算": [raw["three_public"]],
        "年初预算": [flat({"three_public": budgeted["three_public"], "running": budgeted["running"]})],
        "年初预算支出": [
            {"code": k, "amount": budgeted["general"].get(k), "reason": reasons.get(k)}
            for k in [*budgeted["general"], *(c for c in reasons if c not in budgeted["general"])]
        ],
        "政府采购": [raw["procurement"]],
        "国有资产": [raw["assets"]],
        "上年数": [flat(raw["prior"])],
        "说明文字": [raw["narrative"]],
    }


def typed(value: Any, kind: str) -> Any:
    """A value as typed into its cell: amounts as numbers, counts as whole numbers, the rest as text."""
    if value is None:
        return None
    return float(value) if kind == "wan" else int(value) if kind == "count" else str(value)


def fill(path: Path) -> None:
    """The example's data typed into an empty workbook cell by cell, found by the sheets' own labels."""
    book = load_workbook(path)
    for name, records in example_rows().items():
        shape, fields = SHEETS[name]
        sheet = book[name]
        if shape == "keys":
            by_label = {f.label: f for f in fields}
            for row in sheet.iter_rows(min_row=2, max_col=2):
                f = by_label[str(row[0].value).removesuffix("（必填）")]
                row[1].value = typed(records[0].get(f.key), f.kind)
            continue
        header = [c.value for c in sheet[1]]
        for i, record in enumerate(records, start=2):
            for f in fields:
                sheet.cell(i, header.index(f.label) + 1, typed(record.get(f.key), f.kind))
    book.save(path)


def edited(tmp_path: Path, **cells: object) -> Path:
    """A copy of the example's workbook with ``cells`` ("项目支出!E2") changed."""
    return edited_copy(DATA_XLSX, tmp_path, **cells)


@pytest.mark.slow
def test_init_final_writes_the_sheets_with_their_lists_and_number_checks(tmp_path: Path) -> None:
    out = cli("generate", "--init", "final", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    path = tmp_path / "final.data.xlsx"
    book = load_workbook(path)
    assert book.sheetnames == ["说明", *SHEETS, CODES_SHEET]
    readme = book["说明"]
    assert readme["A1"].value.startswith("部门决算数据") and (readme["A3"].value, readme["B3"].value) == (
        "模板",
        TEMPLATE,
    )
    assert any("年末结转和结余由程序计算" in str(c.value) for c in readme["A"])
    assert [c.value for c in book["收入"][1]] == ["功能分类项", "收入来源", "金额（万元）"]
    assert book["收入"]["A2"].number_format == "@" and book["部门"]["B3"].number_format == "@"
    dv = validations(path)
    assert dv[("项目支出", "D2")].formula1 == dv[("收入", "B2")].formula1 == '"' + ",".join(SOURCES) + '"'
    assert dv[("年初结转和结余", "A2")].formula1 == '"一般公共预算,政府性基金,国有资本经营,非财政拨款"'
    for ref in (("项目支出", "E2"), ("收入", "C2"), ("年初预算支出", "B2"), ("三公经费决算", "B2"), ("上年数", "B2")):
        assert (dv[ref].type, dv[ref].operator, dv[ref].formula1) == ("decimal", "greaterThanOrEqual", "0")
    assert dv[("国有资产", "B2")].type == "whole"
    items, codes = dv[("基本支出", "B2")].formula1, dv[("收入", "A2")].formula1
    assert items.startswith(f"'{CODES_SHEET}'!$A$2:") and codes.startswith(f"'{CODES_SHEET}'!$C$2:")
    assert (
        dv[("项目支出", "C2")].formula1 == codes == dv[("年初预算支出", "A2")].formula1 == dv[("单位", "D2")].formula1
    )
    # never over a file; a budget template is not a final one; an empty workbook names its first empty required cell
    again = cli("generate", "--init", "final", cwd=tmp_path)
    assert again.returncode == 2 and again.stderr.count("\n") == 1 and "final.data.xlsx" in again.stderr
    wrong = cli("generate", "--init", "final", "--template", "shanxi-city-budget", "-o", "x.xlsx", cwd=tmp_path)
    assert wrong.returncode == 2 and wrong.stderr.count("\n") == 1 and not (tmp_path / "x.xlsx").exists()
    empty = cli("generate", "final.data.xlsx", cwd=tmp_path)
    assert empty.returncode == 2 and "部门!B2" in empty.stderr and empty.stderr.count("\n") == 1


@pytest.mark.slow
def test_a_workbook_filled_in_with_the_example_composes_a_disclosure_the_checks_pass(tmp_path: Path) -> None:
    path = tmp_path / "filled.xlsx"
    write_workbook(None, path, TEMPLATE, year=2024, layout=layout_for(FinalData))
    fill(path)
    data, template = read_workbook(path)
    assert template == TEMPLATE and data == load_data(DATA, FinalData)
    done = cli("generate", "filled.xlsx", "-o", "filled.txt", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "filled.txt").read_text(encoding="utf-8")
    run = pipeline.run(text.encode("utf-8"), name="filled.txt")
    assert run.error is None and run.result is not None
    assert [f.code for f in run.result.findings if f.severity is not Severity.INFO] == []
    assert "示例区文化和旅游局" in text and "年末结转和结余" in text


def test_the_example_workbook_holds_the_yaml_data_and_names_its_template(tmp_path: Path) -> None:
    data = load_data(DATA, FinalData)
    assert read_workbook(DATA_XLSX) == (data, TEMPLATE)
    write_workbook(data, tmp_path / "again.xlsx", TEMPLATE)  # the writer as it is now, not the file
    assert read_workbook(tmp_path / "again.xlsx") == (data, TEMPLATE)
    book = load_workbook(DATA_XLSX)
    filled = [r for r in book["收入"].iter_rows(min_row=2, values_only=True) if any(v is not None for v in r)]
    assert len(filled) == len(data.income) and book["年初预算支出"]["B2"].value == 700
    assert data.budgeted.general["2070101"] == Decimal("700.00")


@pytest.mark.slow
def test_the_example_workbook_prints_the_same_disclosure_as_its_yaml(tmp_path: Path) -> None:
    book = cli("generate", str(DATA_XLSX), "-o", "book.txt", cwd=tmp_path)  # the template named inside
    from_yaml = cli("generate", str(DATA), "--template", TEMPLATE, "-o", "yaml.txt", cwd=tmp_path)
    assert book.returncode == 0 and from_yaml.returncode == 0, book.stderr + from_yaml.stderr
    text = (tmp_path / "book.txt").read_text(encoding="utf-8")
    assert text == (tmp_path / "yaml.txt").read_text(encoding="utf-8") and "部门决算" in text


@pytest.mark.parametrize(
    ("cells", "where", "says"),
    [
        ({"项目支出!E2": -1}, "项目支出!E2", "非负"),
        ({"收入!C3": 1.005}, "收入!C3", "两位小数"),
        ({"收入!A2": "2070198"}, "收入!A2", "不是2024年功能分类的项"),
        ({"年初预算支出!A3": "2070198"}, "年初预算支出!A3", "不是2024年功能分类的项"),
        ({"收入!B2": "捐赠收入"}, "收入!B2", "一般公共预算"),
        ({"年初结转和结余!A2": "专户资金"}, "年初结转和结余!A2", "非财政拨款"),
        ({"项目支出!A3": "不存在的单位"}, "项目支出!A3", "单位不在"),
        ({"基本支出!B2": "不存在的款"}, "基本支出!B2", "不是部门经济分类的款"),
        ({"年初预算支出!B2": "七百"}, "年初预算支出!B2", "万元"),
        ({"国有资产!B2": "一辆"}, "国有资产!B2", "整数"),
        ({"上年数!B2": None}, "上年数!B2", "不能为空"),
        ({"上年数!B3": 0}, "上年数!B3", "0"),
    ],
)
def test_a_bad_cell_is_named_by_sheet_and_cell(tmp_path: Path, cells: dict[str, object], where: str, says: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_data(edited(tmp_path, **cells), FinalData)
    line = caught.value.message("zh")
    assert f"：{where}" in line and says in line and "\n" not in line


@pytest.mark.slow
@pytest.mark.parametrize(("ref", "value"), [("项目支出!E3", -86.5), ("收入!A4", "2070198")])
def test_a_bad_cell_exits_2_with_one_line(tmp_path: Path, ref: str, value: object) -> None:
    edited(tmp_path, **{ref: value})
    out = cli("generate", "edited.xlsx", "-o", "x.txt", "--lang", "en", cwd=tmp_path)
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert f"{ref}:" in out.stderr and not (tmp_path / "x.txt").exists()


def test_an_item_reason_is_read_with_its_item_and_an_item_without_a_budget_may_give_only_its_reason(
    tmp_path: Path,
) -> None:
    """年初预算支出 holds each 项's 年初预算 and the reason its 决算 differs; a reason alone is an unbudgeted 项's."""
    book = load_workbook(DATA_XLSX)
    sheet = book["年初预算支出"]
    header = [c.value for c in sheet[1]]
    last = max(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value)
    code, reason = header.index("功能分类项") + 1, header.index("决算数与年初预算数差异原因") + 1
    sheet.cell(last + 1, code, "2070199")
    sheet.cell(last + 1, reason, "年中新增群众文化活动")
    out = tmp_path / "reasons.xlsx"
    book.save(out)
    data, _ = read_workbook(out)
    expected = load_data(DATA, FinalData)
    assert data.narrative.item_reasons["2070199"] == "年中新增群众文化活动"
    assert data.budgeted.general == expected.budgeted.general  # no 年初预算 made up for the reason-only row
    assert {**expected.narrative.item_reasons, "2070199": "年中新增群众文化活动"} == data.narrative.item_reasons
