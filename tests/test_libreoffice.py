"""Files made by LibreOffice: the workbook saved as .xls (BIFF8) and printed to PDF give the text's facts and findings.

Built by the fixture builder (``xls``, ``lo-pdf``, ``lo-pdf-yuan``); skipped when soffice is not installed.
"""

from __future__ import annotations

import json
import re
import struct
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetlens.cli.main import app
from budgetlens.errors import ReadError
from budgetlens.read import read_document
from budgetlens.read.ole import OLE, entry_names, is_encrypted_biff, ole_kind
from tests.fixtures.build import EXAMPLE, FixtureUnavailable, build_from, derived, source_of

runner = CliRunner()
DOCS = ("example", "000", "001", "004")
# A workbook puts every paragraph on its first sheet and each table on its own, so in 000 a table printed
# inside the appended circular (skipped as such in the text) is read after the forms: one BL011 more.
LAYOUT_FINDINGS = {"000": {"BL011"}}
Finding = tuple[str, ...]


@cache
def extracted(path: Path) -> tuple[str, ...]:
    """``budgetlens extract --format facts``: every fact without where it was found or how its digits were grouped."""
    result = runner.invoke(app, ["extract", str(path), "--format", "facts"])
    assert result.exit_code == 0, result.output
    placed = ("line", "page", "document", "sheet", "cell_ref", "bbox", "printed")  # printed: the sheet adds 1,000s
    rows = (json.loads(line) for line in result.stdout.splitlines())
    return tuple(json.dumps({k: v for k, v in row.items() if k not in placed}, sort_keys=True) for row in rows)


@cache
def checked(path: Path) -> Counter[Finding]:
    """``budgetlens check``: each finding's rule, values and table cell, without the line or page it is on."""
    result = runner.invoke(app, ["check", str(path), "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    found: Counter[Finding] = Counter()
    for f in json.loads(result.stdout)["findings"]:
        where = f["location"]
        params = {k: v for k, v in f["params"].items() if k not in ("line", "page") and not k.endswith("_line")}
        named = json.dumps(params, sort_keys=True, ensure_ascii=False)
        values = (f["expected"], f["actual"], where["table"], where["row"], where["column"], named)
        found[(f["code"], *map(_unplaced, values))] += 1
    return found


def _unplaced(value: object) -> str:
    """A finding's text without line numbers and thousands separators (a sheet prints 1,211.95 for 1211.95)."""
    return re.sub(r"(?<=\d),(?=\d{3})", "", re.sub(r"第\d+行|line \d+", "#", str(value)))


def added_by_layout(doc: str, found: Counter[Finding], text: Path) -> set[str]:
    """The rule codes of findings ``found`` has beyond the text's; none of the text's may be missing."""
    expected = checked(text)
    assert not expected - found, expected - found
    return {key[0] for key in found - expected}


@pytest.mark.parametrize("doc", DOCS)
@pytest.mark.slow
@pytest.mark.needs_libreoffice
def test_xls_gives_the_texts_facts_and_findings(doc: str) -> None:
    path = derived("xls", doc)
    assert read_document(path).format == "xls"
    text = source_of(path)
    assert len(extracted(text)) > 800
    assert extracted(path) == extracted(text)
    assert added_by_layout(doc, checked(path), text) == LAYOUT_FINDINGS.get(doc, set())
    assert checked(path) == checked(derived("xlsx", doc))


@pytest.mark.parametrize("doc", DOCS)
@pytest.mark.slow
@pytest.mark.needs_libreoffice
@pytest.mark.needs_fonts
def test_libreoffice_pdf_gives_the_texts_facts(doc: str) -> None:
    path = derived("lo-pdf", doc)
    assert extracted(path) == extracted(source_of(path))


@pytest.mark.parametrize("doc", DOCS)
@pytest.mark.slow
@pytest.mark.needs_libreoffice
@pytest.mark.needs_fonts
def test_libreoffice_pdf_gives_the_texts_findings(doc: str) -> None:
    path = derived("lo-pdf", doc)
    assert added_by_layout(doc, checked(path), source_of(path)) == LAYOUT_FINDINGS.get(doc, set())


@pytest.mark.parametrize("doc", DOCS)
@pytest.mark.slow
@pytest.mark.needs_libreoffice
@pytest.mark.needs_fonts
def test_libreoffice_pdf_in_yuan_gives_the_same_amounts(doc: str) -> None:
    from bench.accuracy import compare, facts_of

    path = derived("lo-pdf-yuan", doc)
    result = compare(facts_of(source_of(path)), facts_of(path))
    assert result.expected > 800
    assert (result.matched, result.wrong, result.missing, result.extra) == (result.expected, 0, 0, 0)


@pytest.mark.slow
@pytest.mark.needs_libreoffice
@pytest.mark.needs_fonts
def test_libreoffice_pdf_is_ruled_paged_and_repeats_headers() -> None:
    import pdfplumber

    with pdfplumber.open(derived("lo-pdf", "example")) as pdf:
        pages = [(page.width > page.height, page.extract_text() or "", len(page.find_tables())) for page in pdf.pages]
    first = next(i for i, (_, text, _) in enumerate(pages) if "2026年预算收支总表" in text.splitlines())
    assert pages[first][2] == 1 and not pages[first][0]  # one ruled table on a portrait page
    income = next(i for i, (_, text, _) in enumerate(pages) if "2026年预算收入总表" in text.splitlines())
    assert pages[income][0]  # nine columns: landscape
    title = "2026年一般公共预算安排基本支出分经济科目表（不含上年结转）"
    basic = next(i for i, (_, text, _) in enumerate(pages) if title in text.splitlines())
    header = "部门预算支出经济科目名称"
    after = pages[basic + 1][1]
    assert header in pages[basic][1] and header in after and title not in after  # the header repeated, not the title
    assert pages[basic + 1][2] == 1 and f"- {basic + 2} -" in after  # ruled, with its page number


@pytest.mark.slow
@pytest.mark.needs_libreoffice
def test_xls_is_biff8_with_merged_cells_and_number_formats() -> None:
    import xlrd

    path = derived("xls", "example")
    data = path.read_bytes()
    assert data.startswith(OLE) and ole_kind(data) == "xls" and not is_encrypted_biff(data)
    book = xlrd.open_workbook(str(path), formatting_info=True)
    assert book.biff_version == 80 and book.sheet_names()[0] == "说明"
    sheet = book.sheet_by_name("2026年预算收入总表")
    assert {(0, 1, 0, 9), (3, 4, 0, 2), (3, 4, 2, 8), (3, 5, 8, 9)} <= set(sheet.merged_cells)
    total = sheet.cell(5, 2)
    assert total.value == 2160.93 and book.format_map[book.xf_list[total.xf_index].format_key].format_str == "#,##0.00"


@pytest.mark.slow
@pytest.mark.needs_libreoffice
def test_xls_number_formats_print_as_the_sheet_shows_them(tmp_path: Path) -> None:
    import datetime as dt

    from openpyxl import Workbook

    from tests.fixtures.libreoffice import ConversionUnavailable, convert

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["项目", "金额", "元", "比率", "日期", "编码", "一位"])
    ws.append(["合计", 1633.9, 1140000, 0.0523, dt.date(2026, 1, 15), 2070101, 6.75])
    for ref, fmt in (("B2", "#,##0.00"), ("C2", "#,##0"), ("D2", "0.0%"), ("E2", "yyyy-mm-dd"), ("G2", "0.0")):
        ws[ref].number_format = fmt
    source = tmp_path / "formats.xlsx"
    book.save(source)
    try:
        convert(source, "xls", tmp_path / "formats.xls")
    except ConversionUnavailable as exc:
        pytest.skip(str(exc))
    doc = read_document(tmp_path / "formats.xls")
    assert doc.format == "xls" and not doc.notes
    row = next(line.cells for line in doc.lines if line.cells[0] == "合计")
    assert row[:4] + row[5:] == ("合计", "1,633.90", "1,140,000", "5.2%", "2070101", "6.8")
    assert row[4].startswith("2026-01-15")
    assert row == next(line.cells for line in read_document(source).lines if line.cells[0] == "合计")


def test_without_soffice_the_fixture_is_unavailable_with_the_package_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.fixtures import libreoffice

    monkeypatch.setattr(libreoffice.shutil, "which", lambda name: None)
    with pytest.raises(FixtureUnavailable, match="libreoffice-calc-nogui"):
        build_from(EXAMPLE, "xls", tmp_path)
    assert (tmp_path / "doc.xlsx").exists() and not (tmp_path / "doc.xls").exists()


# --- OLE2 containers -----------------------------------------------------------------------------


def _compound(*names: str) -> bytes:
    """A minimal OLE2 file: the header, then one directory sector naming ``names`` (root entry first)."""
    entries = b""
    for i, name in enumerate(("Root Entry", *names)):
        raw = name.encode("utf-16-le") + b"\0\0"
        entries += raw.ljust(64, b"\0") + struct.pack("<HB", len(raw), 5 if i == 0 else 2).ljust(64, b"\0")
    return (OLE + b"\0" * 504 + entries).ljust(1024, b"\0")


@pytest.mark.parametrize(
    ("names", "kind"),
    [
        (("Workbook", "\x05SummaryInformation"), "xls"),
        (("Book",), "xls"),
        (("WordDocument", "1Table"), "doc"),
        (("EncryptionInfo", "EncryptedPackage"), "encrypted"),
        (("Contents",), "ole"),
    ],
)
def test_ole_files_are_told_apart_by_their_directory(names: tuple[str, ...], kind: str) -> None:
    data = _compound(*names)
    assert ole_kind(data) == kind
    assert {"Root Entry", *(n.lstrip("\x05") for n in names)} == entry_names(data)


@pytest.mark.parametrize(
    ("names", "words"),
    [
        (("EncryptionInfo", "EncryptedPackage"), ("encrypted",)),
        (("WordDocument",), ("Word 97-2003", ".docx")),
        (("Contents",), ("without a workbook",)),
    ],
)
def test_ole_files_that_are_no_workbook_are_refused(
    tmp_path: Path, names: tuple[str, ...], words: tuple[str, ...]
) -> None:
    path = tmp_path / "file.xls"
    path.write_bytes(_compound(*names))
    _expect_exit_2(path, *words)


@pytest.mark.slow
@pytest.mark.needs_libreoffice
def test_encrypted_xls_is_refused_with_one_line(tmp_path: Path) -> None:
    data = bytearray(derived("xls", "example").read_bytes())
    bof = data.find(b"\x09\x08\x10\x00\x00\x06\x05\x00")
    assert bof >= 0 and bof % 64 == 0
    struct.pack_into("<H", data, bof + 4 + 16, 0x002F)  # FILEPASS right after the globals BOF, as Excel writes it
    locked = tmp_path / "locked.xls"
    locked.write_bytes(bytes(data))
    assert is_encrypted_biff(bytes(data))
    _expect_exit_2(locked, "password-protected", "encrypted")


def _expect_exit_2(path: Path, *words: str) -> None:
    with pytest.raises(ReadError) as err:
        read_document(path)
    message = err.value.message("en")
    assert str(path) in message and all(w in message for w in words), message
    result = runner.invoke(app, ["check", str(path), "--lang", "en"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert all(w in result.output for w in words), result.output
