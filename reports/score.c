/* score.c - risk scores per repository, vendor and product: an additive
 * model with capped components, documented in reports/SCORING.md */
#include "score.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json.h"
#include "suppress.h"

/* The findings one entry is computed from. */
typedef struct {
	const sunset_repo_result *repo;
	const sunset_vendor *const *vendors; /* the scored vendors */
	size_t nvendors;
	const sunset_vendor *vendor;   /* NULL: every scored vendor */
	const sunset_product *product; /* NULL: every product */
} scope;

static int is_code(sunset_lang l)
{
	return l >= SUNSET_LANG_PYTHON && l <= SUNSET_LANG_RUST;
}

static int is_scored(const scope *s, const sunset_vendor *v)
{
	for (size_t i = 0; i < s->nvendors; i++)
		if (s->vendors[i] == v)
			return 1;
	return 0;
}

static int in_scope(const scope *s, const sunset_finding *f)
{
	if (f->suppressed || !is_scored(s, f->rule->vendor))
		return 0;
	if (s->vendor && f->rule->vendor != s->vendor)
		return 0;
	return !s->product || f->rule->product == s->product;
}

/* Strings kept sorted and unique. */
static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_add(sunset_strlist *l, const char *s)
{
	size_t lo = 0, hi = l->count, i;

	/* sorted: binary search for the place */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(l->items[mid], s) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	i = lo;
	if (i < l->count && !strcmp(l->items[i], s))
		return 0;
	l->items = sunset_realloc(l->items, (l->count + 1) * sizeof(char *));
	memmove(l->items + i + 1, l->items + i,
		(l->count - i) * sizeof(char *));
	l->items[i] = sunset_strdup(s);
	l->count++;
	return 1;
}

static void list_clear(sunset_strlist *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->count = 0;
}

/* "src/media/" for "src/media/x.py"; "./" for a file at the root. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? sunset_strndup(path, (size_t)(slash - path) + 1)
		     : sunset_strdup("./");
}

static int min_int(int a, int b)
{
	return a < b ? a : b;
}

/* Lifecycle points of one product; `days` is set when it has a shutdown
 * date. */
static int lifecycle_points(const sunset_product *p, const char *today,
			    int *has_days, long *days)
{
	static const int base[] = {0, 10, 25, 40};
	int points = base[p->lifecycle];
	time_t now, end;

	*has_days = 0;
	if (sunset_parse_day(p->shutdown, &end) < 0 ||
	    sunset_parse_day(today, &now) < 0)
		return points;
	*has_days = 1;
	*days = (long)((end - now) / 86400);
	if (*days <= 0)
		return SUNSET_SCORE_LIFECYCLE_MAX;
	if (*days <= 90)
		points += 10;
	else if (*days <= 365)
		points += 5;
	return min_int(points, SUNSET_SCORE_LIFECYCLE_MAX);
}

/* One module or scattered, from the sorted files with direct use. */
static void adapter_verdict(sunset_score_entry *e)
{
	sunset_strlist dirs = {NULL, 0};
	size_t best = 0;

	e->verdict = SUNSET_ADAPTER_NONE;
	if (e->coupled.count == 0)
		return;
	if (e->coupled.count == 1) {
		e->verdict = SUNSET_ADAPTER_ONE;
		e->module = sunset_strdup(e->coupled.items[0]);
		return;
	}
	for (size_t i = 0; i < e->coupled.count; i++) {
		char *d = dir_of(e->coupled.items[i]);
		list_add(&dirs, d);
		free(d);
	}
	/* the directory holding most of them (the first on a tie) */
	{
		size_t *n = sunset_calloc(dirs.count, sizeof(size_t));
		for (size_t k = 0; k < e->coupled.count; k++) {
			char *d = dir_of(e->coupled.items[k]);
			char **at = bsearch(&d, dirs.items, dirs.count,
					    sizeof(char *), str_cmp);
			if (at)
				n[at - dirs.items]++;
			free(d);
		}
		for (size_t i = 0; i < dirs.count; i++)
			if (n[i] > best) {
				best = n[i];
				free(e->module);
				e->module = sunset_strdup(dirs.items[i]);
			}
		free(n);
	}
	/* the root directory is not a module: it is the whole program */
	if (dirs.count == 1 && strcmp(e->module, "./")) {
		e->verdict = SUNSET_ADAPTER_ONE;
	} else {
		e->verdict = SUNSET_ADAPTER_SCATTERED;
		for (size_t k = 0; k < e->coupled.count; k++) {
			char *d = dir_of(e->coupled.items[k]);
			if (best < 2 || dirs.count == 1 || strcmp(d, e->module))
				list_add(&e->breaking, e->coupled.items[k]);
			free(d);
		}
		if (best < 2 || dirs.count == 1) {
			free(e->module);
			e->module = NULL;
		}
	}
	list_clear(&dirs);
}

/* Files with direct imports, calls and endpoints in code. */
static void coupled_files(sunset_strlist *out, const scope *s)
{
	for (size_t i = 0; i < s->repo->findings.count; i++) {
		const sunset_finding *f = &s->repo->findings.items[i];
		sunset_kind k = f->rule->kind;
		if (!in_scope(s, f) || !is_code(f->lang))
			continue;
		if (k == SUNSET_KIND_IMPORT || k == SUNSET_KIND_CALL ||
		    k == SUNSET_KIND_ENDPOINT)
			list_add(out, f->path);
	}
}

static int vendor_scattered(const scope *s, const sunset_vendor *v)
{
	scope vs = *s;
	sunset_score_entry e;
	int scattered;

	memset(&e, 0, sizeof(e));
	vs.vendor = v;
	vs.product = NULL;
	coupled_files(&e.coupled, &vs);
	adapter_verdict(&e);
	scattered = e.verdict == SUNSET_ADAPTER_SCATTERED;
	list_clear(&e.coupled);
	list_clear(&e.breaking);
	free(e.module);
	return scattered;
}

/* Does a vendor other than `self` (any other, when NULL: a second one)
 * serve `capability` in the repository? Returns it, or NULL. */
static const sunset_vendor *
other_vendor(const scope *s, const sunset_vendor *self, const char *capability)
{
	const sunset_vendor *first = NULL;

	for (size_t i = 0; i < s->repo->findings.count; i++) {
		const sunset_finding *f = &s->repo->findings.items[i];
		const sunset_vendor *v = f->rule->vendor;
		if (f->suppressed || !is_scored(s, v) ||
		    strcmp(f->rule->product->capability, capability))
			continue;
		if (self ? v != self : (first && v != first))
			return v;
		if (!first)
			first = v;
	}
	return NULL;
}

static void compute(sunset_score_entry *e, const scope *s, const char *today)
{
	const sunset_repo_result *repo = s->repo;
	/* adapter, credentials and shadow belong to the vendor, not to one
	 * of its products */
	scope vs = *s;
	sunset_strlist dirs = {NULL, 0}, names = {NULL, 0}, cfiles = {NULL, 0},
		       caps = {NULL, 0};

	vs.product = NULL;
	for (size_t i = 0; i < repo->findings.count; i++) {
		const sunset_finding *f = &repo->findings.items[i];
		const sunset_product *p = f->rule->product;
		sunset_kind k = f->rule->kind;
		if (in_scope(s, f)) {
			int has_days = 0;
			long days = 0;
			int pts = lifecycle_points(p, today, &has_days, &days);
			if (!e->worst || pts > e->points.lifecycle) {
				e->worst = p;
				e->points.lifecycle = pts;
				e->has_days = has_days;
				e->days = days;
			}
			if (k == SUNSET_KIND_MODEL ||
			    k == SUNSET_KIND_ENDPOINT) {
				if (is_code(f->lang))
					e->hardcoded++;
				else
					e->in_config++;
			}
			if (sunset_capability_is_media(p->capability))
				list_add(&caps, p->capability);
		}
		if (in_scope(&vs, f) && k == SUNSET_KIND_CREDENTIAL) {
			list_add(&names, f->matched ? f->matched : "");
			list_add(&cfiles, f->path);
		}
	}

	coupled_files(&e->coupled, s);
	for (size_t i = 0; i < e->coupled.count; i++) {
		char *d = dir_of(e->coupled.items[i]);
		list_add(&dirs, d);
		free(d);
	}
	e->files = e->coupled.count;
	e->dirs = dirs.count;
	e->points.spread =
		min_int((int)(2 * e->files + e->dirs), SUNSET_SCORE_SPREAD_MAX);

	if (s->vendor) {
		/* a product is judged by its vendor's SDK use */
		sunset_strlist own = e->coupled;
		e->coupled.items = NULL;
		e->coupled.count = 0;
		coupled_files(&e->coupled, &vs);
		adapter_verdict(e);
		if (s->product) {
			list_clear(&e->coupled);
			e->coupled = own;
		} else {
			list_clear(&own);
		}
		e->points.adapter = e->verdict == SUNSET_ADAPTER_SCATTERED
					    ? SUNSET_SCORE_ADAPTER_MAX
					    : 0;
	} else {
		for (size_t i = 0; i < s->nvendors; i++)
			if (vendor_scattered(s, s->vendors[i]))
				e->points.adapter = SUNSET_SCORE_ADAPTER_MAX;
	}

	e->points.hardcoded =
		min_int((int)(3 * e->hardcoded), SUNSET_SCORE_HARDCODED_MAX);
	e->cred_names = names.count;
	e->cred_files = cfiles.count;
	if (names.count)
		e->points.credentials =
			min_int((int)(2 * names.count + 2 * (cfiles.count - 1)),
				SUNSET_SCORE_CREDENTIALS_MAX);

	for (size_t i = 0; i < caps.count; i++) {
		const sunset_vendor *o =
			other_vendor(s, s->vendor, caps.items[i]);
		if (o && !e->fallback)
			e->fallback = o;
		if (!o && !e->lone_capability)
			e->lone_capability = sunset_strdup(caps.items[i]);
		e->lone += !o;
	}
	e->capabilities = caps.count;
	if (caps.count)
		e->points.no_fallback = (int)(SUNSET_SCORE_NO_FALLBACK_MAX *
					      e->lone / caps.count);

	for (size_t i = 0; i < repo->nnotes; i++) {
		const sunset_dep_note *n = &repo->notes[i];
		if (n->shadow && is_scored(s, n->vendor) &&
		    (!s->vendor || n->vendor == s->vendor))
			e->shadows++;
	}
	if (e->shadows)
		e->points.shadow = SUNSET_SCORE_SHADOW_MAX;

	e->score = e->points.lifecycle + e->points.spread + e->points.adapter +
		   e->points.hardcoded + e->points.credentials +
		   e->points.no_fallback + e->points.shadow;
	list_clear(&dirs);
	list_clear(&names);
	list_clear(&cfiles);
	list_clear(&caps);
}

static sunset_score_entry *push(sunset_scores *out)
{
	if (out->count == out->cap) {
		out->cap = out->cap ? 2 * out->cap : 16;
		out->items = sunset_realloc(out->items,
					    out->cap * sizeof(*out->items));
	}
	memset(&out->items[out->count], 0, sizeof(out->items[0]));
	return &out->items[out->count++];
}

static int by_id(const void *a, const void *b)
{
	const sunset_vendor *x = *(const sunset_vendor *const *)a;
	const sunset_vendor *y = *(const sunset_vendor *const *)b;
	return strcmp(x->id, y->id);
}

static void score_repo(sunset_scores *out, const sunset_scan_result *r,
		       size_t index)
{
	const sunset_repo_result *repo = &r->repos[index];
	const sunset_vendor **vendors = NULL;
	size_t nv = 0;
	scope s;
	sunset_score_entry *e;

	/* vendors with a finding of a media capability, by id */
	for (size_t i = 0; i < repo->findings.count; i++) {
		const sunset_finding *f = &repo->findings.items[i];
		const sunset_vendor *v = f->rule->vendor;
		size_t k = 0;
		if (f->suppressed ||
		    !sunset_capability_is_media(f->rule->product->capability))
			continue;
		while (k < nv && vendors[k] != v)
			k++;
		if (k < nv)
			continue;
		vendors = sunset_realloc(vendors, (nv + 1) * sizeof(*vendors));
		vendors[nv++] = v;
	}
	if (nv > 1)
		qsort(vendors, nv, sizeof(*vendors), by_id);

	memset(&s, 0, sizeof(s));
	s.repo = repo;
	s.vendors = vendors;
	s.nvendors = nv;
	e = push(out);
	e->scope = SUNSET_SCOPE_REPOSITORY;
	e->repo = index;
	compute(e, &s, out->today);

	for (size_t i = 0; i < nv; i++) {
		const sunset_vendor *v = vendors[i];
		s.vendor = v;
		s.product = NULL;
		e = push(out);
		e->scope = SUNSET_SCOPE_VENDOR;
		e->repo = index;
		e->vendor = v;
		compute(e, &s, out->today);
		/* its products in rule pack order */
		for (size_t p = 0; p < v->nproducts; p++) {
			int used = 0;
			for (size_t k = 0; k < repo->findings.count && !used;
			     k++) {
				const sunset_finding *f =
					&repo->findings.items[k];
				used = !f->suppressed &&
				       f->rule->product == &v->products[p];
			}
			if (!used)
				continue;
			s.product = &v->products[p];
			e = push(out);
			e->scope = SUNSET_SCOPE_PRODUCT;
			e->repo = index;
			e->vendor = v;
			e->product = s.product;
			compute(e, &s, out->today);
		}
	}
	free(vendors);
}

int sunset_score(sunset_scores *out, const sunset_scan_result *r,
		 const sunset_ruleset *rules)
{
	/* the findings point into the ruleset; it is not read directly */
	(void)rules;
	memset(out, 0, sizeof(*out));
	if (r->today[0])
		memcpy(out->today, r->today, sizeof(out->today));
	else
		sunset_today(out->today);
	for (size_t i = 0; i < r->nrepos; i++)
		if (!r->repos[i].error)
			score_repo(out, r, i);
	return 0;
}

void sunset_scores_clear(sunset_scores *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->count; i++) {
		sunset_score_entry *e = &s->items[i];
		free(e->module);
		free(e->lone_capability);
		list_clear(&e->coupled);
		list_clear(&e->breaking);
	}
	free(s->items);
	memset(s, 0, sizeof(*s));
}

static const char *verdict_name(sunset_adapter_verdict v)
{
	switch (v) {
	case SUNSET_ADAPTER_ONE:
		return "adapter";
	case SUNSET_ADAPTER_SCATTERED:
		return "scattered";
	default:
		return "none";
	}
}

static void json_list(sunset_buf *out, const sunset_strlist *l)
{
	sunset_buf_puts(out, "[");
	for (size_t i = 0; i < l->count; i++) {
		if (i)
			sunset_buf_puts(out, ",");
		sunset_json_string(out, l->items[i]);
	}
	sunset_buf_puts(out, "]");
}

static void json_opt(sunset_buf *out, const char *key, const char *value)
{
	sunset_buf_printf(out, ",\"%s\":", key);
	if (value)
		sunset_json_string(out, value);
	else
		sunset_buf_puts(out, "null");
}

void sunset_score_json(sunset_buf *out, const sunset_score_entry *s)
{
	const sunset_score_points *p = &s->points;

	sunset_buf_printf(out,
			  "{\"lifecycle\":%d,\"spread\":%d,\"adapter\":%d,"
			  "\"hardcoded\":%d,\"credentials\":%d,"
			  "\"no_fallback\":%d,\"shadow\":%d",
			  p->lifecycle, p->spread, p->adapter, p->hardcoded,
			  p->credentials, p->no_fallback, p->shadow);
	if (s->worst) {
		char *wp = sunset_asprintf("%s/%s", s->worst->vendor->id,
					   s->worst->id);
		json_opt(out, "worst_product", wp);
		free(wp);
		json_opt(out, "worst_lifecycle",
			 sunset_lifecycle_name(s->worst->lifecycle));
		json_opt(out, "shutdown", s->worst->shutdown);
	} else {
		json_opt(out, "worst_product", NULL);
	}
	if (s->has_days)
		sunset_buf_printf(out, ",\"days_to_shutdown\":%ld", s->days);
	else
		sunset_buf_puts(out, ",\"days_to_shutdown\":null");
	sunset_buf_printf(out,
			  ",\"files\":%zu,\"directories\":%zu,"
			  "\"hardcoded_in_code\":%zu,\"in_config\":%zu,"
			  "\"credential_names\":%zu,\"credential_files\":%zu,"
			  "\"shadow_dependencies\":%zu",
			  s->files, s->dirs, s->hardcoded, s->in_config,
			  s->cred_names, s->cred_files, s->shadows);
	json_opt(out, "fallback", s->fallback ? s->fallback->id : NULL);
	sunset_buf_printf(out, ",\"capabilities\":%zu,\"without_fallback\":%zu",
			  s->capabilities, s->lone);
	json_opt(out, "no_fallback_for", s->lone_capability);
	if (s->scope != SUNSET_SCOPE_REPOSITORY) {
		json_opt(out, "adapter_verdict", verdict_name(s->verdict));
		json_opt(out, "adapter_module", s->module);
		sunset_buf_puts(out, ",\"coupled_files\":");
		json_list(out, &s->coupled);
		sunset_buf_puts(out, ",\"breaking_files\":");
		json_list(out, &s->breaking);
	}
	sunset_buf_puts(out, "}");
}

static void print_points(FILE *out, const sunset_score_entry *s)
{
	const sunset_score_points *p = &s->points;
	fprintf(out,
		"%d/100 (lifecycle %d, spread %d, adapter %d, hard-coded %d, "
		"credentials %d, no fallback %d, shadow %d)",
		s->score, p->lifecycle, p->spread, p->adapter, p->hardcoded,
		p->credentials, p->no_fallback, p->shadow);
}

static void print_files(FILE *out, const sunset_strlist *l)
{
	for (size_t i = 0; i < l->count; i++)
		sunset_termf(out, "%s%s", i ? ", " : "", l->items[i]);
}

void sunset_scores_print(FILE *out, const sunset_scores *s,
			 const sunset_scan_result *r)
{
	for (size_t i = 0; i < s->count; i++) {
		const sunset_score_entry *e = &s->items[i];
		switch (e->scope) {
		case SUNSET_SCOPE_REPOSITORY:
			sunset_termf(out, "risk: %s ",
				     r->repos[e->repo].info.path);
			print_points(out, e);
			fputs("\n", out);
			break;
		case SUNSET_SCOPE_VENDOR:
			sunset_termf(out, "  %s ", e->vendor->id);
			print_points(out, e);
			if (e->verdict == SUNSET_ADAPTER_ONE) {
				sunset_termf(out, ": behind an adapter (%s)",
					     e->module);
			} else if (e->verdict == SUNSET_ADAPTER_SCATTERED) {
				fprintf(out, ": scattered across %zu files: ",
					e->coupled.count);
				print_files(out, &e->coupled);
				if (e->module) {
					sunset_termf(out, " (outside %s: ",
						     e->module);
					print_files(out, &e->breaking);
					fputs(")", out);
				}
			}
			fputs("\n", out);
			break;
		case SUNSET_SCOPE_PRODUCT:
			sunset_termf(out, "    %s/%s ", e->vendor->id,
				     e->product->id);
			print_points(out, e);
			sunset_termf(
				out, ": %s",
				sunset_lifecycle_name(e->product->lifecycle));
			if (e->has_days)
				sunset_termf(out, ", shutdown %s (%ld days %s)",
					     e->product->shutdown,
					     e->days < 0 ? -e->days : e->days,
					     e->days < 0 ? "ago" : "left");
			fputs("\n", out);
			break;
		}
	}
}

/* ---- the short terminal summary ---- */

static int by_score(const void *a, const void *b)
{
	const sunset_score_entry *x = *(const sunset_score_entry *const *)a;
	const sunset_score_entry *y = *(const sunset_score_entry *const *)b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	if (x->scope != y->scope)
		return x->scope < y->scope ? -1 : 1;
	if (x->repo != y->repo)
		return x->repo < y->repo ? -1 : 1;
	return strcmp(x->vendor ? x->vendor->id : "",
		      y->vendor ? y->vendor->id : "");
}

typedef struct {
	const void *key; /* a vendor or a product */
	size_t findings, repos;
	size_t last_repo; /* +1; 0: none yet */
} tally;

static tally *tally_add(tally **list, size_t *n, const void *key, size_t repo)
{
	size_t i;

	for (i = 0; i < *n && (*list)[i].key != key; i++)
		;
	if (i == *n) {
		*list = sunset_realloc(*list, (*n + 1) * sizeof(**list));
		memset(&(*list)[i], 0, sizeof(**list));
		(*list)[i].key = key;
		(*n)++;
	}
	(*list)[i].findings++;
	if ((*list)[i].last_repo != repo + 1) {
		(*list)[i].repos++;
		(*list)[i].last_repo = repo + 1;
	}
	return &(*list)[i];
}

static int by_findings(const void *a, const void *b)
{
	const tally *x = a, *y = b;
	if (x->findings != y->findings)
		return x->findings < y->findings ? 1 : -1;
	return 0;
}

/* Days from `today` to `date` (both YYYY-MM-DD). */
static long days_until(const char *today, const char *date)
{
	time_t a, b;
	if (sunset_parse_day(today, &a) < 0 || sunset_parse_day(date, &b) < 0)
		return 0;
	return (long)((b - a) / 86400);
}

void sunset_scores_summary(FILE *out, const sunset_scores *s,
			   const sunset_scan_result *r, int all)
{
	tally *vendors = NULL, *products = NULL;
	size_t nv = 0, np = 0, top = 0;
	const sunset_score_entry **order;

	for (size_t i = 0; i < r->nrepos; i++)
		for (size_t k = 0; k < r->repos[i].findings.count; k++) {
			const sunset_finding *f =
				&r->repos[i].findings.items[k];
			const sunset_product *p = f->rule->product;
			if (f->suppressed ||
			    (!all &&
			     !sunset_capability_is_media(p->capability)))
				continue;
			tally_add(&vendors, &nv, f->rule->vendor, i);
			if (p->lifecycle == SUNSET_LIFE_DISCONTINUED ||
			    (p->shutdown &&
			     days_until(s->today, p->shutdown) <= 180))
				tally_add(&products, &np, p, i);
		}
	/* stable sorts keep first-seen order among equals */
	for (size_t i = 1; i < nv; i++)
		for (size_t j = i;
		     j > 0 && by_findings(&vendors[j - 1], &vendors[j]) > 0;
		     j--) {
			tally t = vendors[j];
			vendors[j] = vendors[j - 1];
			vendors[j - 1] = t;
		}
	fputs("vendors:", out);
	if (!nv)
		fputs(" none found", out);
	for (size_t i = 0; i < nv; i++) {
		const sunset_vendor *v = vendors[i].key;
		sunset_termf(out, "%s %s (%zu finding%s", i ? "," : "", v->id,
			     vendors[i].findings,
			     vendors[i].findings == 1 ? "" : "s");
		if (r->nrepos > 1)
			fprintf(out, " in %zu repositor%s", vendors[i].repos,
				vendors[i].repos == 1 ? "y" : "ies");
		fputs(")", out);
	}
	fputs("\n", out);
	for (size_t i = 0; i < np; i++) {
		const sunset_product *p = products[i].key;
		sunset_termf(out, "%s %s/%s %s",
			     i ? "         " : "shutdown:", p->vendor->id,
			     p->id, sunset_lifecycle_name(p->lifecycle));
		if (p->shutdown) {
			long d = days_until(s->today, p->shutdown);
			sunset_termf(out, ", shutdown %s (%ld days %s)",
				     p->shutdown, d < 0 ? -d : d,
				     d < 0 ? "ago" : "left");
		}
		fprintf(out, ": %zu finding%s\n", products[i].findings,
			products[i].findings == 1 ? "" : "s");
	}
	order = sunset_calloc(s->count ? s->count : 1, sizeof(*order));
	for (size_t i = 0; i < s->count; i++)
		if (s->items[i].scope != SUNSET_SCOPE_PRODUCT &&
		    s->items[i].score > 0)
			order[top++] = &s->items[i];
	qsort(order, top, sizeof(*order), by_score);
	if (top)
		fputs("top risks:\n", out);
	for (size_t i = 0; i < top && i < 5; i++) {
		const sunset_score_entry *e = order[i];
		const char *rp = r->repos[e->repo].info.path;
		if (e->scope == SUNSET_SCOPE_REPOSITORY) {
			sunset_termf(out, "  %3d/100 %s\n", e->score, rp);
		} else {
			sunset_termf(out, "  %3d/100 %s in %s", e->score,
				     e->vendor->id, rp);
			if (e->verdict == SUNSET_ADAPTER_ONE) {
				sunset_termf(out, ": behind an adapter (%s)",
					     e->module);
			} else if (e->verdict == SUNSET_ADAPTER_SCATTERED) {
				fprintf(out, ": scattered across %zu files",
					e->coupled.count);
			}
			if (e->worst && e->points.lifecycle)
				sunset_termf(out, "; %s/%s %s", e->vendor->id,
					     e->worst->id,
					     sunset_lifecycle_name(
						     e->worst->lifecycle));
			fputs("\n", out);
		}
	}
	free(order);
	free(vendors);
	free(products);
}
