-- sunset inventory schema (SQLite). Version 1, kept in PRAGMA user_version.
-- sunset creates this schema in a new database and migrates an older one
-- forward; a database from a newer sunset is refused, never rewritten.
-- Every scan adds rows: one database holds many scans of many repositories.

-- One run of `sunset scan`.
CREATE TABLE scans (
	id INTEGER PRIMARY KEY,
	started_at TEXT NOT NULL,      -- UTC, ISO 8601
	finished_at TEXT NOT NULL,
	sunset_version TEXT NOT NULL,
	options TEXT NOT NULL,         -- the options that shape results
	files_total INTEGER NOT NULL,  -- every file recorded
	files_analysed INTEGER NOT NULL,
	files_skipped INTEGER NOT NULL,
	coverage TEXT NOT NULL         -- the coverage line, as printed
);

-- One repository as scanned by one scan.
CREATE TABLE repositories (
	id INTEGER PRIMARY KEY,
	scan_id INTEGER NOT NULL REFERENCES scans(id),
	path TEXT NOT NULL,            -- as given or discovered
	remote_url TEXT,               -- origin, credentials removed
	rev TEXT NOT NULL,             -- revision asked for
	commit_id TEXT,                -- commit scanned (NULL: none yet)
	worktree INTEGER NOT NULL,     -- 1: the work tree was read
	bare INTEGER NOT NULL,
	error TEXT                     -- why it could not be scanned
);

-- Every file of a scanned tree, analysed or not.
CREATE TABLE files (
	id INTEGER PRIMARY KEY,
	repository_id INTEGER NOT NULL REFERENCES repositories(id),
	path TEXT NOT NULL,            -- repository-relative
	language TEXT NOT NULL,        -- 'unknown' when none applies
	size INTEGER,                  -- NULL: not known
	blob_id TEXT,                  -- git object id; NULL: not known
	skip_reason TEXT,              -- NULL: analysed
	parse_errors INTEGER NOT NULL  -- 1: syntax errors (still analysed)
);

CREATE INDEX files_repository ON files(repository_id);
CREATE INDEX repositories_scan ON repositories(scan_id);

-- Coverage per repository and scan: files analysed and skipped by reason.
CREATE VIEW coverage AS
SELECT r.scan_id, r.id AS repository_id, r.path,
       COUNT(f.id) AS files_total,
       SUM(f.skip_reason IS NULL) AS files_analysed,
       SUM(f.skip_reason IS NOT NULL) AS files_skipped
FROM repositories r LEFT JOIN files f ON f.repository_id = r.id
GROUP BY r.id;

CREATE VIEW skipped_by_reason AS
SELECT r.scan_id, f.skip_reason AS reason, COUNT(*) AS files
FROM files f JOIN repositories r ON r.id = f.repository_id
WHERE f.skip_reason IS NOT NULL
GROUP BY r.scan_id, f.skip_reason;

PRAGMA user_version = 1;
