/* test_parse.c - every compiled-in grammar loads under the runtime and
 * parses its language; syntax errors are seen */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

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
	sunset_parser *p = sunset_parser_new(0);

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
	sunset_parser *p = sunset_parser_new(0);
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
	sunset_parser *p = sunset_parser_new(1);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_grammar_parses_its_language),
		cmocka_unit_test(test_syntax_errors_are_seen),
		cmocka_unit_test(test_parse_timeout_gives_up),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
