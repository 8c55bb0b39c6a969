"""The comparison as one self-contained HTML page: an ECharts bar chart and the table under it.

ECharts (Apache-2.0, vendored in ``report/static/echarts.min.js``, 1.1 MB) is inlined, not linked: the page is
a single file that opens offline wherever it is saved or mailed, and no CDN is ever contacted. A chart
library was chosen over a matplotlib PNG because the bars carry tooltips with exact amounts, the text stays
selectable Chinese, and the web service (SPEC: ECharts, vendored) draws the same chart from the same file.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from html import escape
from importlib.resources import files
from string import Template

from budgetlens.compare.lineup import Comparison
from budgetlens.compare.render import HEADERS, amount_text, title

PAGE = Template("""<!DOCTYPE html>
<html lang="$lang">
<head>
<meta charset="utf-8">
<title>$title</title>
<style>
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 1.5em; color: #222; }
#chart { width: 100%; height: ${height}px; }
table { border-collapse: collapse; margin-top: 1em; font-size: 14px; }
th, td { border: 1px solid #ccc; padding: 3px 8px; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; }
.note { color: #a05a00; }
</style>
<script>$echarts</script>
</head>
<body>
<h1>$title</h1>
<div id="chart"></div>
<table>
<thead><tr>$head</tr></thead>
<tbody>
$body
</tbody>
</table>
<script>
const option = $option;
const chart = echarts.init(document.getElementById("chart"));
chart.setOption(option);
window.addEventListener("resize", () => chart.resize());
</script>
</body>
</html>
""")


@cache
def echarts_source() -> str:
    """The vendored ECharts build."""
    return (files("budgetlens") / "report" / "static" / "echarts.min.js").read_text(encoding="utf-8")


def _script_json(value: object) -> str:
    """JSON safe inside a <script> element."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def chart_option(comparison: Comparison) -> dict[str, object]:
    """A grouped bar chart: one category per classification line (合计 left out), one series per document."""
    lines = comparison.frame[comparison.frame["code"] != ""]
    categories = [f"{code} {name}" for code, name in zip(lines["code"], lines["name"], strict=True)]
    series = [
        {
            "name": label,
            "type": "bar",
            "data": [float(v) if isinstance(v, Decimal) else None for v in lines[label]],
        }
        for label in comparison.labels
    ]
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"top": 0},
        "grid": {"left": 8, "right": 40, "top": 40, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "value", "name": comparison.unit},
        "yAxis": {"type": "category", "data": categories, "inverse": True},
        "series": series,
    }


def _table_html(comparison: Comparison) -> tuple[str, str]:
    lang = "en" if comparison.lang == "en" else "zh"
    code_h, name_h, note_h, change_h, pct_h = HEADERS[lang]
    head = [code_h, name_h, *comparison.labels]
    for change_col, _ in comparison.changes:
        head += [f"{change_h} {change_col.removeprefix('Δ ')}", pct_h]
    head.append(note_h)
    rows = []
    for _, row in comparison.frame.iterrows():
        cells = [f"<td>{escape(row['code'])}</td>", f"<td>{escape(row['name'])}</td>"]
        numbers = [row[label] for label in comparison.labels]
        for change_col, pct_col in comparison.changes:
            numbers += [row[change_col], row[pct_col]]
        cells += [f'<td class="num">{escape(amount_text(v))}</td>' for v in numbers]
        cells.append(f'<td class="note">{escape(row["note"])}</td>')
        css = ' class="total"' if not row["code"] else ""
        rows.append(f"<tr{css}>{''.join(cells)}</tr>")
    return "".join(f"<th>{escape(h)}</th>" for h in head), "\n".join(rows)


def chart_height(comparison: Comparison) -> int:
    """Pixels the bar chart needs: a bar's height per document on every classification line."""
    lines = int((comparison.frame["code"] != "").sum())
    return max(240, 60 + lines * 22 * max(1, len(comparison.labels)))


def comparison_html(comparison: Comparison) -> str:
    head, body = _table_html(comparison)
    return PAGE.substitute(
        lang="en" if comparison.lang == "en" else "zh-CN",
        title=escape(title(comparison)),
        height=chart_height(comparison),
        echarts=echarts_source().replace("</script", "<\\/script"),
        option=_script_json(chart_option(comparison)),
        head=head,
        body=body,
    )
