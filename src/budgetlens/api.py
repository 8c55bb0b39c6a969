"""The Python API: documents and comparisons as pandas DataFrames (needs the ``data`` extra).

    >>> from budgetlens.api import open_document, compare
    >>> doc = open_document("部门预算.txt")
    >>> doc.table("budget.expenditure").loc[("201", "一般公共服务支出"), ("2026年预算数", "合计")]
    >>> compare(["2024决算.txt", "2026预算.txt"], level="项")

Amounts are ``Decimal`` (object columns), as printed in each table's unit; ``facts()`` also has ``yuan``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from pathlib import Path

from budgetlens.extras import needs

with needs("api"):
    import pandas as pd

from budgetlens.check.runner import CheckResult, check_codes, run_checks
from budgetlens.check.waivers import load_waivers
from budgetlens.compare.lineup import compare_facts
from budgetlens.compare.measures import Classification, Measure
from budgetlens.model import Document
from budgetlens.pipeline import StageRun, load, run
from budgetlens.report.frames import documents_frame, facts_frame, findings_frame, table_frame

__all__ = ["DocumentView", "compare", "open_document"]


class DocumentView:
    """A parsed disclosure with its tables, facts and findings as DataFrames."""

    def __init__(
        self, document: Document, checked: CheckResult | None = None, stages: list[StageRun] | None = None
    ) -> None:
        self.document = document
        self._result = checked
        self.stages = stages or []  # what each pipeline stage did and how long it took

    def __repr__(self) -> str:
        doc = self.document
        kind = doc.kind.value if doc.kind else "?"
        return f"<DocumentView {doc.issuer or doc.source} {doc.fiscal_year or ''} {kind}: {len(doc.tables)} tables>"

    @property
    def kinds(self) -> list[str]:
        """The table kinds in document order (a kind printed twice appears once)."""
        return list(dict.fromkeys(t.kind for t in self.document.tables))

    @cached_property
    def tables(self) -> dict[str, pd.DataFrame]:
        """Kind → the first table of that kind: index (code, name), MultiIndex columns from the header paths."""
        out: dict[str, pd.DataFrame] = {}
        for table in self.document.tables:
            out.setdefault(table.kind, table_frame(table))
        return out

    def table(self, kind: str) -> pd.DataFrame:
        """The table of ``kind`` (e.g. "budget.expenditure"); KeyError naming the kinds present otherwise."""
        try:
            return self.tables[kind]
        except KeyError:
            raise KeyError(f"no table {kind!r}; this document has {', '.join(self.kinds)}") from None

    def facts(self) -> pd.DataFrame:
        """Every amount cell, one row each, with the facts-export columns."""
        return facts_frame([self.document])

    def check(self) -> CheckResult:
        """The findings of every rule (run once)."""
        if self._result is None:
            self._result = run_checks(self.document)
        return self._result

    def findings(self, lang: str = "zh") -> pd.DataFrame:
        """The findings of ``check()``, one row each, messages in ``lang``."""
        return findings_frame(self.check(), lang)


def open_document(
    path: str | Path,
    *,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    waivers: str | Path | None = None,
) -> DocumentView:
    """Read, parse and check a disclosure file (``waivers``: a waiver YAML file, as the command line reads it).

    A file that cannot be read raises ``BudgetLensError`` with its one-line message.
    """
    select, ignore = tuple(select), tuple(ignore)
    check_codes(select, ignore)
    chosen = load_waivers(Path(waivers)) if waivers else []
    result = run(Path(path), select=select, ignore=ignore, waivers=chosen)
    return DocumentView(result.parsed(), result.checked(), result.stages)


def compare(
    paths: Iterable[str | Path | DocumentView],
    by: Classification | str = Classification.function,
    level: str = "类",
    measure: Measure | str = Measure.total,
    *,
    lang: str = "zh",
    by_year: bool = True,
) -> pd.DataFrame:
    """Spending of the documents lined up by classification code (see ``budgetlens.compare``).

    Columns: code, name, note (earlier names of renamed codes), one column of 万元 per document, then the
    change and percentage between consecutive documents (chronological unless ``by_year`` is False).
    """
    docs = [p.document if isinstance(p, DocumentView) else load(Path(p)) for p in paths]
    result = compare_facts(
        facts_frame(docs),
        documents_frame(docs),
        Classification(by),
        level,
        Measure(measure),
        lang=lang,
        by_year=by_year,
    )
    frame = result.frame
    frame.attrs["columns"] = [vars(c) for c in result.columns]
    return frame
