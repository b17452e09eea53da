/* test_outputs.c - what a command writes: never over another output, the
 * inventory, the cache or what it reads, never into a repository it
 * scans; standard output that fails is an error; a signal leaves what
 * was written whole and says what that was; no argument is dropped */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "util.h"

typedef struct {
	char *tmp;
	char *org;  /* a directory holding the repository */
	char *repo; /* org/app, with a work tree */
	char *db;   /* tmp/inv.db, one scan in it */
} world;

static const char app_py[] = "from openai import OpenAI\n"
			     "client = OpenAI()\n"
			     "video = client.videos.create(model=\"sora-2\")\n";

static int setup(void **state)
{
	world *w = calloc(1, sizeof(*w));
	git_repository *r;
	fx_tree *t = fx_tree_new();
	git_oid id;

	git_libgit2_init();
	w->tmp = fx_tmpdir();
	w->org = sunset_path_join(w->tmp, "org");
	w->repo = sunset_path_join(w->org, "app");
	w->db = sunset_path_join(w->tmp, "inv.db");
	r = fx_repo_init(w->repo, 0);
	fx_tree_add(t, "app.py", app_py, strlen(app_py));
	fx_commit(&id, r, t, "refs/heads/main", "v1");
	fx_checkout_head(r);
	fx_tree_free(t);
	git_repository_free(r);
	assert_int_equal(fx_run("scan", "--no-cache", "-q", "--db", w->db,
				w->repo, NULL),
			 0);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	world *w = *state;
	fx_rmrf(w->tmp);
	free(w->tmp);
	free(w->org);
	free(w->repo);
	free(w->db);
	free(w);
	git_libgit2_shutdown();
	return 0;
}

static void expect_refused(const char *const *args, const char *message)
{
	int code = fx_run_v(args);
	if (code != 2)
		fail_msg("exit %d, not 2: %s", code, fx_messages());
	if (!strstr(fx_messages(), message))
		fail_msg("no '%s' in: %s", message, fx_messages());
	/* refused before anything was read */
	if (strstr(fx_messages(), "scanned "))
		fail_msg("it scanned: %s", fx_messages());
}

static int exists(const char *path)
{
	struct stat sb;
	return lstat(path, &sb) == 0;
}

/* The number of scans in the inventory. */
static int scans_in(const char *db)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	int n = -1;

	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL),
			 SQLITE_OK);
	if (sqlite3_prepare_v2(h, "SELECT count(*) FROM scans", -1, &st,
			       NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

/* Two outputs naming one file, by any name, and an output naming the
 * inventory, the cache or a file the command reads, are refused before
 * anything is read; the file is left as it was. */
static void test_outputs_are_distinct_files(void **state)
{
	world *w = *state;
	char *before = sunset_path_join(w->tmp, "before.db"), *after;
	char *hard = sunset_path_join(w->tmp, "hard.db");
	char *same =
		sunset_asprintf("%s/../%s", w->org, strrchr(w->db, '/') + 1);
	char *out = sunset_path_join(w->tmp, "out.json");
	char *md = sunset_path_join(w->tmp, "gate.md");

	fx_copy_file(w->db, before);
	assert_int_equal(link(w->db, hard), 0);
	expect_refused((const char *const[]){"scan", "--no-cache", "--db",
					     w->db, "--json", w->db, w->repo,
					     NULL},
		       "are the same file");
	expect_refused((const char *const[]){"scan", "--no-cache", "--db",
					     w->db, "--html", same, w->repo,
					     NULL},
		       "are the same file");
	expect_refused((const char *const[]){"scan", "--no-cache", "--db",
					     w->db, "--sarif", hard, w->repo,
					     NULL},
		       "are the same file");
	expect_refused((const char *const[]){"scan", "--cache", w->db, "--db",
					     w->db, w->repo, NULL},
		       "are the same file");
	expect_refused((const char *const[]){"scan", "--no-cache", "--json",
					     out, "--cyclonedx", out, w->repo,
					     NULL},
		       "are the same file");
	/* a report over the inventory it renders */
	expect_refused((const char *const[]){"report", "--db", w->db, "--html",
					     same, NULL},
		       "which is read");
	/* the gate's outputs over its policy or baseline */
	fx_write(w->tmp, "gate.md", "fail-on-severity: high\n");
	expect_refused((const char *const[]){"gate", "--base", "main",
					     "--no-cache", "--policy", md,
					     "--markdown", md, w->repo, NULL},
		       "which is read");
	expect_refused((const char *const[]){"gate", "--base", "main",
					     "--no-cache", "--baseline", md,
					     "--sarif", md, w->repo, NULL},
		       "which is read");
	fx_expect_same_file(before, w->db);
	assert_int_equal(scans_in(w->db), 1);
	assert_false(exists(out));
	unlink(before);
	after = fx_slurp(md);
	assert_string_equal(after, "fail-on-severity: high\n");
	unlink(hard);
	free(before);
	free(after);
	free(hard);
	free(same);
	free(out);
	free(md);
}

/* No command writes into a repository it reads: its git directory
 * (HEAD overwritten, the repository would no longer open), nor its work
 * tree; a directory holding repositories is no repository. */
static void test_never_writes_into_a_scanned_repository(void **state)
{
	world *w = *state;
	char *head = sunset_path_join(w->repo, ".git/HEAD");
	char *in_git = sunset_path_join(w->repo, ".git/inv.db");
	char *in_tree = sunset_path_join(w->repo, "report.html");
	char *beside = sunset_path_join(w->org, "org.db");
	char *head_before = fx_slurp(head), *head_after;
	git_repository *r;

	expect_refused((const char *const[]){"scan", "--no-cache", "--html",
					     head, w->repo, NULL},
		       "lies inside the git directory");
	/* found inside a directory, too */
	expect_refused((const char *const[]){"scan", "--no-cache", "--db",
					     in_git, w->org, NULL},
		       "lies inside the git directory");
	expect_refused((const char *const[]){"scan", "--no-cache", "--html",
					     in_tree, w->org, NULL},
		       "lies inside the repository");
	expect_refused((const char *const[]){"scan", "--no-cache", "--worktree",
					     "--json", in_tree, w->repo, NULL},
		       "lies inside the repository");
	expect_refused((const char *const[]){"gate", "--base", "main",
					     "--no-cache", "--markdown",
					     in_tree, w->repo, NULL},
		       "lies inside the repository");
	expect_refused((const char *const[]){"gate", "--base", "main",
					     "--no-cache", "--sarif", head,
					     w->repo, NULL},
		       "lies inside the git directory");
	expect_refused((const char *const[]){"plan", "--vendor", "openai",
					     "--markdown", in_tree, w->repo,
					     NULL},
		       "lies inside the repository");
	expect_refused((const char *const[]){"baseline", "write", in_git,
					     "--no-cache", w->repo, NULL},
		       "lies inside the git directory");
	head_after = fx_slurp(head);
	assert_string_equal(head_before, head_after);
	assert_int_equal(git_repository_open(&r, w->repo), 0);
	git_repository_free(r);
	assert_false(exists(in_git));
	assert_false(exists(in_tree));

	/* what may be written: beside the repositories, and a baseline in
	 * the work tree, where it is committed */
	assert_int_equal(fx_run("scan", "--no-cache", "-q", "--db", beside,
				w->org, NULL),
			 0);
	assert_int_equal(scans_in(beside), 1);
	free(in_tree);
	in_tree = sunset_path_join(w->repo, ".sunset-baseline.json");
	assert_int_equal(fx_run("baseline", "write", in_tree, "--no-cache",
				w->repo, NULL),
			 0);
	assert_true(exists(in_tree));
	unlink(in_tree);
	unlink(beside);
	free(head);
	free(in_git);
	free(in_tree);
	free(beside);
	free(head_before);
	free(head_after);
}

/* A linked work tree shares its main repository's git directory: an
 * output there is inside the repository scanned. */
static void test_linked_worktree_shares_the_git_directory(void **state)
{
	world *w = *state;
	char *linked = sunset_path_join(w->tmp, "linked");
	char *common = sunset_path_join(w->repo, ".git/refs/x.db");
	git_repository *r;
	git_worktree *wt;

	assert_int_equal(git_repository_open(&r, w->repo), 0);
	assert_int_equal(git_worktree_add(&wt, r, "linked", linked, NULL), 0);
	git_worktree_free(wt);
	git_repository_free(r);
	expect_refused((const char *const[]){"scan", "--no-cache", "--db",
					     common, linked, NULL},
		       "lies inside the git directory");
	assert_false(exists(common));
	free(linked);
	free(common);
}

/* What a dangling link names is what SQLite would create; a repository
 * libgit2 cannot open is still a repository; the rules, a --repos-from
 * list and a rules directory are read, so never written. */
static void test_outputs_by_other_roads(void **state)
{
	world *w = *state;
	char *link = sunset_path_join(w->tmp, "link.db");
	char *cache = sunset_path_join(w->tmp, "cache-link.db");
	char *target = sunset_path_join(w->repo, ".git/evil.db");
	char *ctarget = sunset_path_join(w->repo, ".git/evilcache.db");
	char *r256 = sunset_path_join(w->tmp, "r256");
	char *head256 = sunset_path_join(r256, ".git/HEAD");
	char *rules = sunset_path_join(w->tmp, "my-rules");
	char *rule = sunset_path_join(rules, "acme.yaml");
	char *list = sunset_path_join(w->tmp, "list.txt");
	char *cmd;

	assert_int_equal(symlink(target, link), 0);
	expect_refused((const char *const[]){"scan", "--no-cache", "--db", link,
					     w->repo, NULL},
		       "lies inside the git directory");
	assert_false(exists(target));
	assert_int_equal(symlink(ctarget, cache), 0);
	assert_int_equal(fx_run("scan", "-q", "--cache", cache, w->repo, NULL),
			 0);
	assert_non_null(strstr(fx_messages(), "is inside the scanned"));
	assert_false(exists(ctarget));

	fx_write(r256, "a.py", "x = 1\n");
	cmd = sunset_asprintf("cd '%s' && git init -q --object-format=sha256 "
			      ". && git add a.py && git -c user.name=t -c "
			      "user.email=t@t commit -qm one",
			      r256);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	{
		char *before = fx_slurp(head256), *after;
		expect_refused((const char *const[]){"scan", "--no-cache",
						     "--html", head256, r256,
						     NULL},
			       "lies inside the git directory");
		after = fx_slurp(head256);
		assert_string_equal(before, after);
		free(before);
		free(after);
	}

	fx_write(rules, "acme.yaml", "# rules\n");
	fx_write(w->tmp, "list.txt", w->repo);
	expect_refused((const char *const[]){"scan", "--no-cache", "--rules",
					     rule, "--json", rule, w->repo,
					     NULL},
		       "which is read");
	expect_refused((const char *const[]){"scan", "--no-cache",
					     "--repos-from", list, "--html",
					     list, NULL},
		       "which is read");
	expect_refused((const char *const[]){"scan", "--no-cache", "--rules",
					     rules, "--json", list, "--html",
					     rule, w->repo, NULL},
		       "lies inside --rules");
	expect_refused((const char *const[]){"plan", "--vendor", "openai",
					     "--rules", rule, "--markdown",
					     rule, w->repo, NULL},
		       "which is read");
	expect_refused((const char *const[]){"gate", "--base", "main",
					     "--no-cache", "--rules", rule,
					     "--markdown", rule, w->repo, NULL},
		       "which is read");
	cmd = fx_slurp(rule);
	assert_string_equal(cmd, "# rules\n");
	free(cmd);
	free(link);
	free(cache);
	free(target);
	free(ctarget);
	free(r256);
	free(head256);
	free(rules);
	free(rule);
	free(list);
}

/* A directory that does not exist fails before the scan, not after it:
 * nothing is lost to a mistyped path. */
static void test_missing_directory_fails_first(void **state)
{
	world *w = *state;
	char *db = sunset_path_join(w->tmp, "fresh.db");

	expect_refused((const char *const[]){"scan", "--no-cache", "--db", db,
					     "--html",
					     "/no/such/dir/report.html",
					     w->repo, NULL},
		       "check the directory exists");
	expect_refused((const char *const[]){"scan", "--no-cache", "--json",
					     w->tmp, w->repo, NULL},
		       "it is a directory");
	assert_false(exists(db));
	free(db);
}

/* Run `cmd` in a shell; its exit code, and its standard error in *err
 * (caller frees). */
static int shell(const char *cmd, char **err)
{
	char *full;
	char tmpl[] = "/tmp/sunset-err-XXXXXX";
	int fd = mkstemp(tmpl), status;

	assert_true(fd >= 0);
	close(fd);
	full = sunset_asprintf("%s 2>%s", cmd, tmpl);
	status = system(full);
	*err = fx_slurp(tmpl);
	unlink(tmpl);
	free(full);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* A reader of standard output that leaves at once (sunset scan | head)
 * must not cost the scan: the inventory is written, the exit code says
 * standard output failed. */
static void test_closed_stdout_keeps_the_inventory(void **state)
{
	world *w = *state;
	const char *bin = getenv("SUNSET_BIN");
	char *db = sunset_path_join(w->tmp, "pipe.db");
	int p[2], status;
	pid_t pid;

	if (!bin)
		fail_msg("SUNSET_BIN is not set (make test sets it)");
	assert_int_equal(pipe(p), 0);
	close(p[0]); /* the reader has left */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);
		/* as a shell runs it: SIGPIPE at its default */
		signal(SIGPIPE, SIG_DFL);
		dup2(p[1], STDOUT_FILENO);
		dup2(devnull, STDERR_FILENO);
		execl(bin, bin, "scan", "--no-cache", "--format", "text",
		      "--db", db, w->repo, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status))
		fail_msg("killed by signal %d", WTERMSIG(status));
	assert_int_equal(WEXITSTATUS(status), 2);
	assert_int_equal(scans_in(db), 1);
	free(db);
}

/* Standard output that cannot be written is exit 2, for every command
 * that writes to it. */
static void test_full_stdout_exits_2(void **state)
{
	world *w = *state;
	const char *bin = getenv("SUNSET_BIN");
	const char *const commands[] = {"scan --no-cache --format text",
					"scan --no-cache --format json",
					"scan --no-cache",
					"--version",
					"rules list",
					"report --db"};
	char *err;

	if (!bin)
		fail_msg("SUNSET_BIN is not set (make test sets it)");
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++) {
		char *cmd;
		if (!strcmp(commands[i], "report --db"))
			cmd = sunset_asprintf("'%s' %s '%s' >/dev/full", bin,
					      commands[i], w->db);
		else if (!strncmp(commands[i], "scan", 4))
			cmd = sunset_asprintf("'%s' %s '%s' >/dev/full", bin,
					      commands[i], w->repo);
		else
			cmd = sunset_asprintf("'%s' %s >/dev/full", bin,
					      commands[i]);
		if (shell(cmd, &err) != 2)
			fail_msg("%s: not exit 2: %s", commands[i], err);
		if (!strstr(err, "cannot write standard output"))
			fail_msg("%s: %s", commands[i], err);
		free(err);
		free(cmd);
	}
}

/* No temporary report file is left in `dir`. */
static void expect_no_temporary(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (strstr(de->d_name, ".tmp."))
			fail_msg("left behind: %s", de->d_name);
	closedir(d);
}

/* A signal after the inventory is committed: the reports not yet
 * written are not written, and the message says what was. */
static void test_signal_during_reports(void **state)
{
	world *w = *state;
	char *dir = sunset_path_join(w->tmp, "sig");
	char *db = sunset_path_join(dir, "inv.db");
	char *json = sunset_path_join(dir, "out.jsonl");
	char *sarif = sunset_path_join(dir, "out.sarif");
	char *html = sunset_path_join(dir, "out.html");

	fx_write(dir, "keep", "");
	/* right after the commit */
	fx_signal_after("inventory: ", SIGTERM);
	assert_int_equal(fx_run("scan", "--no-cache", "--db", db, "--json",
				json, "--sarif", sarif, "--html", html, w->repo,
				NULL),
			 143);
	sunset_interrupt_set(0);
	assert_int_equal(scans_in(db), 1);
	assert_false(exists(json));
	assert_false(exists(sarif));
	assert_false(exists(html));
	if (!strstr(fx_messages(), "the inventory ") ||
	    !strstr(fx_messages(), "was written before it came, and nothing "
				   "after"))
		fail_msg("%s", fx_messages());
	/* between two reports */
	fx_signal_after("(JSON Lines)", SIGTERM);
	assert_int_equal(fx_run("scan", "--no-cache", "--db", db, "--json",
				json, "--sarif", sarif, "--html", html, w->repo,
				NULL),
			 143);
	sunset_interrupt_set(0);
	assert_int_equal(scans_in(db), 2);
	assert_true(exists(json));
	assert_false(exists(sarif));
	assert_false(exists(html));
	if (!strstr(fx_messages(), "out.jsonl were written before it came"))
		fail_msg("%s", fx_messages());
	/* before anything: the inventory stays as it was */
	sunset_interrupt_set(SIGINT);
	assert_int_equal(fx_run("scan", "--no-cache", "--db", db, "--html",
				html, w->repo, NULL),
			 130);
	sunset_interrupt_set(0);
	assert_int_equal(scans_in(db), 2);
	assert_false(exists(html));
	assert_non_null(strstr(fx_messages(), "nothing was written"));
	expect_no_temporary(dir);
	free(dir);
	free(db);
	free(json);
	free(sarif);
	free(html);
}

/* A report written again keeps the mode its file had; a new one gets
 * the mode any new file gets. */
static void test_rewritten_report_keeps_its_mode(void **state)
{
	world *w = *state;
	char *html = sunset_path_join(w->tmp, "mode.html");
	struct stat sb;
	mode_t mask = umask(022);

	assert_int_equal(fx_run("scan", "--no-cache", "-q", "--html", html,
				w->repo, NULL),
			 0);
	assert_int_equal(stat(html, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0644);
	assert_int_equal(chmod(html, 0640), 0);
	assert_int_equal(fx_run("scan", "--no-cache", "-q", "--html", html,
				w->repo, NULL),
			 0);
	assert_int_equal(stat(html, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0640);
	umask(mask);
	unlink(html);
	free(html);
}

/* Arguments past any number are kept: rule files, --rules, PATHs. */
static void test_no_argument_is_dropped(void **state)
{
	world *w = *state;
	enum { MANY = 70 };
	const char *args[2 * MANY + 8];
	char *files[MANY];
	size_t n = 0;

	/* rules check: the last of 70 files is invalid */
	args[n++] = "rules";
	args[n++] = "check";
	for (int i = 0; i < MANY; i++) {
		char *name = sunset_asprintf("rules/v%02d.yaml", i);
		char *yaml = sunset_asprintf(
			"vendor:\n  id: v%02d\n  name: V%02d\n"
			"products:\n  - id: p\n    name: P\n"
			"    capability: image\n    lifecycle: active\n"
			"    sources: [https://v.example]\n"
			"rules:\n  - id: v%02d.model\n    product: p\n"
			"    kind: model\n    severity: low\n"
			"    message: m\n    string:\n"
			"      values: [v%02d-model-1]\n%s",
			i, i, i, i, i == MANY - 1 ? "    bogus: 1\n" : "");
		fx_write(w->tmp, name, yaml);
		files[i] = sunset_path_join(w->tmp, name);
		args[n++] = files[i];
		free(name);
		free(yaml);
	}
	args[n] = NULL;
	assert_int_equal(fx_run_v(args), 3);
	assert_non_null(strstr(fx_messages(), "v69.yaml"));
	/* rules list: 69 valid --rules, every one loaded */
	n = 0;
	args[n++] = "rules";
	args[n++] = "list";
	for (int i = 0; i < MANY - 1; i++) {
		args[n++] = "--rules";
		args[n++] = files[i];
	}
	args[n] = NULL;
	assert_int_equal(fx_run_v(args), 0);
	assert_int_equal(fx_stdout_count("\tv"), MANY - 1);
	assert_int_equal(fx_stdout_count("v68.model\tv68"), 1);
	/* plan: the repository that holds the vendor comes 70th */
	{
		char *other = sunset_path_join(w->tmp, "other");
		git_repository *r = fx_repo_init(other, 1);
		fx_tree *t = fx_tree_new();
		git_oid id;
		fx_tree_add(t, "a.py", "x = 1\n", 6);
		fx_commit(&id, r, t, "refs/heads/main", "other");
		fx_tree_free(t);
		git_repository_free(r);
		n = 0;
		args[n++] = "plan";
		args[n++] = "--vendor";
		args[n++] = "openai";
		for (int i = 0; i < MANY - 1; i++)
			args[n++] = other; /* named again: scanned once */
		args[n++] = w->repo;
		args[n] = NULL;
		assert_int_equal(fx_run_v(args), 0);
		if (!strstr(fx_stdout(), "app.py"))
			fail_msg("the 70th PATH was not planned: %s",
				 fx_stdout());
		fx_rmrf(other);
		free(other);
	}
	for (int i = 0; i < MANY; i++)
		free(files[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outputs_are_distinct_files),
		cmocka_unit_test(test_never_writes_into_a_scanned_repository),
		cmocka_unit_test(test_linked_worktree_shares_the_git_directory),
		cmocka_unit_test(test_missing_directory_fails_first),
		cmocka_unit_test(test_outputs_by_other_roads),
		cmocka_unit_test(test_closed_stdout_keeps_the_inventory),
		cmocka_unit_test(test_full_stdout_exits_2),
		cmocka_unit_test(test_signal_during_reports),
		cmocka_unit_test(test_rewritten_report_keeps_its_mode),
		cmocka_unit_test(test_no_argument_is_dropped),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
