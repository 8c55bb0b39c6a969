"""Writing an upload: the checked document (as ``ingest`` writes it), its source file and its review status."""

from __future__ import annotations

from datetime import UTC, datetime

from budgetlens.store import Store
from budgetlens.store.records import DocumentRecords


def store_upload(store: Store, records: DocumentRecords, name: str, data: bytes) -> bool:
    """Store the document (False when it was stored before), then keep its file and a pending review if missing."""
    new = store.write_document(records)
    now = datetime.now(UTC).replace(tzinfo=None)
    backend = store.backend
    with backend.transaction():
        if not backend.fetch("SELECT 1 FROM sources WHERE document = ?", (records.sha256,)):
            backend.execute(
                "INSERT INTO sources (document, name, size, content, stored_at) VALUES (?, ?, ?, ?, ?)",
                (records.sha256, name, len(data), data, now),
            )
        if not backend.fetch("SELECT 1 FROM reviews WHERE document = ?", (records.sha256,)):
            backend.execute("INSERT INTO reviews (document, status) VALUES (?, 'pending')", (records.sha256,))
    return new
