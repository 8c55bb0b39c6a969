"""The HTTP API under ``/api/v1`` (documented at ``/api/v1/docs``); one module per resource."""

from __future__ import annotations

from fastapi import APIRouter

from budgetlens.serve.api import documents, findings, source, uploads

router = APIRouter(prefix="/api/v1")
router.include_router(uploads.router)
router.include_router(documents.router)
router.include_router(findings.router)
router.include_router(source.router)
