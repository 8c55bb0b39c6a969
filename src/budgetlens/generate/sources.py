"""A final account's income sources and the funds its balances are kept in (FinalData, generate/final_data.py, and
its workbook's drop-down lists, generate/final_sheets.py)."""

from __future__ import annotations

from typing import Literal, get_args

__all__ = ["FISCAL", "FUNDS", "SOURCES", "Fund", "Source"]

# income sources in the order of the 收入决算表's columns; the first three are 财政拨款
Source = Literal[
    "一般公共预算", "政府性基金", "国有资本经营", "上级补助", "事业收入", "经营收入", "附属单位上缴", "其他收入"
]
SOURCES: tuple[str, ...] = get_args(Source)
FISCAL = SOURCES[:3]
Fund = Literal["一般公共预算", "政府性基金", "国有资本经营", "非财政拨款"]
FUNDS: tuple[str, ...] = get_args(Fund)
