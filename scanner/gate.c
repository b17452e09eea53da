/* gate.c - the CI gate: classify by fingerprint, judge by policy */
#include "gate.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "manifest.h"
#include "util.h"

static int fp_cmp(const void *a, const void *b)
{
	const sunset_finding *x = *(const sunset_finding *const *)a;
	const sunset_finding *y = *(const sunset_finding *const *)b;
	return strcmp(x->fingerprint, y->fingerprint);
}

static unsigned judge(const sunset_finding *f, const sunset_policy *p,
		      const char *today, long *days)
{
	const sunset_product *pr = f->rule->product;
	const sunset_vendor *v = f->rule->vendor;
	unsigned why = 0;
	time_t t0, t1;

	*days = 0;
	if (p->fail_on_severity >= 0 &&
	    (int)f->rule->severity >= p->fail_on_severity)
		why |= SUNSET_FAIL_SEVERITY;
	if (pr->shutdown && sunset_parse_day(today, &t0) == 0 &&
	    sunset_parse_day(pr->shutdown, &t1) == 0)
		*days = (long)((t1 - t0) / 86400);
	if (p->fail_on_shutdown) {
		if (pr->lifecycle == SUNSET_LIFE_DISCONTINUED)
			why |= SUNSET_FAIL_DISCONTINUED;
		else if (pr->shutdown && (p->shutdown_within_days < 0 ||
					  *days <= p->shutdown_within_days))
			why |= SUNSET_FAIL_SHUTDOWN;
	}
	if (sunset_policy_lists(&p->deny, v, pr))
		why |= SUNSET_FAIL_DENIED;
	if (p->allow.count && !sunset_policy_lists(&p->allow, v, pr))
		why |= SUNSET_FAIL_UNAPPROVED;
	return why;
}

static sunset_gate_item *add(sunset_gate *g, const sunset_finding *f,
			     sunset_gate_status st)
{
	sunset_gate_item *it;

	g->items = sunset_realloc(g->items, (g->count + 1) * sizeof(*it));
	it = &g->items[g->count++];
	memset(it, 0, sizeof(*it));
	it->f = f;
	it->status = st;
	return it;
}

static int rec_cmp(const void *a, const void *b)
{
	return strcmp((*(const sunset_file_rec *const *)a)->path,
		      (*(const sunset_file_rec *const *)b)->path);
}

/* Why a file of the head could not be judged, or 0: it could not be
 * read, or it is in a language sunset reads and was skipped at a limit
 * (a lock file resolves versions and holds no finding: not judged). */
static int unjudged(const sunset_file_rec *f)
{
	sunset_deps none = {0};

	switch (f->skip) {
	case SUNSET_SKIP_MISSING:
	case SUNSET_SKIP_UNREADABLE:
		return 1;
	case SUNSET_SKIP_TOO_LARGE:
	case SUNSET_SKIP_PARSE_TIMEOUT:
	case SUNSET_SKIP_TOO_DEEP:
	case SUNSET_SKIP_TOO_WIDE:
	case SUNSET_SKIP_TOO_MUCH_MEMORY:
		return f->lang != SUNSET_LANG_UNKNOWN &&
		       !sunset_lock_read(&none, f->path, "", 0);
	default:
		return 0;
	}
}

/* The head's files that could not be read or judged, unless the base
 * holds the same blob at the same path (the pull request did not touch
 * it): what the head brings whose findings nobody knows. */
static void find_unread(sunset_gate *out, const sunset_repo_result *base,
			const sunset_repo_result *head)
{
	size_t nb = base ? base->nfiles : 0;
	const sunset_file_rec **by_path =
		sunset_calloc(nb ? nb : 1, sizeof(*by_path));

	for (size_t i = 0; i < nb; i++)
		by_path[i] = &base->files[i];
	if (nb)
		qsort(by_path, nb, sizeof(*by_path), rec_cmp);
	for (size_t i = 0; i < head->nfiles; i++) {
		const sunset_file_rec *f = &head->files[i], **hit;
		if (!unjudged(f))
			continue;
		hit = nb ? bsearch(&f, by_path, nb, sizeof(*by_path), rec_cmp)
			 : NULL;
		if (hit && f->blob_id[0] &&
		    !strcmp((*hit)->blob_id, f->blob_id))
			continue;
		out->unread = sunset_realloc(
			out->unread, (out->nunread + 1) * sizeof(*out->unread));
		out->unread[out->nunread++] = f;
	}
	free(by_path);
}

void sunset_gate_run(sunset_gate *out, const sunset_repo_result *base,
		     const sunset_repo_result *head,
		     const sunset_baseline *baseline,
		     const sunset_policy *policy, int base_score,
		     int head_score, const char *today, int all_capabilities)
{
	const sunset_finding **seen;
	char *used;
	size_t nb = base ? base->findings.count : 0;

	memset(out, 0, sizeof(*out));
	out->base_score = base_score;
	out->head_score = head_score;
	/* the base's findings by fingerprint; each matches one head
	 * finding at most */
	seen = sunset_calloc(nb ? nb : 1, sizeof(*seen));
	used = sunset_calloc(nb ? nb : 1, 1);
	for (size_t i = 0; i < nb; i++)
		seen[i] = &base->findings.items[i];
	qsort(seen, nb, sizeof(*seen), fp_cmp);

	for (size_t i = 0; i < head->findings.count; i++) {
		const sunset_finding *f = &head->findings.items[i];
		const sunset_finding **hit = NULL;
		sunset_gate_item *it;
		size_t lo = 0, hi = nb;
		/* the first unused base finding with this fingerprint */
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (strcmp(seen[mid]->fingerprint, f->fingerprint) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (;
		     lo < nb && !strcmp(seen[lo]->fingerprint, f->fingerprint);
		     lo++)
			if (!used[lo]) {
				used[lo] = 1;
				hit = &seen[lo];
				break;
			}
		it = add(out, f,
			 hit || sunset_baseline_has(baseline, f->fingerprint)
				 ? SUNSET_GATE_EXISTING
				 : SUNSET_GATE_NEW);
		it->in_baseline = !hit && it->status == SUNSET_GATE_EXISTING;
		it->evaluated = all_capabilities ||
				sunset_capability_is_media(
					f->rule->product->capability);
		if (!it->evaluated)
			continue;
		if (it->status == SUNSET_GATE_EXISTING) {
			out->existing++;
			continue;
		}
		out->new_findings++;
		if (f->suppressed && policy->inline_fail && f->suppress_by &&
		    !strcmp(f->suppress_by, "inline")) {
			/* the pull request's own comment: not its to give */
			it->fails = SUNSET_FAIL_INLINE;
			out->new_failing++;
			continue;
		}
		if (f->suppressed) {
			out->new_suppressed++;
			continue;
		}
		it->fails = judge(f, policy, today, &it->days);
		if (it->fails)
			out->new_failing++;
	}
	for (size_t i = 0; i < nb; i++)
		if (!used[i]) {
			sunset_gate_item *it =
				add(out, seen[i], SUNSET_GATE_FIXED);
			it->evaluated =
				all_capabilities ||
				sunset_capability_is_media(
					seen[i]->rule->product->capability);
			if (it->evaluated)
				out->fixed++;
		}
	free(seen);
	free(used);

	find_unread(out, base, head);
	if (policy->max_score >= 0 && head_score > policy->max_score)
		out->score_over_max = 1;
	if (policy->max_score_increase >= 0 && base_score >= 0 &&
	    head_score - base_score > policy->max_score_increase)
		out->score_rise_over_max = 1;
	out->pass = !out->new_failing && !out->score_over_max &&
		    !out->score_rise_over_max &&
		    !(out->nunread && policy->unreadable_fail);
}

void sunset_gate_clear(sunset_gate *g)
{
	free(g->items);
	free(g->unread);
	memset(g, 0, sizeof(*g));
}

void sunset_gate_reasons(sunset_buf *out, const sunset_gate_item *it,
			 const sunset_policy *policy)
{
	const sunset_product *p = it->f->rule->product;
	const char *sep = "";

	if (it->fails & SUNSET_FAIL_DISCONTINUED) {
		sunset_buf_printf(out, "%sdiscontinued product", sep);
		if (p->shutdown)
			sunset_buf_printf(out, " (shut down %s)", p->shutdown);
		sep = "; ";
	}
	if (it->fails & SUNSET_FAIL_SHUTDOWN) {
		sunset_buf_printf(out, "%sshutdown %s (%ld days %s)", sep,
				  p->shutdown,
				  it->days < 0 ? -it->days : it->days,
				  it->days < 0 ? "ago" : "left");
		sep = "; ";
	}
	if (it->fails & SUNSET_FAIL_DENIED) {
		sunset_buf_printf(out, "%son the deny-list", sep);
		sep = "; ";
	}
	if (it->fails & SUNSET_FAIL_UNAPPROVED) {
		sunset_buf_printf(out, "%snot on the allow-list", sep);
		sep = "; ";
	}
	if (it->fails & SUNSET_FAIL_INLINE) {
		sunset_buf_printf(out,
				  "%ssuppressed inline by the pull request "
				  "(inline-suppressions: fail)",
				  sep);
		sep = "; ";
	}
	if (it->fails & SUNSET_FAIL_SEVERITY)
		sunset_buf_printf(
			out, "%sseverity %s at or above %s", sep,
			sunset_severity_name(it->f->rule->severity),
			sunset_severity_name(
				(sunset_severity)policy->fail_on_severity));
}
