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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_findings_limit_in_every_output),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
