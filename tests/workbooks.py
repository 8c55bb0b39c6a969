"""Helpers of the data-workbook tests: the CLI in a folder, a workbook's validations, an edited copy of a workbook."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from openpyxl import load_workbook


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "budgetlens", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def validations(path: Path) -> dict[tuple[str, str], Any]:
    """Each validated range (sheet, first cell) with its validation."""
    found = {}
    for sheet in load_workbook(path).worksheets:
        for dv in sheet.data_validations.dataValidation:
            for rng in dv.sqref.ranges:
                found[(sheet.title, rng.coord.split(":")[0])] = dv
    return found


def edited_copy(book_path: Path, tmp_path: Path, **cells: object) -> Path:
    """A copy of the workbook at ``book_path`` with ``cells`` ("项目!F2") changed."""
    book = load_workbook(book_path)
    for ref, value in cells.items():
        sheet, cell = ref.split("!")
        book[sheet][cell] = value
    out = tmp_path / "edited.xlsx"
    book.save(out)
    return out
