/* suppress.c - .sunsetignore: suppressions kept in the scanned repository */
#include "suppress.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <yaml.h>

#include "memory.h"
#include "util.h"

static void entry_free(sunset_suppression *e)
{
	free(e->fingerprint);
	free(e->rule);
	free(e->path);
	free(e->reason);
	free(e->until);
}

void sunset_suppressions_clear(sunset_suppressions *s)
{
	for (size_t i = 0; i < s->count; i++)
		entry_free(&s->items[i]);
	free(s->items);
	memset(s, 0, sizeof(*s));
}

static const char *scalar(yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE
		       ? (const char *)n->data.scalar.value
		       : NULL;
}

static int is_date(const char *s)
{
	int y, m, d;
	char tail;
	return strlen(s) == 10 &&
	       sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && m >= 1 &&
	       m <= 12 && d >= 1 && d <= 31 && s[4] == '-' && s[7] == '-';
}

void sunset_suppressions_parse(sunset_suppressions *out, const char *name,
			       const char *src, size_t len)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root;

	memset(out, 0, sizeof(*out));
	if (!sunset_yaml_load(&parser, &doc, src, len)) {
		sunset_warnf("%s:%zu: not valid YAML (%s); no suppression in "
			     "it applies",
			     name, parser.problem_mark.line + 1,
			     parser.problem ? parser.problem : "?");
		yaml_parser_delete(&parser);
		return;
	}
	root = yaml_document_get_root_node(&doc);
	if (root && root->type != YAML_SEQUENCE_NODE) {
		sunset_warnf("%s:%zu: must be a list of suppressions "
			     "(- reason: ...); none applies",
			     name, root->start_mark.line + 1);
		root = NULL;
	}
	for (yaml_node_item_t *it = root ? root->data.sequence.items.start
					 : NULL;
	     root && it < root->data.sequence.items.top; it++) {
		yaml_node_t *e = yaml_document_get_node(&doc, *it);
		sunset_suppression s;
		int bad = 0;
		size_t line = e->start_mark.line + 1;

		memset(&s, 0, sizeof(s));
		s.line = (int)line;
		if (e->type != YAML_MAPPING_NODE) {
			sunset_warnf("%s:%zu: a suppression is a mapping with "
				     "reason and fingerprint or rule; ignored",
				     name, line);
			continue;
		}
		for (yaml_node_pair_t *p = e->data.mapping.pairs.start;
		     p < e->data.mapping.pairs.top; p++) {
			const char *k =
				scalar(yaml_document_get_node(&doc, p->key));
			const char *v =
				scalar(yaml_document_get_node(&doc, p->value));
			char **slot = NULL;
			if (!k || !v) {
				bad = 1;
				continue;
			}
			if (!strcmp(k, "fingerprint"))
				slot = &s.fingerprint;
			else if (!strcmp(k, "rule"))
				slot = &s.rule;
			else if (!strcmp(k, "path"))
				slot = &s.path;
			else if (!strcmp(k, "reason"))
				slot = &s.reason;
			else if (!strcmp(k, "until"))
				slot = &s.until;
			if (!slot) {
				sunset_warnf("%s:%zu: unknown key '%s' (keys: "
					     "fingerprint, rule, path, reason, "
					     "until); suppression ignored",
					     name, line, k);
				bad = 1;
			} else if (!*slot) {
				*slot = sunset_strdup(v);
			}
		}
		if (!bad && (!s.reason || !*s.reason)) {
			sunset_warnf("%s:%zu: a suppression needs a reason; "
				     "ignored",
				     name, line);
			bad = 1;
		}
		if (!bad && !s.fingerprint && !s.rule) {
			sunset_warnf("%s:%zu: a suppression needs a "
				     "fingerprint or a rule; ignored",
				     name, line);
			bad = 1;
		}
		if (!bad && s.until && !is_date(s.until)) {
			sunset_warnf("%s:%zu: until '%s' is not a date "
				     "(YYYY-MM-DD); suppression ignored",
				     name, line, s.until);
			bad = 1;
		}
		if (bad) {
			entry_free(&s);
			continue;
		}
		out->items = sunset_realloc(out->items,
					    (out->count + 1) * sizeof(s));
		out->items[out->count++] = s;
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
}

static int covers(const sunset_suppression *s, const sunset_finding *f)
{
	if (s->fingerprint)
		return !strcmp(s->fingerprint, f->fingerprint);
	if (!sunset_glob_match(s->rule, f->rule->id))
		return 0;
	return !s->path || sunset_glob_match(s->path, f->path);
}

void sunset_suppressions_apply(const sunset_suppressions *s,
			       sunset_findings *findings, size_t first,
			       const char *today)
{
	for (size_t i = first; i < findings->count; i++) {
		sunset_finding *f = &findings->items[i];
		if (f->suppressed)
			continue;
		for (size_t k = 0; k < s->count; k++) {
			if (!covers(&s->items[k], f))
				continue;
			if (s->items[k].until &&
			    strcmp(today, s->items[k].until) > 0) {
				free(f->expired);
				f->expired = sunset_strdup(s->items[k].until);
				continue;
			}
			f->suppressed = 1;
			free(f->expired);
			f->expired = NULL;
			f->suppress_by = sunset_asprintf(".sunsetignore:%d",
							 s->items[k].line);
			f->suppress_reason = sunset_strdup(s->items[k].reason);
			break;
		}
	}
}

void sunset_today(char out[11])
{
	const char *env = getenv("SUNSET_TODAY");
	time_t t = time(NULL);
	struct tm tm;

	if (env && is_date(env)) {
		memcpy(out, env, 10);
		out[10] = '\0';
		return;
	}
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}
