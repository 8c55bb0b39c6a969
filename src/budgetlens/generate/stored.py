"""A stored document as a printed one (``budgetlens generate --from-db SHA``): its tables as the store keeps them.

The store keeps tables, rows and amounts, not the department's data, so no narrative or restated figure can be
composed: the document written is the title, then each table with its stored rows (code, name) and amounts, in the
order stored. A table whose column keys a template's table of its kind gives is printed under that template's
header; another under a header built from its stored column headers. The two-sided balance tables print their
收入 and 支出 rows side by side, as read. Amounts print their stored value (a repaired one as repaired); derived
amounts (counts the reader added) are left out. A performance-target form (项目支出绩效目标表, 整体支出绩效目标申报表)
prints as a form of what the store keeps of it: the department code and name and the fund lines. The final-account
tables the store keeps in another shape than they print (基本支出决算明细表, “三公” table, 公开相关信息统计表,
项目支出绩效自评表) print in their printed layout (``stored_forms``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from itertools import zip_longest
from typing import Any

from budgetlens.errors import ConfigError
from budgetlens.generate.printed import Cell, HeaderCell, Heading, PrintedDocument, PrintedTable
from budgetlens.generate.stored_forms import FORMS
from budgetlens.generate.templates import header_keys, list_templates
from budgetlens.store.connection import Store

HEX = frozenset("0123456789abcdef")
TWO_SIDED = ("summary", "fiscal_summary")  # kinds printing 收入 and 支出 on one row
_YEAR = re.compile(r"(\d{4})年")
_COLUMN_NUMBER = re.compile(r"^栏?\d+$")  # a 栏次 row's number: decoration the key does not need
Row = tuple[Any, ...]  # row_index, code, name, level, side, line, number


def _document(store: Store, sha: str) -> tuple[Any, ...]:
    prefix = sha.lower()
    if len(prefix) < 6 or not set(prefix) <= HEX:
        raise ConfigError(
            f"文件标识应为 sha256（至少 6 位十六进制）：{sha}", f"a document is named by its sha256: {sha}"
        )
    found = store.backend.fetch(
        "SELECT sha256, title, issuer FROM documents WHERE sha256 LIKE ? ORDER BY sha256", (prefix + "%",)
    )
    if len(found) != 1:
        zh, en = (
            ("数据库中没有该文件", "no stored document") if not found else ("标识对应多个文件", "several documents")
        )
        raise ConfigError(f"{zh}：{sha}", f"{en}: {sha}")
    return tuple(found[0])


def stored_document(store: Store, sha: str) -> PrintedDocument:
    """The document stored under ``sha`` (or a unique prefix of it) with its tables as stored."""
    sha256, title, issuer = _document(store, sha)
    tables = store.backend.fetch(
        "SELECT table_id, kind, title, unit FROM tables WHERE document = ? ORDER BY line, table_id", (sha256,)
    )
    rows: dict[str, list[Row]] = defaultdict(list)
    for r in store.backend.fetch(
        "SELECT table_id, row_index, code, name, level, side, line, number FROM rows WHERE document = ?"
        " ORDER BY table_id, row_index",
        (sha256,),
    ):
        rows[r[0]].append(tuple(r[1:]))
    amounts: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for a in store.backend.fetch(
        "SELECT table_id, row_index, column_key, column_header, printed, value FROM amounts"
        " WHERE document = ? AND status <> 'derived' ORDER BY ordinal",
        (sha256,),
    ):
        amounts[a[0]].append(tuple(a[1:]))
    name = title or sha256[:12]
    doc = PrintedDocument(title=name, cover=[name], contents=False, running_head=name)
    doc.blocks.append(Heading(name))
    for number, (table_id, kind, table_title, unit) in enumerate(tables, start=1):
        table = PrintedTable(
            label=f"表{number}", title=table_title, kind=kind, unit=unit or "万元",
            department_line=f"部门名称：{issuer}" if issuer else "", header=[], columns=0,
        )  # fmt: skip
        _fill(table, rows[table_id], amounts[table_id])
        doc.blocks.append(table)
    return doc


def amount_text(printed: str | None, value: Decimal | None) -> str:
    """The stored value with as many decimals as printed (a repaired amount prints its repaired value); a cell
    without a value prints blank, whatever marks the source printed in it."""
    if value is None:
        return ""
    decimals = sum(c.isdigit() for c in printed.rpartition(".")[2]) if printed and "." in printed else 0
    return f"{value:.{decimals}f}" if decimals or value == value.to_integral_value() else f"{value.normalize():f}"


def _fill(table: PrintedTable, rows: list[Row], amounts: list[tuple[Any, ...]]) -> None:
    headers: dict[str, str] = {}
    cells: dict[tuple[int, str], Cell] = {}
    for row_index, key, header, printed, value in amounts:
        headers.setdefault(key, header)
        number = None if value is None else Decimal(str(value))
        cells[(row_index, key)] = Cell(amount_text(printed, number), "amount", number)
    if table.kind == "perf.project_target":
        _project_form(table, rows, cells)
        return
    if table.kind == "perf.overall_target":
        _overall_form(table, rows, cells)
        return
    if table.kind in FORMS and headers:
        FORMS[table.kind](table, rows, cells, headers)
        return
    years = _YEAR.findall(" ".join([table.title, *headers.values()]))
    two_sided = table.kind.rpartition(".")[2] in TWO_SIDED and len({_on_side(k, "expenditure") for k in headers}) > 1
    if two_sided:  # a row read without its side is on the side of its amounts
        spent = {i for (i, k) in cells if _on_side(k, "expenditure")}
        rows = [(*r[:4], r[4] or ("expenditure" if r[0] in spent else "income"), *r[5:]) for r in rows]
    header = _template_header(table.kind, set(headers), years[0] if years else "")
    keys = header_keys(header) if header else []
    if not header:
        header, keys = _built_header(headers, two_sided, any(r[1] for r in rows))
    table.header, table.columns = header, len(keys)
    lines = _sides(rows) if two_sided else [[r] for r in rows]
    for line in lines:
        table.rows.append(_line(keys, line, cells))


def _project_form(table: PrintedTable, rows: list[Row], cells: dict[tuple[int, str], Cell]) -> None:
    """A 项目支出绩效目标表 of the fund lines the store keeps: 项目名称, 主管部门及代码, then each fund's 实施期 and
    年度 amounts side by side, the totals first."""

    def amount(row_index: int, key: str) -> Cell:
        return cells.get((row_index, key), Cell(""))

    totals = {r[2]: r for r in rows if r[2].endswith("资金总额")}
    period, annual = totals.get("实施期资金总额"), totals.get("年度资金总额")
    code = next((r[1] for r in rows if r[1]), "")
    department = table.department_line.partition("：")[2]
    lines = [
        [Cell("项目名称", "label"), Cell(table.title), Cell(""), Cell(""), Cell("")],
        [Cell("主管部门及代码", "label"), Cell(f"{code}-{department}" if code else department), *[Cell("")] * 3],
        [
            Cell("项目资金（元）", "label"), Cell("实施期资金总额："),
            amount(period[0], "implementation") if period else Cell(""),
            Cell("年度资金总额："), amount(annual[0], "annual") if annual else Cell(""),
        ],
    ]  # fmt: skip
    for r in rows:
        if r not in totals.values():
            name = r[2] if r[2] not in ("中央财政资金",) else "其中：中央财政资金"
            lines.append([Cell(""), Cell(name), amount(r[0], "implementation"), Cell(name), amount(r[0], "annual")])
    table.title, table.label, table.unit, table.department_line = "项目支出绩效目标表", "", "", ""
    table.columns, table.rows = 5, lines


def _overall_form(table: PrintedTable, rows: list[Row], cells: dict[tuple[int, str], Cell]) -> None:
    """A 整体支出绩效目标申报表 of what the store keeps: 部门名称 and the year's budget total (万元)."""
    code = next((r[1] for r in rows if r[1]), "")
    total = next((cells[(r[0], "annual")] for r in rows if (r[0], "annual") in cells), Cell(""))
    lines = [
        [Cell("部门基本信息", "label"), Cell("部门名称"), Cell(f"{code}-{table.title}" if code else table.title)],
        [Cell("年度预算情况", "label"), Cell("按资金来源划分"), Cell("资金总额（万元）")],
        [Cell(""), Cell("合计"), total],
    ]
    table.title, table.label, table.unit, table.department_line = "整体支出绩效目标申报表", "", "", ""
    table.columns, table.rows = 3, lines


def _template_header(kind: str, keys: set[str], year: str) -> list[list[HeaderCell]] | None:
    """The header of the first template table of ``kind`` whose columns give every stored key."""
    for template in list_templates():
        for name, spec in template["tables"].items():
            if spec["kind"] == kind:
                header = template.header(name, year=year, dept="", region="")
                if keys <= {k for k in header_keys(header) if k}:
                    return header
    return None


def _built_header(
    headers: dict[str, str], two_sided: bool, coded: bool
) -> tuple[list[list[HeaderCell]], list[str | None]]:
    """A header from the stored column headers (``收入 / 金额``) and its columns' keys (None for a label column):
    one row per level, equal neighbours merged; the label columns (项目, or 科目编码 | 科目名称) before the
    amounts, before each side's in a two-sided table."""
    paths = {k: [w for w in h.split(" / ") if not _COLUMN_NUMBER.match(w)] or [h] for k, h in headers.items()}
    depth = max((len(p) for p in paths.values()), default=1) + two_sided
    columns: list[list[str]] = []
    keys: list[str | None] = []
    labels = [] if two_sided else ["科目编码", "科目名称"] if coded else ["项目"]
    for key, p in paths.items():
        if two_sided and (not columns or columns[-1][0] != p[0]):
            columns.append([p[0], *["项目"] * (depth - 1)])
            keys.append(None)
        columns.append(p + [p[-1]] * (depth - len(p)))
        keys.append(key)
    grid: list[list[HeaderCell]] = [[HeaderCell(w, rowspan=depth) for w in labels]]
    grid += [[] for _ in range(depth - 1)]
    for level in range(depth):
        j = 0
        while j < len(columns):
            span = 1
            while j + span < len(columns) and columns[j + span][: level + 1] == columns[j][: level + 1]:
                span += 1
            if level == 0 or columns[j][level] != columns[j][level - 1]:
                rows = sum(1 for d in range(level + 1, depth) if columns[j][d] == columns[j][level]) + 1
                grid[level].append(HeaderCell(columns[j][level], colspan=span, rowspan=rows))
            j += span
    return grid, [*[None] * len(labels), *keys]


def _sides(rows: list[Row]) -> list[list[Row]]:
    """The two-sided table's printed lines: its 收入 and 支出 rows paired by the line they were read from, else in
    order."""
    income = [r for r in rows if r[4] != "expenditure"]
    spent = [r for r in rows if r[4] == "expenditure"]
    if all(r[5] is not None for r in rows):
        by_line: dict[int, list[Row]] = defaultdict(list)
        for r in income + spent:
            by_line[r[5]].append(r)
        if all(len(v) <= 2 for v in by_line.values()):
            return [by_line[n] for n in sorted(by_line)]
    return [[r for r in pair if r] for pair in zip_longest(income, spent)]


def _line(keys: list[str | None], rows: list[Row], cells: dict[tuple[int, str], Cell]) -> list[Cell]:
    """One printed line: each row's labels in the label columns before its side's amounts, then its amounts."""
    line = [Cell("")] * len(keys)
    for r in rows:
        row_index, code, name, level = r[:4]
        side = [j for j, k in enumerate(keys) if k is None or _on_side(k, r[4])]
        first = next((j for j in side if keys[j] is not None), len(keys))
        start = first
        while start > 0 and keys[start - 1] is None:
            start -= 1
        labels = list(range(start, first))
        texts = [code or "", name] if len(labels) > 1 and code else [f"{code} {name}" if code and not r[4] else name]
        for j, text in zip(labels, texts, strict=False):
            line[j] = Cell(text, "code" if text == code else "name", level=level or 0)
        for j in side:
            key = keys[j]
            if key is not None and (row_index, key) in cells:
                line[j] = cells[(row_index, key)]
    return line


def _on_side(key: str, side: str | None) -> bool:
    return side is None or key.startswith("expenditure") == (side == "expenditure")
