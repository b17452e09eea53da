/* db.c - the SQLite inventory: every scan, repository and file */
#include "db.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "schema_sql.h" /* generated from reports/schema.sql */
#include "suppress.h"
#include "score.h"
#include "util.h"
#include "version.h"

static int db_fail(sqlite3 *db, const char *path, const char *what)
{
	sunset_errorf("inventory %s: %s: %s", path, what,
		      db ? sqlite3_errmsg(db) : "out of memory");
	return SUNSET_ERR;
}

static int exec(sqlite3 *db, const char *path, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		sunset_errorf("inventory %s: %s", path,
			      msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return SUNSET_ERR;
	}
	return 0;
}

static int user_version(sqlite3 *db, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
	if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		return 0;
	}
	sqlite3_finalize(st);
	return SUNSET_ERR;
}

/* A version no sunset wrote (negative: the migration table would be
 * indexed out of its bounds) or one from a newer sunset. Returns 0, or
 * SUNSET_ERR with the error printed. */
static int check_version(const char *path, int version)
{
	if (version < 0) {
		sunset_errorf("inventory %s has schema version %d, which no "
			      "sunset writes: it is damaged or not an "
			      "inventory; give another --db file",
			      path, version);
		return SUNSET_ERR;
	}
	if (version > SUNSET_DB_SCHEMA_VERSION) {
		sunset_errorf("inventory %s has schema version %d, newer than "
			      "this sunset's %d; use a newer sunset or another "
			      "--db file",
			      path, version, SUNSET_DB_SCHEMA_VERSION);
		return SUNSET_ERR;
	}
	return 0;
}

int sunset_db_migrate(sqlite3 *db, const char *path)
{
	int version;

	if (user_version(db, &version) < 0)
		return db_fail(db, path,
			       "not an SQLite database sunset can read; give "
			       "another --db file");
	if (check_version(path, version) < 0)
		return SUNSET_ERR;
	if (version == 0) {
		sqlite3_stmt *st = NULL;
		int tables = 0;
		if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master",
				       -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			tables = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		if (tables) {
			sunset_errorf("inventory %s is an SQLite database "
				      "that sunset did not create; give "
				      "another --db file",
				      path);
			return SUNSET_ERR;
		}
		return exec(db, path, sunset_schema_sql);
	}
	/* reports/migrate-N.sql takes version N-1 to N (1 <= version) */
	for (; version < SUNSET_DB_SCHEMA_VERSION; version++)
		if (exec(db, path, sunset_migrations[version - 1]) < 0)
			return SUNSET_ERR;
	return 0;
}

/* The directory of `path` can take a new file (SQLite's journal). */
static int dir_writable(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? sunset_strndup(path, (size_t)(slash - path) + 1)
			  : sunset_strdup(".");
	int ok = access(dir, W_OK) == 0;

	free(dir);
	return ok;
}

int sunset_db_open_existing(sqlite3 **out, int *version, const char *path)
{
	struct stat sb;
	int rc;

	*out = NULL;
	*version = 0;
	if (stat(path, &sb) < 0) {
		sunset_errorf("inventory %s: %s; give the --db file a scan "
			      "wrote",
			      path, strerror(errno));
		return SUNSET_ERR;
	}
	if (!S_ISREG(sb.st_mode)) {
		sunset_errorf("inventory %s is not a file; give the --db file "
			      "a scan wrote",
			      path);
		return SUNSET_ERR;
	}
	for (int writable = 0; writable < 2; writable++) {
		sqlite3_close(*out);
		if (sqlite3_open_v2(path, out,
				    writable ? SQLITE_OPEN_READWRITE
					     : SQLITE_OPEN_READONLY,
				    NULL) != SQLITE_OK) {
			db_fail(*out, path, "cannot open");
			goto fail;
		}
		sqlite3_extended_result_codes(*out, 1);
		sqlite3_busy_timeout(*out, 60000);
		if (user_version(*out, version) == 0)
			break;
		rc = sqlite3_extended_errcode(*out);
		if (rc == SQLITE_NOMEM) {
			sunset_errorf("inventory %s: out of memory", path);
			goto fail;
		}
		if (rc != SQLITE_READONLY_ROLLBACK || writable) {
			sunset_errorf("%s is not an inventory sunset wrote "
				      "(%s); give a file 'sunset scan --db' "
				      "wrote",
				      path, sqlite3_errmsg(*out));
			goto fail;
		}
		/* a hot journal: a write was killed half done. Rolling it
		 * back restores every scan committed before it, and needs
		 * write access. */
		if (access(path, W_OK) < 0 || !dir_writable(path)) {
			sunset_errorf("inventory %s: a write to it was "
				      "interrupted (its journal %s-journal is "
				      "left); give sunset write access to "
				      "the file and its directory once, so "
				      "that SQLite rolls the interrupted "
				      "write back, or use a copy of both "
				      "files",
				      path, path);
			goto fail;
		}
	}
	if (*version == 0) {
		sunset_errorf("inventory %s is not an inventory sunset wrote; "
			      "give the --db file of a sunset scan",
			      path);
		goto fail;
	}
	if (check_version(path, *version) < 0)
		goto fail;
	return 0;
fail:
	sqlite3_close(*out);
	*out = NULL;
	return SUNSET_ERR;
}

typedef struct {
	sqlite3 *db;
	const char *path;
} commit_args;

static int commit(void *payload)
{
	const commit_args *a = payload;
	return exec(a->db, a->path, "COMMIT");
}

int sunset_db_commit(sqlite3 *db, const char *path)
{
	commit_args a = {db, path};
	int error = sunset_commit_unless_interrupted(commit, &a);

	if (error == 0) {
		char *what = sunset_asprintf("the inventory %s", path);
		sunset_written_add(what);
		free(what);
	}
	return error;
}

static void iso_time(char *out, size_t n, time_t t)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static char *join_lines(const sunset_strlist *l)
{
	sunset_buf b = SUNSET_BUF_INIT;

	for (size_t i = 0; i < l->count; i++)
		sunset_buf_printf(&b, "%s%s", i ? "\n" : "", l->items[i]);
	return l->count ? sunset_buf_detach(&b) : NULL;
}

static int insert_catalogue(sqlite3 *db, const char *path, long long scan,
			    const sunset_ruleset *rules)
{
	sqlite3_stmt *v = NULL, *p = NULL;
	int error = 0;

	if (!rules)
		return 0;
	if (sqlite3_prepare_v2(db,
			       "INSERT INTO vendors(scan_id, vendor_id, name, "
			       "homepage) VALUES(?,?,?,?)",
			       -1, &v, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "INSERT INTO products(scan_id, vendor_id, "
			       "product_id, name, capability, lifecycle, "
			       "announced, shutdown, sources, alternatives, "
			       "notes) VALUES(?,?,?,?,?,?,?,?,?,?,?)",
			       -1, &p, NULL) != SQLITE_OK) {
		error = db_fail(db, path,
				"cannot prepare the catalogue insert");
		goto cleanup;
	}
	for (size_t i = 0; i < rules->nvendors && !error; i++) {
		const sunset_vendor *vd = rules->vendors[i];
		sqlite3_bind_int64(v, 1, scan);
		sqlite3_bind_text(v, 2, vd->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(v, 3, vd->name, -1, SQLITE_STATIC);
		bind_text_or_null(v, 4, vd->homepage);
		if (sqlite3_step(v) != SQLITE_DONE)
			error = db_fail(db, path, "cannot record a vendor");
		sqlite3_reset(v);
		for (size_t k = 0; k < vd->nproducts && !error; k++) {
			const sunset_product *pr = &vd->products[k];
			char *src = join_lines(&pr->sources);
			char *alt = join_lines(&pr->alternatives);
			sqlite3_bind_int64(p, 1, scan);
			sqlite3_bind_text(p, 2, vd->id, -1, SQLITE_STATIC);
			sqlite3_bind_text(p, 3, pr->id, -1, SQLITE_STATIC);
			sqlite3_bind_text(p, 4, pr->name, -1, SQLITE_STATIC);
			sqlite3_bind_text(p, 5, pr->capability, -1,
					  SQLITE_STATIC);
			sqlite3_bind_text(p, 6,
					  sunset_lifecycle_name(pr->lifecycle),
					  -1, SQLITE_STATIC);
			bind_text_or_null(p, 7, pr->announced);
			bind_text_or_null(p, 8, pr->shutdown);
			bind_text_or_null(p, 9, src);
			bind_text_or_null(p, 10, alt);
			bind_text_or_null(p, 11, pr->notes);
			if (sqlite3_step(p) != SQLITE_DONE)
				error = db_fail(db, path,
						"cannot record a product");
			sqlite3_reset(p);
			free(src);
			free(alt);
		}
	}
cleanup:
	sqlite3_finalize(v);
	sqlite3_finalize(p);
	return error;
}

/* The warnings the scan printed, in order. */
static int insert_warnings(sqlite3 *db, const char *path, long long scan,
			   const sunset_scan_result *result,
			   const long long *repo_ids)
{
	sqlite3_stmt *st = NULL;
	int error = 0;

	if (!result->nwarning_list)
		return 0;
	if (sqlite3_prepare_v2(db,
			       "INSERT INTO scan_warnings(scan_id, seq, "
			       "repository_id, message) VALUES(?,?,?,?)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, path, "cannot prepare the warnings insert");
	for (size_t i = 0; i < result->nwarning_list && !error; i++) {
		const sunset_scan_warning *w = &result->warning_list[i];
		sqlite3_bind_int64(st, 1, scan);
		sqlite3_bind_int64(st, 2, (long long)i);
		if (w->repo < result->nrepos)
			sqlite3_bind_int64(st, 3, repo_ids[w->repo]);
		else
			sqlite3_bind_null(st, 3);
		sqlite3_bind_text(st, 4, w->message, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			error = db_fail(db, path, "cannot record a warning");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return error;
}

/* The rule files the scan ran (once per pack) and what it was judged
 * against. */
static int insert_context(sqlite3 *db, const char *path, long long scan,
			  const sunset_scan_result *result,
			  const sunset_ruleset *rules)
{
	sqlite3_stmt *st = NULL;
	char today[11];
	int error = 0;

	if (!rules)
		return 0;
	if (result->today[0])
		memcpy(today, result->today, sizeof(today));
	else
		sunset_today(today);
	if (sqlite3_prepare_v2(db,
			       "INSERT OR IGNORE INTO rule_files(ruleset_hash, "
			       "seq, path, content) VALUES(?,?,?,?)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, path,
			       "cannot prepare the rule files insert");
	for (size_t i = 0; i < rules->nsources && !error; i++) {
		const sunset_rule_source *src = &rules->sources[i];
		sqlite3_bind_text(st, 1, rules->hash, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (long long)i);
		sqlite3_bind_text(st, 3, src->path, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 4, src->data, (int)src->len,
				  SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			error = db_fail(db, path, "cannot record a rule file");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (error)
		return error;
	if (sqlite3_prepare_v2(db,
			       "INSERT INTO scan_context(scan_id, "
			       "ruleset_hash, rules, as_of, warnings) "
			       "VALUES(?,?,?,?,?)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, path, "cannot prepare the context insert");
	sqlite3_bind_int64(st, 1, scan);
	sqlite3_bind_text(st, 2, rules->hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (long long)rules->nrules);
	sqlite3_bind_text(st, 4, today, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (long long)result->warnings);
	if (sqlite3_step(st) != SQLITE_DONE)
		error = db_fail(db, path, "cannot record the scan's context");
	sqlite3_finalize(st);
	return error;
}

static void bind_finding(sqlite3_stmt *st, long long repo_id,
			 const sunset_finding *f)
{
	const sunset_rule *rule = f->rule;

	sqlite3_bind_int64(st, 1, repo_id);
	sqlite3_bind_text(st, 2, f->path, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, (int)f->line);
	sqlite3_bind_int(st, 4, (int)f->col);
	sqlite3_bind_int(st, 5, (int)f->end_line);
	sqlite3_bind_int(st, 6, (int)f->end_col);
	sqlite3_bind_text(st, 7, rule->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, rule->vendor->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, rule->product->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, rule->product->capability, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, sunset_kind_name(rule->kind), -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(st, 12, sunset_severity_name(rule->severity), -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(st, 13, rule->message, -1, SQLITE_STATIC);
	bind_text_or_null(st, 14, f->snippet);
	bind_text_or_null(st, 15, f->matched);
	bind_text_or_null(st, 16, f->detail);
	sqlite3_bind_text(st, 17, f->fingerprint, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 18, f->suppressed);
	bind_text_or_null(st, 19, f->suppress_by);
	bind_text_or_null(st, 20, f->suppress_reason);
	bind_text_or_null(st, 21, f->expired);
}

static int insert_findings(sqlite3 *db, const char *path, long long repo_id,
			   const sunset_repo_result *r)
{
	sqlite3_stmt *st = NULL, *dep = NULL, *iss = NULL;
	int error = 0;

	if (sqlite3_prepare_v2(
		    db,
		    "INSERT INTO findings(repository_id, path, line, col, "
		    "end_line, end_col, rule_id, vendor_id, product_id, "
		    "capability, kind, severity, message, snippet, matched, "
		    "detail, fingerprint, suppressed, suppressed_by, "
		    "suppression_reason, suppression_expired) "
		    "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
		    -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(
		    db,
		    "INSERT INTO dependencies(repository_id, "
		    "vendor_id, ecosystem, name, declared, resolved, "
		    "manifest, line, lockfile) "
		    "VALUES(?,?,?,?,?,?,?,?,?)",
		    -1, &dep, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "INSERT INTO dependency_issues(repository_id, "
			       "vendor_id, ecosystem, issue, path, line) "
			       "VALUES(?,?,?,?,?,?)",
			       -1, &iss, NULL) != SQLITE_OK) {
		error = db_fail(db, path, "cannot prepare the findings insert");
		goto cleanup;
	}
	for (size_t i = 0; i < r->findings.count && !error; i++) {
		const sunset_finding *f = &r->findings.items[i];
		bind_finding(st, repo_id, f);
		if (sqlite3_step(st) != SQLITE_DONE)
			error = db_fail(db, path, "cannot record a finding");
		sqlite3_reset(st);
		if (error || !f->dep_name)
			continue;
		sqlite3_bind_int64(dep, 1, repo_id);
		sqlite3_bind_text(dep, 2, f->rule->vendor->id, -1,
				  SQLITE_STATIC);
		sqlite3_bind_text(dep, 3, f->dep_ecosystem, -1, SQLITE_STATIC);
		sqlite3_bind_text(dep, 4, f->dep_name, -1, SQLITE_STATIC);
		bind_text_or_null(dep, 5, f->dep_constraint);
		bind_text_or_null(dep, 6, f->dep_resolved);
		sqlite3_bind_text(dep, 7, f->path, -1, SQLITE_STATIC);
		sqlite3_bind_int(dep, 8, (int)f->line);
		bind_text_or_null(dep, 9, f->dep_lockfile);
		if (sqlite3_step(dep) != SQLITE_DONE)
			error = db_fail(db, path, "cannot record a dependency");
		sqlite3_reset(dep);
	}
	for (size_t i = 0; i < r->nnotes && !error; i++) {
		const sunset_dep_note *n = &r->notes[i];
		sqlite3_bind_int64(iss, 1, repo_id);
		sqlite3_bind_text(iss, 2, n->vendor->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(iss, 3, n->ecosystem, -1, SQLITE_STATIC);
		sqlite3_bind_text(iss, 4, n->shadow ? "shadow" : "dead", -1,
				  SQLITE_STATIC);
		sqlite3_bind_text(iss, 5, n->at->path, -1, SQLITE_STATIC);
		sqlite3_bind_int(iss, 6, (int)n->at->line);
		if (sqlite3_step(iss) != SQLITE_DONE)
			error = db_fail(db, path,
					"cannot record a dependency issue");
		sqlite3_reset(iss);
	}
cleanup:
	sqlite3_finalize(st);
	sqlite3_finalize(dep);
	sqlite3_finalize(iss);
	return error;
}

static int insert_files(sqlite3 *db, const char *path, long long repo_id,
			const sunset_repo_result *r)
{
	sqlite3_stmt *st = NULL;
	int error = 0;

	if (sqlite3_prepare_v2(db,
			       "INSERT INTO files(repository_id, path, "
			       "language, size, blob_id, skip_reason, "
			       "parse_errors) VALUES(?,?,?,?,?,?,?)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, path, "cannot prepare the files insert");
	for (size_t i = 0; i < r->nfiles; i++) {
		const sunset_file_rec *f = &r->files[i];
		sqlite3_bind_int64(st, 1, repo_id);
		sqlite3_bind_text(st, 2, f->path, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, sunset_lang_name(f->lang), -1,
				  SQLITE_STATIC);
		if (f->size >= 0)
			sqlite3_bind_int64(st, 4, f->size);
		else
			sqlite3_bind_null(st, 4);
		bind_text_or_null(st, 5, f->blob_id);
		if (f->skip == SUNSET_SKIP_NONE)
			sqlite3_bind_null(st, 6);
		else
			sqlite3_bind_text(st, 6, sunset_skip_name(f->skip), -1,
					  SQLITE_STATIC);
		sqlite3_bind_int(st, 7, f->parse_errors);
		if (sqlite3_step(st) != SQLITE_DONE) {
			error = db_fail(db, path, "cannot record a file");
			break;
		}
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	sqlite3_finalize(st);
	return error;
}

/* The risk scores of repository `index` (reports/score.h). */
static int insert_scores(sqlite3 *db, const char *path, long long scan,
			 long long repo_id, const sunset_scores *scores,
			 size_t index)
{
	sqlite3_stmt *st = NULL;
	int error = 0;

	if (sqlite3_prepare_v2(db,
			       "INSERT INTO scores(scan_id, repository_id, "
			       "scope, vendor_id, product_id, score, "
			       "components) VALUES(?,?,?,?,?,?,?)",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, path, "cannot prepare the scores insert");
	for (size_t i = 0; i < scores->count && !error; i++) {
		static const char *const scope[] = {"repository", "vendor",
						    "product"};
		const sunset_score_entry *e = &scores->items[i];
		sunset_buf json = SUNSET_BUF_INIT;
		if (e->repo != index)
			continue;
		sunset_score_json(&json, e);
		sqlite3_bind_int64(st, 1, scan);
		sqlite3_bind_int64(st, 2, repo_id);
		sqlite3_bind_text(st, 3, scope[e->scope], -1, SQLITE_STATIC);
		bind_text_or_null(st, 4, e->vendor ? e->vendor->id : NULL);
		bind_text_or_null(st, 5, e->product ? e->product->id : NULL);
		sqlite3_bind_int(st, 6, e->score);
		sqlite3_bind_text(st, 7, json.ptr, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE)
			error = db_fail(db, path, "cannot record a score");
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		sunset_buf_free(&json);
	}
	sqlite3_finalize(st);
	return error;
}

int sunset_db_write(long long *scan_id, const char *path,
		    const sunset_scan_result *result,
		    const sunset_ruleset *rules, const char *options)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	char started[32], finished[32];
	char *coverage = sunset_coverage_line(result);
	long long id = 0;
	long long *repo_ids = sunset_calloc(result->nrepos ? result->nrepos : 1,
					    sizeof(long long));
	int error = 0, in_tx = 0, created;
	sunset_scores scores;
	struct stat sb;

	sunset_score(&scores, result, rules);

	created = stat(path, &sb) < 0;
	if (sqlite3_open_v2(path, &db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK) {
		error = db_fail(db, path,
				"cannot open; check the directory exists and "
				"is writable");
		goto cleanup;
	}
	/* a second scan writing the same database waits for the first */
	sqlite3_busy_timeout(db, 60000);
	if ((error = exec(db, path, "BEGIN IMMEDIATE")) < 0)
		goto cleanup;
	in_tx = 1;
	if ((error = sunset_db_migrate(db, path)) < 0)
		goto cleanup;

	iso_time(started, sizeof(started), result->started);
	iso_time(finished, sizeof(finished), result->finished);
	if (sqlite3_prepare_v2(db,
			       "INSERT INTO scans(started_at, finished_at, "
			       "sunset_version, options, files_total, "
			       "files_analysed, files_skipped, coverage) "
			       "VALUES(?,?,?,?,?,?,?,?)",
			       -1, &st, NULL) != SQLITE_OK) {
		error = db_fail(db, path, "cannot prepare the scan insert");
		goto cleanup;
	}
	sqlite3_bind_text(st, 1, started, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, finished, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, SUNSET_VERSION, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, options ? options : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (long long)result->total);
	sqlite3_bind_int64(st, 6, (long long)result->analysed);
	sqlite3_bind_int64(st, 7, (long long)result->skipped);
	sqlite3_bind_text(st, 8, coverage, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		error = db_fail(db, path, "cannot record the scan");
		goto cleanup;
	}
	sqlite3_finalize(st);
	st = NULL;
	id = sqlite3_last_insert_rowid(db);

	if (sqlite3_prepare_v2(db,
			       "INSERT INTO repositories(scan_id, path, "
			       "remote_url, rev, commit_id, worktree, bare, "
			       "error) VALUES(?,?,?,?,?,?,?,?)",
			       -1, &st, NULL) != SQLITE_OK) {
		error = db_fail(db, path,
				"cannot prepare the repository insert");
		goto cleanup;
	}
	for (size_t i = 0; i < result->nrepos; i++) {
		const sunset_repo_result *r = &result->repos[i];
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, r->info.path ? r->info.path : "", -1,
				  SQLITE_STATIC);
		bind_text_or_null(st, 3, r->info.remote_url);
		sqlite3_bind_text(st, 4, r->info.rev ? r->info.rev : "HEAD", -1,
				  SQLITE_STATIC);
		bind_text_or_null(st, 5, r->info.commit);
		sqlite3_bind_int(st, 6, r->info.worktree);
		sqlite3_bind_int(st, 7, r->info.bare);
		bind_text_or_null(st, 8, r->error);
		if (sqlite3_step(st) != SQLITE_DONE) {
			error = db_fail(db, path, "cannot record a repository");
			goto cleanup;
		}
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		{
			long long repo_id = sqlite3_last_insert_rowid(db);
			repo_ids[i] = repo_id;
			if ((error = insert_files(db, path, repo_id, r)) < 0 ||
			    (error = insert_findings(db, path, repo_id, r)) <
				    0 ||
			    (error = insert_scores(db, path, id, repo_id,
						   &scores, i)) < 0)
				goto cleanup;
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((error = insert_catalogue(db, path, id, rules)) < 0 ||
	    (error = insert_context(db, path, id, result, rules)) < 0 ||
	    (error = insert_warnings(db, path, id, result, repo_ids)) < 0)
		goto cleanup;
	/* a signal while writing: the inventory stays as it was */
	if ((error = sunset_db_commit(db, path)) < 0)
		goto cleanup;
	in_tx = 0;
	if (scan_id)
		*scan_id = id;

cleanup:
	sqlite3_finalize(st);
	if (in_tx)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	if (error && created) {
		/* an empty file would pass for an inventory */
		char *journal = sunset_asprintf("%s-journal", path);
		unlink(path);
		unlink(journal);
		free(journal);
	}
	sunset_scores_clear(&scores);
	free(coverage);
	free(repo_ids);
	return error;
}

/* ---- reading a stored scan back ---- */

/* One column as a new string; NULL stays NULL. */
static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? sunset_strdup((const char *)t) : NULL;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "";
}

/* The id of scan `want` (0: the latest) when it is in the inventory. */
static int find_scan(sqlite3 *db, long long *id, const char *path,
		     long long want)
{
	sqlite3_stmt *st = NULL;
	long long lo = 0, hi = 0, n = 0;

	if (sqlite3_prepare_v2(db,
			       "SELECT min(id), max(id), count(*) FROM "
			       "scans",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, path, "cannot read the scans");
	if (sqlite3_step(st) == SQLITE_ROW) {
		lo = sqlite3_column_int64(st, 0);
		hi = sqlite3_column_int64(st, 1);
		n = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	if (n == 0) {
		sunset_errorf("inventory %s holds no scan; run 'sunset scan "
			      "--db %s PATH' first",
			      path, path);
		return SUNSET_ERR;
	}
	if (want == 0) {
		*id = hi;
		return 0;
	}
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM scans WHERE id = ?", -1, &st,
			       NULL) != SQLITE_OK)
		return db_fail(db, path, "cannot read the scans");
	sqlite3_bind_int64(st, 1, want);
	n = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (!n) {
		sunset_errorf("inventory %s has no scan %lld (its scans are "
			      "numbered %lld to %lld; 'sunset report --db %s "
			      "--list' lists them)",
			      path, want, lo, hi, path);
		return SUNSET_ERR;
	}
	*id = want;
	return 0;
}

int sunset_db_stored_rules(sunset_ruleset *out, int *stored, long long *scan_id,
			   const char *path, long long want)
{
	sqlite3 *db;
	sqlite3_stmt *st = NULL;
	sunset_rule_source *src = NULL;
	size_t n = 0;
	char hash[41] = "";
	int version, error = 0;

	memset(out, 0, sizeof(*out));
	*stored = 0;
	if (sunset_db_open_existing(&db, &version, path) < 0)
		return SUNSET_ERR;
	if ((error = find_scan(db, scan_id, path, want)) < 0)
		goto cleanup;
	if (version < 4)
		goto cleanup; /* scans before version 4 kept no rules */
	if (sqlite3_prepare_v2(db,
			       "SELECT c.ruleset_hash, f.path, f.content "
			       "FROM scan_context c JOIN rule_files f ON "
			       "f.ruleset_hash = c.ruleset_hash "
			       "WHERE c.scan_id = ? ORDER BY f.seq",
			       -1, &st, NULL) != SQLITE_OK) {
		error = db_fail(db, path, "cannot read the rule files");
		goto cleanup;
	}
	sqlite3_bind_int64(st, 1, *scan_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const void *blob = sqlite3_column_blob(st, 2);
		size_t len = (size_t)sqlite3_column_bytes(st, 2);
		snprintf(hash, sizeof(hash), "%s", col_text(st, 0));
		src = sunset_realloc(src, (n + 1) * sizeof(*src));
		src[n].path = col_dup(st, 1);
		src[n].data = sunset_malloc(len + 1);
		if (len)
			memcpy(src[n].data, blob, len);
		src[n].data[len] = '\0';
		src[n].len = len;
		n++;
	}
	if (n == 0)
		goto cleanup;
	if (sunset_rules_load_sources(out, src, n) < 0) {
		sunset_errorf("inventory %s: the rules stored with scan %lld "
			      "no longer load (see above)",
			      path, *scan_id);
		error = SUNSET_ERR;
	} else if (strcmp(out->hash, hash) != 0) {
		sunset_errorf("inventory %s: the rules stored with scan %lld "
			      "hash to %s, not %s as recorded: the inventory "
			      "was altered",
			      path, *scan_id, out->hash, hash);
		sunset_rules_clear(out);
		error = SUNSET_ERR;
	} else {
		*stored = 1;
	}
cleanup:
	for (size_t i = 0; i < n; i++) {
		free(src[i].path);
		free(src[i].data);
	}
	free(src);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return error;
}

static int parse_iso(time_t *out, const char *s)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
			 &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = timegm(&tm);
	return 0;
}

static const sunset_rule *rule_by_id(const sunset_ruleset *rules,
				     const char *id)
{
	for (size_t i = 0; i < rules->nrules; i++)
		if (!strcmp(rules->rules[i].id, id))
			return &rules->rules[i];
	return NULL;
}

static int read_files(sqlite3 *db, const char *path, long long repo_id,
		      sunset_repo_result *r)
{
	sqlite3_stmt *st = NULL;
	int error = 0;

	if (sqlite3_prepare_v2(db,
			       "SELECT path, language, size, blob_id, "
			       "skip_reason, parse_errors FROM files WHERE "
			       "repository_id = ? ORDER BY id",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, path, "cannot read the files");
	sqlite3_bind_int64(st, 1, repo_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		sunset_file_rec *f;
		sunset_skip skip = SUNSET_SKIP_NONE;
		if (sqlite3_column_type(st, 4) != SQLITE_NULL &&
		    sunset_skip_from_name(&skip, col_text(st, 4)) < 0) {
			sunset_errorf("inventory %s: file %s has an unknown "
				      "skip reason '%s'",
				      path, col_text(st, 0), col_text(st, 4));
			error = SUNSET_ERR;
			break;
		}
		if (r->nfiles == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 64;
			r->files = sunset_realloc(r->files,
						  r->cap * sizeof(*r->files));
		}
		f = &r->files[r->nfiles++];
		memset(f, 0, sizeof(*f));
		f->path = col_dup(st, 0);
		f->lang = sunset_lang_from_name(col_text(st, 1));
		f->size = sqlite3_column_type(st, 2) == SQLITE_NULL
				  ? -1
				  : sqlite3_column_int64(st, 2);
		snprintf(f->blob_id, sizeof(f->blob_id), "%s", col_text(st, 3));
		f->skip = skip;
		f->parse_errors = sqlite3_column_int(st, 5);
		r->counts[skip]++;
	}
	sqlite3_finalize(st);
	return error;
}

/* The language a finding's file was read as. */
static sunset_lang file_lang(const sunset_repo_result *r, const char *p)
{
	for (size_t i = 0; i < r->nfiles; i++)
		if (!strcmp(r->files[i].path, p))
			return r->files[i].lang;
	return SUNSET_LANG_UNKNOWN;
}

static int read_findings(sqlite3 *db, const char *path, long long repo_id,
			 sunset_repo_result *r, const sunset_ruleset *rules)
{
	sqlite3_stmt *st = NULL;
	int error = 0;

	if (sqlite3_prepare_v2(db,
			       "SELECT path, line, col, end_line, end_col, "
			       "rule_id, snippet, matched, detail, "
			       "fingerprint, suppressed, suppressed_by, "
			       "suppression_reason, suppression_expired "
			       "FROM findings WHERE repository_id = ? "
			       "ORDER BY id",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, path, "cannot read the findings");
	sqlite3_bind_int64(st, 1, repo_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const sunset_rule *rule = rule_by_id(rules, col_text(st, 5));
		sunset_findings *l = &r->findings;
		sunset_finding *f;
		if (!rule) {
			sunset_errorf("inventory %s: a finding of rule %s, "
				      "which the rules in use do not define; "
				      "give the rules the scan ran with "
				      "(--rules)",
				      path, col_text(st, 5));
			error = SUNSET_ERR;
			break;
		}
		if (l->count == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 16;
			l->items =
				sunset_realloc(l->items, l->cap * sizeof(*f));
		}
		f = &l->items[l->count++];
		memset(f, 0, sizeof(*f));
		f->rule = rule;
		f->path = col_dup(st, 0);
		f->lang = file_lang(r, f->path);
		f->line = (uint32_t)sqlite3_column_int(st, 1);
		f->col = (uint32_t)sqlite3_column_int(st, 2);
		f->end_line = (uint32_t)sqlite3_column_int(st, 3);
		f->end_col = (uint32_t)sqlite3_column_int(st, 4);
		f->snippet = col_dup(st, 6);
		f->matched = col_dup(st, 7);
		f->detail = col_dup(st, 8);
		snprintf(f->fingerprint, sizeof(f->fingerprint), "%s",
			 col_text(st, 9));
		f->suppressed = sqlite3_column_int(st, 10);
		f->suppress_by = col_dup(st, 11);
		f->suppress_reason = col_dup(st, 12);
		f->expired = col_dup(st, 13);
	}
	sqlite3_finalize(st);
	return error;
}

/* Dependency rows were written in finding order, right after their
 * finding: walk both in step. */
static int read_dependencies(sqlite3 *db, const char *path, long long repo_id,
			     sunset_repo_result *r)
{
	sqlite3_stmt *st = NULL;
	size_t k = 0;

	if (sqlite3_prepare_v2(db,
			       "SELECT vendor_id, ecosystem, name, declared, "
			       "resolved, manifest, line, lockfile FROM "
			       "dependencies WHERE repository_id = ? ORDER "
			       "BY id",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, path, "cannot read the dependencies");
	sqlite3_bind_int64(st, 1, repo_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *eco = sunset_ecosystem_name(col_text(st, 1));
		for (; k < r->findings.count; k++) {
			sunset_finding *f = &r->findings.items[k];
			if (f->rule->kind != SUNSET_KIND_DEPENDENCY ||
			    f->line != (uint32_t)sqlite3_column_int(st, 6) ||
			    strcmp(f->path, col_text(st, 5)) ||
			    strcmp(f->rule->vendor->id, col_text(st, 0)))
				continue;
			f->dep_ecosystem = eco ? eco : "unknown";
			f->dep_name = col_dup(st, 2);
			f->dep_constraint = col_dup(st, 3);
			f->dep_resolved = col_dup(st, 4);
			f->dep_lockfile = col_dup(st, 7);
			k++;
			break;
		}
	}
	sqlite3_finalize(st);
	return 0;
}

static int read_notes(sqlite3 *db, const char *path, long long repo_id,
		      sunset_repo_result *r)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db,
			       "SELECT vendor_id, ecosystem, issue, path, "
			       "line FROM dependency_issues WHERE "
			       "repository_id = ? ORDER BY rowid",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, path, "cannot read the dependency issues");
	sqlite3_bind_int64(st, 1, repo_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *eco = sunset_ecosystem_name(col_text(st, 1));
		for (size_t k = 0; k < r->findings.count; k++) {
			const sunset_finding *f = &r->findings.items[k];
			sunset_dep_note *n;
			if (f->line != (uint32_t)sqlite3_column_int(st, 4) ||
			    strcmp(f->path, col_text(st, 3)) ||
			    strcmp(f->rule->vendor->id, col_text(st, 0)))
				continue;
			r->notes = sunset_realloc(r->notes,
						  (r->nnotes + 1) * sizeof(*n));
			n = &r->notes[r->nnotes++];
			n->shadow = !strcmp(col_text(st, 2), "shadow");
			n->vendor = f->rule->vendor;
			n->ecosystem = eco ? eco : "unknown";
			n->at = f;
			break;
		}
	}
	sqlite3_finalize(st);
	return 0;
}

static int read_warnings(sqlite3 *db, const char *path, long long scan_id,
			 sunset_scan_result *out, const long long *repo_ids)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db,
			       "SELECT repository_id, message FROM "
			       "scan_warnings WHERE scan_id = ? ORDER BY seq",
			       -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, path, "cannot read the warnings");
	sqlite3_bind_int64(st, 1, scan_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		sunset_scan_warning *w;
		size_t repo = SUNSET_NO_REPO;
		if (sqlite3_column_type(st, 0) != SQLITE_NULL)
			for (size_t i = 0; i < out->nrepos; i++)
				if (repo_ids[i] == sqlite3_column_int64(st, 0))
					repo = i;
		out->warning_list =
			sunset_realloc(out->warning_list,
				       (out->nwarning_list + 1) * sizeof(*w));
		w = &out->warning_list[out->nwarning_list++];
		w->repo = repo;
		w->message = col_dup(st, 1);
	}
	sqlite3_finalize(st);
	return 0;
}

int sunset_db_read(sunset_scan_result *out, const char *path, long long scan_id,
		   const sunset_ruleset *rules)
{
	sqlite3 *db;
	sqlite3_stmt *st = NULL;
	long long *repo_ids = NULL;
	int version, error = 0;

	memset(out, 0, sizeof(*out));
	if (sunset_db_open_existing(&db, &version, path) < 0)
		return SUNSET_ERR;
	if (sqlite3_prepare_v2(db,
			       "SELECT started_at, finished_at FROM scans "
			       "WHERE id = ?",
			       -1, &st, NULL) != SQLITE_OK) {
		error = db_fail(db, path, "cannot read the scan");
		goto cleanup;
	}
	sqlite3_bind_int64(st, 1, scan_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sunset_errorf("inventory %s has no scan %lld", path, scan_id);
		error = SUNSET_ERR;
		goto cleanup;
	}
	parse_iso(&out->started, col_text(st, 0));
	parse_iso(&out->finished, col_text(st, 1));
	/* before version 4 the date was not kept: the day it started */
	snprintf(out->today, sizeof(out->today), "%.10s", col_text(st, 0));
	sqlite3_finalize(st);
	st = NULL;
	if (version >= 4) {
		if (sqlite3_prepare_v2(db,
				       "SELECT as_of, warnings FROM "
				       "scan_context WHERE scan_id = ?",
				       -1, &st, NULL) != SQLITE_OK) {
			error = db_fail(db, path, "cannot read the scan");
			goto cleanup;
		}
		sqlite3_bind_int64(st, 1, scan_id);
		if (sqlite3_step(st) == SQLITE_ROW) {
			snprintf(out->today, sizeof(out->today), "%s",
				 col_text(st, 0));
			out->warnings =
				(unsigned long)sqlite3_column_int64(st, 1);
		}
		sqlite3_finalize(st);
		st = NULL;
	}

	if (sqlite3_prepare_v2(db,
			       "SELECT id, path, remote_url, rev, commit_id, "
			       "worktree, bare, error FROM repositories "
			       "WHERE scan_id = ? ORDER BY id",
			       -1, &st, NULL) != SQLITE_OK) {
		error = db_fail(db, path, "cannot read the repositories");
		goto cleanup;
	}
	sqlite3_bind_int64(st, 1, scan_id);
	while (!error && sqlite3_step(st) == SQLITE_ROW) {
		long long repo_id = sqlite3_column_int64(st, 0);
		sunset_repo_result *r;
		repo_ids = sunset_realloc(repo_ids, (out->nrepos + 1) *
							    sizeof(long long));
		repo_ids[out->nrepos] = repo_id;
		out->repos = sunset_realloc(out->repos,
					    (out->nrepos + 1) * sizeof(*r));
		r = &out->repos[out->nrepos++];
		memset(r, 0, sizeof(*r));
		r->info.path = col_dup(st, 1);
		r->info.remote_url = col_dup(st, 2);
		r->info.rev = col_dup(st, 3);
		r->info.commit = col_dup(st, 4);
		r->info.worktree = sqlite3_column_int(st, 5);
		r->info.bare = sqlite3_column_int(st, 6);
		r->error = col_dup(st, 7);
		if (r->error)
			out->failed_repos++;
		if ((error = read_files(db, path, repo_id, r)) < 0 ||
		    (error = read_findings(db, path, repo_id, r, rules)) < 0 ||
		    (error = read_dependencies(db, path, repo_id, r)) < 0 ||
		    (error = read_notes(db, path, repo_id, r)) < 0)
			break;
		for (size_t k = 0; k < r->findings.count; k++) {
			/* an inventory written before sunset masked
			 * credentials still shows none */
			sunset_finding_redact(&r->findings.items[k]);
			out->findings++;
			out->suppressed +=
				(size_t)r->findings.items[k].suppressed;
		}
		for (int k = 0; k < SUNSET_SKIP__COUNT; k++)
			out->counts[k] += r->counts[k];
		out->total += r->nfiles;
	}
	out->analysed = out->counts[SUNSET_SKIP_NONE];
	out->skipped = out->total - out->analysed;
	sqlite3_finalize(st);
	st = NULL;
	if (!error && version >= 5)
		error = read_warnings(db, path, scan_id, out, repo_ids);

cleanup:
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(repo_ids);
	if (error)
		sunset_scan_result_clear(out);
	return error;
}

int sunset_db_list(FILE *out, const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st = NULL;
	int version;

	if (sunset_db_open_existing(&db, &version, path) < 0)
		return SUNSET_ERR;
	if (sqlite3_prepare_v2(
		    db,
		    "SELECT s.id, s.started_at, s.sunset_version, "
		    "(SELECT count(*) FROM repositories r WHERE r.scan_id = "
		    "s.id), (SELECT count(*) FROM findings f JOIN "
		    "repositories r ON r.id = f.repository_id WHERE "
		    "r.scan_id = s.id), (SELECT group_concat(path, ', ') FROM "
		    "(SELECT path FROM repositories r WHERE r.scan_id = s.id "
		    "ORDER BY r.id)) FROM scans s ORDER BY s.id",
		    -1, &st, NULL) != SQLITE_OK) {
		db_fail(db, path, "cannot read the scans");
		sqlite3_close(db);
		return SUNSET_ERR;
	}
	fprintf(out, "scan\tstarted\tsunset\trepositories\tfindings\tpaths\n");
	while (sqlite3_step(st) == SQLITE_ROW)
		sunset_termf(out, "%lld\t%s\t%s\t%lld\t%lld\t%s\n",
			     sqlite3_column_int64(st, 0), col_text(st, 1),
			     col_text(st, 2), sqlite3_column_int64(st, 3),
			     sqlite3_column_int64(st, 4), col_text(st, 5));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return 0;
}
