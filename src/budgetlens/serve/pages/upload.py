"""``/upload``: several files at once (drop zone or file input), each with its progress and its outcome (reviewers)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from budgetlens.serve.pages.render import page, viewer_or_login
from budgetlens.serve.state import service

router = APIRouter()
WORDS = {
    "zh": {
        "title": "上传文件", "drop": "把文件拖到这里，或", "choose": "选择文件",
        "formats": "支持 PDF、扫描件（PNG/JPEG/TIFF）、Excel、Word、网页与文本；可一次选多个文件。",
        "limits": "单个文件不超过 {mb} MB，一次最多 {files} 个。", "sending": "上传中", "queued": "排队中",
        "running": "识别与审核中", "done": "完成", "failed": "未入库", "known": "（此前已入库）",
        "open": "查看审核页", "network": "网络错误，上传未完成", "all_done": "全部处理完毕。",
        "to_list": "查看文件列表", "file": "文件", "state": "状态", "result": "结果",
    },
    "en": {
        "title": "Upload files", "drop": "Drop files here, or", "choose": "choose files",
        "formats": "PDF, scans (PNG/JPEG/TIFF), Excel, Word, web pages and text; several files at once.",
        "limits": "At most {mb} MB per file and {files} files at a time.", "sending": "uploading",
        "queued": "queued", "running": "reading and checking", "done": "done", "failed": "not stored",
        "known": " (stored before)", "open": "open its review", "network": "network error; the upload did not finish",
        "all_done": "All files are processed.", "to_list": "see the documents", "file": "File", "state": "Status",
        "result": "Result",
    },
}  # fmt: skip


@router.get("/upload")
def upload_page(request: Request) -> Response:
    who = viewer_or_login(request, "reviewer")
    if isinstance(who, Response):
        return who
    settings = service(request).settings
    return page(
        request, "upload.html", who, WORDS, active="upload", max_mb=settings.max_upload_mb, max_files=settings.max_files
    )
