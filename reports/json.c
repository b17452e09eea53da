/* json.c - findings and risk scores as JSON Lines, one object per line */
#include "json.h"

#include <stdio.h>
#include <string.h>

void sunset_json_string(sunset_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p);

	sunset_buf_puts(out, "\"");
	while (n) {
		size_t l = sunset_utf8_len(p, n);
		if (l == 0) {
			sunset_buf_puts(out, "\\ufffd");
			p++;
			n--;
			continue;
		}
		if (l == 1) {
			switch (*p) {
			case '"':
				sunset_buf_puts(out, "\\\"");
				break;
			case '\\':
				sunset_buf_puts(out, "\\\\");
				break;
			case '\n':
				sunset_buf_puts(out, "\\n");
				break;
			case '\r':
				sunset_buf_puts(out, "\\r");
				break;
			case '\t':
				sunset_buf_puts(out, "\\t");
				break;
			default:
				if (*p < 0x20 || *p == 0x7F)
					sunset_buf_printf(out, "\\u%04x", *p);
				else
					sunset_buf_put(out, (const char *)p, 1);
			}
		} else if (l == 3 && p[0] == 0xE2 && p[1] == 0x80 &&
			   (p[2] == 0xA8 || p[2] == 0xA9)) {
			/* U+2028, U+2029: valid JSON, but line ends to
			 * JavaScript before ES2019 and to line readers */
			sunset_buf_printf(out, "\\u%04x",
					  0x2000u + p[2] - 0x80u);
		} else {
			sunset_buf_put(out, (const char *)p, l);
		}
		p += l;
		n -= l;
	}
	sunset_buf_puts(out, "\"");
}

static void field(sunset_buf *o, const char *name, const char *value)
{
	sunset_buf_printf(o, ",\"%s\":", name);
	if (value)
		sunset_json_string(o, value);
	else
		sunset_buf_puts(o, "null");
}

void sunset_json_score_members(sunset_buf *o, const sunset_score_entry *e)
{
	static const char *const scope[] = {"repository", "vendor", "product"};

	sunset_buf_printf(o, "\"scope\":\"%s\"", scope[e->scope]);
	field(o, "vendor", e->vendor ? e->vendor->id : NULL);
	field(o, "product", e->product ? e->product->id : NULL);
	sunset_buf_printf(o, ",\"score\":%d,\"components\":", e->score);
	sunset_score_json(o, e);
}

void sunset_json_render(sunset_buf *o, const sunset_scan_result *result,
			const sunset_scores *scores)
{
	for (size_t i = 0; i < result->nrepos; i++) {
		const sunset_repo_result *r = &result->repos[i];
		for (size_t k = 0; k < r->findings.count; k++) {
			const sunset_finding *f = &r->findings.items[k];
			const sunset_rule *rule = f->rule;
			sunset_buf_puts(o, "{\"type\":\"finding\",\"repo\":");
			sunset_json_string(o, r->info.path);
			field(o, "commit", r->info.commit);
			field(o, "path", f->path);
			sunset_buf_printf(o,
					  ",\"line\":%u,\"column\":%u,"
					  "\"end_line\":%u,\"end_column\":%u",
					  f->line, f->col, f->end_line,
					  f->end_col);
			field(o, "rule", rule->id);
			field(o, "vendor", rule->vendor->id);
			field(o, "product", rule->product->id);
			field(o, "capability", rule->product->capability);
			field(o, "lifecycle",
			      sunset_lifecycle_name(rule->product->lifecycle));
			field(o, "shutdown", rule->product->shutdown);
			field(o, "kind", sunset_kind_name(rule->kind));
			field(o, "severity",
			      sunset_severity_name(rule->severity));
			field(o, "message", rule->message);
			field(o, "snippet", f->snippet);
			field(o, "matched", f->matched);
			field(o, "detail", f->detail);
			field(o, "fingerprint", f->fingerprint);
			sunset_buf_printf(o, ",\"suppressed\":%s",
					  f->suppressed ? "true" : "false");
			if (f->suppressed) {
				field(o, "suppressed_by", f->suppress_by);
				field(o, "suppression_reason",
				      f->suppress_reason);
			}
			if (f->expired)
				field(o, "suppression_expired", f->expired);
			if (f->dep_name) {
				field(o, "ecosystem", f->dep_ecosystem);
				field(o, "package", f->dep_name);
				field(o, "declared", f->dep_constraint);
				field(o, "resolved", f->dep_resolved);
				field(o, "lockfile", f->dep_lockfile);
			}
			sunset_buf_puts(o, "}\n");
		}
	}
	/* what went wrong on the way: repositories not scanned, limits
	 * hit, files unread */
	for (size_t i = 0; i < result->nrepos; i++) {
		if (!result->repos[i].error)
			continue;
		sunset_buf_puts(o, "{\"type\":\"error\",\"repo\":");
		sunset_json_string(o, result->repos[i].info.path);
		field(o, "message", result->repos[i].error);
		sunset_buf_puts(o, "}\n");
	}
	for (size_t i = 0; i < result->nwarning_list; i++) {
		const sunset_scan_warning *w = &result->warning_list[i];
		sunset_buf_puts(o, "{\"type\":\"warning\",\"repo\":");
		if (w->repo < result->nrepos)
			sunset_json_string(o, result->repos[w->repo].info.path);
		else
			sunset_buf_puts(o, "null");
		field(o, "message", w->message);
		sunset_buf_puts(o, "}\n");
	}
	for (size_t i = 0; scores && i < scores->count; i++) {
		const sunset_score_entry *e = &scores->items[i];
		const sunset_repo_result *r = &result->repos[e->repo];
		sunset_buf_puts(o, "{\"type\":\"score\",\"repo\":");
		sunset_json_string(o, r->info.path);
		field(o, "commit", r->info.commit);
		sunset_buf_puts(o, ",");
		sunset_json_score_members(o, e);
		sunset_buf_puts(o, "}\n");
	}
}

int sunset_json_write(const char *path, const sunset_scan_result *result,
		      const sunset_scores *scores)
{
	sunset_buf o = SUNSET_BUF_INIT;
	int error = 0;

	sunset_json_render(&o, result, scores);
	if (!strcmp(path, "-")) {
		if (o.len && fwrite(o.ptr, 1, o.len, stdout) != o.len) {
			sunset_errorf("cannot write JSON to standard output");
			error = SUNSET_ERR;
		}
		fflush(stdout);
	} else {
		error = sunset_write_file_atomic(path, o.ptr ? o.ptr : "",
						 o.len);
	}
	sunset_buf_free(&o);
	return error;
}
