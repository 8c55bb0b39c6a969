"""The review page of one document, ``/documents/{sha}``: its header and review status, its findings errors first
grouped by probable cause, each beside its source (the printed page with the finding's box drawn over it, or the
numbered lines), and for reviewers the controls to accept or waive each finding and to mark the document reviewed."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from budgetlens.serve import queries, review_data
from budgetlens.serve.errors import ApiError, request_lang
from budgetlens.serve.pages.render import page, viewer_or_login
from budgetlens.serve.source import LINES, PAGES, Source
from budgetlens.serve.state import service

router = APIRouter()
CONTEXT = 3  # source lines shown above and below a finding's line
WORDS = {
    "zh": {
        "title": "审核", "error": "错误", "warning": "警告", "info": "提示",
        "issuer": "发布单位", "year": "年度", "kind": "类型", "level": "层级", "errors": "错误",
        "warnings": "警告", "pending": "待审", "reviewed": "已审", "mark_reviewed": "标记为已审",
        "mark_pending": "改回待审", "by": "审核人", "print": "打印视图", "html": "下载 HTML 报告",
        "json": "问题清单 JSON", "sarif": "SARIF", "waivers": "豁免文件 YAML", "source": "原件", "line": "行",
        "page": "页", "table": "表", "row": "行序", "column": "列", "expected": "应为", "actual": "实为",
        "reference": "依据", "cause": "可能原因：第{line}行", "knock_on": "同一原因的连带问题 {n} 个",
        "same_table": "本表的其他问题 {n} 个", "accept": "确认问题", "waive": "豁免", "undo": "撤销",
        "reason": "豁免理由", "accepted": "已确认", "waived": "已豁免", "waived_ingest": "入库时已豁免",
        "decided": "{by} 于 {at}", "no_source": "此文件由 budgetlens ingest 入库，未保存原件；只显示入库的行号与数值。",
        "no_findings": "未发现问题", "needs_reason": "请写明豁免理由", "budget": "预算", "final_account": "决算",
        "department": "部门", "unit": "单位", "sheet": "工作表", "cell": "单元格", "findings": "问题",
        "failed": "操作失败", "unread": "读不出原件的行", "tables": "全部表格",
    },
    "en": {
        "title": "Review", "error": "error", "warning": "warning", "info": "info",
        "issuer": "issuer", "year": "year", "kind": "kind", "level": "level", "errors": "errors",
        "warnings": "warnings", "pending": "pending", "reviewed": "reviewed", "mark_reviewed": "Mark reviewed",
        "mark_pending": "Back to pending", "by": "reviewed by", "print": "Print view", "html": "HTML report",
        "json": "Findings JSON", "sarif": "SARIF", "waivers": "Waivers YAML", "source": "Source file", "line": "line",
        "page": "page", "table": "table", "row": "row", "column": "column", "expected": "expected",
        "actual": "actual", "reference": "reference", "cause": "probable cause: line {line}",
        "knock_on": "{n} knock-on findings of the same cause", "same_table": "{n} more findings of this table",
        "accept": "Accept", "waive": "Waive", "undo": "Undo", "reason": "reason for the waiver",
        "accepted": "accepted", "waived": "waived", "waived_ingest": "waived at ingest", "decided": "{by} at {at}",
        "no_source": "This document was stored by budgetlens ingest without its file; only the stored lines and "
        "figures are shown.",
        "no_findings": "no findings", "needs_reason": "Give a reason for the waiver", "budget": "budget",
        "final_account": "final account", "department": "department", "unit": "unit", "sheet": "sheet",
        "cell": "cell", "findings": "findings", "failed": "failed", "unread": "the file's lines could not be read",
        "tables": "All tables",
    },
}  # fmt: skip


def _box(bbox: list[float] | None, size: tuple[float, float]) -> dict[str, float] | None:
    """The finding's box in percent of its page (left, top, width, height), clipped to the page."""
    if not bbox or len(bbox) != 4:
        return None
    width, height = size
    x0, y0 = max(0.0, bbox[0]), max(0.0, bbox[1])
    x1, y1 = min(width, bbox[2]), min(height, bbox[3])
    if x1 <= x0 or y1 <= y0:
        return None
    return {
        "left": round(100 * x0 / width, 3), "top": round(100 * y0 / height, 3),
        "width": round(100 * (x1 - x0) / width, 3), "height": round(100 * (y1 - y0) / height, 3),
    }  # fmt: skip


def _excerpt(lines: list[dict[str, Any]], finding: dict[str, Any]) -> list[dict[str, Any]]:
    line = finding["location"]["line"]
    if not line or not 0 < line <= len(lines):
        return []
    targets = {str(v).strip() for v in (finding["actual"],) if v}
    out = []
    for item in lines[max(0, line - 1 - CONTEXT) : min(len(lines), line + CONTEXT)]:
        cells = [{"text": c, "ref": (item["cell_refs"][i] if i < len(item["cell_refs"]) else None),
                  "hit": item["no"] == line and c.strip() in targets} for i, c in enumerate(item["cells"])]  # fmt: skip
        out.append({"no": item["no"], "focus": item["no"] == line, "cells": cells, "sheet": item["sheet"]})
    return out


def _views(found: Source | None, sha: str, groups: list[dict[str, Any]]) -> tuple[str, str | None]:
    """Attach to each finding what the page shows beside it (``view``); the source's kind and why lines are
    missing, if they are."""
    kind = found.kind if found is not None else "none"
    sizes: list[tuple[float, float]] = []
    lines: list[dict[str, Any]] = []
    problem = None
    if found is not None and kind in ("pdf", "image"):
        sizes = PAGES.sizes(sha, found)
    elif found is not None:
        try:
            lines = LINES.lines(sha, found)
        except ApiError as exc:
            problem = exc.message_en
    for group in groups:
        for finding in group["findings"]:
            loc = finding["location"]
            view: dict[str, Any] = {}
            number = loc["page"]
            if sizes and number and 0 < number <= len(sizes):
                view = {"page": number, "box": _box(loc["bbox"], sizes[number - 1])}
            elif lines:
                view = {"lines": _excerpt(lines, finding)}
            finding["view"] = view
    return kind, problem


@router.get("/documents/{sha}")
def review(sha: str, request: Request) -> Response:
    who = viewer_or_login(request)
    if isinstance(who, Response):
        return who
    state = service(request)
    with state.store.use() as store:
        document = queries.document(store, sha)
        full = document["sha256"]
        found_rows = review_data.stored_findings(store, full)
        rows = store.backend.fetch("SELECT name, content FROM sources WHERE document = ?", (full,))
    found = Source(name=str(rows[0][0]), content=bytes(rows[0][1])) if rows else None
    groups = review_data.grouped(found_rows, request_lang(request))
    kind, problem = _views(found, full, groups)
    return page(
        request, "review.html", who, WORDS, active="documents", doc=document, groups=groups, source_kind=kind,
        lines_problem=problem, may_review=who.may("reviewer"), print_view=request.query_params.get("print") == "1",
    )  # fmt: skip
