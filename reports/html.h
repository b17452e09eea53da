/* html.h - the self-contained HTML report */
#ifndef SUNSET_HTML_H
#define SUNSET_HTML_H

#include "scan.h"
#include "score.h"
#include "util.h"

/* Append `s` to `out` escaped for HTML text and attribute values: the
 * five special characters become entities, control bytes and invalid
 * UTF-8 become U+FFFD. Everything from a scanned repository goes
 * through this. */
void sunset_html_escape(sunset_buf *out, const char *s);

/* Append the Content-Security-Policy source of `len` bytes of `data`:
 * "sha256-" and the base64 of their SHA-256 (FIPS 180-4). */
void sunset_html_csp_hash(sunset_buf *out, const char *data, size_t len);

/* The page every sunset HTML file shares: the doctype, the policy (no
 * remote load, no script but the one page_end writes, allowed by its
 * hash), `title` escaped, and the style; page_end appends that script,
 * which makes every table with a <thead> sortable and filterable, and
 * closes the page. */
void sunset_html_page_begin(sunset_buf *out, const char *title);
void sunset_html_page_end(sunset_buf *out);

/* Render the report of a scan into `out`; `scores` may be NULL. */
void sunset_html_render(sunset_buf *out, const sunset_scan_result *result,
			const sunset_scores *scores);

/* Render and write the report to `path` atomically. Returns 0 or
 * SUNSET_ERR with the error printed. */
int sunset_html_write(const char *path, const sunset_scan_result *result,
		      const sunset_scores *scores);

#endif
