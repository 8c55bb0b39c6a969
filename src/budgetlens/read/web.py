"""Web page reader (.html): tables expanded to grids, headings and paragraphs as single-cell lines, in page order.

Government sites publish disclosures as HTML tables, often GB2312/GBK-encoded. Every ``<table>``
becomes a grid honouring colspan/rowspan (a spanned cell is '' except the first); a table holding
another table is page layout and is read as ordinary blocks. Scripts and styles are ignored.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from budgetlens import limits
from budgetlens.errors import ReadError
from budgetlens.extras import needs
from budgetlens.read.grid import Draft, clean_text, number, shape_block
from budgetlens.read.raw import RawDocument
from budgetlens.read.text import read_bytes

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_BROKEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\r]*\n\s*(?=[{_CJK}])")  # a source line break inside Chinese text
SKIP = frozenset({"script", "style", "noscript", "template", "head", "select", "button", "iframe", "svg", "object"})
BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd section article header footer main nav aside blockquote pre "  # noqa: SIM905
    "address figure figcaption form fieldset hr center caption body html tr".split()
)
MAX_SPAN = 1000


def decode_html(data: bytes, source: str) -> str:
    """The page's text: the declared charset (GB2312/GBK read as GB18030), else UTF-8, else GB18030."""
    if not data.strip():
        raise ReadError(f"{source}: 文件为空", f"{source}: the file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    m = _CHARSET.search(data[:4096])
    declared = m.group(1).decode("ascii").lower() if m else None
    if declared in ("gb2312", "gbk", "gb_2312-80", "x-gbk"):
        declared = "gb18030"
    for encoding in (declared, "utf-8", "gb18030"):
        if encoding is None:
            continue
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("gb18030", errors="replace")


def _text(pieces: list[str]) -> str:
    return clean_text(_BROKEN_CJK.sub("", "".join(pieces)))


def _tag(el: Any) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _span(el: Any, name: str, default: int) -> int:
    try:
        value = int(str(el.get(name, default)).strip() or default)
    except ValueError:
        return default
    return min(max(value, 0), MAX_SPAN)


def _cell_text(cell: Any) -> str:
    """A cell's text: line breaks and blocks inside it joined (nothing between Chinese characters)."""
    pieces: list[str] = []

    def walk(el: Any) -> None:
        tag = _tag(el)
        if tag == "br" or tag in BLOCKS:
            pieces.append("\n")
        if tag and tag not in SKIP:
            pieces.append(el.text or "")
            for child in el:
                walk(child)
        if el is not cell and el.tail:
            pieces.append(el.tail)

    walk(cell)  # the page's depth was checked before it was walked (check_depth)
    return _text(pieces)


def check_depth(root: Any, source: str) -> None:
    """LimitExceeded when elements nest deeper than ``max_depth`` (one pass over the tree, no recursion)."""
    from lxml import etree  # type: ignore[import-untyped]

    deepest = limits.current().max_depth
    depth = 0
    for event, _el in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > deepest:
            limits.check(source, "max_depth", depth, "网页元素嵌套层数", "the page's element nesting")


def table_grid(table: Any, source: str = "") -> tuple[list[list[str]], dict[int, int]]:
    """A ``<table>``'s rows as a grid; spans: row -> colspan of each row's widest text cell.

    LimitExceeded when its cells (spanned ones counted) would be more than ``max_cells``.
    """
    most = limits.current().max_cells
    area = 0
    trs = [tr for tr in table.iter("tr") if next(tr.iterancestors("table"), None) is table]
    taken: set[tuple[int, int]] = set()
    placed: dict[tuple[int, int], str] = {}
    spans: dict[int, int] = {}
    width = 0
    for r, tr in enumerate(trs):
        c = 0
        for cell in tr:
            if _tag(cell) not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            colspan = max(_span(cell, "colspan", 1), 1)
            rowspan = _span(cell, "rowspan", 1) or len(trs) - r
            rowspan = min(rowspan, len(trs) - r)
            placed[(r, c)] = _cell_text(cell)
            area += rowspan * colspan
            if area > most:
                limits.check(source, "max_cells", area, "网页表格的单元格数", "a page table's cells")
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            if colspan > 1:
                spans[r] = max(spans.get(r, 1), colspan)
            c += colspan
            width = max(width, c)
    limits.check(source, "max_cells", len(trs) * width, "网页表格的单元格数", "a page table's cells")
    rows = [[placed.get((r, c), "") for c in range(width)] for r in range(len(trs))]
    return rows, spans


class _Walker:
    """Walks the page once in document order, turning blocks into lines and tables into grids."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.drafts: list[Draft] = []
        self.pieces: list[str] = []
        self.tables = 0

    def flush(self) -> None:
        text = _text(self.pieces)
        self.pieces.clear()
        if text:
            self.drafts.append(Draft(cells=(text,)))

    def visit(self, el: Any) -> None:
        tag = _tag(el)
        if tag and tag not in SKIP:
            if tag == "table" and el.find(".//table") is None:
                self.flush()
                self.table(el)
            elif tag == "br":
                self.flush()
            else:
                block = tag in BLOCKS or tag in ("table", "td", "th")
                if block:
                    self.flush()
                self.pieces.append(el.text or "")
                for child in el:
                    self.visit(child)
                if block:
                    self.flush()
        if el.tail:
            self.pieces.append(el.tail)

    def table(self, el: Any) -> None:
        self.tables += 1
        name = f"table {self.tables}"
        caption = el.find("caption")
        if caption is not None and _cell_text(caption):
            self.drafts.append(Draft(cells=(_cell_text(caption),), sheet=name))
        rows, spans = table_grid(el, self.source)
        keep = [i for i, row in enumerate(rows) if any(row)]
        refs = [[f"R{i + 1}C{c + 1}" for c in range(len(rows[i]))] for i in keep]
        kept_spans = {k: spans[i] for k, i in enumerate(keep) if i in spans}
        self.drafts.extend(shape_block([rows[i] for i in keep], refs, name, kept_spans))
        self.drafts.append(Draft(cells=("",)))


def read_html(path: Path) -> RawDocument:
    """Read a web page into lines; ReadError when it cannot be read."""
    data = read_bytes(path, text=True)
    text = _XML_DECLARATION.sub("", decode_html(data, str(path)))
    with needs("web", path):
        import lxml.html  # type: ignore[import-untyped]
        from lxml import etree
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(f"{path}: 无法解析网页（{exc}）", f"{path}: cannot parse the web page ({exc})") from exc
    check_depth(root, str(path))
    walker = _Walker(str(path))
    body = root.find("body")
    walker.visit(body if body is not None else root)
    walker.flush()
    notes = [] if walker.tables else ["html: 页面中没有表格 / the page has no tables"]
    return RawDocument(
        source=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format="html",
        lines=number(walker.drafts),
        notes=notes,
    )
