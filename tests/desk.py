"""Shared by the review desk's tests: a service on a throwaway DuckDB file, and waiting for upload jobs."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the review desk needs the web extra (pip install 'budgetlens[web]')")

from fastapi.testclient import TestClient

from budgetlens.serve.app import create_app
from budgetlens.serve.settings import Settings

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sample-department-budget-2026.txt"


@contextmanager
def desk(folder: Path, **settings: Any) -> Iterator[TestClient]:
    """A running service (its lifespan started: store open, workers up) on ``folder/desk.duckdb``."""
    app = create_app(Settings(db=str(folder / "desk.duckdb"), **settings))
    with TestClient(app, base_url="http://127.0.0.1") as client:  # a loopback host name, as a browser here sends
        yield client


def wait_jobs(client: TestClient, ids: list[str], seconds: float = 120.0, **headers: str) -> list[dict[str, Any]]:
    """The jobs once each is done or failed (the test fails after ``seconds``)."""
    deadline = time.monotonic() + seconds
    while True:
        jobs = [client.get(f"/api/v1/jobs/{i}", headers=headers).json() for i in ids]
        if all(job.get("status") in ("done", "failed") for job in jobs):
            return jobs
        assert time.monotonic() < deadline, f"jobs still running after {seconds} s: {jobs}"
        time.sleep(0.1)


def upload(client: TestClient, *files: tuple[str, bytes], **headers: str) -> list[dict[str, Any]]:
    """Upload ``files`` (name, bytes) in one request and wait for their jobs."""
    response = client.post("/api/v1/uploads", files=[("files", f) for f in files], headers=headers)
    assert response.status_code == 202, response.text
    return wait_jobs(client, [job["id"] for job in response.json()["jobs"]], **headers)


@contextmanager
def live_desk(folder: Path, **settings: Any) -> Iterator[str]:
    """The service under uvicorn on a free loopback port, in a thread; yields its base URL (``http://127.0.0.1:N``)."""
    import socket
    import threading

    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(Settings(db=str(folder / "desk.duckdb"), host="127.0.0.1", port=port, **settings))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the service did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


CHROMIUM_ARGS = [  # headless, as root, on a machine whose network is closed (no background connections)
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip
