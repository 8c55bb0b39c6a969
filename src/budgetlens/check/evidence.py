"""Which printed lines an identity involves, and which line most likely caused a set of failures.

A failed identity (a roll-up, a 行次 sum, an equality between two tables) names every cell it
compared as its evidence. A printed figure that is wrong usually breaks several identities at
once — its own table's roll-up and the cross-table equality it enters — and the one line that all
of them share is then the probable cause. ``probable_causes`` finds it, so a report can say
“these findings share one cause, line L” instead of listing knock-on effects as separate errors.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from budgetlens.model import Amount, Document, Finding

_LINES: ContextVar[dict[int, int] | None] = ContextVar("cell_lines", default=None)


@contextmanager
def cell_lines(doc: Document) -> Iterator[None]:
    """Within this block, ``lines_of`` knows the printed line of every table cell of ``doc``."""
    index = {id(a): r.location.line for t in doc.tables for r in t.rows for a in r.cells.values() if r.location.line}
    token = _LINES.set(index)
    try:
        yield
    finally:
        _LINES.reset(token)


def lines_of(*amounts: Amount | None) -> tuple[int, ...]:
    """The distinct printed lines of the given cells (blank or unknown cells have none)."""
    index = _LINES.get()
    if index is None:
        return ()
    lines = {index[id(a)] for a in amounts if a is not None and id(a) in index}
    return tuple(sorted(lines))


def probable_causes(findings: list[Finding]) -> list[Finding]:
    """Mark each failed identity with the line its evidence shares with the most other failures.

    A line is a probable cause when it is in the evidence of at least two failed identities and no
    other line of the finding's evidence is in as many; otherwise the finding is left as it is.
    """
    counts: Counter[int] = Counter(line for f in findings for line in f.evidence)
    out: list[Finding] = []
    for finding in findings:
        if len(finding.evidence) < 2:
            out.append(finding)
            continue
        ranked = sorted(((counts[line], line) for line in finding.evidence), reverse=True)
        best, line = ranked[0]
        unique = len(ranked) == 1 or ranked[1][0] < best
        out.append(finding.model_copy(update={"cause_line": line}) if best >= 2 and unique else finding)
    return out


def cause_groups(findings: list[Finding]) -> dict[int, list[Finding]]:
    """Probable-cause lines shared by two or more findings, each with those findings."""
    groups: dict[int, list[Finding]] = {}
    for finding in findings:
        if finding.cause_line is not None:
            groups.setdefault(finding.cause_line, []).append(finding)
    return {line: fs for line, fs in sorted(groups.items()) if len(fs) >= 2}
