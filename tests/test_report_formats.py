"""Report formats (html, sarif) and waivers, on a small document written here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from budgetlens.check.registry import all_rules
from budgetlens.check.runner import CheckResult, run_checks
from budgetlens.check.waivers import Waiver, apply_waivers, load_waivers, unused_waivers
from budgetlens.errors import ConfigError
from budgetlens.pipeline import load
from budgetlens.report.html import render_html
from budgetlens.report.sarif import render_sarif
from tests.conftest import ROOT, write_doc

# Line 9: 60.00 + 24.50 = 84.50, but 合计 is printed as 85.50 (BL201); the 合计 row's 项目支出
# 25.50 then disagrees with its only top-level row (BL203, line 8).
DOC = """示例县水利局
2026年度部门预算公开
2026年预算支出总表
部门名称：示例县水利局
单位：万元
项目⇥⇥2026年预算数⇥⇥
科目编码⇥科目名称⇥合计⇥基本支出⇥项目支出
合计⇥⇥85.50⇥60.00⇥25.50
213⇥农林水支出⇥85.50⇥60.00⇥24.50
"""


def checked(tmp_path: Path, select: str = "BL2") -> CheckResult:
    return run_checks(load(write_doc(tmp_path, DOC)), select=[select])


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "budgetlens", *args], capture_output=True, text=True, timeout=120, cwd=ROOT
    )


def test_html_summary_excerpt_and_highlighted_cell(tmp_path: Path) -> None:
    result = checked(tmp_path)
    assert [f[0] for f in result.flatten()] == ["BL203", "BL201"]
    page = render_html([result], "zh")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    assert "核验报告" in page and "示例县水利局" in page and result.document.sha256[:12] in page
    assert "<td>算术</td><td>2</td><td>0</td><td>0</td>" in page
    assert '<td class="hit">85.50</td>' in page and '<td class="hit">25.50</td>' in page
    assert '<tr class="focus"><th class="ln">9</th><td>213</td>' in page
    assert "2026年预算支出总表" in page and "各列之和为84.50" in page
    for external in ("<script src", "<link", "http://", "https://", "@import"):  # inline script only (filters)
        assert external not in page


def test_html_english_and_escaping(tmp_path: Path) -> None:
    result = checked(tmp_path)
    page = render_html([result], "en")
    assert '<html lang="en">' in page and "Check report" in page and "<td>arithmetic</td>" in page
    assert "the columns add up to 84.50" in page
    doc = result.document.model_copy(update={"issuer": "<b>A&B</b>"})
    page = render_html([CheckResult(document=doc)], "zh")
    assert "&lt;b&gt;A&amp;B&lt;/b&gt;" in page and "<b>A&B" not in page and "未发现问题" in page


def test_sarif_structure_and_levels(tmp_path: Path) -> None:
    sarif = render_sarif([checked(tmp_path, "BL201")], "zh")
    json.dumps(sarif)
    assert sarif["version"] == "2.1.0" and "sarif-2.1.0" in sarif["$schema"]
    [run] = sarif["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "budgetlens" and driver["version"]
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in driver["rules"]}
    assert levels["BL201"] == "error" and levels["BL401"] == "warning" and levels["BL011"] == "note"
    assert len(levels) == len(all_rules()) and all(r["name"] and r["shortDescription"]["text"] for r in driver["rules"])
    [res] = run["results"]
    assert res["ruleId"] == "BL201" and res["level"] == "error" and "84.50" in res["message"]["text"]
    physical = res["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"].endswith("doc.txt")
    assert physical["region"] == {"startLine": 9, "endLine": 9}
    assert res["partialFingerprints"]


def write_waivers(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "waivers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_waivers_remove_findings_and_report_unused(tmp_path: Path) -> None:
    result = checked(tmp_path)
    path = write_waivers(
        tmp_path,
        "waivers:\n"
        "  - {code: BL201, line: 9, reason: 已核实为印刷错误}\n"
        "  - {code: BL203, table: t01, reason: 随 BL201 而来, document: " + result.document.sha256[:8] + "}\n"
        "  - {code: BL401, reason: 本文件没有这个问题}\n"
        "  - {code: BL201, line: 8, reason: 行号不对}\n",
    )
    waivers = load_waivers(path)
    waived = apply_waivers(result, waivers)
    assert waived.findings == [] and [(f.code, r) for f, r in waived.waived] == [
        ("BL203", "随 BL201 而来"),
        ("BL201", "已核实为印刷错误"),
    ]
    assert [w.describe("en") for w in unused_waivers([waived], waivers)] == [
        "waivers.yaml#3 BL401",
        "waivers.yaml#4 BL201 line=8",
    ]
    other_doc = Waiver(code="BL201", reason="x", document="ffffffffff")
    assert apply_waivers(result, [other_doc]).findings == result.findings
    assert "已豁免" in render_html([waived], "zh")
    assert render_sarif([waived], "zh")["runs"][0]["results"][0]["suppressions"][0]["justification"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("waivers:\n  - {code: BL201, line: 9}\n", "缺少豁免理由"),
        ("waivers:\n  - {code: BL201, reason: '  '}\n", "缺少豁免理由"),
        ("waivers:\n  - {reason: x}\n", "缺少规则编号"),
        ("waivers:\n  - {code: BL201, reason: x, lines: 3}\n", "未知字段"),
        ("waivers: [\n", "不是有效的 YAML"),
    ],
)
def test_bad_waiver_file_is_config_error(tmp_path: Path, text: str, words: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_waivers(write_waivers(tmp_path, text))
    assert words in info.value.message("zh") and "\n" not in info.value.message("zh")


@pytest.mark.slow
def test_cli_waivers(tmp_path: Path) -> None:
    doc = write_doc(tmp_path, DOC)
    waivers = write_waivers(tmp_path, "waivers:\n  - {code: BL201, reason: 已核实}\n  - {code: BL401, reason: 无}\n")
    out = cli("check", str(doc), "--select", "BL201", "--waivers", str(waivers))
    assert out.returncode == 0 and "BL201" not in out.stdout
    assert out.stderr == "budgetlens: 未使用的豁免：waivers.yaml#2 BL401\n"
    out = cli("check", str(doc), "--select", "BL201", "--waivers", str(waivers), "--lang", "en")
    assert out.returncode == 0 and out.stderr == "budgetlens: unused waiver: waivers.yaml#2 BL401\n"
    assert cli("check", str(doc), "--select", "BL2", "--waivers", str(waivers)).returncode == 1  # BL203 remains
    bad = write_waivers(tmp_path, "waivers:\n  - {code: BL201}\n")
    out = cli("check", str(doc), "--waivers", str(bad))
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "缺少豁免理由" in out.stderr
    out = cli("check", str(doc), "--waivers", str(tmp_path / "missing.yaml"), "--lang", "en")
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "no such file" in out.stderr


@pytest.mark.slow
def test_cli_html_and_sarif(tmp_path: Path) -> None:
    doc = write_doc(tmp_path, DOC)
    target = tmp_path / "out.html"
    out = cli("check", str(doc), "--select", "BL2", "--format", "html", "-o", str(target))
    assert out.returncode == 1 and out.stdout == ""
    page = target.read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page and '<td class="hit">85.50</td>' in page
    out = cli("check", str(doc), "--select", "BL201", "--format", "sarif", "--fail-on", "never")
    assert out.returncode == 0
    sarif = json.loads(out.stdout)
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"][0]["ruleId"] == "BL201"


@pytest.mark.slow
def test_html_marks_only_the_findings_column_when_amounts_repeat() -> None:
    # examples/: line 252 prints 75.75 as both 合计 and 基本支出; BL202 reports each column once.
    result = run_checks(load(ROOT / "examples" / "sample-department-budget-2026.txt"), select=["BL202"])
    page = render_html([result], "zh")
    row = '<tr class="focus"><th class="ln">252</th><td>21011</td><td>行政事业单位医疗</td>'
    assert row + '<td class="hit">75.75</td><td>75.75</td>' in page
    assert row + '<td>75.75</td><td class="hit">75.75</td>' in page
