"""``budgetlens serve`` (the review desk) and ``budgetlens token`` (its access tokens)."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from budgetlens.cli.options import Lang, LangOpt, fail
from budgetlens.cli.store_commands import DbOpt
from budgetlens.errors import BudgetLensError, ConfigError
from budgetlens.extras import needs


class Role(str, Enum):
    reviewer = "reviewer"
    viewer = "viewer"


token_app = typer.Typer(help="审核台的访问令牌 / access tokens of the review desk", no_args_is_help=True)


def serve(
    files: Annotated[
        list[Path] | None, typer.Argument(help="启动时先导入的文件 / files to upload when the service starts")
    ] = None,
    db: DbOpt = None,
    host: Annotated[str, typer.Option("--host", help="监听地址（默认仅本机）/ address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口 / port")] = 8000,
    workers: Annotated[
        int | None, typer.Option("--workers", "-j", help="处理上传的进程数 / processes reading uploads")
    ] = None,
    lang: LangOpt = Lang.zh,
) -> None:
    """启动审核台（网页与 /api/v1 接口）/ serve the review desk: web pages and the HTTP API under /api/v1."""
    try:
        with needs("serve"):
            import uvicorn

            from budgetlens.serve.app import create_app
            from budgetlens.serve.auth import any_token
            from budgetlens.serve.settings import Settings
        from budgetlens.read.text import read_bytes
        from budgetlens.store import connect

        settings = Settings.from_env(db=db, host=host, port=port, workers=workers, lang=lang.value)
        initial = [(path.name, read_bytes(path)) for path in files or []]  # a bad path fails now, in one line
        with connect(settings.db) as store:
            if not settings.loopback and not any_token(store):
                raise ConfigError(
                    f"在 {host} 上对外提供服务前，请先创建访问令牌：budgetlens token create --role reviewer",
                    f"create an access token before serving on {host}: budgetlens token create --role reviewer",
                )
            where = store.location.describe()
        app = create_app(settings, initial=initial)
    except BudgetLensError as exc:
        raise fail(exc, lang) from None
    address = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    sys.stderr.write(f"budgetlens: {'serving' if lang is Lang.en else '审核台'} {address} ({where})\n")
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=5)


@token_app.command("create")
def token_create(
    role: Annotated[Role, typer.Option("--role", help="reviewer（审核、上传）| viewer（只读）")],
    name: Annotated[str | None, typer.Option("--name", help="持有人（记录在审核意见中）/ holder")] = None,
    db: DbOpt = None,
    lang: LangOpt = Lang.zh,
) -> None:
    """创建访问令牌，最后一行为令牌 / create an access token (printed as the last line; only its hash is stored)."""
    try:
        with needs("serve"):
            from budgetlens.serve.auth import create_token
        from budgetlens.store import connect

        with connect(db) as store:
            token = create_token(store, role.value, name or role.value)
    except BudgetLensError as exc:
        raise fail(exc, lang) from None
    said = "keep it: it is shown only once" if lang is Lang.en else "请妥善保存，令牌只显示这一次"
    sys.stderr.write(f"budgetlens: {said}\n")
    sys.stdout.write(token + "\n")


@token_app.command("list")
def token_list(db: DbOpt = None, lang: LangOpt = Lang.zh) -> None:
    """列出令牌的持有人与角色 / list the tokens' holders and roles."""
    try:
        with needs("serve"):
            from budgetlens.serve.auth import tokens
        from budgetlens.store import connect

        with connect(db) as store:
            for name, role, created, revoked in tokens(store):
                state = (" revoked " if lang is Lang.en else " 已撤销 ") + str(revoked) if revoked else ""
                sys.stdout.write(f"{name}\t{role}\t{created}{state}\n")
    except BudgetLensError as exc:
        raise fail(exc, lang) from None


@token_app.command("revoke")
def token_revoke(
    name: Annotated[str, typer.Argument(help="持有人 / holder")], db: DbOpt = None, lang: LangOpt = Lang.zh
) -> None:
    """撤销某持有人的全部令牌 / revoke every token of a holder."""
    try:
        with needs("serve"):
            from budgetlens.serve.auth import revoke
        from budgetlens.store import connect

        with connect(db) as store:
            count = revoke(store, name)
        if not count:
            raise ConfigError(f"没有持有人为 {name} 的有效令牌", f"no valid token held by {name}")
    except BudgetLensError as exc:
        raise fail(exc, lang) from None
    sys.stdout.write((f"{count} token(s) revoked" if lang is Lang.en else f"已撤销 {count} 个令牌") + "\n")
