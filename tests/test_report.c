/* test_report.c - `sunset report`: a stored scan rendered again without
 * rescanning gives the same bytes as the scan gave, with the rules it ran
 * with, whatever happened to the rule files and the repositories since */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db.h"
#include "helpers.h"
#include "util.h"

static const char rules_yaml[] =
	"vendor:\n"
	"  id: acme\n"
	"  name: Acme Media\n"
	"products:\n"
	"  - id: video\n"
	"    name: Acme Video\n"
	"    capability: video\n"
	"    lifecycle: sunset-announced\n"
	"    shutdown: 2027-01-31\n"
	"    sources: [https://acme.example/changelog]\n"
	"    alternatives: [acme.image]\n"
	"  - id: image\n"
	"    name: Acme Image\n"
	"    capability: image\n"
	"    lifecycle: active\n"
	"    sources: [https://acme.example/image]\n"
	"rules:\n"
	"  - id: acme.video.sdk\n"
	"    product: video\n"
	"    kind: dependency\n"
	"    severity: medium\n"
	"    message: The Acme SDK is a dependency.\n"
	"    package:\n"
	"      pypi: [acme-media]\n"
	"  - id: acme.video.import\n"
	"    product: video\n"
	"    kind: import\n"
	"    severity: low\n"
	"    message: The Acme SDK is imported.\n"
	"    import: [acme_media]\n"
	"  - id: acme.video.model\n"
	"    product: video\n"
	"    kind: model\n"
	"    severity: high\n"
	"    message: The acme-video-1 model id.\n"
	"    remediation: Read the model id from configuration.\n"
	"    string:\n"
	"      values: [acme-video-1]\n"
	"  - id: acme.image.model\n"
	"    product: image\n"
	"    kind: model\n"
	"    severity: low\n"
	"    message: The acme-image-1 model id.\n"
	"    string:\n"
	"      values: [acme-image-1]\n";

static const char app_py[] =
	"import acme_media\n"
	"model = \"acme-video-1\"\n"
	"still = \"acme-image-1\"\n"
	"old = \"acme-video-1\"  # sunset:ignore acme.video.model -- "
	"going in Q1\n";

/* every output a scan writes, by file name */
static const char *const outputs[] = {"out.jsonl", "out.sarif", "out.cdx.json",
				      "out.html"};

typedef struct {
	char *tmp;
	char *rules; /* rules/acme.yaml: changed after the scan in tests */
	char *org;   /* a directory of repositories */
	char *db;
} world;

static void add_repo(const char *path, int hostile, int deps)
{
	git_repository *r = fx_repo_init(path, 0);
	fx_tree *t = fx_tree_new();
	git_oid id;

	fx_tree_add(t, "src/app.py", app_py, strlen(app_py));
	if (deps)
		fx_tree_add(t, "requirements.txt", "acme-media==2.1\n", 16);
	if (hostile)
		fx_tree_add(t, "src/<script>x</script>\"\n\x1b[0m\xff.py",
			    "m = 'acme-video-1'\n", 19);
	fx_commit(&id, r, t, "refs/heads/main", "v1");
	fx_tree_free(t);
	git_repository_free(r);
}

static int setup(void **state)
{
	world *w = calloc(1, sizeof(*w));
	char *p;

	git_libgit2_init();
	w->tmp = fx_tmpdir();
	fx_write(w->tmp, "rules/acme.yaml", rules_yaml);
	w->rules = sunset_path_join(w->tmp, "rules/acme.yaml");
	w->org = sunset_path_join(w->tmp, "org");
	w->db = sunset_path_join(w->tmp, "inventory.db");
	p = sunset_path_join(w->org, "alpha");
	add_repo(p, 1, 1); /* hostile names, a declared SDK */
	free(p);
	p = sunset_path_join(w->org, "beta");
	add_repo(p, 0, 0); /* the SDK imported, declared nowhere */
	free(p);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	world *w = *state;
	fx_rmrf(w->tmp);
	free(w->tmp);
	free(w->rules);
	free(w->org);
	free(w->db);
	free(w);
	git_libgit2_shutdown();
	return 0;
}

static void sql(const char *db, const char *statements)
{
	sqlite3 *h;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	if (sqlite3_exec(h, statements, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", statements, msg);
	sqlite3_close(h);
}

/* The schema's SQL, every object in name order. Caller frees. */
static char *schema_of(const char *db)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	char *out;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h,
					    "SELECT group_concat(sql, "
					    "char(10)) FROM (SELECT sql FROM "
					    "sqlite_master WHERE sql IS NOT "
					    "NULL ORDER BY name)",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	out = sunset_strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(h);
	return out;
}

/* Scan the organisation with every output into DIR/, the standard
 * output kept as DIR/out.txt; returns DIR (caller frees). */
static char *scan_into(world *w, const char *dir)
{
	char *d = sunset_path_join(w->tmp, dir);
	char *paths[4], *txt;

	for (int i = 0; i < 4; i++)
		paths[i] = sunset_path_join(d, outputs[i]);
	fx_write(d, "out.txt", "");
	assert_int_equal(fx_run("scan", "--rules", w->rules, "--db", w->db,
				"--json", paths[0], "--sarif", paths[1],
				"--cyclonedx", paths[2], "--html", paths[3],
				w->org, NULL),
			 0);
	txt = sunset_path_join(d, "out.txt");
	assert_int_equal(
		sunset_write_file_atomic(txt, fx_stdout(), strlen(fx_stdout())),
		0);
	for (int i = 0; i < 4; i++)
		free(paths[i]);
	free(txt);
	return d;
}

/* Render stored scan `scan` ("": the latest) into DIR/ the same way;
 * `rules`: --rules, or NULL. */
static char *report_rules_into(world *w, const char *dir, const char *scan,
			       const char *rules)
{
	char *d = sunset_path_join(w->tmp, dir);
	char *paths[4], *txt;
	int code;

	for (int i = 0; i < 4; i++)
		paths[i] = sunset_path_join(d, outputs[i]);
	fx_write(d, "out.txt", "");
	{
		const char *args[16];
		int n = 0;
		args[n++] = "report";
		args[n++] = "--db";
		args[n++] = w->db;
		if (*scan) {
			args[n++] = "--scan";
			args[n++] = scan;
		}
		if (rules) {
			args[n++] = "--rules";
			args[n++] = rules;
		}
		args[n++] = "--json";
		args[n++] = paths[0];
		args[n++] = "--sarif";
		args[n++] = paths[1];
		args[n++] = "--cyclonedx";
		args[n++] = paths[2];
		args[n++] = "--html";
		args[n++] = paths[3];
		args[n] = NULL;
		code = fx_run_v(args);
	}
	if (code != 0)
		fail_msg("report exited %d: %s", code, fx_messages());
	txt = sunset_path_join(d, "out.txt");
	assert_int_equal(
		sunset_write_file_atomic(txt, fx_stdout(), strlen(fx_stdout())),
		0);
	for (int i = 0; i < 4; i++)
		free(paths[i]);
	free(txt);
	return d;
}

static char *report_into(world *w, const char *dir, const char *scan)
{
	return report_rules_into(w, dir, scan, NULL);
}

/* Every output of `a` equals the same output of `b`, byte for byte. */
static void expect_same_outputs(const char *a, const char *b)
{
	static const char *const all[] = {"out.jsonl", "out.sarif",
					  "out.cdx.json", "out.html",
					  "out.txt"};

	for (size_t i = 0; i < sizeof(all) / sizeof(*all); i++) {
		char *pa = sunset_path_join(a, all[i]);
		char *pb = sunset_path_join(b, all[i]);
		char *x = fx_slurp(pa), *y = fx_slurp(pb);
		if (strcmp(x, y) != 0)
			fail_msg("%s differs from %s", pb, pa);
		free(x);
		free(y);
		free(pa);
		free(pb);
	}
}

/* Each test starts from no inventory. */
static int fresh_db(void **state)
{
	world *w = *state;
	fx_rmrf(w->db);
	return 0;
}

static void test_report_renders_the_same_bytes(void **state)
{
	world *w = *state;
	char *scanned, *reported, *txt, *jsonl;

	setenv("SUNSET_TODAY", "2026-11-24", 1);
	scanned = scan_into(w, "scanned");
	/* the scan saw what this test is about: hostile names, a declared
	 * SDK with its version, a shadow SDK, a suppressed finding */
	jsonl = sunset_path_join(scanned, "out.jsonl");
	txt = fx_slurp(jsonl);
	assert_non_null(strstr(txt, "\"suppressed\":true"));
	assert_non_null(strstr(txt, "acme-media"));
	assert_non_null(strstr(txt, "<script>x</script>"));
	free(txt);
	free(jsonl);
	assert_non_null(strstr(fx_stdout(), "vendors: acme ("));
	assert_non_null(strstr(fx_stdout(), "top risks:"));

	reported = report_into(w, "reported", "");
	assert_non_null(strstr(fx_messages(), "judged as of 2026-11-24"));
	expect_same_outputs(scanned, reported);
	/* the full listing too */
	assert_int_equal(fx_run("scan", "--rules", w->rules, "--format", "text",
				w->org, NULL),
			 0);
	txt = sunset_strdup(fx_stdout());
	assert_non_null(strstr(txt, "shadow dependency"));
	assert_non_null(strstr(txt, "risk: "));
	assert_int_equal(fx_run("report", "--db", w->db, "--scan", "1",
				"--format", "text", NULL),
			 0);
	assert_string_equal(txt, fx_stdout());
	free(txt);
	fx_rmrf(w->db);
	free(scanned);
	free(reported);
	unsetenv("SUNSET_TODAY");
}

/* The report reads as of the scan's date, not the reader's (nor the
 * day the scan started): a product 122 days from shutdown then is still
 * 122 days from it, not past it. */
static void test_report_keeps_the_scan_date(void **state)
{
	world *w = *state;
	char *scanned, *reported;

	setenv("SUNSET_TODAY", "2026-10-01", 1);
	scanned = scan_into(w, "dated");
	setenv("SUNSET_TODAY", "2027-03-01", 1);
	reported = report_into(w, "dated-later", "");
	assert_non_null(strstr(fx_messages(), "judged as of 2026-10-01"));
	expect_same_outputs(scanned, reported);
	fx_rmrf(w->db);
	free(scanned);
	free(reported);
	unsetenv("SUNSET_TODAY");
}

/* The rule file changes after the scan (lifecycle, message, a rule
 * gone): the report still renders with the rules the scan ran. */
static void test_report_uses_the_stored_rules(void **state)
{
	world *w = *state;
	char *scanned, *reported;

	setenv("SUNSET_TODAY", "2026-11-24", 1);
	scanned = scan_into(w, "before-edit");
	fx_write(w->tmp, "rules/acme.yaml",
		 "vendor: {id: acme, name: Acme}\n"
		 "products:\n"
		 "  - {id: video, name: V, capability: video, lifecycle: "
		 "active, sources: [https://x.example]}\n"
		 "rules: []\n");
	reported = report_into(w, "after-edit", "");
	expect_same_outputs(scanned, reported);
	/* --rules is not used for a scan that kept its rules, and says so */
	assert_int_equal(fx_run("report", "--db", w->db, "--rules", w->rules,
				"-q", NULL),
			 0);
	assert_non_null(strstr(fx_messages(), "--rules is not used"));
	fx_write(w->tmp, "rules/acme.yaml", rules_yaml);
	fx_rmrf(w->db);
	free(scanned);
	free(reported);
	unsetenv("SUNSET_TODAY");
}

/* Two scans in one inventory: the latest by default, --scan picks
 * either, --list lists both. */
static void test_report_picks_a_scan(void **state)
{
	world *w = *state;
	char *first, *second, *r1, *r2, *beta, *app;

	setenv("SUNSET_TODAY", "2026-11-24", 1);
	first = scan_into(w, "first");
	/* the second scan sees one finding more */
	beta = sunset_path_join(w->org, "beta");
	app = sunset_path_join(beta, "extra.py");
	{
		git_repository *r;
		fx_tree *t = fx_tree_new();
		git_oid id;
		assert_int_equal(git_repository_open(&r, beta), 0);
		fx_tree_add(t, "src/app.py", app_py, strlen(app_py));
		fx_tree_add(t, "extra.py", "x = 'acme-image-1'\n", 19);
		fx_commit(&id, r, t, "refs/heads/main", "v2");
		fx_tree_free(t);
		git_repository_free(r);
	}
	second = scan_into(w, "second");
	r1 = report_into(w, "first-again", "1");
	r2 = report_into(w, "second-again", "");
	expect_same_outputs(first, r1);
	expect_same_outputs(second, r2);
	assert_int_equal(fx_run("report", "--db", w->db, "--list", NULL), 0);
	assert_int_equal(fx_stdout_count("/alpha, "), 2);
	assert_int_equal(fx_stdout_count("\t0.1.0\t2\t"), 2);
	assert_non_null(strstr(fx_stdout(), "scan\tstarted\t"));
	assert_non_null(strstr(fx_stdout(), "\n1\t"));
	assert_non_null(strstr(fx_stdout(), "\n2\t"));
	/* the stored rule pack is kept once, not once per scan */
	{
		sqlite3 *h;
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_open(w->db, &h), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(h,
						    "SELECT count(*), "
						    "count(DISTINCT "
						    "ruleset_hash) FROM "
						    "rule_files",
						    -1, &st, NULL),
				 SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), 1);
		assert_int_equal(sqlite3_column_int(st, 1), 1);
		sqlite3_finalize(st);
		sqlite3_close(h);
	}
	fx_rmrf(w->db);
	free(first);
	free(second);
	free(r1);
	free(r2);
	free(beta);
	free(app);
	unsetenv("SUNSET_TODAY");
}

/* A scan stored before schema 4 kept no rules: the report says so and
 * uses --rules; a rule those rules lack is an error naming it. */
static void test_report_of_an_older_scan(void **state)
{
	world *w = *state;
	char *scanned, *reported;

	setenv("SUNSET_TODAY", "2026-11-24", 1);
	scanned = scan_into(w, "v3");
	/* as schema 3 left it; the scan started on the day it judged */
	sql(w->db, "DROP TABLE scan_warnings; DROP TABLE scan_context;"
		   "DROP TABLE rule_files;"
		   "UPDATE scans SET started_at = '2026-11-24T10:00:00Z';"
		   "PRAGMA user_version = 3;");
	assert_int_equal(
		fx_run("report", "--db", w->db, "--rules", w->rules, NULL), 0);
	assert_non_null(strstr(fx_messages(), "predates stored rules"));
	reported = report_rules_into(w, "v3-again", "", w->rules);
	/* the date comes from the scan's start, the rest is the same */
	expect_same_outputs(scanned, reported);
	/* the database was only read: still version 3 */
	{
		sqlite3 *h;
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_open(w->db, &h), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA user_version",
						    -1, &st, NULL),
				 SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), 3);
		sqlite3_finalize(st);
		sqlite3_close(h);
	}
	/* the next scan migrates it to version 5 and keeps the old scan,
	 * which still renders from --rules */
	assert_int_equal(fx_run("scan", "--rules", w->rules, "--db", w->db,
				"-q", w->org, NULL),
			 0);
	{
		char *fresh = sunset_path_join(w->tmp, "fresh.db");
		char *a, *b;
		fx_rmrf(fresh);
		assert_int_equal(fx_run("scan", "--rules", w->rules, "--db",
					fresh, "-q", w->org, NULL),
				 0);
		a = schema_of(fresh);
		b = schema_of(w->db);
		assert_string_equal(a, b);
		free(a);
		free(b);
		fx_rmrf(fresh);
		free(fresh);
	}
	free(reported);
	reported = report_rules_into(w, "v3-after-migration", "1", w->rules);
	expect_same_outputs(scanned, reported);
	sql(w->db, "DELETE FROM scans WHERE id = 2;");
	fx_write(w->tmp, "other/other.yaml",
		 "vendor: {id: other, name: Other}\n"
		 "products:\n"
		 "  - {id: p, name: P, capability: video, lifecycle: "
		 "active, sources: [https://x.example]}\n"
		 "rules: []\n");
	{
		char *other = sunset_path_join(w->tmp, "other/other.yaml");
		assert_int_equal(
			fx_run("report", "--db", w->db, "--rules", other, NULL),
			2);
		assert_non_null(
			strstr(fx_messages(), "a finding of rule acme."));
		assert_non_null(strstr(fx_messages(), "--rules"));
		free(other);
	}
	fx_rmrf(w->db);
	free(scanned);
	free(reported);
	unsetenv("SUNSET_TODAY");
}

static void expect_error(const char *const *args, const char *message)
{
	int code = fx_run_v(args);
	if (code != 2)
		fail_msg("exit %d, not 2: %s", code, fx_messages());
	if (!strstr(fx_messages(), message))
		fail_msg("no '%s' in: %s", message, fx_messages());
}

static void test_report_errors(void **state)
{
	world *w = *state;
	char *missing = sunset_path_join(w->tmp, "missing.db");
	char *foreign = sunset_path_join(w->tmp, "foreign.db");
	char *newer = sunset_path_join(w->tmp, "newer.db");

	expect_error((const char *const[]){"report", "--json", "-", NULL},
		     "report needs --db FILE");
	expect_error((const char *const[]){"report", "--db", missing, NULL},
		     "give the --db file a scan wrote");
	sql(foreign, "CREATE TABLE t(x);");
	expect_error((const char *const[]){"report", "--db", foreign, NULL},
		     "not an inventory sunset wrote");
	sql(newer, "CREATE TABLE t(x); PRAGMA user_version = 99;");
	expect_error((const char *const[]){"report", "--db", newer, NULL},
		     "newer than this sunset's");
	free(scan_into(w, "for-errors"));
	expect_error((const char *const[]){"report", "--db", w->db, "--scan",
					   "7", NULL},
		     "has no scan 7 (its scans are numbered 1 to 1");
	expect_error((const char *const[]){"report", "--db", w->db, "--scan",
					   "seven", NULL},
		     "--scan takes a scan number");
	expect_error(
		(const char *const[]){"report", "--db", w->db, w->org, NULL},
		"takes no PATH");
	expect_error((const char *const[]){"report", "--db", w->db, "--format",
					   "xml", NULL},
		     "--format takes text, json or sarif");
	/* a stored rule file altered after the fact is refused */
	sql(w->db, "UPDATE rule_files SET content = "
		   "replace(content, 'acme-image-1', 'acme-image-2')");
	expect_error((const char *const[]){"report", "--db", w->db, NULL},
		     "the inventory was altered");
	/* an empty inventory */
	fx_rmrf(w->db);
	assert_int_equal(fx_run("scan", "--rules", w->rules, "--db", w->db,
				"-q", w->org, NULL),
			 0);
	sql(w->db, "DELETE FROM scans");
	expect_error((const char *const[]){"report", "--db", w->db, NULL},
		     "holds no scan");
	fx_rmrf(w->db);
	free(missing);
	free(foreign);
	free(newer);
}

/* A negative schema version (PRAGMA user_version takes any integer)
 * indexed the migration table out of its bounds: every command that
 * opens an inventory refuses it and leaves the file as it was. */
static void test_negative_schema_version_is_refused(void **state)
{
	world *w = *state;
	char *bad = sunset_path_join(w->tmp, "negative.db");
	char *out = sunset_path_join(w->tmp, "merged.db");
	char *before = sunset_path_join(w->tmp, "negative-before.db");
	const int versions[] = {-1, -2, -1000, -2147483647 - 1};

	free(scan_into(w, "negative"));
	for (size_t i = 0; i < sizeof(versions) / sizeof(*versions); i++) {
		char *pragma = sunset_asprintf("CREATE TABLE IF NOT EXISTS "
					       "scans(x); PRAGMA user_version "
					       "= %d;",
					       versions[i]);
		sql(bad, pragma);
		free(pragma);
		fx_copy_file(bad, before);
		expect_error((const char *const[]){"scan", "--rules", w->rules,
						   "--db", bad, "-q", w->org,
						   NULL},
			     "which no sunset writes");
		expect_error((const char *const[]){"report", "--db", bad, NULL},
			     "which no sunset writes");
		expect_error((const char *const[]){"merge", bad, w->db, NULL},
			     "which no sunset writes");
		expect_error((const char *const[]){"merge", out, bad, NULL},
			     "which no sunset writes");
		fx_expect_same_file(before, bad);
		fx_rmrf(out);
	}
	fx_rmrf(bad);
	fx_rmrf(before);
	free(before);
	fx_rmrf(w->db);
	free(bad);
	free(out);
}

/* A signal before the commit: a new inventory is not left as an empty
 * file (it would pass for one that holds nothing). */
static void test_interrupted_write_leaves_no_new_file(void **state)
{
	world *w = *state;
	char *fresh = sunset_path_join(w->tmp, "fresh.db");
	sunset_scan_result none;
	struct stat sb;

	memset(&none, 0, sizeof(none));
	sunset_interrupt_set(SIGTERM);
	assert_int_equal(sunset_db_write(NULL, fresh, &none, NULL, ""),
			 SUNSET_EINTR);
	sunset_interrupt_set(0);
	assert_int_not_equal(stat(fresh, &sb), 0);
	assert_int_equal(sunset_db_write(NULL, fresh, &none, NULL, ""), 0);
	assert_int_equal(stat(fresh, &sb), 0);
	fx_rmrf(fresh);
	free(fresh);
}

/* Leave a hot journal in `db`: a child writes enough to spill pages
 * into the database file and dies before it commits. */
static void kill_a_write(const char *db)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		sqlite3 *h;
		if (sqlite3_open(db, &h) != SQLITE_OK ||
		    sqlite3_exec(h,
				 "PRAGMA cache_size = 1; BEGIN; DELETE FROM "
				 "findings; WITH RECURSIVE c(i) AS (SELECT 1 "
				 "UNION ALL SELECT i + 1 FROM c WHERE i < "
				 "20000) INSERT INTO scan_warnings(scan_id, "
				 "seq, message) SELECT 1, 1000 + i, "
				 "hex(randomblob(64)) FROM c; PRAGMA "
				 "user_version = 77;",
				 NULL, NULL, NULL) != SQLITE_OK)
			_exit(3);
		_exit(0); /* no COMMIT, no close: the journal stays hot */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* A scan killed while it wrote leaves a hot journal: report and merge
 * open the inventory so SQLite rolls the write back, and see every scan
 * committed before it. */
static void test_hot_journal_is_rolled_back(void **state)
{
	world *w = *state;
	char *dir = scan_into(w, "hot"), *journal, *expected, *merged;
	char *out = sunset_path_join(w->tmp, "merged-hot.db");
	struct stat sb;

	expected = sunset_path_join(dir, "out.txt");
	journal = sunset_asprintf("%s-journal", w->db);
	kill_a_write(w->db);
	assert_int_equal(stat(journal, &sb), 0);
	assert_true(sb.st_size > 0);
	assert_int_equal(fx_run("report", "--db", w->db, NULL), 0);
	{
		char *want = fx_slurp(expected);
		assert_string_equal(fx_stdout(), want);
		free(want);
	}
	assert_int_not_equal(stat(journal, &sb), 0); /* rolled back */
	/* merge reads one the same way */
	kill_a_write(w->db);
	assert_int_equal(fx_run("merge", out, w->db, NULL), 0);
	assert_int_equal(fx_run("report", "--db", out, NULL), 0);
	merged = sunset_strdup(fx_stdout());
	assert_int_equal(fx_run("report", "--db", w->db, NULL), 0);
	assert_string_equal(merged, fx_stdout());
	free(merged);
	fx_rmrf(out);
	fx_rmrf(w->db);
	free(out);
	free(journal);
	free(expected);
	free(dir);
}

/* The stored rules load back to the same ruleset: same hash, same
 * rules. */
static void test_stored_rules_round_trip(void **state)
{
	world *w = *state;
	sunset_ruleset a, b;
	const char *paths[1];
	int stored;
	long long id;

	paths[0] = w->rules;
	assert_int_equal(sunset_rules_load(&a, paths, 1), 0);
	assert_int_equal(fx_run("scan", "--rules", w->rules, "--db", w->db,
				"-q", w->org, NULL),
			 0);
	assert_int_equal(sunset_db_stored_rules(&b, &stored, &id, w->db, 0), 0);
	assert_int_equal(stored, 1);
	assert_int_equal(id, 1);
	assert_string_equal(a.hash, b.hash);
	assert_int_equal(a.nrules, b.nrules);
	for (size_t i = 0; i < a.nrules; i++)
		assert_string_equal(a.rules[i].id, b.rules[i].id);
	assert_int_equal(b.nsources, 1);
	assert_string_equal(b.sources[0].path, w->rules);
	sunset_rules_clear(&a);
	sunset_rules_clear(&b);
	fx_rmrf(w->db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_report_renders_the_same_bytes,
				       fresh_db),
		cmocka_unit_test_setup(test_report_keeps_the_scan_date,
				       fresh_db),
		cmocka_unit_test_setup(test_report_uses_the_stored_rules,
				       fresh_db),
		cmocka_unit_test_setup(test_report_picks_a_scan, fresh_db),
		cmocka_unit_test_setup(test_report_of_an_older_scan, fresh_db),
		cmocka_unit_test_setup(test_report_errors, fresh_db),
		cmocka_unit_test_setup(test_stored_rules_round_trip, fresh_db),
		cmocka_unit_test_setup(test_negative_schema_version_is_refused,
				       fresh_db),
		cmocka_unit_test_setup(test_hot_journal_is_rolled_back,
				       fresh_db),
		cmocka_unit_test_setup(
			test_interrupted_write_leaves_no_new_file, fresh_db),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
