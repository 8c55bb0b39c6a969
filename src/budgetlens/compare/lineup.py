"""Line up the spending of several documents by classification code: one row per code, one column per document.

Input is a facts DataFrame (the export contract's columns) and a documents DataFrame (``document`` = sha256,
``issuer``, ``kind``, ``fiscal_year``) – built from files by ``report.frames`` or read from the store.

Codes are the key: a code keeps its number when the ministry renames it (2013804 市场主体管理 → 经营主体管理),
so the two years land on one row. The row shows the name the code carries in the latest column's year
(from the shipped, year-scoped classification; the printed name when the code is not in it) and notes the
earlier names. Amounts are compared in 万元 computed from ``yuan``, so tables in 元 and 万元 mix safely; the frame
keeps them exact (a table in 元 gives up to six decimals of 万元), the renderings show them at the 万元's printed
precision (``render.shown``: two decimals).

Documents are told apart by their department (``model.issuer.department_key``: the issuer without the cover's
year and kind), so one department's budgets and final accounts over the years are columns of one department.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import Any

from budgetlens.compare.measures import LEVELS, Classification, Measure, Source, code_in_scheme, code_length, sources
from budgetlens.errors import ConfigError
from budgetlens.extras import needs
from budgetlens.model import classification as cls
from budgetlens.model.issuer import department_key, department_name

with needs("compare"):
    import pandas as pd

KIND_LABELS = {"zh": {"budget": "预算", "final_account": "决算"}, "en": {"budget": "budget", "final_account": "final"}}
KEYS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # the documents' letters when a narrow table needs them
TEN_THOUSAND = Decimal(10000)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class CompareColumn:
    """One compared document: its label, the short header of a terminal table, and where its numbers come from."""

    label: str
    document: str
    issuer: str | None
    fiscal_year: int | None
    kind: str | None
    table: str
    column: str
    short: str = ""  # 2024决算, or "A 2024决算" when several departments or more than two documents are compared
    key: str = ""  # the letter that names the column in the change headers ("" for a two-document comparison)
    source: str | None = None
    table_title: str | None = None
    column_header: str | None = None


@dataclass
class Comparison:
    """The lined-up rows (``frame``) and what they mean."""

    by: Classification
    level: str
    measure: Measure
    lang: str
    columns: list[CompareColumn]
    frame: pd.DataFrame  # columns: code, name, note, one per label, then change / percent per consecutive pair
    changes: list[tuple[str, str]] = field(default_factory=list)  # (change column, percent column) per pair
    unit: str = "万元"

    @property
    def labels(self) -> list[str]:
        return [c.label for c in self.columns]


def _wan(yuan: Decimal | None) -> Decimal | None:
    """元 → 万元, exact (two decimals when that is exact; 96,282,213.44 元 is 9628.221344 万元)."""
    if yuan is None:
        return None
    value = yuan / TEN_THOUSAND
    return value.quantize(CENT) if value == value.quantize(CENT) else value.normalize()


def _sum(values: pd.Series) -> Decimal | None:
    present = [Decimal(str(v)) for v in values if v is not None and not (isinstance(v, float) and v != v)]
    return sum(present, Decimal(0)) if present else None


def _pick_source(facts: pd.DataFrame, candidates: tuple[Source, ...]) -> Source | None:
    present = set(zip(facts["table"], facts["column"], strict=True))
    return next((s for s in candidates if (s.table, s.column) in present), None)


def _labels(docs: list[dict[str, Any]], lang: str) -> list[tuple[str, str, str]]:
    """(label, short header, letter) per document: the label names the department when there are several."""
    en = lang == "en"
    several_issuers = len({department_key(d.get("issuer")) for d in docs}) > 1
    lettered = several_issuers or len(docs) > 2
    labels: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for i, d in enumerate(docs):
        kind = KIND_LABELS["en" if en else "zh"].get(str(d.get("kind")), str(d.get("kind")))
        year = d.get("fiscal_year")
        short = kind if year is None else (f"{year} {kind}" if en else f"{year}{kind}")
        label = kind if year is None else (f"{year} {kind}" if en else f"{year}年{kind}")
        if several_issuers:
            label = f"{department_name(d.get('issuer')) or '?'} {label}"
        if label in seen:
            label = f"{label} ({str(d['document'])[:6]})"
        seen.add(label)
        key = KEYS[i] if lettered and i < len(KEYS) else ""
        labels.append((label, f"{key} {short}" if key else short, key))
    return labels


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _lookup(by: Classification) -> Callable[[str, int | None], cls.Entry | None]:
    return cls.functional if by is Classification.function else cls.economic


def _ordered(documents: pd.DataFrame, by_year: bool) -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = documents.to_dict("records")
    for d in docs:
        year = d.get("fiscal_year")
        d["fiscal_year"] = None if year is None or pd.isna(year) else int(year)
    if by_year:  # chronological; a year's budget before its final account; stable for departments side by side
        docs.sort(key=lambda d: (d["fiscal_year"] or 0, 0 if d.get("kind") == "budget" else 1))
    return docs


def _document_values(
    facts: pd.DataFrame, by: Classification, length: int
) -> tuple[dict[str, Decimal | None], dict[str, str], Decimal | None]:
    """Per code: summed yuan (rows repeating a code, as 机关/事业 lines of 表六, add up) and the printed name."""
    coded = facts[facts["row_code"].map(lambda c: isinstance(c, str) and len(c) == length and code_in_scheme(by, c))]
    values = {code: _sum(group["yuan"]) for code, group in coded.groupby("row_code", sort=True)}
    names = {code: str(group["row_name"].iloc[0]) for code, group in coded.groupby("row_code", sort=True)}
    totals = facts[facts["row_role"] == "total"]
    if len(totals) == 1:
        total = _sum(totals["yuan"])
    else:  # no single 合计 row (final.general_basic_detail prints 人员经费合计 and 公用经费合计): add the 类 rows
        top = facts[facts["row_code"].map(lambda c: isinstance(c, str) and len(c) == 3 and code_in_scheme(by, c))]
        total = _sum(top["yuan"])
    return values, names, total


def _names(
    code: str, columns: list[CompareColumn], printed: list[dict[str, str]], by: Classification, lang: str
) -> tuple[str, str]:
    """The latest name of ``code`` and a note listing the names it had in earlier columns."""
    lookup = _lookup(by)
    per_column: list[tuple[int | None, str]] = []
    for col, names in zip(columns, printed, strict=True):
        if code not in names:
            continue
        entry = lookup(code, col.fiscal_year)
        per_column.append((col.fiscal_year, entry.name if entry else names[code]))
    shown = per_column[-1][1]
    earlier: dict[str, list[str]] = {}
    for year, name in per_column:
        if cls.normalise_name(name) != cls.normalise_name(shown):
            earlier.setdefault(name, []).append(str(year) if year is not None else "?")
    if not earlier:
        return shown, ""
    if lang == "en":
        return shown, "; ".join(f"renamed: {old} in {', '.join(sorted(set(ys)))}" for old, ys in earlier.items())
    return shown, "；".join(f"{'、'.join(sorted(set(ys)))}年名称为“{old}”" for old, ys in earlier.items())


def _change(a: Decimal | None, b: Decimal | None) -> tuple[Decimal | None, Decimal | None]:
    """Change from ``a`` to ``b`` (a missing code counts as 0) and the percentage of ``a``."""
    if a is None and b is None:
        return None, None
    delta = (b or Decimal(0)) - (a or Decimal(0))
    pct = (delta / a * 100).quantize(CENT, rounding=ROUND_HALF_UP) if a else None
    return delta, pct


def compare_facts(
    facts: pd.DataFrame,
    documents: pd.DataFrame,
    by: Classification = Classification.function,
    level: str = "类",
    measure: Measure = Measure.total,
    *,
    lang: str = "zh",
    by_year: bool = True,
) -> Comparison:
    """Compare the documents' spending by ``level`` (类/款/项) of the ``by`` classification."""
    if level not in LEVELS:
        raise ConfigError(f"层级应为 类、款 或 项，而不是 {level}", f"level must be 类, 款 or 项, not {level}")
    try:
        length = code_length(by, LEVELS[level])
    except ValueError:
        raise ConfigError("经济分类只有 类 和 款 两级", "the economic classification has only 类 and 款") from None
    docs = _ordered(documents, by_year)
    if not docs:
        raise ConfigError("没有可对比的文件", "nothing to compare")
    columns: list[CompareColumn] = []
    values: list[dict[str, Decimal | None]] = []
    printed: list[dict[str, str]] = []
    totals: list[Decimal | None] = []
    for d, (label, short, key) in zip(docs, _labels(docs, lang), strict=True):
        own = facts[facts["document"] == d["document"]]
        source = _pick_source(own, sources(by, measure, str(d.get("kind"))))
        if source is None:
            wanted = ", ".join(s.table for s in sources(by, measure, str(d.get("kind")))) or "?"
            raise ConfigError(f"{label}：缺少对比所需的表（{wanted}）", f"{label}: no table to compare ({wanted})")
        chosen = own[(own["table"] == source.table) & (own["column"] == source.column)]
        first_table = chosen["table_id"].iloc[0]
        doc_values, doc_names, total = _document_values(chosen[chosen["table_id"] == first_table], by, length)
        shown = chosen[chosen["table_id"] == first_table].iloc[0]
        columns.append(
            CompareColumn(
                label,
                str(d["document"]),
                department_name(d.get("issuer")),
                d["fiscal_year"],
                d.get("kind"),
                source.table,
                source.column,
                short=short,
                key=key,
                source=d.get("source"),
                table_title=_text(shown.get("table_title")),
                column_header=_text(shown.get("column_header")),
            )
        )
        values.append(doc_values)
        printed.append(doc_names)
        totals.append(total)
    return _build(by, level, measure, lang, columns, values, printed, totals)


def _build(
    by: Classification,
    level: str,
    measure: Measure,
    lang: str,
    columns: list[CompareColumn],
    values: list[dict[str, Decimal | None]],
    printed: list[dict[str, str]],
    totals: list[Decimal | None],
) -> Comparison:
    labels = [c.label for c in columns]
    pairs = [(f"Δ {a}→{b}", f"Δ% {a}→{b}") for a, b in pairwise(labels)]
    codes = sorted(set().union(*values))
    records: list[dict[str, Any]] = []
    lines: list[tuple[str, str, str, list[Decimal | None]]] = [("", "合计" if lang != "en" else "Total", "", totals)]
    for code in codes:
        name, note = _names(code, columns, printed, by, lang)
        lines.append((code, name, note, [v.get(code) for v in values]))
    for code, name, note, yuan in lines:
        amounts = [_wan(y) for y in yuan]
        if code and all(a is None for a in amounts):  # a class every table prints blank says nothing
            continue
        record: dict[str, Any] = {"code": code, "name": name, "note": note}
        record.update(zip(labels, amounts, strict=True))
        for (change_col, pct_col), (a, b) in zip(pairs, pairwise(amounts), strict=True):
            record[change_col], record[pct_col] = _change(a, b)
        records.append(record)
    names = ["code", "name", "note", *labels, *[c for p in pairs for c in p]]
    frame = pd.DataFrame(records, columns=names, dtype=object)
    return Comparison(by, level, measure, lang, columns, frame, pairs)
