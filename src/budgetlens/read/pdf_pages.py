"""Each page of a PDF as its text lines and ruled tables, read by pdfium (default) or pdfplumber.

Both page readers give the same lines and tables: pdfium's (``pdfium_page``) reads the characters
and ruling lines through pypdfium2 and rebuilds the tables as pdfplumber's table finder does, in a
fraction of the time pdfminer needs to parse the content streams; pdfplumber's is kept as the
reference (``BUDGETLENS_PDF_BACKEND=pdfplumber``) that the tests compare the other with.
``BUDGETLENS_PDF_WORKERS=N`` has a long file (``PARALLEL_PAGES`` or more) read by up to N processes,
each a run of pages at a time, when the reader runs in the main process (not inside a worker of a
batch ingest). One process is the default: on two cores shared with other work the processes
cost more than they gain (bench/bench_readers.py measures both).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from budgetlens.errors import ReadError
from budgetlens.extras import needs
from budgetlens.read.pdf_page import PageContent, may_hold_text, open_error, page_error, rules_outside
from budgetlens.read.pdf_tables import TABLE_SETTINGS, FoundTable, ruled_tables
from budgetlens.read.pdf_text import Word, inside, visual_lines

BACKENDS = ("pdfium", "pdfplumber")
BACKEND_VARIABLE = "BUDGETLENS_PDF_BACKEND"
WORKERS_VARIABLE = "BUDGETLENS_PDF_WORKERS"
PARALLEL_PAGES = 100  # from this many pages on, pdfium's pages may be read by several processes


def backend_name(backend: str | None = None) -> str:
    """The page reader asked for (argument, else the environment variable, else pdfium)."""
    name = (backend or os.environ.get(BACKEND_VARIABLE) or "pdfium").strip().lower()
    if name not in BACKENDS:
        raise ValueError(f"{BACKEND_VARIABLE}: unknown PDF backend {name!r} (one of {', '.join(BACKENDS)})")
    return name


def read_pages(path: Path, backend: str | None = None) -> list[PageContent]:
    """Every page's lines and tables; ReadError when the file or a page cannot be read."""
    if backend_name(backend) == "pdfplumber":
        return _plumber_pages(path)
    with needs("pdf", path):
        from budgetlens.read.pdfium_page import read_pdfium_pages

    count = page_count(path)
    workers = _workers(count)
    if workers < 2:
        return read_pdfium_pages(path)
    import multiprocessing  # only a long file read by several processes needs it (and the pool)
    from concurrent.futures import ProcessPoolExecutor

    chunk = -(-count // (workers * 4))  # a few chunks per worker, so that one slow part does not hold the rest
    ranges = [(start, min(start + chunk, count)) for start in range(0, count, chunk)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        parts = list(pool.map(_read_range, [path] * len(ranges), ranges))
    pages: list[PageContent] = []
    for part in parts:
        if isinstance(part, tuple):  # a ReadError, sent back as its two messages (pickling keeps only one)
            raise ReadError(*part)
        pages.extend(part)
    return pages


def _workers(pages: int) -> int:
    """Processes to read a long file with: as asked, at most one per core, only from the main process (forked)."""
    if pages < PARALLEL_PAGES:
        return 1
    import multiprocessing

    if multiprocessing.parent_process() is not None:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    asked = os.environ.get(WORKERS_VARIABLE, "1").strip()
    if not asked.isdigit():
        raise ValueError(f"{WORKERS_VARIABLE}: a number of processes, not {asked!r}")
    return max(1, min(int(asked), os.cpu_count() or 1))


def _read_range(path: Path, pages: tuple[int, int]) -> list[PageContent] | tuple[str, str]:
    from budgetlens.read.pdfium_page import read_pdfium_pages

    try:
        return read_pdfium_pages(path, *pages)
    except ReadError as exc:
        return (exc.message_zh, exc.message_en)


def page_count(path: Path) -> int:
    """Open with pdfium: the page count, or one line saying why the file cannot be opened."""
    with needs("pdf", path):
        import pypdfium2 as pdfium  # type: ignore[import-untyped]
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReadError(
                f"{path}: PDF 文件已加密（需要密码）", f"{path}: the PDF is encrypted (password required)"
            ) from exc
        raise ReadError(f"{path}: PDF 文件已损坏或不完整", f"{path}: the PDF is damaged or truncated") from exc
    try:
        return len(document)
    finally:
        document.close()


def _plumber_pages(path: Path) -> list[PageContent]:
    with needs("pdfplumber", path):
        import pdfplumber

    pages: list[PageContent] = []
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many kinds; none may escape
        raise open_error(path, exc) from exc
    with pdf:
        for number, page in enumerate(pdf.pages, start=1):
            try:
                verticals = [(e["x0"], e["top"], e["bottom"]) for e in page.edges if e["orientation"] == "v"]
                tables = ruled_tables(_plumber_finder(page), verticals, number)
                chars = page.filter(_outside([t.bbox for t in tables]))
                words = chars.extract_words(x_tolerance=1.5, keep_blank_chars=False)
                found = (Word(w["text"], w["x0"], w["top"], w["x1"], w["bottom"]) for w in words)
                lines = visual_lines(found, number)
                has_text = bool(page.chars)
                across = ((e["top"], e["x0"], e["x1"]) for e in page.edges if e["orientation"] == "h")
                rules = rules_outside(across, tables)
                has_image = any(
                    may_hold_text((i["width"], i["height"]), i["srcsize"]) for i in page.images if i.get("srcsize")
                )
            except Exception as exc:  # a broken content stream on one page
                raise page_error(path, number, exc) from exc
            finally:
                page.close()
            size = (float(page.height), float(page.width))
            pages.append(PageContent(number, *size, lines, tables, has_text, rules, has_image))
    return pages


def _outside(boxes: list[Any]) -> Callable[[dict[str, Any]], bool]:
    """Keeps what is not a character inside one of ``boxes``."""

    def keep(obj: dict[str, Any]) -> bool:
        return obj.get("object_type") != "char" or not inside(obj["x0"], obj["top"], obj["x1"], obj["bottom"], boxes)

    return keep


def _plumber_finder(page: Any) -> Callable[[list[float]], list[FoundTable]]:
    def find(closing: list[float]) -> list[FoundTable]:
        settings = {**TABLE_SETTINGS, "explicit_horizontal_lines": closing} if closing else TABLE_SETTINGS
        found = []
        for table in page.find_tables(settings):
            columns = tuple(col.bbox[0] for col in table.columns)
            rows = [(cells, row.bbox) for cells, row in zip(table.extract(), table.rows, strict=True)]
            found.append(FoundTable(bbox=table.bbox, columns=columns, rows=rows))
        return found

    return find
