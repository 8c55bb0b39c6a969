"""Score a corpus written by ``bench/corpus.py``: each document is read back and checked in process, and per format
the run prints the documents, the amounts read as composed (per table, as multisets) against those composed, the
injected errors found (a new finding as the manifest's ``expected`` says) against those injected, and the findings
nothing explains (on a document with no injected error, or away from its error's line and not stating the
changed figure).

    python bench/corpus_score.py [corpus]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import warnings
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from budgetlens.model.enums import Severity
from budgetlens.model.finding import Finding
from budgetlens.pipeline import run
from budgetlens.report.facts import document_facts


@dataclass(slots=True)
class Score:
    documents: int = 0
    facts_read: int = 0
    facts_composed: int = 0
    errors_found: int = 0
    errors_injected: int = 0
    unexpected: int = 0
    unreadable: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.documents += other.documents
        self.facts_read += other.facts_read
        self.facts_composed += other.facts_composed
        self.errors_found += other.errors_found
        self.errors_injected += other.errors_injected
        self.unexpected += other.unexpected
        self.unreadable += other.unreadable
        self.notes += other.notes


def expected_amounts(entry: dict[str, Any]) -> dict[str, Counter[Decimal]]:
    """The amounts each table should read: as composed, with an injected table error's changed value in place."""
    tables = {key: Counter(Decimal(v) for v in values) for key, values in entry["facts"].items()}
    for error in entry["errors"]:
        if error["kind"] == "table":
            tables[error["table"]][Decimal(error["value"])] -= 1
            tables[error["table"]][Decimal(error["changed_value"])] += 1
    return {key: +counts for key, counts in tables.items()}


def explains(error: dict[str, Any], finding: Finding) -> bool:
    """Whether ``finding`` is the one expected of ``error``: at its line or next to it, or caused by / citing it."""
    line = error["line"]
    near = [finding.location.line, finding.cause_line]
    return any(n is not None and abs(n - line) <= 1 for n in near) or line in finding.evidence


def follows(error: dict[str, Any], finding: Finding) -> bool:
    """Whether ``finding`` is a consequence of ``error`` elsewhere: it states the changed figure (a narrative that
    restates the changed cell now disagrees with it). Not counted as finding the error, nor as unexpected."""
    changed = error.get("changed_value") or error["changed"].rstrip("%")
    return re.search(rf"(?<![\d.]){re.escape(changed)}(?![\d])", finding.message("en")) is not None


def score_document(folder: Path, entry: dict[str, Any]) -> Score:
    score = Score(documents=1, errors_injected=len(entry["errors"]))
    expected = expected_amounts(entry)
    score.facts_composed = sum(sum(c.values()) for c in expected.values())
    pipeline = run(folder / entry["file"])
    if not pipeline.ok:
        score.unreadable = 1
        score.notes.append(f"{entry['file']}: not read ({pipeline.error})")
        return score
    result = pipeline.checked()
    read: dict[str, Counter[Decimal]] = {}
    for fact in document_facts(result.document):
        if fact["value"] is not None and fact["status"] != "derived":  # counts the reader adds are not printed
            read.setdefault(f"{fact['table_title']}|{fact['table']}", Counter())[Decimal(fact["value"])] += 1
    for key, want in expected.items():
        got = read.get(key, Counter())
        score.facts_read += sum((want & got).values())
        if want != got:
            score.notes.append(f"{entry['file']}: {key}: {sum((want - got).values())} amounts not read as composed")
    explained: set[int] = set()
    for error in entry["errors"]:
        hits = [i for i, f in enumerate(result.findings) if explains(error, f)]
        explained.update(hits)
        explained.update(i for i, f in enumerate(result.findings) if follows(error, f))
        if hits:
            score.errors_found += 1
        else:
            change = f"{error['kind']} {error['printed']}→{error['changed']}"
            score.notes.append(f"{entry['file']}:{error['line']} {change} missed")
    for i, f in enumerate(result.findings):
        if i not in explained and f.severity is not Severity.INFO:  # an info note is no false alarm
            score.unexpected += 1
            score.notes.append(f"{entry['file']}: unexpected {f.code} L{f.location.line}: {f.message('en')}")
    return score


def score_corpus(folder: Path) -> dict[str, Score]:
    """Per format (and ``all``), the corpus' score."""
    scores: dict[str, Score] = {}
    manifest = folder / "manifest.jsonl"
    for line in manifest.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        scores.setdefault(entry["format"], Score()).add(score_document(folder, entry))
    total = Score()
    for s in scores.values():
        total.add(s)
    return {**scores, "all": total}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, nargs="?", default=Path("corpus"), help="the corpus (default ./corpus)")
    parser.add_argument("--show", type=int, default=10, help="notes to print (amounts not read, errors missed …)")
    args = parser.parse_args(argv)
    if not (args.folder / "manifest.jsonl").is_file():
        print(f"no manifest.jsonl in {args.folder}", file=sys.stderr)
        return 2
    warnings.simplefilter("ignore")
    scores = score_corpus(args.folder)
    head = f"{'format':8} {'docs':>5} {'unread':>6} {'facts read/composed':>21} {'errors found/injected':>22}"
    print(f"{head} {'unexpected':>10}")
    for fmt, s in scores.items():
        facts = f"{s.facts_read}/{s.facts_composed}"
        errors = f"{s.errors_found}/{s.errors_injected}"
        print(f"{fmt:8} {s.documents:>5} {s.unreadable:>6} {facts:>21} {errors:>22} {s.unexpected:>10}")
    for note in scores["all"].notes[: args.show]:
        print("  " + note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
