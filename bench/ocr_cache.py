"""A disk cache of OCR results for the benches: the text boxes of a page image, keyed by its pixels.

Recognition is the slow part of reading a scan (seconds per page); the layout after it is fast.
With the cache installed a bench re-scores whole scanned documents after a layout change without
running the models again. The seconds each page took to recognise are kept with its boxes, so the
reported OCR time is the engine's, whether the result came from the cache or not.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from budgetlens.read import scan
from budgetlens.read.ocr_layout import Quad

Result = tuple[list[Quad], list[str], list[float]]


@dataclass(slots=True)
class OcrLog:
    """Pages recognised since the cache was installed, with the engine's seconds for each."""

    seconds: list[float] = field(default_factory=list)
    cached: int = 0

    def mark(self) -> int:
        return len(self.seconds)

    def since(self, mark: int) -> list[float]:
        return self.seconds[mark:]


def install(folder: Path | None) -> OcrLog:
    """Time every page ``scan.recognise`` sees, and cache its results in ``folder`` unless None."""
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    recognise = scan.recognise
    log = OcrLog()

    def cached(image: Image.Image, where: str) -> Result:
        key = hashlib.sha256(f"{image.size}{image.mode}".encode() + image.tobytes()).hexdigest()[:32]
        entry = None if folder is None else folder / f"{key}.json"
        if entry is not None and entry.exists():
            data = json.loads(entry.read_text(encoding="utf-8"))
            log.cached += 1
        else:
            start = time.perf_counter()
            quads, texts, scores = recognise(image, where)
            data = {"quads": quads, "texts": texts, "scores": scores, "seconds": time.perf_counter() - start}
            if entry is not None:
                entry.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        log.seconds.append(float(data["seconds"]))
        return data["quads"], data["texts"], data["scores"]

    scan.recognise = cached  # type: ignore[assignment]
    return log
