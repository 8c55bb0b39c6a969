"""A self-contained HTML review report a reviewer can work from.

It opens with the counts by severity and by rule family and filter switches (severity, rule family:
BL0 reading … BL7 plausibility); the findings follow sorted by severity, then by their (probable)
cause, errors first. Knock-on findings — those that share a probable cause line, and the remaining
findings of a table BL008 says was misread — are folded under the finding that heads them. Each card
names the page (PDF, scan) or line, the table, row and column, quotes the source lines with the cell
highlighted and, for a PDF or scan, shows the printed page around the cell or sentence with its box
marked (``report/crops.py``).

One file, usable offline: inline CSS, a few lines of vanilla JavaScript, images as ``data:`` URIs.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from pathlib import Path
from string import Template

from budgetlens.check.evidence import cause_groups
from budgetlens.check.notes import notes_summary, split_notes
from budgetlens.check.registry import GROUP_NAMES_ZH, GROUPS, RULES, all_rules
from budgetlens.check.runner import CheckResult
from budgetlens.errors import BudgetLensError
from budgetlens.model import Document, Finding, Severity
from budgetlens.read import read_document
from budgetlens.read.raw import Line
from budgetlens.report.crops import Crop, PageImages
from budgetlens.report.places import line_label, line_pages, place_of

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
        "cause_text": "{where}的数字同时破坏了 {n} 个关系",
        "knock_on": "同一原因的连带问题 {n} 个",
        "same_table": "本表的其他问题 {n} 个",
        "filters": "筛选",
        "family": "规则类别",
        "shown": "显示 {shown} / {total} 个问题",
        "page": "页",
        "place": "位置",
        "cell": "单元格",
        "crop": "原件第{page}页（框出处为问题所在）",
        "extracted": "读取的文本",
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
        "cause_text": "a figure on {where} breaks {n} identities",
        "knock_on": "{n} knock-on findings of the same cause",
        "same_table": "{n} more findings of this table",
        "filters": "Filter",
        "family": "rule family",
        "shown": "showing {shown} of {total} findings",
        "page": "page",
        "place": "where",
        "cell": "cell",
        "crop": "page {page} of the original (the box marks the finding)",
        "extracted": "text as read",
    },
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
[hidden]{display:none!important}
table{border-collapse:collapse}
.summary td,.summary th{border:1px solid #bbb;padding:.2em .6em;text-align:right}
.summary th:first-child,.summary td:first-child{text-align:left}
.meta{color:#555}.meta span{margin-right:1.5em}
.counts{display:flex;gap:.8em;margin:.6em 0}
.count{padding:.3em .9em;border-radius:4px;color:#fff;font-size:1.1em}
.count b{font-size:1.3em;margin-left:.3em}
.count.error{background:#c62828}.count.warning{background:#ef8f00}.count.info{background:#1976d2}
.filters{position:sticky;top:0;z-index:2;background:#fafafa;border:1px solid #ddd;border-radius:4px;
padding:.4em .8em;margin:1em 0}
.filters fieldset{display:inline-block;border:none;margin:0 1.2em 0 0;padding:0}
.filters legend{float:left;color:#555;margin-right:.5em}
.filters label{margin-right:.8em;white-space:nowrap}
.filters .shown{color:#555;font-size:.9em}
.finding{border:1px solid #ddd;border-left:5px solid #999;margin:1em 0;padding:.6em 1em;border-radius:4px;
background:#fff}
.finding.error{border-left-color:#c62828}.finding.warning{border-left-color:#ef8f00}.finding.info{border-left-color:#1976d2}
.finding.dim{opacity:.55}
.group{margin:1em 0}.group>.finding{margin-bottom:0}
.group>details{margin:0 0 0 1.5em;border-left:2px dashed #bbb;padding-left:.8em}
.group>details>summary{cursor:pointer;color:#555;padding:.3em 0}
.badge{display:inline-block;padding:0 .5em;border-radius:3px;color:#fff;font-size:.85em;margin-right:.4em}
.badge.error{background:#c62828}.badge.warning{background:#ef8f00}.badge.info{background:#1976d2}
.badge.waived{background:#777}
.where{color:#444;font-weight:normal;margin-left:.6em;background:#eef2f7;padding:0 .4em;border-radius:3px}
.cell{color:#333;margin:.2em 0}
code{background:#f3f3f3;padding:0 .3em}
.excerpt{font-size:.85em;margin-top:.5em;font-family:ui-monospace,monospace}
.excerpt td{border:1px solid #ccc;padding:.1em .5em;white-space:nowrap}
.excerpt th.ln{color:#888;font-weight:normal;text-align:right;padding-right:.6em;border:none}
.excerpt tr.focus td{background:#fff6d5}
.excerpt td.hit{background:#ffcdd2;font-weight:bold;outline:2px solid #c62828}
figure.crop{margin:.6em 0;max-width:100%;overflow-x:auto}
figure.crop .shot{position:relative;display:inline-block;line-height:0;border:1px solid #ccc}
figure.crop img{max-width:100%;height:auto}
figure.crop .hl{position:absolute;border:2px solid #c62828;background:rgba(255,235,59,.28);box-sizing:border-box}
figure.crop .row{position:absolute;background:rgba(255,235,59,.22);border-top:1px dashed #ef8f00;
border-bottom:1px dashed #ef8f00}
figure.crop figcaption{font-size:.8em;color:#666}
details.text>summary{cursor:pointer;color:#555;font-size:.9em}
dl{margin:.3em 0}dt{display:inline;color:#555}dd{display:inline;margin:0 1.2em 0 .3em}
</style>
</head>
<body>
<h1>budgetlens $title</h1>
$filters
$documents
<script>
(function () {
  var inputs = document.querySelectorAll(".filters input[type=checkbox]");
  var shown = document.querySelector(".filters .shown");
  function apply() {
    var on = {};
    inputs.forEach(function (box) { on[box.name + ":" + box.value] = box.checked; });
    var cards = document.querySelectorAll(".finding"), visible = 0;
    cards.forEach(function (card) {
      var keep = on["severity:" + card.dataset.severity] !== false && on["family:" + card.dataset.family] !== false;
      card.hidden = !keep;
      card.classList.remove("dim");
      if (keep) { visible += 1; }
    });
    document.querySelectorAll(".group").forEach(function (group) {
      var head = group.querySelector(".finding.head");
      var rest = group.querySelectorAll("details .finding:not([hidden])").length;
      var details = group.querySelector("details");
      group.hidden = head.hidden && rest === 0;
      if (head.hidden && rest > 0) { head.hidden = false; head.classList.add("dim"); }
      if (details) {
        details.hidden = rest === 0;
        details.querySelector(".n").textContent = rest;
      }
    });
    if (shown) {
      shown.textContent = shown.dataset.template.replace("{shown}", visible).replace("{total}", cards.length);
    }
  }
  inputs.forEach(function (box) { box.addEventListener("change", apply); });
  apply();
})();
</script>
</body>
</html>
""")


def _labels(lang: str) -> dict[str, str]:
    return LABELS["en" if lang == "en" else "zh"]


def _group(code: str, lang: str) -> str:
    rule = RULES.get(code)
    name = rule.group() if rule else GROUPS.get(code[2:3], "other")
    return name if lang == "en" else GROUP_NAMES_ZH.get(name, name)


def _source(doc: Document) -> list[Line]:
    """The document's lines as its reader gave them (read again only for a document built elsewhere)."""
    if doc.source_lines:
        return [Line(no=no, text=text, cells=cells) for no, text, cells in doc.source_lines]
    try:
        return read_document(Path(doc.source)).lines
    except (BudgetLensError, OSError):
        return []


def _family(code: str) -> str:
    """The rule family a code belongs to: its first digit group (BL0 reading … BL7 plausibility)."""
    return code[:3] if len(code) >= 3 and code[2].isdigit() else "other"


def _family_label(family: str, lang: str) -> str:
    name = GROUPS.get(family[2:3], "other") if family != "other" else "other"
    return f"{family} {name if lang == 'en' else GROUP_NAMES_ZH.get(name, name)}"


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


def _counts(results: list[CheckResult], lang: str) -> str:
    """The counts by severity as three coloured boxes, errors first."""
    lab = _labels(lang)
    boxes = [
        f'<span class="count {s.value}">{escape(lab[s.value])}<b>{sum(r.count(s) for r in results)}</b></span>'
        for s in SEVERITIES
    ]
    return '<div class="counts">' + "".join(boxes) + "</div>"


def _filters(results: list[CheckResult], lang: str) -> str:
    """Switches by severity and by rule family (only the families that have findings), all on."""
    lab = _labels(lang)
    findings = [f for r in results for f in r.findings] + [f for r in results for f, _ in r.waived]
    if not findings:
        return ""
    severity = Counter(f.severity for f in findings)
    families = Counter(_family(f.code) for f in findings)

    def box(name: str, value: str, text: str, n: int) -> str:
        return (
            f'<label><input type="checkbox" name="{name}" value="{escape(value)}" checked> {escape(text)} ({n})</label>'
        )

    sev = "".join(box("severity", s.value, lab[s.value], severity[s]) for s in SEVERITIES if severity[s])
    fam = "".join(box("family", k, _family_label(k, lang), n) for k, n in sorted(families.items()))
    template = escape(lab["shown"])
    return (
        f'<form class="filters" onsubmit="return false">'
        f"<fieldset><legend>{escape(lab['severity'])}</legend>{sev}</fieldset>"
        f"<fieldset><legend>{escape(lab['family'])}</legend>{fam}</fieldset>"
        f'<span class="shown" data-template="{template}"></span></form>'
    )


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


def _crop(crop: Crop, lang: str) -> str:
    """The page strip with the finding's box drawn over it (percent, so it follows the image's size)."""
    left, top, width, height = crop.box
    caption = _labels(lang)["crop"].format(page=crop.page)
    row = ""
    if crop.row is not None:
        r_left, r_top, r_width, r_height = crop.row
        row = f'<span class="row" style="left:{r_left}%;top:{r_top}%;width:{r_width}%;height:{r_height}%"></span>'
    return (
        f'<figure class="crop"><div class="shot"><img src="{crop.uri}" width="{crop.width}" '
        f'height="{crop.height}" alt="{escape(caption)}">{row}'
        f'<span class="hl" style="left:{left}%;top:{top}%;width:{width}%;height:{height}%"></span></div>'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )


class _Context:
    """What every card of one document needs: its tables, source lines, pages and page images."""

    def __init__(self, result: CheckResult, lang: str) -> None:
        self.result = result
        self.lang = lang
        self.doc = result.document
        self.tables = {t.id: t for t in self.doc.tables}
        self.source = _source(self.doc)
        self.pages = line_pages(self.doc)
        self.images = PageImages(self.doc)

    def card(self, f: Finding, reason: str | None = None, head: bool = False) -> str:
        lab = _labels(self.lang)
        sev = f.severity.value
        place = place_of(f, self.doc)
        table = self.tables.get(f.location.table or "")
        col = table.column(f.location.column) if table and f.location.column else None
        facts: list[tuple[str, str]] = []
        if f.location.line:
            end = f"–{place.line_end}" if place.line_end else ""
            facts.append((lab["line"], f"{f.location.line}{end}"))
        if f.location.page is not None:
            facts.append((lab["page"], str(f.location.page)))
        if place.table_title:
            facts.append((lab["table"], place.table_title))
        if f.expected is not None:
            facts.append((lab["expected"], f.expected))
        if f.actual is not None:
            facts.append((lab["actual"], f.actual))
        if f.cause_line is not None and f.cause_line != f.location.line:
            facts.append((lab["cause"], line_label(f.cause_line, self.pages, self.lang)))
        if f.reference:
            facts.append((lab["reference"], f.reference))
        if reason is not None:
            facts.append((lab["reason"], reason))
        dl = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts)
        waived = f'<span class="badge waived">{escape(lab["waived"])}</span>' if reason is not None else ""
        cell = place.cell(self.lang)
        cell_html = f'<p class="cell">{escape(cell)}</p>' if cell else ""
        excerpt = _excerpt(f, self.source, col.index if col else None)
        crop = self.images.crop(f)
        if crop is not None:
            shown = _crop(crop, self.lang)
            if excerpt:
                shown += f'<details class="text"><summary>{escape(lab["extracted"])}</summary>{excerpt}</details>'
        else:
            shown = excerpt
        classes = f"finding {sev}" + (" head" if head else "")
        return (
            f'<article class="{classes}" data-severity="{sev}" data-family="{escape(_family(f.code))}" '
            f'data-code="{escape(f.code)}">'
            f'<h3><span class="badge {sev}">{escape(lab[sev])}</span>{waived}'
            f"<code>{escape(f.code)}</code> {escape(f.slug)}"
            f'<span class="where">{escape(place.short(self.lang))}</span></h3>'
            f"<p>{escape(f.message(self.lang))}</p>{cell_html}<dl>{dl}</dl>{shown}</article>"
        )

    def group(self, members: list[Finding], summary: str) -> str:
        """The head finding, then the others folded under it."""
        head, rest = members[0], members[1:]
        if not rest:
            return self.card(head)
        folded = "".join(self.card(f) for f in rest)
        text = escape(summary).replace("{n}", '<span class="n">' + str(len(rest)) + "</span>", 1)
        return (
            f'<div class="group">{self.card(head, head=True)}<details><summary>{text}</summary>{folded}</details></div>'
        )


def _rank(f: Finding) -> tuple[int, int, int, str]:
    """Severity first, then where the finding (or its probable cause) is, then the code."""
    anchor = f.cause_line or f.location.line or 0
    return (-f.severity.rank, anchor, f.location.line or 0, f.code)


def review_groups(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """The findings in review order, knock-ons folded: (kind, [head, *folded]) with kind "single",
    "table" (a BL008 finding with the other findings of its misread table) or "cause" (findings sharing
    a probable cause line, with those printed on that line, which head the group). Ordered by
    severity, then by cause."""
    left = sorted(findings, key=_rank)
    out: list[tuple[str, list[Finding]]] = []
    misread = {f.location.table: f for f in left if f.code == "BL008" and f.location.table}
    claimed: set[int] = set()
    for table_id, head in misread.items():
        rest = [f for f in left if f.location.table == table_id and f is not head]
        out.append(("table", [head, *rest]))
        claimed.update(id(f) for f in (head, *rest))
    left = [f for f in left if id(f) not in claimed]
    for cause, shared in cause_groups(left).items():
        ids = {id(f) for f in shared}
        group = shared + [f for f in left if f.location.line == cause and f.cause_line is None and id(f) not in ids]
        group = [f for f in group if id(f) not in claimed]
        if not group:
            continue
        on_line = [f for f in group if f.location.line == cause]
        head = min(on_line or group, key=_rank)
        rest = sorted((f for f in group if f is not head), key=_rank)
        out.append(("cause", [head, *rest]))
        claimed.update(id(f) for f in group)
    out += [("single", [f]) for f in left if id(f) not in claimed]
    return sorted(out, key=lambda item: (-max(f.severity.rank for f in item[1]), _rank(item[1][0])[1:]))


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
        _counts([result], lang),
        _summary(result, lang),
        f"<h3>{escape(lab['findings'])}</h3>",
    ]
    context = _Context(result, lang)
    try:
        if not result.findings:
            parts.append(f"<p>{escape(lab['none'])}</p>")
        findings, notes = split_notes(result.findings)
        for kind, members in review_groups(findings):
            if kind == "table":
                summary = lab["same_table"]
            else:
                cause = members[0].cause_line or members[0].location.line or 0
                where = line_label(cause, context.pages, lang) if lang == "en" else _zh_line(cause, context.pages)
                summary = lab["knock_on"] + " · " + lab["cause_text"].format(where=where, n=len(members))
            parts.append(context.group(members, summary))
        if notes:
            cards = "".join(context.card(f) for f in notes)
            summary = escape(notes_summary(notes, lang))
            parts.append(f'<details class="notes"><summary>{summary}</summary>{cards}</details>')
        if result.waived:
            parts.append(f"<h3>{escape(lab['waived'])}</h3>")
            parts.extend(context.card(f, reason) for f, reason in result.waived)
    finally:
        context.images.close()
    parts.append("</section>")
    return "\n".join(parts)


def _zh_line(line: int, pages: dict[int, int]) -> str:
    return line_label(line, pages, "zh") if line in pages else f"第{line}行"


def render_html(results: list[CheckResult], lang: str = "zh") -> str:
    """The whole review report as one HTML page (Chinese by default, English with ``lang="en"``)."""
    all_rules()  # fill the registry so every code maps to its family
    intro = _counts(results, lang) if len(results) > 1 else ""
    return PAGE.substitute(
        lang="en" if lang == "en" else "zh-CN",
        title=escape(_labels(lang)["title"]),
        filters=intro + _filters(results, lang),
        documents="\n".join(_document(r, lang) for r in results),
    )
