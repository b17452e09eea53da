/* gate_report.h - what a pull request sees of the gate: the terminal
 * verdict and a Markdown summary (also for GITHUB_STEP_SUMMARY) */
#ifndef SUNSET_GATE_REPORT_H
#define SUNSET_GATE_REPORT_H

#include <stdio.h>

#include "gate.h"
#include "suppress.h"
#include "util.h"

/* What the gate compared, for the headings. */
typedef struct {
	const char *repo;	   /* repository path as given */
	const char *base_rev;	   /* as asked */
	const char *base_commit;   /* resolved; may be NULL */
	const char *head_rev;	   /* as asked ("work tree" for --worktree) */
	const char *head_commit;   /* may be NULL */
	const char *policy_source; /* ".sunset.yaml at BASE", "--policy F" */
	const char *baseline;	   /* the --baseline file, or NULL */
	/* where the suppressions and the baseline were read: "the base
	 * revision", "the head (--trust-head)" */
	const char *ignore_source, *baseline_source;
	/* .sunsetignore entries the pull request adds, and whether they
	 * were applied (--trust-head) or wait until it is merged; may be
	 * NULL */
	const sunset_suppressions *added;
	int added_applied;
	/* fingerprints the pull request adds to its baseline file */
	size_t baseline_added;
	/* unread files are an error (exit 2), not a policy failure */
	int unread_error;
} sunset_gate_context;

/* The verdict and every new and fixed finding, for the terminal. */
void sunset_gate_print(FILE *out, const sunset_gate *g, const sunset_policy *p,
		       const sunset_gate_context *c);

/* The Markdown summary: the verdict, each new finding with file:line,
 * vendor, product, its lifecycle, why it fails and what to do
 * (remediation and alternatives), the suppressed new ones, the fixed
 * ones, the score and the policy that was applied. Repository text is
 * in code spans (sunset_markdown_code). */
void sunset_gate_markdown(sunset_buf *out, const sunset_gate *g,
			  const sunset_policy *p, const sunset_gate_context *c);

#endif
