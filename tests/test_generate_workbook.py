"""The data workbook of ``budgetlens generate``: ``--init budget`` writes the layout (the sheets, drop-down lists
drawn from the classification data, number checks, text cells for codes), the example's workbook holds exactly the
example's YAML data and prints the same disclosure, and a bad cell is one line naming its sheet and cell (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from budgetlens.errors import ConfigError
from budgetlens.generate.data import load_data
from budgetlens.generate.workbook import CODES_SHEET, SHEETS, read_workbook, write_workbook
from tests.workbooks import cli, edited_copy, validations

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "examples" / "sample-department-budget-2026.data.yaml"
DATA_XLSX = DATA.with_suffix(".xlsx")


def edited(tmp_path: Path, **cells: object) -> Path:
    """A copy of the example's workbook with ``cells`` ("项目!F2") changed."""
    return edited_copy(DATA_XLSX, tmp_path, **cells)


@pytest.mark.slow
def test_init_writes_the_sheets_with_their_lists_and_number_checks(tmp_path: Path) -> None:
    out = cli("generate", "--init", "budget", "-o", "data.xlsx", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    book = load_workbook(tmp_path / "data.xlsx")
    assert book.sheetnames == ["说明", *SHEETS, CODES_SHEET]
    assert (book["说明"]["A3"].value, book["说明"]["B3"].value) == ("模板", "shanxi-city-budget")
    assert [c.value for c in book["单位"][1]] == ["单位名称", "单位类型", "机构设置", "主要功能分类项"]
    assert book["单位"]["D2"].number_format == "@" and book["项目"]["C2"].number_format == "@"
    assert book["部门"]["B3"].number_format == "@"  # 主管部门代码
    dv = validations(tmp_path / "data.xlsx")
    assert dv[("单位", "B2")].formula1 == '"行政,事业"'
    assert dv[("项目", "D2")].formula1 == '"其他运转类,特定目标类"'
    assert dv[("项目", "O2")].formula1 == '"货物,工程,服务"'
    assert dv[("项目", "E2")].formula1 == '"是,否"'
    for ref in ("F2", "G2", "H2", "I2", "J2", "K2"):  # funds in 元
        assert (dv[("项目", ref)].type, dv[("项目", ref)].operator, dv[("项目", ref)].formula1) == (
            "whole",
            "greaterThanOrEqual",
            "0",
        )
    assert dv[("基本支出", "C2")].type == "decimal" and dv[("上年数", "B2")].type == "decimal"
    assert dv[("整体绩效目标", "B7")].type == "whole"  # 核定的人员编制数
    # the 款 names and 项 codes lists are ranges of the 代码表 sheet, which holds the classification's entries
    items, codes = dv[("基本支出", "B2")].formula1, dv[("单位", "D2")].formula1
    assert items.startswith(f"'{CODES_SHEET}'!$A$2:") and codes.startswith(f"'{CODES_SHEET}'!$C$2:")
    assert dv[("项目", "C2")].formula1 == codes == dv[("结转项目", "C2")].formula1
    table = book[CODES_SHEET]
    names = {table.cell(r, 1).value for r in range(2, int(items.rsplit("$", 1)[1]) + 1)}
    numbers = {table.cell(r, 3).value for r in range(2, int(codes.rsplit("$", 1)[1]) + 1)}
    assert {"基本工资", "办公费", "退休费"} <= names and "工资福利支出" not in names  # 款, not 类
    assert {"2070101", "2070204"} <= numbers and "207" not in numbers and None not in numbers
    # an empty workbook is refused with its first empty required cell; never overwritten; an unknown kind is refused
    out = cli("generate", "data.xlsx", cwd=tmp_path)
    assert out.returncode == 2 and out.stderr.strip() == "budgetlens: 数据工作簿 data.xlsx：部门!B2：“部门名称”不能为空"
    again = cli("generate", "--init", "budget", "-o", "data.xlsx", cwd=tmp_path)
    assert again.returncode == 2 and "data.xlsx" in again.stderr
    other = cli("generate", "--init", "plan", cwd=tmp_path)
    assert other.returncode == 2 and other.stderr.count("\n") == 1 and "Traceback" not in other.stderr


def test_the_example_workbook_holds_the_yaml_data_and_names_its_template(tmp_path: Path) -> None:
    data = load_data(DATA)
    from_book, template = read_workbook(DATA_XLSX)
    assert from_book == data and template == "shanxi-city-budget"
    assert load_data(DATA_XLSX) == data
    write_workbook(data, tmp_path / "again.xlsx", "shanxi-city-budget")  # the writer as it is now, not the file
    assert read_workbook(tmp_path / "again.xlsx") == (data, "shanxi-city-budget")
    assert any(p.period is None for p in data.projects) and any(p.purchase is None for p in data.projects)


@pytest.mark.slow
def test_the_example_workbook_prints_the_same_disclosure_as_its_yaml(tmp_path: Path) -> None:
    for source, out in ((DATA_XLSX, "book.txt"), (DATA, "yaml.txt")):
        done = cli("generate", str(source), "--format", "text", "-o", out, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    text = (tmp_path / "book.txt").read_text(encoding="utf-8")
    assert text == (tmp_path / "yaml.txt").read_text(encoding="utf-8") and "示例市文化和旅游局" in text


def test_cells_typed_the_way_people_type_them_are_read(tmp_path: Path) -> None:
    book = edited(
        tmp_path,
        **{"单位!D2": 2070101, "项目!F2": 0.0, "项目!E2": "否", "项目!I2": None, "项目!J2": None, "项目!K2": None},
    )
    data = load_data(book)
    first = data.projects[0]
    assert data.units[0].main_code == "2070101" and first.funds.central == 0
    assert first.recurring is False and first.period is None


@pytest.mark.parametrize(
    ("cells", "where", "says"),
    [
        ({"项目!F2": "三十万"}, "项目!F2", "须为整数（元）"),
        ({"项目!H2": 380050}, "项目!H2", "100"),  # not whole hundreds: the model's check, pointed at the cell
        ({"基本支出!B3": "不存在的款"}, "基本支出!B3", "不是部门经济分类的款"),
        ({"基本支出!C4": "一百"}, "基本支出!C4", "万元"),
        ({"单位!D3": "2070198"}, "单位!D3", "不是2026年功能分类的项"),
        ({"单位!B2": "企业"}, "单位!B2", "行政"),
        ({"项目!A3": "不存在的单位"}, "项目!A3", "单位不在"),
        ({"项目!E2": "也许"}, "项目!E2", "是"),
        ({"项目!P2": 5}, "项目!O2", "采购品目和采购金额"),
        ({"绩效指标!A2": "没有的项目"}, "绩效指标!A2", "没有这个项目"),
        ({"部门!B5": "明年"}, "部门!B5", "整数"),
        ({"整体绩效指标!C2": None}, "整体绩效指标!C2", "不能为空"),
    ],
)
def test_a_bad_cell_is_named_by_sheet_and_cell(tmp_path: Path, cells: dict[str, object], where: str, says: str) -> None:
    book = edited(tmp_path, **cells)
    with pytest.raises(ConfigError) as caught:
        load_data(book)
    line = caught.value.message("zh")
    assert f"：{where}：" in line and says in line and "\n" not in line


@pytest.mark.slow
def test_a_bad_cell_exits_2_with_one_line(tmp_path: Path) -> None:
    edited(tmp_path, **{"基本支出!C4": -1})
    out = cli("generate", "edited.xlsx", "-o", "x.txt", "--lang", "en", cwd=tmp_path)
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert "基本支出!C4" in out.stderr and not (tmp_path / "x.txt").exists()
