/* test_glob.c - globs: what '*', '?', '**', a leading and a trailing '/'
 * mean, and patterns that took the old backtracking matcher exponential
 * time (they must simply complete here) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "glob.h"
#include "util.h"

typedef struct {
	const char *pattern, *path;
	int match;
} glob_case;

static void check(const glob_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (sunset_glob_match(cases[i].pattern, cases[i].path) !=
		    cases[i].match)
			fail_msg("glob %s on %s: expected %d", cases[i].pattern,
				 cases[i].path, cases[i].match);
}

static void test_meaning(void **state)
{
	static const glob_case cases[] = {
		{"*.py", "a.py", 1},
		{"*.py", "src/deep/a.py", 1},
		{"src/*.py", "src/a.py", 1},
		{"src/*.py", "src/x/a.py", 0},
		{"src/**", "src/x/a.py", 1},
		{"src/**", "src", 0},
		{"src/**/a.py", "src/a.py", 1},
		{"src/**/a.py", "src/x/y/a.py", 1},
		{"src/**/a.py", "src/x/y/ba.py", 0},
		{"**/test/**", "a/test/b.py", 1},
		{"**/test/**", "test/b.py", 1},
		{"**/test/**", "a/contest/b.py", 0},
		{"legacy/", "legacy/a/b.py", 1},
		{"legacy/", "legacyx/a.py", 0},
		{"legacy/**/", "legacy/a/b.py", 1},
		{"/src/a.py", "src/a.py", 1},
		{"/src/a.py", "x/src/a.py", 0},
		{"/", "any/path.py", 1},
		{"a?.py", "ab.py", 1},
		{"a?.py", "a/.py", 0},
		{"a?.py", "a.py", 0},
		{"openai.*", "openai.sora.call", 1},
		{"openai.*", "openaix.sora", 0},
		{"*", "", 1},
		{"**", "", 1},
		{"", "", 1},
		{"", "a", 0},
		/* '**' not at a segment's start: nothing, or up to a '/' */
		{"**.py", ".py", 1},
		{"**.py", "a.py", 0},
		{"a**/b", "axx/b", 1},
		{"x/a**", "x/ab/c/d", 1},
		{"x/a**b", "x/ab", 1},
		{"x/a**b", "x/azb", 0},
		{"x/a**b", "x/az/b", 1},
		{"x/***", "x/ab", 1},
		{"x/***", "x/a/b", 1},
		{"x/**/*.py", "x/a/b/c.py", 1},
		{"x/**/*.py", "x/a/b/c.pyc", 0},
		{"[a].py", "[a].py", 1},
		{"[a].py", "a.py", 0},
	};

	(void)state;
	check(cases, sizeof(cases) / sizeof(*cases));
}

/* The patterns, on paths where the old matcher tried every way
 * of splitting the path among the stars (a '**' per segment, a '*' per
 * byte): it never finished on these. */
static void test_hostile_patterns_complete(void **state)
{
	const char *deep = "**/**/**/**/**/**/**/**/**/**/zzz.py";
	sunset_buf path = SUNSET_BUF_INIT, pat = SUNSET_BUF_INIT;
	char *a;

	(void)state;
	for (int i = 0; i < 400; i++)
		sunset_buf_puts(&path, "a/");
	sunset_buf_puts(&path, "zzz.pyc");
	assert_int_equal(sunset_glob_match(deep, path.ptr), 0);
	path.ptr[path.len - 1] = '\0';
	assert_int_equal(sunset_glob_match(deep, path.ptr), 1);

	a = calloc(1, 20001);
	memset(a, 'a', 20000);
	assert_int_equal(sunset_glob_match("*a*a*a*a*a*ab", a), 0);
	a[19999] = 'b';
	assert_int_equal(sunset_glob_match("*a*a*a*a*a*ab", a), 1);
	a[19999] = 'a';

	/* the longest glob sunset reads: every byte a star */
	for (int i = 0; i < SUNSET_GLOB_MAX / 2 - 1; i++)
		sunset_buf_puts(&pat, "*a");
	sunset_buf_puts(&pat, "b");
	assert_int_equal(sunset_glob_match(pat.ptr, a), 0);
	sunset_buf_clear(&pat);
	for (int i = 0; i < SUNSET_GLOB_MAX / 3; i++)
		sunset_buf_puts(&pat, "**/");
	sunset_buf_puts(&pat, "x");
	assert_int_equal(sunset_glob_match(pat.ptr, path.ptr), 0);
	free(a);
	sunset_buf_free(&pat);
	sunset_buf_free(&path);
}

/* A pattern longer than the 128 bytes matched without allocating. */
static void test_long_patterns(void **state)
{
	char pat[301], path[301];

	(void)state;
	memset(pat, 'x', 300);
	pat[300] = '\0';
	memcpy(path, pat, sizeof(path));
	pat[0] = '/';
	pat[150] = '/';
	path[150] = '/';
	assert_int_equal(sunset_glob_match(pat, path + 1), 1);
	pat[299] = '?';
	assert_int_equal(sunset_glob_match(pat, path + 1), 1);
	pat[298] = '/';
	assert_int_equal(sunset_glob_match(pat, path + 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meaning),
		cmocka_unit_test(test_hostile_patterns_complete),
		cmocka_unit_test(test_long_patterns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
