"""The pages of the review desk (server-rendered, Chinese by default, English by ``?lang=en``); one module each."""

from __future__ import annotations

from fastapi import APIRouter

from budgetlens.serve.pages import assets, compare, rules, tables

router = APIRouter(include_in_schema=False)
router.include_router(assets.router)
router.include_router(tables.router)
router.include_router(compare.router)
router.include_router(rules.router)
