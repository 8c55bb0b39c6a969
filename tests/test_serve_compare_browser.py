"""The compare page in Debian's Chromium: two uploaded disclosures of one department, picked by a preset, drawn by
ECharts (bars per document, a line over the years) with the line-up table under the chart."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.desk import CHROMIUM_ARGS, EXAMPLE, live_desk
from tests.requirements import chromium
from tests.test_serve_browse import older_example


@pytest.mark.slow
@pytest.mark.needs_chromium
def test_compare_draws_the_chart_and_the_lineup(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    older = older_example(tmp_path)
    with live_desk(tmp_path) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            upload = page.request.post(
                f"{base}/api/v1/uploads",
                multipart={
                    "files": {"name": EXAMPLE.name, "mimeType": "text/plain", "buffer": EXAMPLE.read_bytes()},
                },
            )
            assert upload.status == 202, upload.text()
            second = page.request.post(
                f"{base}/api/v1/uploads",
                multipart={"files": {"name": older.name, "mimeType": "text/plain", "buffer": older.read_bytes()}},
            )
            assert second.status == 202, second.text()
            for job in (*upload.json()["jobs"], *second.json()["jobs"]):
                for _ in range(600):
                    state = page.request.get(f"{base}/api/v1/jobs/{job['id']}").json()
                    if state["status"] in ("done", "failed"):
                        break
                    page.wait_for_timeout(100)
                assert state["status"] == "done", state

            page.goto(f"{base}/compare")
            boxes = page.locator("input[name=documents]")
            assert boxes.count() == 2
            page.select_option("#preset-kind", "budget")
            page.click("button[data-preset=over_years]")  # one department over the years: both budgets
            assert boxes.nth(0).is_checked() and boxes.nth(1).is_checked()
            page.click("#compare-run")
            page.wait_for_selector("#compare-result[data-ready=true]", timeout=30_000)

            drawn = page.evaluate(
                """() => {
                  const bars = echarts.getInstanceByDom(document.getElementById("compare-bars")).getOption();
                  const trend = echarts.getInstanceByDom(document.getElementById("compare-trend")).getOption();
                  return {
                    bars: bars.series.map((s) => [s.name, s.data.length, s.data[0]]),
                    trend: trend.series.map((s) => [s.name, s.data]),
                    canvases: document.querySelectorAll("#compare-bars canvas").length,
                    height: document.getElementById("compare-bars").offsetHeight,
                  };
                }"""
            )
            assert drawn["bars"][0][0] == "2025年预算" and drawn["bars"][1][0] == "2026年预算"
            assert drawn["bars"][0][1] >= 4 and drawn["bars"][0][2] == 1500 and drawn["bars"][1][2] == 1575.93
            assert drawn["trend"][0] == ["207 文化旅游体育与传媒支出", [1500, 1575.93]]
            assert drawn["canvases"] >= 1 and drawn["height"] >= 240
            assert page.locator("#compare-trend-block").is_visible()

            header = page.locator("#compare-table thead th").all_inner_texts()
            assert header[:4] == ["编码", "名称", "2025年预算", "2026年预算"]
            culture = page.locator("#compare-table tbody tr", has_text="文化旅游体育与传媒支出")
            assert culture.locator("td").all_inner_texts()[:6] == ["207", "文化旅游体育与传媒支出", "1,500.00",
                                                                    "1,575.93", "75.93", "5.06"]  # fmt: skip
            assert "documents=" in page.url and "level=" in page.url  # the comparison can be linked

            page.select_option("select[name=level]", "款")
            page.click("#compare-run")
            second_code = "document.querySelector('#compare-table tbody tr:nth-child(2) td').innerText"
            page.wait_for_function(f"{second_code}.length == 5")  # the 款 line-up replaced the 类 one
            page.click("button[data-preset=clear]")
            page.click("#compare-run")
            assert page.locator("#compare-message").inner_text() == "请至少选择两个文件"
            assert errors == []
        finally:
            browser.close()
