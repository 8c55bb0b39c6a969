"""Table kinds and their schemas: one home for what each canonical table carries and which identities hold.

A kind's id is the export contract of SPEC.md (add kinds, never rename). Its schema says
- the measures it can carry: the canonical column keys every template's header maps to, and the
  printed words that name them (``column_words``);
- the identities between its columns (a row's 合计 = Σ its parts) and between its rows
  (类 = Σ款 = Σ项 for a classified table, 收入总计 = 支出总计 for a two-sided one);
- how its rows are organised (classification codes, two sides, projects under units, sub-items).
Parsers use the schema to recognise and to choose a reading, checks and repair to judge a table,
exports and ``compare`` to name its measures.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from budgetlens.model.column_words import FINAL_WORDS


class TableKind(StrEnum):
    """The canonical table kinds (SPEC.md, table kinds)."""

    BUDGET_SUMMARY = "budget.summary"
    BUDGET_REVENUE = "budget.revenue"
    BUDGET_EXPENDITURE = "budget.expenditure"
    BUDGET_FISCAL_SUMMARY = "budget.fiscal_summary"
    BUDGET_GENERAL_EXPENDITURE = "budget.general_expenditure"
    BUDGET_GENERAL_BASIC_ECONOMIC = "budget.general_basic_economic"
    BUDGET_FUND_REVENUE = "budget.fund_revenue"
    BUDGET_FUND_EXPENDITURE = "budget.fund_expenditure"
    BUDGET_CAPITAL = "budget.capital"
    BUDGET_THREE_PUBLIC = "budget.three_public"
    BUDGET_OPERATING_COST = "budget.operating_cost"
    BUDGET_PROJECTS = "budget.projects"
    BUDGET_PROJECTS_CARRYOVER = "budget.projects_carryover"
    FINAL_SUMMARY = "final.summary"
    FINAL_REVENUE = "final.revenue"
    FINAL_EXPENDITURE = "final.expenditure"
    FINAL_FISCAL_SUMMARY = "final.fiscal_summary"
    FINAL_GENERAL_EXPENDITURE = "final.general_expenditure"
    FINAL_GENERAL_BASIC_DETAIL = "final.general_basic_detail"
    FINAL_THREE_PUBLIC = "final.three_public"
    FINAL_FUND = "final.fund"
    FINAL_CAPITAL = "final.capital"
    FINAL_DISCLOSURE_STATS = "final.disclosure_stats"
    PERF_OVERALL_TARGET = "perf.overall_target"
    PERF_PROJECT_TARGET = "perf.project_target"
    PERF_PROJECT_SELF_EVAL = "perf.project_self_eval"
    PERF_OVERALL_SELF_EVAL = "perf.overall_self_eval"
    UNKNOWN = "unknown"


class Reading(StrEnum):
    """How a table's columns were understood."""

    HEADER = "header"  # named by the words of the printed header
    NUMBERED = "numbered"  # placed by 栏次/行次 numbers in the national template's order
    ARITHMETIC = "arithmetic"  # a line readable more than one way was read as the table's identities hold
    UNREADABLE = "unreadable"  # its own identities fail on most rows: reported once (BL008), not trusted


class Rows(StrEnum):
    """How a kind's rows are organised, which decides the row identities that hold."""

    FUNCTION = "function"  # 功能分类 类/款/项: 类 = Σ款 = Σ项, 合计 = Σ类
    ECONOMIC = "economic"  # 经济分类 类/款: 类 = Σ款, 合计 = Σ类
    TWO_SIDED = "two_sided"  # 收入 | 支出 side by side: each side's 总计 = Σ its items, 收入总计 = 支出总计
    PROJECTS = "projects"  # department → unit → project
    ITEMS = "items"  # a few named items, possibly with sub-items under a 小计 (三公)
    UNITS = "units"  # one row per unit (机关运行经费)
    FORM = "form"  # a statistics form: no sums between rows


@dataclass(frozen=True, slots=True)
class RowIdentity:
    """A column identity that holds in every row: ``total`` = Σ ``parts`` (column keys)."""

    total: str
    parts: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.total} = {' + '.join(self.parts)}"


@dataclass(frozen=True, slots=True)
class TableSchema:
    """What a table kind carries: its standard title, measures, row organisation and identities."""

    kind: TableKind
    title: str  # the standard title (财预〔2016〕143号 and the national final-account template)
    rows: Rows
    measures: tuple[str, ...]  # canonical column keys a template may print (a subset, in any order)
    identities: tuple[RowIdentity, ...] = ()

    @property
    def coded(self) -> bool:
        return self.rows in (Rows.FUNCTION, Rows.ECONOMIC)

    @property
    def words(self) -> Mapping[str, str]:
        """The printed header words that name this kind's measures: word -> measure.

        A final account's kinds name each measure by one word; budget headers compose their keys from
        the parts their paths print (``column_words.BUDGET_PARTS``), so a budget kind has none here.
        """
        return FINAL_WORDS.get(self.kind.value, _NO_WORDS)


_NO_WORDS: Mapping[str, str] = MappingProxyType({})


_BASIC_PROJECT = (RowIdentity("total", ("basic", "project")),)
_FISCAL = ("expenditure.general", "expenditure.fund", "expenditure.capital")

SCHEMAS: dict[TableKind, TableSchema] = {
    s.kind: s
    for s in (
        TableSchema(
            TableKind.BUDGET_SUMMARY, "收支预算总表", Rows.TWO_SIDED,
            ("income", "current_income", "expenditure.total", "expenditure.current", "expenditure.carryover"),
        ),
        TableSchema(
            TableKind.BUDGET_REVENUE, "收入预算总表", Rows.FUNCTION,
            ("total", "carryover", "fiscal", "business", "operation", "other", "current_income.total",
             "current_income.general", "current_income.fund", "current_income.capital",
             "current_income.special_account", "current_income.unit_funds"),
        ),
        TableSchema(TableKind.BUDGET_EXPENDITURE, "支出预算总表", Rows.FUNCTION, ("total", "basic", "project"),
                    _BASIC_PROJECT),
        TableSchema(
            TableKind.BUDGET_FISCAL_SUMMARY, "财政拨款收支总表", Rows.TWO_SIDED,
            ("income", "fiscal", "expenditure.total", "expenditure.subtotal", *_FISCAL),
            (RowIdentity("expenditure.total", _FISCAL),),
        ),
        TableSchema(TableKind.BUDGET_GENERAL_EXPENDITURE, "一般公共预算支出预算表", Rows.FUNCTION,
                    ("total", "basic", "project"), _BASIC_PROJECT),
        TableSchema(
            TableKind.BUDGET_GENERAL_BASIC_ECONOMIC, "一般公共预算基本支出分经济科目表", Rows.ECONOMIC,
            ("total", "personnel", "public"), (RowIdentity("total", ("personnel", "public")),),
        ),
        TableSchema(TableKind.BUDGET_FUND_REVENUE, "政府性基金预算收入表", Rows.FUNCTION, ("fund_income",)),
        TableSchema(TableKind.BUDGET_FUND_EXPENDITURE, "政府性基金预算支出表", Rows.FUNCTION,
                    ("total", "basic", "project"), _BASIC_PROJECT),
        TableSchema(
            TableKind.BUDGET_CAPITAL, "国有资本经营预算收支预算表", Rows.FUNCTION,
            ("expenditure.total", "expenditure.basic", "expenditure.project", "expenditure.capital_income"),
            (RowIdentity("expenditure.total", ("expenditure.basic", "expenditure.project")),),
        ),
        TableSchema(
            TableKind.BUDGET_THREE_PUBLIC, "“三公”经费支出预算表", Rows.ITEMS,
            ("total", "amount", "general", "fund", "capital"),
        ),
        TableSchema(TableKind.BUDGET_OPERATING_COST, "机关运行经费预算表", Rows.UNITS,
                    ("total", "general", "fund", "capital")),
        TableSchema(
            TableKind.BUDGET_PROJECTS, "项目支出预算表（本年预算）", Rows.PROJECTS,
            ("total", "fiscal.general", "fiscal.fund", "fiscal.capital", "special_account", "unit_funds"),
        ),
        TableSchema(
            TableKind.BUDGET_PROJECTS_CARRYOVER, "项目支出预算表（上年结转）", Rows.PROJECTS,
            ("total", "fiscal.general", "fiscal.fund", "fiscal.capital"),
        ),
        TableSchema(TableKind.FINAL_SUMMARY, "收入支出决算总表", Rows.TWO_SIDED, ("income", "expenditure")),
        TableSchema(
            TableKind.FINAL_REVENUE, "收入决算表", Rows.FUNCTION,
            ("total", "fiscal", "superior", "business", "operating", "affiliated", "other"),
            (RowIdentity("total", ("fiscal", "superior", "business", "operating", "affiliated", "other")),),
        ),
        TableSchema(
            TableKind.FINAL_EXPENDITURE, "支出决算表", Rows.FUNCTION,
            ("total", "basic", "project", "remit", "operating", "affiliated"),
            (RowIdentity("total", ("basic", "project", "remit", "operating", "affiliated")),),
        ),
        TableSchema(
            TableKind.FINAL_FISCAL_SUMMARY, "财政拨款收入支出决算总表", Rows.TWO_SIDED,
            ("income", "expenditure.total", *_FISCAL), (RowIdentity("expenditure.total", _FISCAL),),
        ),
        TableSchema(TableKind.FINAL_GENERAL_EXPENDITURE, "一般公共预算财政拨款支出决算表", Rows.FUNCTION,
                    ("total", "basic", "project"), _BASIC_PROJECT),
        TableSchema(TableKind.FINAL_GENERAL_BASIC_DETAIL, "一般公共预算财政拨款基本支出决算表", Rows.ECONOMIC,
                    ("amount", "basic")),
        TableSchema(
            TableKind.FINAL_THREE_PUBLIC, "财政拨款“三公”经费支出决算表", Rows.ITEMS,
            tuple(f"{phase}.{item}" for phase in ("budget", "final")
                  for item in ("total", "abroad", "vehicles", "vehicle_purchase", "vehicle_running", "reception")),
        ),
        TableSchema(
            TableKind.FINAL_FUND, "政府性基金预算财政拨款收入支出决算表", Rows.FUNCTION,
            ("carry_in", "income", "spend.total", "spend.basic", "spend.project", "carry_out"),
            (RowIdentity("spend.total", ("spend.basic", "spend.project")),),
        ),
        TableSchema(TableKind.FINAL_CAPITAL, "国有资本经营预算财政拨款支出决算表", Rows.FUNCTION,
                    ("total", "basic", "project", "carry_in", "income", "carry_out"), _BASIC_PROJECT),
        TableSchema(TableKind.FINAL_DISCLOSURE_STATS, "部门决算公开相关信息统计表", Rows.FORM,
                    ("assets", "operating", "procurement")),
        TableSchema(TableKind.PERF_OVERALL_TARGET, "整体支出绩效目标申报表", Rows.FORM, ()),
        TableSchema(TableKind.PERF_PROJECT_TARGET, "项目支出绩效目标表", Rows.FORM, ()),
        TableSchema(TableKind.PERF_PROJECT_SELF_EVAL, "项目支出绩效自评表", Rows.FORM, ()),
        TableSchema(TableKind.PERF_OVERALL_SELF_EVAL, "部门整体支出绩效自评表", Rows.FORM, ()),
    )
}  # fmt: skip


def schema(kind: str) -> TableSchema | None:
    """The schema of a kind id (None for ``unknown`` or an id that is no kind)."""
    try:
        return SCHEMAS.get(TableKind(kind))
    except ValueError:
        return None


def kinds_with(rows: Rows) -> frozenset[TableKind]:
    """The kinds whose rows are organised as ``rows``."""
    return frozenset(k for k, s in SCHEMAS.items() if s.rows is rows)
