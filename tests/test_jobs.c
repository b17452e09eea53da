/* test_jobs.c - workers (-j): the same findings, records and order
 * whatever their number, and bad values refused */
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

typedef struct {
	char *text, *jsonl, *sarif, *files;
} outputs;

/* Scan the corpus with `jobs` workers: every finding listed, JSON Lines,
 * SARIF, and (separately) every file's record. */
static outputs scan(const char *tmp, const char *org, const char *jobs)
{
	char *rules = fx_fixture("../rules/vendors");
	char *jsonl = sunset_path_join(tmp, "out.jsonl");
	char *sarif = sunset_path_join(tmp, "out.sarif");
	outputs o;

	assert_int_equal(fx_run("scan", "-j", jobs, "--no-cache", "--rules",
				rules, "--format", "text", "--json", jsonl,
				"--sarif", sarif, "--all-capabilities", org,
				NULL),
			 0);
	o.text = sunset_strdup(fx_stdout());
	o.jsonl = fx_slurp(jsonl);
	o.sarif = fx_slurp(sarif);
	assert_int_equal(fx_run("scan", "-j", jobs, "--no-cache", "--rules",
				rules, "--list-files", org, NULL),
			 0);
	o.files = sunset_strdup(fx_stdout());
	free(rules);
	free(jsonl);
	free(sarif);
	return o;
}

static void outputs_free(outputs *o)
{
	free(o->text);
	free(o->jsonl);
	free(o->sarif);
	free(o->files);
}

static void test_same_output_whatever_the_workers(void **state)
{
	char *tmp = fx_tmpdir();
	char *org;
	outputs one, many, more;

	(void)state;
	git_libgit2_init();
	org = fx_corpus_org(tmp);
	one = scan(tmp, org, "1");
	many = scan(tmp, org, "3");
	more = scan(tmp, org, "16");
	assert_true(strlen(one.jsonl) > 1000);
	assert_true(strlen(one.files) > 1000);
	assert_string_equal(one.text, many.text);
	assert_string_equal(one.jsonl, many.jsonl);
	assert_string_equal(one.sarif, many.sarif);
	assert_string_equal(one.files, many.files);
	assert_string_equal(one.text, more.text);
	assert_string_equal(one.jsonl, more.jsonl);
	assert_string_equal(one.sarif, more.sarif);
	assert_string_equal(one.files, more.files);
	outputs_free(&one);
	outputs_free(&many);
	outputs_free(&more);
	fx_rmrf(tmp);
	free(org);
	free(tmp);
	git_libgit2_shutdown();
}

/* Warnings go into the reports in the order of their files, whichever
 * worker printed first: here the later file's, a line long, is printed
 * while the earlier file, 30,000 lines, is still being parsed. */
static void test_warnings_in_file_order(void **state)
{
	char *tmp = fx_tmpdir();
	char *repo = sunset_path_join(tmp, "r");
	char *rules = fx_fixture("../rules/vendors");
	char *jsonl = sunset_path_join(tmp, "out.jsonl");
	const char *warning = "m = 'dall-e-3'  # sunset:ignore\n";
	char *out[2];
	const char *jobs[2] = {"1", "4"};
	git_repository *r;
	fx_tree *t = fx_tree_new();
	sunset_buf slow = SUNSET_BUF_INIT;
	git_oid id;

	(void)state;
	git_libgit2_init();
	r = fx_repo_init(repo, 1);
	sunset_buf_puts(&slow, "import openai\n");
	for (int i = 0; i < 30000; i++)
		sunset_buf_puts(&slow, "x = [1, 2, 3, 4, 5, 6, 7, 8]\n");
	sunset_buf_puts(&slow, warning);
	fx_tree_add(t, "a/slow.py", slow.ptr, slow.len);
	fx_tree_add(t, "b/fast.py", warning, strlen(warning));
	fx_commit(&id, r, t, "refs/heads/main", "warnings");
	for (int j = 0; j < 2; j++) {
		assert_int_equal(fx_run("scan", "-j", jobs[j], "--no-cache",
					"--rules", rules, "--json", jsonl, repo,
					NULL),
				 0);
		out[j] = fx_slurp(jsonl);
	}
	assert_non_null(strstr(out[0], "a/slow.py:30002: sunset:ignore"));
	assert_true(strstr(out[0], "a/slow.py:30002") <
		    strstr(out[0], "b/fast.py:1"));
	assert_string_equal(out[0], out[1]);
	free(out[0]);
	free(out[1]);
	sunset_buf_free(&slow);
	fx_tree_free(t);
	git_repository_free(r);
	fx_rmrf(tmp);
	free(repo);
	free(rules);
	free(jsonl);
	free(tmp);
	git_libgit2_shutdown();
}

/* With a cache, many workers write it at once: the warm scan answers
 * everything from it and matches. */
static void test_workers_share_the_cache(void **state)
{
	char *tmp = fx_tmpdir();
	char *rules = fx_fixture("../rules/vendors");
	char *cache, *org, *cold, *warm;

	(void)state;
	git_libgit2_init();
	org = fx_corpus_org(tmp);
	cache = sunset_path_join(tmp, "cache.db");
	assert_int_equal(fx_run("scan", "-j", "8", "--cache", cache, "--rules",
				rules, "--format", "json", org, NULL),
			 0);
	cold = sunset_strdup(fx_stdout());
	assert_non_null(strstr(fx_messages(), "cache: 0 hits, "));
	assert_int_equal(fx_run("scan", "-j", "8", "--cache", cache, "--rules",
				rules, "--format", "json", org, NULL),
			 0);
	warm = sunset_strdup(fx_stdout());
	assert_non_null(strstr(fx_messages(), " 0 misses"));
	assert_string_equal(cold, warm);
	free(cold);
	free(warm);
	fx_rmrf(tmp);
	free(cache);
	free(org);
	free(rules);
	free(tmp);
	git_libgit2_shutdown();
}

/* The progress line shows on a terminal (script(1) gives the scan one),
 * and never otherwise or with --quiet. */
static void test_progress_on_a_terminal_only(void **state)
{
	const char *bin = getenv("SUNSET_BIN");
	char *tmp = fx_tmpdir();
	char *org, *cmd, *out;
	int pty;

	(void)state;
	if (!bin)
		fail_msg("SUNSET_BIN is not set (make test sets it)");
	git_libgit2_init();
	org = fx_corpus_org(tmp);
	/* not a terminal: silent */
	cmd = sunset_asprintf("cd '%s' && '%s' scan --no-cache org >pipe.txt "
			      "2>&1",
			      tmp, bin);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	cmd = sunset_path_join(tmp, "pipe.txt");
	out = fx_slurp(cmd);
	assert_null(strstr(out, "files/s"));
	assert_non_null(strstr(out, "scanned "));
	free(out);
	free(cmd);
	/* a terminal, from script(1), where a pseudo-terminal can be had (a
	 * bare chroot may have no /dev/pts) */
	pty = system("script -qec true /dev/null >/dev/null 2>&1") == 0;
	if (!pty) {
		printf("progress: no pseudo-terminal here; the terminal half "
		       "is not run\n");
	} else {
		cmd = sunset_asprintf("cd '%s' && script -qec \"'%s' scan "
				      "--no-cache -j 2 org\" /dev/null "
				      ">tty.txt 2>&1 && script -qec \"'%s' "
				      "scan -q --no-cache org\" /dev/null "
				      ">quiet.txt 2>&1",
				      tmp, bin, bin);
		assert_int_equal(system(cmd), 0);
		free(cmd);
		cmd = sunset_path_join(tmp, "tty.txt");
		out = fx_slurp(cmd);
		assert_non_null(strstr(out, " files/s, "));
		free(out);
		free(cmd);
		cmd = sunset_path_join(tmp, "quiet.txt");
		out = fx_slurp(cmd);
		assert_null(strstr(out, "files/s"));
		free(out);
		free(cmd);
	}
	fx_rmrf(tmp);
	free(org);
	free(tmp);
	git_libgit2_shutdown();
}

static void test_bad_values(void **state)
{
	(void)state;
	assert_int_equal(fx_run("scan", "-j", "0", ".", NULL), 2);
	assert_non_null(strstr(fx_messages(), "-j takes a number of workers "
					      "from 1 to 256, not '0'"));
	assert_int_equal(fx_run("scan", "--jobs", "many", ".", NULL), 2);
	assert_int_equal(fx_run("scan", "-j", "257", ".", NULL), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_output_whatever_the_workers),
		cmocka_unit_test(test_warnings_in_file_order),
		cmocka_unit_test(test_workers_share_the_cache),
		cmocka_unit_test(test_progress_on_a_terminal_only),
		cmocka_unit_test(test_bad_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
