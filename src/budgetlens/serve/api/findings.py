"""A document's findings and the reviewers' word on them: ``GET …/findings``, ``PUT``/``DELETE …/findings/{index}/
decision``, ``PUT …/review`` (reviewed or pending) and ``GET /api/v1/waivers`` (the waiver file the CLI reads)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from budgetlens.serve import queries, review_data
from budgetlens.serve.auth import Principal, Reviewer, Viewer
from budgetlens.serve.errors import request_lang
from budgetlens.serve.state import service

router = APIRouter(tags=["review"])


class DecisionBody(BaseModel):
    decision: str = Field(pattern="^(accepted|waived)$", description="accepted (a real problem) or waived")
    reason: str = Field(default="", max_length=2000, description="why; required for waived")


class ReviewBody(BaseModel):
    status: str = Field(pattern="^(reviewed|pending)$")


@router.get("/documents/{sha}/findings", summary="一个文件的问题（按可能原因分组）/ a document's findings, grouped")
def findings(
    sha: str,
    request: Request,
    severity: Annotated[str | None, Query(pattern="^(error|warning|info)$")] = None,
    _: Principal = Viewer,
) -> dict[str, Any]:
    with service(request).store.use() as store:
        full = queries.resolve(store, sha)
        found = review_data.stored_findings(store, full)
    groups = review_data.grouped(found, request_lang(request), severity)
    return {"document": full, "total": sum(len(g["findings"]) for g in groups), "groups": groups}


@router.put("/documents/{sha}/findings/{index}/decision", summary="审核决定：确认或豁免 / accept or waive a finding")
def decide(sha: str, index: int, body: DecisionBody, request: Request, who: Principal = Reviewer) -> dict[str, Any]:
    with service(request).store.use() as store:
        full = queries.resolve(store, sha)
        return review_data.decide(store, full, index, body.decision, body.reason, who.name)


@router.delete("/documents/{sha}/findings/{index}/decision", status_code=204, summary="撤销审核决定 / undo a decision")
def undo(sha: str, index: int, request: Request, _: Principal = Reviewer) -> Response:
    with service(request).store.use() as store:
        full = queries.resolve(store, sha)
        review_data.undo(store, full, index)
    return Response(status_code=204)


@router.put("/documents/{sha}/review", summary="标记已审或待审 / mark a document reviewed or pending")
def review(sha: str, body: ReviewBody, request: Request, who: Principal = Reviewer) -> dict[str, Any]:
    with service(request).store.use() as store:
        full = queries.resolve(store, sha)
        return review_data.set_review(store, full, body.status, who.name)


@router.get("/waivers", summary="豁免文件（YAML，供 budgetlens check --waivers）/ the waiver file for the CLI")
def waivers(
    request: Request,
    document: Annotated[str | None, Query(description="a document's sha256 (prefix); all documents without")] = None,
    _: Principal = Viewer,
) -> Response:
    with service(request).store.use() as store:
        full = queries.resolve(store, document) if document else None
        entries = review_data.waived(store, full)
    name = f"waivers-{full[:12]}.yaml" if full else "waivers.yaml"
    return Response(
        review_data.waivers_yaml(entries),
        media_type="application/yaml",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
