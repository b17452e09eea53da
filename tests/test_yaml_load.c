/* test_yaml_load.c - the YAML loader: each limit (size, nesting, values,
 * aliases) an error with its position, reached without the time
 * libyaml's own loader takes. That it gives libyaml's document for
 * ordinary files is checked node for node by fuzz_yaml, over its seeds
 * (fixtures/fuzz/yaml/) in every `make test`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "yaml_load.h"

/* Load `text` as `kind`; it must fail at line:column with `message`
 * in the error. */
static void expect_error(sunset_yaml_kind kind, const char *text, size_t len,
			 size_t line, size_t column, const char *message)
{
	yaml_document_t doc;
	sunset_yaml_error err;

	assert_int_equal(sunset_yaml_load(&doc, &err, kind, text, len),
			 SUNSET_ERR);
	if (!strstr(err.message, message) || err.line != line ||
	    err.column != column)
		fail_msg("expected %zu:%zu: %s\ngot %zu:%zu: %s", line, column,
			 message, err.line, err.column, err.message);
}

static char *repeat(const char *unit, size_t times, const char *tail)
{
	sunset_buf b = SUNSET_BUF_INIT;

	for (size_t i = 0; i < times; i++)
		sunset_buf_puts(&b, unit);
	sunset_buf_puts(&b, tail);
	return sunset_buf_detach(&b);
}

/* "[x,x,...,x]" with n values */
static char *flow_list(size_t n)
{
	sunset_buf b = SUNSET_BUF_INIT;

	sunset_buf_puts(&b, "[");
	for (size_t i = 0; i < n; i++)
		sunset_buf_puts(&b, i ? ",x" : "x");
	sunset_buf_puts(&b, "]");
	return sunset_buf_detach(&b);
}

/* 64 levels load; the 65th is refused where it opens, in flow and block
 * style alike, before the rest of a 1 MiB file (which libyaml's loader
 * took minutes over) is read. */
static void test_nesting(void **state)
{
	char *ok = repeat("[", SUNSET_YAML_MAX_DEPTH, "");
	char *deep = repeat("[", SUNSET_YAML_MAX_DEPTH + 1, "");
	char *huge = repeat("[", sunset_yaml_max_bytes(SUNSET_YAML_IGNORE), "");
	sunset_buf block = SUNSET_BUF_INIT;
	yaml_document_t doc;
	sunset_yaml_error err;

	(void)state;
	{
		char *closed = repeat("]", SUNSET_YAML_MAX_DEPTH, "");
		char *both = sunset_asprintf("%s%s", ok, closed);
		assert_int_equal(sunset_yaml_load(&doc, &err, SUNSET_YAML_RULES,
						  both, strlen(both)),
				 0);
		yaml_document_delete(&doc);
		free(closed);
		free(both);
	}
	expect_error(SUNSET_YAML_RULES, deep, strlen(deep), 1, 65,
		     "nested deeper than 64 levels, the most sunset reads in "
		     "a rule file; flatten it");
	expect_error(SUNSET_YAML_IGNORE, huge, strlen(huge), 1, 65,
		     "nested deeper than 64 levels, the most sunset reads in "
		     ".sunsetignore");
	for (int i = 0; i <= SUNSET_YAML_MAX_DEPTH; i++) {
		for (int k = 0; k < i; k++)
			sunset_buf_puts(&block, " ");
		sunset_buf_puts(&block, "-\n");
	}
	expect_error(SUNSET_YAML_POLICY, block.ptr, block.len, 65, 65,
		     "nested deeper than 64 levels");
	sunset_buf_free(&block);
	free(ok);
	free(deep);
	free(huge);
}

/* An alias counts as the values it stands for: ten levels of ten
 * aliases each stand for 10^10 values, refused at the level that passes
 * the limit. */
static void test_values_and_aliases(void **state)
{
	sunset_buf b = SUNSET_BUF_INIT;
	char *many;
	yaml_document_t doc;
	sunset_yaml_error err;

	(void)state;
	sunset_buf_puts(&b, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (int i = 1; i <= 10; i++) {
		sunset_buf_printf(&b, "a%d: &a%d [", i, i);
		for (int k = 0; k < 10; k++)
			sunset_buf_printf(&b, "%s*a%d", k ? ", " : "", i - 1);
		sunset_buf_puts(&b, "]\n");
	}
	/* a4 stands for 111111 values: the running count passes 250000
	 * at a5's second alias of it */
	expect_error(SUNSET_YAML_IGNORE, b.ptr, b.len, 6, 15,
		     "more than 250000 values (an alias counts as the values "
		     "it stands for), the most sunset reads of .sunsetignore");
	/* a baseline may hold more */
	assert_int_equal(sunset_yaml_load(&doc, &err, SUNSET_YAML_BASELINE,
					  b.ptr, b.len),
			 SUNSET_ERR);
	assert_int_equal(err.line, 7);
	sunset_buf_free(&b);

	/* plain values count one each: a list and max - 1 values fit */
	many = flow_list(sunset_yaml_max_values(SUNSET_YAML_RULES) - 1);
	assert_int_equal(sunset_yaml_load(&doc, &err, SUNSET_YAML_RULES, many,
					  strlen(many)),
			 0);
	yaml_document_delete(&doc);
	free(many);
	many = flow_list(sunset_yaml_max_values(SUNSET_YAML_RULES));
	expect_error(SUNSET_YAML_RULES, many, strlen(many), 1,
		     2 * sunset_yaml_max_values(SUNSET_YAML_RULES),
		     "more than 250000 values");
	free(many);
}

static void test_anchors(void **state)
{
	static const char cycle[] = "a: &a [x, {b: *a}]\n";
	static const char twice[] = "- &a x\n- &a y\n";
	static const char undefined[] = "- *nope\n";

	(void)state;
	expect_error(SUNSET_YAML_RULES, cycle, strlen(cycle), 1, 15,
		     "alias *a stands for a list or mapping that holds it");
	expect_error(SUNSET_YAML_BASELINE, twice, strlen(twice), 2, 3,
		     "not a valid baseline (JSON): found duplicate anchor &a "
		     "(first at line 1, column 3)");
	expect_error(SUNSET_YAML_POLICY, undefined, strlen(undefined), 1, 3,
		     "not valid YAML: found undefined alias *nope");
}

/* The size is checked before parsing; the position is where the limit
 * is passed. */
static void test_size(void **state)
{
	size_t max = sunset_yaml_max_bytes(SUNSET_YAML_RULES);
	char *big = malloc(max + 2);
	yaml_document_t doc;
	sunset_yaml_error err;

	(void)state;
	memset(big, ' ', max + 1);
	big[0] = '#';
	big[10] = '\n';
	big[max + 1] = '\0';
	expect_error(SUNSET_YAML_RULES, big, max + 1, 2, max - 10,
		     "larger than 1 MiB, the most sunset reads of a rule "
		     "file; split it into several rule files");
	assert_int_equal(
		sunset_yaml_load(&doc, &err, SUNSET_YAML_RULES, big, max), 0);
	assert_null(yaml_document_get_root_node(&doc));
	yaml_document_delete(&doc);
	assert_int_equal(sunset_yaml_max_bytes(SUNSET_YAML_BASELINE),
			 16 * 1024 * 1024);
	free(big);
}

/* A syntax error reads as it did with libyaml's loader. */
static void test_syntax_errors(void **state)
{
	static const char bad[] = "vendor: [unclosed\n";

	(void)state;
	expect_error(SUNSET_YAML_RULES, bad, strlen(bad), 2, 1,
		     "not valid YAML: did not find expected ',' or ']'");
	expect_error(SUNSET_YAML_BASELINE, bad, strlen(bad), 2, 1,
		     "not a valid baseline (JSON): did not find expected");
}

/* SIGINT or SIGTERM stops a load part way (it is checked every 256
 * events): nothing to free, no message. */
static void test_stop_flag(void **state)
{
	char *list = flow_list(1000);
	yaml_document_t doc;
	sunset_yaml_error err;

	(void)state;
	sunset_interrupt_set(SIGTERM);
	assert_int_equal(sunset_yaml_load(&doc, &err, SUNSET_YAML_IGNORE, list,
					  strlen(list)),
			 SUNSET_EINTR);
	sunset_interrupt_set(0);
	assert_int_equal(sunset_yaml_load(&doc, &err, SUNSET_YAML_IGNORE, list,
					  strlen(list)),
			 0);
	yaml_document_delete(&doc);
	free(list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_values_and_aliases),
		cmocka_unit_test(test_anchors),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_stop_flag),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
