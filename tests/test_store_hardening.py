"""The store under misuse and faults: `query` stays a reader on both engines (one read statement, no way back
to more privileges, no files, a time and a row limit), concurrent ingests store each document once, and a
killed ingest leaves whole documents only. Against a real PostgreSQL server and real DuckDB files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from scripts.replicate_seeds import replicate

from budgetlens.report.facts import document_facts
from budgetlens.store import StoreError, connect
from budgetlens.store.migrate import migration_scripts
from budgetlens.store.readquery import READER_ROLE, QueryRefused, first_keyword
from tests.conftest import ROOT, SEEDS, seed_doc, seed_path
from tests.test_store import orphans

pytestmark = [pytest.mark.slow, pytest.mark.needs_shared]
SEED = "004"  # 998 facts
SEED_FACTS = 998


def budgetlens(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "budgetlens", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300, env=os.environ | env)  # fmt: skip


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "budgetlens", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)  # fmt: skip


def refused(out: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit 2 with one line that says ``words``, no traceback, nothing on stdout."""
    assert out.returncode == 2, (out.returncode, out.stdout[:300], out.stderr[:300])
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("budgetlens: "), out.stderr
    assert "Traceback" not in out.stderr and not out.stdout
    for word in words:
        assert word in out.stderr, out.stderr


@dataclass(frozen=True)
class Server:
    """A database holding one document, owned by a login that is no superuser, and the other logins."""

    superuser: str  # postgres
    owner: str  # owns the store (ingests), granted budgetlens_reader by the migration
    analyst: str  # granted only budgetlens_reader
    filer: str  # granted budgetlens_reader and pg_read_server_files
    owner_role: str


@pytest.fixture(scope="module")
def server(postgres_url: str) -> Iterator[Server]:
    import psycopg

    suffix = os.urandom(4).hex()
    owner, analyst, filer, database = f"owner_{suffix}", f"analyst_{suffix}", f"filer_{suffix}", f"h{suffix}"
    address = postgres_url.split("@", 1)[1].rsplit("/", 1)[0]
    with psycopg.connect(postgres_url, autocommit=True) as con:
        con.execute(f"CREATE ROLE {owner} LOGIN CREATEROLE")  # type: ignore[arg-type]
        con.execute(f"CREATE DATABASE {database} OWNER {owner}")  # type: ignore[arg-type]
    url = {user: f"postgresql://{user}@{address}/{database}" for user in ("postgres", owner, analyst, filer)}
    with connect(url[owner]) as store:  # the first ingest creates budgetlens_reader and makes the owner a member
        assert store.ingest([seed_path(SEED)], workers=1).new == 1
        store.backend.execute("CREATE TABLE secret (s TEXT)")
        store.backend.execute("INSERT INTO secret VALUES ('owner only')")
    with psycopg.connect(postgres_url, autocommit=True) as con:
        con.execute(f"CREATE ROLE {analyst} LOGIN IN ROLE {READER_ROLE}")  # type: ignore[arg-type]
        con.execute(f"CREATE ROLE {filer} LOGIN IN ROLE {READER_ROLE}, pg_read_server_files")  # type: ignore[arg-type]
    yield Server(url["postgres"], url[owner], url[analyst], url[filer], owner)
    with psycopg.connect(postgres_url, autocommit=True) as con:
        con.execute(f"DROP DATABASE {database} WITH (FORCE)")  # type: ignore[arg-type]


def pg_counts(server: Server) -> dict[str, int]:
    with connect(server.superuser) as store:
        return store.counts()


# -- query on PostgreSQL ---------------------------------------------------------------------------------------


def test_the_migration_makes_a_reader_with_select_only(server: Server) -> None:
    import psycopg

    with psycopg.connect(server.superuser) as con:
        role = con.execute("SELECT rolcanlogin, rolsuper FROM pg_roles WHERE rolname = %s", (READER_ROLE,)).fetchone()
        assert role == (False, False)
        granted = con.execute(
            "SELECT DISTINCT privilege_type FROM information_schema.role_table_grants WHERE grantee = %s "
            "AND table_catalog = current_database()",
            (READER_ROLE,),
        ).fetchall()
        assert granted == [("SELECT",)]
    out = budgetlens("query", "select count(*) as n, current_user as who from facts", "--db", server.owner, "-f", "csv")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["n,who", f"{SEED_FACTS},{READER_ROLE}"]


def test_do_block_with_commit_cannot_write(server: Server) -> None:
    before = pg_counts(server)
    sql = ("DO $$ BEGIN SET default_transaction_read_only = off; COMMIT; DELETE FROM amounts; "
           "UPDATE documents SET title = 'x'; END $$")  # fmt: skip
    refused(budgetlens("query", sql, "--db", server.owner, "--lang", "en"), "read-only")
    refused(budgetlens("query", sql, "--db", server.owner), "只读")
    assert pg_counts(server) == before


@pytest.mark.parametrize(
    "sql",
    [
        "delete from documents",
        "with gone as (delete from amounts returning 1) select count(*) from gone",
        "select * from documents for update",
        "COPY (select 1) TO PROGRAM 'touch /tmp/budgetlens-copy-program'",
        "reset role",
        "set role postgres",
        "set session authorization postgres",
        "set default_transaction_read_only = off",
        "commit",
        "call pg_catalog.pg_sleep(0)",
        "explain analyze delete from documents",
    ],
)
def test_writes_and_settings_are_refused(server: Server, sql: str) -> None:
    before = pg_counts(server)
    refused(budgetlens("query", sql, "--db", server.owner, "--lang", "en"), "read-only")
    assert pg_counts(server) == before
    assert not Path("/tmp/budgetlens-copy-program").exists()


def test_several_statements_are_refused(server: Server, tmp_path: Path) -> None:
    before = pg_counts(server)
    refused(budgetlens("query", "select 1; delete from documents", "--db", server.owner, "--lang", "en"),
            "one statement")  # fmt: skip
    refused(budgetlens("query", "select 1; set role postgres", "--db", server.owner, "--lang", "en"), "one statement")
    assert pg_counts(server) == before


def test_a_superuser_or_a_file_reader_url_is_refused(server: Server) -> None:
    for url in (server.superuser, server.filer):
        out = budgetlens("query", "select pg_read_file('/etc/passwd')", "--db", url, "--lang", "en")
        refused(out, "refuses to connect", "superuser")
        assert "root:" not in out.stderr
    with pytest.raises(QueryRefused):
        connect(server.superuser, read_only=True)


def test_server_files_and_programs_are_out_of_reach(server: Server) -> None:
    for sql in ("select pg_read_file('/etc/passwd')", "select * from pg_ls_dir('/')",
                "select pg_read_binary_file('/etc/hostname')", "select lo_import('/etc/passwd')"):  # fmt: skip
        out = budgetlens("query", sql, "--db", server.owner, "--lang", "en")
        refused(out, "permission denied")


def test_no_way_back_to_more_privileges(server: Server) -> None:
    """A statement can only return to its login's privileges; as a login holding only the reader role that
    is nothing more, and in any case the transaction stays read-only and is rolled back."""
    before = pg_counts(server)
    owner = server.owner_role
    analyst_only = [
        f"select set_config('role', '{owner}', true)",
        "select set_config('role', 'postgres', false)",
        "select set_config('session_authorization', 'postgres', true)",
        "select * from secret",
        f"select set_config('role', '{owner}', true), query_to_xml('select * from secret', true, false, '')",
    ]
    for sql in analyst_only:
        refused(budgetlens("query", sql, "--db", server.analyst, "--lang", "en"), "permission denied")
    for url in (server.owner, server.analyst):
        for sql in (
            "select set_config('transaction_read_only', 'off', true)",
            "select query_to_xml('delete from documents returning sha256', true, false, '')",
            f"select set_config('role', '{owner}', true), "
            "query_to_xml('delete from documents returning sha256', true, false, '')",
        ):
            out = budgetlens("query", sql, "--db", url, "--lang", "en")
            assert out.returncode == 2 and "Traceback" not in out.stderr and out.stderr.count("\n") == 1
    assert pg_counts(server) == before
    with connect(server.superuser) as store:
        assert store.backend.fetch("SELECT count(*) FROM pg_largeobject_metadata")[0][0] == 0


def test_pg_sleep_is_stopped(server: Server) -> None:
    started = time.monotonic()
    out = budgetlens("query", "select pg_sleep(60)", "--db", server.owner, "--lang", "en", BUDGETLENS_QUERY_SECONDS="1")
    refused(out, "stopped after 1 s", "BUDGETLENS_QUERY_SECONDS")
    assert time.monotonic() - started < 20
    sql = "select set_config('statement_timeout', '0', true), pg_sleep(60)"  # the client's clock still stops it
    refused(budgetlens("query", sql, "--db", server.owner, "--lang", "en", BUDGETLENS_QUERY_SECONDS="1"), "stopped")
    assert time.monotonic() - started < 40


@pytest.mark.parametrize("engine", ["postgresql", "duckdb"])
def test_row_limit_cuts_the_output_and_says_so(engine: str, request: pytest.FixtureRequest) -> None:
    db = request.getfixturevalue("server").owner if engine == "postgresql" else str(request.getfixturevalue("duck"))
    sql = "select * from (values (1), (2), (3), (4), (5), (6), (7)) as t(n) order by n desc"
    out = budgetlens("query", sql, "--db", db, "-f", "csv", "--lang", "en", BUDGETLENS_QUERY_ROWS="5")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["n", "7", "6", "5", "4", "3"]
    assert out.stderr == "budgetlens: output cut at 5 rows (set BUDGETLENS_QUERY_ROWS to change it)\n"
    whole = budgetlens("query", sql, "--db", db, "-f", "csv", BUDGETLENS_QUERY_ROWS="7")
    assert whole.stdout.splitlines()[1:] == ["7", "6", "5", "4", "3", "2", "1"] and not whole.stderr
    bad = budgetlens("query", "select 1", "--db", db, "--lang", "en", BUDGETLENS_QUERY_ROWS="many")
    refused(bad, "BUDGETLENS_QUERY_ROWS")


# -- query on DuckDB -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def duck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("hardened") / "store.duckdb"
    with connect(db) as store:
        assert store.ingest([seed_path(SEED)], workers=1).new == 1
    return db


def test_duckdb_settings_are_locked(duck: Path) -> None:
    for sql in ("SET memory_limit = '100GB'", "SET threads = 64", "RESET memory_limit", "PRAGMA threads = 64",
                "SET enable_external_access = true", "SET lock_configuration = false"):  # fmt: skip
        refused(budgetlens("query", sql, "--db", str(duck), "--lang", "en"), "read-only")
    with connect(duck, read_only=True) as store:  # the lock itself, below the statement check
        with pytest.raises(StoreError, match="locked"):
            store.backend.frame("SET memory_limit = '100GB'")
        assert store.backend.fetch("SELECT current_setting('lock_configuration')")[0][0] is True


def test_duckdb_files_are_out_of_reach(duck: Path, tmp_path: Path) -> None:
    leak = tmp_path / "leak.csv"
    for sql in ("select * from read_csv('/etc/passwd')", "select * from glob('/etc/*')",
                "select * from read_text('/etc/hostname')"):  # fmt: skip
        out = budgetlens("query", sql, "--db", str(duck), "--lang", "en")
        refused(out, "disabled by configuration")
        assert "root:" not in out.stderr
    for sql in ("select * from '/etc/passwd'", f"COPY documents TO '{leak}'", "ATTACH '/tmp/other.duckdb'",
                "INSTALL httpfs", "LOAD httpfs", "select 1; delete from documents"):  # fmt: skip
        out = budgetlens("query", sql, "--db", str(duck), "--lang", "en")
        assert out.returncode == 2 and out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert not leak.exists()
    with connect(duck) as store:
        assert store.counts()["documents"] == 1


def test_duckdb_cpu_burn_is_stopped(duck: Path) -> None:
    started = time.monotonic()
    sql = "select count(*) from range(1000000000000) t(i) where i % 7 = 3"
    out = budgetlens("query", sql, "--db", str(duck), "--lang", "en", BUDGETLENS_QUERY_SECONDS="1")
    refused(out, "stopped after 1 s")
    assert time.monotonic() - started < 20


def test_first_keyword() -> None:
    assert first_keyword(" -- note\n /* a\n b */ ((SELECT 1))") == "select"
    assert first_keyword("DO $$ $$") == "do" and first_keyword("") == ""


# -- concurrent ingests ------------------------------------------------------------------------------------------


def test_concurrent_first_ingests_into_an_empty_postgres_database(postgres_database: str) -> None:
    """Five ingests start together on an empty database: each migrates or waits, each succeeds, one document."""
    seed_path(SEED)
    processes = [start("ingest", str(seed_path(SEED)), "--db", postgres_database, "-j", "1", "--lang", "en")
                 for _ in range(5)]  # fmt: skip
    outputs = [p.communicate(timeout=300) for p in processes]
    assert [p.returncode for p in processes] == [0] * 5, [err[-300:] for _, err in outputs]
    lines = sorted(err.strip().splitlines()[-1].split(";")[0] for _, err in outputs)
    assert lines == ["1 files: 0 new, 1 already stored, 0 failed"] * 4 + ["1 files: 1 new, 0 already stored, 0 failed"]
    with connect(postgres_database) as store:
        counts = store.counts()
        assert counts["documents"] == 1 and counts["amounts"] == SEED_FACTS
        assert store.backend.fetch("SELECT count(*) FROM schema_version")[0][0] == len(migration_scripts())
        assert store.backend.fetch("SELECT count(*) FROM runs WHERE finished_at IS NOT NULL")[0][0] == 5


def test_same_folder_ingested_twice_at_once(postgres_database: str, tmp_path: Path) -> None:
    seed_path(SEED)
    corpus = replicate(sorted(SEEDS.glob("*.txt")), tmp_path / "corpus", 8)
    processes = [start("ingest", str(tmp_path / "corpus"), "--db", postgres_database, "-j", "1", "--lang", "en")
                 for _ in range(2)]  # fmt: skip
    outputs = [p.communicate(timeout=600) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], [err[-500:] for _, err in outputs]
    with connect(postgres_database) as store:
        runs = store.backend.fetch("SELECT documents_new, documents_known, failed FROM runs")
        assert sorted(r[2] for r in runs) == [0, 0]
        assert sum(r[0] for r in runs) == len(corpus) and sum(r[0] + r[1] for r in runs) == 2 * len(corpus)
        assert store.counts()["documents"] == len(corpus)
        expected = sum(len(list(document_facts(seed_doc(p.stem[-3:])))) for p in corpus)
        assert store.counts()["amounts"] == expected
        assert orphans(store) == 0


def test_duckdb_file_held_by_another_process(tmp_path: Path) -> None:
    import duckdb

    db = tmp_path / "held.duckdb"
    connect(db).close()
    holder = duckdb.connect(str(db))  # this test process holds the file as an ingest would
    try:
        for args in (("ingest", str(seed_path(SEED))), ("query", "select 1")):
            out = budgetlens(*args, "--db", str(db), "--lang", "en")
            refused(out, "in use by another process", f"PID {os.getpid()}", str(db))
        refused(budgetlens("query", "select 1", "--db", str(db)), "正被另一个进程")
    finally:
        holder.close()


# -- a killed ingest ---------------------------------------------------------------------------------------------


def test_killed_duckdb_ingest_leaves_whole_documents(tmp_path: Path) -> None:
    """SIGKILL once documents are being committed to the DuckDB file: every stored document is complete."""
    seed_path(SEED)
    corpus = replicate(sorted(SEEDS.glob("*.txt")), tmp_path / "corpus", 16)
    expected = {p.name: len(list(document_facts(seed_doc(p.stem[-3:])))) for p in corpus}
    db = tmp_path / "killed.duckdb"
    connect(db).close()  # migrated: what the log grows by from now on is the run and its documents
    wal = Path(f"{db}.wal")
    process = start("ingest", str(tmp_path / "corpus"), "--db", str(db), "-j", "1")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > 1_500_000:  # a few documents committed
            break
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with connect(db) as store:
        stored = store.backend.fetch(
            "SELECT d.source, count(a.ordinal) FROM documents d LEFT JOIN amounts a ON a.document = d.sha256 "
            "GROUP BY d.source"
        )
        assert 1 <= len(stored) < len(corpus), "the run was not stopped halfway"
        for source, count in stored:
            assert count == expected[Path(source).name], source
        assert orphans(store) == 0
        assert store.backend.fetch("SELECT count(*) FROM runs WHERE finished_at IS NULL")[0][0] == 1
    rerun = budgetlens("ingest", str(tmp_path / "corpus"), "--db", str(db), "-j", "1", "--lang", "en")
    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(corpus) - len(stored)} new, {len(stored)} already stored, 0 failed" in rerun.stderr


def test_a_writer_that_lost_the_race_counts_the_document_as_known(postgres_database: str) -> None:
    """A writer that checked before the winner committed and took no lock (an older version) hits the
    document's keys: its transaction is rolled back and the document counts as already stored."""
    from budgetlens.store.task import analyse

    records = analyse(str(seed_path(SEED))).records
    assert records is not None
    with connect(postgres_database) as winner, connect(postgres_database) as loser:
        assert winner.write_document(records) is True
        checks = iter([False])  # the loser's check ran before the winner's commit
        loser.backend.lock = lambda key: None  # type: ignore[method-assign]
        original = loser.known
        loser.known = lambda sha256: next(checks, None) or original(sha256)  # type: ignore[method-assign]
        assert loser.write_document(records) is False
        assert winner.counts()["documents"] == 1 and winner.counts()["amounts"] == SEED_FACTS
