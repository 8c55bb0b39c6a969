"""Enumerations shared by every stage."""

from __future__ import annotations

from enum import Enum


class DocumentKind(str, Enum):
    """What the disclosure reports: a budget (预算) or a final account (决算)."""

    BUDGET = "budget"
    FINAL_ACCOUNT = "final_account"

    def label(self, lang: str = "zh") -> str:
        """预算 / 决算 in Chinese, the value itself in English."""
        return self.value if lang == "en" else {"budget": "预算", "final_account": "决算"}[self.value]


class Level(str, Enum):
    """Who discloses: a department (部门) or a single budget unit (单位)."""

    DEPARTMENT = "department"
    UNIT = "unit"


class Severity(str, Enum):
    """How serious a finding is; ordered error > warning > info."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    def label(self, lang: str = "zh") -> str:
        """错误 / 警告 / 提示 in Chinese, the value itself in English."""
        return self.value if lang == "en" else {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


class ValueStatus(str, Enum):
    """Whether a value is exactly as printed or was rebuilt from constraints."""

    PRINTED = "printed"
    REPAIRED = "repaired"


class RowRole(str, Enum):
    """What a table row stands for."""

    TOTAL = "total"  # 合计 / 总计 rows
    ITEM = "item"  # an ordinary line item
    DEPARTMENT = "department"  # project tables: the department total
    UNIT = "unit"  # project tables / 机关运行经费: one budget unit
    PROJECT = "project"  # project tables: one project
    MEMO = "memo"  # a figure printed beside the items but outside their total (机关运行经费 in a 三公 table)


class ClaimMeasure(str, Enum):
    """What a narrative sentence states about its subject."""

    AMOUNT = "amount"
    SHARE = "share"
    CHANGE = "change"
    COUNT = "count"
