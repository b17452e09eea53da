-- sunset inventory schema (SQLite). Version 5, kept in PRAGMA user_version.
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

-- The vendors and products of the rule pack a scan used, as it knew them
-- then (lifecycle claims change between releases of the pack).
CREATE TABLE vendors (
	scan_id INTEGER NOT NULL REFERENCES scans(id),
	vendor_id TEXT NOT NULL,
	name TEXT NOT NULL,
	homepage TEXT,
	PRIMARY KEY (scan_id, vendor_id)
);

CREATE TABLE products (
	scan_id INTEGER NOT NULL REFERENCES scans(id),
	vendor_id TEXT NOT NULL,
	product_id TEXT NOT NULL,
	name TEXT NOT NULL,
	capability TEXT NOT NULL,      -- video, image, speech, ... text
	lifecycle TEXT NOT NULL,       -- active, deprecated, sunset-announced,
	                               -- discontinued
	announced TEXT,                -- YYYY-MM-DD
	shutdown TEXT,                 -- YYYY-MM-DD
	sources TEXT,                  -- one URL per line
	alternatives TEXT,             -- one vendor.product per line
	notes TEXT,                    -- conflicts between sources, etc.
	PRIMARY KEY (scan_id, vendor_id, product_id)
);

-- Every finding, suppressed or not.
CREATE TABLE findings (
	id INTEGER PRIMARY KEY,
	repository_id INTEGER NOT NULL REFERENCES repositories(id),
	path TEXT NOT NULL,
	line INTEGER NOT NULL,
	col INTEGER NOT NULL,
	end_line INTEGER NOT NULL,
	end_col INTEGER NOT NULL,
	rule_id TEXT NOT NULL,
	vendor_id TEXT NOT NULL,
	product_id TEXT NOT NULL,
	capability TEXT NOT NULL,
	kind TEXT NOT NULL,            -- dependency, import, call, endpoint,
	                               -- model, credential, config
	severity TEXT NOT NULL,        -- info, low, medium, high, critical
	message TEXT NOT NULL,
	snippet TEXT,                  -- the source line
	matched TEXT,                  -- the matched text
	detail TEXT,                   -- the URL built, the call chain
	fingerprint TEXT NOT NULL,     -- stable under unrelated edits
	suppressed INTEGER NOT NULL,
	suppressed_by TEXT,            -- inline, .sunsetignore:LINE
	suppression_reason TEXT,
	suppression_expired TEXT       -- a suppression past its until date
);

-- Declared SDK dependencies (from dependency findings), with the version
-- a lock file resolves.
CREATE TABLE dependencies (
	id INTEGER PRIMARY KEY,
	repository_id INTEGER NOT NULL REFERENCES repositories(id),
	vendor_id TEXT NOT NULL,
	ecosystem TEXT NOT NULL,
	name TEXT NOT NULL,
	declared TEXT,
	resolved TEXT,
	manifest TEXT NOT NULL,
	line INTEGER NOT NULL,
	lockfile TEXT
);

-- SDKs imported but declared nowhere (shadow), or declared but never
-- imported (dead).
CREATE TABLE dependency_issues (
	repository_id INTEGER NOT NULL REFERENCES repositories(id),
	vendor_id TEXT NOT NULL,
	ecosystem TEXT NOT NULL,
	issue TEXT NOT NULL,           -- shadow, dead
	path TEXT NOT NULL,
	line INTEGER NOT NULL
);

CREATE INDEX findings_repository ON findings(repository_id);
CREATE INDEX dependencies_repository ON dependencies(repository_id);

-- The latest scan of each repository path.
CREATE VIEW latest_repositories AS
SELECT r.* FROM repositories r
WHERE r.scan_id = (SELECT max(r2.scan_id) FROM repositories r2
                   WHERE r2.path = r.path);

-- Every vendor in use across all repositories (latest scan of each), with
-- the repositories and findings that use it.
CREATE VIEW vendors_in_use AS
SELECT f.vendor_id, count(DISTINCT lr.path) AS repositories,
       count(*) AS findings,
       sum(f.suppressed) AS suppressed
FROM findings f JOIN latest_repositories lr ON lr.id = f.repository_id
GROUP BY f.vendor_id;

-- Products past their shutdown date that the latest scans still reference.
CREATE VIEW products_past_shutdown AS
SELECT lr.path AS repository, f.vendor_id, f.product_id, p.shutdown,
       count(*) AS findings
FROM findings f
JOIN latest_repositories lr ON lr.id = f.repository_id
JOIN products p ON p.scan_id = lr.scan_id AND p.vendor_id = f.vendor_id
               AND p.product_id = f.product_id
WHERE p.shutdown IS NOT NULL AND p.shutdown < date('now')
  AND f.suppressed = 0
GROUP BY lr.path, f.vendor_id, f.product_id;

-- Risk scores (0 to 100) of each scan, per repository, vendor and
-- product, with the components they add up from (reports/SCORING.md).
CREATE TABLE scores (
	scan_id INTEGER NOT NULL REFERENCES scans(id),
	repository_id INTEGER NOT NULL REFERENCES repositories(id),
	scope TEXT NOT NULL,           -- repository, vendor, product
	vendor_id TEXT,                -- NULL for a repository
	product_id TEXT,               -- product scope only
	score INTEGER NOT NULL,
	components TEXT NOT NULL       -- JSON: points and what they count
);

CREATE INDEX scores_repository ON scores(repository_id);

-- The repository scores of every scan, oldest first per path.
CREATE VIEW repository_score_trend AS
SELECT r.path, s.started_at, sc.score
FROM scores sc
JOIN repositories r ON r.id = sc.repository_id
JOIN scans s ON s.id = sc.scan_id
WHERE sc.scope = 'repository'
ORDER BY r.path, s.started_at, s.id;

-- The rule files of each rule pack a scan ran, stored once per pack.
CREATE TABLE rule_files (
	ruleset_hash TEXT NOT NULL,    -- git blob id of every file's bytes,
	                               -- concatenated in load order
	seq INTEGER NOT NULL,          -- load order
	path TEXT NOT NULL,            -- as loaded
	content BLOB NOT NULL,
	PRIMARY KEY (ruleset_hash, seq)
);

-- The rule pack and the date of each scan (scans from version 4 on).
CREATE TABLE scan_context (
	scan_id INTEGER PRIMARY KEY REFERENCES scans(id),
	ruleset_hash TEXT NOT NULL,    -- rule_files.ruleset_hash
	rules INTEGER NOT NULL,        -- how many rules it held
	as_of TEXT NOT NULL,           -- YYYY-MM-DD lifecycle, shutdown dates
	                               -- and suppressions were judged against
	warnings INTEGER NOT NULL      -- warnings printed during the scan
);

-- Every warning a scan printed, in order (scans from version 5 on).
CREATE TABLE scan_warnings (
	scan_id INTEGER NOT NULL REFERENCES scans(id),
	seq INTEGER NOT NULL,          -- the order printed
	repository_id INTEGER REFERENCES repositories(id),
	                               -- NULL: the whole scan
	message TEXT NOT NULL,
	PRIMARY KEY (scan_id, seq)
);

PRAGMA user_version = 5;
