"""Time the OCR reader per page: clean and degraded scans at 150 and 200 dpi.

The page is the ruled table of tests/test_read_scan.py (the example's 预算支出总表) unless ``--pdf``
names another PDF, whose first page is used. Prints wall and CPU seconds of the OCR (RapidOCR) and
of the layout, and the share of cells read right when the page is the test table.

    python bench/bench_ocr.py [--repeat 2] [--pdf FILE]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from PIL import Image

from budgetlens.read.raw import RawDocument
from budgetlens.read.scan import engine, ocr_page

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_read_scan import cell_accuracy, degrade, expected_rows, page_html, render  # noqa: E402


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
    args = parser.parse_args()
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
