"""Real documents through the desk in a real browser: a seed (extracted text) and a real PDF uploaded on the upload
page, each reviewed on its page. The findings the page shows are the ones the API stores, and every PDF finding
with a place on the page is drawn over the rendered page image."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest

from tests.conftest import SEEDS
from tests.desk import CHROMIUM_ARGS, live_desk
from tests.requirements import chromium

pytestmark = [pytest.mark.slow, pytest.mark.needs_chromium, pytest.mark.needs_shared]
sync_api = pytest.importorskip("playwright.sync_api")
REAL = SEEDS.parent / "real"
# resolves when an image has loaded (or failed): the review's page images load lazily, once scrolled into view
LOADED = "img => img.complete ? true : new Promise(done => { img.onload = img.onerror = () => done(true); })"


def test_a_seed_and_a_real_pdf_are_uploaded_and_reviewed_in_chromium(tmp_path: Path) -> None:
    seed = sorted(SEEDS.glob("002_*.txt"))[0]
    real = REAL / "shpt_wanli_2024_dept_budget.pdf"
    if not real.is_file():
        pytest.skip(f"{real} is not there")
    for source in (seed, real):  # the upload page takes files from disk, as a reviewer's browser does
        shutil.copy(source, tmp_path / source.name)
    with live_desk(tmp_path) as base, sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page(locale="zh-CN", viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{base}/upload")
        page.set_input_files("#files", [str(tmp_path / seed.name), str(tmp_path / real.name)])
        page.wait_for_selector("#finished:not([hidden])", timeout=240_000)
        links = page.locator("#uploads tbody tr a")
        assert links.count() == 2, page.inner_text("#uploads")

        documents = httpx.get(f"{base}/api/v1/documents", timeout=30).json()["documents"]
        assert {d["format"] for d in documents} == {"text", "pdf"}
        for doc in documents:
            groups = httpx.get(f"{base}/api/v1/documents/{doc['sha256']}/findings", timeout=30).json()["groups"]
            stored = [f for g in groups for f in g["findings"]]
            page.goto(f"{base}/documents/{doc['sha256']}")
            page.wait_for_load_state("networkidle")
            shown = page.locator("[id^=finding-]")
            assert shown.count() == len(stored), (doc["source"], shown.count(), len(stored))
            boxed = [f for f in stored if f["location"].get("bbox") and f["location"].get("page")]
            if doc["format"] == "pdf":
                assert boxed and page.locator(".highlight").count() == len(boxed)  # the real PDF has real errors
                images = page.locator("img[src*='/pages/']")
                for i in range(images.count()):  # every page image the review shows is rendered (lazily, in view)
                    image = images.nth(i)
                    image.scroll_into_view_if_needed()
                    image.evaluate(LOADED, timeout=120_000)
                    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
            else:
                assert not boxed and page.locator(".highlight").count() == 0
        assert not errors, errors
        browser.close()
