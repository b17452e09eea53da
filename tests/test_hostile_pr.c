/* test_hostile_pr.c - the gate against a pull request that controls
 * everything in its head revision: it cannot suppress its own findings,
 * rewrite its own baseline, or hide a file the gate cannot read */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "util.h"

static const char base_py[] = "import openai\n"
			      "client = openai.OpenAI()\n";

static const char sora_py[] =
	"import openai\n"
	"client = openai.OpenAI()\n"
	"vid = client.videos.create(model=\"sora-2\", prompt=\"y\")\n";

typedef struct {
	char *tmp;
	char *repo; /* work tree at main */
	git_repository *r;
	git_oid base;
} world;

/* Commit tree `t` as branch `name` whose parent is `parent`. */
static git_oid commit_as(world *w, const char *name, const git_oid *parent,
			 fx_tree *t)
{
	char *refname = sunset_asprintf("refs/heads/%s", name);
	git_reference *ref;
	git_oid id;

	assert_int_equal(
		git_reference_create(&ref, w->r, refname, parent, 1, NULL), 0);
	git_reference_free(ref);
	fx_commit(&id, w->r, t, refname, name);
	free(refname);
	return id;
}

/* A branch `name` off main: the base files plus `files` (path, content
 * pairs, NULL-terminated). */
static void branch(world *w, const char *name, const char *const *files)
{
	fx_tree *t = fx_tree_new();

	fx_tree_add(t, "app.py", base_py, strlen(base_py));
	fx_tree_add(t, ".sunset-baseline.json",
		    "{\"sunset_baseline\": 1, \"findings\": []}\n", 39);
	for (size_t i = 0; files && files[i]; i += 2)
		fx_tree_add(t, files[i], files[i + 1], strlen(files[i + 1]));
	commit_as(w, name, &w->base, t);
	fx_tree_free(t);
}

static int setup(void **state)
{
	world *w = calloc(1, sizeof(*w));
	fx_tree *t;

	git_libgit2_init();
	unsetenv("GITHUB_STEP_SUMMARY");
	setenv("SUNSET_TODAY", "2026-11-24", 1);
	w->tmp = fx_tmpdir();
	w->repo = sunset_path_join(w->tmp, "app");
	w->r = fx_repo_init(w->repo, 0);
	t = fx_tree_new();
	fx_tree_add(t, "app.py", base_py, strlen(base_py));
	fx_tree_add(t, ".sunset-baseline.json",
		    "{\"sunset_baseline\": 1, \"findings\": []}\n", 39);
	fx_commit(&w->base, w->r, t, "refs/heads/main", "base");
	fx_tree_free(t);
	fx_checkout_head(w->r);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	world *w = *state;
	git_repository_free(w->r);
	fx_rmrf(w->tmp);
	free(w->tmp);
	free(w->repo);
	free(w);
	git_libgit2_shutdown();
	return 0;
}

static void expect_exit(int got, int want)
{
	if (got != want)
		fail_msg("exit %d, not %d:\n%s\n%s", got, want, fx_stdout(),
			 fx_messages());
}

static void expect_in(const char *text, const char *needle)
{
	if (!strstr(text, needle)) {
		/* cmocka cuts long messages: the whole text goes to a file */
		FILE *f = fopen("/tmp/sunset-expect-in.txt", "w");
		if (f) {
			fputs(text, f);
			fclose(f);
		}
		fail_msg("no '%s' in /tmp/sunset-expect-in.txt:\n%s", needle,
			 text);
	}
}

/* A pull request that adds a discontinued call and a .sunsetignore
 * suppressing every rule fails: suppressions come from the base. The
 * Markdown lists what it adds. On a trusted branch (--trust-head) the
 * head's apply, and are still listed. */
static void test_pr_cannot_suppress_its_own_findings(void **state)
{
	world *w = *state;
	char *md = sunset_path_join(w->tmp, "ignore.md"), *text;

	branch(w, "ignore-all",
	       (const char *const[]){"app.py", sora_py, ".sunsetignore",
				     "- rule: '*'\n"
				     "  reason: nothing to see here\n",
				     NULL});
	expect_exit(fx_run("gate", "--no-cache", "--base", "main", "--head",
			   "ignore-all", "--markdown", md, w->repo, NULL),
		    1);
	expect_in(fx_stdout(), "gate: FAIL");
	expect_in(fx_stdout(), "suppression added by the pull request (not "
			       "applied until merged): .sunsetignore:1 rule "
			       "*: nothing to see here");
	expect_in(fx_stdout(), "suppressions: none (no .sunsetignore at the "
			       "base revision)");
	text = fx_slurp(md);
	expect_in(text, "### Suppressions this pull request adds");
	expect_in(text, "Not applied until the pull request is merged");
	expect_in(text, "`.sunsetignore:1` `rule *`: `nothing to see here`");
	free(text);
	/* trusted: applied, and said */
	expect_exit(fx_run("gate", "--no-cache", "--trust-head", "--base",
			   "main", "--head", "ignore-all", "--markdown", md,
			   w->repo, NULL),
		    0);
	expect_in(fx_stdout(), "(applied: --trust-head)");
	text = fx_slurp(md);
	expect_in(text, "Applied: the gate was told to trust the head");
	free(text);
	free(md);
}

/* Suppressions the base has apply to the head; the head cannot take one
 * away from the base's list either way (the base's are what apply). */
static void test_base_suppressions_apply(void **state)
{
	world *w = *state;
	fx_tree *t = fx_tree_new();
	git_oid based;

	/* a base that already suppresses sora-2 with a reason */
	fx_tree_add(t, "app.py", base_py, strlen(base_py));
	fx_tree_add(t, ".sunset-baseline.json",
		    "{\"sunset_baseline\": 1, \"findings\": []}\n", 39);
	fx_tree_add(t, ".sunsetignore",
		    "- rule: 'openai.*'\n  reason: migration ticket 42\n", 48);
	based = commit_as(w, "ignoring-base", &w->base, t);
	/* the head drops the suppression and adds the call */
	fx_tree_remove(t, ".sunsetignore");
	fx_tree_add(t, "app.py", sora_py, strlen(sora_py));
	commit_as(w, "drop", &based, t);
	fx_tree_free(t);
	expect_exit(fx_run("gate", "--no-cache", "--base", "ignoring-base",
			   "--head", "drop", w->repo, NULL),
		    0);
	expect_in(fx_stdout(), "suppressions: .sunsetignore at the base "
			       "revision");
}

/* A baseline in the repository is read from the base: a pull request
 * that adds its new finding's fingerprint to it still fails, and the
 * Markdown says it tried. A baseline outside the repository is the
 * CI's own and is read as it is. */
static void test_pr_cannot_rewrite_its_baseline(void **state)
{
	world *w = *state;
	char *baseline = sunset_path_join(w->repo, ".sunset-baseline.json");
	char *outside = sunset_path_join(w->tmp, "ci-baseline.json");
	char *md = sunset_path_join(w->tmp, "baseline.md");
	char *head_baseline, *text;
	git_object *obj;
	git_checkout_options co;

	/* the head's own baseline, written from the head */
	branch(w, "sora", (const char *const[]){"app.py", sora_py, NULL});
	expect_exit(fx_run("baseline", "write", outside, "--no-cache", "--rev",
			   "sora", w->repo, NULL),
		    0);
	head_baseline = fx_slurp(outside);
	branch(w, "rewrite",
	       (const char *const[]){"app.py", sora_py, ".sunset-baseline.json",
				     head_baseline, NULL});
	/* the work tree at the head, as in CI */
	assert_int_equal(git_revparse_single(&obj, w->r, "rewrite"), 0);
	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_FORCE;
	assert_int_equal(git_checkout_tree(w->r, obj, &co), 0);
	git_object_free(obj);
	expect_exit(fx_run("gate", "--no-cache", "--base", "main", "--head",
			   "rewrite", "--baseline", baseline, "--markdown", md,
			   w->repo, NULL),
		    1);
	expect_in(fx_stdout(), "baseline: the pull request adds 3 findings to "
			       "it (not applied until merged)");
	expect_in(fx_stdout(), "from the base revision");
	text = fx_slurp(md);
	expect_in(text, "- 3 findings added to the baseline");
	free(text);
	/* trusted: the head's baseline applies */
	expect_exit(fx_run("gate", "--no-cache", "--trust-head", "--base",
			   "main", "--head", "rewrite", "--baseline", baseline,
			   w->repo, NULL),
		    0);
	/* the CI's own baseline, outside the repository */
	expect_exit(fx_run("gate", "--no-cache", "--base", "main", "--head",
			   "rewrite", "--baseline", outside, w->repo, NULL),
		    0);
	expect_in(fx_stdout(), "the file (outside the repository)");
	/* a baseline in the repository that the base does not have */
	{
		char *other = sunset_path_join(w->repo, "new-baseline.json");
		fx_write(w->repo, "new-baseline.json", head_baseline);
		expect_exit(fx_run("gate", "--no-cache", "--base", "main",
				   "--head", "rewrite", "--baseline", other,
				   w->repo, NULL),
			    2);
		expect_in(fx_messages(), "is not in the base revision main");
		unlink(other);
		free(other);
	}
	fx_checkout_head(w->r);
	free(baseline);
	free(outside);
	free(md);
	free(head_baseline);
}

/* A head file whose object is missing: the gate cannot judge it, so it
 * gives no verdict (exit 2) and every output names the file; the policy
 * may make it a failure instead. A file the base holds unchanged is not
 * the pull request's. */
static void test_unreadable_head_file(void **state)
{
	world *w = *state;
	char *md = sunset_path_join(w->tmp, "unread.md"), *text, *loose;
	char *sarif = sunset_path_join(w->tmp, "unread.sarif");
	git_oid blob;

	branch(w, "hidden",
	       (const char *const[]){"hidden.py",
				     "m = 'sora-2'  # only 17 bytes more\n",
				     NULL});
	fx_blob_id(&blob, w->r, "hidden", "hidden.py");
	loose = fx_loose_path(w->r, &blob);
	assert_int_equal(unlink(loose), 0);
	expect_exit(fx_run("gate", "--no-cache", "--base", "main", "--head",
			   "hidden", "--markdown", md, "--sarif", sarif,
			   w->repo, NULL),
		    2);
	expect_in(fx_stdout(), "gate: ERROR");
	expect_in(fx_stdout(), "unjudged: hidden.py: its object is missing");
	expect_in(fx_messages(), "could not read or judge 1 file the head");
	text = fx_slurp(md);
	expect_in(text, "## sunset gate: ERROR");
	expect_in(text, "### Files the gate could not judge");
	expect_in(text, "- `hidden.py`: its object is missing");
	free(text);
	text = fx_slurp(sarif);
	expect_in(text, "hidden.py");
	free(text);
	/* the policy makes it a failure */
	expect_exit(fx_run("gate", "--no-cache", "--unreadable-files", "fail",
			   "--base", "main", "--head", "hidden", w->repo, NULL),
		    1);
	expect_in(fx_stdout(), "gate: FAIL");
	/* the same missing object in the base and the head: not new */
	expect_exit(fx_run("gate", "--no-cache", "--base", "hidden", "--head",
			   "hidden", w->repo, NULL),
		    0);
	expect_exit(fx_run("gate", "--no-cache", "--unreadable-files", "maybe",
			   "--base", "main", w->repo, NULL),
		    2);
	free(loose);
	free(md);
	free(sarif);
}

/* A pull request cannot hide its change behind a "generated" marker, a
 * vendored path or a size limit: what it adds or changes is analysed
 * whatever its path or content says, and a file it changes past a limit
 * is one the gate cannot judge. What the base holds unchanged is
 * skipped as in any scan. */
static void test_pr_cannot_hide_behind_skips(void **state)
{
	world *w = *state;
	sunset_buf big = SUNSET_BUF_INIT;

	branch(w, "generated",
	       (const char *const[]){"gen.py",
				     "# @generated\n"
				     "# Code generated by hand. DO NOT EDIT.\n"
				     "import openai\n"
				     "v = openai.OpenAI().videos.create("
				     "model=\"sora-2\")\n",
				     "vendor/video.py", sora_py, "api_pb2.py",
				     sora_py, NULL});
	expect_exit(fx_run("gate", "--no-cache", "--base", "main", "--head",
			   "generated", "--markdown", "-", w->repo, NULL),
		    1);
	expect_in(fx_stdout(), "`gen.py:4`");
	expect_in(fx_stdout(), "`vendor/video.py:3`");
	expect_in(fx_stdout(), "`api_pb2.py:3`");
	/* the same files in the base and the head: skipped on both sides */
	expect_exit(fx_run("gate", "--no-cache", "--base", "generated",
			   "--head", "generated", w->repo, NULL),
		    0);
	expect_in(fx_stdout(), "0 new findings");
	/* a plain scan still skips them */
	expect_exit(fx_run("scan", "--no-cache", "--rev", "generated",
			   "--format", "text", w->repo, NULL),
		    0);
	assert_int_equal(fx_stdout_count("gen.py:"), 0);
	assert_int_equal(fx_stdout_count("vendor/video.py:"), 0);

	/* past --max-file-size: no verdict, the file named */
	sunset_buf_puts(&big, sora_py);
	while (big.len < 3000)
		sunset_buf_puts(&big, "# padding past the limit\n");
	branch(w, "padded", (const char *const[]){"big.py", big.ptr, NULL});
	expect_exit(fx_run("gate", "--no-cache", "--max-file-size", "2K",
			   "--base", "main", "--head", "padded", w->repo, NULL),
		    2);
	expect_in(fx_stdout(), "unjudged: big.py: it is larger than "
			       "--max-file-size");
	sunset_buf_free(&big);
}

/* A --policy file in the repository is read from the base, as the
 * baseline is; a baseline named through a symbolic link into the work
 * tree is in the repository. */
static void test_policy_and_links_from_the_base(void **state)
{
	world *w = *state;
	char *policy = sunset_path_join(w->repo, "ci/policy.yaml");
	char *baseline = sunset_path_join(w->repo, ".sunset-baseline.json");
	char *link = sunset_path_join(w->tmp, "link-baseline.json");
	char *outside = sunset_path_join(w->tmp, "head-baseline.json");
	char *head_baseline;
	git_object *obj;
	git_checkout_options co;

	/* the base's policy, then a head that loosens it */
	fx_tree *t = fx_tree_new();
	git_oid based;
	fx_tree_add(t, "app.py", base_py, strlen(base_py));
	fx_tree_add(t, ".sunset-baseline.json",
		    "{\"sunset_baseline\": 1, \"findings\": []}\n", 39);
	fx_tree_add(t, "ci/policy.yaml", "fail-on-severity: high\n", 23);
	based = commit_as(w, "policy-base", &w->base, t);
	fx_tree_add(t, "ci/policy.yaml",
		    "fail-on-severity: none\nfail-on-shutdown: false\n", 47);
	fx_tree_add(t, "app.py", sora_py, strlen(sora_py));
	commit_as(w, "loosen", &based, t);
	fx_tree_free(t);
	assert_int_equal(git_revparse_single(&obj, w->r, "loosen"), 0);
	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_FORCE;
	assert_int_equal(git_checkout_tree(w->r, obj, &co), 0);
	git_object_free(obj);
	expect_exit(fx_run("gate", "--no-cache", "--base", "policy-base",
			   "--head", "loosen", "--policy", policy, w->repo,
			   NULL),
		    1);
	expect_in(fx_stdout(), "read: policy: --policy ");
	expect_in(fx_stdout(), "at the base revision");
	/* trusted, the head's own */
	expect_exit(fx_run("gate", "--no-cache", "--trust-head", "--base",
			   "policy-base", "--head", "loosen", "--policy",
			   policy, w->repo, NULL),
		    0);

	/* a baseline the head rewrote, named through a link outside */
	expect_exit(fx_run("baseline", "write", outside, "--no-cache", "--rev",
			   "loosen", w->repo, NULL),
		    0);
	head_baseline = fx_slurp(outside);
	fx_write(w->repo, ".sunset-baseline.json", head_baseline);
	assert_int_equal(symlink(baseline, link), 0);
	expect_exit(fx_run("gate", "--no-cache", "--base", "policy-base",
			   "--head", "loosen", "--baseline", link, w->repo,
			   NULL),
		    1);
	expect_in(fx_stdout(), "from the base revision");
	fx_checkout_head(w->r);
	free(policy);
	free(baseline);
	free(link);
	free(outside);
	free(head_baseline);
}

/* inline-suppressions: fail makes a sunset:ignore the pull request adds
 * a failure; by default it passes, listed as suppressed. */
static void test_inline_suppressions_policy(void **state)
{
	world *w = *state;
	char *policy = sunset_path_join(w->tmp, "inline.yaml");

	branch(w, "inline",
	       (const char *const[]){"app.py",
				     "import openai\n"
				     "client = openai.OpenAI()\n"
				     "vid = client.videos.create("
				     "model=\"sora-2\")  # sunset:ignore -- "
				     "legacy\n",
				     NULL});
	expect_exit(fx_run("gate", "--no-cache", "--base", "main", "--head",
			   "inline", w->repo, NULL),
		    0);
	fx_write(w->tmp, "inline.yaml", "inline-suppressions: fail\n");
	expect_exit(fx_run("gate", "--no-cache", "--policy", policy, "--base",
			   "main", "--head", "inline", "--markdown", "-",
			   w->repo, NULL),
		    1);
	expect_in(fx_stdout(), "suppressed inline by the pull request "
			       "(inline-suppressions: fail)");
	fx_write(w->tmp, "inline.yaml", "inline-suppressions: maybe\n");
	expect_exit(fx_run("gate", "--no-cache", "--policy", policy, "--base",
			   "main", "--head", "inline", w->repo, NULL),
		    2);
	free(policy);
}

/* Under --trust-head what the head adds is still what it adds: entries
 * the base has are not listed; and -q keeps the gate quiet. */
static void test_trusted_listing_and_quiet(void **state)
{
	world *w = *state;
	fx_tree *t = fx_tree_new();
	git_oid based;
	static const char kept[] = "- rule: 'x.*'\n  reason: kept\n";
	char *md = sunset_path_join(w->tmp, "quiet.md");

	fx_tree_add(t, "app.py", base_py, strlen(base_py));
	fx_tree_add(t, ".sunsetignore", kept, strlen(kept));
	based = commit_as(w, "qb", &w->base, t);
	fx_tree_add(t, ".sunsetignore",
		    "- rule: 'x.*'\n  reason: kept\n"
		    "- rule: 'y.*'\n  reason: new\n",
		    56);
	commit_as(w, "qh", &based, t);
	fx_tree_free(t);
	expect_exit(fx_run("gate", "--no-cache", "--trust-head", "--base", "qb",
			   "--head", "qh", w->repo, NULL),
		    0);
	expect_in(fx_stdout(), "rule y.*: new");
	fx_expect_absent(fx_stdout(), "rule x.*");
	expect_exit(fx_run("gate", "-q", "--no-cache", "--base", "qb", "--head",
			   "qh", "--markdown", md, w->repo, NULL),
		    0);
	fx_expect_absent(fx_messages(), "summary:");
	free(md);
}

/* A .sunsetignore over --max-file-size is not read: its findings stay
 * visible, and a warning says why. */
static void test_oversized_sunsetignore_is_said(void **state)
{
	world *w = *state;
	sunset_buf big = SUNSET_BUF_INIT;

	sunset_buf_puts(&big, "- rule: '*'\n  reason: all of it\n");
	while (big.len < 4096)
		sunset_buf_puts(&big, "# padding the file past the limit\n");
	branch(w, "big-ignore",
	       (const char *const[]){"app.py", sora_py, ".sunsetignore",
				     big.ptr, NULL});
	expect_exit(fx_run("scan", "--no-cache", "--rev", "big-ignore",
			   "--max-file-size", "1K", "--format", "text", w->repo,
			   NULL),
		    0);
	expect_in(fx_messages(), "/.sunsetignore is larger than "
				 "--max-file-size (1024 bytes) and was not "
				 "read; none of its suppressions applies");
	assert_int_equal(fx_stdout_count("suppressed"), 0);
	sunset_buf_free(&big);
}

/* Run the sunset binary in a shell under a time limit that only a hang
 * reaches; its exit code (124: killed by the limit), standard output in
 * *out and standard error in *err (caller frees). */
static int run_bin(char **out, char **err, const char *args)
{
	const char *bin = getenv("SUNSET_BIN");
	char o[] = "/tmp/sunset-o-XXXXXX", e[] = "/tmp/sunset-e-XXXXXX";
	char *cmd;
	int fo = mkstemp(o), fe = mkstemp(e), status;

	if (!bin)
		fail_msg("SUNSET_BIN is not set (make test sets it)");
	assert_true(fo >= 0 && fe >= 0);
	close(fo);
	close(fe);
	cmd = sunset_asprintf("timeout 300 '%s' %s >%s 2>%s", bin, args, o, e);
	status = system(cmd);
	free(cmd);
	*out = fx_slurp(o);
	*err = fx_slurp(e);
	unlink(o);
	unlink(e);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* Fail unless `text` holds no byte of a terminal control sequence. */
static void expect_no_controls(const char *what, const char *text)
{
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f ||
		    (p[0] == 0xe2 && p[1] == 0x80 && p[2] == 0xae))
			fail_msg("%s holds a control byte 0x%02x at %zu", what,
				 *p, (size_t)(p - (const unsigned char *)text));
}

/* One head commit carrying every hostile file of issue 13 at once: the
 * gate still gives a fast and right verdict, and no output carries a
 * secret or a terminal control. */
static void test_hostile_head_commit(void **state)
{
	world *w = *state;
	sunset_buf ignore = SUNSET_BUF_INIT, nested = SUNSET_BUF_INIT;
	sunset_buf deep = SUNSET_BUF_INIT, utf16 = SUNSET_BUF_INIT;
	char *md = sunset_path_join(w->tmp, "hostile.md");
	char *sarif = sunset_path_join(w->tmp, "hostile.sarif");
	char *out, *err, *args, *text, *loose;
	static const char key[] = "sk_7f3a9c2e1b8d4f6a0c5e9b2d7a1f3c8e6b4d0a9f";
	const char *u16 = "m = 'sora-2'\n";
	git_oid blob;

	/* .sunsetignore: exponential globs, and a suppression of all */
	sunset_buf_puts(&ignore,
			"- rule: '*'\n  reason: everything\n"
			"- rule: '*'\n  path: '**/**/**/**/**/**/**/**/**/**/"
			"**/**/zzz.py'\n  reason: deep\n"
			"- rule: '*'\n  path: '*a*a*a*a*a*a*a*a*a*a*ab'\n"
			"  reason: stars\n");
	/* .sunset.yaml and the baseline: nested far past any limit */
	for (int i = 0; i < 200000; i++)
		sunset_buf_puts(&nested, "[");
	/* a file forty directories deep, for the globs to walk */
	for (int i = 0; i < 40; i++)
		sunset_buf_puts(&deep, "a/");
	sunset_buf_puts(&deep, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.py");
	/* UTF-16 LE with its byte order mark */
	sunset_buf_put(&utf16, "\xff\xfe", 2);
	for (const char *c = u16; *c; c++) {
		sunset_buf_put(&utf16, c, 1);
		sunset_buf_put(&utf16, "", 1);
	}
	{
		char *env = sunset_asprintf("ELEVENLABS_API_KEY=%s\n", key);
		const char *files[] = {
			"app.py",
			sora_py,
			".sunsetignore",
			ignore.ptr,
			".sunset.yaml",
			nested.ptr,
			".sunset-baseline.json",
			nested.ptr,
			deep.ptr,
			sora_py,
			"gen.py",
			"# @generated\nm = 'sora-2'\n",
			"web/\x1b]0;pwned\x07\xe2\x80\xae.py",
			sora_py,
			"package.json",
			"{\"dependencies\": {\"\\u0065levenlabs\": \"^1\"}}\n",
			".env",
			env,
			"hidden.py",
			"m = 'sora-2'  # the object goes\n",
			NULL};
		fx_tree *t = fx_tree_new();
		for (size_t i = 0; files[i]; i += 2)
			fx_tree_add(t, files[i], files[i + 1],
				    strlen(files[i + 1]));
		fx_tree_add(t, "utf16.py", utf16.ptr, utf16.len);
		commit_as(w, "hostile", &w->base, t);
		fx_tree_free(t);
		free(env);
	}
	fx_blob_id(&blob, w->r, "hostile", "hidden.py");
	loose = fx_loose_path(w->r, &blob);
	assert_int_equal(unlink(loose), 0);

	/* no verdict: a file it cannot read; every output says so */
	args = sunset_asprintf("gate --no-cache --base main --head hostile "
			       "--baseline '%s/.sunset-baseline.json' "
			       "--markdown '%s' --sarif '%s' '%s'",
			       w->repo, md, sarif, w->repo);
	if (run_bin(&out, &err, args) != 2)
		fail_msg("not exit 2:\n%s\n%s", out, err);
	expect_in(out, "gate: ERROR");
	expect_in(out, "unjudged: hidden.py: its object is missing");
	expect_no_controls("the terminal verdict", out);
	expect_no_controls("standard error", err);
	text = fx_slurp(md);
	expect_in(text, "- `hidden.py`: its object is missing");
	expect_in(text, "### Suppressions this pull request adds");
	expect_no_controls("the Markdown", text);
	if (strstr(out, key + 8) || strstr(text, key + 8) ||
	    strstr(err, key + 8))
		fail_msg("the secret is in an output");
	free(text);
	text = fx_slurp(sarif);
	if (strstr(text, key + 8))
		fail_msg("the secret is in the SARIF");
	free(text);
	free(out);
	free(err);
	free(args);

	/* as a policy failure: each hidden coupling is a new finding (the
	 * globs apply under --trust-head, the head's suppressions) */
	for (int trusted = 0; trusted < 2; trusted++) {
		args = sunset_asprintf("gate --no-cache %s--unreadable-files "
				       "fail --base main --head hostile "
				       "--markdown - '%s'",
				       trusted ? "--trust-head " : "", w->repo);
		if (run_bin(&out, &err, args) != 1)
			fail_msg("trusted %d:\n%s\n%s", trusted, out, err);
		if (!trusted) {
			expect_in(out, "`app.py:3`");
			expect_in(out, "`gen.py:2`");
			expect_in(out, "`utf16.py:1`");
			expect_in(out, "`package.json:1`");
			expect_in(out, "aaaaaaaaaaaa.py:3`");
			expect_in(out, "`.env:1`");
		} else {
			/* the head's own rule '*' applies when trusted:
			 * what fails is the file nobody could read */
			expect_in(out, "Applied: the gate was told to trust");
			expect_in(out, "0 failing the policy, 10 suppressed");
		}
		if (strstr(out, key + 8))
			fail_msg("the secret is in the Markdown");
		expect_no_controls("the Markdown", out);
		free(out);
		free(err);
		free(args);
	}
	sunset_buf_free(&ignore);
	sunset_buf_free(&nested);
	sunset_buf_free(&deep);
	sunset_buf_free(&utf16);
	free(loose);
	free(md);
	free(sarif);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pr_cannot_suppress_its_own_findings),
		cmocka_unit_test(test_base_suppressions_apply),
		cmocka_unit_test(test_pr_cannot_rewrite_its_baseline),
		cmocka_unit_test(test_unreadable_head_file),
		cmocka_unit_test(test_oversized_sunsetignore_is_said),
		cmocka_unit_test(test_pr_cannot_hide_behind_skips),
		cmocka_unit_test(test_policy_and_links_from_the_base),
		cmocka_unit_test(test_inline_suppressions_policy),
		cmocka_unit_test(test_trusted_listing_and_quiet),
		cmocka_unit_test(test_hostile_head_commit),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
