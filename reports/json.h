/* json.h - findings as JSON Lines, one object per finding */
#ifndef SUNSET_JSON_H
#define SUNSET_JSON_H

#include "scan.h"
#include "util.h"

/* Append `s` as a JSON string (quotes included): control characters
 * escaped, invalid UTF-8 replaced by U+FFFD. */
void sunset_json_string(sunset_buf *out, const char *s);

/* One line per finding: repo, commit, path, line, column, end_line,
 * end_column, rule, vendor, product, capability, lifecycle, shutdown,
 * kind, severity, message, snippet, fingerprint, suppressed (and
 * suppressed_by, reason, expired), dependency fields for package
 * findings. Non-media findings are included: the capability says which
 * they are. */
void sunset_json_render(sunset_buf *out, const sunset_scan_result *result);

/* Render and write to `path` ("-": standard output) atomically. Returns 0
 * or SUNSET_ERR with the error printed. */
int sunset_json_write(const char *path, const sunset_scan_result *result);

#endif
