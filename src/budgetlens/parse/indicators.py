"""Indicator rows of the performance tables (绩效指标): classify cells, pair names with values, parse values.

The printed rows shift their cells by arbitrary columns and the 实施期/年度 triples are not aligned, so
nothing here trusts column positions except as a last resort: every cell is classified by its text
(一级 label, 二级 label, value, name …) and names are paired with the value that follows them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from budgetlens.model import Indicator, Location
from budgetlens.read.raw import Line

IMPLEMENTATION = "implementation"  # 实施期
ANNUAL = "annual"  # 年度

LEVEL1 = frozenset({"产出指标", "效益指标", "满意度指标"})
LEVEL2 = frozenset(
    {
        "数量指标",
        "质量指标",
        "时效指标",
        "成本指标",
        "经济效益指标",
        "社会效益指标",
        "生态效益指标",
        "可持续影响指标",
        "可持续性影响指标",
        "可持续发展指标",
        "服务对象满意度指标",
        "经济效益",
        "社会效益",
        "生态效益",
        "可持续影响",
        "可持续性影响",
        "可持续发展影响",
        "可持续发展",
        "服务对象满意度",
        "双碳目标",
        "经济目标",
        "支出指标",
        "经济利益",
        "经济收益",
    }
)
LEVEL1_OF = {
    **dict.fromkeys(("数量指标", "质量指标", "时效指标", "成本指标"), "产出指标"),
    **dict.fromkeys(("服务对象满意度指标", "服务对象满意度"), "满意度指标"),
    **{label: "效益指标" for label in LEVEL2 if "效益" in label or "可持续" in label},
    **dict.fromkeys(("双碳目标", "经济目标", "经济利益", "经济收益"), "效益指标"),
}
HEADER_WORDS = frozenset({"一级指标", "二级指标", "三级指标", "指标值"})
MARKERS = frozenset({"绩效指标", "绩效", "指标", "年度绩效指标"})

_COMPARATORS = {"≥": "≥", "≤": "≤", ">": ">", "<": "<", "=": "=", "＞": ">", "＜": "<", "≧": "≥", "≦": "≤", "＝": "="}
_NUMBER = re.compile(r"^([≥≤><=＞＜≧≦＝]?)(\d+(?:,\d{3})*(?:\.\d+)?)(.*)$")
# What may follow a number: units, rates and date phrases (个, 元/人/天, 年12月底前, 人、次 …).
_UNIT = re.compile(
    r"^[%‰％个人次批元年月日天台套份家条笔件张把块场册种名辆栋户支分米平方万亿千百小时工作度内前底之全后起止至季旬"
    r"初末号周期项所间处座吨公里升位篇轮/、·.\d]+$"
)
# Any single character after a number is a counter (页, 卷, 册 …), also in rates such as 卷/年.
_COUNTER = re.compile(r"^[\u4e00-\u9fff](?:[/、][\u4e00-\u9fff]{1,2})*$")
_EVAL_HEAD = "有效|不断|持续|稳步|逐步|逐年|逐渐|长期|显著|明显|进一步|大幅|全面|基本"
_EVAL_VERB = (
    "提高|提升|改善|保障|消除|控制|遏制|向好|加强|增强|增加|优化|完善|降低|减少|健全|下降|规范|可控|好转|发展|落实"
)
_TEXT_VALUE = (
    re.compile(rf"^(?:{_EVAL_HEAD})(?:{_EVAL_VERB})*%?$"),
    re.compile(rf"^(?:{_EVAL_VERB})\S{{0,2}}%?$"),
    re.compile(
        r"^(?:按|每|约|各|均为|委托|足额|足月|及时|全年|当年|次月|年底|合同|法定|一次性|可持续|良好|合格|优秀|达标|"
        r"健全|专业|内容|是|否|无)\S{0,10}$"
    ),
)


def cells_of(line: Line) -> tuple[str, ...]:
    """The line's cells (split from its text when the reader gave none)."""
    return line.cells or tuple(c.strip() for c in line.text.split("\t"))


def compact(text: str) -> str:
    """The text without any whitespace (labels are printed with stray spaces: 产出 指标)."""
    return re.sub(r"\s+", "", text)


@dataclass(frozen=True, slots=True)
class ParsedValue:
    """A 指标值 split into comparator, number and unit; ``malformed`` for digit-led text such as 1降低."""

    comparator: str | None
    number: Decimal | None
    unit: str | None
    malformed: bool = False


def parse_value(raw: str) -> ParsedValue:
    """Split a printed 指标值: ``≥300批次`` → (≥, 300, 批次); ``100%`` → (None, 100, %)."""
    text = compact(raw)
    match = _NUMBER.match(text)
    if not match:
        comparator = _COMPARATORS.get(text[:1]) if text else None
        return ParsedValue(comparator, None, None)
    sign, digits, tail = match.groups()
    comparator = _COMPARATORS.get(sign) if sign else None
    if tail and not (_UNIT.match(tail) or _COUNTER.match(tail)):
        return ParsedValue(comparator, None, None, malformed=True)
    return ParsedValue(comparator, Decimal(digits.replace(",", "")), tail or None)


class Kind(Enum):
    """What a cell of an indicator row is."""

    LEVEL1 = "level1"
    LEVEL2 = "level2"
    HEADER = "header"  # 一级指标 / 二级指标 / 三级指标 / 指标值
    MARKER = "marker"  # the row label 绩效指标 (also split as 绩效 … 指标)
    NUMBER = "number"  # comparator or number with a plausible unit
    DIGIT_TEXT = "digit_text"  # starts with a digit but is no number: 1降低, 3.15宣传活动
    TEXT_VALUE = "text_value"  # short evaluative text: 有效保障, 按月发放, 合同价
    TEXT = "text"


def classify(cell: str) -> Kind:
    text = compact(cell)
    if text in LEVEL1:
        return Kind.LEVEL1
    if text in LEVEL2:
        return Kind.LEVEL2
    if text in HEADER_WORDS:
        return Kind.HEADER
    if text in MARKERS:
        return Kind.MARKER
    if text[:1] in _COMPARATORS:
        return Kind.NUMBER
    if text[:1].isdigit():
        return Kind.NUMBER if parse_value(text).number is not None else Kind.DIGIT_TEXT
    if any(p.match(text) for p in _TEXT_VALUE):
        return Kind.TEXT_VALUE
    return Kind.TEXT


_VALUE_KINDS = frozenset({Kind.NUMBER, Kind.DIGIT_TEXT, Kind.TEXT_VALUE})


@dataclass(slots=True)
class _Pair:
    """A name and the value that follows it (None while the row has not given one)."""

    name: str
    name_col: int
    line: int
    level1: str | None
    labels: list[str]  # 二级 labels printed since the previous pair of the row
    value: str | None = None
    value_col: int | None = None
    side: str = IMPLEMENTATION


def _is_repeat(a: str, b: str) -> bool:
    """The same name printed twice, possibly truncated (开展产品质量安 / 开展产品质量安全监督抽)."""
    x, y = compact(a), compact(b)
    shorter = min(len(x), len(y))
    return shorter >= 2 and (x.startswith(y) or y.startswith(x))


@dataclass(slots=True)
class IndicatorReader:
    """Reads the indicator rows of one fragment, carrying 一级/二级 labels down from row to row.

    Within a row, each name is paired with the value that follows it. A cell after a name is its value
    when it is a number or evaluative text; a repeat of the name (often truncated) directly before a
    value is skipped; plain text is taken as the next name only when a value follows it. A name left
    without a value may receive the first value of the next row (values printed one line down).
    The first pair of a row is the 实施期 side, the second the 年度 side; a lone pair takes the side of
    the nearer header 指标值 column. ``single`` is for the 整体支出 table, whose indicators have one
    value column (period "annual").
    """

    single: bool = False
    level1: str | None = None
    level2: str | None = None
    value_cols: tuple[int, int] | None = None
    pairs: list[_Pair] = field(default_factory=list)
    _open: list[_Pair] = field(default_factory=list)  # pairs of the previous row still without a value

    def header(self, line: Line) -> bool:
        """Take a header row (一级指标 … 指标值); False when the line is not one."""
        cells = cells_of(line)
        kinds = [classify(c) if c.strip() else None for c in cells]
        if Kind.HEADER not in kinds:
            return False
        cols = [i for i, c in enumerate(cells) if compact(c) == "指标值"]
        self.value_cols = (cols[0], cols[1]) if len(cols) >= 2 else None
        for cell, kind in zip(cells, kinds, strict=True):
            if kind is Kind.LEVEL1:
                self._set_level1(compact(cell))
        self._open = []
        return True

    def row(self, line: Line) -> None:
        """Read one indicator row (a header row is recognised and taken as such)."""
        if self.header(line):
            return
        cells = [(i, c.strip()) for i, c in enumerate(cells_of(line)) if c.strip()]
        kinds = [classify(c) for _, c in cells]
        row_pairs: list[_Pair] = []
        labels: list[str] = []
        pending: _Pair | None = None
        open_before = self._open
        self._open = []

        def start(col: int, text: str) -> None:
            nonlocal pending, labels
            pending = _Pair(text, col, line.no, self.level1, labels)
            labels = []
            row_pairs.append(pending)

        for k, ((col, text), kind) in enumerate(zip(cells, kinds, strict=True)):
            nxt = kinds[k + 1] if k + 1 < len(kinds) else None
            if kind in (Kind.LEVEL1, Kind.LEVEL2) and nxt is Kind.NUMBER:
                kind = Kind.TEXT  # 服务对象满意度 ≥95%: a label word used as the indicator name
            if kind in (Kind.HEADER, Kind.MARKER):
                continue
            if kind is Kind.LEVEL1:
                pending = None
                self._set_level1(compact(text))
                continue
            if kind is Kind.LEVEL2:
                pending = None
                labels.append(compact(text))
                continue
            if pending is None:
                if kind in (Kind.NUMBER, Kind.TEXT_VALUE) and not row_pairs and open_before:
                    late = open_before.pop(0)  # the value of a name printed on the line above
                    late.value, late.value_col = text, col
                    continue
                if kind is Kind.NUMBER or (kind is Kind.TEXT_VALUE and nxt not in _VALUE_KINDS):
                    continue  # a value without a name: nothing to pair it with
                start(col, text)
                continue
            if kind in (Kind.NUMBER, Kind.DIGIT_TEXT):
                is_value = True
            elif _is_repeat(pending.name, text):
                if nxt in _VALUE_KINDS:  # the name printed twice before its value
                    if len(compact(text)) > len(compact(pending.name)):
                        pending.name = text
                    continue
                is_value = True
            elif nxt is Kind.NUMBER:
                is_value = False
            elif kind is Kind.TEXT_VALUE:
                is_value = True
            else:
                is_value = nxt is not Kind.TEXT_VALUE
            if is_value:
                pending.value, pending.value_col = text, col
                pending = None
            else:
                start(col, text)
        self._assign(row_pairs)
        if labels:  # labels after the last pair of the row (or a row of labels only) carry down
            self.level2 = labels[-1]
        self._open = [p for p in row_pairs if p.value is None]

    def _set_level1(self, label: str) -> None:
        if label != self.level1:
            self.level1 = label
            self.level2 = None

    def _assign(self, row_pairs: list[_Pair]) -> None:
        """Decide the period of each pair of a row and the 二级 label it falls under."""
        n = len(row_pairs)
        for i, pair in enumerate(row_pairs):
            if self.single:
                pair.side = ANNUAL
            elif n == 1:
                pair.side = self._side_of(pair.value_col if pair.value_col is not None else pair.name_col)
            else:
                pair.side = IMPLEMENTATION if i < n / 2 else ANNUAL
            if pair.labels:
                self.level2 = pair.labels[-1]
            pair.labels = [self.level2] if self.level2 else []
            if pair.level1 is None and self.level2:
                pair.level1 = LEVEL1_OF.get(self.level2)
            self.pairs.append(pair)

    def _side_of(self, col: int) -> str:
        if self.value_cols is None:
            return IMPLEMENTATION
        left, right = self.value_cols
        return ANNUAL if abs(col - right) < abs(col - left) else IMPLEMENTATION

    def indicators(self) -> list[Indicator]:
        """The indicators read so far, in printed order (a name without a value keeps raw "")."""
        out: list[Indicator] = []
        for pair in self.pairs:
            raw = pair.value or ""
            parsed = parse_value(raw)
            out.append(
                Indicator(
                    period=pair.side,
                    level1=pair.level1,
                    level2=pair.labels[0] if pair.labels else None,
                    name=pair.name,
                    raw=raw,
                    comparator=parsed.comparator,
                    number=parsed.number,
                    unit=parsed.unit,
                    location=Location(line=pair.line),
                )
            )
        return out


def is_indicator_row(line: Line) -> bool:
    """A row that opens the indicator part: a header (一级指标 …), 绩效指标, or a leading 一级/二级 label."""
    cells = [compact(c) for c in cells_of(line) if c.strip()]
    if not cells:
        return False
    if any(c in HEADER_WORDS for c in cells):
        return True
    return cells[0] in MARKERS or cells[0] in LEVEL1 or cells[0] in LEVEL2
