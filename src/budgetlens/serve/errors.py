"""The one error shape of the HTTP API: ``{"error": {"code": …, "message": …}}`` with an HTTP status that means it."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from budgetlens.errors import BudgetLensError

STATUS_CODES = {  # the error code for the statuses the service produces without an ApiError
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "not_a_disclosure",
    429: "too_many",
    503: "busy",
}


class ApiError(Exception):
    """A refusal the service means: its HTTP status, a stable code and the message in both languages."""

    def __init__(self, status: int, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.status = status
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh


def request_lang(request: Request) -> str:
    """``?lang=``, then the ``lang`` cookie (the pages' switch), then the service's default (Chinese unless set):
    a browser's Accept-Language is not asked, the desk is Chinese unless the reader switches."""
    asked = request.query_params.get("lang") or request.cookies.get("lang")
    if asked in ("zh", "en"):
        return asked
    default = getattr(request.app.state, "settings", None)
    return default.lang if default is not None else "zh"


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse(error_body(code, message), status_code=status, headers=headers)


def answer(request: Request, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    """The refusal as JSON, or as a page when a browser asked for a page (not under ``/api/``) and the app has
    one (``app.state.page_error``, set by the app from the pages' layout)."""
    page_error = getattr(request.app.state, "page_error", None)
    wants_page = not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")
    if page_error is not None and wants_page:
        response: Response = page_error(request, status, code, message)
        return response
    return error_response(status, code, message, headers)


def not_found(what_zh: str, what_en: str) -> ApiError:
    return ApiError(404, "not_found", f"未找到{what_zh}", f"{what_en} not found")


def install_handlers(app: FastAPI) -> None:
    """Every refusal, a validation failure and an unexpected defect all answer in the one shape."""

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return answer(request, exc.status, exc.code, exc.message(request_lang(request)), headers)

    @app.exception_handler(BudgetLensError)
    async def tool_error(request: Request, exc: BudgetLensError) -> Response:
        return answer(request, 400, "bad_request", exc.message(request_lang(request)))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        text = f"{where}: {first.get('msg', '')}".strip(": ")
        lang = request_lang(request)
        message = f"请求有误（{text}）" if lang == "zh" else f"bad request ({text})"
        return answer(request, 400, "bad_request", message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = STATUS_CODES.get(exc.status_code, "error")
        plain = {404: ("没有这个地址", "no such address"), 405: ("此地址不接受这种请求方法", "method not allowed here")}
        zh, en = plain.get(exc.status_code, (str(exc.detail), str(exc.detail)))
        message = f"{en}: {request.url.path}" if request_lang(request) == "en" else f"{zh}：{request.url.path}"
        return answer(request, exc.status_code, code, message)

    @app.exception_handler(Exception)
    async def defect(request: Request, exc: Exception) -> Response:  # never by design: a defect of the service
        lang = request_lang(request)
        kind = type(exc).__name__
        message = f"服务内部错误（{kind}）" if lang == "zh" else f"internal error of the service ({kind})"
        return answer(request, 500, "internal", message)
