/* test_prefilter.c - the prefilter: the literals derived from rules and
 * regular expressions, the automaton's answers, slow rules, and the
 * same findings with and without it over the corpus and every rule
 * fixture */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"
#include "prefilter.h"
#include "rules.h"
#include "util.h"

static char *joined(const sunset_strlist *l)
{
	sunset_buf b = SUNSET_BUF_INIT;

	for (size_t i = 0; i < l->count; i++)
		sunset_buf_printf(&b, "%s%s", i ? " " : "", l->items[i]);
	return b.ptr ? sunset_buf_detach(&b) : sunset_strdup("");
}

static void list_free(sunset_strlist *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

/* The literals of a pattern, space-separated, or "-" for none. */
static void expect_regex(const char *pattern, const char *want)
{
	sunset_strlist l = {0};
	char *got;

	if (sunset_regex_literals(pattern, &l) < 0)
		got = sunset_strdup("-");
	else
		got = joined(&l);
	if (strcmp(got, want) != 0)
		fail_msg("%s: literals '%s', not '%s'", pattern, got, want);
	free(got);
	list_free(&l);
}

static void test_regex_literals(void **state)
{
	(void)state;
	/* a run every match holds; optional characters end it */
	expect_regex("^sora-2(-pro)?(-\\d{4}-\\d{2}-\\d{2})?$", "sora-2");
	expect_regex("^https?://firefly-api\\.adobe\\.io(/|$)",
		     "firefly-api.adobe.io");
	/* an optional group is not required; a mandatory one is */
	expect_regex("^(?:[A-Z0-9]+_)*ADOBE_CLIENT_(?:ID|SECRET)$",
		     "adobe_client_");
	expect_regex("^(?:eleven_v3|eleven_multilingual_v2)$",
		     "eleven_v3 eleven_multilingual_v2");
	/* every branch must give one, or there is none */
	expect_regex("^(?:eleven_v3|v2)$", "-");
	expect_regex("abc|defg", "abc defg");
	/* classes, escapes and the dot break runs */
	expect_regex("^[a-z]{2,3}-[A-Z]{2,4}-[A-Za-z]+Neural$", "neural");
	expect_regex("/speechtotext/v3\\.[0-2](?:[/-]|$)", "speechtotext");
	/* a repeated character stays, the run ends after it */
	expect_regex("ab+cdef", "cdef");
	expect_regex("x{0,2}wxyz", "wxyz");
	/* common words lose to distinctive ones */
	expect_regex("^https?://(?:api\\.)?x\\.ai(/|$)", "x.ai");
	/* an optional character: both spellings */
	expect_regex("^(?:[A-Z0-9]+_)*PLAY_?HT_(?:API_KEY|USER_ID)$",
		     "playht_ play_ht_");
	expect_regex("^wss?://stream\\.acme", "stream.acme");
	/* lookarounds and inline flags */
	expect_regex("(?i)(?=foo)dall-e-3", "dall-e-3");
	/* nothing to require */
	expect_regex("^[0-9a-f]{64}$", "-");
	expect_regex("^.*$", "-");
	expect_regex("(unbalanced", "-");
}

/* Rules from a YAML text: their literals, by rule. */
static void load(sunset_ruleset *rules, const char *yaml)
{
	sunset_rule_source src = {"test.yaml", (char *)yaml, strlen(yaml)};
	assert_int_equal(sunset_rules_load_sources(rules, &src, 1), 0);
}

static const char acme_yaml[] =
	"vendor: {id: acme, name: Acme}\n"
	"products:\n"
	"  - {id: video, name: V, capability: video, lifecycle: active, "
	"sources: [https://acme.example]}\n"
	"rules:\n"
	"  - id: acme.import\n"
	"    product: video\n"
	"    kind: import\n"
	"    severity: low\n"
	"    message: m\n"
	"    import: [google.cloud.acmevideo, \"@acme/acme-js\", "
	"github.com/acme/acme-go]\n"
	"  - id: acme.http\n"
	"    product: video\n"
	"    kind: endpoint\n"
	"    severity: low\n"
	"    message: m\n"
	"    http:\n"
	"      hosts: [api.acmevid.io, queue.fal.run, \"*.acme.azure.com\"]\n"
	"  - id: acme.model\n"
	"    product: video\n"
	"    kind: model\n"
	"    severity: low\n"
	"    message: m\n"
	"    languages: [python]\n"
	"    string:\n"
	"      values: [Acme-Vid-1]\n"
	"  - id: acme.env\n"
	"    product: video\n"
	"    kind: credential\n"
	"    severity: low\n"
	"    message: m\n"
	"    env:\n"
	"      patterns: ['^(?:[A-Z]+_)?ACME_(?:API_)?KEY$']\n";

static void test_rule_literals(void **state)
{
	sunset_ruleset rules;
	static const char *const want[] = {
		"acmevideo acme-js acme-go",
		"acmevid.io fal.run acme.azure.com",
		"acme-vid-1",
		"acme_",
	};

	(void)state;
	load(&rules, acme_yaml);
	assert_int_equal(rules.nrules, 4);
	for (size_t i = 0; i < rules.nrules; i++) {
		sunset_strlist l = {0};
		char *got;
		assert_int_equal(sunset_rule_literals(&rules.rules[i], &l), 0);
		got = joined(&l);
		if (strcmp(got, want[i]))
			fail_msg("%s: '%s', not '%s'", rules.rules[i].id, got,
				 want[i]);
		free(got);
		list_free(&l);
	}
	sunset_rules_clear(&rules);
}

static void test_candidates(void **state)
{
	sunset_ruleset rules;
	sunset_prefilter *p;
	static const struct {
		const char *path, *text;
		sunset_lang lang;
		int want;
	} cases[] = {
		{"a.py", "from google.cloud import acmevideo\n",
		 SUNSET_LANG_PYTHON, 1},
		/* ASCII case folded */
		{"a.py", "URL = 'https://API.ACMEVID.IO/v1'\n",
		 SUNSET_LANG_PYTHON, 1},
		{"a.go", "x := \"https://eu.acme.azure.com/x\"\n",
		 SUNSET_LANG_GO, 1},
		{"a.py", "print('hello')\n", SUNSET_LANG_PYTHON, 0},
		{"a.py", "", SUNSET_LANG_PYTHON, 0},
		/* a literal only Python rules need */
		{"a.py", "m = 'acme-vid-1'\n", SUNSET_LANG_PYTHON, 1},
		{"a.go", "m := \"acme-vid-1\"\n", SUNSET_LANG_GO, 0},
		/* also when written with escapes, as the extractor reads it */
		{"a.py", "m = 'acme\\u002dvid-1'\n", SUNSET_LANG_PYTHON, 1},
		{"a.py", "m = '\\x61cme-vid-1'\n", SUNSET_LANG_PYTHON, 1},
		{"a.py", "m = 'acme\\u002dvid-9'\n", SUNSET_LANG_PYTHON, 0},
		/* the literal may span anything, end the file */
		{"a.rb", "ENV['MY_ACME_", SUNSET_LANG_RUBY, 1},
		{"a.rb", "ENV['MY_ACM", SUNSET_LANG_RUBY, 0},
		/* manifests are always parsed */
		{"requirements.txt", "flask\n", SUNSET_LANG_REQUIREMENTS, 1},
		{"web/package.json", "{}", SUNSET_LANG_JSON, 1},
		{"web/data.json", "{}", SUNSET_LANG_JSON, 0},
		/* bytes that are no literal's, NULs included */
		{"b.py", "\xff\xfe\x00\x01 fal.ru fal.run", SUNSET_LANG_PYTHON,
		 1},
	};

	(void)state;
	load(&rules, acme_yaml);
	p = sunset_prefilter_new(&rules, 0);
	assert_int_equal(sunset_prefilter_slow_count(p), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		size_t len = strlen(cases[i].text);
		if (i == sizeof(cases) / sizeof(*cases) - 1)
			len = 30; /* with the NUL */
		if (sunset_prefilter_candidate(p, cases[i].path, cases[i].lang,
					       cases[i].text,
					       len) != cases[i].want)
			fail_msg("case %zu (%s): not %d", i, cases[i].path,
				 cases[i].want);
	}
	sunset_prefilter_free(p);
	sunset_rules_clear(&rules);
}

/* Every literal a file holds is seen, also one inside another ("cdefg"
 * in "abcdefgh"), and short ones only as whole words: rules are gated
 * by their own. */
static void test_rules_gated_by_their_literals(void **state)
{
	static const char yaml[] =
		"vendor: {id: acme, name: Acme}\n"
		"products:\n"
		"  - {id: video, name: V, capability: video, lifecycle: "
		"active, sources: [https://acme.example]}\n"
		"rules:\n"
		"  - {id: acme.long, product: video, kind: model, severity: "
		"low, message: m, string: {values: [abcdefgh]}}\n"
		"  - {id: acme.inner, product: video, kind: model, severity: "
		"low, message: m, string: {values: [cdefg]}}\n"
		"  - {id: acme.other, product: video, kind: model, severity: "
		"low, message: m, string: {values: [xyz9]}}\n"
		"  - {id: acme.sdk, product: video, kind: dependency, "
		"severity: low, message: m, package: {pypi: [acme]}}\n";
	static const struct {
		const char *text;
		int want[4];
	} cases[] = {
		{"q = 'ABCDEFGH'", {1, 1, 0, 1}},
		{"q = 'cdefg'", {0, 1, 0, 1}},
		{"q = 'xyz9' + 'abcdefg'", {0, 1, 1, 1}},
		/* a short value counts as a whole word only */
		{"q = 'xyz90'", {0, 0, 0, 1}},
		{"q = ['xyz9']", {0, 0, 1, 1}},
		{"q = 'ab\\x63defgh'", {1, 1, 0, 1}},
		{"", {0, 0, 0, 1}},
	};
	sunset_ruleset rules;

	(void)state;
	load(&rules, yaml);
	assert_non_null(rules.prefilter);
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		unsigned char seen[8] = {0};
		assert_true(sunset_prefilter_literals(rules.prefilter)->count <=
			    sizeof(seen));
		sunset_prefilter_seen(rules.prefilter, cases[i].text,
				      strlen(cases[i].text), seen);
		for (size_t r = 0; r < 4; r++)
			if (sunset_prefilter_rule_may_match(rules.prefilter, r,
							    seen) !=
			    cases[i].want[r])
				fail_msg("'%s': rule %s", cases[i].text,
					 rules.rules[r].id);
	}
	sunset_rules_clear(&rules);
}

/* A rule without a literal is reported, and makes every file of its
 * languages a candidate; a 'prefilter' pattern takes its place. */
static void test_slow_rules(void **state)
{
	static const char yaml[] =
		"vendor: {id: acme, name: Acme}\n"
		"products:\n"
		"  - {id: video, name: V, capability: video, lifecycle: "
		"active, sources: [https://acme.example]}\n"
		"rules:\n"
		"  - id: acme.hex\n"
		"    product: video\n"
		"    kind: model\n"
		"    severity: low\n"
		"    message: m\n"
		"    languages: [go]\n"
		"    string:\n"
		"      patterns: ['^[0-9a-f]{64}$']\n"
		"  - id: acme.versioned\n"
		"    product: video\n"
		"    kind: model\n"
		"    severity: low\n"
		"    message: m\n"
		"    string:\n"
		"      patterns: ['^[a-z]+:[0-9a-f]{8}$']\n"
		"    prefilter: [':[0-9a-f]{8}']\n";
	sunset_ruleset rules;
	sunset_prefilter *p;

	(void)state;
	load(&rules, yaml);
	p = sunset_prefilter_new(&rules, 1);
	assert_int_equal(sunset_prefilter_slow_count(p), 1);
	/* Go: every file; Python: only what the pattern finds */
	assert_int_equal(
		sunset_prefilter_candidate(p, "a.go", SUNSET_LANG_GO, "x", 1),
		1);
	assert_int_equal(sunset_prefilter_candidate(
				 p, "a.py", SUNSET_LANG_PYTHON, "v = 'x'", 7),
			 0);
	assert_int_equal(sunset_prefilter_candidate(p, "a.py",
						    SUNSET_LANG_PYTHON,
						    "v = 'a:0123abcd'", 16),
			 1);
	sunset_prefilter_free(p);
	sunset_rules_clear(&rules);
	/* reported on the command line with the rule and its place */
	{
		char *tmp = fx_tmpdir();
		char *file = sunset_path_join(tmp, "slow.yaml");
		fx_write(tmp, "slow.yaml", yaml);
		assert_int_equal(
			fx_run("rules", "literals", "--rules", file, NULL), 0);
		assert_non_null(strstr(fx_messages(),
				       "slow.yaml:5: rule acme.hex is slow"));
		assert_null(strstr(fx_messages(), "acme.versioned"));
		/* a scan builds the prefilter when the first file comes:
		 * the rule set's warning, printed, not the repository's */
		{
			char *repo = sunset_path_join(tmp, "repo");
			char *json = sunset_path_join(tmp, "out.jsonl");
			char *cache = sunset_path_join(tmp, "cache.db");
			git_repository *r;
			fx_tree *t = fx_tree_new();
			git_oid id;
			char *lines;
			git_libgit2_init();
			r = fx_repo_init(repo, 0);
			fx_tree_add(t, "main.go", "package main\n", 13);
			fx_commit(&id, r, t, "refs/heads/main", "one");
			fx_tree_free(t);
			git_repository_free(r);
			assert_int_equal(fx_run("scan", "--cache", cache,
						"--rules", file, "--json", json,
						repo, NULL),
					 0);
			assert_non_null(
				strstr(fx_messages(), "rule acme.hex is slow"));
			lines = fx_slurp(json);
			assert_null(strstr(lines, "is slow"));
			free(lines);
			free(json);
			free(cache);
			free(repo);
			git_libgit2_shutdown();
		}
		fx_rmrf(tmp);
		free(file);
		free(tmp);
	}
}

/* The shipped pack has no slow rule: nothing forces a parse of every
 * file. */
static void test_shipped_rules_are_not_slow(void **state)
{
	char *dir = fx_fixture("../rules/vendors");
	const char *paths[1] = {dir};
	sunset_ruleset rules;
	sunset_prefilter *p;

	(void)state;
	assert_int_equal(sunset_rules_load(&rules, paths, 1), 0);
	p = sunset_prefilter_new(&rules, 0);
	assert_int_equal(sunset_prefilter_slow_count(p), 0);
	assert_true(sunset_prefilter_literals(p)->count > 100);
	sunset_prefilter_free(p);
	sunset_rules_clear(&rules);
	free(dir);
}

/* Scan `repos` with and without the prefilter: the JSON Lines, SARIF and
 * the text listing are the same, and the prefilter ruled files out. */
static void expect_same_scan(const char *tmp, const char *repos)
{
	char *a = sunset_path_join(tmp, "with.jsonl");
	char *b = sunset_path_join(tmp, "without.jsonl");
	char *rules = fx_fixture("../rules/vendors");
	char *x, *y, *text;

	assert_int_equal(fx_run("scan", "--no-cache", "--all-capabilities",
				"--format", "text", "--json", a, "--rules",
				rules, repos, NULL),
			 0);
	text = sunset_strdup(fx_stdout());
	assert_non_null(strstr(fx_messages(), "prefilter: "));
	assert_int_equal(fx_run("scan", "--no-cache", "--no-prefilter",
				"--all-capabilities", "--format", "text",
				"--json", b, "--rules", rules, repos, NULL),
			 0);
	assert_null(strstr(fx_messages(), "prefilter: "));
	assert_string_equal(text, fx_stdout());
	x = fx_slurp(a);
	y = fx_slurp(b);
	assert_true(strlen(x) > 1000);
	assert_string_equal(x, y);
	free(x);
	free(y);
	free(text);
	free(a);
	free(b);
	free(rules);
}

/* Also with every file cut as finely as it goes (slice.h): what is
 * parsed in part finds what the whole file does. */
static void expect_same_scan_sliced(const char *tmp, const char *repos)
{
	expect_same_scan(tmp, repos);
	setenv("SUNSET_SLICE_MIN", "0", 1);
	expect_same_scan(tmp, repos);
	assert_int_equal(fx_run("scan", "--no-cache", repos, NULL), 0);
	assert_non_null(strstr(fx_messages(), "files parsed in part"));
	unsetenv("SUNSET_SLICE_MIN");
}

static void test_same_findings_over_the_corpus(void **state)
{
	char *tmp = fx_tmpdir();
	char *org;

	(void)state;
	git_libgit2_init();
	org = fx_corpus_org(tmp);
	expect_same_scan_sliced(tmp, org);
	fx_rmrf(tmp);
	free(org);
	free(tmp);
	git_libgit2_shutdown();
}

/* Every rule fixture (each rule's must-match and must-not-match files)
 * as one repository. */
static void test_same_findings_over_the_rule_fixtures(void **state)
{
	char *tmp = fx_tmpdir();
	char *repo = sunset_path_join(tmp, "fixtures");
	git_repository *r;
	fx_tree *t = fx_tree_new();
	git_oid id;

	(void)state;
	git_libgit2_init();
	r = fx_repo_init(repo, 1);
	fx_tree_add_dir(t, "rules");
	fx_commit(&id, r, t, "refs/heads/main", "fixtures");
	fx_tree_free(t);
	git_repository_free(r);
	expect_same_scan_sliced(tmp, repo);
	fx_rmrf(tmp);
	free(repo);
	free(tmp);
	git_libgit2_shutdown();
}

/* A rule pack the content cache has seen load whole is loaded again
 * without compiling its queries; they compile when a file first needs
 * them, and the findings are those of an uncached scan. */
static void test_deferred_queries(void **state)
{
	char *tmp = fx_tmpdir();
	char *repo = sunset_path_join(tmp, "r");
	char *cache = sunset_path_join(tmp, "cache.db");
	char *rules = fx_fixture("../rules/vendors");
	char *src = fx_fixture("rules/minimax/hailuo.py");
	git_repository *r;
	fx_tree *t = fx_tree_new();
	git_oid id;
	char *data, *plain, *deferred;
	FILE *f;
	long n;

	(void)state;
	git_libgit2_init();
	r = fx_repo_init(repo, 1);
	fx_tree_add(t, "a.py", "m = 'sora-2'\n", 13);
	fx_commit(&id, r, t, "refs/heads/main", "one");
	/* the first scan loads the pack whole and records it */
	assert_int_equal(
		fx_run("scan", "--cache", cache, "--rules", rules, repo, NULL),
		0);
	/* a file that needs a query rule (minimax's model key), new to
	 * the cache */
	f = fopen(src, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	data = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	fx_tree_add(t, "studio/hailuo.py", data, (size_t)n);
	fx_commit(&id, r, t, "refs/heads/main", "two");
	assert_int_equal(fx_run("scan", "--no-cache", "--format", "json",
				"--rules", rules, repo, NULL),
			 0);
	plain = sunset_strdup(fx_stdout());
	assert_non_null(strstr(plain, "minimax.image.model"));
	assert_int_equal(fx_run("scan", "--cache", cache, "--format", "json",
				"--rules", rules, repo, NULL),
			 0);
	deferred = sunset_strdup(fx_stdout());
	assert_string_equal(plain, deferred);
	free(plain);
	free(deferred);
	free(data);
	fx_tree_free(t);
	git_repository_free(r);
	fx_rmrf(tmp);
	free(repo);
	free(cache);
	free(rules);
	free(src);
	free(tmp);
	git_libgit2_shutdown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regex_literals),
		cmocka_unit_test(test_rule_literals),
		cmocka_unit_test(test_candidates),
		cmocka_unit_test(test_rules_gated_by_their_literals),
		cmocka_unit_test(test_slow_rules),
		cmocka_unit_test(test_shipped_rules_are_not_slow),
		cmocka_unit_test(test_same_findings_over_the_corpus),
		cmocka_unit_test(test_same_findings_over_the_rule_fixtures),
		cmocka_unit_test(test_deferred_queries),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
