"""A printed disclosure as a PDF: the web page (generate/html.py) printed on A4 by WeasyPrint.

WeasyPrint lays out the paged-media rules of the page: the running head and 第 N 页 in the margins, page numbers in
the 目录 (target-counter), landscape pages for wide tables, header rows repeated where a table goes on to another
page under a 续表 line, and the stamp on every page. The Chinese text is set in Noto CJK, embedded as subsets.
"""

from __future__ import annotations

from pathlib import Path

from budgetlens.extras import needs
from budgetlens.generate.html import html_page
from budgetlens.generate.printed import PrintedDocument


def write_pdf(doc: PrintedDocument, out: Path) -> Path:
    with needs("generate-pdf", out):
        from weasyprint import HTML

    HTML(string=html_page(doc, for_print=True)).write_pdf(out)
    return out
