"""The tool's facts matched against the truth cells: tolerant of header wording, strict on values.

Tables are paired by title, columns by header similarity (the last level weighs most), rows by code or by name
(without 一、/（一） numbering, spaces or full-width punctuation). The 三公 table may come with its items as rows
and the budget rows as columns; that orientation is accepted.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

Cell = dict[str, Any]
RowKey = tuple[str, str]


def norm(text: object) -> str:
    if text is None:
        return ""
    s = re.sub(r"[\s\u3000]+", "", str(text))
    s = s.replace("（", "(").replace("）", ")").replace("“", '"').replace("”", '"')
    s = re.sub(r"^[一二三四五六七八九十]+、", "", s)
    return re.sub(r"^\([一二三四五六七八九十]+\)", "", s)


def header_similarity(a: str, b: str) -> float:
    a, b = norm(a).replace("/", "|"), norm(b).replace("/", "|")
    if a == b:
        return 1.0
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    return max(ratio, 0.75 + 0.25 * ratio) if a.split("|")[-1] == b.split("|")[-1] else ratio


def amount(value: object) -> Decimal | str | None:
    if value is None:
        return None
    try:
        return Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        return f"unreadable {value!r}"


@dataclass
class Score:
    expected: int = 0
    correct: int = 0
    pivoted: int = 0
    failures: list[str] = field(default_factory=list)  # one line per missing / wrong / extra cell or wrong kind

    def fail(self, text: str) -> None:
        self.failures.append(text)


def _pair_tables(truth: dict[int, str], found: dict[str, str]) -> dict[int, str]:
    pairs: dict[int, str] = {}
    for index, title in truth.items():
        best, best_score = None, 0.0
        for table_id, found_title in found.items():
            if table_id in pairs.values():
                continue
            a, b = norm(title), norm(found_title)
            s = 2.0 if a == b else difflib.SequenceMatcher(None, a, b).ratio()
            if s > best_score:
                best, best_score = table_id, s
        if best is not None and best_score >= 0.8:
            pairs[index] = best
    return pairs


def _pivoted_names(header: str) -> set[str]:
    """Row names a 三公 item may have when the table is read with its items as rows."""
    parts = [norm(p) for p in header.split("/")]
    names = {parts[-1], "".join(parts)}
    if parts[-1] == "小计" and len(parts) > 1:
        names.add(parts[-2])
    return names


def score(truth: list[Cell], facts: list[Cell]) -> Score:
    """Every truth cell looked up among the facts; unmatched non-null facts are extra."""
    result = Score()
    facts = [dict(fact, _i=i) for i, fact in enumerate(facts)]
    truth_tables = {c["table_index"]: c["table_title"] for c in truth}
    by_table: dict[str, list[Cell]] = defaultdict(list)
    for fact in facts:
        by_table[fact.get("table_id") or fact["table_title"]].append(fact)
    pairs = _pair_tables(truth_tables, {tid: cells[0]["table_title"] for tid, cells in by_table.items()})
    used: set[int] = set()
    for index, title in truth_tables.items():
        cells = [c for c in truth if c["table_index"] == index]
        result.expected += len(cells)
        if index not in pairs:
            result.fail(f"{title}: table not found ({len(cells)} cells)")
            continue
        found = by_table[pairs[index]]
        kind = cells[0]["kind"]
        if found[0]["table"] != kind:
            result.fail(f"{title}: kind {found[0]['table']!r}, expected {kind!r}")
        _score_table(result, title, kind, cells, found, used)
    for fact in facts:
        if fact["_i"] not in used and fact["value"] is not None:
            row = fact.get("row_code") or fact.get("row_name")
            result.fail(f"{fact['table_title']}: extra cell row {row!r} "
                        f"column {fact.get('column_header')!r} = {fact['value']}, line {fact.get('line')}")  # fmt: skip
    return result


def _score_table(result: Score, title: str, kind: str, cells: list[Cell], found: list[Cell], used: set[int]) -> None:
    found_headers = sorted({c["column_header"] or "" for c in found})
    header_map: dict[str, list[str]] = {}
    for header in sorted({c["column_header"] for c in cells}):
        ranked = sorted(((header_similarity(header, h), h) for h in found_headers), reverse=True)
        header_map[header] = [h for s, h in ranked if s >= 0.55][:3]
    index: dict[tuple[RowKey, str], list[Cell]] = defaultdict(list)
    for fact in found:
        keys: list[RowKey] = [("code", fact["row_code"])] if fact.get("row_code") else []
        for key in [*keys, ("name", norm(fact.get("row_name")))]:
            index[(key, fact["column_header"] or "")].append(fact)
    for facts in index.values():
        facts.sort(key=lambda c: (c.get("line") or 0, c["_i"]))
    groups: dict[tuple[RowKey, str], list[Cell]] = defaultdict(list)
    for cell in sorted(cells, key=lambda c: (c["body_row"], c["col"])):
        if cell["row_code"] is None and cell["row_name"] is None:
            key: RowKey = ("pos", "")
        else:
            key = ("code", cell["row_code"]) if cell["row_code"] else ("name", norm(cell["row_name"]))
        groups[(key, cell["column_header"])].append(cell)
    unnamed = [c for c in found if not c.get("row_code") and not norm(c.get("row_name"))]
    for (key, header), group in groups.items():
        candidates: list[Cell] | None = None
        for found_header in header_map[header]:
            if key[0] == "pos":
                matches = [c for c in unnamed if (c["column_header"] or "") == found_header]
                matches = matches or [c for c in found if (c["column_header"] or "") == found_header]
            else:
                matches = index.get((key, found_header), [])
                if not matches and key[0] == "code":
                    matches = index.get((("name", norm(group[0]["row_name"])), found_header), [])
            matches = [c for c in matches if c["_i"] not in used]
            if matches:
                candidates = matches
                break
        if candidates is None and key[0] == "name" and kind.endswith("three_public"):
            names = _pivoted_names(header)
            candidates = [c for c in found if norm(c.get("row_name")) in names and c["_i"] not in used
                          and norm(c["column_header"]).split("/")[-1] == key[1]] or None  # fmt: skip
            result.pivoted += len(group) if candidates else 0
        for k, cell in enumerate(group):
            row = cell["row_code"] or cell["row_name"]
            got = candidates[k] if candidates and k < len(candidates) else None
            if got is None:
                result.fail(f"{title}: missing row {row!r} column {header!r}, expected {cell['value']}")
                continue
            used.add(got["_i"])
            expected, value = amount(cell["value"]), amount(got["value"])
            if expected == value or (expected is None and value == 0 and cell.get("printed") in ("-", "—")):
                result.correct += 1
            else:
                result.fail(f"{title}: wrong row {row!r} column {header!r}: expected {cell['value']}, "
                            f"got {got['value']} (as row {got.get('row_code') or got.get('row_name')!r} "
                            f"column {got.get('column_header')!r}, line {got.get('line')})")  # fmt: skip
