/* html.c - the self-contained HTML report
 *
 * One file, no request to any other host: styles are inline and a
 * Content-Security-Policy forbids scripts, frames and remote loads. */
#include "html.h"

#include <stdlib.h>
#include <string.h>

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
	".muted{color:#777}";

static void row_count(sunset_buf *o, const char *label, unsigned long n)
{
	sunset_buf_puts(o, "<tr><th>");
	sunset_html_escape(o, label);
	sunset_buf_printf(o, "</th><td class=\"num\">%lu</td></tr>\n", n);
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

	if (!r->nfiles) {
		sunset_buf_puts(o, "<p class=\"warn\">No files were found in "
				   "this repository.</p>\n");
		return;
	}
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
	sunset_buf_puts(o, "</tbody></table>\n");
}

void sunset_html_render(sunset_buf *o, const sunset_scan_result *result)
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
	for (size_t i = 0; i < result->nrepos; i++)
		render_repo(o, &result->repos[i]);
	sunset_buf_puts(o, "</body></html>\n");
	free(coverage);
}

int sunset_html_write(const char *path, const sunset_scan_result *result)
{
	sunset_buf o = SUNSET_BUF_INIT;
	int error;

	sunset_html_render(&o, result);
	error = sunset_write_file_atomic(path, o.ptr, o.len);
	sunset_buf_free(&o);
	return error;
}
