/* suppress.h - .sunsetignore: suppressions kept in the scanned repository */
#ifndef SUNSET_SUPPRESS_H
#define SUNSET_SUPPRESS_H

#include <stddef.h>

#include "engine.h"

typedef struct {
	char *fingerprint; /* or rule + path */
	char *rule;	   /* glob over rule ids */
	char *path;	   /* glob over paths */
	char *reason;
	char *until; /* YYYY-MM-DD or NULL */
	int line;
} sunset_suppression;

typedef struct {
	sunset_suppression *items;
	size_t count;
} sunset_suppressions;

/* Parse a .sunsetignore: a YAML list of entries, each with `reason` and
 * either `fingerprint` or `rule` (+ optional `path`), and an optional
 * `until: YYYY-MM-DD`. An invalid entry is a warning naming
 * FILE:LINE and is ignored (its findings stay visible); so is a file
 * that is not valid YAML or passes the YAML loader's limits. A signal
 * stops it with no entry and no message. */
void sunset_suppressions_parse(sunset_suppressions *out, const char *name,
			       const char *src, size_t len);
void sunset_suppressions_clear(sunset_suppressions *s);

/* Apply them to findings not already suppressed inline. `today` is
 * YYYY-MM-DD: past `until` a finding comes back, marked expired.
 * Returns 0, or SUNSET_EINTR when SIGINT or SIGTERM stopped it part
 * way (the findings then are to be dropped). */
int sunset_suppressions_apply(const sunset_suppressions *s,
			      sunset_findings *findings, size_t first,
			      const char *today);

/* Today's date (UTC) as YYYY-MM-DD; SUNSET_TODAY overrides it (tests). */
void sunset_today(char out[11]);

#endif
