"""The table's own arithmetic judges a reading: how many of its kind's identities hold, how many fail.

Where a line can be read more than one way (a row printed with fewer cells than the header, its
blank cells dropped: are its amounts the first columns or the last?), the parser builds each reading
and keeps the one under which more identities hold without more failing. The identities are those
of the kind's schema (a row's 合计 = Σ its parts), the classification roll-up (类 = Σ款 = Σ项) and the
total row (合计 = Σ类), judged on each cell's printed precision.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from budgetlens.model import Amount, Row, RowRole, Table, schema


@dataclass(frozen=True, slots=True)
class Score:
    """Identities of a reading that hold and that fail (blank-only identities are not counted)."""

    holds: int = 0
    fails: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.holds + other.holds, self.fails + other.fails)

    def better_than(self, other: Score) -> bool:
        """More identities hold and none more fail: a reading is only changed on positive evidence."""
        return self.holds > other.holds and self.fails <= other.fails


def _judge(total: Amount | None, parts: list[Amount | None]) -> Score:
    present = [p for p in parts if p is not None and p.value is not None]
    if total is None or total.value is None or not present:
        return Score()
    lo, hi = total.bounds()
    plo = sum((p.bounds()[0] for p in present), Decimal(0))
    phi = sum((p.bounds()[1] for p in present), Decimal(0))
    return Score(holds=1) if plo <= hi and lo <= phi else Score(fails=1)


def _row_identities(table: Table) -> list[tuple[str, tuple[str, ...]]]:
    kind = schema(table.kind)
    keys = {c.key for c in table.columns}
    found = [(i.total, i.parts) for i in (kind.identities if kind else ()) if i.total in keys]
    if found:
        return found
    # a kind without column identities: a 合计 column over the columns beside it
    parts = tuple(k for k in keys if k != "total")
    return [("total", parts)] if "total" in keys and parts else []


def score(table: Table) -> Score:
    """How many of the table's identities hold under this reading."""
    result = Score()
    identities = _row_identities(table)
    keys = [c.key for c in table.columns]
    for row in table.rows:
        for total, parts in identities:
            result += _judge(row.cells.get(total), [row.cells.get(k) for k in parts])
    coded = [r for r in table.rows if r.code]
    by_parent: dict[str, list[Row]] = {}  # 类 → its 款, 款 → its 项: each row once, not each pair of rows
    for r in coded:
        by_parent.setdefault((r.code or "")[:-2], []).append(r)
    for parent in coded:
        children = by_parent.get(parent.code or "", [])
        if children:
            for key in keys:
                result += _judge(parent.cells.get(key), [c.cells.get(key) for c in children])
    total_row = next((r for r in table.rows if r.role is RowRole.TOTAL and r.side is None), None)
    tops = [r for r in coded if len(r.code or "") == 3]
    if total_row is not None and tops:
        for key in keys:
            result += _judge(total_row.cells.get(key), [r.cells.get(key) for r in tops])
    return result
