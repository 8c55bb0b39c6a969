"""A region's template as data: a folder under ``budgetlens/data/templates/<name>/`` holding ``template.yaml``.

The template names the tables in their order, titles, header grids (with spans), the 目录 and the narrative's
phrases; the code composing a disclosure reads every printed word from it. Adding a region means adding a folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel

from budgetlens.errors import ConfigError
from budgetlens.generate.printed import HeaderCell
from budgetlens.parse.columns import column_key, header_paths, is_label_header

__all__ = ["Template", "data_model", "list_templates", "load_template"]


def _root() -> Any:
    return resources.files("budgetlens") / "data" / "templates"


@dataclass(frozen=True, slots=True)
class Template:
    name: str
    description: str
    raw: dict[str, Any]

    @property
    def kind(self) -> str:
        """budget (部门预算, data.BudgetData) or final (部门决算, final_data.FinalData): the template's ``kind``."""
        return str(self.raw.get("kind", "budget"))

    def __getitem__(self, key: str) -> Any:
        return self.raw[key]

    def table(self, key: str) -> dict[str, Any]:
        table: dict[str, Any] = self.raw["tables"][key]
        return table

    def header(self, key: str, **fill: object) -> list[list[HeaderCell]]:
        """The table's header grid: "text|c3" spans three columns, "text|r2" two rows, "text|c2r2" both."""
        return [[_header_cell(str(c), fill) for c in row] for row in self.table(key)["header"]]


def _header_cell(spec: str, fill: dict[str, object]) -> HeaderCell:
    text, _, span = spec.partition("|")
    text = text.format(**fill)
    spans = dict(re.findall(r"([cr])(\d+)", span))  # c3, r2 or both (c2r2)
    return HeaderCell(text, colspan=int(spans.get("c", 1)), rowspan=int(spans.get("r", 1)))


def header_columns(header: list[list[HeaderCell]]) -> int:
    """Columns of a header grid: the first row's spans plus the cells rows above push into it."""
    return sum(c.colspan for c in header[0]) if header else 0


def list_templates() -> list[Template]:
    return [load_template(p.name) for p in sorted(_root().iterdir(), key=lambda p: p.name) if p.is_dir()]


def load_template(name: str) -> Template:
    folder = _root() / name
    spec = folder / "template.yaml"
    if not name or "/" in name or not spec.is_file():
        known = "、".join(p.name for p in _root().iterdir() if p.is_dir())
        raise ConfigError(f"没有名为 {name} 的模板（可用：{known}）", f"no template named {name} (known: {known})")
    raw = yaml.safe_load(spec.read_text(encoding="utf-8"))
    return Template(name=raw["name"], description=raw.get("description", ""), raw=raw)


def header_keys(header: list[list[HeaderCell]]) -> list[str | None]:
    """The column key the reader gives each column of a header grid (None for a label column: 项目, 科目编码 …)."""
    width = header_columns(header)
    grid = [[""] * width for _ in header]
    taken: set[tuple[int, int]] = set()
    for i, row in enumerate(header):
        j = 0
        for cell in row:
            while (i, j) in taken:
                j += 1
            grid[i][j] = cell.text
            taken.update((i + di, j + dj) for di in range(cell.rowspan) for dj in range(cell.colspan))
            j += cell.colspan
    paths = header_paths([r for r in grid if not all(c.isdigit() for c in r)])  # a 栏次 row (1 2 3 …) keys nothing
    plain = [column_key(p, banners=False) for p in paths]
    keys = plain if len(set(plain)) == len(plain) else [column_key(p) for p in paths]
    return [None if is_label_header(p) else k for p, k in zip(paths, keys, strict=True)]


def data_model(template: Template) -> type[BaseModel]:
    """The data model the template composes: BudgetData for a budget template, FinalData for a final account."""
    if template.kind == "final":
        from budgetlens.generate.final_data import FinalData

        return FinalData
    from budgetlens.generate.data import BudgetData

    return BudgetData
