"""The desk's own pages in a real browser (Debian's Chromium through playwright): the login form keeps the
token, the upload page sends several files with a progress each and shows each outcome, the documents page
lists, sorts and filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.store import connect
from tests.desk import CHROMIUM_ARGS, EXAMPLE, live_desk
from tests.requirements import chromium

pytestmark = [pytest.mark.slow, pytest.mark.needs_chromium]
sync_api = pytest.importorskip("playwright.sync_api")


def test_login_upload_and_the_documents_list(tmp_path: Path) -> None:
    from budgetlens.serve.auth import create_token

    with connect(str(tmp_path / "desk.duckdb")) as store:
        token = create_token(store, "reviewer", "审核员甲")
    other = EXAMPLE.read_text(encoding="utf-8").replace("2026年", "2025年")
    (tmp_path / "earlier-2025.txt").write_text(other, encoding="utf-8")
    (tmp_path / "not-a-budget.txt").write_text("这是一段与预算无关的文字。\n" * 20, encoding="utf-8")

    with live_desk(tmp_path) as base, sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page(locale="zh-CN")
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))

        page.goto(f"{base}/upload")
        assert page.url == f"{base}/login?next=/upload"
        page.fill("#token", token)
        page.click("section.login button[type=submit]")
        page.wait_for_url(f"{base}/upload")
        assert "审核员甲" in page.inner_text("header.top")

        page.set_input_files("#files", [str(EXAMPLE), str(tmp_path / "earlier-2025.txt"),
                                        str(tmp_path / "not-a-budget.txt")])  # fmt: skip
        page.wait_for_selector("#finished:not([hidden])", timeout=120_000)
        rows = page.locator("#uploads tbody tr")
        assert rows.count() == 3
        outcomes = {rows.nth(i).locator("td").first.inner_text(): rows.nth(i) for i in range(3)}
        for name in (EXAMPLE.name, "earlier-2025.txt"):
            link = outcomes[name].locator("a")
            assert link.inner_text() == "查看审核页"
            assert link.get_attribute("href").startswith("/documents/")  # type: ignore[union-attr]
        refused = outcomes["not-a-budget.txt"].locator("td").nth(2).inner_text()
        assert "not-a-budget.txt" in refused or "预算" in refused, refused
        assert outcomes["not-a-budget.txt"].locator("progress").get_attribute("value") == "100"

        # a file dropped on the zone goes the same way (here: the example again, stored before)
        dropped = page.evaluate_handle(
            "text => { const d = new DataTransfer(); d.items.add(new File([text], 'dropped.txt')); return d; }",
            EXAMPLE.read_text(encoding="utf-8"),
        )
        page.dispatch_event("#dropzone", "drop", {"dataTransfer": dropped})
        page.wait_for_selector("#uploads tbody tr:nth-child(4) a", timeout=120_000)
        assert "此前已入库" in page.inner_text("#uploads tbody tr:nth-child(4)")

        page.click("#finished a")
        page.wait_for_url(f"{base}/documents")
        years = page.locator("#documents tbody tr td:nth-child(2)").all_inner_texts()
        assert years == ["2026", "2025"]  # newest year first
        page.click("#documents th:nth-child(2) a")  # the year header turns the order
        page.wait_for_url("**sort=year&order=asc**")
        assert page.locator("#documents tbody tr td:nth-child(2)").all_inner_texts() == ["2025", "2026"]
        page.select_option("select[name=year]", "2026")  # a filter applies when chosen
        page.wait_for_url("**year=2026**")
        assert page.locator("#documents tbody tr").count() == 1
        assert "待审" in page.inner_text("#documents tbody")
        page.fill("input[name=q]", "没有这个单位")
        page.press("input[name=q]", "Enter")
        page.wait_for_load_state()
        assert "没有符合条件的文件" in page.inner_text("main")

        page.click("header.top form button")  # log out
        page.wait_for_url(f"{base}/login")
        page.goto(f"{base}/documents")
        assert page.url.startswith(f"{base}/login")
        assert not errors, errors
        browser.close()
