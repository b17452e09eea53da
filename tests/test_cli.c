/* test_cli.c - exit codes and messages of the command line, --version,
 * and the inventory and HTML outputs of a scan */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "util.h"

typedef struct {
	char *tmp;
	char *repo;
} world;

static int setup(void **state)
{
	world *w = calloc(1, sizeof(*w));
	git_repository *r;
	fx_tree *t = fx_tree_new();
	git_oid id;

	git_libgit2_init();
	w->tmp = fx_tmpdir();
	w->repo = sunset_path_join(w->tmp, "app");
	r = fx_repo_init(w->repo, 0);
	fx_tree_add_dir(t, "repos/app/v1");
	/* hostile names: markup, quotes, a newline, an ANSI escape, and
	 * bytes that are not UTF-8 */
	fx_tree_add(t, "web/<script>alert(1)</script>.js", "x = 1;\n", 7);
	fx_tree_add(t, "src/quote\"'&.py", "x = 1\n", 6);
	fx_tree_add(t, "src/new\nline.py", "x = 1\n", 6);
	fx_tree_add(t, "src/\x1b[31mred.py", "x = 1\n", 6);
	fx_tree_add(t, "src/bad\xff\xfe.py", "x = 1\n", 6);
	fx_tree_add(t, "src/\"q\"\n\x1b[0m\xff.py", "m = 'dall-e-3'\n", 15);
	fx_commit(&id, r, t, "refs/heads/main", "v1");
	fx_tree_free(t);
	git_repository_free(r);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	world *w = *state;
	fx_rmrf(w->tmp);
	free(w->tmp);
	free(w->repo);
	free(w);
	git_libgit2_shutdown();
	return 0;
}

static void test_bad_paths_exit_2_naming_the_path(void **state)
{
	world *w = *state;
	char *missing = sunset_path_join(w->tmp, "no-such-dir");
	char *file = sunset_path_join(w->tmp, "plain.txt");
	char *empty = sunset_path_join(w->tmp, "empty-dir");

	fx_write(w->tmp, "plain.txt", "hello\n");
	mkdir(empty, 0755);

	assert_int_equal(fx_run("scan", missing, NULL), 2);
	assert_non_null(strstr(fx_messages(), missing));
	assert_int_equal(fx_run("scan", file, NULL), 2);
	assert_non_null(strstr(fx_messages(), "not a directory"));
	assert_int_equal(fx_run("scan", empty, NULL), 2);
	assert_non_null(strstr(fx_messages(), "no git repository found"));
	/* one bad PATH among good ones: nothing is scanned */
	assert_int_equal(fx_run("scan", "--list-files", w->repo, missing, NULL),
			 2);
	assert_string_equal(fx_stdout(), "");

	free(missing);
	free(file);
	free(empty);
}

static void test_usage_errors_exit_2(void **state)
{
	world *w = *state;

	assert_int_equal(fx_run("scan", NULL), 2);
	assert_non_null(strstr(fx_messages(), "at least one PATH"));
	assert_int_equal(fx_run("scna", w->repo, NULL), 2);
	assert_non_null(strstr(fx_messages(), "unknown command 'scna'"));
	assert_int_equal(fx_run("scan", "--frobnicate", w->repo, NULL), 2);
	assert_non_null(strstr(fx_messages(), "--frobnicate"));
	assert_int_equal(
		fx_run("scan", "--max-file-size", "lots", w->repo, NULL), 2);
	assert_non_null(strstr(fx_messages(), "'lots'"));
	assert_int_equal(fx_run("scan", "--max-depth", "-3", w->repo, NULL), 2);
	assert_int_equal(
		fx_run("scan", "--rev", "no-such-branch", w->repo, NULL), 2);
	assert_non_null(strstr(fx_messages(), "'no-such-branch' not found"));
	assert_int_equal(fx_run("scan", w->repo, "--rev", NULL), 2);
	assert_int_equal(fx_run(NULL), 2);
	/* two reports on standard output would interleave */
	assert_int_equal(fx_run("scan", "--json", "-", "--format", "sarif",
				w->repo, NULL),
			 2);
	assert_non_null(strstr(fx_messages(), "only one report can go to "
					      "standard output"));
	assert_int_equal(fx_run("scan", "--cyclonedx", "-", "--format", "text",
				w->repo, NULL),
			 2);
	assert_non_null(strstr(fx_messages(), "--format text prints"));
	/* the same report named twice is one */
	assert_int_equal(fx_run("scan", "--json", "-", "--format", "json", "-q",
				w->repo, NULL),
			 0);
	assert_null(strstr(fx_messages(), "only one report"));
}

static void test_version_names_every_library_and_grammar(void **state)
{
	static const char *const expect[] = {
		"sunset ",
		"libgit2 1.",
		"tree-sitter runtime",
		"PCRE2 ",
		"SQLite 3.",
		"libyaml 0.",
		"grammar python: tree-sitter-python 0.23",
		"grammar tsx: ",
		"grammar kotlin: ",
		"grammar csharp: ",
		"grammar php: ",
		"grammar rust: ",
		"grammar yaml: ",
		"grammar toml: ",
		"(ABI 14)",
	};

	(void)state;
	assert_int_equal(fx_run("--version", NULL), 0);
	for (size_t i = 0; i < sizeof(expect) / sizeof(expect[0]); i++)
		if (!strstr(fx_stdout(), expect[i]))
			fail_msg("--version lacks '%s':\n%s", expect[i],
				 fx_stdout());
	assert_int_equal(fx_stdout_count(" (ABI 14)"), 14);
}

static long long query_int(const char *db_path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long v = -1;

	assert_int_equal(
		sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL),
		SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void test_inventory_accumulates_scans(void **state)
{
	world *w = *state;
	char *db = sunset_path_join(w->tmp, "inv.db");
	char *newer = sunset_path_join(w->tmp, "newer.db");
	sqlite3 *h;

	assert_int_equal(fx_run("scan", "--db", db, w->repo, NULL), 0);
	assert_int_equal(fx_run("scan", "--db", db, w->repo, NULL), 0);
	assert_int_equal(query_int(db, "PRAGMA user_version"), 5);
	/* findings, the catalogue of the rule pack, and the views */
	assert_int_equal(query_int(db, "SELECT count(*) FROM findings WHERE "
				       "rule_id = 'openai.dall-e.model'"),
			 2);
	assert_true(query_int(db, "SELECT count(*) FROM vendors WHERE "
				  "scan_id = 2") >= 35);
	assert_int_equal(query_int(db, "SELECT count(*) FROM products WHERE "
				       "vendor_id = 'openai' AND product_id = "
				       "'dall-e' AND shutdown = '2026-05-12' "
				       "AND scan_id = 1"),
			 1);
	assert_int_equal(query_int(db, "SELECT repositories FROM "
				       "vendors_in_use WHERE vendor_id = "
				       "'openai'"),
			 1);
	assert_true(query_int(db, "SELECT findings FROM products_past_shutdown "
				  "WHERE product_id = 'dall-e'") >= 1);
	assert_int_equal(query_int(db, "SELECT count(*) FROM scans"), 2);
	assert_int_equal(query_int(db, "SELECT count(*) FROM repositories"), 2);
	/* 19 files per scan: 13 of the fixture, 6 with hostile names */
	assert_int_equal(query_int(db, "SELECT files_total FROM scans WHERE "
				       "id = 2"),
			 19);
	assert_int_equal(query_int(db, "SELECT count(*) FROM files"), 38);
	assert_int_equal(query_int(db, "SELECT count(*) FROM files WHERE "
				       "skip_reason = 'unsupported'"),
			 8);
	assert_int_equal(query_int(db, "SELECT files_analysed FROM coverage "
				       "WHERE scan_id = 1"),
			 query_int(db, "SELECT files_analysed FROM scans WHERE "
				       "id = 1"));
	assert_int_equal(query_int(db, "SELECT length(commit_id) FROM "
				       "repositories LIMIT 1"),
			 40);

	/* a database from a newer sunset is refused and left alone */
	assert_int_equal(sqlite3_open(newer, &h), SQLITE_OK);
	assert_int_equal(
		sqlite3_exec(h, "PRAGMA user_version = 99", NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(fx_run("scan", "--db", newer, w->repo, NULL), 2);
	assert_non_null(strstr(fx_messages(), "newer than this sunset"));
	assert_int_equal(query_int(newer, "PRAGMA user_version"), 99);
	assert_int_equal(query_int(newer, "SELECT count(*) FROM "
					  "sqlite_master"),
			 0);
	/* an output in a directory that does not exist: exit 2 */
	free(newer);
	newer = sunset_path_join(w->tmp, "missing-dir/inv.db");
	assert_int_equal(fx_run("scan", "--db", newer, w->repo, NULL), 2);
	assert_non_null(strstr(fx_messages(), "missing-dir/inv.db"));
	free(newer);
	free(db);
}

/* Every table, index and view definition, in name order. */
static char *schema_of(const char *db_path)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	sunset_buf b = SUNSET_BUF_INIT;

	assert_int_equal(
		sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL),
		SQLITE_OK);
	assert_int_equal(
		sqlite3_prepare_v2(db,
				   "SELECT name, sql FROM sqlite_master "
				   "ORDER BY name",
				   -1, &st, NULL),
		SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		sunset_buf_printf(
			&b, "%s: %s\n", sqlite3_column_text(st, 0),
			sqlite3_column_text(st, 1)
				? (const char *)sqlite3_column_text(st, 1)
				: "");
	sqlite3_finalize(st);
	sqlite3_close(db);
	return sunset_buf_detach(&b);
}

static void test_interrupted_scan_leaves_the_inventory_unchanged(void **state)
{
	world *w = *state;
	char *db = sunset_path_join(w->tmp, "atomic.db");
	sqlite3 *h;

	assert_int_equal(fx_run("scan", "--db", db, w->repo, NULL), 0);
	/* the next scan fails while writing its findings */
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h,
				      "CREATE TRIGGER boom BEFORE INSERT ON "
				      "findings BEGIN SELECT RAISE(ABORT, "
				      "'disk trouble'); END;",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(fx_run("scan", "--db", db, w->repo, NULL), 2);
	assert_non_null(strstr(fx_messages(), "disk trouble"));
	/* nothing of the failed scan is left: not its scan row, not its
	 * repository, not its files */
	assert_int_equal(query_int(db, "SELECT count(*) FROM scans"), 1);
	assert_int_equal(query_int(db, "SELECT count(*) FROM repositories"), 1);
	assert_int_equal(query_int(db, "SELECT count(*) FROM files"), 19);
	free(db);
}

static void test_concurrent_scans_both_land(void **state)
{
	world *w = *state;
	char *db = sunset_path_join(w->tmp, "shared.db");
	pid_t kids[2];
	int status;

	/* the first scan creates the schema; then two at once */
	assert_int_equal(fx_run("scan", "--db", db, w->repo, NULL), 0);
	for (int i = 0; i < 2; i++) {
		kids[i] = fork();
		assert_true(kids[i] >= 0);
		if (kids[i] == 0) {
			int rc = fx_run("scan", "--db", db, w->repo, NULL);
			_exit(rc);
		}
	}
	for (int i = 0; i < 2; i++) {
		assert_int_equal(waitpid(kids[i], &status, 0), kids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(query_int(db, "SELECT count(*) FROM scans"), 3);
	assert_int_equal(query_int(db, "SELECT count(DISTINCT r.scan_id) FROM "
				       "findings f JOIN repositories r ON "
				       "r.id = f.repository_id"),
			 3);
	assert_int_equal(query_int(db, "SELECT count(*) FROM "
				       "pragma_integrity_check WHERE "
				       "integrity_check = 'ok'"),
			 1);
	free(db);
}

static void test_inventory_migrates_version_1_forward(void **state)
{
	world *w = *state;
	char *fresh = sunset_path_join(w->tmp, "fresh.db");
	char *old = sunset_path_join(w->tmp, "v1.db");
	char *a, *b;
	sqlite3 *h;

	assert_int_equal(fx_run("scan", "--db", fresh, w->repo, NULL), 0);
	assert_int_equal(fx_run("scan", "--db", old, w->repo, NULL), 0);
	/* take v1.db back to schema version 1: what versions 2 to 5 added
	 * goes */
	assert_int_equal(sqlite3_open(old, &h), SQLITE_OK);
	assert_int_equal(
		sqlite3_exec(h,
			     "DROP TABLE scan_warnings;"
			     "DROP TABLE scan_context; DROP TABLE rule_files;"
			     "DROP VIEW repository_score_trend;"
			     "DROP TABLE scores;"
			     "DROP VIEW products_past_shutdown;"
			     "DROP VIEW vendors_in_use;"
			     "DROP VIEW latest_repositories;"
			     "DROP TABLE dependency_issues;"
			     "DROP TABLE dependencies; DROP TABLE findings;"
			     "DROP TABLE products; DROP TABLE vendors;"
			     "PRAGMA user_version = 1;",
			     NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(query_int(old, "SELECT count(*) FROM scans"), 1);
	/* the next scan migrates it and keeps the old scan */
	assert_int_equal(fx_run("scan", "--db", old, w->repo, NULL), 0);
	assert_int_equal(query_int(old, "PRAGMA user_version"), 5);
	assert_int_equal(query_int(old, "SELECT count(*) FROM scans"), 2);
	a = schema_of(fresh);
	b = schema_of(old);
	assert_string_equal(a, b);
	free(a);
	free(b);
	free(fresh);
	free(old);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	sunset_buf b = SUNSET_BUF_INIT;
	char chunk[4096];
	size_t n;

	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sunset_buf_put(&b, chunk, n);
	fclose(f);
	return sunset_buf_detach(&b);
}

static void test_html_escapes_hostile_names(void **state)
{
	world *w = *state;
	char *html_path = sunset_path_join(w->tmp, "report.html");
	char *html;

	assert_int_equal(fx_run("scan", "--html", html_path, w->repo, NULL), 0);
	html = slurp(html_path);
	assert_non_null(strstr(html, "Content-Security-Policy"));
	assert_non_null(strstr(html, "default-src 'none'"));
	/* one script element, sunset's own (test_html.c checks it against
	 * the policy's hash) */
	assert_non_null(strstr(html, "<script>"));
	assert_null(strstr(strstr(html, "<script") + 1, "<script"));
	assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(html, "quote&quot;&#39;&amp;.py"));
	assert_null(strstr(html, "\x1b"));
	assert_null(strstr(html, "\xff"));
	assert_non_null(strstr(html, "new\xEF\xBF\xBDline.py"));
	assert_non_null(strstr(html, "scanned 15 of 19 files"));
	/* findings by vendor, with the product's lifecycle, escaped */
	assert_non_null(strstr(html, "<h4>OpenAI</h4>"));
	assert_non_null(strstr(html, "openai/dall-e<br><span class=\"muted\">"
				     "image, discontinued 2026-05-12</span>"));
	assert_non_null(strstr(html, "<code>src/&quot;q&quot;\xEF\xBF\xBD"));
	assert_non_null(strstr(html, "<code>m = &#39;dall-e-3&#39;</code>"));
	/* the product past its shutdown date is listed as such */
	assert_non_null(strstr(html, "2026-05-12 (past)"));
	/* risk scores with their components; one repository: no
	 * organisation view */
	assert_non_null(strstr(html, "<h2>Risk scores</h2>"));
	/* charts drawn inline: SVG markup, no image fetched */
	assert_non_null(strstr(html, "<h2>Findings per vendor</h2>\n<svg"));
	assert_non_null(strstr(html, "<title>lifecycle 40</title>"));
	assert_non_null(strstr(html, "lifecycle 40, spread"));
	assert_null(strstr(html, "Organisation:"));
	/* no request to any other host: URLs appear only as escaped text */
	assert_null(strstr(html, "src="));
	assert_null(strstr(html, "href="));
	assert_null(strstr(html, "url("));
	assert_null(strstr(html, "@import"));
	assert_null(strstr(html, "<link"));
	free(html);
	free(html_path);
}

static void test_json_lines_escape_everything(void **state)
{
	world *w = *state;
	char *path = sunset_path_join(w->tmp, "findings.jsonl");
	char *json;
	const char *line;

	assert_int_equal(fx_run("scan", "--json", path, w->repo, NULL), 0);
	json = slurp(path);
	/* the hostile path, escaped: quote, newline, ESC, invalid byte */
	line = strstr(json,
		      "\"path\":\"src/\\\"q\\\"\\n\\u001b[0m\\ufffd.py\"");
	if (!line)
		fail_msg("escaped path not found in:\n%s", json);
	assert_non_null(strstr(json, "\"rule\":\"openai.dall-e.model\""));
	assert_non_null(strstr(json, "\"capability\":\"image\""));
	assert_non_null(strstr(json, "\"suppressed\":false"));
	/* one object per line, nothing raw that breaks a line */
	for (const char *p = json; *p; p++)
		assert_true((unsigned char)*p >= 0x20 || *p == '\n');
	assert_null(strstr(json, "\xff"));
	/* to standard output, replacing the text listing */
	assert_int_equal(fx_run("scan", "--json", "-", w->repo, NULL), 0);
	assert_int_equal(fx_stdout()[0], '{');
	assert_int_equal(fx_run("scan", "--format", "json", w->repo, NULL), 0);
	assert_int_equal(fx_stdout()[0], '{');
	assert_int_equal(fx_run("scan", "--format", "sarif", w->repo, NULL), 0);
	assert_non_null(strstr(fx_stdout(), "\"version\":\"2.1.0\""));
	assert_int_equal(fx_run("scan", "--format", "text", w->repo, NULL), 0);
	assert_non_null(strstr(fx_stdout(), "openai.dall-e.model ["));
	assert_int_equal(fx_run("scan", "--format", "xml", w->repo, NULL), 2);
	assert_non_null(strstr(fx_messages(), "--format takes text, json or "
					      "sarif, not 'xml'"));
	free(json);
	free(path);
}

static void test_html_organisation_view(void **state)
{
	world *w = *state;
	char *other = sunset_path_join(w->tmp, "other");
	char *html_path = sunset_path_join(w->tmp, "org.html");
	git_repository *r = fx_repo_init(other, 1);
	fx_tree *t = fx_tree_new();
	git_oid id;
	char *html;

	fx_tree_add(t, "poster.py", "MODEL = 'dall-e-3'\n", 19);
	fx_commit(&id, r, t, "refs/heads/main", "one");
	assert_int_equal(
		fx_run("scan", "--html", html_path, w->repo, other, NULL), 0);
	html = slurp(html_path);
	assert_non_null(strstr(html, "<h2>Organisation: 2 repositories</h2>"));
	/* OpenAI is used in both */
	assert_non_null(strstr(html, "<tr><td>OpenAI</td><td class=\"num\">2"
				     "</td>"));
	free(html);
	fx_tree_free(t);
	git_repository_free(r);
	free(html_path);
	free(other);
}

static void test_list_files_escapes_terminal_controls(void **state)
{
	world *w = *state;

	assert_int_equal(fx_run("scan", "--list-files", w->repo, NULL), 0);
	assert_null(strstr(fx_stdout(), "\x1b"));
	assert_non_null(strstr(fx_stdout(), "src/\\x1B[31mred.py"));
	assert_non_null(strstr(fx_stdout(), "src/new\\x0Aline.py"));
	assert_non_null(strstr(fx_stdout(), "src/bad\\xFF\\xFE.py"));
}

static void expect_in(const char *what, const char *text, const char *needle)
{
	if (!strstr(text, needle))
		fail_msg("%s: no '%s' in:\n%s", what, needle, text);
}

/* A repository whose directory name, file path, source line and
 * suppression reasons (inline and .sunsetignore) are made to drive a
 * terminal: the text listing, the summary, the warnings and `report`
 * (listing and --list) show all of it escaped. */
static void test_terminal_outputs_escape_hostile_text(void **state)
{
	world *w = *state;
	/* no CR in file content: a lone CR ends a line there */
	static const char evil[] = "\x1b]0;pwned\x07\x1b[31mred\xe2\x80\xae";
	static const char shown[] = "\\x1B]0;pwned\\x07\\x1B[31mred\\u202E";
	char *dir = sunset_path_join(w->tmp, "org/" FX_HOSTILE);
	char *db = sunset_path_join(w->tmp, "hostile.db");
	char *src, *ignore, *stored;
	git_repository *r = fx_repo_init(dir, 1);
	fx_tree *t = fx_tree_new();
	git_oid id;

	src = sunset_asprintf("m = 'dall-e-3'  # %s\n"
			      "v = 'sora-2'  # sunset:ignore -- %s\n"
			      "\n"
			      "w = 'sora-2'  # sunset:ignore\n",
			      evil, evil);
	fx_tree_add(t, "src/" FX_HOSTILE ".py", src, strlen(src));
	fx_tree_add(t, "lib/b.py", "m = 'dall-e-3'\n", 15);
	/* YAML takes no raw controls; its escapes make the same text */
	ignore = sunset_strdup(
		"- rule: openai.dall-e.model\n"
		"  path: src/**\n"
		"  reason: \"\\e]0;pwned\\a\\e[31mred\\u202e\"\n");
	fx_tree_add(t, ".sunsetignore", ignore, strlen(ignore));
	fx_commit(&id, r, t, "refs/heads/main", "hostile");

	assert_int_equal(fx_run("scan", "--no-cache", "--format", "text",
				"--db", db, dir, NULL),
			 0);
	fx_expect_inert("scan --format text", fx_stdout());
	fx_expect_inert("scan's messages", fx_messages());
	/* the path and the directory, the source line, both reasons */
	expect_in("listing", fx_stdout(),
		  "org/" FX_HOSTILE_SHOWN "/src/" FX_HOSTILE_SHOWN ".py:1:");
	expect_in("listing", fx_stdout(), shown);
	expect_in("listing", fx_stdout(), "suppressed (inline: ");
	expect_in("listing", fx_stdout(), ".sunsetignore:1: ");
	expect_in("scores", fx_stdout(), "risk: ");
	/* the warning about a reasonless suppression names the file */
	expect_in("warnings", fx_messages(),
		  "src/" FX_HOSTILE_SHOWN ".py:4: sunset:ignore");
	stored = sunset_strdup(fx_stdout());

	assert_int_equal(fx_run("scan", "--no-cache", dir, NULL), 0);
	fx_expect_inert("scan's summary", fx_stdout());
	expect_in("summary", fx_stdout(), FX_HOSTILE_SHOWN);

	assert_int_equal(fx_run("report", "--db", db, "--list", NULL), 0);
	fx_expect_inert("report --list", fx_stdout());
	expect_in("report --list", fx_stdout(), "org/" FX_HOSTILE_SHOWN);
	assert_int_equal(fx_run("report", "--db", db, "--format", "text", NULL),
			 0);
	assert_string_equal(fx_stdout(), stored);

	free(stored);
	free(ignore);
	free(src);
	fx_tree_free(t);
	git_repository_free(r);
	free(db);
	free(dir);
}

/* dump prints a tree of any depth (a cursor walk, not recursion), and
 * reads no more than --max-file-size of any file: /dev/zero never ends */
static void test_dump_deep_trees_and_endless_files(void **state)
{
	world *w = *state;
	char *deep = sunset_path_join(w->tmp, "deep.json");
	char *big = sunset_path_join(w->tmp, "big.py");
	sunset_buf b = SUNSET_BUF_INIT;
	FILE *f;

	for (int i = 0; i < 1 << 20; i++)
		sunset_buf_put(&b, "[", 1);
	for (int i = 0; i < 1 << 20; i++)
		sunset_buf_put(&b, "]", 1);
	f = fopen(deep, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b.ptr, 1, b.len, f), b.len);
	fclose(f);
	assert_int_equal(fx_run("dump", "--tree", deep, NULL), 0);
	assert_int_equal(strncmp(fx_stdout(), "(document (array (array", 23),
			 0);
	assert_int_equal(fx_stdout_count("(array)))))"), 1);

	/* a file over the limit is refused before it is read */
	b.len = 0;
	while (b.len < 4096)
		sunset_buf_puts(&b, "x = 'dall-e-3'\n");
	f = fopen(big, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b.ptr, 1, b.len, f), b.len);
	fclose(f);
	assert_int_equal(fx_run("dump", "--max-file-size", "1K", big, NULL), 2);
	assert_non_null(strstr(fx_messages(),
			       "over the --max-file-size limit "
			       "of 1024; raise --max-file-size"));
	assert_int_equal(fx_run("dump", "--max-file-size", "8K", big, NULL), 0);
	assert_non_null(strstr(fx_stdout(), "dall-e-3"));
	/* a device that never ends is read up to the limit, then refused */
	assert_int_equal(fx_run("dump", "--lang", "python", "/dev/zero", NULL),
			 2);
	assert_non_null(strstr(fx_messages(),
			       "/dev/zero holds more than the --max-file-size "
			       "limit of 2097152 bytes"));
	assert_int_equal(
		fx_run("dump", "--max-file-size", "lots", "/dev/zero", NULL),
		2);
	sunset_buf_free(&b);
	free(deep);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_paths_exit_2_naming_the_path),
		cmocka_unit_test(test_usage_errors_exit_2),
		cmocka_unit_test(test_version_names_every_library_and_grammar),
		cmocka_unit_test(test_inventory_accumulates_scans),
		cmocka_unit_test(test_inventory_migrates_version_1_forward),
		cmocka_unit_test(
			test_interrupted_scan_leaves_the_inventory_unchanged),
		cmocka_unit_test(test_concurrent_scans_both_land),
		cmocka_unit_test(test_html_escapes_hostile_names),
		cmocka_unit_test(test_json_lines_escape_everything),
		cmocka_unit_test(test_html_organisation_view),
		cmocka_unit_test(test_list_files_escapes_terminal_controls),
		cmocka_unit_test(test_terminal_outputs_escape_hostile_text),
		cmocka_unit_test(test_dump_deep_trees_and_endless_files),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
