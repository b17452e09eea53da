/* test_signals.c - SIGINT and SIGTERM stop a scan cleanly: exit 128 +
 * the signal, the inventory as it was, no report written */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"
#include "util.h"

typedef struct {
	char *tmp, *repo, *small;
} world;

/* A repository big enough that a scan on one worker, with every file
 * parsed, takes seconds. */
static int setup(void **state)
{
	world *w = calloc(1, sizeof(*w));
	git_repository *r;
	fx_tree *t = fx_tree_new();
	git_oid id;

	git_libgit2_init();
	w->tmp = fx_tmpdir();
	w->repo = sunset_path_join(w->tmp, "big");
	r = fx_repo_init(w->repo, 1);
	for (int d = 0; d < 40; d++)
		for (int f = 0; f < 100; f++) {
			char *path =
				sunset_asprintf("pkg%03d/mod%03d.py", d, f);
			char *src = sunset_asprintf(
				"import openai\n"
				"def render_%d_%d(prompt):\n"
				"    c = openai.OpenAI()\n"
				"    return "
				"c.images.generate(model='dall-e-3', "
				"prompt=prompt)\n",
				d, f);
			fx_tree_add(t, path, src, strlen(src));
			free(path);
			free(src);
		}
	fx_commit(&id, r, t, "refs/heads/main", "big");
	fx_tree_free(t);
	git_repository_free(r);
	w->small = sunset_path_join(w->tmp, "small");
	r = fx_repo_init(w->small, 1);
	t = fx_tree_new();
	fx_tree_add(t, "a.py", "m = 'dall-e-3'\n", 15);
	fx_commit(&id, r, t, "refs/heads/main", "small");
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
	free(w->small);
	free(w);
	git_libgit2_shutdown();
	return 0;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	sunset_buf b = SUNSET_BUF_INIT;
	char chunk[8192];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sunset_buf_put(&b, chunk, n);
	fclose(f);
	return b.ptr ? sunset_buf_detach(&b) : sunset_strdup("");
}

static int lines(const char *s)
{
	int n = 0;
	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

/* Scan in the background, send `sig` once files are being analysed, and
 * check what is left. */
static void interrupt_with(world *w, const char *sig, int code)
{
	const char *bin = getenv("SUNSET_BIN");
	char *cmd, *db, *rc, *list, *err, *path;
	struct stat st;

	if (!bin)
		fail_msg("SUNSET_BIN is not set (make test sets it)");
	db = sunset_path_join(w->tmp, "inv.db");
	/* an inventory with one scan already */
	cmd = sunset_asprintf("cd '%s' && rm -f out.jsonl report.html && "
			      "'%s' scan -q --no-cache --db inv.db '%s' "
			      ">/dev/null 2>&1 && cp inv.db inv-before.db",
			      w->tmp, bin, w->small);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	cmd = sunset_asprintf(
		"cd '%s' && { '%s' scan --no-cache --no-prefilter -j 1 "
		"--list-files --db inv.db --json out.jsonl --html report.html "
		"'%s' >list.txt 2>err.txt & pid=$!; i=0; while [ ! -s list.txt "
		"] && [ $i -lt 3000 ]; do sleep 0.01; i=$((i+1)); done; kill "
		"-%s $pid; wait $pid; echo $? >rc.txt; }",
		w->tmp, bin, w->repo, sig);
	assert_int_equal(system(cmd), 0);
	free(cmd);

	path = sunset_path_join(w->tmp, "rc.txt");
	rc = slurp(path);
	free(path);
	assert_non_null(rc);
	assert_int_equal(atoi(rc), code);
	path = sunset_path_join(w->tmp, "list.txt");
	list = slurp(path);
	free(path);
	/* it stopped part way */
	assert_true(lines(list) > 0);
	assert_true(lines(list) < 4000);
	path = sunset_path_join(w->tmp, "err.txt");
	err = slurp(path);
	free(path);
	assert_non_null(strstr(err, "stopped by SIG"));
	/* the inventory is byte for byte as before; no report */
	path = sunset_path_join(w->tmp, "inv-before.db");
	fx_expect_same_file(path, db);
	free(path);
	path = sunset_path_join(w->tmp, "out.jsonl");
	assert_int_equal(stat(path, &st), -1);
	free(path);
	path = sunset_path_join(w->tmp, "report.html");
	assert_int_equal(stat(path, &st), -1);
	free(path);
	free(rc);
	free(list);
	free(err);
	free(db);
}

static void test_sigint(void **state)
{
	interrupt_with(*state, "INT", 130);
}

static void test_sigterm(void **state)
{
	interrupt_with(*state, "TERM", 143);
}

/* The flag a signal sets stops a scan run in process as well, and
 * nothing reaches the inventory. */
static void test_flag_stops_the_scan(void **state)
{
	world *w = *state;
	char *db = sunset_path_join(w->tmp, "flag.db");
	struct stat st;

	sunset_interrupt_set(2);
	assert_int_equal(
		fx_run("scan", "--no-cache", "--db", db, w->repo, NULL), 130);
	sunset_interrupt_set(0);
	assert_non_null(strstr(fx_messages(), "stopped by SIGINT"));
	assert_int_equal(stat(db, &st), -1);
	free(db);
}

/* A repository whose .sunsetignore is slow to apply (800 entries, each
 * with a 1 KB glob that tries every way of reading a 100-byte name,
 * against 4000 findings: minutes of matching). SIGTERM a second after
 * `cmd` starts must stop it with 143 within 30 seconds, while it crawls
 * or while it applies the suppressions. */
static void interrupt_slow_ignore(world *w, const char *cmd)
{
	const char *bin = getenv("SUNSET_BIN");
	char *dir = sunset_path_join(w->tmp, "slow");
	sunset_buf src = SUNSET_BUF_INIT, ignore = SUNSET_BUF_INIT,
		   glob = SUNSET_BUF_INIT, name = SUNSET_BUF_INIT;
	git_repository *r;
	fx_tree *t = fx_tree_new();
	char *sh, *path, *rc, *err;
	git_oid id;

	if (!bin)
		fail_msg("SUNSET_BIN is not set (make test sets it)");
	for (int i = 0; i < 1000; i++)
		sunset_buf_printf(&src, "m%d = 'dall-e-3'\n", i);
	for (int i = 0; i < 96; i++)
		sunset_buf_puts(&name, "a");
	for (int i = 0; i < 500; i++)
		sunset_buf_puts(&glob, "*a");
	sunset_buf_puts(&glob, "b"); /* never matches: every entry is tried */
	for (int i = 0; i < 800; i++)
		sunset_buf_printf(&ignore,
				  "- rule: '*'\n  path: '%s'\n  reason: r\n",
				  glob.ptr);
	r = fx_repo_init(dir, 1);
	for (int f = 0; f < 4; f++) {
		char *p = sunset_asprintf("src/%d%s.py", f, name.ptr);
		fx_tree_add(t, p, src.ptr, src.len);
		free(p);
	}
	fx_tree_add(t, ".sunsetignore", ignore.ptr, ignore.len);
	fx_commit(&id, r, t, "refs/heads/main", "slow");
	fx_tree_free(t);
	git_repository_free(r);

	sh = sunset_asprintf(
		"cd '%s' && { '%s' %s '%s' >/dev/null 2>slow-err.txt & pid=$!; "
		"sleep 1; kill -TERM $pid; i=0; while kill -0 $pid 2>/dev/null "
		"&& [ $i -lt 3000 ]; do sleep 0.01; i=$((i+1)); done; if kill "
		"-0 $pid 2>/dev/null; then kill -KILL $pid; wait $pid; echo "
		"hung >slow-rc.txt; else wait $pid; echo $? >slow-rc.txt; fi; "
		"}",
		w->tmp, bin, cmd, dir);
	assert_int_equal(system(sh), 0);
	path = sunset_path_join(w->tmp, "slow-rc.txt");
	rc = slurp(path);
	free(path);
	path = sunset_path_join(w->tmp, "slow-err.txt");
	err = slurp(path);
	free(path);
	assert_non_null(rc);
	if (atoi(rc) != 143)
		fail_msg("sunset %s: '%s' after SIGTERM (143 wanted)\n%s", cmd,
			 rc, err ? err : "");
	assert_non_null(strstr(err, "stopped by SIGTERM"));
	free(rc);
	free(err);
	free(sh);
	fx_rmrf(dir);
	free(dir);
	sunset_buf_free(&src);
	sunset_buf_free(&ignore);
	sunset_buf_free(&glob);
	sunset_buf_free(&name);
}

static void test_sigterm_while_applying_sunsetignore(void **state)
{
	interrupt_slow_ignore(*state, "scan -q --no-cache -j 1");
	interrupt_slow_ignore(*state, "gate -q --no-cache --base main");
}

/* A signal stops the parse it lands in (parse.h), and that file is not
 * kept as a parse timeout: the next scan, sharing the content cache,
 * parses it and finds what it holds. */
static void test_signal_during_a_parse(void **state)
{
	world *w = *state;
	const char *bin = getenv("SUNSET_BIN");
	char *repo = sunset_path_join(w->tmp, "slow");
	char *cmd, *path, *rc, *err, *out;
	git_repository *r = fx_repo_init(repo, 1);
	fx_tree *t = fx_tree_new();
	sunset_buf big = SUNSET_BUF_INIT;
	git_oid id;

	if (!bin)
		fail_msg("SUNSET_BIN is not set (make test sets it)");
	/* 20 MB that take seconds to parse, a vendor's model id last */
	sunset_buf_puts(&big, "import openai\n");
	while (big.len < 20 << 20)
		sunset_buf_printf(&big, "s = \"%0200d\"\n", 0);
	sunset_buf_puts(&big, "m = 'dall-e-3'\n");
	fx_tree_add(t, "big.py", big.ptr, big.len);
	fx_commit(&id, r, t, "refs/heads/main", "slow");
	fx_tree_free(t);
	git_repository_free(r);
	/* SIGTERM once the parse holds memory (150 MB resident: the rules
	 * and the file's bytes are some 60) */
	cmd = sunset_asprintf(
		"cd '%s' && rm -f slow.db && { '%s' scan -q -j 1 --cache "
		"slow.db --parse-timeout 0 --max-file-size 64M '%s' >/dev/null "
		"2>slow-err.txt & pid=$!; i=0; while [ $i -lt 6000 ]; do "
		"rss=$(awk '/^VmRSS/ {print $2}' /proc/$pid/status "
		"2>/dev/null); [ \"${rss:-0}\" -gt 150000 ] && break; sleep "
		"0.005; i=$((i+1)); done; kill -TERM $pid; wait $pid; echo $? "
		">slow-rc.txt; }",
		w->tmp, bin, repo);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	path = sunset_path_join(w->tmp, "slow-rc.txt");
	rc = slurp(path);
	free(path);
	assert_int_equal(atoi(rc), 143);
	path = sunset_path_join(w->tmp, "slow-err.txt");
	err = slurp(path);
	free(path);
	assert_null(strstr(err, "file skipped"));
	/* the same cache: the file is parsed, its finding found */
	cmd = sunset_asprintf("cd '%s' && '%s' scan -q -j 1 --cache slow.db "
			      "--parse-timeout 0 --max-file-size 64M --json "
			      "slow.jsonl '%s' >/dev/null 2>slow-err.txt",
			      w->tmp, bin, repo);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(err);
	path = sunset_path_join(w->tmp, "slow-err.txt");
	err = slurp(path);
	free(path);
	assert_null(strstr(err, "file skipped"));
	path = sunset_path_join(w->tmp, "slow.jsonl");
	out = slurp(path);
	free(path);
	assert_non_null(out);
	assert_non_null(strstr(out, "\"matched\":\"dall-e-3\""));
	free(out);
	free(err);
	free(rc);
	sunset_buf_free(&big);
	free(repo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sigint),
		cmocka_unit_test(test_sigterm),
		cmocka_unit_test(test_flag_stops_the_scan),
		cmocka_unit_test(test_signal_during_a_parse),
		cmocka_unit_test(test_sigterm_while_applying_sunsetignore),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
