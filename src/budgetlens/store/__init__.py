"""Store stage: checked documents into DuckDB (default) or PostgreSQL through one schema and its migrations."""

from budgetlens.store.connection import Store, connect
from budgetlens.store.errors import StoreError
from budgetlens.store.location import default_database

__all__ = ["Store", "StoreError", "connect", "default_database"]
