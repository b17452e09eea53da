/* test_memory.c - running out of memory, wherever it happens (sunset,
 * tree-sitter, libgit2, SQLite, PCRE2, libyaml), prints "out of memory"
 * and exits 2: never 1 (a failed policy), never a crash or another
 * error's message */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "helpers.h"
#include "util.h"

#define MB (1024UL * 1024)

typedef struct {
	char *tmp, *org, *app, *cache, *db, *json;
} world;

static int setup(void **state)
{
	world *w = calloc(1, sizeof(*w));
	git_repository *r;
	fx_tree *t;
	git_oid id;

	git_libgit2_init();
	w->tmp = fx_tmpdir();
	w->org = fx_corpus_org(w->tmp);
	/* a pull request: v1, then v2 */
	w->app = sunset_path_join(w->tmp, "app");
	r = fx_repo_init(w->app, 1);
	t = fx_tree_new();
	fx_tree_add_dir(t, "repos/app/v1");
	fx_commit(&id, r, t, "refs/heads/main", "v1");
	fx_tree_free(t);
	t = fx_tree_new();
	fx_tree_add_dir(t, "repos/app/v2");
	fx_commit(&id, r, t, "refs/heads/main", "v2");
	fx_tree_free(t);
	git_repository_free(r);
	w->cache = sunset_path_join(w->tmp, "cache.db");
	w->db = sunset_path_join(w->tmp, "inv.db");
	w->json = sunset_path_join(w->tmp, "out.jsonl");
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	world *w = *state;
	fx_rmrf(w->tmp);
	free(w->tmp);
	free(w->org);
	free(w->app);
	free(w->cache);
	free(w->db);
	free(w->json);
	free(w);
	git_libgit2_shutdown();
	return 0;
}

/* SUNSET_BIN with `args` in `limit` bytes of address space, its
 * standard error to `err`: the exit code, or minus a signal. */
static int run_limited(const char *const *args, rlim_t limit, const char *err)
{
	fx_child c = {NULL, err, limit, 0, 0};

	return fx_run_child(args, &c);
}

/* About the least address space, within a megabyte, in which `args`
 * exits 0: it must at `high` (and is taken to fail at `low`). */
static rlim_t least_to_succeed(const char *const *args, rlim_t low, rlim_t high,
			       const char *err)
{
	if ((run_limited(args, high, err)) != 0) {
		char *text = fx_slurp(err);
		fail_msg("sunset %s does not succeed with %lu MB of address "
			 "space:\n%s",
			 args[0], (unsigned long)(high / MB), text);
	}
	while (high - low > MB) {
		rlim_t mid = low + (high - low) / 2;
		if ((run_limited(args, mid, err)) == 0)
			high = mid;
		else
			low = mid;
	}
	return high;
}

/* `args` at `runs` limits from `low` to `high`: each run exits 0, or 2
 * saying "out of memory". */
static void sweep(const char *const *args, rlim_t low, rlim_t high, int runs,
		  const char *err, int *failed)
{
	for (int i = 0; i < runs; i++) {
		rlim_t l = low + (high - low) * (rlim_t)i / (rlim_t)(runs - 1);
		int code = (run_limited(args, l, err));
		char *text;
		if (code == 0)
			continue;
		text = fx_slurp(err);
		if (code != 2 ||
		    !strstr(text, "sunset: error: out of memory")) {
			fprintf(stderr,
				"sunset %s with %lu KB of address space: exit "
				"%d (killed if negative), and:\n%s\n",
				args[0], (unsigned long)(l / 1024), code, text);
			(*failed)++;
		}
		free(text);
	}
}

static void test_out_of_memory_is_exit_2(void **state)
{
	world *w = *state;
	char *err;
	const char *version[] = {"--version", NULL};
	const char *scan[] = {"scan",	 "-q",	   "-j",   "2",
			      "--cache", w->cache, "--db", w->db,
			      "--json",	 w->json,  w->org, NULL};
	const char *scan_plain[] = {"scan", "-q",   "--no-cache", "-j",
				    "1",    w->org, NULL};
	/* a policy that cannot fail: exit 1 would be memory's doing */
	const char *gate[] = {"gate",	   "-q",     "--no-cache",
			      "--fail-on", "none",   "--no-fail-on-shutdown",
			      "--base",	   "main~1", "--head",
			      "main",	   w->app,   NULL};
	const char *const *commands[] = {scan, scan_plain, gate};
	rlim_t start;
	int failed = 0;

#if defined(__SANITIZE_ADDRESS__)
	/* AddressSanitizer maps terabytes of shadow memory up front */
	skip();
#endif
	err = sunset_path_join(w->tmp, "err.txt");
	/* below this, the program does not even load its libraries */
	start = least_to_succeed(version, 0, 512 * MB, err);
	for (size_t c = 0; c < sizeof(commands) / sizeof(*commands); c++) {
		rlim_t ok =
			least_to_succeed(commands[c], start, 4096 * MB, err);
		sweep(commands[c], start, ok + 8 * MB, 16, err, &failed);
	}
	if (failed)
		fail_msg("%d runs out of memory did not exit 2 with \"out of "
			 "memory\"",
			 failed);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_out_of_memory_is_exit_2),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
