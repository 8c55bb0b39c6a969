"""The pages of a scan put together as one document: page furniture dropped, continued tables stitched.

A printed disclosure numbers its pages and repeats a table's header rows on every page the table
goes on to (and sometimes a 续表 label). The text of the document has neither, so after OCR the
first or last line of a page that is a page number is dropped, and a page that opens with the
header rows of the table the previous page ended in goes on with that table, its repeated header
rows dropped. A page that opens with a title is a new table, even when the title is the same (a
form printed per project); for the same reason a line repeated atop every page is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from budgetlens.read.raw import Line

PAGE_NUMBER = re.compile(  # dashes around the number may come out of the OCR as 一, a point or nothing
    r"^(?:第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|[-—－–一.·。]{0,2}\s*\d{1,4}\s*[-—－–一.·。]{0,2}|\d+\s*/\s*\d+)$"
)
CONTINUED = re.compile(r"^(?:续表\s*\d*|[（(]续表?[）)])$")
AMOUNT = re.compile(r"\d[\d,]*\.\d+|^\d{4,}$")
SAME_HEADER = 0.85  # similarity of two header rows' text for one to repeat the other (OCR misreads a glyph)


@dataclass(slots=True)
class Assembly:
    """The document's lines numbered from 1, with what was dropped and stitched on the way."""

    lines: list[Line]
    furniture: int = 0
    stitched: int = 0


def is_page_number(line: Line) -> bool:
    """A line of one cell that prints only a page number (a table row of small numbers is none)."""
    filled = [c for c in line.cells if c]
    return len(filled) == 1 and bool(PAGE_NUMBER.match(filled[0].replace(" ", "")))


def drop_furniture(page: list[Line]) -> list[Line]:
    """A page without the page number printed as its first or last line."""
    kept = list(page)
    for index in (0, -1):
        if kept and is_page_number(kept[index]):
            kept.pop(index)
    return kept


def _is_row(line: Line) -> bool:
    return len(line.cells) > 1


def _header(run: list[Line]) -> list[Line]:
    """The header rows of a table: its first rows, up to the first that holds an amount."""
    header = []
    for line in run:
        if any(AMOUNT.search(c) for c in line.cells):
            break
        header.append(line)
    return header


def _repeats(line: Line, header: Line) -> bool:
    if len(line.cells) != len(header.cells):
        return False
    a, b = "|".join(line.cells).replace(" ", ""), "|".join(header.cells).replace(" ", "")
    return a == b or SequenceMatcher(None, a, b).ratio() >= SAME_HEADER


def _continued(open_run: list[Line], page: list[Line]) -> int:
    """How many first lines of the page repeat the open table's header (0 when the page does not go on)."""
    start = 0
    while start < len(page) and CONTINUED.match("".join(page[start].cells).replace(" ", "")):
        start += 1
    header = _header(open_run)
    count = 0
    while count < len(header) and start + count < len(page) and _repeats(page[start + count], header[count]):
        count += 1
    return start + count if count else 0


def continue_table(before: list[Line], page: list[Line]) -> list[Line]:
    """The page's lines less the header rows it repeats of the table ``before`` ends in (if it goes on)."""
    run_start = len(before)
    while run_start > 0 and _is_row(before[run_start - 1]):
        run_start -= 1
    if run_start == len(before) or not page:
        return page
    return page[_continued(before[run_start:], page) :]


def assemble(pages: list[list[Line]]) -> Assembly:
    """The lines of all pages in order, page numbers dropped and continued tables' repeated headers removed."""
    out: list[Line] = []
    result = Assembly(out)
    for page in pages:
        kept = drop_furniture(page)
        result.furniture += len(page) - len(kept)
        went_on = continue_table(out, kept)
        result.stitched += len(went_on) < len(kept)
        out.extend(went_on)
    result.lines[:] = [replace(ln, no=no) for no, ln in enumerate(out, start=1)]
    return result
