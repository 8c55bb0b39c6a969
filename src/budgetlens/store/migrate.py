"""Schema migrations: ordered SQL scripts in ``migrations/`` applied on connect, each once, each in a transaction."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources

from budgetlens.store.backend import Backend

VERSION_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_version ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)"
)
LOCK_KEY = 7_310_455_301  # PostgreSQL advisory lock: one migrating client at a time


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


def migrate(backend: Backend) -> list[int]:
    """Apply the scripts not applied yet; return their versions (empty when the schema is current)."""
    applied: list[int] = []
    backend.execute(VERSION_TABLE)
    for version, name, sql in migration_scripts():
        with backend.transaction():
            if backend.location.engine == "postgresql":
                backend.execute("SELECT pg_advisory_xact_lock(?)", (LOCK_KEY,))
            if backend.fetch("SELECT 1 FROM schema_version WHERE version = ?", (version,)):
                continue
            for statement in statements(sql):
                backend.execute(statement)
            now = datetime.now(UTC).replace(tzinfo=None)
            backend.execute("INSERT INTO schema_version VALUES (?, ?, ?)", (version, name, now))
            applied.append(version)
    return applied
