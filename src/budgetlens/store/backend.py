"""The two database engines behind one small interface: DuckDB (embedded file) and PostgreSQL (psycopg 3).

Bulk loads take each engine's fast path: Arrow tables into DuckDB (``executemany`` is ~1,600 rows/s there),
``COPY … FROM STDIN`` into PostgreSQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from budgetlens.extras import needs
from budgetlens.store.errors import StoreError
from budgetlens.store.location import DatabaseLocation

if TYPE_CHECKING:  # imported when a store is opened, not by the workers that only parse
    import pandas as pd
    import pyarrow as pa

    from budgetlens.limits import Limits
    from budgetlens.store.readquery import QueryResult

Params = Sequence[Any]
DOCUMENT_LOCK_SPACE = 7_310  # PostgreSQL advisory locks (int, int): (this, hashtext(sha256)) while writing one


class Backend(Protocol):
    location: DatabaseLocation

    def execute(self, sql: str, params: Params = ()) -> None: ...
    def fetch(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]: ...
    def frame(self, sql: str) -> pd.DataFrame: ...
    def read(self, sql: str, limits: Limits) -> QueryResult: ...  # one read statement, limited (``query``)
    def lock(self, key: str) -> None: ...  # serialise writers of ``key`` until the transaction ends
    def transaction(self) -> Any: ...  # a context manager: commit on exit, roll back on error
    def bulk_insert(self, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None: ...
    def close(self) -> None: ...


def _quoted(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def pylists(table: pa.Table) -> pd.DataFrame:
    """Arrow → pandas keeping Decimals as Decimal and lists as Python lists (not numpy arrays)."""
    import pandas as pd
    import pyarrow as pa

    frame = table.to_pandas()
    for i, arrow_field in enumerate(table.schema):
        if pa.types.is_list(arrow_field.type):
            frame[arrow_field.name] = pd.Series(table.column(i).to_pylist(), dtype=object)
    return frame


def _empty_frame() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame()


_DECIMAL = re.compile(r"DECIMAL\((\d+),\s*(\d+)\)")


def _arrow_type(data_type: str) -> pa.DataType:
    """The Arrow type of a DuckDB column type (the types the schema uses)."""
    import pyarrow as pa

    if match := _DECIMAL.fullmatch(data_type):
        return pa.decimal128(int(match[1]), int(match[2]))
    simple = {
        "VARCHAR": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(), "BOOLEAN": pa.bool_(),
        "TIMESTAMP": pa.timestamp("us"), "VARCHAR[]": pa.list_(pa.string()),
    }  # fmt: skip
    return simple[data_type]


_LOCK_HOLDER = re.compile(r"PID (\d+)")


def _open_error(path: Path, exc: Exception) -> StoreError:
    """One line for a file DuckDB cannot open; a file another process holds (one writer per file) is named so."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "Could not set lock" in text or "Conflicting lock" in text:
        holder = _LOCK_HOLDER.search(text)
        pid_zh, pid_en = (f"（PID {holder[1]}）", f" (PID {holder[1]})") if holder else ("", "")
        return StoreError(
            f"数据库文件正被另一个进程{pid_zh}使用：{path}；请等它结束后再试",
            f"the database file is in use by another process{pid_en}: {path}; try again when it has finished",
        )
    return StoreError(f"无法打开数据库 {path}：{text}", f"cannot open database {path}: {text}")


class DuckDBBackend:
    """One DuckDB connection; ``read_only`` also turns off file access from SQL (no COPY TO, ATTACH, read_csv)
    and locks the configuration, so a query cannot ``SET`` its way to more memory, threads or access."""

    def __init__(self, location: DatabaseLocation, read_only: bool = False) -> None:
        with needs("store"):  # loads go through Arrow, results come back as DataFrames
            import duckdb
            import pandas  # noqa: F401
            import pyarrow  # noqa: F401

        self.location = location
        self._error = duckdb.Error
        path = Path(location.target)
        config: dict[str, Any] = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
        if read_only:
            if not path.is_file():
                raise StoreError(f"数据库不存在：{path}", f"no database at {path}")
            config["enable_external_access"] = False
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = duckdb.connect(str(path), read_only=read_only, config=config)
        except duckdb.Error as exc:
            raise _open_error(path, exc) from None
        if read_only:
            self._con.execute("SET lock_configuration = true")
        self._types: dict[str, pa.Schema] = {}

    def execute(self, sql: str, params: Params = ()) -> None:
        self._con.execute(sql, list(params))

    def fetch(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        return self._con.execute(sql, list(params)).fetchall()

    def frame(self, sql: str) -> pd.DataFrame:
        try:
            relation = self._con.sql(sql)
            if relation is None:  # a statement without a result
                return _empty_frame()
            return pylists(relation.to_arrow_table())
        except self._error as exc:
            raise StoreError(str(exc).splitlines()[0]) from None

    def read(self, sql: str, limits: Limits) -> QueryResult:
        from budgetlens.store.readquery import QueryResult, duckdb_read

        table, cut = duckdb_read(self._con, sql, limits)
        return QueryResult(pylists(table), cut)

    def lock(self, key: str) -> None:
        """Nothing to do: one process holds the file, and the parent alone writes."""

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self._con.begin()
        try:
            yield
        except BaseException:
            self._con.rollback()
            raise
        self._con.commit()

    def _schema(self, table: str) -> pa.Schema:
        import pyarrow as pa

        if table not in self._types:
            described = self.fetch(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?", (table,)
            )
            self._types[table] = pa.schema([pa.field(name, _arrow_type(data_type)) for name, data_type in described])
        return self._types[table]

    def bulk_insert(self, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
        import pyarrow as pa

        if not rows:
            return
        schema = self._schema(table)
        arrays = [pa.array([r[i] for r in rows], type=schema.field(c).type) for i, c in enumerate(columns)]
        incoming = pa.Table.from_arrays(arrays, names=list(columns))
        self._con.register("incoming_rows", incoming)
        try:
            self._con.execute(f"INSERT INTO {table} ({_quoted(columns)}) SELECT {_quoted(columns)} FROM incoming_rows")
        finally:
            self._con.unregister("incoming_rows")

    def close(self) -> None:
        self._con.close()


class PostgresBackend:
    """One psycopg 3 connection in autocommit mode; ``transaction()`` opens a real transaction.

    Read-only connections set ``default_transaction_read_only`` and prepare every statement on the server,
    which refuses several statements in one string (so ``SET …; INSERT …`` cannot switch the mode back);
    a login that could be more than a reader is refused (``readquery.check_query_role``).
    """

    def __init__(self, location: DatabaseLocation, read_only: bool = False) -> None:
        with needs("postgres"):  # the driver first (named when both are missing); results come back as DataFrames
            import psycopg
            import pandas  # noqa: F401  # isort: skip

        self.location = location
        self._error = psycopg.Error
        self._read_only = read_only
        options = "-c default_transaction_read_only=on" if read_only else ""
        try:
            self._con = psycopg.connect(location.target, autocommit=True, options=options, connect_timeout=10)
        except psycopg.Error as exc:
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            where = location.describe()
            raise StoreError(f"无法连接数据库 {where}：{message}", f"cannot connect to {where}: {message}") from None
        if read_only:
            from budgetlens.store.readquery import check_query_role

            try:
                check_query_role(self._con)
            except BaseException:
                self._con.close()
                raise

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("?", "%s")

    def execute(self, sql: str, params: Params = ()) -> None:
        self._con.execute(self._sql(sql), list(params))

    def fetch(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        return self._con.execute(self._sql(sql), list(params)).fetchall()

    def frame(self, sql: str) -> pd.DataFrame:
        try:
            with self._con.cursor() as cur:
                cur.execute(sql.encode(), prepare=self._read_only)
                if cur.description is None:
                    return _empty_frame()
                import pandas as pd

                names = [d.name for d in cur.description]
                return pd.DataFrame.from_records(cur.fetchall(), columns=names)
        except self._error as exc:
            raise StoreError(str(exc).strip().splitlines()[0]) from None

    def read(self, sql: str, limits: Limits) -> QueryResult:
        from budgetlens.store.readquery import postgres_read

        return postgres_read(self._con, sql, limits)

    def lock(self, key: str) -> None:
        """A transaction advisory lock on ``key``: a second writer waits, then sees the first one's rows."""
        self._con.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (DOCUMENT_LOCK_SPACE, key))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._con.transaction():
            yield

    def bulk_insert(self, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
        if not rows:
            return
        with self._con.cursor() as cur, cur.copy(f"COPY {table} ({_quoted(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def close(self) -> None:
        self._con.close()


def open_backend(location: DatabaseLocation, read_only: bool = False) -> Backend:
    if location.engine == "postgresql":
        return PostgresBackend(location, read_only)
    return DuckDBBackend(location, read_only)
