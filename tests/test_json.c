/* test_json.c - the JSON Lines output of a scan: a golden file, every
 * line checked against the documented record types and fields, score
 * lines after the findings, and no score lines without scores */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "json.h"
#include "rules.h"
#include "scan.h"
#include "score.h"
#include "util.h"

#define GOLDEN "golden/json.jsonl"
#define TODAY "2026-06-01"

/* Two made-up vendors: acme with a video product near its shutdown, an
 * active API product and a text product; pixel, images behind one
 * adapter module. */
static const char acme_yaml[] =
	"vendor:\n"
	"  id: acme\n"
	"  name: Acme Media\n"
	"  homepage: https://acme.example\n"
	"products:\n"
	"  - id: video\n"
	"    name: Acme Video API\n"
	"    capability: video\n"
	"    lifecycle: sunset-announced\n"
	"    announced: 2026-01-01\n"
	"    shutdown: 2026-08-15\n"
	"    sources: [https://acme.example/changelog]\n"
	"  - id: api\n"
	"    name: Acme API\n"
	"    capability: video\n"
	"    lifecycle: active\n"
	"  - id: chat\n"
	"    name: Acme Chat\n"
	"    capability: text\n"
	"    lifecycle: active\n"
	"rules:\n"
	"  - id: acme.sdk.dependency\n"
	"    product: api\n"
	"    kind: dependency\n"
	"    severity: low\n"
	"    message: Acme SDK declared.\n"
	"    package:\n"
	"      pypi: [acme-media]\n"
	"  - id: acme.sdk.import\n"
	"    product: api\n"
	"    kind: import\n"
	"    severity: low\n"
	"    message: Acme SDK imported.\n"
	"    import: [acme_media]\n"
	"  - id: acme.video.call\n"
	"    product: video\n"
	"    kind: call\n"
	"    severity: high\n"
	"    message: Acme video call.\n"
	"    call:\n"
	"      modules: [acme_media]\n"
	"      chains: [videos.create]\n"
	"  - id: acme.video.http\n"
	"    product: video\n"
	"    kind: endpoint\n"
	"    severity: high\n"
	"    message: Raw HTTP to Acme's video API.\n"
	"    http:\n"
	"      hosts: [api.acme.example]\n"
	"      paths: ['^/v1/videos']\n"
	"  - id: acme.video.model\n"
	"    product: video\n"
	"    kind: model\n"
	"    severity: high\n"
	"    message: Acme video model id.\n"
	"    string:\n"
	"      values: [acme-vid-1]\n"
	"  - id: acme.key.env\n"
	"    product: api\n"
	"    kind: credential\n"
	"    severity: medium\n"
	"    message: Acme API key.\n"
	"    env:\n"
	"      names: [ACME_API_KEY]\n"
	"  - id: acme.chat.model\n"
	"    product: chat\n"
	"    kind: model\n"
	"    severity: low\n"
	"    message: Acme chat model id.\n"
	"    string:\n"
	"      values: [acme-chat-1]\n";

static const char pixel_yaml[] = "vendor:\n"
				 "  id: pixel\n"
				 "  name: Pixel Images\n"
				 "  homepage: https://pixel.example\n"
				 "products:\n"
				 "  - id: image\n"
				 "    name: Pixel Image API\n"
				 "    capability: image\n"
				 "    lifecycle: active\n"
				 "rules:\n"
				 "  - id: pixel.sdk.import\n"
				 "    product: image\n"
				 "    kind: import\n"
				 "    severity: low\n"
				 "    message: Pixel SDK imported.\n"
				 "    import: [pixel_sdk]\n"
				 "  - id: pixel.image.model\n"
				 "    product: image\n"
				 "    kind: model\n"
				 "    severity: medium\n"
				 "    message: Pixel model id.\n"
				 "    string:\n"
				 "      values: [pixel-2]\n";

/* (path, content) of the fixture repository */
static const char *const shop[][2] = {
	{"requirements.txt", "acme-media>=1.4\nrequests==2.32.3\n"},
	{"poetry.lock", "[[package]]\nname = \"acme-media\"\n"
			"version = \"1.4.2\"\n"},
	{"dot.env.example", "ACME_API_KEY=\n"},
	{"config/media.yaml", "video:\n  model: acme-vid-1\n"},
	{"src/media/video.py",
	 "\"\"\"The video adapter.\"\"\"\n"
	 "import os\n"
	 "\n"
	 "import acme_media\n"
	 "\n"
	 "client = acme_media.Client(api_key=os.environ[\"ACME_API_KEY\"])\n"
	 "\n"
	 "\n"
	 "def render(prompt):\n"
	 "    return client.videos.create(prompt=prompt, "
	 "model=\"acme-vid-1\")\n"
	 "\n"
	 "\n"
	 "def chat():\n"
	 "    return \"acme-chat-1\"\n"},
	{"src/jobs/nightly.py",
	 "import requests\n"
	 "\n"
	 "BASE = \"https://api.acme.example\"\n"
	 "OLD = \"acme-vid-1\"  # sunset:ignore acme.video.model -- dead "
	 "code, removed in PR 7\n"
	 "\n"
	 "\n"
	 "def refresh(prompt):\n"
	 "    return requests.post(BASE + \"/v1/videos\", json={\"p\": "
	 "prompt})\n"},
	{"src/thumbs/pixel.py", "import pixel_sdk\n"
				"\n"
				"MODEL = \"pixel-2\"\n"},
	{"src/\"q\"\n\x1b[0m\xff.py", "m = 'acme-vid-1'\n"},
	{".sunsetignore", "- rule: pixel.image.model\n"
			  "  reason: until the new thumbnails\n"
			  "  until: 2026-03-31\n"
			  "- rule: acme.video.model\n"
			  "  path: config/**\n"
			  "  reason: 'configuration is the <b>\"right\"</b> "
			  "place'\n"},
};

typedef struct {
	char *tmp;
	char *rules; /* directory of the two rule files */
	char *repo;  /* the fixture repository */
	char *pair;  /* a directory holding two repositories */
	sunset_ruleset ruleset;
} world;

static void add_repo(const char *path, size_t nfiles)
{
	git_repository *r = fx_repo_init(path, 0);
	fx_tree *t = fx_tree_new();
	git_oid id;

	for (size_t i = 0; i < nfiles; i++) {
		/* dot.X stands for .X, as in the fixtures */
		const char *name = shop[i][0];
		char *real = !strncmp(name, "dot.", 4)
				     ? sunset_asprintf(".%s", name + 4)
				     : sunset_strdup(name);
		fx_tree_add(t, real, shop[i][1], strlen(shop[i][1]));
		free(real);
	}
	fx_commit(&id, r, t, "refs/heads/main", "shop");
	fx_tree_free(t);
	git_repository_free(r);
}

static int setup(void **state)
{
	world *w = calloc(1, sizeof(*w));
	const char *paths[1];
	char *a, *b;

	git_libgit2_init();
	/* scores count the days to a shutdown, suppressions expire: a fixed
	 * today keeps the golden file stable */
	setenv("SUNSET_TODAY", TODAY, 1);
	w->tmp = fx_tmpdir();
	w->rules = sunset_path_join(w->tmp, "rules");
	fx_write(w->rules, "acme.yaml", acme_yaml);
	fx_write(w->rules, "pixel.yaml", pixel_yaml);
	paths[0] = w->rules;
	assert_int_equal(sunset_rules_load(&w->ruleset, paths, 1), 0);
	w->repo = sunset_path_join(w->tmp, "shop");
	add_repo(w->repo, sizeof(shop) / sizeof(shop[0]));
	w->pair = sunset_path_join(w->tmp, "pair");
	a = sunset_path_join(w->pair, "one");
	b = sunset_path_join(w->pair, "two");
	add_repo(a, sizeof(shop) / sizeof(shop[0]));
	add_repo(b, 7); /* no hostile name, no .sunsetignore */
	free(a);
	free(b);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	world *w = *state;
	sunset_rules_clear(&w->ruleset);
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

/* Lines of `s` that contain `needle`. */
static int count_lines(const char *s, const char *needle)
{
	int n = 0;

	while (*s) {
		const char *end = strchr(s, '\n');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		char *line = sunset_strndup(s, len);
		n += strstr(line, needle) != NULL;
		free(line);
		s += len + (end != NULL);
	}
	return n;
}

/* Fail unless every line of the JSON Lines file at `path` parses and
 * carries exactly the documented fields (tests/check_jsonl.py); returns
 * its summary line ("PATH: N findings, N scores"), caller frees. */
static char *expect_documented(const char *path)
{
	char *cmd =
		sunset_asprintf("python3 tests/check_jsonl.py '%s' 2>&1", path);
	FILE *p = popen(cmd, "r");
	char line[4096];
	sunset_buf b = SUNSET_BUF_INIT;
	int status;

	assert_non_null(p);
	while (fgets(line, sizeof(line), p))
		sunset_buf_puts(&b, line);
	sunset_buf_puts(&b, "");
	status = pclose(p);
	if (status != 0)
		fail_msg("%s breaks the documented JSON Lines format:\n%s",
			 path, b.ptr);
	free(cmd);
	return sunset_buf_detach(&b);
}

static char *scan_to(world *w, const char *name, const char *target)
{
	char *out = sunset_path_join(w->tmp, name);
	int rc = fx_run("scan", "--rules", w->rules, "--json", out, target,
			NULL);
	if (rc != 0)
		fail_msg("scan exited %d:\n%s", rc, fx_messages());
	return out;
}

/* Compare with the golden file, showing `diff -u` when they differ;
 * SUNSET_UPDATE_GOLDEN=1 rewrites it instead. */
static void expect_golden(world *w, const char *norm)
{
	char *golden = fx_fixture(GOLDEN);
	char *want = slurp(golden);

	if (getenv("SUNSET_UPDATE_GOLDEN")) {
		assert_int_equal(
			sunset_write_file_atomic(golden, norm, strlen(norm)),
			0);
	} else if (!want || strcmp(norm, want)) {
		char *actual = sunset_path_join(w->tmp, "actual.jsonl");
		char *cmd, *diff_path, *diff;
		assert_int_equal(
			sunset_write_file_atomic(actual, norm, strlen(norm)),
			0);
		diff_path = sunset_asprintf("%s.diff", actual);
		cmd = sunset_asprintf("diff -u '%s' '%s' > '%s' 2>&1", golden,
				      actual, diff_path);
		if (system(cmd) == -1)
			fail_msg("cannot run diff");
		diff = slurp(diff_path);
		fail_msg("JSON Lines differ from %s (SUNSET_UPDATE_GOLDEN=1 "
			 "rewrites it after a deliberate change):\n%s",
			 golden, diff ? diff : "(no diff)");
	}
	free(want);
	free(golden);
}

static void test_golden_file(void **state)
{
	world *w = *state;
	char *out = scan_to(w, "shop.jsonl", w->repo);
	char *got = slurp(out), *norm, *summary;

	assert_non_null(got);
	/* the repository's absolute path is the only part that varies */
	norm = replace_all(got, w->repo, "REPO");
	assert_null(strstr(norm, w->tmp));
	expect_golden(w, norm);
	summary = expect_documented(out);
	assert_non_null(strstr(summary, ": 13 findings, 7 scores"));
	free(summary);
	free(norm);
	free(got);
	free(out);
}

static void test_records(void **state)
{
	world *w = *state;
	char *out = scan_to(w, "records.jsonl", w->repo);
	char *got = slurp(out);
	char *norm = replace_all(got, w->repo, "REPO");
	const char *first_score = strstr(norm, "{\"type\":\"score\"");

	/* every finding line starts with its type, then the fields it had */
	assert_int_equal(count_lines(norm, "{\"type\":\"finding\",\"repo\":"
					   "\"REPO\",\"commit\":\""),
			 13);
	/* the score lines follow the findings: repository, then each
	 * vendor by id followed by its products */
	assert_non_null(first_score);
	assert_null(strstr(first_score, "\"type\":\"finding\""));
	assert_int_equal(count_lines(norm, "{\"type\":\"score\",\"repo\":"
					   "\"REPO\",\"commit\":\""),
			 7);
	assert_true(strncmp(first_score,
			    "{\"type\":\"score\",\"repo\":\"REPO\"", 29) == 0);
	assert_non_null(strstr(first_score, "\"scope\":\"repository\","
					    "\"vendor\":null,\"product\":null,"
					    "\"score\":"));
	assert_non_null(strstr(first_score, "\"scope\":\"vendor\",\"vendor\":"
					    "\"acme\",\"product\":null,"));
	assert_non_null(strstr(first_score, "\"scope\":\"product\",\"vendor\":"
					    "\"acme\",\"product\":\"video\","));
	assert_non_null(strstr(first_score, "\"scope\":\"vendor\",\"vendor\":"
					    "\"pixel\",\"product\":null,"));
	/* the components are sunset_score_json()'s, with the days to the
	 * shutdown counted from SUNSET_TODAY */
	assert_non_null(strstr(first_score, "\"components\":{\"lifecycle\":"));
	assert_non_null(strstr(first_score, "\"shutdown\":\"2026-08-15\","
					    "\"days_to_shutdown\":75,"));
	assert_non_null(strstr(first_score, "\"adapter_verdict\":"
					    "\"scattered\""));
	/* the findings cover every conditional field */
	assert_non_null(strstr(norm, "\"suppressed\":true,\"suppressed_by\":"
				     "\"inline\",\"suppression_reason\":"
				     "\"dead code, removed in PR 7\""));
	assert_non_null(strstr(norm, "\"suppression_expired\":\"2026-03-31\""));
	assert_non_null(strstr(norm, "\"ecosystem\":\"pypi\",\"package\":"
				     "\"acme-media\",\"declared\":\">=1.4\","
				     "\"resolved\":\"1.4.2\",\"lockfile\":"
				     "\"poetry.lock\""));
	/* text from the repository is escaped, nothing breaks a line */
	assert_non_null(strstr(norm, "\"path\":\"src/\\\"q\\\"\\n\\u001b[0m"
				     "\\ufffd.py\""));
	assert_non_null(strstr(norm, "\"suppressed_by\":\".sunsetignore:4\","
				     "\"suppression_reason\":\"configuration "
				     "is the <b>\\\"right\\\"</b> place\""));
	for (const char *p = norm; *p; p++)
		assert_true((unsigned char)*p >= 0x20 || *p == '\n');
	free(norm);
	free(got);
	free(out);
}

/* Several repositories: all findings first, then the scores, each line
 * naming its repository. */
static void test_two_repositories(void **state)
{
	world *w = *state;
	char *out = scan_to(w, "pair.jsonl", w->pair);
	char *got = slurp(out), *summary;
	char *one = sunset_path_join(w->pair, "one");
	char *two = sunset_path_join(w->pair, "two");
	char *norm1 = replace_all(got, one, "ONE");
	char *norm = replace_all(norm1, two, "TWO");
	const char *first_score = strstr(norm, "{\"type\":\"score\"");

	summary = expect_documented(out);
	assert_non_null(first_score);
	assert_null(strstr(first_score, "\"type\":\"finding\""));
	assert_int_equal(count_lines(norm, "{\"type\":\"score\",\"repo\":"
					   "\"ONE\",\"commit\":\""),
			 7);
	assert_true(count_lines(norm, "{\"type\":\"score\",\"repo\":\"TWO\","
				      "\"commit\":\"") > 0);
	assert_non_null(strstr(first_score, "{\"type\":\"score\",\"repo\":"
					    "\"TWO\",\"commit\":\""));
	free(summary);
	free(norm);
	free(norm1);
	free(two);
	free(one);
	free(got);
	free(out);
}

/* A repository that could not be scanned has no score line. */
static void test_failed_repository_has_no_score(void **state)
{
	world *w = *state;
	char *out = sunset_path_join(w->tmp, "failed.jsonl");
	char *got, *summary;

	assert_int_equal(fx_run("scan", "--rules", w->rules, "--rev",
				"no-such-rev", "--json", out, w->repo, NULL),
			 2);
	got = slurp(out);
	assert_non_null(got);
	assert_null(strstr(got, "\"type\":\"score\""));
	summary = expect_documented(out);
	free(summary);
	free(got);
	free(out);
}

/* Without scores the output is the findings alone; standard output
 * carries the same lines as the file. */
static void test_without_scores(void **state)
{
	world *w = *state;
	const char *paths[1] = {w->repo};
	sunset_scan_opts opts;
	sunset_scan_result r;
	sunset_scores s;
	sunset_buf with = SUNSET_BUF_INIT, without = SUNSET_BUF_INIT;
	const char *first_score;

	sunset_scan_opts_init(&opts);
	opts.rules = &w->ruleset;
	sunset_msg_set_quiet(1);
	assert_int_equal(sunset_scan(&r, paths, 1, &opts), 0);
	sunset_msg_set_quiet(0);
	assert_int_equal(sunset_score(&s, &r, &w->ruleset), 0);
	sunset_json_render(&with, &r, &s);
	sunset_json_render(&without, &r, NULL);
	sunset_buf_puts(&with, "");
	sunset_buf_puts(&without, "");
	assert_null(strstr(without.ptr, "\"type\":\"score\""));
	first_score = strstr(with.ptr, "{\"type\":\"score\"");
	assert_non_null(first_score);
	assert_int_equal((size_t)(first_score - with.ptr), without.len);
	assert_true(strncmp(with.ptr, without.ptr, without.len) == 0);

	assert_int_equal(fx_run("scan", "--rules", w->rules, "--format", "json",
				w->repo, NULL),
			 0);
	assert_string_equal(fx_stdout(), with.ptr);

	sunset_buf_free(&with);
	sunset_buf_free(&without);
	sunset_scores_clear(&s);
	sunset_scan_result_clear(&r);
}

/* Strings as every JSON writer writes them: one line each, whatever the
 * text holds (U+2028 and U+2029 end lines in JavaScript before ES2019
 * and in some line readers). */
static void test_strings(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"a\"b\\c", "\"a\\\"b\\\\c\""},
		{"l1\nl2\r\t\x1b", "\"l1\\nl2\\r\\t\\u001b\""},
		{"x\xe2\x80\xa8y\xe2\x80\xa9z", "\"x\\u2028y\\u2029z\""},
		{"\xe2\x80\xa7\xe2\x80\xaa", "\"\xe2\x80\xa7\xe2\x80\xaa\""},
		{"bad\xff", "\"bad\\ufffd\""},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		sunset_buf b = SUNSET_BUF_INIT;
		sunset_json_string(&b, cases[i].in);
		assert_string_equal(b.ptr, cases[i].out);
		sunset_buf_free(&b);
	}
}

/* The checker itself fails on what it is there to catch. */
static void test_checker_catches_breaks(void **state)
{
	static const char *const broken[][2] = {
		{"{\"type\":\"finding\"}\n", "no \"repo\""},
		{"{\"type\":\"score\",\"repo\":\"r\",\"commit\":null,"
		 "\"scope\":\"repository\",\"vendor\":null,\"product\":"
		 "null,\"score\":1,\"components\":{}}\n",
		 "components: no \"lifecycle\""},
		{"{\"type\":\"verdict\"}\n", "type 'verdict'"},
		{"{\"type\":\"finding\",\"x\":1}\n",
		 "undocumented field \"x\""},
		{"{\"type\":\"finding\"}", "no newline"},
		{"{\"type\":\"finding\",\n", "not a JSON value"},
		{"[1]\n", "not a JSON object"},
		{"{\"type\":\"score\"}\n{\"type\":\"finding\"}\n",
		 "a finding after a score"},
	};
	world *w = *state;
	char *path = sunset_path_join(w->tmp, "broken.jsonl");

	for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		char *cmd = sunset_asprintf(
			"python3 tests/check_jsonl.py '%s' 2>&1", path);
		sunset_buf b = SUNSET_BUF_INIT;
		char line[4096];
		FILE *p;
		int status;

		assert_int_equal(sunset_write_file_atomic(path, broken[i][0],
							  strlen(broken[i][0])),
				 0);
		p = popen(cmd, "r");
		assert_non_null(p);
		while (fgets(line, sizeof(line), p))
			sunset_buf_puts(&b, line);
		sunset_buf_puts(&b, "");
		status = pclose(p);
		if (status == 0 || !strstr(b.ptr, broken[i][1]))
			fail_msg("check_jsonl.py on %s: exit %d, wanted "
				 "\"%s\":\n%s",
				 broken[i][0], status, broken[i][1], b.ptr);
		sunset_buf_free(&b);
		free(cmd);
	}
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_file),
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_two_repositories),
		cmocka_unit_test(test_failed_repository_has_no_score),
		cmocka_unit_test(test_without_scores),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_checker_catches_breaks),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
