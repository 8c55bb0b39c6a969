"""The review desk on PostgreSQL: the same uploads, decisions and tokens as on the DuckDB file."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from budgetlens.serve.app import create_app
from budgetlens.serve.settings import Settings
from budgetlens.store import connect
from budgetlens.store.readquery import READER_ROLE
from tests.desk import EXAMPLE, upload

pytestmark = pytest.mark.slow


def test_the_desk_stores_uploads_decisions_and_tokens_in_postgres(postgres_database: str) -> None:
    app = create_app(Settings(db=postgres_database))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        [job] = upload(client, ("sample.txt", EXAMPLE.read_bytes()))
        assert job["status"] == "done"
        sha = job["document"]
        source = client.get(f"/api/v1/documents/{sha}/source")
        assert source.status_code == 200 and source.content == EXAMPLE.read_bytes()
        groups = client.get(f"/api/v1/documents/{sha}/findings").json()["groups"]
        first = groups[0]["findings"][0]
        decided = client.put(
            f"/api/v1/documents/{sha}/findings/{first['index']}/decision",
            json={"decision": "waived", "reason": "印刷错误，已核实"},
        )
        assert decided.status_code == 200, decided.text
        assert "印刷错误，已核实" in client.get(f"/api/v1/waivers?document={sha}").text
        assert client.put(f"/api/v1/documents/{sha}/review", json={"status": "reviewed"}).status_code == 200
        listed = client.get("/api/v1/documents").json()["documents"]
        assert [d["status"] for d in listed] == ["reviewed"]
    with connect(postgres_database) as store:  # the reader role of `query` may not read the files or the tokens
        for private in ("sources", "tokens"):
            granted = store.backend.fetch("SELECT has_table_privilege(?, ?, 'SELECT')", (READER_ROLE, private))
            assert granted[0][0] is False
        assert store.backend.fetch("SELECT has_table_privilege(?, 'decisions', 'SELECT')", (READER_ROLE,))[0][0]
