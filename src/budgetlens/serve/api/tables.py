"""``GET /api/v1/documents/{sha}/tables`` and ``…/tables/{table_id}``: a document's tables as printed (JSON, CSV,
XLSX), with the findings that point at their cells."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from budgetlens.serve import table_data
from budgetlens.serve.auth import Principal, Viewer
from budgetlens.serve.errors import request_lang
from budgetlens.serve.queries import resolve
from budgetlens.serve.state import service
from budgetlens.serve.table_files import table_csv, table_xlsx

router = APIRouter(tags=["tables"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(body: str | bytes, media_type: str, name: str) -> Response:
    disposition = f"attachment; filename=\"{name.encode('ascii', 'replace').decode()}\"; filename*=UTF-8''{quote(name)}"
    return Response(body, media_type=media_type, headers={"Content-Disposition": disposition})


@router.get("/documents/{sha}/tables", summary="文件中的表 / a document's tables")
def tables(sha: str, request: Request, _: Principal = Viewer) -> dict[str, Any]:
    with service(request).store.use() as store:
        full = resolve(store, sha)
        found = table_data.table_list(store, full)
    return {"document": full, "tables": found}


@router.get("/documents/{sha}/tables/{table_id}", summary="一张表（按原样）/ one table as printed", response_model=None)
def table(
    sha: str,
    table_id: str,
    request: Request,
    format: Annotated[str, Query(pattern="^(json|csv|xlsx)$")] = "json",
    _: Principal = Viewer,
) -> dict[str, Any] | Response:
    with service(request).store.use() as store:
        stored = table_data.stored_table(store, resolve(store, sha), table_id)
    printed = table_data.printed_table(stored, request_lang(request))
    name = f"{stored.document[:12]}-{table_id}"
    if format == "csv":
        return download("\ufeff" + table_csv(printed), "text/csv; charset=utf-8", f"{name}.csv")
    if format == "xlsx":
        return download(table_xlsx(printed), XLSX, f"{name}.xlsx")
    return printed
