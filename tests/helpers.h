/* helpers.h - fixture repositories built at test time, and running the
 * command line in process with its output captured */
#ifndef SUNSET_TEST_HELPERS_H
#define SUNSET_TEST_HELPERS_H

#include <git2.h>
#include <stddef.h>

/* Text made to drive a terminal: an OSC window title (ESC ] 0 ; ... BEL),
 * an ANSI colour, a right-to-left override (U+202E) and a carriage
 * return; and how sunset shows it to a person. */
#define FX_HOSTILE "\x1b]0;pwned\x07\x1b[31mred\xe2\x80\xaegnp.\rcr"
#define FX_HOSTILE_SHOWN "\\x1B]0;pwned\\x07\\x1B[31mred\\u202Egnp.\\x0Dcr"

/* A fresh temporary directory (caller removes it with fx_rmrf). */
char *fx_tmpdir(void);
void fx_rmrf(const char *path);

/* The absolute path of fixtures/<rel> (SUNSET_FIXTURES or ./fixtures). */
char *fx_fixture(const char *rel);

/* A new repository at `path` (bare or with a work tree); HEAD points to
 * refs/heads/main. */
git_repository *fx_repo_init(const char *path, int bare);

/* A tree under construction: files from a fixture directory, plus
 * entries added one by one (binary content, links, submodules). */
typedef struct fx_tree fx_tree;
fx_tree *fx_tree_new(void);
void fx_tree_add_dir(fx_tree *t, const char *fixture_dir);
void fx_tree_add(fx_tree *t, const char *path, const char *data, size_t len);
void fx_tree_add_link(fx_tree *t, const char *path, const char *target);
/* An entry for a blob already in the object database (no copy; the
 * caller keeps paths unique): for trees of very many files. */
void fx_tree_add_blob(fx_tree *t, const char *path, const git_oid *blob);
void fx_tree_add_submodule(fx_tree *t, const char *path, const char *hex);
void fx_tree_remove(fx_tree *t, const char *path);
void fx_tree_free(fx_tree *t);

/* Commit the tree onto `ref` (its tip becomes the parent); returns the
 * commit's id in `out`. */
void fx_commit(git_oid *out, git_repository *repo, fx_tree *t, const char *ref,
	       const char *message);

/* Make the work tree and index match HEAD. */
void fx_checkout_head(git_repository *repo);

/* The blob id of `path` in the tree of `rev`. */
void fx_blob_id(git_oid *out, git_repository *repo, const char *rev,
		const char *path);
/* Path of the loose object file of `id` (caller frees). */
char *fx_loose_path(git_repository *repo, const git_oid *id);

/* Write a file below `root`, creating directories. */
void fx_write(const char *root, const char *rel, const char *content);

/* Run sunset_cli_main with the arguments given, the last one NULL:
 * fx_run("scan", path, NULL). Captures standard output and every message
 * (warnings and errors, one per line); both are valid until the next
 * fx_run. Returns the exit code. */
#define fx_run(...) fx_run_v((const char *const[]){__VA_ARGS__})
int fx_run_v(const char *const *args);
const char *fx_stdout(void);
const char *fx_messages(void);
/* During the next fx_run: once a message holding `needle` is printed,
 * set the stop flag as signal `signo` would (the caller clears it). */
void fx_signal_after(const char *needle, int signo);

/* How fx_run_child() runs SUNSET_BIN. */
typedef struct {
	const char *out, *err; /* standard output and error; NULL: /dev/null */
	unsigned long long as_limit; /* RLIMIT_AS in the child; 0: none */
	int no_leak_check; /* AddressSanitizer's leak check off (make asan) */
	long max_rss_kb;   /* set: the child's peak resident set, in KB */
} fx_child;

/* Run SUNSET_BIN (make test sets it) with `args`, NULL-terminated and
 * without the program, in a child process, as `c` says. Returns the
 * exit code, or minus the signal that ended the child. */
int fx_run_child(const char *const *args, fx_child *c);

/* Number of lines of fx_stdout() that contain `needle`. */
int fx_stdout_count(const char *needle);
/* The --list-files line of `path` (repository column ignored), or NULL. */
const char *fx_list_line(const char *path);

/* Parse `src` as `lang` and return sunset_facts_dump()'s text of its
 * facts (valid until the next call). */
const char *fx_facts(const char *lang, const char *src);

/* Fail the test, showing `dump`, unless every line of `expected` (lines
 * separated by '\n') occurs as a whole line of `dump`. */
void fx_expect_lines(const char *dump, const char *expected);
/* Fail unless no line of `dump` contains `needle`. */
void fx_expect_absent(const char *dump, const char *needle);
/* Fail when `text` holds a raw byte of FX_HOSTILE that drives a
 * terminal (ESC, BEL, CR, U+202E); `what` names it. */
void fx_expect_inert(const char *what, const char *text);

/* A listing of every file below `dir` with size and modification time,
 * to show that a scan changed nothing. Caller frees. */
char *fx_snapshot(const char *dir);

/* Every application of fixtures/corpus as a bare repository below
 * TMP/org; returns that directory (caller frees). */
char *fx_corpus_org(const char *tmp);

/* A whole file's bytes, NUL-terminated; fails the test when it cannot
 * be read. Caller frees. */
char *fx_slurp(const char *path);
/* Fail the test unless the files at `a` and `b` hold the same bytes
 * (binary files too: length and every byte). */
void fx_expect_same_file(const char *a, const char *b);
/* Copy a file's bytes (a snapshot for fx_expect_same_file). */
void fx_copy_file(const char *from, const char *to);

#endif
