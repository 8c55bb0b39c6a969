"""“三公” budget tables printed with the items as columns, turned to the items-as-rows form.

Many templates print the 三公 budget as one wide row under a merged header::

    合计 | 因公出国（境）费 | 公务用车购置及运行费           | 公务接待费
         |                 | 小计 | 公务用车购置费 | 公务用车运行费 |

The model (and every 三公 rule) reads it as rows: one item per row, 合计 as the total row, the parts
of 公务用车购置及运行费 under it. Each printed data line becomes a column (its label: the line's
text cells, such as 2026年预算数, or the header's banner, or 预算数); every item row keeps the
number of a line its values were printed on (of several, the latest year's), so findings point at
the printed line.
"""

from __future__ import annotations

import re

from budgetlens.parse.columns import header_paths
from budgetlens.parse.numbers import is_amount, is_blank
from budgetlens.read.raw import Line

ITEM_WORDS = ("因公出国", "公务用车", "公务接待", "机关运行经费")
SUBTOTAL_WORDS = ("小计",)
TOTAL_WORDS = ("合计", "总计")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
_BANNER = re.compile(r"^(?:\d{4}年)?(?:预算数|预算|金额)$")
_AMOUNT_HEADS = ("决算数", "执行数", "上年预算数")  # a year's figure under an item, not a part of it
_YEAR_PREFIX = re.compile(r"^\d{4}年度?")
_BANNER_SUFFIX = re.compile(r"(?:预算数|预算|金额)$")


def _is_item(word: str) -> bool:
    return word.startswith(ITEM_WORDS) or word in TOTAL_WORDS or word in SUBTOTAL_WORDS


def _has_amount(line: Line) -> bool:
    return any(is_amount(c) for c in line.cells)


def items_as_columns(lines: list[Line]) -> bool:
    """A header line (above the first line with amounts) names two or more 三公 items in its cells."""
    for line in lines:
        if _has_amount(line):
            return False
        named = {w for c in line.cells for w in ITEM_WORDS if re.sub(r"\s+", "", c).startswith(w)}
        if len(named) >= 2:
            return True
    return False


def _bare(word: str) -> str:
    """A header word without its year and banner (2024年机关运行经费预算数 → 机关运行经费)."""
    bare = _YEAR_PREFIX.sub("", word)
    return _BANNER_SUFFIX.sub("", bare) or bare


def _item_names(paths: list[list[str]], amount_cols: list[int]) -> dict[int, str]:
    """Row name per amount column: the item word of its path, parts of an item with a circled digit.

    A column under an item's group header is a part of that item (公务用车购置及运行费 → 购置费, in the
    printed words, whatever they are), except its 小计, which is the item itself; 合计 above an item
    is only a banner.
    """
    names: dict[int, str] = {}
    parts: dict[str, int] = {}
    for j in amount_cols:
        words = [_bare(w) for w in paths[j]]
        items = [i for i, w in enumerate(words) if _is_item(w)]
        if not items:
            continue
        at = next((i for i in items if words[i] not in TOTAL_WORDS), items[0])
        below = [w for w in words[at + 1 :] if not _BANNER.match(w) and w not in _AMOUNT_HEADS]
        if not below or below[-1] in SUBTOTAL_WORDS:
            names[j] = words[at]
        else:
            n = parts.get(words[at], 0)
            parts[words[at]] = n + 1
            names[j] = CIRCLED[n % len(CIRCLED)] + below[-1]
    return names


def _year(label: str) -> int:
    found = re.match(r"^(\d{4})年", label)
    return int(found.group(1)) if found else 0


def _banner(paths: list[list[str]]) -> str:
    for path in paths:
        for word in path:
            if _BANNER.match(word):
                return word
    return "预算数"


def to_rows(lines: list[Line]) -> list[Line]:
    """The block's lines with items as rows; the lines unchanged when the layout is not recognised."""
    first = next((i for i, ln in enumerate(lines) if _has_amount(ln)), None)
    if first is None or first == 0 or not items_as_columns(lines):
        return lines
    head, body = lines[:first], [ln for ln in lines[first:] if _has_amount(ln)]
    width = max(len(ln.cells) for ln in lines)
    paths = header_paths([list(ln.cells) + [""] * (width - len(ln.cells)) for ln in head])
    cells = [list(ln.cells) + [""] * (width - len(ln.cells)) for ln in body]
    label_cols = [j for j in range(width) if any(not is_blank(c[j]) and not is_amount(c[j]) for c in cells)]
    names = _item_names(paths, [j for j in range(width) if j not in label_cols])
    if len(names) < 2:
        return lines
    if label_cols:
        labels = ["".join(c[j] for j in label_cols) for c in cells]
    elif len(body) == 1:
        labels = [_banner(paths)]
    else:
        return lines
    out = [Line(no=head[0].no, text="\t".join(["项目", *labels]), cells=("项目", *labels), page=head[0].page)]
    source = body[max(range(len(body)), key=lambda i: (_year(labels[i]) if label_cols else 0, -i))]
    for j, name in names.items():
        values = tuple(c[j] for c in cells)
        refs = tuple(ln.cell_refs[j] if j < len(ln.cell_refs) else "" for ln in body)
        out.append(
            Line(
                no=source.no,
                text="\t".join([name, *values]),
                cells=(name, *values),
                page=source.page,
                bbox=source.bbox,
                sheet=source.sheet,
                cell_refs=("", *refs) if source.cell_refs else (),
            )
        )
    return out
