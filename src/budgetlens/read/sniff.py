"""Which reader a file needs, decided from its first bytes (the extension is only a tie-breaker)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from budgetlens.read.ole import OLE, ole_kind
from budgetlens.read.text import read_bytes

PDF = b"%PDF-"
MAX_OLE = 512 * 1024 * 1024  # bytes of an OLE file read to find its directory
ZIP = b"PK\x03\x04"
IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM")
HTML_MARKS = (b"<!doctype html", b"<html", b"<table", b"<head", b"<body", b"<meta")


def sniff(path: Path, head: bytes) -> str:
    """The format of a file: pdf, image, xlsx, xls, docx, html or text; zip, doc, ole or encrypted for
    containers this tool does not read (another archive, a Word 97-2003 file, a password-protected file)."""
    if head.startswith(PDF) or PDF in head[:1024]:
        return "pdf"
    if head.startswith(IMAGES):
        return "image"
    if head.startswith(OLE):
        return _compound(path)
    if head.startswith(ZIP):
        return _office(path)
    lowered = head[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(HTML_MARKS) or (b"<table" in lowered[:4096] and b"</td>" in lowered):
        return "html"
    return "text"


def _office(path: Path) -> str:
    """A zip container: a workbook, a Word document, or something this tool does not read."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, NotImplementedError):  # a zip version Python does not read
        return "zip"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.startswith("word/") for n in names):
        return "docx"
    return "zip"


def _compound(path: Path) -> str:
    """An OLE2 compound file: xls, doc, encrypted (a password-protected .xlsx or .docx) or ole."""
    return ole_kind(read_bytes(path, limit=MAX_OLE))
