"""Hostile text inputs end quickly with one line (exit code 2), or are read correctly: never a hang, a
MemoryError or an internal error.

Every input is made on the fly: huge files are sparse, devices and named pipes are the system's own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.errors import ReadError
from budgetlens.limits import LimitExceeded
from budgetlens.model import Amount
from budgetlens.model.document import Indicator
from budgetlens.parse.final.text import amount
from budgetlens.parse.grid import build_grid
from budgetlens.parse.numbers import is_amount, parse_amount
from budgetlens.pipeline import run
from budgetlens.read import read_document
from budgetlens.read.raw import Line
from budgetlens.read.text import read_bytes
from tests.conftest import ROOT, seed_path, write_doc

MB = 1024 * 1024
HEADER = """示例市档案局
2026年度部门预算公开
2026年预算支出总表
部门名称：示例市档案局
单位：万元
项目⇥⇥2026年预算数⇥⇥
科目编码⇥科目名称⇥合计⇥基本支出⇥项目支出
"""
BALANCED = HEADER + "合计⇥⇥100.00⇥70.00⇥30.00\n201⇥一般公共服务支出⇥100.00⇥{basic}⇥30.00\n"
# what typesetting and OCR leave after a decimal point
SPACES = ["\u3000", "\u00a0", "\u2002", "\u2003", "\u2009", "\u200a", "\u200b", "\u202f"]
ABSURD = "1" + "2" * 24 + ".00"  # 25 integer digits


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "budgetlens", *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT
    )


def one_line(out: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit code 2 and one line on stderr naming ``words``, no traceback."""
    assert out.returncode == 2, out.stderr
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr, out.stderr
    assert all(w in out.stderr for w in words), out.stderr


# 1. sizes: refused from the file's size, before a byte is read


def test_a_text_file_over_its_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.write("单位：万元\n".encode())
        handle.truncate(200 * MB)  # sparse: nothing of it is written, and reading it would take minutes
    started = time.monotonic()
    with pytest.raises(LimitExceeded, match="BUDGETLENS_MAX_TEXT_BYTES"):
        read_document(path)
    assert time.monotonic() - started < 2


def test_any_file_over_the_file_limit_is_refused_before_it_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(300 * MB)
    with pytest.raises(LimitExceeded, match="BUDGETLENS_MAX_FILE_BYTES"):
        read_document(path)


def test_reads_stop_at_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(b"x" * 100)
    monkeypatch.setenv("BUDGETLENS_MAX_TEXT_BYTES", "100")
    assert len(read_bytes(path, text=True)) == 100
    assert read_bytes(path, limit=10) == b"x" * 10
    path.write_bytes(b"x" * 101)
    with pytest.raises(LimitExceeded):
        read_bytes(path, text=True)
    assert len(read_bytes(path)) == 101  # not a text: only the file limit applies


def test_lines_over_the_limit_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGETLENS_MAX_LINES", "1000")
    path = write_doc(tmp_path, BALANCED.format(basic="70.00") + "说明\n" * 1000)
    with pytest.raises(LimitExceeded, match="BUDGETLENS_MAX_LINES"):
        read_document(path)


@pytest.mark.slow
def test_a_huge_text_is_one_line_in_either_language(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.write("单位：万元\n".encode())
        handle.truncate(200 * MB)
    one_line(cli("check", str(path)), "超出上限", "BUDGETLENS_MAX_TEXT_BYTES")
    one_line(cli("extract", str(path), "--lang", "en"), "over the limit", "BUDGETLENS_MAX_TEXT_BYTES")


# 2. only regular files


@pytest.mark.parametrize(("device", "kind"), [("/dev/zero", "字符设备"), ("/dev/urandom", "字符设备")])
def test_a_device_is_refused(device: str, kind: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    with pytest.raises(ReadError, match=kind):
        read_document(Path(device))


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="目录"):
        read_document(tmp_path)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    started = time.monotonic()
    one_line(cli("check", str(fifo), timeout=60), "命名管道", "普通文件")  # a hang fails by the timeout
    one_line(cli("check", "--lang", "en", str(fifo), timeout=60), "named pipe", "regular file")
    one_line(cli("extract", "/dev/zero", timeout=60), "/dev/zero", "字符设备")
    assert time.monotonic() - started < 30


# 3. nesting


def test_deeply_nested_html_is_refused(tmp_path: Path) -> None:
    pytest.importorskip("lxml")
    path = tmp_path / "nested.html"
    depth = 50_000  # the parser keeps 255 levels; anything past the limit is refused, not cut silently
    path.write_text("<html><body><table><tr><td>1</td></tr></table>" + "<span>x" * depth + "</span>" * depth)
    with pytest.raises(LimitExceeded, match="BUDGETLENS_MAX_DEPTH"):
        read_document(path)


def test_html_within_the_depth_limit_is_read(tmp_path: Path) -> None:
    pytest.importorskip("lxml")
    path = tmp_path / "page.html"
    path.write_text("<html><body>" + "<div>" * 50 + "<table><tr><td>合计</td><td>1.00</td></tr></table></body></html>")
    assert any("1.00" in line.cells for line in read_document(path).lines)


def test_nested_word_content_controls_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docx = pytest.importorskip("docx")
    from docx.oxml import OxmlElement

    document = docx.Document()
    document.add_paragraph("单位：万元")
    container = document.element.body
    for _ in range(6):
        sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
        sdt.append(content)
        container.insert(0, sdt)
        container = content
    path = tmp_path / "nested.docx"
    document.save(str(path))
    monkeypatch.setenv("BUDGETLENS_MAX_DEPTH", "5")
    with pytest.raises(LimitExceeded, match="BUDGETLENS_MAX_DEPTH"):
        read_document(path)
    monkeypatch.setenv("BUDGETLENS_MAX_DEPTH", "10")
    assert read_document(path).lines


# 4. wide rows


def test_a_row_over_the_cells_limit_is_refused(tmp_path: Path) -> None:
    path = write_doc(tmp_path, BALANCED.format(basic="70.00") + "⇥".join(["合计"] + ["1.00"] * 2500) + "\n")
    with pytest.raises(LimitExceeded, match="BUDGETLENS_MAX_CELLS_PER_LINE"):
        read_document(path)


def test_a_wide_row_costs_in_proportion_to_its_cells() -> None:
    """Each line's cells are padded once, not once per column (which made a 200,000-cell row run for hours)."""
    header = Line(no=1, text="", cells=("科目编码", "科目名称", "合计"))
    rows = [Line(no=i, text="", cells=("201", "名称", *["1.00"] * 9998)) for i in range(2, 22)]
    started = time.monotonic()
    grid = build_grid([header, *rows])
    assert grid.width == 10_000 and time.monotonic() - started < 5  # was about 20 s


def test_one_junk_row_cannot_widen_a_whole_table(tmp_path: Path) -> None:
    wide = "⇥".join(["201", "名称", *["1"] * 1998])
    path = write_doc(tmp_path, BALANCED.format(basic="70.00") + wide + "\n" + "201⇥名称⇥1⇥1⇥1\n" * 100)
    result = run(path, check=False)
    assert isinstance(result.error, LimitExceeded) and "BUDGETLENS_MAX_TABLE_CELLS" in str(result.error)


@pytest.mark.slow
def test_many_short_lines_are_aligned_in_linear_time(tmp_path: Path) -> None:
    """Trying each short line's readings judges that line's identities, not the whole table again."""
    body = "".join(f"20101⇥人大事务⇥{i % 90 + 1}.00\n" for i in range(3000))
    path = write_doc(tmp_path, HEADER + "合计⇥⇥100.00⇥70.00⇥30.00\n201⇥一般公共服务支出⇥100.00⇥70.00⇥30.00\n" + body)
    started = time.monotonic()
    doc = run(path, check=False).parsed()
    assert time.monotonic() - started < 30  # was about an hour: every reading re-read and re-judged every row
    assert sum(len(t.rows) for t in doc.tables) >= 3000


# 5. spaces inside amounts


@pytest.mark.parametrize("space", SPACES)
def test_a_space_after_the_point_is_read(space: str) -> None:
    assert parse_amount(f"2066.{space}25") == Decimal("2066.25")
    assert is_amount(f"2,066.{space}25")
    if space.isspace():  # what the final-account tables' pattern admits after the point
        assert amount(f"2066.{space}25") == Decimal("2066.25")


def test_a_space_in_a_final_account_amount_is_read(tmp_path: Path) -> None:
    lines = seed_path("003").read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("20132 ") and "80550.00" in line)
    for space in ("\u3000", "\u00a0", "\u200b"):
        changed = [*lines[:at], lines[at].replace("80550.00", f"80550.{space}00", 1), *lines[at + 1 :]]
        path = tmp_path / "final.txt"
        path.write_text("\n".join(changed), encoding="utf-8")
        result = run(path)
        assert result.error is None, result.error
        assert result.document is not None


@pytest.mark.slow
def test_a_space_in_an_amount_is_read_on_the_command_line(tmp_path: Path) -> None:
    path = write_doc(tmp_path, BALANCED.format(basic="70.\u300000"))
    out = cli("check", str(path), "--format", "json")
    assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr  # errors: the tables it lacks
    codes = {f["code"] for f in json.loads(out.stdout)["findings"]}
    assert "BL101" in codes and not codes & {"BL001", "BL201"}  # the amount read, its row adds up
    doc = json.loads(cli("extract", str(path)).stdout)
    assert [r["cells"]["basic"]["value"] for r in doc["tables"][0]["rows"]] == ["70.00", "70.00"]


# 6. absurd amounts


def test_an_absurd_amount_is_unreadable() -> None:
    with pytest.raises(ValueError):
        parse_amount(ABSURD)
    assert parse_amount("999999999999999.99") == Decimal("999999999999999.99")  # 15 digits: still read
    assert amount(ABSURD) is None
    absurd = Amount(value=Decimal(ABSURD), unit="亿元", printed=ABSURD)
    assert absurd.value is None and absurd.yuan is None
    assert Indicator(period="annual", name="x", raw=ABSURD, number=Decimal(ABSURD)).number is None


def test_an_absurd_amount_in_a_final_account_and_its_narrative_reads(tmp_path: Path) -> None:
    from budgetlens.report.facts import document_facts
    from budgetlens.store.records import document_records

    lines = seed_path("003").read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("20132 ") and "80550.00" in line)
    lines[at] = lines[at].replace("80550.00", ABSURD, 1)
    lines.append(f"本年支出合计{ABSURD}万元，比上年增加{ABSURD}万元。")
    path = tmp_path / "absurd.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = run(path)
    assert result.error is None and result.document is not None
    assert list(document_facts(result.document))
    assert document_records(result.checked()).fact_count > 0


@pytest.mark.slow
def test_an_absurd_amount_is_flagged_everywhere_on_the_command_line(tmp_path: Path) -> None:
    path = write_doc(tmp_path, BALANCED.format(basic=ABSURD))
    out = cli("check", str(path), "--format", "json")
    assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
    assert "BL001" in {f["code"] for f in json.loads(out.stdout)["findings"]}
    for args in (("extract",), ("extract", "--format", "facts"), ("extract", "--format", "csv")):
        out = cli(*args, str(path))
        assert out.returncode == 0 and not out.stderr, (args, out.stderr)
    pytest.importorskip("duckdb")
    db = tmp_path / "store.duckdb"
    out = cli("ingest", str(path), "--db", str(db), "-j", "1")
    assert out.returncode == 0 and "失败 0" in out.stderr, out.stdout + out.stderr


def test_a_huge_spreadsheet_number_is_printed_plainly() -> None:
    """A cell holding 1e300 under a 0.00 format is text an amount cannot be read from, not a crash."""
    from budgetlens.read.numformat import render_number

    assert render_number(1633.94, "#,##0.00") == "1,633.94"
    for value in (1e300, float("inf")):
        with pytest.raises(ValueError):
            parse_amount(render_number(value, "#,##0.00"))
