"""The `facts` export: one JSON object per amount cell of every table (SPEC.md contract)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from budgetlens.model import Amount, Document, PerformanceTarget, RowRole, Table
from budgetlens.model.table_kinds import TableKind

FUNDING_LABELS = (
    ("total", "资金总额"),
    ("central", "中央财政资金"),
    ("provincial", "省级财政资金"),
    ("local", "市县（区）财政资金"),
    ("self_raised", "单位自筹"),
    ("other", "其他资金"),
)
PERIODS = (("funds_period", "implementation", "实施期"), ("funds_annual", "annual", "年度"))
SCORE_KEYS = (
    "预算执行得分",
    "产出得分",
    "效益得分",
    "满意度得分",
    "总分",
    "指标完成情况得分",
    "预算执行情况得分",
    "分值",
)
MONEY_KEYS = ("年初预算数", "全年预算数", "全年执行数", "结余")


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def fact(doc: Document, table: tuple[str, str, str], amount: Amount, **fields: Any) -> dict[str, Any]:
    """One fact in the contract's field order; ``table`` is (kind, id, title), ``fields`` the row and column."""
    kind, table_id, title = table
    return {
        "table": kind,
        "table_id": table_id,
        "table_title": title,
        "row_code": fields.get("row_code"),
        "row_number": fields.get("row_number"),
        "row_name": fields["row_name"],
        "row_path": fields.get("row_path", []),
        "row_role": fields.get("row_role", "item"),
        "column": fields["column"],
        "column_header": fields["column_header"],
        "value": _plain(amount.value),
        "printed": amount.printed,
        "unit": amount.unit,
        "yuan": _plain(amount.yuan),
        "status": fields.get("status", amount.status.value),
        "constraint": fields.get("constraint", amount.constraint),
        "line": fields.get("line"),
        "page": fields.get("page"),
        "document": doc.sha256,
    }


def table_facts(doc: Document, table: Table) -> Iterator[dict[str, Any]]:
    """Cells of one table in row order; blank cells included with value null."""
    columns = {c.key: c for c in table.columns}
    ident = (table.kind, table.id, table.title)
    for row in table.rows:
        for key, amount in row.cells.items():
            column = columns.get(key)
            yield fact(
                doc, ident, amount, row_code=row.code, row_number=row.number, row_name=row.name, row_path=row.path,
                row_role=row.role.value, column=key, column_header=column.header_text if column else key,
                line=row.location.line, page=row.location.page,
            )  # fmt: skip
    if table.kind in (TableKind.BUDGET_PROJECTS, TableKind.BUDGET_PROJECTS_CARRYOVER) and table.rows:
        for role, label in ((RowRole.PROJECT, "项目行数"), (RowRole.UNIT, "单位行数")):
            rows = [r for r in table.rows if r.role is role]
            count = Amount(value=Decimal(len(rows)), unit="个", printed="")
            yield fact(
                doc, ident, count, row_name=label, row_role="derived", column="count", column_header="count",
                status="derived", constraint=f"count of {role.value} rows",
                line=rows[0].location.line if rows else table.location.line,
            )  # fmt: skip


def target_facts(doc: Document, target: PerformanceTarget, index: int) -> Iterator[dict[str, Any]]:
    """The money of a performance target (元): one fact per source and period."""
    kind = TableKind.PERF_PROJECT_TARGET if target.kind == "project" else TableKind.PERF_OVERALL_TARGET
    heading = "项目资金" if target.kind == "project" else "年度预算情况"
    path = [p for p in (target.unit_name, target.name) if p]
    for attr, key, label in PERIODS:
        funding = getattr(target, attr)
        for field, name in FUNDING_LABELS:
            amount = getattr(funding, field)
            if amount is not None:
                yield fact(
                    doc, (kind, f"p{index:02d}", target.name), amount, row_code=target.department_code,
                    row_name=f"{label}{name}" if field == "total" else name, row_path=path, column=key,
                    column_header=f"{heading} / {label}", line=target.location.line,
                )  # fmt: skip


def self_eval_facts(doc: Document, target: PerformanceTarget, index: int) -> Iterator[dict[str, Any]]:
    """Money, rates and scores of a self-evaluation; repaired ones carry their printed text and identity."""
    repairs = {
        f.params.get("field"): f
        for f in doc.parse_findings
        if f.code == "BL021" and f.params.get("name") == target.name and "field" in f.params
    }
    money_unit = target.funds_annual.total.unit if target.funds_annual.total else "万元"
    path = [p for p in (target.unit_name, target.name) if p]
    for key, raw in target.facts.items():
        unit = money_unit if key in MONEY_KEYS else "分" if key in SCORE_KEYS else "%" if key == "执行率" else None
        try:
            value = Decimal(raw.replace(",", "").rstrip("%"))
        except InvalidOperation:
            continue
        if unit is None:
            continue
        fix = repairs.get(key)
        amount = Amount(value=value, unit=unit, printed=raw)
        yield fact(
            doc, (TableKind.PERF_PROJECT_SELF_EVAL, f"p{index:02d}", target.name), amount, row_name=key, row_path=path,
            column="value", column_header="自评", status="repaired" if fix else "printed",
            constraint=str(fix.params.get("constraint")) if fix else None,
            line=fix.location.line if fix else target.location.line,
        ) | ({"printed": str(fix.params.get("printed"))} if fix else {})  # fmt: skip


def document_facts(doc: Document) -> Iterator[dict[str, Any]]:
    for table in doc.tables:
        yield from table_facts(doc, table)
    for i, target in enumerate(doc.targets, start=1):
        if target.kind == "self_eval":
            yield from self_eval_facts(doc, target, i)
        else:
            yield from target_facts(doc, target, i)
