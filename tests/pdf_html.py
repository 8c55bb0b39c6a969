"""Small test PDFs for the PDF reader: HTML snippets rendered by WeasyPrint (whole documents come
from the fixture builder, tests/fixtures/build.py)."""

from __future__ import annotations

from pathlib import Path

from tests.requirements import require

BODY_CSS = """
body { font-family: "Noto Sans CJK SC"; font-size: 9pt; }
p { margin: 0 0 4pt 0; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt 0; }
td, th { border: 0.5pt solid #000; padding: 1.5pt 2pt; font-weight: normal; }
"""
# pages with a running header and a page number in the margins, and the same pages without them
PAGE_CSS = (
    """
@page { size: A4; margin: 2cm 1.6cm;
  @top-center { content: "示例市2026年部门预算"; font-family: "Noto Sans CJK SC"; font-size: 8pt; }
  @bottom-center { content: "第 " counter(page) " 页"; font-family: "Noto Sans CJK SC"; font-size: 8pt; } }
"""
    + BODY_CSS
)
BARE_CSS = "@page { size: A4; margin: 2cm 1.6cm; }" + BODY_CSS


def render(body: str, path: Path, css: str = PAGE_CSS) -> Path:
    """Write ``body`` (HTML) as a PDF at ``path``; the test is skipped without WeasyPrint or the CJK font."""
    require("fonts")
    from weasyprint import HTML

    HTML(string=f"<html><head><meta charset='utf-8'><style>{css}</style></head><body>{body}</body></html>").write_pdf(
        path
    )
    return path
