"""Cut a document's lines into cover, narrative sections, tables and performance-annex fragments.

Everything is recognised by its words and shape, never by markup or printed numbers: markdown
levels are meaningless in these documents and table numbers differ between templates.
"""

from __future__ import annotations

import re

from budgetlens.read.raw import Line, RawDocument
from budgetlens.segment import vocabulary as v
from budgetlens.segment.blocks import SectionBlock, Segmentation, TableBlock, TargetBlock

_YEAR_LINE = re.compile(r"^[（(]\s*\d{4}\s*(?:年度)?\s*[）)]\s*(?:年度)?$")
_TERMINAL = tuple("。；;！？!?：:")


def is_junk(line: Line) -> bool:
    """Lines that carry nothing: blanks, watermarks, page footers, table labels, markdown rules, captions."""
    text = line.text.strip()
    if not text:
        return True
    joined = "".join(line.cells)
    if not joined or joined in v.WATERMARKS:
        return True
    if v.TABLE_LABEL.match(joined) or v.PAGE_FOOTER.match(joined):
        return True
    if "-" in text and v.MD_SEPARATOR.match(text.replace("\t", " ")):
        return True
    return len(line.cells) == 1 and bool(v.CAPTION.search(joined)) and len(joined) <= 30


def single_text(line: Line) -> str | None:
    """The text of a line that has exactly one cell (no TAB), else None."""
    if len(line.cells) != 1:
        return None
    return line.cells[0] or None


def _is_toc_entry(line: Line) -> bool:
    text = "".join(line.cells)
    if "..." in text or "…" in text:
        return True
    filled = [c for c in line.cells if c]
    return len(filled) >= 2 and filled[-1].isdigit()


def _title_kind(line: Line) -> tuple[str, str] | None:
    """('table', kind) or ('target', kind) when the line is a table or annex title."""
    text = single_text(line)
    if text is None or len(text) > 60 or text.endswith("。") or text.startswith(("（", "(")):
        return None
    kind = v.target_kind(text)
    if kind:
        return "target", kind
    kind = v.table_kind(text)
    if kind and ("表" in text):
        return "table", kind
    return None


def _unknown_title(lines: list[Line], i: int) -> bool:
    """A title-like line ending in 表 followed by a 单位/部门名称 line or a TAB row: an unknown table."""
    text = single_text(lines[i])
    if text is None or len(text) > 50 or not re.search(r"表(?:[（(][^）)]*[）)])?$", text):
        return False
    for nxt in lines[i + 1 : i + 8]:
        if is_junk(nxt):
            continue
        joined = "".join(nxt.cells)
        return len(nxt.cells) > 1 or bool(v.ISSUER_LINE.match(joined) or v.UNIT_LINE.match(joined))
    return False


def _heading(line: Line) -> tuple[int, str, str] | None:
    text = single_text(line)
    if text is None or len(text) > 40 or text.endswith("。"):
        return None
    return v.heading(text)


class _Builder:
    """Walks the lines once, keeping the current block open until the next boundary."""

    def __init__(self) -> None:
        self.out = Segmentation()
        self.table: TableBlock | None = None
        self.target: TargetBlock | None = None
        self.section: SectionBlock | None = None
        self.mode = "cover"

    def close(self) -> None:
        self.table = None
        self.target = None

    def start_table(self, line: Line, kind: str) -> None:
        self.close()
        text = single_text(line) or ""
        self.table = TableBlock(kind=kind, title=text, line=line.no, line_end=line.no)
        self.out.tables.append(self.table)

    def start_target(self, line: Line, kind: str) -> None:
        self.close()
        text = single_text(line) or ""
        self.target = TargetBlock(kind=kind, title=text, line=line.no, line_end=line.no)
        self.out.targets.append(self.target)

    def start_section(self, line: Line, depth: int, number: str, title: str) -> None:
        self.close()
        self.section = SectionBlock(title=title, number=number, depth=depth, line=line.no, line_end=line.no)
        self.out.sections.append(self.section)

    def table_line(self, table: TableBlock, line: Line) -> None:
        joined = "".join(line.cells)
        table.line_end = line.no
        m = v.ISSUER_LINE.match(joined) if len(line.cells) == 1 else None
        if m and table.issuer_label is None:
            table.issuer_label = m.group(2).strip()
            return
        u = v.UNIT_LINE.match(joined.replace(" ", "")) if len(line.cells) <= 2 else None
        if u and table.unit is None:
            table.unit = u.group(1)
            return
        if v.NOTE_LINE.match(joined):
            table.notes.append(line)
            return
        table.lines.append(line)

    def paragraph(self, line: Line) -> None:
        if self.section is None:
            return
        text = " ".join(c for c in line.cells if c)
        paras = self.section.paragraphs
        if paras and not paras[-1][1].endswith(_TERMINAL):
            paras[-1] = (paras[-1][0], paras[-1][1] + text)
        else:
            paras.append((line.no, text))
        self.section.line_end = line.no


def segment(raw: RawDocument) -> Segmentation:
    """Segment a read document (text flavour: one line per row, TAB between cells)."""
    b = _Builder()
    for i, line in enumerate(raw.lines):
        if is_junk(line):
            continue
        text = single_text(line)
        if b.mode == "toc":
            if _is_toc_entry(line) or (text and v.TOC_TITLE.match(text)):
                continue
            b.mode = "body"
        if text and v.TOC_TITLE.match(text.replace(" ", " ")):
            b.close()
            b.mode = "toc"
            continue
        if b.mode == "circular":
            head = _heading(line)
            if not (head and head[0] == 0):
                continue
            b.mode = "body"
        if text and v.CIRCULAR.match(text):
            b.close()
            b.mode = "circular"
            continue
        title = _title_kind(line)
        if title:
            b.mode = "body"
            if title[0] == "table":
                b.start_table(line, title[1])
            else:
                b.start_target(line, title[1])
            continue
        if b.mode == "body" and _unknown_title(raw.lines, i) and not _heading(line):
            b.start_table(line, "unknown")
            continue
        head = _heading(line)
        if head and (b.target is None or head[0] <= 1) and (b.table is None or len(line.cells) == 1):
            b.mode = "body"
            b.start_section(line, *head)
            continue
        if b.table is not None:
            b.table_line(b.table, line)
        elif b.target is not None:
            if not (len(b.target.lines) == 0 and text and _YEAR_LINE.match(text.replace(" ", ""))):
                b.target.lines.append(line)
            b.target.line_end = line.no
        elif b.mode == "cover":
            b.out.title_lines.append(line)
        else:
            b.paragraph(line)
    return b.out
