"""What a worker process does with one uploaded file: read and check it, and say why when it cannot.

This runs inside an isolated worker (``store/isolation.py``), never in the service's process: a file that makes a
reader crash, eat memory or run for ever fails alone. The outcome is plain data the service writes to the store.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from budgetlens.check.runner import CheckResult
from budgetlens.errors import BudgetLensError, ParseError
from budgetlens.limits import LimitExceeded
from budgetlens.pipeline import run
from budgetlens.report.crops import narrow_to_cells
from budgetlens.store.isolation import Failure
from budgetlens.store.records import DocumentRecords, document_records


@dataclass(slots=True)
class Refusal:
    """Why an upload was not stored: an HTTP status, a stable code and the reason in both languages."""

    status: int
    code: str
    message_zh: str
    message_en: str

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh


@dataclass(slots=True)
class UploadOutcome:
    records: DocumentRecords | None = None
    refusal: Refusal | None = None


def refusal_of(exc: BudgetLensError) -> Refusal:
    """The tool's one-line error as the refusal an uploader sees."""
    zh, en = exc.message("zh"), exc.message("en")
    if isinstance(exc, LimitExceeded):
        return Refusal(413, "too_large", zh, en)
    if isinstance(exc, ParseError):
        return Refusal(422, "not_a_disclosure", zh, en)
    return Refusal(422, "unreadable", zh, en)


def failure_refusal(name: str, failure: Failure) -> Refusal:
    """A worker that gave no answer: over its time or memory (413), killed by its reader (422), or a defect."""
    zh, en = f"{name}：{failure.reason_zh}", f"{name}: {failure.reason_en}"
    if failure.kind in ("timeout", "memory"):
        return Refusal(413, "over_limit", zh, en)
    if failure.kind == "crash":
        return Refusal(422, "unreadable", zh, en)
    return Refusal(500, "internal", zh, en)


def cell_boxes(result: CheckResult, data: bytes) -> CheckResult:
    """``result`` with the box of each finding of a PDF narrowed to its cell where the text layer shows it, so the
    review page marks the faulty cell rather than its whole row (``report/crops.py`` locates it the same way)."""
    doc = result.document
    findings = narrow_to_cells(doc, list(result.findings), data)
    waived = narrow_to_cells(doc, [f for f, _ in result.waived], data)
    reasons = [reason for _, reason in result.waived]
    return dataclasses.replace(result, findings=findings, waived=list(zip(waived, reasons, strict=True)))


def analyse_upload(name: str, data: bytes) -> UploadOutcome:
    """Read and check one uploaded file; every failure becomes the outcome's refusal."""
    try:
        result = run(data, name=name)
        records = document_records(cell_boxes(result.checked(), data))  # the run's error is raised again here
    except BudgetLensError as exc:
        return UploadOutcome(refusal=refusal_of(exc))
    except MemoryError:  # the worker's address space is capped
        return UploadOutcome(refusal=failure_refusal(name, Failure("memory", "内存超出上限", "memory over the limit")))
    except Exception as exc:  # a defect on one file must not stop the others; it is reported as such
        detail = f"{type(exc).__name__}: {exc}"
        return UploadOutcome(refusal=Refusal(500, "internal", f"内部错误（{detail}）", f"internal error ({detail})"))
    records.source = name
    records.document["source"] = name
    return UploadOutcome(records=records)
