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
#include <unistd.h>

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
	if (fx_run_v(args) != 0)
		fail_msg("scan failed: %s", fx_messages());
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

/* Occurrences of `needle` in `hay`. */
static int count_of(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/* Repository entries in the cache file. */
static long long tree_rows(const char *db)
{
	return sql_int(db, "SELECT count(*) FROM tree");
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
	/* 20,000 nested lists: some 6 MB to parse, over a 1M limit */
	sunset_buf hungry = SUNSET_BUF_INIT;

	sunset_buf_puts(&hungry, "still = \"acme-image-1\"\nx = ");
	for (int i = 0; i < 20000; i++)
		sunset_buf_puts(&hungry, "[");
	for (int i = 0; i < 20000; i++)
		sunset_buf_puts(&hungry, "]");
	sunset_buf_puts(&hungry, "\n");

	sunset_buf_puts(&deep, "fun main() ");
	for (int i = 0; i < 600; i++)
		sunset_buf_puts(&deep, "{ run ");
	for (int i = 0; i < 600; i++)
		sunset_buf_puts(&deep, "}");
	sunset_buf_puts(&deep, "\n");
	fx_tree_add(t, "deep.kt", deep.ptr, deep.len);
	fx_tree_add(t, "broken.py", broken, strlen(broken));
	fx_tree_add(t, "hungry.py", hungry.ptr, hungry.len);
	fx_commit(&id, r, t, "refs/heads/main", "v1");
	fx_tree_free(t);
	git_repository_free(r);
	sunset_buf_free(&deep);
	sunset_buf_free(&hungry);

	for (int i = 0; i < 3; i++) {
		assert_int_equal(fx_run("scan", "--rules", w->rules,
					"--list-files", "--format", "text",
					"--max-parse-memory", "1M",
					i ? "--cache" : "--no-cache",
					i ? w->cache : gamma, gamma, NULL),
				 0);
		listing[i] = sunset_strdup(fx_stdout());
		assert_non_null(strstr(fx_messages(),
				       "deep.kt: nested deeper "
				       "than the kotlin parser"));
		assert_non_null(strstr(fx_messages(),
				       "hungry.py: parsing needed more than "
				       "1048576 bytes of memory"));
		assert_non_null(strstr(fx_messages(), "1 finding (0 suppr"));
	}
	assert_non_null(strstr(fx_messages(), "cache: 3 hits, 0 misses"));
	assert_non_null(strstr(listing[0], "skipped: too-deep"));
	assert_non_null(strstr(listing[0], "skipped: too-much-memory"));
	assert_non_null(strstr(listing[0], "analysed (syntax errors)"));
	assert_string_equal(listing[0], listing[1]);
	assert_string_equal(listing[0], listing[2]);
	/* the limit is part of the key: with more, the file is parsed */
	assert_int_equal(fx_run("scan", "--rules", w->rules, "--list-files",
				"--format", "text", "--cache", w->cache, gamma,
				NULL),
			 0);
	assert_non_null(strstr(fx_messages(), "2 findings (0 suppr"));
	assert_null(strstr(fx_stdout(), "skipped: too-much-memory"));
	for (int i = 0; i < 3; i++)
		free(listing[i]);
	fx_rmrf(gamma);
	free(gamma);
}

/* A cache file made before --max-parse-memory (no parse_memory column
 * in its keys) is brought forward: its rows stay, as made without a
 * memory limit, and scans use it without a warning. */
static void test_older_file_gains_the_memory_key(void **state)
{
	world *w = *state;
	scan_out plain = scan(w, w->rules, NULL, w->org), cold, warm;
	char *dir = sunset_path_join(w->tmp, "c");

	/* the tables as the previous format made them */
	assert_int_equal(mkdir(dir, 0700), 0);
	free(dir);
	sql(w->cache,
	    "CREATE TABLE context (id INTEGER PRIMARY KEY, build TEXT NOT "
	    "NULL, rules TEXT NOT NULL, parse_timeout INTEGER NOT NULL, "
	    "UNIQUE (build, rules, parse_timeout));"
	    "CREATE TABLE entry (context INTEGER NOT NULL, blob TEXT NOT NULL, "
	    "path TEXT NOT NULL, lang INTEGER NOT NULL, skip INTEGER NOT NULL, "
	    "parse_errors INTEGER NOT NULL, findings BLOB NOT NULL, used "
	    "INTEGER NOT NULL, PRIMARY KEY (context, blob, path, lang)) "
	    "WITHOUT ROWID;"
	    "CREATE INDEX entry_used ON entry (used);"
	    "CREATE TABLE tree (build TEXT NOT NULL, rules TEXT NOT NULL, "
	    "parse_timeout INTEGER NOT NULL, tree TEXT NOT NULL, max_file_size "
	    "INTEGER NOT NULL, prefilter INTEGER NOT NULL, result BLOB NOT "
	    "NULL, used INTEGER NOT NULL, UNIQUE (build, rules, parse_timeout, "
	    "tree, max_file_size, prefilter));"
	    "CREATE INDEX tree_used ON tree (used);"
	    "CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
	    /* used on a day still to come: kept */
	    "INSERT INTO context VALUES (7, 'an older build', 'r', 10000);"
	    "INSERT INTO entry VALUES (7, 'b', 'p', 1, 0, 0, x'00', 99999);"
	    "INSERT INTO tree VALUES ('an older build', 'r', 10000, 't', 1, 1, "
	    "x'00', 99999);"
	    "PRAGMA application_id = 1397968451; PRAGMA user_version = 1;");
	cold = scan(w, w->rules, w->cache, w->org);
	warm = scan(w, w->rules, w->cache, w->org);
	expect_same(&plain, &cold);
	expect_same(&plain, &warm);
	assert_null(strstr(cold.msgs, "warning: cache"));
	assert_true(cold.misses > 0);
	assert_int_equal(warm.misses, 0);
	assert_int_equal(sql_int(w->cache, "SELECT parse_memory FROM context "
					   "WHERE id = 7"),
			 0);
	assert_int_equal(sql_int(w->cache, "SELECT count(*) FROM tree WHERE "
					   "build = 'an older build' AND "
					   "parse_memory = 0"),
			 1);
	scan_out_free(&plain);
	scan_out_free(&cold);
	scan_out_free(&warm);
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

/* Entries no scan used for SUNSET_CACHE_KEEP_DAYS days are dropped,
 * file and repository entries alike; a repository entry that answers
 * keeps its files' entries too (they answer once the tree changes). */
static void test_unused_entries_are_dropped(void **state)
{
	world *w = *state;
	char *beta = sunset_path_join(w->org, "beta");
	scan_out o;

	setenv("SUNSET_TODAY", "2026-01-01", 1);
	o = scan(w, w->rules, w->cache, w->org);
	scan_out_free(&o);
	assert_int_equal(sql_int(w->cache, "SELECT count(*) FROM entry"), 4);
	assert_int_equal(tree_rows(w->cache), 2);
	/* 29 days on: beta's entries are used, alpha's are kept */
	setenv("SUNSET_TODAY", "2026-01-30", 1);
	o = scan(w, w->rules, w->cache, beta);
	assert_int_equal(o.hits, 1);
	scan_out_free(&o);
	assert_int_equal(sql_int(w->cache, "SELECT count(*) FROM entry"), 4);
	assert_int_equal(tree_rows(w->cache), 2);
	/* 31 days after alpha's last use: only beta's entries are left */
	setenv("SUNSET_TODAY", "2026-02-01", 1);
	o = scan(w, w->rules, w->cache, beta);
	scan_out_free(&o);
	assert_int_equal(sql_int(w->cache, "SELECT count(*) FROM entry"), 1);
	assert_int_equal(tree_rows(w->cache), 1);
	o = scan(w, w->rules, w->cache, w->org);
	assert_int_equal(o.hits, 1);
	assert_int_equal(o.misses, 4);
	scan_out_free(&o);
	setenv("SUNSET_TODAY", "2026-11-24", 1);
	free(beta);
}

/* ---- repository entries ---- */

typedef struct {
	git_repository *repo;
	size_t deleted;
} blob_walk;

static int delete_blob(const char *root, const git_tree_entry *e, void *payload)
{
	blob_walk *bw = payload;
	char *p;

	(void)root;
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	p = fx_loose_path(bw->repo, git_tree_entry_id(e));
	bw->deleted += unlink(p) == 0;
	free(p);
	return 0;
}

/* Delete the (loose) object of every blob in the tree of `rev`; trees
 * and commits stay. Returns how many were deleted. */
static size_t delete_blobs(const char *path, const char *rev)
{
	blob_walk bw = {NULL, 0};
	git_object *tree = NULL;

	assert_int_equal(git_repository_open(&bw.repo, path), 0);
	assert_int_equal(git_revparse_single(&tree, bw.repo, rev), 0);
	assert_int_equal(git_tree_walk((git_tree *)tree, GIT_TREEWALK_PRE,
				       delete_blob, &bw),
			 0);
	git_object_free(tree);
	git_repository_free(bw.repo);
	return bw.deleted;
}

/* The hex id of the root tree of `rev` ("HEAD^{tree}"). */
static void tree_hex(char out[41], const char *path)
{
	git_repository *r = NULL;
	git_object *tree = NULL;

	assert_int_equal(git_repository_open(&r, path), 0);
	assert_int_equal(git_revparse_single(&tree, r, "HEAD^{tree}"), 0);
	git_oid_tostr(out, 41, git_object_id(tree));
	git_object_free(tree);
	git_repository_free(r);
}

/* A warm scan of unchanged repositories reads no blob: with every blob
 * deleted after the cold scan, it still writes the same JSON Lines,
 * SARIF and text, prints the files' warnings again, and `sunset gate`
 * judges both sides as before. */
static void test_unchanged_repository_reads_no_blob(void **state)
{
	world *w = *state;
	char *dir = sunset_path_join(w->tmp, "noblob");
	char *alpha = sunset_path_join(dir, "alpha");
	char *app = sunset_path_join(dir, "py-video-studio");
	char *fresh = sunset_path_join(w->tmp, "c/fresh.db");
	const char *const shipped[] = {"--rules", w->shipped, NULL};
	git_repository *r;
	fx_tree *t;
	git_oid id;
	scan_out plain, cold, gone, warm;
	char *gate_out, *summary;
	int gate_rc;

	commit_alpha(alpha, "x = 1\n"); /* the gate's base: main~1 */
	commit_alpha(alpha, app_py);
	r = fx_repo_init(app, 0);
	t = fx_tree_new();
	fx_tree_add_dir(t, "corpus/py-video-studio");
	fx_commit(&id, r, t, "refs/heads/main", "v1");
	fx_tree_free(t);
	git_repository_free(r);

	plain = scan_with(w, w->rules, NULL, dir, shipped);
	cold = scan_with(w, w->rules, w->cache, dir, shipped);
	expect_same(&plain, &cold);
	assert_int_equal(tree_rows(w->cache), 2);
	assert_int_equal(fx_run("scan", "--rules", w->rules, "--rules",
				w->shipped, "--no-cache", alpha, NULL),
			 0);
	summary = sunset_strdup(fx_stdout());
	assert_non_null(strstr(summary, "acme"));
	gate_rc = fx_run("gate", "--rules", w->rules, "--cache", w->cache,
			 "--base", "main~1", "--head", "main", alpha, NULL);
	assert_int_equal(gate_rc, 1); /* app.py is new */
	gate_out = sunset_strdup(fx_stdout());
	assert_int_equal(tree_rows(w->cache), 4); /* the gate's rules */

	assert_true(delete_blobs(alpha, "main^{tree}") >= 6);
	assert_true(delete_blobs(alpha, "main~1^{tree}") >= 1);
	assert_true(delete_blobs(app, "main^{tree}") >= 3);
	/* read file by file, the blobs are missing, and such a result is
	 * not kept (the object database may be mended) */
	gone = scan_with(w, w->rules, fresh, dir, shipped);
	assert_non_null(strstr(gone.msgs, "missing from the object database"));
	assert_string_not_equal(plain.jsonl, gone.jsonl);
	assert_int_equal(tree_rows(fresh), 0);

	warm = scan_with(w, w->rules, w->cache, dir, shipped);
	expect_same(&plain, &warm);
	assert_null(strstr(warm.msgs, "missing"));
	/* and the default summary on standard output */
	assert_int_equal(fx_run("scan", "--rules", w->rules, "--rules",
				w->shipped, "--cache", w->cache, alpha, NULL),
			 0);
	assert_string_equal(summary, fx_stdout());
	assert_non_null(strstr(fx_messages(), " hits, 0 misses"));
	assert_non_null(strstr(warm.msgs, "sunset:ignore for acme.video.model "
					  "has no reason"));
	assert_int_equal(warm.hits, cold.misses);
	assert_int_equal(warm.misses, 0);
	assert_int_equal(fx_run("gate", "--rules", w->rules, "--cache",
				w->cache, "--base", "main~1", "--head", "main",
				alpha, NULL),
			 gate_rc);
	assert_string_equal(gate_out, fx_stdout());
	assert_null(strstr(fx_messages(), "missing"));
	/* a damaged entry warns once: it is dropped even when the result
	 * read instead (blobs missing) is not kept */
	sql(w->cache, "UPDATE tree SET result = x'00'");
	scan_out_free(&gone);
	gone = scan_with(w, w->rules, w->cache, dir, shipped);
	assert_int_equal(count_of(gone.msgs, "cannot be read; reading"), 2);
	scan_out_free(&gone);
	gone = scan_with(w, w->rules, w->cache, dir, shipped);
	assert_null(strstr(gone.msgs, "cannot be read; reading"));
	assert_non_null(strstr(gone.msgs, "missing from the object database"));

	scan_out_free(&plain);
	scan_out_free(&cold);
	scan_out_free(&gone);
	scan_out_free(&warm);
	free(gate_out);
	free(summary);
	fx_rmrf(dir);
	free(dir);
	free(alpha);
	free(app);
	free(fresh);
}

/* What a repository entry is kept by: each option that changes what is
 * read or found misses it, and the scan keeps a new entry beside the
 * old one; the same options find that entry again. */
static void test_repository_entry_key(void **state)
{
	static const struct {
		const char *what;
		const char *args[3];
		int edit_rules;
		const char *sql;
	} variants[] = {
		{"max file size", {"--max-file-size", "1M", NULL}, 0, NULL},
		{"parse timeout", {"--parse-timeout", "5000", NULL}, 0, NULL},
		{"parse memory", {"--max-parse-memory", "100M", NULL}, 0, NULL},
		{"prefilter", {"--no-prefilter", NULL, NULL}, 0, NULL},
		{"rule pack", {NULL, NULL, NULL}, 1, NULL},
		{"build",
		 {NULL, NULL, NULL},
		 0,
		 "UPDATE tree SET build = 'an older build'"},
	};
	world *w = *state;
	scan_out o = scan(w, w->rules, w->cache, w->org);

	scan_out_free(&o);
	assert_int_equal(tree_rows(w->cache), 2);
	for (size_t i = 0; i < sizeof(variants) / sizeof(*variants); i++) {
		long long rows;
		scan_out plain, miss, hit;
		if (variants[i].edit_rules)
			write_rules(w, 1);
		if (variants[i].sql)
			sql(w->cache, variants[i].sql);
		rows = tree_rows(w->cache);
		plain = scan_with(w, w->rules, NULL, w->org, variants[i].args);
		miss = scan_with(w, w->rules, w->cache, w->org,
				 variants[i].args);
		hit = scan_with(w, w->rules, w->cache, w->org,
				variants[i].args);
		if (tree_rows(w->cache) != rows + 2 || miss.misses == 0 ||
		    hit.misses != 0)
			fail_msg("%s: %lld entries, then %lld; misses %ld, "
				 "then %ld",
				 variants[i].what, rows, tree_rows(w->cache),
				 miss.misses, hit.misses);
		expect_same(&plain, &miss);
		expect_same(&plain, &hit);
		scan_out_free(&plain);
		scan_out_free(&miss);
		scan_out_free(&hit);
		write_rules(w, 0);
	}
	/* --max-file-size is not part of a file's entry: those answer
	 * (noreason.py warned: it has none) */
	o = scan_with(w, w->rules, w->cache, w->org,
		      (const char *const[]){"--max-file-size", "3M", NULL});
	assert_int_equal(o.hits, 4);
	assert_int_equal(o.misses, 1);
	scan_out_free(&o);
}

/* .sunsetignore is applied on every scan against that day's date: an
 * entry keeps the file, not what it suppressed. */
static void test_ignore_until_is_judged_today(void **state)
{
	world *w = *state;
	char *delta = sunset_path_join(w->tmp, "delta");
	const char *ignore = "- rule: acme.image.model\n"
			     "  reason: until the image launch\n"
			     "  until: 2026-12-01\n";
	git_repository *r = fx_repo_init(delta, 0);
	fx_tree *t = fx_tree_new();
	scan_out before, late, warm;
	git_oid id;

	fx_tree_add(t, "src/app.py", app_py, strlen(app_py));
	fx_tree_add(t, ".sunsetignore", ignore, strlen(ignore));
	fx_commit(&id, r, t, "refs/heads/main", "v1");
	fx_tree_free(t);
	git_repository_free(r);

	setenv("SUNSET_TODAY", "2026-12-15", 1);
	late = scan(w, w->rules, NULL, delta);
	setenv("SUNSET_TODAY", "2026-11-24", 1);
	before = scan(w, w->rules, w->cache, delta);
	assert_non_null(strstr(before.jsonl, "until the image launch"));
	assert_null(strstr(before.jsonl, "suppression_expired"));
	assert_true(delete_blobs(delta, "HEAD^{tree}") == 2);

	setenv("SUNSET_TODAY", "2026-12-15", 1);
	warm = scan(w, w->rules, w->cache, delta);
	setenv("SUNSET_TODAY", "2026-11-24", 1);
	assert_int_equal(warm.misses, 0);
	assert_non_null(strstr(late.jsonl, "suppression_expired"));
	expect_same(&late, &warm);
	scan_out_free(&before);
	scan_out_free(&late);
	scan_out_free(&warm);
	fx_rmrf(delta);
	free(delta);
}

/* Replace `from` by `to` (as long) in every repository entry. */
static void entries_replace(const char *db, const char *from, const char *to)
{
	sqlite3 *h;
	sqlite3_stmt *get, *put;
	size_t n = strlen(from);
	int changed = 0;

	assert_int_equal(strlen(to), n);
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT rowid, result FROM tree",
					    -1, &get, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h,
					    "UPDATE tree SET result = ?1 "
					    "WHERE rowid = ?2",
					    -1, &put, NULL),
			 SQLITE_OK);
	while (sqlite3_step(get) == SQLITE_ROW) {
		size_t len = (size_t)sqlite3_column_bytes(get, 1);
		char *b = malloc(len ? len : 1), *at;
		memcpy(b, sqlite3_column_blob(get, 1), len);
		for (at = b;
		     (at = memmem(at, len - (size_t)(at - b), from, n)) != NULL;
		     at += n, changed++)
			memcpy(at, to, n);
		sqlite3_bind_blob(put, 1, b, (int)len, SQLITE_TRANSIENT);
		sqlite3_bind_int64(put, 2, sqlite3_column_int64(get, 0));
		assert_int_equal(sqlite3_step(put), SQLITE_DONE);
		sqlite3_reset(put);
		free(b);
	}
	sqlite3_finalize(get);
	sqlite3_finalize(put);
	sqlite3_close(h);
	assert_true(changed > 0);
}

/* A damaged repository entry, or one naming a rule the rule set does
 * not have, is a miss with one warning (the cache's: not one of the
 * scan's warnings in the inventory), never a failed scan or a wrong
 * finding; the scan replaces it. */
static void test_damaged_repository_entry_misses(void **state)
{
	static const char *const damage[] = {
		"UPDATE tree SET result = x''",
		"UPDATE tree SET result = x'ffffffff'",
		"UPDATE tree SET result = substr(result, 1, length(result) / "
		"2)",
		"UPDATE tree SET result = substr(result, 1, length(result) - "
		"1)",
		"UPDATE tree SET result = randomblob(length(result))",
		NULL, /* a rule id changed */
	};
	const char *why = "cannot be read; reading the repository again";
	world *w = *state;
	char *inv = sunset_path_join(w->tmp, "c/inv.db");
	scan_out plain = scan(w, w->rules, NULL, w->org);
	scan_out o = scan(w, w->rules, w->cache, w->org);

	scan_out_free(&o);
	for (size_t i = 0; i < sizeof(damage) / sizeof(*damage); i++) {
		if (damage[i])
			sql(w->cache, damage[i]);
		else
			entries_replace(w->cache, "acme.video.call",
					"acme.video.cxll");
		o = scan(w, w->rules, w->cache, w->org);
		expect_same(&plain, &o);
		/* both entries, or alpha's alone (beta has no call) */
		if (count_of(o.msgs, why) != (damage[i] ? 2 : 1))
			fail_msg("%s:\n%s", damage[i] ? damage[i] : "rule id",
				 o.msgs);
		assert_true(o.misses > 0);
		scan_out_free(&o);
		o = scan(w, w->rules, w->cache, w->org);
		expect_same(&plain, &o);
		assert_null(strstr(o.msgs, why));
		assert_int_equal(o.misses, 0);
		scan_out_free(&o);
	}
	sql(w->cache, damage[1]);
	assert_int_equal(fx_run("scan", "--rules", w->rules, "--cache",
				w->cache, "--db", inv, w->org, NULL),
			 0);
	assert_int_equal(count_of(fx_messages(), why), 2);
	assert_int_equal(sql_int(inv, "SELECT count(*) FROM scan_warnings "
				      "WHERE message LIKE '%cannot be read%'"),
			 0);
	assert_int_equal(sql_int(inv, "SELECT count(*) FROM scan_warnings "
				      "WHERE message LIKE '%has no reason%'"),
			 1);
	scan_out_free(&plain);
	free(inv);
}

/* A repository entry answers from the cache: beta's result kept under
 * alpha's tree is what a scan of alpha shows. --no-cache neither reads
 * nor writes the cache. */
static void test_repository_hits_come_from_the_cache(void **state)
{
	world *w = *state;
	char *alpha = sunset_path_join(w->org, "alpha");
	char *beta = sunset_path_join(w->org, "beta");
	char *dir = sunset_path_join(w->tmp, "c");
	char a[41], b[41], *stmt, *snap, *now;
	scan_out plain = scan(w, w->rules, NULL, alpha);
	scan_out o = scan(w, w->rules, w->cache, w->org);

	scan_out_free(&o);
	tree_hex(a, alpha);
	tree_hex(b, beta);
	stmt = sunset_asprintf("UPDATE tree SET result = (SELECT result FROM "
			       "tree WHERE tree = '%s') WHERE tree = '%s'",
			       b, a);
	sql(w->cache, stmt);
	free(stmt);
	o = scan(w, w->rules, w->cache, alpha);
	assert_non_null(strstr(o.jsonl, "\"path\":\"main.py\""));
	assert_null(strstr(o.jsonl, "src/app.py"));
	scan_out_free(&o);

	snap = fx_snapshot(dir);
	o = scan(w, w->rules, NULL, alpha);
	expect_same(&plain, &o);
	now = fx_snapshot(dir);
	assert_string_equal(snap, now);
	scan_out_free(&o);
	scan_out_free(&plain);
	free(snap);
	free(now);
	free(alpha);
	free(beta);
	free(dir);
}

/* Warnings name the repository by the path it was scanned as: an entry
 * with warnings answers only a scan by that path; another path misses
 * it (the files' own entries still answer) and keeps its own. */
static void test_entry_warnings_name_the_path(void **state)
{
	world *w = *state;
	const char *const small[] = {"--max-file-size", "100", NULL};
	char *alpha = sunset_path_join(w->org, "alpha");
	char *other = sunset_asprintf("%s/./alpha", w->org);
	char *named = sunset_asprintf("in repository %s;", alpha);
	char *named_other = sunset_asprintf("in repository %s;", other);
	scan_out first = scan_with(w, w->rules, w->cache, alpha, small);
	scan_out plain = scan_with(w, w->rules, NULL, other, small);
	scan_out b = scan_with(w, w->rules, w->cache, other, small);
	scan_out c = scan_with(w, w->rules, w->cache, other, small);

	/* src/app.py is over 100 bytes */
	assert_non_null(strstr(first.msgs, named));
	assert_null(strstr(b.msgs, named));
	assert_non_null(strstr(b.msgs, named_other));
	assert_true(b.misses > 0);
	expect_same(&plain, &b);
	assert_non_null(strstr(c.msgs, named_other));
	assert_int_equal(c.misses, 0);
	expect_same(&plain, &c);
	scan_out_free(&first);
	scan_out_free(&plain);
	scan_out_free(&b);
	scan_out_free(&c);
	free(alpha);
	free(other);
	free(named);
	free(named_other);
}

/* An interrupted scan keeps no repository entry. */
static void test_interrupted_scan_keeps_no_entry(void **state)
{
	world *w = *state;

	sunset_interrupt_set(2);
	assert_int_equal(fx_run("scan", "--rules", w->rules, "--cache",
				w->cache, w->org, NULL),
			 130);
	sunset_interrupt_set(0);
	assert_int_equal(tree_rows(w->cache), 0);
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
		cmocka_unit_test_setup(test_older_file_gains_the_memory_key,
				       fresh),
		cmocka_unit_test_setup(test_concurrent_scans_share_it, fresh),
		cmocka_unit_test_setup(test_unused_entries_are_dropped, fresh),
		cmocka_unit_test_setup(test_unchanged_repository_reads_no_blob,
				       fresh),
		cmocka_unit_test_setup(test_repository_entry_key, fresh),
		cmocka_unit_test_setup(test_ignore_until_is_judged_today,
				       fresh),
		cmocka_unit_test_setup(test_damaged_repository_entry_misses,
				       fresh),
		cmocka_unit_test_setup(test_repository_hits_come_from_the_cache,
				       fresh),
		cmocka_unit_test_setup(test_entry_warnings_name_the_path,
				       fresh),
		cmocka_unit_test_setup(test_interrupted_scan_keeps_no_entry,
				       fresh),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
