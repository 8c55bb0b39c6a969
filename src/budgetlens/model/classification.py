"""Government classification tables (政府收支分类科目) shipped as package data.

Three schemes, read once from ``budgetlens/data/classification/*.csv``:

* ``functional``    支出功能分类科目 (类 3 digits / 款 5 / 项 7)
* ``economic_dept`` 部门预算支出经济分类 (类 30x / 款 30xxx)
* ``economic_gov``  政府预算支出经济分类 (类 50x / 款 50xxx)

plus ``crosswalk.csv`` (部门经济分类 款 -> 政府经济分类 款). A code may have several rows when its
name changed; each row is valid from ``valid_from`` to ``valid_to`` (inclusive, empty = open).
Unknown codes give ``None``: nothing here guesses a code. See the folder's README.md.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

SCHEMES = ("functional", "economic_dept", "economic_gov")
UNIT_TYPES = ("机关", "事业", "any")
_CIRCLED = "".join(chr(c) for c in range(0x2460, 0x2474))  # ①..⑳
_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十百零〇]+[、.]"  # 一、 二十二、
    r"|\([一二三四五六七八九十百零〇\d]+\)[、.]?"  # (一) (1)
    r"|\d{1,2}[、.](?!\d))"  # 1、 2.
)


@dataclass(frozen=True)
class Entry:
    """One row of a classification table: a code and the name it carries in a span of years."""

    scheme: str
    code: str
    name: str
    parent: str | None
    level: int
    valid_from: int | None
    valid_to: int | None
    renamed_from: str | None
    source: str

    def valid_in(self, year: int | None) -> bool:
        """True when the row applies in ``year`` (any year when ``year`` is None)."""
        if year is None:
            return True
        return (self.valid_from is None or self.valid_from <= year) and (self.valid_to is None or year <= self.valid_to)


@dataclass(frozen=True)
class _Table:
    entries: tuple[Entry, ...]
    by_code: dict[str, tuple[Entry, ...]]
    by_name: dict[str, tuple[Entry, ...]]
    by_former: dict[str, tuple[Entry, ...]]


def normalise_name(name: str) -> str:
    """Comparable form of a printed name: NFKC (full/half-width parens equal), no spaces, no ordinal."""
    text = re.sub(r"\s+", "", name)
    while True:
        if text and text[0] in _CIRCLED:  # before NFKC turns ① into 1
            text = text[1:]
            continue
        text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
        stripped = _ORDINAL.sub("", text, count=1)
        if stripped == text:
            return text
        text = stripped


def _read_csv(filename: str) -> list[dict[str, str]]:
    resource = files("budgetlens") / "data" / "classification" / filename
    text = resource.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _opt_int(value: str) -> int | None:
    value = value.strip()
    return int(value) if value else None


def _index(entries: list[Entry], key: str) -> dict[str, tuple[Entry, ...]]:
    out: dict[str, list[Entry]] = {}
    for e in entries:
        raw = e.code if key == "code" else e.name if key == "name" else e.renamed_from
        if raw:
            out.setdefault(raw if key == "code" else normalise_name(raw), []).append(e)
    return {k: tuple(v) for k, v in out.items()}


@cache
def _table(scheme: str) -> _Table:
    if scheme not in SCHEMES:
        raise ValueError(f"unknown classification scheme {scheme!r}; expected one of {SCHEMES}")
    entries: list[Entry] = []
    for lineno, row in enumerate(_read_csv(f"{scheme}.csv"), start=2):
        code = row["code"].strip()
        if not code.isdigit():
            raise ValueError(f"{scheme}.csv line {lineno}: bad code {code!r}")
        entries.append(
            Entry(
                scheme=scheme,
                code=code,
                name=row["name"].strip(),
                parent=row["parent"].strip() or None,
                level=int(row["level"]),
                valid_from=_opt_int(row["valid_from"]),
                valid_to=_opt_int(row["valid_to"]),
                renamed_from=(row.get("renamed_from") or "").strip() or None,
                source=row["source"].strip(),
            )
        )
    return _Table(tuple(entries), _index(entries, "code"), _index(entries, "name"), _index(entries, "former"))


@cache
def _crosswalk_rows() -> tuple[tuple[str, str, str], ...]:
    return tuple(
        (r["dept_code"].strip(), r["gov_code"].strip(), r["unit_type"].strip()) for r in _read_csv("crosswalk.csv")
    )


def _latest(cands: list[Entry]) -> Entry | None:
    """Among rows of one code, the most recent name period."""
    if not cands:
        return None
    return max(cands, key=lambda e: (e.valid_to is None, e.valid_to or 0, e.valid_from or 0))


def _by_code(scheme: str, code: str, year: int | None) -> Entry | None:
    rows = _table(scheme).by_code.get(code.strip(), ())
    return _latest([e for e in rows if e.valid_in(year)])


def _parent_ok(e: Entry, parent: str | None, year: int | None) -> bool:
    if parent is None:
        return True
    parent = parent.strip()
    if parent.isdigit():
        return e.parent == parent
    if e.parent is None:
        return False
    key = normalise_name(parent)
    return any(p.valid_in(year) and normalise_name(p.name) == key for p in _table(e.scheme).by_code.get(e.parent, ()))


def _pick(cands: list[Entry]) -> Entry | None:
    """One entry for a name, or None when the name is ambiguous.

    Several codes with the same name resolve only when exactly one of them sits at the shallowest level
    (``其他支出`` alone is the 类 399, not the 款 39999); otherwise the caller must pass a parent or level.
    """
    if len({e.code for e in cands}) > 1:
        top = min(e.level for e in cands)
        cands = [e for e in cands if e.level == top]
        if len({e.code for e in cands}) > 1:
            return None
    return _latest(cands)


def _by_name(scheme: str, name: str, year: int | None, level: int | None, parent: str | None) -> Entry | None:
    key = normalise_name(name)
    if not key:
        return None
    table = _table(scheme)

    def keep(e: Entry) -> bool:
        return e.valid_in(year) and (level is None or e.level == level) and _parent_ok(e, parent, year)

    cands = [e for e in table.by_name.get(key, ()) if keep(e)]
    if not cands:  # a former name: resolve to the row that carries the code in `year`
        cands = [e for e in table.by_former.get(key, ()) if keep(e)]
    return _pick(cands)


def functional(code: str, year: int | None = None) -> Entry | None:
    """The 支出功能分类 entry for ``code`` valid in ``year`` (latest name when ``year`` is None)."""
    return _by_code("functional", code, year)


def functional_by_name(
    name: str, year: int | None = None, level: int | None = None, parent: str | None = None
) -> Entry | None:
    """The 支出功能分类 entry printed as ``name`` (ordinals and spaces ignored; former names accepted)."""
    return _by_name("functional", name, year, level, parent)


def economic_dept_by_name(name: str, parent: str | None = None, year: int | None = None) -> Entry | None:
    """The 部门预算支出经济分类 entry named ``name``; ``parent`` is a parent code or parent name."""
    return _by_name("economic_dept", name, year, None, parent)


def economic_gov_by_name(name: str, parent: str | None = None, year: int | None = None) -> Entry | None:
    """The 政府预算支出经济分类 entry named ``name``; ``parent`` is a parent code or parent name."""
    return _by_name("economic_gov", name, year, None, parent)


def economic(code: str, year: int | None = None) -> Entry | None:
    """An economic entry by code: 3xx/3xxxx are 部门经济分类, 5xx/5xxxx are 政府经济分类."""
    code = code.strip()
    if len(code) not in (3, 5) or not code.isdigit():
        return None
    if code[0] == "3":
        return _by_code("economic_dept", code, year)
    if code[0] == "5":
        return _by_code("economic_gov", code, year)
    return None


def crosswalk(dept_code: str, unit_type: str | None = None) -> list[str]:
    """政府经济分类 款 codes that a 部门经济分类 款 maps to (for a 机关/事业 unit, or any when None)."""
    if unit_type is not None and unit_type not in UNIT_TYPES:
        raise ValueError(f"unit_type must be one of {UNIT_TYPES} or None, not {unit_type!r}")
    dept_code = dept_code.strip()
    wanted = None if unit_type is None else {unit_type, "any"}
    return sorted({g for d, g, u in _crosswalk_rows() if d == dept_code and (wanted is None or u in wanted)})


def name_matches(entry: Entry, printed_name: str, year: int | None = None) -> bool:
    """Whether ``printed_name`` is the name ``entry.code`` carries in ``year`` (any of its names if None)."""
    key = normalise_name(printed_name)
    if not key:
        return False
    rows = [e for e in _table(entry.scheme).by_code.get(entry.code, ()) if e.valid_in(year)] or [entry]
    names = {normalise_name(e.name) for e in rows}
    if year is None:
        names.update(normalise_name(e.renamed_from) for e in rows if e.renamed_from)
    return key in names


def all_entries(scheme: str) -> list[Entry]:
    """Every row of a scheme, in file order (sorted by code)."""
    return list(_table(scheme).entries)
