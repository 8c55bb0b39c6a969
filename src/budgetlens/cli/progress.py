"""Progress of long reading on the terminal: the files of a batch and the pages being OCR'd.

Shown on stderr only when it is a terminal, and gone when the work is done (transient), so that
output piped or redirected is never mixed with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from budgetlens.cli.options import Lang
from budgetlens.read.progress import reporting_pages

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

Reading = Callable[[Path], AbstractContextManager[None]]


def progress_bars(console: Console) -> Progress:
    """The bars of long work (reading, ingesting): what, the bar, done of total, the time; gone when done."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    return Progress(*columns, console=console, transient=True)


@contextmanager
def reading_progress(files: list[Path], lang: Lang) -> Iterator[Reading]:
    """A bar for the files (two or more) and one for the pages of a file being OCR'd; ``reading(path)``
    wraps the reading of each file."""
    console = Console(stderr=True)
    if not console.is_terminal:
        yield lambda _path: nullcontext()
        return
    label = "读取" if lang is Lang.zh else "reading"
    with progress_bars(console) as progress:
        batch = progress.add_task(label, total=len(files)) if len(files) > 1 else None

        @contextmanager
        def reading(path: Path) -> Iterator[None]:
            pages: TaskID | None = None

            def page_done(done: int, total: int) -> None:
                nonlocal pages
                if pages is None:
                    label = f"OCR 识别 {path.name}（页）" if lang is Lang.zh else f"OCR {path.name} (pages)"
                    pages = progress.add_task(label, total=total)
                progress.update(pages, completed=done, total=total)

            try:
                with reporting_pages(page_done):
                    yield
            finally:
                if pages is not None:
                    progress.remove_task(pages)
                if batch is not None:
                    progress.advance(batch)

        yield reading
