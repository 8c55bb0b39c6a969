"""Zip containers (.xlsx, .docx): refuse broken archives and decompression bombs before any library opens them.

The members' declared sizes are summed first (a bomb that states its size is refused at once); then
every member is inflated here, a chunk at a time, and what it really inflates to is counted, so a
member that states less than it holds is refused too, after at most ``max_unpacked_bytes`` of output
and without keeping any of it. A reader may watch the inflated bytes go by (the workbook reader
counts the cells its sheets reference) instead of inflating them a second time.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from budgetlens.errors import ReadError
from budgetlens.limits import LimitExceeded, current

_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")  # an OLE directory entry of a password-protected OOXML
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature … file name length, extra field length (30 bytes)
_CHUNK = 1 << 20  # compressed bytes read at a time
_STORED, _DEFLATED = zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED


class MemberWatch(Protocol):
    """What a reader does with one member's inflated bytes, chunk by chunk, while the archive is checked."""

    def feed(self, chunk: bytes) -> None: ...

    def end(self) -> None: ...


def check_archive(path: Path, what: str, watch: Callable[[str], MemberWatch] | None = None) -> None:
    """ReadError when ``path`` is no readable zip; LimitExceeded when its members inflate beyond the limit.

    ``watch(name)`` is asked for a watcher of each member; it sees the member's inflated bytes.
    """
    limit = current().max_unpacked_bytes
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            declared = sum(info.file_size for info in infos)
            if declared > limit:
                raise _too_large(path, what, declared)
            inflated = 0
            with path.open("rb") as handle:
                for info in infos:
                    watcher = watch(info.filename) if watch else None
                    for chunk in _inflate(handle, info):
                        inflated += len(chunk)
                        if inflated > limit:
                            raise _too_large(path, what, inflated)
                        if watcher is not None:
                            watcher.feed(chunk)
                    if watcher is not None:
                        watcher.end()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, ValueError, EOFError) as exc:
        raise ReadError(f"{path}: {what}文件已损坏（{exc}）", f"{path}: the {what}file is corrupt ({exc})") from exc


def _too_large(path: Path, what: str, size: int) -> LimitExceeded:
    mb = f"{size // 2**20} MB"
    return LimitExceeded(
        str(path),
        f"{what}文件解压后的大小（疑似压缩炸弹）",
        f"what the {what}file unpacks to (a decompression bomb?)",
        mb,
        "max_unpacked_bytes",
    )


def _inflate(handle: BinaryIO, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A member's inflated bytes, a chunk at a time; ValueError when it holds more than it declares."""
    if info.flag_bits & 0x1:
        raise ValueError(f"{info.filename}: encrypted member")
    if info.compress_type not in (_STORED, _DEFLATED):
        raise ValueError(f"{info.filename}: compression method {info.compress_type} not supported")
    handle.seek(info.header_offset)
    header = handle.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size:
        raise zipfile.BadZipFile(f"{info.filename}: truncated local file header")
    signature, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    if signature != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"{info.filename}: bad local file header")
    handle.seek(name_length + extra_length, 1)
    left = info.compress_size
    inflater = zlib.decompressobj(-zlib.MAX_WBITS) if info.compress_type == _DEFLATED else None
    produced = 0
    while left > 0:
        raw = handle.read(min(_CHUNK, left))
        if not raw:
            raise EOFError(f"{info.filename}: truncated member")
        left -= len(raw)
        pieces = [raw] if inflater is None else list(_drain(inflater, raw))
        for piece in pieces:
            produced += len(piece)
            if produced > info.file_size:
                raise ValueError(f"{info.filename}: inflates beyond its declared {info.file_size} bytes")
            yield piece


def _drain(inflater: zlib._Decompress, raw: bytes) -> Iterator[bytes]:
    """Inflate ``raw`` a bounded piece at a time (one compressed chunk may hold a thousand times its size)."""
    piece = inflater.decompress(raw, _CHUNK)
    while piece:
        yield piece
        piece = inflater.decompress(inflater.unconsumed_tail, _CHUNK)


def is_encrypted_ooxml(data: bytes) -> bool:
    """An OLE file holding an encrypted Office Open XML package (what Excel and Word write with a password)."""
    return _ENCRYPTED_MARK in data
