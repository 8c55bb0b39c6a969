"""``GET /api/v1/rules`` (the catalogue) and ``GET /api/v1/rules/{code}`` (one rule's page, Markdown and HTML)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from budgetlens.serve import rule_data
from budgetlens.serve.auth import Principal, Viewer
from budgetlens.serve.errors import request_lang

router = APIRouter(tags=["rules"])


@router.get("/rules", summary="核验规则 / the rules")
def rules(request: Request, _: Principal = Viewer) -> dict[str, Any]:
    return {"rules": rule_data.catalogue(request_lang(request))}


@router.get("/rules/{code}", summary="一条规则的说明 / one rule's page")
def rule(code: str, request: Request, _: Principal = Viewer) -> dict[str, Any]:
    return rule_data.rule_page(code, request_lang(request))
