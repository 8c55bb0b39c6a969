"""Mutated input of every format ends with a document or the tool's one-line error, never a crash.

Each test draws a few dozen inputs with Hypothesis (derandomised, so CI sees the same ones) from the generators
of bench/fuzz_inputs.py: a generated budget document (or an excerpt of the seeds, read at run time) as text,
a one-page PDF, a workbook with its sheet XML and shared strings mutated, a web page, a Word body, a PNG or
TIFF scan, and lines for the claim and table parsers. bench/fuzz.py runs the same generators by the ten
thousand. Crashes whose fixes are under way elsewhere are recognised (``known_cause``) and set aside; the
inputs each one needs are the expected failures at the end of this file.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from bench.fuzz import known_cause
from bench.fuzz_inputs import (
    SUFFIX,
    corpus,
    excerpt,
    make_case,
    mutate_bytes,
    mutate_text,
    run_case,
    synthetic_recognise,
    synthetic_recognise_cut_out,
)
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from budgetlens.errors import BudgetLensError
from tests.requirements import missing, require

FEW = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
randoms = st.randoms(use_true_random=False)


def ends_cleanly(fmt: str, data: bytes, folder: Path) -> None:
    """The property: a document or a one-line BudgetLensError; a known crash is set aside (``reject``)."""
    try:
        error = run_case(fmt, data, folder)
    except Exception as exc:
        if known_cause(data, f"{type(exc).__name__}@") is not None:
            reject()
        raise
    assert error is None or isinstance(error, BudgetLensError)


@contextmanager
def drawn_ocr() -> Iterator[None]:
    """Scans laid out from OCR boxes drawn from each image (the engine takes seconds per page): what is fuzzed
    is the decoding and the layout of whatever boxes an engine returns."""
    from budgetlens.read import scan

    with (
        mock.patch.object(scan, "engine", lambda: None),
        mock.patch.object(scan, "recognise", synthetic_recognise),
        mock.patch.object(scan, "recognise_cut_out", synthetic_recognise_cut_out),
    ):
        yield


@pytest.mark.parametrize("fmt", ["text", "html", "xlsx", "docx", "claims", "tables"])
@FEW
@given(rng=randoms)
def test_mutated_input_reads_or_is_refused(fmt: str, rng: random.Random, tmp_path: Path) -> None:
    ends_cleanly(fmt, make_case(fmt, rng), tmp_path)


@settings(FEW, max_examples=12)
@given(rng=randoms)
def test_mutated_pdf_reads_or_is_refused(rng: random.Random, tmp_path: Path) -> None:
    require("fonts")  # the seed PDF is rendered by WeasyPrint
    with drawn_ocr():  # a page whose text layer the mutation broke is OCR'd
        ends_cleanly("pdf", make_case("pdf", rng), tmp_path)


@FEW
@given(rng=randoms)
def test_mutated_image_reads_or_is_refused(rng: random.Random, tmp_path: Path) -> None:
    pytest.importorskip("PIL")
    with drawn_ocr():
        ends_cleanly("image", make_case("image", rng), tmp_path)


@pytest.mark.slow
def test_mutated_images_read_by_the_ocr_engine_or_are_refused(tmp_path: Path) -> None:
    """A few mutated images through the real engine (seconds each): what it makes of broken pixels is laid out."""
    pytest.importorskip("rapidocr")
    for seed in range(4):
        ends_cleanly("image", make_case("image", random.Random(seed)), tmp_path)


@settings(FEW, max_examples=20)
@given(rng=randoms)
def test_mutated_seed_excerpts_read_or_are_refused(rng: random.Random, tmp_path: Path) -> None:
    require("shared")
    text = mutate_text(excerpt(rng, rng.choice(corpus()[:-1] or corpus())), rng)
    data = text.encode("utf-8")
    ends_cleanly("text", mutate_bytes(data, rng, 2) if rng.random() < 0.3 else data, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["text", "html", "xlsx", "docx", "pdf"])
def test_command_line_on_mutated_input_exits_with_one_line(fmt: str, tmp_path: Path) -> None:
    """Through the command: exit 0, 1 or 2 and no traceback, nor an internal error, for three mutated files."""
    if fmt == "pdf" and missing("fonts"):
        pytest.skip(missing("fonts"))
    for seed in range(3):
        path = tmp_path / f"mutated-{seed}{SUFFIX[fmt]}"
        path.write_bytes(make_case(fmt, random.Random(seed)))
        done = subprocess.run(
            [sys.executable, "-m", "budgetlens", "check", str(path)], capture_output=True, text=True, timeout=120
        )
        assert done.returncode in (0, 1, 2), done.stderr
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr
        assert "内部错误" not in done.stderr, done.stderr


# --- what the campaign found: each cause, in a small input ------------------------------------------------


def test_a_misprinted_year_is_no_fiscal_year(tmp_path: Path) -> None:
    """0001年 in a table title made fiscal year 1, and a rule's date window began in year 0."""
    assert run_case("tables", "0001年项目支出预算表\n".encode(), tmp_path) is None
    assert run_case("text", "示例市档案局\n9999年度部门预算公开\n".encode(), tmp_path) is not None  # no tables: refused


def test_a_long_narrative_line_is_read_in_linear_time() -> None:
    """Each number looked back over the whole line (its clause, the last amount): 100,000 characters took minutes."""
    from budgetlens.parse.claims import extract_claims

    for piece, claims in (("增长5%", 20_000), ("1,234", 0), ("《规定》1", 0)):
        started = time.perf_counter()
        found = extract_claims("三、收入预算情况说明", [(1, piece * 20_000)], 2026)
        assert time.perf_counter() - started < 8 and len(found) == claims, piece


def test_a_long_table_of_short_lines_is_read_in_seconds() -> None:
    """Each short line's placements re-read the whole table, and the roll-up paired every coded row with every
    other: 600 rows with one amount missing each took minutes (cubic); past a bound the plain reading stands."""
    from budgetlens.pipeline import interpret
    from budgetlens.read.raw import RawDocument
    from budgetlens.read.text import to_lines

    head = ["示例市档案局", "2026年度部门预算公开", "2026年一般公共预算支出预算表", "单位：万元"]
    head.append("科目编码\t科目名称\t合计\t基本支出\t项目支出")
    rows = [f"2010{i % 90 + 10}\t行政运行\t{i}.00\t{i}.00" for i in range(600)]
    raw = RawDocument(source="long", sha256="", format="text", lines=to_lines("\n".join(head + rows)))
    started = time.perf_counter()
    (table,) = interpret(raw).tables
    assert time.perf_counter() - started < 10 and len(table.rows) == 600


def test_a_long_narrative_is_checked_in_seconds() -> None:
    """The narrative rules looked back over every earlier statement for each one (its sentence, the figures that
    back it): 2,000 stated lines took a minute."""
    from budgetlens.check.runner import run_checks
    from budgetlens.pipeline import interpret
    from budgetlens.read.raw import RawDocument
    from budgetlens.read.text import to_lines

    head = ["示例市档案局", "2026年度部门预算公开", "2026年预算收入总表", "单位：万元", "项目\t金额", "收入合计\t1.00"]
    head += ["第三部分 部门预算情况说明", "一、收入预算情况说明"]
    said = [f"{i}年收入预算总额{i}.5万元，比上年增加{i % 7}.25万元，增长{i % 50}.5%。" for i in range(2000)]
    raw = RawDocument(source="long", sha256="", format="text", lines=to_lines("\n".join(head + said)))
    started = time.perf_counter()
    doc = interpret(raw)
    run_checks(doc)
    assert time.perf_counter() - started < 15 and len(doc.claims) >= 6000


@pytest.mark.parametrize("zeros", [40, 3000])
def test_project_rows_of_zero_are_split_into_units_in_time(zeros: int) -> None:
    """Unit rows are found as rows equal to the sum of the projects after them: rows of 0 could be split every
    way (40 of them before a row that fits nowhere: 2⁴⁰ tries), and the search recursed once per row."""
    from budgetlens.pipeline import interpret
    from budgetlens.read.raw import RawDocument
    from budgetlens.read.text import to_lines

    head = ["示例市档案局", "2026年度部门预算公开", "2026年项目支出预算表（本年预算）", "单位：万元"]
    head.append("项目名称\t合计\t一般公共预算\t政府性基金预算\t单位资金")
    rows = [f"项目{i}\t0.00\t0.00\t\t" for i in range(zeros)] + ["档案数字化经费\t7.00\t7.00\t\t"]
    raw = RawDocument(source="zeros", sha256="", format="text", lines=to_lines("\n".join(head + rows)))
    started = time.perf_counter()
    (table,) = interpret(raw).tables
    assert time.perf_counter() - started < 10 and len(table.rows) == zeros + 1


def test_a_superscript_digit_is_no_column_number(tmp_path: Path) -> None:
    """“²” is a digit to str.isdigit() but not to int(): a 栏次 line of a final-account table crashed on it."""
    assert run_case("tables", "三公决算表\n²\n".encode(), tmp_path) is None


def test_a_paragraph_of_many_listings_is_checked_in_seconds() -> None:
    """Each 其中 looked for a sentence end between it and every amount before it: 1,000 of them in one paragraph
    took minutes."""
    from budgetlens.check.runner import run_checks
    from budgetlens.pipeline import interpret
    from budgetlens.read.raw import RawDocument
    from budgetlens.read.text import to_lines

    head = ["示例市档案局", "2026年度部门预算公开", "2026年预算收入总表", "单位：万元", "项目\t金额", "收入合计\t1.00"]
    head += ["第三部分 部门预算情况说明", "一、政府采购情况说明"]
    said = "政府采购预算总额7396.09万元，" + "".join(f"其中：购预算总额{i}.28万元，" for i in range(1000))
    raw = RawDocument(source="listings", sha256="", format="text", lines=to_lines("\n".join([*head, said])))
    started = time.perf_counter()
    doc = interpret(raw)
    run_checks(doc)
    assert time.perf_counter() - started < 10 and len(doc.claims) > 1000


def _workbook_with(old: bytes, new: bytes) -> bytes:
    """A generated workbook whose first sheet's XML has ``old`` replaced by ``new``."""
    import io
    import zipfile

    from bench.fuzz_inputs import xlsx_seed

    source, out = zipfile.ZipFile(io.BytesIO(xlsx_seed(0))), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert old in content
                content = content.replace(old, new, 1)
            target.writestr(info.filename, content)
    return out.getvalue()


@pytest.mark.parametrize("far", [b'r="A99999999"', b'r="A' + b"1" * 30 + b'"'])
def test_a_cell_referenced_far_away_is_refused_before_the_grid_is_laid_out(far: bytes, tmp_path: Path) -> None:
    """One cell at A99999999 made the workbook reader allocate a grid of 16 GB and the process abort."""
    error = run_case("xlsx", _workbook_with(b'r="A2"', far), tmp_path)
    assert error is not None and "BUDGETLENS_MAX_CELLS" in error.message_en


@pytest.mark.parametrize("far", [b'<row r="2147483648"', b'<row r="' + b"1" * 30 + b'"'])
def test_a_row_numbered_far_away_is_refused_before_its_rows_are_filled_in(far: bytes, tmp_path: Path) -> None:
    """openpyxl yields an empty row for every number skipped before a row's: one far number took hours."""
    error = run_case("xlsx", _workbook_with(b'<row r="2"', far), tmp_path)
    assert error is not None and "BUDGETLENS_MAX_CELLS" in error.message_en


def test_a_member_whose_local_header_lies_beyond_the_file_is_corrupt(tmp_path: Path) -> None:
    """A central directory pointing a member's header into the last bytes made the inflater unpack too few."""
    from bench.fuzz_inputs import xlsx_seed

    data = bytearray(xlsx_seed(0))
    central = data.find(b"PK\x01\x02")
    data[central + 42 : central + 46] = (len(data) - 10).to_bytes(4, "little")  # its local header's offset
    error = run_case("xlsx", bytes(data), tmp_path)
    assert error is not None and "corrupt" in error.message_en and "  " not in error.message_en


def test_an_amount_under_a_header_cell_without_words_is_unreadable_not_a_crash(tmp_path: Path) -> None:
    """A header leaving an amount column without words, then an unreadable amount there: it was an IndexError."""
    header = "<table><tr><td>><td>因公出国</td><td>公务用车</table>"
    page = f"三公预算表{header}<p>2220220220220233<p><table><tr><td>><td>3<l"
    run_case("html", page.encode("utf-8"), tmp_path)  # a document or the tool's one line: no exception


def test_a_zip_of_a_version_python_cannot_read_is_refused(tmp_path: Path) -> None:
    """zipfile raises NotImplementedError for a version it does not know: the sniffer let it through."""
    from bench.fuzz_inputs import xlsx_seed

    data = bytearray(xlsx_seed(0))
    central = data.find(b"PK\x01\x02")
    data[central + 6 : central + 8] = (183).to_bytes(2, "little")  # version needed to extract: 18.3
    error = run_case("xlsx", bytes(data), tmp_path)
    assert error is not None and "zip" in error.message_en


def _tiff_with_a_frame_without_size() -> bytes:
    """A generated TIFF whose second frame (IFD) has no width or height tags."""
    import struct

    from bench.fuzz_inputs import image_seed

    data = bytearray(image_seed(1))  # odd seeds are TIFF
    assert data[:4] == b"II*\x00"
    (first,) = struct.unpack_from("<I", data, 4)
    (entries,) = struct.unpack_from("<H", data, first)
    struct.pack_into("<I", data, first + 2 + 12 * entries, len(data))  # the next frame: appended below
    data += struct.pack("<HHHII", 1, 259, 3, 1, 1) + struct.pack("<I", 0)  # one tag (no compression), no size
    return bytes(data)


def test_a_tiff_frame_without_a_size_is_refused(tmp_path: Path) -> None:
    """Pillow raises TypeError for such a frame while counting frames, outside the reader's error handling."""
    pytest.importorskip("PIL")
    with drawn_ocr():
        error = run_case("image", _tiff_with_a_frame_without_size(), tmp_path)
    assert error is not None and "image" in error.message_en


def test_ruling_of_a_page_narrower_than_a_rule_is_quick() -> None:
    """A 65,535-pixel-tall scan with tall text asked OpenCV for an opening wider than the page: seconds for nothing."""
    np = pytest.importorskip("numpy")
    pytest.importorskip("cv2")
    from budgetlens.read.ruling import horizontal_rules

    started = time.perf_counter()
    assert horizontal_rules(np.zeros((65_535, 186), dtype=np.uint8), 1600.0) == []
    assert time.perf_counter() - started < 2
