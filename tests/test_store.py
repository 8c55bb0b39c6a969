"""The store: one schema on DuckDB and PostgreSQL, the facts view, idempotent and all-or-nothing ingestion."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from budgetlens.report.facts import document_facts
from budgetlens.store import Store, StoreError, connect
from budgetlens.store.backend import Backend
from budgetlens.store.location import default_database, locate
from budgetlens.store.migrate import migration_scripts, schema_version
from budgetlens.store.records import FACT_FIELDS
from tests.conftest import ROOT, SEEDS, seed_doc, seed_path

SEED_PREFIXES = ("000", "001", "002", "003", "004")
DOCUMENT_TABLES = ("tables", "rows", "amounts", "targets", "indicators", "claims", "findings", "waivers")


def export_rows() -> list[tuple[Any, ...]]:
    """The facts export of the five seeds as the view's rows (ordered by document, then export order)."""
    rows = []
    for doc in sorted((seed_doc(p) for p in SEED_PREFIXES), key=lambda d: d.sha256):
        for fact in document_facts(doc):
            rows.append(tuple(Decimal(v) if k == "yuan" and v is not None else v for k, v in fact.items()))
    return rows


def view_rows(store: Store) -> list[tuple[Any, ...]]:
    """The facts in export order (``fact_rows`` holds the ordinal); the ``facts`` view holds the same rows."""
    columns = ", ".join(f'"{c}"' for c in FACT_FIELDS)
    ordered = store.backend.fetch(f"SELECT {columns} FROM fact_rows ORDER BY document, ordinal")
    assert sorted(map(repr, ordered)) == sorted(map(repr, store.backend.fetch("SELECT * FROM facts")))
    return [tuple(row) for row in ordered]


def orphans(store: Store) -> int:
    """Rows of any document table whose document is not in ``documents`` (a partial document)."""
    return sum(
        int(store.backend.fetch(f"SELECT count(*) FROM {t} WHERE document NOT IN (SELECT sha256 FROM documents)")[0][0])
        for t in DOCUMENT_TABLES
    )


@pytest.fixture(scope="module")
def duck(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    seed_path("000")
    store = connect(tmp_path_factory.mktemp("duck") / "store.duckdb")
    summary = store.ingest([SEEDS], workers=1)
    assert (summary.new, summary.failed) == (5, 0)
    yield store
    store.close()


@pytest.fixture(scope="module")
def pg(postgres_url: str) -> Iterator[Store]:
    seed_path("000")
    store = connect(postgres_url)
    store.ingest([SEEDS], workers=1)
    yield store
    store.close()


def test_locations(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("BUDGETLENS_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_database() == tmp_path / "budgetlens" / "budgetlens.duckdb"
    assert locate(None).target == str(tmp_path / "budgetlens" / "budgetlens.duckdb")
    assert locate("postgresql+psycopg://u:secret@h:5/db").target == "postgresql://u:secret@h:5/db"
    assert "secret" not in locate("postgresql://u:secret@h:5/db").describe()
    assert locate("duckdb:///x/y.duckdb") == locate("/x/y.duckdb")


def test_migrations_apply_once(tmp_path: Path) -> None:
    path = tmp_path / "m.duckdb"
    with connect(path) as store:
        assert schema_version(store.backend) == len(migration_scripts()) >= 1
    with connect(path) as store:  # the second connect applies nothing
        assert store.backend.fetch("SELECT count(*) FROM schema_version")[0][0] == len(migration_scripts())
        assert store.counts()["documents"] == 0


@pytest.mark.slow
def test_facts_view_has_the_export_columns(duck: Store) -> None:
    fields = list(next(document_facts(seed_doc("000"))))
    assert list(duck.query("SELECT * FROM facts LIMIT 1").columns) == fields == list(FACT_FIELDS)
    assert list(duck.facts().columns) == fields


@pytest.mark.slow
def test_duckdb_facts_equal_the_export(duck: Store) -> None:
    assert view_rows(duck) == export_rows()


@pytest.mark.slow
def test_postgres_facts_equal_duckdb(duck: Store, pg: Store) -> None:
    assert len(view_rows(pg)) == 5362
    assert view_rows(pg) == view_rows(duck)
    assert pg.counts() == duck.counts()


@pytest.mark.slow
def test_documents_and_findings_are_stored(duck: Store) -> None:
    docs = duck.documents()
    assert sorted(docs["sha256"]) == sorted(seed_doc(p).sha256 for p in SEED_PREFIXES)
    assert set(docs["kind"]) == {"budget", "final_account"}
    assert docs["run_id"].notna().all()
    findings = duck.query("SELECT document, count(*) AS n FROM findings GROUP BY document")
    assert findings["n"].sum() == duck.counts()["findings"] > 0
    one = duck.facts(seed_doc("000").sha256[:12])
    assert len(one) == len(list(document_facts(seed_doc("000"))))
    with pytest.raises(Exception, match="sha256"):
        duck.facts("x'; drop table documents; --")


@pytest.mark.parametrize("engine", ["duck", "pg"])
@pytest.mark.slow
def test_reingest_changes_nothing(engine: str, request: pytest.FixtureRequest) -> None:
    store: Store = request.getfixturevalue(engine)
    before = store.counts()
    summary = store.ingest([SEEDS], workers=1)
    assert (summary.new, summary.known, summary.facts) == (0, 5, 0)
    assert store.counts() == before
    runs = store.query("SELECT files, documents_new, documents_known FROM runs ORDER BY started_at")
    assert runs.iloc[-1].tolist() == [5, 0, 5]


@pytest.mark.slow
@pytest.mark.needs_shared
def test_failure_inside_a_document_transaction_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The third document fails after its rows were half written: it leaves no row; a rerun completes it."""
    store = connect(tmp_path / "partial.duckdb")
    backend: Backend = store.backend
    original = backend.bulk_insert
    written: list[str] = []

    def failing_insert(table: str, columns: Any, rows: Any) -> None:
        if table == "amounts":
            written.append(rows[0][0])
        if table == "claims" and len(written) == 3:
            raise RuntimeError("disk full (simulated)")
        original(table, columns, rows)

    monkeypatch.setattr(backend, "bulk_insert", failing_insert)
    summary = store.ingest([SEEDS], workers=1)
    assert (summary.new, summary.failed) == (4, 1)
    assert "disk full" in summary.errors[0][1]
    assert written[2] not in set(store.documents()["sha256"])
    assert orphans(store) == 0
    monkeypatch.setattr(backend, "bulk_insert", original)
    rerun = store.ingest([SEEDS], workers=1)
    assert (rerun.new, rerun.known, rerun.failed) == (1, 4, 0)
    assert view_rows(store) == export_rows()
    store.close()


@pytest.mark.slow
def test_read_only_postgres_refuses_a_superuser(pg: Store) -> None:
    """A read-only connection runs as budgetlens_reader, which a superuser login could leave again, so such a
    login is refused (tests/test_store_hardening.py: writes, settings and bypasses as other logins)."""
    with pytest.raises(StoreError) as refused:
        connect(pg.location.target, read_only=True)
    assert "superuser" in refused.value.message("en")
    assert pg.counts()["documents"] == 5


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "budgetlens", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)  # fmt: skip


@pytest.mark.slow
def test_read_only_duckdb_refuses_writes_and_file_access(tmp_path: Path) -> None:
    db = tmp_path / "ro.duckdb"
    with connect(db) as store:
        store.ingest([seed_path("004")], workers=1)
    with connect(db, read_only=True) as ro:
        assert ro.query("SELECT count(*) AS n FROM facts")["n"][0] == 998
        for sql in ("DELETE FROM documents", f"COPY documents TO '{tmp_path / 'leak.csv'}'", "ATTACH 'other.duckdb'"):
            with pytest.raises(StoreError):
                ro.query(sql)
    assert not (tmp_path / "leak.csv").exists()


@pytest.mark.slow
@pytest.mark.needs_shared
def test_query_command(tmp_path: Path) -> None:
    db = str(tmp_path / "q.duckdb")
    with connect(db) as store:
        store.ingest([SEEDS], workers=1)
    out = cli("query", "select count(distinct document) from facts", "--db", db, "--format", "json")
    assert out.returncode == 0, out.stderr
    assert list(json.loads(out.stdout)[0].values()) == [5]
    csv = cli("query", "select kind, count(*) as n from documents group by kind order by kind", "--db", db,
              "--format", "csv")  # fmt: skip
    assert csv.stdout.splitlines() == ["kind,n", "budget,3", "final_account,2"]
    csv_file = tmp_path / "kinds.csv"
    assert (
        cli("query", "select kind from documents limit 1", "--db", db, "-f", "csv", "-o", str(csv_file)).returncode == 0
    )
    assert csv_file.read_bytes().startswith("\ufeffkind\n".encode())  # a file for Excel: UTF-8 BOM
    refused = cli("query", "delete from documents", "--db", db, "--lang", "en")
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1 and "read-only" in refused.stderr and "Traceback" not in refused.stderr
    missing = cli("query", "select 1", "--db", str(tmp_path / "none.duckdb"))
    assert missing.returncode == 2 and "数据库不存在" in missing.stderr
    by_kind = 'select "table", count(*) as n, sum(yuan) as yuan from facts group by 1 order by 1'
    parquet, xlsx = tmp_path / "q.parquet", tmp_path / "q.xlsx"
    assert cli("query", by_kind, "--db", db, "--format", "parquet", "-o", str(parquet)).returncode == 0
    assert cli("query", by_kind, "--db", db, "--format", "xlsx", "-o", str(xlsx)).returncode == 0
    import openpyxl
    import pyarrow.parquet as pq

    table = pq.read_table(parquet)
    assert str(table.schema.field("yuan").type).startswith("decimal128")  # amounts stay exact
    rows = list(openpyxl.load_workbook(xlsx)["query"].iter_rows(values_only=True))
    assert rows[0] == ("table", "n", "yuan") and len(rows) == table.num_rows + 1
    no_out = cli("query", "select 1", "--db", db, "--format", "parquet", "--lang", "en")
    assert no_out.returncode == 2 and "needs -o" in no_out.stderr
    with connect(db) as store:
        assert store.counts()["documents"] == 5
