/* test_plan.c - the migration plan, Markdown and HTML, against golden
 * files */
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

/* The repository's temporary path varies: golden files name it REPO. */
static void name_repo(const char *path, const char *repo)
{
	char *text = slurp(path);
	sunset_buf fixed = SUNSET_BUF_INIT;
	const char *p = text, *hit;

	while ((hit = strstr(p, repo)) != NULL) {
		sunset_buf_put(&fixed, p, (size_t)(hit - p));
		sunset_buf_puts(&fixed, "REPO");
		p = hit + strlen(repo);
	}
	sunset_buf_puts(&fixed, p);
	assert_int_equal(sunset_write_file_atomic(path, fixed.ptr, fixed.len),
			 0);
	sunset_buf_free(&fixed);
	free(text);
}

static void test_plan_for_a_vendor(void **state)
{
	char *tmp = fx_tmpdir(), *repo = sunset_path_join(tmp, "acme-shop");
	char *rules = fx_fixture("engine/rules.yaml");
	char *out = sunset_path_join(tmp, "plan.md");
	char *html_out = sunset_path_join(tmp, "plan.html");
	git_repository *r;
	fx_tree *t = fx_tree_new();
	git_oid id;
	char *md, *html;

	(void)state;
	git_libgit2_init();
	setenv("SUNSET_TODAY", "2026-11-23", 1);
	r = fx_repo_init(repo, 1);
	fx_tree_add_dir(t, "plan/acme-shop");
	fx_commit(&id, r, t, "refs/heads/main", "shop");

	/* both formats from one run */
	assert_int_equal(fx_run("plan", "--vendor", "acme", "--rules", rules,
				"--markdown", out, "--html", html_out, repo,
				NULL),
			 0);
	name_repo(out, repo);
	name_repo(html_out, repo);
	golden("plan-acme.md", out);
	golden("plan-acme.html", html_out);
	/* the same plan: HTML has what Markdown has, as markup */
	html = slurp(html_out);
	assert_non_null(strstr(html, "<h1>Migration plan: leaving Acme Media"
				     "</h1>"));
	assert_non_null(strstr(html, "<td><code>REPO</code></td><td "
				     "class=\"num\">4</td>"));
	assert_non_null(strstr(html, "<strong>3.3 days</strong>"));
	assert_non_null(strstr(html, "<code>src/jobs/nightly.py</code>"));
	free(html);
	/* --html alone writes no Markdown to standard output */
	assert_int_equal(fx_run("plan", "--vendor", "acme", "--rules", rules,
				"--html", html_out, repo, NULL),
			 0);
	assert_string_equal(fx_stdout(), "");
	assert_int_equal(fx_run("plan", "--vendor", "acme", "--rules", rules,
				"--html", "-", repo, NULL),
			 0);
	assert_non_null(strstr(fx_stdout(), "<!DOCTYPE html>"));
	assert_int_equal(fx_run("plan", "--vendor", "acme", "--rules", rules,
				"--html", "-", "--markdown", "-", repo, NULL),
			 2);
	/* an unknown vendor or an unwritable file: exit 2, nothing written */
	assert_int_equal(fx_run("plan", "--vendor", "nobody", "--rules", rules,
				"--html", "-", repo, NULL),
			 2);
	assert_string_equal(fx_stdout(), "");
	assert_int_equal(fx_run("plan", "--vendor", "acme", "--rules", rules,
				"--html", "/nonexistent/dir/plan.html", repo,
				NULL),
			 2);

	/* the scattered call site is named, the adapter module too */
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
	free(html_out);
	free(out);
	free(rules);
	free(repo);
	free(tmp);
	unsetenv("SUNSET_TODAY");
	git_libgit2_shutdown();
}

/* File and repository names that are markup, quotes, backticks, pipes
 * and control bytes: escaped in the HTML plan, neutralised in code spans
 * in the Markdown one. (The only code text in a plan is a finding's
 * matched value, which the rules constrain; paths are the repository's
 * own text.) */
static void test_plan_escapes_hostile_names(void **state)
{
	static const char video[] = "import acme_media\n"
				    "acme_media.Client().videos.create("
				    "model=\"acme-vid-1\")\n";
	char *tmp = fx_tmpdir();
	char *repo = sunset_path_join(tmp, "sh`op|<b>&\"x\"");
	char *rules = fx_fixture("engine/rules.yaml");
	char *md_out = sunset_path_join(tmp, "plan.md");
	char *html_out = sunset_path_join(tmp, "plan.html");
	git_repository *r;
	fx_tree *t = fx_tree_new();
	git_oid id;
	char *md, *html;

	(void)state;
	git_libgit2_init();
	r = fx_repo_init(repo, 1);
	fx_tree_add(t, "src/<img src=x onerror=alert(1)>/video.py", video,
		    strlen(video));
	fx_tree_add(t, "src/it's \"q\" & `tick` | pipe.py", video,
		    strlen(video));
	fx_tree_add(t, "src/new\nline</code><script>x</script>.py", video,
		    strlen(video));
	fx_commit(&id, r, t, "refs/heads/main", "hostile");

	assert_int_equal(fx_run("plan", "--vendor", "acme", "--rules", rules,
				"--markdown", md_out, "--html", html_out, repo,
				NULL),
			 0);
	html = slurp(html_out);
	md = slurp(md_out);

	/* HTML: every name escaped; the page's only script is sunset's */
	assert_null(strstr(html, "<img"));
	assert_null(strstr(html, "<b>"));
	assert_null(strstr(html, "<script>x"));
	assert_null(strstr(strstr(html, "<script>") + 1, "<script"));
	assert_non_null(strstr(html, "script-src 'sha256-"));
	assert_non_null(strstr(html, "<code>src/&lt;img src=x onerror=alert(1)"
				     "&gt;/video.py:2</code>"));
	assert_non_null(strstr(html, "<code>src/it&#39;s &quot;q&quot; &amp; "
				     "`tick` | pipe.py:2</code>"));
	assert_non_null(strstr(html, "<code>src/new\\x0Aline&lt;/code&gt;"
				     "&lt;script&gt;x&lt;/script&gt;.py:2"
				     "</code>"));
	assert_non_null(strstr(html, "sh`op|&lt;b&gt;&amp;&quot;x&quot;"
				     "</code></td>"));

	/* Markdown: one code span each, whatever the name holds */
	assert_non_null(strstr(md, "- `src/it's \"q\" & 'tick' | pipe.py:2` "
				   "`acme-vid-1`\n"));
	assert_non_null(strstr(md, "`src/new\\x0Aline</code><script>x"
				   "</script>.py:2`"));
	/* in a table cell a pipe is escaped, or it would end the cell */
	assert_non_null(strstr(md, "sh'op\\|<b>&\"x\"` | 3 | 3 | 9 |\n"));

	free(md);
	free(html);
	fx_tree_free(t);
	git_repository_free(r);
	fx_rmrf(tmp);
	free(html_out);
	free(md_out);
	free(rules);
	free(repo);
	free(tmp);
	git_libgit2_shutdown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_for_a_vendor),
		cmocka_unit_test(test_plan_escapes_hostile_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
