"""``/login`` (paste a token: it is kept in the ``budgetlens_token`` cookie) and ``POST /logout``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from budgetlens.serve.auth import COOKIE, holder, principal_of
from budgetlens.serve.pages.render import page
from budgetlens.serve.state import service

router = APIRouter()
WORDS = {
    "zh": {
        "title": "登录", "token": "访问令牌", "submit": "登录", "wrong": "令牌无效或已撤销",
        "hint": "令牌由管理员用 budgetlens token create 创建；只需粘贴一次，浏览器会记住它。",
        "local_hint": "本机模式：尚未创建任何令牌，本机访问无需登录。",
    },
    "en": {
        "title": "Log in", "token": "Access token", "submit": "Log in", "wrong": "the token is unknown or revoked",
        "hint": "An administrator creates tokens with budgetlens token create; paste yours once, the browser keeps it.",
        "local_hint": "Local mode: no token exists yet, so access from this machine needs no login.",
    },
}  # fmt: skip
MONTH = 30 * 24 * 3600


def local_path(target: str | None) -> str:
    """``target`` if it is a path on this site (``/…``, not ``//host`` nor ``/\\host``), else the documents."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")) or any(c in target for c in "\r\n"):
        return "/documents"
    return target


@router.get("/login")
def login_form(request: Request, target: Annotated[str | None, Query(alias="next")] = None) -> Response:
    return page(request, "login.html", principal_of(request), WORDS, next=local_path(target), wrong=False)


@router.post("/login")
def login(
    request: Request, token: Annotated[str, Form()] = "", target: Annotated[str, Form(alias="next")] = ""
) -> Response:
    token = token.strip()
    with service(request).store.use() as store:
        who = holder(store, token) if token else None
    if who is None:
        refused = page(request, "login.html", None, WORDS, next=local_path(target), wrong=True)
        refused.status_code = 401
        return refused
    response = RedirectResponse(local_path(target), status_code=303)
    response.set_cookie(
        COOKIE, token, max_age=MONTH, httponly=True, samesite="strict", secure=request.url.scheme == "https", path="/"
    )
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response
