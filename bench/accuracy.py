"""Reader accuracy: the facts extracted from each derived file against those of its source text, cell by cell.

For every document and format the facts of the pipeline + ``document_facts`` are aligned with the
source's by (table kind, row code or row name and path, column key) and counted as matched (same
amount in 元), wrong (another amount), missing (not extracted) or extra (not in the source).
A wrong value is *flagged* when the validator points at its line (a finding's line, line range,
evidence or cause), the parser marked it repaired, or the OCR recognised its cell with low
confidence; ``unflag`` counts the wrong values nobody would notice. For scans the OCR seconds per
page are the engine's (kept in the OCR cache when one is used, so a cached re-run reports them too).
A format whose reader is not there yet, or that fails, is reported with its one-line error.

    python bench/accuracy.py [--docs example 000 001 004] [--formats html pdf pdf-yuan xlsx docx xls lo-pdf]
                             [--scan-pages 2|all]  # also the scans: of the tables on N pages, or whole
                             [--ocr-cache DIR]     # keep OCR results (seconds per page) for re-runs
"""

from __future__ import annotations

import argparse
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # tests.fixtures is imported as a package from the project root
if str(ROOT / "bench") not in sys.path:
    sys.path.insert(0, str(ROOT / "bench"))

from budgetlens.check.runner import run_checks  # noqa: E402
from budgetlens.errors import BudgetLensError  # noqa: E402
from budgetlens.model import Document  # noqa: E402
from budgetlens.pipeline import interpret, load  # noqa: E402
from budgetlens.read import RawDocument, read_document  # noqa: E402
from budgetlens.report.facts import document_facts  # noqa: E402

if TYPE_CHECKING:
    from ocr_cache import OcrLog

Key = tuple[str, str, tuple[str, ...], str]  # table kind, row code or name, row path, column
DEFAULT_FORMATS = ("text", "text-yuan", "html", "pdf", "pdf-yuan", "pdf-unruled", "xlsx", "docx", "xls", "lo-pdf",
                   "lo-pdf-yuan")  # fmt: skip
SCAN_FORMATS = ("scan-pdf", "degraded-pdf", "mixed-pdf")
IMAGE_FORMATS = ("scan-png", "degraded-jpg")  # one page image (the first table page): scored on its tables
LOW_CONFIDENCE = 0.9  # as budgetlens.read.scan (not imported: the bench runs without the OCR extra)
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
    unflagged: int = 0  # wrong values no finding, repair mark or low OCR confidence points at
    ocr_seconds: list[float] = field(default_factory=list)  # the engine's seconds for each OCR'd page
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
    def ocr_per_page(self) -> float | None:
        return sum(self.ocr_seconds) / len(self.ocr_seconds) if self.ocr_seconds else None

    @property
    def status(self) -> str:
        if self.error is None:
            return "ok"
        return "no reader" if "budgetlens[" in self.error or "needs budgetlens" in self.error else "error"


def fact_key(fact: dict[str, Any]) -> Key:
    """Where a fact stands; names compared as the classification compares them (NFKC: （境） = (境), no spaces)."""
    row = fact["row_code"] or _name(fact["row_name"])
    return (fact["table"], str(row), tuple(_name(p) for p in fact["row_path"] or ()), fact["column"])


def _name(text: str | None) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def fact_yuan(fact: dict[str, Any]) -> Decimal | None:
    """The amount in 元 when the unit converts (so a 元 print equals the 万元 one), else the bare value."""
    raw = fact["yuan"] if fact["yuan"] is not None else fact["value"]
    return None if raw is None else Decimal(raw)


@dataclass(frozen=True, slots=True)
class Found:
    """An extracted value and whether anything tells the user to look at it."""

    value: Decimal | None
    flagged: bool = False


def facts_of(path: Path, page: int | None = None) -> dict[Key, list[Decimal | None]]:
    """The document's facts grouped by key, in document order (a key may repeat: rows of the same name).

    With ``page``, only the facts printed on that page (of a PDF with a text layer).
    """
    grouped: dict[Key, list[Decimal | None]] = defaultdict(list)
    for fact in document_facts(load(path)):
        if page is None or fact["page"] == page:
            grouped[fact_key(fact)].append(fact_yuan(fact))
    return grouped


def found_facts(path: Path) -> dict[Key, list[Found]]:
    """The derived file's facts, each with whether the validator or the reader flags its line."""
    raw = read_document(path)
    doc = interpret(raw)
    pointed = flagged_lines(doc)
    grouped: dict[Key, list[Found]] = defaultdict(list)
    for fact in document_facts(doc):
        line = fact["line"]
        flagged = fact["status"] == "repaired" or line in pointed or uncertain(raw, line, fact["printed"])
        grouped[fact_key(fact)].append(Found(fact_yuan(fact), flagged))
    return grouped


def flagged_lines(doc: Document) -> set[int]:
    """Every line a finding points at: its line or line range, the evidence it compared, its probable cause."""
    lines: set[int] = set()
    for finding in [*run_checks(doc).findings, *doc.parse_findings]:
        where = finding.location
        if where.line is not None:
            lines.update(range(where.line, (where.line_end or where.line) + 1))
        lines.update(finding.evidence)
        if finding.cause_line is not None:
            lines.add(finding.cause_line)
    return lines


def uncertain(raw: RawDocument, line: int | None, printed: str | None) -> bool:
    """The OCR recognised the cell printing this value (or, when unsure which, the line) with low confidence."""
    if line is None or not 0 < line <= len(raw.lines) or not raw.lines[line - 1].confidence:
        return False
    source = raw.lines[line - 1]
    bare = _digits(printed or "")
    scores = [s for c, s in zip(source.cells, source.confidence, strict=False) if bare and _digits(c) == bare]
    return min(scores or source.confidence) < LOW_CONFIDENCE


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def compare(
    expected: dict[Key, list[Decimal | None]],
    found: dict[Key, list[Found]] | dict[Key, list[Decimal | None]],
) -> Score:
    """Align the found values with the expected ones (bare values count as unflagged)."""
    score = Score()
    for key, values in expected.items():
        got = [g if isinstance(g, Found) else Found(g) for g in found.get(key, [])]
        for i, value in enumerate(values):
            score.expected += 1
            score.amounts += value is not None
            if i >= len(got):
                score.missing += 1
                _example(score, f"missing {key} = {value}")
            elif got[i].value == value:
                score.matched += 1
                score.amounts_matched += value is not None
            else:
                score.wrong += 1
                score.unflagged += not got[i].flagged
                mark = "flagged" if got[i].flagged else "UNFLAGGED"
                _example(score, f"wrong ({mark}) {key}: {got[i].value} instead of {value}", first=not got[i].flagged)
        for extra in got[len(values) :]:
            score.extra += 1
            _example(score, f"extra {key} = {extra.value}")
    for key, extras in found.items():
        if key not in expected:
            score.extra += len(extras)
            _example(score, f"extra {key} = {extras[0]}")
    return score


def _example(score: Score, text: str, limit: int = 8, first: bool = False) -> None:
    """Keep a few examples; an unflagged wrong value goes first (it is what must not happen)."""
    if first:
        score.examples.insert(0, text)
        del score.examples[limit:]
    elif len(score.examples) < limit:
        score.examples.append(text)


def score(
    source_txt: Path, derived_path: Path, log: OcrLog | None = None, page: tuple[Path, int] | None = None
) -> Score:
    """Score one derived file against the text it was built from; never raises for a reader's failure.

    ``page``: the file is one page of a document, scored against the facts that the PDF printed from
    the same text (which scores 100 %) gives on that page.
    """
    expected = facts_of(*page) if page else facts_of(source_txt)
    start = time.perf_counter()
    mark = log.mark() if log else 0
    try:
        found = found_facts(derived_path)
    except BudgetLensError as exc:
        message = exc.message("en").removeprefix(f"{derived_path}: ")
        result = _failed(expected, message)
    except Exception as exc:  # a reader bug must not stop the bench; it is reported as such
        result = _failed(expected, f"crash: {type(exc).__name__}: {exc}")
    else:
        result = compare(expected, found)
    result.seconds = time.perf_counter() - start
    result.ocr_seconds = log.since(mark) if log else []
    return result


def _failed(expected: dict[Key, list[Decimal | None]], error: str) -> Score:
    """Nothing extracted: every expected cell is missing."""
    result = compare(expected, {})
    result.examples.clear()
    result.error = error
    return result


def run(
    docs: Iterable[str], formats: Iterable[str], scan_pages: str | None, log: OcrLog | None = None
) -> list[tuple[str, str, Score]]:
    """Score every document in every format; ``scan_pages`` adds the scans (``all``: whole documents)."""
    from tests.fixtures.build import FixtureUnavailable, derived, first_table_page, source_of

    results = []
    scans = [*SCAN_FORMATS, *IMAGE_FORMATS] if scan_pages == "all" else SCAN_FORMATS
    wanted = list(formats) + ([f"{f}@{scan_pages}" for f in scans] if scan_pages else [])
    for doc in docs:
        for name in wanted:
            fmt, _, pages = name.partition("@")
            try:
                path = derived(fmt, doc, pages=int(pages) if pages and pages != "all" else None)
            except FixtureUnavailable as exc:
                results.append((doc, name, Score(error=f"fixture unavailable: {exc}")))
                continue
            page = None
            if fmt in IMAGE_FORMATS:
                pdf = derived("pdf", doc)
                page = (pdf, first_table_page(pdf) + 1)
            results.append((doc, name, score(source_of(path), path, log, page)))
            print(f"{doc} {name}: {results[-1][2].share:.1%}", file=sys.stderr, flush=True)
    return results


def _print(results: list[tuple[str, str, Score]]) -> None:
    by_format: dict[str, list[tuple[str, Score]]] = defaultdict(list)
    for doc, fmt, result in results:
        by_format[fmt].append((doc, result))
    head = f"{'doc':<9}{'expected':>9}{'matched':>9}{'wrong':>7}{'unflag':>7}{'missing':>9}{'extra':>7}"
    head += f"{'share':>8}{'amounts':>9}{'sec':>7}{'pages':>6}{'ocr s/p':>8}  status"
    for fmt, rows in by_format.items():
        print(f"\n== {fmt}\n{head}")
        for doc, r in rows:
            status = r.status if r.error is None else f"{r.status}: {r.error[:90]}"
            per_page = f"{r.ocr_per_page:.2f}" if r.ocr_per_page is not None else ""
            print(
                f"{doc:<9}{r.expected:>9}{r.matched:>9}{r.wrong:>7}{r.unflagged:>7}{r.missing:>9}{r.extra:>7}"
                f"{r.share:>8.1%}{r.amount_share:>9.1%}{r.seconds:>7.1f}{len(r.ocr_seconds) or '':>6}{per_page:>8}"
                f"  {status}"
            )
            for example in r.examples[:4]:
                print(f"{'':<11}{example}")
        expected = sum(r.expected for _, r in rows)
        matched = sum(r.matched for _, r in rows)
        unflagged = sum(r.unflagged for _, r in rows)
        share = matched / expected if expected else 0
        print(f"{'all':<9}{expected:>9}{matched:>9}{'':>7}{unflagged:>7}{'':>16}{share:>8.1%}")
    readers = [r for _, fmt, r in results if fmt not in CONTROLS]
    expected = sum(r.expected for r in readers)
    matched = sum(r.matched for r in readers)
    share = matched / expected if expected else 0
    print(f"\noverall (readers, controls excluded) correct / expected: {matched} / {expected} = {share:.1%}")


def _ocr_log(cache: Path | None) -> OcrLog | None:
    """Time (and with ``cache`` keep) the OCR of every page; None without the OCR extra."""
    try:
        from ocr_cache import install
    except ImportError:
        return None
    return install(cache)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--docs", nargs="+", default=["example", "000", "001", "004"])
    ap.add_argument("--formats", nargs="+", default=list(DEFAULT_FORMATS))
    ap.add_argument("--scan-pages", default=None, help="also score scans: of the tables on N pages, or 'all'")
    ap.add_argument("--ocr-cache", type=Path, default=None, help="keep OCR results here and reuse them")
    args = ap.parse_args(argv)
    if args.scan_pages not in (None, "all") and not str(args.scan_pages).isdigit():
        ap.error("--scan-pages takes a number of pages or 'all'")
    scans = {*SCAN_FORMATS, *IMAGE_FORMATS}
    wants_ocr = args.scan_pages or any(f.partition("@")[0] in scans for f in args.formats)
    log = _ocr_log(args.ocr_cache) if wants_ocr else None
    _print(run(args.docs, args.formats, args.scan_pages, log))
    return 0


if __name__ == "__main__":
    sys.exit(main())
