/* cache.h - the content cache: one file's findings kept by blob id, path,
 * language, rule set and engine build, so an unchanged file costs a
 * lookup instead of a parse; and a whole repository's result kept by its
 * root tree, so an unchanged repository costs one lookup instead of
 * reading every file */
#ifndef SUNSET_CACHE_H
#define SUNSET_CACHE_H

#include <stddef.h>

#include "crawl.h"
#include "engine.h"
#include "lang.h"
#include "rules.h"
#include "scan.h"

/* Entries no scan used for this many days are dropped (once a day). */
#define SUNSET_CACHE_KEEP_DAYS 30

typedef struct sunset_cache sunset_cache;

/* The default cache file: $XDG_CACHE_HOME/sunset/cache.db, else
 * $HOME/.cache/sunset/cache.db; NULL when neither variable is set.
 * Caller frees. */
char *sunset_cache_default_path(void);

/* The identity of this build's detect stage (a hash of the scanner's
 * sources and the grammar versions, made by the Makefile): part of every
 * key, so a new build never reads what an older one stored. */
const char *sunset_cache_build_id(void);

/* Open the cache at `path` (created with its directory when missing) for
 * scans with `rules` (borrowed until sunset_cache_close()),
 * `parse_timeout_ms` and `parse_memory` (--max-parse-memory). Returns 0,
 * or SUNSET_ERR with one warning printed and *out NULL: the caller scans
 * without a cache. */
int sunset_cache_open(sunset_cache **out, const char *path,
		      const sunset_ruleset *rules,
		      unsigned long parse_timeout_ms,
		      unsigned long long parse_memory);

/* The file the cache was opened at (borrowed). */
const char *sunset_cache_path(const sunset_cache *cache);

/* What the detect stage made of one file: on a hit returns 1, sets
 * *skip (NONE, PARSE_TIMEOUT, TOO_DEEP, TOO_WIDE or TOO_MUCH_MEMORY) and *parse_errors and appends
 * the file's findings to `out` exactly as sunset_engine_file() left them
 * (inline suppressions applied; lock versions, .sunsetignore and
 * dependency notes not). Returns 0 on a miss (nothing appended): no
 * entry, an entry naming a rule the rule set no longer has, or an entry
 * that cannot be read. */
int sunset_cache_get(sunset_cache *cache, const char *blob_id, const char *path,
		     sunset_lang lang, sunset_skip *skip, int *parse_errors,
		     sunset_findings *out);

/* Queue an entry for one file (written by sunset_cache_flush()). `items`
 * are the file's `n` findings as sunset_engine_file() returned them. */
void sunset_cache_put(sunset_cache *cache, const char *blob_id,
		      const char *path, sunset_lang lang, sunset_skip skip,
		      int parse_errors, const sunset_finding *items, size_t n);

/* ---- repository entries ----
 *
 * What an object-store scan made of a whole repository, kept by the
 * root tree it scanned: every file record, the findings with their lock
 * versions resolved, the root .sunsetignore's bytes and the warnings
 * its files printed. What depends on the day (.sunsetignore's `until`)
 * or on other findings (dependency notes) is worked out again on a hit,
 * as after a crawl. */

/* What a repository entry is kept by, besides the cache's own key (the
 * build, the rule set's hash and the parse limits). */
typedef struct {
	const char *tree_id;		  /* the root tree's hex id */
	unsigned long long max_file_size; /* --max-file-size */
	int prefilter; /* 1: the prefilter ruled files out (it decides
			  which files' syntax is known) */
} sunset_cache_repo_key;

/* What a repository entry holds besides records and findings. */
typedef struct {
	char *ignore; /* the root .sunsetignore's bytes; NULL: none */
	size_t ignore_len;
	char **warnings; /* printed while its files were read, in order */
	size_t nwarnings;
	unsigned long ruled_out; /* files the prefilter ruled out */
	/* per file record: 1 when the per-file cache was asked for it
	 * (so it may have an entry of its own); NULL: none was */
	unsigned char *asked;
	unsigned long lookups; /* how many were (filled in by get) */
} sunset_cache_repo_extra;

/* Frees what sunset_cache_repo_get() filled in. */
void sunset_cache_repo_extra_clear(sunset_cache_repo_extra *extra);

/* The entry of `key` for the repository at `repo_path`. On a hit returns
 * 1 and fills `out`'s files, counts and findings (which it must not hold
 * yet) and `extra` (caller clears it). Returns 0 on a miss, with `out`
 * and `extra` left as they were: no entry; an entry whose warnings name
 * the repository by another path than `repo_path`; or an entry that
 * cannot be read (damaged, or naming a rule the rule set does not
 * have), which is one warning. A hit renews the use dates of the entry
 * and of the entries of the files it asked for (at most once a day). */
int sunset_cache_repo_get(sunset_cache *cache, const sunset_cache_repo_key *key,
			  const char *repo_path, sunset_repo_result *out,
			  sunset_cache_repo_extra *extra);

/* Queue the entry of `key` for the repository at `repo_path`: `r`'s
 * files and findings (lock versions resolved, .sunsetignore not
 * applied), and `extra` (borrowed). Written by sunset_cache_flush();
 * nothing is queued when the findings do not follow the records' path
 * order. */
void sunset_cache_repo_put(sunset_cache *cache,
			   const sunset_cache_repo_key *key,
			   const char *repo_path, const sunset_repo_result *r,
			   const sunset_cache_repo_extra *extra);

/* Write what was queued (and the use dates of hits) in one transaction.
 * A failure is one warning; the cache then stays off for this scan. */
void sunset_cache_flush(sunset_cache *cache);

/* Flush, drop entries (of files and of repositories) unused for
 * SUNSET_CACHE_KEEP_DAYS (at most once a day) and close. Accepts NULL. */
void sunset_cache_close(sunset_cache *cache);

/* Non-zero when the cache at `path` holds entries of the rule pack
 * hashing to `hash` under this build: a scan loaded that exact pack whole
 * before (so its queries may compile on first use). */
int sunset_cache_knows_rules(const char *path, const char *hash);

#endif
