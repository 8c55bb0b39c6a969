"""Time the OCR reader per page: clean and degraded scans at 150 and 200 dpi.

The page is the ruled table of tests/test_read_scan.py (the example's 预算支出总表) unless ``--pdf``
names another PDF, whose first page is used. Prints wall and CPU seconds of the OCR (RapidOCR) and
of the layout, and the share of cells read right when the page is the test table.

``--vs-bare [PDF ...]`` compares instead, each run a process of its own, budgetlens reading a scan
(its pages rendered, recognised and laid out into lines) with a bare RapidOCR script that renders
the same pages at the same scale and recognises them, nothing more (target: 1.0× or less), with
each process's peak resident memory. The scan is the first ``--pages`` pages of each PDF (default:
every PDF of ../shared/real) printed to images at the reader's resolution, as a scanner would.

    python bench/bench_ocr.py [--repeat 2] [--pdf FILE]
    python bench/bench_ocr.py --vs-bare [PDF ...] [--pages 2] [--repeat 1]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image
from processes import race  # bench/processes.py, beside this file

from budgetlens.read.raw import RawDocument
from budgetlens.read.scan import RENDER_DPI, engine, ocr_page

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real"
BARE_TARGET = 1.0  # budgetlens reading a scan, against bare RapidOCR on the same page images
sys.path.insert(0, str(ROOT))

from tests.test_read_scan import cell_accuracy, degrade, expected_rows, page_html, render  # noqa: E402

READ_SCAN = """
import sys
from pathlib import Path
from budgetlens.read import read_document

read_document(Path(sys.argv[1]))
"""
BARE_RAPIDOCR = """
import sys
import pypdfium2 as pdfium
from rapidocr import RapidOCR

ocr = RapidOCR(params={"Global.log_level": "error"})
pdf = pdfium.PdfDocument(sys.argv[1])
for index in range(len(pdf)):
    ocr(pdf[index].render(scale=float(sys.argv[2]) / 72).to_pil())
"""


def _scan_of(pdf: Path, pages: int, folder: Path) -> Path:
    """The first ``pages`` pages of ``pdf`` as an image-only PDF at the OCR reader's resolution."""
    import pypdfium2 as pdfium
    from tests.fixtures.printed import page_images, save_image_pdf

    count = min(pages, len(pdfium.PdfDocument(pdf)))
    out = folder / f"{pdf.stem}.scan.pdf"
    save_image_pdf(page_images(pdf, RENDER_DPI, list(range(count))), out, RENDER_DPI)
    return out


def _vs_bare(pdfs: list[Path], pages: int, repeat: int) -> None:
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        for pdf in pdfs:
            scan = _scan_of(pdf, pages, Path(tmp))
            race(
                f"{pdf.name}, its first {pages} pages scanned at {RENDER_DPI} dpi, median of {repeat}",
                ("bare RapidOCR", [python, "-c", BARE_RAPIDOCR, str(scan), str(RENDER_DPI)]),
                ("budgetlens reads the scan", [python, "-c", READ_SCAN, str(scan)]),
                BARE_TARGET,
                repeat,
            )


def _time(image: Image.Image, dpi: int, repeat: int) -> tuple[float, float, RawDocument]:
    walls, cpus = [], []
    lines = []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        lines = ocr_page(image, 1, dpi)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), RawDocument("bench", "", "scan", lines, pages=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--pdf", type=Path)
    parser.add_argument("--vs-bare", nargs="*", type=Path, metavar="PDF", help="against bare RapidOCR, as processes")
    parser.add_argument("--pages", type=int, default=2, help="pages of each PDF scanned for --vs-bare")
    args = parser.parse_args()
    if args.vs_bare is not None:
        _vs_bare(args.vs_bare or sorted(REAL.glob("*.pdf")), args.pages, args.repeat)
        return
    import weasyprint

    pdf = args.pdf.read_bytes() if args.pdf else weasyprint.HTML(string=page_html(expected_rows())).write_pdf()
    started = time.perf_counter()
    engine()(Image.new("RGB", (64, 64), "white"))
    print(f"engine start-up {time.perf_counter() - started:.2f} s")
    for dpi in (150, 200):
        for kind in ("clean", "degraded"):
            image = render(pdf, dpi)
            image = degrade(image) if kind == "degraded" else image
            wall, cpu, raw = _time(image, dpi, args.repeat)
            accuracy = "" if args.pdf else f"  cells right {cell_accuracy(raw):.1%}"
            print(f"{dpi} dpi {kind:8}  {wall:5.2f} s/page wall  {cpu:5.2f} s CPU  {len(raw.lines)} lines{accuracy}")


if __name__ == "__main__":
    main()
