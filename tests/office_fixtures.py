"""A small stand-in for the fixture builder: tab-separated disclosure text -> XLSX, HTML and DOCX.

Each table or annex block of the text becomes one sheet (a title row merged across the table, the
部门名称/单位 rows, header rows with merged cells, numbers as numbers with a number format); the
text around the tables becomes narrative sheets. The HTML page and the Word document hold the same
parts in order: paragraphs, and tables with merged header cells.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from budgetlens.read.text import read_text
from budgetlens.segment import segment

_NUMBER = re.compile(r"^-?(?:[1-9]\d{0,14}|0)(?:\.(\d+))?$")
_GROUPED = re.compile(r"^-?\d{1,3}(?:,\d{3})+$")
_AMOUNT = re.compile(r"\d+\.\d{2}(?!\d)")


@dataclass
class Part:
    """One sheet: a table (title first) or narrative lines."""

    name: str
    rows: list[list[str]] = field(default_factory=list)
    table: bool = False

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=1)

    def header_rows(self) -> list[int]:
        """Rows between the preamble and the first row with an amount (three at most): the header band."""
        band: list[int] = []
        for i, row in enumerate(self.rows):
            if sum(1 for c in row if c) < 2 and not band:
                continue
            if any(_AMOUNT.search(c) for c in row) or len(row) < 2 or len(band) == 3:
                break
            band.append(i)
        return band

    def merges(self) -> list[tuple[int, int, int, int]]:
        """(row, col, rowspan, colspan) of header cells merged over the blank cells right of or below them."""
        if not self.table:
            return []
        band = self.header_rows()
        covered: set[tuple[int, int]] = set()
        found = []
        for r in band:
            row = self.rows[r]
            for c, text in enumerate(row):
                if not text or (r, c) in covered:
                    continue
                end = c + 1
                while end < len(row) and not row[end] and (r, end) not in covered:
                    end += 1
                colspan = end - c if end - c < self.width else 1
                below = self.rows[r + 1] if r + 1 in band else None
                rowspan = 2 if colspan == 1 and below is not None and c < len(below) and not below[c] else 1
                if rowspan > 1 or colspan > 1:
                    found.append((r, c, rowspan, colspan))
                covered.update((r + dr, c + dc) for dr in range(rowspan) for dc in range(colspan))
        return found


def parts(path: Path) -> list[Part]:
    """The text's tables and annex blocks, each its own part, with narrative parts between them."""
    raw = read_text(path)
    seg = segment(raw)
    blocks = sorted((b.line, b.line_end) for b in [*seg.tables, *seg.targets])
    out: list[Part] = []
    current: Part | None = None
    for line in raw.lines:
        block = next((b for b in blocks if b[0] <= line.no <= b[1]), None)
        name = f"表{blocks.index(block) + 1:02d}" if block else f"说明{len(out) + 1:02d}"
        if current is None or (block is not None) != current.table or (block and line.no == block[0]):
            current = Part(name=name, table=block is not None)
            out.append(current)
        if current.table and not line.text.strip():
            continue
        current.rows.append(list(line.cells))
    return out


def _number(text: str) -> tuple[float, str] | None:
    m = _NUMBER.match(text)
    if m:
        decimals = len(m.group(1) or "")
        return float(text), "0." + "0" * decimals if decimals else "0"
    if _GROUPED.match(text):
        return float(text.replace(",", "")), "#,##0"
    return None


def write_xlsx(source: Path, target: Path) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for part in parts(source):
        ws = workbook.create_sheet(part.name)
        for r, row in enumerate(part.rows, start=1):
            for c, text in enumerate(row, start=1):
                if not text:
                    continue
                num = _number(text) if part.table else None
                cell = ws.cell(row=r, column=c, value=num[0] if num else text)
                if num:
                    cell.number_format = num[1]
        if part.table and part.width > 1:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=part.width)
        for r, c, rowspan, colspan in part.merges():
            ws.merge_cells(start_row=r + 1, start_column=c + 1, end_row=r + rowspan, end_column=c + colspan)
    workbook.save(target)
    return target


def _table_html(part: Part) -> str:
    spans = {(r, c): (rs, cs) for r, c, rs, cs in part.merges()}
    covered = {(r + dr, c + dc) for (r, c), (rs, cs) in spans.items() for dr in range(rs) for dc in range(cs)}
    band = set(part.header_rows())
    body = [i for i, row in enumerate(part.rows) if len(row) > 1 or (band and i > min(band))]
    out = [f"<h3>{html.escape(part.rows[0][0])}</h3>"]
    out += [f"<p>{html.escape(row[0])}</p>" for row in part.rows[1 : min(body, default=1)]]
    out.append("<table border='1'>")
    for section, rows in (("thead", [i for i in body if i in band]), ("tbody", [i for i in body if i not in band])):
        out.append(f"<{section}>")
        for r in rows:
            tag = "th" if section == "thead" else "td"
            cells = []
            for c, text in enumerate(part.rows[r]):
                if (r, c) in covered and (r, c) not in spans:
                    continue
                rs, cs = spans.get((r, c), (1, 1))
                attrs = (f" rowspan='{rs}'" if rs > 1 else "") + (f" colspan='{cs}'" if cs > 1 else "")
                cells.append(f"<{tag}{attrs}>{html.escape(text)}&nbsp;</{tag}>")
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append(f"</{section}>")
    out.append("</table>")
    out += [f"<p>{html.escape(row[0])}</p>" for row in part.rows[max(body, default=0) + 1 :]]
    return "\n".join(out)


def write_html(source: Path, target: Path, encoding: str = "utf-8") -> Path:
    chunks = [f"<!DOCTYPE html><html><head><meta charset='{encoding}'><title>预算公开</title>"]
    chunks.append("<script>document.title = '<p>不是正文</p>';</script></head><body>")
    for part in parts(source):
        if part.table:
            chunks.append(_table_html(part))
        else:
            chunks += [f"<p>{html.escape(chr(9).join(row))}</p>" for row in part.rows if any(row)]
    chunks.append("</body></html>")
    target.write_bytes("\n".join(chunks).encode(encoding))
    return target


def write_docx(source: Path, target: Path) -> Path:
    import docx

    document = docx.Document()
    for part in parts(source):
        if not part.table:
            for row in part.rows:
                document.add_paragraph("\t".join(row))
            continue
        first = next((i for i, row in enumerate(part.rows) if len(row) > 1), len(part.rows))
        last = max((i for i, row in enumerate(part.rows) if len(row) > 1), default=first)
        for row in part.rows[:first]:
            document.add_paragraph(row[0])
        grid = part.rows[first : last + 1]
        table = document.add_table(rows=len(grid), cols=part.width)
        for row_cells, row in zip(table.rows, grid, strict=True):
            for cell, text in zip(row_cells.cells, row, strict=False):
                if text:
                    cell.text = text
        for r, c, rowspan, colspan in part.merges():
            table.cell(r - first, c).merge(table.cell(r - first + rowspan - 1, c + colspan - 1))
        for row in part.rows[last + 1 :]:
            document.add_paragraph("\t".join(row))
    document.save(str(target))
    return target
