/* test_fuzz.c - regressions the sanitizers and fuzzers found that the
 * seed corpora (fixtures/fuzz/, replayed by tests/fuzz/replay.sh) cannot
 * hold: inputs that are directories and command lines. Each one fails
 * under `make asan` without its fix. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"
#include "util.h"

/* An empty directory of rules: an error naming it, and no qsort over a
 * NULL list (rules.c). */
static void test_empty_rules_directory(void **state)
{
	char *tmp = fx_tmpdir();
	char *dir = sunset_path_join(tmp, "rules");

	(void)state;
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(fx_run("rules", "check", dir, NULL),
			 SUNSET_EXIT_RULES);
	assert_non_null(strstr(fx_messages(), "no rule files"));
	free(dir);
	fx_rmrf(tmp);
	free(tmp);
}

/* `rules test` over an empty directory: nothing to test, no qsort over a
 * NULL list (ruletest.c). */
static void test_rules_test_of_an_empty_directory(void **state)
{
	char *tmp = fx_tmpdir();
	char *dir = sunset_path_join(tmp, "fixtures");

	(void)state;
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(fx_run("rules", "test", dir, NULL), SUNSET_EXIT_OK);
	assert_non_null(strstr(fx_stdout(), "0 passed, 0 failed"));
	free(dir);
	fx_rmrf(tmp);
	free(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_rules_directory),
		cmocka_unit_test(test_rules_test_of_an_empty_directory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
