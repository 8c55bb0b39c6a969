"""The xlsx export: one sheet per table, laid out like the printed table.

Title row (merged, centred), issuer and 单位 row, the multi-row header rebuilt from the columns' header
paths (equal prefixes merged across, short paths merged down), label columns (编码 as text, 行次, 名称
indented by level, the 政府预算经济分类 pair where a table prints it), amounts as numbers with
``#,##0.00``, column widths from the content, and the panes frozen below the header and right of the labels.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from budgetlens.model import Document, Row, RowRole, Table

AMOUNT_FORMAT = "#,##0.00"
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="EEF2F7")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
FIRST_HEADER_ROW = 3


def display_width(text: str) -> int:
    """Columns a text needs: East Asian wide characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def sheet_name(title: str, used: set[str]) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28] or "table"
    name, n = base, 2
    while name in used:
        name, n = f"{base[:26]}_{n}", n + 1
    used.add(name)
    return name


def label_columns(table: Table) -> list[tuple[str, Callable[[Row], Any]]]:
    """The non-amount columns this table needs, with how to read each from a row."""
    labels: list[tuple[str, Callable[[Row], Any]]] = []
    if any(r.code for r in table.rows):
        labels.append(("科目编码", lambda r: r.code))
    if any(r.number is not None for r in table.rows):
        labels.append(("行次", lambda r: r.number))
    labels.append(("科目名称" if labels else "项目", lambda r: r.name))
    if any(r.second_name for r in table.rows):
        labels += [("政府预算经济分类编码", lambda r: r.second_code), ("政府预算经济分类名称", lambda r: r.second_name)]
    return labels


def header_merges(paths: list[list[str]], depth: int) -> list[tuple[int, int, int, int, str]]:
    """(level_from, level_to, col_from, col_to, text) boxes: equal prefixes across, short paths down."""
    boxes = []
    for level in range(depth):
        j = 0
        while j < len(paths):
            if len(paths[j]) <= level:
                j += 1
                continue
            end = j
            while (
                end + 1 < len(paths)
                and len(paths[end + 1]) > level
                and paths[end + 1][: level + 1] == paths[j][: level + 1]
            ):
                end += 1
            run = paths[j : end + 1]
            bottom = depth - 1 if all(len(p) == level + 1 for p in run) else level
            boxes.append((level, bottom, j, end, paths[j][level]))
            boxes += [
                (level + 1, depth - 1, k, k, "")
                for k in range(j, end + 1)
                if bottom == level < depth - 1 and len(paths[k]) == level + 1  # a box below, not past the header
            ]
            j = end + 1
    return boxes


def header_box(ws: Worksheet, top: int, bottom: int, left: int, right: int, text: str) -> None:
    cell = ws.cell(row=top, column=left, value=text or None)
    for r in range(top, bottom + 1):
        for c in range(left, right + 1):
            target = ws.cell(row=r, column=c)
            target.border, target.fill, target.font, target.alignment = BOX, HEADER_FILL, Font(bold=True), CENTRE
    if bottom > top or right > left:
        ws.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
    cell.alignment = CENTRE


def write_table_sheet(ws: Worksheet, doc: Document, table: Table) -> None:
    labels = label_columns(table)
    paths = [list(c.header) or [c.key] for c in table.columns]
    depth = max((len(p) for p in paths), default=1)
    n_labels, width = len(labels), len(labels) + len(paths)
    ws.cell(row=1, column=1, value=table.title).font = Font(bold=True, size=14)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    if width > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(row=2, column=1, value=table.issuer_label or doc.issuer or "")
    unit = ws.cell(row=2, column=width, value=f"单位：{table.unit}")
    unit.alignment = Alignment(horizontal="right")
    top, bottom = FIRST_HEADER_ROW, FIRST_HEADER_ROW + depth - 1
    for i, (label, _) in enumerate(labels, start=1):
        header_box(ws, top, bottom, i, i, label)
    for lv_from, lv_to, c_from, c_to, text in header_merges(paths, depth):
        header_box(ws, top + lv_from, top + lv_to, n_labels + 1 + c_from, n_labels + 1 + c_to, text)
    widths = [display_width(label) for label, _ in labels] + [display_width(p[-1]) for p in paths]
    for r, row in enumerate(table.rows, start=bottom + 1):
        bold = Font(bold=True) if row.role is RowRole.TOTAL else None
        for c, (label, read) in enumerate(labels, start=1):
            value = read(row)
            cell = ws.cell(row=r, column=c, value=None if value is None else str(value) if "编码" in label else value)
            cell.border = BOX
            if "编码" in label:
                cell.number_format = "@"
            if label in ("科目名称", "项目") and row.level and row.level > 1:
                cell.alignment = Alignment(indent=row.level - 1)
            if bold:
                cell.font = bold
            widths[c - 1] = max(widths[c - 1], display_width(str(value or "")) + 2 * (row.level or 0))
        for c, column in enumerate(table.columns, start=n_labels + 1):
            amount = row.cells.get(column.key)
            cell = ws.cell(row=r, column=c, value=amount.value if amount is not None else None)
            cell.number_format, cell.border = AMOUNT_FORMAT, BOX
            if bold:
                cell.font = bold
            if amount is not None and amount.value is not None:
                widths[c - 1] = max(widths[c - 1], len(f"{amount.value:,.2f}"))
    last = bottom + len(table.rows)
    empty = ["注：本表无数据"] if table.empty_note and not any("无数据" in n for n in table.notes) else []
    for note in [*table.notes, *empty]:
        last += 1
        ws.cell(row=last, column=1, value=note)
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = min(60, max(8, w + 2))
    ws.freeze_panes = f"{get_column_letter(n_labels + 1)}{bottom + 1}"


def write_xlsx(docs: list[Document], out: Path) -> None:
    """One formatted sheet per table of every document."""
    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    used: set[str] = set()
    for doc in docs:
        for table in doc.tables:
            write_table_sheet(wb.create_sheet(sheet_name(table.title, used)), doc, table)
    if not wb.sheetnames:
        wb.create_sheet("empty")
    wb.save(out)
