"""The pages of the review desk (server-rendered, Chinese by default, English by ``?lang=en``); one module each."""

from __future__ import annotations

from fastapi import APIRouter

from budgetlens.serve.pages import assets, compare, documents, login, review, rules, tables, upload

router = APIRouter(include_in_schema=False)
router.include_router(assets.router)
router.include_router(login.router)
router.include_router(upload.router)
router.include_router(documents.router)
router.include_router(review.router)
router.include_router(tables.router)
router.include_router(compare.router)
router.include_router(rules.router)
