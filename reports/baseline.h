/* baseline.h - a record of today's findings, so that a repository adopts
 * the gate without failing on its history */
#ifndef SUNSET_BASELINE_H
#define SUNSET_BASELINE_H

#include <stddef.h>

#include "scan.h"
#include "util.h"

typedef struct {
	char **fingerprints; /* sorted */
	size_t count;
} sunset_baseline;

/* The baseline of one scanned repository as JSON: {"sunset_baseline": 1,
 * "repository", "commit", "created", "findings": [{"fingerprint",
 * "rule", "path", "line"}, ...]}; every finding, suppressed or not, in
 * scan order. Only the fingerprints count when it is read back; the rest
 * is for people reviewing the file. */
void sunset_baseline_render(sunset_buf *out, const sunset_repo_result *r,
			    const char *created);

/* Read a baseline file, validated: every error is printed as
 * FILE:LINE:COLUMN: what is wrong. Returns 0 or SUNSET_ERR. */
int sunset_baseline_read(sunset_baseline *out, const char *path);
int sunset_baseline_parse(sunset_baseline *out, const char *name,
			  const char *data, size_t len);

int sunset_baseline_has(const sunset_baseline *b, const char *fingerprint);
void sunset_baseline_clear(sunset_baseline *b);

#endif
