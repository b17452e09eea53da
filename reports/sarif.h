/* sarif.h - findings as SARIF 2.1.0, for GitHub code scanning and other
 * SARIF viewers */
#ifndef SUNSET_SARIF_H
#define SUNSET_SARIF_H

#include "scan.h"
#include "score.h"
#include "util.h"

/* Append `s` to `out` as a URI path: every byte but the unreserved
 * characters of RFC 3986 and '/' is percent-encoded (bytes that are not
 * UTF-8 included), so the result is plain ASCII. */
void sunset_sarif_uri_escape(sunset_buf *out, const char *s);

/* origin's URL as versionControlProvenance's repositoryUri: an http,
 * https, ssh, git or file URL as it is, scp-like "git@host:org/repo" as
 * "ssh://git@host/org/repo", an absolute path as a file: URI. NULL for
 * anything else (a relative path, "javascript:...", a remote helper's
 * "ext::..."): the run then names no repository rather than an invented
 * one. Caller frees. */
char *sunset_sarif_remote_uri(const char *url);

/* Render one SARIF log: one run per repository, in scan order. Each run
 * names the rules its results reference (sorted by id), its revision and
 * remote, and whether the repository could be scanned. Findings of
 * non-media capabilities are left out unless `all_capabilities` is set
 * (as in the text listing). With `scores` (may be NULL), each run's
 * properties hold "sunset/scores", the repository's score entries in
 * their order (sunset_json_score_members() objects), and each result's
 * properties "sunset/vendorScore" when its vendor was scored. The
 * output holds no time or absolute path but the repository path as
 * given: the same scan renders the same bytes. */
void sunset_sarif_render(sunset_buf *out, const sunset_scan_result *result,
			 const sunset_scores *scores, int all_capabilities);

/* Render and write to `path` ("-": standard output) atomically. Returns 0
 * or SUNSET_ERR with the error printed. */
int sunset_sarif_write(const char *path, const sunset_scan_result *result,
		       const sunset_scores *scores, int all_capabilities);

#endif
