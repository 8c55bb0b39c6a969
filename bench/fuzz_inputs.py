"""Inputs for fuzzing the readers and parsers: small budget-like documents, generated, and ways to mutate them.

Everything here takes a ``random.Random`` so that the long campaign (bench/fuzz.py, one seeded generator per
case) and the property tests (tests/test_fuzz.py, Hypothesis' own ``randoms()``, which it can shrink) draw the
same kinds of inputs. A document is generated from a few table templates and narrative sentences with random
names and amounts; the seeds of ``../shared/seeds`` and the bundled example, when present, are read at run time
as further mutation corpus (never copied). Each format starts from a valid file built from such a document —
a text file, a one-page PDF (WeasyPrint), a workbook (openpyxl), a web page, a Word file (python-docx), a PNG or
TIFF image (Pillow) — and mutates the layer its reader parses: the bytes, the sheet XML and shared strings, the
HTML, the Word body XML, the image header and pixel data.
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from budgetlens.errors import BudgetLensError

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
EXAMPLE = ROOT / "examples" / "sample-department-budget-2026.txt"

FILE_FORMATS = ("text", "pdf", "xlsx", "html", "docx", "image")
FORMATS = (*FILE_FORMATS, "claims", "tables")
SUFFIX = {"text": ".txt", "pdf": ".pdf", "xlsx": ".xlsx", "html": ".html", "docx": ".docx", "image": ".png"}

# What real disclosures and broken extractions contain: the text mutators insert these.
# fmt: off
TOKENS = (
    "\t", "\t\t", "\n", "\r", "\r\n", "\u3000", "\u00a0", "\ufeff", "\u200b", "\x00", "\x0c", "\\",
    "合计", "总计", "小计", "其中：", "单位：万元", "单位：元", "单位：千元", "万元", "元", "%", "％", "‰",
    "（", "）", "(", ")", "、", "一、", "（一）", "1.", "—", "－", "-", "−", "--", "…", "......",
    "０", "１２３", "．", "，", ",", ".", "0", "0.00", "-0.00", "1,234.56", "1.234.56", "12.3.4",
    "9999999999.99", "1e5", "NaN", "inf", "∞", "½", "٣", "²",
    "201", "2010101", "20101", "2080505", "表一", "表二十", "2026年", "2025年度", "第1页", "仅供内部审核",
    "收入总表", "支出总表", "财政拨款收支总表", "项目支出", "三公", "预算收支总表", "决算",
    "增长", "减少", "比上年", "占", "增加", "下降", "持平", "个", "家", "辆", "人",
)
ISSUERS = ("示例市档案局", "样本县文化馆", "某区教育局", "示例省统计局", "样例市卫生健康委员会")
NOUNS = ("一般公共预算", "政府性基金预算", "事业收入", "其他收入", "基本支出", "项目支出", "上年结转")
FUNCTIONS = (
    ("201", "一般公共服务支出"), ("20101", "人大事务"), ("2010101", "行政运行"), ("2010102", "一般行政管理事务"),
    ("207", "文化旅游体育与传媒支出"), ("20701", "文化和旅游"), ("2070101", "行政运行"),
    ("208", "社会保障和就业支出"), ("20805", "行政事业单位养老支出"), ("2080505", "机关事业单位基本养老保险缴费支出"),
    ("221", "住房保障支出"), ("22102", "住房改革支出"), ("2210201", "住房公积金"),
)
# fmt: on


def amount(rng: random.Random, top: int = 5000) -> Decimal:
    return Decimal(rng.randint(0, top * 100)) / 100


def fmt(value: Decimal, rng: random.Random) -> str:
    """A printed amount, now and then with thousands separators or without decimals."""
    if rng.random() < 0.1:
        return f"{value:,.2f}"
    if rng.random() < 0.05:
        return f"{value:.0f}"
    return f"{value:.2f}"


def _income_table(rng: random.Random, year: int) -> list[str]:
    parts = [amount(rng) for _ in range(rng.randint(1, 4))]
    rows = [f"{name}\t{fmt(v, rng)}" for name, v in zip(NOUNS, parts, strict=False)]
    return [f"{year}年预算收入总表", "单位：万元", "项目\t金额", *rows, f"收入合计\t{fmt(sum(parts, Decimal(0)), rng)}"]


def _function_table(rng: random.Random, year: int) -> list[str]:
    picked = sorted(rng.sample(FUNCTIONS, rng.randint(2, len(FUNCTIONS))))
    lines, total = [], Decimal(0)
    for code, name in picked:
        basic, project = amount(rng), amount(rng)
        total += basic + project if len(code) == 3 else 0
        lines.append(f"{code}\t{name}\t{fmt(basic + project, rng)}\t{fmt(basic, rng)}\t{fmt(project, rng)}")
    head = ["科目编码\t科目名称\t合计\t基本支出\t项目支出", f"合计\t\t{fmt(total, rng)}\t\t"]
    return [f"{year}年一般公共预算支出预算表", "单位：万元", *head, *lines]


def _three_public(rng: random.Random, year: int) -> list[str]:
    cars, use = amount(rng, 50), amount(rng, 50)
    values = [amount(rng, 20), cars + use, cars, use, amount(rng, 20)]
    total = values[0] + values[1] + values[4]
    cells = "\t".join(fmt(v, rng) for v in [total, *values])
    return [
        f"{year}年财政拨款安排“三公”经费支出预算表",
        "单位：万元",
        "合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费",
        "\t\t小计\t公务用车购置费\t公务用车运行费\t",
        cells,
    ]


def _two_sided(rng: random.Random, year: int) -> list[str]:
    a, b = amount(rng), amount(rng)
    return [
        f"{year}年财政拨款收支总表",
        "单位：万元",
        "收入\t\t支出\t\t\t",
        "项目\t金额\t项目\t合计\t一般公共预算\t政府性基金预算",
        f"一、一般公共预算\t{fmt(a, rng)}\t一、一般公共服务支出\t{fmt(a + b, rng)}\t{fmt(a, rng)}\t{fmt(b, rng)}",
        f"二、政府性基金预算\t{fmt(b, rng)}\t二、教育支出\t\t\t",
        f"收入总计\t{fmt(a + b, rng)}\t支出总计\t{fmt(a + b, rng)}\t{fmt(a, rng)}\t{fmt(b, rng)}",
    ]


def _projects(rng: random.Random, year: int) -> list[str]:
    names = ("档案数字化经费", "文物保护修缮", "公共文化服务", "信息系统运维")
    picked = rng.sample(names, rng.randint(1, len(names)))
    values = [amount(rng, 300) for _ in picked]
    rows = [f"{n}\t{fmt(v, rng)}\t{fmt(v, rng)}\t\t" for n, v in zip(picked, values, strict=True)]
    total = fmt(sum(values, Decimal(0)), rng)
    return [
        f"{year}年项目支出预算表（本年预算）",
        "单位：万元",
        "项目名称\t合计\t一般公共预算\t政府性基金预算\t单位资金",
        f"合计\t{total}\t{total}\t\t",
        *rows,
    ]


TABLES: tuple[Callable[[random.Random, int], list[str]], ...] = (
    _income_table,
    _function_table,
    _three_public,
    _two_sided,
    _projects,
)


def narrative(rng: random.Random, year: int) -> list[str]:
    """Sentences stating amounts, changes, shares and counts, as a budget's explanation does."""
    total, change = amount(rng), amount(rng, 300)
    share = Decimal(rng.randint(0, 10000)) / 100
    sentences = [
        f"{year}年收入预算总额{fmt(total, rng)}万元，比上年增加{fmt(change, rng)}万元，增长{share}%。",
        f"其中：一般公共预算拨款收入{fmt(amount(rng), rng)}万元，占{share}%；主要原因是人员增加。",
        f"“三公”经费预算数为{fmt(amount(rng, 50), rng)}万元，比上年减少{fmt(amount(rng, 10), rng)}万元。",
        f"机关运行经费{fmt(amount(rng, 200), rng)}万元，比上年持平。",
        f"共有车辆{rng.randint(0, 30)}辆，其中：一般公务用车{rng.randint(0, 9)}辆。",
        f"政府采购预算总额{fmt(amount(rng), rng)}万元，其中：货物{fmt(amount(rng), rng)}万元。",
        f"本部门下属{rng.randint(1, 9)}家行政单位、{rng.randint(0, 9)}个事业单位。",
    ]
    return rng.sample(sentences, rng.randint(2, len(sentences)))


def budget_lines(rng: random.Random, tables: int | None = None) -> list[str]:
    """A small budget disclosure: issuer, title, one to three tables and an explanation."""
    year = rng.choice((2024, 2025, 2026))
    issuer = rng.choice(ISSUERS)
    lines = [issuer, f"{year}年度部门预算公开", "", "第一部分 概况", "一、部门职责", "负责本部门的日常工作。", ""]
    lines += ["第二部分 部门预算表", ""]
    for make in rng.sample(TABLES, tables or rng.randint(1, 3)):
        lines += make(rng, year)
        lines.append("")
    lines += ["第三部分 部门预算情况说明", "一、收入预算情况说明", *narrative(rng, year)]
    return lines


def budget_text(rng: random.Random) -> str:
    return "\n".join(budget_lines(rng)) + "\n"


@cache
def corpus() -> tuple[str, ...]:
    """The seeds of ../shared/seeds and the bundled example, when present (read, never copied)."""
    paths = [*sorted(SEEDS.glob("*.txt")), EXAMPLE] if SEEDS.is_dir() else [EXAMPLE]
    return tuple(p.read_text(encoding="utf-8") for p in paths if p.is_file())


def excerpt(rng: random.Random, text: str, most: int = 120) -> str:
    """A run of at most ``most`` lines of ``text`` starting at a random line (keeps each case cheap)."""
    lines = text.splitlines()
    start = rng.randrange(max(1, len(lines) - most))
    return "\n".join(lines[start : start + rng.randint(10, most)]) + "\n"


def seed_text(rng: random.Random) -> str:
    """A generated document, or (one time in three, when there is one) an excerpt of the corpus."""
    texts = corpus()
    if texts and rng.random() < 0.33:
        return excerpt(rng, rng.choice(texts))
    return budget_text(rng)


# --- mutators ---------------------------------------------------------------------------------------------


def mutate_text(text: str, rng: random.Random, edits: int | None = None) -> str:
    """Character and line edits: tokens inserted, spans deleted, duplicated and swapped, lines repeated."""
    for _ in range(edits if edits is not None else rng.randint(1, 8)):
        if not text:
            text = rng.choice(TOKENS)
            continue
        i = rng.randrange(len(text) + 1)
        kind = rng.randrange(9) if rng.random() < 0.97 else 9
        if kind == 9:  # a long line: does any step take more than linear time?
            text = text[:i] + text[i : i + rng.randint(1, 40)] * rng.randint(50, 400) + text[i:]
        elif kind <= 2:
            text = text[:i] + rng.choice(TOKENS) + text[i:]
        elif kind == 3:
            text = text[:i] + text[i + rng.randint(1, 20) :]
        elif kind == 4:
            j = min(len(text), i + rng.randint(1, 40))
            text = text[:j] + text[i:j] * rng.randint(1, 5) + text[j:]
        elif kind == 5:
            char = chr(rng.choice((rng.randint(0x20, 0x7E), rng.randint(0x3000, 0x9FFF), rng.randint(0x80, 0xD7FF))))
            text = text[:i] + char + text[i + 1 :]
        elif kind == 6:
            lines = text.split("\n")
            k = rng.randrange(len(lines))
            lines[k:k] = [lines[k]] * rng.randint(1, 30)
            text = "\n".join(lines)
        elif kind == 7:
            lines = text.split("\n")
            rng.shuffle(lines) if rng.random() < 0.1 else lines.pop(rng.randrange(len(lines)))
            text = "\n".join(lines)
        elif rng.random() < 0.3:
            text = text[:i]  # cut off
        else:
            text = re.sub(r"\d", lambda _: str(rng.randint(0, 9)), text[:i]) + text[i:]  # other figures
    return text


def mutate_bytes(data: bytes, rng: random.Random, edits: int | None = None) -> bytes:
    """Byte edits: bits flipped, bytes set, spans deleted, repeated and moved, the end cut off."""
    out = bytearray(data)
    for _ in range(edits if edits is not None else rng.randint(1, 8)):
        if not out:
            out += rng.randbytes(rng.randint(1, 16))
            continue
        i = rng.randrange(len(out))
        kind = rng.randrange(8)
        if kind <= 1:
            out[i] ^= 1 << rng.randrange(8)
        elif kind == 2:
            out[i] = rng.choice((0, 0xFF, 0x7F, 0x80, 0x20, 0x0A, 0x3C, 0x30 + rng.randrange(10)))
        elif kind == 3:
            del out[i : i + rng.randint(1, 64)]
        elif kind == 4:
            j = min(len(out), i + rng.randint(1, 64))
            out[j:j] = out[i:j] * rng.randint(1, 4)
        elif kind == 5:
            out[i:i] = rng.choice(TOKENS).encode("utf-8")
        elif kind == 6:
            j = rng.randrange(len(out))
            n = rng.randint(1, 32)
            out[i : i + n] = out[j : j + n]
        else:
            del out[rng.randrange(len(out) // 2, len(out) + 1) :]
    return bytes(out)


def mutate_markup(xml: str, rng: random.Random, attributes: tuple[str, ...]) -> str:
    """Markup edits: a number in an attribute or text made huge, negative or empty, an element repeated,
    a tag dropped or left open, an attribute of ``attributes`` added; then a few text edits."""
    structural = rng.random() < 0.4  # else the markup stays well-formed: only text and numbers change
    for _ in range(rng.randint(1, 5)):
        kind = rng.randrange(5) if structural else rng.choice((0, 0, 5, 5, 5))
        if kind == 5:
            nodes = list(re.finditer(r">([^<>]+)<", xml))
            if nodes:
                m = rng.choice(nodes)
                new = escape(
                    re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", mutate_text(m.group(1), rng, rng.randint(1, 3)))
                )
                xml = xml[: m.start(1)] + new + xml[m.end(1) :]
        elif kind == 0:
            numbers = list(re.finditer(r"\d+", xml))
            if numbers:
                m = rng.choice(numbers)
                new = rng.choice(("0", "-1", "99999999", "4294967296", str(rng.randint(0, 50)), "1" * 30))
                new = new if structural else str(rng.randint(1, 60))
                xml = xml[: m.start()] + new + xml[m.end() :]
        elif kind == 1:
            tags = list(re.finditer(r"<(\w[\w:]*)[^<>]*>[^<]*</\1>", xml))
            if tags:
                m = rng.choice(tags)
                xml = xml[: m.end()] + m.group() * rng.randint(1, 20) + xml[m.end() :]
        elif kind == 2:
            tags = list(re.finditer(r"</?\w[\w:]*[^<>]*>", xml))
            if tags:
                m = rng.choice(tags)
                xml = xml[: m.start()] + xml[m.end() :]
        elif kind == 3:
            opens = list(re.finditer(r"<(\w[\w:]*)(?=[\s>])", xml))
            if opens:
                m = rng.choice(opens)
                value = rng.choice(("0", "-3", "2", "999999", "abc", ""))
                xml = xml[: m.end()] + f' {rng.choice(attributes)}="{value}"' + xml[m.end() :]
        else:
            xml = mutate_text(xml, rng, rng.randint(1, 3))
    return xml


# --- the formats ------------------------------------------------------------------------------------------


def text_case(rng: random.Random) -> bytes:
    text = mutate_text(seed_text(rng), rng)
    data = text.encode(rng.choice(("utf-8", "utf-8", "utf-8", "gb18030")), errors="replace")
    return mutate_bytes(data, rng, rng.randint(1, 4)) if rng.random() < 0.3 else data


def _table_lines(rng: random.Random) -> list[list[str]]:
    """The rows of one to three generated tables (with their titles), as cells."""
    return [line.split("\t") for line in budget_lines(rng, rng.randint(1, 3))]


def html_seed(rng: random.Random) -> str:
    parts = []
    for cells in _table_lines(rng):
        if len(cells) == 1:
            parts.append(f"<p>{cells[0]}</p>")
        else:
            tds = "".join(f"<td>{c}</td>" for c in cells)
            parts.append(f"<table><tr>{tds}</tr></table>")
    body = re.sub(r"</table><table>", "", "".join(parts))
    return f"<html><head><meta charset='utf-8'><title>预算</title></head><body>{body}</body></html>"


def html_case(rng: random.Random) -> bytes:
    html = mutate_markup(html_seed(rng), rng, ("colspan", "rowspan", "style", "hidden"))
    if rng.random() < 0.1:
        html = html.replace("<td>", "<td><div>" * rng.randint(1, 400), 1)
    return html.encode("utf-8", errors="replace")


@cache
def xlsx_seed(seed: int) -> bytes:
    from openpyxl import Workbook

    rng = random.Random(seed)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for cells in _table_lines(rng):
        sheet.append([_cell_value(c) for c in cells])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell_value(text: str) -> str | float:
    try:
        return float(text.replace(",", "")) if re.fullmatch(r"-?[\d,]+\.\d+", text) else text
    except ValueError:
        return text


def mutate_zip(data: bytes, rng: random.Random, members: tuple[str, ...], attributes: tuple[str, ...]) -> bytes:
    """Rewrite a zip with one or more of ``members`` mutated (as markup or as bytes); now and then the zip
    itself is mutated too."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    present = [m for m in members if m in source.namelist()]
    chosen = set(rng.sample(present, rng.randint(1, len(present)))) if present else set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename in chosen:
                if rng.random() < 0.9:
                    content = mutate_markup(content.decode("utf-8"), rng, attributes).encode("utf-8", "replace")
                else:
                    content = mutate_bytes(content, rng)
            out.writestr(info.filename, content)
    result = buffer.getvalue()
    return mutate_bytes(result, rng, rng.randint(1, 3)) if rng.random() < 0.1 else result


def xlsx_case(rng: random.Random) -> bytes:
    members = ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml", "xl/styles.xml")
    return mutate_zip(xlsx_seed(rng.randrange(8)), rng, members[: rng.choice((1, 2, 2, 4))], ("r", "t", "s", "ref"))


@cache
def docx_seed(seed: int) -> bytes:
    from docx import Document

    rng = random.Random(seed)
    doc = Document()
    table_rows: list[list[str]] = []
    for cells in [*_table_lines(rng), [""]]:
        if len(cells) > 1:
            table_rows.append(cells)
            continue
        if table_rows:
            width = max(len(r) for r in table_rows)
            table = doc.add_table(rows=len(table_rows), cols=width)
            for r, row in enumerate(table_rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
            table_rows = []
        if cells[0]:
            doc.add_paragraph(cells[0])
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def docx_case(rng: random.Random) -> bytes:
    members = ("word/document.xml", "word/styles.xml", "[Content_Types].xml")
    attributes = ("w:gridSpan", "w:vMerge", "w:val", "w:hidden")
    return mutate_zip(docx_seed(rng.randrange(8)), rng, members[: rng.choice((1, 1, 3))], attributes)


@cache
def image_seed(seed: int) -> bytes:
    """A small page image: a ruled grid with digits drawn in it, as PNG or TIFF."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("L", (rng.randint(40, 240), rng.randint(24, 120)), 255)
    draw = ImageDraw.Draw(image)
    for x in range(0, image.width, rng.randint(30, 80)):
        draw.line([(x, 0), (x, image.height)], fill=0)
    for y in range(0, image.height, 20):
        draw.line([(0, y), (image.width, y)], fill=0)
        draw.text((4, y + 4), fmt(amount(rng), rng), fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG" if seed % 2 == 0 else "TIFF")
    return buffer.getvalue()


def mutate_png_header(data: bytes, rng: random.Random) -> bytes:
    """Set the width or height of a PNG's IHDR (with a valid CRC, so the decoder believes it)."""
    if not data.startswith(b"\x89PNG") or len(data) < 33:
        return data
    body = bytearray(data[12:29])  # b"IHDR" + 13 bytes
    field = rng.choice((4, 8, 12, 13, 14, 15, 16))  # width, height, depth, colour type, …
    if field in (4, 8):
        body[field : field + 4] = struct.pack(">I", rng.choice((0, 1, 65535, 2**31 - 1, rng.randint(1, 20000))))
    else:
        body[field] = rng.randrange(256)
    crc = struct.pack(">I", zlib.crc32(bytes(body)) & 0xFFFFFFFF)
    return data[:12] + bytes(body) + crc + data[33:]


def image_case(rng: random.Random) -> bytes:
    data = image_seed(rng.randrange(8))
    if rng.random() < 0.4:
        data = mutate_png_header(data, rng)
    if rng.random() < 0.6:
        data = mutate_bytes(data, rng, rng.randint(1, 4))
    return data


@cache
def pdf_seed(seed: int) -> bytes:
    """A one-page PDF of a generated document (WeasyPrint, the CJK font of the test fixtures)."""
    from weasyprint import HTML

    css = "body { font-family: 'Noto Sans CJK SC'; font-size: 9pt; } td { border: 0.5pt solid #000; }"
    html = html_seed(random.Random(seed)).replace("<head>", f"<head><style>{css}</style>")
    return bytes(HTML(string=html).write_pdf())


def pdf_case(rng: random.Random) -> bytes:
    data = pdf_seed(rng.randrange(2))
    if rng.random() < 0.3:  # the objects' numbers: offsets, lengths, counts, sizes
        numbers = list(re.finditer(rb"(?<=[ /\[])\d+(?=[ \]\n\r])", data[:200_000]))
        for m in rng.sample(numbers, min(len(numbers), rng.randint(1, 4))):
            new = str(rng.choice((0, 1, -1, 2**31, rng.randint(0, 99999)))).encode()
            data = data[: m.start()] + new.ljust(len(m.group()))[: max(len(m.group()), len(new))] + data[m.end() :]
    return mutate_bytes(data, rng, rng.randint(1, 6))


def claims_case(rng: random.Random) -> bytes:
    sentences = "\n".join(narrative(rng, rng.choice((2025, 2026))))
    return mutate_text(sentences, rng).encode("utf-8")


def tables_case(rng: random.Random) -> bytes:
    return mutate_text(seed_text(rng), rng, rng.randint(1, 12)).encode("utf-8")


MAKERS: dict[str, Callable[[random.Random], bytes]] = {
    "text": text_case,
    "pdf": pdf_case,
    "xlsx": xlsx_case,
    "html": html_case,
    "docx": docx_case,
    "image": image_case,
    "claims": claims_case,
    "tables": tables_case,
}


def make_case(fmt_name: str, rng: random.Random) -> bytes:
    """The bytes of one mutated input of format ``fmt_name`` (a file's content, or UTF-8 lines for the
    claim and table parsers)."""
    return MAKERS[fmt_name](rng)


# --- running one case -------------------------------------------------------------------------------------

CLAIMS_TITLE = "三、收入预算情况说明"


def run_case(fmt_name: str, data: bytes, folder: Path) -> BudgetLensError | None:
    """Feed one input to its entry: None when a document (or the claims) came out, the tool's one-line
    error when it refused the input. Any other exception is a crash and propagates."""
    from budgetlens.check.runner import run_checks
    from budgetlens.pipeline import interpret, run
    from budgetlens.read.raw import RawDocument
    from budgetlens.read.text import to_lines

    try:
        if fmt_name == "claims":
            from budgetlens.parse.claims import extract_claims

            paragraphs = list(enumerate(data.decode("utf-8").splitlines(), start=1))
            extract_claims(CLAIMS_TITLE, paragraphs, None)
            return None
        if fmt_name == "tables":
            lines = to_lines(data.decode("utf-8"))
            run_checks(interpret(RawDocument(source="<lines>", sha256="", format="text", lines=lines)))
            return None
    except BudgetLensError as exc:
        return _one_line(exc)
    path = folder / f"case{SUFFIX[fmt_name]}"
    path.write_bytes(data)
    result = run(path)
    return None if result.error is None else _one_line(result.error)


class MultiLineError(Exception):
    """The tool's error spans more than one line: a crash of the one-line promise."""


def _one_line(exc: BudgetLensError) -> BudgetLensError:
    if "\n" in exc.message_zh.strip() or "\n" in exc.message_en.strip():
        raise MultiLineError(exc.message_en) from exc
    return exc


# --- OCR output, for fuzzing the scan layout without the OCR engine's seconds per page -------------------


def synthetic_recognise(image: object, where: str) -> tuple[list[list[list[float]]], list[str], list[float]]:
    """Text boxes as an OCR engine might return them for ``image``: rows of cells with amounts, labels and
    tokens, some skewed, overlapping or outside the page, with any confidence (drawn from the image's pixels)."""
    from PIL import Image

    assert isinstance(image, Image.Image)
    rng = random.Random(zlib.crc32(image.tobytes()[:65536]) ^ image.width << 16 ^ image.height)
    width, height = max(image.width, 1), max(image.height, 1)
    quads, texts, scores = [], [], []
    lines = [line.split("\t") for line in budget_lines(rng) if line] if rng.random() < 0.8 else []
    lines = lines[: rng.randint(0, 40)]
    step = height / max(len(lines), 1)
    for r, cells in enumerate(lines):
        top = r * step
        tilt = rng.choice((0.0, 0.0, rng.uniform(-3, 3)))
        for c, text in enumerate(cells):
            if not text or rng.random() < 0.05:
                continue
            x0 = c * width / len(cells) + rng.uniform(-2, 2)
            x1 = x0 + rng.uniform(1, width / len(cells))
            y0, y1 = top + rng.uniform(-1, 1), top + step * rng.uniform(0.3, 1.2)
            quads.append([[x0, y0], [x1, y0 + tilt], [x1, y1 + tilt], [x0, y1]])
            texts.append(mutate_text(text, rng, rng.randint(1, 2)) if rng.random() < 0.2 else text)
            scores.append(rng.choice((1.0, 0.99, 0.95, rng.random())))
    return quads, texts, scores


def synthetic_recognise_cut_out(image: object) -> tuple[str, float]:
    """A cut-out recognised as an amount or a token, with any confidence."""
    rng = random.Random(len(getattr(image, "shape", ())) + int(getattr(image, "size", 0)))
    return rng.choice((fmt(amount(rng), rng), *TOKENS[:20])), rng.random()
