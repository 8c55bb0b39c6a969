"""Turn grid lines into model rows: labels, codes and amount cells per side."""

from __future__ import annotations

import re

from budgetlens.model import Amount, Finding, Location, Row, RowRole, Severity
from budgetlens.parse.grid import TOTAL_WORDS, Grid, Side
from budgetlens.parse.numbers import parse_amount
from budgetlens.read.raw import Line

_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")


def problem(code: str, location: Location, /, *, variant: str = "", **params: object) -> Finding:
    """A problem found while parsing: which rule's (``code``), where, and the parameters of its message.

    The rule of the code (check/rules) owns the slug, severity, wording and reference; ``variant`` names one
    of its further wordings (Rule.variants). The pipeline and the check stage restate the problem with them;
    until then it carries placeholders and renders as its code.
    """
    return Finding(
        code=code, severity=Severity.INFO, template_zh=code, template_en=code, params=params, location=location,
        variant=variant,
    )  # fmt: skip


def is_total(name: str) -> bool:
    compact = re.sub(r"\s+", "", name)
    return compact in TOTAL_WORDS or compact.endswith(("合计", "总计"))


_PART = re.compile(r"^\d{2,3}$")


def joined_code(parts: list[str], previous: str | None) -> tuple[str, str]:
    """(code, label) of a code printed over 类/款/项 columns: ``204⇥06⇥01`` → 2040601.

    Templates that print only the new part of the code (``⇥06⇥`` under the 类 row 204) take the
    leading parts from the row before. A 款 or 项 printed with one digit (``301⇥2``) is that part
    zero-padded (30102). A text in the code columns (合计) is returned as the label.
    """
    text = [p.replace(" ", "") for p in parts]
    text = [p.zfill(2) if i > 0 and len(p) == 1 and p.isdigit() else p for i, p in enumerate(text)]
    filled = [p for p in text if p]
    if not filled:
        return "", ""
    if not all(_PART.match(p) for p in filled):
        return "", " ".join(filled)
    first = next(i for i, p in enumerate(text) if p)
    digits = "".join(text[first:]).strip()
    if any(not p for p in text[first : first + len(filled)]):  # a gap inside the code: not a code
        return "", ""
    if first == 0:
        code = digits
    else:
        keep = 3 + 2 * (first - 1)
        code = previous[:keep] + digits if previous and len(previous) >= keep else ""
    return (code, "") if _CODE.match(code) else ("", "")


def side_row(
    grid: Grid,
    side: Side,
    line: Line,
    cells: list[str],
    index: int,
    table_id: str,
    title: str,
    unit: str,
    previous_code: str | None = None,
) -> tuple[Row | None, list[Finding]]:
    """The row one side of a line stands for, or None when that side of the line is empty.

    ``previous_code`` is the code of the side's row before, for codes printed over 类/款/项 columns.
    """
    code = cells[side.code_col] if side.code_col is not None else ""
    names = [cells[j] for j in side.name_cols]
    name = names[0] if names else ""
    if side.code_parts:
        code, label = joined_code([cells[j] for j in side.code_parts], previous_code)
        name = name or label
    amounts = {grid.keys[j]: cells[j] for j in side.amount_cols}
    if not code and not any(names) and not any(amounts.values()):
        return None, []
    findings: list[Finding] = []
    if code and not _CODE.match(code):  # a label in the code column, e.g. 合计
        name, code = name or code, ""
    row = Row(
        index=index,
        name=name,
        code=code or None,
        code_source="printed" if code else None,
        side=side.name,
        second_name=names[1] if len(names) > 1 and names[1] else None,
        location=Location(line=line.no, table=table_id, row=index),
    )
    for j in side.amount_cols:
        key, text = grid.keys[j], cells[j]
        try:
            value = parse_amount(text)
        except ValueError:
            value = None
            loc = Location(line=line.no, table=table_id, row=index, column=key, text=text)
            column = grid.paths[j][-1] if grid.paths[j] else key  # a header without words over this column
            findings.append(problem("BL001", loc, table=title, line=line.no, column=column, text=text))
        row.cells[key] = Amount(value=value, unit=unit, printed=text)
    if is_total(row.name) and not row.code:
        row.role = RowRole.TOTAL
    return row, findings
