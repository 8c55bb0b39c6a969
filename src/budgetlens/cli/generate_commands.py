"""``budgetlens generate``: write a department budget disclosure from its data with a region's template."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from budgetlens.cli.options import Lang, LangOpt, fail
from budgetlens.errors import BudgetLensError, ConfigError
from budgetlens.model import Severity

STAMP = "未通过校验"
DEFAULT_TEMPLATE = "shanxi-city-budget"
INIT_TEMPLATES = {"budget": DEFAULT_TEMPLATE, "final": "shanghai-district-final"}  # --init's default templates


class Format(str, Enum):
    text = "text"
    html = "html"
    pdf = "pdf"
    docx = "docx"
    xlsx = "xlsx"


SUFFIX = {Format.text: ".txt", Format.html: ".html", Format.pdf: ".pdf", Format.docx: ".docx", Format.xlsx: ".xlsx"}


def generate(
    data: Annotated[
        Path | None, typer.Argument(help="部门预算数据文件（YAML/JSON/XLSX）/ the department's data file")
    ] = None,
    template: Annotated[
        str | None,
        typer.Option("--template", "-t", help="模板名（默认：工作簿中写明的，或 shanxi-city-budget）/ template name"),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="输出格式 / output format")] = Format.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="输出文件（默认：数据文件名加格式后缀）/ output file")
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="校验不通过也写出，并加印“未通过校验” / write even when checks fail, stamped"),
    ] = False,
    templates: Annotated[bool, typer.Option("--templates", help="列出可用模板 / list the templates")] = False,
    from_db: Annotated[
        str | None,
        typer.Option(
            "--from-db",
            help="写出数据库中该文件的表格（按存储原样，无说明文字）/ write the stored document's tables as stored"
            " (no narrative: the store keeps tables, not the data)",
        ),
    ] = None,
    db: Annotated[str | None, typer.Option("--db", help="DuckDB 文件或 postgresql:// 地址 / database")] = None,
    init: Annotated[
        str | None,
        typer.Option(
            "--init", help="写出待填写的数据工作簿：budget 或 final / write an empty data workbook (budget|final)"
        ),
    ] = None,
    lang: LangOpt = Lang.zh,
) -> None:
    """由数据生成部门预算公开文件 / write a budget disclosure from data (checked with the same rules first)."""
    from budgetlens.generate.templates import list_templates

    if templates:
        for t in list_templates():
            sys.stdout.write(f"{t.name}\t{t.description}\n")
        return
    try:
        written: Path | None
        if from_db is not None:
            written = _from_db(from_db, db, fmt, output)
        elif init is not None:
            written = _init(init, template, output)
        elif data is None:
            raise ConfigError("缺少数据文件", "missing the data file")
        else:
            written = _generate(data, template, fmt, output, force, lang)
    except BudgetLensError as exc:
        raise fail(exc, lang) from None
    if written is None:
        raise typer.Exit(1)
    sys.stderr.write(f"已写出 {written}\n" if lang is Lang.zh else f"wrote {written}\n")


def _init(kind: str, template: str | None, output: Path | None) -> Path:
    """The empty data workbook of ``kind`` (budget or final; default ``KIND.data.xlsx``) for the template (one of
    that kind), written to ``output`` (never over an existing file)."""
    from budgetlens.generate.layouts import layout_for
    from budgetlens.generate.templates import data_model, load_template
    from budgetlens.generate.workbook import write_workbook

    if kind not in INIT_TEMPLATES:
        raise ConfigError(f"--init 只能是 budget 或 final：{kind}", f"--init takes budget or final: {kind}")
    chosen = load_template(template or INIT_TEMPLATES[kind])
    if chosen.kind != kind:
        raise ConfigError(
            f"模板 {chosen.name} 生成的不是{'部门预算' if kind == 'budget' else '部门决算'}：--init {chosen.kind}",
            f"template {chosen.name} is not a {kind} template: use --init {chosen.kind}",
        )
    out = output or Path(f"{kind}.data.xlsx")
    if out.exists():
        raise ConfigError(f"文件已存在，不覆盖：{out}", f"the file exists, not overwritten: {out}")
    write_workbook(None, out, chosen.name, layout=layout_for(data_model(chosen)))
    return out


def _generate(
    data: Path, template: str | None, fmt: Format, output: Path | None, force: bool, lang: Lang
) -> Path | None:
    """The file written, or None when the checks found problems (listed on stderr) and ``force`` is off."""
    from budgetlens import pipeline
    from budgetlens.generate.data import load_data
    from budgetlens.generate.kinds import compose
    from budgetlens.generate.templates import data_model, load_template
    from budgetlens.generate.text import render_text

    if template is None and data.suffix.lower() == ".xlsx":
        from budgetlens.generate.sheets import workbook_template

        template = workbook_template(data)  # the template named on the workbook's 说明 sheet
    chosen = load_template(template or DEFAULT_TEMPLATE)
    doc = compose(load_data(data, data_model(chosen)), chosen)  # the data model of the template's kind
    text = render_text(doc)
    run = pipeline.run(text.encode("utf-8"), name=data.name)
    if run.error is not None:
        raise run.error
    findings = run.result.findings if run.result else []
    for f in findings:  # every finding is listed; an info note (a figure no table prints, …) does not block
        line = f" L{f.location.line}" if f.location.line else ""
        sys.stderr.write(f"{f.code}{line} {f.message(lang.value)}\n")
    problems = [f for f in findings if f.severity is not Severity.INFO]
    if problems:
        if not force:
            sys.stderr.write(
                f"{len(problems)} 条校验问题，未写出（--force 强制写出）\n"
                if lang is Lang.zh
                else f"{len(problems)} findings; nothing written (--force writes it stamped)\n"
            )
            return None
        doc.stamp = STAMP
    out = output or Path(data.name.split(".")[0] + SUFFIX[fmt])
    if out.resolve() == data.resolve():
        raise ConfigError(f"输出文件不能是数据文件本身：{out}", f"the output cannot be the data file itself: {out}")
    _write(doc, fmt, out)
    return out


def _write(doc: object, fmt: Format, out: Path) -> None:
    from budgetlens.generate.printed import PrintedDocument
    from budgetlens.generate.text import render_text

    assert isinstance(doc, PrintedDocument)
    if fmt is Format.text:
        out.write_text(render_text(doc), encoding="utf-8")
    else:
        from budgetlens.generate.render import render  # type: ignore[import-not-found,unused-ignore]

        render(doc, fmt.value, out)


def _from_db(sha: str, db: str | None, fmt: Format, output: Path | None) -> Path:
    """The stored document's tables as stored, written in ``fmt``."""
    from budgetlens.generate.stored import stored_document
    from budgetlens.store.connection import connect

    with connect(db, read_only=True) as store:
        doc = stored_document(store, sha)
    out = output or Path(sha[:12] + SUFFIX[fmt])
    _write(doc, fmt, out)
    return out
