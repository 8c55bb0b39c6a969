"""The generated documents as published: a web page, the same page printed by WeasyPrint, and a workbook."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from tests.provincial.model import BodyCell, Disclosure, Table
from tests.requirements import require

CSS = """
@page { size: A4 %(orient)s; margin: 18mm 14mm 18mm 14mm;
  @top-center { content: "%(runhead)s"; font-size: 8pt; color: #555; }
  @bottom-center { content: "第 " counter(page) " 页  共 " counter(pages) " 页"; font-size: 8pt; } }
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 10.5pt; }
h1 { text-align: center; font-size: 20pt; margin-top: 60mm; }
h2 { text-align: center; font-size: 14pt; margin: 2mm 0 1mm 0; }
h3 { font-size: 12pt; }
p { text-indent: 2em; line-height: 1.6; }
.tbl { page-break-before: always; }
.label { font-size: 9pt; }
.unit { text-align: right; font-size: 9pt; margin-bottom: 1mm; }
table { border-collapse: collapse; width: 100%%; }
th, td { border: 0.6pt solid #000; padding: %(pad)s; font-size: %(fs)s; }
th { font-weight: bold; text-align: center; }
td.num { text-align: right; white-space: nowrap; }
td.code, td.lanci, td.lanci3 { text-align: center; white-space: nowrap; }
td.name0, td.name1, td.name2 { width: 24%%; } td.name1 { padding-left: 1.2em; } td.name2 { padding-left: 2.4em; }
thead { display: table-header-group; }
.note { font-size: 9pt; }
.xu { page-break-before: always; font-size: 9pt; }
"""
STUB_LABEL = "lanci3"  # the 栏次 label over the code and name columns of a code table


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _span(cell: BodyCell) -> int:
    return cell[2] if len(cell) > 2 else 1  # type: ignore[misc]


def _body_html(rows: list[list[BodyCell]], doc: Disclosure) -> str:
    out = []
    for row in rows:
        tds = []
        for cell in row:
            text, css = cell[0], cell[1]
            span = doc.stub_label_span if css == STUB_LABEL else _span(cell)
            tds.append(f'<td class="{css}" colspan="{span}">{_escape(text)}</td>')
        if row and row[0][1] == STUB_LABEL:
            tds = [tds[0], *tds[4:]]
        out.append("<tr>" + "".join(tds) + "</tr>")
    return "".join(out)


def _grid(head: str, rows: list[list[BodyCell]], doc: Disclosure) -> str:
    return f"<table><thead>{head}</thead><tbody>{_body_html(rows, doc)}</tbody></table>"


def table_html(table: Table, doc: Disclosure) -> str:
    """The table with its label, title and unit line; a table cut by hand goes on under a 续表 label."""
    head = "".join(
        "<tr>" + "".join(f'<th colspan="{cs}" rowspan="{rs}">{_escape(x)}</th>' for x, cs, rs in row) + "</tr>"
        for row in table.header
        if row
    )
    top = (f'<div class="label">{_escape(table.label)}</div><h2>{_escape(table.title)}</h2>'
           f'<div class="unit">部门：{_escape(doc.dept)}　　　　单位：{table.unit}</div>')  # fmt: skip
    if table.continuation_at:
        first, rest = table.body[: table.continuation_at], table.body[table.continuation_at :]
        html = (f'<div class="tbl">{top}{_grid(head, first, doc)}</div>'
                f'<div class="xu"><div class="label">续表</div><div class="unit">单位：{table.unit}</div>'
                f"{_grid(head, rest, doc)}</div>")  # fmt: skip
    else:
        html = f'<div class="tbl">{top}{_grid(head, table.body, doc)}</div>'
    if table.note:
        html += f'<p class="note">{_escape(table.note)}</p>'
    return html


def html_page(doc: Disclosure) -> str:
    """The whole document as one page: cover, narrative and tables in the template's order."""
    wide = doc.landscape
    css = CSS % dict(orient="landscape" if wide else "portrait", runhead=doc.title,
                     pad="2pt 3pt" if wide else "4pt 4pt", fs="8.5pt" if wide else "10pt")  # fmt: skip
    parts = [f"<h1>{_escape(doc.cover).replace(chr(10), '<br/>')}</h1>"]
    sections = [f"<h3>{_escape(h)}</h3>" + "".join(f"<p>{_escape(p)}</p>" for p in ps) for h, ps in doc.narrative]
    narrative = '<div style="page-break-before: always">' + "".join(sections) + "</div>"
    tables = "".join(table_html(t, doc) for t in doc.tables)
    if doc.narrative_first:
        parts += [narrative, '<div style="page-break-before: always"><h3>第二部分 部门预算公开表</h3></div>', tables]
    else:
        parts += ['<div style="page-break-before: always"><h3>第二部分 部门决算表</h3></div>', tables, narrative]
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{_escape(doc.title)}</title>'
            f"<style>{css}</style></head><body>{''.join(parts)}</body></html>")  # fmt: skip


def write_pdf(doc: Disclosure, out: Path) -> None:
    """The web page printed on A4 by WeasyPrint (headers repeated on each page, 第N页 footer); the test is
    skipped without WeasyPrint or the CJK font."""
    require("fonts")
    from weasyprint import HTML

    HTML(string=html_page(doc)).write_pdf(out)


def write_xlsx(doc: Disclosure, out: Path) -> None:
    """One sheet for the narrative, then one per table with merged header cells and numeric amount cells."""
    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    if book.active is not None:
        book.remove(book.active)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    number_format = "#,##0.00" if doc.separators else "0.00"
    sheet = book.create_sheet("情况说明")
    r = 1
    for heading, paragraphs in doc.narrative:
        sheet.cell(r, 1, heading).font = Font(bold=True)
        r += 1
        for paragraph in paragraphs:
            sheet.cell(r, 1, paragraph)
            r += 1
    for table in doc.tables:
        sheet = book.create_sheet(table.label)
        nc = table.ncols
        sheet.cell(1, 1, table.label)
        sheet.cell(2, 1, table.title).font = Font(bold=True, size=14)
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=nc)
        sheet.cell(2, 1).alignment = Alignment(horizontal="center")
        sheet.cell(3, 1, f"部门：{doc.dept}")
        sheet.cell(3, nc, f"单位：{table.unit}")
        r0 = 4
        taken: set[tuple[int, int]] = set()
        for i, header_row in enumerate(table.header):
            c = 1
            for text, cs, rs in header_row:
                while (r0 + i, c) in taken:
                    c += 1
                cell = sheet.cell(r0 + i, c, text)
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
                cell.font = Font(bold=True)
                for rr in range(r0 + i, r0 + i + rs):
                    for cc in range(c, c + cs):
                        taken.add((rr, cc))
                        sheet.cell(rr, cc).border = border
                if cs > 1 or rs > 1:
                    sheet.merge_cells(start_row=r0 + i, start_column=c, end_row=r0 + i + rs - 1, end_column=c + cs - 1)
                c += cs
        r = max([rr for rr, _ in taken] + [r0]) + 1
        for row in table.body:
            c = 1
            cells = list(row)
            if cells and cells[0][1] == STUB_LABEL:
                sheet.cell(r, 1, cells[0][0])
                sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
                for cc in range(1, 5):
                    sheet.cell(r, cc).border = border
                c = 5
                cells = cells[4:]
            for body_cell in cells:
                text, css = body_cell[0], body_cell[1]
                span = _span(body_cell)
                target = sheet.cell(r, c)
                if css == "num" and text not in ("", "-"):
                    target.value = float(Decimal(text.replace(",", "")))
                    target.number_format = number_format
                    target.alignment = Alignment(horizontal="right")
                elif text != "":
                    target.value = text
                    target.number_format = "@"
                if span > 1:
                    sheet.merge_cells(start_row=r, start_column=c, end_row=r, end_column=c + span - 1)
                for cc in range(c, c + span):
                    sheet.cell(r, cc).border = border
                c += span
            r += 1
        if table.note:
            sheet.cell(r + 1, 1, table.note)
        for cc in range(1, nc + 1):
            sheet.column_dimensions[get_column_letter(cc)].width = 14
    book.save(out)
