-- budgetlens store, schema version 1. Portable SQL: it runs unchanged on DuckDB and PostgreSQL.
-- Money is DECIMAL (never float); every amount keeps its provenance (document, table, row, column, line, page).

CREATE TABLE runs (
    run_id TEXT PRIMARY KEY,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,                  -- NULL while running (or when the run was killed)
    tool_version TEXT NOT NULL,
    engine TEXT NOT NULL,                   -- local | dask
    files INTEGER NOT NULL DEFAULT 0,
    ok INTEGER NOT NULL DEFAULT 0,          -- files stored now or already stored
    failed INTEGER NOT NULL DEFAULT 0,
    documents_new INTEGER NOT NULL DEFAULT 0,
    documents_known INTEGER NOT NULL DEFAULT 0,
    facts_written BIGINT NOT NULL DEFAULT 0,
    errors TEXT                             -- JSON list of {"path", "error"}
);

CREATE TABLE documents (
    sha256 TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    format TEXT NOT NULL,
    title TEXT,
    issuer TEXT,
    issuer_code TEXT,
    level TEXT,                             -- department | unit
    kind TEXT,                              -- budget | final_account
    fiscal_year INTEGER,
    region TEXT,
    line_count INTEGER NOT NULL,
    ingested_at TIMESTAMP NOT NULL,
    run_id TEXT
);

CREATE TABLE tables (
    document TEXT NOT NULL,
    table_id TEXT NOT NULL,                 -- t01 … for printed tables, p01 … for performance targets
    kind TEXT NOT NULL,                     -- canonical id such as budget.revenue
    title TEXT NOT NULL,
    unit TEXT,
    line INTEGER,
    page INTEGER,
    PRIMARY KEY (document, table_id)
);

CREATE TABLE rows (
    document TEXT NOT NULL,
    table_id TEXT NOT NULL,
    row_index INTEGER NOT NULL,
    code TEXT,
    number INTEGER,                         -- 行次
    name TEXT NOT NULL,
    path TEXT[] NOT NULL,                   -- labels of the ancestors
    level INTEGER,
    parent INTEGER,                         -- row_index of the parent row
    role TEXT NOT NULL,                     -- total | item | department | unit | project | derived
    side TEXT,
    line INTEGER,
    page INTEGER,
    PRIMARY KEY (document, table_id, row_index)
);

CREATE TABLE amounts (
    document TEXT NOT NULL,
    ordinal INTEGER NOT NULL,               -- position in the facts export of the document
    table_id TEXT NOT NULL,
    row_index INTEGER NOT NULL,
    column_key TEXT NOT NULL,
    column_header TEXT NOT NULL,
    printed TEXT,                           -- exactly as printed
    value_text TEXT,                        -- the decimal as printed, separators removed; NULL for a blank cell
    value DECIMAL(38, 6),
    unit TEXT,
    yuan DECIMAL(38, 2),
    status TEXT NOT NULL,                   -- printed | repaired | derived
    "constraint" TEXT,                      -- for repaired values: the identity used to rebuild it
    line INTEGER,
    page INTEGER,
    PRIMARY KEY (document, ordinal)
);

CREATE TABLE targets (
    document TEXT NOT NULL,
    target_index INTEGER NOT NULL,          -- 1-based, the p01 … of the facts
    kind TEXT NOT NULL,                     -- project | overall | self_eval
    name TEXT NOT NULL,
    department_code TEXT,
    department_name TEXT,
    unit_name TEXT,
    attribute TEXT,
    period TEXT,
    filled_at TEXT,
    linked_table TEXT,
    linked_row INTEGER,
    link_method TEXT,
    texts TEXT,                             -- JSON object
    facts TEXT,                             -- JSON object
    line INTEGER,
    PRIMARY KEY (document, target_index)
);

CREATE TABLE indicators (
    document TEXT NOT NULL,
    target_index INTEGER NOT NULL,
    indicator_index INTEGER NOT NULL,
    period TEXT NOT NULL,
    level1 TEXT,
    level2 TEXT,
    name TEXT NOT NULL,
    raw TEXT NOT NULL,
    comparator TEXT,
    number DECIMAL(38, 6),
    unit TEXT,
    line INTEGER,
    PRIMARY KEY (document, target_index, indicator_index)
);

CREATE TABLE claims (
    document TEXT NOT NULL,
    claim_index INTEGER NOT NULL,
    section TEXT NOT NULL,
    subject TEXT NOT NULL,
    measure TEXT NOT NULL,                  -- amount | share | change | count
    value DECIMAL(38, 6) NOT NULL,
    unit TEXT NOT NULL,
    printed TEXT NOT NULL,
    direction TEXT,
    base TEXT,
    status TEXT NOT NULL,
    "constraint" TEXT,
    sentence TEXT NOT NULL,
    line INTEGER,
    page INTEGER,
    PRIMARY KEY (document, claim_index)
);

CREATE TABLE findings (
    document TEXT NOT NULL,
    finding_index INTEGER NOT NULL,
    code TEXT NOT NULL,
    slug TEXT,
    severity TEXT NOT NULL,                 -- error | warning | info
    message_zh TEXT NOT NULL,
    message_en TEXT NOT NULL,
    params TEXT,                            -- JSON object
    line INTEGER,
    page INTEGER,
    table_id TEXT,
    row_index INTEGER,
    column_key TEXT,
    expected TEXT,
    actual TEXT,
    reference TEXT,
    cause_line INTEGER,
    waived BOOLEAN NOT NULL,
    PRIMARY KEY (document, finding_index)
);

CREATE TABLE waivers (
    document TEXT NOT NULL,
    finding_index INTEGER NOT NULL,         -- the waived finding in findings
    code TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (document, finding_index)
);

CREATE INDEX amounts_table ON amounts (document, table_id, row_index);
CREATE INDEX findings_code ON findings (code);

-- Every fact with its position in the export (``ordinal``). No ORDER BY in the views: sorting a million rows on
-- every aggregate costs ~6x; order by (document, ordinal) when the export order matters (Store.facts does).
CREATE VIEW fact_rows AS
SELECT
    t.kind AS "table",
    a.table_id AS table_id,
    t.title AS table_title,
    r.code AS row_code,
    r.number AS row_number,
    r.name AS row_name,
    r.path AS row_path,
    r.role AS row_role,
    a.column_key AS "column",
    a.column_header AS column_header,
    a.value_text AS value,
    a.printed AS printed,
    a.unit AS unit,
    a.yuan AS yuan,
    a.status AS status,
    a."constraint" AS "constraint",
    a.line AS line,
    a.page AS page,
    a.document AS document,
    a.ordinal AS ordinal
FROM amounts a
JOIN tables t ON t.document = a.document AND t.table_id = a.table_id
JOIN rows r ON r.document = a.document AND r.table_id = a.table_id AND r.row_index = a.row_index;

-- Exactly the fields of `budgetlens extract --format facts` (report/facts.py).
CREATE VIEW facts AS
SELECT
    "table", table_id, table_title, row_code, row_number, row_name, row_path, row_role, "column", column_header,
    value, printed, unit, yuan, status, "constraint", line, page, document
FROM fact_rows;
