"""``/documents/{sha}/tables``: every table of a document as printed, the cells with findings marked."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from budgetlens.serve import queries, table_data
from budgetlens.serve.errors import request_lang
from budgetlens.serve.pages.render import page, viewer_or_login
from budgetlens.serve.state import service

router = APIRouter()
WORDS = {
    "zh": {
        "title": "表格", "back": "返回审核页", "tables": "表", "kind": "类型", "unit": "单位", "line": "行",
        "page": "页", "rows": "行数", "amounts": "金额数", "findings": "问题", "download": "下载",
        "none": "该文件没有表格", "repaired": "已按勾稽关系修复", "derived": "推算", "to_top": "回到目录",
        "row_findings": "本行的问题",
    },
    "en": {
        "title": "Tables", "back": "back to the review", "tables": "Tables", "kind": "kind", "unit": "unit",
        "line": "line", "page": "page", "rows": "rows", "amounts": "amounts", "findings": "findings",
        "download": "download", "none": "this document has no tables", "repaired": "repaired from an identity",
        "derived": "derived", "to_top": "back to the list", "row_findings": "findings of this row",
    },
}  # fmt: skip


@router.get("/documents/{sha}/tables")
def tables(sha: str, request: Request) -> Response:
    who = viewer_or_login(request)
    if isinstance(who, Response):
        return who
    with service(request).store.use() as store:
        document = queries.document(store, sha)
        stored = [table_data.stored_table(store, document["sha256"], t["id"]) for t in
                  table_data.table_list(store, document["sha256"])]  # fmt: skip
    lang = request_lang(request)
    printed = [table_data.printed_table(s, lang) for s in stored]
    return page(request, "tables.html", who, WORDS, active="documents", document=document, tables=printed)
