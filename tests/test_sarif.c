/* test_sarif.c - the SARIF log of a scan: a golden file, the official
 * SARIF 2.1.0 schema, hostile file names, one run per repository */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "sarif.h"
#include "util.h"

/* The schema comes from the npm package @microsoft/jest-sarif (pinned in
 * package-lock.json); python3-jsonschema (Debian) checks against it. */
#define SCHEMA                                            \
	"node_modules/@microsoft/jest-sarif/lib/schemas/" \
	"sarif-2.1.0-rtm.5.json"
#define GOLDEN "golden/sarif.sarif"

static const char rules_yaml[] =
	"vendor:\n"
	"  id: acme\n"
	"  name: Acme Media\n"
	"  homepage: https://acme.example\n"
	"products:\n"
	"  - id: video-v1\n"
	"    name: Acme Video v1\n"
	"    capability: video\n"
	"    lifecycle: discontinued\n"
	"    shutdown: 2025-01-31\n"
	"    sources: [https://acme.example/changelog]\n"
	"  - id: chat\n"
	"    name: Acme Chat\n"
	"    capability: text\n"
	"    lifecycle: active\n"
	"    sources: [https://acme.example/chat]\n"
	"rules:\n"
	"  - id: acme.video-v1.model\n"
	"    product: video-v1\n"
	"    kind: model\n"
	"    severity: critical\n"
	"    message: The acme-video-1 model id.\n"
	"    remediation: Read the model id from configuration.\n"
	"    references: [https://acme.example/changelog]\n"
	"    string:\n"
	"      values: [acme-video-1]\n"
	"  - id: acme.video-v1.url\n"
	"    product: video-v1\n"
	"    kind: endpoint\n"
	"    severity: medium\n"
	"    message: An Acme render URL is written here.\n"
	"    remediation: Keep vendor endpoints in configuration.\n"
	"    string:\n"
	"      values: [\"https://api.acme.example/v1/render\"]\n"
	"  - id: acme.chat.model\n"
	"    product: chat\n"
	"    kind: model\n"
	"    severity: low\n"
	"    message: The acme-chat-1 model id.\n"
	"    remediation: Read the model id from configuration.\n"
	"    string:\n"
	"      values: [acme-chat-1]\n";

static const char app_py[] =
	"model = \"acme-video-1\"\n"
	"legacy = \"acme-video-1\"  # sunset:ignore acme.video-v1.model -- "
	"removed in PR 12\n"
	"url = \"https://api.acme.example/v1/render\"\n"
	"chat = \"acme-chat-1\"\n";

static const char ignore_yaml[] =
	"- rule: acme.video-v1.url\n"
	"  path: src/app.py\n"
	"  reason: 'migrating in Q3 <b>\"now\"</b>'\n";

static const char hostile_py[] = "m = 'acme-video-1'\n";
static const char accented_py[] = "t\xc3\xadtulo = \"acme-video-1\"\n";

typedef struct {
	char *tmp;
	char *rules;
	char *repo; /* one repository with a remote */
	char *pair; /* a directory holding two repositories */
} world;

static void add_repo(const char *path, const char *remote, int hostile)
{
	git_repository *r = fx_repo_init(path, 0);
	fx_tree *t = fx_tree_new();
	git_oid id;

	fx_tree_add(t, "src/app.py", app_py, strlen(app_py));
	fx_tree_add(t, ".sunsetignore", ignore_yaml, strlen(ignore_yaml));
	fx_tree_add(t, "src/caf\xc3\xa9 menu.py", accented_py,
		    strlen(accented_py));
	if (hostile) {
		fx_tree_add(t, "web/<script>alert(1)</script>.py", hostile_py,
			    strlen(hostile_py));
		fx_tree_add(t, "src/\"q\"\n\x1b[0m\xff.py", hostile_py,
			    strlen(hostile_py));
		fx_tree_add(t, "src/back\\slash 100%.py", hostile_py,
			    strlen(hostile_py));
	}
	fx_commit(&id, r, t, "refs/heads/main", "v1");
	/* written into the config directly: libgit2 1.5's
	 * git_remote_create leaks a PCRE2 match block */
	if (remote) {
		char *config = sunset_path_join(path, ".git/config");
		FILE *f = fopen(config, "a");
		if (!f)
			fail_msg("cannot open %s", config);
		fprintf(f, "[remote \"origin\"]\n\turl = %s\n", remote);
		fclose(f);
		free(config);
	}
	fx_tree_free(t);
	git_repository_free(r);
}

static int setup(void **state)
{
	world *w = calloc(1, sizeof(*w));
	char *a, *b;

	git_libgit2_init();
	/* scores count the days to a shutdown: a fixed today keeps the
	 * golden file stable */
	setenv("SUNSET_TODAY", "2026-06-01", 1);
	w->tmp = fx_tmpdir();
	fx_write(w->tmp, "rules/acme.yaml", rules_yaml);
	w->rules = sunset_path_join(w->tmp, "rules");
	w->repo = sunset_path_join(w->tmp, "app");
	add_repo(w->repo, "git@github.com:acme/app.git", 1);
	w->pair = sunset_path_join(w->tmp, "pair");
	a = sunset_path_join(w->pair, "one");
	b = sunset_path_join(w->pair, "two");
	add_repo(a, "https://example.invalid/acme/one.git", 0);
	add_repo(b, NULL, 0);
	free(a);
	free(b);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	world *w = *state;
	fx_rmrf(w->tmp);
	free(w->tmp);
	free(w->rules);
	free(w->repo);
	free(w->pair);
	free(w);
	unsetenv("SUNSET_TODAY");
	git_libgit2_shutdown();
	return 0;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	sunset_buf b = SUNSET_BUF_INIT;
	char chunk[4096];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sunset_buf_put(&b, chunk, n);
	fclose(f);
	sunset_buf_puts(&b, "");
	return sunset_buf_detach(&b);
}

/* `s` with every `from` replaced by `to`; caller frees. */
static char *replace_all(const char *s, const char *from, const char *to)
{
	sunset_buf b = SUNSET_BUF_INIT;
	size_t n = strlen(from);
	const char *hit;

	while ((hit = strstr(s, from)) != NULL) {
		sunset_buf_put(&b, s, (size_t)(hit - s));
		sunset_buf_puts(&b, to);
		s = hit + n;
	}
	sunset_buf_puts(&b, s);
	return sunset_buf_detach(&b);
}

/* Fail unless the SARIF log at `path` is valid against the schema. */
static void expect_schema_valid(const char *path)
{
	char *cmd = sunset_asprintf("python3 tests/validate_sarif.py '%s' "
				    "'%s' 2>&1",
				    SCHEMA, path);
	FILE *p = popen(cmd, "r");
	char *out, line[4096];
	sunset_buf b = SUNSET_BUF_INIT;
	int status;

	assert_non_null(p);
	while (fgets(line, sizeof(line), p))
		sunset_buf_puts(&b, line);
	sunset_buf_puts(&b, "");
	status = pclose(p);
	out = sunset_buf_detach(&b);
	if (status != 0)
		fail_msg("%s is not valid SARIF 2.1.0 (%s):\n%s", path, SCHEMA,
			 out);
	free(out);
	free(cmd);
}

static char *scan_to(world *w, const char *name, const char *target,
		     const char *extra)
{
	char *out = sunset_path_join(w->tmp, name);
	int rc = extra ? fx_run("scan", "--rules", w->rules, extra, "--sarif",
				out, target, NULL)
		       : fx_run("scan", "--rules", w->rules, "--sarif", out,
				target, NULL);
	if (rc != 0)
		fail_msg("scan exited %d:\n%s", rc, fx_messages());
	return out;
}

static void test_golden_file(void **state)
{
	world *w = *state;
	char *out = scan_to(w, "app.sarif", w->repo, NULL);
	char *got = slurp(out), *norm, *golden = fx_fixture(GOLDEN);
	char *want = slurp(golden);

	assert_non_null(got);
	/* the repository's absolute path is the only part that varies */
	norm = replace_all(got, w->repo, "REPO");
	if (getenv("SUNSET_UPDATE_GOLDEN")) {
		assert_int_equal(
			sunset_write_file_atomic(golden, norm, strlen(norm)),
			0);
	} else if (!want || strcmp(norm, want)) {
		char *actual = sunset_path_join(w->tmp, "actual.sarif");
		char *cmd, *diff;
		assert_int_equal(
			sunset_write_file_atomic(actual, norm, strlen(norm)),
			0);
		cmd = sunset_asprintf("diff -u '%s' '%s' > '%s.diff' 2>&1",
				      golden, actual, actual);
		if (system(cmd) == -1)
			fail_msg("cannot run diff");
		free(cmd);
		cmd = sunset_asprintf("%s.diff", actual);
		diff = slurp(cmd);
		fail_msg("SARIF differs from %s (SUNSET_UPDATE_GOLDEN=1 "
			 "rewrites it after a deliberate change):\n%s",
			 golden, diff ? diff : "(no diff)");
	}
	expect_schema_valid(out);
	free(want);
	free(golden);
	free(norm);
	free(got);
	free(out);
}

static void test_contents(void **state)
{
	world *w = *state;
	char *out = scan_to(w, "contents.sarif", w->repo, NULL);
	char *got = slurp(out);

	assert_non_null(got);
	/* GitHub's subset: ruleId, level, message, relative URI,
	 * partialFingerprints */
	assert_non_null(strstr(got, "\"ruleId\":\"acme.video-v1.model\""));
	assert_non_null(strstr(got, "\"level\":\"error\""));
	assert_non_null(strstr(got, "\"level\":\"warning\""));
	assert_non_null(strstr(got, "\"uri\":\"src/app.py\""));
	assert_non_null(strstr(got, "\"partialFingerprints\":{\"sunset/v1\":"));
	assert_non_null(strstr(got, "[acme/video-v1, video, discontinued "
				    "2025-01-31]"));
	/* suppressions: inline and .sunsetignore, with their reasons */
	assert_non_null(strstr(got, "{\"kind\":\"inSource\",\"status\":"
				    "\"accepted\",\"justification\":"
				    "\"removed in PR 12\""));
	assert_non_null(strstr(got, "{\"kind\":\"external\",\"status\":"
				    "\"accepted\",\"justification\":"
				    "\"migrating in Q3 <b>\\\"now\\\"</b>\""));
	/* names escaped as URIs; columns in code points after "í" */
	assert_non_null(strstr(got, "\"uri\":\"src/caf%C3%A9%20menu.py\""));
	assert_non_null(strstr(got, "\"startLine\":1,\"startColumn\":10,"
				    "\"endLine\":1,\"endColumn\":24"));
	/* the remote as a URI, and the commit */
	assert_non_null(strstr(got, "\"repositoryUri\":\"ssh://git@github.com/"
				    "acme/app.git\",\"revisionId\":\""));
	/* the risk scores: the run's, in SUNSET_TODAY's light, and the
	 * vendor's on each result */
	assert_non_null(strstr(got, "\"sunset/scores\":[\n{\"scope\":"
				    "\"repository\",\"vendor\":null,"
				    "\"product\":null,\"score\":65,"
				    "\"components\":{\"lifecycle\":40,"));
	assert_non_null(strstr(got, "{\"scope\":\"vendor\",\"vendor\":"
				    "\"acme\",\"product\":null,\"score\":"));
	assert_non_null(strstr(got, "{\"scope\":\"product\",\"vendor\":"
				    "\"acme\",\"product\":\"video-v1\","));
	assert_non_null(strstr(got, "\"days_to_shutdown\":-486,"));
	assert_non_null(strstr(got, "\"properties\":{\"matched\":"
				    "\"acme-video-1\",\"sunset/vendorScore\":"
				    "65}"));
	/* text capabilities only with --all-capabilities */
	assert_null(strstr(got, "acme.chat.model"));
	free(got);
	free(out);

	out = scan_to(w, "all.sarif", w->repo, "--all-capabilities");
	got = slurp(out);
	assert_non_null(strstr(got, "\"ruleId\":\"acme.chat.model\""));
	assert_non_null(strstr(got, "\"level\":\"note\""));
	/* a text product of a scored vendor carries the vendor's score */
	assert_non_null(strstr(got, "\"properties\":{\"matched\":"
				    "\"acme-chat-1\",\"sunset/vendorScore\":"
				    "65}"));
	expect_schema_valid(out);
	free(got);
	free(out);
}

static void test_hostile_names_stay_valid_json(void **state)
{
	world *w = *state;
	char *out = scan_to(w, "hostile.sarif", w->repo, NULL);
	char *got = slurp(out);

	/* the validator parses the file as strict UTF-8 JSON first */
	expect_schema_valid(out);
	assert_non_null(strstr(
		got,
		"\"uri\":\"web/%3Cscript%3Ealert%281%29%3C/script%3E.py\""));
	assert_non_null(
		strstr(got, "\"uri\":\"src/%22q%22%0A%1B%5B0m%FF.py\""));
	assert_non_null(
		strstr(got, "\"uri\":\"src/back%5Cslash%20100%25.py\""));
	assert_null(strstr(got, "<script>"));
	assert_null(strstr(got, "\x1b"));
	assert_null(strstr(got, "\xff"));
	free(got);
	free(out);
}

static void test_one_run_per_repository(void **state)
{
	world *w = *state;
	char *out = scan_to(w, "pair.sarif", w->pair, NULL);
	char *got = slurp(out);
	const char *p = got;
	int runs = 0;

	while ((p = strstr(p, "{\"tool\":")) != NULL) {
		runs++;
		p++;
	}
	assert_int_equal(runs, 2);
	assert_non_null(strstr(got, "\"automationDetails\":{\"id\":"
				    "\"sunset/1-one/\"}"));
	assert_non_null(strstr(got, "\"automationDetails\":{\"id\":"
				    "\"sunset/2-two/\"}"));
	assert_non_null(strstr(got, "\"repositoryUri\":\"https://"
				    "example.invalid/acme/one.git\""));
	/* the second repository has no remote: no provenance */
	assert_int_equal(strstr(strstr(got, "sunset/2-two/"),
				"versionControlProvenance") == NULL,
			 1);
	/* each run holds its own repository's scores */
	assert_non_null(strstr(strstr(got, "sunset/1-one/"),
			       "\"sunset/scores\":[\n{\"scope\":"
			       "\"repository\""));
	assert_non_null(strstr(strstr(got, "sunset/2-two/"),
			       "\"sunset/scores\":[\n{\"scope\":"
			       "\"repository\""));
	expect_schema_valid(out);
	free(got);
	free(out);
}

static void test_failed_repository_is_a_failed_run(void **state)
{
	world *w = *state;
	char *out = sunset_path_join(w->tmp, "failed.sarif");
	char *got;

	assert_int_equal(fx_run("scan", "--rules", w->rules, "--rev",
				"no-such-rev", "--sarif", out, w->repo, NULL),
			 2);
	got = slurp(out);
	assert_non_null(got);
	assert_non_null(strstr(got, "\"executionSuccessful\":false,"
				    "\"toolExecutionNotifications\":[{"
				    "\"level\":\"error\",\"message\":"));
	assert_non_null(strstr(got, "\"results\":[]"));
	/* a repository that was not scanned has no score */
	assert_null(strstr(got, "sunset/scores"));
	expect_schema_valid(out);
	free(got);
	free(out);
}

static void test_standard_output(void **state)
{
	world *w = *state;

	assert_int_equal(fx_run("scan", "--rules", w->rules, "--sarif", "-",
				w->repo, NULL),
			 0);
	/* the log replaces the text listing */
	assert_true(strncmp(fx_stdout(), "{\"$schema\":", 11) == 0);
	assert_null(strstr(fx_stdout(), "critical acme.video-v1.model"));
}

static void test_uri_escape(void **state)
{
	sunset_buf b = SUNSET_BUF_INIT;
	(void)state;

	sunset_sarif_uri_escape(&b, "a-b_c.d~e/f g#h?i%j\xc3\xa9");
	sunset_buf_puts(&b, "");
	assert_string_equal(b.ptr, "a-b_c.d~e/f%20g%23h%3Fi%25j%C3%A9");
	sunset_buf_free(&b);
}

/* origin's URL as a repositoryUri; none for what is no URL git
 * fetches over (never an invented ssh://javascript/...) */
static void test_remote_uri(void **state)
{
	static const struct {
		const char *url, *uri;
	} cases[] = {
		{"https://github.com/acme/app.git",
		 "https://github.com/acme/app.git"},
		{"ssh://git@github.com/acme/app.git",
		 "ssh://git@github.com/acme/app.git"},
		{"git://example.org/app", "git://example.org/app"},
		{"file:///srv/git/app.git", "file:///srv/git/app.git"},
		{"git@github.com:acme/app.git",
		 "ssh://git@github.com/acme/app.git"},
		{"github.com:acme/app.git", "ssh://github.com/acme/app.git"},
		{"localhost:/srv/app", "ssh://localhost/srv/app"},
		{"/srv/git/my app.git", "file:///srv/git/my%20app.git"},
		{"javascript:alert(1)", NULL},
		{"JavaScript:alert(document.domain)//x", NULL},
		{"javascript://%0aalert(1)", NULL},
		{"data:text/html,<script>x</script>", NULL},
		{"ext::sh -c touch% /tmp/pwned", NULL},
		{"fd::17", NULL},
		{"vbscript:msgbox", NULL},
		{"../relative/app.git", NULL},
		{"host:", NULL},
		{"https://example.org/\x1b[31m", NULL},
		{"", NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *got = sunset_sarif_remote_uri(cases[i].url);
		if (cases[i].uri ? !got || strcmp(got, cases[i].uri) : !!got)
			fail_msg("%s: got %s, want %s", cases[i].url,
				 got ? got : "NULL",
				 cases[i].uri ? cases[i].uri : "NULL");
		free(got);
	}
}

/* A javascript: remote: no provenance in SARIF, and in the HTML report
 * shown as written, escaped, and no link. */
static void test_unsupported_remote(void **state)
{
	world *w = *state;
	char *repo = sunset_path_join(w->tmp, "js-remote");
	char *out = sunset_path_join(w->tmp, "js.sarif");
	char *html = sunset_path_join(w->tmp, "js.html");
	char *got;

	add_repo(repo, "javascript:alert(1)//<b>", 0);
	assert_int_equal(fx_run("scan", "--rules", w->rules, "--sarif", out,
				"--html", html, repo, NULL),
			 0);
	got = slurp(out);
	assert_null(strstr(got, "versionControlProvenance"));
	assert_null(strstr(got, "javascript"));
	expect_schema_valid(out);
	free(got);
	got = slurp(html);
	assert_non_null(
		strstr(got, "<code>javascript:alert(1)//&lt;b&gt;</code>"));
	assert_null(strstr(got, "href=\"javascript"));
	assert_null(strstr(got, "//<b>"));
	free(got);
	free(html);
	free(out);
	free(repo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_file),
		cmocka_unit_test(test_contents),
		cmocka_unit_test(test_hostile_names_stay_valid_json),
		cmocka_unit_test(test_one_run_per_repository),
		cmocka_unit_test(test_failed_repository_is_a_failed_run),
		cmocka_unit_test(test_standard_output),
		cmocka_unit_test(test_uri_escape),
		cmocka_unit_test(test_remote_uri),
		cmocka_unit_test(test_unsupported_remote),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
