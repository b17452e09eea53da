/* baseline.c - a record of today's findings, written as JSON and read
 * back with libyaml (JSON is YAML's flow style) */
#include "baseline.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "json.h"
#include "memory.h"

void sunset_baseline_render(sunset_buf *out, const sunset_repo_result *r,
			    const char *created)
{
	sunset_buf_puts(out,
			"{\n  \"sunset_baseline\": 1,\n  \"repository\": ");
	sunset_json_string(out, r->info.path);
	sunset_buf_puts(out, ",\n  \"commit\": ");
	if (r->info.commit)
		sunset_json_string(out, r->info.commit);
	else
		sunset_buf_puts(out, "null");
	sunset_buf_puts(out, ",\n  \"created\": ");
	sunset_json_string(out, created);
	sunset_buf_puts(out, ",\n  \"findings\": [");
	for (size_t i = 0; i < r->findings.count; i++) {
		const sunset_finding *f = &r->findings.items[i];
		sunset_buf_printf(out, "%s\n    {\"fingerprint\": \"%s\", ",
				  i ? "," : "", f->fingerprint);
		sunset_buf_puts(out, "\"rule\": ");
		sunset_json_string(out, f->rule->id);
		sunset_buf_puts(out, ", \"path\": ");
		sunset_json_string(out, f->path);
		sunset_buf_printf(out, ", \"line\": %u}", f->line);
	}
	sunset_buf_puts(out, r->findings.count ? "\n  ]\n}\n" : "]\n}\n");
}

typedef struct {
	const char *name;
	yaml_document_t *doc;
	int errors;
} bctx;

static void berr(bctx *c, const yaml_node_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void berr(bctx *c, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sunset_errorf("%s:%zu:%zu: %s", c->name, n ? n->start_mark.line + 1 : 1,
		      n ? n->start_mark.column + 1 : 1, msg);
	c->errors++;
}

static const char *sval(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE
		       ? (const char *)n->data.scalar.value
		       : NULL;
}

static int is_hex40(const char *s)
{
	size_t i;
	for (i = 0; s && s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s && i == 40;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void read_entry(bctx *c, const yaml_node_t *e, sunset_baseline *out)
{
	static const char *const keys[] = {"fingerprint", "rule", "path",
					   "line"};
	const char *fp = NULL;

	if (!e || e->type != YAML_MAPPING_NODE) {
		berr(c, e, "each finding is an object with a fingerprint");
		return;
	}
	for (yaml_node_pair_t *p = e->data.mapping.pairs.start;
	     p < e->data.mapping.pairs.top; p++) {
		const char *k = sval(yaml_document_get_node(c->doc, p->key));
		const yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
		int known = 0;
		for (size_t i = 0; k && i < 4; i++)
			known |= !strcmp(k, keys[i]);
		if (!known)
			berr(c, yaml_document_get_node(c->doc, p->key),
			     "unknown key '%s' in a finding; the keys are "
			     "fingerprint, rule, path, line",
			     k ? k : "?");
		else if (!strcmp(k, "fingerprint"))
			fp = sval(v);
	}
	if (!is_hex40(fp)) {
		berr(c, e,
		     "a finding needs a 'fingerprint' of 40 hexadecimal "
		     "digits (as 'sunset baseline write' records it)");
		return;
	}
	out->fingerprints = sunset_realloc(out->fingerprints,
					   (out->count + 1) * sizeof(char *));
	out->fingerprints[out->count++] = sunset_strdup(fp);
}

int sunset_baseline_parse(sunset_baseline *out, const char *name,
			  const char *data, size_t len)
{
	static const char *const keys[] = {"sunset_baseline", "repository",
					   "commit", "created", "findings"};
	yaml_parser_t parser;
	yaml_document_t doc;
	const yaml_node_t *root, *findings = NULL;
	const char *version = NULL;
	bctx c = {name, &doc, 0};

	memset(out, 0, sizeof(*out));
	if (!sunset_yaml_load(&parser, &doc, data, len)) {
		sunset_errorf("%s:%zu:%zu: not a valid baseline (JSON): %s",
			      name, parser.problem_mark.line + 1,
			      parser.problem_mark.column + 1,
			      parser.problem ? parser.problem
					     : "unknown error");
		yaml_parser_delete(&parser);
		return SUNSET_ERR;
	}
	root = yaml_document_get_root_node(&doc);
	if (!root || root->type != YAML_MAPPING_NODE) {
		berr(&c, root,
		     "not a baseline: write one with 'sunset baseline write "
		     "FILE'");
	} else {
		for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
		     p < root->data.mapping.pairs.top; p++) {
			const yaml_node_t *kn =
				yaml_document_get_node(&doc, p->key);
			const char *k = sval(kn);
			int known = 0;
			for (size_t i = 0; k && i < 5; i++)
				known |= !strcmp(k, keys[i]);
			if (!known)
				berr(&c, kn,
				     "unknown key '%s'; a baseline has "
				     "sunset_baseline, repository, commit, "
				     "created and findings",
				     k ? k : "?");
			else if (!strcmp(k, "sunset_baseline"))
				version = sval(
					yaml_document_get_node(&doc, p->value));
			else if (!strcmp(k, "findings"))
				findings =
					yaml_document_get_node(&doc, p->value);
		}
		if (!version || strcmp(version, "1") != 0)
			berr(&c, root,
			     "not a sunset baseline of version 1 (no "
			     "\"sunset_baseline\": 1); write one with "
			     "'sunset baseline write FILE'");
		else if (!findings || findings->type != YAML_SEQUENCE_NODE)
			berr(&c, findings ? findings : root,
			     "'findings' must be a list");
		else
			for (yaml_node_item_t *it =
				     findings->data.sequence.items.start;
			     it < findings->data.sequence.items.top; it++)
				read_entry(&c,
					   yaml_document_get_node(&doc, *it),
					   out);
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	if (c.errors) {
		sunset_baseline_clear(out);
		return SUNSET_ERR;
	}
	if (out->count)
		qsort(out->fingerprints, out->count, sizeof(char *), cmp_str);
	return 0;
}

int sunset_baseline_read(sunset_baseline *out, const char *path)
{
	FILE *f = fopen(path, "rb");
	sunset_buf b = SUNSET_BUF_INIT;
	char chunk[8192];
	size_t n;
	int error;

	memset(out, 0, sizeof(*out));
	if (!f) {
		sunset_errorf("baseline %s: %s; write one with 'sunset "
			      "baseline write %s'",
			      path, strerror(errno), path);
		return SUNSET_ERR;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sunset_buf_put(&b, chunk, n);
	fclose(f);
	error = sunset_baseline_parse(out, path, b.ptr ? b.ptr : "", b.len);
	sunset_buf_free(&b);
	return error;
}

int sunset_baseline_has(const sunset_baseline *b, const char *fingerprint)
{
	return b && b->count &&
	       bsearch(&fingerprint, b->fingerprints, b->count, sizeof(char *),
		       cmp_str) != NULL;
}

void sunset_baseline_clear(sunset_baseline *b)
{
	for (size_t i = 0; i < b->count; i++)
		free(b->fingerprints[i]);
	free(b->fingerprints);
	memset(b, 0, sizeof(*b));
}
