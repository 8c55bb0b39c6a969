"""Document metadata from the cover: issuer, level, kind, fiscal year, region."""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetlens.model import DocumentKind, Level
from budgetlens.model.issuer import department_name
from budgetlens.segment.blocks import Segmentation
from budgetlens.segment.vocabulary import ISSUER_LINE

# 2026年部门预算, 2024年度单位决算, 2026年区级部门预算 (a level word between the year and the kind)
_TITLE = re.compile(r"((?:19|20)\d{2})\s*年度?\s*(?:[省市县区]级|本级)?\s*(部门|单位)?\s*(预算|决算)")
_REGION = re.compile(r"^(.{2,8}?(?:自治区|自治州|省|市|县|区|盟|旗))")
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})年")  # a fiscal year: 0001年 or 9999年 is a misprint


@dataclass(slots=True)
class Meta:
    issuer: str | None = None
    level: Level | None = None
    kind: DocumentKind | None = None
    year: int | None = None
    region: str | None = None
    title: str | None = None


def detect_meta(seg: Segmentation) -> Meta:
    """Read the cover lines; fall back on table titles and 部门名称 lines."""
    meta = Meta()
    cover = [" ".join(c for c in ln.cells if c) for ln in seg.title_lines] or seg.running_headers[:1]
    for i, text in enumerate(cover):
        m = _TITLE.search(text)
        if m:
            meta.year = int(m.group(1))
            meta.level = Level.UNIT if m.group(2) == "单位" else Level.DEPARTMENT
            meta.kind = DocumentKind.FINAL_ACCOUNT if m.group(3) == "决算" else DocumentKind.BUDGET
            meta.title = text
            before = text[: m.start()].strip()
            meta.issuer = before or (cover[i - 1] if i > 0 else None)
            break
    labelled = next((m.group(2).strip() for text in cover if (m := ISSUER_LINE.match(text.replace(" ", "")))), None)
    if labelled and (meta.issuer is None or len(labelled) > len(meta.issuer)):
        meta.issuer = labelled  # 预算主管部门：上海市普陀区司法局 under a cover that names only the region
    if meta.issuer is None and cover:
        meta.issuer = cover[0]
    labels = [t.issuer_label for t in seg.tables if t.issuer_label]
    if labels and (meta.issuer is None or meta.issuer not in labels):
        meta.issuer = labels[0]
    if meta.level is None and seg.tables:
        meta.level = Level.DEPARTMENT
    if meta.kind is None and seg.tables:
        finals = sum(t.kind.startswith("final.") for t in seg.tables)
        meta.kind = DocumentKind.FINAL_ACCOUNT if finals * 2 > len(seg.tables) else DocumentKind.BUDGET
    if meta.year is None:
        years = [int(m.group(1)) for t in seg.tables if (m := _YEAR_IN_TITLE.search(t.title))]
        meta.year = max(set(years), key=years.count) if years else None
    meta.issuer = department_name(meta.issuer)  # a cover title taken whole (2024年某某局部门预算) names the department
    if meta.issuer:
        r = _REGION.match(meta.issuer)
        meta.region = r.group(1) if r else None
    return meta
