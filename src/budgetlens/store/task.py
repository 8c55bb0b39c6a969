"""The per-document task a worker runs: the pipeline, then rows for the store. No database access here."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from budgetlens.check.waivers import Waiver
from budgetlens.pipeline import PipelineRun, run
from budgetlens.store.records import DocumentRecords, document_records


@dataclass(slots=True)
class FileOutcome:
    """What became of one file: its rows, or the one-line error that stopped it."""

    path: str
    records: DocumentRecords | None = None
    error: str | None = None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
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
        if result.error is not None:
            return FileOutcome(path=path, error=result.error.message("en"))
        records = document_records(result.checked())
    except Exception as exc:  # a parser bug on one file must not stop the batch; it is recorded
        return FileOutcome(path=path, error=f"{type(exc).__name__}: {exc}")
    records.source = path
    records.document["source"] = path
    return FileOutcome(path=path, records=records)
