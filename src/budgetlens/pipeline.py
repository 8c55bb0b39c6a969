"""The staged pipeline: read → segment → parse → normalise → check, with a status per stage."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from budgetlens.check.registry import restate
from budgetlens.model import Document
from budgetlens.normalise.codes import normalise
from budgetlens.parse.document import parse_document
from budgetlens.parse.provenance import attach_provenance
from budgetlens.read import RawDocument, read_document
from budgetlens.segment import segment


@dataclass(slots=True)
class Timings:
    """Seconds spent in each stage."""

    stages: dict[str, float] = field(default_factory=dict)

    def record(self, stage: str, started: float) -> None:
        self.stages[stage] = time.perf_counter() - started


def load(path: Path, timings: Timings | None = None) -> Document:
    """Read, segment, parse and normalise one file; raise BudgetLensError when it cannot be done."""
    t = timings or Timings()
    start = time.perf_counter()
    raw = read_document(path)
    t.record("read", start)
    return interpret(raw, t)


def interpret(raw: RawDocument, timings: Timings | None = None) -> Document:
    """Segment, parse and normalise the lines a reader gave."""
    t = timings or Timings()
    start = time.perf_counter()
    seg = segment(raw)
    t.record("segment", start)
    start = time.perf_counter()
    doc = parse_document(raw, seg)
    attach_provenance(doc, raw.lines)
    doc.keep_source_lines([(line.no, line.text, line.cells) for line in raw.lines])
    t.record("parse", start)
    start = time.perf_counter()
    normalise(doc)
    doc.parse_findings = [restate(f) for f in doc.parse_findings]  # each problem in the words of its rule
    t.record("normalise", start)
    return doc
