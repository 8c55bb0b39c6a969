"""A printed disclosure as a workbook: a sheet for the narrative, then one per table named by its label.

Each table sheet has the title and the department and unit row above a header grid with merged cells; codes are
text cells, amounts numeric cells with two decimals (the value as composed, not re-parsed from the text). The stamp,
when set, is the first row of every sheet.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from budgetlens.generate.printed import Heading, Paragraph, PrintedDocument, PrintedTable

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

SHEET_NAME_LIMIT = 31
NARRATIVE_SHEET = "情况说明"


def _sheet_name(wanted: str, taken: set[str]) -> str:
    """A valid, unused sheet name: no []:*?/\\ characters, at most 31 characters."""
    base = re.sub(r"[\[\]:*?/\\]", "_", wanted).strip("'") or "表"
    base = base[:SHEET_NAME_LIMIT]
    name, n = base, 2
    while name in taken:
        suffix = f"({n})"
        name, n = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def _table_sheet(sheet: Worksheet, table: PrintedTable, stamp: str | None) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    nc = table.columns
    r = 1
    if stamp:
        sheet.cell(r, 1, stamp).font = Font(bold=True, color="CC0000")
        r += 1
    sheet.cell(r, 1, table.label)
    r += 1
    title = sheet.cell(r, 1, table.title)
    title.font = Font(bold=True, size=14)
    title.alignment = Alignment(horizontal="center")
    if nc > 1:
        sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=nc)
    r += 1
    sheet.cell(r, 1, table.department_line)
    unit = sheet.cell(r, nc, f"单位：{table.unit}")
    unit.alignment = Alignment(horizontal="right")
    r += 1
    taken: set[tuple[int, int]] = set()
    for i, header_row in enumerate(table.header):
        c = 1
        for head in header_row:
            while (r + i, c) in taken:
                c += 1
            cell = sheet.cell(r + i, c, head.text)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.font = Font(bold=True)
            for rr in range(r + i, r + i + head.rowspan):
                for cc in range(c, c + head.colspan):
                    taken.add((rr, cc))
                    sheet.cell(rr, cc).border = border
            if head.colspan > 1 or head.rowspan > 1:
                sheet.merge_cells(
                    start_row=r + i, start_column=c, end_row=r + i + head.rowspan - 1, end_column=c + head.colspan - 1
                )
            c += head.colspan
    r = max([rr for rr, _ in taken] + [r - 1]) + 1
    for row in table.rows:
        c = 1
        for body in row:
            target = sheet.cell(r, c)
            if body.kind == "amount" and body.value is not None:
                target.value = body.value
                target.number_format = "#,##0.00" if "," in body.text else "0.00"
                target.alignment = Alignment(horizontal="right")
            elif body.text != "":
                target.value = body.text
                target.number_format = "@"
                if body.kind == "name" and body.level:
                    target.alignment = Alignment(indent=body.level)
                elif body.kind == "label":
                    target.alignment = Alignment(horizontal="center")
            if body.colspan > 1:
                sheet.merge_cells(start_row=r, start_column=c, end_row=r, end_column=c + body.colspan - 1)
            for cc in range(c, c + body.colspan):
                sheet.cell(r, cc).border = border
            c += body.colspan
        r += 1
    if table.note:
        sheet.cell(r, 1, table.note)
    widths = [max([len(cell.text) for row in table.rows for cell in row[col : col + 1]] + [4]) for col in range(nc)]
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = min(max(width * 1.9 + 2, 10), 48)
    sheet.print_title_rows = f"{r - len(table.rows) - len(table.header)}:{r - len(table.rows) - 1}"
    if table.landscape:
        sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4


def write_xlsx(doc: PrintedDocument, out: Path) -> Path:
    import openpyxl
    from openpyxl.styles import Alignment, Font

    book = openpyxl.Workbook()
    if book.active is not None:
        book.remove(book.active)
    taken: set[str] = set()
    narrative = [b for b in doc.blocks if isinstance(b, Heading | Paragraph)]
    if narrative or doc.cover:
        sheet = book.create_sheet(_sheet_name(NARRATIVE_SHEET, taken))
        r = 1
        if doc.stamp:
            sheet.cell(r, 1, doc.stamp).font = Font(bold=True, color="CC0000")
            r += 1
        for i, line in enumerate(doc.cover):
            sheet.cell(r, 1, line).font = Font(bold=True, size=16 if i == 0 else 12)
            r += 1
        for block in narrative:
            cell = sheet.cell(r, 1, block.text)
            if isinstance(block, Heading):
                cell.font = Font(bold=True, size=13 if block.level == 1 else 11)
            else:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            r += 1
        sheet.column_dimensions["A"].width = 110
    for table in doc.tables:
        _table_sheet(book.create_sheet(_sheet_name(table.label or table.title, taken)), table, doc.stamp)
    if not book.sheetnames:
        book.create_sheet(_sheet_name(NARRATIVE_SHEET, taken))
    book.save(out)
    return out
