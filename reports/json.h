/* json.h - findings and risk scores as JSON Lines, one object per line */
#ifndef SUNSET_JSON_H
#define SUNSET_JSON_H

#include "scan.h"
#include "score.h"
#include "util.h"

/* Append `s` as a JSON string (quotes included): control characters and
 * U+2028, U+2029 escaped, invalid UTF-8 replaced by U+FFFD. Every JSON
 * sunset writes (JSON Lines, SARIF, CycloneDX, baselines, score
 * components) writes its strings with it. */
void sunset_json_string(sunset_buf *out, const char *s);

/* Append the members `"scope":...,"vendor":...,"product":...,
 * "score":N,"components":{...}` of score entry `e` (no braces): vendor
 * and product are null when the scope has none; the components are
 * sunset_score_json()'s object. The SARIF log reuses it. */
void sunset_json_score_members(sunset_buf *out, const sunset_score_entry *e);

/* One line per finding, "type":"finding": repo, commit, path, line,
 * column, end_line, end_column, rule, vendor, product, capability,
 * lifecycle, shutdown, kind, severity, message, snippet, matched,
 * detail, fingerprint, suppressed (and suppressed_by,
 * suppression_reason, suppression_expired), dependency fields for
 * package findings. Non-media findings are included: the capability
 * says which they are. After every finding, one line per entry of
 * `scores` (in its order), "type":"score": repo, commit, then
 * sunset_json_score_members(). `scores` may be NULL: no score lines. */
void sunset_json_render(sunset_buf *out, const sunset_scan_result *result,
			const sunset_scores *scores);

/* Render and write to `path` ("-": standard output) atomically. Returns 0
 * or SUNSET_ERR with the error printed. */
int sunset_json_write(const char *path, const sunset_scan_result *result,
		      const sunset_scores *scores);

#endif
