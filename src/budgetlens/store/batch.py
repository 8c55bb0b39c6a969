"""Batch ingestion: find the files, run the per-document task on a process pool or a Dask cluster, and let
the parent alone write to the database, one transaction per document."""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Protocol

from budgetlens.check.waivers import Waiver
from budgetlens.errors import BudgetLensError, ConfigError
from budgetlens.store.engines import check_dask, dask_outcomes, local_outcomes
from budgetlens.store.records import DocumentRecords
from budgetlens.store.task import FileOutcome, file_sha256

ENGINES = ("local", "dask")


class Sink(Protocol):
    """What a batch needs of the store it writes to (``budgetlens.store.connection.Store``)."""

    def known_documents(self) -> set[str]: ...
    def write_document(self, records: DocumentRecords, run_id: str | None = None) -> bool: ...
    def start_run(self, run_id: str, engine: str, files: int) -> None: ...
    def finish_run(self, run_id: str, counts: dict[str, int], errors: str) -> None: ...


class IngestFailure(NamedTuple):
    """A file that could not be stored and why, in English (``error``) and in Chinese."""

    path: str
    error: str
    error_zh: str

    def message(self, lang: str = "zh") -> str:
        return self.error if lang == "en" else self.error_zh


@dataclass(slots=True)
class IngestSummary:
    run_id: str
    files: int = 0
    new: int = 0
    known: int = 0
    failed: int = 0
    facts: int = 0
    seconds: float = 0.0
    errors: list[IngestFailure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0


# Inside folders only files that can be disclosures are taken (a README or a script beside them is
# not, nor a data file of `budgetlens generate`, NAME.data.xlsx); a file named on the command line is
# always read, whatever its name, its format sniffed.
DOCUMENT_SUFFIXES = frozenset(
    {".txt", ".pdf", ".xlsx", ".xls", ".html", ".htm", ".docx", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"}
)


def discover(paths: list[Path]) -> list[Path]:
    """Files named, and document files under the folders named (recursive, sorted, hidden entries skipped)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if _document_file(p, path)))
        elif path.is_file() or path.exists():
            found.append(path)  # a pipe or a device named is refused by the reader and recorded as failed
        else:
            raise ConfigError(f"找不到文件或文件夹：{path}", f"no such file or folder: {path}")
    unique = dict.fromkeys(p.resolve() for p in found)
    return list(unique)


def _document_file(path: Path, root: Path) -> bool:
    hidden = any(part.startswith(".") for part in path.relative_to(root).parts)
    data_file = ".data." in path.name.lower()
    return path.is_file() and not hidden and not data_file and path.suffix.lower() in DOCUMENT_SUFFIXES


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _write(store: Sink, outcome: FileOutcome, summary: IngestSummary) -> str:
    """Write one document; a database error on it is recorded as that file's failure (its transaction rolled back)."""
    assert outcome.records is not None
    try:
        new = store.write_document(outcome.records, summary.run_id)
    except Exception as exc:  # each engine raises its own error types
        summary.failed += 1
        detail = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
        summary.errors.append(IngestFailure(outcome.path, f"store: {detail}", f"写入数据库失败（{detail}）"))
        return "failed"
    if new:
        summary.new += 1
        summary.facts += outcome.records.fact_count
        return "new"
    summary.known += 1
    return "known"


def ingest(
    store: Sink,
    paths: list[Path],
    workers: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    waivers: tuple[Waiver, ...] = (),
    progress: Callable[[str, str], None] | None = None,
) -> IngestSummary:
    """Ingest every file under ``paths``; ``progress(path, outcome)`` is called once per file (new/known/failed)."""
    if engine not in ENGINES:
        raise ConfigError(f"未知的执行引擎：{engine}", f"unknown engine: {engine} (local | dask)")
    if workers is not None and workers < 1:
        raise ConfigError("--workers 至少为 1", "--workers must be at least 1")
    if engine == "dask":
        check_dask()
    started = time.perf_counter()
    files = discover(paths)
    summary = IngestSummary(run_id=uuid.uuid4().hex, files=len(files))
    store.start_run(summary.run_id, engine, len(files))
    stored = store.known_documents()
    todo: list[Path] = []
    for path in files:  # same bytes → same sha256 → nothing to do (checked again when writing)
        try:
            digest = file_sha256(path)
        except (OSError, BudgetLensError) as exc:
            summary.failed += 1
            if isinstance(exc, BudgetLensError):
                summary.errors.append(IngestFailure(str(path), exc.message("en"), exc.message("zh")))
            else:
                detail = f"{type(exc).__name__}: {exc}"
                summary.errors.append(IngestFailure(str(path), detail, f"无法读取文件（{detail}）"))
            if progress:
                progress(str(path), "failed")
            continue
        if digest in stored:
            summary.known += 1
            if progress:
                progress(str(path), "known")
        else:
            todo.append(path)
    count = workers or default_workers()
    if engine == "dask":
        outcomes = dask_outcomes(todo, count, scheduler, waivers)
    else:
        outcomes = local_outcomes(todo, count, waivers)
    for outcome in outcomes:
        if outcome.records is None:
            summary.failed += 1
            error = outcome.error or "unknown error"
            summary.errors.append(IngestFailure(outcome.path, error, outcome.error_zh or error))
            state = "failed"
        else:
            state = _write(store, outcome, summary)
        if progress:
            progress(outcome.path, state)
    summary.seconds = time.perf_counter() - started
    counts = {"ok": summary.new + summary.known, "failed": summary.failed, "new": summary.new,
              "known": summary.known, "facts": summary.facts}  # fmt: skip
    errors = json.dumps([f._asdict() for f in summary.errors], ensure_ascii=False)
    store.finish_run(summary.run_id, counts, errors)
    return summary
