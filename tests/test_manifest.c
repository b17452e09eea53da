/* test_manifest.c - lock file readers, name normalisation per ecosystem,
 * and, through a scan, resolved versions and shadow and dead SDKs */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "manifest.h"
#include "util.h"

static void fx_tree_add_str(fx_tree *t, const char *path, const char *s)
{
	fx_tree_add(t, path, s, strlen(s));
}

/* "eco name version" for every entry, one per line. */
static char *lock_text(const char *path, const char *src)
{
	sunset_deps d;
	sunset_buf b = SUNSET_BUF_INIT;

	if (!sunset_lock_read(&d, path, src, strlen(src)))
		return sunset_strdup("(not a lock file)");
	sunset_buf_puts(&b, "");
	for (size_t i = 0; i < d.count; i++)
		sunset_buf_printf(
			&b, "%s %s %s\n", d.items[i].ecosystem, d.items[i].name,
			d.items[i].constraint ? d.items[i].constraint : "-");
	sunset_deps_clear(&d);
	return sunset_buf_detach(&b);
}

static void test_lock_readers(void **state)
{
	static const struct {
		const char *path, *src, *want;
	} cases[] = {
		{"package-lock.json",
		 "{\n  \"name\": \"x\",\n  \"lockfileVersion\": 3,\n"
		 "  \"packages\": {\n    \"\": {\"name\": \"x\"},\n"
		 "    \"node_modules/@acme/media\": {\n"
		 "      \"version\": \"2.1.3\",\n"
		 "      \"resolved\": \"https://registry.example/x.tgz\"\n"
		 "    },\n    \"node_modules/a/node_modules/b\": {\n"
		 "      \"version\": \"1.0.0\"\n    }\n  }\n}\n",
		 "npm @acme/media 2.1.3\nnpm b 1.0.0\n"},
		{"package-lock.json",
		 "{\n  \"lockfileVersion\": 1,\n  \"dependencies\": {\n"
		 "    \"openai\": {\n      \"version\": \"4.67.1\",\n"
		 "      \"requires\": {\n        \"x\": \"^1\"\n      }\n"
		 "    }\n  }\n}\n",
		 "npm openai 4.67.1\n"},
		{"yarn.lock",
		 "# yarn lockfile v1\n\n\"@acme/media@^2.0.0\", "
		 "\"@acme/media@^2.1.0\":\n  version \"2.1.3\"\n"
		 "  resolved \"https://x\"\n\nopenai@^4:\n  version "
		 "\"4.1.0\"\n",
		 "npm @acme/media 2.1.3\nnpm openai 4.1.0\n"},
		{"yarn.lock",
		 "__metadata:\n  version: 6\n\n\"openai@npm:^4.0.0\":\n"
		 "  version: 4.2.0\n  resolution: \"openai@npm:4.2.0\"\n",
		 "npm openai 4.2.0\n"},
		{"pnpm-lock.yaml",
		 "lockfileVersion: '9.0'\n\npackages:\n\n"
		 "  '@acme/media@2.1.3':\n    resolution: {integrity: x}\n\n"
		 "  openai@4.67.1(zod@3.0.0):\n    resolution: {integrity: "
		 "y}\n",
		 "npm @acme/media 2.1.3\nnpm openai 4.67.1\n"},
		{"pnpm-lock.yaml",
		 "lockfileVersion: 5.4\n\npackages:\n\n  /openai/4.1.0:\n"
		 "    resolution: {integrity: y}\n",
		 "npm openai 4.1.0\n"},
		{"poetry.lock",
		 "[[package]]\nname = \"acme-media\"\nversion = \"1.4.2\"\n"
		 "description = \"x\"\n\n[[package]]\nname = \"requests\"\n"
		 "version = \"2.32.3\"\n",
		 "pypi acme-media 1.4.2\npypi requests 2.32.3\n"},
		{"uv.lock",
		 "version = 1\n\n[[package]]\nname = \"openai\"\n"
		 "version = \"1.54.0\"\nsource = { registry = \"x\" }\n",
		 "pypi openai 1.54.0\n"},
		{"Cargo.lock",
		 "[[package]]\nname = \"async-openai\"\nversion = \"0.24.1\"\n",
		 "cargo async-openai 0.24.1\n"},
		{"Gemfile.lock",
		 "GEM\n  remote: https://rubygems.org/\n  specs:\n"
		 "    acme (1.0.4)\n      faraday (>= 1)\n    faraday (2.9.0)\n"
		 "\nPLATFORMS\n  ruby\n",
		 "rubygems acme 1.0.4\nrubygems faraday 2.9.0\n"},
		{"go.sum",
		 "github.com/acme/acme-go/v2 v2.3.0 h1:abc=\n"
		 "github.com/acme/acme-go/v2 v2.3.0/go.mod h1:def=\n",
		 "go github.com/acme/acme-go/v2 v2.3.0\n"},
		{"composer.lock",
		 "{\n  \"packages\": [\n    {\n      \"name\": "
		 "\"acme/media\",\n"
		 "      \"version\": \"v1.2.0\"\n    }\n  ]\n}\n",
		 "composer acme/media v1.2.0\n"},
		{"Pipfile.lock",
		 "{\n    \"default\": {\n        \"openai\": {\n"
		 "            \"hashes\": [],\n"
		 "            \"version\": \"==1.54.0\"\n        }\n    }\n}\n",
		 "pypi openai 1.54.0\n"},
		{"package.json", "{}", "(not a lock file)"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = lock_text(cases[i].path, cases[i].src);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu (%s):\ngot:\n%s\nwant:\n%s", i,
				 cases[i].path, got, cases[i].want);
		free(got);
	}
}

static void test_package_name_normalisation(void **state)
{
	static const struct {
		const char *eco, *declared, *rule;
		int match;
	} cases[] = {
		{"pypi", "Acme_Media", "acme-media", 1},
		{"pypi", "acme.media", "acme-media", 1},
		{"pypi", "acme--media", "acme-media", 1},
		{"pypi", "acme-mediatool", "acme-media", 0},
		{"npm", "@acme/media", "@acme/media", 1},
		{"npm", "@Acme/media", "@acme/media", 0},
		{"go", "github.com/acme/acme-go/v3", "github.com/acme/acme-go",
		 1},
		{"go", "github.com/acme/acme-go", "github.com/acme/acme-go/v2",
		 1},
		{"go", "github.com/acme/acme-golang", "github.com/acme/acme-go",
		 0},
		{"nuget", "acme.media", "Acme.Media", 1},
		{"cargo", "acme_media", "acme-media", 1},
		{"composer", "Acme/Media", "acme/media", 1},
		{"maven", "com.acme:acme-java", "com.acme:acme-java", 1},
		{"maven", "com.acme:acme-javax", "com.acme:acme-java", 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (sunset_package_match(cases[i].eco, cases[i].declared,
					 cases[i].rule) != cases[i].match)
			fail_msg("%s %s vs %s: expected %d", cases[i].eco,
				 cases[i].declared, cases[i].rule,
				 cases[i].match);
}

static void test_scan_resolves_versions_and_finds_shadow_and_dead(void **state)
{
	char *tmp = fx_tmpdir(), *repo = sunset_path_join(tmp, "mono");
	char *rules = fx_fixture("engine/rules.yaml");
	char *cloud = fx_fixture("engine/cloud/rules.yaml");
	git_repository *r;
	fx_tree *t = fx_tree_new();
	git_oid id;

	(void)state;
	git_libgit2_init();
	r = fx_repo_init(repo, 1);
	fx_tree_add_str(t, "web/package.json",
			"{\"dependencies\": {\"@acme/media\": \"^2.0.0\"}}\n");
	fx_tree_add_str(t, "web/package-lock.json",
			"{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n"
			"    \"node_modules/@acme/media\": {\n"
			"      \"version\": \"2.1.3\"\n    }\n  }\n}\n");
	fx_tree_add(t, "web/app.ts", "export const x = 1;\n", 20);
	fx_tree_add_str(t, "svc/main.py", "import acme_media\n");
	fx_tree_add_str(
		t, "gosvc/go.mod",
		"module x\n\nrequire github.com/acme/acme-go/v2 v2.3.0\n");
	fx_tree_add_str(t, "gosvc/go.sum",
			"github.com/acme/acme-go/v2 v2.3.0 h1:abc=\n");
	fx_tree_add_str(
		t, "gosvc/main.go",
		"package main\n\nimport acme \"github.com/acme/acme-go/v2\"\n"
		"\nvar _ = acme.X\n");
	/* a package of another vendor inside a declared module */
	fx_tree_add_str(t, "gosvc/cloud.go",
			"package main\n\nimport \"github.com/acme/acme-go/v2/"
			"cloud\"\n");
	fx_commit(&id, r, t, "refs/heads/main", "mono");

	assert_int_equal(fx_run("scan", "--format", "text",
				"--all-capabilities", "--rules", rules,
				"--rules", cloud, repo, NULL),
			 0);
	assert_non_null(strstr(fx_stdout(), "acme-cloud.sdk.import"));
	assert_null(strstr(fx_stdout(), "the Acme Cloud SDK is imported"));
	assert_non_null(strstr(fx_stdout(), "dependency: npm @acme/media "
					    "^2.0.0, resolved 2.1.3 in "
					    "web/package-lock.json"));
	assert_non_null(strstr(fx_stdout(),
			       "dependency: go github.com/acme/acme-go/v2 "
			       "v2.3.0, resolved v2.3.0 in gosvc/go.sum"));
	assert_non_null(strstr(fx_stdout(),
			       "shadow dependency: the Acme Media SDK is "
			       "imported at svc/main.py:1 but declared in no "
			       "pypi manifest"));
	assert_non_null(strstr(fx_stdout(),
			       "dead dependency: the Acme Media SDK is "
			       "declared at web/package.json:1 (npm) but "
			       "never imported"));
	/* go is both declared and imported: neither */
	assert_null(strstr(fx_stdout(), "(go) but never"));
	assert_null(strstr(fx_stdout(), "no go manifest"));
	/* the lock file is no finding of its own */
	assert_null(strstr(fx_stdout(), "package-lock.json:"));

	fx_tree_free(t);
	git_repository_free(r);
	fx_rmrf(tmp);
	free(rules);
	free(cloud);
	free(repo);
	free(tmp);
	git_libgit2_shutdown();
}

/* Manifests and JSON configuration are matched as their tools read
 * them: "\u006fpenai" in package.json is what npm installs as openai.
 * Findings keep the line as written (escaped for the terminal). */
static void test_json_escapes_are_decoded(void **state)
{
	char *tmp = fx_tmpdir(), *repo = sunset_path_join(tmp, "esc");
	char *rules = fx_fixture("engine/rules.yaml");
	git_repository *r;
	fx_tree *t = fx_tree_new();
	git_oid id;

	(void)state;
	git_libgit2_init();
	r = fx_repo_init(repo, 1);
	fx_tree_add_str(t, "web/package.json",
			"{\"dep\\u0065ndencies\": "
			"{\"@acme\\/medi\\u0061\": \"^2.0.0\"}}\n");
	fx_tree_add_str(t, "web/package-lock.json",
			"{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n"
			"    \"node_modules/@acme\\/media\": {\n"
			"      \"version\": \"2.1.3\"\n    }\n  }\n}\n");
	/* a decoded constraint that would colour the terminal */
	fx_tree_add_str(t, "php/composer.json",
			"{\"require\": {\"acme\\/media\": "
			"\"^1.0\\u001b[31m\"}}\n");
	fx_tree_add_str(t, "rs/Cargo.toml",
			"[dependencies]\n\"acme\\u005fmedia\" = \"0.3\"\n");
	fx_tree_add_str(t, "conf/app.json",
			"{\"video\": {\"model\": \"acme\\u002dvid-1\"}}\n");
	fx_commit(&id, r, t, "refs/heads/main", "escapes");

	assert_int_equal(fx_run("scan", "--no-cache", "--format", "text",
				"--all-capabilities", "--rules", rules, repo,
				NULL),
			 0);
	fx_expect_lines(
		fx_stdout(),
		"    {\"dep\\u0065ndencies\": {\"@acme\\/medi\\u0061\": "
		"\"^2.0.0\"}}\n"
		"    dependency: npm @acme/media ^2.0.0, resolved 2.1.3 in "
		"web/package-lock.json\n"
		"    dependency: composer acme/media ^1.0\\x1B[31m\n"
		"    dependency: cargo acme_media 0.3");
	assert_non_null(strstr(fx_stdout(), "/conf/app.json:1:21: high "
					    "acme.model"));
	assert_null(strchr(fx_stdout(), '\x1b'));

	fx_tree_free(t);
	git_repository_free(r);
	fx_rmrf(tmp);
	free(rules);
	free(repo);
	free(tmp);
	git_libgit2_shutdown();
}

static void test_non_media_findings_hidden_by_default(void **state)
{
	char *tmp = fx_tmpdir(), *repo = sunset_path_join(tmp, "r");
	char *rules = fx_fixture("engine/rules.yaml");
	git_repository *r;
	fx_tree *t = fx_tree_new();
	git_oid id;

	(void)state;
	git_libgit2_init();
	r = fx_repo_init(repo, 1);
	/* acme.key.env is product api (text): not media */
	fx_tree_add_str(t, "a.py",
			"k = os.getenv('ACME_API_KEY')\nm = 'acme-vid-1'\n");
	fx_commit(&id, r, t, "refs/heads/main", "one");
	assert_int_equal(fx_run("scan", "--format", "text", "--rules", rules,
				repo, NULL),
			 0);
	assert_non_null(strstr(fx_stdout(), "acme.model"));
	assert_null(strstr(fx_stdout(), "acme.key.env"));
	assert_non_null(strstr(fx_messages(), "1 of them not shown"));
	/* the default summary counts media findings only */
	assert_int_equal(fx_run("scan", "--rules", rules, repo, NULL), 0);
	fx_expect_lines(fx_stdout(), "vendors: acme (1 finding)");
	assert_int_equal(fx_run("scan", "--format", "text",
				"--all-capabilities", "--rules", rules, repo,
				NULL),
			 0);
	assert_non_null(strstr(fx_stdout(), "acme.key.env"));
	assert_int_equal(fx_run("scan", "--all-capabilities", "--rules", rules,
				repo, NULL),
			 0);
	fx_expect_lines(fx_stdout(), "vendors: acme (2 findings)");
	fx_tree_free(t);
	git_repository_free(r);
	fx_rmrf(tmp);
	free(rules);
	free(repo);
	free(tmp);
	git_libgit2_shutdown();
}

/* setup.py: each requirement's line and column, counted in one pass (a
 * count from the top for each string took 107 s over 200,000 of them),
 * and a constraint ends at the string's ';' or its end. */
static void test_setup_py_positions(void **state)
{
	sunset_buf src = SUNSET_BUF_INIT;
	sunset_deps d;

	(void)state;
	sunset_buf_puts(&src, "setup(\n    install_requires=[\n");
	for (int i = 0; i < 200000; i++)
		sunset_buf_puts(&src, "        'openai>=1',\n");
	sunset_buf_puts(&src, "    ],\n    extras_require={'x': "
			      "['elevenlabs==2; python_version>\"3\"', "
			      "'x'], 'y': ['runway']},\n)\n");
	sunset_manifest_read(&d, "setup.py", SUNSET_LANG_PYTHON, src.ptr,
			     src.len, NULL);
	assert_int_equal(d.count, 200003);
	assert_string_equal(d.items[199999].name, "openai");
	assert_string_equal(d.items[199999].constraint, ">=1");
	assert_int_equal(d.items[199999].line, 200002);
	assert_int_equal(d.items[199999].col, 10);
	assert_string_equal(d.items[200000].constraint, "==2");
	assert_int_equal(d.items[200000].line, 200004);
	assert_int_equal(d.items[200000].col, 28);
	assert_null(d.items[200002].constraint);
	sunset_deps_clear(&d);
	sunset_buf_free(&src);
}

/* SIGINT or SIGTERM stops a line reader part way. */
static void test_readers_stop_on_a_signal(void **state)
{
	sunset_buf src = SUNSET_BUF_INIT;
	sunset_deps d;

	(void)state;
	for (int i = 0; i < 10000; i++)
		sunset_buf_puts(&src, "openai==1.0\n");
	sunset_interrupt_set(SIGTERM);
	sunset_manifest_read(&d, "requirements.txt", SUNSET_LANG_REQUIREMENTS,
			     src.ptr, src.len, NULL);
	sunset_interrupt_set(0);
	assert_int_equal(d.count, 4095);
	sunset_deps_clear(&d);
	sunset_manifest_read(&d, "requirements.txt", SUNSET_LANG_REQUIREMENTS,
			     src.ptr, src.len, NULL);
	assert_int_equal(d.count, 10000);
	sunset_deps_clear(&d);
	sunset_buf_free(&src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lock_readers),
		cmocka_unit_test(test_setup_py_positions),
		cmocka_unit_test(test_readers_stop_on_a_signal),
		cmocka_unit_test(test_package_name_normalisation),
		cmocka_unit_test(
			test_scan_resolves_versions_and_finds_shadow_and_dead),
		cmocka_unit_test(test_json_escapes_are_decoded),
		cmocka_unit_test(test_non_media_findings_hidden_by_default),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
