"""Plain-text reader: text already extracted from a PDF, tab-separated tables, markdown debris."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

from budgetlens import limits
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


def to_lines(text: str, source: str = "") -> list[Line]:
    """The lines of a text, TAB separating cells; LimitExceeded past ``max_lines`` or ``max_cells_per_line``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bounds = limits.current()
    limits.check(source, "max_lines", text.count("\n") + 1, "行数", "the number of lines")
    lines = []
    for no, raw in enumerate(text.split("\n"), start=1):
        cells_in_line = raw.count("\t") + 1
        if cells_in_line > bounds.max_cells_per_line:
            limits.check(source, "max_cells_per_line", cells_in_line, f"第 {no} 行的单元格数", f"line {no}'s cells")
        body = _HEADING_MARK.sub("", raw) if raw.startswith("#") else raw
        cells = tuple(clean_cell(c) for c in body.split("\t"))
        lines.append(Line(no=no, text=raw, cells=cells))
    return lines


_KINDS = (
    (stat.S_ISDIR, "目录", "a directory"),
    (stat.S_ISCHR, "字符设备", "a character device"),
    (stat.S_ISBLK, "块设备", "a block device"),
    (stat.S_ISFIFO, "命名管道", "a named pipe"),
    (stat.S_ISSOCK, "套接字", "a socket"),
)


def _not_regular(path: Path, mode: int) -> ReadError:
    zh, en = next(((zh, en) for test, zh, en in _KINDS if test(mode)), ("特殊文件", "a special file"))
    return ReadError(f"{path}: 是{zh}而不是普通文件，不予读取", f"{path}: is {en}, not a regular file; not read")


def open_regular(path: Path) -> int:
    """A descriptor of ``path`` opened for reading, when it is a regular file (a named pipe never blocks)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError as exc:
        raise ReadError(f"{path}: 文件不存在", f"{path}: no such file") from exc
    except OSError as exc:
        try:
            mode = os.stat(path).st_mode  # a socket cannot be opened: say what it is
        except OSError:
            mode = stat.S_IFREG
        if not stat.S_ISREG(mode):
            raise _not_regular(path, mode) from exc
        raise ReadError(f"{path}: 无法读取（{exc.strerror}）", f"{path}: cannot read ({exc.strerror})") from exc
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise _not_regular(path, mode)
    return fd


def read_bytes(path: Path, limit: int | None = None, *, text: bool = False) -> bytes:
    """The bytes of the regular file ``path`` (the first ``limit`` only, when given).

    This is where every reader opens its file: anything but a regular file (a directory, a device such
    as ``/dev/zero``, a named pipe, a socket) is refused before a byte is read, and so is a file over
    ``max_file_bytes`` (``max_text_bytes`` as well for ``text``, a text or HTML file). No read takes more
    than the limit and one byte, so a file that grows while it is read is refused too.
    """
    fd = open_regular(path)
    try:
        bounds = limits.current()
        cap, name = bounds.max_file_bytes, "max_file_bytes"
        if text and bounds.max_text_bytes < cap:
            cap, name = bounds.max_text_bytes, "max_text_bytes"
        what_zh, what_en = ("文本文件大小", "the text file's size") if text else ("文件大小", "the file's size")
        limits.check(str(path), name, os.fstat(fd).st_size, what_zh, what_en)
        want = cap + 1 if limit is None else min(limit, cap + 1)
        chunks: list[bytes] = []
        got = 0
        while got < want:
            chunk = os.read(fd, min(want - got, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        data = b"".join(chunks)
        if limit is None:
            limits.check(str(path), name, len(data), what_zh, what_en)
        return data
    except OSError as exc:
        raise ReadError(f"{path}: 无法读取（{exc.strerror}）", f"{path}: cannot read ({exc.strerror})") from exc
    finally:
        os.close(fd)


def read_text(path: Path) -> RawDocument:
    """Read a text file into lines; raise ReadError for anything that is not readable text."""
    data = read_bytes(path, text=True)
    text = decode(data, str(path))
    lines = to_lines(text, str(path))
    return RawDocument(source=str(path), sha256=hashlib.sha256(data).hexdigest(), format="text", lines=lines)
