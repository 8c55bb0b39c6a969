"""Segmenter output: the document cut into narrative sections, tables and annex blocks."""

from __future__ import annotations

from dataclasses import dataclass, field

from budgetlens.model.table_kinds import TableKind
from budgetlens.read.raw import Line


@dataclass(slots=True)
class SectionBlock:
    """A narrative heading and its paragraphs (page-break splits already joined).

    ``paragraphs`` holds (line number of the paragraph's first line, joined text).
    """

    title: str
    number: str | None  # "第三部分", "一", "（一）", "1" …
    depth: int  # 0 part (第N部分), 1 一、, 2 （一）, 3 1、
    line: int
    line_end: int
    paragraphs: list[tuple[int, str]] = field(default_factory=list)


@dataclass(slots=True)
class TableBlock:
    """A table region: title, preamble values and the body lines (junk lines removed).

    ``kind`` is the canonical table kind recognised from the title (or ``TableKind.UNKNOWN``).
    Body lines keep their original line numbers; blank and watermark lines are dropped.
    """

    kind: TableKind
    title: str
    line: int
    line_end: int
    issuer_label: str | None = None
    unit: str | None = None
    lines: list[Line] = field(default_factory=list)
    notes: list[Line] = field(default_factory=list)  # 注：… lines


@dataclass(slots=True)
class TargetBlock:
    """One printed fragment of a performance annex table (项目支出绩效目标表 or 整体支出绩效目标申报表).

    ``kind`` is "project" or "overall". ``lines`` are the fragment's non-junk lines after the
    title and the ``(2026年度)`` line; a project that spans pages arrives as several blocks.
    """

    kind: str
    title: str
    line: int
    line_end: int
    lines: list[Line] = field(default_factory=list)


@dataclass(slots=True)
class Segmentation:
    """Everything the segmenter found, in document order within each list."""

    title_lines: list[Line] = field(default_factory=list)  # cover lines before the TOC
    running_headers: list[str] = field(default_factory=list)  # page headers naming the document
    toc_lines: list[Line] = field(default_factory=list)  # entries of the table of contents (目录)
    sections: list[SectionBlock] = field(default_factory=list)
    tables: list[TableBlock] = field(default_factory=list)
    targets: list[TargetBlock] = field(default_factory=list)
