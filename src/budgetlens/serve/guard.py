"""Requests from elsewhere: a page of another site may not act through the reviewer's browser.

- A state-changing request (POST, PUT, PATCH, DELETE) that names its origin must come from the service's own
  origin: another site's form or script is refused (403), whether the caller is logged in by cookie or is the
  local reviewer (who has no cookie to protect them).
- While the service listens on loopback it answers only to a loopback host name: a site that points its own name
  at 127.0.0.1 (DNS rebinding) is refused (421).
- Every answer says not to be framed and not to sniff content types.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from budgetlens.serve.errors import error_body
from budgetlens.serve.settings import Settings

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1", "[::1]"}
HEADERS = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"), (b"referrer-policy", b"same-origin")]


def _host_name(host: str) -> str:
    if host.startswith("["):
        return host[: host.find("]") + 1]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class RequestGuard:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers") or []}
        host = headers.get("host", "")
        english = "lang=en" in scope.get("query_string", b"").decode("latin-1") or "lang=en" in headers.get(
            "cookie", ""
        )
        if self.settings.loopback and _host_name(host).lower() not in LOOPBACK_NAMES | {self.settings.host}:
            zh = f"本服务只接受本机地址的访问（收到的主机名：{host}）"
            en = f"this service answers only to a loopback host name (got {host})"
            await _refuse(send, 421, "misdirected", en if english else zh)
            return
        origin = headers.get("origin")
        if scope.get("method") in UNSAFE and origin and origin != "null" and urlsplit(origin).netloc != host:
            zh, en = f"拒绝来自其他网站的请求（{origin}）", f"a request from another site is refused ({origin})"
            await _refuse(send, 403, "forbidden", en if english else zh)
            return
        if scope.get("method") in UNSAFE and origin == "null":
            await _refuse(
                send,
                403,
                "forbidden",
                "a request from an opaque origin is refused" if english else "拒绝来源不明的请求",
            )
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


async def _refuse(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps(error_body(code, message), ensure_ascii=False).encode("utf-8")
    await send({
        "type": "http.response.start", "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *HEADERS],
    })  # fmt: skip
    await send({"type": "http.response.body", "body": body})
