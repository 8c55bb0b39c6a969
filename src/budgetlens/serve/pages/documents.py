"""``/documents``: every stored document with its issuer, year, kind, counts and review status; search, filters
(region, year, kind, department), sorting by a column header, paging. Each row opens ``/documents/{sha}``."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from budgetlens.serve import queries
from budgetlens.serve.pages.render import page, viewer_or_login
from budgetlens.serve.state import service

router = APIRouter()
PAGE_SIZE = 50
COLUMNS = ("issuer", "year", "kind", "level", "errors", "warnings", "status")  # sortable, in the table's order
WORDS = {
    "zh": {
        "title": "已入库的文件", "search": "搜索标题、单位、文件名或 sha256", "find": "查找", "reset": "清除",
        "region": "地区", "year": "年度", "kind": "类型", "level": "层级", "department": "部门", "all": "全部",
        "issuer": "单位", "errors": "错误", "warnings": "警告", "status": "状态", "pending": "待审", "reviewed": "已审",
        "budget": "预算", "final_account": "决算", "dept": "部门", "unit": "单位", "none": "没有符合条件的文件。",
        "empty": "还没有文件。", "upload_first": "上传文件", "total": "共 {n} 个", "prev": "上一页", "next": "下一页",
        "page": "第 {p} / {pages} 页", "file": "文件",
    },
    "en": {
        "title": "Stored documents", "search": "search titles, issuers, file names or a sha256", "find": "Search",
        "reset": "clear filters", "region": "Region", "year": "Year", "kind": "Kind", "level": "Level",
        "department": "Department", "all": "all", "issuer": "Issuer", "errors": "Errors", "warnings": "Warnings",
        "status": "Status", "pending": "to review", "reviewed": "reviewed", "budget": "budget",
        "final_account": "final account", "dept": "department", "unit": "unit", "none": "No document matches.",
        "empty": "No document yet.", "upload_first": "Upload files", "total": "{n} in all", "prev": "previous",
        "next": "next", "page": "page {p} of {pages}", "file": "File",
    },
}  # fmt: skip


@router.get("/documents")
def documents_page(
    request: Request,
    q: str | None = None,
    region: str | None = None,
    year: Annotated[str | None, Query()] = None,
    kind: str | None = None,
    department: str | None = None,
    sort: str = "year",
    order: str = "desc",
    page_number: Annotated[int, Query(alias="page", ge=1)] = 1,
) -> Response:
    who = viewer_or_login(request)
    if isinstance(who, Response):
        return who
    chosen: dict[str, str] = {
        "q": (q or "").strip(), "region": region or "", "year": year if year and year.isdigit() else "",
        "kind": kind if kind in ("budget", "final_account") else "", "department": department or "",
        "sort": sort if sort in COLUMNS else "year", "order": "asc" if order == "asc" else "desc",
    }  # fmt: skip
    where = queries.DocumentFilter(
        q=chosen["q"] or None, region=chosen["region"] or None, year=int(chosen["year"]) if chosen["year"] else None,
        kind=chosen["kind"] or None, department=chosen["department"] or None, sort=chosen["sort"],
        descending=chosen["order"] == "desc", limit=PAGE_SIZE, offset=(page_number - 1) * PAGE_SIZE,
    )  # fmt: skip
    with service(request).store.use() as store:
        found, total = queries.documents(store, where)
        facets = queries.facets(store)
    pages = max(1, -(-total // PAGE_SIZE))
    return page(
        request, "documents.html", who, WORDS, active="documents", documents=found, total=total, facets=facets,
        chosen=chosen, page_number=page_number, pages=pages, columns=COLUMNS,
        sort_link=lambda column: _link(chosen, sort=column, order=_next_order(chosen, column), page=None),
        page_link=lambda number: _link(chosen, page=number),
    )  # fmt: skip


def _next_order(chosen: dict[str, str], column: str) -> str:
    """Clicking the sorted column turns its order; a new column starts descending (numbers) or ascending (names)."""
    if chosen["sort"] == column:
        return "asc" if chosen["order"] == "desc" else "desc"
    return "asc" if column in ("issuer", "kind", "level", "status") else "desc"


def _link(chosen: dict[str, str], **changes: Any) -> str:
    values = {**chosen, **changes}
    return "/documents?" + urlencode({k: v for k, v in values.items() if v not in ("", None)})
