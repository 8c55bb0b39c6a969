"""Progress of the slow part of reading, OCR (seconds a page), told to a caller that shows it.

A caller that shows progress (the command line, on a terminal) reads a file inside
``reporting_pages(callback)``; the OCR reader then calls the callback with the pages done and the
pages to do, once before the first page and after each. Nothing else knows of it: the readers'
signatures and the model stay as they are, and without a callback nothing is reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

PageCallback = Callable[[int, int], None]  # (pages OCR'd so far, pages to OCR) of the file being read

_CALLBACK: ContextVar[PageCallback | None] = ContextVar("budgetlens_page_progress", default=None)


@contextmanager
def reporting_pages(callback: PageCallback) -> Iterator[None]:
    """Report the pages OCR'd while reading inside this block to ``callback``."""
    token = _CALLBACK.set(callback)
    try:
        yield
    finally:
        _CALLBACK.reset(token)


def pages_done(done: int, total: int) -> None:
    """Tell the caller, if one asked, that ``done`` of ``total`` pages are OCR'd."""
    callback = _CALLBACK.get()
    if callback is not None:
        callback(done, total)
