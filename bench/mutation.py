"""Mutation harness: change one printed number at a time and measure what `check` detects.

For each document (the seeds and the bundled example) the harness picks printed numbers — table
cells (including subtotals and project amounts) and narrative amounts and percentages — and
changes one of them by one unit of its integer part (1633.94 → 1634.94; a rounding-sized change
would be excused by the interval rule by design). It then runs the whole pipeline and reports

- detected: the share of mutations that raise at least one new finding, and
- located: the share whose new findings include one at the changed line or next to it, or whose
  probable cause (the line shared by the failed identities, check/evidence.py) is that line;
- in span: the share not located but whose changed line is among the cells a failed identity names
  (a roll-up whose one wrong part cannot be told from the others).

    python bench/mutation.py [--limit 80] [--seed 1] [--docs PATH ...]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from budgetlens.check.runner import run_checks
from budgetlens.errors import BudgetLensError
from budgetlens.model import Document
from budgetlens.pipeline import load
from budgetlens.report.facts import document_facts

ROOT = Path(__file__).resolve().parents[1]
Site = tuple[int, str, str]  # (line, printed number, kind)


def sites(doc: Document) -> list[Site]:
    """Printed non-zero numbers of the tables and the narrative, with their lines."""
    found: set[Site] = set()
    for fact in document_facts(doc):
        printed, line = fact.get("printed") or "", fact.get("line")
        money = fact["unit"] in ("万元", "元") and fact["value"] is not None
        if fact["status"] == "printed" and line and money and re.search(r"[1-9]", printed):
            found.add((line, printed, "table"))
    for claim in doc.claims:
        if claim.location.line and re.search(r"[1-9]", claim.printed) and claim.measure.value in ("amount", "share"):
            found.add((claim.location.line, claim.printed, "narrative"))
    return sorted(found)


def bump(printed: str) -> str:
    """Add one to the units digit of the integer part (9 wraps to 8 so the width stays the same)."""
    m = re.search(r"(\d)(?=(?:\.\d+)?%?$)", printed.replace(" ", ""))
    if m is None:
        return printed
    digit = int(m.group(1))
    compact = printed.replace(" ", "")
    return compact[: m.start(1)] + str(digit + 1 if digit < 9 else digit - 1) + compact[m.end(1) :]


Found = dict[tuple[str, int | None, str], tuple[int | None, tuple[int, ...]]]


def findings_of(path: Path) -> Found | None:
    """(code, line, message) of every finding, with its probable-cause line and evidence lines.

    The message is part of the key: a finding that was already there but now states other figures
    (the changed number) counts as new.
    """
    try:
        doc = load(path)
    except BudgetLensError:
        return None
    return {(f.code, f.location.line, f.message("en")): (f.cause_line, f.evidence) for f in run_checks(doc).findings}


def _near(line: int | None, changed: int) -> bool:
    return line is not None and abs(line - changed) <= 1


def mutate_document(path: Path, limit: int, seed: int) -> tuple[int, int, int, int, list[str]]:
    rng = random.Random(f"{seed}:{path.name}")
    lines = path.read_text(encoding="utf-8").split("\n")
    doc = load(path)
    baseline = findings_of(path) or {}
    chosen = sites(doc)
    rng.shuffle(chosen)
    tried = detected = located = spanned = 0
    missed: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / path.name
        for line, printed, kind in chosen[:limit]:
            original = lines[line - 1]
            if printed not in original:
                continue
            changed = bump(printed)
            mutated = list(lines)
            mutated[line - 1] = original.replace(printed, changed, 1)
            target.write_text("\n".join(mutated), encoding="utf-8")
            after = findings_of(target) or {}
            tried += 1
            new = {key: value for key, value in after.items() if key not in baseline}
            if not new:
                missed.append(f"{path.name}:{line} {kind} {printed}→{changed}")
                continue
            detected += 1
            if any(_near(ln, line) or _near(cause, line) for (_, ln, _), (cause, _) in new.items()):
                located += 1
            elif any(line in evidence for cause, evidence in new.values()):
                spanned += 1
            else:
                elsewhere = ", ".join(f"{code}@{ln}" for code, ln, _ in sorted(new, key=str)[:4])
                missed.append(f"{path.name}:{line} {kind} {printed}→{changed} found elsewhere: {elsewhere}")
    return tried, detected, located, spanned, missed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=80, help="mutations per document")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--docs", type=Path, nargs="*")
    ap.add_argument("--show-missed", type=int, default=10)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    seeds = ROOT.parent / "shared" / "seeds"
    docs = args.docs or [*sorted(seeds.glob("*.txt")), *sorted((ROOT / "examples").glob("*.txt"))]
    total = [0, 0, 0, 0]
    all_missed: list[str] = []
    started = time.perf_counter()
    print(f"{'document':<38}{'mutations':>10}{'detected':>10}{'located':>10}{'in span':>10}")
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        results = pool.map(mutate_document, docs, [args.limit] * len(docs), [args.seed] * len(docs))
    for path, counts in zip(docs, results, strict=True):
        total = [a + b for a, b in zip(total, counts[:4], strict=True)]
        all_missed += counts[4]
        tried, detected, located, spanned = counts[:4]
        if tried:
            shares = f"{detected / tried:>10.1%}{located / tried:>10.1%}{spanned / tried:>10.1%}"
            print(f"{path.name:<38}{tried:>10}{shares}")
    if total[0]:
        tried, detected, located, spanned = total
        print(f"{'all':<38}{tried:>10}{detected / tried:>10.1%}{located / tried:>10.1%}{spanned / tried:>10.1%}")
    print(f"{time.perf_counter() - started:.1f} s")
    for item in all_missed[: args.show_missed]:
        print("  missed", item)
    return 0


if __name__ == "__main__":
    sys.exit(main())
