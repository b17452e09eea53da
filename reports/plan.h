/* plan.h - the migration plan for leaving one vendor (Markdown, HTML) */
#ifndef SUNSET_PLAN_H
#define SUNSET_PLAN_H

#include "rules.h"
#include "scan.h"
#include "score.h"
#include "util.h"

/* Render the plan for leaving `vendor` (and only `product` of it when
 * not NULL) from a scan: blast radius, what to change first, alternatives
 * by capability, hard-coded items to move into configuration, a data
 * portability checklist and an effort estimate with its formula.
 * Suppressed findings are left out. Returns 0, or SUNSET_ENOTFOUND when
 * the vendor or product is not in the rule pack (the error printed). */
int sunset_plan_markdown(sunset_buf *out, const sunset_scan_result *r,
			 const sunset_ruleset *rules,
			 const sunset_scores *scores, const char *vendor,
			 const char *product);

/* The same plan as a self-contained HTML page (html.h's page: the same
 * policy, style and table script as the report); all text is escaped.
 * Returns as sunset_plan_markdown. */
int sunset_plan_html(sunset_buf *out, const sunset_scan_result *r,
		     const sunset_ruleset *rules, const sunset_scores *scores,
		     const char *vendor, const char *product);

/* Repository text as a Markdown code span: control bytes and invalid
 * UTF-8 shown as \xNN, a backtick as ' (it would end the span) and, when
 * `in_table`, '|' escaped (it would end the cell). */
void sunset_markdown_code(sunset_buf *out, const char *s, int in_table);

#endif
