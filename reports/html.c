/* html.c - the self-contained HTML report
 *
 * One file, no request to any other host: styles are inline and a
 * Content-Security-Policy forbids frames, remote loads and every script
 * but one, ours, allowed by its SHA-256 hash. That script only adds
 * controls (sort buttons, filter boxes): every table and chart is written
 * here, so the report reads the same with scripts off. */
#include "html.h"

#include <stdint.h>
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

/* ---- SHA-256 (FIPS 180-4), for the script's hash in the policy ---- */

typedef struct {
	uint32_t h[8];
	uint64_t bytes;
	unsigned char block[64];
	size_t used;
} sha256_ctx;

static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static uint32_t ror32(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

static void sha256_block(sha256_ctx *c, const unsigned char *p)
{
	uint32_t w[64], v[8], t1, t2;

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (int i = 16; i < 64; i++)
		w[i] = w[i - 16] +
		       (ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^
			(w[i - 15] >> 3)) +
		       w[i - 7] +
		       (ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^
			(w[i - 2] >> 10));
	memcpy(v, c->h, sizeof(v));
	for (int i = 0; i < 64; i++) {
		t1 = v[7] +
		     (ror32(v[4], 6) ^ ror32(v[4], 11) ^ ror32(v[4], 25)) +
		     ((v[4] & v[5]) ^ (~v[4] & v[6])) + sha256_k[i] + w[i];
		t2 = (ror32(v[0], 2) ^ ror32(v[0], 13) ^ ror32(v[0], 22)) +
		     ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
		memmove(v + 1, v, 7 * sizeof(uint32_t));
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (int i = 0; i < 8; i++)
		c->h[i] += v[i];
}

static void sha256_init(sha256_ctx *c)
{
	static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372,
				       0xa54ff53a, 0x510e527f, 0x9b05688c,
				       0x1f83d9ab, 0x5be0cd19};
	memcpy(c->h, h0, sizeof(h0));
	c->bytes = 0;
	c->used = 0;
}

static void sha256_update(sha256_ctx *c, const void *data, size_t n)
{
	const unsigned char *p = data;

	c->bytes += n;
	while (n--) {
		c->block[c->used++] = *p++;
		if (c->used == 64) {
			sha256_block(c, c->block);
			c->used = 0;
		}
	}
}

static void sha256_final(sha256_ctx *c, unsigned char out[32])
{
	uint64_t bits = c->bytes * 8;
	unsigned char len[8], pad = 0x80, zero = 0;

	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)(bits >> (56 - 8 * i));
	sha256_update(c, &pad, 1);
	while (c->used != 56)
		sha256_update(c, &zero, 1);
	sha256_update(c, len, 8);
	for (int i = 0; i < 32; i++)
		out[i] = (unsigned char)(c->h[i / 4] >> (24 - 8 * (i % 4)));
}

void sunset_html_csp_hash(sunset_buf *out, const char *data, size_t len)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
				  "qrstuvwxyz0123456789+/";
	unsigned char d[33];
	sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, data, len);
	sha256_final(&c, d);
	d[32] = 0;
	sunset_buf_puts(out, "sha256-");
	/* 32 bytes: ten groups of three, then two bytes and one '=' */
	for (int i = 0; i < 33; i += 3) {
		unsigned long g = (unsigned long)d[i] << 16 |
				  (unsigned long)d[i + 1] << 8 | d[i + 2];
		char q[4] = {b64[g >> 18 & 63], b64[g >> 12 & 63],
			     b64[g >> 6 & 63], b64[g & 63]};
		sunset_buf_put(out, q, i == 30 ? 3 : 4);
	}
	sunset_buf_puts(out, "=");
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
	"details{margin:.5em 0}summary{cursor:pointer}"
	"button.sort{font:inherit;border:0;background:none;padding:0;"
	"cursor:pointer;text-align:left;white-space:nowrap}"
	"th[aria-sort=ascending] button.sort::after{content:\" \\25B2\"}"
	"th[aria-sort=descending] button.sort::after{content:\" \\25BC\"}"
	"p.filter{margin:.3em 0}";

/* The one script, allowed by its hash (sunset_html_csp_hash of exactly
 * these bytes). It adds a sort button to every header of a table with a
 * <thead> (cells with class num or data-sort sort numerically), a filter
 * box before it, and honours #filter=TEXT&sort=[-]COLUMN. It must not
 * contain the text that ends a script element. */
static const char script[] =
	"\"use strict\";\n"
	"/* sunset: sortable, filterable tables; #filter=TEXT&sort=[-]COLUMN "
	"*/\n"
	"(() => {\n"
	"const tables = [];\n"
	"const key = (c) => (c ? c.dataset.sort ?? c.textContent.trim() : "
	"\"\");\n"
	"function sort(t, col, desc) {\n"
	"  const body = t.el.tBodies[0];\n"
	"  const rows = [...body.rows];\n"
	"  const num = rows.some((r) => r.cells[col] &&\n"
	"    (r.cells[col].classList.contains(\"num\") ||\n"
	"     r.cells[col].dataset.sort !== undefined));\n"
	"  const val = (r) => {\n"
	"    const k = key(r.cells[col]);\n"
	"    if (!num) return k;\n"
	"    const n = parseFloat(k);\n"
	"    return isNaN(n) ? -Infinity : n;\n"
	"  };\n"
	"  const cmp = num ? (a, b) => (a < b ? -1 : a > b ? 1 : 0)\n"
	"    : (a, b) => a.localeCompare(b, \"en\", {numeric: true});\n"
	"  rows.map((r, i) => [val(r), i, r])\n"
	"    .sort((a, b) => (desc ? cmp(b[0], a[0]) : cmp(a[0], b[0])) ||\n"
	"      a[1] - b[1])\n"
	"    .forEach((x) => body.append(x[2]));\n"
	"  t.heads.forEach((th, i) => {\n"
	"    if (i === col)\n"
	"      th.setAttribute(\"aria-sort\",\n"
	"        desc ? \"descending\" : \"ascending\");\n"
	"    else\n"
	"      th.removeAttribute(\"aria-sort\");\n"
	"  });\n"
	"}\n"
	"function filter(t, text) {\n"
	"  const q = text.trim().toLowerCase();\n"
	"  const rows = [...t.el.tBodies[0].rows];\n"
	"  let shown = 0;\n"
	"  for (const r of rows) {\n"
	"    r.hidden = q !== \"\" && "
	"!r.textContent.toLowerCase().includes(q);\n"
	"    shown += !r.hidden;\n"
	"  }\n"
	"  t.count.textContent = q ? `${shown} of ${rows.length} rows` : "
	"\"\";\n"
	"}\n"
	"for (const el of document.querySelectorAll(\"table\")) {\n"
	"  if (!el.tHead || el.tBodies.length !== 1) continue;\n"
	"  const t = {el, heads: [...el.tHead.rows[0].cells]};\n"
	"  t.heads.forEach((th, i) => {\n"
	"    const b = document.createElement(\"button\");\n"
	"    b.type = \"button\";\n"
	"    b.className = \"sort\";\n"
	"    b.append(...th.childNodes);\n"
	"    th.append(b);\n"
	"    b.addEventListener(\"click\", () =>\n"
	"      sort(t, i, th.getAttribute(\"aria-sort\") === \"ascending\"));\n"
	"  });\n"
	"  const p = document.createElement(\"p\");\n"
	"  p.className = \"filter\";\n"
	"  t.box = document.createElement(\"input\");\n"
	"  t.box.type = \"search\";\n"
	"  t.box.placeholder = \"filter rows\";\n"
	"  t.box.setAttribute(\"aria-label\", \"filter the next table\");\n"
	"  t.box.addEventListener(\"input\", () => filter(t, t.box.value));\n"
	"  t.count = document.createElement(\"span\");\n"
	"  t.count.className = \"muted\";\n"
	"  t.count.setAttribute(\"aria-live\", \"polite\");\n"
	"  p.append(t.box, \" \", t.count);\n"
	"  el.before(p);\n"
	"  tables.push(t);\n"
	"}\n"
	"function fromFragment() {\n"
	"  const a = new URLSearchParams(location.hash.slice(1));\n"
	"  const f = a.get(\"filter\"), s = a.get(\"sort\");\n"
	"  for (const t of tables) {\n"
	"    if (f !== null) {\n"
	"      t.box.value = f;\n"
	"      filter(t, f);\n"
	"    }\n"
	"    if (!s) continue;\n"
	"    const desc = s[0] === \"-\";\n"
	"    const name = (desc ? s.slice(1) : s).toLowerCase();\n"
	"    const col = t.heads.findIndex((th) =>\n"
	"      th.textContent.trim().toLowerCase() === name);\n"
	"    if (col >= 0) sort(t, col, desc);\n"
	"  }\n"
	"}\n"
	"fromFragment();\n"
	"addEventListener(\"hashchange\", fromFragment);\n"
	"})();\n";

void sunset_html_page_begin(sunset_buf *o, const char *title)
{
	sunset_buf_puts(o, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
			   "<meta charset=\"utf-8\">\n"
			   "<meta http-equiv=\"Content-Security-Policy\" "
			   "content=\"default-src 'none'; script-src '");
	sunset_html_csp_hash(o, script, sizeof(script) - 1);
	sunset_buf_puts(o, "'; style-src 'unsafe-inline'; img-src data:; "
			   "base-uri 'none'; form-action 'none'\">\n"
			   "<meta name=\"viewport\" content=\"width=device-"
			   "width, initial-scale=1\">\n<title>");
	sunset_html_escape(o, title);
	sunset_buf_puts(o, "</title>\n<style>");
	sunset_buf_puts(o, style);
	sunset_buf_puts(o, "</style></head><body>\n");
}

void sunset_html_page_end(sunset_buf *o)
{
	sunset_buf_puts(o, "<script>");
	sunset_buf_puts(o, script);
	sunset_buf_puts(o, "</script>\n</body></html>\n");
}

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
			/* data-sort: the table script sorts by rank */
			sunset_buf_printf(o,
					  "<tr%s><td class=\"sev-%s\" "
					  "data-sort=\"%d\">%s</td><td>",
					  f->suppressed ? " class=\"supp\""
							: "",
					  sev, (int)f->rule->severity, sev);
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
	time_t t = 0;

	if (res->today[0])
		memcpy(today, res->today, sizeof(today));
	else
		sunset_today(today);
	/* 180 days after the scan's date, not the reader's */
	sunset_parse_day(today, &t);
	t += 180L * 24 * 3600;
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

/* Inline SVG: media capabilities (columns; text, embeddings and the
 * like are left out, as in the no-fallback score) by vendors (rows) over
 * unsuppressed findings in every scanned repository, each cell shaded by
 * its count. A capability only one vendor serves has no fallback: its
 * cell is outlined and its column marked. At most MAXV vendors and MAXC
 * capabilities are drawn, in the order of their first finding. */
static void chart_capabilities(sunset_buf *o, const sunset_scan_result *r)
{
	enum { MAXV = 32, MAXC = 24, LEFT = 170, COL = 96, ROW = 26 };
	const sunset_vendor *vendors[MAXV];
	const char *caps[MAXC];
	size_t counts[MAXV][MAXC], nv = 0, nc = 0, max = 0, lone = 0;

	memset(counts, 0, sizeof(counts));
	for (size_t i = 0; i < r->nrepos; i++)
		for (size_t k = 0; k < r->repos[i].findings.count; k++) {
			const sunset_finding *f =
				&r->repos[i].findings.items[k];
			const char *cap = f->rule->product->capability;
			size_t v, c;
			if (f->suppressed || !sunset_capability_is_media(cap))
				continue;
			for (v = 0; v < nv && vendors[v] != f->rule->vendor;
			     v++)
				;
			for (c = 0; c < nc && strcmp(caps[c], cap); c++)
				;
			if ((v == nv && nv == MAXV) || (c == nc && nc == MAXC))
				continue;
			if (v == nv)
				vendors[nv++] = f->rule->vendor;
			if (c == nc)
				caps[nc++] = cap;
			if (++counts[v][c] > max)
				max = counts[v][c];
		}
	if (!nc)
		return;
	sunset_buf_printf(o,
			  "<h2>Capability map</h2>\n<p>Which vendor serves "
			  "which media capability in the scanned code: "
			  "findings per vendor and capability. An outlined "
			  "cell is the only vendor serving its capability "
			  "(no fallback).</p>\n<svg role=\"img\" "
			  "aria-label=\"capability map: vendors by "
			  "capabilities\" width=\"%zu\" height=\"%zu\" "
			  "xmlns=\"http://www.w3.org/2000/svg\">\n",
			  (size_t)LEFT + nc * COL + 8, nv * ROW + 62);
	for (size_t c = 0; c < nc; c++) {
		size_t users = 0;
		for (size_t v = 0; v < nv; v++)
			users += counts[v][c] > 0;
		sunset_buf_printf(o,
				  "<text x=\"%zu\" y=\"16\" font-size=\"12\" "
				  "text-anchor=\"middle\">",
				  LEFT + c * COL + COL / 2);
		sunset_html_escape(o, caps[c]);
		sunset_buf_puts(o, "</text>");
		if (users == 1) {
			lone++;
			sunset_buf_printf(o,
					  "<text x=\"%zu\" y=\"%zu\" "
					  "font-size=\"11\" fill=\"#a00\" "
					  "text-anchor=\"middle\">no fallback"
					  "</text>",
					  LEFT + c * COL + COL / 2,
					  nv * ROW + 44);
		}
		sunset_buf_puts(o, "\n");
	}
	for (size_t v = 0; v < nv; v++) {
		sunset_buf_printf(o,
				  "<text x=\"0\" y=\"%zu\" font-size=\"13\">",
				  v * ROW + 42);
		sunset_html_escape(o, vendors[v]->name);
		sunset_buf_puts(o, "</text>");
		for (size_t c = 0; c < nc; c++) {
			size_t users = 0, n = counts[v][c];
			for (size_t u = 0; u < nv; u++)
				users += counts[u][c] > 0;
			if (!n) {
				sunset_buf_printf(o,
						  "<rect x=\"%zu\" y=\"%zu\" "
						  "width=\"%d\" height=\"%d\" "
						  "fill=\"#f3f3f3\"/>",
						  LEFT + c * COL + 2,
						  v * ROW + 26, COL - 4,
						  ROW - 4);
				continue;
			}
			/* shade from 0.25 (one finding) to 1 (the most) */
			sunset_buf_printf(
				o,
				"<rect x=\"%zu\" y=\"%zu\" width=\"%d\" "
				"height=\"%d\" fill=\"#c0504d\" "
				"fill-opacity=\"%.2f\"%s><title>",
				LEFT + c * COL + 2, v * ROW + 26, COL - 4,
				ROW - 4, 0.25 + 0.75 * (double)n / (double)max,
				users == 1
					? " stroke=\"#a00\" stroke-width=\"3\""
					: "");
			sunset_html_escape(o, vendors[v]->name);
			sunset_buf_puts(o, ", ");
			sunset_html_escape(o, caps[c]);
			sunset_buf_printf(o,
					  ": %zu finding%s%s</title></rect>"
					  "<text x=\"%zu\" y=\"%zu\" "
					  "font-size=\"12\" "
					  "text-anchor=\"middle\">%zu</text>",
					  n, n == 1 ? "" : "s",
					  users == 1 ? " (no fallback)" : "",
					  LEFT + c * COL + COL / 2,
					  v * ROW + 42, n);
		}
		sunset_buf_puts(o, "\n");
	}
	sunset_buf_puts(o, "</svg>\n");
	sunset_buf_printf(o,
			  "<p>%zu of %zu capabilit%s served by one vendor "
			  "only.</p>\n",
			  lone, nc, nc == 1 ? "y is" : "ies are");
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

	sunset_html_page_begin(o, "sunset report");
	sunset_buf_puts(o, "<h1>sunset report</h1>\n");
	sunset_buf_printf(o, "<p class=\"muted\">sunset %s</p>\n",
			  SUNSET_VERSION);
	sunset_buf_puts(o, "<h2>Coverage</h2>\n<p>");
	sunset_html_escape(o, coverage);
	sunset_buf_puts(o, "</p>\n");
	if (result->analysed == 0)
		sunset_buf_puts(o, "<p class=\"warn\">This scan covered no "
				   "file: nothing was analysed.</p>\n");
	if (result->nwarning_list) {
		/* limits hit, files unread: each as printed */
		sunset_buf_printf(o,
				  "<p class=\"warn\">%zu warning%s during the "
				  "scan:</p>\n<ul>\n",
				  result->nwarning_list,
				  result->nwarning_list == 1 ? "" : "s");
		for (size_t i = 0; i < result->nwarning_list; i++) {
			sunset_buf_puts(o, "<li>");
			sunset_html_escape(o, result->warning_list[i].message);
			sunset_buf_puts(o, "</li>\n");
		}
		sunset_buf_puts(o, "</ul>\n");
	} else if (result->warnings) {
		sunset_buf_printf(o,
				  "<p class=\"warn\">%lu warning(s) were "
				  "printed during the scan.</p>\n",
				  result->warnings);
	}
	sunset_buf_printf(o, "<p>%zu finding%s, %zu of them suppressed.</p>\n",
			  result->findings, result->findings == 1 ? "" : "s",
			  result->suppressed);
	render_shutdowns(o, result);
	render_organisation(o, result);
	chart_findings(o, result);
	chart_capabilities(o, result);
	render_scores(o, result, scores);
	chart_scores(o, result, scores);
	for (size_t i = 0; i < result->nrepos; i++)
		render_repo(o, &result->repos[i]);
	sunset_html_page_end(o);
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
