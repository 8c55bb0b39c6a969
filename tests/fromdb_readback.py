"""The round trip of ``budgetlens generate --from-db``: a stored document written as stored, ingested again into the
same store, and its stored amounts compared with the written one's as (table kind, row, column key, value)."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

from typer.testing import CliRunner

from budgetlens.cli.main import app
from budgetlens.store.connection import connect

Fact = tuple[str, str, str, str]


def stored_facts(db: str, sha: str) -> Counter[Fact]:
    """The non-derived amounts of a stored document: (table kind, row code or name, column key, value)."""
    with connect(db, read_only=True) as store:
        found = store.backend.fetch(
            "SELECT t.kind, coalesce(r.code, r.name), a.column_key, CAST(a.value AS VARCHAR) FROM amounts a"
            " JOIN tables t ON t.document = a.document AND t.table_id = a.table_id"
            " JOIN rows r ON r.document = a.document AND r.table_id = a.table_id AND r.row_index = a.row_index"
            " WHERE a.document = ? AND a.status <> 'derived' AND a.value IS NOT NULL",
            (sha,),
        )
    return Counter((str(k), str(r), str(c), str(v)) for k, r, c, v in found)


def read_back(source: Path, fmt: str, folder: Path) -> tuple[Counter[Fact], Counter[Fact]]:
    """(the source's stored amounts, the ones the document written from the store gives back)."""
    db = str(folder / "readback.duckdb")
    runner = CliRunner()
    ingested = runner.invoke(app, ["ingest", str(source), "--db", db])
    assert ingested.exit_code == 0, ingested.output
    sha = hashlib.sha256(source.read_bytes()).hexdigest()
    out = folder / f"{source.stem}-fromdb.{'txt' if fmt == 'text' else fmt}"
    written = runner.invoke(app, ["generate", "--from-db", sha, "--db", db, "-f", fmt, "-o", str(out)])
    assert written.exit_code == 0, written.output
    again = runner.invoke(app, ["ingest", str(out), "--db", db])
    assert again.exit_code == 0, again.output
    return stored_facts(db, sha), stored_facts(db, hashlib.sha256(out.read_bytes()).hexdigest())
