/* test_cache.c - the content cache: cached and uncached scans write the
 * same bytes; a second scan is answered by the cache, an unchanged
 * repository whole without reading a blob; a rule edit, a changed file,
 * a new build, other options or a damaged entry miss exactly what they
 * must; a cache that cannot be used is a warning, never a failed scan */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cache.h"
#include "helpers.h"
#include "util.h"

static const char rules_yaml[] =
	"vendor:\n"
	"  id: acme\n"
	"  name: Acme Media\n"
	"products:\n"
	"  - id: video\n"
	"    name: Acme Video\n"
	"    capability: video\n"
	"    lifecycle: sunset-announced\n"
	"    shutdown: 2027-01-31\n"
	"    sources: [https://acme.example/changelog]\n"
	"  - id: image\n"
	"    name: Acme Image\n"
	"    capability: image\n"
	"    lifecycle: active\n"
	"    sources: [https://acme.example/image]\n"
	"rules:\n"
	"  - id: acme.video.sdk\n"
	"    product: video\n"
	"    kind: dependency\n"
	"    severity: medium\n"
	"    message: The Acme SDK is a dependency.\n"
	"    package:\n"
	"      pypi: [acme-media]\n"
	"  - id: acme.video.import\n"
	"    product: video\n"
	"    kind: import\n"
	"    severity: low\n"
	"    message: The Acme SDK is imported.\n"
	"    import: [acme_media]\n"
	"  - id: acme.video.call\n"
	"    product: video\n"
	"    kind: call\n"
	"    severity: high\n"
	"    message: An Acme video call.\n"
	"    call:\n"
	"      modules: [acme_media]\n"
	"      chains: [videos.create]\n"
	"  - id: acme.image.model\n"
	"    product: image\n"
	"    kind: model\n"
	"    severity: low\n"
	"    message: The acme-image-1 model id.\n"
	"    string:\n"
	"      values: [acme-image-1]\n"
	"  - id: acme.video.model\n"
	"    product: video\n"
	"    kind: model\n"
	"    severity: high\n"
	"    message: An Acme video model id.\n"
	"    string:\n"
	"      values: [acme-video-1";
/* the rule edit: acme-video-2 becomes a finding too */
static const char rules_end[] = "]\n";
static const char rules_end_edited[] = ", acme-video-2]\n";

static const char app_py[] =
	"import acme_media\n"
	"client = acme_media.Client()\n"
	"job = client.videos.create(model=\"acme-video-1\")\n"
	"still = \"acme-image-1\"\n"
	"next_model = \"acme-video-2\"\n"
	"old = \"acme-video-1\"  # sunset:ignore acme.video.model -- "
	"going in Q1\n";

/* an inline suppression without a reason: a warning on every scan */
static const char noreason_py[] =
	"m = \"acme-video-1\"  # sunset:ignore acme.video.model\n";

static const char poetry_lock[] = "[[package]]\n"
				  "name = \"acme-media\"\n"
				  "version = \"2.1.4\"\n";

static const char ignore_yaml[] = "- rule: acme.image.model\n"
				  "  reason: the image product stays\n";

/* corpus applications scanned with the shipped rules */
static const char *const corpus[] = {
	"corpus/py-video-studio",
	"corpus/js-voice-bot",
	"corpus/go-clipgen",
	"corpus/java-brochure-renderer",
	"corpus/cs-narration-service",
	"corpus/php-product-shots",
	"corpus/kotlin-flight-briefing",
};

typedef struct {
	char *tmp;
	char *rules;   /* rules/acme.yaml, edited by a test */
	char *org;     /* alpha (lock file, .sunsetignore) and beta (shadow) */
	char *apps;    /* corpus applications, one repository each */
	char *shipped; /* the shipped rules/ directory */
	char *cache;
} world;

static void write_rules(world *w, int edited)
{
	sunset_buf b = SUNSET_BUF_INIT;
	sunset_buf_puts(&b, rules_yaml);
	sunset_buf_puts(&b, edited ? rules_end_edited : rules_end);
	assert_int_equal(sunset_write_file_atomic(w->rules, b.ptr, b.len), 0);
	sunset_buf_free(&b);
}

static void commit_alpha(const char *path, const char *app)
{
	git_repository *r = fx_repo_init(path, 0);
	fx_tree *t = fx_tree_new();
	git_oid id;

	fx_tree_add(t, "src/app.py", app, strlen(app));
	fx_tree_add(t, "src/noreason.py", noreason_py, strlen(noreason_py));
	fx_tree_add(t, "src/same.py", "import acme_media\n", 18);
	fx_tree_add(t, "requirements.txt", "acme-media>=2\n", 14);
	fx_tree_add(t, "poetry.lock", poetry_lock, strlen(poetry_lock));
	fx_tree_add(t, ".sunsetignore", ignore_yaml, strlen(ignore_yaml));
	fx_commit(&id, r, t, "refs/heads/main", "next");
	fx_tree_free(t);
	git_repository_free(r);
}

static int setup(void **state)
{
	world *w = calloc(1, sizeof(*w));
	git_repository *r;
	fx_tree *t;
	git_oid id;
	char *p;

	git_libgit2_init();
	setenv("SUNSET_TODAY", "2026-11-24", 1);
	w->tmp = fx_tmpdir();
	w->rules = sunset_path_join(w->tmp, "rules/acme.yaml");
	fx_write(w->tmp, "rules/acme.yaml", "");
	write_rules(w, 0);
	w->org = sunset_path_join(w->tmp, "org");
	w->apps = sunset_path_join(w->tmp, "apps");
	w->shipped = fx_fixture("../rules");
	w->cache = sunset_path_join(w->tmp, "c/cache.db");

	p = sunset_path_join(w->org, "alpha");
	commit_alpha(p, app_py);
	free(p);
	/* the SDK imported, declared in no manifest: a shadow dependency */
	p = sunset_path_join(w->org, "beta");
	r = fx_repo_init(p, 0);
	t = fx_tree_new();
	fx_tree_add(t, "main.py", "import acme_media\n", 18);
	fx_commit(&id, r, t, "refs/heads/main", "v1");
	fx_tree_free(t);
	git_repository_free(r);
	free(p);

	for (size_t i = 0; i < sizeof(corpus) / sizeof(*corpus); i++) {
		p = sunset_path_join(w->apps, strchr(corpus[i], '/') + 1);
		r = fx_repo_init(p, 0);
		t = fx_tree_new();
		fx_tree_add_dir(t, corpus[i]);
		fx_commit(&id, r, t, "refs/heads/main", "v1");
		fx_tree_free(t);
		git_repository_free(r);
		free(p);
	}
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	world *w = *state;
	fx_rmrf(w->tmp);
	free(w->tmp);
	free(w->rules);
	free(w->org);
	free(w->apps);
	free(w->shipped);
	free(w->cache);
	free(w);
	unsetenv("SUNSET_TODAY");
	git_libgit2_shutdown();
	return 0;
}

/* each test starts without a cache */
static int fresh(void **state)
{
	world *w = *state;
	char *dir = sunset_path_join(w->tmp, "c");
	fx_rmrf(dir);
	free(dir);
	write_rules(w, 0);
	return 0;
}

static int exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* What one scan wrote: JSON Lines, SARIF, the full text listing, and
 * the messages; the cache's counts (-1 when it printed none). */
typedef struct {
	char *jsonl, *sarif, *text, *msgs;
	long hits, misses;
} scan_out;

static void scan_out_free(scan_out *o)
{
	free(o->jsonl);
	free(o->sarif);
	free(o->text);
	free(o->msgs);
}

/* Scan `target` with `rules` and the options `extra` (NULL-terminated;
 * NULL for none): cache FILE, or NULL for --no-cache. */
static scan_out scan_with(world *w, const char *rules, const char *cache,
			  const char *target, const char *const *extra)
{
	char *jsonl = sunset_path_join(w->tmp, "out.jsonl");
	char *sarif = sunset_path_join(w->tmp, "out.sarif");
	const char *args[32] = {"scan", "--rules",   rules, "--json",
				jsonl,	"--sarif",   sarif, "--format",
				"text", "--no-cache"};
	size_t n = 10;
	const char *m;
	scan_out o;

	if (cache) {
		args[n - 1] = "--cache";
		args[n++] = cache;
	}
	for (; extra && *extra && n < 30; extra++)
		args[n++] = *extra;
	args[n++] = target;
	args[n] = NULL;
	assert_int_equal(fx_run_v(args), 0);
	o.jsonl = fx_slurp(jsonl);
	o.sarif = fx_slurp(sarif);
	o.text = sunset_strdup(fx_stdout());
	o.msgs = sunset_strdup(fx_messages());
	o.hits = o.misses = -1;
	if ((m = strstr(o.msgs, "cache: ")) != NULL)
		assert_int_equal(sscanf(m, "cache: %ld hits, %ld misses",
					&o.hits, &o.misses),
				 2);
	free(jsonl);
	free(sarif);
	return o;
}

static scan_out scan(world *w, const char *rules, const char *cache,
		     const char *target)
{
	return scan_with(w, rules, cache, target, NULL);
}

static void expect_same(const scan_out *a, const scan_out *b)
{
	assert_string_equal(a->jsonl, b->jsonl);
	assert_string_equal(a->sarif, b->sarif);
	assert_string_equal(a->text, b->text);
}

static void sql(const char *db, const char *statements)
{
	sqlite3 *h;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	if (sqlite3_exec(h, statements, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", statements, msg);
	sqlite3_close(h);
}

static long long sql_int(const char *db, const char *query)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long long v;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, query, -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

/* The corpus with the shipped rules: uncached, cold and warm scans
 * write the same bytes; the warm one is answered by the cache alone. */
static void test_corpus_cached_equals_uncached(void **state)
{
	world *w = *state;
	scan_out plain = scan(w, w->shipped, NULL, w->apps);
	scan_out cold = scan(w, w->shipped, w->cache, w->apps);
	scan_out warm = scan(w, w->shipped, w->cache, w->apps);

	assert_int_equal(plain.hits, -1); /* no cache, no count */
	assert_non_null(strstr(plain.jsonl, "\"type\":\"finding\""));
	assert_int_equal(cold.hits, 0);
	assert_true(cold.misses > 20);
	expect_same(&plain, &cold);
	assert_int_equal(warm.hits, cold.misses);
	assert_int_equal(warm.misses, 0);
	expect_same(&plain, &warm);
	scan_out_free(&plain);
	scan_out_free(&cold);
	scan_out_free(&warm);
}

/* What runs after the cache on every scan still runs on cached
 * findings: lock versions, .sunsetignore, shadow dependencies, inline
 * suppressions. A repository entry prints its files' warnings again; a
 * file whose rules warned has no entry of its own, so its warning comes
 * again when its repository is read file by file. */
static void test_repository_steps_run_on_hits(void **state)
{
	world *w = *state;
	scan_out plain = scan(w, w->rules, NULL, w->org);
	scan_out cold = scan(w, w->rules, w->cache, w->org);
	scan_out warm = scan(w, w->rules, w->cache, w->org);
	scan_out files;
	const char *warning = "sunset:ignore for acme.video.model has no "
			      "reason";

	assert_non_null(strstr(plain.jsonl, "2.1.4")); /* poetry.lock */
	assert_non_null(strstr(plain.jsonl, ".sunsetignore:1")); /* ignore */
	assert_non_null(strstr(plain.jsonl, "going in Q1"));	 /* inline */
	assert_non_null(strstr(plain.text, "shadow dependency"));
	expect_same(&plain, &cold);
	expect_same(&plain, &warm);
	/* alpha: app.py, noreason.py, same.py, requirements.txt; beta:
	 * main.py. poetry.lock holds no word any rule needs: the prefilter
	 * rules it out before the cache is asked (its versions are still
	 * read) */
	assert_int_equal(cold.hits, 0);
	assert_int_equal(cold.misses, 5);
	/* both repositories answered whole */
	assert_int_equal(warm.hits, 5);
	assert_int_equal(warm.misses, 0);
	assert_non_null(strstr(cold.msgs, warning));
	assert_non_null(strstr(warm.msgs, warning));
	/* without the repository entries, file by file */
	sql(w->cache, "DELETE FROM tree");
	files = scan(w, w->rules, w->cache, w->org);
	expect_same(&plain, &files);
	assert_int_equal(files.hits, 4);
	assert_int_equal(files.misses, 1); /* noreason.py warned */
	assert_non_null(strstr(files.msgs, warning));
	scan_out_free(&plain);
	scan_out_free(&cold);
	scan_out_free(&warm);
	scan_out_free(&files);
}

/* A rule edit misses every file (the rule set's hash is in the key),
 * finds what the new rules find, and is then kept itself. */
static void test_rule_edit_invalidates(void **state)
{
	world *w = *state;
	scan_out before = scan(w, w->rules, w->cache, w->org);
	scan_out after, plain, again;

	assert_null(strstr(before.jsonl, "acme-video-2"));
	write_rules(w, 1);
	after = scan(w, w->rules, w->cache, w->org);
	plain = scan(w, w->rules, NULL, w->org);
	again = scan(w, w->rules, w->cache, w->org);
	assert_int_equal(after.hits, 0);
	assert_int_equal(after.misses, before.misses);
	assert_non_null(strstr(after.jsonl, "acme-video-2"));
	expect_same(&plain, &after);
	expect_same(&plain, &again);
	assert_int_equal(again.hits, before.misses);
	assert_int_equal(again.misses, 0);
	/* back to the old rules: their entries are still there */
	write_rules(w, 0);
	scan_out_free(&again);
	again = scan(w, w->rules, w->cache, w->org);
	assert_int_equal(again.hits, before.misses);
	assert_int_equal(again.misses, 0);
	expect_same(&before, &again);
	scan_out_free(&before);
	scan_out_free(&after);
	scan_out_free(&plain);
	scan_out_free(&again);
}

/* A new commit changing one file misses only that file. */
static void test_changed_file_misses_only_it(void **state)
{
	world *w = *state;
	char *alpha = sunset_path_join(w->org, "alpha");
	char *edited =
		sunset_asprintf("%s\nagain = \"acme-image-1\"\n", app_py);
	scan_out first = scan(w, w->rules, w->cache, w->org);
	scan_out changed, plain;

	commit_alpha(alpha, edited);
	changed = scan(w, w->rules, w->cache, w->org);
	plain = scan(w, w->rules, NULL, w->org);
	assert_int_equal(changed.misses, 2); /* app.py and noreason.py */
	assert_int_equal(changed.hits, first.misses - 2);
	expect_same(&plain, &changed);
	assert_string_not_equal(first.jsonl, changed.jsonl);
	commit_alpha(alpha, app_py); /* as the other tests expect it */
	scan_out_free(&first);
	scan_out_free(&changed);
	scan_out_free(&plain);
	free(edited);
	free(alpha);
}

/* Hits come from the cache, not from parsing again: an entry emptied
 * in the database gives no findings for its file (once the repository
 * entries, which would answer first, are gone). */
static void test_hits_come_from_the_cache(void **state)
{
	world *w = *state;
	scan_out a = scan(w, w->rules, w->cache, w->org), b;

	sql(w->cache, "DELETE FROM tree; UPDATE entry SET findings = "
		      "x'00000000' WHERE path = 'src/same.py'");
	b = scan(w, w->rules, w->cache, w->org);
	assert_int_equal(b.hits, 4);
	assert_non_null(strstr(a.jsonl, "\"path\":\"src/same.py\""));
	assert_null(strstr(b.jsonl, "\"path\":\"src/same.py\""));
	scan_out_free(&a);
	scan_out_free(&b);
}

/* Damaged entries and entries of another build are misses, never wrong
 * findings. */
static void test_damaged_or_foreign_entries_miss(void **state)
{
	world *w = *state;
	scan_out plain = scan(w, w->rules, NULL, w->org);
	scan_out a = scan(w, w->rules, w->cache, w->org), b, c;

	sql(w->cache, "DELETE FROM tree; UPDATE entry SET findings = "
		      "x'0000000100'");
	b = scan(w, w->rules, w->cache, w->org);
	assert_int_equal(b.hits, 0);
	expect_same(&plain, &b);
	/* the entries rewritten; now as if an older sunset made them */
	sql(w->cache, "UPDATE context SET build = 'an older build'; UPDATE "
		      "tree SET build = 'an older build'");
	c = scan(w, w->rules, w->cache, w->org);
	assert_int_equal(c.hits, 0);
	assert_int_equal(c.misses, a.misses);
	expect_same(&plain, &c);
	scan_out_free(&plain);
	scan_out_free(&a);
	scan_out_free(&b);
	scan_out_free(&c);
}

/* The build id is the hash the Makefile documents, of the sources this
 * binary was built from: a stale id cannot pass. */
static void test_build_id_is_of_these_sources(void **state)
{
	/* the Makefile's recipe: $(sort ...) orders as LC_ALL=C sort */
	const char *cmd = "{ cat $(ls scanner/*.c scanner/*.h | LC_ALL=C "
			  "sort) package-lock.json; echo "
			  "'tree-sitter " SUNSET_TS_RUNTIME_VERSION
			  "'; } | sha1sum | cut "
			  "-c1-40";
	char line[64] = "";
	FILE *p;

	(void)state;
	p = popen(cmd, "r");
	assert_non_null(p);
	assert_non_null(fgets(line, sizeof(line), p));
	assert_int_equal(pclose(p), 0);
	line[strcspn(line, "\n")] = '\0';
	assert_int_equal(strlen(line), 40);
	assert_string_equal(sunset_cache_build_id(), line);
}

/* A cache file that cannot be used is one warning; the scan goes on
 * without it and writes what an uncached scan writes. */
static void test_unusable_cache_warns_and_scans(void **state)
{
	world *w = *state;
	scan_out plain = scan(w, w->rules, NULL, w->org), o;
	char *garbage = sunset_path_join(w->tmp, "c/garbage.db");
	char *under_file = sunset_path_join(w->tmp, "c/garbage.db/x.db");
	char *other = sunset_path_join(w->tmp, "c/other.db");
	char *dir = sunset_path_join(w->tmp, "c");
	char *before;

	fx_write(w->tmp, "c/garbage.db",
		 "this is not an SQLite database, not at all, no.\n");
	o = scan(w, w->rules, garbage, w->org);
	assert_non_null(strstr(o.msgs, "warning: cache "));
	assert_non_null(strstr(o.msgs, "scanning without a cache"));
	assert_int_equal(o.hits, -1);
	expect_same(&plain, &o);
	scan_out_free(&o);

	/* its directory cannot be made: a regular file is in the way */
	o = scan(w, w->rules, under_file, w->org);
	assert_non_null(strstr(o.msgs, "cannot create its directory"));
	expect_same(&plain, &o);
	scan_out_free(&o);

	/* no file named at all */
	o = scan(w, w->rules, "", w->org);
	assert_non_null(strstr(o.msgs, "the cache file name is empty"));
	expect_same(&plain, &o);
	scan_out_free(&o);

	/* an SQLite file that is no cache (an inventory, say) is left as
	 * it was */
	sql(other, "CREATE TABLE mine (x); INSERT INTO mine VALUES (1)");
	before = fx_snapshot(dir);
	o = scan(w, w->rules, other, w->org);
	assert_non_null(strstr(o.msgs, "not a sunset cache file"));
	expect_same(&plain, &o);
	{
		char *after = fx_snapshot(dir);
		assert_string_equal(before, after);
		free(after);
	}
	scan_out_free(&o);
	free(before);
	scan_out_free(&plain);
	free(garbage);
	free(under_file);
	free(other);
	free(dir);
}

/* --no-cache writes no file; without --cache the file is in
 * $XDG_CACHE_HOME/sunset/; a cache inside the scanned repository is not
 * used for it. */
static void test_where_the_cache_goes(void **state)
{
	world *w = *state;
	char *xdg = sunset_path_join(w->tmp, "c/xdg");
	char *dflt = sunset_path_join(xdg, "sunset/cache.db");
	char *old = getenv("XDG_CACHE_HOME")
			    ? sunset_strdup(getenv("XDG_CACHE_HOME"))
			    : NULL;
	char *alpha = sunset_path_join(w->org, "alpha");
	char *inside = sunset_path_join(alpha, "new/cache.db");
	char *snap;

	setenv("XDG_CACHE_HOME", xdg, 1);
	assert_int_equal(
		fx_run("scan", "--rules", w->rules, "--no-cache", w->org, NULL),
		0);
	assert_false(exists(xdg));
	assert_null(strstr(fx_messages(), "cache"));
	assert_int_equal(fx_run("scan", "--rules", w->rules, "--no-cache",
				"--cache", w->cache, w->org, NULL),
			 0);
	assert_false(exists(w->cache));
	assert_int_equal(fx_run("scan", "--rules", w->rules, w->org, NULL), 0);
	assert_true(exists(dflt));
	assert_non_null(strstr(fx_messages(), "cache: 0 hits, 5 misses"));
	assert_int_equal(fx_run("scan", "--rules", w->rules, w->org, NULL), 0);
	assert_non_null(strstr(fx_messages(), "cache: 5 hits, 0 misses"));

	snap = fx_snapshot(alpha);
	assert_int_equal(fx_run("scan", "--rules", w->rules, "--worktree",
				"--cache", inside, alpha, NULL),
			 0);
	assert_non_null(strstr(fx_messages(), "inside the scanned repository"));
	assert_false(exists(inside));
	{
		char *now = fx_snapshot(alpha);
		assert_string_equal(snap, now);
		free(now);
	}
	free(snap);

	if (old)
		setenv("XDG_CACHE_HOME", old, 1);
	else
		unsetenv("XDG_CACHE_HOME");
	free(old);
	free(xdg);
	free(dflt);
	free(alpha);
	free(inside);
}

/* A file too deep to parse and one with syntax errors: their parse
 * outcome is kept with them (--list-files shows the same), and the
 * skip's warning comes again on a hit. */
static void test_parse_outcomes_are_kept(void **state)
{
	world *w = *state;
	char *gamma = sunset_path_join(w->tmp, "gamma");
	git_repository *r = fx_repo_init(gamma, 0);
	fx_tree *t = fx_tree_new();
	sunset_buf deep = SUNSET_BUF_INIT;
	const char *broken = "still = \"acme-image-1\"\ndef f(:\n  "
			     "pass\n";
	char *listing[3];
	git_oid id;

	sunset_buf_puts(&deep, "fun main() ");
	for (int i = 0; i < 600; i++)
		sunset_buf_puts(&deep, "{ run ");
	for (int i = 0; i < 600; i++)
		sunset_buf_puts(&deep, "}");
	sunset_buf_puts(&deep, "\n");
	fx_tree_add(t, "deep.kt", deep.ptr, deep.len);
	fx_tree_add(t, "broken.py", broken, strlen(broken));
	fx_commit(&id, r, t, "refs/heads/main", "v1");
	fx_tree_free(t);
	git_repository_free(r);
	sunset_buf_free(&deep);

	for (int i = 0; i < 3; i++) {
		assert_int_equal(fx_run("scan", "--rules", w->rules,
					"--list-files", "--format", "text",
					i ? "--cache" : "--no-cache",
					i ? w->cache : gamma, gamma, NULL),
				 0);
		listing[i] = sunset_strdup(fx_stdout());
		assert_non_null(strstr(fx_messages(),
				       "deep.kt: nested deeper "
				       "than the kotlin parser"));
		assert_non_null(strstr(fx_messages(), "1 finding (0 suppr"));
	}
	assert_non_null(strstr(fx_messages(), "cache: 2 hits, 0 misses"));
	assert_non_null(strstr(listing[0], "skipped: too-deep"));
	assert_non_null(strstr(listing[0], "analysed (syntax errors)"));
	assert_string_equal(listing[0], listing[1]);
	assert_string_equal(listing[0], listing[2]);
	for (int i = 0; i < 3; i++)
		free(listing[i]);
	fx_rmrf(gamma);
	free(gamma);
}

/* Scans running at once share one cache file: each writes what an
 * uncached scan writes, and the file stays whole. */
static void test_concurrent_scans_share_it(void **state)
{
	world *w = *state;
	const char *bin = getenv("SUNSET_BIN");
	scan_out plain = scan(w, w->shipped, NULL, w->apps), warm;
	char *cmd;

	if (!bin)
		fail_msg("SUNSET_BIN is not set (make test sets it)");
	cmd = sunset_asprintf(
		"cd '%s' && for i in 1 2 3 4 5 6; do '%s' scan -q --rules "
		"'%s' --cache '%s' --json out$i.jsonl '%s' >/dev/null "
		"2>err$i & done; wait; for i in 2 3 4 5 6; do cmp -s "
		"out1.jsonl out$i.jsonl || exit 1; done; ! grep warning "
		"err*",
		w->tmp, bin, w->shipped, w->cache, w->apps);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	cmd = sunset_path_join(w->tmp, "out1.jsonl");
	{
		char *concurrent = fx_slurp(cmd);
		assert_string_equal(plain.jsonl, concurrent);
		free(concurrent);
	}
	free(cmd);
	{
		/* the first row of PRAGMA integrity_check is "ok" or an
		 * error */
		sqlite3 *h;
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_open(w->cache, &h), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA integrity_check",
						    -1, &st, NULL),
				 SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_string_equal(sqlite3_column_text(st, 0), "ok");
		sqlite3_finalize(st);
		sqlite3_close(h);
	}
	warm = scan(w, w->shipped, w->cache, w->apps);
	assert_int_equal(warm.misses, 0);
	expect_same(&plain, &warm);
	scan_out_free(&plain);
	scan_out_free(&warm);
}

/* Entries no scan used for SUNSET_CACHE_KEEP_DAYS days are dropped. */
static void test_unused_entries_are_dropped(void **state)
{
	world *w = *state;
	char *beta = sunset_path_join(w->org, "beta");
	scan_out o;

	setenv("SUNSET_TODAY", "2026-01-01", 1);
	o = scan(w, w->rules, w->cache, w->org);
	scan_out_free(&o);
	assert_int_equal(sql_int(w->cache, "SELECT count(*) FROM entry"), 4);
	/* 29 days on: beta's entry is used, alpha's are kept */
	setenv("SUNSET_TODAY", "2026-01-30", 1);
	o = scan(w, w->rules, w->cache, beta);
	assert_int_equal(o.hits, 1);
	scan_out_free(&o);
	assert_int_equal(sql_int(w->cache, "SELECT count(*) FROM entry"), 4);
	/* 31 days after alpha's last use: only beta's entry is left */
	setenv("SUNSET_TODAY", "2026-02-01", 1);
	o = scan(w, w->rules, w->cache, beta);
	scan_out_free(&o);
	assert_int_equal(sql_int(w->cache, "SELECT count(*) FROM entry"), 1);
	o = scan(w, w->rules, w->cache, w->org);
	assert_int_equal(o.hits, 1);
	assert_int_equal(o.misses, 4);
	scan_out_free(&o);
	setenv("SUNSET_TODAY", "2026-11-24", 1);
	free(beta);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_corpus_cached_equals_uncached,
				       fresh),
		cmocka_unit_test_setup(test_repository_steps_run_on_hits,
				       fresh),
		cmocka_unit_test_setup(test_rule_edit_invalidates, fresh),
		cmocka_unit_test_setup(test_changed_file_misses_only_it, fresh),
		cmocka_unit_test_setup(test_hits_come_from_the_cache, fresh),
		cmocka_unit_test_setup(test_damaged_or_foreign_entries_miss,
				       fresh),
		cmocka_unit_test(test_build_id_is_of_these_sources),
		cmocka_unit_test_setup(test_unusable_cache_warns_and_scans,
				       fresh),
		cmocka_unit_test_setup(test_where_the_cache_goes, fresh),
		cmocka_unit_test_setup(test_parse_outcomes_are_kept, fresh),
		cmocka_unit_test_setup(test_concurrent_scans_share_it, fresh),
		cmocka_unit_test_setup(test_unused_entries_are_dropped, fresh),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
