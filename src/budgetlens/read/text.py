"""Plain-text reader: text already extracted from a PDF, tab-separated tables, markdown debris."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from budgetlens.errors import ReadError
from budgetlens.read.raw import Line, RawDocument

ENCODINGS = ("utf-8-sig", "gb18030")
# <b>…</b>, <p>…</p>, **bold** and markdown heading marks carry no meaning in these documents.
_MARKUP = re.compile(r"</?(?:b|p|br|strong|span)\s*/?>|\*\*", re.IGNORECASE)
_HEADING_MARK = re.compile(r"^#{1,6}\s+")


def decode(data: bytes, source: str) -> str:
    """Decode bytes as UTF-8 (or GB18030); reject binary content with a clear message."""
    if not data.strip():
        raise ReadError(f"{source}: 文件为空", f"{source}: the file is empty")
    if b"\x00" in data[:8192]:
        raise ReadError(f"{source}: 不是文本文件（含二进制内容）", f"{source}: not a text file (binary content)")
    for enc in ENCODINGS:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ReadError(f"{source}: 无法识别的文本编码", f"{source}: unknown text encoding")


def clean_cell(text: str) -> str:
    """Remove markup and surrounding blanks from one cell (full-width spaces included)."""
    return _MARKUP.sub("", text).strip().strip("\u3000").strip()


def to_lines(text: str) -> list[Line]:
    lines = []
    for no, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        body = _HEADING_MARK.sub("", raw) if raw.startswith("#") else raw
        cells = tuple(clean_cell(c) for c in body.split("\t"))
        lines.append(Line(no=no, text=raw, cells=cells))
    return lines


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The file's bytes (the first ``limit`` only, when given); ReadError when it cannot be read."""
    try:
        if limit is None:
            return path.read_bytes()
        with path.open("rb") as handle:
            return handle.read(limit)
    except FileNotFoundError as exc:
        raise ReadError(f"{path}: 文件不存在", f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise ReadError(f"{path}: 是目录而不是文件", f"{path}: is a directory") from exc
    except OSError as exc:
        raise ReadError(f"{path}: 无法读取（{exc.strerror}）", f"{path}: cannot read ({exc.strerror})") from exc


def read_text(path: Path) -> RawDocument:
    """Read a text file into lines; raise ReadError for anything that is not readable text."""
    data = read_bytes(path)
    text = decode(data, str(path))
    return RawDocument(source=str(path), sha256=hashlib.sha256(data).hexdigest(), format="text", lines=to_lines(text))
