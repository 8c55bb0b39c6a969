"""Rendering a printed disclosure: ``render(doc, fmt, out)`` writes it as HTML, PDF, DOCX or XLSX.

Each format has its module; the optional libraries (WeasyPrint, python-docx) come with the ``generate`` extra and
their absence is one ``MissingExtra`` line. A renderer never changes a figure: every text is printed as composed.
"""

from __future__ import annotations

from pathlib import Path

from budgetlens.errors import ConfigError
from budgetlens.generate.printed import PrintedDocument

FORMATS = ("html", "pdf", "docx", "xlsx")


def render(doc: PrintedDocument, fmt: str, out: Path) -> Path:
    """Write ``doc`` in ``fmt`` (html | pdf | docx | xlsx) at ``out`` and return ``out``."""
    out = Path(out)
    if fmt == "html":
        from budgetlens.generate.html import html_page

        out.write_text(html_page(doc), encoding="utf-8")
        return out
    if fmt == "pdf":
        from budgetlens.generate.pdf import write_pdf

        return write_pdf(doc, out)
    if fmt == "docx":
        from budgetlens.generate.docx import write_docx

        return write_docx(doc, out)
    if fmt == "xlsx":
        from budgetlens.generate.xlsx import write_xlsx

        return write_xlsx(doc, out)
    raise ConfigError(
        f"未知的输出格式 {fmt!r}（可选：{'、'.join(FORMATS)}）",
        f"unknown output format {fmt!r} (one of: {', '.join(FORMATS)})",
    )
