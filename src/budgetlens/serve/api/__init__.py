"""The HTTP API under ``/api/v1`` (documented at ``/api/v1/docs``); one module per resource."""

from __future__ import annotations

from fastapi import APIRouter

from budgetlens.serve.api import compare, documents, facts, findings, rules, source, tables, uploads

router = APIRouter(prefix="/api/v1")
router.include_router(uploads.router)
router.include_router(documents.router)
router.include_router(findings.router)
router.include_router(source.router)
router.include_router(tables.router)
router.include_router(facts.router)
router.include_router(compare.router)
router.include_router(rules.router)
