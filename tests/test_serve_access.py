"""Who may do what on the review desk: the open local mode, tokens on the API (401/403 with the error shape),
the login cookie for the pages, the token commands, the refusal to listen beyond loopback without a token, and
the API's documentation."""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient

from budgetlens.serve.auth import COOKIE, create_token
from tests.desk import EXAMPLE, desk, upload, wait_jobs

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_FILE = ("files", (EXAMPLE.name, EXAMPLE.read_bytes()))


def issue(client: TestClient, role: str, name: str) -> str:
    """A token made on the running service's own store (DuckDB lets one process hold the file)."""
    with client.app.state.service.store.use() as store:  # type: ignore[attr-defined]
        return create_token(store, role, name)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_refusal(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"].strip()


def test_local_mode_needs_no_token(tmp_path: Path) -> None:
    with desk(tmp_path) as client:
        [job] = upload(client, (EXAMPLE.name, EXAMPLE.read_bytes()))
        assert job["status"] == "done"
        assert client.get("/api/v1/documents").json()["total"] == 1
        for path in ("/documents", "/upload", "/login", "/documents?lang=en", "/upload?lang=en", "/login?lang=en"):
            response = client.get(path, follow_redirects=False)
            assert response.status_code == 200, path
            assert " object at 0x" not in response.text and "built-in method" not in response.text, path
        assert "本机模式" in client.get("/documents?lang=zh").text


def test_tokens_guard_the_api(tmp_path: Path) -> None:
    with desk(tmp_path) as client:
        reviewer, viewer = issue(client, "reviewer", "审核员甲"), issue(client, "viewer", "查阅者乙")
        bare = client.get("/api/v1/documents")
        assert_refusal(bare, 401, "unauthorized")
        assert bare.headers["www-authenticate"] == "Bearer"
        assert_refusal(client.get("/api/v1/documents", headers=bearer("blt_unknown")), 401, "unauthorized")
        assert_refusal(client.post("/api/v1/uploads", files=[EXAMPLE_FILE]), 401, "unauthorized")
        assert client.get("/api/v1/documents?lang=en").json()["error"]["message"] == "a valid access token is required"

        assert client.get("/api/v1/documents", headers=bearer(viewer)).status_code == 200
        assert client.get("/api/v1/jobs", headers=bearer(viewer)).status_code == 200
        assert_refusal(client.post("/api/v1/uploads", files=[EXAMPLE_FILE], headers=bearer(viewer)), 403, "forbidden")

        accepted = client.post("/api/v1/uploads", files=[EXAMPLE_FILE], headers=bearer(reviewer))
        assert accepted.status_code == 202, accepted.text
        [job] = wait_jobs(client, [accepted.json()["jobs"][0]["id"]], **bearer(viewer))
        assert job["status"] == "done"
        listed = client.get("/api/v1/documents", headers=bearer(viewer)).json()
        assert [d["sha256"] for d in listed["documents"]] == [job["document"]]

        with client.app.state.service.store.use() as store:  # type: ignore[attr-defined]
            from budgetlens.serve.auth import revoke

            assert revoke(store, "查阅者乙") == 1
        assert_refusal(client.get("/api/v1/documents", headers=bearer(viewer)), 401, "unauthorized")


def test_pages_ask_for_login_and_keep_the_cookie(tmp_path: Path) -> None:
    with desk(tmp_path) as client:
        reviewer, viewer = issue(client, "reviewer", "审核员甲"), issue(client, "viewer", "查阅者乙")
        for path in ("/documents?year=2026", "/upload"):
            response = client.get(path, follow_redirects=False)
            assert response.status_code == 303
            assert response.headers["location"] == f"/login?next={quote(path, safe='/')}"  # the query kept whole
            form = client.get(response.headers["location"])
            assert f'value="{path}"' in form.text.replace("&amp;", "&")

        wrong = client.post("/login", data={"token": "blt_wrong", "next": "/upload"}, follow_redirects=False)
        assert wrong.status_code == 401 and "令牌无效" in wrong.text
        assert COOKIE not in wrong.headers.get("set-cookie", "")

        # the login keeps only a local path as its target
        for target, landing in (("/upload", "/upload"), ("https://elsewhere.example/", "/documents"),
                                ("//elsewhere.example/x", "/documents")):  # fmt: skip
            response = client.post("/login", data={"token": viewer, "next": target}, follow_redirects=False)
            assert response.status_code == 303 and response.headers["location"] == landing
        cookie = response.headers["set-cookie"]
        assert cookie.startswith(f"{COOKIE}={viewer}") and "HttpOnly" in cookie and "SameSite=strict" in cookie
        assert "Secure" not in cookie  # plain http here; https requests get a Secure cookie

        client.cookies.set(COOKIE, viewer)
        assert client.get("/documents", follow_redirects=False).status_code == 200
        assert "查阅者乙" in client.get("/documents").text
        assert client.get("/api/v1/documents").status_code == 200  # the cookie works for the API the pages call
        upload_page = client.get("/upload", follow_redirects=False)  # a viewer may not upload, and is told why
        assert upload_page.status_code == 403 and "审核员" in upload_page.text

        client.cookies.set(COOKIE, reviewer)
        assert client.get("/upload", follow_redirects=False).status_code == 200
        out = client.post("/logout", follow_redirects=False)
        assert out.status_code == 303 and out.headers["location"] == "/login"
        assert f'{COOKIE}=""' in out.headers["set-cookie"] or "Max-Age=0" in out.headers["set-cookie"]


def test_login_over_https_sets_a_secure_cookie(tmp_path: Path) -> None:
    with desk(tmp_path) as client:
        token = issue(client, "viewer", "查阅者乙")
        secure = TestClient(client.app, base_url="https://127.0.0.1")  # behind a TLS proxy on loopback
        response = secure.post("/login", data={"token": token, "next": "/documents"}, follow_redirects=False)
        assert response.status_code == 303 and "Secure" in response.headers["set-cookie"]


def declared_api_routes() -> set[tuple[str, str]]:
    """(method, path) of every route the modules of ``serve/api`` declare (read from their decorators)."""
    import budgetlens.serve.api as api

    decorator = re.compile(r'@router\.(get|post|put|patch|delete)\(\s*"([^"]*)"')
    found = set()
    for module in Path(api.__file__).parent.glob("*.py"):
        for method, path in decorator.findall(module.read_text(encoding="utf-8")):
            found.add((method, "/api/v1" + path))
    return found


def test_openapi_lists_every_api_route_and_the_docs_load(tmp_path: Path) -> None:
    with desk(tmp_path) as client:
        schema = client.get("/api/v1/openapi.json").json()
        documented = {(method, path) for path, item in schema["paths"].items() for method in item}
        declared = declared_api_routes()
        assert {("post", "/api/v1/uploads"), ("get", "/api/v1/documents")} <= declared
        assert declared <= documented, declared - documented
        assert all(path.startswith("/api/v1/") for _, path in documented)  # the pages stay out of the schema
        docs = client.get("/api/v1/docs")
        assert docs.status_code == 200 and "/api/v1/openapi.json" in docs.text


def cli(*args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "budgetlens", *args], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=ROOT)  # fmt: skip


@pytest.mark.slow
def test_token_commands_and_serving_beyond_loopback(tmp_path: Path) -> None:
    db = str(tmp_path / "desk.duckdb")
    refused = cli("serve", "--host", "0.0.0.0", "--db", db)
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1, refused.stderr
    assert "budgetlens token create" in refused.stderr and "Traceback" not in refused.stderr

    made = cli("token", "create", "--role", "reviewer", "--name", "审核员甲", "--db", db)
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"blt_[\w-]{40,}", token)
    assert cli("token", "create", "--role", "viewer", "--db", db).returncode == 0
    listed = cli("token", "list", "--db", db)
    assert listed.returncode == 0
    holders = [line.split("\t")[:2] for line in listed.stdout.splitlines()]
    assert holders == [["审核员甲", "reviewer"], ["viewer", "viewer"]]
    assert token not in listed.stdout  # only the hash is stored

    revoked = cli("token", "revoke", "viewer", "--db", db, "--lang", "en")
    assert revoked.returncode == 0 and revoked.stdout == "1 token(s) revoked\n"
    again = cli("token", "revoke", "viewer", "--db", db)
    assert again.returncode == 2 and again.stderr.count("\n") == 1
    assert "已撤销" in cli("token", "list", "--db", db).stdout
    wrong_role = cli("token", "create", "--role", "admin", "--db", db)
    assert wrong_role.returncode == 2 and "Traceback" not in wrong_role.stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.slow
def test_the_readmes_one_command_serves_the_example_pdf(tmp_path: Path) -> None:
    """``budgetlens serve examples/….pdf`` as the README writes it (on a free port and a throwaway store)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [line] = [ln for ln in readme.splitlines() if ln.startswith("budgetlens serve examples/")]
    port = free_port()
    args = [*shlex.split(line)[1:], "--port", str(port), "--db", str(tmp_path / "desk.duckdb")]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    server = subprocess.Popen([sys.executable, "-m", "budgetlens", *args], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        found: list[dict[str, Any]] = []
        while not found:
            assert server.poll() is None and time.monotonic() < deadline, server.stderr.read() if server.stderr else ""
            with contextlib.suppress(httpx.TransportError):
                found = httpx.get(f"http://127.0.0.1:{port}/api/v1/documents", timeout=5).json()["documents"]
            time.sleep(0.3)
        [document] = found
        assert document["format"] == "pdf" and document["errors"] > 0 and document["fiscal_year"] == 2026
        assert document["issuer"] in httpx.get(f"http://127.0.0.1:{port}/documents", timeout=5).text
    finally:
        server.terminate()
        server.wait(timeout=30)
