"""``GET /api/v1/facts``: the stored facts, filtered and paged, as JSON objects of the facts export, CSV or Parquet."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from budgetlens.serve import facts_data
from budgetlens.serve.api.tables import download
from budgetlens.serve.auth import Principal, Viewer
from budgetlens.serve.state import service

router = APIRouter(tags=["facts"])
MAX_LIMIT = 10_000


@router.get("/facts", summary="数据（逐个金额单元格）/ facts, one per amount cell", response_model=None)
def facts(
    request: Request,
    document: Annotated[str | None, Query(pattern="^[0-9a-fA-F]{1,64}$", description="a sha256 prefix")] = None,
    table: Annotated[str | None, Query(description="a table kind, such as budget.expenditure")] = None,
    column: Annotated[str | None, Query(description="a column key, such as total")] = None,
    row_code: Annotated[str | None, Query(description="a classification code prefix, such as 207")] = None,
    status: Annotated[str | None, Query(pattern="^(printed|repaired|derived)$")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 1000,
    offset: Annotated[int, Query(ge=0)] = 0,
    format: Annotated[str, Query(pattern="^(json|csv|parquet)$")] = "json",
    _: Principal = Viewer,
) -> dict[str, Any] | Response:
    where = facts_data.FactFilter(
        document=document.lower() if document else None, table=table, column=column, row_code=row_code,
        status=status, limit=limit, offset=offset,
    )  # fmt: skip
    with service(request).store.use() as store:
        rows, total = facts_data.facts(store, where)
    if format == "json":
        return {"facts": rows, "total": total, "limit": limit, "offset": offset}
    if format == "csv":
        response = download("\ufeff" + facts_data.facts_csv(rows), "text/csv; charset=utf-8", "facts.csv")
    else:
        response = download(facts_data.facts_parquet(rows), "application/vnd.apache.parquet", "facts.parquet")
    response.headers["X-Total-Count"] = str(total)
    return response
