"""Reader output: the lines of a document, before any interpretation.

Every reader (text, PDF, scan, spreadsheet, web page, Word) yields the same thing: numbered lines
whose cells are separated as a table row's cells are, so the later stages never see the format.
Each line keeps where it came from (page and box for PDFs and scans, sheet and cell references for
spreadsheets), and the document keeps which reader produced it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points (top-left origin)


@dataclass(frozen=True, slots=True)
class Line:
    """One source line: its 1-based number, raw text and tab-separated cells (stripped).

    ``page`` (1-based) and ``bbox`` locate the line in a PDF or a scan; ``sheet`` and ``cell_refs``
    (one reference such as ``"C7"`` per cell) locate it in a spreadsheet.
    """

    no: int
    text: str
    cells: tuple[str, ...] = field(default=())
    page: int | None = None
    bbox: BBox | None = None
    sheet: str | None = None
    cell_refs: tuple[str, ...] = field(default=())
    confidence: tuple[float, ...] = field(default=())  # scans: each cell's OCR confidence (0–1)

    @property
    def stripped(self) -> str:
        return self.text.strip()


@dataclass(slots=True)
class RawDocument:
    """What a reader yields: the lines of the document and where they came from."""

    source: str
    sha256: str
    format: str  # text | pdf | scan | xlsx | xls | html | docx
    lines: list[Line]
    pages: int | None = None  # PDFs and scans: number of pages read
    notes: list[str] = field(default_factory=list)  # what the reader did that a user should know (OCR used …)
    unruled: list[int] = field(default_factory=list)  # PDFs: the page of each table aligned by position (no rules)
