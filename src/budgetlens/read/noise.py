"""Noise of the printed text itself: overprinted bold (every glyph twice) and scraps of an OCR'd watermark.

Every stage after reading sees these: the segmenter in titles, the parsers in labels.
"""

from __future__ import annotations

import re

WATERMARK_CHARS = frozenset(
    "以及又仅风其从义供烘拱排批内內为部軍审核權隊模林群樣單庫於校物构榜解析實施等用運開料語形節特事構"
)
WATERMARK_CORE = frozenset("供烘拱排批内內为部")


def collapse_doubled(text: str) -> str:
    """Undo overprinted bold: 'XX' -> 'X' for the whole text and for each space-separated token.

    Only label text is collapsed (two or more characters per half); amounts are never passed here.
    """
    text = text.strip()
    half = len(text) // 2
    if len(text) % 2 == 0 and half >= 2 and text[:half] == text[half:]:
        return text[:half]
    tokens: list[str] = []
    for token in text.split():
        h = len(token) // 2
        if len(token) % 2 == 0 and h >= 2 and token[:h] == token[h:] and not token.replace(".", "").isdigit():
            token = token[:h]
        if tokens and token == tokens[-1] and not token.replace(".", "").isdigit():
            continue  # a doubled word printed as two tokens: 第三部分 第三部分
        tokens.append(token)
    return " ".join(tokens)


def is_watermark(text: str) -> bool:
    """A short scrap of the OCR'd watermark 仅供内部审核 (e.g. 以供内部群林, 又供内部軍)."""
    if not WATERMARK_CORE.intersection(text):
        return False
    compact = re.sub(r"\s+", "", text)
    if not compact or len(compact) > 8 or any(ch.isdigit() for ch in compact):
        return False
    return sum(ch in WATERMARK_CHARS for ch in compact) >= 3 and sum(ch in WATERMARK_CORE for ch in compact) >= 2
