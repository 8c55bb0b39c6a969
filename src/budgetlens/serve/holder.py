"""The service's one store connection, shared by its threads under a lock."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from budgetlens.store import Store, connect


@dataclass
class StoreHolder:
    """One connection for the whole service: DuckDB lets one process hold the file, and a connection is used by
    one thread at a time, so every request takes the lock for the few milliseconds it reads or writes."""

    url: str | None
    _store: Store | None = None
    _lock: threading.RLock = field(default_factory=threading.RLock)

    @contextmanager
    def use(self) -> Iterator[Store]:
        with self._lock:
            if self._store is None:
                self._store = connect(self.url)
            yield self._store

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None
