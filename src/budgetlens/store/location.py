"""Where the store lives: a DuckDB file (default per user) or a PostgreSQL URL."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DB_ENV = "BUDGETLENS_DB"


def default_database() -> Path:
    """``$BUDGETLENS_DB``, else ``$XDG_DATA_HOME/budgetlens/budgetlens.duckdb`` (``~/.local/share`` by default)."""
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "budgetlens" / "budgetlens.duckdb"


@dataclass(frozen=True, slots=True)
class DatabaseLocation:
    """``engine`` is "duckdb" (``target`` a file path) or "postgresql" (``target`` a libpq URL)."""

    engine: str
    target: str

    def describe(self) -> str:
        if self.engine == "postgresql" and "@" in self.target:  # hide a password in messages
            scheme, rest = self.target.split("://", 1)
            return f"{scheme}://…@{rest.rsplit('@', 1)[1]}"
        return self.target


def locate(url: str | os.PathLike[str] | None) -> DatabaseLocation:
    """``None`` → the default file; ``postgresql://…`` (or ``postgres://``, ``postgresql+psycopg://``) → PostgreSQL;
    ``duckdb:///path`` or any other text → a DuckDB file."""
    if url is None:
        return DatabaseLocation("duckdb", str(default_database()))
    text = os.fspath(url)
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if text.startswith(prefix):
            return DatabaseLocation("postgresql", "postgresql://" + text[len(prefix) :])
    if text.startswith("duckdb://"):
        text = text[len("duckdb://") :]
    return DatabaseLocation("duckdb", str(Path(text).expanduser()))
