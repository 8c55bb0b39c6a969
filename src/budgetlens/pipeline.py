"""The spine: one call from a file (or its bytes) to a checked document.

``run`` passes the input through read → segment → parse → normalise → check → waivers and records
each stage's status and time on the result. The command line, the store's worker task and the
Python API all call it, so a document is checked the same way wherever it is read.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from budgetlens.errors import BudgetLensError
from budgetlens.read import RawDocument, read_document

if TYPE_CHECKING:
    from budgetlens.check.runner import CheckResult
    from budgetlens.check.waivers import Waiver
    from budgetlens.model import Document

# The later stages (and the rules, and the typed model) are imported once the read is done, so that a
# command starts reading its file at once; they are imported once per process all the same.

__all__ = ["STAGES", "PipelineRun", "StageRun", "Status", "interpret", "load", "run"]

STAGES = ("read", "segment", "parse", "normalise", "check", "waivers")


class Status(str, Enum):
    ok = "ok"
    failed = "failed"  # the stage raised the tool's one-line error (unreadable file, not a disclosure)
    skipped = "skipped"  # not asked for (no checks, no waivers) or an earlier stage failed


@dataclass(slots=True)
class StageRun:
    """One stage of one run: what became of it and how long it took."""

    stage: str
    status: Status
    seconds: float = 0.0


@dataclass(slots=True)
class PipelineRun:
    """Everything one run produced: the document, its checked findings, the stages, or the error that stopped it."""

    source: str
    stages: list[StageRun] = field(default_factory=list)
    document: Document | None = None
    result: CheckResult | None = None
    error: BudgetLensError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def checked(self) -> CheckResult:
        """The checked result; the run's error is raised again when a stage failed."""
        if self.error is not None:
            raise self.error
        if self.result is None:
            raise RuntimeError("this run did not check its document (run(..., check=False))")
        return self.result

    def parsed(self) -> Document:
        """The parsed document; the run's error is raised again when a stage failed."""
        if self.error is not None:
            raise self.error
        assert self.document is not None  # every stage up to normalise ran
        return self.document

    def seconds(self) -> dict[str, float]:
        """Seconds per stage that ran."""
        return {s.stage: s.seconds for s in self.stages if s.status is Status.ok}


class _Stages:
    """Times each stage and records its status; after a failure the remaining stages are skipped."""

    def __init__(self, run: PipelineRun) -> None:
        self.run = run

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        except BudgetLensError as exc:
            self.run.stages.append(StageRun(name, Status.failed, time.perf_counter() - started))
            self.run.error = exc
            raise
        self.run.stages.append(StageRun(name, Status.ok, time.perf_counter() - started))

    def skip_rest(self) -> None:
        done = {s.stage for s in self.run.stages}
        self.run.stages.extend(StageRun(name, Status.skipped) for name in STAGES if name not in done)


def run(
    source: Path | str | bytes,
    *,
    name: str | None = None,
    check: bool = True,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    waivers: Iterable[Waiver] = (),
) -> PipelineRun:
    """Read, interpret and (unless ``check`` is False) check one document, then apply ``waivers``.

    ``source`` is a path or the file's bytes (then ``name`` is the name it is reported under). The tool's
    one-line errors (an unreadable file, no disclosure) are kept on the result, never raised; a defect of
    the tool itself propagates.
    """
    if isinstance(source, bytes):
        return _run_bytes(source, name or "<bytes>", check, tuple(select), tuple(ignore), tuple(waivers))
    path = Path(source)
    result = PipelineRun(source=str(path))
    stages = _Stages(result)
    try:
        with stages.stage("read"):
            raw = read_document(path)
        result.document = _interpret(raw, stages)
        if check:
            from budgetlens.check.runner import run_checks
            from budgetlens.check.waivers import apply_waivers

            with stages.stage("check"):
                result.result = run_checks(result.document, tuple(select), tuple(ignore))
            chosen = list(waivers)
            if chosen:
                with stages.stage("waivers"):
                    result.result = apply_waivers(result.result, chosen)
    except BudgetLensError:
        pass  # recorded on the failed stage
    stages.skip_rest()
    return result


def _run_bytes(
    data: bytes,
    name: str,
    check: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    waivers: tuple[Waiver, ...],
) -> PipelineRun:
    """Readers take files: the bytes are written to a private temporary file named like ``name``."""
    with tempfile.TemporaryDirectory(prefix="budgetlens-") as folder:
        copy = Path(folder) / (Path(name).name or "document")
        copy.write_bytes(data)
        result = run(copy, check=check, select=select, ignore=ignore, waivers=waivers)
    result.source = name
    if result.document is not None:
        result.document.source = name
    if result.error is not None:
        err = result.error
        err.message_zh, err.message_en = (m.replace(str(copy), name) for m in (err.message_zh, err.message_en))
    return result


def _interpret(raw: RawDocument, stages: _Stages) -> Document:
    from budgetlens.check.registry import restate
    from budgetlens.normalise.codes import normalise
    from budgetlens.parse.document import parse_document
    from budgetlens.parse.provenance import attach_provenance
    from budgetlens.segment import segment

    with stages.stage("segment"):
        seg = segment(raw)
    with stages.stage("parse"):
        doc = parse_document(raw, seg)
        attach_provenance(doc, raw.lines)
        doc.keep_source_lines([(line.no, line.text, line.cells) for line in raw.lines])
    with stages.stage("normalise"):
        normalise(doc)
        doc.parse_findings = [restate(f) for f in doc.parse_findings]  # each problem in the words of its rule
    return doc


def load(path: Path | str) -> Document:
    """Read, segment, parse and normalise one file (no checks); raise its BudgetLensError when it cannot."""
    return run(path, check=False).parsed()


def interpret(raw: RawDocument) -> Document:
    """Segment, parse and normalise the lines a reader gave (for callers that read by other means)."""
    return _interpret(raw, _Stages(PipelineRun(source=raw.source)))
