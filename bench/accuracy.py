"""Reader accuracy: the facts extracted from each derived file against those of its source text, cell by cell.

For every document and format the facts of ``budgetlens.pipeline.load`` + ``document_facts`` are aligned
with the source's by (table kind, row code or row name and path, column key) and counted as matched
(same amount in 元), wrong (another amount), missing (not extracted) or extra (not in the source).
A format whose reader is not there yet, or that fails, is reported with its one-line error.

    python bench/accuracy.py [--docs example 000 001 004] [--formats html pdf pdf-yuan xlsx docx xls lo-pdf]
                             [--scan-pages 2]   # also the short scans (clean and degraded, ~3 s per page to OCR)
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # tests.fixtures is imported as a package from the project root

from budgetlens.errors import BudgetLensError  # noqa: E402
from budgetlens.pipeline import load  # noqa: E402
from budgetlens.report.facts import document_facts  # noqa: E402

Key = tuple[str, str, tuple[str, ...], str]  # table kind, row code or name, row path, column
DEFAULT_FORMATS = ("text", "text-yuan", "html", "pdf", "pdf-yuan", "pdf-unruled", "xlsx", "docx", "xls", "lo-pdf", "lo-pdf-yuan")
SCAN_FORMATS = ("scan-pdf", "degraded-pdf")
CONTROLS = ("text", "text-yuan")  # the layout written back as text: 100 % unless the builder lost something


@dataclass(slots=True)
class Score:
    """Cell-by-cell agreement of a derived file's facts with its source's."""

    expected: int = 0
    matched: int = 0
    wrong: int = 0
    missing: int = 0
    extra: int = 0
    amounts: int = 0  # expected cells that hold an amount (blank cells left out)
    amounts_matched: int = 0
    error: str | None = None  # the reader failed (or is missing): nothing was extracted
    seconds: float = 0.0
    examples: list[str] = field(default_factory=list)  # a few wrong or missing cells, to start debugging from

    @property
    def share(self) -> float:
        """correct / expected (0 when nothing was expected)."""
        return self.matched / self.expected if self.expected else 0.0

    @property
    def amount_share(self) -> float:
        """correct / expected over the cells that print an amount."""
        return self.amounts_matched / self.amounts if self.amounts else 0.0

    @property
    def status(self) -> str:
        if self.error is None:
            return "ok"
        return "no reader" if "budgetlens[" in self.error or "needs budgetlens" in self.error else "error"


def fact_key(fact: dict[str, Any]) -> Key:
    row = fact["row_code"] or fact["row_name"]
    return (fact["table"], str(row), tuple(fact["row_path"] or ()), fact["column"])


def fact_yuan(fact: dict[str, Any]) -> Decimal | None:
    """The amount in 元 when the unit converts (so a 元 print equals the 万元 one), else the bare value."""
    raw = fact["yuan"] if fact["yuan"] is not None else fact["value"]
    return None if raw is None else Decimal(raw)


def facts_of(path: Path) -> dict[Key, list[Decimal | None]]:
    """The document's facts grouped by key, in document order (a key may repeat: rows of the same name)."""
    grouped: dict[Key, list[Decimal | None]] = defaultdict(list)
    for fact in document_facts(load(path)):
        grouped[fact_key(fact)].append(fact_yuan(fact))
    return grouped


def compare(expected: dict[Key, list[Decimal | None]], found: dict[Key, list[Decimal | None]]) -> Score:
    score = Score()
    for key, values in expected.items():
        got = found.get(key, [])
        for i, value in enumerate(values):
            score.expected += 1
            score.amounts += value is not None
            if i >= len(got):
                score.missing += 1
                _example(score, f"missing {key} = {value}")
            elif got[i] == value:
                score.matched += 1
                score.amounts_matched += value is not None
            else:
                score.wrong += 1
                _example(score, f"wrong {key}: {got[i]} instead of {value}")
        for value in got[len(values) :]:
            score.extra += 1
            _example(score, f"extra {key} = {value}")
    for key, values in found.items():
        if key not in expected:
            score.extra += len(values)
            _example(score, f"extra {key} = {values[0]}")
    return score


def _example(score: Score, text: str, limit: int = 5) -> None:
    if len(score.examples) < limit:
        score.examples.append(text)


def score(source_txt: Path, derived_path: Path) -> Score:
    """Score one derived file against the text it was built from; never raises for a reader's failure."""
    expected = facts_of(source_txt)
    start = time.perf_counter()
    try:
        found = facts_of(derived_path)
    except BudgetLensError as exc:
        message = exc.message("en").removeprefix(f"{derived_path}: ")
        result = _failed(expected, message)
    except Exception as exc:  # a reader bug must not stop the bench; it is reported as such
        result = _failed(expected, f"crash: {type(exc).__name__}: {exc}")
    else:
        result = compare(expected, found)
    result.seconds = time.perf_counter() - start
    return result


def _failed(expected: dict[Key, list[Decimal | None]], error: str) -> Score:
    """Nothing extracted: every expected cell is missing."""
    result = compare(expected, {})
    result.examples.clear()
    result.error = error
    return result


def run(docs: Iterable[str], formats: Iterable[str], scan_pages: int | None) -> list[tuple[str, str, Score]]:
    from tests.fixtures.build import FixtureUnavailable, derived, source_of

    results = []
    wanted = list(formats) + ([f"{f}@{scan_pages}" for f in SCAN_FORMATS] if scan_pages else [])
    for doc in docs:
        for name in wanted:
            fmt, _, pages = name.partition("@")
            try:
                path = derived(fmt, doc, pages=int(pages) if pages else None)
            except FixtureUnavailable as exc:
                results.append((doc, name, Score(error=f"fixture unavailable: {exc}")))
                continue
            results.append((doc, name, score(source_of(path), path)))
    return results


def _print(results: list[tuple[str, str, Score]]) -> None:
    by_format: dict[str, list[tuple[str, Score]]] = defaultdict(list)
    for doc, fmt, result in results:
        by_format[fmt].append((doc, result))
    head = f"{'doc':<9}{'expected':>9}{'matched':>9}{'wrong':>7}{'missing':>9}{'extra':>7}"
    head += f"{'share':>8}{'amounts':>9}{'sec':>7}  status"
    for fmt, rows in by_format.items():
        print(f"\n== {fmt}\n{head}")
        for doc, r in rows:
            status = r.status if r.error is None else f"{r.status}: {r.error[:90]}"
            print(
                f"{doc:<9}{r.expected:>9}{r.matched:>9}{r.wrong:>7}{r.missing:>9}{r.extra:>7}"
                f"{r.share:>8.1%}{r.amount_share:>9.1%}{r.seconds:>7.1f}  {status}"
            )
            for example in r.examples[:3]:
                print(f"{'':<11}{example}")
        expected = sum(r.expected for _, r in rows)
        matched = sum(r.matched for _, r in rows)
        print(f"{'all':<9}{expected:>9}{matched:>9}{'':>32}{(matched / expected if expected else 0):>8.1%}")
    readers = [r for _, fmt, r in results if fmt not in CONTROLS]
    expected = sum(r.expected for r in readers)
    matched = sum(r.matched for r in readers)
    share = matched / expected if expected else 0
    print(f"\noverall (readers, controls excluded) correct / expected: {matched} / {expected} = {share:.1%}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--docs", nargs="+", default=["example", "000", "001", "004"])
    ap.add_argument("--formats", nargs="+", default=list(DEFAULT_FORMATS))
    ap.add_argument("--scan-pages", type=int, default=None, help="also score scans of the tables on N pages")
    args = ap.parse_args(argv)
    _print(run(args.docs, args.formats, args.scan_pages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
