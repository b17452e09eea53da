/* test_rules.c - the rule loader: one case per class of error a rule author
 * can meet, each with its file:line:column, and the exit codes of the
 * rules commands */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glob.h"
#include "helpers.h"
#include "rules.h"
#include "util.h"
#include "yaml_load.h"

static char *tmp;

static int setup(void **state)
{
	(void)state;
	git_libgit2_init();
	tmp = fx_tmpdir();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_rmrf(tmp);
	free(tmp);
	git_libgit2_shutdown();
	return 0;
}

#define HEAD                                          \
	"vendor:\n  id: acme\n  name: Acme\n"         \
	"products:\n  - id: video\n    name: Video\n" \
	"    capability: video\n    lifecycle: active\n"
/* HEAD is 8 lines; a rule list starts on line 9 */
#define RULE                                               \
	"rules:\n  - id: acme.model\n    product: video\n" \
	"    kind: model\n    severity: high\n"            \
	"    message: m\n"

static void test_every_loader_error_class(void **state)
{
	static const struct {
		const char *yaml;
		const char *error; /* FILE: is prefixed */
	} cases[] = {
		{"vendor: [unclosed\n",
		 "2:1: not valid YAML: did not find expected"},
		{"", "0:0: the file is empty"},
		{HEAD RULE
		 "    string:\n      values: [x]\n    languagez: [go]\n",
		 "17:5: rule acme.model: unknown key 'languagez' in a rule "
		 "(did you mean 'languages'?)"},
		{HEAD RULE "    string:\n      valuez: [x]\n",
		 "16:7: rule acme.model: unknown key 'valuez' in string (did "
		 "you mean 'values'?)"},
		{"vendr:\n  id: a\n", "1:1: unknown key 'vendr' in a rule file "
				      "(did you mean 'vendor'?)"},
		{HEAD "rules:\n  - id: acme.x\n    product: video\n"
		      "    kind: model\n    severity: high\n"
		      "    string: {values: [x]}\n",
		 "10:5: rule acme.x: a rule needs 'message'"},
		{HEAD RULE "    string: {values: [x]}\n    severity: high\n",
		 "16:5: rule acme.model: key 'severity' appears twice"},
		{HEAD "rules:\n  - id: acme.model\n    product: video\n"
		      "    kind: model\n    severity: urgent\n    message: m\n"
		      "    string: {values: [x]}\n",
		 "13:15: rule acme.model: severity 'urgent' is not one of "
		 "info, low, medium, high, critical"},
		{HEAD "rules:\n  - id: acme.model\n    product: video\n"
		      "    kind: modle\n    severity: high\n    message: m\n"
		      "    string: {values: [x]}\n",
		 "12:11: rule acme.model: kind 'modle' is not one of"},
		{HEAD RULE, "10:5: rule acme.model: no matcher"},
		{HEAD RULE "    string: {values: [x]}\n    env: {names: [X]}\n",
		 "16:10: rule acme.model: a rule has exactly one matcher, but "
		 "this one also has 'env'"},
		{HEAD RULE "    string:\n      patterns: ['(unclosed']\n",
		 "16:17: rule acme.model: pattern '(unclosed' does not compile "
		 "at offset 9"},
		{HEAD RULE
		 "    query:\n      language: python\n"
		 "      pattern: '(call function: (nonsense_node))'\n",
		 "17:16: rule acme.model: query does not compile for python"},
		{HEAD RULE "    query:\n      language: python\n"
			   "      pattern: '(identifier) @x'\n"
			   "      where: {\"@nope\": 'a'}\n",
		 "18:15: rule acme.model: 'where' names capture '@nope', which "
		 "the pattern does not define"},
		/* "@y" only inside a string of the pattern: found when the
		 * query is compiled */
		{HEAD RULE
		 "    query:\n      language: python\n"
		 "      pattern: '((identifier) @x (#eq? @x \"@y\"))'\n"
		 "      where: {\"@y\": 'a'}\n",
		 "18:15: rule acme.model: 'where' names capture '@y', which "
		 "the pattern does not define"},
		{HEAD RULE "    query:\n      language: dotenv\n"
			   "      pattern: '(x)'\n",
		 "16:17: rule acme.model: query language 'dotenv' has no "
		 "tree-sitter grammar"},
		{HEAD RULE "    string: {values: [x]}\n"
			   "  - id: acme.model\n    product: video\n"
			   "    kind: model\n    severity: high\n"
			   "    message: m\n    string: {values: [y]}\n",
		 "16:9: rule acme.model: rule id 'acme.model' is already used"},
		{HEAD "rules:\n  - id: acme.model\n    product: audio\n"
		      "    kind: model\n    severity: high\n    message: m\n"
		      "    string: {values: [x]}\n",
		 "11:14: rule acme.model: product 'audio' is not a product of "
		 "vendor acme"},
		{HEAD "rules:\n  - id: acme.model\n    vendor: nobody\n"
		      "    product: video\n    kind: model\n"
		      "    severity: high\n    message: m\n"
		      "    string: {values: [x]}\n",
		 "11:13: rule acme.model: vendor 'nobody' is not defined"},
		{HEAD "rules:\n  - id: nodots\n    product: video\n"
		      "    kind: model\n    severity: high\n    message: m\n"
		      "    string: {values: [x]}\n",
		 "10:9: rule nodots: rule id 'nodots' must be dotted"},
		{HEAD RULE "    languages: [python, cobol]\n"
			   "    string: {values: [x]}\n",
		 "15:16: rule acme.model: unknown language 'cobol'"},
		{HEAD RULE "    http:\n      hosts: [api.acme.example/v1]\n",
		 "16:14: rule acme.model: host 'api.acme.example/v1' must be a "
		 "bare host name"},
		{HEAD RULE "    call:\n      modules: [acme]\n",
		 "16:7: rule acme.model: call needs 'modules'"},
		{HEAD RULE "    package:\n      pip: [acme]\n",
		 "16:7: rule acme.model: unknown key 'pip' in package (did you "
		 "mean 'pypi'?)"},
		{HEAD RULE "    string:\n      values: []\n",
		 "16:15: rule acme.model: 'values' must list at least one"},
		{"vendor:\n  id: acme\n  name: Acme\nproducts:\n"
		 "  - id: video\n    name: Video\n    capability: video\n"
		 "    lifecycle: discontinued\n    shutdown: 2026-09-24\n",
		 "5:5: product video is discontinued: a lifecycle claim needs "
		 "'sources'"},
		{"vendor:\n  id: acme\n  name: Acme\nproducts:\n"
		 "  - id: video\n    name: Video\n    capability: video\n"
		 "    lifecycle: retired\n",
		 "8:16: lifecycle 'retired' is not one of active, deprecated, "
		 "sunset-announced, discontinued"},
		{"vendor:\n  id: acme\n  name: Acme\nproducts:\n"
		 "  - id: video\n    name: Video\n    capability: video\n"
		 "    lifecycle: discontinued\n    shutdown: 2026-02-30\n"
		 "    sources: [https://x.example]\n",
		 "9:15: shutdown '2026-02-30' is not a date (YYYY-MM-DD)"},
		{"vendor:\n  id: acme\n  name: Acme\nproducts:\n"
		 "  - id: video\n    name: Video\n    capability: holograms\n"
		 "    lifecycle: active\n",
		 "7:17: unknown capability 'holograms'"},
		{"vendor:\n  id: acme\n  name: Acme\nproducts:\n"
		 "  - id: video\n    name: Video\n    capability: video\n"
		 "    lifecycle: active\n    alternatives: [veo]\n",
		 "9:19: alternative 'veo' must name vendor.product"},
	};
	char *path = sunset_path_join(tmp, "rules.yaml");

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *want =
			sunset_asprintf("error: %s:%s", path, cases[i].error);
		fx_write(tmp, "rules.yaml", cases[i].yaml);
		if (fx_run("rules", "check", path, NULL) != 3)
			fail_msg("case %zu: expected exit 3\n%s", i,
				 fx_messages());
		if (!strstr(fx_messages(), want))
			fail_msg("case %zu: expected\n  %s\ngot:\n%s", i, want,
				 fx_messages());
		free(want);
	}
	free(path);
}

/* A rule file past a limit (a glob longer than SUNSET_GLOB_MAX, YAML
 * nested deeper than SUNSET_YAML_MAX_DEPTH) is refused as an invalid one
 * is; at the limit it loads. */
static void test_limits(void **state)
{
	char stars[SUNSET_GLOB_MAX + 2], deep[2 * SUNSET_YAML_MAX_DEPTH + 3];
	char *path = sunset_path_join(tmp, "rules.yaml");
	struct {
		char *yaml;
		int code;
		const char *error; /* rules.yaml: is prefixed */
	} cases[4];

	(void)state;
	memset(stars, '*', sizeof(stars) - 1);
	stars[sizeof(stars) - 1] = '\0';
	memset(deep, '[', SUNSET_YAML_MAX_DEPTH + 1);
	memset(deep + SUNSET_YAML_MAX_DEPTH + 1, ']',
	       SUNSET_YAML_MAX_DEPTH + 1);
	deep[sizeof(deep) - 1] = '\0';
	cases[0].yaml = sunset_asprintf(HEAD RULE "    paths: ['%s']\n"
						  "    string: {values: [x]}\n",
					stars);
	cases[0].code = 3;
	cases[0].error = "15:12: rule acme.model: 'paths' holds a glob of "
			 "1025 bytes; a glob may be at most 1024 bytes long";
	cases[1].yaml = sunset_asprintf(HEAD RULE "    paths: ['%s']\n"
						  "    string: {values: [x]}\n",
					stars + 1);
	cases[1].code = 0;
	cases[1].error = NULL;
	cases[2].yaml = sunset_strdup(deep);
	cases[2].code = 3;
	cases[2].error = "1:65: nested deeper than 64 levels, the most sunset "
			 "reads in a rule file; flatten it";
	/* the root mapping and 63 lists: 64 levels load, 'x' is wrong */
	cases[3].yaml = sunset_asprintf(
		HEAD "x: %.*s%.*s\n", SUNSET_YAML_MAX_DEPTH - 1, deep,
		SUNSET_YAML_MAX_DEPTH - 1, deep + SUNSET_YAML_MAX_DEPTH + 1);
	cases[3].code = 3;
	cases[3].error = "9:1: unknown key 'x' in a rule file";
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *want = sunset_asprintf("%s:%s", path, cases[i].error);
		fx_write(tmp, "rules.yaml", cases[i].yaml);
		if (fx_run("rules", "check", path, NULL) != cases[i].code ||
		    (cases[i].error && !strstr(fx_messages(), want)))
			fail_msg("case %zu: expected exit %d and %s, got:\n%s",
				 i, cases[i].code, want, fx_messages());
		free(want);
		free(cases[i].yaml);
	}
	free(path);
}

static void test_valid_files_load_and_list(void **state)
{
	char *path = sunset_path_join(tmp, "ok.yaml");

	(void)state;
	fx_write(tmp, "ok.yaml",
		 HEAD RULE "    languages: [python, go]\n"
			   "    string: {values: [x]}\n");
	assert_int_equal(fx_run("rules", "check", path, NULL), 0);
	assert_non_null(strstr(fx_stdout(), "1 rules of 1 vendors are valid"));
	assert_int_equal(fx_run("rules", "list", "--rules", path, NULL), 0);
	assert_string_equal(fx_stdout(),
			    "acme.model\tacme\tvideo\tmodel\tpython,go\n");
	free(path);
}

static void test_extension_file_for_another_vendor(void **state)
{
	char *dir = sunset_path_join(tmp, "pack");

	(void)state;
	/* b-extra.yaml sorts first but extends acme, defined in c-acme */
	fx_write(dir, "b-extra.yaml",
		 "vendor: acme\nrules:\n  - id: acme.extra\n"
		 "    product: video\n    kind: model\n    severity: low\n"
		 "    message: m\n    string: {values: [y]}\n");
	fx_write(dir, "c-acme.yaml", HEAD);
	assert_int_equal(fx_run("rules", "check", dir, NULL), 0);
	fx_write(dir, "b-extra.yaml",
		 "vendor: nobody\nrules:\n  - id: acme.extra\n"
		 "    product: video\n    kind: model\n    severity: low\n"
		 "    message: m\n    string: {values: [y]}\n");
	assert_int_equal(fx_run("rules", "check", dir, NULL), 3);
	assert_non_null(
		strstr(fx_messages(), "vendor 'nobody' is not defined"));
	free(dir);
}

static void test_scan_with_invalid_rules_scans_nothing(void **state)
{
	char *path = sunset_path_join(tmp, "bad.yaml");
	char *repo = sunset_path_join(tmp, "repo");
	git_repository *r = fx_repo_init(repo, 0);
	fx_tree *t = fx_tree_new();
	git_oid id;

	(void)state;
	fx_tree_add(t, "a.py", "x = 'x'\n", 8);
	fx_commit(&id, r, t, "refs/heads/main", "one");
	fx_write(tmp, "bad.yaml", HEAD RULE "    strin: {values: [x]}\n");
	assert_int_equal(
		fx_run("scan", "--rules", path, "--list-files", repo, NULL), 3);
	assert_string_equal(fx_stdout(), "");
	assert_non_null(strstr(fx_messages(), "nothing was scanned"));
	/* a rules path that does not exist is a usage error */
	assert_int_equal(
		fx_run("scan", "--rules", "/no/such/rules", repo, NULL), 2);
	fx_tree_free(t);
	git_repository_free(r);
	free(repo);
	free(path);
}

static void test_rules_test_reports_misses_and_surprises(void **state)
{
	char *rules = sunset_path_join(tmp, "rt.yaml");
	char *dir = sunset_path_join(tmp, "fx");

	(void)state;
	fx_write(tmp, "rt.yaml", HEAD RULE "    string: {values: [acme-1]}\n");
	fx_write(dir, "good.py",
		 "# sunset-expect: acme.model\nm = 'acme-1'\n"
		 "# sunset-ok: acme.model\nn = 'acme-2'\n");
	assert_int_equal(fx_run("rules", "test", "--rules", rules, dir, NULL),
			 0);
	assert_non_null(strstr(fx_stdout(), "rules: 2 passed, 0 failed"));

	/* a trailing annotation is about its own line */
	fx_write(dir, "trailing.py",
		 "m = 'acme-1'  # sunset-expect: acme.model\n"
		 "n = 'acme-2'  # sunset-ok: acme.model\n");
	assert_int_equal(fx_run("rules", "test", "--rules", rules, dir, NULL),
			 0);
	assert_non_null(strstr(fx_stdout(), "rules: 4 passed, 0 failed"));

	/* an expectation with no finding, a finding with no expectation, a
	 * sunset-ok that is wrong, and an annotation naming no rule */
	fx_write(dir, "bad.py",
		 "# sunset-expect: acme.model\nm = 'acme-2'\n"
		 "x = 'acme-1'\n"
		 "# sunset-ok: acme.model\ny = 'acme-1'\n"
		 "# sunset-expect: acme.nope\nz = 1\n");
	assert_int_equal(fx_run("rules", "test", "--rules", rules, dir, NULL),
			 1);
	assert_non_null(strstr(fx_stdout(), "bad.py:2: expected a finding of "
					    "acme.model, found none"));
	assert_non_null(strstr(fx_stdout(), "bad.py:3: unexpected finding of "
					    "acme.model"));
	assert_non_null(strstr(fx_stdout(), "bad.py:5: acme.model found, but "
					    "sunset-ok says"));
	assert_non_null(strstr(fx_stdout(), "bad.py:7: annotation names rule "
					    "acme.nope"));
	assert_non_null(strstr(fx_stdout(), "rules: 4 passed, 4 failed"));
	/* a fixture path that does not exist */
	assert_int_equal(fx_run("rules", "test", "--rules", rules,
				"/no/such/fixtures", NULL),
			 2);
	free(rules);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_loader_error_class),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_valid_files_load_and_list),
		cmocka_unit_test(test_extension_file_for_another_vendor),
		cmocka_unit_test(test_scan_with_invalid_rules_scans_nothing),
		cmocka_unit_test(test_rules_test_reports_misses_and_surprises),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
