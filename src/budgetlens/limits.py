"""What reading one document may cost, at most: the limits every reader checks before it pays.

A disclosure is tens of pages, a few hundred table rows and a few megabytes; these limits sit far above
any real one and far below what would exhaust the machine. Each has a default and an environment
variable (``BUDGETLENS_<NAME>``, e.g. ``BUDGETLENS_MAX_PAGES=500``) that overrides it for the process and
the workers it starts; ``docs/limits.md`` lists them all and what happens past each one. A reader over a
limit raises ``LimitExceeded`` (a ``ReadError``): one line naming the file, what was too large, and the
variable that raises the limit; the command exits with code 2 and a batch records the file as failed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

from budgetlens.errors import ConfigError, ReadError

PREFIX = "BUDGETLENS_"
MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits in force; ``current()`` reads them with the environment's overrides."""

    # bytes
    max_file_bytes: int = 256 * MB  # any input file (PDFs of scanned pages are the largest real ones)
    max_text_bytes: int = 4 * MB  # a text or HTML file (a whole disclosure as text is 100–250 KB)
    max_unpacked_bytes: int = 200 * MB  # what a workbook's or Word file's archive members inflate to, in all
    # elements
    max_lines: int = 50_000  # lines of a document, as read (a disclosure has 1,000–6,000; ~0.5 ms each)
    max_cells_per_line: int = 2_000  # cells of one table row (real ones have tens)
    max_table_cells: int = 100_000  # cells of a document's tables, each row as wide as its table (real: ~2,000)
    max_cells: int = 5_000_000  # cells of a workbook: rows × columns each sheet's cells span from A1, summed
    max_pages: int = 1_000  # pages of a PDF
    max_ocr_pages: int = 150  # pages sent to OCR in one document (seconds each)
    max_frames: int = 150  # frames (pages) of a multi-page image
    max_pixels: int = 60_000_000  # pixels of one page image (an A3 page at 600 dpi is ~70 MP … 60 MP)
    max_depth: int = 200  # nesting depth of an HTML or Word document's elements
    # one document's run in a worker process (ingest, several files checked, the web service)
    max_seconds: int = 600  # wall time to read and check one document
    max_memory_mb: int = 4_096  # address space of the worker that reads it
    # one `query` on the store
    query_seconds: int = 30  # wall time of the statement (stopped past it)
    query_rows: int = 10_000  # rows returned (the rest is cut off, and the command says so)

    @staticmethod
    def variable(name: str) -> str:
        return PREFIX + name.upper()


def current() -> Limits:
    """The defaults, overridden by any ``BUDGETLENS_MAX_*`` variable set (ConfigError for a bad value)."""
    values: dict[str, int] = {}
    for spec in fields(Limits):
        raw = os.environ.get(Limits.variable(spec.name))
        if raw is None or not raw.strip():
            continue
        try:
            value = int(raw.strip().replace("_", ""))
        except ValueError:
            value = 0
        if value <= 0:
            variable = Limits.variable(spec.name)
            raise ConfigError(
                f"环境变量 {variable} 应为正整数，而不是“{raw}”", f"{variable} must be a positive integer, not {raw!r}"
            )
        values[spec.name] = value
    return Limits(**values)


class LimitExceeded(ReadError):
    """An input over one of the limits: refused before it is paid for."""

    def __init__(self, source: str, what_zh: str, what_en: str, found: int | str, name: str) -> None:
        limit: int | str = getattr(current(), name)
        if name.endswith("_bytes") and isinstance(limit, int) and limit % MB == 0:  # 200 MB, not 209715200
            limit = f"{limit // MB} MB"
        variable = Limits.variable(name)
        super().__init__(
            f"{source}: {what_zh}超出上限（{found}，上限 {limit}；可用环境变量 {variable} 调整）",
            f"{source}: {what_en} over the limit ({found}, limit {limit}; set {variable} to change it)",
        )
        self.limit_name = name


def check(source: str, name: str, found: int, what_zh: str, what_en: str) -> None:
    """Raise ``LimitExceeded`` when ``found`` is over the limit ``name``."""
    if found > getattr(current(), name):
        raise LimitExceeded(source, what_zh, what_en, found, name)
