-- sunset inventory: version 3 to version 4 (what a scan ran with, so
-- `sunset report` can render it again). Applied in the same transaction
-- as a scan.

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

PRAGMA user_version = 4;
