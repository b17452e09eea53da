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
		cmocka_unit_test(test_workers_share_the_cache),
		cmocka_unit_test(test_progress_on_a_terminal_only),
		cmocka_unit_test(test_bad_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
