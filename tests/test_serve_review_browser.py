"""The review page of a printed disclosure in a browser: the project example printed to PDF (the fixture builder),
uploaded to a live desk; the page image shows the box over the faulty cell (checked against where the PDF's text
layer prints the amount), a finding waived with a reason shows as waived and is in the exported waiver file."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.desk import CHROMIUM_ARGS, desk, live_desk, upload
from tests.requirements import chromium

BBox = tuple[float, float, float, float]
FAULTY = ("BL201", 128, 5, "473.15")  # the example's misprinted 合计 of 图书馆: code, line, page, printed amount


def printed_box(pdf: bytes, page: int, text: str, row: BBox) -> BBox:
    """Where the text layer prints ``text`` inside ``row`` (points, top-left origin)."""
    import pypdfium2  # type: ignore[import-untyped]

    document = pypdfium2.PdfDocument(pdf)
    try:
        sheet = document[page - 1]
        height = sheet.get_height()
        layer = sheet.get_textpage()
        searcher = layer.search(text, match_whole_word=False)
        hits: list[BBox] = []
        while (found := searcher.get_next()) is not None:
            start, count = found
            boxes = [layer.get_charbox(i) for i in range(start, start + count)]
            box = (min(b[0] for b in boxes), height - max(b[3] for b in boxes), max(b[2] for b in boxes),
                   height - min(b[1] for b in boxes))  # fmt: skip
            if row[1] - 2 <= (box[1] + box[3]) / 2 <= row[3] + 2:
                hits.append(box)
        layer.close()
    finally:
        document.close()
    assert len(hits) == 1, hits
    return hits[0]


def faulty(findings: list[dict[str, Any]]) -> dict[str, Any]:
    code, line, _, _ = FAULTY
    [hit] = [f for f in findings if f["code"] == code and f["location"]["line"] == line]
    return hit


@pytest.mark.slow
def test_an_uploaded_pdf_finding_is_boxed_to_its_cell(derived: Callable[..., Path], tmp_path: Path) -> None:
    pdf = derived("pdf", "example").read_bytes()
    with desk(tmp_path) as client:
        [job] = upload(client, ("example.pdf", pdf))
        sha = job["document"]
        groups = client.get(f"/api/v1/documents/{sha}/findings").json()["groups"]
        finding = faulty([f for g in groups for f in g["findings"]])
        page = client.get(f"/api/v1/documents/{sha}/pages").json()
        png = client.get(f"/api/v1/documents/{sha}/pages/5.png")
    _, _, number, amount = FAULTY
    assert finding["location"]["page"] == number and page["kind"] == "pdf"
    box = finding["location"]["bbox"]
    printed = printed_box(pdf, number, amount, tuple(box))
    assert all(abs(a - b) <= 2.5 for a, b in zip(box, printed, strict=True)), (box, printed)
    assert box[2] - box[0] < 60, "the cell, not the row"
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert float(png.headers["x-page-width-points"]) == pytest.approx(page["pages"][number - 1]["width"], abs=0.01)


@pytest.mark.slow
@pytest.mark.needs_chromium
def test_review_page_boxes_the_cell_and_waives_in_chromium(derived: Callable[..., Path], tmp_path: Path) -> None:
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    executable = chromium()
    assert executable is not None
    import httpx
    from playwright.sync_api import sync_playwright

    pdf = derived("pdf", "example").read_bytes()
    code, line, number, amount = FAULTY
    with live_desk(tmp_path) as base:
        sent = httpx.post(f"{base}/api/v1/uploads", files=[("files", ("example.pdf", pdf))], timeout=60)
        assert sent.status_code == 202, sent.text
        job_id = sent.json()["jobs"][0]["id"]
        deadline = time.monotonic() + 120
        while (job := httpx.get(f"{base}/api/v1/jobs/{job_id}").json())["status"] not in ("done", "failed"):
            assert time.monotonic() < deadline
            time.sleep(0.2)
        sha = job["document"]
        groups = httpx.get(f"{base}/api/v1/documents/{sha}/findings").json()["groups"]
        index = faulty([f for g in groups for f in g["findings"]])["index"]
        shot = tmp_path / "review.png"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
                page.goto(f"{base}/documents/{sha}")
                card = page.locator(f"#finding-{index}")
                image = card.locator(".page-shot img")
                image.scroll_into_view_if_needed()
                page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
                frame, mark = image.bounding_box(), card.locator(".highlight").bounding_box()
                assert frame is not None and mark is not None
                width_pt = httpx.get(f"{base}/api/v1/documents/{sha}/pages").json()["pages"][number - 1]["width"]
                points = width_pt / frame["width"]  # the image shows the whole page width
                shown = ((mark["x"] - frame["x"]) * points, (mark["y"] - frame["y"]) * points,
                         (mark["x"] + mark["width"] - frame["x"]) * points,
                         (mark["y"] + mark["height"] - frame["y"]) * points)  # fmt: skip
                printed = printed_box(pdf, number, amount, (0, shown[1] - 6, width_pt, shown[3] + 6))
                assert all(abs(a - b) <= 4 for a, b in zip(shown, printed, strict=True)), (shown, printed)
                page.screenshot(path=str(shot), full_page=False)
                card.locator('input[name="reason"]').fill("印刷错误，已向部门核实")
                card.locator("button.waive").click()
                page.wait_for_function(
                    "el => el.dataset.decision === 'waived'", arg=card.element_handle(), timeout=10_000
                )
                assert "已豁免" in card.locator(".state").inner_text()
                assert "本机用户" in card.locator(".state").inner_text()
                page.reload()
                card = page.locator(f"#finding-{index}")
                assert card.get_attribute("data-decision") == "waived"
            finally:
                browser.close()
        exported = httpx.get(f"{base}/api/v1/waivers?document={sha}").text
    entry = f"{{code: {code}, line: {line}, table: t03, document: {sha[:16]}, reason: 印刷错误，已向部门核实}}"
    assert entry in exported
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
