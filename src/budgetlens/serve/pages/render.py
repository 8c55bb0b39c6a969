"""Rendering a page: the Jinja2 templates (autoescaped), the language of the request and the words of the layout.

Each page module keeps its own words as ``{"zh": {...}, "en": {...}}`` and passes them to ``page()``; the words of
the layout (menu, login state, language switch) live here. Templates use ``t.key`` for a word.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

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


class Words(dict[str, str]):
    """A page's words; a missing key shows itself (visible in review, never an exception)."""

    def __getattr__(self, key: str) -> str:
        return self.get(key, key)


def words(lang: str, *tables: dict[str, dict[str, str]]) -> Words:
    out = Words(LAYOUT[lang])
    for table in tables:
        out.update(table.get(lang, table["zh"]))
    return out


def viewer_or_login(request: Request, role: str = "viewer") -> Principal | Response:
    """The caller, or the redirect to the login page (the pages never answer 401 to a browser)."""
    who = principal_of(request)
    if who is None or not who.may(role):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={target}", status_code=303)
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
