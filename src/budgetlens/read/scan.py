"""OCR reader for scans: page images and image-only PDFs, read with RapidOCR's bundled Chinese models.

Each page is recognised into text boxes, the boxes are laid out into lines as the text reader would
give them (``ocr_layout``, with ``ruling`` for ruled tables), and every line keeps its page, its box
in PDF points (pixels converted at the page's resolution) and the OCR confidence of each cell.
Only unambiguous print variants are normalised here (full-width digits, a full-width comma or point
between digits); anything that changes a value is left to the parsers, which mark their repairs.

What a scan will cost is checked before it is paid (``budgetlens.limits``): an image's frames are
counted and each frame's pixels read from its header before it is decoded, a PDF's pages are counted
before one is rendered, and a page with no ink (no pixel darker than paper, seen at low resolution)
is never sent to OCR, so only the pages that are — at most ``max_ocr_pages`` — take seconds each.
"""

from __future__ import annotations

import hashlib
import re
import statistics
import warnings
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from budgetlens.errors import ReadError
from budgetlens.extras import needs
from budgetlens.limits import LimitExceeded, check, current

with needs("scan"):  # numpy and Pillow come with the OCR extra's packages; the modules below use them too
    import numpy as np
    from PIL import Image, ImageOps, UnidentifiedImageError

    from budgetlens.read.ocr_gaps import recover
    from budgetlens.read.ocr_layout import LayoutLine, Quad, estimate_skew, layout, make_boxes
    from budgetlens.read.progress import pages_done
    from budgetlens.read.ruling import find_tables, page_ink

from budgetlens.read.raw import BBox, Line, RawDocument
from budgetlens.read.scan_pages import assemble, drop_furniture
from budgetlens.read.text import read_bytes

if TYPE_CHECKING:
    from pypdfium2 import PdfDocument  # type: ignore[import-untyped]
    from rapidocr import RapidOCR

RENDER_DPI = 200  # scanned PDF pages are rendered at this resolution for OCR (~3.5 s per page here)
INK_DPI = 50  # a PDF page is rendered at this resolution to see whether it has ink (a few ms a page)
INK = 160  # a pixel darker than this is ink (paper, even greyish, is lighter; print at 50 dpi reaches 0–20)
LOW_CONFIDENCE = 0.9  # cells recognised with less confidence than this are listed in the notes
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_COMMA_IN_NUMBER = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")
_POINT_IN_NUMBER = re.compile(r"(?<=\d)．(?=\d)")


@cache
def engine() -> RapidOCR:
    """The process's OCR engine (created once: loading the models takes seconds); MissingExtra without OCR."""
    with needs("scan"):
        import onnxruntime  # type: ignore[import-untyped]  # noqa: F401  (rapidocr's engine, undeclared by it)
        from rapidocr import RapidOCR

        # The defaults are the Chinese models shipped in the wheel; any other choice would download.
        return RapidOCR(params={"Global.log_level": "error"})


def recognise(image: Image.Image, where: str) -> tuple[list[Quad], list[str], list[float]]:
    """Text boxes of a page image: corners, texts and confidences; ReadError when the engine fails."""
    ocr = engine()  # first: it says what is missing when OCR is not installed
    from rapidocr.utils.output import RapidOCROutput

    try:  # the engine keeps the steps of its last call: detection and orientation are asked for each time
        result = ocr(image, use_det=True, use_cls=True, use_rec=True)
    except Exception as exc:  # a failing model run must not escape as a traceback
        raise ReadError(f"{where}: OCR 识别失败（{exc}）", f"{where}: OCR failed ({exc})") from exc
    if not isinstance(result, RapidOCROutput) or result.boxes is None or result.txts is None:
        return [], [], []
    return result.boxes.tolist(), list(result.txts), [float(s) for s in result.scores or ()]


def recognise_cut_out(image: np.ndarray) -> tuple[str, float]:
    """The text of a small cut-out of a page (one run of glyphs), recognised without detection."""
    from rapidocr.ch_ppocr_rec.typings import TextRecOutput

    try:
        result = engine()(image, use_det=False, use_cls=False)
    except Exception:  # a failing cut-out costs that text only, never the page
        return "", 0.0
    if not isinstance(result, TextRecOutput) or not result.txts:
        return "", 0.0
    return clean_ocr_text(result.txts[0]), float((result.scores or (0.0,))[0])


def clean_ocr_text(text: str) -> str:
    """Normalise print variants that cannot change a value: full-width digits, ，/． between digits."""
    text = text.translate(_FULL_WIDTH_DIGITS)
    text = _COMMA_IN_NUMBER.sub(",", text)
    return _POINT_IN_NUMBER.sub(".", text).strip()


def ocr_page(image: Image.Image, page: int, dpi: float, first_no: int = 1, where: str = "") -> list[Line]:
    """The lines of one page image, numbered from ``first_no``; bbox in points at ``dpi``."""
    rgb = image.convert("RGB")
    quads, raw_texts, scores = recognise(rgb, f"{where} 第{page}页")
    texts = [clean_ocr_text(t) for t in raw_texts]
    centre = (rgb.width / 2, rgb.height / 2)
    angle = estimate_skew(quads)
    boxes = [b for b in make_boxes(quads, texts, scores, angle, centre) if b.text]
    text_height = statistics.median(b.height for b in boxes) if boxes else 0.0
    grey, binary = page_ink(rgb, angle, centre)
    tables = find_tables(binary, text_height)
    if binary is not None:
        boxes += recover(grey, binary, boxes, tables, text_height, angle, centre, recognise_cut_out)
    scale = 72 / dpi
    return [_line(first_no + i, ln, page, scale) for i, ln in enumerate(layout(boxes, tables))]


def _line(no: int, line: LayoutLine, page: int, scale: float) -> Line:
    x0, top, x1, bottom = line.bbox
    bbox: BBox = (round(x0 * scale, 2), round(top * scale, 2), round(x1 * scale, 2), round(bottom * scale, 2))
    return Line(no=no, text="\t".join(line.cells), cells=line.cells, page=page, bbox=bbox, confidence=line.confidence)


def low_confidence_note(lines: list[Line]) -> list[str]:
    weak = [(ln, c, s) for ln in lines for c, s in zip(ln.cells, ln.confidence, strict=True) if s < LOW_CONFIDENCE]
    if not weak:
        return []
    shown = "; ".join(f"第{ln.page}页第{ln.no}行“{c}”({s:.2f})" for ln, c, s in weak[:5])
    more = f" 等 {len(weak)} 处" if len(weak) > 5 else ""
    return [f"OCR 置信度低于 {LOW_CONFIDENCE} 的单元格：{shown}{more}"]


def _document(path: Path, data: bytes, pages: list[list[Line]], what: str, blank: int = 0) -> RawDocument:
    assembly = assemble(pages)
    notes = [
        f"{what}：共 {len(pages) - blank} 页经 OCR 识别（RapidOCR），数字请以原件为准；"
        f"跨页续表拼接 {assembly.stitched} 处，删去页码和页眉页脚 {assembly.furniture} 行"
    ]
    if blank:
        notes.append(f"空白页（没有墨迹）{blank} 页，未经 OCR")
    return RawDocument(
        source=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format="scan",
        lines=assembly.lines,
        pages=len(pages),
        notes=notes + low_confidence_note(assembly.lines),
    )


def _open(path: Path) -> Image.Image:
    """Open an image lazily (header only); over ``max_pixels`` (Pillow's bomb guard set to it) is refused."""
    Image.MAX_IMAGE_PIXELS = current().max_pixels  # Pillow warns past this and refuses past twice this
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(path)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            stated = re.search(r"\((\d+) pixels\)", str(exc))
            raise _too_many_pixels(path, "", "the image", stated.group(1) if stated else "?") from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise ReadError(f"{path}: 图像文件无法识别（{exc}）", f"{path}: unreadable image ({exc})") from exc
    try:
        _check_size(path, image.width, image.height, "第1帧", "frame 1")
    except LimitExceeded:
        image.close()
        raise
    return image


def frame_count(path: Path, image: Image.Image) -> int:
    """The frames of an opened image, counted from their headers; LimitExceeded past ``max_frames``.

    A TIFF's frames are counted by walking its directory chain, one step each, and no further than
    one frame past the limit (Pillow's ``n_frames`` would walk a chain of any length first).
    """
    limit = current().max_frames
    if image.format != "TIFF":
        count = int(getattr(image, "n_frames", 1))
    else:
        count = 1
        while count <= limit:
            try:
                image.seek(count)  # frames are numbered from 0: this is frame count + 1
            except EOFError:
                break
            count += 1
        image.seek(0)
    if count > limit:
        found = f">{limit}" if image.format == "TIFF" else count  # a TIFF's chain is walked no further
        raise LimitExceeded(str(path), "多页图像的帧数", "frames of the multi-page image", found, "max_frames")
    return count


def _load_frame(path: Path, image: Image.Image, index: int) -> Image.Image:
    """The image at frame ``index`` (0-based), its pixels checked from the header, then decoded."""
    image.seek(index)
    _check_size(path, image.width, image.height, f"第{index + 1}帧", f"frame {index + 1}")
    image.load()
    return image


def _frame(path: Path, image: Image.Image, index: int) -> tuple[Image.Image, float]:
    """Frame ``index`` (0-based) decoded, upright as shown (phone photos), with its resolution in dpi."""
    frame = _load_frame(path, image, index)
    dpi = frame.info.get("dpi", (72, 72))[0] or 72
    return ImageOps.exif_transpose(frame.copy()), float(dpi)


def has_ink(image: Image.Image) -> bool:
    """Whether any pixel of the image is darker than paper: a page without is blank and is not OCR'd."""
    darkest, _ = image.convert("L").getextrema()
    return bool(darkest < INK)  # type: ignore[operator]  # an L image's extrema are two ints


def _check_size(path: Path, width: int, height: int, where_zh: str, where_en: str) -> None:
    if width * height > current().max_pixels:
        raise _too_many_pixels(path, where_zh, where_en, f"{width}×{height}")


def _too_many_pixels(path: Path, where_zh: str, where_en: str, found: str) -> LimitExceeded:
    return LimitExceeded(str(path), f"{where_zh}图像的像素数", f"the pixels of {where_en}", found, "max_pixels")


def _check_ocr_pages(path: Path, inked: int) -> None:
    check(str(path), "max_ocr_pages", inked, "需 OCR 识别的页数（每页数秒）", "pages to OCR (seconds each)")


def _all_blank(path: Path, count: int) -> ReadError:
    if count == 1:
        return ReadError(f"{path}: 图像是空白的（没有墨迹），未识别出任何文字", f"{path}: the image is blank (no ink)")
    return ReadError(
        f"{path}: 全部 {count} 页均为空白（没有墨迹），未识别出任何文字",
        f"{path}: all {count} pages are blank (no ink); there is no text to recognise",
    )


def read_image(path: Path) -> RawDocument:
    """OCR a PNG/JPEG/TIFF/BMP scan (every frame of a multi-page TIFF); raise ReadError when unreadable."""
    data = read_bytes(path)
    with _open(path) as image:
        try:
            count = frame_count(path, image)
            inked = [i for i in range(count) if has_ink(_load_frame(path, image, i))]  # each decoded, then let go
            if not inked:
                raise _all_blank(path, count)
            _check_ocr_pages(path, len(inked))
            pages: list[list[Line]] = [[] for _ in range(count)]
            stated_dpi = True
            next_no = 1
            pages_done(0, len(inked))
            for done, index in enumerate(inked, start=1):
                frame, dpi = _frame(path, image, index)
                stated_dpi = stated_dpi and "dpi" in frame.info
                pages[index] = ocr_page(frame, index + 1, dpi, next_no, str(path))
                next_no += len(pages[index])
                pages_done(done, len(inked))
        except (OSError, SyntaxError, ValueError, EOFError, TypeError) as exc:  # TypeError: a frame without a size
            raise ReadError(f"{path}: 图像文件已损坏（{exc}）", f"{path}: corrupt image ({exc})") from exc
    if not any(pages):
        raise ReadError(f"{path}: 图像中未识别出任何文字", f"{path}: no text recognised in the image")
    doc = _document(path, data, pages, "扫描图像", count - len(inked))
    if not stated_dpi:
        doc.notes.append("图像未标明分辨率，坐标按 72 dpi（1 像素 = 1 点）换算")
    return doc


def read_scanned_pdf(path: Path) -> RawDocument:
    """OCR every page with ink of an image-only PDF, rendered at RENDER_DPI; raise ReadError when unreadable."""
    data = read_bytes(path)
    with _open_pdf(path, data) as pdf:
        count = len(pdf)
        check(str(path), "max_pages", count, "PDF 的页数", "pages of the PDF")
        inked = _inked(pdf, range(1, count + 1), path)
        if not inked:
            raise _all_blank(path, count)
        _check_ocr_pages(path, len(inked))
        engine()  # says what is missing when OCR is not installed, before any page is rendered for it
        pages: list[list[Line]] = [[] for _ in range(count)]
        next_no = 1
        pages_done(0, len(inked))
        for done, number in enumerate(inked, start=1):
            pages[number - 1] = ocr_pdf_page(pdf, number, next_no, path)
            next_no += len(pages[number - 1])
            pages_done(done, len(inked))
    return _document(path, data, pages, "扫描版 PDF", count - len(inked))


def inked_pages(path: Path, numbers: Sequence[int]) -> list[int]:
    """Those of the pages (1-based) of a PDF that have ink; the others are blank and need no OCR."""
    with _open_pdf(path, read_bytes(path)) as pdf:
        return _inked(pdf, numbers, path)


def _inked(pdf: PdfDocument, numbers: Iterable[int], path: Path) -> list[int]:
    return [n for n in numbers if has_ink(_render(pdf, n, INK_DPI, path, grey=True))]


def ocr_pdf_pages(path: Path, numbers: Sequence[int]) -> dict[int, list[Line]]:
    """OCR some pages (1-based) of a PDF, e.g. the image pages of one with a text layer, page numbers dropped."""
    pages: dict[int, list[Line]] = {}
    pages_done(0, len(numbers))
    with _open_pdf(path, read_bytes(path)) as pdf:
        for number in numbers:
            pages[number] = drop_furniture(ocr_pdf_page(pdf, number, 1, path))
            pages_done(len(pages), len(numbers))
    return pages


def ocr_pdf_page(pdf: PdfDocument, number: int, first_no: int, path: Path) -> list[Line]:
    """Render one page (1-based) at RENDER_DPI and OCR it."""
    return ocr_page(_render(pdf, number, RENDER_DPI, path), number, RENDER_DPI, first_no, str(path))


def _render(pdf: PdfDocument, number: int, dpi: int, path: Path, grey: bool = False) -> Image.Image:
    """One page (1-based) as an image at ``dpi``, its pixels checked against the limit before it is rendered."""
    import pypdfium2 as pdfium

    page = pdf[number - 1]
    width, height = page.get_size()
    _check_size(path, round(width * dpi / 72), round(height * dpi / 72), f"第{number}页", f"page {number}")
    try:
        image: Image.Image = page.render(scale=dpi / 72, grayscale=grey).to_pil()
    except pdfium.PdfiumError as exc:
        raise ReadError(
            f"{path}: 第{number}页无法渲染（{exc}）", f"{path}: page {number} cannot be rendered ({exc})"
        ) from exc
    return image


@contextmanager
def _open_pdf(path: Path, data: bytes) -> Iterator[PdfDocument]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ReadError(
            f"{path}: PDF 文件已损坏或无法打开（{exc}）", f"{path}: corrupt or unreadable PDF ({exc})"
        ) from exc
    try:
        yield pdf
    finally:
        pdf.close()
