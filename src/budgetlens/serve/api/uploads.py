"""``POST /api/v1/uploads`` (one or more files → jobs) and ``GET /api/v1/jobs/{id}`` (what became of each)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import JSONResponse

from budgetlens.serve.auth import Principal, Reviewer, Viewer
from budgetlens.serve.errors import ApiError, not_found, request_lang
from budgetlens.serve.state import service

router = APIRouter(tags=["uploads"])
CHUNK = 1 << 20


async def _read_bounded(upload: UploadFile, limit: int) -> bytes | None:
    """The file's bytes, or None as soon as it proves larger than ``limit``."""
    parts: list[bytes] = []
    size = 0
    while chunk := await upload.read(CHUNK):
        size += len(chunk)
        if size > limit:
            return None
        parts.append(chunk)
    return b"".join(parts)


async def accept_files(request: Request, files: list[UploadFile], who: Principal) -> tuple[list[Any], list[Any]]:
    """Queue each file (jobs) or say why it was refused: too large, empty, too many at once, the queue full."""
    state = service(request)
    settings = state.settings
    lang = request_lang(request)
    if not files:
        raise ApiError(400, "bad_request", "没有上传文件（表单字段 files）", "no file uploaded (form field files)")
    if len(files) > settings.max_files:
        raise ApiError(413, "too_many_files", f"一次最多上传 {settings.max_files} 个文件（本次 {len(files)} 个）",
                       f"at most {settings.max_files} files per upload ({len(files)} sent)")  # fmt: skip
    if not state.jobs.capacity(len(files)):
        raise ApiError(503, "busy", "待处理的文件已达上限，请稍后再试", "too many files are waiting; try again shortly")
    jobs: list[Any] = []
    refused: list[Any] = []
    for upload in files:
        name = (upload.filename or "upload").replace("\\", "/").rsplit("/", 1)[-1] or "upload"
        data = await _read_bounded(upload, settings.max_upload_bytes)
        if data is None:
            mb = settings.max_upload_mb
            zh = f"{name}：文件超过 {mb} MB 上限（可用环境变量 BUDGETLENS_SERVE_MAX_UPLOAD_MB 调整）"
            en = f"{name}: the file exceeds the limit of {mb} MB (set BUDGETLENS_SERVE_MAX_UPLOAD_MB to change it)"
            refused.append({"name": name, "error": {"code": "too_large", "message": en if lang == "en" else zh}})
            continue
        if not data:
            zh, en = f"{name}：文件是空的", f"{name}: the file is empty"
            refused.append({"name": name, "error": {"code": "bad_request", "message": en if lang == "en" else zh}})
            continue
        jobs.append(state.jobs.submit(name, data, who.name).as_json(lang))
    return jobs, refused


@router.post("/uploads", status_code=202, summary="上传文件（返回每个文件的任务）/ upload files, one job each")
async def upload(
    request: Request,
    files: Annotated[list[UploadFile], File(description="one or more disclosures")],
    who: Principal = Reviewer,
) -> JSONResponse:
    jobs, refused = await accept_files(request, files, who)
    if not jobs:  # nothing accepted: the first refusal is the answer
        first = refused[0]["error"]
        status = 413 if first["code"] == "too_large" else 400
        return JSONResponse({"error": first, "refused": refused}, status_code=status)
    return JSONResponse({"jobs": jobs, "refused": refused}, status_code=202)


@router.get("/jobs", summary="最近的上传任务 / recent upload jobs")
def jobs(request: Request, _: Principal = Viewer) -> dict[str, Any]:
    lang = request_lang(request)
    return {"jobs": [job.as_json(lang) for job in service(request).jobs.recent()]}


@router.get("/jobs/{job_id}", summary="一个上传任务的状态 / one upload job")
def job(job_id: str, request: Request, _: Principal = Viewer) -> dict[str, Any]:
    found = service(request).jobs.get(job_id)
    if found is None:
        raise not_found(f"任务 {job_id}", f"job {job_id}")
    return found.as_json(request_lang(request))
