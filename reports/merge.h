/* merge.h - combine inventories (the shards of one scan, or any others)
 * into one */
#ifndef SUNSET_MERGE_H
#define SUNSET_MERGE_H

#include <stddef.h>

/* Append every scan of the inventories `inputs` to the inventory at
 * `out` (created when missing, migrated forward when older, refused when
 * newer), in one transaction: on any failure `out` is left as it was (and
 * removed again when the merge created it). Each input is opened
 * read-only and must be a sunset inventory of this schema version or an
 * older one; the tables an older version lacks add nothing. Ids are
 * renumbered after those already in `out`, in input order, so a stored
 * scan reads back the same (sunset report). A scan `out` already holds
 * (the same start, end, sunset version, options, coverage and
 * repositories with their commits) is skipped, so merging twice changes
 * nothing. `*scans` (may be NULL) is how many scans were added. Returns
 * 0, or SUNSET_ERR with the error printed. */
int sunset_merge(long long *scans, const char *out, const char *const *inputs,
		 size_t n);

#endif
