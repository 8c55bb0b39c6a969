"""Zip containers (.xlsx, .docx): refuse broken archives and decompression bombs before any library opens them."""

from __future__ import annotations

import zipfile
from pathlib import Path

from budgetlens.errors import ReadError

MAX_UNPACKED = 200 * 1024 * 1024  # bytes the archive's members may inflate to, in all
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")  # an OLE directory entry of a password-protected OOXML


def check_archive(path: Path, what: str) -> None:
    """Raise ReadError when ``path`` is no readable zip or its members would inflate beyond MAX_UNPACKED."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise ReadError(f"{path}: {what}文件已损坏（{exc}）", f"{path}: the {what} file is corrupt ({exc})") from exc
    if unpacked > MAX_UNPACKED:
        mb, limit = unpacked // 2**20, MAX_UNPACKED // 2**20
        raise ReadError(
            f"{path}: 解压后 {mb} MB，超过 {limit} MB 上限（疑似压缩炸弹），拒绝读取",
            f"{path}: would unpack to {mb} MB, above the {limit} MB limit (a decompression bomb?); not read",
        )


def is_encrypted_ooxml(data: bytes) -> bool:
    """An OLE file holding an encrypted Office Open XML package (what Excel and Word write with a password)."""
    return _ENCRYPTED_MARK in data
