/* test_limits.c - a limit hit is a warning in every output: the
 * terminal, JSON Lines, SARIF, the HTML report and the inventory (and a
 * stored scan rendered again) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "helpers.h"
#include "util.h"

#define SARIF_SCHEMA                                      \
	"node_modules/@microsoft/jest-sarif/lib/schemas/" \
	"sarif-2.1.0-rtm.5.json"

static int count(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = s; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void test_findings_limit_in_every_output(void **state)
{
	char *tmp = fx_tmpdir();
	char *repo = sunset_path_join(tmp, "r");
	char *rules = fx_fixture("../rules/vendors");
	git_repository *r;
	fx_tree *t = fx_tree_new();
	sunset_buf big = SUNSET_BUF_INIT;
	git_oid id;
	char *p[5], *text;
	static const char *const names[] = {
		"out.jsonl", "out.sarif", "out.html", "inv.db", "again.jsonl"};

	(void)state;
	git_libgit2_init();
	for (int i = 0; i < SUNSET_MAX_FINDINGS_PER_FILE + 200; i++)
		sunset_buf_printf(&big, "m%d = 'dall-e-3'\n", i);
	r = fx_repo_init(repo, 1);
	fx_tree_add(t, "gen/<script>models.py", big.ptr, big.len);
	fx_tree_add(t, "app.py", "m = 'sora-2'\n", 13);
	fx_commit(&id, r, t, "refs/heads/main", "many");
	for (int i = 0; i < 5; i++)
		p[i] = sunset_path_join(tmp, names[i]);

	assert_int_equal(fx_run("scan", "--no-cache", "--rules", rules,
				"--json", p[0], "--sarif", p[1], "--html", p[2],
				"--db", p[3], repo, NULL),
			 0);
	/* the terminal */
	assert_non_null(strstr(fx_messages(), "gen/<script>models.py: 1200 "
					      "findings in one file; the "
					      "first 1000 are kept"));
	/* JSON Lines: 1000 of them, and the warning */
	text = fx_slurp(p[0]);
	assert_int_equal(count(text, "\"path\":\"gen/<script>models.py\""),
			 SUNSET_MAX_FINDINGS_PER_FILE);
	assert_int_equal(count(text, "{\"type\":\"warning\""), 1);
	assert_non_null(strstr(text, "the first 1000 are kept (the per-file "
				     "limit)\"}"));
	free(text);
	{
		char *cmd = sunset_asprintf("python3 tests/check_jsonl.py '%s' "
					    ">/dev/null 2>&1",
					    p[0]);
		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
	/* SARIF: a notification of the run, still valid */
	text = fx_slurp(p[1]);
	assert_non_null(strstr(text, "\"toolExecutionNotifications\":[{"
				     "\"level\":\"warning\""));
	free(text);
	{
		char *cmd = sunset_asprintf("python3 tests/validate_sarif.py "
					    "'%s' '%s' >/dev/null 2>&1",
					    SARIF_SCHEMA, p[1]);
		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
	/* HTML: listed, escaped */
	text = fx_slurp(p[2]);
	assert_non_null(strstr(text, "<li>gen/&lt;script&gt;models.py: 1200 "
				     "findings in one file"));
	assert_null(strstr(text, "<script>models"));
	free(text);
	/* the inventory keeps it: the stored scan renders the same */
	assert_int_equal(fx_run("report", "--db", p[3], "--json", p[4], NULL),
			 0);
	{
		char *a = fx_slurp(p[0]), *b = fx_slurp(p[4]);
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
	for (int i = 0; i < 5; i++)
		free(p[i]);
	sunset_buf_free(&big);
	fx_tree_free(t);
	git_repository_free(r);
	fx_rmrf(tmp);
	free(repo);
	free(rules);
	free(tmp);
	git_libgit2_shutdown();
}

#if defined(__SANITIZE_ADDRESS__)
#define RSS_BOUND_KB (1200 * 1024L)
#else
#define RSS_BOUND_KB (400 * 1024L)
#endif

/* Generic calls never closed: tree-sitter-typescript keeps every
 * reading open, about 1.2 KB per byte. */
#define HOSTILE_LINE "f<a>(f<a>(f<a>(f<a>(f<a>(f<a>(f<a>(f<a>(\n"

/* A file whose parse needs more memory than --max-parse-memory is
 * skipped, with a warning in every output; files that need less are
 * parsed even when together they need more (they take turns). Which is
 * which depends on the files, not the workers: -j 1 and -j 4 write the
 * same bytes. The scan's memory stays near the limit. */
static void test_parse_memory_limit(void **state)
{
	char *tmp = fx_tmpdir();
	char *repo = sunset_path_join(tmp, "r");
	char *rules = fx_fixture("../rules/vendors");
	char *out = sunset_path_join(tmp, "out.txt");
	char *err = sunset_path_join(tmp, "err.txt");
	char *jsonl[2], *db[2];
	const char *jobs[2] = {"1", "4"};
	git_repository *r;
	fx_tree *t = fx_tree_new();
	sunset_buf b = SUNSET_BUF_INIT;
	git_oid id;
	long rss[2];

	(void)state;
	git_libgit2_init();
	r = fx_repo_init(repo, 1);
	/* 1.5 MB of them: some 1.8 GB */
	sunset_buf_puts(&b, "import OpenAI from \"openai\";\nlet x = ");
	while (b.len < 3 << 19)
		sunset_buf_puts(&b, HOSTILE_LINE);
	fx_tree_add(t, "gen/generics.ts", b.ptr, b.len);
	/* the same after 400 KB of plain code: over the limit later, so
	 * with workers its warning is printed after the other's */
	b.len = 0;
	sunset_buf_puts(&b, "import OpenAI from \"openai\";\n");
	while (b.len < 400 << 10)
		sunset_buf_puts(&b,
				"export const total = price * count + 1;\n");
	sunset_buf_puts(&b, "let x = ");
	while (b.len < 3 << 19)
		sunset_buf_puts(&b, HOSTILE_LINE);
	fx_tree_add(t, "gen/a.ts", b.ptr, b.len);
	/* four files of some 40 MB each: any two at once need more */
	for (int i = 0; i < 4; i++) {
		char path[32];
		b.len = 0;
		sunset_buf_puts(&b, "import openai\n");
		for (int k = 0; k < 50000; k++)
			sunset_buf_puts(&b, "x = 1\n");
		sunset_buf_printf(&b, "m%d = 'dall-e-3'\n", i);
		snprintf(path, sizeof(path), "src/mod%d.py", i);
		fx_tree_add(t, path, b.ptr, b.len);
	}
	fx_tree_add(t, "app.py", "m = 'sora-2'\n", 13);
	fx_commit(&id, r, t, "refs/heads/main", "hungry");
	for (int j = 0; j < 2; j++) {
		fx_child c = {out, err, 0, 0, 0};
		const char *args[] = {"scan",
				      "--no-cache",
				      "-j",
				      jobs[j],
				      "--rules",
				      rules,
				      "--max-parse-memory",
				      "64M",
				      "--json",
				      NULL,
				      "--db",
				      NULL,
				      repo,
				      NULL};
		jsonl[j] = sunset_asprintf("%s/out-%s.jsonl", tmp, jobs[j]);
		db[j] = sunset_asprintf("%s/inv-%s.db", tmp, jobs[j]);
		args[9] = jsonl[j];
		args[11] = db[j];
		assert_int_equal(fx_run_child(args, &c), 0);
		rss[j] = c.max_rss_kb;
		{
			char *text = fx_slurp(err);
			if (!strstr(text,
				    "gen/generics.ts: parsing needed more "
				    "than 67108864 bytes of memory in "
				    "repository ") ||
			    !strstr(text, "file skipped (raise "
					  "--max-parse-memory)") ||
			    !strstr(text, "too-much-memory: 2"))
				fail_msg("no warning, or not counted:\n%s",
					 text);
			free(text);
		}
		/* 64 MB of trees and the rest of sunset: far below the
		 * gigabytes the file would take (AddressSanitizer gives
		 * each block a red zone, and keeps 256 MB freed) */
		if (rss[j] > RSS_BOUND_KB)
			fail_msg("-j %s: %ld KB resident at the peak", jobs[j],
				 rss[j]);
	}
	{
		char *one = fx_slurp(jsonl[0]), *four = fx_slurp(jsonl[1]);
		assert_string_equal(one, four);
		/* the skipped file is a warning; the others' findings are
		 * there */
		assert_int_equal(count(one, "{\"type\":\"warning\""), 2);
		/* in the order of the files, whatever printed first */
		assert_true(strstr(one, "\"message\":\"gen/a.ts: ") <
			    strstr(one, "\"message\":\"gen/generics.ts: "));
		assert_null(strstr(one, "\"path\":\"gen/generics.ts\""));
		for (int i = 0; i < 4; i++) {
			char want[64];
			snprintf(want, sizeof(want),
				 "\"path\":\"src/mod%d.py\"", i);
			assert_non_null(strstr(one, want));
		}
		free(one);
		free(four);
	}
	/* the inventory records the file's status */
	assert_int_equal(
		fx_run("report", "--db", db[0], "--format", "text", NULL), 0);
	for (int j = 0; j < 2; j++) {
		free(jsonl[j]);
		free(db[j]);
	}
	sunset_buf_free(&b);
	fx_tree_free(t);
	git_repository_free(r);
	fx_rmrf(tmp);
	free(repo);
	free(rules);
	free(out);
	free(err);
	free(tmp);
	git_libgit2_shutdown();
}

/* A node of 65,536 children or more (comments in a row) is more than
 * the tree-sitter runtime holds: it lost what followed (a vendor's call
 * there was never seen) and deleting the tree corrupted the heap, so the
 * scan crashed. Now the file is skipped as too-wide, with a warning.
 * The block the runtime would free inside of is leaked on purpose: no
 * leak check in the child. */
static void test_too_wide_is_skipped(void **state)
{
	char *tmp = fx_tmpdir();
	char *repo = sunset_path_join(tmp, "r");
	char *rules = fx_fixture("../rules/vendors");
	char *out = sunset_path_join(tmp, "out.txt");
	char *err = sunset_path_join(tmp, "err.txt");
	char *jsonl = sunset_path_join(tmp, "out.jsonl");
	const char *args[] = {"scan",	"--no-cache", "--rules", rules,
			      "--json", jsonl,	      repo,	 NULL};
	git_repository *r;
	fx_tree *t = fx_tree_new();
	sunset_buf b = SUNSET_BUF_INIT;
	git_oid id;
	char *text;
	fx_child c = {out, err, 0, 1, 0};

	(void)state;
	git_libgit2_init();
	r = fx_repo_init(repo, 1);
	sunset_buf_puts(&b, "import openai\n");
	for (int i = 0; i < 70000; i++)
		sunset_buf_puts(&b, "#\n");
	sunset_buf_puts(&b, "m = 'sora-2'\n");
	fx_tree_add(t, "src/wide.py", b.ptr, b.len);
	fx_tree_add(t, "app.py", "m = 'dall-e-3'\n", 15);
	fx_commit(&id, r, t, "refs/heads/main", "wide");
	assert_int_equal(fx_run_child(args, &c), 0);
	text = fx_slurp(err);
	if (!strstr(text, "src/wide.py: a syntax node of 65,536 children or "
			  "more") ||
	    !strstr(text, "too-wide: 1"))
		fail_msg("no warning, or not counted:\n%s", text);
	free(text);
	text = fx_slurp(jsonl);
	assert_int_equal(count(text, "{\"type\":\"warning\""), 1);
	assert_non_null(strstr(text, "\"path\":\"app.py\""));
	assert_null(strstr(text, "\"path\":\"src/wide.py\""));
	free(text);
	sunset_buf_free(&b);
	fx_tree_free(t);
	git_repository_free(r);
	fx_rmrf(tmp);
	free(repo);
	free(rules);
	free(out);
	free(err);
	free(jsonl);
	free(tmp);
	git_libgit2_shutdown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_findings_limit_in_every_output),
		cmocka_unit_test(test_parse_memory_limit),
		cmocka_unit_test(test_too_wide_is_skipped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
