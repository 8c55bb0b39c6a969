"""Human-readable findings for the terminal, with the source line quoted.

Each finding names where a reviewer finds it: the page of a PDF or scan (then the reader's line), the
sheet and cell of a workbook, the line of a text document; and the table, row and column when known.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from budgetlens.check.evidence import cause_groups
from budgetlens.check.notes import notes_summary, split_notes
from budgetlens.check.runner import CheckResult
from budgetlens.errors import BudgetLensError
from budgetlens.model import Document, Severity
from budgetlens.read import read_document
from budgetlens.report.places import line_label, line_pages, place_of

LABELS = {
    "zh": {
        "error": "错误",
        "warning": "警告",
        "info": "提示",
        "none": "未发现问题",
        "summary": "共 {e} 个错误，{w} 个警告，{i} 个提示",
        "cause": "可能原因：{line}",
        "causes": "共同原因：{line}的数字同时破坏了 {n} 个关系：{codes}",
        "notes": "逐条读取说明见 --format json 或 --format html",
    },
    "en": {
        "error": "error",
        "warning": "warning",
        "info": "info",
        "none": "no findings",
        "summary": "{e} errors, {w} warnings, {i} infos",
        "cause": "probable cause: {line}",
        "causes": "one probable cause: a figure on {line} breaks {n} identities: {codes}",
        "notes": "every reading note is listed by --format json or --format html",
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


def _line_words(line: int, pages: dict[int, int], lang: str) -> str:
    """``line 163`` / ``第163行`` for a text document, ``p.8 L75`` / ``第8页 L75`` for a PDF or scan."""
    if line in pages:
        return line_label(line, pages, lang)
    return f"line {line}" if lang == "en" else f"第{line}行"


def render_text(result: CheckResult, console: Console, lang: str = "zh") -> None:
    labels = LABELS["en" if lang == "en" else "zh"]
    doc = result.document
    console.print(
        f"[bold]{escape(doc.source)}[/bold]  {escape(doc.issuer or '')} {doc.fiscal_year or ''} "
        f"{doc.kind.label(lang) if doc.kind else ''}"
    )
    if not result.findings:
        console.print(f"  [green]{labels['none']}[/green]")
    source = _source_lines(doc)
    pages = line_pages(doc)
    findings, notes = split_notes(result.findings)
    for f in findings:
        line = f.location.line
        place = place_of(f, doc)
        label = f"[{STYLE[f.severity]}]{labels[f.severity.value]}[/]"
        console.print(f"  {label} {f.code} {place.short(lang)}: {escape(f.message(lang))}", highlight=False)
        cell = place.cell(lang)
        if cell:
            console.print(f"      {cell}", highlight=False, markup=False)
        if line and 0 < line <= len(source):
            quoted = source[line - 1].replace("\t", " │ ").strip()
            console.print(f"      [dim]{escape(quoted[:160])}[/dim]", highlight=False)
        if f.cause_line is not None and f.cause_line != line:
            where = _line_words(f.cause_line, pages, lang)
            console.print(f"      → {labels['cause'].format(line=where)}", highlight=False)
    for cause, group in cause_groups(findings).items():
        codes = ", ".join(f"{f.code} {place_of(f, doc).short(lang)}" for f in group)
        where = _line_words(cause, pages, lang)
        console.print(
            f"  [bold]{escape(labels['causes'].format(line=where, n=len(group), codes=codes))}[/bold]", highlight=False
        )
        if 0 < cause <= len(source):
            quoted = source[cause - 1].replace(chr(9), " │ ").strip()[:160]
            console.print(f"      [dim]{escape(quoted)}[/dim]", highlight=False)
    if notes:
        console.print(f"  [cyan]{escape(notes_summary(notes, lang))}[/cyan]", highlight=False)
        console.print(f"      [dim]{escape(labels['notes'])}[/dim]", highlight=False)
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
