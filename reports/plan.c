/* plan.c - the migration plan for leaving one vendor (Markdown, HTML)
 *
 * For the architecture review before a vendor exit. Everything comes from
 * the scan's findings and the rule pack. The plan is written once, through
 * a small document writer with two outputs: Markdown, where repository text
 * goes in code spans with backticks and newlines neutralised, and an HTML
 * page (html.h's page, policy and escaping), where all text is escaped. */
#include "plan.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "version.h"

void sunset_markdown_code(sunset_buf *o, const char *s, int in_table)
{
	char *p = sunset_printable(s ? s : "");

	sunset_buf_puts(o, "`");
	for (const char *c = p; *c; c++)
		if (*c == '`')
			sunset_buf_puts(o, "'");
		else if (*c == '|' && in_table)
			sunset_buf_puts(o, "\\|");
		else
			sunset_buf_put(o, c, 1);
	sunset_buf_puts(o, "`");
	free(p);
}

/* ---- the document writer --------------------------------------------- */

typedef enum { DOC_MARKDOWN, DOC_HTML } doc_format;

typedef enum { H1, H2, H3, PARA, LIST, ITEM, TODO } doc_block;

typedef struct {
	sunset_buf *o;
	doc_format format;
	const char *align; /* the table's columns: 'l' or 'r' (numbers) */
	size_t col;	   /* the next cell's column */
} doc;

/* What opens and closes each block, in each format */
static const char *const html_open[] = {
	[H1] = "<h1>",
	[H2] = "<h2>",
	[H3] = "<h3>",
	[PARA] = "<p>",
	[LIST] = "<ul>",
	[ITEM] = "<li>",
	[TODO] = "<li><input type=\"checkbox\" disabled> "};
static const char *const html_close[] = {
	[H1] = "</h1>\n",  [H2] = "</h2>\n",   [H3] = "</h3>\n",
	[PARA] = "</p>\n", [LIST] = "</ul>\n", [ITEM] = "</li>\n",
	[TODO] = "</li>\n"};
static const char *const md_open[] = {
	[H1] = "# ", [H2] = "## ",  [H3] = "### ",    [PARA] = "",
	[LIST] = "", [ITEM] = "- ", [TODO] = "- [ ] "};
static const char *const md_close[] = {
	[H1] = "\n\n", [H2] = "\n\n", [H3] = "\n\n", [PARA] = "\n\n",
	[LIST] = "\n", [ITEM] = "\n", [TODO] = "\n"};

static void doc_open(doc *d, doc_block b)
{
	sunset_buf_puts(d->o,
			d->format == DOC_HTML ? html_open[b] : md_open[b]);
}

static void doc_close(doc *d, doc_block b)
{
	sunset_buf_puts(d->o,
			d->format == DOC_HTML ? html_close[b] : md_close[b]);
}

/* Text from sunset or the rule pack. */
static void doc_text(doc *d, const char *s)
{
	if (d->format == DOC_HTML)
		sunset_html_escape(d->o, s);
	else
		sunset_buf_puts(d->o, s);
}

static void doc_textf(doc *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void doc_textf(doc *d, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (!s)
		abort(); /* out of memory, as in sunset_malloc */
	doc_text(d, s);
	free(s);
}

static void doc_strong(doc *d, const char *s)
{
	int html = d->format == DOC_HTML;

	sunset_buf_puts(d->o, html ? "<strong>" : "**");
	doc_text(d, s);
	sunset_buf_puts(d->o, html ? "</strong>" : "**");
}

/* Text from a repository, as code: control bytes and invalid UTF-8 shown
 * as \xNN; in Markdown a backtick becomes ' (it would end the span) and,
 * in a table cell, '|' is escaped (it would end the cell). */
static void doc_code(doc *d, const char *s)
{
	char *p;

	if (d->format != DOC_HTML) {
		sunset_markdown_code(d->o, s, d->align != NULL);
		return;
	}
	p = sunset_printable(s ? s : "");
	sunset_buf_puts(d->o, "<code>");
	sunset_html_escape(d->o, p);
	sunset_buf_puts(d->o, "</code>");
	free(p);
}

/* A table: its header cells (NULL-terminated) and each column's alignment
 * ("lrr"); then rows of cells, then doc_table_end. */
static void doc_table(doc *d, const char *const *heads, const char *align)
{
	d->align = align;
	if (d->format == DOC_HTML) {
		sunset_buf_puts(d->o, "<table><thead><tr>");
		for (size_t i = 0; heads[i]; i++) {
			sunset_buf_puts(d->o, "<th>");
			sunset_html_escape(d->o, heads[i]);
			sunset_buf_puts(d->o, "</th>");
		}
		sunset_buf_puts(d->o, "</tr></thead><tbody>\n");
		return;
	}
	for (size_t i = 0; heads[i]; i++)
		sunset_buf_printf(d->o, "| %s ", heads[i]);
	sunset_buf_puts(d->o, "|\n");
	for (size_t i = 0; heads[i]; i++)
		sunset_buf_puts(d->o, align[i] == 'r' ? "| ---: " : "| --- ");
	sunset_buf_puts(d->o, "|\n");
}

static void doc_row(doc *d)
{
	d->col = 0;
	sunset_buf_puts(d->o, d->format == DOC_HTML ? "<tr>" : "|");
}

static void doc_cell(doc *d)
{
	if (d->format == DOC_HTML)
		sunset_buf_puts(d->o, d->align[d->col] == 'r'
					      ? "<td class=\"num\">"
					      : "<td>");
	else
		sunset_buf_puts(d->o, " ");
}

static void doc_cell_end(doc *d)
{
	d->col++;
	sunset_buf_puts(d->o, d->format == DOC_HTML ? "</td>" : " |");
}

static void doc_row_end(doc *d)
{
	sunset_buf_puts(d->o, d->format == DOC_HTML ? "</tr>\n" : "\n");
}

static void doc_table_end(doc *d)
{
	d->align = NULL;
	sunset_buf_puts(d->o,
			d->format == DOC_HTML ? "</tbody></table>\n" : "\n");
}

/* A cell holding one number. */
static void doc_num_cell(doc *d, size_t n)
{
	doc_cell(d);
	doc_textf(d, "%zu", n);
	doc_cell_end(d);
}

/* ---- the plan ---------------------------------------------------------- */

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

static void blast_radius(doc *d, const sunset_scan_result *r,
			 const sunset_vendor *v, const sunset_product *p,
			 counts *n)
{
	static const char *const heads[] = {"repository", "files", "call sites",
					    "findings", NULL};

	doc_open(d, H2);
	doc_text(d, "Blast radius");
	doc_close(d, H2);
	doc_table(d, heads, "lrrr");
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
		doc_row(d);
		doc_cell(d);
		doc_code(d, r->repos[i].info.path);
		doc_cell_end(d);
		doc_num_cell(d, files);
		doc_num_cell(d, calls);
		doc_num_cell(d, all);
		doc_row_end(d);
	}
	doc_table_end(d);
	doc_open(d, H3);
	doc_text(d, "By module");
	doc_close(d, H3);
	doc_open(d, LIST);
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
			doc_open(d, ITEM);
			if (r->nrepos > 1) {
				doc_code(d, r->repos[i].info.path);
				doc_text(d, " ");
			}
			{
				char *dir = dl ? sunset_strndup(f->path, dl)
					       : sunset_strdup(".");
				doc_code(d, dir);
				free(dir);
			}
			doc_textf(d, ": %zu finding%s", count,
				  count == 1 ? "" : "s");
			doc_close(d, ITEM);
		}
	}
	doc_close(d, LIST);
}

static void change_first(doc *d, const sunset_scan_result *r,
			 const sunset_scores *scores, const sunset_vendor *v,
			 counts *n)
{
	doc_open(d, H2);
	doc_text(d, "What to change first");
	doc_close(d, H2);
	doc_open(d, LIST);
	for (size_t i = 0; scores && i < scores->count; i++) {
		const sunset_score_entry *e = &scores->items[i];
		if (e->scope != SUNSET_SCOPE_VENDOR || e->vendor != v)
			continue;
		doc_open(d, ITEM);
		if (r->nrepos > 1) {
			doc_code(d, r->repos[e->repo].info.path);
			doc_text(d, ": ");
		}
		switch (e->verdict) {
		case SUNSET_ADAPTER_ONE:
			n->modules++;
			doc_text(d, "the vendor sits behind one module, ");
			doc_code(d, e->module);
			doc_text(d, ". Give it a second implementation for "
				    "the new vendor; the rest of the code "
				    "keeps calling it.");
			break;
		case SUNSET_ADAPTER_SCATTERED:
			n->modules++;
			n->scattered++;
			doc_textf(d,
				  "direct use is scattered across %zu files. "
				  "Introduce one vendor-neutral adapter first",
				  e->coupled.count);
			if (e->module && strcmp(e->module, ".") != 0) {
				doc_text(d, " (");
				doc_code(d, e->module);
				doc_text(d, " holds the most)");
			}
			doc_text(d, ", then move these call sites behind it:");
			for (size_t k = 0; k < e->breaking.count; k++) {
				doc_text(d, k ? ", " : " ");
				doc_code(d, e->breaking.items[k]);
			}
			doc_text(d, ".");
			break;
		default:
			doc_text(d, "no direct SDK call, import or request: "
				    "only configuration and credentials refer "
				    "to the vendor.");
		}
		doc_close(d, ITEM);
	}
	doc_open(d, ITEM);
	doc_text(d, "Then the products in order of urgency: discontinued "
		    "first, then those with the nearest shutdown date "
		    "(below).");
	doc_close(d, ITEM);
	doc_close(d, LIST);
}

static void alternatives(doc *d, const sunset_scan_result *r,
			 const sunset_ruleset *rules, const sunset_vendor *v,
			 const sunset_product *only)
{
	static const char *const heads[] = {"product",	    "capability",
					    "lifecycle",    "shutdown",
					    "alternatives", NULL};

	doc_open(d, H2);
	doc_text(d, "Products and alternatives by capability");
	doc_close(d, H2);
	doc_table(d, heads, "lllll");
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
			doc_row(d);
			doc_cell(d);
			doc_textf(d, "%s (%s)", p->name, p->id);
			doc_cell_end(d);
			doc_cell(d);
			doc_text(d, p->capability);
			doc_cell_end(d);
			doc_cell(d);
			doc_text(d, sunset_lifecycle_name(p->lifecycle));
			doc_cell_end(d);
			doc_cell(d);
			doc_text(d, p->shutdown ? p->shutdown : "");
			doc_cell_end(d);
			doc_cell(d);
			for (size_t a = 0; a < p->alternatives.count; a++) {
				const sunset_product *alt =
					sunset_rules_find_product(
						rules,
						p->alternatives.items[a]);
				doc_textf(d, "%s%s", a ? ", " : "",
					  p->alternatives.items[a]);
				if (alt)
					doc_textf(d, " (%s)",
						  sunset_lifecycle_name(
							  alt->lifecycle));
			}
			if (!p->alternatives.count)
				doc_text(d, "none recorded");
			doc_cell_end(d);
			doc_row_end(d);
		}
	doc_table_end(d);
}

static void hardcoded(doc *d, const sunset_scan_result *r,
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

	doc_open(d, H2);
	doc_text(d, "Hard-coded items to move into configuration");
	doc_close(d, H2);
	for (size_t g = 0; g < 3; g++) {
		size_t shown = 0;
		doc_open(d, H3);
		doc_text(d, groups[g].title);
		doc_close(d, H3);
		doc_open(d, LIST);
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
				doc_open(d, ITEM);
				doc_code(d, where);
				doc_text(d, " ");
				doc_code(d, f->matched);
				doc_close(d, ITEM);
				free(where);
			}
		}
		if (!shown) {
			doc_open(d, ITEM);
			doc_text(d, "none");
			doc_close(d, ITEM);
		}
		doc_close(d, LIST);
	}
}

static const char *const portability[] = {
	"Prompts and generation parameters: where are they stored, and in "
	"whose format (vendor-specific fields such as seeds, styles, "
	"watermark options)?",
	"Generated outputs: are files copied to your own storage, or only "
	"referenced by vendor URLs that will stop resolving?",
	"Provenance: job ids, model ids and timestamps recorded with each "
	"output, so past results stay explainable.",
	"Webhooks and callbacks: endpoints the vendor calls, and the payload "
	"shapes your code expects.",
	"Output formats: codecs, resolutions, durations and sample rates the "
	"rest of the system assumes.",
	"Voices, custom models and fine-tunes: can they be exported, or must "
	"they be recreated?",
	"Credentials: rotate and delete the vendor's keys once the last call "
	"site is gone.",
};

static void checklist(doc *d)
{
	doc_open(d, H2);
	doc_text(d, "Data portability checklist");
	doc_close(d, H2);
	doc_open(d, LIST);
	for (size_t i = 0; i < sizeof(portability) / sizeof(*portability);
	     i++) {
		doc_open(d, TODO);
		doc_text(d, portability[i]);
		doc_close(d, TODO);
	}
	doc_close(d, LIST);
}

static void effort(doc *d, const counts *n)
{
	/* half-days: an adapter to build per scattered repository, one per
	 * vendor module to reimplement, a quarter per call site, a tenth per
	 * hard-coded item or credential, and one per repository to test and
	 * deploy */
	double days = 1.0 * (double)n->scattered + 0.5 * (double)n->modules +
		      0.25 * (double)n->call_sites +
		      0.1 * (double)(n->hardcoded + n->credentials) +
		      1.0 * (double)n->repos;
	char total[64];

	doc_open(d, H2);
	doc_text(d, "Effort estimate");
	doc_close(d, H2);
	doc_open(d, PARA);
	doc_text(d, "effort (days) = 1 x scattered repositories + 0.5 x "
		    "adapter modules + 0.25 x call sites + 0.1 x (hard-coded "
		    "items + credentials) + 1 x repositories");
	doc_close(d, PARA);
	doc_open(d, PARA);
	doc_textf(d,
		  "= 1 x %zu + 0.5 x %zu + 0.25 x %zu + 0.1 x (%zu + %zu) + "
		  "1 x %zu = ",
		  n->scattered, n->modules, n->call_sites, n->hardcoded,
		  n->credentials, n->repos);
	snprintf(total, sizeof(total), "%.1f days", days);
	doc_strong(d, total);
	doc_close(d, PARA);
	doc_open(d, PARA);
	doc_text(d, "A first-order estimate from the counts above; it does "
		    "not know your tests, reviews or the new vendor's API.");
	/* the document ends with one newline, not a blank line */
	if (d->format == DOC_HTML)
		doc_close(d, PARA);
	else
		sunset_buf_puts(d->o, "\n");
}

static int render(doc *d, const sunset_scan_result *r,
		  const sunset_ruleset *rules, const sunset_scores *scores,
		  const char *vendor_id, const char *product_id)
{
	const sunset_vendor *v = NULL;
	const sunset_product *p = NULL;
	counts n;
	char *title;

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
	title = p ? sunset_asprintf("Migration plan: leaving %s (%s)", v->name,
				    p->name)
		  : sunset_asprintf("Migration plan: leaving %s", v->name);
	if (d->format == DOC_HTML)
		sunset_html_page_begin(d->o, title);
	doc_open(d, H1);
	doc_text(d, title);
	doc_close(d, H1);
	doc_open(d, PARA);
	doc_textf(d, "Generated by sunset %s on %s from %zu repositor%s.",
		  SUNSET_VERSION, scores ? scores->today : "", r->nrepos,
		  r->nrepos == 1 ? "y" : "ies");
	doc_close(d, PARA);
	blast_radius(d, r, v, p, &n);
	change_first(d, r, scores, v, &n);
	alternatives(d, r, rules, v, p);
	hardcoded(d, r, v, p, &n);
	checklist(d);
	effort(d, &n);
	if (d->format == DOC_HTML)
		sunset_html_page_end(d->o);
	free(title);
	return 0;
}

int sunset_plan_markdown(sunset_buf *out, const sunset_scan_result *r,
			 const sunset_ruleset *rules,
			 const sunset_scores *scores, const char *vendor_id,
			 const char *product_id)
{
	doc d = {out, DOC_MARKDOWN, NULL, 0};

	return render(&d, r, rules, scores, vendor_id, product_id);
}

int sunset_plan_html(sunset_buf *out, const sunset_scan_result *r,
		     const sunset_ruleset *rules, const sunset_scores *scores,
		     const char *vendor_id, const char *product_id)
{
	doc d = {out, DOC_HTML, NULL, 0};

	return render(&d, r, rules, scores, vendor_id, product_id);
}
