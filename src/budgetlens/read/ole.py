"""OLE2 compound files (legacy .xls and .doc, and password-protected .xlsx/.docx): what one holds.

The directory entries are found where the format puts them (128-byte records at 128-byte offsets,
after the 512- or 4096-byte header) and told apart by their names: ``Workbook`` or ``Book`` (an
Excel 97–2003 or Excel 5 workbook), ``WordDocument`` (a Word 97–2003 file) or ``EncryptedPackage``
(an Office Open XML file encrypted with a password). A BIFF workbook is encrypted when its globals
substream starts with a FILEPASS record.
"""

from __future__ import annotations

import struct

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENTRY = 128
_STORAGE, _STREAM, _ROOT = 1, 2, 5
_BOF_GLOBALS = (b"\x09\x08\x10\x00\x00\x06\x05\x00", b"\x09\x08\x08\x00\x00\x05\x05\x00")  # BIFF8, BIFF5
_FILEPASS = 0x002F
_STREAM_ALIGN = 64  # every stream starts on a (mini) sector boundary


def entry_names(data: bytes) -> set[str]:
    """The names of the storages and streams in the file's directory."""
    names: set[str] = set()
    for offset in range(512, len(data) - _ENTRY + 1, _ENTRY):
        size, kind = struct.unpack_from("<HB", data, offset + 64)
        if not (2 <= size <= 64 and size % 2 == 0 and kind in (_STORAGE, _STREAM, _ROOT)):
            continue
        raw = data[offset : offset + size - 2]
        if data[offset + size - 2 : offset + size] != b"\0\0":
            continue
        try:
            name = raw.decode("utf-16-le")
        except UnicodeDecodeError:
            continue
        clean = name.lstrip("\x01\x05")  # \x05SummaryInformation, \x01CompObj
        if clean and clean.isprintable():
            names.add(clean)
    return names


def ole_kind(data: bytes) -> str:
    """encrypted (a password-protected OOXML package), xls, doc, or ole (something else)."""
    names = entry_names(data)
    if "EncryptedPackage" in names:
        return "encrypted"
    if names & {"Workbook", "Book"}:
        return "xls"
    if "WordDocument" in names:
        return "doc"
    return "ole"


def is_encrypted_biff(data: bytes) -> bool:
    """A BIFF5/BIFF8 workbook whose globals substream begins BOF, FILEPASS (it is password-protected)."""
    for bof in _BOF_GLOBALS:
        start = data.find(bof)
        while start != -1:
            if start % _STREAM_ALIGN == 0:
                after = start + 4 + struct.unpack_from("<H", data, start + 2)[0]
                return len(data) >= after + 2 and bool(struct.unpack_from("<H", data, after)[0] == _FILEPASS)
            start = data.find(bof, start + 1)
    return False
