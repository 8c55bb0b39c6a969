"""The review desk's core: uploads become jobs read in isolated workers, documents are listed, errors have one shape."""

from __future__ import annotations

from pathlib import Path

from tests.desk import EXAMPLE, desk, upload


def test_an_upload_is_stored_and_a_non_disclosure_is_refused_with_422(tmp_path: Path) -> None:
    with desk(tmp_path) as client:
        good, junk = upload(client, ("sample.txt", EXAMPLE.read_bytes()), ("notes.txt", "会议纪要\n".encode()))
        assert good["status"] == "done" and len(good["document"]) == 64
        assert junk["status"] == "failed" and junk["http_status"] == 422
        assert junk["error"]["code"] == "not_a_disclosure" and "notes.txt" in junk["error"]["message"]
        listed = client.get("/api/v1/documents").json()
        assert listed["total"] == 1
        doc = listed["documents"][0]
        assert doc["issuer"] == "示例市文化和旅游局" and doc["status"] == "pending" and doc["errors"] > 0
        assert client.get(f"/api/v1/documents/{good['document'][:12]}").json()["sha256"] == good["document"]
        again = upload(client, ("copy.txt", EXAMPLE.read_bytes()))[0]
        assert again["status"] == "done" and again["already_stored"] is True


def test_errors_have_one_shape(tmp_path: Path) -> None:
    with desk(tmp_path, max_upload_mb=1, max_request_mb=2) as client:
        missing = client.get("/api/v1/documents/0123456789abcdef")
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
        bad = client.get("/api/v1/documents/not-a-sha")
        assert bad.status_code == 400 and set(bad.json()["error"]) == {"code", "message"}
        big = client.post("/api/v1/uploads", files=[("files", ("big.txt", b"x" * (1024 * 1024 + 1)))])
        assert big.status_code == 413 and big.json()["error"]["code"] == "too_large"
        huge = client.post("/api/v1/uploads", files=[("files", ("huge.txt", b"x" * (3 * 1024 * 1024)))])
        assert huge.status_code == 413 and "2 MB" in huge.json()["error"]["message"]
        nothing = client.post("/api/v1/uploads", data={"x": "1"})
        assert nothing.status_code == 400 and nothing.json()["error"]["code"] == "bad_request"
        sorted_badly = client.get("/api/v1/documents?sort=sha256;drop")
        assert sorted_badly.status_code == 400


def test_another_site_cannot_act_through_the_browser(tmp_path: Path) -> None:
    with desk(tmp_path) as client:
        files = [("files", ("sample.txt", EXAMPLE.read_bytes()))]
        forged = client.post("/api/v1/uploads", files=files, headers={"Origin": "http://evil.example"})
        assert forged.status_code == 403 and forged.json()["error"]["code"] == "forbidden"
        opaque = client.post("/api/v1/uploads", files=files, headers={"Origin": "null"})
        assert opaque.status_code == 403
        rebound = client.get("/api/v1/documents", headers={"Host": "evil.example:8000"})
        assert rebound.status_code == 421 and rebound.json()["error"]["code"] == "misdirected"
        own = client.get("/api/v1/documents", headers={"Host": "localhost:8000"})
        assert own.status_code == 200 and own.headers["x-frame-options"] == "DENY"
        same = client.post("/api/v1/uploads", files=files, headers={"Origin": "http://127.0.0.1"})
        assert same.status_code == 202


def test_a_browser_gets_refusals_as_a_page_and_the_api_as_json(tmp_path: Path) -> None:
    page = {"Accept": "text/html,application/xhtml+xml"}
    with desk(tmp_path) as client:
        missing = client.get("/documents/0123456789abcdef", headers=page)
        assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
        assert "未找到" in missing.text and "<h1>" in missing.text
        nowhere = client.get("/no/such/page", headers=page)
        assert nowhere.status_code == 404 and "没有这个地址" in nowhere.text
        api = client.get("/api/v1/documents/0123456789abcdef", headers=page)
        assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"
        english = client.get("/api/v1/nothing?lang=en")
        assert english.status_code == 404 and english.json()["error"]["message"] == "no such address: /api/v1/nothing"
