"""The budgetlens command line (thin: every command calls library functions)."""

from __future__ import annotations

import json
import sys
import warnings
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from budgetlens import __version__
from budgetlens.cli import generate_commands, serve_commands, store_commands
from budgetlens.cli.options import Lang, LangOpt, argv_lang, fail
from budgetlens.compare.measures import Classification, Measure
from budgetlens.errors import BudgetLensError, ConfigError

if TYPE_CHECKING:
    from budgetlens.check.runner import CheckResult
    from budgetlens.check.waivers import Waiver
    from budgetlens.model import Document
    from budgetlens.pipeline import PipelineRun

# Start-up: only what every command needs is imported here. The pipeline and the model (pydantic),
# the rules, the report formats (openpyxl, pandas) and the readers' libraries are imported by the
# command that uses them, so that `--help` answers at once and a check starts reading at once.

app = typer.Typer(add_completion=False, no_args_is_help=True, help="budgetlens：预算/决算公开文件的数据提取与核验")
out_console = Console(highlight=False, soft_wrap=True)


class ExtractFormat(str, Enum):
    json = "json"
    facts = "facts"
    csv = "csv"
    xlsx = "xlsx"
    parquet = "parquet"
    datapackage = "datapackage"


class CompareFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    html = "html"


class CompareLevel(str, Enum):
    lei = "类"
    kuan = "款"
    xiang = "项"


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    html = "html"
    sarif = "sarif"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    never = "never"


FilesArg = Annotated[list[Path], typer.Argument(help="公开文件（文本）/ disclosure files", show_default=False)]
OutOpt = Annotated[Path | None, typer.Option("-o", "--output", help="输出文件（默认标准输出）/ output file")]


def _run_all(
    files: list[Path],
    lang: Lang,
    *,
    check: bool = True,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    waivers: list[Waiver] | None = None,
) -> list[PipelineRun]:
    """Run the pipeline on every file (on a terminal, progress of a batch and of OCR on stderr); the first
    file that fails stops with exit 2."""
    from budgetlens import pipeline
    from budgetlens.cli.progress import reading_progress

    runs = []
    with reading_progress(files, lang) as reading:
        for path in files:
            with reading(path):
                result = pipeline.run(
                    path, check=check, select=select or (), ignore=ignore or (), waivers=waivers or ()
                )
            if result.error is not None:
                raise fail(result.error, lang)
            runs.append(result)
    return runs


def _check_each(
    files: list[Path], lang: Lang, select: list[str] | None, ignore: list[str] | None, waivers: list[Waiver]
) -> tuple[list[PipelineRun], list[str]]:
    """Several files checked, each in a worker process under the time and memory limits (``Limits``): the runs
    that succeeded, in the order given, and one line for each file that failed (unreadable, crashed its reader,
    out of memory or over time); one file's failure does not stop the others."""
    from functools import partial

    from budgetlens import pipeline
    from budgetlens.cli.progress import reading_progress
    from budgetlens.store.batch import default_workers
    from budgetlens.store.engines import WORKER_MODULES
    from budgetlens.store.isolation import Failure, IsolatedPool, start_method

    task = partial(pipeline.run, select=tuple(select or ()), ignore=tuple(ignore or ()), waivers=tuple(waivers))
    method = start_method()
    outcomes: dict[int, PipelineRun | Failure] = {}
    with reading_progress(files, lang) as reading:
        if method is None:  # no worker can start here (see store.isolation): one file after the other
            for i, path in enumerate(files):
                with reading(path):
                    outcomes[i] = task(path)
        else:
            workers = min(len(files), default_workers())
            jobs = [(i, (path,)) for i, path in enumerate(files)]
            pool: IsolatedPool[PipelineRun] = IsolatedPool(workers=workers, method=method, preload=WORKER_MODULES)
            with pool:
                for i, outcome in pool.map_unordered(task, jobs):
                    with reading(files[i]):  # the file is done: the batch bar advances
                        outcomes[i] = outcome
    runs: list[PipelineRun] = []
    failures: list[str] = []
    for i, path in enumerate(files):
        outcome = outcomes[i]
        if isinstance(outcome, Failure):
            failures.append(f"{path}: {outcome.message(lang.value)}")
        elif outcome.error is not None:
            failures.append(outcome.error.message(lang.value))
        else:
            runs.append(outcome)
    return runs, failures


def _load_all(files: list[Path], lang: Lang) -> list[Document]:
    """The parsed documents, unchecked (extract, compare)."""
    return [r.parsed() for r in _run_all(files, lang, check=False)]


def _write(text: str, output: Path | None, *, csv: bool = False) -> None:
    """Text to stdout or to ``output``; a CSV file starts with a UTF-8 BOM so that Excel reads it as UTF-8.

    Standard output gets no BOM: it is read by programs (pipes), which would take the BOM as data.
    """
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8-sig" if csv else "utf-8")


@app.command()
def extract(
    files: FilesArg,
    fmt: Annotated[
        ExtractFormat, typer.Option("--format", "-f", help="json | facts | csv | xlsx | parquet | datapackage")
    ] = ExtractFormat.json,
    output: OutOpt = None,
    lang: LangOpt = Lang.zh,
) -> None:
    """提取全部表格为数据 / extract every table as data."""
    from budgetlens.report import exports

    if fmt in (ExtractFormat.xlsx, ExtractFormat.parquet, ExtractFormat.datapackage) and output is None:
        what = "目录" if fmt is ExtractFormat.datapackage else "文件"
        message = ConfigError(f"{fmt.value} 格式需要用 -o 指定输出{what}", f"the {fmt.value} format needs -o OUTPUT")
        raise fail(message, lang)
    docs = _load_all(files, lang)
    if fmt is ExtractFormat.xlsx and output is not None:
        from budgetlens.report.xlsx import write_xlsx

        write_xlsx(docs, output)
    elif fmt is ExtractFormat.parquet and output is not None:
        from budgetlens.report.parquet import write_parquet

        write_parquet(docs, output)
    elif fmt is ExtractFormat.datapackage and output is not None:
        from budgetlens.report.datapackage import write_datapackage

        write_datapackage(docs, output)
    elif fmt is ExtractFormat.facts:
        _write(exports.facts_jsonl(docs), output)
    elif fmt is ExtractFormat.csv:
        _write(exports.facts_csv(docs), output, csv=True)
    else:
        _write(exports.documents_json(docs) + "\n", output)


@app.command()
def check(
    files: FilesArg,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="text | json | html | sarif")] = CheckFormat.text,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="error | warning | never")] = FailOn.error,
    select: Annotated[list[str] | None, typer.Option("--select", help="只运行这些规则（可为前缀）")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="不运行这些规则（可为前缀）")] = None,
    waivers: Annotated[
        Path | None, typer.Option("--waivers", help="豁免文件（YAML，每条须有理由）/ waiver file")
    ] = None,
    output: OutOpt = None,
    lang: LangOpt = Lang.zh,
) -> None:
    """核验公开文件并列出问题 / check disclosures and list every inconsistency."""
    waiver_list: list[Waiver] = []
    try:
        if select or ignore:  # the rules are loaded before the read only to refuse an unknown code
            from budgetlens.check.runner import check_codes

            check_codes(select or (), ignore or ())
        if waivers:
            from budgetlens.check.waivers import load_waivers

            waiver_list = load_waivers(waivers)
    except BudgetLensError as exc:
        raise fail(exc, lang) from None
    failures: list[str] = []
    if len(files) == 1:
        runs = _run_all(files, lang, select=select, ignore=ignore, waivers=waiver_list)
    else:
        runs, failures = _check_each(files, lang, select, ignore, waiver_list)
        for line in failures:
            sys.stderr.write(f"budgetlens: {line}\n")
        if not runs:
            raise typer.Exit(2)
    from budgetlens.check.waivers import unused_waivers
    from budgetlens.model import Severity
    from budgetlens.report.html import render_html
    from budgetlens.report.json_report import findings_json
    from budgetlens.report.sarif import render_sarif
    from budgetlens.report.text import render_text, summary_table

    results: list[CheckResult] = [r.checked() for r in runs]
    for w in unused_waivers(results, waiver_list):
        label = "未使用的豁免：" if lang is Lang.zh else "unused waiver: "
        sys.stderr.write(f"budgetlens: {label}{w.describe(lang.value)}\n")
    if fmt is CheckFormat.json:
        payload = [findings_json(r, lang.value) for r in results]
        _write(json.dumps(payload[0] if len(files) == 1 else payload, ensure_ascii=False, indent=1) + "\n", output)
    elif fmt is CheckFormat.sarif:
        _write(json.dumps(render_sarif(results, lang.value), ensure_ascii=False, indent=1) + "\n", output)
    elif fmt is CheckFormat.html:
        _write(render_html(results, lang.value), output)
    else:
        console = Console(file=output.open("w", encoding="utf-8"), highlight=False) if output else out_console
        for r in results:
            render_text(r, console, lang.value)
        if len(results) > 1:
            console.print(summary_table(results, lang.value))
    if failures:  # the tool could not check every file it was given
        raise typer.Exit(2)
    if fail_on is not FailOn.never:
        threshold = Severity(fail_on.value)
        if any(r.at_or_above(threshold) for r in results):
            raise typer.Exit(1)


@app.command()
def compare(
    files: FilesArg,
    by: Annotated[Classification, typer.Option("--by", help="function（功能分类）| economic（经济分类）")] = (
        Classification.function
    ),
    level: Annotated[CompareLevel, typer.Option("--level", help="类 | 款 | 项")] = CompareLevel.lei,
    measure: Annotated[
        Measure, typer.Option("--measure", help="total（支出总表合计）| general（一般公共预算财政拨款）")
    ] = Measure.total,
    fmt: Annotated[CompareFormat, typer.Option("--format", "-f", help="table | csv | json | html")] = (
        CompareFormat.table
    ),
    keep_order: Annotated[bool, typer.Option("--keep-order", help="按给出的顺序排列（默认按年度）")] = False,
    output: OutOpt = None,
    lang: LangOpt = Lang.zh,
) -> None:
    """对比多个文件的支出（跨年度、预算与决算、部门之间）/ compare spending across documents."""
    from budgetlens.compare.chart import comparison_html
    from budgetlens.compare.lineup import compare_facts
    from budgetlens.compare.render import comparison_csv, comparison_json_text, terminal_view
    from budgetlens.report.frames import documents_frame, facts_frame

    docs = _load_all(files, lang)
    try:
        result = compare_facts(
            facts_frame(docs), documents_frame(docs), by, level.value, measure, lang=lang.value, by_year=not keep_order
        )
    except BudgetLensError as exc:
        raise fail(exc, lang) from None
    if fmt is CompareFormat.csv:
        _write(comparison_csv(result), output, csv=True)
    elif fmt is CompareFormat.json:
        _write(comparison_json_text(result), output)
    elif fmt is CompareFormat.html:
        _write(comparison_html(result), output)
    else:
        console = Console(file=output.open("w", encoding="utf-8"), highlight=False) if output else out_console
        console.print(terminal_view(result, console.width), soft_wrap=False)  # fits the terminal's width


@app.command()
def rules(lang: LangOpt = Lang.zh) -> None:
    """列出全部核验规则 / list the rules."""
    from budgetlens.check.registry import all_rules
    from budgetlens.cli.explain import rules_table

    out_console.print(rules_table(all_rules(), lang.value), soft_wrap=False)  # cells wrap at the terminal's width


@app.command()
def explain(code: Annotated[str, typer.Argument(help="规则编号，如 BL201")], lang: LangOpt = Lang.zh) -> None:
    """显示规则说明 / show a rule's documentation page."""
    from rich.markdown import Markdown

    from budgetlens.cli.explain import explain_rule

    page = explain_rule(code.upper(), lang.value)
    if page is None:
        raise fail(ConfigError(f"没有规则 {code}", f"no rule {code}"), lang)
    out_console.print(Markdown(page), soft_wrap=False)  # formatted on a terminal, plain text when piped


app.command()(store_commands.ingest)
app.command()(store_commands.query)
app.command()(serve_commands.serve)
app.add_typer(serve_commands.token_app, name="token")
app.command()(generate_commands.generate)


@app.command()
def version() -> None:
    """显示版本 / show the version."""
    out_console.print(f"budgetlens {__version__}")


def _one_line_warnings(lang: str) -> None:
    """A warning (image pages left unread …) is one line on stderr in the chosen language, never Python's two."""

    def show(message: Warning | str, category: type[Warning], *_: object, **__: object) -> None:
        text = getattr(message, "message_zh" if lang == "zh" else "message_en", None) or str(message)
        sys.stderr.write(f"budgetlens: {'警告' if lang == 'zh' else 'warning'}: {text}\n")

    warnings.showwarning = show


def _print_version(asked: bool) -> None:
    if asked:
        out_console.print(f"budgetlens {__version__}")
        raise typer.Exit()


@app.callback()
def options(
    show_version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_print_version, is_eager=True, help="显示版本 / show the version"),
    ] = False,
) -> None:
    """budgetlens：预算/决算公开文件的数据提取与核验"""


def run() -> None:
    """Entry point: no traceback for bad input; one line and exit 2 for the tool's own failures."""
    lang = argv_lang(sys.argv[1:]).value
    _one_line_warnings(lang)
    try:
        app()
    except BudgetLensError as exc:  # raised past the command's own handling (a missing extra), in its --lang
        sys.stderr.write(f"budgetlens: {exc.message(lang)}\n")
        sys.exit(2)
    except Exception as exc:  # a defect of the tool: one line naming it, never a traceback
        detail = f"{type(exc).__name__}: {exc}".splitlines()[0]
        label = "internal error (please report it)" if lang == "en" else "内部错误（请报告此问题）"
        sys.stderr.write(f"budgetlens: {label}: {detail}\n")
        sys.exit(2)
