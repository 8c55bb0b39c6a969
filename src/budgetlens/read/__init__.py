"""Read stage: bytes -> RawDocument (lines and cells with their positions), whatever the format.

``read_document`` sniffs the content and hands the file to the reader of its format. Readers of
optional formats live in their own modules and are imported only when needed, so a missing
optional dependency becomes one clear message rather than an import error at start-up.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from budgetlens.errors import ReadError
from budgetlens.read.raw import Line, RawDocument
from budgetlens.read.sniff import sniff
from budgetlens.read.text import read_bytes, read_text

__all__ = ["Line", "RawDocument", "read_document", "read_text"]

# format -> (module, function, the extra that provides it)
READERS: dict[str, tuple[str, str, str]] = {
    "pdf": ("budgetlens.read.pdf", "read_pdf", "pdf"),
    "image": ("budgetlens.read.scan", "read_image", "ocr"),
    "xlsx": ("budgetlens.read.sheet", "read_workbook", "office"),
    "xls": ("budgetlens.read.sheet", "read_workbook", "office"),
    "html": ("budgetlens.read.web", "read_html", "office"),
    "docx": ("budgetlens.read.word", "read_docx", "office"),
}


def read_document(path: Path) -> RawDocument:
    """Read any supported file; raise ReadError with one line saying what is wrong."""
    head = read_bytes(path, limit=8192)
    kind = sniff(path, head)
    if kind == "text":
        return read_text(path)
    if kind == "zip":
        raise ReadError(
            f"{path}: 压缩包不是可识别的 Excel 或 Word 文件", f"{path}: a zip archive that is no workbook or Word file"
        )
    if kind in ("encrypted", "doc", "ole"):
        kind = "xls"  # the workbook reader says which OLE file this is and why it cannot be read
    reader = _reader(kind, path)
    return reader(path)


def _reader(kind: str, path: Path) -> Callable[[Path], RawDocument]:
    module_name, function, extra = READERS[kind]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        raise ReadError(
            f"{path}: 读取 {kind} 文件需要安装 budgetlens[{extra}]（缺少 {exc.name}）",
            f"{path}: reading {kind} files needs budgetlens[{extra}] (missing {exc.name})",
        ) from exc
    reader: Callable[[Path], RawDocument] = getattr(module, function)
    return reader
