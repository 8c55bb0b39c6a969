"""Workbook reader (.xlsx, .xls): every sheet's rows as tab-separated lines, with sheet and cell references.

Values come from python-calamine (fast, reads both formats, exposes merged ranges). Calamine gives
numbers as floats, so the cells' number formats are read as well (openpyxl for .xlsx, xlrd for .xls)
and numbers are printed as the sheet shows them (``0.00`` keeps 6.80, ``#,##0`` gives 1,140,000);
without a format a number is printed in its shortest form (207, 1633.94), never with binary noise.
An .xls is an OLE2 compound file, as is a password-protected .xlsx: both are told apart before reading.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from budgetlens.errors import ReadError
from budgetlens.extras import needs
from budgetlens.read.container import check_archive
from budgetlens.read.grid import Draft, number, shape_block, split_blocks
from budgetlens.read.numformat import Formats, read_formats, read_xls_formats, render_number
from budgetlens.read.ole import OLE, is_encrypted_biff, ole_kind
from budgetlens.read.raw import RawDocument
from budgetlens.read.sheet_extent import check_sheet_areas
from budgetlens.read.text import read_bytes

MAX_ROWS = 200_000  # rows of one sheet
MAX_COLUMNS = 1_000


def column_letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """A1-style reference of a 0-based (row, col)."""
    return f"{column_letters(col)}{row + 1}"


def render_value(value: Any, number_format: str | None) -> str:
    """A cell value as the sheet prints it; '' for an empty cell."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return render_number(float(value), number_format)
    if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
        return str(value) if isinstance(value, dt.timedelta) else value.isoformat()
    return str(value).strip()  # indentation by (full-width) spaces is layout, not part of the name


def encrypted(path: Path) -> ReadError:
    """The one line for a password-protected Office file."""
    return ReadError(
        f"{path}: Office 文件受密码保护（已加密），无法读取",
        f"{path}: the Office file is password-protected (encrypted); save it without a password",
    )


def _fail(path: Path, exc: Exception) -> ReadError:
    if type(exc).__name__ == "PasswordError":
        return encrypted(path)
    text = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    return ReadError(f"{path}: 无法读取工作簿（{text}）", f"{path}: cannot read the workbook ({text})")


def read_workbook(path: Path) -> RawDocument:
    """Read every visible worksheet of an .xlsx or .xls file into lines; ReadError when it cannot be read."""
    data = read_bytes(path)
    fmt = "xlsx" if data.startswith(b"PK") else "xls"
    if fmt == "xlsx":
        check_archive(path, "Excel ")
        check_sheet_areas(path)  # before calamine lays a sheet out from its first cell to its last
    else:
        _check_ole(path, data)
    with needs("workbook", path):
        from python_calamine import CalamineWorkbook
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheets = [
            (sheet, _bounded_values(path, sheet))
            for sheet in (workbook.get_sheet_by_name(meta.name) for meta in workbook.sheets_metadata if _visible(meta))
        ]
        formats, notes = (read_formats(path, MAX_ROWS), []) if fmt == "xlsx" else _xls_formats(path)
        drafts = [draft for sheet, values in sheets for draft in _sheet_drafts(sheet, values, formats)]
    except ReadError:
        raise
    except Exception as exc:  # calamine and openpyxl raise their own errors, and zip/xml ones, for broken files
        raise _fail(path, exc) from exc
    return RawDocument(
        source=str(path), sha256=hashlib.sha256(data).hexdigest(), format=fmt, lines=number(drafts), notes=notes
    )


def _check_ole(path: Path, data: bytes) -> None:
    """ReadError unless ``data`` is an unencrypted Excel 97-2003 workbook."""
    if not data.startswith(OLE):
        raise ReadError(f"{path}: 不是 Excel 工作簿", f"{path}: not an Excel workbook")
    kind = ole_kind(data)
    if kind == "encrypted" or (kind == "xls" and is_encrypted_biff(data)):
        raise encrypted(path)
    if kind == "doc":
        raise ReadError(
            f"{path}: 这是 Word 97-2003（.doc）文件，请另存为 .docx 后再读取",
            f"{path}: a Word 97-2003 (.doc) file; save it as .docx to read it",
        )
    if kind != "xls":
        raise ReadError(f"{path}: OLE 复合文件中没有工作簿", f"{path}: an OLE compound file without a workbook")


def _xls_formats(path: Path) -> tuple[Formats, list[str]]:
    """The .xls number formats, or none and a note saying why (numbers then print in their shortest form)."""
    try:
        return read_xls_formats(path, MAX_ROWS), []
    except Exception as exc:  # xlrd missing or failing: the values calamine read still count
        why = f"missing {exc.name}" if isinstance(exc, ModuleNotFoundError) else str(exc).splitlines()[0][:120]
        return {}, [f"xls: 未读取数字格式（{why}），数字按最短形式输出 / .xls number formats not read ({why})"]


def _visible(meta: Any) -> bool:
    return str(meta.visible).endswith("Visible") and "WorkSheet" in str(meta.typ)


def _bounded_values(path: Path, sheet: Any) -> list[list[Any]]:
    """The sheet's used area (at most MAX_ROWS rows and MAX_COLUMNS columns, else ReadError)."""
    name: str = sheet.name
    values: list[list[Any]] = sheet.to_python(skip_empty_area=True, nrows=MAX_ROWS + 1)
    if len(values) > MAX_ROWS:
        raise ReadError(
            f"{path}: 工作表“{name}”超过 {MAX_ROWS} 行，拒绝读取", f"{path}: sheet '{name}' has over {MAX_ROWS} rows"
        )
    if values and len(values[0]) > MAX_COLUMNS:
        raise ReadError(
            f"{path}: 工作表“{name}”超过 {MAX_COLUMNS} 列，拒绝读取",
            f"{path}: sheet '{name}' has over {MAX_COLUMNS} columns",
        )
    return values


def _sheet_drafts(sheet: Any, values: list[list[Any]], formats: Formats) -> list[Draft]:
    """One sheet's lines: its blocks of rows (separated by blank rows) shaped as tables and single lines."""
    name: str = sheet.name
    top, left = sheet.start or (0, 0)
    sheet_formats = formats.get(name, {})
    rows = [
        [render_value(v, sheet_formats.get((top + r, left + c))) for c, v in enumerate(row)]
        for r, row in enumerate(values)
    ]
    refs = [[cell_ref(top + r, left + c) for c in range(len(row))] for r, row in enumerate(values)]
    spans = _merges(sheet, rows, top, left)
    drafts: list[Draft] = []
    for start, end in split_blocks(rows):
        block_spans = {r - start: w for r, w in spans.items() if start <= r < end}
        drafts.extend(shape_block(rows[start:end], refs[start:end], name, block_spans))
    drafts.append(Draft(cells=("",), sheet=name))
    return drafts


def _merges(sheet: Any, rows: list[list[str]], top: int, left: int) -> dict[int, int]:
    """Blank the cells a merged range covers (its text stays in the first cell); row -> width of wide merges."""
    spans: dict[int, int] = {}
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ():
        for r in range(max(r0 - top, 0), min(r1 - top + 1, len(rows))):
            for c in range(max(c0 - left, 0), min(c1 - left + 1, len(rows[r]))):
                if (r, c) != (r0 - top, c0 - left):
                    rows[r][c] = ""
        if 0 <= r0 - top < len(rows):
            spans[r0 - top] = max(spans.get(r0 - top, 1), c1 - c0 + 1)
    return spans
