"""Where each parsed row came from in the original file: page and box, or sheet and cell.

Parsers locate rows, claims and targets by the reader's line numbers. For a PDF, a scan or a
spreadsheet a line number alone means little to a user, so the reader's page/bbox or sheet/cell of
that line is copied onto every location that names it.
"""

from __future__ import annotations

from budgetlens.model import Document, Location
from budgetlens.read.raw import Line


def _locate(location: Location, lines: dict[int, Line], column: int | None = None) -> Location:
    source = lines.get(location.line or 0)
    if source is None or (source.page is None and source.sheet is None):
        return location
    ref = source.cell_refs[column] if column is not None and 0 <= column < len(source.cell_refs) else None
    if ref is None and source.cell_refs:
        ref = source.cell_refs[0]
    return location.model_copy(
        update={"page": source.page, "bbox": source.bbox, "sheet": source.sheet, "cell_ref": ref}
    )


def attach_provenance(doc: Document, lines: list[Line]) -> None:
    """Copy page/bbox and sheet/cell of the source lines onto the document's locations (in place)."""
    if not any(line.page is not None or line.sheet is not None for line in lines):
        return
    by_no = {line.no: line for line in lines}
    for table in doc.tables:
        table.location = _locate(table.location, by_no)
        for row in table.rows:
            row.location = _locate(row.location, by_no)
    for claim in doc.claims:
        claim.location = _locate(claim.location, by_no)
    for target in doc.targets:
        target.location = _locate(target.location, by_no)
    doc.parse_findings = [f.model_copy(update={"location": _locate(f.location, by_no)}) for f in doc.parse_findings]
