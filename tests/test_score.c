/* test_score.c - risk scores: the worked example of reports/SCORING.md,
 * adapter and scattered SDK use, lifecycle ordering, a fallback vendor,
 * and the inventory's migration from schema 2 to 3 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "helpers.h"
#include "rules.h"
#include "scan.h"
#include "score.h"
#include "util.h"

/* The rule pack of the worked example (reports/SCORING.md): two made-up
 * vendors. Today is 2026-01-15 (SUNSET_TODAY). */
static const char ACME_RULES[] =
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
	"    shutdown: 2026-03-01\n"
	"    sources: [https://acme.example/changelog]\n"
	"  - id: api\n"
	"    name: Acme API\n"
	"    capability: video\n"
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
	"  - id: acme.model\n"
	"    product: video\n"
	"    kind: model\n"
	"    severity: high\n"
	"    message: Acme model id.\n"
	"    string:\n"
	"      values: [acme-vid-1]\n"
	"  - id: acme.key.env\n"
	"    product: api\n"
	"    kind: credential\n"
	"    severity: info\n"
	"    message: Acme key.\n"
	"    env:\n"
	"      names: [ACME_API_KEY]\n";

static const char PIXEL_RULES[] = "vendor:\n"
				  "  id: pixel\n"
				  "  name: Pixel Labs\n"
				  "  homepage: https://pixel.example\n"
				  "products:\n"
				  "  - id: image\n"
				  "    name: Pixel Images\n"
				  "    capability: image\n"
				  "    lifecycle: active\n"
				  "  - id: clip\n"
				  "    name: Pixel Clips\n"
				  "    capability: video\n"
				  "    lifecycle: active\n"
				  "rules:\n"
				  "  - id: pixel.sdk.import\n"
				  "    product: image\n"
				  "    kind: import\n"
				  "    severity: low\n"
				  "    message: Pixel SDK imported.\n"
				  "    import: [pixel_sdk]\n"
				  "  - id: pixel.clip.call\n"
				  "    product: clip\n"
				  "    kind: call\n"
				  "    severity: medium\n"
				  "    message: Pixel clip call.\n"
				  "    call:\n"
				  "      modules: [pixel_sdk]\n"
				  "      chains: [clips.create]\n";

/* The worked example's repository, file by file. */
static const char *const STUDIO[][2] = {
	{"src/media/acme_video.py",
	 "import os\n"
	 "import acme_media\n"
	 "\n"
	 "\n"
	 "def render(prompt):\n"
	 "    key = os.environ[\"ACME_API_KEY\"]\n"
	 "    return acme_media.videos.create(model=\"acme-vid-1\", "
	 "prompt=prompt, key=key)\n"},
	{"src/media/acme_http.py",
	 "import requests\n"
	 "\n"
	 "\n"
	 "def status():\n"
	 "    return requests.get(\"https://api.acme.example/v1/videos\")\n"},
	{"app/jobs.py", "import os\n"
			"import acme_media\n"
			"\n"
			"\n"
			"def nightly():\n"
			"    acme_media.videos.create(prompt=\"nightly\", "
			"key=os.getenv(\"ACME_API_KEY\"))\n"},
	{"src/thumbs.py",
	 "import pixel_sdk\n"
	 "\n"
	 "\n"
	 "def thumb(prompt):\n"
	 "    return pixel_sdk.images.create(prompt=prompt)\n"},
	{"config/models.yaml", "video_model: acme-vid-1\n"},
	{"requirements.txt", "requests==2.31.0\n"},
};

typedef struct {
	char *tmp;
	char *rules; /* directory of the two rule files */
	sunset_ruleset ruleset;
} world;

static int setup(void **state)
{
	world *w = calloc(1, sizeof(*w));
	const char *paths[1];

	git_libgit2_init();
	setenv("SUNSET_TODAY", "2026-01-15", 1);
	w->tmp = fx_tmpdir();
	w->rules = sunset_path_join(w->tmp, "rules");
	fx_write(w->rules, "acme.yaml", ACME_RULES);
	fx_write(w->rules, "pixel.yaml", PIXEL_RULES);
	paths[0] = w->rules;
	assert_int_equal(sunset_rules_load(&w->ruleset, paths, 1), 0);
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
	free(w);
	unsetenv("SUNSET_TODAY");
	git_libgit2_shutdown();
	return 0;
}

/* A repository below the world's directory from (path, content) pairs,
 * with `extra` appended to the file named `extra_path` (may be NULL).
 * Caller frees the returned path. */
static char *make_repo(world *w, const char *name,
		       const char *const (*files)[2], size_t nfiles,
		       const char *extra_path, const char *extra)
{
	char *path = sunset_path_join(w->tmp, name);
	git_repository *r = fx_repo_init(path, 0);
	fx_tree *t = fx_tree_new();
	git_oid id;

	for (size_t i = 0; i < nfiles; i++) {
		const char *data = files[i][1];
		char *joined = NULL;
		if (extra_path && !strcmp(files[i][0], extra_path))
			data = joined = sunset_asprintf("%s%s", data, extra);
		fx_tree_add(t, files[i][0], data, strlen(data));
		free(joined);
	}
	fx_commit(&id, r, t, "refs/heads/main", name);
	fx_tree_free(t);
	git_repository_free(r);
	return path;
}

static void scan(sunset_scan_result *out, sunset_scores *scores, world *w,
		 const char *repo)
{
	sunset_scan_opts opts;
	const char *paths[1] = {repo};

	sunset_scan_opts_init(&opts);
	opts.rules = &w->ruleset;
	assert_int_equal(sunset_scan(out, paths, 1, &opts), 0);
	assert_int_equal(sunset_score(scores, out, &w->ruleset), 0);
}

static const sunset_score_entry *find(const sunset_scores *s,
				      const char *vendor, const char *product)
{
	for (size_t i = 0; i < s->count; i++) {
		const sunset_score_entry *e = &s->items[i];
		if (!vendor && e->scope == SUNSET_SCOPE_REPOSITORY)
			return e;
		if (vendor && e->vendor && !strcmp(e->vendor->id, vendor) &&
		    (product ? e->product && !strcmp(e->product->id, product)
			     : e->scope == SUNSET_SCOPE_VENDOR))
			return e;
	}
	fail_msg("no score for %s/%s", vendor ? vendor : "(repository)",
		 product ? product : "");
	return NULL;
}

/* Points in SCORING.md's order: lifecycle, spread, adapter, hard-coded,
 * credentials, no fallback, shadow; then the total. */
static void expect_points(const sunset_score_entry *e, const int p[8])
{
	assert_int_equal(e->points.lifecycle, p[0]);
	assert_int_equal(e->points.spread, p[1]);
	assert_int_equal(e->points.adapter, p[2]);
	assert_int_equal(e->points.hardcoded, p[3]);
	assert_int_equal(e->points.credentials, p[4]);
	assert_int_equal(e->points.no_fallback, p[5]);
	assert_int_equal(e->points.shadow, p[6]);
	assert_int_equal(e->score, p[7]);
}

/* reports/SCORING.md, "A worked example": every number of it. */
static void test_worked_example(void **state)
{
	world *w = *state;
	char *repo = make_repo(w, "studio", STUDIO,
			       sizeof(STUDIO) / sizeof(STUDIO[0]), NULL, NULL);
	sunset_scan_result r;
	sunset_scores s;
	const sunset_score_entry *e;

	scan(&r, &s, w, repo);
	assert_string_equal(s.today, "2026-01-15");
	/* repository, acme, acme/video, acme/api, pixel, pixel/image */
	assert_int_equal(s.count, 6);

	e = find(&s, "acme", NULL);
	expect_points(e, (const int[]){35, 8, 5, 6, 4, 10, 5, 73});
	assert_true(e->has_days);
	assert_int_equal(e->days, 45);
	assert_string_equal(e->worst->id, "video");
	assert_int_equal(e->files, 3);
	assert_int_equal(e->dirs, 2);
	assert_int_equal(e->hardcoded, 2);
	assert_int_equal(e->in_config, 1);
	assert_int_equal(e->cred_names, 1);
	assert_int_equal(e->cred_files, 2);
	assert_int_equal(e->shadows, 1);
	assert_int_equal(e->verdict, SUNSET_ADAPTER_SCATTERED);
	assert_string_equal(e->module, "src/media/");
	assert_int_equal(e->breaking.count, 1);
	assert_string_equal(e->breaking.items[0], "app/jobs.py");

	expect_points(find(&s, "acme", "video"),
		      (const int[]){35, 8, 5, 6, 4, 10, 5, 73});
	expect_points(find(&s, "acme", "api"),
		      (const int[]){0, 6, 5, 0, 4, 10, 5, 30});

	e = find(&s, "pixel", NULL);
	expect_points(e, (const int[]){0, 3, 0, 0, 0, 10, 0, 13});
	assert_int_equal(e->verdict, SUNSET_ADAPTER_ONE);
	assert_string_equal(e->module, "src/thumbs.py");
	expect_points(find(&s, "pixel", "image"),
		      (const int[]){0, 3, 0, 0, 0, 10, 0, 13});

	e = find(&s, NULL, NULL);
	expect_points(e, (const int[]){35, 11, 5, 6, 4, 10, 5, 76});
	assert_int_equal(e->files, 4);
	assert_int_equal(e->dirs, 3);

	/* the terminal summary, as SCORING.md shows it */
	assert_int_equal(fx_run("scan", "--format", "text", "--rules", w->rules,
				repo, NULL),
			 0);
	{
		char *line = sunset_asprintf(
			"risk: %s 76/100 (lifecycle 35, spread 11, adapter 5, "
			"hard-coded 6, credentials 4, no fallback 10, "
			"shadow 5)",
			repo);
		fx_expect_lines(
			fx_stdout(),
			"  acme 73/100 (lifecycle 35, spread 8, adapter 5, "
			"hard-coded 6, credentials 4, no fallback 10, shadow "
			"5): scattered across 3 files: app/jobs.py, "
			"src/media/acme_http.py, src/media/acme_video.py "
			"(outside src/media/: app/jobs.py)\n"
			"    acme/video 73/100 (lifecycle 35, spread 8, "
			"adapter 5, hard-coded 6, credentials 4, no fallback "
			"10, shadow 5): sunset-announced, shutdown 2026-03-01 "
			"(45 days left)\n"
			"    acme/api 30/100 (lifecycle 0, spread 6, adapter "
			"5, hard-coded 0, credentials 4, no fallback 10, "
			"shadow 5): active\n"
			"  pixel 13/100 (lifecycle 0, spread 3, adapter 0, "
			"hard-coded 0, credentials 0, no fallback 10, shadow "
			"0): behind an adapter (src/thumbs.py)\n"
			"    pixel/image 13/100 (lifecycle 0, spread 3, "
			"adapter 0, hard-coded 0, credentials 0, no fallback "
			"10, shadow 0): active");
		fx_expect_lines(fx_stdout(), line);
		free(line);
	}
	/* without --format text: the short summary (vendors by findings,
	 * the product near shutdown, the top risks) and no finding */
	assert_int_equal(fx_run("scan", "--rules", w->rules, repo, NULL), 0);
	{
		char *lines = sunset_asprintf(
			"top risks:\n"
			"   76/100 %s\n"
			"   73/100 acme in %s: scattered across 3 files; "
			"acme/video sunset-announced\n"
			"   13/100 pixel in %s: behind an adapter "
			"(src/thumbs.py)",
			repo, repo, repo);
		fx_expect_lines(fx_stdout(), lines);
		free(lines);
	}
	{
		/* as many as the listing shows for acme/video (suppressed
		 * ones aside) */
		int n;
		fx_expect_lines(fx_stdout(),
				"shutdown: acme/video sunset-announced, "
				"shutdown 2026-03-01 (45 days left): 5 "
				"findings");
		assert_int_equal(fx_run("scan", "--format", "text", "--rules",
					w->rules, repo, NULL),
				 0);
		n = fx_stdout_count("[acme/video, ") -
		    fx_stdout_count("] suppressed (");
		assert_int_equal(n, 5);
		assert_int_equal(
			fx_run("scan", "--rules", w->rules, repo, NULL), 0);
	}
	assert_int_equal(fx_stdout_count("vendors: acme ("), 1);
	assert_int_equal(fx_stdout_count("acme.video"), 0);
	assert_non_null(strstr(fx_messages(), "--format text lists every"));

	sunset_scores_clear(&s);
	sunset_scan_result_clear(&r);
	free(repo);
}

/* One directory that the rest of the code calls through its own names,
 * against the SDK imported wherever it is used. */
static void test_adapter_and_scattered(void **state)
{
	world *w = *state;
	static const char *const tidy[][2] = {
		{"src/media/video.py", "import acme_media\n"
				       "\n"
				       "\n"
				       "def render(prompt):\n"
				       "    return acme_media.videos.create("
				       "prompt=prompt)\n"},
		{"src/media/status.py",
		 "import requests\n"
		 "\n"
		 "\n"
		 "def status():\n"
		 "    return "
		 "requests.get(\"https://api.acme.example/v1/videos\")\n"},
		{"app/jobs.py", "from src.media.video import render\n"
				"\n"
				"\n"
				"def nightly():\n"
				"    return render(\"nightly\")\n"},
	};
	static const char *const messy[][2] = {
		{"a.py", "import acme_media\n"},
		{"lib/b.py", "import acme_media\n"},
		{"web/c.py", "import acme_media\n"},
	};
	char *t = make_repo(w, "tidy", tidy, 3, NULL, NULL);
	char *m = make_repo(w, "messy", messy, 3, NULL, NULL);
	sunset_scan_result r;
	sunset_scores s;
	const sunset_score_entry *e;

	scan(&r, &s, w, t);
	e = find(&s, "acme", NULL);
	assert_int_equal(e->verdict, SUNSET_ADAPTER_ONE);
	assert_string_equal(e->module, "src/media/");
	assert_int_equal(e->points.adapter, 0);
	assert_int_equal(e->breaking.count, 0);
	sunset_scores_clear(&s);
	sunset_scan_result_clear(&r);
	assert_int_equal(fx_run("scan", "--rules", w->rules, t, NULL), 0);
	assert_int_equal(fx_stdout_count("behind an adapter (src/media/)"), 1);

	scan(&r, &s, w, m);
	e = find(&s, "acme", NULL);
	assert_int_equal(e->verdict, SUNSET_ADAPTER_SCATTERED);
	assert_null(e->module);
	assert_int_equal(e->points.adapter, 5);
	assert_int_equal(e->breaking.count, 3);
	sunset_scores_clear(&s);
	sunset_scan_result_clear(&r);
	assert_int_equal(fx_run("scan", "--format", "text", "--rules", w->rules,
				m, NULL),
			 0);
	assert_int_equal(fx_stdout_count(": scattered across 3 files: a.py, "
					 "lib/b.py, web/c.py"),
			 1);
	free(t);
	free(m);
}

/* Lifecycle points order products: discontinued or past shutdown >
 * sunset-announced (nearer shutdown first) > deprecated > active. */
static void test_lifecycle_ordering(void **state)
{
	static const struct {
		sunset_lifecycle life;
		const char *shutdown;
		int points;
	} table[] = {
		{SUNSET_LIFE_DISCONTINUED, NULL, 40},
		{SUNSET_LIFE_DEPRECATED, "2026-01-01", 40}, /* past */
		{SUNSET_LIFE_SUNSET_ANNOUNCED, "2026-02-01", 35},
		{SUNSET_LIFE_SUNSET_ANNOUNCED, "2026-12-31", 30},
		{SUNSET_LIFE_SUNSET_ANNOUNCED, NULL, 25},
		{SUNSET_LIFE_DEPRECATED, "2026-04-01", 20},
		{SUNSET_LIFE_DEPRECATED, NULL, 10},
		{SUNSET_LIFE_ACTIVE, NULL, 0},
	};
	enum { N = sizeof(table) / sizeof(table[0]) };
	static char capability[] = "video", path[] = "x.py";
	sunset_vendor vendor;
	sunset_product products[N];
	sunset_rule rules[N];
	sunset_finding findings[N];
	sunset_scan_result r;
	sunset_repo_result repo;
	sunset_scores s;
	int last = 100;

	(void)state;
	memset(&vendor, 0, sizeof(vendor));
	vendor.id = "v";
	vendor.products = products;
	vendor.nproducts = N;
	memset(products, 0, sizeof(products));
	memset(rules, 0, sizeof(rules));
	memset(findings, 0, sizeof(findings));
	for (size_t i = 0; i < N; i++) {
		products[i].id = sunset_asprintf("p%zu", i);
		products[i].capability = capability;
		products[i].lifecycle = table[i].life;
		products[i].shutdown = (char *)table[i].shutdown;
		products[i].vendor = &vendor;
		rules[i].vendor = &vendor;
		rules[i].product = &products[i];
		rules[i].kind = SUNSET_KIND_MODEL;
		findings[i].rule = &rules[i];
		findings[i].path = path;
		findings[i].lang = SUNSET_LANG_PYTHON;
	}
	memset(&repo, 0, sizeof(repo));
	repo.info.path = path;
	repo.findings.items = findings;
	repo.findings.count = N;
	memset(&r, 0, sizeof(r));
	r.repos = &repo;
	r.nrepos = 1;

	assert_int_equal(sunset_score(&s, &r, NULL), 0);
	/* repository, vendor, then the products in order */
	assert_int_equal(s.count, 2 + N);
	assert_int_equal(s.items[1].points.lifecycle, 40);
	for (size_t i = 0; i < N; i++) {
		const sunset_score_entry *e = &s.items[2 + i];
		assert_ptr_equal(e->product, &products[i]);
		assert_int_equal(e->points.lifecycle, table[i].points);
		assert_true(e->points.lifecycle <= last);
		last = e->points.lifecycle;
		free(products[i].id);
	}
	sunset_scores_clear(&s);
}

/* A second vendor serving video removes acme's "no fallback" points. */
static void test_fallback_vendor_scores_lower(void **state)
{
	world *w = *state;
	size_t n = sizeof(STUDIO) / sizeof(STUDIO[0]);
	char *alone = make_repo(w, "alone", STUDIO, n, NULL, NULL);
	char *backed =
		make_repo(w, "backed", STUDIO, n, "src/thumbs.py",
			  "\n\ndef clip(prompt):\n"
			  "    return pixel_sdk.clips.create(prompt=prompt)\n");
	sunset_scan_result r1, r2;
	sunset_scores s1, s2;
	const sunset_score_entry *a, *b;

	scan(&r1, &s1, w, alone);
	scan(&r2, &s2, w, backed);
	a = find(&s1, "acme", NULL);
	b = find(&s2, "acme", NULL);
	assert_int_equal(a->points.no_fallback, 10);
	assert_null(a->fallback);
	assert_int_equal(b->points.no_fallback, 0);
	assert_string_equal(b->fallback->id, "pixel");
	assert_int_equal(b->score, a->score - 10);
	assert_int_equal(b->score, 63); /* reports/SCORING.md */
	assert_int_equal(find(&s2, NULL, NULL)->score, 71);
	/* the repository uses video and image; only image has no fallback
	 * left: 10 x 1 / 2 */
	assert_int_equal(find(&s1, NULL, NULL)->points.no_fallback, 10);
	assert_int_equal(find(&s2, NULL, NULL)->points.no_fallback, 5);
	assert_true(find(&s2, NULL, NULL)->score <
		    find(&s1, NULL, NULL)->score);
	sunset_scores_clear(&s1);
	sunset_scores_clear(&s2);
	sunset_scan_result_clear(&r1);
	sunset_scan_result_clear(&r2);
	free(alone);
	free(backed);
}

static long long query_int(const char *db, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long long v = -1;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

static char *query_text(const char *db, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	char *v = NULL;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = sunset_strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

#define SCHEMA_SQL                                                  \
	"SELECT group_concat(sql, char(10)) FROM (SELECT sql FROM " \
	"sqlite_master WHERE sql IS NOT NULL ORDER BY name)"

/* Scores land in the inventory; a version 2 database gains the table and
 * the view on its next scan and keeps its scans. */
static void test_inventory_migrates_2_to_3(void **state)
{
	world *w = *state;
	char *repo = make_repo(w, "inv", STUDIO,
			       sizeof(STUDIO) / sizeof(STUDIO[0]), NULL, NULL);
	char *fresh = sunset_path_join(w->tmp, "fresh.db");
	char *old = sunset_path_join(w->tmp, "v2.db");
	char *a, *b, *json;
	sqlite3 *h;

	assert_int_equal(
		fx_run("scan", "--rules", w->rules, "--db", fresh, repo, NULL),
		0);
	assert_int_equal(query_int(fresh, "PRAGMA user_version"),
			 SUNSET_DB_SCHEMA_VERSION);
	assert_int_equal(SUNSET_DB_SCHEMA_VERSION, 5);
	assert_int_equal(query_int(fresh, "SELECT count(*) FROM scores"), 6);
	assert_int_equal(query_int(fresh, "SELECT score FROM scores WHERE "
					  "scope = 'vendor' AND "
					  "vendor_id = 'acme'"),
			 73);
	json = query_text(fresh, "SELECT components FROM scores WHERE "
				 "scope = 'product' AND vendor_id = 'acme' "
				 "AND product_id = 'video'");
	assert_non_null(strstr(json, "\"lifecycle\":35,\"spread\":8,"
				     "\"adapter\":5,\"hardcoded\":6,"
				     "\"credentials\":4,\"no_fallback\":10,"
				     "\"shadow\":5"));
	assert_non_null(strstr(json, "\"breaking_files\":[\"app/jobs.py\"]"));
	assert_non_null(strstr(json, "\"days_to_shutdown\":45"));
	free(json);

	/* a version 2 inventory with one scan: what versions 3 to 5 added
	 * goes */
	assert_int_equal(
		fx_run("scan", "--rules", w->rules, "--db", old, repo, NULL),
		0);
	assert_int_equal(sqlite3_open(old, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h,
				      "DROP TABLE scan_warnings;"
				      "DROP TABLE scan_context;"
				      "DROP TABLE rule_files;"
				      "DROP VIEW repository_score_trend;"
				      "DROP TABLE scores;"
				      "PRAGMA user_version = 2;",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(
		fx_run("scan", "--rules", w->rules, "--db", old, repo, NULL),
		0);
	assert_int_equal(query_int(old, "PRAGMA user_version"), 5);
	assert_int_equal(query_int(old, "SELECT count(*) FROM scans"), 2);
	assert_int_equal(query_int(old, "SELECT count(*) FROM findings WHERE "
					"repository_id = 1"),
			 query_int(old, "SELECT count(*) FROM findings WHERE "
					"repository_id = 2"));
	/* only the second scan has scores; the trend shows it */
	assert_int_equal(query_int(old, "SELECT count(*) FROM scores WHERE "
					"scan_id = 1"),
			 0);
	assert_int_equal(query_int(old, "SELECT count(*) FROM "
					"repository_score_trend"),
			 1);
	assert_int_equal(query_int(old, "SELECT score FROM "
					"repository_score_trend"),
			 76);
	a = query_text(fresh, SCHEMA_SQL);
	b = query_text(old, SCHEMA_SQL);
	assert_string_equal(a, b);
	free(a);
	free(b);

	/* a third scan adds a point to the trend */
	assert_int_equal(
		fx_run("scan", "--rules", w->rules, "--db", old, repo, NULL),
		0);
	assert_int_equal(query_int(old, "SELECT count(*) FROM "
					"repository_score_trend"),
			 2);
	free(fresh);
	free(old);
	free(repo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worked_example),
		cmocka_unit_test(test_adapter_and_scattered),
		cmocka_unit_test(test_lifecycle_ordering),
		cmocka_unit_test(test_fallback_vendor_scores_lower),
		cmocka_unit_test(test_inventory_migrates_2_to_3),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
