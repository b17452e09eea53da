/* html.c - the self-contained HTML report
 *
 * One file, no request to any other host: styles are inline and a
 * Content-Security-Policy forbids scripts, frames and remote loads. */
#include "html.h"

#include <stdlib.h>
#include <time.h>
#include <string.h>

#include "suppress.h"
#include "version.h"

void sunset_html_escape(sunset_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	while (n) {
		size_t l = sunset_utf8_len(p, n);
		if (l == 0 || (l == 1 && (*p < 0x20 && *p != '\t')) ||
		    (l == 1 && *p == 0x7F) ||
		    (l == 2 && p[0] == 0xC2 && p[1] < 0xA0)) {
			sunset_buf_puts(out, "\xEF\xBF\xBD"); /* U+FFFD */
			p++;
			n--;
			continue;
		}
		switch (*p) {
		case '&':
			sunset_buf_puts(out, "&amp;");
			break;
		case '<':
			sunset_buf_puts(out, "&lt;");
			break;
		case '>':
			sunset_buf_puts(out, "&gt;");
			break;
		case '"':
			sunset_buf_puts(out, "&quot;");
			break;
		case '\'':
			sunset_buf_puts(out, "&#39;");
			break;
		default:
			sunset_buf_put(out, (const char *)p, l);
		}
		p += l;
		n -= l;
	}
}

static const char style[] =
	"body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}"
	"h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em}"
	"table{border-collapse:collapse;margin:.5em 0}"
	"th,td{border:1px solid #ccc;padding:.2em .6em;text-align:left;"
	"vertical-align:top}th{background:#f3f3f3}"
	"td.num{text-align:right}code{font:12px monospace;"
	"word-break:break-all}.skip{color:#8a4b00}.warn{color:#a00}"
	".muted{color:#777}.sev-critical,.sev-high{color:#a00;font-weight:bold}"
	".sev-medium{color:#8a4b00}.supp{opacity:.6}"
	"details{margin:.5em 0}summary{cursor:pointer}";

static void row_count(sunset_buf *o, const char *label, unsigned long n)
{
	sunset_buf_puts(o, "<tr><th>");
	sunset_html_escape(o, label);
	sunset_buf_printf(o, "</th><td class=\"num\">%lu</td></tr>\n", n);
}

static void product_cell(sunset_buf *o, const sunset_product *p)
{
	sunset_html_escape(o, p->vendor->id);
	sunset_buf_puts(o, "/");
	sunset_html_escape(o, p->id);
	sunset_buf_puts(o, "<br><span class=\"muted\">");
	sunset_html_escape(o, p->capability);
	sunset_buf_puts(o, ", ");
	sunset_html_escape(o, sunset_lifecycle_name(p->lifecycle));
	if (p->shutdown) {
		sunset_buf_puts(o, " ");
		sunset_html_escape(o, p->shutdown);
	}
	sunset_buf_puts(o, "</span>");
}

/* Findings grouped by vendor, in the engine's order within each. */
static void render_findings(sunset_buf *o, const sunset_repo_result *r)
{
	const sunset_vendor *done[256];
	size_t ndone = 0;

	sunset_buf_printf(o, "<h3>Findings (%zu)</h3>\n", r->findings.count);
	if (!r->findings.count) {
		sunset_buf_puts(o, "<p>No coupling to an AI media vendor was "
				   "found.</p>\n");
		return;
	}
	for (size_t i = 0; i < r->findings.count; i++) {
		const sunset_vendor *v = r->findings.items[i].rule->vendor;
		int seen = 0;
		for (size_t k = 0; k < ndone; k++)
			seen |= done[k] == v;
		if (seen || ndone == 256)
			continue;
		done[ndone++] = v;
		sunset_buf_puts(o, "<h4>");
		sunset_html_escape(o, v->name);
		sunset_buf_puts(o, "</h4>\n<table><thead><tr><th>severity</th>"
				   "<th>product</th><th>where</th><th>kind</th>"
				   "<th>code</th><th>message</th></tr></thead>"
				   "<tbody>\n");
		for (size_t k = i; k < r->findings.count; k++) {
			const sunset_finding *f = &r->findings.items[k];
			const char *sev =
				sunset_severity_name(f->rule->severity);
			if (f->rule->vendor != v)
				continue;
			sunset_buf_printf(o,
					  "<tr%s><td class=\"sev-%s\">%s</td>"
					  "<td>",
					  f->suppressed ? " class=\"supp\""
							: "",
					  sev, sev);
			product_cell(o, f->rule->product);
			sunset_buf_puts(o, "</td><td><code>");
			sunset_html_escape(o, f->path);
			sunset_buf_printf(o,
					  ":%u</code></td><td>%s</td><td>"
					  "<code>",
					  f->line,
					  sunset_kind_name(f->rule->kind));
			sunset_html_escape(o, f->snippet);
			sunset_buf_puts(o, "</code></td><td>");
			sunset_html_escape(o, f->rule->message);
			if (f->suppressed) {
				sunset_buf_puts(o, " <em>suppressed (");
				sunset_html_escape(o, f->suppress_by);
				if (f->suppress_reason) {
					sunset_buf_puts(o, ": ");
					sunset_html_escape(o,
							   f->suppress_reason);
				}
				sunset_buf_puts(o, ")</em>");
			}
			if (f->expired) {
				sunset_buf_puts(o,
						" <em>(suppression expired ");
				sunset_html_escape(o, f->expired);
				sunset_buf_puts(o, ")</em>");
			}
			sunset_buf_puts(o, "</td></tr>\n");
		}
		sunset_buf_puts(o, "</tbody></table>\n");
	}
}

/* Products referenced by unsuppressed findings whose shutdown date is
 * past or within 180 days. */
static void render_shutdowns(sunset_buf *o, const sunset_scan_result *res)
{
	const sunset_product *seen[512];
	size_t counts[512], n = 0;
	char today[11], soon[11];
	struct tm tm;
	time_t t;
	int y, m, d;

	if (res->today[0])
		memcpy(today, res->today, sizeof(today));
	else
		sunset_today(today);
	/* 180 days after the scan's date, not the reader's */
	memset(&tm, 0, sizeof(tm));
	if (sscanf(today, "%4d-%2d-%2d", &y, &m, &d) == 3) {
		tm.tm_year = y - 1900;
		tm.tm_mon = m - 1;
		tm.tm_mday = d;
	}
	t = timegm(&tm) + 180L * 24 * 3600;
	gmtime_r(&t, &tm);
	strftime(soon, sizeof(soon), "%Y-%m-%d", &tm);
	if (strcmp(soon, today) < 0)
		memcpy(soon, today, sizeof(soon));
	for (size_t i = 0; i < res->nrepos; i++)
		for (size_t k = 0; k < res->repos[i].findings.count; k++) {
			const sunset_finding *f =
				&res->repos[i].findings.items[k];
			const sunset_product *p = f->rule->product;
			size_t j;
			if (f->suppressed || !p->shutdown ||
			    strcmp(p->shutdown, soon) > 0)
				continue;
			for (j = 0; j < n && seen[j] != p; j++)
				;
			if (j == n) {
				if (n == 512)
					continue;
				seen[n] = p;
				counts[n++] = 0;
			}
			counts[j]++;
		}
	sunset_buf_puts(o, "<h2>Products past or near shutdown</h2>\n");
	if (!n) {
		sunset_buf_puts(o, "<p>None referenced.</p>\n");
		return;
	}
	sunset_buf_puts(o, "<table><thead><tr><th>product</th><th>shutdown"
			   "</th><th>findings</th></tr></thead><tbody>\n");
	for (size_t j = 0; j < n; j++) {
		sunset_buf_puts(o, "<tr><td>");
		product_cell(o, seen[j]);
		sunset_buf_printf(o, "</td><td class=\"%s\">",
				  strcmp(seen[j]->shutdown, today) <= 0
					  ? "warn"
					  : "skip");
		sunset_html_escape(o, seen[j]->shutdown);
		sunset_buf_printf(
			o, "%s</td><td class=\"num\">%zu</td></tr>\n",
			strcmp(seen[j]->shutdown, today) <= 0 ? " (past)" : "",
			counts[j]);
	}
	sunset_buf_puts(o, "</tbody></table>\n");
}

static void render_repo(sunset_buf *o, const sunset_repo_result *r)
{
	sunset_buf_puts(o, "<h2>Repository <code>");
	sunset_html_escape(o, r->info.path ? r->info.path : "");
	sunset_buf_puts(o, "</code></h2>\n<table>\n");
	if (r->info.remote_url) {
		sunset_buf_puts(o, "<tr><th>remote</th><td><code>");
		sunset_html_escape(o, r->info.remote_url);
		sunset_buf_puts(o, "</code></td></tr>\n");
	}
	sunset_buf_puts(o, "<tr><th>revision</th><td><code>");
	sunset_html_escape(o, r->info.rev ? r->info.rev : "HEAD");
	sunset_buf_puts(o, "</code>");
	if (r->info.commit) {
		sunset_buf_puts(o, " = <code>");
		sunset_html_escape(o, r->info.commit);
		sunset_buf_puts(o, "</code>");
	}
	if (r->info.worktree)
		sunset_buf_puts(o,
				" (work tree, uncommitted changes included)");
	sunset_buf_puts(o, "</td></tr>\n");
	if (r->error) {
		sunset_buf_puts(o, "<tr><th>error</th><td class=\"warn\">");
		sunset_html_escape(o, r->error);
		sunset_buf_puts(o, "</td></tr>\n");
	}
	row_count(o, "files", (unsigned long)r->nfiles);
	for (int k = 0; k < SUNSET_SKIP__COUNT; k++)
		if (r->counts[k])
			row_count(o, sunset_skip_name((sunset_skip)k),
				  r->counts[k]);
	sunset_buf_puts(o, "</table>\n");

	render_findings(o, r);
	if (!r->nfiles) {
		sunset_buf_puts(o, "<p class=\"warn\">No files were found in "
				   "this repository.</p>\n");
		return;
	}
	sunset_buf_printf(o, "<details><summary>Files (%zu)</summary>\n",
			  r->nfiles);
	sunset_buf_puts(o,
			"<table><thead><tr><th>path</th><th>language</th>"
			"<th>size</th><th>status</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < r->nfiles; i++) {
		const sunset_file_rec *f = &r->files[i];
		sunset_buf_puts(o, "<tr><td><code>");
		sunset_html_escape(o, f->path);
		sunset_buf_printf(o, "</code></td><td>%s</td>",
				  sunset_lang_name(f->lang));
		if (f->size >= 0)
			sunset_buf_printf(o, "<td class=\"num\">%lld</td>",
					  f->size);
		else
			sunset_buf_puts(o, "<td class=\"muted\">-</td>");
		if (f->skip == SUNSET_SKIP_NONE)
			sunset_buf_printf(
				o, "<td>analysed%s</td></tr>\n",
				f->parse_errors ? " (with syntax errors)" : "");
		else
			sunset_buf_printf(o,
					  "<td class=\"skip\">skipped: %s</td>"
					  "</tr>\n",
					  sunset_skip_name(f->skip));
	}
	sunset_buf_puts(o, "</tbody></table></details>\n");
}

static void points_cell(sunset_buf *o, const sunset_score_entry *e)
{
	sunset_buf_printf(o,
			  "<td class=\"num\"><b>%d</b></td><td class=\"muted\">"
			  "lifecycle %d, spread %d, adapter %d, hard-coded "
			  "%d, credentials %d, no fallback %d, shadow %d</td>",
			  e->score, e->points.lifecycle, e->points.spread,
			  e->points.adapter, e->points.hardcoded,
			  e->points.credentials, e->points.no_fallback,
			  e->points.shadow);
}

/* Risk scores: repositories, then vendors with the adapter verdict
 * (reports/SCORING.md explains every component). */
static void render_scores(sunset_buf *o, const sunset_scan_result *r,
			  const sunset_scores *s)
{
	if (!s || !s->count)
		return;
	sunset_buf_puts(o, "<h2>Risk scores</h2>\n<table><thead><tr><th>"
			   "repository</th><th>vendor</th><th>score</th><th>"
			   "components</th><th>coupling</th></tr></thead>"
			   "<tbody>\n");
	for (size_t i = 0; i < s->count; i++) {
		const sunset_score_entry *e = &s->items[i];
		if (e->scope == SUNSET_SCOPE_PRODUCT)
			continue;
		sunset_buf_puts(o, "<tr><td><code>");
		sunset_html_escape(o, r->repos[e->repo].info.path);
		sunset_buf_puts(o, "</code></td><td>");
		if (e->vendor)
			sunset_html_escape(o, e->vendor->name);
		else
			sunset_buf_puts(o, "<b>all vendors</b>");
		sunset_buf_puts(o, "</td>");
		points_cell(o, e);
		sunset_buf_puts(o, "<td>");
		if (e->vendor && e->verdict == SUNSET_ADAPTER_ONE) {
			sunset_buf_puts(o, "behind an adapter: <code>");
			sunset_html_escape(o, e->module ? e->module : "");
			sunset_buf_puts(o, "</code>");
		} else if (e->vendor &&
			   e->verdict == SUNSET_ADAPTER_SCATTERED) {
			sunset_buf_printf(o, "scattered across %zu files",
					  e->coupled.count);
			for (size_t k = 0; k < e->breaking.count; k++) {
				sunset_buf_puts(o, k ? ", " : ": <code>");
				sunset_html_escape(o, e->breaking.items[k]);
			}
			if (e->breaking.count)
				sunset_buf_puts(o, "</code>");
		}
		sunset_buf_puts(o, "</td></tr>\n");
	}
	sunset_buf_puts(o, "</tbody></table>\n");
}

/* Inline SVG, drawn here: findings per vendor as horizontal bars. */
static void chart_findings(sunset_buf *o, const sunset_scan_result *r)
{
	const sunset_vendor *vendors[64];
	size_t counts[64], nv = 0, max = 0;

	for (size_t i = 0; i < r->nrepos; i++)
		for (size_t k = 0; k < r->repos[i].findings.count; k++) {
			const sunset_finding *f =
				&r->repos[i].findings.items[k];
			size_t j;
			if (f->suppressed)
				continue;
			for (j = 0; j < nv && vendors[j] != f->rule->vendor;
			     j++)
				;
			if (j == nv) {
				if (nv == 64)
					continue;
				vendors[nv] = f->rule->vendor;
				counts[nv++] = 0;
			}
			if (++counts[j] > max)
				max = counts[j];
		}
	if (!nv)
		return;
	sunset_buf_printf(o,
			  "<h2>Findings per vendor</h2>\n<svg role=\"img\" "
			  "aria-label=\"findings per vendor\" width=\"640\" "
			  "height=\"%zu\" xmlns=\"http://www.w3.org/2000/svg\">"
			  "\n",
			  nv * 24 + 8);
	for (size_t j = 0; j < nv; j++) {
		unsigned w = (unsigned)(400.0 * (double)counts[j] /
					(double)(max ? max : 1));
		sunset_buf_printf(o,
				  "<text x=\"0\" y=\"%zu\" font-size=\"13\">",
				  j * 24 + 18);
		sunset_html_escape(o, vendors[j]->name);
		sunset_buf_printf(
			o,
			"</text><rect x=\"170\" y=\"%zu\" width=\"%u\" "
			"height=\"16\" fill=\"#c0504d\"/><text x=\"%u\" "
			"y=\"%zu\" font-size=\"12\">%zu</text>\n",
			j * 24 + 5, w ? w : 1, 176 + w, j * 24 + 18, counts[j]);
	}
	sunset_buf_puts(o, "</svg>\n");
}

/* Inline SVG: each vendor's score as stacked components. */
static void chart_scores(sunset_buf *o, const sunset_scan_result *r,
			 const sunset_scores *s)
{
	static const char *const colours[] = {"#c0504d", "#f79646", "#9bbb59",
					      "#4f81bd", "#8064a2", "#4bacc6",
					      "#7f7f7f"};
	static const char *const names[] = {
		"lifecycle",   "spread",      "adapter", "hard-coded",
		"credentials", "no fallback", "shadow"};
	size_t rows = 0;

	if (!s)
		return;
	for (size_t i = 0; i < s->count; i++)
		rows += s->items[i].scope == SUNSET_SCOPE_VENDOR;
	if (!rows)
		return;
	sunset_buf_printf(o,
			  "<h3>Score components per vendor</h3>\n<svg "
			  "role=\"img\" aria-label=\"score components\" "
			  "width=\"640\" height=\"%zu\" "
			  "xmlns=\"http://www.w3.org/2000/svg\">\n",
			  rows * 24 + 40);
	rows = 0;
	for (size_t i = 0; i < s->count; i++) {
		const sunset_score_entry *e = &s->items[i];
		const int pts[] = {e->points.lifecycle,	  e->points.spread,
				   e->points.adapter,	  e->points.hardcoded,
				   e->points.credentials, e->points.no_fallback,
				   e->points.shadow};
		unsigned x = 170;
		if (e->scope != SUNSET_SCOPE_VENDOR)
			continue;
		sunset_buf_printf(o,
				  "<text x=\"0\" y=\"%zu\" font-size=\"13\">",
				  rows * 24 + 18);
		if (r->nrepos > 1) {
			sunset_html_escape(o, r->repos[e->repo].info.path);
			sunset_buf_puts(o, ": ");
		}
		sunset_html_escape(o, e->vendor->name);
		sunset_buf_puts(o, "</text>");
		for (int k = 0; k < 7; k++) {
			if (pts[k] <= 0)
				continue;
			sunset_buf_printf(
				o,
				"<rect x=\"%u\" y=\"%zu\" width=\"%d\" "
				"height=\"16\" fill=\"%s\"><title>%s %d"
				"</title></rect>",
				x, rows * 24 + 5, pts[k] * 4, colours[k],
				names[k], pts[k]);
			x += (unsigned)pts[k] * 4;
		}
		sunset_buf_printf(o,
				  "<text x=\"%u\" y=\"%zu\" font-size=\"12\">"
				  "%d</text>\n",
				  x + 6, rows * 24 + 18, e->score);
		rows++;
	}
	/* the legend */
	for (int k = 0; k < 7; k++)
		sunset_buf_printf(o,
				  "<rect x=\"%d\" y=\"%zu\" width=\"10\" "
				  "height=\"10\" fill=\"%s\"/><text x=\"%d\" "
				  "y=\"%zu\" font-size=\"11\">%s</text>",
				  k * 90, rows * 24 + 16, colours[k],
				  k * 90 + 14, rows * 24 + 25, names[k]);
	sunset_buf_puts(o, "\n</svg>\n");
}

/* For an audit of several repositories: vendors by repositories. */
static void render_organisation(sunset_buf *o, const sunset_scan_result *r)
{
	const sunset_vendor *vendors[256];
	size_t nv = 0;

	if (r->nrepos < 2)
		return;
	for (size_t i = 0; i < r->nrepos; i++)
		for (size_t k = 0; k < r->repos[i].findings.count; k++) {
			const sunset_vendor *v =
				r->repos[i].findings.items[k].rule->vendor;
			size_t j;
			for (j = 0; j < nv && vendors[j] != v; j++)
				;
			if (j == nv && nv < 256)
				vendors[nv++] = v;
		}
	sunset_buf_printf(o,
			  "<h2>Organisation: %zu repositories</h2>\n"
			  "<table><thead><tr><th>vendor</th><th>"
			  "repositories</th><th>findings</th></tr></thead>"
			  "<tbody>\n",
			  r->nrepos);
	for (size_t j = 0; j < nv; j++) {
		size_t repos = 0, findings = 0;
		for (size_t i = 0; i < r->nrepos; i++) {
			size_t here = 0;
			for (size_t k = 0; k < r->repos[i].findings.count; k++)
				here += r->repos[i].findings.items[k]
							.rule->vendor ==
						vendors[j] &&
					!r->repos[i]
						 .findings.items[k]
						 .suppressed;
			repos += here > 0;
			findings += here;
		}
		sunset_buf_puts(o, "<tr><td>");
		sunset_html_escape(o, vendors[j]->name);
		sunset_buf_printf(o,
				  "</td><td class=\"num\">%zu</td><td "
				  "class=\"num\">%zu</td></tr>\n",
				  repos, findings);
	}
	sunset_buf_puts(o, "</tbody></table>\n");
}

void sunset_html_render(sunset_buf *o, const sunset_scan_result *result,
			const sunset_scores *scores)
{
	char *coverage = sunset_coverage_line(result);

	sunset_buf_puts(o, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
			   "<meta charset=\"utf-8\">\n"
			   "<meta http-equiv=\"Content-Security-Policy\" "
			   "content=\"default-src 'none'; style-src "
			   "'unsafe-inline'; img-src data:; base-uri 'none'; "
			   "form-action 'none'\">\n"
			   "<meta name=\"viewport\" content=\"width=device-"
			   "width, initial-scale=1\">\n"
			   "<title>sunset report</title>\n<style>");
	sunset_buf_puts(o, style);
	sunset_buf_puts(o, "</style></head><body>\n<h1>sunset report</h1>\n");
	sunset_buf_printf(o, "<p class=\"muted\">sunset %s</p>\n",
			  SUNSET_VERSION);
	sunset_buf_puts(o, "<h2>Coverage</h2>\n<p>");
	sunset_html_escape(o, coverage);
	sunset_buf_puts(o, "</p>\n");
	if (result->analysed == 0)
		sunset_buf_puts(o, "<p class=\"warn\">This scan covered no "
				   "file: nothing was analysed.</p>\n");
	if (result->warnings)
		sunset_buf_printf(o,
				  "<p class=\"warn\">%lu warning(s) were "
				  "printed during the scan.</p>\n",
				  result->warnings);
	sunset_buf_printf(o, "<p>%zu finding%s, %zu of them suppressed.</p>\n",
			  result->findings, result->findings == 1 ? "" : "s",
			  result->suppressed);
	render_shutdowns(o, result);
	render_organisation(o, result);
	chart_findings(o, result);
	render_scores(o, result, scores);
	chart_scores(o, result, scores);
	for (size_t i = 0; i < result->nrepos; i++)
		render_repo(o, &result->repos[i]);
	sunset_buf_puts(o, "</body></html>\n");
	free(coverage);
}

int sunset_html_write(const char *path, const sunset_scan_result *result,
		      const sunset_scores *scores)
{
	sunset_buf o = SUNSET_BUF_INIT;
	int error;

	sunset_html_render(&o, result, scores);
	error = sunset_write_file_atomic(path, o.ptr, o.len);
	sunset_buf_free(&o);
	return error;
}
