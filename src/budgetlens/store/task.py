"""The per-document task a worker runs: the pipeline, then rows for the store. No database access here."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from budgetlens.check.waivers import Waiver
from budgetlens.errors import BudgetLensError
from budgetlens.limits import current
from budgetlens.pipeline import PipelineRun, run
from budgetlens.read.text import open_regular
from budgetlens.store.isolation import memory_failure
from budgetlens.store.records import DocumentRecords, document_records


@dataclass(slots=True)
class FileOutcome:
    """What became of one file: its rows, or the one-line error that stopped it (in English and in Chinese)."""

    path: str
    records: DocumentRecords | None = None
    error: str | None = None
    error_zh: str | None = None


def failed(path: str, exc: BaseException, zh_prefix: str = "内部错误") -> FileOutcome:
    """The outcome of a file ``exc`` stopped: a tool's error in its two languages, anything else named by type."""
    if isinstance(exc, BudgetLensError):
        return FileOutcome(path=path, error=exc.message("en"), error_zh=exc.message("zh"))
    if isinstance(exc, MemoryError):  # the worker's address space is capped (Limits.max_memory_mb)
        over = memory_failure(current().max_memory_mb)
        return FileOutcome(path=path, error=f"{path}: {over.reason_en}", error_zh=f"{path}: {over.reason_zh}")
    detail = f"{type(exc).__name__}: {exc}"
    return FileOutcome(path=path, error=detail, error_zh=f"{zh_prefix}（{detail}）")


def file_sha256(path: Path) -> str:
    """The file's sha256; ReadError for anything but a regular file (a named pipe is never waited for)."""
    digest = hashlib.sha256()
    with os.fdopen(open_regular(path), "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def analyse(path: str, waivers: tuple[Waiver, ...] = ()) -> FileOutcome:
    """Load and check one file; every failure becomes the outcome's error (a batch never stops for one file)."""
    return _outcome(path, lambda: run(Path(path), waivers=waivers))


def analyse_bytes(path: str, data: bytes, waivers: tuple[Waiver, ...] = ()) -> FileOutcome:
    """``analyse`` for workers that do not share the file system (Dask): the file travels as bytes."""
    return _outcome(path, lambda: run(data, name=path, waivers=waivers))


def _outcome(path: str, work: Callable[[], PipelineRun]) -> FileOutcome:
    try:
        result = work()
        records = document_records(result.checked())  # the run's one-line error is raised again here
    except Exception as exc:  # a parser bug on one file must not stop the batch; it is recorded
        return failed(path, exc)
    records.source = path
    records.document["source"] = path
    return FileOutcome(path=path, records=records)
