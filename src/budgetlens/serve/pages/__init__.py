"""The pages of the review desk (server-rendered, Chinese by default, English by ``?lang=en``)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
