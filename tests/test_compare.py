"""Comparison across documents: seed 002 (2024 决算) against seed 000 (2026 预算) of the same bureau."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from rich.cells import cell_len

from budgetlens.compare.chart import comparison_html
from budgetlens.compare.lineup import Comparison, compare_facts
from budgetlens.compare.measures import Classification, Measure
from budgetlens.compare.render import comparison_csv, comparison_json
from budgetlens.errors import ConfigError
from budgetlens.pipeline import load
from budgetlens.report.frames import documents_frame, facts_frame
from tests.conftest import ROOT, seed_doc, seed_path, write_doc

EXAMPLE = ROOT / "examples" / "sample-department-budget-2026.txt"
FINAL_2024, BUDGET_2026 = "2024年决算", "2026年预算"


def _compare(prefixes: tuple[str, ...], **options: object) -> Comparison:
    docs = [seed_doc(p) for p in prefixes]
    return compare_facts(facts_frame(docs), documents_frame(docs), **options)  # type: ignore[arg-type]


def _row(comparison: Comparison, code: str) -> dict[str, object]:
    rows = comparison.frame[comparison.frame["code"] == code]
    assert len(rows) == 1, f"{code} should be on exactly one row, found {len(rows)}"
    return dict(rows.iloc[0])


def test_by_class_matches_the_tables() -> None:
    result = _compare(("000", "002"))  # given out of order: columns are chronological
    assert result.labels == [FINAL_2024, BUDGET_2026]
    assert [c.table for c in result.columns] == ["final.expenditure", "budget.expenditure"]
    assert list(result.frame["code"]) == ["", "201", "208", "210", "221", "229"]
    total = _row(result, "")
    assert total[FINAL_2024] == Decimal("2660.62") and total[BUDGET_2026] == Decimal("8487.06")
    lei = _row(result, "201")
    assert lei[FINAL_2024] == Decimal("2066.25") and lei[BUDGET_2026] == Decimal("6394.81")
    assert lei[f"Δ {FINAL_2024}→{BUDGET_2026}"] == Decimal("4328.56")
    assert lei[f"Δ% {FINAL_2024}→{BUDGET_2026}"] == Decimal("209.49")
    classes = result.frame[result.frame["code"] != ""]
    sums = [sum(v for v in classes[label] if v is not None) for label in result.labels]
    assert sums[0] == total[FINAL_2024]  # the 类 lines add up to the 合计 of each table …
    assert abs(sums[1] - total[BUDGET_2026]) <= Decimal("0.005") * len(classes)  # … within 尾差 (8487.05)
    only_2024 = _row(result, "229")
    assert only_2024[BUDGET_2026] is None and only_2024[f"Δ {FINAL_2024}→{BUDGET_2026}"] == Decimal("-12.51")


def test_renamed_code_lands_on_one_row() -> None:
    result = _compare(("002", "000"), level="项")
    row = _row(result, "2013804")  # 市场主体管理 (2024) → 经营主体管理 (2025 on)
    assert row["name"] == "经营主体管理" and "市场主体管理" in str(row["note"]) and "2024" in str(row["note"])
    assert row[FINAL_2024] == Decimal("442.19") and row[BUDGET_2026] == Decimal("209.83")
    assert _row(result, "2013801")["note"] == ""  # same name in both years: no note
    english = _compare(("002", "000"), level="项", lang="en")
    assert "renamed: 市场主体管理 in 2024" in str(_row(english, "2013804")["note"])


def test_measures_and_economic_classification() -> None:
    general = _compare(("002", "000"), measure=Measure.general)
    assert [c.table for c in general.columns] == ["final.general_expenditure", "budget.general_expenditure"]
    assert _row(general, "")[FINAL_2024] == Decimal("2648.11")
    economic = _compare(("002", "000"), by=Classification.economic)
    assert [c.table for c in economic.columns] == ["final.general_basic_detail", "budget.general_basic_economic"]
    wages = _row(economic, "301")
    assert wages[FINAL_2024] == Decimal("1506.62") and wages[BUDGET_2026] == Decimal("5660.95")
    assert _row(economic, "")[FINAL_2024] == Decimal("1838.82")  # 人员经费合计 + 公用经费合计 are not "the" total
    kuan = _compare(("000",), by=Classification.economic, level="款")
    assert _row(kuan, "30101")[BUDGET_2026] == Decimal("2072.52")  # 机关 713.66 + 事业 1358.86 lines of 表六
    with pytest.raises(ConfigError):
        _compare(("000",), by=Classification.economic, level="项")


def test_departments_side_by_side() -> None:
    result = _compare(("000", "004"))
    assert len(result.labels) == 2 and all(label.endswith(BUDGET_2026) for label in result.labels)
    assert result.labels[0].startswith("阳泉市市场监督管理局")


def test_csv_json_html() -> None:
    result = _compare(("002", "000"), level="项")
    rows = list(csv.DictReader(io.StringIO(comparison_csv(result))))
    renamed = next(r for r in rows if r["code"] == "2013804")
    assert renamed[FINAL_2024] == "442.19" and renamed[BUDGET_2026] == "209.83"
    payload = comparison_json(result)
    json.dumps(payload, ensure_ascii=False)  # serialisable as is
    assert payload["columns"][0]["table"] == "final.expenditure" and payload["unit"] == "万元"
    item = next(r for r in payload["rows"] if r["code"] == "2013804")
    assert item["values"] == {FINAL_2024: "442.19", BUDGET_2026: "209.83"}
    assert item["changes"][0]["change"] == "-232.36" and item["changes"][0]["percent"] == "-52.55"
    page = comparison_html(result)
    assert "echarts.init" in page and "https://" not in page.split("<script>")[0]
    assert "cdn" not in page.lower().split("</script>", 1)[1]
    option = json.loads(page.split("const option = ", 1)[1].split(";\nconst chart", 1)[0])
    assert [s["name"] for s in option["series"]] == [FINAL_2024, BUDGET_2026]
    assert "2013804 经营主体管理" in option["yAxis"]["data"]
    index = option["yAxis"]["data"].index("2013804 经营主体管理")
    assert option["series"][0]["data"][index] == 442.19


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}  # a wide terminal: names are not folded
    return subprocess.run(
        [sys.executable, "-m", "budgetlens", *args], capture_output=True, text=True, cwd=ROOT, env=env
    )


@pytest.mark.slow
def test_cli_compare(tmp_path: Path) -> None:
    final, budget = str(seed_path("002")), str(seed_path("000"))
    table = _cli("compare", final, budget, "--level", "项")
    assert table.returncode == 0 and "经营主体管理" in table.stdout and "442.19" in table.stdout
    out = tmp_path / "c.html"
    assert _cli("compare", final, budget, "-f", "html", "-o", str(out)).returncode == 0
    assert out.stat().st_size > 1_000_000  # ECharts inlined
    bad = _cli("compare", final, "--by", "economic", "--level", "项", "--lang", "en")
    assert bad.returncode == 2 and "only 类 and 款" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.slow
def test_example_compares_with_itself_by_kuan() -> None:
    if not EXAMPLE.is_file():
        pytest.skip("the bundled example has not been generated")
    result = _cli("compare", str(EXAMPLE), "--level", "款", "-f", "json")
    payload = json.loads(result.stdout)
    assert payload["level"] == "款" and payload["rows"][0]["name"] == "合计"
    assert all(len(r["code"]) == 5 for r in payload["rows"][1:])


def _yearly(tmp_path: Path, cover: str, year: int, total: str, unit: str = "万元") -> Path:
    """One department's small budget whose cover prints the department inside the title (no 部门名称 line)."""
    text = f"""{cover}
{year}年预算支出总表
单位：{unit}
项目⇥⇥{year}年预算数⇥⇥
科目编码⇥科目名称⇥合计⇥基本支出⇥项目支出
合计⇥⇥{total}⇥{total}⇥
201⇥一般公共服务支出⇥{total}⇥{total}⇥
"""
    return write_doc(tmp_path, text, f"{year}.txt")


def test_one_department_over_the_years_is_one_department(tmp_path: Path) -> None:
    paths = [
        _yearly(tmp_path, "2024年示例市档案局部门预算", 2024, "100.00"),
        _yearly(tmp_path, "示例市档案局部门预算公开\n2025年", 2025, "1234567.89", unit="元"),
        _yearly(tmp_path, "2026年度示例市档案局部门预算公开", 2026, "120.00"),
    ]
    docs = [load(p) for p in paths]
    assert {d.issuer for d in docs} == {"示例市档案局"}
    result = compare_facts(facts_frame(docs), documents_frame(docs))
    assert result.labels == ["2024年预算", "2025年预算", "2026年预算"]  # no department in the labels: one
    assert [c.short for c in result.columns] == ["A 2024预算", "B 2025预算", "C 2026预算"]
    total = _row(result, "")
    assert total["2025年预算"] == Decimal("123.456789")  # 1,234,567.89 元, exact in the frame and in JSON …
    rows = list(csv.DictReader(io.StringIO(comparison_csv(result))))
    assert rows[0]["2025年预算"] == "123.46" and rows[0]["Δ 2024年预算→2025年预算"] == "23.46"  # … 2 decimals shown
    assert rows[0]["Δ% 2025年预算→2026年预算"] == "-2.80"


def test_narrow_terminal_keeps_every_column_readable() -> None:
    env = {**os.environ, "COLUMNS": "80"}
    paths = [str(seed_path(p)) for p in ("003", "002", "000", "001", "004")]
    for by in ("function", "economic"):
        out = subprocess.run(
            [sys.executable, "-m", "budgetlens", "compare", *paths, "--by", by],
            capture_output=True, text=True, cwd=ROOT, env=env,
        )  # fmt: skip
        assert out.returncode == 0, out.stderr
        lines = out.stdout.splitlines()
        assert max(cell_len(line) for line in lines) <= 80
        assert "nan" not in out.stdout and "┳┳" not in out.stdout  # no collapsed column
        assert "2022决算" in out.stdout and "2026预算" in out.stdout and "增减" in out.stdout
        assert re.search(r"A 2022决算：\s*晋城市市场监督管理局", out.stdout)  # the legend names each column's file
        assert "4,459.28" in out.stdout or "3,135.97" in out.stdout  # amounts from 元 at two decimals
        assert "4,459.281601" not in out.stdout
