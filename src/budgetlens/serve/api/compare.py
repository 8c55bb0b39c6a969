"""``GET /api/v1/compare``: stored documents' spending lined up by classification code, as ``budgetlens compare``
gives it (``--format json``), with the renamed codes' notes and, for the compare page, its charts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from budgetlens.compare.lineup import compare_facts
from budgetlens.compare.measures import Classification, Measure
from budgetlens.serve import compare_data
from budgetlens.serve.auth import Principal, Viewer
from budgetlens.serve.errors import ApiError, request_lang
from budgetlens.serve.state import service

router = APIRouter(tags=["compare"])
MAX_DOCUMENTS = 26  # the line-up names its columns A … Z


@router.get("/compare", summary="对比文件的支出 / compare documents' spending")
def compare(
    request: Request,
    documents: Annotated[str, Query(description="two or more sha256 prefixes, separated by commas")],
    by: Classification = Classification.function,
    level: Annotated[str, Query(pattern="^(类|款|项)$")] = "类",
    measure: Measure = Measure.total,
    keep_order: Annotated[bool, Query(description="the order given, not by year")] = False,
    charts: Annotated[bool, Query(description="add the compare page's ECharts options")] = False,
    _: Principal = Viewer,
) -> dict[str, Any]:
    shas = [s.strip() for s in documents.split(",") if s.strip()]
    if len(shas) > MAX_DOCUMENTS:
        raise ApiError(400, "bad_request", f"一次最多对比 {MAX_DOCUMENTS} 个文件",
                       f"at most {MAX_DOCUMENTS} documents at once")  # fmt: skip
    with service(request).store.use() as store:
        facts, docs = compare_data.frames(store, shas)
    comparison = compare_facts(
        facts, docs, by, level, measure, lang=request_lang(request), by_year=not keep_order
    )  # a missing table is a BudgetLensError: 400 with its message
    return compare_data.payload(comparison, charts)
