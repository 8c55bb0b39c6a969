"""Output a reviewer can work from: findings name the page (and table, row, column) in text, JSON and
HTML; the HTML report opens with the counts, lists errors first with knock-ons folded under their
cause, filters by severity and rule family, and shows the printed page around each PDF finding.

Real documents are read from ../shared/real (skipped when absent); the project example is printed to
PDF by the fixture builder; the filter is exercised in Debian's Chromium when it is installed."""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from budgetlens.check.registry import RULES
from budgetlens.check.runner import CheckResult, run_checks
from budgetlens.model import Document, Finding, Location, Severity
from budgetlens.report.crops import PageImages
from budgetlens.report.html import render_html, review_groups
from budgetlens.report.json_report import findings_json
from budgetlens.report.text import render_text
from tests.conftest import real_doc
from tests.requirements import chromium

SIFAJU = "shpt_sifaju_2026_dept_budget.pdf"  # real errors on lines 66, 67 (p.8), 75, 78, 81 (p.9)
WANLI = "shpt_wanli_2024_dept_budget.pdf"  # one error (p.9) and one warning (p.31)


def checked_real(name: str) -> CheckResult:
    return run_checks(real_doc(name))


def text_output(result: CheckResult, lang: str = "zh") -> str:
    buffer = io.StringIO()
    render_text(result, Console(file=buffer, width=400, highlight=False, color_system=None), lang)
    return buffer.getvalue()


def cards(page: str) -> list[str]:
    """The severities of the finding cards in the order the page shows them."""
    return re.findall(r'<article class="finding [^"]*" data-severity="(\w+)"', page)


def without_infos(result: CheckResult) -> CheckResult:
    """Its errors and warnings only (the narrative's earlier-year figures that no table prints are infos)."""
    return CheckResult(result.document, [f for f in result.findings if f.severity is not Severity.INFO])


@pytest.mark.slow
def test_text_output_names_the_page_of_pdf_findings() -> None:
    out = text_output(checked_real(SIFAJU))
    assert "错误 BL625 第9页 L75:" in out and "错误 BL605 第8页 L66:" in out and "错误 BL626 第9页 L81:" in out
    english = text_output(checked_real(SIFAJU), "en")
    assert "error BL625 p.9 L75:" in english


@pytest.mark.slow
def test_json_findings_carry_page_bbox_and_cell() -> None:
    payload = findings_json(checked_real(SIFAJU))
    [rate] = [f for f in payload["findings"] if f["location"]["line"] == 75]
    location = rate["location"]
    assert location["page"] == 9 and len(location["bbox"]) == 4
    assert {"table", "row", "column", "sheet", "cell_ref", "line_end"} <= set(location)
    assert rate["place"] == "第9页 L75" and "table_title" in rate and "column_header" in rate


@pytest.mark.slow
def test_html_of_a_real_pdf_is_a_review_page() -> None:
    result = without_infos(checked_real(WANLI))
    assert {f.severity for f in result.findings} == {Severity.ERROR, Severity.WARNING}
    page = render_html([result])
    summary = page.index('<div class="counts">')
    assert summary < page.index("<article"), "the summary comes before the findings"
    assert '<span class="count error">错误<b>1</b></span>' in page
    assert '<span class="count warning">警告<b>1</b></span>' in page
    order = cards(page)
    assert order == sorted(order, key=lambda s: -Severity(s).rank) and order[0] == "error"
    # filter controls: severity and rule family, driven by inline JavaScript, nothing external
    assert '<input type="checkbox" name="severity" value="warning" checked>' in page
    assert '<input type="checkbox" name="family" value="BL6" checked>' in page
    assert '<input type="checkbox" name="family" value="BL1" checked>' in page
    assert "<script>" in page and "<script src" not in page and "<link" not in page
    assert "https://" not in page and "http://" not in page
    # each card names its page, and shows the crop of it with the finding's box highlighted
    assert '<span class="where">第9页 L85</span>' in page and '<span class="where">第31页 L383</span>' in page
    crops = re.findall(r'<figure class="crop"><div class="shot"><img src="data:image/png;base64,[^"]+"[^>]*>'
                       r'(?:<span class="row"[^>]*></span>)?<span class="hl" style="left:[\d.]+%;top:[\d.]+%;'
                       r'width:[\d.]+%;height:[\d.]+%"></span>', page)  # fmt: skip
    assert len(crops) == 2
    assert "原件第9页" in page and "原件第31页" in page
    assert len(page) < 600_000, "crops are cut and scaled down, not whole pages"


@pytest.mark.slow
def test_real_pdf_crops_are_cut_around_the_sentence() -> None:
    doc = real_doc(SIFAJU)
    [finding] = [f for f in run_checks(doc).findings if f.location.line == 75]
    images = PageImages(doc)
    try:
        crop = images.crop(finding)
        assert crop is not None and crop.page == 9 and crop.row is None
        assert 400 < crop.width < 1300 and 40 < crop.height < 200  # a strip of the page, not the page
        left, top, width, height = crop.box
        assert 0 <= left < 10 and 0 < top < 60 and width > 80 and 0 < height < 80
    finally:
        images.close()


@pytest.mark.slow
def test_example_pdf_marks_the_cell_and_folds_knock_ons(derived: Callable[..., Path]) -> None:
    from budgetlens.pipeline import load

    result = run_checks(load(derived("pdf", "example")))
    groups = review_groups(result.findings)
    kinds = {kind for kind, _ in groups}
    assert "cause" in kinds
    [(_, members)] = [(k, m) for k, m in groups if m[0].code == "BL201"]
    assert members[0].location.line == 128 and {f.code for f in members[1:]} >= {"BL303", "BL202"}
    page = render_html([result])
    assert "同一原因的连带问题" in page and "<details><summary>" in page
    # the 合计 cell of the 图书馆 row is boxed within the row, which is shaded
    first = page[page.index('data-code="BL201"') :]
    first = first[: first.index("</article>")]
    assert '<span class="row"' in first and '<span class="hl"' in first and "第5页 L128" in first
    shown = [f.code for f in (m[0] for _, m in groups)]
    assert len(shown) < len(result.findings), "knock-ons are folded, not listed at the top level"


def test_groups_fold_the_findings_of_a_misread_table() -> None:
    def finding(code: str, severity: Severity, line: int, table: str | None = None) -> Finding:
        location = Location(line=line, table=table)
        return Finding(code=code, severity=severity, template_zh=code, template_en=code, location=location)

    misread = finding("BL008", Severity.WARNING, 40, "t05")
    same_table = finding("BL102", Severity.WARNING, 41, "t05")
    error = finding("BL201", Severity.ERROR, 90, "t07")
    info = finding("BL023", Severity.INFO, 10, "t07")
    groups = review_groups([info, same_table, error, misread])
    assert [(kind, [f.code for f in members]) for kind, members in groups] == [
        ("single", ["BL201"]),
        ("table", ["BL008", "BL102"]),
        ("single", ["BL023"]),
    ]


def test_scan_images_are_cropped_too(tmp_path: Path) -> None:
    image = pytest.importorskip("PIL.Image")
    path = tmp_path / "scan.png"
    picture = image.new("RGB", (1240, 1754), "white")  # A4 at 150 dpi
    picture.paste((0, 0, 0), (300, 600, 900, 640))  # a "line" of text at 144–432 pt across, 288–307 pt down
    picture.save(path, dpi=(150, 150))
    doc = Document(sha256=hashlib.sha256(path.read_bytes()).hexdigest(), source=str(path), format="image")
    finding = Finding(
        code="BL201", severity=Severity.ERROR, template_zh="x", template_en="x",
        location=Location(line=1, page=1, bbox=(144.0, 288.0, 432.0, 307.2)),
    )  # fmt: skip
    images = PageImages(doc)
    try:
        crop = images.crop(finding)
        assert crop is not None and images.kind == "image"
        assert abs(crop.width - round((432 - 144 + 28) * 1.5)) <= 2  # scaled from 150 dpi to the report's scale
        assert crop.box[2] > 80 and 20 < crop.box[3] < 30  # 19.2 of 75.2 points
        changed = doc.model_copy(update={"sha256": "0" * 64})
        assert PageImages(changed).crop(finding) is None, "a file changed since the check gives no crop"
    finally:
        images.close()


@pytest.mark.slow
@pytest.mark.needs_chromium
def test_filter_hides_warnings_in_chromium(tmp_path: Path) -> None:
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    executable = chromium()
    assert executable is not None
    from playwright.sync_api import sync_playwright

    report = tmp_path / "review.html"
    report.write_text(render_html([without_infos(checked_real(WANLI))]), encoding="utf-8")
    shot = tmp_path / "review.png"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 1400})
            page.goto(report.as_uri())
            warning = page.locator('article[data-severity="warning"]').first
            error = page.locator('article[data-severity="error"]').first
            assert warning.is_visible() and error.is_visible()
            assert page.locator("figure.crop img").first.evaluate("img => img.naturalWidth") > 0
            page.uncheck('input[name="severity"][value="warning"]')
            assert not warning.is_visible() and error.is_visible()
            assert page.locator(".filters .shown").inner_text() == "显示 1 / 2 个问题"
            page.check('input[name="severity"][value="warning"]')
            page.uncheck('input[name="family"][value="BL6"]')
            assert warning.is_visible() and not error.is_visible()
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow
def test_json_cli_documents_the_place(tmp_path: Path) -> None:
    from tests.conftest import write_doc
    from tests.test_report_formats import DOC, cli

    out = cli("check", str(write_doc(tmp_path, DOC)), "--select", "BL201", "--format", "json", "--fail-on", "never")
    [finding] = json.loads(out.stdout)["findings"]
    assert finding["place"] == "L9" and finding["location"]["page"] is None  # a text document keeps lines
    assert finding["table_title"] == "2026年预算支出总表" and finding["row_name"] == "213 农林水支出"
    assert finding["column_header"] == "2026年预算数 / 合计"


def test_reading_notes_are_one_summary_per_document() -> None:
    def finding(code: str, severity: Severity, line: int) -> Finding:
        return Finding(code=code, slug=RULES[code].slug, severity=severity, template_zh=f"{code}说明",
                       template_en=f"{code} note", location=Location(line=line))  # fmt: skip

    notes = [finding("BL021", Severity.INFO, 10 + i) for i in range(3)] + [finding("BL023", Severity.INFO, 30)]
    about_document = [finding("BL201", Severity.ERROR, 5), finding("BL622", Severity.INFO, 7)]
    doc = Document(sha256="0" * 64, source="invented.txt")
    result = CheckResult(document=doc, findings=[*about_document, *notes])
    out = text_output(result)
    assert "BL021说明" not in out and "BL023说明" not in out, "a note is not listed line by line"
    assert "读取说明 4 条" in out and "BL021 parse.value-repaired 3 条；BL023 parse.code-restored 1 条" in out
    assert "BL201说明" in out and "BL622说明" in out, "findings about the document (any severity) stay listed"
    assert "4 reading notes" in text_output(result, "en")
    page = render_html([result])
    folded = page.split('<details class="notes">', 1)
    assert len(folded) == 2 and "BL021说明" in folded[1] and "BL021说明" not in folded[0]
    assert cards(folded[0]) == ["error", "info"]
