/* policy.c - what fails the CI gate: flags and a .sunset.yaml */
#include "policy.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "memory.h"
#include "util.h"

static const char *const keys[] = {
	"fail-on-severity",
	"fail-on-shutdown",
	"shutdown-within-days",
	"max-score",
	"max-score-increase",
	"allow",
	"deny",
};

int sunset_policy_severity(const char *name)
{
	for (int i = SUNSET_SEV_INFO; name && i <= SUNSET_SEV_CRITICAL; i++)
		if (!strcmp(name, sunset_severity_name((sunset_severity)i)))
			return i;
	return name && !strcmp(name, "none") ? -1 : -2;
}

void sunset_policy_init(sunset_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->fail_on_severity = SUNSET_SEV_HIGH;
	p->fail_on_shutdown = 1;
	p->shutdown_within_days = -1;
	p->max_score = -1;
	p->max_score_increase = -1;
}

static void list_clear(sunset_strlist *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

static void list_copy(sunset_strlist *to, const sunset_strlist *from)
{
	list_clear(to);
	to->items =
		sunset_calloc(from->count ? from->count : 1, sizeof(char *));
	for (size_t i = 0; i < from->count; i++)
		to->items[i] = sunset_strdup(from->items[i]);
	to->count = from->count;
}

void sunset_policy_clear(sunset_policy *p)
{
	list_clear(&p->allow);
	list_clear(&p->deny);
	sunset_policy_init(p);
}

void sunset_policy_merge(sunset_policy *base, const sunset_policy *over)
{
	if (over->set & SUNSET_POLICY_SEVERITY)
		base->fail_on_severity = over->fail_on_severity;
	if (over->set & SUNSET_POLICY_SHUTDOWN)
		base->fail_on_shutdown = over->fail_on_shutdown;
	if (over->set & SUNSET_POLICY_WITHIN)
		base->shutdown_within_days = over->shutdown_within_days;
	if (over->set & SUNSET_POLICY_MAX_SCORE)
		base->max_score = over->max_score;
	if (over->set & SUNSET_POLICY_MAX_INCREASE)
		base->max_score_increase = over->max_score_increase;
	if (over->set & SUNSET_POLICY_ALLOW)
		list_copy(&base->allow, &over->allow);
	if (over->set & SUNSET_POLICY_DENY)
		list_copy(&base->deny, &over->deny);
	base->set |= over->set;
}

int sunset_policy_check_id(char *msg, size_t n, const sunset_ruleset *rules,
			   const char *id)
{
	const char *dot = strchr(id, '.');
	const char **names;
	const char *best;
	size_t count = 0;

	for (size_t i = 0; i < rules->nvendors; i++) {
		const sunset_vendor *v = rules->vendors[i];
		size_t vl = strlen(v->id);
		if (!dot && !strcmp(v->id, id))
			return 0;
		if (dot && (size_t)(dot - id) == vl && !strncmp(id, v->id, vl))
			for (size_t k = 0; k < v->nproducts; k++)
				if (!strcmp(v->products[k].id, dot + 1))
					return 0;
	}
	/* did you mean: every vendor and vendor.product */
	for (size_t i = 0; i < rules->nvendors; i++)
		count += 1 + rules->vendors[i]->nproducts;
	names = sunset_calloc(count ? count : 1, sizeof(*names));
	count = 0;
	for (size_t i = 0; i < rules->nvendors; i++) {
		const sunset_vendor *v = rules->vendors[i];
		names[count++] = sunset_strdup(v->id);
		for (size_t k = 0; k < v->nproducts; k++)
			names[count++] = sunset_asprintf("%s.%s", v->id,
							 v->products[k].id);
	}
	best = sunset_closest(id, names, count);
	if (best)
		snprintf(msg, n,
			 "'%s' is no vendor or vendor.product the rules know "
			 "(did you mean '%s'?)",
			 id, best);
	else
		snprintf(msg, n,
			 "'%s' is no vendor or vendor.product the rules know; "
			 "'sunset rules list' shows them",
			 id);
	for (size_t i = 0; i < count; i++)
		free((char *)names[i]);
	free(names);
	return -1;
}

int sunset_policy_lists(const sunset_strlist *l, const sunset_vendor *v,
			const sunset_product *p)
{
	size_t vl = strlen(v->id);

	for (size_t i = 0; i < l->count; i++) {
		const char *e = l->items[i];
		if (!strcmp(e, v->id))
			return 1;
		if (p && !strncmp(e, v->id, vl) && e[vl] == '.' &&
		    !strcmp(e + vl + 1, p->id))
			return 1;
	}
	return 0;
}

/* ---- the file ---- */

typedef struct {
	const char *name;
	yaml_document_t *doc;
	const sunset_ruleset *rules;
	int errors;
} pctx;

static void perr(pctx *c, const yaml_node_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void perr(pctx *c, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sunset_errorf("%s:%zu:%zu: %s", c->name, n ? n->start_mark.line + 1 : 1,
		      n ? n->start_mark.column + 1 : 1, msg);
	c->errors++;
}

static const char *scalar_of(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE
		       ? (const char *)n->data.scalar.value
		       : NULL;
}

/* A whole number from min to max; -1 after an error. */
static long number(pctx *c, const yaml_node_t *v, const char *key, long min,
		   long max)
{
	const char *s = scalar_of(v);
	char *end;
	long n;

	if (!s || !*s) {
		perr(c, v, "'%s' takes a whole number from %ld to %ld", key,
		     min, max);
		return -1;
	}
	n = strtol(s, &end, 10);
	if (*end || n < min || n > max) {
		perr(c, v,
		     "'%s' takes a whole number from %ld to %ld, not "
		     "'%s'",
		     key, min, max, s);
		return -1;
	}
	return n;
}

static void id_list(pctx *c, const yaml_node_t *v, const char *key,
		    sunset_strlist *out)
{
	yaml_node_item_t *it;

	if (!v || v->type != YAML_SEQUENCE_NODE) {
		perr(c, v,
		     "'%s' takes a list of vendors or vendor.product ids, "
		     "such as [elevenlabs, openai.gpt-image]",
		     key);
		return;
	}
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		const yaml_node_t *e = yaml_document_get_node(c->doc, *it);
		const char *s = scalar_of(e);
		char msg[512];
		if (!s || !*s) {
			perr(c, e,
			     "'%s' entries must be ids, not lists or "
			     "mappings",
			     key);
			continue;
		}
		if (c->rules &&
		    sunset_policy_check_id(msg, sizeof(msg), c->rules, s) < 0) {
			perr(c, e, "%s: %s", key, msg);
			continue;
		}
		out->items = sunset_realloc(out->items,
					    (out->count + 1) * sizeof(char *));
		out->items[out->count++] = sunset_strdup(s);
	}
}

static void apply(pctx *c, sunset_policy *p, const char *key,
		  const yaml_node_t *v)
{
	const char *s = scalar_of(v);

	if (!strcmp(key, "fail-on-severity")) {
		int found = sunset_policy_severity(s);
		if (found == -2)
			perr(c, v,
			     "'fail-on-severity' is one of info, low, medium, "
			     "high, critical or none, not '%s'",
			     s ? s : "a list or mapping");
		p->fail_on_severity = found;
		p->set |= SUNSET_POLICY_SEVERITY;
	} else if (!strcmp(key, "fail-on-shutdown")) {
		if (s && (!strcmp(s, "true") || !strcmp(s, "false")))
			p->fail_on_shutdown = !strcmp(s, "true");
		else
			perr(c, v,
			     "'fail-on-shutdown' is true or false, not '%s'",
			     s ? s : "a list or mapping");
		p->set |= SUNSET_POLICY_SHUTDOWN;
	} else if (!strcmp(key, "shutdown-within-days")) {
		p->shutdown_within_days = number(c, v, key, 0, 36500);
		p->set |= SUNSET_POLICY_WITHIN;
	} else if (!strcmp(key, "max-score")) {
		p->max_score = (int)number(c, v, key, 0, 100);
		p->set |= SUNSET_POLICY_MAX_SCORE;
	} else if (!strcmp(key, "max-score-increase")) {
		p->max_score_increase = (int)number(c, v, key, 0, 100);
		p->set |= SUNSET_POLICY_MAX_INCREASE;
	} else if (!strcmp(key, "allow")) {
		id_list(c, v, key, &p->allow);
		p->set |= SUNSET_POLICY_ALLOW;
	} else if (!strcmp(key, "deny")) {
		id_list(c, v, key, &p->deny);
		p->set |= SUNSET_POLICY_DENY;
	}
}

int sunset_policy_parse(sunset_policy *out, const char *name, const char *data,
			size_t len, const sunset_ruleset *rules)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root;
	pctx c = {name, &doc, rules, 0};

	sunset_policy_init(out);
	if (!sunset_yaml_load(&parser, &doc, data, len)) {
		sunset_errorf("%s:%zu:%zu: not valid YAML: %s", name,
			      parser.problem_mark.line + 1,
			      parser.problem_mark.column + 1,
			      parser.problem ? parser.problem
					     : "unknown error");
		yaml_parser_delete(&parser);
		return SUNSET_ERR;
	}
	root = yaml_document_get_root_node(&doc);
	if (root && root->type == YAML_MAPPING_NODE) {
		yaml_node_pair_t *pr;
		for (pr = root->data.mapping.pairs.start;
		     pr < root->data.mapping.pairs.top; pr++) {
			const yaml_node_t *k =
				yaml_document_get_node(&doc, pr->key);
			const yaml_node_t *v =
				yaml_document_get_node(&doc, pr->value);
			const char *key = scalar_of(k);
			size_t nkeys = sizeof(keys) / sizeof(*keys);
			int known = 0;
			for (size_t i = 0; key && i < nkeys; i++)
				known |= !strcmp(key, keys[i]);
			for (yaml_node_pair_t *q =
				     root->data.mapping.pairs.start;
			     key && q < pr; q++) {
				const char *o = scalar_of(
					yaml_document_get_node(&doc, q->key));
				if (o && !strcmp(o, key)) {
					perr(&c, k, "key '%s' appears twice",
					     key);
					known = -1;
				}
			}
			if (known > 0) {
				apply(&c, out, key, v);
			} else if (known == 0) {
				const char *best =
					sunset_closest(key, keys, nkeys);
				if (best)
					perr(&c, k,
					     "unknown key '%s' (did you mean "
					     "'%s'?)",
					     key ? key : "?", best);
				else
					perr(&c, k,
					     "unknown key '%s'; the keys are "
					     "fail-on-severity, "
					     "fail-on-shutdown, "
					     "shutdown-within-days, "
					     "max-score, max-score-increase, "
					     "allow, deny",
					     key ? key : "?");
			}
		}
	} else if (root) {
		perr(&c, root,
		     "a policy is a mapping of settings (key: value lines), "
		     "such as 'fail-on-severity: high'");
	}
	/* an empty file is the defaults */
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	if (c.errors) {
		sunset_policy_clear(out);
		return SUNSET_ERR;
	}
	return 0;
}
