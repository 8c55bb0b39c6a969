"""The name of the department (or unit) that discloses, without the cover's year and kind of disclosure.

A cover may print the department inside its title (2024年某某局部门预算, 某某局2026年度部门决算公开); the
department is the same over the years, so every year's document must carry the same name for ``compare``
to see one department. ``department_name`` keeps the name; ``department_key`` also drops the spaces a
layout leaves inside names (上海市 XX 局), for telling whether two documents come from one issuer.
"""

from __future__ import annotations

import re

_BRACKETS = re.compile(r"[「」『』《》【】]")
_YEAR_FIRST = re.compile(r"^\s*\d{4}\s*年度?\s*")
# the disclosure words at the end: (year) (level) 部门/单位 预算/决算 (信息)(公开)(报告/说明) – or year then kind
_KIND_LAST = re.compile(
    r"\s*(?:(?:\d{4}\s*年度?)?\s*(?:[省市县区]级|本级)?\s*(?:部门|单位)|\d{4}\s*年度?)\s*(?:预算|决算)"
    r"\s*(?:信息)?\s*(?:公开)?\s*(?:报告|说明|文本)?\s*$"
)


def department_name(text: str | None) -> str | None:
    """``text`` without a leading year and a trailing 部门预算 / 单位决算公开 …; None when nothing is left."""
    if text is None:
        return None
    name = _BRACKETS.sub("", text).strip()
    name = _KIND_LAST.sub("", _YEAR_FIRST.sub("", name)).strip()
    return name or None


def department_key(text: str | None) -> str:
    """What tells two issuers apart: the department name without any whitespace ("" when unknown)."""
    return re.sub(r"\s+", "", department_name(text) or "")
