"""The table's own arithmetic judges a reading: how many of its kind's identities hold, how many fail.

Where a line can be read more than one way (a row printed with fewer cells than the header, its
blank cells dropped: are its amounts the first columns or the last?), the parser builds each reading
and keeps the one under which more identities hold without more failing. The identities are those
of the kind's schema (a row's 合计 = Σ its parts), the classification roll-up (类 = Σ款 = Σ项) and the
total row (合计 = Σ类), judged on each cell's printed precision.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
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

    def __sub__(self, other: Score) -> Score:
        return Score(self.holds - other.holds, self.fails - other.fails)

    def better_than(self, other: Score) -> bool:
        """More identities hold and none more fail: a reading is only changed on positive evidence."""
        return self.holds > other.holds and self.fails <= other.fails


def _judge(total: Amount | None, parts: Sums) -> Score:
    if total is None or total.value is None or not parts.present:
        return Score()
    lo, hi = total.bounds()
    return Score(holds=1) if parts.lo <= hi and lo <= parts.hi else Score(fails=1)


@dataclass(frozen=True, slots=True)
class Sums:
    """What an identity needs of its parts: how many are printed, and the sums of their intervals."""

    present: int
    lo: Decimal
    hi: Decimal


def sums(parts: Iterable[Amount | None]) -> Sums:
    present, lo, hi = 0, Decimal(0), Decimal(0)
    for part in parts:
        if part is not None and part.value is not None:
            p_lo, p_hi = part.bounds()
            present, lo, hi = present + 1, lo + p_lo, hi + p_hi
    return Sums(present, lo, hi)


def _row_identities(table: Table) -> list[tuple[str, tuple[str, ...]]]:
    """The row identities of the table's columns: its kind's, on the columns it prints, and each group's.

    A part the table prints split (基本支出 as 小计 | 人员经费 | 公用经费) stands in its kind's identity by its
    小计/合计 column (合计 = 基本支出 / 小计 + 项目支出), and the group's own identity joins them (基本支出 / 小计 =
    人员经费 + 公用经费). A part printed neither whole nor by a 小计 leaves the identity out: summed without
    it, the identity would hold or fail on what the table does not say.
    """
    kind = schema(table.kind)
    keys = [c.key for c in table.columns]
    found: list[tuple[str, tuple[str, ...]]] = []
    for identity in kind.identities if kind else ():
        if identity.total not in keys:
            continue
        parts = [_printed_as(part, keys) for part in identity.parts]
        if None not in parts:
            found.append((identity.total, tuple(p for p in parts if p)))
    if not found and "total" in keys:  # a kind without column identities: 合计 over the columns beside it
        beside = tuple(k for k in keys if k != "total")
        found += [("total", beside)] if beside else []
    for key in keys:
        prefix, _, last = key.rpartition(".")
        leaves = tuple(k for k in keys if k.startswith(prefix + ".") and not k.endswith((".subtotal", ".total")))
        if prefix and last in ("subtotal", "total") and leaves and all(total != key for total, _ in found):
            found.append((key, leaves))
    return found


def _printed_as(part: str, keys: list[str]) -> str | None:
    """The column that prints ``part``: its own, or the 小计/合计 of the columns it is split into."""
    if part in keys:
        return part
    for last in ("subtotal", "total"):
        if f"{part}.{last}" in keys:
            return f"{part}.{last}"
    split = any(k.startswith(part + ".") for k in keys)
    return None if split else ""


class Scorer:
    """The score of a table's reading, kept as one row at a time is read another way.

    A row read another way (its amounts placed in other columns) changes only the identities it
    takes part in: its own row identities, its parent's and its own roll-up, the total row's. Those
    are judged again, not the whole table, so trying every reading of every short line costs in
    proportion to the lines, not to their square. ``work`` counts the amounts judged.
    """

    def __init__(self, table: Table) -> None:
        self.identities = _row_identities(table)
        self.keys = [c.key for c in table.columns]
        self.rows = list(table.rows)
        self.by_code: dict[str, list[int]] = {}  # code -> positions of the rows printing it
        self.children: dict[str, list[int]] = {}  # code -> positions of the rows one level below it
        self.tops: list[int] = []  # positions of the 类 rows (3-digit codes)
        for i, row in enumerate(self.rows):
            if row.code:
                self.by_code.setdefault(row.code, []).append(i)
                if len(row.code) > 2:
                    self.children.setdefault(row.code[:-2], []).append(i)
                if len(row.code) == 3:
                    self.tops.append(i)
        self.total_at = next((i for i, r in enumerate(self.rows) if r.role is RowRole.TOTAL and r.side is None), None)
        self.work = 0
        self.score = self._whole()

    def _whole(self) -> Score:
        result = Score()
        for row in self.rows:
            result += self._row(row)
        for code, parents in self.by_code.items():
            below = self.children.get(code)
            if below:
                for key in self.keys:
                    parts = self._sums(below, key, self.rows.__getitem__)
                    for at in parents:
                        result += _judge(self.rows[at].cells.get(key), parts)
        if self.total_at is not None and self.tops:
            result += self._total(self.rows.__getitem__)
        return result

    def _row(self, row: Row) -> Score:
        result = Score()
        for total, parts in self.identities:
            self.work += len(parts)
            result += _judge(row.cells.get(total), sums(row.cells.get(k) for k in parts))
        return result

    def _sums(self, positions: list[int], key: str, get: Callable[[int], Row]) -> Sums:
        self.work += len(positions)
        return sums(get(at).cells.get(key) for at in positions)

    def _total(self, get: Callable[[int], Row]) -> Score:
        result = Score()
        assert self.total_at is not None
        for key in self.keys:
            result += _judge(get(self.total_at).cells.get(key), self._sums(self.tops, key, get))
        return result

    def _around(self, at: int, row: Row) -> Score:
        """The identities the row at position ``at`` takes part in, judged with ``row`` in its place."""

        def get(i: int) -> Row:
            return row if i == at else self.rows[i]

        result = self._row(row)
        code = row.code
        if code:
            below = self.children.get(code)
            if below:
                for key in self.keys:
                    result += _judge(row.cells.get(key), self._sums(below, key, get))
            parents = self.by_code.get(code[:-2], []) if len(code) > 2 else []
            if parents:
                siblings = self.children[code[:-2]]
                for key in self.keys:
                    parts = self._sums(siblings, key, get)
                    self.work += len(parents)
                    for p in parents:
                        result += _judge(self.rows[p].cells.get(key), parts)
        if self.total_at is not None and self.tops and (at == self.total_at or (code and len(code) == 3)):
            result += self._total(get)
        return result

    def same_place(self, at: int, row: Row | None) -> bool:
        """Whether ``row`` may stand at ``at`` without changing which identities there are."""
        old = self.rows[at]
        return row is not None and (row.code, row.role, row.side) == (old.code, old.role, old.side)

    def with_row(self, at: int, row: Row) -> Score:
        """The table's score were the row at ``at`` read as ``row`` (``same_place`` must hold)."""
        return self.score - self._around(at, self.rows[at]) + self._around(at, row)

    def put(self, at: int, row: Row, score: Score) -> None:
        """Keep ``row`` at ``at``; ``score`` is what ``with_row`` said of it."""
        self.rows[at], self.score = row, score


def score(table: Table) -> Score:
    """How many of the table's identities hold under this reading."""
    return Scorer(table).score
