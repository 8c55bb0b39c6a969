"""Hostile binary inputs: workbooks, images, PDFs and zip containers that would cost far more than they weigh.

Each input is made here, small on disk and out of all proportion once read: a sparse sheet whose two
cells span 200 million, a sheet that declares less than it holds, a member that inflates beyond what
it states, a TIFF of thousands of frames, a PDF of blank pages, an image whose header claims ten
billion pixels. The command must refuse each with one line naming the limit (exit code 2, no
traceback) in an address space of 1 GB, and the generous timeout is the failure signal for a reader
that pays before it checks. Inputs just under a limit are read.
"""

from __future__ import annotations

import io
import os
import resource
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from budgetlens.errors import ReadError
from budgetlens.read import read_document

Image = pytest.importorskip("PIL.Image")

MEMORY = 1 << 30  # bytes of address space the command may take for any of these inputs
TIMEOUT = 120  # seconds: each case takes a few; a reader that pays first takes minutes or the machine
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def refused(path: Path, *words: str, lang: str = "zh", env: dict[str, str] | None = None) -> str:
    """Run ``budgetlens check`` on ``path``: exit code 2 and one line on stderr holding ``words``; the line."""
    command = [sys.executable, "-m", "budgetlens", "check", str(path), "--lang", lang]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, **(env or {})},
        preexec_fn=_cap_memory,
    )
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert str(path.name) in lines[0] and all(w in lines[0] for w in words), lines[0]
    return lines[0]


def column(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def workbook(path: Path, sheet_xml: str) -> Path:
    """An .xlsx whose first sheet is ``sheet_xml`` (the rest as openpyxl writes a workbook)."""
    from openpyxl import Workbook

    buffer = io.BytesIO()
    book = Workbook()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, sheet_xml if info.filename.endswith("sheet1.xml") else src.read(info))
    return path


def sparse(path: Path, rows: int, cols: int, declared: str | None = None, dimension: bool = True) -> Path:
    """A sheet of two cells, at A1 and at the corner (``rows``, ``cols``), declaring ``declared`` or its extent."""
    corner = f"{column(cols)}{rows}"
    head = f'<dimension ref="{declared or "A1:" + corner}"/>' if dimension else ""
    cells = (
        f'<row r="1"><c r="A1" t="inlineStr"><is><t>项目</t></is></c></row>'
        f'<row r="{rows}"><c r="{corner}"><v>1633.94</v></c></row>'
    )
    return workbook(path, f"<worksheet {NS}>{head}<sheetData>{cells}</sheetData></worksheet>")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sparse_sheet_spanning_200_million_cells_is_refused(tmp_path: Path, lang: str) -> None:
    path = sparse(tmp_path / "sparse.xlsx", 200_000, 1_000)
    assert path.stat().st_size < 10_000
    line = refused(path, "BUDGETLENS_MAX_CELLS", "200000000", lang=lang)
    assert ("单元格" in line) == (lang == "zh") and ("cells" in line) == (lang == "en")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("declared", "dimension"), [("A1:B2", True), (None, False)], ids=["dimension-lies", "no-dimension"]
)
def test_cells_beyond_the_declared_dimension_count(tmp_path: Path, declared: str | None, dimension: bool) -> None:
    path = sparse(tmp_path / "lie.xlsx", 20_000, 1_000, declared=declared, dimension=dimension)
    refused(path, "BUDGETLENS_MAX_CELLS", "20000000")


@pytest.mark.slow
def test_cells_without_references_count_from_the_one_before(tmp_path: Path) -> None:
    row = "<row>" + "<c><v>1</v></c>" * 120 + "</row>"  # no r attributes: A1 … DP1, then row 2 …
    path = workbook(tmp_path / "unreferenced.xlsx", f"<worksheet {NS}><sheetData>{row * 10}</sheetData></worksheet>")
    refused(path, "BUDGETLENS_MAX_CELLS", "1200", env={"BUDGETLENS_MAX_CELLS": "1000"})
    assert read_document(path).lines[0].cells[:2] == ("1", "1")


def test_a_declared_dimension_alone_costs_nothing(tmp_path: Path) -> None:
    path = sparse(tmp_path / "declared.xlsx", 2, 2, declared="A1:XFD1048576")
    doc = read_document(path)
    assert [c for line in doc.lines for c in line.cells if c] == ["项目", "1633.94"]


def test_a_sparse_sheet_under_the_limit_costs_its_cells(tmp_path: Path) -> None:
    path = sparse(tmp_path / "under.xlsx", 4_000, 1_000)  # 4 million cells, two of them filled
    script = (
        "import sys, resource\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY // 2}, {MEMORY // 2}))\n"
        "from pathlib import Path\nfrom budgetlens.read import read_document\n"
        "doc = read_document(Path(sys.argv[1]))\n"
        "print([(c, r) for line in doc.lines for c, r in zip(line.cells, line.cell_refs) if c])\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[('项目', 'A1'), ('1633.94', 'ALL4000')]"


def _lying_sizes(path: Path, member: str, stated: int) -> None:
    """Patch the zip's central directory so that ``member`` states ``stated`` bytes unpacked."""
    data = bytearray(path.read_bytes())
    start = data.find(b"PK\x01\x02")
    while start >= 0:
        name_length = struct.unpack_from("<H", data, start + 28)[0]
        if data[start + 46 : start + 46 + name_length].decode() == member:
            struct.pack_into("<I", data, start + 24, stated)
        start = data.find(b"PK\x01\x02", start + 46)
    path.write_bytes(bytes(data))


@pytest.mark.slow
@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "word/document.xml"])
def test_a_member_that_inflates_beyond_what_it_states_is_refused(tmp_path: Path, member: str) -> None:
    path = tmp_path / ("lying.xlsx" if member.startswith("xl/") else "lying.docx")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<worksheet>" + " " * (3 << 20) + "</worksheet>")
    assert path.stat().st_size < 100_000
    refused(path, "BUDGETLENS_MAX_UNPACKED_BYTES", env={"BUDGETLENS_MAX_UNPACKED_BYTES": str(1 << 20)})
    _lying_sizes(path, member, 1_000)  # now it states 1000 bytes: under any limit, and a lie found while inflating
    refused(path, "corrupt", "declared 1000 bytes", lang="en")


@pytest.mark.slow
@pytest.mark.needs_libreoffice
def test_an_xls_cell_far_out_is_refused(tmp_path: Path) -> None:
    from xlrd import compdoc  # type: ignore[import-untyped]

    from tests.fixtures.build import derived

    data = bytearray(derived("xls", "example").read_bytes())
    stream = compdoc.CompDoc(bytes(data), logfile=io.StringIO()).get_named_stream("Workbook")
    pos = 0
    while pos + 4 <= len(stream):  # the first NUMBER record whose bytes occur once in the file
        kind, length = struct.unpack_from("<HH", stream, pos)
        record = stream[pos : pos + 4 + length]
        if kind == 0x0203 and bytes(data).count(record) == 1:
            struct.pack_into("<HH", data, bytes(data).find(record) + 4, 65_535, 255)  # row 65536, column IV
            break
        pos += 4 + length
    else:
        pytest.fail("no NUMBER record to move")
    path = tmp_path / "far.xls"
    path.write_bytes(bytes(data))
    refused(path, "BUDGETLENS_MAX_CELLS")


def frames(path: Path, count: int, size: tuple[int, int], inked: int = 0) -> Path:
    """A multi-page TIFF of ``count`` white frames, the first ``inked`` of them with a black bar."""
    pages = [Image.new("L", size, 255) for _ in range(count)]
    for page in pages[:inked]:
        page.paste(0, (size[0] // 4, size[1] // 2, size[0] * 3 // 4, size[1] // 2 + 4))
    pages[0].save(path, save_all=True, append_images=pages[1:], compression="tiff_deflate")
    return path


def tiny_frames(path: Path, count: int) -> Path:
    """A TIFF of ``count`` white 4 × 4 frames sharing one strip, written directly (Pillow takes minutes for this)."""
    tags = [(256, 3, 4), (257, 3, 4), (258, 3, 8), (259, 3, 1), (262, 3, 1), (273, 4, 8), (277, 3, 1), (278, 3, 4)]
    tags.append((279, 4, 16))
    ifd_size = 2 + 12 * len(tags) + 4
    out = bytearray(b"II*\x00" + struct.pack("<I", 24) + b"\xff" * 16)
    for index in range(count):
        following = 24 + (index + 1) * ifd_size if index + 1 < count else 0
        out += struct.pack("<H", len(tags))
        for tag, kind, value in tags:
            out += struct.pack("<HHII", tag, kind, 1, value)
        out += struct.pack("<I", following)
    path.write_bytes(bytes(out))
    return path


@pytest.mark.slow
def test_a_tiff_of_too_many_frames_is_refused(tmp_path: Path) -> None:
    refused(frames(tmp_path / "pages.tif", 200, (600, 800)), "BUDGETLENS_MAX_FRAMES", ">150")
    tiny = tiny_frames(tmp_path / "tiny.tif", 5_000)
    assert Image.open(tiny).n_frames == 5_000
    refused(tiny, "BUDGETLENS_MAX_FRAMES", ">150", lang="en")


@pytest.mark.slow
def test_blank_frames_are_not_sent_to_ocr(tmp_path: Path) -> None:
    three = frames(tmp_path / "three.tif", 3, (300, 400), inked=2)
    refused(three, "BUDGETLENS_MAX_OCR_PAGES", "(2,", lang="en", env={"BUDGETLENS_MAX_OCR_PAGES": "1"})
    blank = frames(tmp_path / "blank.tif", 12, (300, 400))
    refused(blank, "all 12 pages are blank", lang="en")


def blank_pdf(path: Path, count: int, inked: int = 0) -> Path:
    """A PDF of ``count`` pages, each a white A4 image at 150 dpi (a scan of blank paper), ``inked`` with a bar."""
    pages = [Image.new("L", (1240, 1754), 255) for _ in range(count)]
    for page in pages[:inked]:
        page.paste(0, (300, 800, 900, 806))
    pages[0].save(path, "PDF", resolution=150, save_all=True, append_images=pages[1:])
    return path


@pytest.mark.slow
def test_a_pdf_of_blank_pages_says_so_without_ocr(tmp_path: Path) -> None:
    path = blank_pdf(tmp_path / "blank.pdf", 20)
    refused(path, "全部 20 页均为空白")
    refused(path, "all 20 pages are blank", lang="en")


@pytest.mark.slow
def test_pdf_pages_and_ocr_pages_are_counted_before_any_is_read(tmp_path: Path) -> None:
    path = blank_pdf(tmp_path / "three.pdf", 3, inked=2)
    refused(path, "BUDGETLENS_MAX_OCR_PAGES", "(2,", lang="en", env={"BUDGETLENS_MAX_OCR_PAGES": "1"})
    refused(path, "BUDGETLENS_MAX_PAGES", "(3,", lang="en", env={"BUDGETLENS_MAX_PAGES": "2"})


def png_header(path: Path, width: int, height: int) -> Path:
    """A PNG that states ``width`` × ``height`` pixels and holds almost none."""
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)))
    return path


@pytest.mark.slow
def test_pixels_are_checked_from_the_header_against_the_one_limit(tmp_path: Path) -> None:
    refused(png_header(tmp_path / "huge.png", 100_000, 100_000), "BUDGETLENS_MAX_PIXELS", "10000000000")
    between = png_header(tmp_path / "between.png", 10_000, 10_000)  # over the limit, under Pillow's own guard
    refused(between, "BUDGETLENS_MAX_PIXELS", "100000000")
    raised = refused(between, lang="en", env={"BUDGETLENS_MAX_PIXELS": "200000000"})
    assert "MAX_PIXELS" not in raised and "bomb" not in raised  # Pillow's guard follows the limit: decoded, corrupt


def test_the_reader_refuses_in_process_too(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="BUDGETLENS_MAX_CELLS"):
        read_document(sparse(tmp_path / "sparse.xlsx", 200_000, 1_000))
