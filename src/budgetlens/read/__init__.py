"""Read stage: bytes -> RawDocument (lines and cells with their positions), whatever the format.

``read_document`` sniffs the content and hands the file to the reader of its format. Readers of
optional formats live in their own modules and are imported only when needed, so a missing
optional dependency becomes one clear message (``extras.MissingExtra``) rather than an import error.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from budgetlens import limits
from budgetlens.errors import ReadError
from budgetlens.extras import FeatureName, needs
from budgetlens.read.raw import Line, RawDocument
from budgetlens.read.sniff import sniff
from budgetlens.read.text import read_bytes, read_text

__all__ = ["Line", "RawDocument", "read_document", "read_text"]

# format -> (module, function, the feature it is: what a missing dependency's message names)
READERS: dict[str, tuple[str, str, FeatureName]] = {
    "pdf": ("budgetlens.read.pdf", "read_pdf", "pdf"),
    "image": ("budgetlens.read.scan", "read_image", "scan"),
    "xlsx": ("budgetlens.read.sheet", "read_workbook", "workbook"),
    "xls": ("budgetlens.read.sheet", "read_workbook", "workbook"),
    "html": ("budgetlens.read.web", "read_html", "web"),
    "docx": ("budgetlens.read.word", "read_docx", "word"),
}


def read_document(path: Path) -> RawDocument:
    """Read any supported file; ReadError (MissingExtra for a format not installed) in one line saying what is wrong."""
    head = read_bytes(path, limit=8192)  # only a regular file within max_file_bytes gets past this
    kind = sniff(path, head)
    if kind == "text":
        return read_text(path)
    if kind == "zip":
        raise ReadError(
            f"{path}: 压缩包不是可识别的 Excel 或 Word 文件", f"{path}: a zip archive that is no workbook or Word file"
        )
    if kind in ("encrypted", "doc", "ole"):
        kind = "xls"  # the workbook reader says which OLE file this is and why it cannot be read
    module_name, function, feature = READERS[kind]
    with needs(feature, path):  # the reader's module and what it imports as it reads (which may guard itself)
        reader: Callable[[Path], RawDocument] = getattr(importlib.import_module(module_name), function)
        document = reader(path)
    check_shape(document)
    return document


def check_shape(document: RawDocument) -> None:
    """LimitExceeded when a document has more lines or one line more cells than the limits allow.

    Reading is linear in the input; what comes after it (segmenting, aligning a row's amounts) is not,
    so a document is measured here, whatever its format, before any of that starts.
    """
    bounds = limits.current()
    limits.check(document.source, "max_lines", len(document.lines), "行数", "the number of lines")
    widest = max(document.lines, key=lambda line: len(line.cells), default=None)
    if widest is not None and len(widest.cells) > bounds.max_cells_per_line:
        limits.check(
            document.source, "max_cells_per_line", len(widest.cells),
            f"第 {widest.no} 行的单元格数", f"line {widest.no}'s cells",
        )  # fmt: skip
