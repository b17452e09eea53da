/* sarif.c - findings as SARIF 2.1.0, for GitHub code scanning and other
 * SARIF viewers */
#include "sarif.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "json.h"
#include "version.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

void sunset_sarif_uri_escape(sunset_buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;
	     p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			sunset_buf_put(out, (const char *)p, 1);
		} else {
			char esc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			sunset_buf_put(out, esc, 3);
		}
	}
}

/* critical/high: error, medium: warning, low/info: note */
static const char *level(sunset_severity s)
{
	if (s >= SUNSET_SEV_HIGH)
		return "error";
	return s == SUNSET_SEV_MEDIUM ? "warning" : "note";
}

static void text_obj(sunset_buf *o, const char *name, const char *text)
{
	sunset_buf_printf(o, "\"%s\":{\"text\":", name);
	sunset_json_string(o, text);
	sunset_buf_puts(o, "}");
}

static void prop(sunset_buf *o, const char *name, const char *value)
{
	if (!value)
		return;
	sunset_buf_printf(o, ",\"%s\":", name);
	sunset_json_string(o, value);
}

static int included(const sunset_finding *f, int all)
{
	return all || sunset_capability_is_media(f->rule->product->capability);
}

static int rule_cmp(const void *a, const void *b)
{
	const sunset_rule *x = *(const sunset_rule *const *)a;
	const sunset_rule *y = *(const sunset_rule *const *)b;
	return strcmp(x->id, y->id);
}

/* The rules the included findings of `r` reference, each once, sorted by
 * id; caller frees the array (the rules are borrowed). */
static const sunset_rule **run_rules(size_t *count, const sunset_repo_result *r,
				     int all)
{
	const sunset_rule **rules =
		sunset_calloc(r->findings.count + 1, sizeof(*rules));
	size_t n = 0;

	for (size_t k = 0; k < r->findings.count; k++) {
		const sunset_finding *f = &r->findings.items[k];
		size_t i;
		if (!included(f, all))
			continue;
		for (i = 0; i < n && rules[i] != f->rule; i++)
			;
		if (i == n)
			rules[n++] = f->rule;
	}
	qsort(rules, n, sizeof(*rules), rule_cmp);
	*count = n;
	return rules;
}

static size_t rule_index(const sunset_rule **rules, size_t n,
			 const sunset_rule *rule)
{
	for (size_t i = 0; i < n; i++)
		if (rules[i] == rule)
			return i;
	return 0; /* not reached: every included finding's rule is listed */
}

static void render_rule(sunset_buf *o, const sunset_rule *rule)
{
	const sunset_product *p = rule->product;

	sunset_buf_puts(o, "{\"id\":");
	sunset_json_string(o, rule->id);
	sunset_buf_puts(o, ",\"name\":");
	sunset_json_string(o, rule->id);
	sunset_buf_puts(o, ",");
	text_obj(o, "shortDescription", rule->message);
	if (rule->remediation) {
		sunset_buf_puts(o, ",");
		text_obj(o, "fullDescription", rule->remediation);
		sunset_buf_puts(o, ",");
		text_obj(o, "help", rule->remediation);
	}
	if (rule->references.count)
		prop(o, "helpUri", rule->references.items[0]);
	sunset_buf_printf(o, ",\"defaultConfiguration\":{\"level\":\"%s\"}",
			  level(rule->severity));
	sunset_buf_puts(o, ",\"properties\":{\"vendor\":");
	sunset_json_string(o, rule->vendor->id);
	prop(o, "product", p->id);
	prop(o, "productName", p->name);
	prop(o, "capability", p->capability);
	prop(o, "lifecycle", sunset_lifecycle_name(p->lifecycle));
	prop(o, "shutdown", p->shutdown);
	prop(o, "kind", sunset_kind_name(rule->kind));
	prop(o, "severity", sunset_severity_name(rule->severity));
	sunset_buf_puts(o, ",\"tags\":[\"sunset\",");
	sunset_json_string(o, rule->vendor->id);
	sunset_buf_puts(o, ",");
	sunset_json_string(o, p->capability);
	sunset_buf_puts(o, ",");
	sunset_json_string(o, sunset_lifecycle_name(p->lifecycle));
	sunset_buf_printf(o, ",\"%s\"]}}", sunset_kind_name(rule->kind));
}

/* A byte column (1-based) of `line` as a column in code points, which
 * the run declares with columnKind; unchanged when `line` is not known
 * or shorter than the column. */
static unsigned cp_column(const char *line, unsigned col)
{
	const unsigned char *p = (const unsigned char *)line;
	size_t n, bytes = col - 1;
	unsigned cps = 1;

	if (!line || col == 0 || bytes > (n = strlen(line)))
		return col;
	while (bytes) {
		size_t l = sunset_utf8_len(p, n);
		if (l == 0 || l > bytes)
			l = 1; /* a stray byte counts as one (U+FFFD) */
		p += l;
		n -= l;
		bytes -= l;
		cps++;
	}
	return cps;
}

/* The score of `vendor` in repository `repo`, or NULL when it was not
 * scored there (no media finding left unsuppressed, or no scores). */
static const sunset_score_entry *vendor_score(const sunset_scores *scores,
					      size_t repo,
					      const sunset_vendor *vendor)
{
	for (size_t i = 0; scores && i < scores->count; i++) {
		const sunset_score_entry *e = &scores->items[i];
		if (e->repo == repo && e->scope == SUNSET_SCOPE_VENDOR &&
		    e->vendor == vendor)
			return e;
	}
	return NULL;
}

static void render_result(sunset_buf *o, const sunset_finding *f, size_t index,
			  const sunset_score_entry *score)
{
	const sunset_rule *rule = f->rule;
	const sunset_product *p = rule->product;
	char *text;

	sunset_buf_puts(o, "{\"ruleId\":");
	sunset_json_string(o, rule->id);
	sunset_buf_printf(o, ",\"ruleIndex\":%zu,\"level\":\"%s\",", index,
			  level(rule->severity));
	text = sunset_asprintf(
		"%s [%s/%s, %s, %s%s%s]", rule->message, rule->vendor->id,
		p->id, p->capability, sunset_lifecycle_name(p->lifecycle),
		p->shutdown ? " " : "", p->shutdown ? p->shutdown : "");
	text_obj(o, "message", text);
	free(text);

	sunset_buf_puts(o, ",\"locations\":[{\"physicalLocation\":{"
			   "\"artifactLocation\":{\"uri\":\"");
	sunset_sarif_uri_escape(o, f->path);
	sunset_buf_puts(o, "\",\"uriBaseId\":\"%SRCROOT%\"}");
	if (f->line > 0) {
		unsigned col = f->col ? f->col : 1;
		sunset_buf_printf(o,
				  ",\"region\":{\"startLine\":%u,"
				  "\"startColumn\":%u",
				  f->line, cp_column(f->snippet, col));
		if (f->end_line >= f->line && f->end_col > 0 &&
		    (f->end_line > f->line || f->end_col > col))
			sunset_buf_printf(
				o, ",\"endLine\":%u,\"endColumn\":%u",
				f->end_line,
				f->end_line == f->line
					? cp_column(f->snippet, f->end_col)
					: f->end_col);
		if (f->snippet) {
			sunset_buf_puts(o, ",");
			text_obj(o, "snippet", f->snippet);
		}
		sunset_buf_puts(o, "}");
	}
	sunset_buf_puts(o, "}}]");

	sunset_buf_puts(o, ",\"partialFingerprints\":{\"sunset/v1\":");
	sunset_json_string(o, f->fingerprint);
	sunset_buf_puts(o, "}");

	if (f->suppressed) {
		int inline_ =
			f->suppress_by && !strcmp(f->suppress_by, "inline");
		sunset_buf_printf(o,
				  ",\"suppressions\":[{\"kind\":\"%s\","
				  "\"status\":\"accepted\"",
				  inline_ ? "inSource" : "external");
		prop(o, "justification", f->suppress_reason);
		sunset_buf_puts(o, ",\"properties\":{\"suppressedBy\":");
		sunset_json_string(o, f->suppress_by);
		sunset_buf_puts(o, "}}]");
	}

	sunset_buf_puts(o, ",\"properties\":{\"matched\":");
	sunset_json_string(o, f->matched);
	prop(o, "detail", f->detail);
	prop(o, "suppressionExpired", f->expired);
	if (f->dep_name) {
		prop(o, "ecosystem", f->dep_ecosystem);
		prop(o, "package", f->dep_name);
		prop(o, "declared", f->dep_constraint);
		prop(o, "resolved", f->dep_resolved);
		prop(o, "lockfile", f->dep_lockfile);
	}
	if (score)
		sunset_buf_printf(o, ",\"sunset/vendorScore\":%d",
				  score->score);
	sunset_buf_puts(o, "}}");
}

/* The run's "sunset/scores" property: the entries of repository `repo`,
 * or nothing when it has none (not scanned, or no scores). */
static void render_scores(sunset_buf *o, const sunset_scores *scores,
			  size_t repo)
{
	size_t n = 0;

	for (size_t i = 0; scores && i < scores->count; i++) {
		const sunset_score_entry *e = &scores->items[i];
		if (e->repo != repo)
			continue;
		sunset_buf_puts(o, n++ ? ",\n{" : ",\n\"sunset/scores\":[\n{");
		sunset_json_score_members(o, e);
		sunset_buf_puts(o, "}");
	}
	if (n)
		sunset_buf_puts(o, "]");
}

/* The URL schemes git fetches over that a SARIF viewer can name. */
static int known_scheme(const char *url, size_t n)
{
	static const char *const schemes[] = {
		"https", "http", "ssh", "git", "file", "git+ssh", "ssh+git"};

	for (size_t i = 0; i < sizeof(schemes) / sizeof(*schemes); i++)
		if (strlen(schemes[i]) == n && !strncasecmp(url, schemes[i], n))
			return 1;
	return 0;
}

/* scp-like "[user@]host:path", as git reads it; the host needs a user
 * or a dot (github.com, 10.0.0.1) or to be localhost, so that
 * "javascript:alert(1)" is no host "javascript". */
static int scp_like(const char *url, const char *colon)
{
	const char *at = memchr(url, '@', (size_t)(colon - url));
	const char *host = at ? at + 1 : url;
	int dot = 0;

	if (host == colon || colon[1] == '\0' || colon[1] == ':')
		return 0;
	for (const char *p = url; p < colon; p++)
		if (!isalnum((unsigned char)*p) && !strchr("-._@", *p))
			return 0;
	for (const char *p = host; p < colon; p++)
		if (*p == '@')
			return 0;
		else if (*p == '.')
			dot = 1;
	return at || dot ||
	       ((size_t)(colon - host) == 9 && !strncmp(host, "localhost", 9));
}

char *sunset_sarif_remote_uri(const char *url)
{
	const char *colon, *slash, *sep;
	sunset_buf b = SUNSET_BUF_INIT;

	if (!url || !*url)
		return NULL;
	if (url[0] == '/') {
		sunset_buf_puts(&b, "file://");
		sunset_sarif_uri_escape(&b, url);
		return sunset_buf_detach(&b);
	}
	for (const char *p = url; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7F)
			return NULL; /* no URI holds blanks or controls */
	if ((sep = strstr(url, "://")))
		return known_scheme(url, (size_t)(sep - url))
			       ? sunset_strdup(url)
			       : NULL;
	colon = strchr(url, ':');
	slash = strchr(url, '/');
	if (!colon || (slash && slash < colon) || !scp_like(url, colon))
		return NULL;
	sunset_buf_puts(&b, "ssh://");
	sunset_buf_put(&b, url, (size_t)(colon - url));
	if (colon[1] != '/')
		sunset_buf_puts(&b, "/");
	sunset_buf_puts(&b, colon + 1);
	return sunset_buf_detach(&b);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s && s[1] ? s + 1 : path;
}

static void render_run(sunset_buf *o, const sunset_scan_result *result,
		       const sunset_repo_result *r, size_t index, size_t nrepos,
		       const sunset_scores *scores, int all)
{
	size_t nrules, first = 1;
	const sunset_rule **rules = run_rules(&nrules, r, all);
	char *uri = sunset_sarif_remote_uri(r->info.remote_url);

	sunset_buf_puts(o, "{\"tool\":{\"driver\":{\"name\":\"sunset\","
			   "\"version\":\"" SUNSET_VERSION "\","
			   "\"semanticVersion\":\"" SUNSET_VERSION "\","
			   "\"rules\":[");
	for (size_t i = 0; i < nrules; i++) {
		sunset_buf_puts(o, i ? ",\n" : "\n");
		render_rule(o, rules[i]);
	}
	sunset_buf_puts(o, "]}},\n\"invocations\":[{\"executionSuccessful\":");
	sunset_buf_puts(o, r->error ? "false" : "true");
	{
		/* the run's warnings (and the scan's), then its error */
		const char *sep = ",\"toolExecutionNotifications\":[";
		for (size_t i = 0; result && i < result->nwarning_list; i++) {
			const sunset_scan_warning *w = &result->warning_list[i];
			if (w->repo != index && w->repo != SUNSET_NO_REPO)
				continue;
			sunset_buf_printf(o, "%s{\"level\":\"warning\",", sep);
			text_obj(o, "message", w->message);
			sunset_buf_puts(o, "}");
			sep = ",";
		}
		if (r->error) {
			sunset_buf_printf(o, "%s{\"level\":\"error\",", sep);
			text_obj(o, "message", r->error);
			sunset_buf_puts(o, "}");
			sep = ",";
		}
		if (*sep == ',' && sep[1] == 0)
			sunset_buf_puts(o, "]");
	}
	sunset_buf_puts(o, "}]");
	if (uri) {
		sunset_buf_puts(o, ",\n\"versionControlProvenance\":[{"
				   "\"repositoryUri\":");
		sunset_json_string(o, uri);
		prop(o, "revisionId", r->info.commit);
		sunset_buf_puts(o, "}]");
	}
	/* GitHub code scanning wants one category per run in a file */
	if (nrepos > 1) {
		char *id = sunset_asprintf("sunset/%zu-%s/", index + 1,
					   base_name(r->info.path));
		sunset_buf_puts(o, ",\n\"automationDetails\":{\"id\":");
		sunset_json_string(o, id);
		sunset_buf_puts(o, "}");
		free(id);
	}
	sunset_buf_puts(o, ",\n\"columnKind\":\"unicodeCodePoints\","
			   "\n\"properties\":{\"repository\":");
	sunset_json_string(o, r->info.path);
	prop(o, "revision", r->info.rev);
	prop(o, "commit", r->info.commit);
	render_scores(o, scores, index);
	sunset_buf_puts(o, "},\n\"results\":[");
	for (size_t k = 0; k < r->findings.count; k++) {
		const sunset_finding *f = &r->findings.items[k];
		if (!included(f, all))
			continue;
		sunset_buf_puts(o, first ? "\n" : ",\n");
		first = 0;
		render_result(o, f, rule_index(rules, nrules, f->rule),
			      vendor_score(scores, index, f->rule->vendor));
	}
	sunset_buf_puts(o, "]}");
	free(uri);
	free((void *)rules);
}

void sunset_sarif_render(sunset_buf *o, const sunset_scan_result *result,
			 const sunset_scores *scores, int all_capabilities)
{
	sunset_buf_puts(o, "{\"$schema\":\"" SARIF_SCHEMA "\","
			   "\"version\":\"2.1.0\",\"runs\":[");
	for (size_t i = 0; i < result->nrepos; i++) {
		sunset_buf_puts(o, i ? ",\n" : "\n");
		render_run(o, result, &result->repos[i], i, result->nrepos,
			   scores, all_capabilities);
	}
	sunset_buf_puts(o, "]}\n");
}

int sunset_sarif_write(const char *path, const sunset_scan_result *result,
		       const sunset_scores *scores, int all_capabilities)
{
	sunset_buf o = SUNSET_BUF_INIT;
	int error = 0;

	sunset_sarif_render(&o, result, scores, all_capabilities);
	if (!strcmp(path, "-")) {
		if (fwrite(o.ptr, 1, o.len, stdout) != o.len) {
			sunset_errorf("cannot write SARIF to standard output");
			error = SUNSET_ERR;
		}
		fflush(stdout);
	} else {
		error = sunset_write_file_atomic(path, o.ptr, o.len);
	}
	sunset_buf_free(&o);
	return error;
}
