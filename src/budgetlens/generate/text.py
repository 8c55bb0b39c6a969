"""PrintedDocument -> plain text in the flavour of text taken from a published PDF.

Each heading and paragraph is a line followed by a blank line; a table prints its title, the line naming the
department, its unit, the header grid and the rows with cells separated by TAB (a spanned header cell leaves
empty cells after or below it), then its note. A page break is a blank line. The 目录 lists the template's
entries with their pages, printed only when the caller knows the pages.
"""

from __future__ import annotations

from collections.abc import Sequence

from budgetlens.generate.printed import HeaderCell, Heading, PageBreak, Paragraph, PrintedDocument, PrintedTable

__all__ = ["header_lines", "render_text"]


def header_lines(header: list[list[HeaderCell]], columns: int) -> list[str]:
    """The header grid as TAB-separated lines: a cell's text at its top-left position, the rest of its span empty."""
    taken: set[tuple[int, int]] = set()
    lines = []
    for r, row in enumerate(header):
        cells = [""] * columns
        col = 0
        for cell in row:
            while (r, col) in taken:
                col += 1
            if col < columns:
                cells[col] = cell.text
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, col + dc))
            col += cell.colspan
        lines.append("\t".join(cells))
    return lines


def table_lines(table: PrintedTable) -> list[str]:
    lines = [table.title, "", table.department_line, ""]
    if table.unit:
        lines += [f"单位：{table.unit}", ""]
    lines += header_lines(table.header, table.columns)
    lines += ["\t".join(c.text + "\t" * (c.colspan - 1) for c in row) for row in table.rows]
    lines.append("")
    if table.note:
        lines += [table.note, ""]
    return lines


def contents_lines(doc: PrintedDocument, pages: Sequence[int] | None) -> list[str]:
    entries = doc.contents_entries
    if entries is None:
        entries = [b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 1]
        entries += [f"{t.label}{t.title}" for t in doc.tables if t.label]
    lines = ["目 录", ""]
    for i, entry in enumerate(entries):
        is_part = entry.startswith("第") and "部分" in entry
        has_children = i + 1 < len(entries) and not entries[i + 1].startswith("第")
        leader = "" if is_part and has_children and pages is not None else ("....." if pages is not None else "……")
        page = f"\t{pages[i]}" if pages is not None and i < len(pages) else ""
        lines.append(f"{entry}{leader}{page}")
    return [*lines, ""]


def render_text(doc: PrintedDocument, pages: Sequence[int] | None = None) -> str:
    """The document as text; ``pages`` gives the 目录's page numbers (without them each entry ends in a leader
    ……, as a 目录 that has no pages to count does, so that no entry reads as a table's title)."""
    lines: list[str] = [doc.stamp, ""] if doc.stamp else []
    for line in doc.cover:
        lines += [line, ""]
    if doc.contents:
        lines += contents_lines(doc, pages)
    for block in doc.blocks:
        if isinstance(block, Heading | Paragraph):
            lines += [block.text, ""]
        elif isinstance(block, PrintedTable):
            lines += table_lines(block)
        elif isinstance(block, PageBreak):
            lines.append("")
    return "\n".join(lines)
