/* test_plan.c - the migration plan, against a golden file */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "util.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	sunset_buf b = SUNSET_BUF_INIT;
	char chunk[4096];
	size_t n;

	if (!f)
		return sunset_strdup("");
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sunset_buf_put(&b, chunk, n);
	fclose(f);
	return sunset_buf_detach(&b);
}

/* Compare with fixtures/golden/NAME; on a difference show `diff -u`.
 * SUNSET_UPDATE_GOLDEN=1 rewrites the golden file instead. */
static void golden(const char *name, const char *got_path)
{
	char *want_path = sunset_asprintf("golden/%s", name);
	char *full = fx_fixture(want_path);
	char *want = slurp(full), *got = slurp(got_path);

	if (getenv("SUNSET_UPDATE_GOLDEN")) {
		assert_int_equal(
			sunset_write_file_atomic(full, got, strlen(got)), 0);
	} else if (strcmp(want, got) != 0) {
		char *cmd =
			sunset_asprintf("diff -u '%s' '%s'", full, got_path);
		if (system(cmd) < 0)
			perror("diff");
		free(cmd);
		fail_msg("%s differs from the golden file (above)", name);
	}
	free(want);
	free(got);
	free(full);
	free(want_path);
}

static void test_plan_for_a_vendor(void **state)
{
	char *tmp = fx_tmpdir(), *repo = sunset_path_join(tmp, "acme-shop");
	char *rules = fx_fixture("engine/rules.yaml");
	char *out = sunset_path_join(tmp, "plan.md");
	git_repository *r;
	fx_tree *t = fx_tree_new();
	git_oid id;
	char *md;

	(void)state;
	git_libgit2_init();
	setenv("SUNSET_TODAY", "2026-11-23", 1);
	r = fx_repo_init(repo, 1);
	fx_tree_add_dir(t, "plan/acme-shop");
	fx_commit(&id, r, t, "refs/heads/main", "shop");

	assert_int_equal(fx_run("plan", "--vendor", "acme", "--rules", rules,
				"--markdown", out, repo, NULL),
			 0);
	md = slurp(out);
	/* the repository's temporary path varies: the golden file names
	 * it REPO */
	{
		sunset_buf fixed = SUNSET_BUF_INIT;
		const char *p = md, *hit;
		while ((hit = strstr(p, repo)) != NULL) {
			sunset_buf_put(&fixed, p, (size_t)(hit - p));
			sunset_buf_puts(&fixed, "REPO");
			p = hit + strlen(repo);
		}
		sunset_buf_puts(&fixed, p);
		assert_int_equal(
			sunset_write_file_atomic(out, fixed.ptr, fixed.len), 0);
		sunset_buf_free(&fixed);
	}
	golden("plan-acme.md", out);

	/* the scattered call site is named, the adapter module too */
	free(md);
	md = slurp(out);
	assert_non_null(strstr(md, "`src/jobs/nightly.py`"));
	assert_non_null(strstr(md, "**"));
	/* a product filter and bad ids */
	assert_int_equal(fx_run("plan", "--vendor", "acme", "--product",
				"video", "--rules", rules, repo, NULL),
			 0);
	assert_non_null(strstr(fx_stdout(), "# Migration plan: leaving Acme "
					    "Media (Acme Video API)"));
	assert_null(strstr(fx_stdout(), "acme-media==1.4.0"));
	assert_int_equal(fx_run("plan", "--vendor", "nobody", "--rules", rules,
				repo, NULL),
			 2);
	assert_non_null(strstr(fx_messages(), "vendor 'nobody' is not in the "
					      "rule pack"));
	assert_int_equal(fx_run("plan", "--rules", rules, repo, NULL), 2);

	free(md);
	fx_tree_free(t);
	git_repository_free(r);
	fx_rmrf(tmp);
	free(out);
	free(rules);
	free(repo);
	free(tmp);
	unsetenv("SUNSET_TODAY");
	git_libgit2_shutdown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_for_a_vendor),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
