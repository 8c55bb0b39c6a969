"""Human-readable findings for the terminal, grouped by table, with the source line quoted."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table as RichTable

from budgetlens.check.evidence import cause_groups
from budgetlens.check.runner import CheckResult
from budgetlens.errors import BudgetLensError
from budgetlens.model import Document, Severity
from budgetlens.read import read_document

LABELS = {
    "zh": {
        "error": "错误",
        "warning": "警告",
        "info": "提示",
        "none": "未发现问题",
        "summary": "共 {e} 个错误，{w} 个警告，{i} 个提示",
        "cause": "可能原因：第{line}行",
        "causes": "共同原因：第{line}行的数字同时破坏了 {n} 个关系：{codes}",
    },
    "en": {
        "error": "error",
        "warning": "warning",
        "info": "info",
        "none": "no findings",
        "summary": "{e} errors, {w} warnings, {i} infos",
        "cause": "probable cause: line {line}",
        "causes": "one probable cause: a figure on line {line} breaks {n} identities: {codes}",
    },
}
STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _source_lines(doc: Document) -> list[str]:
    """The document's lines as its reader gave them (a PDF's rebuilt rows, a sheet's rows …)."""
    if doc.source_lines:
        return [text for _, text, _ in doc.source_lines]
    try:
        return [line.text for line in read_document(Path(doc.source)).lines]
    except (BudgetLensError, OSError):
        return []


def render_text(result: CheckResult, console: Console, lang: str = "zh") -> None:
    labels = LABELS["en" if lang == "en" else "zh"]
    doc = result.document
    console.print(
        f"[bold]{doc.source}[/bold]  {doc.issuer or ''} {doc.fiscal_year or ''} {doc.kind.value if doc.kind else ''}"
    )
    if not result.findings:
        console.print(f"  [green]{labels['none']}[/green]")
    source = _source_lines(doc)
    for f in result.findings:
        line = f.location.line
        where = f"L{line}" if line else "-"
        console.print(
            f"  [{STYLE[f.severity]}]{labels[f.severity.value]}[/] {f.code} {where}: {f.message(lang)}", highlight=False
        )
        if line and 0 < line <= len(source):
            quoted = source[line - 1].replace("\t", " │ ").strip()
            console.print(f"      [dim]{quoted[:160]}[/dim]", highlight=False)
        if f.cause_line is not None and f.cause_line != line:
            console.print(f"      → {labels['cause'].format(line=f.cause_line)}", highlight=False)
    for cause, group in cause_groups(result.findings).items():
        codes = ", ".join(f"{f.code} L{f.location.line}" for f in group)
        console.print(
            f"  [bold]{labels['causes'].format(line=cause, n=len(group), codes=codes)}[/bold]", highlight=False
        )
        if 0 < cause <= len(source):
            console.print(f"      [dim]{source[cause - 1].replace(chr(9), ' │ ').strip()[:160]}[/dim]", highlight=False)
    e, w, i = (result.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
    console.print(labels["summary"].format(e=e, w=w, i=i))


def summary_table(results: list[CheckResult], lang: str = "zh") -> RichTable:
    zh = lang != "en"
    table = RichTable(title="检查结果" if zh else "Check results")
    for name in ("文件", "错误", "警告", "提示") if zh else ("file", "errors", "warnings", "infos"):
        table.add_column(name)
    for r in results:
        table.add_row(
            Path(r.document.source).name, *(str(r.count(s)) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
        )
    return table
