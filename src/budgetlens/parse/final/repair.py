"""Recovery by constraints: a debris cell is rebuilt from an identity in which it is the only unknown.

Identities used: a row's total column = the sum of its part columns (per table kind), and a
classification parent row = the sum of its child rows (per column). A rebuilt value keeps the
printed text, is marked ``repaired`` with the identity it came from, and raises a finding; a
cell whose identity shows it is blank stays blank, with the identity noted.
"""

from __future__ import annotations

from decimal import Decimal

from budgetlens.model import Amount, Finding, Location, Row, Table, ValueStatus
from budgetlens.model.table_kinds import TableKind, schema
from budgetlens.parse.rows import problem

# Two-sided tables: the rows numbered lo..hi add up to the row numbered total (行次).
ROW_SUMS: dict[str, list[tuple[int, int, int]]] = {
    TableKind.FINAL_SUMMARY: [(1, 26, 27), (32, 57, 58)],
    TableKind.FINAL_FISCAL_SUMMARY: [(1, 26, 27), (33, 58, 59), (29, 31, 28), (61, 63, 60)],
}


def _unknown(a: Amount | None) -> bool:
    return a is not None and a.value is None and bool(a.printed) and a.constraint is None and "──" not in a.printed


def _value(a: Amount | None) -> Decimal:
    return a.value if a is not None and a.value is not None else Decimal(0)


def _half(a: Amount | None) -> Decimal:
    if a is None or a.value is None:
        return Decimal(0)
    return a.bounds()[1] - a.value


def _solve(total: Amount | None, parts: list[Amount | None], target: int) -> tuple[Decimal, Decimal] | None:
    """(value, half-width) of the one unknown member; target -1 is the total, else a part index."""
    members = [total, *parts]
    unknown = [i for i, m in enumerate(members) if _unknown(m)]
    if unknown != [target + 1]:
        return None
    width = sum((_half(m) for m in members), Decimal(0))
    if target == -1:
        return sum((_value(p) for p in parts), Decimal(0)), width
    others = sum((_value(p) for i, p in enumerate(parts) if i != target), Decimal(0))
    return _value(total) - others, width


def _all_blank(total: Amount | None, parts: list[Amount | None]) -> bool:
    """The known parts already make up the total, so every unknown part must be blank."""
    if total is None or _unknown(total):
        return False
    width = sum((_half(m) for m in [total, *parts]), Decimal(0))
    return abs(_value(total) - sum((_value(p) for p in parts), Decimal(0))) <= width


def _identities(table: Table, row: Row, key: str) -> list[tuple[str, Amount | None, list[Amount | None], int]]:
    """(description, total, parts, index of the cell in parts or -1) for every identity holding the cell."""
    found = []
    kind = schema(table.kind)
    for identity in kind.identities if kind else ():
        total_key, part_keys = identity.total, identity.parts
        parts = [row.cells.get(k) for k in part_keys]
        if key == total_key:
            found.append((str(identity), row.cells.get(total_key), parts, -1))
        elif key in part_keys:
            found.append((str(identity), row.cells.get(total_key), parts, part_keys.index(key)))
    numbered = {r.number: r for r in table.rows if r.number is not None}
    for lo, hi, total_no in ROW_SUMS.get(table.kind, []):
        members = [numbered[n] for n in range(lo, hi + 1) if n in numbered]
        total_row = numbered.get(total_no)
        if total_row is None or key not in total_row.cells:
            continue
        what = f"行{total_no} = Σ行{lo}–{hi}"
        parts = [m.cells.get(key) for m in members]
        if row is total_row:
            found.append((what, total_row.cells.get(key), parts, -1))
        elif row in members:
            found.append((what, total_row.cells.get(key), parts, members.index(row)))
    kids = [r for r in table.rows if r.parent == row.index]
    if kids:
        found.append((f"{row.code or row.name} = Σ下级科目", row.cells.get(key), [k.cells.get(key) for k in kids], -1))
    if row.parent is not None:
        parent = table.rows[row.parent]
        siblings = [r for r in table.rows if r.parent == row.parent]
        found.append(
            (f"{parent.code or parent.name} = Σ下级科目", parent.cells.get(key), [s.cells.get(key) for s in siblings],
             siblings.index(row))
        )  # fmt: skip
    return found


def repair_table(table: Table) -> list[Finding]:
    """Rebuild debris cells from identities until nothing changes; report what stays unknown."""
    findings: list[Finding] = []
    changed = True
    while changed:
        changed = False
        for row in table.rows:
            for key, amount in list(row.cells.items()):
                if not _unknown(amount):
                    continue
                for what, total, parts, target in _identities(table, row, key):
                    solved = _solve(total, parts, target)
                    if solved is None and target >= 0 and _all_blank(total, parts):
                        solved = (Decimal(0), Decimal(0))  # amounts are never negative: several blanks
                    if solved is None:
                        continue
                    value, width = solved
                    blank = abs(value) <= width
                    row.cells[key] = Amount(
                        value=None if blank else value.quantize(Decimal("0.01")),
                        unit=amount.unit,
                        printed=amount.printed,
                        status=ValueStatus.PRINTED if blank else ValueStatus.REPAIRED,
                        constraint=("blank, confirmed by " if blank else "") + what,
                    )
                    if not blank:
                        line = row.location.line
                        loc = Location(line=line, table=table.id, row=row.index, column=key)
                        params = {"column": key, "printed": amount.printed, "constraint": what}
                        rebuilt = row.cells[key].value
                        findings.append(
                            problem(
                                "BL021",
                                loc,
                                table=table.title,
                                line=line,
                                value=rebuilt,
                                **params,
                            )
                        )
                    changed = True
                    break
    for row in table.rows:
        for key, amount in row.cells.items():
            if _unknown(amount):
                loc = Location(line=row.location.line, table=table.id, row=row.index, column=key)
                findings.append(
                    problem("BL022", loc, table=table.title, line=row.location.line, column=key,
                            printed=amount.printed)
                )  # fmt: skip
    return findings
