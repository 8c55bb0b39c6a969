"""One location type for every source format."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Location(BaseModel):
    """Where something stands in the source: lines for text, page/bbox for PDF, sheet/cell for Excel."""

    model_config = ConfigDict(frozen=True)

    line: int | None = None
    line_end: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    sheet: str | None = None
    cell_ref: str | None = None
    table: str | None = None  # table id within the document, e.g. "t03"
    row: int | None = None  # row index within the table
    column: str | None = None  # stable column key
    text: str | None = None  # the quoted source text
