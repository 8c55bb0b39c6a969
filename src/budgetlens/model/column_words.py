"""The column vocabulary: the printed header words that name a table kind's measures.

Budget headers compose a column's key from the parts its path prints (本年收入 / 一般公共预算 →
``current_income.general``): ``BUDGET_PARTS`` maps a printed word to its part, for every budget kind.
A final account's header names each measure by one word; the word depends on the kind (经营收入 in
收入决算表, 经营支出 in 支出决算表; 合计 is ``spend.total`` in the 政府性基金 table), so each final kind
has its own words (``FINAL_WORDS``), which its schema carries. A word no vocabulary knows keeps its
printed path and an ``unknown`` key; it is never forced into another template's slot.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

# Printed header words -> key parts. A key is the dotted path of parts, e.g. "current_income.general".
BUDGET_PARTS: Final[MappingProxyType[str, str]] = MappingProxyType(
    {
        "收入": "income",
        "支出": "expenditure",
        "合计": "total",
        "小计": "subtotal",
        "金额": "amount",
        "预算数": "amount",
        "本年收入": "current_income",
        "当年预算安排": "current",
        "上年结转": "carryover",
        "上年结转安排": "carryover",
        "一般公共预算": "general",
        "一般公共预算资金": "general",
        "政府性基金": "fund",
        "政府性基金预算": "fund",
        "国有资本经营预算": "capital",
        "国有资本经营": "capital",
        "财政专户管理资金": "special_account",
        "单位资金": "unit_funds",
        "基本支出": "basic",
        "项目支出": "project",
        "人员经费": "personnel",
        "公用经费": "public",
        "财政拨款": "fiscal",
        "财政拨款收入": "fiscal",
        "财政拨款支出": "expenditure",
        "政府性基金收入预算": "fund_income",
        "国有资本经营收入预算": "capital_income",
        "国有资本经营预算收入": "income",
        "国有资本经营预算支出": "expenditure",
        # the Ministry's 8-table template names the sources of 本年收入 with 拨款
        "一般公共预算拨款": "general",
        "一般公共预算拨款收入": "general",
        "政府性基金预算拨款": "fund",
        "政府性基金预算拨款收入": "fund",
        "国有资本经营预算拨款": "capital",
        "国有资本经营预算拨款收入": "capital",
        "事业收入": "business",
        "事业单位经营收入": "operation",
        "上级补助收入": "grants",
        "附属单位上缴收入": "affiliates",
        "其他收入": "other",
    }
)

_TOTAL_WORDS = ("合计", "小计")
_BASIC_PROJECT = {"基本支出": "basic", "项目支出": "project"}
_FLOWS = {"年初结转和结余": "carry_in", "本年收入": "income", "年末结转和结余": "carry_out"}

# A final kind's printed measure words -> the kind's measure (its key in the national template).
FINAL_WORDS: Final[MappingProxyType[str, MappingProxyType[str, str]]] = MappingProxyType(
    {
        "final.revenue": MappingProxyType(
            {
                **dict.fromkeys((*_TOTAL_WORDS, "本年收入合计", "收入合计"), "total"),
                "财政拨款收入": "fiscal",
                "上级补助收入": "superior",
                "事业收入": "business",
                "经营收入": "operating",
                "附属单位上缴收入": "affiliated",
                "其他收入": "other",
            }
        ),
        "final.expenditure": MappingProxyType(
            {
                **dict.fromkeys((*_TOTAL_WORDS, "本年支出合计", "支出合计"), "total"),
                **_BASIC_PROJECT,
                "上缴上级支出": "remit",
                "经营支出": "operating",
                "对附属单位补助支出": "affiliated",
            }
        ),
        "final.general_expenditure": MappingProxyType(
            {**dict.fromkeys((*_TOTAL_WORDS, "本年支出合计", "支出合计"), "total"), **_BASIC_PROJECT}
        ),
        "final.fund": MappingProxyType(
            {
                **_FLOWS,
                **dict.fromkeys((*_TOTAL_WORDS, "本年支出合计", "支出合计"), "spend.total"),
                **{word: f"spend.{key}" for word, key in _BASIC_PROJECT.items()},
            }
        ),
        "final.capital": MappingProxyType(
            {**_FLOWS, **dict.fromkeys((*_TOTAL_WORDS, "本年支出合计", "支出合计"), "total"), **_BASIC_PROJECT}
        ),
        "final.fiscal_summary": MappingProxyType(
            {
                "合计": "expenditure.total",
                "一般公共预算财政拨款": "expenditure.general",
                "政府性基金预算财政拨款": "expenditure.fund",
                "国有资本经营预算财政拨款": "expenditure.capital",
            }
        ),
    }
)

FINAL_MEASURE_WORDS: Final = frozenset(word for words in FINAL_WORDS.values() for word in words)
