"""The store: one connection, migrated on open, with the document writer and the read helpers."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from budgetlens.errors import ConfigError
from budgetlens.limits import Limits
from budgetlens.limits import current as current_limits
from budgetlens.store.backend import Backend, open_backend
from budgetlens.store.errors import StoreError
from budgetlens.store.location import DatabaseLocation, locate
from budgetlens.store.migrate import migrate, schema_version
from budgetlens.store.records import COLUMNS, DOCUMENT_COLUMNS, FACT_FIELDS, DocumentRecords

if TYPE_CHECKING:
    import pandas as pd

    from budgetlens.check.waivers import Waiver
    from budgetlens.store.batch import IngestSummary
    from budgetlens.store.readquery import QueryResult

SHA_PREFIX = re.compile(r"[0-9a-fA-F]{1,64}")
FACT_COLUMNS = ", ".join(f'"{name}"' for name in FACT_FIELDS)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Store:
    """A budgetlens database (DuckDB file or PostgreSQL). Use ``connect()``; close it (or use ``with``)."""

    def __init__(self, backend: Backend, read_only: bool = False) -> None:
        self.backend = backend
        self.read_only = read_only

    @property
    def location(self) -> DatabaseLocation:
        return self.backend.location

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.backend.close()

    # -- writing -------------------------------------------------------------------------------------------
    def known(self, sha256: str) -> bool:
        return bool(self.backend.fetch("SELECT 1 FROM documents WHERE sha256 = ?", (sha256,)))

    def known_documents(self) -> set[str]:
        return {row[0] for row in self.backend.fetch("SELECT sha256 FROM documents")}

    def write_document(self, records: DocumentRecords, run_id: str | None = None) -> bool:
        """Store one document in ONE transaction (all its rows or none); False when it was already stored.

        Writers of the same document are serialised (``Backend.lock``): the second finds it stored. A writer
        that does not take the lock (an older version) can still win the race; the loser's rows then collide
        with the winner's keys, its transaction is rolled back, and the document counts as already stored.
        """
        try:
            with self.backend.transaction():
                self.backend.lock(records.sha256)
                if self.known(records.sha256):
                    return False
                for table, columns in COLUMNS.items():
                    self.backend.bulk_insert(table, columns, records.tables.get(table, []))
                row = records.document | {"ingested_at": _now(), "run_id": run_id}
                self.backend.bulk_insert("documents", DOCUMENT_COLUMNS, [tuple(row[c] for c in DOCUMENT_COLUMNS)])
        except Exception:
            if self._stored_meanwhile(records.sha256):
                return False
            raise
        return True

    def _stored_meanwhile(self, sha256: str) -> bool:
        """After a failed write: whether another writer stored the document (its keys are why this one failed)."""
        try:
            return self.known(sha256)
        except Exception:  # the connection itself failed: the first error is the one to report
            return False

    def start_run(self, run_id: str, engine: str, files: int) -> None:
        from budgetlens import __version__

        self.backend.execute(
            "INSERT INTO runs (run_id, started_at, tool_version, engine, files) VALUES (?, ?, ?, ?, ?)",
            (run_id, _now(), __version__, engine, files),
        )

    def finish_run(self, run_id: str, counts: dict[str, int], errors: str) -> None:
        self.backend.execute(
            "UPDATE runs SET finished_at = ?, ok = ?, failed = ?, documents_new = ?, documents_known = ?, "
            "facts_written = ?, errors = ? WHERE run_id = ?",
            (_now(), counts["ok"], counts["failed"], counts["new"], counts["known"], counts["facts"], errors, run_id),
        )

    def ingest(
        self,
        paths: Iterable[str | os.PathLike[str]],
        workers: int | None = None,
        engine: str = "local",
        scheduler: str | None = None,
        waivers: Iterable[Waiver] = (),
        progress: Callable[[str, str], None] | None = None,
    ) -> IngestSummary:
        """Ingest files and folders (recursively); see ``budgetlens.store.batch.ingest``."""
        from budgetlens.store.batch import ingest

        return ingest(self, [Path(p) for p in paths], workers, engine, scheduler, tuple(waivers), progress)

    # -- reading -------------------------------------------------------------------------------------------
    def query(self, sql: str) -> pd.DataFrame:
        """Run one SQL statement and return its result; on a read-only store as ``read`` (at most
        ``query_rows`` rows: ``read`` says whether the result was cut)."""
        if self.read_only:
            return self.read(sql).frame
        return self.backend.frame(sql)

    def read(self, sql: str, limits: Limits | None = None) -> QueryResult:
        """One read statement on a read-only store, within ``limits.query_seconds`` and ``query_rows``.

        Refused (``QueryRefused``): several statements, anything but SELECT/WITH/VALUES/TABLE, a statement
        that runs past the time limit. On PostgreSQL it runs as ``budgetlens_reader`` in a read-only
        transaction that is rolled back; on DuckDB without file access and with the settings locked.
        """
        if not self.read_only:
            raise StoreError("只读查询需要只读连接（connect(…, read_only=True)）", "read() needs a read-only store")
        return self.backend.read(sql, limits or current_limits())

    def documents(self) -> pd.DataFrame:
        return self.backend.frame("SELECT * FROM documents ORDER BY fiscal_year, issuer, sha256")

    def facts(self, document: str | None = None) -> pd.DataFrame:
        """The facts view in export order, for every document or the one whose sha256 starts with ``document``."""
        where = ""
        if document is not None:
            if not SHA_PREFIX.fullmatch(document):
                zh = f"文件标识应为 sha256（十六进制）：{document}"
                raise ConfigError(zh, f"a document is named by its sha256: {document}")
            where = f" WHERE document LIKE '{document.lower()}%'"
        return self.backend.frame(f"SELECT {FACT_COLUMNS} FROM fact_rows{where} ORDER BY document, ordinal")

    def counts(self) -> dict[str, int]:
        """Rows per table (used by tests and the ingest summary)."""
        return {t: int(self.backend.fetch(f"SELECT count(*) FROM {t}")[0][0]) for t in ("documents", *COLUMNS)}


def connect(url: str | os.PathLike[str] | None = None, read_only: bool = False) -> Store:
    """Open (and migrate) the store at ``url``: None → the default DuckDB file, a path, or ``postgresql://…``."""
    location = locate(url)
    backend = open_backend(location, read_only)
    try:
        if read_only:
            if schema_version(backend) == 0:
                raise StoreError(
                    f"不是 budgetlens 数据库（尚未导入）：{location.describe()}",
                    f"not a budgetlens database (nothing ingested yet): {location.describe()}",
                )
        else:
            migrate(backend)
    except BaseException:
        backend.close()
        raise
    return Store(backend, read_only)
