/* cache.h - the content cache: one file's findings kept by blob id, path,
 * language, rule set and engine build, so an unchanged file costs a
 * lookup instead of a parse */
#ifndef SUNSET_CACHE_H
#define SUNSET_CACHE_H

#include <stddef.h>

#include "crawl.h"
#include "engine.h"
#include "lang.h"
#include "rules.h"

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
 * scans with `rules` and `parse_timeout_ms`, both borrowed until
 * sunset_cache_close(). Returns 0, or SUNSET_ERR with one warning
 * printed and *out NULL: the caller scans without a cache. */
int sunset_cache_open(sunset_cache **out, const char *path,
		      const sunset_ruleset *rules,
		      unsigned long parse_timeout_ms);

/* The file the cache was opened at (borrowed). */
const char *sunset_cache_path(const sunset_cache *cache);

/* What the detect stage made of one file: on a hit returns 1, sets
 * *skip (NONE, PARSE_TIMEOUT or TOO_DEEP) and *parse_errors and appends
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

/* Write what was queued (and the use dates of hits) in one transaction.
 * A failure is one warning; the cache then stays off for this scan. */
void sunset_cache_flush(sunset_cache *cache);

/* Flush, drop entries unused for SUNSET_CACHE_KEEP_DAYS (at most once a
 * day) and close. Accepts NULL. */
void sunset_cache_close(sunset_cache *cache);

/* Non-zero when the cache at `path` holds entries of the rule pack
 * hashing to `hash` under this build: a scan loaded that exact pack whole
 * before (so its queries may compile on first use). */
int sunset_cache_knows_rules(const char *path, const char *hash);

#endif
