"""Test PDFs for the PDF reader: tab-separated text or HTML snippets rendered by WeasyPrint.

A stand-in for the project's fixture builder: runs of lines with two cells or more become ruled
tables, their rows before the first numeric row a repeated ``<thead>`` in which a cell followed by
empty cells spans them (as merged header cells are printed); every other line is a paragraph.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

BODY_CSS = """
body { font-family: "Noto Sans CJK SC"; font-size: 9pt; }
p { margin: 0 0 4pt 0; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt 0; }
td, th { border: 0.5pt solid #000; padding: 1.5pt 2pt; font-weight: normal; }
"""
# pages with a running header and a page number in the margins, and the same pages without them
PAGE_CSS = (
    """
@page { size: A4; margin: 2cm 1.6cm;
  @top-center { content: "示例市2026年部门预算"; font-family: "Noto Sans CJK SC"; font-size: 8pt; }
  @bottom-center { content: "第 " counter(page) " 页"; font-family: "Noto Sans CJK SC"; font-size: 8pt; } }
"""
    + BODY_CSS
)
BARE_CSS = "@page { size: A4; margin: 2cm 1.6cm; }" + BODY_CSS
_NUMBER = re.compile(r"^-?[\d,]+(?:\.\d+)?$")
MAX_HEADER_ROWS = 4


def render(body: str, path: Path, css: str = PAGE_CSS) -> Path:
    """Write ``body`` (HTML) as a PDF at ``path``."""
    from weasyprint import HTML

    HTML(string=f"<html><head><meta charset='utf-8'><style>{css}</style></head><body>{body}</body></html>").write_pdf(
        path
    )
    return path


def _header_row(cells: list[str]) -> str:
    spans: list[list[str | int]] = []  # [text, span]: an empty cell after a filled one widens it
    for cell in cells:
        if not cell and spans and spans[-1][0]:
            spans[-1][1] = int(spans[-1][1]) + 1
        else:
            spans.append([cell, 1])
    return "<tr>" + "".join(f'<th colspan="{n}">{html.escape(str(t))}</th>' for t, n in spans) + "</tr>"


def _table(rows: list[list[str]]) -> str:
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    heads = 0
    while heads < min(len(rows), MAX_HEADER_ROWS) and not any(_NUMBER.match(c) for c in rows[heads]):
        heads += 1
    if heads == len(rows):
        heads = 0
    head = "".join(_header_row(r) for r in rows[:heads])
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows[heads:])
    return f"<table><thead>{head}</thead><tbody>{body}</tbody></table>"


def text_to_html(text: str) -> str:
    """Tab-separated text as HTML: tables for runs of TAB rows (blank lines inside a run ignored)."""
    parts: list[str] = []
    run: list[list[str]] = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) >= 2:
            run.append(cells)
            continue
        if not line.strip() and run and i + 1 < len(lines) and "\t" in lines[i + 1]:
            continue  # a page break inside a table of the text
        if run:
            parts.append(_table(run))
            run = []
        if line.strip():
            parts.append(f"<p>{html.escape(line.strip())}</p>")
    if run:
        parts.append(_table(run))
    return "\n".join(parts)


def text_pdf(source: Path, path: Path) -> Path:
    """The tab-separated text file ``source`` rendered as a ruled, paginated PDF."""
    return render(text_to_html(source.read_text(encoding="utf-8")), path)
