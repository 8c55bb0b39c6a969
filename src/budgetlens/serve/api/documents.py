"""``GET /api/v1/documents`` (filtered, sorted, paged) and ``GET /api/v1/documents/{sha}``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from budgetlens.serve import queries
from budgetlens.serve.auth import Principal, Viewer
from budgetlens.serve.state import service

router = APIRouter(tags=["documents"])


@router.get("/documents", summary="已入库的文件 / stored documents")
def documents(
    request: Request,
    q: Annotated[str | None, Query(description="words of the title, issuer or file name; a sha256 prefix")] = None,
    region: str | None = None,
    year: int | None = None,
    kind: Annotated[str | None, Query(pattern="^(budget|final_account)$")] = None,
    level: Annotated[str | None, Query(pattern="^(department|unit)$")] = None,
    department: Annotated[str | None, Query(description="the issuer's name or code contains this")] = None,
    status: Annotated[str | None, Query(pattern="^(pending|reviewed)$")] = None,
    sort: Annotated[str, Query(description=", ".join(queries.SORTS))] = "year",
    order: Annotated[str, Query(pattern="^(asc|desc)$")] = "desc",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
    _: Principal = Viewer,
) -> dict[str, Any]:
    where = queries.DocumentFilter(
        q=q, region=region, year=year, kind=kind, level=level, department=department, status=status, sort=sort,
        descending=order == "desc", limit=limit, offset=offset,
    )  # fmt: skip
    with service(request).store.use() as store:
        found, total = queries.documents(store, where)
    return {"documents": found, "total": total, "limit": limit, "offset": offset}


@router.get("/documents/{sha}", summary="一个文件 / one document")
def document(sha: str, request: Request, _: Principal = Viewer) -> dict[str, Any]:
    with service(request).store.use() as store:
        return queries.document(store, sha)
