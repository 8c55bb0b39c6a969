"""A self-contained HTML review report: summary by severity and rule family, then every finding
with an excerpt of the source table and the offending line and cell highlighted.

Standard library only (string templates, ``html.escape``); no external CSS, JS or fonts.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from pathlib import Path
from string import Template

from budgetlens.check.evidence import cause_groups
from budgetlens.check.registry import GROUPS, RULES, all_rules
from budgetlens.check.runner import CheckResult
from budgetlens.errors import BudgetLensError
from budgetlens.model import Document, Finding, Severity
from budgetlens.read import read_document
from budgetlens.read.raw import Line

CONTEXT = 3
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
LABELS = {
    "zh": {
        "title": "核验报告",
        "error": "错误",
        "warning": "警告",
        "info": "提示",
        "none": "未发现问题",
        "issuer": "发布单位",
        "year": "年度",
        "kind": "类型",
        "source": "文件",
        "severity": "严重程度",
        "group": "规则类别",
        "count": "数量",
        "total": "合计",
        "line": "行",
        "table": "表",
        "expected": "应为",
        "actual": "实为",
        "reference": "依据",
        "findings": "问题清单",
        "summary": "汇总",
        "waived": "已豁免",
        "reason": "理由",
        "cause": "可能原因",
        "causes": "共同原因",
        "cause_text": "第{line}行的数字同时破坏了 {n} 个关系",
    },
    "en": {
        "title": "Check report",
        "error": "error",
        "warning": "warning",
        "info": "info",
        "none": "no findings",
        "issuer": "issuer",
        "year": "year",
        "kind": "kind",
        "source": "file",
        "severity": "severity",
        "group": "rule family",
        "count": "count",
        "total": "total",
        "line": "line",
        "table": "table",
        "expected": "expected",
        "actual": "actual",
        "reference": "reference",
        "findings": "Findings",
        "summary": "Summary",
        "waived": "waived",
        "reason": "reason",
        "cause": "probable cause",
        "causes": "Shared causes",
        "cause_text": "a figure on line {line} breaks {n} identities",
    },
}
GROUP_ZH = {
    "parse": "解析",
    "completeness": "完整性",
    "arithmetic": "算术",
    "cross-table": "跨表",
    "classification": "科目分类",
    "performance": "绩效",
    "narrative": "文字说明",
    "plausibility": "合理性",
    "other": "其他",
}

PAGE = Template("""<!DOCTYPE html>
<html lang="$lang">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>budgetlens $title</title>
<style>
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:2em;color:#222;line-height:1.5}
h1{font-size:1.5em}h2{font-size:1.25em;border-bottom:2px solid #ccc;padding-bottom:.2em;margin-top:2em}
h3{font-size:1.05em;margin:.2em 0}
table{border-collapse:collapse}
.summary td,.summary th{border:1px solid #bbb;padding:.2em .6em;text-align:right}
.summary th:first-child,.summary td:first-child{text-align:left}
.meta{color:#555}.meta span{margin-right:1.5em}
.finding{border:1px solid #ddd;border-left:5px solid #999;margin:1em 0;padding:.6em 1em;border-radius:4px}
.finding.error{border-left-color:#c62828}.finding.warning{border-left-color:#ef8f00}.finding.info{border-left-color:#1976d2}
.badge{display:inline-block;padding:0 .5em;border-radius:3px;color:#fff;font-size:.85em;margin-right:.4em}
.badge.error{background:#c62828}.badge.warning{background:#ef8f00}.badge.info{background:#1976d2}
.badge.waived{background:#777}
code{background:#f3f3f3;padding:0 .3em}
.excerpt{font-size:.85em;margin-top:.5em;font-family:ui-monospace,monospace}
.excerpt td{border:1px solid #ccc;padding:.1em .5em;white-space:nowrap}
.excerpt th.ln{color:#888;font-weight:normal;text-align:right;padding-right:.6em;border:none}
.excerpt tr.focus td{background:#fff6d5}
.excerpt td.hit{background:#ffcdd2;font-weight:bold;outline:2px solid #c62828}
dl{margin:.3em 0}dt{display:inline;color:#555}dd{display:inline;margin:0 1.2em 0 .3em}
</style>
</head>
<body>
<h1>budgetlens $title</h1>
$documents
</body>
</html>
""")


def _labels(lang: str) -> dict[str, str]:
    return LABELS["en" if lang == "en" else "zh"]


def _group(code: str, lang: str) -> str:
    rule = RULES.get(code)
    name = rule.group() if rule else GROUPS.get(code[2:3], "other")
    return name if lang == "en" else GROUP_ZH.get(name, name)


def _source(doc: Document) -> list[Line]:
    """The document's lines as its reader gave them (read again only for a document built elsewhere)."""
    if doc.source_lines:
        return [Line(no=no, text=text, cells=cells) for no, text, cells in doc.source_lines]
    try:
        return read_document(Path(doc.source)).lines
    except (BudgetLensError, OSError):
        return []


def _summary(result: CheckResult, lang: str) -> str:
    lab = _labels(lang)
    head = "".join(f"<th>{escape(lab[s.value])}</th>" for s in SEVERITIES)
    groups: dict[str, Counter[Severity]] = {}
    for f in result.findings:
        groups.setdefault(_group(f.code, lang), Counter())[f.severity] += 1
    rows = [
        f"<tr><td>{escape(g)}</td>" + "".join(f"<td>{c[s]}</td>" for s in SEVERITIES) + "</tr>"
        for g, c in sorted(groups.items())
    ]
    totals = "".join(f"<td>{result.count(s)}</td>" for s in SEVERITIES)
    rows.append(f"<tr><th>{escape(lab['total'])}</th>{totals}</tr>")
    return f'<table class="summary"><tr><th>{escape(lab["group"])}</th>{head}</tr>' + "".join(rows) + "</table>"


def _excerpt(f: Finding, source: list[Line], column: int | None) -> str:
    """Lines line-3 … line_end+3 as table rows; the finding's lines and its matching cell highlighted.

    ``column`` is the printed position of the finding's column: when that cell matches, it alone is
    marked (a row may print the same amount in several columns)."""
    line = f.location.line
    if not line or not 0 < line <= len(source):
        return ""
    last = max(line, f.location.line_end or line)
    targets = {t.strip() for t in (f.location.text, f.actual) if t and t.strip()}
    rows = []
    for src in source[max(0, line - 1 - CONTEXT) : min(len(source), last + CONTEXT)]:
        focus = line <= src.no <= last
        exact = column is not None and column < len(src.cells) and src.cells[column] in targets
        cells = []
        for i, cell in enumerate(src.cells):
            hit = focus and cell in targets and (i == column or not exact)
            cells.append(f'<td class="hit">{escape(cell)}</td>' if hit else f"<td>{escape(cell)}</td>")
        cls = ' class="focus"' if focus else ""
        rows.append(f'<tr{cls}><th class="ln">{src.no}</th>{"".join(cells)}</tr>')
    return '<table class="excerpt">' + "".join(rows) + "</table>"


def _finding(f: Finding, result: CheckResult, source: list[Line], lang: str, reason: str | None = None) -> str:
    lab = _labels(lang)
    sev = f.severity.value
    tables = {t.id: t for t in result.document.tables}
    titles = {k: t.title for k, t in tables.items()}
    table = tables.get(f.location.table or "")
    col = table.column(f.location.column) if table and f.location.column else None
    facts: list[tuple[str, str]] = []
    if f.location.line:
        end = f"–{f.location.line_end}" if f.location.line_end and f.location.line_end != f.location.line else ""
        facts.append((lab["line"], f"{f.location.line}{end}"))
    if f.location.table:
        facts.append((lab["table"], titles.get(f.location.table, f.location.table)))
    if f.expected is not None:
        facts.append((lab["expected"], f.expected))
    if f.actual is not None:
        facts.append((lab["actual"], f.actual))
    if f.cause_line is not None and f.cause_line != f.location.line:
        facts.append((lab["cause"], f"{lab['line']} {f.cause_line}"))
    if f.reference:
        facts.append((lab["reference"], f.reference))
    if reason is not None:
        facts.append((lab["reason"], reason))
    dl = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts)
    waived = f'<span class="badge waived">{escape(lab["waived"])}</span>' if reason is not None else ""
    return (
        f'<div class="finding {sev}"><h3><span class="badge {sev}">{escape(lab[sev])}</span>{waived}'
        f"<code>{escape(f.code)}</code> {escape(f.slug)}</h3>"
        f"<p>{escape(f.message(lang))}</p><dl>{dl}</dl>{_excerpt(f, source, col.index if col else None)}</div>"
    )


def _document(result: CheckResult, lang: str) -> str:
    lab = _labels(lang)
    doc = result.document
    meta = [
        (lab["issuer"], doc.issuer or "-"),
        (lab["year"], str(doc.fiscal_year or "-")),
        (lab["kind"], doc.kind.value if doc.kind else "-"),
        ("sha256", doc.sha256[:12]),
        (lab["source"], doc.source),
    ]
    parts = [
        f"<section><h2>{escape(doc.issuer or Path(doc.source).name)}</h2>",
        '<p class="meta">' + "".join(f"<span>{escape(k)}：{escape(v)}</span>" for k, v in meta) + "</p>",
        f"<h3>{escape(lab['summary'])}</h3>",
        _summary(result, lang),
        f"<h3>{escape(lab['findings'])}</h3>",
    ]
    source = _source(doc)
    groups = cause_groups(result.findings)
    if groups:
        parts.append(f'<h3>{escape(lab["causes"])}</h3><ul class="causes">')
        for cause, group in groups.items():
            codes = ", ".join(f"{f.code} L{f.location.line}" for f in group)
            text = lab["cause_text"].format(line=cause, n=len(group))
            parts.append(f"<li>{escape(text)}: <code>{escape(codes)}</code></li>")
        parts.append("</ul>")
    if not result.findings:
        parts.append(f"<p>{escape(lab['none'])}</p>")
    parts.extend(_finding(f, result, source, lang) for f in result.findings)
    parts.extend(_finding(f, result, source, lang, reason) for f, reason in result.waived)
    parts.append("</section>")
    return "\n".join(parts)


def render_html(results: list[CheckResult], lang: str = "zh") -> str:
    """The whole review report as one HTML page (Chinese by default, English with ``lang="en"``)."""
    all_rules()  # fill the registry so every code maps to its family
    return PAGE.substitute(
        lang="en" if lang == "en" else "zh-CN",
        title=escape(_labels(lang)["title"]),
        documents="\n".join(_document(r, lang) for r in results),
    )
