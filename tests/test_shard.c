/* test_shard.c - `sunset scan --repos-from FILE --shard K/N` and `sunset
 * merge`: N shards merged hold what one scan of the whole list holds */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include "helpers.h"
#include "shard.h"
#include "util.h"

static const char rules_yaml[] =
	"vendor:\n"
	"  id: acme\n"
	"  name: Acme Media\n"
	"products:\n"
	"  - id: video\n"
	"    name: Acme Video\n"
	"    capability: video\n"
	"    lifecycle: discontinued\n"
	"    announced: 2019-06-30\n"
	"    shutdown: 2020-06-30\n"
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
	"    string:\n"
	"      values: [acme-video-1]\n"
	"  - id: acme.image.model\n"
	"    product: image\n"
	"    kind: model\n"
	"    severity: low\n"
	"    message: The acme-image-1 model id.\n"
	"    string:\n"
	"      values: [acme-image-1]\n";

/* The organisation: what each repository holds (NULL: no such file). */
static const struct {
	const char *name, *app_py, *requirements;
} repos[] = {
	{"alpha", "import acme_media\nmodel = \"acme-video-1\"\n",
	 "acme-media==2.1\n"},
	{"beta", "import acme_media\n", NULL},		  /* a shadow SDK */
	{"gamma", "print('hello')\n", "acme-media>=2\n"}, /* a dead one */
	{"delta", "still = \"acme-image-1\"\n", NULL},
	{"epsilon",
	 "import acme_media\nold = \"acme-video-1\"  # sunset:ignore "
	 "acme.video.model -- going in Q1\n",
	 "acme-media==2.0\n"},
	{"zeta", "print('no vendor here')\n", NULL},
};

/* The list: comments, blanks, spellings that normalise to the same
 * entry, and a repository that was deleted. */
static const char list_txt[] = "# the organisation\n"
			       "org/alpha\n"
			       "\n"
			       "  org/beta/  \n"
			       "./org/gamma\n"
			       "org//delta\n"
			       "org/epsilon\r\n"
			       "org/zeta\n"
			       "org/alpha\n"
			       "org/gone\n";
static const char reversed_txt[] = "org/gone\norg/zeta\norg/epsilon\n"
				   "org/delta\norg/gamma\norg/beta\n"
				   "org/alpha\n";

typedef struct {
	char *tmp;
	char *cwd; /* restored after the tests */
	int scanned;
} world;

static void add_repo(size_t i)
{
	char *path = sunset_asprintf("org/%s", repos[i].name);
	git_repository *r = fx_repo_init(path, 0);
	fx_tree *t = fx_tree_new();
	git_oid id;

	fx_tree_add(t, "app.py", repos[i].app_py, strlen(repos[i].app_py));
	if (repos[i].requirements)
		fx_tree_add(t, "requirements.txt", repos[i].requirements,
			    strlen(repos[i].requirements));
	fx_commit(&id, r, t, "refs/heads/main", "v1");
	fx_tree_free(t);
	git_repository_free(r);
	free(path);
}

/* Every test runs in the temporary directory, so that the list's
 * relative paths (and so the shards) are the same on every run. */
static int setup(void **state)
{
	world *w = calloc(1, sizeof(*w));

	git_libgit2_init();
	w->tmp = fx_tmpdir();
	w->cwd = getcwd(NULL, 0);
	if (chdir(w->tmp) < 0)
		fail_msg("cannot enter %s", w->tmp);
	fx_write(".", "rules/acme.yaml", rules_yaml);
	fx_write(".", "repos.txt", list_txt);
	fx_write(".", "reversed.txt", reversed_txt);
	for (size_t i = 0; i < sizeof(repos) / sizeof(repos[0]); i++)
		add_repo(i);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	world *w = *state;

	if (chdir(w->cwd) < 0)
		return -1;
	fx_rmrf(w->tmp);
	free(w->tmp);
	free(w->cwd);
	free(w);
	git_libgit2_shutdown();
	return 0;
}

/* The rows of `query` over the inventory `db`, one line each, columns
 * separated by tabs, NULL spelt out. Caller frees. */
static char *rows(const char *db, const char *query)
{
	sunset_buf b = SUNSET_BUF_INIT;
	sqlite3 *h;
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL),
			 SQLITE_OK);
	if (sqlite3_prepare_v2(h, query, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s: %s", db, query, sqlite3_errmsg(h));
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const unsigned char *t = sqlite3_column_text(st, i);
			sunset_buf_printf(&b, "%s%s", i ? "\t" : "",
					  t ? (const char *)t : "NULL");
		}
		sunset_buf_puts(&b, "\n");
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	return b.ptr ? sunset_buf_detach(&b) : sunset_strdup("");
}

static long long count(const char *db, const char *query)
{
	char *r = rows(db, query);
	long long n = atoll(r);
	free(r);
	return n;
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

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	sunset_buf b = SUNSET_BUF_INIT;
	char chunk[4096];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sunset_buf_put(&b, chunk, n);
	fclose(f);
	return b.ptr ? sunset_buf_detach(&b) : sunset_strdup("");
}

/* A.db: one scan of the whole list; sK.db: shard K of 3; B.db: the three
 * shards merged. The deleted repository makes each scan that holds it
 * exit 2, with the others scanned. */
static void scan_all(world *w)
{
	static const char *const shards[] = {"1/3", "2/3", "3/3"};
	static const char *const dbs[] = {"s1.db", "s2.db", "s3.db"};

	if (w->scanned)
		return;
	assert_int_equal(fx_run("scan", "--rules", "rules/acme.yaml",
				"--repos-from", "repos.txt", "--db", "A.db",
				NULL),
			 2);
	fx_expect_lines(fx_messages(),
			"warning: --repos-from: no repository at "
			"org/gone: No such file or directory; recorded as a "
			"repository that could not be scanned, the others are "
			"scanned");
	for (int k = 0; k < 3; k++) {
		int code = fx_run("scan", "--rules", "rules/acme.yaml",
				  "--repos-from", "repos.txt", "--shard",
				  shards[k], "--db", dbs[k], NULL);
		int gone = sunset_shard_of("org/gone", 3) == (unsigned)k + 1;
		assert_int_equal(code, gone ? 2 : 0);
		/* no shard is empty with these names: each shows something */
		assert_true(count(dbs[k],
				  "SELECT count(*) FROM "
				  "repositories WHERE error IS NULL") > 0);
	}
	assert_int_equal(
		fx_run("merge", "B.db", "s1.db", "s2.db", "s3.db", NULL), 0);
	w->scanned = 1;
}

/* What the two inventories must agree on, whichever scans hold it. */
static const char *const same[] = {
	"SELECT path, remote_url, rev, commit_id, worktree, bare, error FROM "
	"repositories ORDER BY path",
	"SELECT r.path, f.path, f.language, f.size, f.blob_id, f.skip_reason, "
	"f.parse_errors FROM files f JOIN repositories r ON r.id = "
	"f.repository_id ORDER BY 1, 2",
	"SELECT r.path, f.fingerprint, f.path, f.line, f.col, f.end_line, "
	"f.end_col, f.rule_id, f.vendor_id, f.product_id, f.capability, "
	"f.kind, f.severity, f.message, f.snippet, f.matched, f.detail, "
	"f.suppressed, f.suppressed_by, f.suppression_reason, "
	"f.suppression_expired FROM findings f JOIN repositories r ON r.id = "
	"f.repository_id ORDER BY 1, 2, 3, 4, 5, 8",
	"SELECT r.path, d.vendor_id, d.ecosystem, d.name, d.declared, "
	"d.resolved, d.manifest, d.line, d.lockfile FROM dependencies d JOIN "
	"repositories r ON r.id = d.repository_id ORDER BY 1, 4, 7, 8",
	"SELECT r.path, i.vendor_id, i.ecosystem, i.issue, i.path, i.line "
	"FROM dependency_issues i JOIN repositories r ON r.id = "
	"i.repository_id ORDER BY 1, 2, 3, 4, 5, 6",
	"SELECT r.path, s.scope, s.vendor_id, s.product_id, s.score, "
	"s.components FROM scores s JOIN repositories r ON r.id = "
	"s.repository_id ORDER BY 1, 2, 3, 4",
	"SELECT DISTINCT vendor_id, name, homepage FROM vendors ORDER BY 1",
	"SELECT DISTINCT vendor_id, product_id, name, capability, lifecycle, "
	"announced, shutdown, sources, alternatives, notes FROM products "
	"ORDER BY 1, 2",
	"SELECT DISTINCT ruleset_hash, rules, as_of FROM scan_context",
	"SELECT ruleset_hash, seq, path, content FROM rule_files ORDER BY 1, 2",
	"SELECT sum(files_total), sum(files_analysed), sum(files_skipped) FROM "
	"scans",
	"SELECT * FROM vendors_in_use ORDER BY vendor_id",
	"SELECT * FROM products_past_shutdown ORDER BY 1, 2, 3",
	"SELECT path, files_total, files_analysed, files_skipped FROM coverage "
	"ORDER BY path",
};

static void test_merged_shards_equal_one_scan(void **state)
{
	world *w = *state;

	scan_all(w);
	assert_int_equal(count("A.db", "SELECT count(*) FROM scans"), 1);
	assert_int_equal(count("B.db", "SELECT count(*) FROM scans"), 3);
	/* the comparison has something to compare in every table */
	assert_int_equal(count("A.db", "SELECT count(*) FROM repositories"), 7);
	assert_int_equal(count("A.db", "SELECT count(*) FROM repositories "
				       "WHERE error IS NOT NULL"),
			 1);
	assert_true(count("A.db", "SELECT count(*) FROM findings") >= 8);
	assert_true(count("A.db", "SELECT count(*) FROM findings WHERE "
				  "suppressed") == 1);
	assert_true(count("A.db", "SELECT count(*) FROM dependencies") == 3);
	assert_true(count("A.db", "SELECT count(*) FROM dependency_issues") >=
		    2);
	assert_true(count("A.db", "SELECT count(*) FROM scores") > 6);
	assert_true(count("A.db", "SELECT count(*) FROM "
				  "products_past_shutdown") >= 2);
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		char *a = rows("A.db", same[i]), *b = rows("B.db", same[i]);
		if (strcmp(a, b))
			fail_msg("%s\none scan:\n%s\nshards merged:\n%s",
				 same[i], a, b);
		free(a);
		free(b);
	}
}

/* Each merged scan reads back as its shard wrote it. */
static void test_merged_scans_report_as_the_shards(void **state)
{
	world *w = *state;
	char num[2] = "1", db[] = "s1.db";

	scan_all(w);
	for (int k = 1; k <= 3; k++) {
		char *shard;
		num[0] = db[1] = (char)('0' + k);
		assert_int_equal(
			fx_run("report", "--db", db, "--json", "-", NULL), 0);
		shard = sunset_strdup(fx_stdout());
		assert_true(strstr(shard, "\"type\":\"finding\"") ||
			    strstr(shard, "\"type\""));
		assert_int_equal(fx_run("report", "--db", "B.db", "--scan", num,
					"--json", "-", NULL),
				 0);
		assert_string_equal(fx_stdout(), shard);
		free(shard);
	}
}

/* The shards are disjoint and cover the list, whatever its order. */
static void test_shards_are_disjoint_and_stable(void **state)
{
	world *w = *state;
	char *fwd, *rev;

	scan_all(w);
	fwd = rows("B.db", "SELECT path, scan_id FROM repositories ORDER BY "
			   "path");
	/* each entry once, in the shard its hash names */
	assert_int_equal(count("B.db", "SELECT count(DISTINCT path) FROM "
				       "repositories"),
			 7);
	assert_int_equal(count("B.db", "SELECT count(*) FROM repositories"), 7);
	for (unsigned k = 1; k <= 3; k++) {
		char db[] = "s1.db";
		char *paths;
		db[1] = (char)('0' + k);
		paths = rows(db, "SELECT path FROM repositories");
		for (char *p = paths; *p;) {
			char *nl = strchr(p, '\n');
			*nl = '\0';
			assert_int_equal(sunset_shard_of(p, 3), k);
			p = nl + 1;
		}
		free(paths);
	}
	/* the list reversed (and without the duplicates) shards the same */
	assert_int_equal(fx_run("scan", "--rules", "rules/acme.yaml",
				"--repos-from", "reversed.txt", "--shard",
				"2/3", "--db", "r2.db", NULL),
			 sunset_shard_of("org/gone", 3) == 2 ? 2 : 0);
	rev = rows("r2.db", "SELECT path FROM repositories ORDER BY path");
	free(fwd);
	fwd = rows("s2.db", "SELECT path FROM repositories ORDER BY path");
	assert_string_equal(rev, fwd);
	free(fwd);
	free(rev);
}

/* The hash, the normal form and the K/N syntax, without a scan. */
static void test_shard_functions(void **state)
{
	static const struct {
		const char *in, *out;
	} norm[] = {
		{"a", "a"},	  {"./a//b/", "a/b"}, {"/x/./y/", "/x/y"},
		{"../a", "../a"}, {".", "."},	      {"/", "/"},
		{"a/./", "a"},
	};
	unsigned k, n, seen[8];
	(void)state;

	for (size_t i = 0; i < sizeof(norm) / sizeof(norm[0]); i++) {
		char *got = sunset_shard_normalise(norm[i].in);
		assert_string_equal(got, norm[i].out);
		free(got);
	}
	assert_int_equal(sunset_shard_of("org//a/", 7),
			 sunset_shard_of("./org/a", 7));
	/* every name in exactly one shard of 1 to N, every shard used */
	for (n = 1; n <= 8; n++) {
		memset(seen, 0, sizeof(seen));
		for (int i = 0; i < 400; i++) {
			char name[32];
			snprintf(name, sizeof(name), "repos/r%d", i);
			k = sunset_shard_of(name, n);
			assert_true(k >= 1 && k <= n);
			seen[k - 1]++;
		}
		for (k = 0; k < n; k++)
			assert_true(seen[k] > 400 / n / 2);
	}
	assert_int_equal(sunset_shard_parse(&k, &n, "2/3"), 0);
	assert_int_equal(k, 2);
	assert_int_equal(n, 3);
}

static void test_bad_shard_values(void **state)
{
	static const char *const bad[] = {"0/3", "4/3",	 "3",	     "a/b",
					  "1/0", "-1/3", "1/3x",     "",
					  "1/",	 "/3",	 "1/100001", " 1/3"};
	(void)state;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *want = sunset_asprintf(
			"error: --shard takes K/N, shard K of N "
			"with 1 <= K <= N <= 100000 (from a 0-based index "
			"I: $((I + 1))/N), not '%s'; run 'sunset --help' "
			"for usage",
			bad[i]);
		assert_int_equal(fx_run("scan", "--rules", "rules/acme.yaml",
					"--repos-from", "repos.txt", "--shard",
					bad[i], "--db", "bad.db", NULL),
				 2);
		fx_expect_lines(fx_messages(), want);
		free(want);
	}
	assert_null(slurp("bad.db"));
}

static void test_repos_from_errors(void **state)
{
	(void)state;

	assert_int_equal(fx_run("scan", "--rules", "rules/acme.yaml",
				"--repos-from", "missing.txt", "--db",
				"none.db", NULL),
			 2);
	fx_expect_lines(fx_messages(),
			"error: --repos-from missing.txt: No such file "
			"or directory; give a file with one repository path "
			"per line (- for standard input)");
	assert_null(slurp("none.db"));
	assert_int_equal(fx_run("scan", "--rules", "rules/acme.yaml",
				"--repos-from", "repos.txt", "org/alpha", NULL),
			 2);
	fx_expect_lines(fx_messages(),
			"error: --repos-from FILE names every "
			"repository to scan; put 'org/alpha' in the list "
			"instead of giving PATHs; run 'sunset --help' for "
			"usage");
	/* a NUL byte would end the path early, and name another: the list
	 * is refused, whatever line it is on; so is a list of nothing */
	{
		static const char nul_lines[] = "org/alpha\norg/al\0pha\n";
		FILE *f = fopen("nul.txt", "wb");
		assert_non_null(f);
		fwrite(nul_lines, 1, sizeof(nul_lines) - 1, f);
		fclose(f);
	}
	assert_int_equal(fx_run("scan", "--rules", "rules/acme.yaml",
				"--repos-from", "nul.txt", "--db", "none.db",
				NULL),
			 2);
	fx_expect_lines(fx_messages(),
			"error: --repos-from nul.txt:2: a NUL byte in the "
			"line; give one repository path per line, as text");
	assert_null(slurp("none.db"));
	fx_write(".", "nothing.txt", "# no repository yet\n\n");
	assert_int_equal(fx_run("scan", "--rules", "rules/acme.yaml",
				"--repos-from", "nothing.txt", "--db",
				"none.db", NULL),
			 2);
	fx_expect_lines(fx_messages(),
			"error: --repos-from nothing.txt lists no "
			"repository; give a file with one repository path per "
			"line");
	assert_null(slurp("none.db"));
	/* --shard over PATHs keeps their strictness: a bad one fails all */
	assert_int_equal(fx_run("scan", "--rules", "rules/acme.yaml", "--shard",
				"1/1", "org/alpha", "org/gone", "--db",
				"none.db", NULL),
			 2);
	assert_null(slurp("none.db"));
}

/* `--repos-from -` reads standard input (through the real binary: the
 * in-process runner has no standard input to give). */
static void test_repos_from_stdin(void **state)
{
	const char *bin = getenv("SUNSET_BIN");
	char *cmd, *got;
	(void)state;

	if (!bin)
		fail_msg("SUNSET_BIN is not set (make test sets it)");
	cmd = sunset_asprintf("printf '# two\\norg/beta\\n\\norg/delta\\n' | "
			      "'%s' scan -q --rules rules/acme.yaml "
			      "--repos-from - --db stdin.db >/dev/null",
			      bin);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	got = rows("stdin.db", "SELECT path FROM repositories ORDER BY path");
	assert_string_equal(got, "org/beta\norg/delta\n");
	free(got);
}

/* Merging into an inventory keeps its scans; merging twice adds
 * nothing; an older input adds what its schema holds. */
static void test_merge_into_an_inventory(void **state)
{
	world *w = *state;
	char *before, *after;

	scan_all(w);
	assert_int_equal(fx_run("scan", "--rules", "rules/acme.yaml", "--db",
				"C.db", "org/zeta", NULL),
			 0);
	assert_int_equal(fx_run("report", "--db", "C.db", "--json", "-", NULL),
			 0);
	before = sunset_strdup(fx_stdout());
	assert_int_equal(
		fx_run("merge", "C.db", "s1.db", "s2.db", "s3.db", NULL), 0);
	assert_int_equal(count("C.db", "SELECT count(*) FROM scans"), 4);
	assert_int_equal(fx_run("report", "--db", "C.db", "--scan", "1",
				"--json", "-", NULL),
			 0);
	assert_string_equal(fx_stdout(), before);
	free(before);

	/* the same inputs again: every scan is already there */
	before = rows("C.db", "SELECT count(*), max(id) FROM scans");
	assert_int_equal(fx_run("merge", "C.db", "B.db", "s2.db", NULL), 0);
	fx_expect_lines(fx_messages(),
			"merge: B.db: 0 scans added, 3 already there\n"
			"merge: s2.db: 0 scans added, 1 already there");
	after = rows("C.db", "SELECT count(*), max(id) FROM scans");
	assert_string_equal(after, before);
	free(before);
	free(after);

	/* an inventory of schema 3 (no stored rules) merges what it has */
	assert_int_equal(fx_run("scan", "--rules", "rules/acme.yaml", "--db",
				"old.db", "org/alpha", NULL),
			 0);
	sql("old.db", "DROP TABLE scan_warnings; DROP TABLE scan_context; "
		      "DROP TABLE rule_files; "
		      "PRAGMA user_version = 3");
	assert_int_equal(fx_run("merge", "D.db", "old.db", NULL), 0);
	assert_int_equal(count("D.db", "PRAGMA user_version"), 5);
	assert_int_equal(count("D.db", "SELECT count(*) FROM findings"),
			 count("old.db", "SELECT count(*) FROM findings"));
	assert_int_equal(count("D.db", "SELECT count(*) FROM scan_context"), 0);
	assert_int_equal(fx_run("report", "--db", "D.db", "--rules",
				"rules/acme.yaml", "--json", "-", NULL),
			 0);
}

/* A non-inventory or a newer one fails the merge and OUT stays as it
 * was (or is not created). */
static void test_merge_refuses(void **state)
{
	world *w = *state;
	scan_all(w);
	fx_write(".", "junk.db", "not a database\n");
	assert_int_equal(fx_run("scan", "--rules", "rules/acme.yaml", "--db",
				"newer.db", "org/beta", NULL),
			 0);
	sql("newer.db", "PRAGMA user_version = 99");
	assert_int_equal(fx_run("merge", "E.db", "s1.db", NULL), 0);
	fx_copy_file("E.db", "E-before.db");
	assert_int_equal(fx_run("merge", "E.db", "s2.db", "junk.db", NULL), 2);
	fx_expect_lines(fx_messages(),
			"error: junk.db is not an inventory sunset wrote "
			"(file is not a database); give a file 'sunset scan "
			"--db' wrote");
	assert_int_equal(fx_run("merge", "E.db", "s2.db", "newer.db", NULL), 2);
	fx_expect_lines(fx_messages(),
			"error: inventory newer.db has schema version 99, "
			"newer than this sunset's 5; use a newer sunset or "
			"another --db file");
	assert_int_equal(fx_run("merge", "E.db", "s2.db", "nothing.db", NULL),
			 2);
	assert_int_equal(fx_run("merge", "E.db", "E.db", NULL), 2);
	fx_expect_lines(fx_messages(), "error: merge: E.db is the "
				       "output inventory; give it once, first");
	fx_expect_same_file("E-before.db", "E.db");

	/* a newer OUT is refused as --db refuses it */
	assert_int_equal(fx_run("merge", "newer.db", "s1.db", NULL), 2);
	assert_int_equal(count("newer.db", "SELECT count(*) FROM scans"), 1);
	/* a merge that fails creates nothing */
	assert_int_equal(fx_run("merge", "F.db", "s1.db", "junk.db", NULL), 2);
	assert_null(slurp("F.db"));
	assert_int_equal(fx_run("merge", "F.db", NULL), 2);
}

/* The README's recipes: the Kubernetes YAML parses (every document) and
 * converts the 0-based index; both end in a merge. */
static void test_readme_recipes(void **state)
{
	world *w = *state;
	char *readme_path = sunset_path_join(w->cwd, "README.md");
	char *readme = slurp(readme_path), *start, *end, *doc;
	yaml_parser_t parser;
	yaml_event_t ev;
	int docs = 0, done = 0;

	assert_non_null(readme);
	start = strstr(readme, "```yaml\napiVersion: batch/v1\n");
	assert_non_null(start);
	start += strlen("```yaml\n");
	end = strstr(start, "```\n");
	assert_non_null(end);
	doc = sunset_strndup(start, (size_t)(end - start));
	assert_non_null(strstr(doc, "completionMode: Indexed"));
	assert_non_null(strstr(doc, "$((JOB_COMPLETION_INDEX + 1))"));
	assert_non_null(strstr(doc, "sunset merge "));
	assert_int_equal(yaml_parser_initialize(&parser), 1);
	yaml_parser_set_input_string(&parser, (const unsigned char *)doc,
				     strlen(doc));
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev))
			fail_msg("README Kubernetes YAML, line %zu: %s",
				 parser.problem_mark.line + 1, parser.problem);
		docs += ev.type == YAML_DOCUMENT_START_EVENT;
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	assert_int_equal(docs, 2); /* the shards, then the merge */
	start = strstr(readme, "parallel --sshlogin ");
	assert_non_null(start);
	assert_non_null(strstr(start, "--shard {}/$N"));
	assert_non_null(strstr(start, "sunset merge inventory.db shard-*.db"));
	free(doc);
	free(readme);
	free(readme_path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shard_functions),
		cmocka_unit_test(test_merged_shards_equal_one_scan),
		cmocka_unit_test(test_merged_scans_report_as_the_shards),
		cmocka_unit_test(test_shards_are_disjoint_and_stable),
		cmocka_unit_test(test_bad_shard_values),
		cmocka_unit_test(test_repos_from_errors),
		cmocka_unit_test(test_repos_from_stdin),
		cmocka_unit_test(test_merge_into_an_inventory),
		cmocka_unit_test(test_merge_refuses),
		cmocka_unit_test(test_readme_recipes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
