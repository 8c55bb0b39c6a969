"""Final-account tables a store keeps in another shape than they print, printed as final accounts print them.

* 基本支出决算明细表 (``final.general_basic_detail``): (科目编码, 科目名称, amounts) groups side by side, the
  人员经费 classes (301, 303) in the left half and the 公用经费 classes in the right, and the totals line
  naming 人员经费合计 over the left half and 公用经费合计 over the right.
* “三公”经费支出决算表 (``final.three_public``): the store keeps one row per item, the table prints the items as
  columns of one line under the stored column headers (and the 栏次 line when they number their columns).
* 公开相关信息统计表 (``final.disclosure_stats``): one section per column key (一、政府采购情况 …), each with its
  own 项目 | 行次 | header line and rows numbered by their 行次.
* 项目支出绩效自评表 (``perf.project_self_eval``): the store keeps one row per scalar (年初预算数 … 总分); the form
  prints each in the labelled cell a self-evaluation form gives it: 项目名称, 主管部门, the 项目资金 line
  (项目预算金额 | 实际到位金额 | 实际执行金额), the 总分设置 line, 项目执行情况, one indicator line per score group
  (产出, 效益, 满意度), 总分 and the 自评结论's 支出完成率.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import zip_longest
from typing import Any

from budgetlens.generate.printed import Cell, HeaderCell, PrintedTable

Row = tuple[Any, ...]  # row_index, code, name, level, side, line, number
Cells = dict[tuple[int, str], Cell]
Form = Callable[[PrintedTable, list[Row], Cells, dict[str, str]], None]

PERSONNEL_CLASSES = ("301", "303")
DETAIL_TOTALS = ("人员经费合计", "公用经费合计")
_COLUMN = re.compile(r"栏?(\d+)$")
_ORDINALS = "一二三四五六七八九十"


def _blank(n: int) -> list[Cell]:
    return [Cell("") for _ in range(n)]


def basic_detail(table: PrintedTable, rows: list[Row], cells: Cells, headers: dict[str, str]) -> None:
    """Two groups a line: a 人员经费 row on the left, a 公用经费 row on the right; then the totals line."""
    keys = list(headers)
    width = 2 + len(keys)
    totals = {r[2]: r for r in rows if not r[1] and r[2] in DETAIL_TOTALS}
    coded = [r for r in rows if r not in totals.values()]
    personnel = [r for r in coded if (r[1] or "")[:3] in PERSONNEL_CLASSES]
    public = [r for r in coded if r not in personnel]

    def group(r: Row | None) -> list[Cell]:
        if r is None:
            return _blank(width)
        labels = [Cell(r[1] or "", "code"), Cell(r[2], "name", level=r[3] or 0)]
        return labels + [cells.get((r[0], k), Cell("")) for k in keys]

    names = [HeaderCell("科目编码"), HeaderCell("科目名称"), *(HeaderCell(headers[k]) for k in keys)]
    table.header = [[HeaderCell("人员经费", colspan=width), HeaderCell("公用经费", colspan=width)], names + names]
    table.columns = 2 * width
    table.rows = [group(left) + group(right) for left, right in zip_longest(personnel, public)]
    if totals:
        line: list[Cell] = []
        for name in DETAIL_TOTALS:
            r = totals.get(name)
            line += [Cell(""), Cell(name, "name")] + [cells.get((r[0], k), Cell("")) if r else Cell("") for k in keys]
        table.rows.append(line)


def three_public(table: PrintedTable, rows: list[Row], cells: Cells, headers: dict[str, str]) -> None:
    """The items as columns of one line: the stored column headers (without their 栏), the 栏次 line when the
    stored headers number their columns, the amounts."""
    numbered = sorted(headers, key=lambda k: _column_number(headers[k], list(headers).index(k) + 1))
    paths = [[w for w in headers[k].split(" / ") if not _COLUMN.fullmatch(w)] for k in numbered]
    depth = max(len(p) for p in paths)
    grid: list[list[HeaderCell]] = [[HeaderCell("项目", rowspan=depth)]] + [[] for _ in range(depth - 1)]
    for level in range(depth):
        j = 0
        while j < len(paths):
            word = paths[j][level] if level < len(paths[j]) else None
            span = 1
            while j + span < len(paths) and paths[j + span][: level + 1] == paths[j][: level + 1]:
                span += 1
            if word is not None:
                down = depth - level if level == len(paths[j]) - 1 else 1
                grid[level].append(HeaderCell(word, colspan=span, rowspan=down))
            j += span
    table.header, table.columns = grid, 1 + len(numbered)
    stored = {k: cells[(r, k)] for (r, k) in cells}
    numbers = [str(_column_number(headers[k], 0)) for k in numbered]
    table.rows = [[Cell("栏次", "label"), *(Cell(n) for n in numbers)]] if "0" not in numbers else []
    table.rows.append([Cell("金额", "label"), *(stored.get(k, Cell("")) for k in numbered)])


def _column_number(header: str, default: int) -> int:
    last = header.rpartition(" / ")[2]
    m = _COLUMN.fullmatch(last)
    return int(m.group(1)) if m and last.startswith("栏") else default


def disclosure_stats(table: PrintedTable, rows: list[Row], cells: Cells, headers: dict[str, str]) -> None:
    """One section per column key: its title (``一、政府采购情况``), a 项目 | 行次 | word line, its rows by 行次."""
    table.header, table.columns = [], 3
    lines: list[list[Cell]] = []
    last = 0
    for n, key in enumerate(headers):
        title, _, word = headers[key].rpartition(" / ")
        lines.append([Cell(f"{_ORDINALS[n % 10]}、{title or word}", "label"), *_blank(2)])
        lines.append([Cell("项目", "label"), Cell("行次", "label"), Cell(word or "统计数", "label")])
        for r in rows:
            if (r[0], key) in cells:
                last = r[6] if r[6] else last + 1
                lines.append([Cell(r[2], "name"), Cell(str(last)), cells[(r[0], key)]])
    table.rows = lines


SELF_EVAL_GROUPS = (("产出得分", "产出指标"), ("效益得分", "效益指标"), ("满意度得分", "满意度指标"))


def self_evaluation(table: PrintedTable, rows: list[Row], cells: Cells, headers: dict[str, str]) -> None:
    """A 项目支出绩效自评表 of the stored scalars, each in its labelled cell (a scalar not stored stays blank)."""
    facts = {r[2]: cells[(r[0], k)] for r in rows for k in headers if (r[0], k) in cells}

    def fact(name: str) -> Cell:
        return facts.get(name, Cell(""))

    department = table.department_line.partition("：")[2]
    lines = [
        [Cell("项目名称", "label"), Cell(table.title), *_blank(4)],
        [Cell("主管部门", "label"), Cell(department), Cell("实施单位", "label"), Cell(department), *_blank(2)],
        [
            Cell("项目资金（万元）" if table.unit == "万元" else f"项目资金（{table.unit}）", "label"),
            Cell("项目预算金额", "label"), fact("年初预算数"),
            Cell("实际到位金额", "label"), fact("全年预算数"),
            Cell("实际执行金额", "label"), fact("全年执行数"),
        ],
    ]  # fmt: skip
    if "分值" in facts:  # the 预算执行率 weight only: the store keeps no other group's weight
        lines.append([Cell(f"总分设置：预算执行率{facts['分值'].text}分", "label"), *_blank(6)])
    lines.append([Cell("项目执行情况", "label"), Cell(""), fact("预算执行得分"), *_blank(4)])
    for name, label in SELF_EVAL_GROUPS:
        if name in facts:
            lines.append([Cell(label, "label"), Cell("指标1"), facts[name], *_blank(4)])
    lines.append([Cell("总分", "label"), Cell(""), fact("总分"), *_blank(4)])
    if "执行率" in facts:
        lines.append([Cell("自评结论", "label"), Cell(f"支出完成率达到{facts['执行率'].text}%"), *_blank(5)])
    table.title, table.label, table.unit, table.department_line = "项目支出绩效自评表", "", "", ""
    table.header, table.columns, table.rows = [], 7, lines


FORMS: dict[str, Form] = {
    "perf.project_self_eval": self_evaluation,
    "final.general_basic_detail": basic_detail,
    "final.three_public": three_public,
    "final.disclosure_stats": disclosure_stats,
}
