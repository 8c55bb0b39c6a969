"""``budgetlens compare`` on stored documents: the facts and documents frames read from the store, the line-up as
the CLI's JSON, and the charts of the compare page (the bar chart is ``compare.chart``'s; the line over the years
is drawn when every document is one department's)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

import pandas as pd

from budgetlens.compare.chart import chart_height, chart_option
from budgetlens.compare.lineup import Comparison
from budgetlens.compare.render import comparison_json, title
from budgetlens.model.issuer import department_key, department_name
from budgetlens.serve.errors import ApiError
from budgetlens.serve.queries import resolve
from budgetlens.store import Store

PICKER = """
SELECT sha256, title, issuer, fiscal_year, kind, level, region, source FROM documents
ORDER BY issuer, fiscal_year, kind, sha256
"""


def pickable(store: Store) -> list[dict[str, Any]]:
    """Every stored document, with its department's name and key (the issuer without the cover's year and kind)."""
    names = ("sha256", "title", "issuer", "fiscal_year", "kind", "level", "region", "source")
    out = [dict(zip(names, row, strict=True)) for row in store.backend.fetch(PICKER)]
    for d in out:
        d["department"] = department_name(d["issuer"]) or d["issuer"] or "?"
        d["department_key"] = department_key(d["issuer"])
    return out


def frames(store: Store, shas: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The facts and documents frames ``compare_facts`` reads, for the documents ``shas`` (prefixes; 404 when one is
    not stored, 400 when fewer than two different documents are named)."""
    full = list(dict.fromkeys(resolve(store, sha) for sha in shas))
    if len(full) < 2:
        raise ApiError(400, "bad_request", "对比至少需要两个不同的文件", "a comparison needs two or more documents")
    facts = pd.concat([store.facts(sha) for sha in full], ignore_index=True)
    documents = store.documents().rename(columns={"sha256": "document"})
    documents = documents[documents["document"].isin(full)]
    order = {sha: i for i, sha in enumerate(full)}  # as given; compare_facts orders by year unless told to keep it
    documents = documents.sort_values("document", key=lambda s: s.map(order)).reset_index(drop=True)
    return facts, documents


def notes(comparison: Comparison) -> list[dict[str, str]]:
    """The codes renamed between the compared years, with the names they had."""
    frame = comparison.frame[comparison.frame["note"] != ""]
    lines = zip(frame["code"], frame["name"], frame["note"], strict=True)
    return [{"code": code, "name": name, "note": note} for code, name, note in lines]


def one_department(comparison: Comparison) -> bool:
    return len({department_key(c.issuer) for c in comparison.columns}) == 1


def trend_option(comparison: Comparison) -> dict[str, Any]:
    """A line per classification line over the compared documents (in their order), with the bar chart's tooltip,
    legend and grid."""
    bars = chart_option(comparison)
    legend, grid = cast(dict[str, Any], bars["legend"]), cast(dict[str, Any], bars["grid"])
    lines = comparison.frame[comparison.frame["code"] != ""]
    series = [
        {
            "name": f"{code} {name}",
            "type": "line",
            "data": [float(row[label]) if isinstance(row[label], Decimal) else None for label in comparison.labels],
        }
        for (code, name), (_, row) in zip(zip(lines["code"], lines["name"], strict=True), lines.iterrows(), strict=True)
    ]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {**legend, "type": "scroll"},
        "grid": {**grid, "top": 48},
        "xAxis": {"type": "category", "data": comparison.labels},
        "yAxis": {"type": "value", "name": comparison.unit},
        "series": series,
    }


def payload(comparison: Comparison, charts: bool = False) -> dict[str, Any]:
    """The line-up as ``compare --format json`` writes it, with its title and notes; with the page's charts."""
    out = {"title": title(comparison), **comparison_json(comparison), "notes": notes(comparison)}
    if charts:
        out["charts"] = {
            "bars": chart_option(comparison),
            "bars_height": chart_height(comparison),
            "trend": trend_option(comparison) if one_department(comparison) else None,
        }
    return out
