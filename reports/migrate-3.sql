-- sunset inventory: version 2 to version 3 (risk scores). Applied in the
-- same transaction as a scan.

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

PRAGMA user_version = 3;
