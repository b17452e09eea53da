/* test_engine.c - every matcher, binding resolution, URL building,
 * suppressions, fingerprints and match limits, on fixtures/engine/rules.yaml
 * (Python here; each language's extractor has its own tests) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "glob.h"
#include "helpers.h"
#include "parse.h"
#include "ruletest.h"
#include "suppress.h"
#include "util.h"
#include "yaml_load.h"

static sunset_ruleset rules;
static sunset_findings found;
static sunset_buf warnings = SUNSET_BUF_INIT;

static void capture(sunset_msg_level level, const char *msg, void *p)
{
	(void)p;
	if (level != SUNSET_MSG_INFO)
		sunset_buf_printf(&warnings, "%s\n", msg);
}

static int setup(void **state)
{
	char *path = fx_fixture("engine/rules.yaml");
	const char *paths[] = {path};
	int rc;

	(void)state;
	git_libgit2_init();
	rc = sunset_rules_load(&rules, paths, 1);
	free(path);
	return rc;
}

static int teardown(void **state)
{
	(void)state;
	sunset_rules_clear(&rules);
	sunset_findings_clear(&found);
	sunset_buf_free(&warnings);
	git_libgit2_shutdown();
	return 0;
}

/* Run the rules over one file; findings land in `found`. */
static void run(const char *path, const char *lang_name, const char *src)
{
	sunset_lang lang = sunset_lang_from_name(lang_name);
	sunset_parser *p = sunset_parser_new(0, NULL);
	TSTree *tree = NULL;
	sunset_facts facts;
	sunset_deps deps;

	sunset_findings_clear(&found);
	sunset_buf_clear(&warnings);
	if (sunset_lang_has_grammar(lang))
		assert_int_equal(sunset_parse(&tree, p, lang, src, strlen(src)),
				 0);
	sunset_extract(&facts, lang, src, strlen(src), tree);
	sunset_manifest_read(&deps, path, lang, src, strlen(src), tree);
	sunset_msg_set_sink(capture, NULL);
	sunset_engine_file(&found, &rules, path, lang, src, strlen(src), tree,
			   &facts, &deps);
	sunset_msg_set_sink(NULL, NULL);
	sunset_deps_clear(&deps);
	sunset_facts_clear(&facts);
	ts_tree_delete(tree);
	sunset_parser_delete(p);
}

/* "rule@line" for every finding, space-separated, in order. */
static const char *summary(void)
{
	static sunset_buf b = SUNSET_BUF_INIT;

	sunset_buf_clear(&b);
	sunset_buf_puts(&b, "");
	for (size_t i = 0; i < found.count; i++)
		sunset_buf_printf(&b, "%s%s@%u%s", i ? " " : "",
				  found.items[i].rule->id, found.items[i].line,
				  found.items[i].suppressed ? "(s)" : "");
	return b.ptr;
}

static void expect(const char *want)
{
	if (strcmp(summary(), want) != 0)
		fail_msg("findings\n  got:  %s\n  want: %s", summary(), want);
}

static void test_import_matcher(void **state)
{
	(void)state;
	run("app.py", "python",
	    "import acme_media\n"	      /* 1 */
	    "import acme_media.video as v\n"  /* 2 */
	    "from acme_media import Client\n" /* 3 */
	    "import acme_mediatool\n"	      /* 4: another module */
	    "from . import acme_media\n"      /* 5: the project's own */
	    "# import acme_media\n");	      /* 6: a comment */
	expect("acme.sdk.import@1 acme.sdk.import@2 acme.sdk.import@3");
}

static void test_call_matcher_follows_bindings(void **state)
{
	(void)state;
	run("app.py", "python",
	    "import acme_media as am\n"			   /* 1 */
	    "from acme_media import Client, render\n"	   /* 2 */
	    "c = Client(key)\n"				   /* 3 */
	    "c.videos.create(prompt='x')\n"		   /* 4 */
	    "d = c\n"					   /* 5 */
	    "d.videos.create()\n"			   /* 6 */
	    "am.Client().videos.create()\n"		   /* 7 */
	    "class Svc:\n"				   /* 8 */
	    "    def __init__(self):\n"			   /* 9 */
	    "        self.client = am.Client()\n"	   /* 10 */
	    "    def go(self):\n"			   /* 11 */
	    "        return self.client.videos.create()\n" /* 12 */
	    "render('scene')\n"				   /* 13 */
	    "foo.videos.create()\n"			   /* 14 */
	    "other = Unrelated()\n"			   /* 15 */
	    "other.videos.create()\n"			   /* 16 */
	    "c.images.create()\n");			   /* 17 */
	expect("acme.sdk.import@1 acme.sdk.import@2 acme.video.call@4 "
	       "acme.video.call@6 acme.video.call@7 acme.video.call@12 "
	       "acme.video.call@13");
}

static void test_http_matcher_url_building(void **state)
{
	(void)state;
	run("client.py", "python",
	    "import requests, httpx\n"				    /* 1 */
	    "BASE = 'https://api.acme.example'\n"		    /* 2 */
	    "requests.post('https://api.acme.example/v1/videos')\n" /* 3 */
	    "requests.post(BASE + '/v1/videos')\n"		    /* 4 */
	    "requests.post(f'{BASE}/v1/videos/{vid}')\n"	    /* 5 */
	    "requests.get('{}/v1/videos'.format(BASE))\n"	    /* 6 */
	    "requests.get('%s/v1/videos/%s' % (BASE, vid))\n"	    /* 7 */
	    "requests.get(urljoin(BASE, 'v1/videos'))\n"	    /* 8 */
	    "url = BASE + '/v1/videos'\n"			    /* 9 */
	    "requests.request('POST', url)\n"			    /* 10 */
	    "class C:\n"					    /* 11 */
	    "    def __init__(self):\n"				    /* 12 */
	    "        self.base = 'https://api.acme.example/v1'\n"   /* 13 */
	    "    def go(self, http):\n"				    /* 14 */
	    "        return http.post(self.base + '/videos')\n"	    /* 15 */
	    "requests.post(BASE + '/v1/images')\n"		    /* 16 */
	    "requests.post('https://api.acme.example.evil.com/v1/videos')\n" /* 17 */
	    "cache.store('https://api.acme.example/v1/videos')\n" /* 18 */
	    "requests.post(url=BASE + '/v1/videos')\n"		  /* 19 */
	    "api = httpx.Client(base_url=BASE)\n"		  /* 20 */
	    "api.post('/v1/videos')\n"				  /* 21 */
	    "ENV_BASE = os.getenv('ACME_BASE', "
	    "'https://api.acme.example')\n"	       /* 22 */
	    "requests.post(ENV_BASE + '/v1/videos')\n" /* 23 */
	    "plain = httpx.Client()\n"		       /* 24 */
	    "plain.post('/v1/videos')\n");	       /* 25 */
	expect("acme.video.http@3 acme.video.http@4 acme.video.http@5 "
	       "acme.video.http@6 acme.video.http@7 acme.video.http@8 "
	       "acme.video.http@10 acme.video.http@15 acme.video.http@19 "
	       "acme.video.http@21 acme.video.http@23");
	/* the evaluated URL is the detail */
	assert_non_null(strstr(found.items[2].detail,
			       "https://api.acme.example/v1/videos/{}"));
}

static void test_string_and_env_matchers(void **state)
{
	(void)state;
	run("conf.py", "python",
	    "MODEL = 'acme-vid-1'\n"		 /* 1 */
	    "m2 = 'acme-vid-2-2026-01-15'\n"	 /* 2 */
	    "m3 = 'acme-vid-2-beta'\n"		 /* 3: no */
	    "# we used acme-vid-1 before\n"	 /* 4: comment */
	    "'''acme-vid-1 in a docstring'''\n"	 /* 5: prose */
	    "k = os.environ['ACME_API_KEY']\n"	 /* 6 */
	    "j = os.getenv('APP_ACME_KEY')\n"	 /* 7 */
	    "x = os.getenv('ACME_API_KEYS')\n"); /* 8: no */
	expect("acme.model@1 acme.model@2 acme.key.env@6 acme.key.env@7");
}

static void test_env_in_config_lines(void **state)
{
	(void)state;
	run(".env.example", "dotenv", "ACME_API_KEY=\nOTHER=1\n");
	/* the dotenv reader records names; until it exists this is empty */
	if (found.count)
		expect("acme.key.env@1");
}

static void test_package_matcher_per_ecosystem(void **state)
{
	(void)state;
	run("requirements.txt", "requirements",
	    "# deps\nAcme_Media[video]>=1.2 ; python_version>'3.8'\n"
	    "acme-mediatool==1\n");
	expect("acme.sdk.dependency@2");
	assert_non_null(strstr(found.items[0].detail, ">=1.2"));

	run("package.json", "json",
	    "{\n  \"name\": \"x\",\n  \"dependencies\": {\n"
	    "    \"@acme/media\": \"^2.0.0\"\n  },\n"
	    "  \"devDependencies\": {\"@acme/media-mock\": \"1\"}\n}\n");
	expect("acme.sdk.dependency@4");

	run("go.mod", "gomod",
	    "module x\n\nrequire (\n\tgithub.com/acme/acme-go/v3 v3.1.0\n"
	    "\tgithub.com/other/thing v1.0.0\n)\n");
	expect("acme.sdk.dependency@4");

	run("pyproject.toml", "toml",
	    "[project]\nname = \"x\"\ndependencies = [\n  \"acme.media>=1\",\n"
	    "]\n[tool.poetry.dependencies]\npython = \"^3.11\"\n"
	    "acme-media = \"^1\"\n");
	expect("acme.sdk.dependency@4 acme.sdk.dependency@8");

	run("setup.py", "python",
	    "from setuptools import setup\nsetup(\n    name='x',\n"
	    "    install_requires=[\n        'requests',\n"
	    "        'acme-media>=1.0',\n    ],\n"
	    "    extras_require={'video': ['Acme_Media[gpu]==2']},\n)\n");
	expect("acme.sdk.dependency@6 acme.sdk.dependency@8");

	run("setup.cfg", "ini",
	    "[metadata]\nname = x\n\n[options]\ninstall_requires =\n"
	    "    requests\n    acme-media>=1.0 ; python_version>'3.8'\n\n"
	    "[options.extras_require]\nvideo = acme_media==2\n"
	    "[tool:pytest]\nacme-media = not a requirement\n");
	expect("acme.sdk.dependency@7 acme.sdk.dependency@10");

	run("Cargo.toml", "toml", "[dependencies]\nacme-media = \"0.3\"\n");
	expect("acme.sdk.dependency@2");

	run("Gemfile", "ruby",
	    "source 'https://rubygems.org'\ngem 'acme', '~> 1.0'\n");
	expect("acme.sdk.dependency@2");

	run("Api.csproj", "xml",
	    "<Project>\n  <ItemGroup>\n    <PackageReference "
	    "Include=\"acme.media\" Version=\"1.0.0\" />\n  </ItemGroup>\n"
	    "</Project>\n");
	expect("acme.sdk.dependency@3");

	run("pom.xml", "xml",
	    "<dependencies>\n<dependency>\n<groupId>com.acme</groupId>\n"
	    "<artifactId>acme-java</artifactId>\n<version>1.0</version>\n"
	    "</dependency>\n</dependencies>\n");
	expect("acme.sdk.dependency@4");

	run("build.gradle", "gradle",
	    "dependencies {\n    implementation "
	    "'com.acme:acme-java:1.2.0'\n}\n");
	expect("acme.sdk.dependency@2");

	run("composer.json", "json",
	    "{\"require\": {\"php\": \">=8.1\", \"Acme/Media\": \"^1\"}}\n");
	expect("acme.sdk.dependency@1");
}

static void test_query_matcher_with_constraints(void **state)
{
	(void)state;
	run("q.py", "python",
	    "gen(prompt='x', acme_watermark=False)\n"
	    "gen(prompt='x', watermark=False)\n");
	expect("acme.query.watermark@1");
	/* the rule is limited to Python */
	run("q.rb", "ruby", "gen(acme_watermark: false)\n");
	expect("");
}

static void test_paths_and_exclude(void **state)
{
	(void)state;
	run("src/a.py", "python", "x = 'acme-src-only'\n");
	expect("acme.only-src.model@1");
	run("src/legacy/a.py", "python", "x = 'acme-src-only'\n");
	expect("");
	run("tools/a.py", "python", "x = 'acme-src-only'\n");
	expect("");
}

static void test_inline_suppressions(void **state)
{
	(void)state;
	run("s.py", "python",
	    "a = 'acme-vid-1'  # sunset:ignore acme.model -- migrating in Q1\n"
	    "# sunset:ignore acme.* -- frozen legacy code\n"
	    "b = 'acme-vid-1'\n"
	    "c = 'acme-vid-1'  # sunset:ignore acme.key.env -- another rule\n"
	    "d = 'acme-vid-1'  # sunset:ignore acme.model\n");
	expect("acme.model@1(s) acme.model@3(s) acme.model@4 acme.model@5(s)");
	assert_string_equal(found.items[0].suppress_by, "inline");
	assert_string_equal(found.items[0].suppress_reason, "migrating in Q1");
	assert_string_equal(found.items[1].suppress_reason,
			    "frozen legacy code");
	/* honoured without a reason, but warned about */
	assert_null(found.items[3].suppress_reason);
	assert_non_null(strstr(warnings.ptr, "s.py:5: sunset:ignore for "
					     "acme.model has no reason"));
}

static void test_sunsetignore_file(void **state)
{
	sunset_suppressions sup;
	char *yaml;

	(void)state;
	run("legacy/old.py", "python",
	    "a = 'acme-vid-1'\nb = 'acme-vid-2'\nk = "
	    "os.getenv('ACME_API_KEY')\n");
	expect("acme.model@1 acme.model@2 acme.key.env@3");
	yaml = sunset_asprintf(
		"- fingerprint: %s\n  reason: checked, safe\n"
		"- rule: acme.key.*\n  path: legacy/**\n  reason: old app\n"
		"  until: 2026-12-31\n"
		"- rule: acme.model\n  reason: no path, every file\n"
		"  until: 2026-01-01\n"
		"- rule: acme.model\n"
		"- rule: acme.model\n  reason: x\n  bogus: 1\n",
		found.items[0].fingerprint);
	sunset_buf_clear(&warnings);
	sunset_msg_set_sink(capture, NULL);
	sunset_suppressions_parse(&sup, ".sunsetignore", yaml, strlen(yaml));
	sunset_msg_set_sink(NULL, NULL);
	/* entries without a reason or with unknown keys are ignored, loudly */
	assert_int_equal(sup.count, 3);
	assert_non_null(strstr(warnings.ptr, ".sunsetignore:10: a suppression "
					     "needs a reason"));
	assert_non_null(strstr(warnings.ptr, "unknown key 'bogus'"));

	sunset_suppressions_apply(&sup, &found, 0, "2026-11-23");
	expect("acme.model@1(s) acme.model@2 acme.key.env@3(s)");
	assert_string_equal(found.items[0].suppress_by, ".sunsetignore:1");
	assert_string_equal(found.items[0].suppress_reason, "checked, safe");
	/* the third entry expired on 2026-01-01: the finding came back */
	assert_string_equal(found.items[1].expired, "2026-01-01");

	/* after 2026-12-31 the key suppression expires too */
	for (size_t i = 0; i < found.count; i++)
		if (found.items[i].suppress_by &&
		    strstr(found.items[i].suppress_by, ":3")) {
			found.items[i].suppressed = 0;
			free(found.items[i].suppress_by);
			found.items[i].suppress_by = NULL;
			free(found.items[i].suppress_reason);
			found.items[i].suppress_reason = NULL;
		}
	sunset_suppressions_apply(&sup, &found, 0, "2027-01-01");
	assert_false(found.items[2].suppressed);
	assert_string_equal(found.items[2].expired, "2026-12-31");
	sunset_suppressions_clear(&sup);
	free(yaml);
}

/* A glob longer than SUNSET_GLOB_MAX is refused where it is read: an
 * inline id covers nothing, a .sunsetignore entry is ignored, loudly. */
static void test_globs_past_the_cap(void **state)
{
	char stars[SUNSET_GLOB_MAX + 2];
	sunset_suppressions sup;
	char *src, *yaml;

	(void)state;
	memset(stars, '*', sizeof(stars) - 1);
	stars[sizeof(stars) - 1] = '\0';
	src = sunset_asprintf("a = 'acme-vid-1'  # sunset:ignore %s -- r\n"
			      "b = 'acme-vid-1'  # sunset:ignore %s -- r\n",
			      stars, stars + 1);
	run("s.py", "python", src);
	expect("acme.model@1 acme.model@2(s)");
	free(src);

	yaml = sunset_asprintf("- rule: '%s'\n  reason: r\n"
			       "- rule: acme.*\n  path: '%s'\n  reason: r\n"
			       "- rule: acme.*\n  path: '%s'\n  reason: r\n",
			       stars, stars, stars + 1);
	sunset_buf_clear(&warnings);
	sunset_msg_set_sink(capture, NULL);
	sunset_suppressions_parse(&sup, ".sunsetignore", yaml, strlen(yaml));
	sunset_msg_set_sink(NULL, NULL);
	assert_int_equal(sup.count, 1);
	assert_int_equal(sup.items[0].line, 6);
	assert_non_null(strstr(warnings.ptr, ".sunsetignore:1: a glob longer "
					     "than 1024 bytes; suppression "
					     "ignored"));
	assert_non_null(strstr(warnings.ptr, ".sunsetignore:3: a glob longer"));
	sunset_suppressions_clear(&sup);
	free(yaml);
}

/* A .sunsetignore past the YAML limits: a warning, and no suppression
 * applies. A megabyte of '[' took libyaml's loader about ten minutes. */
static void test_sunsetignore_past_the_limits(void **state)
{
	size_t n = sunset_yaml_max_bytes(SUNSET_YAML_IGNORE);
	char *deep = malloc(n + 1);
	sunset_suppressions sup;

	(void)state;
	memcpy(deep, "- rule: '*'\n  reason: r\n  path: ", 32);
	memset(deep + 32, '[', n - 32);
	deep[n] = '\0';
	sunset_buf_clear(&warnings);
	sunset_msg_set_sink(capture, NULL);
	sunset_suppressions_parse(&sup, ".sunsetignore", deep, n);
	sunset_msg_set_sink(NULL, NULL);
	assert_int_equal(sup.count, 0);
	assert_non_null(strstr(warnings.ptr,
			       ".sunsetignore:3: nested deeper than 64 levels, "
			       "the most sunset reads in .sunsetignore; "
			       "flatten it; no suppression in it applies"));
	free(deep);
}

static void test_fingerprints_stable_under_edits_above(void **state)
{
	char fp1[41], fp2[41], fp_second[41];

	(void)state;
	run("f.py", "python", "a = 'acme-vid-1'\nb = 'acme-vid-1'\n");
	expect("acme.model@1 acme.model@2");
	memcpy(fp1, found.items[0].fingerprint, 41);
	memcpy(fp_second, found.items[1].fingerprint, 41);
	/* two identical matches differ by their occurrence index */
	assert_string_not_equal(fp1, fp_second);

	run("f.py", "python",
	    "import os\n\n# a new comment\nz = 1\na = 'acme-vid-1'\n"
	    "b = 'acme-vid-1'\n");
	expect("acme.model@5 acme.model@6");
	memcpy(fp2, found.items[0].fingerprint, 41);
	assert_string_equal(fp1, fp2);
	assert_string_equal(fp_second, found.items[1].fingerprint);

	/* another path is another finding */
	run("g.py", "python", "a = 'acme-vid-1'\n");
	assert_string_not_equal(fp1, found.items[0].fingerprint);
}

static void test_redos_pattern_ends_with_a_warning(void **state)
{
	sunset_buf src = SUNSET_BUF_INIT;

	(void)state;
	sunset_buf_puts(&src, "x = '");
	for (int i = 0; i < 30000; i++)
		sunset_buf_puts(&src, "a");
	sunset_buf_puts(&src, "!'\n");
	run("redos.py", "python", src.ptr);
	/* no finding from the catastrophic pattern, a warning naming it */
	expect("");
	assert_non_null(strstr(warnings.ptr, "redos.py: rule acme.redos: "
					     "pattern '^(a+)+$' hit its match "
					     "limit"));
	sunset_buf_free(&src);
}

/* Every matcher in every language: annotated files under
 * fixtures/engine/lang, one or more per language, run as a rule test. */
static void test_each_language_fixture(void **state)
{
	char *dir = fx_fixture("engine/lang");
	const char *paths[] = {dir};
	char *out_path =
		sunset_path_join(getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
				 "sunset-lang-test.txt");
	FILE *out = fopen(out_path, "w+");
	char report[8192] = "";
	int failed;

	(void)state;
	assert_non_null(out);
	failed = sunset_rules_test(&rules, paths, 1, out);
	rewind(out);
	report[fread(report, 1, sizeof(report) - 1, out)] = '\0';
	fclose(out);
	unlink(out_path);
	free(out_path);
	free(dir);
	if (failed != 0)
		fail_msg("language fixtures failed:\n%s", report);
	/* the fixtures exist and were read: a pass needs expectations */
	assert_non_null(strstr(report, "rules test: "));
	assert_null(strstr(report, "rules: 0 passed"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import_matcher),
		cmocka_unit_test(test_call_matcher_follows_bindings),
		cmocka_unit_test(test_http_matcher_url_building),
		cmocka_unit_test(test_string_and_env_matchers),
		cmocka_unit_test(test_env_in_config_lines),
		cmocka_unit_test(test_package_matcher_per_ecosystem),
		cmocka_unit_test(test_query_matcher_with_constraints),
		cmocka_unit_test(test_paths_and_exclude),
		cmocka_unit_test(test_inline_suppressions),
		cmocka_unit_test(test_sunsetignore_file),
		cmocka_unit_test(test_globs_past_the_cap),
		cmocka_unit_test(test_sunsetignore_past_the_limits),
		cmocka_unit_test(test_fingerprints_stable_under_edits_above),
		cmocka_unit_test(test_redos_pattern_ends_with_a_warning),
		cmocka_unit_test(test_each_language_fixture),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
