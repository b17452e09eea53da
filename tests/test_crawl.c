/* test_crawl.c - the crawler through `sunset scan --list-files`: trees from
 * the object database, revisions, bare repositories, the work tree,
 * discovery, every skip reason, and that the repository is never written */
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
	char *app;     /* work tree repository: main (v1) and feature (v1+v2) */
	char *bare;    /* bare repository with the same history */
	char *skips;   /* one file per skip reason */
	git_oid first; /* app: first commit on main */
	git_oid second; /* app: second commit on main */
} world;

static void build_app(world *w, const char *path, int bare)
{
	git_repository *repo = fx_repo_init(path, bare);
	fx_tree *t = fx_tree_new();
	git_oid feature;

	fx_tree_add_dir(t, "repos/app/v1");
	fx_commit(&w->first, repo, t, "refs/heads/main", "v1");
	/* a branch that adds the video module */
	fx_tree_add_dir(t, "repos/app/v2");
	fx_commit(&feature, repo, t, "refs/heads/feature", "video");
	/* main moves on: a second commit that removes the notes */
	fx_tree_remove(t, "src/video.py");
	fx_tree_remove(t, "docs/notes.txt");
	fx_commit(&w->second, repo, t, "refs/heads/main", "drop notes");
	fx_tree_free(t);
	if (!bare)
		fx_checkout_head(repo);
	git_repository_free(repo);
}

static void build_skips(world *w)
{
	git_repository *repo = fx_repo_init(w->skips, 1);
	fx_tree *t = fx_tree_new();
	sunset_buf big = SUNSET_BUF_INIT, minified = SUNSET_BUF_INIT;
	git_oid commit, id;
	static const char binary[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
	char *loose;
	FILE *f;

	fx_tree_add_dir(t, "repos/skips");
	fx_tree_add(t, "assets/logo.png", binary, sizeof(binary) - 1);
	/* a binary file with a code extension: content wins */
	fx_tree_add(t, "src/data.py", binary, sizeof(binary) - 1);
	for (int i = 0; i < 1200; i++)
		sunset_buf_puts(&big, "{\"key\": \"value\"},\n");
	fx_tree_add(t, "data/big.json", big.ptr, big.len);
	for (int i = 0; i < 300; i++)
		sunset_buf_puts(&minified, "var a=function(b){return b+1};");
	sunset_buf_puts(&minified, "\n");
	fx_tree_add(t, "static/bundle.js", minified.ptr, minified.len);
	/* string templates nested past what tree-sitter-kotlin survives */
	sunset_buf_clear(&big);
	sunset_buf_puts(&big, "val s = \"");
	for (int i = 0; i < 1100; i++)
		sunset_buf_puts(&big, "${\"");
	for (int i = 0; i < 1100; i++)
		sunset_buf_puts(&big, "\"}");
	sunset_buf_puts(&big, "\"\n");
	fx_tree_add(t, "src/Deep.kt", big.ptr, big.len);
	fx_tree_add_link(t, "etc-passwd", "/etc/passwd");
	fx_tree_add_link(t, "src/alias.py", "ok.py");
	fx_tree_add_submodule(t, "third/lib",
			      "0123456789abcdef0123456789abcdef01234567");
	fx_tree_add(t, "src/gone.py", "def gone():\n    pass\n", 21);
	fx_tree_add(t, "src/corrupt.py", "def corrupt():\n    pass\n", 24);
	fx_commit(&commit, repo, t, "refs/heads/main", "skips");

	/* a deleted object: the blob of src/gone.py */
	fx_blob_id(&id, repo, "HEAD", "src/gone.py");
	loose = fx_loose_path(repo, &id);
	assert_int_equal(unlink(loose), 0);
	free(loose);
	/* a corrupt object: garbage in place of src/corrupt.py's blob */
	fx_blob_id(&id, repo, "HEAD", "src/corrupt.py");
	loose = fx_loose_path(repo, &id);
	chmod(loose, 0644);
	f = fopen(loose, "wb");
	assert_non_null(f);
	fputs("this is not zlib data", f);
	fclose(f);
	free(loose);

	sunset_buf_free(&big);
	sunset_buf_free(&minified);
	fx_tree_free(t);
	git_repository_free(repo);
}

static int setup(void **state)
{
	world *w = calloc(1, sizeof(*w));

	git_libgit2_init();
	w->tmp = fx_tmpdir();
	w->app = sunset_path_join(w->tmp, "app");
	w->bare = sunset_path_join(w->tmp, "app.git");
	w->skips = sunset_path_join(w->tmp, "skips.git");
	build_app(w, w->app, 0);
	build_app(w, w->bare, 1);
	build_skips(w);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	world *w = *state;
	fx_rmrf(w->tmp);
	free(w->tmp);
	free(w->app);
	free(w->bare);
	free(w->skips);
	free(w);
	git_libgit2_shutdown();
	return 0;
}

/* The status column of a file in the last --list-files output. */
static const char *status_of(const char *path)
{
	const char *line = fx_list_line(path);
	if (!line)
		return "(not listed)";
	for (int tabs = 0; tabs < 5; tabs++) {
		line = strchr(line, '\t');
		if (!line)
			return "(malformed)";
		line++;
	}
	return line;
}

static const char *lang_of(const char *path)
{
	static char lang[32];
	const char *line = fx_list_line(path), *a, *b;

	if (!line)
		return "(not listed)";
	a = strchr(strchr(line, '\t') + 1, '\t') + 1;
	b = strchr(a, '\t');
	snprintf(lang, sizeof(lang), "%.*s", (int)(b - a), a);
	return lang;
}

static void test_head_from_object_store(void **state)
{
	world *w = *state;

	assert_int_equal(fx_run("scan", "--list-files", w->app, NULL), 0);
	/* HEAD is the second commit on main: notes gone, no video */
	assert_string_equal(status_of("src/app.py"), "analysed");
	assert_string_equal(lang_of("src/app.py"), "python");
	assert_string_equal(lang_of("web/client.ts"), "typescript");
	assert_string_equal(lang_of("web/App.tsx"), "tsx");
	assert_string_equal(lang_of("cmd/server/main.go"), "go");
	assert_string_equal(lang_of("bin/generate"), "python");
	assert_string_equal(lang_of(".env.example"), "dotenv");
	assert_string_equal(status_of("README.md"), "skipped: unsupported");
	assert_null(fx_list_line("docs/notes.txt"));
	assert_null(fx_list_line("src/video.py"));
	assert_non_null(strstr(fx_messages(), "scanned 9 of 12 files in 1 "
					      "repository; 3 skipped "
					      "(unsupported: 3)"));
}

static void test_rev_branch_and_older_commit(void **state)
{
	world *w = *state;
	char hex[GIT_OID_HEXSZ + 1];

	assert_int_equal(fx_run("scan", "--list-files", "--rev", "feature",
				w->app, NULL),
			 0);
	assert_string_equal(status_of("src/video.py"), "analysed");
	assert_string_equal(status_of("docs/notes.txt"),
			    "skipped: unsupported");

	git_oid_tostr(hex, sizeof(hex), &w->first);
	assert_int_equal(
		fx_run("scan", "--list-files", "--rev", hex, w->app, NULL), 0);
	assert_non_null(fx_list_line("docs/notes.txt"));
	assert_null(fx_list_line("src/video.py"));

	/* a revision expression: the parent of main */
	assert_int_equal(
		fx_run("scan", "--list-files", "--rev", "main~1", w->app, NULL),
		0);
	assert_non_null(fx_list_line("docs/notes.txt"));
}

static void test_bare_repository(void **state)
{
	world *w = *state;

	assert_int_equal(fx_run("scan", "--list-files", w->bare, NULL), 0);
	assert_string_equal(status_of("src/app.py"), "analysed");
	assert_int_equal(fx_stdout_count("\t"), 12);
	assert_int_equal(fx_run("scan", "--list-files", "--rev", "feature",
				w->bare, NULL),
			 0);
	assert_string_equal(status_of("src/video.py"), "analysed");
	/* a bare repository has no work tree to read */
	assert_int_equal(fx_run("scan", "--worktree", w->bare, NULL), 2);
	assert_non_null(strstr(fx_messages(), "bare repository"));
}

static void test_worktree_changes_and_gitignore(void **state)
{
	world *w = *state;
	char *tmp = fx_tmpdir(), *repo_path = sunset_path_join(tmp, "wt");
	char *blob_committed;
	const char *line;

	build_app(w, repo_path, 0);
	/* an uncommitted change, an untracked file, ignored files */
	fx_write(repo_path, "src/app.py", "print('changed')\n");
	fx_write(repo_path, "src/new_module.py", "X = 1\n");
	fx_write(repo_path, "secrets/key.py", "KEY = 'x'\n");
	fx_write(repo_path, "debug.log", "noise\n");

	assert_int_equal(fx_run("scan", "--list-files", repo_path, NULL), 0);
	line = fx_list_line("src/app.py");
	assert_non_null(line);
	blob_committed = strdup(line);
	assert_null(fx_list_line("src/new_module.py")); /* not committed */

	assert_int_equal(
		fx_run("scan", "--list-files", "--worktree", repo_path, NULL),
		0);
	assert_string_equal(status_of("src/new_module.py"), "analysed");
	assert_null(fx_list_line("secrets/key.py"));
	assert_null(fx_list_line("debug.log"));
	/* tracked files stay although .gitignore matches them */
	assert_non_null(fx_list_line("keep.log"));
	assert_non_null(fx_list_line(".gitignore"));
	/* the content read is the uncommitted one: size and blob differ */
	assert_non_null(fx_list_line("src/app.py"));
	assert_string_not_equal(fx_list_line("src/app.py"), blob_committed);

	/* a file deleted in the work tree is gone from the work-tree scan */
	{
		char *keep = sunset_path_join(repo_path, "keep.log");
		assert_int_equal(unlink(keep), 0);
		free(keep);
	}
	assert_int_equal(
		fx_run("scan", "--list-files", "--worktree", repo_path, NULL),
		0);
	assert_null(fx_list_line("keep.log"));

	/* --rev and --worktree exclude each other */
	assert_int_equal(
		fx_run("scan", "--worktree", "--rev", "main", repo_path, NULL),
		2);

	free(blob_committed);
	fx_rmrf(tmp);
	free(repo_path);
	free(tmp);
}

static void test_discovery_of_nested_repositories(void **state)
{
	char *tmp = fx_tmpdir();
	const char *repos[] = {"org/alpha", "org/team/beta.git",
			       "org/team/deeper/gamma"};
	fx_tree *t = fx_tree_new();
	git_oid id;
	char *org = sunset_path_join(tmp, "org");
	char *depth1;

	(void)state;
	fx_tree_add(t, "main.py", "print(1)\n", 9);
	for (size_t i = 0; i < 3; i++) {
		char *p = sunset_path_join(tmp, repos[i]);
		git_repository *r = fx_repo_init(p, strstr(p, ".git") != NULL);
		fx_commit(&id, r, t, "refs/heads/main", "one");
		git_repository_free(r);
		free(p);
	}
	/* a plain directory with files but no repository, and a link to a
	 * repository: neither is a repository of its own */
	fx_write(tmp, "org/notes/readme.txt", "hello\n");
	{
		char *alpha = sunset_path_join(tmp, "org/alpha");
		char *link = sunset_path_join(tmp, "org/link-to-alpha");
		assert_int_equal(symlink(alpha, link), 0);
		free(alpha);
		free(link);
	}

	assert_int_equal(fx_run("scan", "--list-files", org, NULL), 0);
	assert_int_equal(fx_stdout_count("\tmain.py\t"), 3);
	assert_non_null(strstr(fx_stdout(), "org/alpha\tmain.py"));
	assert_non_null(strstr(fx_stdout(), "org/team/beta.git\tmain.py"));
	assert_non_null(strstr(fx_stdout(), "org/team/deeper/gamma\tmain.py"));
	assert_non_null(strstr(fx_messages(), "in 3 repositories"));

	/* --max-depth bounds the search: gamma is 3 levels below org */
	assert_int_equal(
		fx_run("scan", "--list-files", "--max-depth", "2", org, NULL),
		0);
	assert_int_equal(fx_stdout_count("\tmain.py\t"), 2);
	depth1 = sunset_path_join(tmp, "org/team");
	assert_int_equal(fx_run("scan", "--list-files", "--max-depth", "1",
				depth1, NULL),
			 0);
	assert_int_equal(fx_stdout_count("\tmain.py\t"), 1);
	/* several PATHs at once; a repository named twice is scanned once */
	assert_int_equal(fx_run("scan", "--list-files", depth1, org, NULL), 0);
	assert_int_equal(fx_stdout_count("\tmain.py\t"), 3);

	fx_tree_free(t);
	fx_rmrf(tmp);
	free(depth1);
	free(org);
	free(tmp);
}

static void test_every_skip_reason(void **state)
{
	world *w = *state;
	static const struct {
		const char *path, *status;
	} cases[] = {
		{"src/ok.py", "analysed"},
		{"src/broken.py", "analysed (syntax errors)"},
		{"docs/readme.txt", "skipped: unsupported"},
		{"assets/logo.png", "skipped: unsupported"},
		{"src/data.py", "skipped: binary"},
		{"data/big.json", "skipped: too-large"},
		{"node_modules/left-pad/index.js", "skipped: vendored"},
		{"vendor/github.com/acme/util/util.go", "skipped: vendored"},
		{"dist/app.js", "skipped: vendored"},
		{"static/app.min.js", "skipped: generated"},
		{"static/bundle.js", "skipped: generated"},
		{"api/model.pb.go", "skipped: generated"},
		{"api/client_gen.go", "skipped: generated"},
		{"etc-passwd", "skipped: symlink"},
		{"src/alias.py", "skipped: symlink"},
		{"third/lib", "skipped: submodule"},
		{"src/gone.py", "skipped: missing"},
		{"src/corrupt.py", "skipped: unreadable"},
		{"src/Deep.kt", "skipped: too-deep"},
	};

	assert_int_equal(fx_run("scan", "--list-files", "--max-file-size",
				"16K", w->skips, NULL),
			 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (strcmp(status_of(cases[i].path), cases[i].status) != 0)
			fail_msg("%s: expected '%s', got '%s'", cases[i].path,
				 cases[i].status, status_of(cases[i].path));
	}
	assert_int_equal(fx_stdout_count("\t"),
			 (int)(sizeof(cases) / sizeof(cases[0])));
	/* one warning naming each unreadable object, and the scan went on */
	assert_non_null(strstr(fx_messages(),
			       "warning: src/gone.py: object is missing"));
	assert_non_null(strstr(fx_messages(), "warning: src/corrupt.py:"));
	assert_non_null(
		strstr(fx_messages(),
		       "scanned 2 of 19 files in 1 repository; 17 skipped "
		       "(unsupported: 2, binary: 1, too-large: 1, vendored: 3, "
		       "generated: 4, submodule: 1, symlink: 2, missing: 1, "
		       "unreadable: 1, too-deep: 1)"));
	assert_non_null(strstr(fx_messages(), "warning: src/Deep.kt: nested "
					      "deeper than the kotlin parser"));

	/* with the default limit (2 MiB) the big file is analysed */
	assert_int_equal(fx_run("scan", "--list-files", w->skips, NULL), 0);
	assert_int_equal(strncmp(status_of("data/big.json"), "analysed", 8), 0);
}

static void test_scan_never_writes_to_the_repository(void **state)
{
	world *w = *state;
	char *before = fx_snapshot(w->app), *after;
	char *bare_before = fx_snapshot(w->bare), *bare_after;

	assert_int_equal(fx_run("scan", w->app, NULL), 0);
	assert_int_equal(fx_run("scan", "--worktree", w->app, NULL), 0);
	assert_int_equal(fx_run("scan", "--rev", "feature", w->bare, NULL), 0);
	after = fx_snapshot(w->app);
	bare_after = fx_snapshot(w->bare);
	assert_string_equal(before, after);
	assert_string_equal(bare_before, bare_after);
	free(before);
	free(after);
	free(bare_before);
	free(bare_after);
}

static void test_empty_repository_says_nothing_was_covered(void **state)
{
	char *tmp = fx_tmpdir(), *p = sunset_path_join(tmp, "empty");
	git_repository *r = fx_repo_init(p, 0);

	(void)state;
	git_repository_free(r);
	assert_int_equal(fx_run("scan", p, NULL), 0);
	assert_non_null(strstr(fx_messages(), "has no commits yet"));
	assert_non_null(strstr(fx_messages(), "scanned 0 of 0 files"));
	assert_non_null(strstr(fx_messages(), "covered nothing"));
	fx_rmrf(tmp);
	free(p);
	free(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_head_from_object_store),
		cmocka_unit_test(test_rev_branch_and_older_commit),
		cmocka_unit_test(test_bare_repository),
		cmocka_unit_test(test_worktree_changes_and_gitignore),
		cmocka_unit_test(test_discovery_of_nested_repositories),
		cmocka_unit_test(test_every_skip_reason),
		cmocka_unit_test(test_scan_never_writes_to_the_repository),
		cmocka_unit_test(
			test_empty_repository_says_nothing_was_covered),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
