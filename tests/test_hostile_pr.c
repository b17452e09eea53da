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

/* A branch `name` off main: the base files plus `files` (path, content
 * pairs, NULL-terminated). */
static void branch(world *w, const char *name, const char *const *files)
{
	fx_tree *t = fx_tree_new();
	git_reference *ref;
	char *refname = sunset_asprintf("refs/heads/%s", name);
	git_oid id;

	assert_int_equal(
		git_reference_create(&ref, w->r, refname, &w->base, 1, NULL),
		0);
	git_reference_free(ref);
	fx_tree_add(t, "app.py", base_py, strlen(base_py));
	fx_tree_add(t, ".sunset-baseline.json",
		    "{\"sunset_baseline\": 1, \"findings\": []}\n", 39);
	for (size_t i = 0; files && files[i]; i += 2)
		fx_tree_add(t, files[i], files[i + 1], strlen(files[i + 1]));
	fx_commit(&id, w->r, t, refname, name);
	fx_tree_free(t);
	free(refname);
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
	if (!strstr(text, needle))
		fail_msg("no '%s' in:\n%s", needle, text);
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
	git_reference *ref;
	git_oid based, id;

	/* a base that already suppresses sora-2 with a reason */
	fx_tree_add(t, "app.py", base_py, strlen(base_py));
	fx_tree_add(t, ".sunset-baseline.json",
		    "{\"sunset_baseline\": 1, \"findings\": []}\n", 39);
	fx_tree_add(t, ".sunsetignore",
		    "- rule: 'openai.*'\n  reason: migration ticket 42\n", 48);
	assert_int_equal(git_reference_create(&ref, w->r,
					      "refs/heads/ignoring-base",
					      &w->base, 1, NULL),
			 0);
	git_reference_free(ref);
	fx_commit(&based, w->r, t, "refs/heads/ignoring-base", "base2");
	/* the head drops the suppression and adds the call */
	fx_tree_remove(t, ".sunsetignore");
	fx_tree_add(t, "app.py", sora_py, strlen(sora_py));
	assert_int_equal(git_reference_create(&ref, w->r, "refs/heads/drop",
					      &based, 1, NULL),
			 0);
	git_reference_free(ref);
	fx_commit(&id, w->r, t, "refs/heads/drop", "drop");
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
	       (const char *const[]){"app.py", sora_py,
				     ".sunset-baseline.json", head_baseline,
				     NULL});
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
	expect_in(fx_stdout(), "unread: hidden.py: its object is missing");
	expect_in(fx_messages(), "could not read 1 file of the head");
	text = fx_slurp(md);
	expect_in(text, "## sunset gate: ERROR");
	expect_in(text, "### Files the gate could not read");
	expect_in(text, "- `hidden.py`");
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
			   "--max-file-size", "1K", "--format", "text",
			   w->repo, NULL),
		    0);
	expect_in(fx_messages(), "/.sunsetignore is larger than "
				 "--max-file-size (1024 bytes) and was not "
				 "read; none of its suppressions applies");
	assert_int_equal(fx_stdout_count("suppressed"), 0);
	sunset_buf_free(&big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pr_cannot_suppress_its_own_findings),
		cmocka_unit_test(test_base_suppressions_apply),
		cmocka_unit_test(test_pr_cannot_rewrite_its_baseline),
		cmocka_unit_test(test_unreadable_head_file),
		cmocka_unit_test(test_oversized_sunsetignore_is_said),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
