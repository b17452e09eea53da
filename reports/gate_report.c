/* gate_report.c - the gate's verdict for the terminal and as Markdown */
#include "gate_report.h"

#include <stdlib.h>
#include <string.h>

#include "plan.h"

/* Why the gate could not judge a file, in words. */
static const char *unjudged_why(const sunset_file_rec *f)
{
	switch (f->skip) {
	case SUNSET_SKIP_MISSING:
		return "its object is missing";
	case SUNSET_SKIP_UNREADABLE:
		return "it could not be read (a corrupt object or a read "
		       "error)";
	case SUNSET_SKIP_TOO_LARGE:
		return "it is larger than --max-file-size";
	case SUNSET_SKIP_PARSE_TIMEOUT:
		return "its parse took longer than --parse-timeout";
	case SUNSET_SKIP_TOO_MUCH_MEMORY:
		return "its parse needed more than --max-parse-memory";
	default:
		return "it could not be parsed within sunset's limits";
	}
}

static const char *verdict(const sunset_gate *g, const sunset_gate_context *c,
			   int markdown)
{
	if (g->nunread && c->unread_error)
		return "ERROR";
	if (g->pass)
		return markdown ? "passed" : "PASS";
	return markdown ? "FAILED" : "FAIL";
}

/* A .sunsetignore entry in a few words: what it matches. */
static void suppression_text(sunset_buf *o, const sunset_suppression *s)
{
	if (s->fingerprint)
		sunset_buf_printf(o, "fingerprint %s", s->fingerprint);
	else
		sunset_buf_printf(o, "rule %s", s->rule ? s->rule : "?");
	if (s->path)
		sunset_buf_printf(o, " path %s", s->path);
	if (s->until)
		sunset_buf_printf(o, " until %s", s->until);
}

static const char *short_id(const char *commit)
{
	static char buf[13];
	if (!commit)
		return "?";
	snprintf(buf, sizeof(buf), "%.12s", commit);
	return buf;
}

/* Text from sunset, the rule pack or a policy in a table cell: control
 * characters shown escaped (sunset_printable), and '|' escaped, as it
 * would end the cell. */
static void cell(sunset_buf *o, const char *s)
{
	char *p = sunset_printable(s ? s : "");

	for (const char *c = p; *c; c++)
		if (*c == '|')
			sunset_buf_puts(o, "\\|");
		else
			sunset_buf_put(o, c, 1);
	free(p);
}

static void policy_line(sunset_buf *o, const sunset_policy *p)
{
	if (p->fail_on_severity >= 0)
		sunset_buf_printf(
			o, "fail-on-severity %s",
			sunset_severity_name(
				(sunset_severity)p->fail_on_severity));
	else
		sunset_buf_puts(o, "fail-on-severity none");
	sunset_buf_printf(o, ", fail-on-shutdown %s",
			  p->fail_on_shutdown ? "true" : "false");
	if (p->fail_on_shutdown && p->shutdown_within_days >= 0)
		sunset_buf_printf(o, " (within %ld days)",
				  p->shutdown_within_days);
	if (p->max_score >= 0)
		sunset_buf_printf(o, ", max-score %d", p->max_score);
	if (p->max_score_increase >= 0)
		sunset_buf_printf(o, ", max-score-increase %d",
				  p->max_score_increase);
	for (int l = 0; l < 2; l++) {
		const sunset_strlist *list = l ? &p->deny : &p->allow;
		if (!list->count)
			continue;
		sunset_buf_printf(o, ", %s [", l ? "deny" : "allow");
		for (size_t i = 0; i < list->count; i++) {
			sunset_buf_puts(o, i ? ", " : "");
			cell(o, list->items[i]);
		}
		sunset_buf_puts(o, "]");
	}
}

static void lifecycle_text(sunset_buf *o, const sunset_product *p)
{
	sunset_buf_puts(o, sunset_lifecycle_name(p->lifecycle));
	if (p->shutdown)
		sunset_buf_printf(o, ", shutdown %s", p->shutdown);
}

/* ---- terminal ---- */

static void print_item(FILE *out, const char *tag, const sunset_gate_item *it,
		       const sunset_policy *p)
{
	const sunset_finding *f = it->f;
	const sunset_product *pr = f->rule->product;
	sunset_buf b = SUNSET_BUF_INIT;

	lifecycle_text(&b, pr);
	sunset_termf(out, "%s %s:%u:%u: %s %s [%s/%s, %s, %s]", tag, f->path,
		     f->line, f->col, sunset_severity_name(f->rule->severity),
		     f->rule->id, f->rule->vendor->id, pr->id, pr->capability,
		     b.ptr);
	if (f->suppressed)
		sunset_termf(out, " suppressed (%s)", f->suppress_by);
	if (it->fails) {
		b.len = 0;
		sunset_gate_reasons(&b, it, p);
		sunset_termf(out, "\n    why: %s", b.ptr);
	}
	fputs("\n", out);
	sunset_buf_free(&b);
}

void sunset_gate_print(FILE *out, const sunset_gate *g, const sunset_policy *p,
		       const sunset_gate_context *c)
{
	char base[13];

	snprintf(base, sizeof(base), "%s", short_id(c->base_commit));
	sunset_termf(out,
		     "gate: %s: %s, base %s (%s) to head %s (%s): %zu new "
		     "finding%s (%zu failing the policy, %zu suppressed), %zu "
		     "existing, %zu fixed\n",
		     verdict(g, c, 0), c->repo, c->base_rev, base, c->head_rev,
		     short_id(c->head_commit), g->new_findings,
		     g->new_findings == 1 ? "" : "s", g->new_failing,
		     g->new_suppressed, g->existing, g->fixed);
	for (size_t i = 0; i < g->count; i++) {
		const sunset_gate_item *it = &g->items[i];
		if (!it->evaluated)
			continue;
		if (it->status == SUNSET_GATE_NEW)
			print_item(out, it->fails ? "new (fails):" : "new:", it,
				   p);
		else if (it->status == SUNSET_GATE_FIXED)
			print_item(out, "fixed:", it, p);
	}
	for (size_t i = 0; i < g->nunread; i++)
		sunset_termf(
			out,
			"unjudged: %s: %s, so the gate cannot judge it%s\n",
			g->unread[i]->path, unjudged_why(g->unread[i]),
			c->unread_error ? ""
					: " (fails: unreadable-files fail)");
	for (size_t i = 0; c->added && i < c->added->count; i++) {
		const sunset_suppression *a = &c->added->items[i];
		sunset_buf b = SUNSET_BUF_INIT;
		char *text,
			*reason = sunset_printable(a->reason ? a->reason : "");
		suppression_text(&b, a);
		text = sunset_printable(b.ptr);
		fprintf(out,
			"suppression added by the pull request (%s): "
			".sunsetignore:%d %s: %s\n",
			c->added_applied ? "applied: --trust-head"
					 : "not applied until merged",
			a->line, text, reason);
		free(text);
		free(reason);
		sunset_buf_free(&b);
	}
	if (c->baseline_added)
		fprintf(out,
			"baseline: the pull request adds %zu finding%s to it "
			"(%s)\n",
			c->baseline_added, c->baseline_added == 1 ? "" : "s",
			c->added_applied ? "applied: --trust-head"
					 : "not applied until merged");
	if (g->head_score >= 0) {
		fprintf(out, "score: %d", g->head_score);
		if (g->base_score >= 0)
			fprintf(out, " (base %d, %+d)", g->base_score,
				g->head_score - g->base_score);
		if (g->score_over_max)
			fprintf(out, "; fails: above max-score %d",
				p->max_score);
		if (g->score_rise_over_max)
			fprintf(out, "; fails: rose by more than %d",
				p->max_score_increase);
		fputs("\n", out);
	}
	sunset_termf(out, "read: policy: %s", c->policy_source);
	if (c->ignore_source)
		sunset_termf(out, "; suppressions: %s", c->ignore_source);
	if (c->baseline)
		sunset_termf(out, "; baseline %s from %s", c->baseline,
			     c->baseline_source ? c->baseline_source
						: "the file");
	fputs("\n", out);
}

/* ---- Markdown ---- */

static void where(sunset_buf *o, const sunset_finding *f)
{
	char *loc = sunset_asprintf("%s:%u", f->path, f->line);
	sunset_markdown_code(o, loc, 1);
	free(loc);
}

static void product_cell(sunset_buf *o, const sunset_finding *f)
{
	const sunset_product *p = f->rule->product;
	cell(o, f->rule->vendor->name);
	sunset_buf_puts(o, " / ");
	cell(o, p->name);
	sunset_buf_printf(o, " (`%s.%s`, %s)", f->rule->vendor->id, p->id,
			  p->capability);
}

static void todo_cell(sunset_buf *o, const sunset_finding *f)
{
	const sunset_product *p = f->rule->product;

	cell(o, f->rule->remediation ? f->rule->remediation : f->rule->message);
	if (p->alternatives.count) {
		sunset_buf_puts(o, " Alternatives: ");
		for (size_t i = 0; i < p->alternatives.count; i++)
			sunset_buf_printf(o, "%s`%s`", i ? ", " : "",
					  p->alternatives.items[i]);
		sunset_buf_puts(o, ".");
	}
}

static void new_table(sunset_buf *o, const sunset_gate *g,
		      const sunset_policy *p, int failing, int suppressed)
{
	for (size_t i = 0; i < g->count; i++) {
		const sunset_gate_item *it = &g->items[i];
		sunset_buf b = SUNSET_BUF_INIT;
		if (it->status != SUNSET_GATE_NEW || !it->evaluated ||
		    (it->fails != 0) != failing ||
		    (it->f->suppressed && !it->fails) != suppressed)
			continue;
		sunset_buf_puts(o, "| ");
		where(o, it->f);
		sunset_buf_printf(o, " | `%s` (%s) | ", it->f->rule->id,
				  sunset_severity_name(it->f->rule->severity));
		product_cell(o, it->f);
		sunset_buf_puts(o, " | ");
		lifecycle_text(&b, it->f->rule->product);
		cell(o, b.ptr);
		sunset_buf_puts(o, " | ");
		if (suppressed) {
			cell(o, it->f->suppress_by);
			if (it->f->suppress_reason) {
				sunset_buf_puts(o, ": ");
				sunset_markdown_code(o, it->f->suppress_reason,
						     1);
			}
		} else if (failing) {
			b.len = 0;
			sunset_gate_reasons(&b, it, p);
			cell(o, b.ptr);
			sunset_buf_puts(o, " | ");
			todo_cell(o, it->f);
		} else {
			todo_cell(o, it->f);
		}
		sunset_buf_puts(o, " |\n");
		sunset_buf_free(&b);
	}
	sunset_buf_puts(o, "\n");
}

void sunset_gate_markdown(sunset_buf *o, const sunset_gate *g,
			  const sunset_policy *p, const sunset_gate_context *c)
{
	size_t failing = g->new_failing;
	size_t passing = g->new_findings - g->new_failing - g->new_suppressed;
	char base[13];

	snprintf(base, sizeof(base), "%s", short_id(c->base_commit));
	sunset_buf_printf(o, "## sunset gate: %s\n\n", verdict(g, c, 1));
	sunset_markdown_code(o, c->repo, 0);
	sunset_buf_puts(o, ", base ");
	sunset_markdown_code(o, c->base_rev, 0);
	sunset_buf_printf(o, " (`%s`) to head ", base);
	sunset_markdown_code(o, c->head_rev, 0);
	sunset_buf_printf(o,
			  " (`%s`): **%zu new** finding%s (%zu failing the "
			  "policy, %zu suppressed), %zu existing, %zu "
			  "fixed.\n\n",
			  short_id(c->head_commit), g->new_findings,
			  g->new_findings == 1 ? "" : "s", failing,
			  g->new_suppressed, g->existing, g->fixed);
	if (failing) {
		sunset_buf_puts(o, "### New findings that fail the policy\n\n"
				   "| Where | Rule | Vendor / product | "
				   "Lifecycle | Why it fails | What to do |\n"
				   "| --- | --- | --- | --- | --- | --- |\n");
		new_table(o, g, p, 1, 0);
	}
	if (passing) {
		sunset_buf_puts(o, "### Other new findings\n\n"
				   "| Where | Rule | Vendor / product | "
				   "Lifecycle | What to do |\n"
				   "| --- | --- | --- | --- | --- |\n");
		new_table(o, g, p, 0, 0);
	}
	if (g->new_suppressed) {
		sunset_buf_puts(o, "### New findings suppressed\n\n"
				   "| Where | Rule | Vendor / product | "
				   "Lifecycle | Suppressed by |\n"
				   "| --- | --- | --- | --- | --- |\n");
		new_table(o, g, p, 0, 1);
	}
	if (g->nunread) {
		sunset_buf_printf(o,
				  "### Files the gate could not judge\n\n"
				  "The pull request adds or changes them, and "
				  "their findings are unknown%s.\n\n",
				  c->unread_error
					  ? ": the gate gives no verdict"
					  : " (unreadable-files: fail)");
		for (size_t i = 0; i < g->nunread; i++) {
			sunset_buf_puts(o, "- ");
			sunset_markdown_code(o, g->unread[i]->path, 1);
			sunset_buf_printf(o, ": %s\n",
					  unjudged_why(g->unread[i]));
		}
		sunset_buf_puts(o, "\n");
	}
	if ((c->added && c->added->count) || c->baseline_added) {
		sunset_buf_printf(o,
				  "### Suppressions this pull request adds\n\n"
				  "%s\n\n",
				  c->added_applied
					  ? "Applied: the gate was told to "
					    "trust the head (--trust-head)."
					  : "Not applied until the pull "
					    "request is merged: the gate reads "
					    "suppressions and the baseline "
					    "from the base revision.");
		for (size_t i = 0; c->added && i < c->added->count; i++) {
			const sunset_suppression *a = &c->added->items[i];
			sunset_buf b = SUNSET_BUF_INIT;
			char *at = sunset_asprintf(".sunsetignore:%d", a->line);
			suppression_text(&b, a);
			sunset_buf_puts(o, "- ");
			sunset_markdown_code(o, at, 1);
			sunset_buf_puts(o, " ");
			sunset_markdown_code(o, b.ptr, 1);
			sunset_buf_puts(o, ": ");
			sunset_markdown_code(o, a->reason ? a->reason : "", 1);
			sunset_buf_puts(o, "\n");
			sunset_buf_free(&b);
			free(at);
		}
		if (c->baseline_added)
			sunset_buf_printf(o,
					  "- %zu finding%s added to the "
					  "baseline\n",
					  c->baseline_added,
					  c->baseline_added == 1 ? "" : "s");
		sunset_buf_puts(o, "\n");
	}
	if (g->fixed) {
		sunset_buf_puts(o, "### Fixed\n\n");
		for (size_t i = 0; i < g->count; i++) {
			const sunset_gate_item *it = &g->items[i];
			if (it->status != SUNSET_GATE_FIXED || !it->evaluated)
				continue;
			sunset_buf_puts(o, "- ");
			where(o, it->f);
			sunset_buf_printf(o, " `%s`: ", it->f->rule->id);
			product_cell(o, it->f);
			sunset_buf_puts(o, "\n");
		}
		sunset_buf_puts(o, "\n");
	}
	if (g->head_score >= 0) {
		sunset_buf_printf(o, "**Risk score:** %d/100", g->head_score);
		if (g->base_score >= 0)
			sunset_buf_printf(o, " (base %d, %+d)", g->base_score,
					  g->head_score - g->base_score);
		if (g->score_over_max)
			sunset_buf_printf(o, ", above max-score %d: fails",
					  p->max_score);
		if (g->score_rise_over_max)
			sunset_buf_printf(o, ", rose by more than %d: fails",
					  p->max_score_increase);
		sunset_buf_puts(o, ".\n\n");
	}
	sunset_buf_puts(o, "**Policy:** ");
	policy_line(o, p);
	sunset_buf_puts(o, " (");
	cell(o, c->policy_source);
	if (c->ignore_source) {
		sunset_buf_puts(o, "; suppressions: ");
		cell(o, c->ignore_source);
	}
	if (c->baseline) {
		sunset_buf_puts(o, "; baseline ");
		sunset_markdown_code(o, c->baseline, 0);
		if (c->baseline_source) {
			sunset_buf_puts(o, " from ");
			cell(o, c->baseline_source);
		}
	}
	sunset_buf_puts(o, ").\n");
}
