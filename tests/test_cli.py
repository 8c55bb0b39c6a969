"""The command line contract: formats, exit codes, one-line errors in Chinese or English."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import ROOT, seed_path, write_doc

EXAMPLE = ROOT / "examples" / "sample-department-budget-2026.txt"
SMALL = """示例市档案局
2026年度部门预算公开
2026年预算支出总表
部门名称：示例市档案局
单位：万元
项目⇥⇥2026年预算数⇥⇥
科目编码⇥科目名称⇥合计⇥基本支出⇥项目支出
合计⇥⇥100.00⇥70.00⇥30.00
201⇥一般公共服务支出⇥100.00⇥60.00⇥30.00
"""


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "budgetlens", *args], capture_output=True, text=True, timeout=120, cwd=ROOT
    )


@pytest.mark.slow
def test_check_exit_codes(tmp_path: Path) -> None:
    path = write_doc(tmp_path, SMALL)
    failing = cli("check", str(path), "--select", "BL201")
    assert failing.returncode == 1
    assert "BL201" in failing.stdout and "L9" in failing.stdout
    assert cli("check", str(path), "--select", "BL201", "--fail-on", "never").returncode == 0
    assert cli("check", str(path), "--select", "BL205").returncode == 0


@pytest.mark.slow
def test_unknown_rule_code_is_refused(tmp_path: Path) -> None:
    """A typo in --select/--ignore must not turn a gate green with 未发现问题."""
    path = write_doc(tmp_path, SMALL)
    typo = cli("check", str(path), "--select", "BLXYZ")
    assert typo.returncode == 2 and "BLXYZ" in typo.stderr and "Traceback" not in typo.stderr
    assert cli("check", str(path), "--ignore", "BL9", "--lang", "en").stderr.startswith("budgetlens: unknown rule code")
    assert cli("check", str(path), "--select", "bl2", "--fail-on", "never").returncode == 0  # prefixes, any case


@pytest.mark.slow
def test_check_json_and_english(tmp_path: Path) -> None:
    path = write_doc(tmp_path, SMALL)
    out = cli("check", str(path), "--select", "BL201", "--format", "json", "--lang", "en")
    payload = json.loads(out.stdout)
    assert payload["document"]["issuer"] == "示例市档案局"
    [finding] = payload["findings"]
    assert finding["code"] == "BL201" and finding["location"]["line"] == 9
    assert finding["expected"] == "90.00" and finding["actual"] == "100.00"
    assert finding["message"].startswith("Table ")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "为空"),
        (b"\x00\x01\x02binary", "二进制"),
        ("今天天气很好。".encode(), "不像是一份公开文件"),
    ],
)
@pytest.mark.slow
def test_bad_input_one_line_exit_2(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    for command in ("check", "extract"):
        out = cli(command, str(path))
        assert out.returncode == 2
        assert out.stderr.count("\n") == 1 and words in out.stderr and "Traceback" not in out.stderr


def test_missing_file_english() -> None:
    out = cli("check", "no-such-file.txt", "--lang", "en")
    assert out.returncode == 2 and "no such file" in out.stderr


@pytest.mark.slow
def test_document_cut_in_half(tmp_path: Path) -> None:
    lines = seed_path("000").read_text(encoding="utf-8").splitlines()[:250]
    path = tmp_path / "half.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    out = cli("check", str(path), "--select", "BL101", "--format", "json")
    assert out.returncode == 1
    missing = {f["params"]["kind"] for f in json.loads(out.stdout)["findings"]}
    assert "budget.projects" in missing and "budget.revenue" not in missing


@pytest.mark.slow
def test_extract_formats(tmp_path: Path) -> None:
    path = write_doc(tmp_path, SMALL)
    facts = [json.loads(line) for line in cli("extract", str(path), "--format", "facts").stdout.splitlines()]
    assert {f["column"] for f in facts} == {"total", "basic", "project"}
    assert len(facts) == 6 and facts[0]["document"] and facts[0]["table"] == "budget.expenditure"
    csv_out = cli("extract", str(path), "--format", "csv").stdout.splitlines()
    assert csv_out[0].startswith("document,table") and len(csv_out) == 7  # standard output: no BOM
    csv_file = tmp_path / "facts.csv"
    assert cli("extract", str(path), "--format", "csv", "-o", str(csv_file)).returncode == 0
    assert csv_file.read_bytes().startswith("\ufeffdocument,table".encode())  # a file for Excel: UTF-8 BOM
    compared = tmp_path / "compare.csv"
    assert cli("compare", str(path), "-f", "csv", "-o", str(compared)).returncode == 0
    assert compared.read_bytes().startswith("\ufeffcode,name".encode())
    doc = json.loads(cli("extract", str(path)).stdout)
    assert doc["tables"][0]["rows"][1]["code"] == "201"
    xlsx = tmp_path / "out.xlsx"
    assert cli("extract", str(path), "--format", "xlsx", "-o", str(xlsx)).returncode == 0
    sheet = load_workbook(xlsx).active
    assert sheet is not None and sheet["A1"].value == "2026年预算支出总表" and sheet["C5"].value == 100
    assert (sheet["A6"].value, sheet["C4"].value, sheet["C3"].value) == ("201", "合计", "2026年预算数")
    assert cli("extract", str(path), "--format", "xlsx").returncode == 2
    parquet = tmp_path / "facts.parquet"
    assert cli("extract", str(path), "--format", "parquet", "-o", str(parquet)).returncode == 0
    assert parquet.read_bytes()[:4] == b"PAR1"
    package = tmp_path / "pkg"
    assert cli("extract", str(path), "--format", "datapackage", "-o", str(package)).returncode == 0
    assert json.loads((package / "datapackage.json").read_text(encoding="utf-8"))["model"]["measures"]
    missing = cli("extract", str(path), "--format", "datapackage", "--lang", "en")
    assert missing.returncode == 2 and "needs -o" in missing.stderr


@pytest.mark.slow
def test_version() -> None:
    from budgetlens import __version__

    for args in (["--version"], ["-V"], ["version"]):
        out = cli(*args)
        assert out.returncode == 0 and out.stdout.strip() == f"budgetlens {__version__}"


@pytest.mark.slow
def test_rules_and_explain() -> None:
    listing = cli("rules", "--lang", "en")
    assert listing.returncode == 0 and "BL201" in listing.stdout and "error" in listing.stdout
    chinese = cli("rules")
    assert "行内合计列等于其所合计各列之和" in chinese.stdout and "错误" in chinese.stdout
    assert not any(word in chinese.stdout for word in ("error", "warning", "stable", "arithmetic"))
    page = cli("explain", "BL201", "--lang", "en")
    assert page.returncode == 0 and "Failing example" in page.stdout
    assert "## " not in page.stdout and "**" not in page.stdout  # rendered, not Markdown source
    zh = cli("explain", "bl201")
    text = "".join(line.strip() for line in zh.stdout.splitlines())  # lines wrapped at the terminal's width
    assert zh.returncode == 0 and "BL201 行内合计列等于其所合计各列之和" in text
    assert "默认级别：错误" in text and "各列之和为{expected}" in text
    assert "Failing example" not in text and "error" not in text
    missing = cli("explain", "BL999")
    assert missing.returncode == 2 and "没有规则 BL999" in missing.stderr


@pytest.mark.skipif(not EXAMPLE.is_file(), reason="the bundled example has not been generated")
@pytest.mark.slow
def test_example_has_exactly_its_two_errors() -> None:
    out = cli("check", str(EXAMPLE), "--format", "json")
    errors = [f for f in json.loads(out.stdout)["findings"] if f["severity"] == "error"]
    assert out.returncode == 1
    # cross-table rules see the knock-on mismatches examples/README.md lists (lines of 表三, 表五, 表六)
    knock_on = {(f["code"], f["location"]["line"]) for f in errors if f["code"].startswith("BL3")}
    assert {line for _, line in knock_on} <= {163, 236, 251, 252, 267}
    # from (b): the narrative quotes the correct 2,160.93 / 75.25 (line 451); BL602 sees 表五's 2161.43 / 75.75
    narrative = {(f["code"], f["location"]["line"]) for f in errors if f["code"] == "BL602"}
    assert narrative <= {("BL602", 451)}
    rest = {f["code"] for f in errors if not f["code"].startswith("BL3") and f["code"] != "BL602"}
    assert sorted(rest) == ["BL201", "BL202"]


def test_defect_is_one_line_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from decimal import InvalidOperation

    import budgetlens.cli.main as cli_main
    from budgetlens import pipeline

    def broken(path: Path, **options: object) -> None:
        raise InvalidOperation([InvalidOperation])

    monkeypatch.setattr(pipeline, "run", broken)
    monkeypatch.setattr(sys, "argv", ["budgetlens", "extract", str(write_doc(tmp_path, SMALL))])
    with pytest.raises(SystemExit) as stop:
        cli_main.run()
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("budgetlens: 内部错误") and "InvalidOperation" in err
    assert "Traceback" not in err and "internal error" not in err  # one language at a time
    monkeypatch.setattr(sys, "argv", ["budgetlens", "extract", "--lang", "en", str(write_doc(tmp_path, SMALL))])
    with pytest.raises(SystemExit):
        cli_main.run()
    assert capsys.readouterr().err.startswith("budgetlens: internal error (please report it): InvalidOperation")


HEAVY = ("openpyxl", "pandas", "pdfplumber", "pypdfium2", "rapidocr", "duckdb", "numpy", "pydantic")


def test_the_command_line_starts_without_the_heavy_libraries() -> None:
    """Importing the command line (all `--help` needs) loads no reader, export, store or model library;
    they are imported by the command that uses them."""
    code = f"import sys, budgetlens.cli.main; print([m for m in {HEAVY!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]", out.stderr


@pytest.mark.parametrize(("command", "shows"), [("check", "BL201"), ("extract", '"tables"')])
def test_a_text_file_is_read_without_reader_or_export_libraries(tmp_path: Path, command: str, shows: str) -> None:
    path = write_doc(tmp_path, SMALL)
    code = (
        f"import sys; from budgetlens.cli.main import run; sys.argv = ['budgetlens', {command!r}, sys.argv[1]]\n"
        "try:\n    run()\nexcept SystemExit:\n    pass\n"
        f"print([m for m in {HEAVY[:-1]!r} + ('multiprocessing',) if m in sys.modules], file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=ROOT)
    assert shows in out.stdout and out.stderr.strip().endswith("[]"), out.stderr


def _on_a_terminal(*args: str) -> tuple[int, str]:
    """Run the command line with stderr on a pseudo-terminal (stdout piped); its exit code and what stderr showed."""
    import os
    import pty

    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    child = subprocess.Popen(
        [sys.executable, "-m", "budgetlens", *args], stdout=subprocess.PIPE, stderr=follower, cwd=ROOT, env=env
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    child.communicate(timeout=120)
    os.close(leader)
    return child.returncode, shown.decode("utf-8", errors="replace")


def test_progress_of_a_batch_is_shown_on_a_terminal_and_gone_after(tmp_path: Path) -> None:
    files = [str(write_doc(tmp_path, SMALL, f"doc{i}.txt")) for i in range(3)]
    code, shown = _on_a_terminal("check", "--fail-on", "never", *files)
    assert code == 0 and "读取" in shown and "3/3" in shown
    assert shown.endswith("\x1b[1A\x1b[2K")  # transient: at the end the bar's line is erased
    piped = cli("check", "--fail-on", "never", *files)
    assert piped.returncode == 0 and piped.stderr == ""  # not a terminal: nothing but errors on stderr
