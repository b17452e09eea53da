/* merge.c - combine inventories (the shards of one scan, or any others)
 * into one */
#include "merge.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "util.h"

/* The ids an input's rows move by: everything it holds is numbered after
 * what the output already holds (bound as ?1 to ?5 in the copies). */
enum { OFF_SCAN, OFF_REPO, OFF_FILE, OFF_FINDING, OFF_DEP, OFF__COUNT };

static const char *const offset_sql[OFF__COUNT] = {
	"SELECT ifnull(max(id), 0) FROM scans",
	"SELECT ifnull(max(id), 0) FROM repositories",
	"SELECT ifnull(max(id), 0) FROM files",
	"SELECT ifnull(max(id), 0) FROM findings",
	"SELECT ifnull(max(id), 0) FROM dependencies",
};

/* The rows of scans that are not skipped, and of their repositories. */
#define KEPT_SCAN "scan_id NOT IN (SELECT id FROM temp.merge_skip)"
#define KEPT_REPO \
	"repository_id IN (SELECT id FROM repositories WHERE " KEPT_SCAN ")"

/* One table's copy: `select` runs on the input with the offsets bound and
 * yields the output's row; `insert` takes it, column by column. Rows keep
 * their order, which sunset_db_read relies on (dependencies follow their
 * findings, issues and scores their insertion order). */
typedef struct {
	int since; /* the schema version that added the table */
	const char *select, *insert;
} table_copy;

static const table_copy copies[] = {
	{1,
	 "SELECT id + ?1, started_at, finished_at, sunset_version, options, "
	 "files_total, files_analysed, files_skipped, coverage FROM scans "
	 "WHERE id NOT IN (SELECT id FROM temp.merge_skip) ORDER BY id",
	 "INSERT INTO scans(id, started_at, finished_at, sunset_version, "
	 "options, files_total, files_analysed, files_skipped, coverage) "
	 "VALUES(?,?,?,?,?,?,?,?,?)"},
	{1,
	 "SELECT id + ?2, scan_id + ?1, path, remote_url, rev, commit_id, "
	 "worktree, bare, error FROM repositories WHERE " KEPT_SCAN
	 " ORDER BY id",
	 "INSERT INTO repositories(id, scan_id, path, remote_url, rev, "
	 "commit_id, worktree, bare, error) VALUES(?,?,?,?,?,?,?,?,?)"},
	{1,
	 "SELECT id + ?3, repository_id + ?2, path, language, size, blob_id, "
	 "skip_reason, parse_errors FROM files WHERE " KEPT_REPO " ORDER BY id",
	 "INSERT INTO files(id, repository_id, path, language, size, blob_id, "
	 "skip_reason, parse_errors) VALUES(?,?,?,?,?,?,?,?)"},
	{2,
	 "SELECT scan_id + ?1, vendor_id, name, homepage FROM vendors "
	 "WHERE " KEPT_SCAN " ORDER BY rowid",
	 "INSERT INTO vendors(scan_id, vendor_id, name, homepage) "
	 "VALUES(?,?,?,?)"},
	{2,
	 "SELECT scan_id + ?1, vendor_id, product_id, name, capability, "
	 "lifecycle, announced, shutdown, sources, alternatives, notes FROM "
	 "products WHERE " KEPT_SCAN " ORDER BY rowid",
	 "INSERT INTO products(scan_id, vendor_id, product_id, name, "
	 "capability, lifecycle, announced, shutdown, sources, alternatives, "
	 "notes) VALUES(?,?,?,?,?,?,?,?,?,?,?)"},
	{2,
	 "SELECT id + ?4, repository_id + ?2, path, line, col, end_line, "
	 "end_col, rule_id, vendor_id, product_id, capability, kind, "
	 "severity, message, snippet, matched, detail, fingerprint, "
	 "suppressed, suppressed_by, suppression_reason, suppression_expired "
	 "FROM findings WHERE " KEPT_REPO " ORDER BY id",
	 "INSERT INTO findings(id, repository_id, path, line, col, end_line, "
	 "end_col, rule_id, vendor_id, product_id, capability, kind, "
	 "severity, message, snippet, matched, detail, fingerprint, "
	 "suppressed, suppressed_by, suppression_reason, "
	 "suppression_expired) "
	 "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"},
	{2,
	 "SELECT id + ?5, repository_id + ?2, vendor_id, ecosystem, name, "
	 "declared, resolved, manifest, line, lockfile FROM dependencies "
	 "WHERE " KEPT_REPO " ORDER BY id",
	 "INSERT INTO dependencies(id, repository_id, vendor_id, ecosystem, "
	 "name, declared, resolved, manifest, line, lockfile) "
	 "VALUES(?,?,?,?,?,?,?,?,?,?)"},
	{2,
	 "SELECT repository_id + ?2, vendor_id, ecosystem, issue, path, line "
	 "FROM dependency_issues WHERE " KEPT_REPO " ORDER BY rowid",
	 "INSERT INTO dependency_issues(repository_id, vendor_id, ecosystem, "
	 "issue, path, line) VALUES(?,?,?,?,?,?)"},
	{3,
	 "SELECT scan_id + ?1, repository_id + ?2, scope, vendor_id, "
	 "product_id, score, components FROM scores WHERE " KEPT_SCAN
	 " ORDER BY rowid",
	 "INSERT INTO scores(scan_id, repository_id, scope, vendor_id, "
	 "product_id, score, components) VALUES(?,?,?,?,?,?,?)"},
	/* a rule pack is stored once, whichever inventory brought it */
	{4,
	 "SELECT ruleset_hash, seq, path, content FROM rule_files WHERE "
	 "ruleset_hash IN (SELECT ruleset_hash FROM scan_context "
	 "WHERE " KEPT_SCAN ") ORDER BY ruleset_hash, seq",
	 "INSERT OR IGNORE INTO rule_files(ruleset_hash, seq, path, content) "
	 "VALUES(?,?,?,?)"},
	{4,
	 "SELECT scan_id + ?1, ruleset_hash, rules, as_of, warnings FROM "
	 "scan_context WHERE " KEPT_SCAN " ORDER BY scan_id",
	 "INSERT INTO scan_context(scan_id, ruleset_hash, rules, as_of, "
	 "warnings) VALUES(?,?,?,?,?)"},
	{5,
	 "SELECT scan_id + ?1, seq, repository_id + ?2, message FROM "
	 "scan_warnings WHERE " KEPT_SCAN " ORDER BY scan_id, seq",
	 "INSERT INTO scan_warnings(scan_id, seq, repository_id, message) "
	 "VALUES(?,?,?,?)"},
};

/* What makes a scan the same scan in two inventories: its repositories
 * with the commit read and the error, in a stable order (x is the scan's
 * id). */
#define SCAN_KEY(x)                                                          \
	"(SELECT group_concat(k, char(10)) FROM (SELECT path || char(9) || " \
	"ifnull(commit_id, '') || char(9) || ifnull(error, '') AS k FROM "   \
	"repositories WHERE scan_id = " x " ORDER BY k))"

static int fail(sqlite3 *db, const char *path, const char *what)
{
	sunset_errorf("merge: %s: %s: %s", path, what,
		      db ? sqlite3_errmsg(db) : "out of memory");
	return SUNSET_ERR;
}

static int exec(sqlite3 *db, const char *path, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		sunset_errorf("merge: %s: %s", path,
			      msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return SUNSET_ERR;
	}
	return 0;
}

static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Open input `path` read-only and check it is an inventory this sunset
 * can read; its schema version in *version. Returns 0, or SUNSET_ERR with
 * the error printed and *db NULL. */
static int open_input(sqlite3 **db, int *version, const char *path,
		      const char *out)
{
	sqlite3_stmt *st = NULL;
	int scans = 0;

	*db = NULL;
	if (same_file(path, out)) {
		sunset_errorf("merge: %s is the output inventory; give it "
			      "once, first",
			      path);
		return SUNSET_ERR;
	}
	if (sunset_db_open_existing(db, version, path) < 0)
		goto fail;
	if (sqlite3_prepare_v2(*db,
			       "SELECT count(*) FROM sqlite_master WHERE type "
			       "= 'table' AND name = 'scans'",
			       -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		sunset_errorf("merge: %s is not a sunset inventory (%s); give "
			      "the inventories 'sunset scan --db FILE' wrote",
			      path, sqlite3_errmsg(*db));
		goto fail;
	}
	scans = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (!scans) {
		sunset_errorf("merge: %s is an SQLite database sunset did not "
			      "write; give the inventories 'sunset scan --db "
			      "FILE' wrote",
			      path);
		goto fail;
	}
	return 0;
fail:
	sqlite3_finalize(st);
	sqlite3_close(*db);
	*db = NULL;
	return SUNSET_ERR;
}

/* Note in the input's temp.merge_skip the scans `out` already holds.
 * Returns how many, or SUNSET_ERR with the error printed. */
static long long mark_present(sqlite3 *in, const char *in_path, sqlite3 *out,
			      const char *out_path)
{
	sqlite3_stmt *scans = NULL, *found = NULL, *skip = NULL;
	long long n = 0;
	int rc;

	if (exec(in, in_path,
		 "CREATE TEMP TABLE IF NOT EXISTS merge_skip(id INTEGER "
		 "PRIMARY KEY); DELETE FROM temp.merge_skip") < 0)
		return SUNSET_ERR;
	if (sqlite3_prepare_v2(in,
			       "SELECT id, started_at, finished_at, "
			       "sunset_version, options, files_total, "
			       "coverage, " SCAN_KEY("s.id") " FROM scans s "
							     "ORDER BY id",
			       -1, &scans, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(in, "INSERT INTO temp.merge_skip(id) VALUES(?)",
			       -1, &skip, NULL) != SQLITE_OK) {
		n = fail(in, in_path, "cannot read the scans");
		goto cleanup;
	}
	if (sqlite3_prepare_v2(
		    out,
		    "SELECT 1 FROM scans m WHERE started_at = ?1 "
		    "AND finished_at = ?2 AND sunset_version = ?3 "
		    "AND options = ?4 AND files_total = ?5 AND "
		    "coverage = ?6 AND " SCAN_KEY("m.id") " IS ?7 LIMIT 1",
		    -1, &found, NULL) != SQLITE_OK) {
		n = fail(out, out_path, "cannot read the scans");
		goto cleanup;
	}
	while ((rc = sqlite3_step(scans)) == SQLITE_ROW) {
		for (int i = 1; i <= 7; i++)
			sqlite3_bind_value(found, i,
					   sqlite3_column_value(scans, i));
		rc = sqlite3_step(found);
		sqlite3_reset(found);
		if (rc != SQLITE_ROW)
			continue;
		sunset_infof("merge: %s: scan %lld is already in %s (same "
			     "start, options and repositories); skipped",
			     in_path, sqlite3_column_int64(scans, 0), out_path);
		sqlite3_bind_int64(skip, 1, sqlite3_column_int64(scans, 0));
		if (sqlite3_step(skip) != SQLITE_DONE) {
			n = fail(in, in_path, "cannot note a scan to skip");
			goto cleanup;
		}
		sqlite3_reset(skip);
		n++;
	}
	if (rc != SQLITE_DONE)
		n = fail(in, in_path, "cannot read the scans");
cleanup:
	sqlite3_finalize(scans);
	sqlite3_finalize(found);
	sqlite3_finalize(skip);
	return n;
}

static int copy_table(sqlite3 *in, const char *in_path, sqlite3 *out,
		      const char *out_path, const table_copy *t,
		      const long long *off)
{
	sqlite3_stmt *sel = NULL, *ins = NULL;
	int rc, cols, error = 0;

	if (sqlite3_prepare_v2(in, t->select, -1, &sel, NULL) != SQLITE_OK) {
		error = fail(in, in_path, "cannot read");
		goto cleanup;
	}
	if (sqlite3_prepare_v2(out, t->insert, -1, &ins, NULL) != SQLITE_OK) {
		error = fail(out, out_path, "cannot prepare a copy");
		goto cleanup;
	}
	for (int i = 1; i <= sqlite3_bind_parameter_count(sel); i++)
		sqlite3_bind_int64(sel, i, off[i - 1]);
	cols = sqlite3_column_count(sel);
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		for (int i = 0; i < cols; i++)
			sqlite3_bind_value(ins, i + 1,
					   sqlite3_column_value(sel, i));
		if (sqlite3_step(ins) != SQLITE_DONE) {
			error = fail(out, out_path, "cannot copy a row");
			goto cleanup;
		}
		sqlite3_reset(ins);
	}
	if (rc != SQLITE_DONE)
		error = fail(in, in_path, "cannot read");
cleanup:
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	return error;
}

static int scalar(long long *v, sqlite3 *db, const char *path, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int error = 0;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		error = fail(db, path, "cannot read");
	else
		*v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return error;
}

/* Copy one input's scans into `out`, inside the caller's transaction. */
static int merge_one(long long *added, sqlite3 *out, const char *out_path,
		     const char *in_path)
{
	sqlite3 *in = NULL;
	long long off[OFF__COUNT], before = 0, after = 0, skipped;
	int version, error = 0;

	*added = 0;
	if (open_input(&in, &version, in_path, out_path) < 0)
		return SUNSET_ERR;
	if ((error = exec(in, in_path, "BEGIN")) < 0)
		goto cleanup;
	if ((skipped = mark_present(in, in_path, out, out_path)) < 0) {
		error = SUNSET_ERR;
		goto cleanup;
	}
	for (int i = 0; i < OFF__COUNT; i++)
		if ((error = scalar(&off[i], out, out_path, offset_sql[i])) < 0)
			goto cleanup;
	if ((error = scalar(&before, out, out_path,
			    "SELECT count(*) FROM scans")) < 0)
		goto cleanup;
	for (size_t i = 0; i < sizeof(copies) / sizeof(copies[0]); i++) {
		if (copies[i].since > version)
			continue; /* older inventories lack the table */
		if ((error = copy_table(in, in_path, out, out_path, &copies[i],
					off)) < 0)
			goto cleanup;
	}
	if ((error = scalar(&after, out, out_path,
			    "SELECT count(*) FROM scans")) < 0)
		goto cleanup;
	*added = after - before;
	sunset_infof("merge: %s: %lld scan%s added, %lld already there",
		     in_path, *added, *added == 1 ? "" : "s", skipped);
cleanup:
	sqlite3_close(in); /* ends the read transaction */
	return error;
}

int sunset_merge(long long *scans, const char *out_path,
		 const char *const *inputs, size_t n)
{
	sqlite3 *out = NULL;
	struct stat sb;
	long long total = 0, added, all = 0;
	int created, in_tx = 0, error = 0;

	/* every input is checked before the output is touched */
	for (size_t i = 0; i < n; i++) {
		sqlite3 *in;
		int version;
		if (open_input(&in, &version, inputs[i], out_path) < 0)
			return SUNSET_ERR;
		sqlite3_close(in);
	}
	created = stat(out_path, &sb) < 0;
	if (sqlite3_open_v2(out_path, &out,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK) {
		error = fail(out, out_path, "cannot open");
		goto cleanup;
	}
	/* a scan or another merge writing it at the same time waits */
	sqlite3_busy_timeout(out, 60000);
	if ((error = exec(out, out_path, "BEGIN IMMEDIATE")) < 0)
		goto cleanup;
	in_tx = 1;
	if ((error = sunset_db_migrate(out, out_path)) < 0)
		goto cleanup;
	for (size_t i = 0; i < n; i++) {
		if ((error = merge_one(&added, out, out_path, inputs[i])) < 0)
			goto cleanup;
		total += added;
	}
	if ((error = scalar(&all, out, out_path,
			    "SELECT count(*) FROM scans")) < 0 ||
	    (error = sunset_db_commit(out, out_path)) < 0)
		goto cleanup;
	in_tx = 0;
	sunset_infof("inventory: %s (%lld scan%s added, %lld in all)", out_path,
		     total, total == 1 ? "" : "s", all);
	if (scans)
		*scans = total;

cleanup:
	if (in_tx)
		sqlite3_exec(out, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(out);
	if (error && created)
		unlink(out_path);
	return error;
}
