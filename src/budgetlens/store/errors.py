"""The store's error: the database cannot be used, or a statement was refused or failed."""

from __future__ import annotations

from budgetlens.errors import ConfigError


class StoreError(ConfigError):
    """The database cannot be used (missing, locked, refused, or the statement failed)."""
