"""The FastAPI application of ``budgetlens serve``: the API under ``/api/v1``, the pages, the vendored assets."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from fastapi import FastAPI

from budgetlens import __version__
from budgetlens.serve.api import router as api_router
from budgetlens.serve.errors import install_handlers
from budgetlens.serve.guard import RequestGuard
from budgetlens.serve.holder import StoreHolder
from budgetlens.serve.jobs import JobQueue
from budgetlens.serve.limits import UploadSizeLimit
from budgetlens.serve.pages import router as pages_router
from budgetlens.serve.pages.render import error_page
from budgetlens.serve.settings import Settings
from budgetlens.serve.source import PAGES
from budgetlens.serve.state import ServiceState


def create_app(settings: Settings | None = None, initial: Sequence[tuple[str, bytes]] = ()) -> FastAPI:
    """The service for ``settings`` (defaults and ``BUDGETLENS_SERVE_*`` variables when None); ``initial`` files
    (name, bytes) are uploaded as the service starts, as the local reviewer."""
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        holder = StoreHolder(settings.db)
        with holder.use():  # open and migrate now: a bad --db fails the start, not the first request
            pass
        state = ServiceState(
            settings=settings, store=holder, jobs=JobQueue(holder, settings.workers, settings.max_queue)
        )
        app.state.service = state
        for name, data in initial:
            state.jobs.submit(name, data, "本机用户")
        try:
            yield
        finally:
            state.jobs.close()
            PAGES.close()
            holder.close()

    app = FastAPI(
        title="budgetlens",
        version=__version__,
        description="预决算公开文件的审核台 / the review desk for budget and final-account disclosures",
        lifespan=lifespan,
        docs_url="/api/v1/docs",
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.settings = settings
    install_handlers(app)
    app.state.page_error = error_page  # a browser asking for a page gets its refusals as a page
    app.add_middleware(UploadSizeLimit, settings=settings)
    app.add_middleware(RequestGuard, settings=settings)  # added last: runs first
    app.include_router(api_router)
    app.include_router(pages_router)
    return app
