"""A stored document as a printed one (``budgetlens generate --from-db SHA``): its tables as the store keeps them.

The store keeps tables, rows and amounts, not the department's data, so no narrative or restated figure can be
composed: the document written is the title, then each table with its stored rows (code, name) and amounts as
printed, in the order stored. Derived amounts (counts the reader added) are left out.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from budgetlens.errors import ConfigError
from budgetlens.generate.printed import Cell, HeaderCell, Heading, PrintedDocument, PrintedTable
from budgetlens.store.connection import Store

HEX = frozenset("0123456789abcdef")


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
    rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for r in store.backend.fetch(
        "SELECT table_id, row_index, code, name, level FROM rows WHERE document = ? ORDER BY table_id, row_index",
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
        doc.blocks.append(_table(number, kind, table_title, unit or "万元", issuer, rows[table_id], amounts[table_id]))
    return doc


def _table(
    number: int, kind: str, title: str, unit: str, issuer: str | None, rows: list[tuple[Any, ...]],
    amounts: list[tuple[Any, ...]],
) -> PrintedTable:  # fmt: skip
    columns: dict[str, str] = {}
    cells: dict[tuple[int, str], tuple[str, Decimal | None]] = {}
    for row_index, key, header, printed, value in amounts:
        columns.setdefault(key, header)
        cells[(row_index, key)] = (printed or "", None if value is None else Decimal(str(value)))
    coded = any(code for _, code, _, _ in rows)
    header = [[*([HeaderCell("科目编码")] if coded else []), HeaderCell("项目"), *map(HeaderCell, columns.values())]]
    body = []
    for row_index, code, name, level in rows:
        line = [*([Cell(code or "", "code")] if coded else []), Cell(name, "name", level=level or 0)]
        for key in columns:
            text, value = cells.get((row_index, key), ("", None))
            line.append(Cell(text, "amount", value))
        body.append(line)
    return PrintedTable(
        label=f"表{number}", title=title, kind=kind, unit=unit,
        department_line=f"部门名称：{issuer}" if issuer else "", header=header, columns=len(header[0]), rows=body,
    )  # fmt: skip
