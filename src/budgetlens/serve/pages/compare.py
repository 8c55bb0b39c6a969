"""``/compare``: pick stored documents (or a preset: one department over the years, a year's budget and final
account, departments side by side in a year), then the chart and the line-up (``static/compare.js`` draws them
from ``/api/v1/compare``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from budgetlens.serve import compare_data
from budgetlens.serve.pages.render import page, viewer_or_login
from budgetlens.serve.state import service

router = APIRouter()
WORDS = {
    "zh": {
        "title": "对比", "documents": "文件", "pick": "选择要对比的文件（至少两个）", "presets": "快捷选择",
        "over_years": "一个部门历年", "budget_final": "某年预算与决算", "side_by_side": "某年各部门并列",
        "department": "部门", "year": "年度", "kind": "类型", "by": "分类", "level": "层级",
        "function": "支出功能分类", "economic": "经济分类", "measure": "口径", "total": "支出总表合计",
        "general": "一般公共预算财政拨款", "compare": "对比", "clear_picks": "清除", "none": "库中还没有文件",
        "budget": "预算", "final_account": "决算", "need_two": "请至少选择两个文件", "bars": "各文件支出",
        "trend": "历年变化", "notes": "注", "code": "编码", "name": "名称", "change": "增减", "percent": "增减%",
        "note": "备注", "working": "正在计算……",
    },
    "en": {
        "title": "Compare", "documents": "Documents", "pick": "Pick the documents to compare (two or more)",
        "presets": "Presets", "over_years": "one department over the years", "budget_final":
        "a year's budget and final account", "side_by_side": "departments side by side in a year",
        "department": "department", "year": "year", "kind": "kind", "by": "classification", "level": "level",
        "function": "function", "economic": "economic", "measure": "measure", "total": "total expenditure",
        "general": "general public budget", "compare": "Compare", "clear_picks": "Clear",
        "none": "the store holds no documents yet", "budget": "budget", "final_account": "final account",
        "need_two": "pick two or more documents", "bars": "Spending per document", "trend": "Over the years",
        "notes": "Notes", "code": "code", "name": "name", "change": "change", "percent": "change %", "note": "note",
        "working": "computing…",
    },
}  # fmt: skip


@router.get("/compare")
def compare(request: Request) -> Response:
    who = viewer_or_login(request)
    if isinstance(who, Response):
        return who
    with service(request).store.use() as store:
        documents = compare_data.pickable(store)
    departments = sorted({(d["department_key"], d["department"]) for d in documents})
    years = sorted({d["fiscal_year"] for d in documents if d["fiscal_year"] is not None}, reverse=True)
    chosen = [s.strip().lower() for s in request.query_params.get("documents", "").split(",") if s.strip()]
    for d in documents:
        d["chosen"] = any(d["sha256"].startswith(prefix) for prefix in chosen)
    return page(
        request, "compare.html", who, WORDS, active="compare", documents=documents, departments=departments,
        years=years, by=request.query_params.get("by", "function"),
        level=request.query_params.get("level", "类"), measure=request.query_params.get("measure", "total"),
    )  # fmt: skip
