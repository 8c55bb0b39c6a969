"""Reader output: the lines of a document, before any interpretation."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Line:
    """One source line: its 1-based number, raw text and tab-separated cells (stripped)."""

    no: int
    text: str
    cells: tuple[str, ...] = field(default=())

    @property
    def stripped(self) -> str:
        return self.text.strip()


@dataclass(slots=True)
class RawDocument:
    """What a reader yields: the lines of the document and where they came from."""

    source: str
    sha256: str
    format: str
    lines: list[Line]
