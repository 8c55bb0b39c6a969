"""A document's uploaded file and what is made from it: ``…/source`` (the bytes), ``…/pages`` (page sizes),
``…/pages/{n}.png``, ``…/lines`` and the CLI's reports ``…/report.html``, ``…/findings.json``, ``…/findings.sarif``
(the file checked again in an isolated worker with the reviewers' waivers applied)."""

from __future__ import annotations

import mimetypes
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request, Response

from budgetlens.serve import queries, review_data
from budgetlens.serve.auth import Principal, Viewer
from budgetlens.serve.errors import ApiError, request_lang
from budgetlens.serve.source import LINES, PAGES, Source, isolated, make_report, stored_source
from budgetlens.serve.state import service

router = APIRouter(tags=["source"])
MAX_LINES = 2000  # lines per request


def _source(request: Request, sha: str) -> tuple[str, Source]:
    with service(request).store.use() as store:
        full = queries.resolve(store, sha)
        return full, stored_source(store, full)


def _attachment(name: str) -> str:
    plain = name.encode("ascii", "replace").decode("ascii").replace('"', "_").replace("?", "_")
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name)}"


@router.get("/documents/{sha}/source", summary="上传的原件 / the uploaded file")
def source(sha: str, request: Request, _: Principal = Viewer) -> Response:
    found = _source(request, sha)[1]
    media = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
    return Response(found.content, media_type=media, headers={"Content-Disposition": _attachment(found.name)})


@router.get("/documents/{sha}/pages", summary="原件的页面尺寸（磅）/ the pages' sizes in points")
def pages(sha: str, request: Request, _: Principal = Viewer) -> dict[str, Any]:
    full, found = _source(request, sha)
    sizes = PAGES.sizes(full, found) if found.kind != "text" else []
    return {
        "document": full, "name": found.name, "kind": found.kind,
        "pages": [{"page": i, "width": round(w, 2), "height": round(h, 2)} for i, (w, h) in enumerate(sizes, 1)],
    }  # fmt: skip


@router.get("/documents/{sha}/pages/{number}.png", summary="原件的一页（PNG）/ one page of the file as PNG")
def page_png(sha: str, number: int, request: Request, _: Principal = Viewer) -> Response:
    full, found = _source(request, sha)
    rendered = PAGES.page(full, number, found)
    headers = {
        "Cache-Control": "private, max-age=3600",
        "X-Page-Width-Points": f"{rendered.width_pt:.2f}",
        "X-Page-Height-Points": f"{rendered.height_pt:.2f}",
    }
    return Response(rendered.png, media_type="image/png", headers=headers)


@router.get("/documents/{sha}/lines", summary="原件读出的行 / the file's lines as read")
def lines(
    sha: str,
    request: Request,
    start: Annotated[int, Query(ge=1)] = 1,
    end: Annotated[int | None, Query(ge=1)] = None,
    _: Principal = Viewer,
) -> dict[str, Any]:
    last = end if end is not None else start + 50
    if last < start or last - start >= MAX_LINES:
        raise ApiError(400, "bad_request", f"行范围应为 start ≤ end，且一次至多 {MAX_LINES} 行",
                       f"the range needs start ≤ end and at most {MAX_LINES} lines")  # fmt: skip
    full, found = _source(request, sha)
    read = LINES.lines(full, found)
    return {"document": full, "start": start, "end": last, "total": len(read), "lines": read[start - 1 : last]}


REPORTS = {  # path suffix → (form, media type)
    "report.html": ("html", "text/html; charset=utf-8"),
    "findings.json": ("json", "application/json"),
    "findings.sarif": ("sarif", "application/sarif+json"),
}


def _report(request: Request, sha: str, name: str, download: bool) -> Response:
    form, media = REPORTS[name]
    with service(request).store.use() as store:
        full = queries.resolve(store, sha)
        found = stored_source(store, full)
        waivers = [item.waiver for _, item in review_data.waived(store, full)]
    text = isolated(make_report, found.name, found.content, waivers, form, request_lang(request))
    headers = {"Content-Disposition": _attachment(f"{full[:12]}-{name}")} if download else {}
    return Response(text, media_type=media, headers=headers)


@router.get("/documents/{sha}/report.html", summary="HTML 核验报告 / the HTML check report")
def report_html(sha: str, request: Request, download: bool = False, _: Principal = Viewer) -> Response:
    return _report(request, sha, "report.html", download)


@router.get("/documents/{sha}/findings.json", summary="问题清单 JSON / the findings as JSON")
def report_json(sha: str, request: Request, download: bool = False, _: Principal = Viewer) -> Response:
    return _report(request, sha, "findings.json", download)


@router.get("/documents/{sha}/findings.sarif", summary="问题清单 SARIF / the findings as SARIF")
def report_sarif(sha: str, request: Request, download: bool = False, _: Principal = Viewer) -> Response:
    return _report(request, sha, "findings.sarif", download)
