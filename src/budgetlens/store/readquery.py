"""What a read-only ``query`` may do, for both engines: one read statement, within a time and a row limit.

The engines enforce it (see ``backend``): DuckDB parses the text into statements and runs one SELECT on a
connection with file access off and its configuration locked; PostgreSQL runs the text as the cursor of a
read-only transaction (a cursor holds one SELECT, VALUES, TABLE or WITH without data-modifying parts), as
the role ``budgetlens_reader``, and rolls it back. Here are the parts they share: the refusals, the clock
that stops a statement from another thread, and the result with its "cut" flag.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from budgetlens.limits import Limits
from budgetlens.store.errors import StoreError

if TYPE_CHECKING:
    import pandas as pd
    import psycopg
    import pyarrow as pa
    from duckdb import DuckDBPyConnection

READER_ROLE = "budgetlens_reader"  # PostgreSQL: USAGE on the schema, SELECT on the store's tables and views
READ_KEYWORDS = frozenset({"select", "with", "values", "table"})
_LEADING = re.compile(r"(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/|\()*", re.DOTALL)
_WORD = re.compile(r"[A-Za-z_]+")


class QueryRefused(StoreError):
    """A statement ``query`` does not run (a write, several statements, too slow, a connection too powerful)."""


@dataclass(slots=True)
class QueryResult:
    frame: pd.DataFrame
    cut: bool  # more rows than the limit: ``frame`` holds the first ones


def first_keyword(sql: str) -> str:
    """The statement's first word, lower case, after comments, blanks and opening parentheses."""
    match = _WORD.match(sql, _LEADING.match(sql).end())  # type: ignore[union-attr]  # the pattern matches ""
    return match[0].lower() if match else ""


def not_a_read() -> QueryRefused:
    return QueryRefused(
        "查询是只读的：只接受一条读取语句（SELECT、WITH、VALUES 或 TABLE）",
        "queries are read-only: one read statement only (SELECT, WITH, VALUES or TABLE)",
    )


def several_statements(count: int | None = None) -> QueryRefused:
    found_zh = f"（收到 {count} 条）" if count else ""
    found_en = f" (found {count})" if count else ""
    return QueryRefused(f"一次查询只能有一条语句{found_zh}", f"a query is one statement{found_en}")


def timed_out(seconds: int) -> QueryRefused:
    variable = Limits.variable("query_seconds")
    return QueryRefused(
        f"查询超过 {seconds} 秒，已停止（可用环境变量 {variable} 调整）",
        f"the query was stopped after {seconds} s (set {variable} to change it)",
    )


def check_read_keyword(sql: str) -> None:
    """A clear refusal before the engine sees a statement that cannot be a read (the engine still decides)."""
    if first_keyword(sql) not in READ_KEYWORDS:
        raise not_a_read()


class Clock:
    """Whether the time ran out (the statement was interrupted by the clock, not by anything else)."""

    expired = False


@contextmanager
def stopped_after(seconds: int, interrupt: Callable[[], object]) -> Iterator[Clock]:
    """Call ``interrupt`` from a timer thread if the block still runs after ``seconds``."""
    clock = Clock()

    def ring() -> None:
        clock.expired = True
        interrupt()

    timer = threading.Timer(seconds, ring)
    timer.daemon = True
    timer.start()
    try:
        yield clock
    finally:
        timer.cancel()


def _line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def failed(exc: BaseException) -> StoreError:
    return StoreError(f"查询失败：{_line(exc)}", f"query failed: {_line(exc)}")


def duckdb_read(con: DuckDBPyConnection, sql: str, limits: Limits) -> tuple[pa.Table, bool]:
    """One SELECT on a connection whose file access is off and whose settings are locked (``SET`` refused):
    its first ``query_rows`` rows, and whether there were more."""
    import duckdb

    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise failed(exc) from None
    if len(statements) != 1:
        raise several_statements(len(statements))
    if statements[0].type != duckdb.StatementType.SELECT:
        raise not_a_read()
    with stopped_after(limits.query_seconds, con.interrupt) as clock:
        try:
            table = con.sql(sql).limit(limits.query_rows + 1).to_arrow_table()
        except duckdb.Error as exc:
            if clock.expired:
                raise timed_out(limits.query_seconds) from None
            raise failed(exc) from None
    return table.slice(0, limits.query_rows), table.num_rows > limits.query_rows


def check_query_role(con: psycopg.Connection[Any]) -> None:
    """Refuse a PostgreSQL login a query could turn into more than a reader (see ``postgres_read``).

    A statement can always give itself back the privileges of the login (``set_config('role', …)``), so the
    login, and every role it is a member of, must not be a superuser nor read or write the server's files or
    run its programs; and it must be a member of ``budgetlens_reader``, the role the statement runs as.
    """
    user, powerful, reader = con.execute(
        "SELECT session_user::text, EXISTS (SELECT 1 FROM pg_roles r WHERE pg_has_role(session_user, r.oid, 'MEMBER') "
        "AND (r.rolsuper OR r.rolname IN ('pg_read_server_files', 'pg_write_server_files', "
        "'pg_execute_server_program'))), "
        "(SELECT pg_has_role(session_user, r.oid, 'MEMBER') FROM pg_roles r WHERE r.rolname = %s)",
        (READER_ROLE,),
    ).fetchone() or ("?", True, None)
    if powerful:
        raise QueryRefused(
            f"查询不接受以 {user} 连接：它是（或可成为）超级用户，或能读写服务器文件；"
            f"请用只属于 {READER_ROLE} 的角色连接",
            f"query refuses to connect as {user}: it is (or may become) a superuser or use the server's files; "
            f"connect as a role granted only {READER_ROLE}",
        )
    if reader is None:
        raise QueryRefused(
            f"数据库中没有角色 {READER_ROLE}：请管理员执行 CREATE ROLE {READER_ROLE}，"
            "然后再导入一次（导入时授予读取权限）",
            f"the role {READER_ROLE} does not exist: an administrator runs CREATE ROLE {READER_ROLE}, "
            "then one ingest grants it the reads",
        )
    if not reader:
        raise QueryRefused(
            f"查询以角色 {READER_ROLE} 执行，而 {user} 不属于它：请管理员执行 GRANT {READER_ROLE} TO {user}",
            f"queries run as the role {READER_ROLE}, which {user} is not granted: "
            f"an administrator runs GRANT {READER_ROLE} TO {user}",
        )


def postgres_read(con: psycopg.Connection[Any], sql: str, limits: Limits) -> QueryResult:
    """The statement as the cursor of a read-only transaction run as ``budgetlens_reader``, then rolled back.

    ``DECLARE … CURSOR FOR`` takes one SELECT, VALUES, TABLE or WITH without data-modifying parts (the
    extended protocol refuses a second statement), so DO, COMMIT, SET, RESET, COPY … cannot be sent; a
    function that writes fails in the read-only transaction, and nothing is ever committed.
    """
    import pandas as pd
    import psycopg

    check_read_keyword(sql)
    seconds = limits.query_seconds
    try:
        with con.transaction(force_rollback=True):
            con.execute("SET TRANSACTION READ ONLY")
            con.execute(f"SET LOCAL ROLE {READER_ROLE}")
            con.execute(f"SET LOCAL statement_timeout = {seconds * 1000}")
            with stopped_after(seconds + 1, con.cancel_safe), con.cursor(name="budgetlens_query") as cursor:
                cursor.execute(sql.encode())
                rows = cursor.fetchmany(limits.query_rows + 1)
                names = [column.name for column in cursor.description or ()]
    except psycopg.errors.QueryCanceled:
        raise timed_out(seconds) from None
    except psycopg.Error as exc:
        message = _line(exc)
        if "multiple commands" in message:
            raise several_statements() from None
        if isinstance(exc, psycopg.errors.ReadOnlySqlTransaction) or "data-modifying" in message:
            raise not_a_read() from None
        raise failed(exc) from None
    cut = len(rows) > limits.query_rows
    return QueryResult(pd.DataFrame.from_records(rows[: limits.query_rows], columns=names), cut)
