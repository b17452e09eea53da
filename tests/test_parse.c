/* test_parse.c - every compiled-in grammar loads under the runtime and
 * parses its language; syntax errors are seen */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "parse.h"
#include "util.h"

static const struct {
	sunset_lang lang;
	const char *good;
	const char *root;
} samples[] = {
	{SUNSET_LANG_PYTHON, "from openai import OpenAI\nc = OpenAI()\n",
	 "module"},
	{SUNSET_LANG_JAVASCRIPT,
	 "const el = <div>{await fetch(`${base}/v1`)}</div>;\n", "program"},
	{SUNSET_LANG_TYPESCRIPT, "const x: Promise<string> = f<string>();\n",
	 "program"},
	{SUNSET_LANG_TSX,
	 "export const A = (p: {n: number}) => <b>{p.n}</b>;\n", "program"},
	{SUNSET_LANG_GO,
	 "package main\nimport \"os\"\nvar k = os.Getenv(\"K\")\n",
	 "source_file"},
	{SUNSET_LANG_JAVA, "class A { String k = System.getenv(\"K\"); }\n",
	 "program"},
	{SUNSET_LANG_KOTLIN, "val key = System.getenv(\"K\")\n", "source_file"},
	{SUNSET_LANG_CSHARP,
	 "using System;\nclass A { string K = "
	 "Environment.GetEnvironmentVariable(\"K\"); }\n",
	 "compilation_unit"},
	{SUNSET_LANG_RUBY, "require 'faraday'\nkey = ENV['K']\n", "program"},
	{SUNSET_LANG_PHP, "<?php\nuse GuzzleHttp\\Client;\n$k = getenv('K');\n",
	 "program"},
	{SUNSET_LANG_RUST,
	 "use std::env;\nfn main() { let _k = env::var(\"K\"); }\n",
	 "source_file"},
	{SUNSET_LANG_JSON, "{\"dependencies\": {\"openai\": \"^4.0.0\"}}\n",
	 "document"},
	{SUNSET_LANG_YAML, "env:\n  OPENAI_API_KEY: ${{ secrets.KEY }}\n",
	 "stream"},
	{SUNSET_LANG_TOML, "[project]\ndependencies = [\"openai>=1\"]\n",
	 "document"},
};

static void test_every_grammar_parses_its_language(void **state)
{
	sunset_parser *p = sunset_parser_new(0, NULL);

	(void)state;
	assert_int_equal(sunset_grammars_check(), 0);
	assert_int_equal(sunset_grammar_count(),
			 sizeof(samples) / sizeof(samples[0]));
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		TSTree *tree = NULL;
		TSNode root;
		assert_int_equal(sunset_parse(&tree, p, samples[i].lang,
					      samples[i].good,
					      strlen(samples[i].good)),
				 0);
		root = ts_tree_root_node(tree);
		if (ts_node_has_error(root))
			fail_msg("%s: syntax error in a valid sample",
				 sunset_lang_name(samples[i].lang));
		assert_string_equal(ts_node_type(root), samples[i].root);
		ts_tree_delete(tree);
	}
	sunset_parser_delete(p);
}

static void test_syntax_errors_are_seen(void **state)
{
	sunset_parser *p = sunset_parser_new(0, NULL);
	TSTree *tree = NULL;
	const char *bad = "def f(:\n  return\n";

	(void)state;
	assert_int_equal(
		sunset_parse(&tree, p, SUNSET_LANG_PYTHON, bad, strlen(bad)),
		0);
	assert_true(ts_node_has_error(ts_tree_root_node(tree)));
	ts_tree_delete(tree);
	/* line formats have no grammar */
	assert_int_equal(sunset_parse(&tree, p, SUNSET_LANG_DOTENV, "A=1\n", 4),
			 SUNSET_ERR);
	assert_null(tree);
	sunset_parser_delete(p);
}

static void test_parse_timeout_gives_up(void **state)
{
	/* 1 microsecond-scale limit: a large input cannot finish */
	sunset_parser *p = sunset_parser_new(1, NULL);
	sunset_buf big = SUNSET_BUF_INIT;
	TSTree *tree = NULL;

	(void)state;
	for (int i = 0; i < 200000; i++)
		sunset_buf_puts(&big, "x = [1, 2, (3, {4: 5})]\n");
	assert_int_equal(
		sunset_parse(&tree, p, SUNSET_LANG_PYTHON, big.ptr, big.len),
		SUNSET_ERR);
	assert_null(tree);
	sunset_buf_free(&big);
	sunset_parser_delete(p);
}

/* ---- memory ---- */

/* `n` lines of "x = 1": tree-sitter holds some 136 bytes per byte */
static char *assignments(size_t n, size_t *len)
{
	sunset_buf b = SUNSET_BUF_INIT;

	for (size_t i = 0; i < n; i++)
		sunset_buf_puts(&b, "x = 1\n");
	*len = b.len;
	return sunset_buf_detach(&b);
}

/* What a parse holds at its peak, alone, with no limit. */
static unsigned long long peak_of(const char *src, size_t len)
{
	sunset_parser *p = sunset_parser_new(0, NULL);
	TSTree *tree = NULL;
	unsigned long long peak;

	assert_int_equal(sunset_parse(&tree, p, SUNSET_LANG_PYTHON, src, len),
			 0);
	peak = sunset_parser_peak(p);
	ts_tree_delete(tree);
	sunset_parser_delete(p);
	return peak;
}

/* A parse that needs more than the pool's limit stops soon after it
 * passes it; a byte more than it needs and it parses. What it needs
 * depends on the file alone: the same on every parse, whatever the
 * parser did before. */
static void test_parse_memory_limit(void **state)
{
	size_t len;
	char *src = assignments(20000, &len);
	unsigned long long need = peak_of(src, len);
	sunset_parse_pool *half = sunset_parse_pool_new(need / 2);
	sunset_parse_pool *short_by_one = sunset_parse_pool_new(need - 1);
	sunset_parse_pool *enough = sunset_parse_pool_new(need);
	sunset_parser *p = sunset_parser_new(0, half);
	sunset_parser *q = sunset_parser_new(0, enough);
	TSTree *tree = NULL;

	(void)state;
	/* tree-sitter's nodes for 20,000 statements: megabytes */
	assert_true(need > 4 * 1024 * 1024);
	assert_int_equal(sunset_parse(&tree, p, SUNSET_LANG_PYTHON, src, len),
			 SUNSET_EMEMORY);
	assert_null(tree);
	/* it stopped soon after the limit, not at the end */
	assert_true(sunset_parser_peak(p) > need / 2);
	assert_true(sunset_parser_peak(p) < need / 2 + need / 8);
	sunset_parser_delete(p);
	/* the last byte counts: the file is over even when its parse has
	 * ended */
	p = sunset_parser_new(0, short_by_one);
	assert_int_equal(sunset_parse(&tree, p, SUNSET_LANG_PYTHON, src, len),
			 SUNSET_EMEMORY);
	assert_null(tree);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(
			sunset_parse(&tree, q, SUNSET_LANG_PYTHON, src, len),
			0);
		assert_int_equal(sunset_parser_peak(q), need);
		ts_tree_delete(tree);
		/* a smaller file between: the next count is the same */
		assert_int_equal(sunset_parse(&tree, q, SUNSET_LANG_PYTHON,
					      "x = [1]\n", 8),
				 0);
		ts_tree_delete(tree);
	}
	sunset_parser_delete(p);
	sunset_parser_delete(q);
	sunset_parse_pool_delete(half);
	sunset_parse_pool_delete(short_by_one);
	sunset_parse_pool_delete(enough);
	free(src);
}

/* Parses that together need more than the limit take turns: each still
 * parses (one that outgrows its reservation waits for room, or runs
 * again alone), and counts what it counts alone. */
typedef struct {
	sunset_parse_pool *pool;
	pthread_barrier_t *start;
	const char *src;
	size_t len;
	int rc;
	unsigned long long peak;
} parse_job;

static void *parse_thread(void *arg)
{
	parse_job *j = arg;
	sunset_parser *p = sunset_parser_new(0, j->pool);
	TSTree *tree = NULL;

	pthread_barrier_wait(j->start);
	j->rc = 0;
	for (int i = 0; i < 4 && j->rc == 0; i++) {
		j->rc = sunset_parse(&tree, p, SUNSET_LANG_PYTHON, j->src,
				     j->len);
		j->peak = sunset_parser_peak(p);
		ts_tree_delete(tree);
		sunset_parser_release(p);
	}
	sunset_parser_delete(p);
	return NULL;
}

static void test_parses_share_the_limit(void **state)
{
	size_t len;
	char *src = assignments(20000, &len);
	unsigned long long need = peak_of(src, len);
	/* room for one, not two */
	sunset_parse_pool *pool = sunset_parse_pool_new(need + need / 2);
	parse_job jobs[4];
	pthread_t t[4];
	pthread_barrier_t start;

	(void)state;
	pthread_barrier_init(&start, NULL, 4);
	for (int i = 0; i < 4; i++) {
		jobs[i] = (parse_job){pool, &start, src, len, -1, 0};
		assert_int_equal(
			pthread_create(&t[i], NULL, parse_thread, &jobs[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(jobs[i].rc, 0);
		assert_int_equal(jobs[i].peak, need);
	}
	pthread_barrier_destroy(&start);
	sunset_parse_pool_delete(pool);
	free(src);
}

/* A node of 65,536 children or more (here comments in a row) is more
 * than tree-sitter 0.20.7 holds: the parse is refused, where it used to
 * lose what follows and corrupt the heap when the tree was deleted.
 * Each parse runs in a child that leaves with _exit(): the block the
 * runtime would free inside of is leaked on purpose, and LeakSanitizer
 * (make asan) reports leaks only at exit(). */
static int parse_in_child(sunset_lang lang, const char *src, size_t len)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		sunset_parser *p = sunset_parser_new(0, NULL);
		TSTree *tree = NULL;
		int rc = sunset_parse(&tree, p, lang, src, len);
		ts_tree_delete(tree);
		_exit(rc == SUNSET_ETOOWIDE ? 1 : rc == 0 ? 0 : 2);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void test_too_wide_a_node(void **state)
{
	static const struct {
		sunset_lang lang;
		const char *line;
	} langs[] = {
		{SUNSET_LANG_PYTHON, "#c\n"},
		{SUNSET_LANG_JAVASCRIPT, "//c\n"},
		{SUNSET_LANG_GO, "//c\n"},
	};
	sunset_buf b = SUNSET_BUF_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(langs) / sizeof(*langs); i++) {
		for (int n = 0; n < 2; n++) {
			/* the root's children: 60,000 parse, 70,000 not */
			int lines = n ? 70000 : 60000;
			b.len = 0;
			if (langs[i].lang == SUNSET_LANG_GO)
				sunset_buf_puts(&b, "package m\n");
			for (int k = 0; k < lines; k++)
				sunset_buf_puts(&b, langs[i].line);
			if (parse_in_child(langs[i].lang, b.ptr, b.len) != n)
				fail_msg("%s, %d comments: %s",
					 sunset_lang_name(langs[i].lang), lines,
					 n ? "parsed" : "refused");
		}
	}
	sunset_buf_free(&b);
}

/* SIGINT and SIGTERM stop a parse running on any thread: the signal
 * handler sets every parser's cancellation word (util.h). */
static int parse_started;

static void *signal_soon(void *arg)
{
	struct timespec ms50 = {0, 50 * 1000 * 1000};

	(void)arg;
	while (!__atomic_load_n(&parse_started, __ATOMIC_ACQUIRE))
		nanosleep(&ms50, NULL);
	nanosleep(&ms50, NULL);
	sunset_interrupt_set(SIGTERM);
	return NULL;
}

static void test_a_signal_stops_a_parse(void **state)
{
	sunset_parser *p = sunset_parser_new(0, NULL);
	sunset_buf big = SUNSET_BUF_INIT;
	TSTree *tree = NULL;
	pthread_t t;

	(void)state;
	/* 20 MB of strings: a second or more to parse, little memory */
	while (big.len < 20 << 20)
		sunset_buf_printf(&big, "s = \"%0200d\"\n", 1);
	assert_int_equal(pthread_create(&t, NULL, signal_soon, NULL), 0);
	__atomic_store_n(&parse_started, 1, __ATOMIC_RELEASE);
	assert_int_equal(
		sunset_parse(&tree, p, SUNSET_LANG_PYTHON, big.ptr, big.len),
		SUNSET_EINTR);
	assert_null(tree);
	pthread_join(t, NULL);
	/* one that starts after the signal stops at once */
	assert_int_equal(
		sunset_parse(&tree, p, SUNSET_LANG_PYTHON, "x = 1\n", 6),
		SUNSET_EINTR);
	assert_null(tree);
	sunset_interrupt_set(0);
	assert_int_equal(
		sunset_parse(&tree, p, SUNSET_LANG_PYTHON, "x = 1\n", 6), 0);
	ts_tree_delete(tree);
	sunset_buf_free(&big);
	sunset_parser_delete(p);
}

/* sunset_tree_sexp() writes what ts_node_string() does, for every
 * file of the fixtures (rule fixtures hold broken files on purpose) and
 * for errors of each kind. */
static int sexp_checked, sexp_failed;

static void expect_same_sexp(const char *what, sunset_lang lang,
			     const char *src, size_t len)
{
	sunset_parser *p = sunset_parser_new(0, NULL);
	sunset_buf mine = SUNSET_BUF_INIT;
	TSTree *tree = NULL;
	char *theirs;

	if (sunset_parse(&tree, p, lang, src, len) == 0) {
		theirs = ts_node_string(ts_tree_root_node(tree));
		sunset_tree_sexp(&mine, ts_tree_root_node(tree), src, len);
		if (strcmp(mine.ptr, theirs)) {
			fprintf(stderr,
				"%s:\n  ts_node_string: %s\n  sunset:  "
				"       %s\n",
				what, theirs, mine.ptr);
			sexp_failed++;
		}
		sexp_checked++;
		sunset_ts_free(theirs);
		ts_tree_delete(tree);
	}
	sunset_buf_free(&mine);
	sunset_parser_delete(p);
}

static int sexp_of_file(const char *path, const struct stat *st, int type,
			struct FTW *ftw)
{
	sunset_lang lang = sunset_lang_from_path(path);
	sunset_buf src = SUNSET_BUF_INIT;
	FILE *f;
	char chunk[8192];
	size_t n;

	(void)ftw;
	if (type != FTW_F || !S_ISREG(st->st_mode) ||
	    !sunset_lang_has_grammar(lang) || !(f = fopen(path, "rb")))
		return 0;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sunset_buf_put(&src, chunk, n);
	fclose(f);
	expect_same_sexp(path, lang, src.ptr ? src.ptr : "", src.len);
	sunset_buf_free(&src);
	return 0;
}

static void test_tree_sexp_is_ts_node_string(void **state)
{
	static const struct {
		sunset_lang lang;
		const char *src;
	} broken[] = {
		{SUNSET_LANG_PYTHON, "def f(:\n  return\n"},
		{SUNSET_LANG_PYTHON, "x = (1,\n"},
		{SUNSET_LANG_PYTHON, "x = 1 $ 2\n"},
		{SUNSET_LANG_JAVASCRIPT, "let x = {a: 1\n"},
		{SUNSET_LANG_JAVASCRIPT, "f(a b)\n"},
		{SUNSET_LANG_JAVASCRIPT, "x = \"\xc3\xa9\" \xe2\x82\xac 1;\n"},
		{SUNSET_LANG_GO, "package main\nfunc f() { x := }\n"},
		{SUNSET_LANG_JSON, "{\"a\": [1, 2,, \x01]\n"},
		{SUNSET_LANG_RUBY, "def f\n  x = [1,\n"},
		{SUNSET_LANG_YAML, "a: [b\n\tc: d\n"},
	};
	const char *fixtures = getenv("SUNSET_FIXTURES");

	(void)state;
	for (size_t i = 0; i < sizeof(samples) / sizeof(*samples); i++)
		expect_same_sexp(sunset_lang_name(samples[i].lang),
				 samples[i].lang, samples[i].good,
				 strlen(samples[i].good));
	for (size_t i = 0; i < sizeof(broken) / sizeof(*broken); i++)
		expect_same_sexp(broken[i].src, broken[i].lang, broken[i].src,
				 strlen(broken[i].src));
	assert_int_equal(nftw(fixtures ? fixtures : "fixtures", sexp_of_file,
			      16, FTW_PHYS),
			 0);
	if (sexp_failed)
		fail_msg("%d of %d trees differ", sexp_failed, sexp_checked);
	/* the corpus and the rule fixtures: hundreds of files */
	assert_true(sexp_checked > 200);
}

/* A tree a million levels deep prints: the walk is no recursion. */
static void test_tree_sexp_of_a_deep_tree(void **state)
{
	sunset_parser *p = sunset_parser_new(0, NULL);
	sunset_buf src = SUNSET_BUF_INIT, out = SUNSET_BUF_INIT;
	TSTree *tree = NULL;
	size_t depth = 1 << 20;

	(void)state;
	for (size_t i = 0; i < depth; i++)
		sunset_buf_put(&src, "[", 1);
	for (size_t i = 0; i < depth; i++)
		sunset_buf_put(&src, "]", 1);
	assert_int_equal(
		sunset_parse(&tree, p, SUNSET_LANG_JSON, src.ptr, src.len), 0);
	sunset_tree_sexp(&out, ts_tree_root_node(tree), src.ptr, src.len);
	assert_int_equal(out.len,
			 strlen("(document)") + depth * strlen(" (array)"));
	assert_int_equal(strncmp(out.ptr, "(document (array (array", 23), 0);
	ts_tree_delete(tree);
	sunset_buf_free(&src);
	sunset_buf_free(&out);
	sunset_parser_delete(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_grammar_parses_its_language),
		cmocka_unit_test(test_syntax_errors_are_seen),
		cmocka_unit_test(test_parse_timeout_gives_up),
		cmocka_unit_test(test_a_signal_stops_a_parse),
		cmocka_unit_test(test_parse_memory_limit),
		cmocka_unit_test(test_parses_share_the_limit),
		cmocka_unit_test(test_too_wide_a_node),
		cmocka_unit_test(test_tree_sexp_is_ts_node_string),
		cmocka_unit_test(test_tree_sexp_of_a_deep_tree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
