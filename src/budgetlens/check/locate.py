"""Findings placed where a user can look them up: the page/bbox or sheet/cell of their line."""

from __future__ import annotations

from budgetlens.model import Document, Finding, Location


def locate_findings(doc: Document, findings: list[Finding]) -> list[Finding]:
    """Findings with the page/bbox or sheet/cell of the row, table, claim or target on their line.

    Rules locate a finding by line (and table, row, column); for a PDF, scan or workbook the place
    the user can look up is copied from the document's located parts on that line.
    """
    places: dict[int, Location] = {}
    located = [t.location for t in doc.tables] + [r.location for t in doc.tables for r in t.rows]
    located += [c.location for c in doc.claims] + [t.location for t in doc.targets]
    for loc in located:
        if loc.line is not None and (loc.page is not None or loc.sheet is not None):
            places.setdefault(loc.line, loc)
    if not places:
        return findings
    out = []
    for finding in findings:
        source = places.get(finding.location.line or 0)
        loc = finding.location
        if source is None or loc.page is not None or loc.sheet is not None:
            out.append(finding)
            continue
        update = {"page": source.page, "bbox": source.bbox, "sheet": source.sheet, "cell_ref": source.cell_ref}
        out.append(finding.model_copy(update={"location": loc.model_copy(update=update)}))
    return out
