"""The desk's browse slice: a document's tables as printed (JSON, CSV, XLSX), the facts (JSON, CSV, Parquet),
compare on stored documents, the rule catalogue; their pages; who may read them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from budgetlens.check.registry import all_rules
from budgetlens.pipeline import load
from budgetlens.report.exports import FACT_FIELDS as FILE_FIELDS
from budgetlens.report.facts import document_facts
from budgetlens.serve.auth import create_token
from budgetlens.store.records import FACT_FIELDS
from tests.desk import EXAMPLE, desk, upload


def older_example(folder: Path) -> Path:
    """The example a year earlier with a different 207 class total: a second disclosure of the same department."""
    text = EXAMPLE.read_text(encoding="utf-8").replace("2026", "2025").replace("1575.93", "1500.00")
    path = folder / "older-department-budget-2025.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def stocked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str, str]]:
    """A desk holding the example (2026) and its older variant (2025): (client, sha 2026, sha 2025)."""
    folder = tmp_path_factory.mktemp("browse")
    older = older_example(folder)
    with desk(folder) as client:
        new, old = upload(client, (EXAMPLE.name, EXAMPLE.read_bytes()), (older.name, older.read_bytes()))
        assert new["status"] == old["status"] == "done"
        yield client, new["document"], old["document"]


def error_of(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"} and body["error"]["message"]
    return str(body["error"]["code"])


# -- tables ----------------------------------------------------------------------------------------------------


def test_tables_are_listed_with_their_counts(stocked: tuple[TestClient, str, str]) -> None:
    client, sha, _ = stocked
    listed = client.get(f"/api/v1/documents/{sha[:10]}/tables").json()
    assert listed["document"] == sha
    ids = [t["id"] for t in listed["tables"]]
    assert ids[0] == "t01" and ids.index("t13") < ids.index("p01")  # printed tables before the targets
    t05 = next(t for t in listed["tables"] if t["id"] == "t05")
    assert t05["kind"] == "budget.general_expenditure" and t05["unit"] == "万元" and t05["line"] == 228
    assert t05["rows"] > 10 and t05["amounts"] > 30 and t05["findings"] >= 6
    assert error_of(client.get("/api/v1/documents/0123456789abcdef/tables"), 404) == "not_found"
    assert error_of(client.get("/api/v1/documents/not-a-sha/tables"), 400) == "bad_request"


def test_a_table_comes_back_as_printed_with_its_findings(stocked: tuple[TestClient, str, str]) -> None:
    client, sha, _ = stocked
    table = client.get(f"/api/v1/documents/{sha[:10]}/tables/t05").json()
    assert table["title"].startswith("2026年一般公共预算支出预算表")
    top, bottom = table["header"]  # 2026年预算数 over 合计 / 基本支出 / 项目支出; the labels span both rows
    assert [(c["text"], c["rowspan"]) for c in top[:2]] == [("科目编码", 2), ("科目名称", 2)]
    assert (top[2]["text"], top[2]["colspan"], top[2]["rowspan"]) == ("2026年预算数", 3, 1)
    assert [c["text"] for c in bottom] == ["合计", "基本支出", "项目支出"]
    assert [c["key"] for c in table["columns"]] == ["total", "basic", "project"]
    total = table["rows"][0]
    assert total["role"] == "total" and total["name"] == "合计"
    assert total["cells"]["total"] == {
        "printed": "2161.43", "value": "2161.43", "status": "printed", "constraint": None,
        "findings": total["cells"]["total"]["findings"],
    }  # fmt: skip
    marked = {(f["row_index"], f["column_key"]) for f in table["findings"] if f["row_index"] is not None}
    for row in table["rows"]:
        for key, cell in row["cells"].items():
            assert bool(cell["findings"]) == ((row["index"], key) in marked)
    assert {f["code"] for f in table["findings"] if f["index"] in total["cells"]["total"]["findings"]} >= {"BL304"}
    coded = next(r for r in table["rows"] if r["code"] == "2070101")
    assert coded["level"] == 3 and coded["path"][-1].endswith("文化和旅游")
    english = client.get(f"/api/v1/documents/{sha[:10]}/tables/t05?lang=en").json()
    assert (
        english["labels"] == ["code", "name"] and english["findings"][0]["message"] != table["findings"][0]["message"]
    )
    assert error_of(client.get(f"/api/v1/documents/{sha[:10]}/tables/t99"), 404) == "not_found"
    assert error_of(client.get(f"/api/v1/documents/{sha[:10]}/tables/t05?format=pdf"), 400) == "bad_request"


def test_a_table_downloads_as_csv_and_xlsx(stocked: tuple[TestClient, str, str]) -> None:
    client, sha, _ = stocked
    table = client.get(f"/api/v1/documents/{sha}/tables/t05").json()
    response = client.get(f"/api/v1/documents/{sha}/tables/t05?format=csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "科目编码",
        "科目名称",
        "2026年预算数 / 合计",
        "2026年预算数 / 基本支出",
        "2026年预算数 / 项目支出",
    ]
    assert len(rows) == 1 + len(table["rows"])
    assert rows[1][:3] == ["", "合计", "2161.43"]
    assert any(r[0] == "2070101" for r in rows)

    from openpyxl import load_workbook

    response = client.get(f"/api/v1/documents/{sha}/tables/t05?format=xlsx")
    assert response.status_code == 200 and "spreadsheetml" in response.headers["content-type"]
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws is not None and ws["A1"].value == table["title"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A3:A4", "B3:B4", "C3:E3"} <= merged  # labels down, 2026年预算数 across its three columns
    assert [ws.cell(row=4, column=c).value for c in (3, 4, 5)] == ["合计", "基本支出", "项目支出"]
    assert ws["B5"].value == "合计" and ws["C5"].value == 2161.43 and ws["C5"].number_format == "#,##0.00"
    codes = [ws.cell(row=r, column=1) for r in range(5, ws.max_row + 1) if ws.cell(row=r, column=1).value]
    assert codes and all(isinstance(c.value, str) and c.number_format == "@" for c in codes)
    assert ws.freeze_panes == "C5"


# -- facts -----------------------------------------------------------------------------------------------------


def test_facts_are_the_facts_export(stocked: tuple[TestClient, str, str]) -> None:
    client, sha, _ = stocked
    body = client.get(f"/api/v1/facts?document={sha[:12]}&limit=10000").json()
    expected = list(document_facts(load(EXAMPLE)))
    assert body["total"] == len(expected) == len(body["facts"]) and body["offset"] == 0
    assert all(tuple(f) == FACT_FIELDS for f in body["facts"][:5])
    assert body["facts"] == expected  # the same objects `extract --format facts` writes, values as strings
    every = client.get("/api/v1/facts?limit=1").json()
    assert every["total"] == 2 * len(expected)


def test_facts_filter_and_page(stocked: tuple[TestClient, str, str]) -> None:
    client, sha, old = stocked
    coded = client.get(f"/api/v1/facts?document={sha[:8]}&table=budget.expenditure&column=total&row_code=207").json()
    assert coded["total"] > 3
    assert all(f["row_code"].startswith("207") and f["table"] == "budget.expenditure" for f in coded["facts"])
    assert all(f["column"] == "total" and f["document"] == sha for f in coded["facts"])
    first, second = (client.get(f"/api/v1/facts?document={old[:8]}&limit=7&offset={o}").json() for o in (0, 7))
    assert len(first["facts"]) == len(second["facts"]) == 7 and first["facts"][6] != second["facts"][0]
    assert first["total"] == second["total"]
    whole = client.get(f"/api/v1/facts?document={old[:8]}&limit=14").json()["facts"]
    assert whole == first["facts"] + second["facts"]
    printed = client.get("/api/v1/facts?status=printed&limit=1").json()["total"]
    assert 0 < printed <= client.get("/api/v1/facts?limit=1").json()["total"]
    assert client.get("/api/v1/facts?row_code=%25").json()["total"] == 0  # a prefix, not a pattern
    assert error_of(client.get("/api/v1/facts?limit=10001"), 400) == "bad_request"
    assert error_of(client.get("/api/v1/facts?status=guessed"), 400) == "bad_request"
    assert error_of(client.get("/api/v1/facts?document=xyz"), 400) == "bad_request"


def test_facts_download_as_csv_and_parquet(stocked: tuple[TestClient, str, str]) -> None:
    client, sha, _ = stocked
    query = f"/api/v1/facts?document={sha[:8]}&table=budget.general_expenditure&limit=50"
    facts = client.get(query).json()["facts"]
    response = client.get(query + "&format=csv")
    assert response.status_code == 200 and int(response.headers["x-total-count"]) >= len(facts)
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == FILE_FIELDS and len(rows) == len(facts)
    assert [r["value"] for r in rows] == [f["value"] or "" for f in facts]
    assert rows[3]["row_path"] == " / ".join(facts[3]["row_path"])

    import pyarrow as pa
    import pyarrow.parquet as pq

    response = client.get(query + "&format=parquet")
    assert response.status_code == 200
    table = pq.read_table(io.BytesIO(response.content))
    assert table.schema.field("value").type == pa.decimal128(38, 6) == table.schema.field("yuan").type
    assert table.column_names == list(FILE_FIELDS) and table.num_rows == len(facts)
    values = table.column("value").to_pylist()
    assert values == [None if f["value"] is None else Decimal(f["value"]) for f in facts]
    assert table.column("yuan").to_pylist()[0] == Decimal(facts[0]["yuan"])


# -- compare ---------------------------------------------------------------------------------------------------


def test_compare_lines_up_stored_documents(stocked: tuple[TestClient, str, str]) -> None:
    client, new, old = stocked
    body = client.get(f"/api/v1/compare?documents={new[:8]},{old[:8]}&charts=true").json()
    assert [c["label"] for c in body["columns"]] == ["2025年预算", "2026年预算"]  # by year, whatever the order given
    assert [c["document"] for c in body["columns"]] == [old, new]
    assert body["by"] == "function" and body["level"] == "类" and body["unit"] == "万元"
    culture = next(r for r in body["rows"] if r["code"] == "207")
    assert culture["values"] == {"2025年预算": "1500.00", "2026年预算": "1575.93"}
    assert culture["changes"] == [{"from": "2025年预算", "to": "2026年预算", "change": "75.93", "percent": "5.06"}]
    assert body["rows"][0]["code"] is None and body["rows"][0]["name"] == "合计"
    bars = body["charts"]["bars"]
    assert [s["name"] for s in bars["series"]] == ["2025年预算", "2026年预算"]
    assert bars["yAxis"]["data"][0] == "207 文化旅游体育与传媒支出" and bars["series"][0]["data"][0] == 1500.0
    trend = body["charts"]["trend"]  # one department: a line per class over the years
    assert trend["xAxis"]["data"] == ["2025年预算", "2026年预算"] and trend["series"][0]["data"] == [1500.0, 1575.93]
    items = client.get(f"/api/v1/compare?documents={new},{old}&level=项&by=function&lang=en").json()
    assert items["columns"][0]["label"] == "2025 budget" and all(len(r["code"]) == 7 for r in items["rows"][1:])
    assert "charts" not in items
    economic = client.get(f"/api/v1/compare?documents={new},{old}&by=economic&level=款").json()
    assert economic["columns"][0]["table"] == "budget.general_basic_economic"
    assert all(r["code"].startswith("3") for r in economic["rows"][1:])


def test_compare_refuses_what_it_cannot_compare(stocked: tuple[TestClient, str, str]) -> None:
    client, new, old = stocked
    assert error_of(client.get(f"/api/v1/compare?documents={new[:8]}"), 400) == "bad_request"
    assert error_of(client.get(f"/api/v1/compare?documents={new[:8]},{new[:10]}"), 400) == "bad_request"
    assert error_of(client.get(f"/api/v1/compare?documents={new[:8]},0123456789abcdef"), 404) == "not_found"
    assert error_of(client.get("/api/v1/compare"), 400) == "bad_request"
    assert error_of(client.get(f"/api/v1/compare?documents={new},{old}&level=目"), 400) == "bad_request"
    assert error_of(client.get(f"/api/v1/compare?documents={new},{old}&by=economic&level=项"), 400) == "bad_request"
    message = client.get(f"/api/v1/compare?documents={new[:8]}&lang=en").json()["error"]["message"]
    assert message == "a comparison needs two or more documents"


# -- rules -----------------------------------------------------------------------------------------------------


def test_rules_catalogue_and_pages(stocked: tuple[TestClient, str, str]) -> None:
    client, _, _ = stocked
    rules = client.get("/api/v1/rules").json()["rules"]
    assert [r["code"] for r in rules] == [r.code for r in all_rules()]
    bl201 = next(r for r in rules if r["code"] == "BL201")
    assert bl201["slug"] == "arithmetic.row-total" and bl201["group"] == "arithmetic" and bl201["severity"] == "error"
    assert bl201["summary"] == "行内合计列等于其所合计各列之和" and bl201["group_name"] == "算术"
    english = next(r for r in client.get("/api/v1/rules?lang=en").json()["rules"] if r["code"] == "BL201")
    assert english["summary"] == "A row's total column equals the sum of the columns it totals."
    page = client.get("/api/v1/rules/bl201?lang=en").json()
    assert page["markdown"] == (Path(__file__).parents[1] / "docs/rules/BL201.md").read_text("utf-8").split("\n", 1)[1]
    assert page["html"].startswith("<h1>BL201 arithmetic.row-total</h1>") and "<h2>What it checks</h2>" in page["html"]
    zh = client.get("/api/v1/rules/BL201").json()
    assert zh["html"].startswith("<h1>BL201 行内合计列等于其所合计各列之和</h1>")
    assert error_of(client.get("/api/v1/rules/BL999"), 404) == "not_found"


# -- pages -----------------------------------------------------------------------------------------------------


def test_the_tables_page_marks_cells_with_findings(stocked: tuple[TestClient, str, str]) -> None:
    client, sha, _ = stocked
    page = client.get(f"/documents/{sha[:12]}/tables")
    assert page.status_code == 200 and 'id="table-t05"' in page.text
    assert '<th colspan="3">2026年预算数</th>' in page.text and '<th rowspan="2">科目编码</th>' in page.text
    assert f'href="/documents/{sha}#finding-4"' in page.text
    assert 'class="num has-finding error status-printed" data-column="total"' in page.text
    assert 'title="BL304 表“2026年一般公共预算支出预算表' in page.text
    assert f"/api/v1/documents/{sha}/tables/t05?format=xlsx" in page.text
    assert "Tables" in client.get(f"/documents/{sha[:12]}/tables?lang=en").text
    client.cookies.clear()  # ?lang= is remembered in a cookie
    assert client.get("/documents/0123456789abcdef/tables").status_code == 404


def test_the_compare_and_rules_pages(stocked: tuple[TestClient, str, str]) -> None:
    client, new, old = stocked
    page = client.get(f"/compare?documents={new[:8]},{old[:8]}").text
    assert page.count('type="checkbox" name="documents"') == 2 and page.count("checked>") == 2
    assert '<script src="/static/echarts.min.js"></script>' in page and "/static/compare.js" in page
    assert 'data-department="示例市文化和旅游局"' in page
    assert client.get("/static/compare.js").status_code == 200
    rules = client.get("/rules?lang=zh").text
    assert rules.count('<section class="family"') == 8 and rules.index(">解析<") < rules.index(">算术<")
    assert '<a href="/rules/BL201">BL201</a>' in rules
    rule = client.get("/rules/BL201?lang=en").text
    assert "<h2>What it checks</h2>" in rule and 'class="on"' in rule
    assert client.get("/rules/BL999").status_code == 404


# -- access ----------------------------------------------------------------------------------------------------


def test_a_viewer_reads_and_no_token_is_refused(tmp_path: Path) -> None:
    with desk(tmp_path) as client:
        [job] = upload(client, (EXAMPLE.name, EXAMPLE.read_bytes()))
        sha = job["document"]
        with client.app.state.service.store.use() as store:  # type: ignore[attr-defined]
            token = create_token(store, "viewer", "查阅者甲")
        routes = [
            f"/api/v1/documents/{sha}/tables", f"/api/v1/documents/{sha}/tables/t02",
            f"/api/v1/documents/{sha}/tables/t02?format=xlsx", f"/api/v1/facts?document={sha[:8]}",
            "/api/v1/facts?format=parquet", "/api/v1/rules", "/api/v1/rules/BL201",
        ]  # fmt: skip
        for route in routes:
            assert error_of(client.get(route), 401) == "unauthorized"
            assert client.get(route, headers={"Authorization": f"Bearer {token}"}).status_code == 200, route
        refused = client.get(f"/api/v1/compare?documents={sha},{sha}")
        assert refused.status_code == 401
        bearer = {"Authorization": f"Bearer {token}"}
        assert client.get(f"/api/v1/compare?documents={sha},{sha}", headers=bearer).status_code == 400
        for page in (f"/documents/{sha}/tables", "/compare", "/rules", "/rules/BL201"):
            redirect = client.get(page, follow_redirects=False)
            assert redirect.status_code == 303 and redirect.headers["location"].startswith("/login?next=")
            client.cookies.set("budgetlens_token", token)
            assert client.get(page).status_code == 200, page
            client.cookies.clear()
