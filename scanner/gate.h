/* gate.h - the CI gate: findings of a head revision against a base,
 * classified new, existing or fixed by fingerprint, and the policy's
 * verdict on the new ones */
#ifndef SUNSET_GATE_H
#define SUNSET_GATE_H

#include <stddef.h>

#include "baseline.h"
#include "policy.h"
#include "scan.h"

typedef enum {
	SUNSET_GATE_NEW = 0,
	SUNSET_GATE_EXISTING, /* in the base (or the baseline) too */
	SUNSET_GATE_FIXED     /* in the base, gone from the head */
} sunset_gate_status;

/* Why a new finding fails the policy (bits). */
enum {
	SUNSET_FAIL_SEVERITY = 1 << 0,	   /* at or above fail-on-severity */
	SUNSET_FAIL_DISCONTINUED = 1 << 1, /* a discontinued product */
	SUNSET_FAIL_SHUTDOWN = 1 << 2,	   /* a product with a shutdown date */
	SUNSET_FAIL_DENIED = 1 << 3,	   /* on the deny-list */
	SUNSET_FAIL_UNAPPROVED = 1 << 4,   /* not on the allow-list */
	SUNSET_FAIL_INLINE = 1 << 5	   /* suppressed inline by the pull
					      request (inline-suppressions:
					      fail) */
};

typedef struct {
	const sunset_finding *f; /* in the head (new, existing) or the base
				    (fixed) */
	sunset_gate_status status;
	int in_baseline; /* existing because the baseline has it */
	int evaluated;	 /* a media finding (or --all-capabilities) */
	unsigned fails;	 /* SUNSET_FAIL_* for unsuppressed new findings */
	long days;	 /* to the product's shutdown, when it has one */
} sunset_gate_item;

typedef struct {
	sunset_gate_item *items; /* head findings in order, then fixed */
	size_t count;
	size_t new_findings, new_failing, new_suppressed, existing, fixed;
	int base_score, head_score; /* the repository's; -1 when unscored */
	/* files of the head the gate could not read (objects missing or
	 * corrupt) or judge (skipped at a limit: too large, parse time,
	 * nesting, memory), new or changed since the base: their findings
	 * are unknown. Borrowed from the head. */
	const sunset_file_rec **unread;
	size_t nunread;
	int score_over_max, score_rise_over_max;
	int pass;
} sunset_gate;

/* Classify `head`'s findings against `base`'s (and `baseline`, may be
 * NULL) and judge the new ones by `policy` as of `today`. Non-media
 * findings are classified but judged only with `all_capabilities`.
 * Scores: the repositories' risk scores (-1: none). Files of the head
 * that could not be read and that the base does not hold as they are
 * go in `unread`; with the policy's unreadable_fail they fail it
 * (otherwise the caller makes them an error). */
void sunset_gate_run(sunset_gate *out, const sunset_repo_result *base,
		     const sunset_repo_result *head,
		     const sunset_baseline *baseline,
		     const sunset_policy *policy, int base_score,
		     int head_score, const char *today, int all_capabilities);
void sunset_gate_clear(sunset_gate *g);

/* "discontinued product; severity critical at or above high" for a
 * failing item, into `out`. */
void sunset_gate_reasons(sunset_buf *out, const sunset_gate_item *it,
			 const sunset_policy *policy);

#endif
