"""Schema migrations: ordered SQL scripts in ``migrations/`` applied on connect, each once, each in a transaction.

On PostgreSQL everything happens under one advisory lock, taken before anything is created (the
``schema_version`` table included), so clients connecting at once to an empty database migrate one after
the other; then the role ``budgetlens_reader`` (the role ``query`` runs as) is given SELECT on the tables
and views the scripts create, as far as the migrating login may grant it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources

from budgetlens.store.backend import Backend
from budgetlens.store.readquery import READER_ROLE

VERSION_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_version ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)"
)
LOCK_KEY = 7_310_455_301  # PostgreSQL advisory lock: one migrating client at a time
_CREATED = re.compile(r"^CREATE (?:OR REPLACE )?(?:TABLE|VIEW) (?:IF NOT EXISTS )?(\w+)", re.MULTILINE | re.IGNORECASE)


def migration_scripts() -> list[tuple[int, str, str]]:
    """(version, file name, SQL) of every script, ordered by the number that starts its name (0001_…)."""
    folder = resources.files("budgetlens.store") / "migrations"
    scripts = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql") and entry.name[:4].isdigit():
            scripts.append((int(entry.name[:4]), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(scripts)


def statements(sql: str) -> list[str]:
    """Split a script on the semicolons that end a line (the scripts keep one statement per such line)."""
    return [s.strip() for s in sql.split(";\n") if s.strip() and not all(
        line.strip().startswith("--") or not line.strip() for line in s.splitlines()
    )]  # fmt: skip


def schema_version(backend: Backend) -> int:
    """The highest applied version (0 for an empty database)."""
    try:
        rows = backend.fetch("SELECT max(version) FROM schema_version")
    except Exception:  # no schema_version table yet (either engine's error type)
        return 0
    return int(rows[0][0] or 0)


@contextmanager
def _migration_lock(backend: Backend) -> Iterator[None]:
    """PostgreSQL: a session advisory lock held until the migration ends (released if the client dies)."""
    if backend.location.engine != "postgresql":  # DuckDB: the process holds the file alone
        yield
        return
    backend.execute("SELECT pg_advisory_lock(?)", (LOCK_KEY,))
    try:
        yield
    finally:
        backend.execute("SELECT pg_advisory_unlock(?)", (LOCK_KEY,))


def migrate(backend: Backend) -> list[int]:
    """Apply the scripts not applied yet; return their versions (empty when the schema is current)."""
    applied: list[int] = []
    with _migration_lock(backend):
        backend.execute(VERSION_TABLE)
        for version, name, sql in migration_scripts():
            with backend.transaction():
                if backend.fetch("SELECT 1 FROM schema_version WHERE version = ?", (version,)):
                    continue
                for statement in statements(sql):
                    backend.execute(statement)
                now = datetime.now(UTC).replace(tzinfo=None)
                backend.execute("INSERT INTO schema_version VALUES (?, ?, ?)", (version, name, now))
                applied.append(version)
        if backend.location.engine == "postgresql":
            grant_reader(backend)
    return applied


PRIVATE_RELATIONS = ("sources", "tokens")  # uploaded files and token hashes: the service's, never a query's


def store_relations() -> list[str]:
    """The tables and views the scripts create (what ``budgetlens_reader`` may read), ``schema_version`` first."""
    names = ["schema_version"]
    for _, _, sql in migration_scripts():
        names.extend(n.lower() for n in _CREATED.findall(sql) if n.lower() not in (*names, *PRIVATE_RELATIONS))
    return names


def _attempt(backend: Backend, sql: str) -> None:
    """A grant the migrating login may not be allowed to make: an administrator then makes it (``query`` says so)."""
    try:
        backend.execute(sql)
    except Exception:  # psycopg's InsufficientPrivilege, or another client creating the same role just now
        return


def grant_reader(backend: Backend) -> None:
    """Create ``budgetlens_reader`` (NOLOGIN) if missing, make the migrating login a member and give the role
    USAGE on the schema and SELECT on the store's relations, each only when missing and when allowed."""
    if not backend.fetch("SELECT 1 FROM pg_roles WHERE rolname = ?", (READER_ROLE,)):
        _attempt(backend, f"CREATE ROLE {READER_ROLE} NOLOGIN")
        if not backend.fetch("SELECT 1 FROM pg_roles WHERE rolname = ?", (READER_ROLE,)):
            return
    if not backend.fetch("SELECT pg_has_role(session_user, ?, 'MEMBER')", (READER_ROLE,))[0][0]:
        _attempt(backend, f"GRANT {READER_ROLE} TO SESSION_USER")
    schema = backend.fetch("SELECT current_schema()")[0][0]
    if schema and not backend.fetch("SELECT has_schema_privilege(?, ?, 'USAGE')", (READER_ROLE, schema))[0][0]:
        _attempt(backend, f'GRANT USAGE ON SCHEMA "{schema}" TO {READER_ROLE}')
    missing = [
        name
        for name in store_relations()
        if not backend.fetch("SELECT has_table_privilege(?, ?, 'SELECT')", (READER_ROLE, name))[0][0]
    ]
    if missing:
        quoted = ", ".join(f'"{name}"' for name in missing)
        _attempt(backend, f"GRANT SELECT ON {quoted} TO {READER_ROLE}")
