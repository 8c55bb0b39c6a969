"""The review desk's review slice: a document's findings grouped by cause with the reviewers' decisions, decisions
and the review status written back by reviewers only, the waiver file the CLI reads (round trip through
``budgetlens check --waivers``), the uploaded file with its lines and pages, the CLI's reports made again from it,
the review page. Every route: success, 404, 400, 401/403 and the error shape."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from budgetlens.check.waivers import load_waivers
from budgetlens.pipeline import run
from budgetlens.serve.auth import create_token
from budgetlens.store import connect
from budgetlens.store.records import document_records
from tests.desk import EXAMPLE, desk, upload  # first: it skips the module without the web extra

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[1]


class Desk:
    def __init__(self, client: TestClient, sha: str, cli_sha: str, reviewer: str, viewer: str) -> None:
        self.client = client
        self.sha = sha  # uploaded: its file is stored
        self.cli_sha = cli_sha  # written as ingest writes it: no file
        self.reviewer = {"Authorization": f"Bearer {reviewer}"}
        self.viewer = {"Authorization": f"Bearer {viewer}"}

    def get(self, url: str, who: str = "viewer", **kw: Any) -> Any:
        return self.client.get(url, headers=self.viewer if who == "viewer" else self.reviewer, **kw)

    def findings(self, **params: str) -> list[dict[str, Any]]:
        body = self.get(f"/api/v1/documents/{self.sha}/findings", params=params).json()
        return [f for g in body["groups"] for f in g["findings"]]


@pytest.fixture(scope="module")
def review_desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    folder = tmp_path_factory.mktemp("review")
    store = connect(str(folder / "desk.duckdb"))
    try:
        reviewer = create_token(store, "reviewer", "王审核")
        viewer = create_token(store, "viewer", "李查阅")
        other = folder / "ingested.txt"
        other.write_text(EXAMPLE.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        records = document_records(run(other).checked())
        store.write_document(records)
        cli_sha = records.sha256
    finally:
        store.close()
    with desk(folder) as client:
        token = {"Authorization": f"Bearer {reviewer}"}
        [job] = upload(client, (EXAMPLE.name, EXAMPLE.read_bytes()), **token)
        assert job["status"] == "done", job
        yield Desk(client, job["document"], cli_sha, reviewer, viewer)


def error(response: Any, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) >= {"error"} and body["error"]["code"] == code and body["error"]["message"]
    return str(body["error"]["message"])


def test_findings_come_errors_first_grouped_by_cause(review_desk: Desk) -> None:
    d = review_desk
    body = d.get(f"/api/v1/documents/{d.sha[:10]}/findings").json()
    assert body["document"] == d.sha and body["total"] >= 10
    groups = body["groups"]
    ranks = [{"error": 0, "warning": 1, "info": 2}[g["findings"][0]["severity"]] for g in groups]
    assert ranks == sorted(ranks), "errors first"
    first = groups[0]
    assert first["kind"] == "cause" and first["cause_line"] == 163
    head, *folded = first["findings"]
    assert head["code"] == "BL201" and head["location"]["line"] == 163 and {f["code"] for f in folded} >= {"BL202"}
    assert all(f["cause_line"] == 163 for f in folded)
    stored = d.get(f"/api/v1/documents/{d.sha}").json()
    everything = [f for g in groups for f in g["findings"]]
    assert len(everything) == len({f["index"] for f in everything}), "each finding once"
    assert sum(f["severity"] == "error" for f in everything) == stored["errors"]
    fields = {"index", "code", "severity", "message", "location", "expected", "actual", "reference", "cause_line",
              "waived_at_ingest", "decision"}  # fmt: skip
    assert fields <= set(head) and set(head["location"]) == {"line", "page", "bbox", "table_id", "row_index",
                                                             "column_key"}  # fmt: skip
    assert head["location"]["bbox"] is None and head["location"]["table_id"] == "t03"
    english = d.get(f"/api/v1/documents/{d.sha}/findings?lang=en").json()["groups"][0]["findings"][0]["message"]
    assert english != head["message"] and english.startswith("Table ")


def test_findings_filter_and_refusals(review_desk: Desk) -> None:
    d = review_desk
    errors = d.findings(severity="error")
    assert len(errors) == d.get(f"/api/v1/documents/{d.sha}").json()["errors"] == 14  # the example has only errors
    assert d.findings(severity="warning") == []
    error(d.get(f"/api/v1/documents/{d.sha}/findings?severity=fatal"), 400, "bad_request")
    error(d.get("/api/v1/documents/00000000/findings"), 404, "not_found")
    error(d.get("/api/v1/documents/xyz/findings"), 400, "bad_request")
    error(d.client.get(f"/api/v1/documents/{d.sha}/findings"), 401, "unauthorized")


def test_decisions_are_the_reviewers_and_can_be_undone(review_desk: Desk) -> None:
    d = review_desk
    target = next(f for f in d.findings() if f["code"] == "BL305")
    url = f"/api/v1/documents/{d.sha}/findings/{target['index']}/decision"
    put = d.client.put
    error(put(url, json={"decision": "accepted"}, headers=d.viewer), 403, "forbidden")
    error(put(url, json={"decision": "accepted"}), 401, "unauthorized")
    assert "理由" in error(put(url, json={"decision": "waived"}, headers=d.reviewer), 400, "bad_request")
    assert "reason" in error(put(url + "?lang=en", json={"decision": "waived", "reason": "  "}, headers=d.reviewer),
                             400, "bad_request")  # fmt: skip
    error(put(url, json={"decision": "maybe"}, headers=d.reviewer), 400, "bad_request")
    error(put(url, content=b"{", headers={**d.reviewer, "Content-Type": "application/json"}), 400, "bad_request")
    error(put(f"/api/v1/documents/{d.sha}/findings/9999/decision", json={"decision": "accepted"},
              headers=d.reviewer), 404, "not_found")  # fmt: skip
    error(put("/api/v1/documents/00000000/findings/1/decision", json={"decision": "accepted"}, headers=d.reviewer),
          404, "not_found")  # fmt: skip
    answer = put(url, json={"decision": "accepted", "reason": "确有其事"}, headers=d.reviewer)
    assert answer.status_code == 200, answer.text
    decided = answer.json()
    assert decided["decided_by"] == "王审核" and decided["decision"] == "accepted" and decided["decided_at"]
    [shown] = [f for f in d.findings() if f["index"] == target["index"]]
    assert shown["decision"] == {k: decided[k] for k in ("decision", "reason", "decided_by", "decided_at")}
    assert d.get(f"/api/v1/documents/{d.sha}").json()["decided"] == 1
    error(d.client.delete(url, headers=d.viewer), 403, "forbidden")
    assert d.client.delete(url, headers=d.reviewer).status_code == 204
    [shown] = [f for f in d.findings() if f["index"] == target["index"]]
    assert shown["decision"] is None
    error(d.client.delete(url, headers=d.reviewer), 404, "not_found")


def test_review_status_is_set_by_reviewers(review_desk: Desk) -> None:
    d = review_desk
    url = f"/api/v1/documents/{d.sha}/review"
    error(d.client.put(url, json={"status": "reviewed"}, headers=d.viewer), 403, "forbidden")
    error(d.client.put(url, json={"status": "done"}, headers=d.reviewer), 400, "bad_request")
    error(d.client.put("/api/v1/documents/00000000/review", json={"status": "reviewed"}, headers=d.reviewer), 404,
          "not_found")  # fmt: skip
    done = d.client.put(url, json={"status": "reviewed"}, headers=d.reviewer)
    assert done.status_code == 200 and done.json()["reviewed_by"] == "王审核"
    stored = d.get(f"/api/v1/documents/{d.sha}").json()
    assert stored["status"] == "reviewed" and stored["reviewed_by"] == "王审核" and stored["reviewed_at"]
    assert d.client.put(url, json={"status": "pending"}, headers=d.reviewer).json()["reviewed_by"] is None
    assert d.get(f"/api/v1/documents/{d.sha}").json()["status"] == "pending"


@pytest.mark.slow
def test_exported_waivers_waive_exactly_the_waived_findings_in_the_cli(review_desk: Desk, tmp_path: Path) -> None:
    d = review_desk
    found = d.findings()
    chosen = [found[0], next(f for f in found if f["code"] == "BL305")]
    for f in chosen:
        url = f"/api/v1/documents/{d.sha}/findings/{f['index']}/decision"
        reason = f"已核实 {f['code']}"
        assert d.client.put(url, json={"decision": "waived", "reason": reason}, headers=d.reviewer).is_success
    try:
        export = d.get(f"/api/v1/waivers?document={d.sha[:12]}")
        assert export.status_code == 200 and export.headers["content-type"].startswith("application/yaml")
        assert f'filename="waivers-{d.sha[:12]}.yaml"' in export.headers["content-disposition"]
        path = tmp_path / "waivers.yaml"
        path.write_bytes(export.content)
        waivers = load_waivers(path)
        assert {(w.code, w.line, w.table) for w in waivers} == {
            (f["code"], f["location"]["line"], f["location"]["table_id"]) for f in chosen
        }
        assert all(w.document and d.sha.startswith(w.document) for w in waivers)
        assert {w.reason for w in waivers} == {f"已核实 {f['code']}" for f in chosen}
        checked = run(EXAMPLE, waivers=waivers).checked()
        waived = sorted((f.code, f.location.line, f.location.table) for f, _ in checked.waived)
        expected = sorted((f["code"], f["location"]["line"], f["location"]["table_id"]) for f in chosen)
        assert waived == expected, "exactly the waived findings"
        cli = subprocess.run(
            [sys.executable, "-m", "budgetlens", "check", str(EXAMPLE), "--waivers", str(path), "--format", "json"],
            capture_output=True, text=True, timeout=120, cwd=ROOT,
        )  # fmt: skip
        left = sorted((f["code"], f["location"]["line"]) for f in json.loads(cli.stdout)["findings"])
        everything = [(f["code"], f["location"]["line"]) for f in found]
        for f in chosen:
            everything.remove((f["code"], f["location"]["line"]))
        assert left == sorted(everything), "the CLI waives exactly the waived findings"
        # all documents, and a reviewer's report made again applies the same waivers
        assert d.sha[:16] in d.get("/api/v1/waivers").text
        report = d.get(f"/api/v1/documents/{d.sha}/findings.json")
        assert report.status_code == 200 and len(report.json()["findings"]) == len(found) - len(chosen)
    finally:
        for f in chosen:
            d.client.delete(f"/api/v1/documents/{d.sha}/findings/{f['index']}/decision", headers=d.reviewer)
    assert d.get(f"/api/v1/waivers?document={d.sha}").text.rstrip().endswith("waivers: []")
    twins = [f for f in found if (f["code"], f["location"]["line"]) == ("BL202", 252)]
    assert len(twins) == 2  # one waiver names them both: the file says so
    url = f"/api/v1/documents/{d.sha}/findings/{twins[0]['index']}/decision"
    d.client.put(url, json={"decision": "waived", "reason": "同一行"}, headers=d.reviewer)
    assert f"(also matches #{twins[1]['index']})" in d.get(f"/api/v1/waivers?document={d.sha}").text
    d.client.delete(url, headers=d.reviewer)
    error(d.get("/api/v1/waivers?document=00000000"), 404, "not_found")
    error(d.client.get("/api/v1/waivers"), 401, "unauthorized")


def test_source_lines_and_pages(review_desk: Desk) -> None:
    d = review_desk
    source = d.get(f"/api/v1/documents/{d.sha}/source")
    assert source.status_code == 200 and source.content == EXAMPLE.read_bytes()
    assert "sample-department-budget-2026.txt" in source.headers["content-disposition"]
    lines = d.get(f"/api/v1/documents/{d.sha}/lines?start=160&end=164").json()
    assert [line["no"] for line in lines["lines"]] == [160, 161, 162, 163, 164]
    assert "图书馆" in lines["lines"][3]["text"] and "473.15" in lines["lines"][3]["cells"]
    error(d.get(f"/api/v1/documents/{d.sha}/lines?start=10&end=5"), 400, "bad_request")
    error(d.get(f"/api/v1/documents/{d.sha}/lines?start=0"), 400, "bad_request")
    assert d.get(f"/api/v1/documents/{d.sha}/pages").json()["kind"] == "text"
    error(d.get(f"/api/v1/documents/{d.sha}/pages/1.png"), 404, "not_found")
    for path in ("source", "lines", "pages", "pages/1.png", "report.html", "findings.json", "findings.sarif"):
        assert "ingest" in error(d.get(f"/api/v1/documents/{d.cli_sha}/{path}"), 404, "no_source")
        error(d.get(f"/api/v1/documents/00000000/{path}"), 404, "not_found")
        error(d.client.get(f"/api/v1/documents/{d.sha}/{path}"), 401, "unauthorized")


@pytest.mark.slow
def test_reports_are_the_clis_made_again(review_desk: Desk) -> None:
    d = review_desk
    sarif = d.get(f"/api/v1/documents/{d.sha}/findings.sarif?download=true")
    assert sarif.status_code == 200 and sarif.headers["content-type"] == "application/sarif+json"
    assert "attachment" in sarif.headers["content-disposition"] and sarif.json()["version"] == "2.1.0"
    assert len(sarif.json()["runs"][0]["results"]) == len(d.findings())
    html = d.get(f"/api/v1/documents/{d.sha}/report.html?lang=en")
    assert html.status_code == 200 and html.text.startswith("<!DOCTYPE html>") and "knock-on" in html.text


def test_review_page(review_desk: Desk) -> None:
    d = review_desk
    page = d.get(f"/documents/{d.sha[:12]}", who="reviewer")
    assert page.status_code == 200
    text = page.text
    assert text.count('<article class="finding') == len(d.findings())
    assert 'class="decide"' in text and "/static/review.js" in text and "待审" in text and "标记为已审" in text
    first = text[text.index('<article class="finding') :]
    first = first[: first.index("</article>")]
    assert "BL201" in first and '<tr class="focus"><th class="ln">163</th>' in first
    for link in ("report.html", "findings.json", "findings.sarif", f"waivers?document={d.sha}"):
        assert link in text
    viewer = d.get(f"/documents/{d.sha}").text
    assert 'class="decide"' not in viewer and "标记为已审" not in viewer and "review.js" not in viewer
    english = d.get(f"/documents/{d.sha}?lang=en", who="reviewer").text
    assert "Mark reviewed" in english and "knock-on" in english
    login = d.client.get(f"/documents/{d.sha}", follow_redirects=False)
    assert login.status_code == 303 and login.headers["location"].startswith("/login")
    error(d.get("/documents/00000000"), 404, "not_found")
    ingested = d.get(f"/documents/{d.cli_sha}?lang=zh").text
    assert "未保存原件" in ingested and "/source" not in ingested
