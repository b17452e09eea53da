/* shard.h - a stable share of a list of repositories: the entries of
 * `sunset scan --repos-from FILE`, split by `--shard K/N` */
#ifndef SUNSET_SHARD_H
#define SUNSET_SHARD_H

#include <stddef.h>

#include "scan.h"

/* The entries to scan, lexically normalised (sunset_shard_normalise),
 * and the entries that name no repository with the reason why. */
typedef struct {
	char **paths;
	size_t count;
	char **bad; /* entries that cannot be scanned ... */
	char **why; /* ... and why, one per bad entry */
	size_t nbad;
} sunset_shard_list;

void sunset_shard_list_clear(sunset_shard_list *list);

/* Add one entry (normalised; a duplicate is kept once). */
void sunset_shard_add(sunset_shard_list *list, const char *entry);

/* Add the entries of the list file at `path` ("-": standard input): one
 * path per line, surrounding blanks trimmed, blank lines and lines whose
 * first non-blank character is '#' skipped. Relative paths stay relative
 * to the current directory. Returns 0, or SUNSET_ENOTFOUND with the error
 * printed when the file cannot be read. */
int sunset_shard_read_list(sunset_shard_list *list, const char *path);

/* `path` with repeated and trailing slashes and "." components removed
 * ("./a//b/" is "a/b"); ".." is kept as written. Caller frees. */
char *sunset_shard_normalise(const char *path);

/* Parse "K/N" (1 <= K <= N <= 100000). Returns 0, or SUNSET_ERR with
 * nothing printed. */
int sunset_shard_parse(unsigned *k, unsigned *n, const char *spec);

/* The shard (1 to n) `entry` belongs to: FNV-1a (64 bits) of its
 * normalised path, modulo n, plus one. It depends on nothing else, so
 * the same entry lands in the same shard whatever the list around it. */
unsigned sunset_shard_of(const char *entry, unsigned n);

/* Keep only the entries of shard k of n. */
void sunset_shard_select(sunset_shard_list *list, unsigned k, unsigned n);

/* Move the entries sunset_scan could not discover (no such path, not a
 * directory, no git repository within `max_depth`) to the bad list, so
 * that one deleted repository does not stop the scan of the others.
 * Prints a warning for each. Returns how many were moved. */
size_t sunset_shard_check(sunset_shard_list *list, int max_depth);

/* Record each bad entry in `result` as a repository that could not be
 * scanned (repos[].error), as sunset_scan records a failed crawl. */
void sunset_shard_record_bad(sunset_scan_result *result,
			     const sunset_shard_list *list, const char *rev,
			     int worktree);

#endif
