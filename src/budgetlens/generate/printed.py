"""A disclosure as it will be printed: the contract between composing (data + template) and rendering (a format).

Everything a renderer needs is here and nothing is left to compute: text as it is printed (amounts already
formatted), the header grid with its spans, the kind of each cell (for alignment and number format), and where the
document breaks. A renderer never changes a figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

CellKind = Literal["code", "name", "amount", "text", "label"]


@dataclass(frozen=True, slots=True)
class HeaderCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True, slots=True)
class Cell:
    """One body cell: ``text`` as printed (an amount formatted, a code as text), its kind and, for an amount, its
    value (for a workbook's numeric cell; None for a blank amount cell). ``level`` indents a name (类 0, 款 1, 项 2)."""

    text: str
    kind: CellKind = "text"
    value: Decimal | None = None
    level: int = 0
    colspan: int = 1


@dataclass(slots=True)
class PrintedTable:
    """A table: its label (表一, 表1 …), title, the line above it (部门名称：…), unit, header grid, rows, note."""

    label: str
    title: str
    kind: str  # the table kind the reader should recognise (model/table_kinds.py), e.g. budget.revenue
    unit: str  # 万元 | 元
    department_line: str  # printed above the table, e.g. 部门名称：示例市文化和旅游局
    header: list[list[HeaderCell]]
    columns: int
    rows: list[list[Cell]] = field(default_factory=list)
    note: str | None = None  # printed under the table, e.g. 注：本表无数据
    landscape: bool = False


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 1  # 1: 第一部分 …; 2: 一、…; 3: （一）…


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


@dataclass(frozen=True, slots=True)
class PageBreak:
    pass


Block = Heading | Paragraph | PrintedTable | PageBreak


@dataclass(slots=True)
class PrintedDocument:
    """The whole disclosure: cover lines, whether a 目录 is printed, and the blocks in order.

    ``stamp`` is printed on every page when set (未通过校验 for a disclosure written with ``--force``)."""

    title: str  # e.g. 示例市文化和旅游局2026年部门预算公开
    cover: list[str]  # the cover's lines, the first the largest
    blocks: list[Block] = field(default_factory=list)
    contents: bool = True  # print a 目录 of the level-1 headings and the tables, with page numbers where known
    landscape: bool = False
    stamp: str | None = None
    running_head: str = ""  # printed at the top of each page (PDF, DOCX)
    # the 目录's entries as the template prints them (None: the level-1 headings and the tables' labels and titles)
    contents_entries: list[str] | None = None

    @property
    def tables(self) -> list[PrintedTable]:
        return [b for b in self.blocks if isinstance(b, PrintedTable)]
