-- sunset inventory: version 1 to version 2 (findings, dependencies,
-- vendors and products, views). Applied in the same transaction as a scan.

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

PRAGMA user_version = 2;
