"""Screenshots of the review desk for the README: the review page of the example PDF and the compare page.

Starts ``budgetlens serve`` on the example PDF and on the example text made into the year before (its 2026 read as
2025 and one class's spending changed, so that compare has two years to draw; 127.0.0.1, a free port, a throwaway
store), waits until both are stored, then opens the pages in Debian's Chromium through playwright and saves PNGs.

    python scripts/desk_screenshots.py [--out docs] [--width 1400] [--compare-path /compare]

Writes docs/review-desk.png (the review page, the faulty cell highlighted on the printed page) and
docs/review-desk-compare.png. Needs the web and dev extras and the chromium package (never ``playwright install``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_PDF = ROOT / "examples" / "sample-department-budget-2026.pdf"
EXAMPLE_TEXT = ROOT / "examples" / "sample-department-budget-2026.txt"


def year_before(folder: Path) -> Path:
    """The example text as the year before's budget, with class 207's spending lower (an illustration only)."""
    text = EXAMPLE_TEXT.read_text(encoding="utf-8").replace("2026", "2025").replace("1575.93", "1500.00")
    target = folder / "sample-department-budget-2025.txt"
    target.write_text(text, encoding="utf-8")
    return target


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stored_documents(base: str, server: subprocess.Popen[bytes], seconds: float = 180) -> list[dict[str, object]]:
    """The two documents once the service has stored them (newest year first)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the service stopped before the example was stored")
        try:
            found = httpx.get(f"{base}/api/v1/documents", timeout=5).json().get("documents", [])
            if len(found) >= 2:
                return list(found)
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the example was not stored within {seconds:.0f} s")


def shoot(base: str, documents: list[dict[str, object]], out: Path, width: int, compare_path: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        raise SystemExit("Debian's chromium is needed (apt-get install chromium)")
    pdf = next(d for d in documents if d["format"] == "pdf")
    picked = ",".join(str(d["sha256"])[:16] for d in documents)
    shots = [
        (f"/documents/{pdf['sha256']}", out / "review-desk.png"),
        (f"{compare_path}?documents={picked}", out / "review-desk-compare.png"),
    ]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": 900}, locale="zh-CN", device_scale_factor=1)
        for path, target in shots:
            response = page.goto(base + path)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(800)  # charts and the page image settle
            if response is None or response.status >= 400:
                print(f"{path}: HTTP {response.status if response else '?'} (saved anyway)", file=sys.stderr)
            page.screenshot(path=str(target), full_page=False)
            print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
        browser.close()
    return [target for _, target in shots]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Screenshots of the review desk on the example PDF.")
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder of the PNGs (default docs/)")
    parser.add_argument("--width", type=int, default=1400, help="the browser's width in pixels")
    parser.add_argument("--compare-path", default="/compare", help="the compare page's address (default /compare)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}
    with tempfile.TemporaryDirectory(prefix="budgetlens-shots-") as folder:
        command = [sys.executable, "-m", "budgetlens", "serve", str(EXAMPLE_PDF), str(year_before(Path(folder))),
                   "--port", str(port),
                   "--db", str(Path(folder) / "desk.duckdb")]  # fmt: skip
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            shoot(base, stored_documents(base, server), args.out, args.width, args.compare_path)
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
