/* policy.h - what fails the CI gate: flags and a .sunset.yaml, validated
 * as strictly as rule files */
#ifndef SUNSET_POLICY_H
#define SUNSET_POLICY_H

#include <stddef.h>

#include "rules.h"

/* The policy file a repository keeps at its root. */
#define SUNSET_POLICY_FILE ".sunset.yaml"

typedef struct {
	/* a new finding at or above this severity fails; -1: none does */
	int fail_on_severity;
	/* a new reference to a discontinued product, or one with a shutdown
	 * date, fails (0: off) */
	int fail_on_shutdown;
	/* with fail_on_shutdown: only shutdown dates within this many days
	 * (discontinued products always); -1: any date */
	long shutdown_within_days;
	int max_score; /* the repository's score above this fails; -1 */
	int max_score_increase; /* a rise by more than this fails; -1 */
	sunset_strlist allow;	/* vendor or vendor.product; empty: any */
	sunset_strlist deny;	/* vendor or vendor.product */
	/* a changed file of the head the gate cannot read (its object is
	 * missing or corrupt) fails the policy (1) instead of being an
	 * error, exit 2 (0, the default) */
	int unreadable_fail;
	/* a new finding suppressed by an inline sunset:ignore fails the
	 * policy (1) instead of passing as suppressed (0, the default) */
	int inline_fail;
	/* which settings were given (flags win over the file, field by
	 * field): bit per field, see policy.c */
	unsigned set;
} sunset_policy;

/* The defaults: fail on new findings of severity high or above and on
 * any new reference to a product that is discontinued or has a shutdown
 * date; no score limits; no lists. */
void sunset_policy_init(sunset_policy *p);
void sunset_policy_clear(sunset_policy *p);

/* A fail-on-severity value: the severity, -1 for "none", -2 for a
 * name that is neither. */
int sunset_policy_severity(const char *name);

/* Parse a policy file's bytes (named `name` in messages) into `out`,
 * which starts from the defaults. Every error is printed as
 * NAME:LINE:COLUMN: what is wrong (unknown keys with a did-you-mean, bad
 * values, vendors and products the rules do not know). Returns 0,
 * SUNSET_ERR, or SUNSET_EINTR when SIGINT or SIGTERM stopped it (then
 * `out` is cleared). */
int sunset_policy_parse(sunset_policy *out, const char *name, const char *data,
			size_t len, const sunset_ruleset *rules);

/* Lay the settings `over` gave on top of `base` (flags over the file).
 * Lists given in `over` replace those of `base`. */
void sunset_policy_merge(sunset_policy *base, const sunset_policy *over);

/* Check an allow/deny entry against the rules: a vendor id or
 * vendor.product. Returns 0 when the rules know it; otherwise -1 with a
 * message naming the fix (a did-you-mean when one is close) in `msg`. */
int sunset_policy_check_id(char *msg, size_t n, const sunset_ruleset *rules,
			   const char *id);

/* Does entry list `l` name this vendor or product? */
int sunset_policy_lists(const sunset_strlist *l, const sunset_vendor *v,
			const sunset_product *p);

/* Field bits of sunset_policy.set */
enum {
	SUNSET_POLICY_SEVERITY = 1 << 0,
	SUNSET_POLICY_SHUTDOWN = 1 << 1,
	SUNSET_POLICY_WITHIN = 1 << 2,
	SUNSET_POLICY_MAX_SCORE = 1 << 3,
	SUNSET_POLICY_MAX_INCREASE = 1 << 4,
	SUNSET_POLICY_ALLOW = 1 << 5,
	SUNSET_POLICY_DENY = 1 << 6,
	SUNSET_POLICY_UNREADABLE = 1 << 7,
	SUNSET_POLICY_INLINE = 1 << 8
};

/* An unreadable-files value: 0 for "error", 1 for "fail", -1 for
 * neither. */
int sunset_policy_unreadable(const char *name);

#endif
