"""BL206: the 行次 identities of the final-account totals tables (公开01 and 公开04)."""

from __future__ import annotations

from collections.abc import Iterator

from budgetlens.check.evidence import lines_of
from budgetlens.check.intervals import point_sum, shown, sum_consistent
from budgetlens.check.registry import Rule, register
from budgetlens.model import Amount, Document, Finding, Location, Row
from budgetlens.model.table_kinds import TableKind

# kind -> [(total 行次, part 行次 …)]; amounts are compared column by column on the total's side.
IDENTITIES: dict[str, list[tuple[int, tuple[int, ...]]]] = {
    TableKind.FINAL_SUMMARY: [
        (27, tuple(range(1, 27))),
        (58, tuple(range(32, 58))),
        (31, (27, 28, 29)),
        (62, (58, 59, 60)),
        (62, (31,)),
    ],
    TableKind.FINAL_FISCAL_SUMMARY: [
        (27, tuple(range(1, 27))),
        (59, tuple(range(33, 59))),
        (28, (29, 30, 31)),
        (60, (61, 62, 63)),
        (32, (27, 28)),
        (64, (59, 60)),
        (64, (32,)),
    ],
}


NATIONAL_INCOME_TOTAL = 27  # 本年收入合计 in the national template; other templates number their own way


def _named_identities(rows: list[Row]) -> list[tuple[Row, list[Row]]]:
    """The same identities read from the row names, for templates that number their 行次 differently.

    Per side: 本年…合计 = the top rows above it, 总计 = 本年…合计 + the top rows between them,
    a carry-over row = its fund rows; across the sides: income 总计 = expenditure 总计.
    """
    out: list[tuple[Row, list[Row]]] = []
    grand: dict[str | None, Row] = {}
    for side in ("income", "expenditure"):
        own = [r for r in rows if r.side == side]
        top = [r for r in own if r.parent is None]
        year = next((i for i, r in enumerate(top) if r.name.startswith("本年") and "合计" in r.name), None)
        if year is None:
            continue
        out.append((top[year], top[:year]))
        end = next((i for i, r in enumerate(top) if i > year and "总计" in r.name), None)
        if end is not None:
            out.append((top[end], top[year:end]))
            grand[side] = top[end]
        for head in own:
            children = [r for r in own if r.parent == head.index]
            if children:
                out.append((head, children))
    if "income" in grand and "expenditure" in grand:
        out.append((grand["expenditure"], [grand["income"]]))
    return out


@register
class FinalBalance(Rule):
    """The totals of a final account's 收入支出决算总表 and 财政拨款收入支出决算总表 add up by 行次.

    What it checks: 本年收入合计 = Σ income rows, 本年支出合计 = Σ expenditure rows, 总计 = 本年合计 +
    结余/结转 rows, and income 总计 = expenditure 总计, addressed by the printed 行次 (the row
    numbers are the same in every year's national template), column by column with interval arithmetic.
    Templates that number their rows otherwise (a province's 1…12 | 29…40) are checked by the row
    names instead: 本年收入合计, 本年支出合计, 总计 and the fund rows under a carry-over row.
    Why it matters: these two tables carry the totals that every other final-account table and the
    narrative repeat.
    Failing example: 行27 本年收入合计 2660.62 while 行1…26 add up to 2661.62.
    Passing example: 行27 2660.62 equal to 2648.11 + 12.51.
    Reference: 财政部《部门决算报表》公开01表、公开04表 行次关系.
    """

    code = "BL206"
    slug = "arithmetic.final-balance"
    title_zh = "决算收入支出总表和财政拨款收入支出总表按行次相加"
    template_zh = "表“{table}”行{number}“{row}”的{column}为{actual}，但行{parts}之和为{expected}（第{line}行）"
    template_en = (
        "Table '{table}', row {number} '{row}' {column} is {actual} but rows {parts} add up to {expected} (line {line})"
    )
    reference = "公开01表、公开04表 行次关系"

    def check(self, doc: Document) -> Iterator[Finding]:
        for table in doc.tables:
            if table.kind not in IDENTITIES:
                continue
            numbered = {r.number: r for r in table.rows if r.number is not None}
            income_total = numbered.get(NATIONAL_INCOME_TOTAL)
            if income_total is None or not income_total.name.startswith("本年"):
                for named_total, parts in _named_identities(table.rows):
                    numbers = tuple(p.number for p in parts if p.number is not None)
                    yield from self._compare(table.title, table.id, named_total, parts, numbers)
                continue
            for total_no, part_nos in IDENTITIES[table.kind]:
                total = numbered.get(total_no)
                parts = [numbered[n] for n in part_nos if n in numbered]
                if total is None or not parts:
                    continue
                yield from self._compare(table.title, table.id, total, parts, part_nos)

    def _compare(
        self, title: str, table_id: str, total: Row, parts: list[Row], numbers: tuple[int, ...]
    ) -> Iterator[Finding]:
        cross = any(p.side != total.side for p in parts)
        items = list(total.cells.items())[:1] if cross else list(total.cells.items())
        for key, amount in items:
            values = [_same_column(p, key) for p in parts]
            if sum_consistent(amount, values):
                continue
            label = f"{numbers[0]}–{numbers[-1]}" if len(numbers) > 3 else "+".join(map(str, numbers))
            loc = Location(line=total.location.line, table=table_id, row=total.index, column=key)
            yield self.finding(
                loc, evidence=lines_of(amount, *values), expected=point_sum(values), actual=shown(amount), table=title,
                number=total.number,
                row=total.name, column=key, parts=label, line=total.location.line,
            )  # fmt: skip


def _same_column(row: Row, key: str) -> Amount:
    """The part's value in the total's column; across sides (总计 = 总计) its first amount stands in."""
    if key in row.cells:
        return row.cells[key]
    return next(iter(row.cells.values()), Amount(value=None))
