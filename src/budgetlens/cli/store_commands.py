"""``budgetlens ingest`` and ``budgetlens query``: the command-line face of the store stage."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from budgetlens.cli.options import Lang, LangOpt, fail
from budgetlens.errors import BudgetLensError, ConfigError

if TYPE_CHECKING:
    import pandas as pd

    from budgetlens.store.batch import IngestSummary


class Engine(str, Enum):
    local = "local"
    dask = "dask"


class QueryFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    parquet = "parquet"
    xlsx = "xlsx"


BINARY_FORMATS = (QueryFormat.parquet, QueryFormat.xlsx)  # written to -o OUT only


DbOpt = Annotated[
    str | None, typer.Option("--db", help="DuckDB 文件或 postgresql:// 地址（默认为用户数据目录下的文件）/ database")
]


def _summary_line(s: IngestSummary, lang: Lang) -> str:
    if lang is Lang.en:
        return (f"{s.files} files: {s.new} new, {s.known} already stored, {s.failed} failed; "
                f"{s.facts} facts written in {s.seconds:.1f} s")  # fmt: skip
    return (f"文件 {s.files} 个：新增 {s.new}，已存在 {s.known}，失败 {s.failed}；"
            f"写入数据 {s.facts} 条，用时 {s.seconds:.1f} 秒")  # fmt: skip


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="文件或文件夹（递归）/ files and folders", show_default=False)],
    db: DbOpt = None,
    workers: Annotated[int | None, typer.Option("--workers", "-j", help="并行进程数（默认全部核心）")] = None,
    engine: Annotated[Engine, typer.Option("--engine", help="local | dask")] = Engine.local,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask 调度器地址 tcp://HOST:PORT（配合 --engine dask）")
    ] = None,
    waivers: Annotated[Path | None, typer.Option("--waivers", help="豁免文件（YAML）/ waiver file")] = None,
    lang: LangOpt = Lang.zh,
) -> None:
    """导入文件到数据库（同一文件重复导入不变）/ ingest disclosures into the database (idempotent)."""
    try:
        from budgetlens.check.waivers import load_waivers
        from budgetlens.store import connect
        from budgetlens.store.batch import discover

        if scheduler and engine is not Engine.dask:
            raise ConfigError("--scheduler 需要 --engine dask", "--scheduler needs --engine dask")
        if engine is Engine.dask:
            from budgetlens.store.engines import check_dask

            check_dask()  # before the progress display starts, so that the message is the only line
        waiver_list = load_waivers(waivers) if waivers else []
        total = len(discover(paths))
        store = connect(db)
    except BudgetLensError as exc:
        raise fail(exc, lang) from None
    from budgetlens.cli.progress import progress_bars

    err = Console(stderr=True)
    try:
        with store, progress_bars(err) as progress:
            task = progress.add_task("导入" if lang is Lang.zh else "ingesting", total=total)
            summary = store.ingest(
                paths, workers, engine.value, scheduler, waiver_list, lambda _path, _state: progress.advance(task)
            )
    except BudgetLensError as exc:
        raise fail(exc, lang) from None
    for failure in summary.errors:
        label = "失败" if lang is Lang.zh else "failed"
        reason = failure.message(lang.value).removeprefix(f"{failure.path}: ")  # the path is said once
        err.print(f"[red]{label}[/red] {escape(failure.path)}: {escape(reason)}", highlight=False, soft_wrap=True)
    err.print(_summary_line(summary, lang), highlight=False, markup=False)
    if not summary.ok:
        raise typer.Exit(1)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, list | str):  # numpy scalars
        return value.item()
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    import pandas as pd

    rows = []
    for record in frame.to_dict(orient="records"):
        rows.append({str(k): None if not isinstance(v, list) and pd.isna(v) else _plain(v) for k, v in record.items()})
    return rows


def query(
    sql: Annotated[str, typer.Argument(help="一条 SQL 语句（只读），如 select * from facts limit 5")],
    db: DbOpt = None,
    fmt: Annotated[
        QueryFormat, typer.Option("--format", "-f", help="table | csv | json | parquet | xlsx (parquet/xlsx need -o)")
    ] = QueryFormat.table,
    out: Annotated[Path | None, typer.Option("--output", "-o", help="输出文件 / output file")] = None,
    lang: LangOpt = Lang.zh,
) -> None:
    """在只读连接上执行一条读取语句 / run one read statement on a read-only connection (tables: documents,
    facts, findings …), within BUDGETLENS_QUERY_SECONDS and BUDGETLENS_QUERY_ROWS."""
    if fmt in BINARY_FORMATS and out is None:
        raise fail(ConfigError(f"--format {fmt.value} 需要 -o 输出文件", f"--format {fmt.value} needs -o OUT"), lang)
    try:
        from budgetlens.limits import Limits
        from budgetlens.limits import current as current_limits
        from budgetlens.store import connect

        limits = current_limits()
        with connect(db, read_only=True) as store:
            result = store.read(sql, limits)
    except BudgetLensError as exc:
        raise fail(exc, lang) from None
    frame = result.frame
    if result.cut:
        rows, variable = limits.query_rows, Limits.variable("query_rows")
        sys.stderr.write(
            f"budgetlens: 结果超过 {rows} 行，只输出前 {rows} 行（可用环境变量 {variable} 调整）\n"
            if lang is Lang.zh
            else f"budgetlens: output cut at {rows} rows (set {variable} to change it)\n"
        )
    if fmt in BINARY_FORMATS and out is not None:
        _write_frame(frame, fmt, out)
        return
    records = _records(frame)
    if out is not None and fmt is QueryFormat.csv:  # a file starts with a BOM so that Excel reads UTF-8
        frame.to_csv(out, index=False, lineterminator="\n", encoding="utf-8-sig")
        return
    if fmt is QueryFormat.json:
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    elif fmt is QueryFormat.csv:
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        from rich.table import Table

        table = Table(*[str(c) for c in frame.columns], show_lines=False)
        for record in records:
            table.add_row(*["" if v is None else str(v) for v in record.values()])
        Console(highlight=False, soft_wrap=True).print(table)


def _write_frame(frame: Any, fmt: QueryFormat, out: Path) -> None:
    """A query's result as Parquet (decimals kept) or as one formatted Excel sheet."""
    if fmt is QueryFormat.parquet:
        frame.to_parquet(out, index=False)
        return
    frame.to_excel(out, index=False, sheet_name="query", engine="openpyxl")
