"""Hostile uploads to a running desk (uvicorn on a free port): a zip bomb dressed as a workbook, a PDF of 2,000
pages and 100 MB of text, sent together with the example disclosure. Each hostile file gets a clear refusal (413,
or a failed job with the code too_large / over_limit and one line naming the limit) while the example is read
and stored, and the service answers ``/api/v1/documents`` all along. Also the load benchmark, run small."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.desk import EXAMPLE, live_desk

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
LIMITS = ("BUDGETLENS_MAX_", "BUDGETLENS_SERVE_MAX_", "MB", "上限", "limit")


def zip_bomb(path: Path, inflated_mb: int = 300) -> Path:
    """An .xlsx whose one sheet inflates to ``inflated_mb`` MB of rows (a few hundred KB on disk)."""
    from openpyxl import Workbook

    template = path.with_suffix(".template.xlsx")
    Workbook().save(template)
    row = b'<row><c t="inlineStr"><is><t>0</t></is></c></row>' * 1000
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if not info.filename.endswith("sheet1.xml"):
                dst.writestr(info, src.read(info))
                continue
            with dst.open(info.filename, "w", force_zip64=True) as sheet:
                sheet.write(f"<worksheet {NS}><sheetData>".encode())
                for _ in range(inflated_mb * 1024 * 1024 // len(row)):
                    sheet.write(row)
                sheet.write(b"</sheetData></worksheet>")
    template.unlink()
    return path


def long_pdf(path: Path, pages: int = 2_000) -> Path:
    """A PDF of ``pages`` A4 pages, each with a line of ink (not blank paper)."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    image = Image.new("L", (620, 877), 255)
    ImageDraw.Draw(image).rectangle((100, 400, 500, 406), fill=0)
    one = path.with_suffix(".one.pdf")
    image.save(one, "PDF", resolution=75)
    source = pdfium.PdfDocument(one)
    document = pdfium.PdfDocument.new()
    document.import_pages(source, [0] * pages)
    document.save(str(path))
    document.close()
    source.close()
    one.unlink()
    return path


def big_text(path: Path, mb: int = 100) -> Path:
    line = "2026年部门预算\t1.00\t2.00\t3.00\n".encode()
    with path.open("wb") as out:
        for _ in range(mb * 1024 * 1024 // len(line) + 1):
            out.write(line)
    return path


def send(base: str, path: Path) -> tuple[int, dict[str, Any], float]:
    started = time.monotonic()
    with path.open("rb") as handle:
        response = httpx.post(f"{base}/api/v1/uploads", files=[("files", (path.name, handle))], timeout=300)
    return response.status_code, response.json(), time.monotonic() - started


def outcome(base: str, answer: tuple[int, dict[str, Any], float], seconds: float = 300) -> dict[str, Any]:
    """What became of one upload: the refusal of the request, or its job once done or failed."""
    status, body, _ = answer
    if status != 202:
        return {"status": "refused", "http_status": status, "error": body["error"]}
    deadline = time.monotonic() + seconds
    while True:
        job: dict[str, Any] = httpx.get(f"{base}/api/v1/jobs/{body['jobs'][0]['id']}", timeout=30).json()
        if job["status"] in ("done", "failed"):
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.2)


def test_hostile_uploads_are_refused_while_a_good_one_is_stored(tmp_path: Path) -> None:
    files = {
        "bomb": zip_bomb(tmp_path / "bomb.xlsx"),
        "pages": long_pdf(tmp_path / "pages.pdf"),
        "text": big_text(tmp_path / "huge.txt"),
        "example": EXAMPLE,
    }
    assert files["bomb"].stat().st_size < 2 * 1024 * 1024 and files["pages"].stat().st_size < 20 * 1024 * 1024
    with live_desk(tmp_path) as base:
        answers: dict[str, tuple[int, dict[str, Any], float]] = {}
        listing: list[tuple[int, float]] = []  # (status, seconds) of each /api/v1/documents asked meanwhile
        done = threading.Event()

        def watch() -> None:
            while not done.is_set():
                started = time.monotonic()
                response = httpx.get(f"{base}/api/v1/documents", timeout=60)
                listing.append((response.status_code, time.monotonic() - started))
                time.sleep(0.1)

        def upload(key: str) -> None:
            answers[key] = send(base, files[key])

        watcher = threading.Thread(target=watch)
        watcher.start()
        senders = [threading.Thread(target=upload, args=(key,)) for key in files]
        started = time.monotonic()
        for thread in senders:
            thread.start()
        for thread in senders:
            thread.join(timeout=600)
        outcomes = {key: outcome(base, answers[key]) for key in files}
        elapsed = time.monotonic() - started
        done.set()
        watcher.join(timeout=60)

        assert outcomes["example"]["status"] == "done", outcomes["example"]
        stored = httpx.get(f"{base}/api/v1/documents", timeout=30).json()["documents"]
        assert [d["sha256"] for d in stored] == [outcomes["example"]["document"]]
        for key in ("bomb", "pages", "text"):
            result = outcomes[key]
            refusal = result["error"]
            assert result["status"] in ("refused", "failed"), (key, result)
            assert refusal["code"] in ("too_large", "over_limit"), (key, result)
            assert result.get("http_status", 413) == 413
            assert "\n" not in refusal["message"] and any(word in refusal["message"] for word in LIMITS), refusal
        assert outcomes["text"]["status"] == "refused"  # over the upload limit: refused before it is read
        assert "BUDGETLENS_MAX_PAGES" in outcomes["pages"]["error"]["message"]
        assert "BUDGETLENS_MAX_UNPACKED" in outcomes["bomb"]["error"]["message"]
        assert listing and all(status == 200 for status, _ in listing)
        slowest = max(seconds for _, seconds in listing)
        assert slowest < 10, f"/api/v1/documents took {slowest:.1f} s while the uploads were read"
        sent = {key: round(answers[key][2], 2) for key in files}
        for key in ("bomb", "pages", "text"):
            print(key, outcomes[key]["error"])
        print(f"\nhostile uploads: all settled in {elapsed:.1f} s; accept seconds {sent}; "
              f"{len(listing)} listings, slowest {slowest:.2f} s")  # fmt: skip


def test_the_load_benchmark_runs_small(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "bench/serve_load.py", "-n", "5", "--timeout", "300"],
        cwd=ROOT, capture_output=True, text=True, timeout=400,
    )  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr
    assert "uploads: 5" in out.stdout and "failures: 0" in out.stdout
    assert "p95" in out.stdout
