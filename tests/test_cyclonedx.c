/* test_cyclonedx.c - the CycloneDX AI bill of materials: package URLs,
 * the serial number, golden files, and the official 1.6 JSON schema */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "cyclonedx.h"
#include "helpers.h"
#include "util.h"

/* the schemas come from the npm package @cyclonedx/cyclonedx-library,
 * pinned in package.json; python3-jsonschema from Debian (make deps-test)
 */
#define SCHEMA_DIR "../node_modules/@cyclonedx/cyclonedx-library/res/schema"
#define PYTHON "/usr/bin/python3"

typedef struct {
	char *tmp;
	char *app;   /* every ecosystem, a lock file, endpoints */
	char *tools; /* a second repository */
	char *rules;
} world;

/* every ecosystem's manifest naming the engine fixture's Acme SDK */
static const struct {
	const char *path, *content;
} app_files[] = {
	{"requirements.txt", "acme_media==1.54.0\nrequests>=2\n"},
	{"web/package.json", "{\"name\": \"web\", \"dependencies\": "
			     "{\"@acme/media\": \"^2.1.0\"}}\n"},
	{"web/package-lock.json",
	 "{\n  \"name\": \"web\",\n  \"lockfileVersion\": 3,\n"
	 "  \"packages\": {\n"
	 "    \"node_modules/@acme/media\": {\n"
	 "      \"version\": \"2.1.4\"\n    }\n  }\n}\n"},
	{"go.mod", "module example.com/app\n\ngo 1.22\n\n"
		   "require github.com/acme/acme-go v0.9.0+incompatible\n"},
	{"java/pom.xml",
	 "<project><dependencies><dependency><groupId>com.acme</groupId>"
	 "<artifactId>acme-java</artifactId><version>[3.0.1]</version>"
	 "</dependency></dependencies></project>\n"},
	{"dotnet/App.csproj",
	 "<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup>"
	 "<PackageReference Include=\"Acme.Media\" Version=\"4.2.0\" />"
	 "</ItemGroup></Project>\n"},
	{"ruby/Gemfile",
	 "source 'https://rubygems.org'\ngem 'acme', '~> 2.0'\n"},
	{"rust/Cargo.toml", "[package]\nname = \"app\"\nversion = \"0.1.0\"\n\n"
			    "[dependencies]\nacme_media = \"0.3\"\n"},
	{"rust/Cargo.lock", "[[package]]\nname = \"acme_media\"\n"
			    "version = \"0.3.2\"\n"},
	{"php/composer.json", "{\"require\": {\"acme/media\": \"^1.0\"}}\n"},
	/* endpoints: a literal URL and one with a part sunset cannot know */
	{"src/render.py",
	 "import requests\n"
	 "def render(vid):\n"
	 "    requests.post(\"https://api.acme.example/v1/videos\", json={})\n"
	 "    return requests.get(f\"https://api.acme.example/v1/videos/"
	 "{vid}/status\")\n"},
	{"src/model.py", "MODEL = \"acme-vid-1\"\n"},
	/* a manifest in a directory whose name is hostile: quotes, a
	 * newline, an ANSI escape, bytes that are not UTF-8 */
	{"odd/\"q\"\n\x1b[0m\xff/requirements.txt", "acme-media\n"},
};

static char *make_repo(const char *tmp, const char *name, int app)
{
	char *path = sunset_path_join(tmp, name);
	git_repository *r = fx_repo_init(path, 0);
	fx_tree *t = fx_tree_new();
	git_oid id;

	if (app) {
		for (size_t i = 0; i < sizeof(app_files) / sizeof(*app_files);
		     i++)
			fx_tree_add(t, app_files[i].path, app_files[i].content,
				    strlen(app_files[i].content));
	} else {
		static const char req[] = "acme-media==1.54.0\n";
		static const char key[] = "import os\nos.environ"
					  "[\"ACME_API_KEY\"]\n";
		fx_tree_add(t, "requirements.txt", req, strlen(req));
		fx_tree_add(t, "tool.py", key, strlen(key));
	}
	fx_commit(&id, r, t, "refs/heads/main", "fixture");
	fx_tree_free(t);
	git_repository_free(r);
	return path;
}

static int setup(void **state)
{
	world *w = calloc(1, sizeof(*w));

	git_libgit2_init();
	w->tmp = fx_tmpdir();
	w->app = make_repo(w->tmp, "app", 1);
	w->tools = make_repo(w->tmp, "tools", 0);
	w->rules = fx_fixture("engine/rules.yaml");
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	world *w = *state;
	fx_rmrf(w->tmp);
	free(w->tmp);
	free(w->app);
	free(w->tools);
	free(w->rules);
	free(w);
	git_libgit2_shutdown();
	return 0;
}

static char *slurp(const char *path)
{
	sunset_buf b = SUNSET_BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sunset_buf_put(&b, chunk, n);
	fclose(f);
	sunset_buf_puts(&b, "");
	return sunset_buf_detach(&b);
}

static void spit(const char *path, const char *s)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(s, 1, strlen(s), f), strlen(s));
	assert_int_equal(fclose(f), 0);
}

/* `s` with every `from` replaced by `to`. Caller frees. */
static char *replace_all(const char *s, const char *from, const char *to)
{
	sunset_buf b = SUNSET_BUF_INIT;
	const char *p;

	while ((p = strstr(s, from)) != NULL) {
		sunset_buf_put(&b, s, (size_t)(p - s));
		sunset_buf_puts(&b, to);
		s = p + strlen(from);
	}
	sunset_buf_puts(&b, s);
	return sunset_buf_detach(&b);
}

static int run_shell(const char *cmd)
{
	int rc = system(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* Scan `paths` into tmp/NAME.cdx.json; return the BOM with the temporary
 * directory written as @TMP@. Caller frees. */
static char *scan_bom(world *w, const char *name, const char *a, const char *b)
{
	char *file = sunset_asprintf("%s/%s.cdx.json", w->tmp, name);
	char *raw, *bom;

	assert_int_equal(fx_run("scan", "-q", "--rules", w->rules,
				"--cyclonedx", file, a, b, NULL),
			 0);
	raw = slurp(file);
	assert_non_null(raw);
	bom = replace_all(raw, w->tmp, "@TMP@");
	free(raw);
	free(file);
	return bom;
}

/* Compare with fixtures/golden/NAME.cdx.json, printing a unified diff
 * when they differ (SUNSET_UPDATE_GOLDEN=1 rewrites the golden file). */
static void expect_golden(world *w, const char *name, const char *bom)
{
	char *rel = sunset_asprintf("golden/%s.cdx.json", name);
	char *golden = fx_fixture(rel);
	char *want = slurp(golden);
	char *got = sunset_asprintf("%s/%s.actual.json", w->tmp, name);
	char *cmd;

	spit(got, bom);
	if (getenv("SUNSET_UPDATE_GOLDEN")) {
		spit(golden, bom);
	} else if (!want || strcmp(want, bom)) {
		cmd = sunset_asprintf("diff -u '%s' '%s'", golden, got);
		fflush(stdout);
		run_shell(cmd);
		free(cmd);
		fail_msg("%s differs from the golden file %s (diff above; "
			 "SUNSET_UPDATE_GOLDEN=1 make test rewrites it)",
			 got, golden);
	}
	free(rel);
	free(golden);
	free(want);
	free(got);
}

/* Validate with tests/validate_cyclonedx.py against the official
 * CycloneDX 1.6 schema. */
static void expect_valid(world *w, const char *name, const char *bom)
{
	char *file = sunset_asprintf("%s/%s.valid.json", w->tmp, name);
	char *schema = fx_fixture(SCHEMA_DIR);
	char *script = fx_fixture("../tests/validate_cyclonedx.py");
	char *cmd;
	struct stat st;

	assert_true(stat(schema, &st) == 0 && S_ISDIR(st.st_mode));
	spit(file, bom);
	cmd = sunset_asprintf("%s '%s' '%s' '%s'", PYTHON, script, schema,
			      file);
	fflush(stdout);
	assert_int_equal(run_shell(cmd), 0);
	free(cmd);
	free(file);
	free(schema);
	free(script);
}

static void test_purls_per_ecosystem(void **state)
{
	static const struct {
		const char *eco, *name, *version, *want;
	} cases[] = {
		{"pypi", "openai", "1.54.0", "pkg:pypi/openai@1.54.0"},
		{"pypi", "Acme_Media", NULL, "pkg:pypi/acme-media"},
		{"npm", "@scope/name", "2.1.4", "pkg:npm/%40scope/name@2.1.4"},
		{"npm", "replicate", "1.0.1", "pkg:npm/replicate@1.0.1"},
		{"go", "github.com/x/y", "v1.2.3",
		 "pkg:golang/github.com/x/y@v1.2.3"},
		{"go", "github.com/x/y/v2", "v2.0.0+incompatible",
		 "pkg:golang/github.com/x/y/v2@v2.0.0%2Bincompatible"},
		{"maven", "com.acme:acme-java", "3.0.1",
		 "pkg:maven/com.acme/acme-java@3.0.1"},
		{"nuget", "Acme.Media", "4.2.0", "pkg:nuget/Acme.Media@4.2.0"},
		{"rubygems", "acme", "2.0.1", "pkg:gem/acme@2.0.1"},
		{"cargo", "acme_media", "0.3.2", "pkg:cargo/acme_media@0.3.2"},
		{"composer", "Acme/Media", "1.0.0",
		 "pkg:composer/acme/media@1.0.0"},
		/* what is not a purl's unreserved character is encoded */
		{"npm", "we ird/@x?#", "1 0",
		 "pkg:npm/we%20ird/%40x%3F%23@1%200"},
		{"other", "a/b", NULL, "pkg:generic/a%2Fb"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *got = sunset_purl(cases[i].eco, cases[i].name,
					cases[i].version);
		assert_string_equal(got, cases[i].want);
		free(got);
	}
}

static void test_serial_is_a_stable_version_5_uuid(void **state)
{
	sunset_repo_result repos[2];
	sunset_scan_result r;
	char a[SUNSET_CDX_SERIAL_SIZE], b[SUNSET_CDX_SERIAL_SIZE];
	char c[SUNSET_CDX_SERIAL_SIZE];
	(void)state;

	memset(repos, 0, sizeof(repos));
	memset(&r, 0, sizeof(r));
	repos[0].info.path = "/somewhere/app";
	repos[0].info.commit = "1111111111111111111111111111111111111111";
	repos[1].info.path = "/elsewhere/tools/";
	repos[1].info.commit = "2222222222222222222222222222222222222222";
	r.repos = repos;
	r.nrepos = 2;
	sunset_cyclonedx_serial(a, &r);
	/* RFC 4122 version 5 in sunset's namespace of "app\0COMMIT\0tools\0
	 * COMMIT\0", as Python's uuid.uuid5 computes it */
	assert_string_equal(a, "urn:uuid:e5a517bf-7bc1-5bc5-8ea8-a1f3095f1aea");
	assert_int_equal(strlen(a), 45);
	assert_memory_equal(a, "urn:uuid:", 9);
	assert_int_equal(a[9 + 14], '5');
	assert_non_null(strchr("89ab", a[9 + 19]));
	/* the same repositories, checked out elsewhere: the same number */
	repos[0].info.path = "/other/place/app";
	sunset_cyclonedx_serial(b, &r);
	assert_string_equal(a, b);
	/* another commit: another number */
	repos[1].info.commit = "3333333333333333333333333333333333333333";
	sunset_cyclonedx_serial(c, &r);
	assert_string_not_equal(a, c);
	/* an origin URL names the repository wherever it is cloned */
	repos[0].info.remote_url = "https://example.com/x/app.git";
	r.nrepos = 1;
	sunset_cyclonedx_serial(c, &r);
	assert_string_equal(c, "urn:uuid:376af3aa-de9a-5e71-a053-2795e44f5ae3");
}

static void test_one_repository_matches_golden_and_schema(void **state)
{
	world *w = *state;
	char *bom = scan_bom(w, "cyclonedx", w->app, NULL);

	expect_golden(w, "cyclonedx", bom);
	expect_valid(w, "cyclonedx", bom);
	/* what came from the repository is escaped, never raw */
	assert_null(strchr(bom, '\x1b'));
	assert_non_null(strstr(bom, "odd/\\\"q\\\"\\n\\u001b[0m\\ufffd/"));
	free(bom);
}

static void test_two_repositories_match_golden_and_schema(void **state)
{
	world *w = *state;
	char *bom = scan_bom(w, "cyclonedx-repositories", w->app, w->tools);

	expect_golden(w, "cyclonedx-repositories", bom);
	expect_valid(w, "cyclonedx-repositories", bom);
	free(bom);
}

static void test_standard_output_and_write_errors(void **state)
{
	world *w = *state;
	char *bad = sunset_asprintf("%s/no-such-dir/bom.json", w->tmp);
	struct stat st;

	/* "-": the BOM alone on standard output, no findings listing */
	assert_int_equal(fx_run("scan", "-q", "--rules", w->rules,
				"--cyclonedx", "-", w->tools, NULL),
			 0);
	assert_memory_equal(fx_stdout(), "{\n  \"$schema\"", 13);
	assert_null(strstr(fx_stdout(), "acme.key.env:"));
	/* a file that cannot be written: exit 2, the path named */
	assert_int_equal(fx_run("scan", "-q", "--rules", w->rules,
				"--cyclonedx", bad, w->tools, NULL),
			 2);
	assert_non_null(strstr(fx_messages(), "no-such-dir"));
	assert_int_not_equal(stat(bad, &st), 0);
	free(bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_purls_per_ecosystem),
		cmocka_unit_test(test_serial_is_a_stable_version_5_uuid),
		cmocka_unit_test(test_one_repository_matches_golden_and_schema),
		cmocka_unit_test(test_two_repositories_match_golden_and_schema),
		cmocka_unit_test(test_standard_output_and_write_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
