/* plan.c - the migration plan for leaving one vendor (Markdown)
 *
 * For the architecture review before a vendor exit. Everything comes from
 * the scan's findings and the rule pack; repository text is written in
 * code spans with backticks and newlines neutralised. */
#include "plan.h"

#include <stdlib.h>
#include <string.h>

#include "version.h"

/* Text from a repository inside a Markdown code span. */
static void code_span(sunset_buf *o, const char *s)
{
	char *p = sunset_printable(s ? s : "");

	sunset_buf_puts(o, "`");
	for (const char *c = p; *c; c++)
		sunset_buf_put(o, *c == '`' ? "'" : c, 1);
	sunset_buf_puts(o, "`");
	free(p);
}

static int wanted(const sunset_finding *f, const sunset_vendor *v,
		  const sunset_product *p)
{
	return !f->suppressed && f->rule->vendor == v &&
	       (!p || f->rule->product == p);
}

static const char *dir_of(const char *path, size_t *len)
{
	const char *slash = strrchr(path, '/');
	*len = slash ? (size_t)(slash - path) : 0;
	return path;
}

typedef struct {
	size_t repos, files, call_sites, hardcoded, credentials, modules,
		scattered;
} counts;

static void blast_radius(sunset_buf *o, const sunset_scan_result *r,
			 const sunset_vendor *v, const sunset_product *p,
			 counts *n)
{
	sunset_buf_puts(o, "## Blast radius\n\n");
	sunset_buf_puts(o, "| repository | files | call sites | findings |\n"
			   "| --- | ---: | ---: | ---: |\n");
	for (size_t i = 0; i < r->nrepos; i++) {
		const sunset_findings *fs = &r->repos[i].findings;
		size_t files = 0, calls = 0, all = 0;
		for (size_t k = 0; k < fs->count; k++) {
			const sunset_finding *f = &fs->items[k];
			int first = 1;
			if (!wanted(f, v, p))
				continue;
			all++;
			calls += f->rule->kind == SUNSET_KIND_CALL ||
				 (f->rule->kind == SUNSET_KIND_ENDPOINT &&
				  f->rule->matcher == SUNSET_MATCH_HTTP);
			for (size_t j = 0; j < k; j++)
				if (wanted(&fs->items[j], v, p) &&
				    !strcmp(fs->items[j].path, f->path))
					first = 0;
			files += first;
		}
		if (!all)
			continue;
		n->repos++;
		n->files += files;
		n->call_sites += calls;
		sunset_buf_puts(o, "| ");
		code_span(o, r->repos[i].info.path);
		sunset_buf_printf(o, " | %zu | %zu | %zu |\n", files, calls,
				  all);
	}
	sunset_buf_puts(o, "\n### By module\n\n");
	for (size_t i = 0; i < r->nrepos; i++) {
		const sunset_findings *fs = &r->repos[i].findings;
		for (size_t k = 0; k < fs->count; k++) {
			const sunset_finding *f = &fs->items[k];
			size_t dl, count = 0, seen = 0;
			dir_of(f->path, &dl);
			if (!wanted(f, v, p))
				continue;
			for (size_t j = 0; j < k; j++) {
				size_t l2;
				dir_of(fs->items[j].path, &l2);
				if (wanted(&fs->items[j], v, p) && l2 == dl &&
				    !strncmp(fs->items[j].path, f->path, dl))
					seen = 1;
			}
			if (seen)
				continue;
			for (size_t j = k; j < fs->count; j++) {
				size_t l2;
				dir_of(fs->items[j].path, &l2);
				count += wanted(&fs->items[j], v, p) &&
					 l2 == dl &&
					 !strncmp(fs->items[j].path, f->path,
						  dl);
			}
			sunset_buf_puts(o, "- ");
			if (r->nrepos > 1) {
				code_span(o, r->repos[i].info.path);
				sunset_buf_puts(o, " ");
			}
			{
				char *d = dl ? sunset_strndup(f->path, dl)
					     : sunset_strdup(".");
				code_span(o, d);
				free(d);
			}
			sunset_buf_printf(o, ": %zu finding%s\n", count,
					  count == 1 ? "" : "s");
		}
	}
	sunset_buf_puts(o, "\n");
}

static void change_first(sunset_buf *o, const sunset_scan_result *r,
			 const sunset_scores *scores, const sunset_vendor *v,
			 counts *n)
{
	sunset_buf_puts(o, "## What to change first\n\n");
	for (size_t i = 0; scores && i < scores->count; i++) {
		const sunset_score_entry *e = &scores->items[i];
		if (e->scope != SUNSET_SCOPE_VENDOR || e->vendor != v)
			continue;
		sunset_buf_puts(o, "- ");
		if (r->nrepos > 1) {
			code_span(o, r->repos[e->repo].info.path);
			sunset_buf_puts(o, ": ");
		}
		switch (e->verdict) {
		case SUNSET_ADAPTER_ONE:
			n->modules++;
			sunset_buf_puts(o, "the vendor sits behind one "
					   "module, ");
			code_span(o, e->module);
			sunset_buf_puts(o, ". Give it a second implementation "
					   "for the new vendor; the rest of "
					   "the code keeps calling it.\n");
			break;
		case SUNSET_ADAPTER_SCATTERED:
			n->modules++;
			n->scattered++;
			sunset_buf_printf(o,
					  "direct use is scattered across %zu "
					  "files. Introduce one vendor-neutral "
					  "adapter first",
					  e->coupled.count);
			if (e->module && strcmp(e->module, ".") != 0) {
				sunset_buf_puts(o, " (");
				code_span(o, e->module);
				sunset_buf_puts(o, " holds the most)");
			}
			sunset_buf_puts(o, ", then move these call sites "
					   "behind it:");
			for (size_t k = 0; k < e->breaking.count; k++) {
				sunset_buf_puts(o, k ? ", " : " ");
				code_span(o, e->breaking.items[k]);
			}
			sunset_buf_puts(o, ".\n");
			break;
		default:
			sunset_buf_puts(o, "no direct SDK call, import or "
					   "request: only configuration and "
					   "credentials refer to the "
					   "vendor.\n");
		}
	}
	sunset_buf_puts(o, "- Then the products in order of urgency: "
			   "discontinued first, then those with the nearest "
			   "shutdown date (below).\n\n");
}

static void alternatives(sunset_buf *o, const sunset_scan_result *r,
			 const sunset_ruleset *rules, const sunset_vendor *v,
			 const sunset_product *only)
{
	sunset_buf_puts(o, "## Products and alternatives by capability\n\n"
			   "| product | capability | lifecycle | shutdown | "
			   "alternatives |\n| --- | --- | --- | --- | --- |\n");
	/* worst lifecycle first, then the nearest shutdown */
	for (int life = SUNSET_LIFE_DISCONTINUED; life >= SUNSET_LIFE_ACTIVE;
	     life--)
		for (size_t k = 0; k < v->nproducts; k++) {
			const sunset_product *p = &v->products[k];
			int used = 0;
			if ((int)p->lifecycle != life || (only && p != only))
				continue;
			for (size_t i = 0; i < r->nrepos && !used; i++)
				for (size_t j = 0;
				     j < r->repos[i].findings.count && !used;
				     j++)
					used = wanted(
						&r->repos[i].findings.items[j],
						v, p);
			if (!used)
				continue;
			sunset_buf_printf(o, "| %s (%s) | %s | %s | %s | ",
					  p->name, p->id, p->capability,
					  sunset_lifecycle_name(p->lifecycle),
					  p->shutdown ? p->shutdown : "");
			for (size_t a = 0; a < p->alternatives.count; a++) {
				const sunset_product *alt =
					sunset_rules_find_product(
						rules,
						p->alternatives.items[a]);
				sunset_buf_printf(o, "%s%s", a ? ", " : "",
						  p->alternatives.items[a]);
				if (alt)
					sunset_buf_printf(
						o, " (%s)",
						sunset_lifecycle_name(
							alt->lifecycle));
			}
			if (!p->alternatives.count)
				sunset_buf_puts(o, "none recorded");
			sunset_buf_puts(o, " |\n");
		}
	sunset_buf_puts(o, "\n");
}

static void hardcoded(sunset_buf *o, const sunset_scan_result *r,
		      const sunset_vendor *v, const sunset_product *p,
		      counts *n)
{
	static const struct {
		sunset_kind kind;
		const char *title;
	} groups[] = {
		{SUNSET_KIND_MODEL, "Model and voice ids"},
		{SUNSET_KIND_ENDPOINT, "Endpoints"},
		{SUNSET_KIND_CREDENTIAL, "Credentials"},
	};

	sunset_buf_puts(o, "## Hard-coded items to move into "
			   "configuration\n\n");
	for (size_t g = 0; g < 3; g++) {
		size_t shown = 0;
		sunset_buf_printf(o, "### %s\n\n", groups[g].title);
		for (size_t i = 0; i < r->nrepos; i++) {
			const sunset_findings *fs = &r->repos[i].findings;
			for (size_t k = 0; k < fs->count; k++) {
				const sunset_finding *f = &fs->items[k];
				char *where;
				if (!wanted(f, v, p) ||
				    f->rule->kind != groups[g].kind ||
				    (g == 1 &&
				     f->rule->matcher == SUNSET_MATCH_HTTP))
					continue;
				shown++;
				if (g == 2)
					n->credentials++;
				else
					n->hardcoded++;
				where = sunset_asprintf("%s:%u", f->path,
							f->line);
				sunset_buf_puts(o, "- ");
				code_span(o, where);
				sunset_buf_puts(o, " ");
				code_span(o, f->matched);
				sunset_buf_puts(o, "\n");
				free(where);
			}
		}
		if (!shown)
			sunset_buf_puts(o, "- none\n");
		sunset_buf_puts(o, "\n");
	}
}

static const char portability[] =
	"## Data portability checklist\n\n"
	"- [ ] Prompts and generation parameters: where are they stored, and "
	"in whose format (vendor-specific fields such as seeds, styles, "
	"watermark options)?\n"
	"- [ ] Generated outputs: are files copied to your own storage, or "
	"only referenced by vendor URLs that will stop resolving?\n"
	"- [ ] Provenance: job ids, model ids and timestamps recorded with "
	"each output, so past results stay explainable.\n"
	"- [ ] Webhooks and callbacks: endpoints the vendor calls, and the "
	"payload shapes your code expects.\n"
	"- [ ] Output formats: codecs, resolutions, durations and sample "
	"rates the rest of the system assumes.\n"
	"- [ ] Voices, custom models and fine-tunes: can they be exported, or "
	"must they be recreated?\n"
	"- [ ] Credentials: rotate and delete the vendor's keys once the "
	"last call site is gone.\n\n";

static void effort(sunset_buf *o, const counts *n)
{
	/* half-days: an adapter to build per scattered repository, one per
	 * vendor module to reimplement, a quarter per call site, a tenth per
	 * hard-coded item or credential, and one per repository to test and
	 * deploy */
	double days = 1.0 * (double)n->scattered + 0.5 * (double)n->modules +
		      0.25 * (double)n->call_sites +
		      0.1 * (double)(n->hardcoded + n->credentials) +
		      1.0 * (double)n->repos;

	sunset_buf_puts(o, "## Effort estimate\n\n");
	sunset_buf_puts(o, "effort (days) = 1 x scattered repositories + 0.5 x "
			   "adapter modules + 0.25 x call sites + 0.1 x "
			   "(hard-coded items + credentials) + 1 x "
			   "repositories\n\n");
	sunset_buf_printf(o,
			  "= 1 x %zu + 0.5 x %zu + 0.25 x %zu + 0.1 x (%zu + "
			  "%zu) + 1 x %zu = **%.1f days**\n\n",
			  n->scattered, n->modules, n->call_sites, n->hardcoded,
			  n->credentials, n->repos, days);
	sunset_buf_puts(o, "A first-order estimate from the counts above; "
			   "it does not know your tests, reviews or "
			   "the new vendor's API.\n");
}

int sunset_plan_markdown(sunset_buf *o, const sunset_scan_result *r,
			 const sunset_ruleset *rules,
			 const sunset_scores *scores, const char *vendor_id,
			 const char *product_id)
{
	const sunset_vendor *v = NULL;
	const sunset_product *p = NULL;
	counts n;

	memset(&n, 0, sizeof(n));
	for (size_t i = 0; i < rules->nvendors; i++)
		if (!strcmp(rules->vendors[i]->id, vendor_id))
			v = rules->vendors[i];
	if (!v) {
		sunset_errorf("vendor '%s' is not in the rule pack; see "
			      "'sunset rules list' for vendor ids",
			      vendor_id);
		return SUNSET_ENOTFOUND;
	}
	if (product_id) {
		for (size_t k = 0; k < v->nproducts; k++)
			if (!strcmp(v->products[k].id, product_id))
				p = &v->products[k];
		if (!p) {
			sunset_errorf("product '%s' is not a product of vendor "
				      "%s",
				      product_id, vendor_id);
			return SUNSET_ENOTFOUND;
		}
	}
	sunset_buf_printf(o, "# Migration plan: leaving %s", v->name);
	if (p)
		sunset_buf_printf(o, " (%s)", p->name);
	sunset_buf_printf(o,
			  "\n\nGenerated by sunset %s on %s from %zu "
			  "repositor%s.\n\n",
			  SUNSET_VERSION, scores ? scores->today : "",
			  r->nrepos, r->nrepos == 1 ? "y" : "ies");
	blast_radius(o, r, v, p, &n);
	change_first(o, r, scores, v, &n);
	alternatives(o, r, rules, v, p);
	hardcoded(o, r, v, p, &n);
	sunset_buf_puts(o, portability);
	effort(o, &n);
	return 0;
}
