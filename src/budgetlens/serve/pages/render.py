"""Rendering a page: the Jinja2 templates (autoescaped), the language of the request and the words of the layout.

Each page module keeps its own words as ``{"zh": {...}, "en": {...}}`` and passes them to ``page()``; the words of
the layout (menu, login state, language switch) live here. Templates use ``t.key`` for a word.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.resources import files
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from budgetlens import __version__
from budgetlens.serve.auth import Principal, principal_of
from budgetlens.serve.errors import request_lang

ENVIRONMENT = Environment(
    loader=FileSystemLoader(str(files("budgetlens.serve") / "templates")), autoescape=select_autoescape(default=True)
)
TEMPLATES = Jinja2Templates(env=ENVIRONMENT)
LAYOUT = {
    "zh": {
        "app": "预决算公开审核台", "upload": "上传", "documents": "文件", "compare": "对比", "rules": "规则",
        "api": "接口", "login": "登录", "logout": "退出", "local": "本机模式（未设令牌）", "switch": "English",
        "role_reviewer": "审核员", "role_viewer": "查阅者",
    },
    "en": {
        "app": "Disclosure review desk", "upload": "Upload", "documents": "Documents", "compare": "Compare",
        "rules": "Rules", "api": "API", "login": "Log in", "logout": "Log out", "local": "local mode (no tokens)",
        "switch": "中文", "role_reviewer": "reviewer", "role_viewer": "viewer",
    },
}  # fmt: skip


class Words:
    """A page's words as ``t.key`` or ``t[key]``; a missing key shows itself (visible in review, never an
    exception). Not a dict, so that a word may be called like a dict's method (``t.clear``, ``t.items``). A page
    script gets them all as ``{{ t | words_json }}``."""

    __slots__ = ("_entries",)

    def __init__(self, entries: dict[str, str]) -> None:
        self._entries = entries

    def __getattr__(self, key: str) -> str:
        return self._entries.get(key, key)

    def __getitem__(self, key: str) -> str:
        return self._entries.get(key, key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)


def words_json(words: Words) -> Markup:
    """Every word of a page as JSON that is safe inside a ``<script type="application/json">`` element."""
    return htmlsafe_json_dumps({key: words[key] for key in words})


ENVIRONMENT.filters["words_json"] = words_json


def words(lang: str, *tables: dict[str, dict[str, str]]) -> Words:
    entries = dict(LAYOUT[lang])
    for table in tables:
        entries.update(table.get(lang, table["zh"]))
    return Words(entries)


FORBIDDEN = {
    "zh": {"forbidden": "无权访问", "needs": "此页需要审核员角色；当前令牌为查阅者。", "other": "换一个令牌登录"},
    "en": {"forbidden": "Not allowed", "needs": "This page needs the reviewer role; this token is a viewer's.",
           "other": "Log in with another token"},
}  # fmt: skip


def viewer_or_login(request: Request, role: str = "viewer") -> Principal | Response:
    """The caller; the redirect to the login page without a valid token (the pages never answer 401 to a
    browser); a page saying so (403) when the caller's role is too low."""
    who = principal_of(request)
    if who is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='/')}", status_code=303)
    if not who.may(role):
        response = page(request, "forbidden.html", who, FORBIDDEN)
        response.status_code = 403
        return response
    return who


def page(
    request: Request, template: str, who: Principal | None, page_words: dict[str, dict[str, str]], **context: Any
) -> HTMLResponse:
    """``template`` rendered in the request's language with the layout's context."""
    lang = request_lang(request)
    response: HTMLResponse = TEMPLATES.TemplateResponse(
        request,
        template,
        {"t": words(lang, page_words), "lang": lang, "who": who, "version": __version__, **context},
    )
    if request.query_params.get("lang") in ("zh", "en"):  # the switch is remembered
        response.set_cookie("lang", lang, samesite="strict", max_age=365 * 24 * 3600)
    return response


ERROR_WORDS = {
    "zh": {"error_title": "出错了", "back": "返回文件列表"},
    "en": {"error_title": "Something is wrong", "back": "Back to the documents"},
}


def error_page(request: Request, status: int, code: str, message: str) -> Response:
    """A refusal as a page in the layout, for a browser (``errors.answer``); the status stays the refusal's."""
    try:
        who = principal_of(request)
    except Exception:  # the store itself is what failed: the page is shown without the caller
        who = None
    response = page(request, "error.html", who, ERROR_WORDS, status=status, code=code, message=message)
    response.status_code = status
    return response
