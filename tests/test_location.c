/* test_location.c - where a repository lies against the directory named:
 * a .git file or core.worktree pointing outside, linked work trees and
 * submodules, SHA-256 repositories libgit2 cannot read, partial clones */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "util.h"

typedef struct {
	char *tmp;
	char *secret; /* a repository elsewhere, with a work tree */
} world;

static const char secret_py[] =
	"OPENAI_API_KEY = 'not-for-your-eyes'\n"
	"video = client.videos.create(model=\"sora-2\")\n";

static int setup(void **state)
{
	world *w = calloc(1, sizeof(*w));
	git_repository *r;
	fx_tree *t = fx_tree_new();
	git_oid id;

	git_libgit2_init();
	w->tmp = fx_tmpdir();
	w->secret = sunset_path_join(w->tmp, "elsewhere/secret");
	r = fx_repo_init(w->secret, 0);
	fx_tree_add(t, "secret.py", secret_py, strlen(secret_py));
	fx_commit(&id, r, t, "refs/heads/main", "secret");
	fx_checkout_head(r);
	fx_tree_free(t);
	git_repository_free(r);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	world *w = *state;
	fx_rmrf(w->tmp);
	free(w->tmp);
	free(w->secret);
	free(w);
	git_libgit2_shutdown();
	return 0;
}

/* Run a shell command in `dir`; fails the test unless it exits 0. */
static void sh(const char *dir, const char *cmd)
{
	char *full =
		sunset_asprintf("cd '%s' && { %s; } >/dev/null 2>&1", dir, cmd);
	int rc = system(full);
	if (rc != 0)
		fail_msg("'%s' failed (%d)", cmd, rc);
	free(full);
}

/* A .git file pointing to another repository's git directory: what is
 * scanned is that repository's history, and every output says where it
 * was read. */
static void test_git_file_pointing_away_is_said(void **state)
{
	world *w = *state;
	char *innocent = sunset_path_join(w->tmp, "innocent");
	char *gitdir = sunset_path_join(w->secret, ".git");
	char *real = realpath(gitdir, NULL);
	char *link = sunset_asprintf("gitdir: %s\n", gitdir);
	char *json = sunset_path_join(w->tmp, "innocent.jsonl"), *out;
	char *said =
		sunset_asprintf("its git directory is %s, outside it", real);

	fx_write(innocent, ".git", link);
	assert_int_equal(
		fx_run("scan", "--no-cache", "--json", json, innocent, NULL),
		0);
	if (!strstr(fx_messages(), said))
		fail_msg("no '%s' in: %s", said, fx_messages());
	out = fx_slurp(json);
	if (!strstr(out, "\"type\":\"warning\"") || !strstr(out, real))
		fail_msg("the JSON does not name %s: %s", real, out);
	free(out);
	free(innocent);
	free(gitdir);
	free(real);
	free(link);
	free(json);
	free(said);
}

/* The history read from elsewhere by other roads: a commondir file,
 * objects/ and refs/ as links, an alternates file. Each is said. */
static void test_other_roads_outside_are_said(void **state)
{
	world *w = *state;
	char *secret_git = sunset_path_join(w->secret, ".git");
	char *secret_obj = sunset_path_join(w->secret, ".git/objects");
	char *secret_refs = sunset_path_join(w->secret, ".git/refs");
	const char *names[] = {"commondir", "links", "alternates"};

	for (size_t i = 0; i < 3; i++) {
		char *repo = sunset_asprintf("%s/roads/%s", w->tmp, names[i]);
		char *gitdir = sunset_path_join(repo, ".git");
		char *rel = sunset_asprintf("roads/%s/.git", names[i]);
		char *p, *q;
#define PUT(name, text)                                  \
	do {                                             \
		q = sunset_asprintf("%s/%s", rel, name); \
		fx_write(w->tmp, q, text);               \
		free(q);                                 \
	} while (0)
		PUT("HEAD", "ref: refs/heads/main\n");
		PUT("config", "[core]\n\trepositoryformatversion = 0\n");
		if (i == 0) {
			p = sunset_asprintf("%s\n", secret_git);
			PUT("commondir", p);
			free(p);
			PUT("objects/.keep", "");
			PUT("refs/.keep", "");
		} else if (i == 1) {
			char *o = sunset_path_join(gitdir, "objects");
			char *r = sunset_path_join(gitdir, "refs");
			assert_int_equal(symlink(secret_obj, o), 0);
			assert_int_equal(symlink(secret_refs, r), 0);
			free(o);
			free(r);
		} else {
			p = sunset_asprintf("%s\n", secret_obj);
			PUT("objects/info/alternates", p);
			free(p);
			PUT("refs/heads/.keep", "");
		}
#undef PUT
		free(rel);
		fx_run("scan", "--no-cache", repo, NULL);
		if (!strstr(fx_messages(), ", outside it; what is scanned is "
					   "read from there"))
			fail_msg("%s: %s", names[i], fx_messages());
		free(repo);
		free(gitdir);
	}
	free(secret_git);
	free(secret_obj);
	free(secret_refs);
}

/* core.worktree pointing outside: a work-tree scan reads no file there. */
static void test_worktree_outside_is_not_read(void **state)
{
	world *w = *state;
	char *repo = sunset_path_join(w->tmp, "wt");
	char *outside = sunset_path_join(w->tmp, "outside");
	char *json = sunset_path_join(w->tmp, "wt.jsonl"), *out;
	git_repository *r = fx_repo_init(repo, 0);
	git_config *cfg;

	fx_write(outside, "leak.py", "m = 'sora-2'\n");
	assert_int_equal(git_repository_config(&cfg, r), 0);
	assert_int_equal(git_config_set_string(cfg, "core.worktree", outside),
			 0);
	git_config_free(cfg);
	git_repository_free(r);
	assert_int_equal(fx_run("scan", "--no-cache", "--worktree", "--json",
				json, "--format", "text", repo, NULL),
			 2);
	if (!strstr(fx_messages(), "(core.worktree), outside it"))
		fail_msg("%s", fx_messages());
	fx_expect_absent(fx_stdout(), "leak.py");
	out = fx_slurp(json);
	fx_expect_absent(out, "leak.py");
	assert_non_null(strstr(out, "{\"type\":\"error\",\"repo\":"));
	assert_non_null(strstr(out, "core.worktree"));
	free(out);
	free(repo);
	free(outside);
	free(json);
}

/* A linked work tree and a submodule keep their git directories
 * elsewhere, and link back: nothing to say. */
static void test_linked_worktree_and_submodule_are_quiet(void **state)
{
	world *w = *state;
	char *linked = sunset_path_join(w->tmp, "linked");
	char *sub = sunset_path_join(w->tmp, "super/sub");
	char *modules = sunset_path_join(w->tmp, "super/.git/modules/sub");
	git_repository_init_options opts;
	git_repository *r;
	git_worktree *wt;
	fx_tree *t;
	git_oid id;

	assert_int_equal(git_repository_open(&r, w->secret), 0);
	assert_int_equal(git_worktree_add(&wt, r, "linked", linked, NULL), 0);
	git_worktree_free(wt);
	git_repository_free(r);
	assert_int_equal(fx_run("scan", "--no-cache", linked, NULL), 0);
	fx_expect_absent(fx_messages(), "outside it");
	assert_int_equal(
		fx_run("scan", "--no-cache", "--worktree", linked, NULL), 0);
	fx_expect_absent(fx_messages(), "outside it");

	/* a git directory with its work tree named in core.worktree, and a
	 * .git file in the work tree: a submodule's layout */
	git_repository_init_options_init(&opts,
					 GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	opts.flags = GIT_REPOSITORY_INIT_MKPATH;
	opts.workdir_path = sub;
	assert_int_equal(git_repository_init_ext(&r, modules, &opts), 0);
	t = fx_tree_new();
	fx_tree_add(t, "a.py", "m = 'sora-2'\n", 13);
	fx_commit(&id, r, t, "refs/heads/main", "sub");
	fx_tree_free(t);
	git_repository_free(r);
	{
		/* the layout is what it should be */
		char *dotgit = sunset_path_join(sub, ".git");
		char *text = fx_slurp(dotgit);
		assert_non_null(strstr(text, "gitdir: "));
		free(text);
		free(dotgit);
	}
	assert_int_equal(fx_run("scan", "--no-cache", sub, NULL), 0);
	fx_expect_absent(fx_messages(), "outside it");
	free(linked);
	free(sub);
	free(modules);
}

/* A repository libgit2 cannot read (SHA-256 object ids) is named, with
 * the reason, in a directory scan and when named itself; never left out
 * without a word, nor called "no repository". */
static void test_sha256_repository_is_named(void **state)
{
	world *w = *state;
	char *org = sunset_path_join(w->tmp, "org256");
	char *repo = sunset_path_join(org, "new");
	char *json = sunset_path_join(w->tmp, "org256.jsonl"), *out;

	fx_write(org, "new/a.py", "m = 'sora-2'\n");
	sh(repo, "git init -q --object-format=sha256 . && git add a.py && "
		 "git -c user.name=t -c user.email=t@t commit -qm one");
	assert_int_equal(
		fx_run("scan", "--no-cache", "--json", json, org, NULL), 2);
	if (!strstr(fx_messages(), "uses SHA-256 object ids") ||
	    !strstr(fx_messages(), "(1 of them could not be scanned)"))
		fail_msg("%s", fx_messages());
	out = fx_slurp(json);
	assert_non_null(strstr(out, "{\"type\":\"error\",\"repo\":"));
	assert_non_null(strstr(out, "uses SHA-256 object ids"));
	free(out);
	{
		char *check = sunset_asprintf(
			"python3 tests/check_jsonl.py '%s' >/dev/null", json);
		assert_int_equal(system(check), 0);
		free(check);
	}
	assert_int_equal(fx_run("scan", "--no-cache", repo, NULL), 2);
	assert_non_null(strstr(fx_messages(), "uses SHA-256 object ids"));
	fx_expect_absent(fx_messages(), "no git repository found");
	free(org);
	free(repo);
	free(json);
}

/* A partial clone (blobs fetched on demand, which sunset never does)
 * scans what it holds; older revisions' blobs are missing files. */
static void test_partial_clone(void **state)
{
	world *w = *state;
	char *clone = sunset_path_join(w->tmp, "partial");
	char *cmd = sunset_asprintf(
		"git -C '%s' config uploadpack.allowfilter true && echo "
		"\"m = 'dall-e-3'\" >> '%s/secret.py' && git -C '%s' -c "
		"user.name=t -c user.email=t@t commit -qam two && git clone -q "
		"--filter=blob:none --no-local 'file://%s' '%s'",
		w->secret, w->secret, w->secret, w->secret, clone);

	sh(w->tmp, cmd);
	assert_int_equal(
		fx_run("scan", "--no-cache", "--format", "text", clone, NULL),
		0);
	assert_true(fx_stdout_count("secret.py:2:") > 0);
	assert_true(fx_stdout_count("secret.py:3:") > 0);
	/* the first commit's blob was never fetched */
	assert_int_equal(
		fx_run("scan", "--no-cache", "--rev", "HEAD~1", clone, NULL),
		0);
	assert_non_null(strstr(fx_messages(), "missing from the object "
					      "database"));
	free(clone);
	free(cmd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_git_file_pointing_away_is_said),
		cmocka_unit_test(test_other_roads_outside_are_said),
		cmocka_unit_test(test_worktree_outside_is_not_read),
		cmocka_unit_test(test_linked_worktree_and_submodule_are_quiet),
		cmocka_unit_test(test_sha256_repository_is_named),
		cmocka_unit_test(test_partial_clone),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
