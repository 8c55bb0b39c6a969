"""``/rules`` (the catalogue, grouped by family) and ``/rules/{code}`` (one rule's page)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from budgetlens.serve import rule_data
from budgetlens.serve.errors import request_lang
from budgetlens.serve.pages.render import page, viewer_or_login

router = APIRouter()
WORDS = {
    "zh": {"title": "核验规则", "code": "编号", "summary": "说明", "severity": "级别", "lifecycle": "状态",
           "slug": "标识", "all": "全部规则", "count": "条规则"},
    "en": {"title": "Rules", "code": "code", "summary": "what it checks", "severity": "severity",
           "lifecycle": "lifecycle", "slug": "slug", "all": "all rules", "count": "rules"},
}  # fmt: skip


@router.get("/rules")
def rules(request: Request) -> Response:
    who = viewer_or_login(request)
    if isinstance(who, Response):
        return who
    families = rule_data.families(request_lang(request))
    total = sum(len(rules) for _, rules in families)
    return page(request, "rules.html", who, WORDS, active="rules", families=families, total=total)


@router.get("/rules/{code}")
def rule(code: str, request: Request) -> Response:
    who = viewer_or_login(request)
    if isinstance(who, Response):
        return who
    return page(request, "rule.html", who, WORDS, active="rules", rule=rule_data.rule_page(code, request_lang(request)))
