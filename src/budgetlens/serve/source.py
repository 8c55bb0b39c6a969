"""The uploaded file of a document, shown beside its findings: the stored bytes, a page rendered as PNG, the lines
its reader gives, and the CLI's reports made again from it.

Rendering and reading happen outside the store's lock. Pages are rendered one at a time by a long-lived isolated
worker (``RENDER_SECONDS`` each, the memory limit of ``budgetlens.limits``): a page that makes the renderer crash,
hang or eat memory is that page's 422, never the service's end; a few PNGs are cached.
Reading lines and remaking reports run the reader again, so they run in an isolated worker
(``store/isolation.run_isolated``): the source is re-read, checked, the reviewers' waivers applied, and the report
rendered by ``report/html.py``, ``report/json_report.py`` or ``report/sarif.py``, the crops of the printed page
included.
"""

from __future__ import annotations

import io
import json
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from budgetlens.check.waivers import Waiver
from budgetlens.limits import current
from budgetlens.serve.errors import ApiError, not_found
from budgetlens.store import Store
from budgetlens.store.engines import WORKER_MODULES
from budgetlens.store.isolation import Failure, IsolatedPool, run_isolated, start_method

MAX_SIDE = 2000  # pixels: the longer side of a rendered page at most
MAX_SCALE = 2.0  # pixels per point at most (144 dpi)
KEPT_PAGES = 24  # rendered pages cached
KEPT_LINES = 8  # documents whose lines are cached
RENDER_SECONDS = 60  # one page's rendering at most
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp")


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    content: bytes

    @property
    def kind(self) -> str:
        """pdf | image | text (any other reader's file: text, HTML, DOCX, workbook)"""
        if self.content.startswith(b"%PDF"):
            return "pdf"
        if self.name.lower().endswith(IMAGE_SUFFIXES):
            return "image"
        return "text"


def no_source(sha: str) -> ApiError:
    return ApiError(
        404, "no_source",
        f"文件 {sha[:12]} 由 budgetlens ingest 入库，未保存原件；只能查看入库的行与引文",
        f"document {sha[:12]} was stored by budgetlens ingest without its file; only the stored lines and quotes exist",
    )  # fmt: skip


def stored_source(store: Store, sha: str) -> Source:
    """The stored file of ``sha`` (full sha256); 404 with the reason when the document has none."""
    rows = store.backend.fetch("SELECT name, content FROM sources WHERE document = ?", (sha,))
    if not rows:
        raise no_source(sha)
    return Source(name=str(rows[0][0]), content=bytes(rows[0][1]))


def has_source(store: Store, sha: str) -> bool:
    return bool(store.backend.fetch("SELECT 1 FROM sources WHERE document = ?", (sha,)))


# ---- pages


@dataclass(frozen=True, slots=True)
class Rendered:
    png: bytes
    width_pt: float
    height_pt: float


class PageCache:
    """Pages rendered once, the last ``KEPT_PAGES`` kept; one render at a time, in the rendering worker."""

    def __init__(self) -> None:
        self._pages: OrderedDict[tuple[str, int], Rendered] = OrderedDict()
        self._sizes: dict[str, list[tuple[float, float]]] = {}
        self._lock = threading.Lock()
        self._render = threading.Lock()
        self._pool: IsolatedPool[Any] | None = None

    def _isolated(self, fn: Any, *args: Any) -> Any:
        """``fn(*args)`` in the rendering worker (started on first use; in this process where none can start)."""
        method = start_method()
        if method is None:
            return fn(*args)
        if self._pool is None:
            limits = replace(current(), max_seconds=RENDER_SECONDS)
            self._pool = IsolatedPool[Any](
                workers=1, limits=limits, method=method, preload=("budgetlens.serve.source",)
            )
        outcome = self._pool.run(fn, *args)
        if isinstance(outcome, Failure):
            raise ApiError(
                422,
                "unreadable",
                f"页面无法显示：{outcome.reason_zh}",
                f"the page cannot be shown: {outcome.reason_en}",
            )
        return outcome

    def close(self) -> None:
        with self._render:
            if self._pool is not None:
                self._pool.close()
                self._pool = None

    def page(self, sha: str, number: int, source: Source) -> Rendered:
        key = (sha, number)
        with self._lock:
            if key in self._pages:
                self._pages.move_to_end(key)
                return self._pages[key]
        sizes = self.sizes(sha, source)
        if not 0 < number <= len(sizes):
            raise no_page(number) if sizes or source.kind != "text" else no_images()
        with self._render:
            rendered: Rendered = self._isolated(render_page, source, number)
        with self._lock:
            self._pages[key] = rendered
            while len(self._pages) > KEPT_PAGES:
                self._pages.popitem(last=False)
        return rendered

    def sizes(self, sha: str, source: Source) -> list[tuple[float, float]]:
        """(width, height) in points of every page of a PDF or image source."""
        with self._lock:
            if sha in self._sizes:
                return self._sizes[sha]
        with self._render:
            sizes: list[tuple[float, float]] = self._isolated(page_sizes, source)
        with self._lock:
            self._sizes[sha] = sizes
        return sizes


def no_page(number: int) -> ApiError:
    return not_found(f"第 {number} 页", f"page {number}")


def no_images() -> ApiError:
    return ApiError(404, "not_found", "这个文件没有页面图像（文本、网页、Word 或表格文件）",
                    "this file has no page images (a text, HTML, Word or workbook file)")  # fmt: skip


def page_sizes(source: Source) -> list[tuple[float, float]]:
    if source.kind == "pdf":
        import pypdfium2  # type: ignore[import-untyped]

        pdf = pypdfium2.PdfDocument(source.content)
        try:
            return [(float(w), float(h)) for w, h in (pdf.get_page_size(i) for i in range(len(pdf)))]
        finally:
            pdf.close()
    if source.kind == "image":
        from budgetlens.report.crops import image_frames

        return [(image.width * 72 / dpi, image.height * 72 / dpi) for image, dpi in image_frames(source.content)]
    return []


def render_page(source: Source, number: int) -> Rendered:
    """Page ``number`` (1-based) of a PDF or an image file as a PNG at most ``MAX_SIDE`` pixels long; 404 without."""
    from PIL import Image

    if source.kind == "pdf":
        import pypdfium2

        pdf = pypdfium2.PdfDocument(source.content)
        try:
            if not 0 < number <= len(pdf):
                raise no_page(number)
            page = pdf[number - 1]
            width, height = float(page.get_width()), float(page.get_height())
            scale = min(MAX_SCALE, MAX_SIDE / max(width, height, 1.0))
            image = page.render(scale=scale).to_pil().convert("RGB")
        finally:
            pdf.close()
    elif source.kind == "image":
        from budgetlens.report.crops import image_frames

        frames = image_frames(source.content)
        if not 0 < number <= len(frames):
            raise no_page(number)
        image, dpi = frames[number - 1]
        width, height = image.width * 72 / dpi, image.height * 72 / dpi
        if max(image.size) > MAX_SIDE:
            factor = MAX_SIDE / max(image.size)
            size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
            image = image.resize(size, Image.Resampling.LANCZOS)
    else:
        raise no_images()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return Rendered(png=buffer.getvalue(), width_pt=width, height_pt=height)


# ---- lines and reports, read again in an isolated worker


def _copy(folder: str, name: str, content: bytes) -> Path:
    path = Path(folder) / (Path(name).name or "document")
    path.write_bytes(content)
    return path


@dataclass(frozen=True, slots=True)
class Refused:
    """The tool's one-line error, as a worker returns it."""

    message_zh: str
    message_en: str


def read_lines(name: str, content: bytes) -> list[dict[str, Any]] | Refused:
    """The lines the reader gives for the file (run in a worker)."""
    from budgetlens.errors import BudgetLensError
    from budgetlens.read import read_document

    with tempfile.TemporaryDirectory(prefix="budgetlens-") as folder:
        try:
            raw = read_document(_copy(folder, name, content))
        except BudgetLensError as exc:
            return Refused(exc.message("zh"), exc.message("en"))
    return [
        {"no": line.no, "text": line.text, "cells": list(line.cells), "page": line.page, "sheet": line.sheet,
         "cell_refs": list(line.cell_refs)}
        for line in raw.lines
    ]  # fmt: skip


def make_report(name: str, content: bytes, waivers: list[Waiver], form: str, lang: str) -> str | Refused:
    """The CLI's report of the file, checked again with ``waivers`` applied (run in a worker)."""
    from budgetlens.errors import BudgetLensError
    from budgetlens.pipeline import run

    with tempfile.TemporaryDirectory(prefix="budgetlens-") as folder:
        path = _copy(folder, name, content)
        try:
            result = run(path, waivers=waivers).checked()
        except BudgetLensError as exc:
            return Refused(exc.message("zh"), exc.message("en"))
        if form == "html":
            from budgetlens.report.html import render_html

            return render_html([result], lang)  # the page crops are cut while the copy still exists
    result.document.source = name
    if form == "sarif":
        from budgetlens.report.sarif import render_sarif

        return json.dumps(render_sarif([result], lang), ensure_ascii=False, indent=2)
    from budgetlens.report.json_report import findings_json

    return json.dumps(findings_json(result, lang), ensure_ascii=False, indent=2)


def isolated(fn: Any, *args: Any) -> Any:
    """``fn(*args)`` in a fresh worker (in this process where workers cannot start); its failure or the tool's
    error as an ApiError."""
    if start_method() is None:
        outcome = fn(*args)
    else:
        outcome = run_isolated(fn, *args, preload=(*WORKER_MODULES, "budgetlens.serve.source"))
    if isinstance(outcome, Failure):
        raise ApiError(422, "unreadable", outcome.reason_zh, outcome.reason_en)
    if isinstance(outcome, Refused):
        raise ApiError(422, "unreadable", outcome.message_zh, outcome.message_en)
    return outcome


class LineCache:
    """The lines of the last few documents read."""

    def __init__(self) -> None:
        self._lines: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()
        self._lock = threading.Lock()
        self._reading = threading.Lock()

    def lines(self, sha: str, source: Source) -> list[dict[str, Any]]:
        with self._reading:  # one read at a time: a second request for the same file waits for the first
            with self._lock:
                if sha in self._lines:
                    self._lines.move_to_end(sha)
                    return self._lines[sha]
            lines: list[dict[str, Any]] = isolated(read_lines, source.name, source.content)
            with self._lock:
                self._lines[sha] = lines
                while len(self._lines) > KEPT_LINES:
                    self._lines.popitem(last=False)
            return lines


PAGES = PageCache()
LINES = LineCache()
