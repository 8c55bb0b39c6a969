"""A printed disclosure as a Word document (python-docx).

East-Asian fonts are named explicitly (``w:eastAsia`` on the styles and on every run: 宋体 for text, 黑体 for
headings and table headers), the header grid's spans are merged cells, header rows repeat on every page a table
covers (``w:tblHeader``), amounts are right-aligned, the footer carries 第 N 页 (a PAGE field) and the page header
the running head and, when set, the stamp. A landscape table gets a landscape section.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from budgetlens.extras import needs
from budgetlens.generate.printed import Heading, PageBreak, Paragraph, PrintedDocument, PrintedTable

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.text.paragraph import Paragraph as WordParagraph

TEXT_FONT = "宋体"  # SimSun; Word and WPS have it, LibreOffice substitutes a CJK serif (Noto Serif CJK)
HEADING_FONT = "黑体"  # SimHei
LATIN_FONT = "Times New Roman"


def _fonts(element: Any, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set the four rFonts slots of a style's or a run's properties (``w:rPr``)."""
    from docx.oxml.ns import qn

    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)


def _run(paragraph: WordParagraph, text: str, east_asia: str = TEXT_FONT, size: float | None = None,
         bold: bool = False) -> None:  # fmt: skip
    from docx.shared import Pt

    run = paragraph.add_run(text)
    _fonts(run._r, east_asia)
    if size:
        run.font.size = Pt(size)
    run.bold = bold or None


def _field(paragraph: WordParagraph, instruction: str) -> None:
    """A simple field (PAGE) with a placeholder result the viewer replaces."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _contents_entries(doc: PrintedDocument) -> list[str]:
    if doc.contents_entries is not None:
        return doc.contents_entries
    entries = [b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 1]
    return entries + [f"{t.label}　{t.title}".strip() for t in doc.tables]


def _contents_field(word: WordDocument, doc: PrintedDocument) -> None:
    """Word's own 目录: a TOC field over the level-1 and level-2 headings, which Word fills with page numbers as the
    file opens (``updateFields``). Until then its result is the template's entries, each ending in a leader without
    a number, as a 目录 with no pages to count is printed (so that a reader takes them for a 目录)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> Any:
        run = OxmlElement("w:r")
        mark = OxmlElement("w:fldChar")
        mark.set(qn("w:fldCharType"), kind)
        run.append(mark)
        return run

    entries = _contents_entries(doc)
    for i, entry in enumerate(entries):
        paragraph = word.add_paragraph()
        if i == 0:
            paragraph._p.append(char("begin"))
            instruction = OxmlElement("w:r")
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = ' TOC \\o "1-2" \\h \\z \\u '
            instruction.append(text)
            paragraph._p.append(instruction)
            paragraph._p.append(char("separate"))
        _run(paragraph, f"{entry}……")
        if i == len(entries) - 1:
            paragraph._p.append(char("end"))
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    word.settings.element.append(update)


def _page_break(word: WordDocument) -> None:
    from docx.enum.text import WD_BREAK

    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _styles(word: WordDocument) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    normal = word.styles["Normal"]
    normal.font.size = Pt(10.5)
    _fonts(normal.element, TEXT_FONT)
    for level, size in ((1, 16), (2, 14), (3, 12)):
        style = word.styles[f"Heading {level}"]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
        _fonts(style.element, HEADING_FONT)
        if level == 1:
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for name in ("Title", "Header", "Footer"):
        _fonts(word.styles[name].element, TEXT_FONT)


def _page_frame(word: WordDocument, doc: PrintedDocument) -> None:
    """Running head and stamp in the header, 第 N 页 in the footer (linked into every later section)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import RGBColor

    section = word.sections[0]
    head = section.header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(head, doc.running_head, size=8)
    if doc.stamp:
        stamp = section.header.add_paragraph()
        stamp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(stamp, f"【{doc.stamp}】", HEADING_FONT, size=12, bold=True)
        for run in stamp.runs:
            run.font.color.rgb = RGBColor(0xCC, 0, 0)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(foot, "第 ", size=9)
    _field(foot, "PAGE")
    _run(foot, " 页", size=9)


def _orient(word: WordDocument, landscape: bool) -> None:
    """Start a new section in the orientation asked (a landscape table, then back)."""
    from docx.enum.section import WD_ORIENT, WD_SECTION

    current = word.sections[-1]
    if (current.orientation == WD_ORIENT.LANDSCAPE) == landscape:
        _page_break(word)
        return
    section = word.add_section(WD_SECTION.NEW_PAGE)
    width, height = section.page_width, section.page_height
    if width is not None and height is not None and (width > height) != landscape:
        section.page_width, section.page_height = height, width
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(mark)


def _display_width(text: str) -> int:
    """Columns a text takes: a CJK character two, anything else one."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def column_shares(table: PrintedTable) -> list[float]:
    """Each column's share of the table's width, from the longest text it prints (a name column wide, an amount
    column as wide as its amounts), so that names wrap little and amounts never."""
    need = [6] * table.columns
    for row in table.rows:
        c = 0
        for cell in row:
            if c < table.columns and cell.colspan == 1:
                cap = 12 if cell.kind == "amount" else 36
                need[c] = max(need[c], min(cap, _display_width(cell.text) + 2))
            c += cell.colspan
    total = sum(need)
    return [n / total for n in need]


def _set_widths(grid: Any, shares: list[float], usable: int) -> None:
    """Fixed column widths (Word and LibreOffice otherwise share the width equally)."""
    from docx.oxml.ns import qn

    grid.autofit = False
    widths = [int(usable * share) for share in shares]
    for col, width in zip(grid._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(int(width / 635)))  # EMU → twentieths of a point
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


def _table(word: WordDocument, table: PrintedTable) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    label = word.add_paragraph()
    _run(label, table.label, HEADING_FONT)
    title = word.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, table.title, HEADING_FONT, size=15)
    meta = word.add_paragraph()
    _run(meta, f"{table.department_line}\t单位：{table.unit}", size=9.5)
    section = word.sections[-1]
    usable = 0
    if section.page_width and section.left_margin is not None and section.right_margin is not None:
        from docx.enum.text import WD_TAB_ALIGNMENT

        usable = section.page_width - section.left_margin - section.right_margin
        meta.paragraph_format.tab_stops.add_tab_stop(usable, WD_TAB_ALIGNMENT.RIGHT)
    n_head = len([r for r in table.header if r])
    grid = word.add_table(rows=n_head + len(table.rows), cols=table.columns)
    grid.style = word.styles["Table Grid"]
    if usable:
        _set_widths(grid, column_shares(table), usable)
    taken: set[tuple[int, int]] = set()
    for i, header_row in enumerate(r for r in table.header if r):
        c = 0
        for head in header_row:
            while (i, c) in taken:
                c += 1
            cell = grid.cell(i, c)
            if head.colspan > 1 or head.rowspan > 1:
                cell = cell.merge(grid.cell(i + head.rowspan - 1, c + head.colspan - 1))
            for rr in range(i, i + head.rowspan):
                for cc in range(c, c + head.colspan):
                    taken.add((rr, cc))
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            _run(paragraph, head.text, HEADING_FONT, size=9)
            c += head.colspan
    for i in range(n_head):
        _repeat_header(grid.rows[i])
    for j, row in enumerate(table.rows):
        c = 0
        cells = grid.rows[n_head + j].cells  # once per row: python-docx rebuilds the cell list on every lookup
        for body in row:
            if c >= table.columns:
                break
            cell = cells[c]
            if body.colspan > 1:
                cell = cell.merge(cells[min(c + body.colspan, table.columns) - 1])
            paragraph = cell.paragraphs[0]
            if body.kind == "amount":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif body.kind == "label":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif body.kind == "name" and body.level:
                paragraph.paragraph_format.left_indent = Pt(9 * body.level)
            if body.text:
                _run(paragraph, body.text, size=9)
            c += body.colspan
    if table.note:
        note = word.add_paragraph()
        _run(note, table.note, size=9)


def write_docx(doc: PrintedDocument, out: Path) -> Path:
    with needs("generate-docx", out):
        import docx
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

    word = docx.Document()
    _styles(word)
    section = word.sections[0]
    section.page_width, section.page_height = docx.shared.Mm(210), docx.shared.Mm(297)
    _page_frame(word, doc)
    for i, line in enumerate(doc.cover):
        paragraph = word.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(180 if i == 0 else 12)
        _run(paragraph, line, HEADING_FONT, size=24 if i == 0 else 15, bold=i == 0)
    if doc.contents:  # Word's own 目录: a TOC field of the parts, filled with page numbers when the file is opened
        _page_break(word)
        heading = word.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(heading, "目　录", HEADING_FONT, size=16)
        _contents_field(word, doc)
    pending_break = bool(doc.cover) or doc.contents
    for block in doc.blocks:
        if isinstance(block, PageBreak):
            pending_break = True
            continue
        if isinstance(block, PrintedTable):
            _orient(word, block.landscape or doc.landscape)
            _table(word, block)
            pending_break = True
            continue
        if pending_break:
            _orient(word, doc.landscape)
            pending_break = False
        if isinstance(block, Heading):
            paragraph = word.add_heading(level=min(max(block.level, 1), 3))
            _run(paragraph, block.text, HEADING_FONT)
        elif isinstance(block, Paragraph):
            paragraph = word.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(21)
            paragraph.paragraph_format.line_spacing = 1.5
            _run(paragraph, block.text)
    word.save(str(out))
    return out
