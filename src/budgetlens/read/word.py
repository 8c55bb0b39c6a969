"""Word reader (.docx): the body in order, paragraphs as lines and tables as tab-separated rows.

Paragraphs and tables are read interleaved as they stand in the body. A merged cell's text sits in
its first cell: a horizontal merge (gridSpan) is followed by '' for each column it spans, and the
continuation cells of a vertical merge (vMerge) are ''. A TAB typed in a paragraph separates cells,
as pdftotext prints it; a line break inside a paragraph starts a new line.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from budgetlens import limits
from budgetlens.errors import ReadError
from budgetlens.extras import needs
from budgetlens.read.container import check_archive, is_encrypted_ooxml
from budgetlens.read.grid import Draft, clean_text, number, shape_block
from budgetlens.read.raw import RawDocument
from budgetlens.read.text import read_bytes

MAX_COLUMNS = 1000


def _qn(tag: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag


P, TBL, SDT, SDT_CONTENT, T, TAB, BR, CR = (_qn(t) for t in ("p", "tbl", "sdt", "sdtContent", "t", "tab", "br", "cr"))


def paragraph_text(p: Any) -> str:
    """A paragraph's text with its tabs and line breaks (deleted revisions are not w:t, so they drop out)."""
    pieces: list[str] = []
    for el in p.iter(T, TAB, BR, CR):
        if el.tag == T:
            pieces.append(el.text or "")
        elif el.tag == TAB:
            pieces.append("\t")
        else:
            pieces.append("\n")
    return "".join(pieces)


def cell_text(tc: Any) -> str:
    """A table cell's text: its paragraphs joined, blanks normalised."""
    return clean_text("".join(paragraph_text(p).replace("\t", " ").replace("\n", "") for p in tc.iter(P)))


def table_grid(tbl: Any) -> tuple[list[list[str]], dict[int, int]]:
    """A w:tbl as a grid of texts; spans: row -> widest horizontal merge in it."""
    rows: list[list[str]] = []
    spans: dict[int, int] = {}
    for r, tr in enumerate(tbl.tr_lst):
        cells = [""] * tr.grid_before
        for tc in tr.tc_lst:
            span = max(min(tc.grid_span, MAX_COLUMNS), 1)
            cells.append("" if tc.vMerge == "continue" else cell_text(tc))
            cells.extend([""] * (span - 1))
            if span > 1:
                spans[r] = max(spans.get(r, 1), span)
        rows.append(cells[:MAX_COLUMNS])
    width = max((len(row) for row in rows), default=0)
    return [[*row, *[""] * (width - len(row))] for row in rows], spans


class _Body:
    def __init__(self, source: str) -> None:
        self.drafts: list[Draft] = []
        self.tables = 0
        self.source = source

    def visit(self, container: Any, depth: int = 1) -> None:
        """The paragraphs and tables of ``container``, content controls (w:sdt) nested ``depth`` deep opened."""
        limits.check(self.source, "max_depth", depth, "Word 内容控件嵌套层数", "the Word content controls' nesting")
        for child in container.iterchildren():
            if child.tag == P:
                for line in paragraph_text(child).split("\n"):
                    self.drafts.append(Draft(cells=tuple(clean_text(c) for c in line.split("\t"))))
            elif child.tag == TBL:
                self.table(child)
            elif child.tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self.visit(content, depth + 1)

    def table(self, tbl: Any) -> None:
        self.tables += 1
        name = f"table {self.tables}"
        rows, spans = table_grid(tbl)
        keep = [i for i, row in enumerate(rows) if any(row)]
        refs = [[f"R{i + 1}C{c + 1}" for c in range(len(rows[i]))] for i in keep]
        kept_spans = {k: spans[i] for k, i in enumerate(keep) if i in spans}
        self.drafts.append(Draft(cells=("",)))
        self.drafts.extend(shape_block([rows[i] for i in keep], refs, name, kept_spans))
        self.drafts.append(Draft(cells=("",)))


def read_docx(path: Path) -> RawDocument:
    """Read a Word document's body into lines; ReadError when it cannot be read."""
    data = read_bytes(path)
    if is_encrypted_ooxml(data[: 1 << 20]) or not data.startswith(b"PK"):
        raise ReadError(
            f"{path}: Word 文件受密码保护或不是 .docx", f"{path}: the Word file is password-protected or no .docx"
        )
    check_archive(path, "Word ")
    with needs("word", path):
        import docx
    try:
        document = docx.Document(str(path))
        body = _Body(str(path))
        body.visit(document.element.body)
    except limits.LimitExceeded:
        raise
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml and zip errors for broken files
        text = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
        raise ReadError(f"{path}: 无法读取 Word 文件（{text}）", f"{path}: cannot read the Word file ({text})") from exc
    notes = [] if body.tables else ["docx: 文档中没有表格 / the document has no tables"]
    return RawDocument(
        source=str(path), sha256=hashlib.sha256(data).hexdigest(), format="docx", lines=number(body.drafts), notes=notes
    )
