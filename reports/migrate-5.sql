-- sunset inventory: version 4 to version 5 (the warnings of each scan:
-- limits hit, files that could not be read). Applied in the same
-- transaction as a scan.

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
