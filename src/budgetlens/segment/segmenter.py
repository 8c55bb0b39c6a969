"""Cut a document's lines into cover, narrative sections, tables and performance-annex fragments.

Everything is recognised by its words and shape, never by markup or printed numbers: markdown
levels are meaningless in these documents and table numbers differ between templates.
"""

from __future__ import annotations

import re

from budgetlens.model.table_kinds import TableKind
from budgetlens.read.noise import collapse_doubled, is_watermark
from budgetlens.read.raw import Line, RawDocument
from budgetlens.segment import vocabulary as v
from budgetlens.segment.blocks import SectionBlock, Segmentation, TableBlock, TargetBlock

_YEAR_LINE = re.compile(r"^[（(]\s*\d{4}\s*(?:年度)?\s*[）)]\s*(?:年度)?$")
_TERMINAL = tuple("。；;！？!?：:")
AMOUNT_LIKE = re.compile(r"\d+\.\d{2}(?!\d)")
_TABLES_PART = re.compile(r"(?:决算表|预算报表|预算表)$")
_TOC_PAGE = re.compile(r"[^\d\s]\s+\d{1,3}$")  # "第一部分 概况 1": a contents entry whose TAB became a space
_CLAUSE_END = ("。", "：", ":", "；", ";")
_YEAR_ONLY = re.compile(r"^\d{4}$")


def is_junk(line: Line) -> bool:
    """Lines that carry nothing: blanks, watermarks, page footers, table labels, markdown rules, captions."""
    text = line.text.strip()
    if not text:
        return True
    joined = "".join(line.cells)
    if not joined or joined in v.WATERMARKS or (len(text) <= 12 and is_watermark(text)):
        return True
    if v.RUNNING_HEADER.match(joined.replace(" ", "")):
        return True
    if v.TABLE_LABEL.match(joined) or v.PAGE_FOOTER.match(joined):
        return True
    if "公" in text and len(text) <= 30:
        kept = [t for t in text.split() if not is_watermark(t)]
        if kept and len(kept) < len(text.split()) and v.TABLE_LABEL.match("".join(kept)):
            return True  # a table label with watermark debris glued to it
    if "-" in text and v.MD_SEPARATOR.match(text.replace("\t", " ")):
        return True
    return len(line.cells) == 1 and bool(v.CAPTION.search(joined)) and len(joined) <= 30


def single_text(line: Line) -> str | None:
    """The text of a line that has exactly one cell (no TAB), doubled bold runs collapsed, else None."""
    if len(line.cells) != 1:
        return None
    return collapse_doubled(line.cells[0]) or None


def _is_toc_entry(line: Line) -> bool:
    text = "".join(line.cells)
    if "..." in text or "…" in text:
        return True
    filled = [c for c in line.cells if c]
    return (len(filled) >= 2 and filled[-1].isdigit()) or (len(filled) == 1 and bool(_TOC_PAGE.search(filled[0])))


def _entry_key(line: Line) -> str:
    """A contents entry or heading reduced to its words: no leaders, page number, spaces or markup."""
    text = "".join(collapse_doubled(c) for c in line.cells)
    text = re.split(r"\.{3,}|…+", text)[0]
    return re.sub(r"[\s<>/b*#]+|\d+$", "", text)


def unpaged_toc(lines: list[Line]) -> set[int]:
    """Line numbers of a 目录 whose entries print no leaders or page numbers (empty when there is none).

    Such a 目录 is a run of short headings and table titles after the 目录 title. It is one only when
    the run ends where the body begins by printing an entry again (its first heading); a run that
    ends in a paragraph was the body itself, under a 目录 title that had nothing to list.
    """
    start = next((i for i, ln in enumerate(lines) if (t := single_text(ln)) and v.TOC_TITLE.match(t)), None)
    if start is None:
        return set()
    entries: list[Line] = []
    for line in lines[start + 1 :]:
        if is_junk(line):
            continue
        if _unpaged_toc_entry(entries, line):
            entries.append(line)
            continue
        repeated = any(_entry_key(e) == _entry_key(line) for e in entries)
        return {e.no for e in entries} if repeated else set()
    return set()


def _unpaged_toc_entry(entries: list[Line], line: Line) -> bool:
    """A contents entry printed without leaders or page number, not yet listed (see ``unpaged_toc``)."""
    if any(_is_toc_entry(e) for e in entries):
        return False
    flat = " ".join(c for c in line.cells if c).strip()
    if not flat or len(flat.replace(" ", "")) > 40 or flat.endswith(_CLAUSE_END) or AMOUNT_LIKE.search(flat):
        return False
    if _YEAR_ONLY.match(flat) or not re.sub(r"[\s“”\"│]+", "", flat):
        return True  # a year or quote marks set apart from their entry
    key = _entry_key(line)
    if any(_entry_key(e) == key for e in entries):
        return False
    return bool(v.heading(flat.replace(" │ ", "")) or ("表" in flat and v.table_kind(flat)))


def toc_headings(entries: list[Line]) -> list[tuple[int, str, str]]:
    """The (depth, number, title) of the 目录's numbered entries that are not table titles."""
    out: list[tuple[int, str, str]] = []
    for entry in entries:
        key = _entry_key(entry)
        head = v.heading(key)
        if head and len(head[2]) >= 2 and not ("表" in head[2] and v.table_kind(head[2])):
            out.append(head)
    return out


def unnumbered_heading(line: Line, listed: list[tuple[int, str, str]]) -> tuple[int, str, str] | None:
    """A heading printed without its number, told by the 目录 entry it repeats.

    Templates print 一、部门主要职能 in the 目录 and the body's heading as 某某局主要职能 or
    2026年部门预算编制说明: a short line of its own, no sentence, whose words end with the entry's
    (the entry's leading 部门/单位 may be replaced by the issuer's name, a year may come first).
    """
    text = single_text(line)
    if text is None or len(text) > 40 or text.endswith(_CLAUSE_END) or "，" in text or v.heading(text):
        return None
    flat = re.sub(r"\s+", "", text)
    for depth, number, title in listed:
        core = re.sub(r"^(?:部门|单位|本部门|本单位)", "", title)
        if len(core) >= 4 and flat.endswith(core):
            return depth, number, title
    return None


def _title_kind(line: Line) -> TableKind | str | None:
    """The table kind, or the annex kind ("project", "overall", …), when the line is a table or annex title.

    A title is a name, never a clause: a line with a comma or ending in a stop or colon is a sentence.
    """
    text = single_text(line)
    if text is None or len(text) > 60 or text.endswith(_CLAUSE_END) or text.startswith(("（", "(", "注", "说明")):
        return None
    if "，" in text:
        return None
    target = v.target_kind(text)
    if target:
        return target
    kind = v.table_kind(text)
    return kind if kind and "表" in text else None


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


_RUN_IN = re.compile(r"^([^。：:，,；;\d]{2,16})[。：:]\s*(\S.*)$")


def run_in_heading(line: Line) -> tuple[tuple[int, str, str], Line] | None:
    """A numbered heading that runs into its paragraph (（二）收入预算。本年收入…): heading and the rest.

    Only numbered sub-headings (一、 / （一） / 1、) whose title is a short phrase without figures
    ending in 。 or ： qualify; the rest of the line stays a paragraph under the new heading.
    """
    text = single_text(line)
    head = v.heading(text) if text else None
    if head is None or head[0] == 0:
        return None
    m = _RUN_IN.match(head[2])
    if m is None:
        return None
    rest = m.group(2)
    paragraph = Line(no=line.no, text=rest, cells=(rest,), page=line.page, bbox=line.bbox)
    return (head[0], head[1], m.group(1).strip()), paragraph


def _row_key(line: Line) -> str:
    """A row's text for telling a repeated header: its filled cells (the columns around them may differ)."""
    return "|".join(collapse_doubled(c).replace(" ", "") for c in line.cells if c.strip())


def _repeats_first_header(table: TableBlock, line: Line) -> bool:
    """The table's first header row printed again after its rows began: the table goes on a new page."""
    if not table.lines or len([c for c in line.cells if c]) < 2 or _row_key(line) != _row_key(table.lines[0]):
        return False
    if AMOUNT_LIKE.search(" ".join(line.cells)):
        return False
    return any(AMOUNT_LIKE.search(" ".join(ln.cells)) for ln in table.lines)  # its rows had begun


def _continues(text: str, table: TableBlock | None) -> bool:
    """A 续表 label (or the open table's title marked （续）) while a table is open."""
    if table is None or not v.CONTINUATION.search(text.replace(" ", "")):
        return False
    base = v.CONTINUATION.sub("", text.replace(" ", ""))
    return not base or v.table_kind(base) in (None, table.kind)


def _heading(line: Line) -> tuple[int, str, str] | None:
    text = single_text(line)
    if text is None or len(text) > 40 or text.endswith("。") or AMOUNT_LIKE.search(text):
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
        self.repeated: set[str] | None = None  # header lines a 续表 may print again, while they can follow

    def close(self) -> None:
        self.table = None
        self.target = None
        self.repeated = None

    def go_on(self, table: TableBlock) -> None:
        """A 续表 label: the open table goes on; its title, unit line and header rows may be printed again."""
        header = []
        for line in table.lines:
            if AMOUNT_LIKE.search(" ".join(line.cells)):
                break
            header.append(_row_key(line))
        self.repeated = {*header, _row_key(Line(no=0, text=table.title, cells=(table.title,)))}

    def repeats_header(self, table: TableBlock, line: Line) -> bool:
        """Is this a line of the continuation's repeated head (dropped), not yet its first body row?"""
        if self.repeated is None:
            return False
        flat = "".join(line.cells).replace(" ", "")
        unit = v.UNIT_ANYWHERE.search(flat)
        if _row_key(line) in self.repeated or (unit and unit.group(1) == table.unit and not AMOUNT_LIKE.search(flat)):
            return True
        self.repeated = None
        return False

    def start_table(self, line: Line, kind: TableKind) -> None:
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
        flat = " ".join(c for c in line.cells if c)
        preamble = not AMOUNT_LIKE.search(flat)
        m = v.ISSUER_ANYWHERE.search(flat) if preamble and table.issuer_label is None else None
        if m:
            table.issuer_label = m.group(1).strip()
        u = v.UNIT_ANYWHERE.search(flat.replace(" ", "")) if preamble and table.unit is None else None
        if u:
            table.unit = u.group(1)
        if m or u:
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
    listed: list[tuple[int, str, str]] = []
    unpaged = unpaged_toc(raw.lines)
    for i, line in enumerate(raw.lines):
        if v.RUNNING_HEADER.match(line.text.replace(" ", "").strip()):
            b.out.running_headers.append(line.text.strip())
            continue
        if is_junk(line):
            continue
        text = single_text(line)
        if b.mode == "toc":
            if _is_toc_entry(line) or (text and v.TOC_TITLE.match(text)) or line.no in unpaged:
                b.out.toc_lines.append(line)
                continue
            b.mode = "body"
            listed = toc_headings(b.out.toc_lines)
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
        if text and _continues(text, b.table) and b.table is not None:
            b.go_on(b.table)
            continue
        if b.table is not None and b.repeats_header(b.table, line):
            continue
        title = _title_kind(line)
        if title:
            b.mode = "body"
            if isinstance(title, TableKind):
                b.start_table(line, title)
            else:
                b.start_target(line, title)
            continue
        if b.mode == "body" and _unknown_title(raw.lines, i) and not _heading(line):
            b.start_table(line, TableKind.UNKNOWN)
            continue
        numbered = _heading(line)
        head = numbered or unnumbered_heading(line, listed)
        if head and b.table is not None and (head[0] > 0 or _TABLES_PART.search(head[2])):
            # inside a table only a new part ends it (a displaced 第二部分 heading does not), or a heading
            # the 目录 lists, printed without its number (其他相关情况说明 after the last table)
            listed_here = numbered is None and not _TABLES_PART.search(head[2])
            head = head if listed_here else None
        if head and (b.target is None or head[0] <= 1):
            b.mode = "body"
            b.start_section(line, *head)
            continue
        if b.table is not None and _repeats_first_header(b.table, line):
            b.go_on(b.table)
            continue
        if b.table is not None:
            b.table_line(b.table, line)
        elif b.target is not None:
            if not (len(b.target.lines) == 0 and text and _YEAR_LINE.match(text.replace(" ", ""))):
                b.target.lines.append(line)
            b.target.line_end = line.no
        elif b.mode == "cover":
            b.out.title_lines.append(line)
        elif (run_in := run_in_heading(line)) is not None:
            b.start_section(line, *run_in[0])
            b.paragraph(run_in[1])
        else:
            b.paragraph(line)
    return b.out
