-- budgetlens store, schema version 2: what the review desk (`budgetlens serve`) keeps beside the documents.
-- Portable SQL (DuckDB and PostgreSQL). The tables `sources` and `tokens` are never granted to budgetlens_reader.

-- The uploaded file itself, so that a review can show the printed page or the source lines.
CREATE TABLE sources (
    document TEXT PRIMARY KEY,              -- sha256 of content
    name TEXT NOT NULL,                     -- the file name as uploaded
    size BIGINT NOT NULL,
    content BYTEA NOT NULL,
    stored_at TIMESTAMP NOT NULL
);

-- API tokens: only the sha256 of each token is kept.
CREATE TABLE tokens (
    token_hash TEXT PRIMARY KEY,
    role TEXT NOT NULL,                     -- reviewer | viewer
    name TEXT NOT NULL,                     -- who holds it (recorded with each decision)
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);

-- A reviewer's decision on one finding: accepted (a real problem) or waived (with the reason).
CREATE TABLE decisions (
    document TEXT NOT NULL,
    finding_index INTEGER NOT NULL,
    decision TEXT NOT NULL,                 -- accepted | waived
    reason TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at TIMESTAMP NOT NULL,
    PRIMARY KEY (document, finding_index)
);

-- The review status of a document: pending (待审) until a reviewer marks it reviewed (已审).
CREATE TABLE reviews (
    document TEXT PRIMARY KEY,
    status TEXT NOT NULL,                   -- pending | reviewed
    reviewed_by TEXT,
    reviewed_at TIMESTAMP
);

-- Where a finding stands on the printed page: JSON [x0, y0, x1, y1] in points from the top-left corner of
-- `page`, narrowed to the cell where the text layer shows it; NULL for text and workbook sources.
ALTER TABLE findings ADD COLUMN bbox TEXT;
