"""The vendored assets: the stylesheet and scripts of the pages, and ECharts (one copy, ``report/static``)."""

from __future__ import annotations

from importlib.resources import files

from fastapi import APIRouter
from fastapi.responses import FileResponse, RedirectResponse

from budgetlens.serve.errors import not_found

router = APIRouter()
OWN = files("budgetlens.serve") / "static"
ECHARTS = files("budgetlens.report") / "static" / "echarts.min.js"
TYPES = {".css": "text/css", ".js": "text/javascript", ".png": "image/png", ".svg": "image/svg+xml"}


@router.get("/static/echarts.min.js")
def echarts() -> FileResponse:
    return FileResponse(str(ECHARTS), media_type="text/javascript", headers={"Cache-Control": "max-age=86400"})


@router.get("/static/{name}")
def asset(name: str) -> FileResponse:
    suffix = name[name.rfind(".") :] if "." in name else ""
    target = OWN / name
    if "/" in name or suffix not in TYPES or not target.is_file():
        raise not_found(f"文件 {name}", name)
    return FileResponse(str(target), media_type=TYPES[suffix], headers={"Cache-Control": "max-age=3600"})


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/documents", status_code=303)
