/* score.h - risk scores (0 to 100) per repository, vendor and product,
 * each the sum of capped components a user can recompute by hand (see
 * reports/SCORING.md) */
#ifndef SUNSET_SCORE_H
#define SUNSET_SCORE_H

#include <stddef.h>
#include <stdio.h>

#include "rules.h"
#include "scan.h"
#include "util.h"

/* The caps of the components; they sum to 100. */
#define SUNSET_SCORE_LIFECYCLE_MAX 40
#define SUNSET_SCORE_SPREAD_MAX 15
#define SUNSET_SCORE_ADAPTER_MAX 5
#define SUNSET_SCORE_HARDCODED_MAX 15
#define SUNSET_SCORE_CREDENTIALS_MAX 10
#define SUNSET_SCORE_NO_FALLBACK_MAX 10
#define SUNSET_SCORE_SHADOW_MAX 5

typedef enum {
	SUNSET_SCOPE_REPOSITORY = 0,
	SUNSET_SCOPE_VENDOR,
	SUNSET_SCOPE_PRODUCT
} sunset_score_scope;

typedef enum {
	SUNSET_ADAPTER_NONE = 0, /* no direct import, call or endpoint */
	SUNSET_ADAPTER_ONE,	 /* all of them in one file or directory */
	SUNSET_ADAPTER_SCATTERED
} sunset_adapter_verdict;

/* Points per component. */
typedef struct {
	int lifecycle, spread, adapter, hardcoded, credentials, no_fallback,
		shadow;
} sunset_score_points;

typedef struct {
	sunset_score_scope scope;
	size_t repo;		       /* index into the scan's repos */
	const sunset_vendor *vendor;   /* NULL for a repository */
	const sunset_product *product; /* product scope only */
	int score;		       /* the sum of points, 0 to 100 */
	sunset_score_points points;

	/* what the points were computed from */
	const sunset_product *worst; /* the product that set lifecycle */
	int has_days;		     /* worst has a shutdown date */
	long days;		     /* shutdown - today (negative: past) */
	size_t files, dirs;	     /* with direct imports, calls, endpoints */
	size_t hardcoded, in_config; /* model ids and endpoints in code files,
					and in configuration files */
	size_t cred_names, cred_files;
	const sunset_vendor *fallback; /* another vendor of a capability, or
					  NULL */
	char *lone_capability;	       /* a capability with no fallback */
	size_t capabilities, lone;     /* media capabilities used, and those
					  no other vendor serves */
	size_t shadows;
	sunset_adapter_verdict verdict;
	char *module;		 /* the adapter ("src/media/", "lib/x.py"); for
			      scattered, the directory holding most files */
	sunset_strlist coupled;	 /* files with direct use, sorted */
	sunset_strlist breaking; /* scattered: files outside `module` */
} sunset_score_entry;

typedef struct {
	sunset_score_entry *items;
	size_t count, cap;
	char today[11];
} sunset_scores;

/* Score every repository of `r` that was scanned (not failed): one
 * repository entry, then for each vendor with a finding of a media
 * capability (suppressed findings do not count) a vendor entry followed
 * by an entry per product it references. Today is sunset_today()
 * (SUNSET_TODAY overrides it). Returns 0; `out` is the caller's to clear
 * with sunset_scores_clear() (also after a failure). */
int sunset_score(sunset_scores *out, const sunset_scan_result *r,
		 const sunset_ruleset *rules);
void sunset_scores_clear(sunset_scores *s);

/* The components and the facts behind them as one JSON object. */
void sunset_score_json(sunset_buf *out, const sunset_score_entry *s);

/* The terminal summary: per repository "risk: REPO 72/100 (lifecycle
 * 40, ...)", per vendor its line and adapter verdict, per product its
 * line. */
void sunset_scores_print(FILE *out, const sunset_scores *s,
			 const sunset_scan_result *r);

/* The short summary a scan prints by default: vendors by unsuppressed
 * findings (media capabilities only unless `all`), products discontinued
 * or within 180 days of shutdown, and the five highest repository and
 * vendor scores with their adapter verdicts. */
void sunset_scores_summary(FILE *out, const sunset_scores *s,
			   const sunset_scan_result *r, int all);

#endif
