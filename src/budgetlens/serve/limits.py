"""The upload size limit, enforced on the request body as it arrives: a body over the limit is 413 before it is read."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from budgetlens.serve.errors import error_body
from budgetlens.serve.settings import Settings

UPLOAD_PATHS = ("/api/v1/uploads", "/upload")


def _english(scope: Scope) -> bool:
    """The request asked for English (``?lang=en`` or the pages' ``lang`` cookie), as ``errors.request_lang``."""
    cookies = dict(scope.get("headers") or []).get(b"cookie", b"")
    return b"lang=en" in scope.get("query_string", b"") or b"lang=en" in cookies


class BodyTooLarge(Exception):
    pass


class UploadSizeLimit:
    """Refuse an upload whose body exceeds ``max_request_mb`` (from Content-Length, or while counting)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    @property
    def limit(self) -> int:
        return self.settings.max_request_mb * 1024 * 1024

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "POST" or scope.get("path") not in UPLOAD_PATHS:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, send, int(declared))
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            if not started:
                await self._refuse(scope, send, seen)

    async def _refuse(self, scope: Scope, send: Send, size: int) -> None:
        import json

        mb = self.settings.max_request_mb
        english = _english(scope)
        message = (
            f"upload too large ({size / 1048576:.0f} MB or more; one upload carries at most {mb} MB; "
            f"set {Settings.variable('max_request_mb')} to change it)"
            if english
            else f"上传内容过大（至少 {size / 1048576:.0f} MB；每次上传不超过 {mb} MB；"
            f"可用环境变量 {Settings.variable('max_request_mb')} 调整）"
        )
        body = json.dumps(error_body("too_large", message), ensure_ascii=False).encode("utf-8")
        await send({
            "type": "http.response.start", "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                        (b"connection", b"close")],
        })  # fmt: skip
        await send({"type": "http.response.body", "body": body})
