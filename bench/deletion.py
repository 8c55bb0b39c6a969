"""Deletion harness: delete one amount row of a table at a time and measure what `check` reports.

For each document (the seeds, and with ``--real`` the text read from the real PDFs) the harness
takes every amount row — a table row that prints at least one amount, 0.00 included — and deletes
its printed line(s) from the reader's lines, the way a row lost in copying, pasting or cutting a
page would be gone. The document is read once; each deletion is segmented, parsed, normalised and
checked in process with the rules already loaded.

A deletion counts as **reported** when the checks give at least one error or warning that the
unchanged document does not give, and that finding points at the table the row was deleted from:
its location names the table, or its line, probable cause or evidence lies within the table's
printed lines, or its message names the table by title or kind (a cross-table identity that
says the row is missing from that table, a table no longer recognised at all). Findings are
compared with line numbers mapped back to the unchanged document, by code, line, expected and
actual value and parameters, so a finding that was already there but now states other figures
counts as new. Info findings (about
the reading) do not count.

    python bench/deletion.py [--docs PATH ...] [--real] [--sample N] [--show-missed 60] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from budgetlens.check.runner import run_checks
from budgetlens.errors import BudgetLensError
from budgetlens.model import Document, Finding, Row, Severity, Table
from budgetlens.pipeline import interpret
from budgetlens.read import RawDocument, read_document

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
Key = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class Deletion:
    """One amount row to delete: the table it belongs to and its printed lines."""

    table_id: str
    table_kind: str
    table_title: str
    span: tuple[int, int]  # the table's first and last printed line
    first: int  # the row's first printed line
    last: int  # the row's last printed line
    name: str

    def describe(self, document: str) -> str:
        lines = f"{self.first}" if self.first == self.last else f"{self.first}-{self.last}"
        return f"{document}:{lines} {self.table_title} · {self.name or '(no name)'}"


@dataclass(slots=True)
class Outcome:
    """The deletions of one document and those no finding reported."""

    document: str
    tried: int = 0
    reported: int = 0
    unreported: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _amount_row(row: Row) -> bool:
    return any(a.value is not None for a in row.cells.values())


def _row_lines(table: Table, row: Row) -> tuple[int, int] | None:
    line = row.location.line
    if line is None:
        return None
    return line, max(line, row.location.line_end or line)


def deletions(doc: Document) -> list[Deletion]:
    """Every amount row of every table, with the lines it is printed on (rows sharing a line once)."""
    found: dict[tuple[int, int], Deletion] = {}
    for table in doc.tables:
        printed = [span for row in table.rows if (span := _row_lines(table, row))]
        if not printed or table.location.line is None:
            continue
        span = (table.location.line, max(table.location.line_end or 0, *(last for _, last in printed)))
        for row in table.rows:
            lines = _row_lines(table, row)
            if lines and _amount_row(row) and lines not in found:
                found[lines] = Deletion(table.id, str(table.kind), table.title, span, *lines, row.name)
    return sorted(found.values(), key=lambda d: d.first)


def without(raw: RawDocument, first: int, last: int) -> RawDocument:
    """The reader's lines with lines ``first``..``last`` deleted and the rest numbered on."""
    gone = last - first + 1
    lines = [
        line if line.no < first else replace(line, no=line.no - gone)
        for line in raw.lines
        if not first <= line.no <= last
    ]
    return replace(raw, lines=lines)


def _back(line: int | None, first: int, gone: int) -> int | None:
    """A line of the mutated document as the line of the unchanged one."""
    return None if line is None or line < first else line + gone


def _param(name: str, value: object, first: int, gone: int) -> object:
    if "line" not in name:
        return value
    if isinstance(value, int):
        return _back(value, first, gone)
    return re.sub(r"\d+", lambda m: str(_back(int(m.group()), first, gone)), str(value))


def key(finding: Finding, first: int = 0, gone: int = 0) -> Key:
    """What tells one finding from another, with its lines in the unchanged document's numbering."""
    params = tuple(sorted((k, repr(_param(k, v, first, gone))) for k, v in finding.params.items()))
    return (finding.code, _back(finding.location.line, first, gone), finding.expected, finding.actual, params)


def _counted(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity in (Severity.ERROR, Severity.WARNING)]


def points_at(finding: Finding, deletion: Deletion, first: int, gone: int) -> bool:
    """The finding names the table the row was deleted from, or stands on its lines."""
    if finding.location.table == deletion.table_id:
        return True
    start, end = deletion.span
    lines = [finding.location.line, finding.location.line_end, finding.cause_line, *finding.evidence]
    if any(ln is not None and start <= (_back(ln, first, gone) or 0) <= end for ln in lines):
        return True
    named = [str(v) for v in finding.params.values()]
    return any(deletion.table_title in text or deletion.table_kind == text for text in named)


def reported(raw: RawDocument, baseline: set[Key], deletion: Deletion) -> bool:
    """Whether deleting the row gives a new error or warning that points at its table."""
    first, gone = deletion.first, deletion.last - deletion.first + 1
    try:
        findings = run_checks(interpret(without(raw, deletion.first, deletion.last))).findings
    except BudgetLensError:
        return True  # the document is refused as a whole: nobody is misled
    return any(key(f, first, gone) not in baseline and points_at(f, deletion, first, gone) for f in _counted(findings))


def delete_rows(path: Path, sample: int | None = None, seed: int = 1) -> Outcome:
    """Delete every amount row of ``path`` in turn (or ``sample`` of them, chosen at random)."""
    started = time.perf_counter()
    raw = read_document(path)
    doc = interpret(raw)
    baseline = {key(f) for f in _counted(run_checks(doc).findings)}
    chosen = deletions(doc)
    if sample is not None and sample < len(chosen):
        chosen = sorted(random.Random(f"{seed}:{path.name}").sample(chosen, sample), key=lambda d: d.first)
    outcome = Outcome(path.name)
    for deletion in chosen:
        outcome.tried += 1
        if reported(raw, baseline, deletion):
            outcome.reported += 1
        else:
            outcome.unreported.append(deletion.describe(path.name))
    outcome.seconds = time.perf_counter() - started
    return outcome


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=Path, nargs="*", help="documents (default: the seeds of ../shared)")
    ap.add_argument("--real", action="store_true", help="also the real PDFs of ../shared/real")
    ap.add_argument("--sample", type=int, help="deletions per document, chosen at random (default: all)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show-missed", type=int, default=60)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    docs = args.docs or sorted((SHARED / "seeds").glob("*.txt"))
    if args.real:
        docs = [*docs, *sorted((SHARED / "real").glob("*.pdf"))]
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        outcomes = list(pool.map(delete_rows, docs, [args.sample] * len(docs), [args.seed] * len(docs)))
    print(f"{'document':<40}{'deletions':>10}{'reported':>10}{'share':>8}{'seconds':>9}")
    tried = hit = 0
    for o in outcomes:
        tried, hit = tried + o.tried, hit + o.reported
        share = o.reported / o.tried if o.tried else 1.0
        print(f"{o.document:<40}{o.tried:>10}{o.reported:>10}{share:>8.1%}{o.seconds:>9.1f}")
    print(f"{'all':<40}{tried:>10}{hit:>10}{(hit / tried if tried else 1.0):>8.1%}")
    print(f"{time.perf_counter() - started:.1f} s")
    missed = [item for o in outcomes for item in o.unreported]
    for item in missed[: args.show_missed]:
        print("  unreported", item)
    if len(missed) > args.show_missed:
        print(f"  … and {len(missed) - args.show_missed} more")
    return 0


if __name__ == "__main__":
    sys.exit(main())
