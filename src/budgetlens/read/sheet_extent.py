"""How many cells a workbook's sheets will cost to read, counted before any library reads them.

A spreadsheet library holds a sheet as a grid from its first to its last cell (python-calamine
allocates rows × columns cells of 32 bytes: a sheet with one cell at A1 and one at ALL200000 asks
for 6.4 GB and the process aborts). What a sheet costs is therefore its extent: from A1 to the
furthest row and column any of its cells references, whatever the sheet's ``<dimension>`` (.xlsx)
or DIMENSIONS record (.xls) declares — the libraries allocate from the cells, not from the
declaration, so a declaration is neither trusted nor held against a file. The extents of all
sheets are summed and checked against ``max_cells`` while the cells are counted.

.xlsx: the sheets' XML is scanned as the container check inflates it (``container.check_archive``):
``<row r>`` and ``<c r>`` tags, a cell without a reference standing right of the one before it.
.xls: the cell records of the BIFF stream (each starts with its row and column).
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

from budgetlens.errors import ReadError
from budgetlens.limits import check, current

_TAG = re.compile(rb"""<(?:[\w.-]+:)?(row|c)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*/?>""")
_REF = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Za-z]*)(\d+)["']""")
_FAR = 10**12  # a row or column number of more digits or letters than this is as far as this
_OPEN_CELL = re.compile(rb"<(?:[\w.-]+:)?(?:row|c)[\s/>]")
_TAIL = 1 << 20  # bytes of an unfinished tag kept for the next chunk: a row or cell tag is never that long
_WHAT_ZH, _WHAT_EN = "工作簿各表的单元格数（行 × 列）", "cells of the workbook's sheets (rows × columns)"


def column_number(letters: bytes) -> int:
    """A -> 1, Z -> 26, AA -> 27 (a reference of more than eight letters is ``_FAR``)."""
    if len(letters) > 8:
        return _FAR
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _row_number(digits: bytes) -> int:
    return int(digits) if len(digits) <= 12 else _FAR


class WorkbookCells:
    """The cells of an .xlsx's sheets (the extent of each, summed), fed member by member."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.total = 0

    def __call__(self, name: str) -> _SheetScan:
        return _SheetScan(self)

    def add(self, cells: int) -> None:
        self.total += cells
        check(self.source, "max_cells", self.total, _WHAT_ZH, _WHAT_EN)


class _SheetScan:
    """One member's ``<row>`` and ``<c>`` tags: the furthest row and column referenced."""

    def __init__(self, workbook: WorkbookCells) -> None:
        self.workbook = workbook
        self.rest = b""
        self.row = self.col = self.last_row = self.last_col = 0

    def feed(self, chunk: bytes) -> None:
        text = self.rest + chunk
        cut = text.rfind(b"<")
        if cut < 0 or text.find(b">", cut) >= 0:
            cut = len(text)
        self.rest = text[cut:]
        if len(self.rest) > _TAIL:
            if _OPEN_CELL.match(self.rest):
                raise ReadError(
                    f"{self.workbook.source}: 工作表中有超长的单元格标签，拒绝读取",
                    f"{self.workbook.source}: a sheet holds a cell tag over {_TAIL} bytes long; not read",
                )
            self.rest = b""  # another element's long attribute: what follows it up to the next tag is no tag
        for tag in _TAG.finditer(text, 0, cut):
            self._tag(tag.group(1), tag.group(2))
        if self.last_row:  # a sheet over the limit is refused while it is being inflated
            check(self.workbook.source, "max_cells", self.workbook.total + self.cells, _WHAT_ZH, _WHAT_EN)

    def _tag(self, name: bytes, attributes: bytes) -> None:
        ref = _REF.search(attributes)
        if name == b"row":
            self.row = _row_number(ref.group(2)) if ref else self.row + 1
            self.col = 0
            self.last_row = max(self.last_row, self.row)  # openpyxl yields every row up to a row's number
            return
        if ref and ref.group(1):
            self.col, row = column_number(ref.group(1)), _row_number(ref.group(2))
        else:
            self.col, row = self.col + 1, self.row
        self.last_row, self.last_col = max(self.last_row, row, 1), max(self.last_col, self.col)

    @property
    def cells(self) -> int:
        return self.last_row * max(self.last_col, 1) if self.last_row else 0

    def end(self) -> None:
        self.feed(b"")
        self.workbook.add(self.cells)


# BIFF records that hold one cell (row, column first) and the two that hold a run of cells in one row
_CELL_RECORDS = frozenset({0x0006, 0x0201, 0x0203, 0x0204, 0x0205, 0x00D6, 0x00FD, 0x027E, 0x0406})
_MULTI_RECORDS = frozenset({0x00BD, 0x00BE})  # MULRK, MULBLANK: row, first column, …, last column
_BOF, _EOF = 0x0809, 0x000A


def xls_cells(path: Path, data: bytes) -> int:
    """The cells of an .xls's sheets (the extent of each, summed); LimitExceeded over ``max_cells``."""
    stream = _workbook_stream(path, data)
    limit = current().max_cells
    total = extent_rows = extent_cols = 0
    pos, size = 0, len(stream)
    while pos + 4 <= size:
        kind, length = struct.unpack_from("<HH", stream, pos)
        body = pos + 4
        pos = body + length
        if kind in _CELL_RECORDS and length >= 4:
            row, col = struct.unpack_from("<HH", stream, body)
        elif kind in _MULTI_RECORDS and length >= 6 and pos <= size:
            row, col = struct.unpack_from("<H", stream, body)[0], struct.unpack_from("<H", stream, pos - 2)[0]
        else:
            if kind in (_BOF, _EOF):
                total += extent_rows * extent_cols
                extent_rows = extent_cols = 0
            continue
        extent_rows, extent_cols = max(extent_rows, row + 1), max(extent_cols, col + 1)
        if total + extent_rows * extent_cols > limit:
            check(str(path), "max_cells", total + extent_rows * extent_cols, _WHAT_ZH, _WHAT_EN)
    return total + extent_rows * extent_cols


def _workbook_stream(path: Path, data: bytes) -> bytes:
    from xlrd import compdoc  # type: ignore[import-untyped]  # the office extra's .xls reader parses OLE2

    try:
        document = compdoc.CompDoc(data, logfile=_Quiet(), ignore_workbook_corruption=True)
        for name in ("Workbook", "Book"):
            stream: bytes | None = document.get_named_stream(name)
            if stream is not None:
                return stream
    except Exception as exc:  # xlrd raises CompDocError, struct and index errors for broken files
        text = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
        raise ReadError(f"{path}: 无法读取工作簿（{text}）", f"{path}: cannot read the workbook ({text})") from exc
    raise ReadError(f"{path}: OLE 复合文件中没有工作簿", f"{path}: an OLE compound file without a workbook")


class _Quiet:
    """A log file that keeps xlrd's warnings about odd but readable files off the terminal."""

    def write(self, text: str) -> None:
        pass
