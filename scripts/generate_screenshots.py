"""Pages of generated disclosures as PNG for the README (docs/generate/): each example data file is written in a
template and format by ``budgetlens generate``, and the first page showing a given text is rendered at 110 dpi.
A Word file is laid out by LibreOffice (``soffice --convert-to pdf``), as a reader opening it would see it.

    python scripts/generate_screenshots.py [--out docs/generate]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[1]
BUDGET = ROOT / "examples" / "sample-department-budget-2026.data.yaml"
FINAL = ROOT / "examples" / "sample-department-final-2024.data.yaml"
# (data, template, format, text the page shows, file name)
PAGES = [
    (BUDGET, "shanghai-district-budget", "pdf", "目录", "district-pdf-contents.png"),
    (BUDGET, "shanghai-district-budget", "pdf", "部门收入预算总表", "district-pdf-revenue.png"),
    (BUDGET, "shanxi-city-budget", "docx", "目录", "city-docx-contents.png"),
    (BUDGET, "shanxi-city-budget", "docx", "一般公共预算支出预算表", "city-docx-table.png"),
    (FINAL, "shanghai-district-final", "pdf", "收入支出决算总表", "final-pdf-summary.png"),
    (FINAL, "shanghai-district-final", "pdf", "完成年初预算的", "final-pdf-items.png"),
    (FINAL, "shanghai-district-final", "docx", "一般公共预算财政拨款基本支出决算表", "final-docx-basic.png"),
]


def written(data: Path, template: str, fmt: str, folder: Path) -> Path:
    """The disclosure ``budgetlens generate`` writes, as a PDF (a Word file converted by LibreOffice)."""
    out = folder / f"{template}.{fmt}"
    if not out.exists():
        cmd = [sys.executable, "-m", "budgetlens", "generate", str(data), "--template", template, "--format", fmt]
        subprocess.run([*cmd, "-o", str(out)], check=True, capture_output=True)
    if fmt == "pdf":
        return out
    pdf = out.with_suffix(".pdf")
    if not pdf.exists():
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            raise SystemExit("LibreOffice (soffice) is needed to lay out a Word file")
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(out)],
            check=True,
            capture_output=True,
        )
    return pdf


def page_showing(pdf: Path, text: str) -> int:
    """The index of the first page showing ``text`` (spaces ignored), after the 目录's pages unless it is 目录."""
    document = pdfium.PdfDocument(str(pdf))
    flat = [re.sub(r"\s+", "", document[i].get_textpage().get_text_range()) for i in range(len(document))]
    contents = next((i for i, page in enumerate(flat) if "目录" in page), -1)
    if text == "目录":
        return contents
    start = contents + 1
    while start < len(flat) and flat[start].count("……") >= 3:  # the 目录 goes on
        start += 1
    return next(i for i in range(start, len(flat)) if text in flat[i])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "generate")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for data, template, fmt, text, name in PAGES:
            pdf = written(data, template, fmt, Path(tmp))
            index = page_showing(pdf, text)
            image = pdfium.PdfDocument(str(pdf))[index].render(scale=110 / 72).to_pil()
            image.save(args.out / name, optimize=True)
            print(f"{name}: {template} {fmt}, page {index + 1}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
