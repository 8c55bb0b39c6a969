"""A printed disclosure as one self-contained web page (inline CSS), the same page WeasyPrint prints as the PDF.

Cover, 目录 (level-1 headings and tables, linked; with page numbers in print), headings, paragraphs and tables:
label, centred title, the department line with the unit on the right, a header grid with its spans, codes as text,
names indented by level, amounts right-aligned, the note. Page breaks are CSS. In print the running head and
第 N 页 sit in the page margins, a landscape table gets a landscape page, the header row repeats on every page a
table covers and a 续表 line heads each page a table goes on to; the stamp is printed on every page.
"""

from __future__ import annotations

from html import escape

from budgetlens.generate.printed import Cell, Heading, PageBreak, Paragraph, PrintedDocument, PrintedTable

SERIF = '"Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "宋体", serif'
SANS = '"Noto Sans CJK SC", "Source Han Sans SC", "SimHei", "黑体", sans-serif'

SCREEN_CSS = f"""
body {{ font-family: {SERIF}; font-size: 10.5pt; color: #000; max-width: 270mm; margin: 0 auto; padding: 0 12mm; }}
.cover {{ text-align: center; padding: 50mm 0 30mm 0; }}
.cover p {{ font-family: {SANS}; font-size: 14pt; margin: 6mm 0; text-indent: 0; }}
.cover p.first {{ font-size: 24pt; font-weight: bold; }}
.contents h2 {{ text-align: center; font-family: {SANS}; font-size: 16pt; }}
.contents ol {{ list-style: none; padding: 0; }}
.contents li {{ margin: 2mm 0; }}
.contents li.table {{ padding-left: 2em; }}
.contents a {{ color: #000; text-decoration: none; }}
h1, h2, h3 {{ font-family: {SANS}; }}
h1.part {{ font-size: 16pt; text-align: center; margin: 6mm 0 4mm 0; }}
h2.section {{ font-size: 13pt; margin: 4mm 0 2mm 0; }}
h3.subsection {{ font-size: 11pt; margin: 3mm 0 1mm 0; }}
p {{ text-indent: 2em; line-height: 1.7; margin: 0 0 1mm 0; text-align: justify; }}
.break {{ break-before: page; }}
section.tbl {{ break-before: page; margin-top: 4mm; }}
.tbl .label {{ font-family: {SANS}; font-size: 10pt; }}
.tbl h2.title {{ font-family: {SANS}; text-align: center; font-size: 15pt; margin: 2mm 0 3mm 0; }}
.tbl .meta {{ display: flex; justify-content: space-between; font-size: 9.5pt; margin-bottom: 1mm; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 0.6pt solid #000; padding: 2.5pt 4pt; font-size: 9.5pt; }}
th {{ font-family: {SANS}; font-weight: normal; text-align: center; vertical-align: middle; min-width: 3.2em; }}
td.amount {{ text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }}
td.code {{ text-align: left; white-space: nowrap; }}
td.name {{ min-width: 9em; }}
section.tbl td.name:first-child, section.tbl td.name:nth-child(2) {{ width: 24%; }}
td.label {{ text-align: center; }}
.tbl p.note {{ text-indent: 0; font-size: 9pt; margin-top: 1mm; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
.stamp {{ position: fixed; top: 2mm; right: 4mm; border: 2pt solid #c00; color: #c00; font-family: {SANS};
  font-size: 14pt; padding: 1mm 3mm; background: rgba(255,255,255,0.85); transform: rotate(-8deg); z-index: 10; }}
"""

PRINT_CSS = f"""
@page {{ size: A4 portrait; margin: 22mm 16mm 20mm 16mm;
  @top-center {{ content: "%(running_head)s"; font-family: {SERIF}; font-size: 8pt; color: #444;
                 vertical-align: top; }}
  @top-left {{ content: string(continued, start); font-family: {SANS}; font-size: 9pt; vertical-align: bottom; }}
  @bottom-center {{ content: "第 " counter(page) " 页"; font-family: {SERIF}; font-size: 9pt; }} }}
@page wide {{ size: A4 landscape; margin: 18mm 14mm 16mm 14mm; }}
@page cover {{ @top-center {{ content: none; }} @bottom-center {{ content: none; }} }}
body {{ max-width: none; padding: 0; }}
.cover {{ page: cover; padding-top: 70mm; }}
.contents {{ break-before: page; }}
.contents a::after {{ content: leader(".") target-counter(attr(href), page); }}
.contents .lead {{ display: none; }}
section.tbl.wide {{ page: wide; }}
section.tbl.wide th, section.tbl.wide td {{ font-size: 8.5pt; padding: 2pt 3pt; }}
.tbl tbody tr:first-child {{ string-set: continued "续表"; }}
.tbl .end {{ string-set: continued ""; height: 0; }}
.stamp {{ position: fixed; top: -14mm; right: 0; transform: none; font-size: 12pt; }}
"""


def _text(text: str) -> str:
    return escape(text, quote=True)


def _cell(cell: Cell) -> str:
    span = f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
    style = f' style="padding-left: {0.4 + 1.2 * cell.level:.1f}em"' if cell.kind == "name" and cell.level else ""
    return f'<td class="{cell.kind}"{span}{style}>{_text(cell.text)}</td>'


def table_html(table: PrintedTable, anchor: str) -> str:
    """One table: label, title, department and unit line, header grid, rows and note."""
    head = "".join(
        "<tr>"
        + "".join(
            "<th"
            + (f' colspan="{c.colspan}"' if c.colspan > 1 else "")
            + (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "")
            + f">{_text(c.text)}</th>"
            for c in row
        )
        + "</tr>"
        for row in table.header
        if row
    )
    label = _text(table.label)
    body = "".join(f'<tr data-label="{label}">' + "".join(_cell(c) for c in row) + "</tr>" for row in table.rows)
    note = f'<p class="note">{_text(table.note)}</p>' if table.note else ""
    wide = " wide" if table.landscape else ""
    return (
        f'<section class="tbl{wide}" id="{anchor}"><div class="label">{label}</div>'
        f'<h2 class="title">{_text(table.title)}</h2>'
        f'<div class="meta"><span>{_text(table.department_line)}</span><span>单位：{_text(table.unit)}</span></div>'
        f'<table><thead>{head}</thead><tbody>{body}</tbody></table>{note}<div class="end"></div></section>'
    )


# On screen an entry ends in a leader without a page number, as a 目录 with no pages to count is printed (so that
# a reader takes the entries for a 目录, not for the titles of the tables); in print the leader and the page number
# come from the paged-media rules instead.
LEADER = '<span class="lead">……</span>'


def _entry_target(entry: str, doc: PrintedDocument, anchors: dict[int, str]) -> str | None:
    """The anchor of the heading or table a 目录 entry of the template names (its words, numbering aside)."""
    for i, block in enumerate(doc.blocks):
        if isinstance(block, Heading) and block.level <= 2 and (entry == block.text or entry.endswith(block.text)):
            return anchors[i]
        if isinstance(block, PrintedTable) and block.title and block.title in entry:
            return anchors[i]
    return None


def _contents(doc: PrintedDocument, anchors: dict[int, str]) -> str:
    """The 目录: the template's entries when it gives them, else the level-1 headings and the tables; every entry
    with its leader and page number (in print)."""
    items = []
    if doc.contents_entries is not None:
        targets = [_entry_target(entry, doc, anchors) for entry in doc.contents_entries]
        for i, entry in enumerate(doc.contents_entries):
            # a part that only groups what follows (五、部门预算表) starts where its first entry does
            target = targets[i] or next((t for t in targets[i + 1 :] if t), None)
            link = f'<a href="#{target}">{_text(entry)}</a>' if target else _text(entry)
            items.append(f'<li class="entry">{link}{LEADER}</li>')
        return f'<nav class="contents"><h2>目　录</h2><ol>{"".join(items)}</ol></nav>'
    for i, block in enumerate(doc.blocks):
        if isinstance(block, Heading) and block.level == 1:
            items.append(f'<li class="part"><a href="#{anchors[i]}">{_text(block.text)}</a>{LEADER}</li>')
        elif isinstance(block, PrintedTable):
            text = _text(f"{block.label}　{block.title}".strip())
            items.append(f'<li class="table"><a href="#{anchors[i]}">{text}</a>{LEADER}</li>')
    return f'<nav class="contents"><h2>目　录</h2><ol>{"".join(items)}</ol></nav>'


def html_page(doc: PrintedDocument, *, for_print: bool = False) -> str:
    """The whole disclosure as one HTML page; ``for_print`` adds the paged-media rules WeasyPrint follows."""
    anchors = {i: f"b{i}" for i, b in enumerate(doc.blocks) if isinstance(b, Heading | PrintedTable)}
    css = SCREEN_CSS
    if for_print:
        css += PRINT_CSS % {"running_head": doc.running_head.replace("\\", "\\\\").replace('"', '\\"')}
        if doc.landscape:
            css += "@page { size: A4 landscape; }"
    parts: list[str] = []
    if doc.stamp:
        parts.append(f'<div class="stamp">{_text(doc.stamp)}</div>')
    if doc.cover:
        lines = [f'<p class="{"first" if i == 0 else "line"}">{_text(x)}</p>' for i, x in enumerate(doc.cover)]
        parts.append(f'<header class="cover">{"".join(lines)}</header>')
    if doc.contents:
        parts.append(_contents(doc, anchors))
    pending_break = doc.contents or bool(doc.cover)
    for i, block in enumerate(doc.blocks):
        if isinstance(block, PageBreak):
            pending_break = True
            continue
        brk = ' class="break"' if pending_break and not isinstance(block, PrintedTable) else ""
        if isinstance(block, Heading):
            tag, cls = {1: ("h1", "part"), 2: ("h2", "section")}.get(block.level, ("h3", "subsection"))
            extra = " break" if brk else ""
            parts.append(f'<{tag} class="{cls}{extra}" id="{anchors[i]}">{_text(block.text)}</{tag}>')
        elif isinstance(block, Paragraph):
            parts.append(f"<p{brk}>{_text(block.text)}</p>")
        else:
            parts.append(table_html(block, anchors[i]))
        pending_break = False
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{_text(doc.title)}</title>'
        f"<style>{css}</style></head><body>{''.join(parts)}</body></html>"
    )
