"""The per-document task a worker runs: load → check → rows for the store. No database access here."""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from budgetlens.check.runner import run_checks
from budgetlens.check.waivers import Waiver, apply_waivers
from budgetlens.errors import BudgetLensError
from budgetlens.pipeline import load
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
    detail = f"{type(exc).__name__}: {exc}"
    return FileOutcome(path=path, error=detail, error_zh=f"{zh_prefix}（{detail}）")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def analyse(path: str, waivers: tuple[Waiver, ...] = ()) -> FileOutcome:
    """Load and check one file; every failure becomes the outcome's error (a batch never stops for one file)."""
    try:
        doc = load(Path(path))
        result = apply_waivers(run_checks(doc), list(waivers))
        return FileOutcome(path=path, records=document_records(result))
    except Exception as exc:  # a parser bug on one file must not stop the batch; it is recorded
        return failed(path, exc)


def analyse_bytes(path: str, data: bytes, waivers: tuple[Waiver, ...] = ()) -> FileOutcome:
    """``analyse`` for workers that do not share the file system (Dask): the file travels as bytes."""
    with tempfile.TemporaryDirectory(prefix="budgetlens-") as folder:
        copy = Path(folder) / Path(path).name
        copy.write_bytes(data)
        outcome = analyse(str(copy), waivers)
    outcome.path = path
    if outcome.error:
        outcome.error = outcome.error.replace(str(copy), path)
    if outcome.error_zh:
        outcome.error_zh = outcome.error_zh.replace(str(copy), path)
    if outcome.records:
        outcome.records.source = path
        outcome.records.document["source"] = path
    return outcome
