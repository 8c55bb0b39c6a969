"""Title vocabulary: how table titles and headings are recognised by their words, not their numbers."""

from __future__ import annotations

import re

from budgetlens.model.table_kinds import TableKind

# (words that must all occur, words that must not occur, canonical kind). First match wins, so the
# more specific titles come first. Ids are the export contract of SPEC.md.
TABLE_TITLES: list[tuple[tuple[str, ...], tuple[str, ...], TableKind]] = [
    (("项目支出预算表", "上年结转"), (), TableKind.BUDGET_PROJECTS_CARRYOVER),
    (("项目支出预算表",), (), TableKind.BUDGET_PROJECTS),
    (("财政拨款收支", "总表"), ("决算",), TableKind.BUDGET_FISCAL_SUMMARY),
    (("财政拨款收入支出决算总表",), (), TableKind.FINAL_FISCAL_SUMMARY),
    (("收入支出决算总表",), (), TableKind.FINAL_SUMMARY),
    (("收支", "预算总表"), (), TableKind.BUDGET_SUMMARY),
    (("预算收支总表",), (), TableKind.BUDGET_SUMMARY),
    (("收支总表",), ("决算",), TableKind.BUDGET_SUMMARY),  # 部门收支总表 (district template)
    (("收入预算总表",), (), TableKind.BUDGET_REVENUE),
    (("预算收入总表",), (), TableKind.BUDGET_REVENUE),
    (("收入总表",), ("决算",), TableKind.BUDGET_REVENUE),  # 部门收入总表
    (("支出预算总表",), (), TableKind.BUDGET_EXPENDITURE),
    (("预算支出总表",), (), TableKind.BUDGET_EXPENDITURE),
    (("支出总表",), ("决算",), TableKind.BUDGET_EXPENDITURE),  # 部门支出总表
    (("政府性基金预算收入表",), (), TableKind.BUDGET_FUND_REVENUE),
    (("政府性基金预算支出表",), (), TableKind.BUDGET_FUND_EXPENDITURE),
    # …政府性基金预算支出功能分类预算表 / …政府性基金预算收入…表: the subject, then any qualifier
    (("政府性基金预算收入", "表"), ("决算", "支出"), TableKind.BUDGET_FUND_REVENUE),
    (("政府性基金预算支出", "表"), ("决算", "收入"), TableKind.BUDGET_FUND_EXPENDITURE),
    (("政府性基金", "决算表"), (), TableKind.FINAL_FUND),
    (("国有资本经营", "决算表"), (), TableKind.FINAL_CAPITAL),
    (("国有资本经营预算", "表"), (), TableKind.BUDGET_CAPITAL),
    (("三公", "决算表"), (), TableKind.FINAL_THREE_PUBLIC),
    (("三公", "预算表"), (), TableKind.BUDGET_THREE_PUBLIC),  # also “三公”经费和机关运行经费预算表 (one table, SPEC)
    (("三公", "支出表"), ("决算",), TableKind.BUDGET_THREE_PUBLIC),  # 一般公共预算“三公”经费支出表
    (("机关运行经费预算表",), (), TableKind.BUDGET_OPERATING_COST),
    (("基本支出", "经济"), ("决算",), TableKind.BUDGET_GENERAL_BASIC_ECONOMIC),
    (("一般公共预算", "基本支出", "表"), ("决算",), TableKind.BUDGET_GENERAL_BASIC_ECONOMIC),  # 一般公共预算基本支出表
    (("基本支出", "决算"), (), TableKind.FINAL_GENERAL_BASIC_DETAIL),
    (("支出决算明细表",), (), TableKind.FINAL_GENERAL_BASIC_DETAIL),
    (("一般公共预算", "支出", "决算表"), (), TableKind.FINAL_GENERAL_EXPENDITURE),
    (("一般公共预算支出", "预算表"), (), TableKind.BUDGET_GENERAL_EXPENDITURE),
    (("一般公共预算支出表",), (), TableKind.BUDGET_GENERAL_EXPENDITURE),  # district template
    (("收入决算表",), (), TableKind.FINAL_REVENUE),
    (("支出决算表",), (), TableKind.FINAL_EXPENDITURE),
    (("决算公开相关信息统计表",), (), TableKind.FINAL_DISCLOSURE_STATS),
]

TARGET_TITLES: list[tuple[str, str]] = [
    ("项目支出绩效自评表", "self_eval"),
    ("绩效自评分析报告", "self_eval_report"),
    ("项目支出绩效目标表", "project"),
    ("整体支出绩效目标申报表", "overall"),
]

PART = re.compile(r"^第([一二三四五六七八九十]+)部分\s*(.*)$")
LEVEL1 = re.compile(r"^([一二三四五六七八九十]+)、\s*(.+)$")
LEVEL2 = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]\s*(.+)$")
LEVEL3 = re.compile(r"^(\d{1,2})[、.．]\s*(.+)$")
HEADINGS = (PART, LEVEL1, LEVEL2, LEVEL3)

WATERMARKS = frozenset({"仅供内部审核"})
# a table's label printed on its own line: 公开表1, 公开01表, 表1, 表十三, 附表2 (续表 is SegmentState's)
TABLE_LABEL = re.compile(
    r"^(?:(?:预算|部门|单位)?公开表\s*\d+|公[开井]\s*\d{1,2}\s*表?|附?表\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3}))$"
)
PAGE_FOOTER = re.compile(r"^[—\-－]\s*\d+\s*[—\-－]$")
MD_SEPARATOR = re.compile(r"^[\s|:\-]+$")
CAPTION = re.compile(r"(?:结构图|分布图|情况图|示意图)$")
CIRCULAR = re.compile(r"^\S{2,16}(?:财政局|财政厅|财政部|人民政府|办公室)文件$")
TOC_TITLE = re.compile(r"^目\s*录$")
# who discloses, as a form labels it: 部门名称：/单位名称：, 编制部门：/编制单位：, (预算)主管部门：
ISSUER_LABEL = r"(?:(?:部门|单位)名称|编制(?:部门|单位)|(?:预算)?主管部门)"
# the name ends where the line does or where a 单位：万元 run on without a space begins (a page's two spans joined)
_UNIT_AFTER = r"(?:金额)?单位[:：]\s*(?:万元|元|亿元)"
ISSUER_LINE = re.compile(rf"^({ISSUER_LABEL})[:：]\s*(.*?)\s*(?:{_UNIT_AFTER})?$")
UNIT_LINE = re.compile(r"^(?:金额)?单位[:：]\s*(万元|元|亿元)$")
UNIT_ANYWHERE = re.compile(r"单位[:：](万元|元|亿元)")
ISSUER_ANYWHERE = re.compile(
    rf"{ISSUER_LABEL}[:：]\s*(\S+?(?: \S{{1,3}}(?=\s|$))?)(?:\s+\d{{4}}年|\s|$|(?={_UNIT_AFTER}))"
)
RUNNING_HEADER = re.compile(r"^\S{2,30}\d{4}年度?(?:单位|部门)(?:决算|预算)公开报告$")
CONTINUATION = re.compile(r"^(?:续表\s*\d*|[（(]续表?[）)])$|[（(]续表?[）)]$")  # 续表, 续表2, …表（续）
NOTE_LINE = re.compile(r"^(?:注|说明)[:：]")
EMPTY_NOTE = "本表无数据"
# Notes that declare a table empty in other words (…故本表为空表 / 本年度无此项支出)
EMPTY_NOTES = re.compile(
    r"本表无数据|(?:本|此|该)表(?:为|是)空表|(?:本|此|该)表无(?:数据|内容)|无此项(?:支出|收入|数据)"
)


def is_empty_note(text: str) -> bool:
    """A note saying the table has nothing to report (本表无数据, 本表为空表, 无此项支出 …)."""
    return bool(EMPTY_NOTES.search(re.sub(r"\s+", "", text)))


def table_kind(title: str) -> TableKind | None:
    """Canonical kind of a table title, or None when the words fit no known table."""
    compact = re.sub(r"\s+", "", title)
    for required, forbidden, kind in TABLE_TITLES:
        if all(w in compact for w in required) and not any(w in compact for w in forbidden):
            return kind
    return None


def target_kind(title: str) -> str | None:
    compact = re.sub(r"\s+", "", title)
    for word, kind in TARGET_TITLES:
        if word in compact:
            return kind
    return None


def heading(text: str) -> tuple[int, str, str] | None:
    """(depth, number, title) of a heading line, or None. Depth 0 is 第N部分."""
    for depth, pattern in enumerate(HEADINGS):
        m = pattern.match(text)
        if m:
            return depth, m.group(1), m.group(2).strip()
    return None
