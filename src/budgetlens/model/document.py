"""The typed document model: what every reader, parser, check, store and report shares."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field, PrivateAttr, field_validator

from budgetlens.model.enums import ClaimMeasure, DocumentKind, Level, RowRole, ValueStatus
from budgetlens.model.finding import Finding
from budgetlens.model.location import Location
from budgetlens.model.money import Amount, is_readable
from budgetlens.model.table_kinds import Reading, TableKind


class Column(BaseModel):
    """One amount column: a stable key and the printed header path (top to bottom)."""

    key: str
    header: list[str]
    index: int  # position in the printed row
    side: str | None = None  # two-sided tables: "income" or "expenditure"

    @property
    def header_text(self) -> str:
        return " / ".join(self.header)


class Row(BaseModel):
    """One table row: its labels, place in the hierarchy and amount cells keyed by column."""

    index: int
    name: str
    code: str | None = None  # classification code (功能分类 or 经济分类)
    code_source: str | None = None  # "printed" or "classification" (resolved from the name)
    number: int | None = None  # 行次 of final-account tables
    level: int | None = None  # 1 类 / 2 款 / 3 项 (or unit/project depth)
    parent: int | None = None  # index of the parent row
    path: list[str] = Field(default_factory=list)  # labels of the ancestors
    role: RowRole = RowRole.ITEM
    side: str | None = None
    second_name: str | None = None  # 表六: 政府预算经济分类 name beside the 部门 name
    second_code: str | None = None
    cells: dict[str, Amount] = Field(default_factory=dict)
    location: Location = Field(default_factory=Location)


class Table(BaseModel):
    """A recognised table with its canonical kind (SPEC ids), columns and rows."""

    id: str
    kind: TableKind  # canonical kind (SPEC ids such as "budget.revenue"), or unknown
    title: str
    unit: str = "万元"
    unit_declared: bool = True  # False when no 单位：万元/元 line was printed and ``unit`` is the default
    issuer_label: str | None = None  # the 部门名称/单位名称 line
    columns: list[Column] = Field(default_factory=list)
    rows: list[Row] = Field(default_factory=list)
    empty_note: bool = False  # the table prints 本表无数据
    reading: Reading = Reading.HEADER  # how its columns were understood
    notes: list[str] = Field(default_factory=list)
    location: Location = Field(default_factory=Location)

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def rows_by_code(self) -> dict[str, Row]:
        return {r.code: r for r in self.rows if r.code}

    def total_row(self, side: str | None = None) -> Row | None:
        for row in self.rows:
            if row.role is RowRole.TOTAL and (side is None or row.side == side):
                return row
        return None

    @property
    def has_data(self) -> bool:
        return any(a.value is not None for r in self.rows for a in r.cells.values())


class Section(BaseModel):
    """A heading of the narrative (第一部分 / 一、 / （一） / 1、) and the lines under it."""

    title: str
    number: str | None = None
    depth: int
    location: Location
    paragraphs: list[tuple[int, str]] = Field(default_factory=list)  # (line, text) joined paragraphs


class Claim(BaseModel):
    """A number the narrative states, with what it is about, for checking against the tables."""

    section: str
    subject: str
    measure: ClaimMeasure
    value: Decimal
    unit: str  # 万元 / 元 / % / 个 …
    printed: str
    direction: str | None = None  # increase / decrease / same, for changes
    base: str | None = None  # what a share or change is relative to, when stated
    code: str | None = None  # classification code the subject is named with: 行政运行（01项） under 204类/06款
    status: ValueStatus = ValueStatus.PRINTED  # repaired when the printed number was damaged (OCR)
    constraint: str | None = None  # how a repaired number was rebuilt
    sentence: str = ""
    location: Location = Field(default_factory=Location)  # the line that prints the claim's number
    paragraph: int | None = None  # first line of the claim's paragraph (claims of one paragraph share it)

    @property
    def paragraph_line(self) -> int | None:
        """The line that groups the claims of one paragraph (the claim's own line when none is known)."""
        return self.paragraph if self.paragraph is not None else self.location.line


class Funding(BaseModel):
    """Money of a performance target by source (元)."""

    total: Amount | None = None
    central: Amount | None = None
    provincial: Amount | None = None
    local: Amount | None = None  # 市县（区）财政资金
    self_raised: Amount | None = None
    other: Amount | None = None


class Indicator(BaseModel):
    """One performance indicator (一级/二级/三级 and the target value)."""

    period: str  # "implementation" (实施期) or "annual" (年度)
    level1: str | None = None
    level2: str | None = None
    name: str
    raw: str
    comparator: str | None = None
    number: Decimal | None = None
    unit: str | None = None
    location: Location = Field(default_factory=Location)

    @field_validator("number")
    @classmethod
    def _readable(cls, number: Decimal | None) -> Decimal | None:
        return number if number is None or is_readable(number) else None


class PerformanceTarget(BaseModel):
    """A 项目支出绩效目标表 (kind "project") or 整体支出绩效目标申报表 (kind "overall")."""

    kind: str
    name: str
    department_code: str | None = None
    department_name: str | None = None
    unit_name: str | None = None
    attribute: str | None = None  # 项目属性
    period: str | None = None  # 项目期 as printed, e.g. "99年", "1年"
    funds_period: Funding = Field(default_factory=Funding)  # 实施期
    funds_annual: Funding = Field(default_factory=Funding)  # 年度
    texts: dict[str, str] = Field(default_factory=dict)  # 项目概况, 立项依据, 实施计划, 目标 …
    facts: dict[str, str] = Field(default_factory=dict)  # overall table: 部门基本信息, 年度预算情况
    fact_lines: dict[str, int] = Field(default_factory=dict)  # source line of each 部门基本信息 fact
    indicators: list[Indicator] = Field(default_factory=list)
    filled_at: str | None = None  # 填报日期 as printed (YYYYMMDDhhmmss)
    fragments: list[Location] = Field(default_factory=list)
    linked_row: tuple[str, int] | None = None  # (table id, row index) in budget.projects
    link_method: str | None = None  # how the link was made: "unit+amount", "amount", "name"
    location: Location = Field(default_factory=Location)


class Document(BaseModel):
    """A parsed disclosure."""

    sha256: str
    source: str
    format: str = "text"
    title: str | None = None
    issuer: str | None = None
    issuer_code: str | None = None
    level: Level | None = None
    kind: DocumentKind | None = None
    fiscal_year: int | None = None
    region: str | None = None
    sections: list[Section] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    targets: list[PerformanceTarget] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    parse_findings: list[Finding] = Field(default_factory=list)
    listed_tables: list[TableKind] = Field(default_factory=list)  # table kinds the table of contents (目录) names
    line_count: int = 0
    # the reader's lines as (number, text, cells), kept so that reports quote a PDF's or a scan's
    # rebuilt rows without reading (or OCR-ing) the file again; not part of any export
    _source_lines: list[tuple[int, str, tuple[str, ...]]] = PrivateAttr(default_factory=list)

    def keep_source_lines(self, lines: list[tuple[int, str, tuple[str, ...]]]) -> None:
        self._source_lines = lines

    @property
    def source_lines(self) -> list[tuple[int, str, tuple[str, ...]]]:
        return self._source_lines

    def tables_of(self, kind: str) -> list[Table]:
        return [t for t in self.tables if t.kind == kind]

    def table(self, kind: str) -> Table | None:
        return next((t for t in self.tables if t.kind == kind), None)
