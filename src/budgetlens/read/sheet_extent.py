"""The area a workbook's sheets span, from their cells' own references, checked before the sheets are laid out.

The workbook reader lays each sheet out as a dense grid from its first to its last cell: one cell referenced as
``E99999999`` in a sheet of twenty rows would make it allocate a grid of five hundred million cells and the
process abort. A sheet's ``<dimension>`` may say otherwise (it is only a hint), so the references themselves are
read here, and an area over the ``max_cells`` limit is refused with ``LimitExceeded``.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from budgetlens.limits import check

_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr="([A-Z]+)([0-9]+)"')
_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr="([0-9]+)"')
HUGE = 10**18  # a reference of more digits than this is only "huge" (and int() refuses thousands of digits)


def _number(digits: bytes) -> int:
    return int(digits) if len(digits) < 18 else HUGE


def column_index(letters: bytes) -> int:
    """1 for A, 26 for Z, 27 for AA."""
    index = 0
    for letter in letters[:14]:
        index = index * 26 + letter - 64
    return index if len(letters) <= 14 else HUGE


def sheet_area(xml: bytes) -> int:
    """Cells of the smallest rectangle holding every row and cell a sheet's XML references (0 for none)."""
    cells = [(_number(row), column_index(col)) for col, row in _CELL.findall(xml)]
    rows = [r for r, _ in cells] + [_number(r) for r in _ROW.findall(xml)]
    if not rows:
        return 0
    columns = [c for _, c in cells] or [1]
    return (max(rows) - min(rows) + 1) * (max(columns) - min(columns) + 1)


def check_sheet_areas(path: Path) -> None:
    """``LimitExceeded`` when a worksheet of the .xlsx at ``path`` spans more cells than ``max_cells``.

    An archive that cannot be opened is left to the reader, which says what is wrong with it.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    area = sheet_area(archive.read(info))
                    check(
                        str(path), "max_cells", area, "工作表单元格（按单元格引用）", "sheet cells (by cell references)"
                    )
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError):
        return
