/* scan.h - a scan: discover repositories, crawl them, parse what can be
 * parsed, and keep a record of every file with its coverage */
#ifndef SUNSET_SCAN_H
#define SUNSET_SCAN_H

#include <stddef.h>
#include <time.h>
#include <tree_sitter/api.h>

#include "crawl.h"
#include "engine.h"
#include "rules.h"

/* What is kept of one file after it was analysed (no content). */
typedef struct {
	char *path;
	sunset_lang lang;
	long long size; /* -1: not known */
	char blob_id[41];
	sunset_skip skip;
	int parse_errors; /* the tree has syntax errors (still analysed) */
} sunset_file_rec;

/* A vendor SDK imported in code but declared in no manifest of that
 * ecosystem (shadow), or declared but never imported (dead). */
typedef struct {
	int shadow; /* 1: shadow, 0: dead */
	const sunset_vendor *vendor;
	const char *ecosystem;	  /* static string */
	const sunset_finding *at; /* an import (shadow) or the declaration */
} sunset_dep_note;

typedef struct {
	sunset_repo_info info;
	sunset_file_rec *files;
	size_t nfiles, cap;
	unsigned long counts[SUNSET_SKIP__COUNT];
	char *error; /* why the crawl failed; NULL when it did not */
	sunset_findings findings; /* in path, line, column, rule order */
	sunset_dep_note *notes;
	size_t nnotes;
	/* the repository's own .sunsetignore as read (from the tree, the
	 * work tree or the content cache), applied or not; NULL: none */
	char *ignore;
	size_t ignore_len;
} sunset_repo_result;

/* A warning printed during a scan (a limit hit, an unreadable file, a
 * slow rule), kept for the reports. */
typedef struct {
	size_t repo; /* index into repos; SUNSET_NO_REPO: the whole scan */
	char *message;
} sunset_scan_warning;

#define SUNSET_NO_REPO ((size_t)-1)

typedef struct {
	sunset_repo_result *repos;
	size_t nrepos;
	unsigned long total, analysed, skipped;
	unsigned long counts[SUNSET_SKIP__COUNT];
	unsigned long warnings;
	sunset_scan_warning *warning_list; /* in the order printed */
	size_t nwarning_list;
	time_t started, finished;
	char today[11]; /* the date lifecycle and suppressions were judged
			   against (YYYY-MM-DD; sunset_today() at the start) */
	size_t failed_repos;
	size_t findings, suppressed;
	/* files the content cache answered, and files it did not (both 0
	 * without a cache) */
	unsigned long cache_hits, cache_misses;
	/* analysed files the prefilter ruled out: they hold no literal any
	 * rule needs, so they were not parsed */
	unsigned long ruled_out;
	/* analysed files parsed in part (slice.h), and the bytes of theirs
	 * left out */
	unsigned long sliced;
	unsigned long long left_out;
} sunset_scan_result;

/* Hands an analysed file to the next stage (the rule engine). `tree` is
 * NULL for line formats and for a file the content cache answered;
 * `data` is the file's content. */
typedef void (*sunset_file_cb)(const sunset_repo_info *repo,
			       const sunset_file_rec *rec, const char *data,
			       size_t len, const TSTree *tree, void *payload);

/* --max-parse-memory's default: more than any file of --max-file-size's
 * default needed (README.md, Workers and memory) */
#define SUNSET_MAX_PARSE_MEMORY_DEFAULT (1024ULL * 1024 * 1024)

typedef struct {
	sunset_crawl_opts crawl;
	int max_depth;
	unsigned long parse_timeout_ms;
	/* the memory parses in flight may hold together, in bytes; a file
	 * whose parse alone needs more is skipped (parse.h). 0: no limit */
	unsigned long long max_parse_memory;
	sunset_file_cb on_file; /* optional; for every file, analysed or not */
	void *payload;
	const sunset_ruleset *rules; /* NULL: record files only */
	/* the content cache (cache.h): 0 (the default) scans without one;
	 * 1 keeps findings at cache_path, NULL for the default file
	 * ($XDG_CACHE_HOME/sunset/cache.db). A cache that cannot be used is
	 * a warning, never a failed scan. */
	int use_cache;
	const char *cache_path;
	/* 1: parse and match every file, without the prefilter (which is
	 * also off with on_file, so that every file's syntax is known). The
	 * engine also skips rules whose words a file lacks unless the
	 * ruleset's prefilter is NULL. */
	int no_prefilter;
	/* workers analysing files (-j); 0: one per online core */
	size_t jobs;
	/* a progress line on standard error (the CLI sets it for a
	 * terminal, not with --quiet) */
	int progress;
	/* the files the command will write (outputs.h): a scan that would
	 * write one inside a repository it scans is refused once the
	 * repositories are known, before any is read; NULL: none */
	const struct sunset_outputs_s *outputs;
	/* 1: apply `ignore` (ignore_len bytes, named ignore_name in
	 * messages; NULL: no suppression file) instead of each repository's
	 * own .sunsetignore. The gate applies the base revision's to the
	 * head, so that a pull request cannot suppress its own findings. */
	int ignore_given;
	const char *ignore, *ignore_name;
	size_t ignore_len;
	/* the base a head is judged against (the gate): files it does not
	 * hold as they are are analysed even when vendored or generated,
	 * since a pull request could hide a change behind a marker; NULL:
	 * none */
	const sunset_repo_result *since;
} sunset_scan_opts;

void sunset_scan_opts_init(sunset_scan_opts *opts);

/* Discover the repositories named by `paths` (all of them first: a bad
 * path fails the scan before anything is read), then crawl and analyse
 * each. Returns 0; SUNSET_ENOTFOUND when a path is bad (nothing scanned);
 * SUNSET_EREFUSED when an output lies in a repository (nothing read);
 * SUNSET_ERR when a repository could not be scanned (the others were,
 * and `out` holds them all with the error). Caller clears `out`. */
int sunset_scan(sunset_scan_result *out, const char *const *paths,
		size_t npaths, const sunset_scan_opts *opts);

void sunset_scan_result_clear(sunset_scan_result *result);

/* How many workers a scan with `opts` runs. */
size_t sunset_scan_jobs(const sunset_scan_opts *opts);

/* "scanned N of M files in R repositories; K skipped (binary: 1, ...)".
 * Caller frees. */
char *sunset_coverage_line(const sunset_scan_result *result);

#endif
