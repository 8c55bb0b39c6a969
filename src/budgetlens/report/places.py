"""Where a finding stands, in the words a reviewer looks it up with: page (PDF, scan) or sheet and cell
(workbook), the internal line, and the table, row and column by their printed titles.

Text documents have only lines; a PDF's line numbers are the reader's and mean little beside the
printed page, so every renderer names the page first when there is one.
"""

from __future__ import annotations

from dataclasses import dataclass

from budgetlens.model import Document, Finding


@dataclass(frozen=True)
class Place:
    """A finding's location resolved against its document (titles instead of ids)."""

    line: int | None = None
    line_end: int | None = None
    page: int | None = None
    sheet: str | None = None
    cell_ref: str | None = None
    table_title: str | None = None
    row_name: str | None = None
    column_header: str | None = None

    def short(self, lang: str = "zh") -> str:
        """``第8页 L75`` / ``p.8 L75``; ``L75`` for a text document; ``-`` when nothing is known."""
        parts: list[str] = []
        if self.page is not None:
            parts.append(f"p.{self.page}" if lang == "en" else f"第{self.page}页")
        if self.sheet:
            cell = f"!{self.cell_ref}" if self.cell_ref else ""
            parts.append(f"{self.sheet}{cell}")
        if self.line is not None:
            parts.append(f"L{self.line}")
        return " ".join(parts) or "-"

    def cell(self, lang: str = "zh") -> str | None:
        """The table, row and column as printed: ``表“…” 行“…” 列“…”``; None without a table."""
        if not self.table_title:
            return None
        if lang == "en":
            parts = [f"table “{self.table_title}”"]
            parts += [f"row “{self.row_name}”"] if self.row_name else []
            parts += [f"column “{self.column_header}”"] if self.column_header else []
            return ", ".join(parts)
        parts = [f"表“{self.table_title}”"]
        parts += [f"行“{self.row_name}”"] if self.row_name else []
        parts += [f"列“{self.column_header}”"] if self.column_header else []
        return " ".join(parts)

    def json(self) -> dict[str, str | None]:
        return {"table_title": self.table_title, "row_name": self.row_name, "column_header": self.column_header}


def place_of(finding: Finding, doc: Document) -> Place:
    """The finding's page, line and cell, with the table's title, the row's name and the column's header."""
    loc = finding.location
    table = next((t for t in doc.tables if t.id == loc.table), None) if loc.table else None
    row = table.rows[loc.row] if table and loc.row is not None and 0 <= loc.row < len(table.rows) else None
    if table and row is not None and row.index != loc.row:
        row = next((r for r in table.rows if r.index == loc.row), None)
    column = table.column(loc.column) if table and loc.column else None
    row_name = None
    if row is not None:
        row_name = f"{row.code} {row.name}" if row.code and row.code not in row.name else row.name
    return Place(
        line=loc.line,
        line_end=loc.line_end if loc.line_end != loc.line else None,
        page=loc.page,
        sheet=loc.sheet,
        cell_ref=loc.cell_ref,
        table_title=table.title if table else loc.table,
        row_name=row_name,
        column_header=column.header_text if column else loc.column,
    )


def line_pages(doc: Document) -> dict[int, int]:
    """The printed page of every line the document's tables, rows, claims and targets were read from."""
    located = [t.location for t in doc.tables] + [r.location for t in doc.tables for r in t.rows]
    located += [c.location for c in doc.claims] + [t.location for t in doc.targets]
    pages: dict[int, int] = {}
    for loc in located:
        if loc.line is not None and loc.page is not None:
            pages.setdefault(loc.line, loc.page)
    return pages


def line_label(line: int, pages: dict[int, int], lang: str = "zh") -> str:
    """``第8页 L75`` for a line of a PDF page, ``L75`` otherwise."""
    page = pages.get(line)
    return Place(line=line, page=page).short(lang)
