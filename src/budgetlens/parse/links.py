"""Link each project performance target to its row in the project table (unit and amount first)."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from budgetlens.model import Finding, Location, PerformanceTarget, Row, RowRole, Table
from budgetlens.parse.rows import problem

_PARENS = re.compile(r"[（(][^）)]*[）)]")


def _norm(name: str | None) -> str:
    return re.sub(r"\s+", "", (name or "")).replace("(", "（").replace(")", "）")


def _unit_key(name: str | None) -> str:
    return _PARENS.sub("", _norm(name))


def _wan(target: PerformanceTarget) -> Decimal | None:
    total = target.funds_annual.total
    if total is None or total.value is None:
        return None
    return (total.value / Decimal(10000)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _amount(row: Row) -> Decimal | None:
    cell = row.cells.get("total")
    return cell.value if cell is not None else None


def _same_unit(target: PerformanceTarget, row: Row) -> bool:
    unit = _unit_key(row.path[-1] if row.path else None)
    want = _unit_key(target.unit_name)
    return bool(want) and bool(unit) and (want == unit or want.startswith(unit) or unit.startswith(want))


def link_targets(targets: list[PerformanceTarget], table: Table | None) -> list[Finding]:
    """Set ``linked_row``/``link_method`` on project targets; report both kinds of orphans."""
    findings: list[Finding] = []
    projects = [r for r in table.rows if r.role is RowRole.PROJECT] if table else []
    free = {r.index for r in projects}
    passes: tuple[tuple[str, Callable[[PerformanceTarget, Row], bool]], ...] = (
        ("unit+amount", lambda t, r: _same_unit(t, r) and _amount(r) == _wan(t)),
        ("unit+name", lambda t, r: _same_unit(t, r) and _norm(r.name) == _norm(t.name)),
        ("amount+name", lambda t, r: _amount(r) == _wan(t) and _norm(r.name) == _norm(t.name)),
        ("amount", lambda t, r: _amount(r) == _wan(t) and _wan(t) is not None),
    )
    todo = [t for t in targets if t.kind == "project"]
    for method, match in passes:
        for target in todo:
            if target.linked_row is not None or table is None:
                continue
            hits = [r for r in projects if r.index in free and match(target, r)]
            if len(hits) == 1 or (hits and method != "amount"):
                target.linked_row, target.link_method = (table.id, hits[0].index), method
                free.discard(hits[0].index)
    for target in todo:
        if target.linked_row is None:
            line = target.location.line
            findings.append(problem("BL013", target.location, name=target.name, line=line))
    for row in projects:
        if row.index in free:
            loc = Location(line=row.location.line, table=row.location.table, row=row.index)
            findings.append(problem("BL014", loc, name=row.name, line=row.location.line))
    return findings
