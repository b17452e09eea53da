/* yaml_load.c - the one loader of every YAML file sunset reads, within
 * limits on size, nesting and values
 *
 * libyaml's own loader (yaml_parser_load) takes time quadratic in the
 * nesting depth (its scanner walks every open level at each token: 40,000
 * nested '[' took 2.9 s, 1.4 MB of them 15 minutes) and has no limit of
 * any kind. Here the document is composed from yaml_parser_parse's events
 * instead, node by node as libyaml composes it, so the nesting is known
 * at each event and the parse stops at the first level past the limit,
 * before the scanner has gone far. */
#include "yaml_load.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "util.h"

#define MIB (1024 * 1024)

/* One row per kind of file: its limits and how its messages read. */
static const struct {
	const char *what;    /* "a rule file" */
	size_t max_bytes;    /* the shipped rule files are 26 KB at most */
	size_t max_values;   /* and hold 1,200 nodes at most */
	const char *invalid; /* the start of a syntax error's message */
	const char *smaller; /* how to make the file smaller */
} kinds[] = {
	[SUNSET_YAML_RULES] = {"a rule file", MIB, 250000, "not valid YAML",
			       "split it into several rule files"},
	[SUNSET_YAML_POLICY] = {"a policy", MIB, 250000, "not valid YAML",
				"list vendors rather than each product"},
	[SUNSET_YAML_IGNORE] = {".sunsetignore", MIB, 250000, "not valid YAML",
				"suppress by rule and path globs rather than "
				"one fingerprint at a time"},
	[SUNSET_YAML_BASELINE] = {"a baseline", 16 * MIB, 2000000,
				  "not a valid baseline (JSON)",
				  "suppress what stays in .sunsetignore by "
				  "rule and path instead"},
};

size_t sunset_yaml_max_bytes(sunset_yaml_kind kind)
{
	return kinds[kind].max_bytes;
}

size_t sunset_yaml_max_values(sunset_yaml_kind kind)
{
	return kinds[kind].max_values;
}

/* A list or mapping whose end has not come yet. */
typedef struct {
	int id;		    /* its node */
	int key;	    /* a mapping's key waiting for its value, or 0 */
	size_t before;	    /* values counted before it */
	const char *anchor; /* its anchor's name (the table's), or NULL */
} open_node;

typedef struct {
	char *name; /* NULL: a free slot */
	int id;
	size_t weight; /* the values the node stands for; 0 while open */
} anchor;

typedef struct {
	yaml_document_t *doc;
	sunset_yaml_kind kind;
	sunset_yaml_error *err;
	open_node open[SUNSET_YAML_MAX_DEPTH];
	int depth;
	size_t values;	 /* nodes so far, an alias counting as its node's */
	anchor *anchors; /* a hash table of nanchors_cap slots */
	size_t nanchors, nanchors_cap;
	uint64_t seed; /* of the hash, taken with the table */
} composer;

static int fail_at(composer *c, yaml_mark_t mark, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail_at(composer *c, yaml_mark_t mark, const char *fmt, ...)
{
	va_list ap;

	c->err->line = mark.line + 1;
	c->err->column = mark.column + 1;
	va_start(ap, fmt);
	vsnprintf(c->err->message, sizeof(c->err->message), fmt, ap);
	va_end(ap);
	return SUNSET_ERR;
}

/* FNV-1a from a random start, mixed: a file cannot choose anchor names
 * that all land in one run of the table (each lookup would then walk
 * them all). */
static uint64_t hash(const composer *c, const char *s)
{
	uint64_t h = c->seed;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	return h ^ (h >> 33);
}

/* The slot of anchor `name`: where it is, or the free one it goes in. */
static anchor *anchor_slot(composer *c, const char *name)
{
	size_t mask = c->nanchors_cap - 1;
	size_t i = (size_t)hash(c, name) & mask;

	while (c->anchors[i].name && strcmp(c->anchors[i].name, name))
		i = (i + 1) & mask;
	return &c->anchors[i];
}

static void anchors_grow(composer *c)
{
	anchor *old = c->anchors;
	size_t n = c->nanchors_cap;

	if (!n && getrandom(&c->seed, sizeof(c->seed), 0) != sizeof(c->seed))
		c->seed = (uint64_t)time(NULL) ^ (uintptr_t)c;
	c->nanchors_cap = n ? 2 * n : 16;
	c->anchors = sunset_calloc(c->nanchors_cap, sizeof(anchor));
	for (size_t i = 0; i < n; i++)
		if (old[i].name)
			*anchor_slot(c, old[i].name) = old[i];
	free(old);
}

/* Name node `id` *name (taken over), which stands for `weight` values (0
 * while open). libyaml refuses a name given twice, and so does this. */
static int anchor_add(composer *c, yaml_char_t **name, int id, size_t weight,
		      yaml_mark_t mark)
{
	anchor *slot;

	if ((c->nanchors + 1) * 2 > c->nanchors_cap)
		anchors_grow(c);
	slot = anchor_slot(c, (const char *)*name);
	if (slot->name) {
		yaml_mark_t first =
			c->doc->nodes.start[slot->id - 1].start_mark;
		return fail_at(c, mark,
			       "%s: found duplicate anchor &%s (first at line "
			       "%zu, column %zu)",
			       kinds[c->kind].invalid, (const char *)*name,
			       first.line + 1, first.column + 1);
	}
	slot->name = (char *)*name;
	*name = NULL;
	slot->id = id;
	slot->weight = weight;
	c->nanchors++;
	return 0;
}

/* Count `n` more values (a new node: 1; an alias: its node's). */
static int count_values(composer *c, size_t n, yaml_mark_t mark)
{
	c->values += n;
	if (c->values <= kinds[c->kind].max_values)
		return 0;
	return fail_at(c, mark,
		       "more than %zu values (an alias counts as the values "
		       "it stands for), the most sunset reads of %s; %s",
		       kinds[c->kind].max_values, kinds[c->kind].what,
		       kinds[c->kind].smaller);
}

/* The document's nodes, items and pairs are libyaml's stacks (start,
 * top, end), grown here as libyaml grows them (doubled by realloc:
 * yaml_document_delete frees them with free()). The loader builds them
 * itself, taking over the events' strings as libyaml's loader does:
 * through yaml_document_add_* and its copies, loading the rule pack
 * took 4% more instructions than yaml_parser_load; now as many. */
static int grow(void **start, void **top, void **end, size_t size)
{
	size_t have = (size_t)((char *)*end - (char *)*start) / size;
	size_t used = (size_t)((char *)*top - (char *)*start) / size;
	void *p = realloc(*start, (have ? 2 * have : 16) * size);

	if (!p)
		return 0;
	*start = p;
	*top = (char *)p + used * size;
	*end = (char *)p + (have ? 2 * have : 16) * size;
	return 1;
}

/* Push `value` on a libyaml stack; 0 when out of memory. */
#define PUSH(stack, value)                                        \
	(((stack).top != (stack).end ||                           \
	  grow((void **)&(stack).start, (void **)&(stack).top,    \
	       (void **)&(stack).end, sizeof(*(stack).start))) && \
	 (*(stack).top++ = (value), 1))

/* The tag of a node: the event's, taken over, or the default of its
 * kind for an untagged node or one tagged '!', as libyaml's loader
 * does. NULL when out of memory. */
static yaml_char_t *take_tag(yaml_char_t **tag, const char *default_tag)
{
	yaml_char_t *t = *tag;

	if (!t)
		return (yaml_char_t *)strdup(default_tag);
	*tag = NULL;
	if (strcmp((const char *)t, "!"))
		return t;
	free(t);
	return (yaml_char_t *)strdup(default_tag);
}

/* A new node at the end of the document, zeroed but for the event's
 * marks; NULL when out of memory. */
static yaml_node_t *new_node(composer *c, const yaml_event_t *ev)
{
	yaml_document_t *d = c->doc;
	yaml_node_t *n;

	if (d->nodes.top == d->nodes.end &&
	    !grow((void **)&d->nodes.start, (void **)&d->nodes.top,
		  (void **)&d->nodes.end, sizeof(yaml_node_t))) {
		sunset_oom("reading YAML");
	}
	n = d->nodes.top++;
	memset(n, 0, sizeof(*n));
	n->start_mark = ev->start_mark;
	n->end_mark = ev->end_mark;
	return n;
}

/* Put node `id` where the open list or mapping wants it (nowhere for
 * the root). */
static int place(composer *c, int id, yaml_mark_t mark)
{
	open_node *o;
	yaml_node_t *parent;

	(void)mark; /* out of memory is sunset_oom()'s, not the file's */
	if (!c->depth)
		return 0;
	o = &c->open[c->depth - 1];
	parent = &c->doc->nodes.start[o->id - 1];
	if (parent->type == YAML_SEQUENCE_NODE) {
		if (PUSH(parent->data.sequence.items, id))
			return 0;
	} else if (!o->key) {
		o->key = id;
		return 0;
	} else {
		yaml_node_pair_t pair = {o->key, id};
		o->key = 0;
		if (PUSH(parent->data.mapping.pairs, pair))
			return 0;
	}
	sunset_oom("reading YAML");
}

static int on_alias(composer *c, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	const anchor *a = c->nanchors ? anchor_slot(c, name) : NULL;

	if (!a || !a->name)
		return fail_at(c, ev->start_mark,
			       "%s: found undefined alias *%s",
			       kinds[c->kind].invalid, name);
	if (!a->weight)
		return fail_at(c, ev->start_mark,
			       "alias *%s stands for a list or mapping that "
			       "holds it; an alias may only repeat what has "
			       "ended before it",
			       name);
	if (count_values(c, a->weight, ev->start_mark) < 0)
		return SUNSET_ERR;
	return place(c, a->id, ev->start_mark);
}

static int on_scalar(composer *c, yaml_event_t *ev)
{
	yaml_node_t *n = new_node(c, ev);
	int id;

	if (!n)
		return SUNSET_ERR;
	id = (int)(c->doc->nodes.top - c->doc->nodes.start);
	n->type = YAML_SCALAR_NODE;
	n->tag = take_tag(&ev->data.scalar.tag, YAML_DEFAULT_SCALAR_TAG);
	n->data.scalar.value = ev->data.scalar.value;
	n->data.scalar.length = ev->data.scalar.length;
	n->data.scalar.style = ev->data.scalar.style;
	ev->data.scalar.value = NULL;
	if (!n->tag)
		sunset_oom("reading YAML");
	if (count_values(c, 1, ev->start_mark) < 0 ||
	    (ev->data.scalar.anchor &&
	     anchor_add(c, &ev->data.scalar.anchor, id, 1, ev->start_mark) < 0))
		return SUNSET_ERR;
	return place(c, id, ev->start_mark);
}

static int on_start(composer *c, yaml_event_t *ev)
{
	yaml_char_t **name;
	const char *anchor_name;
	size_t before = c->values;
	yaml_node_t *n;
	int id;

	if (c->depth == SUNSET_YAML_MAX_DEPTH)
		return fail_at(c, ev->start_mark,
			       "nested deeper than %d levels, the most sunset "
			       "reads in %s; flatten it",
			       SUNSET_YAML_MAX_DEPTH, kinds[c->kind].what);
	if (!(n = new_node(c, ev)))
		return SUNSET_ERR;
	id = (int)(c->doc->nodes.top - c->doc->nodes.start);
	if (ev->type == YAML_SEQUENCE_START_EVENT) {
		n->type = YAML_SEQUENCE_NODE;
		n->tag = take_tag(&ev->data.sequence_start.tag,
				  YAML_DEFAULT_SEQUENCE_TAG);
		n->data.sequence.style = ev->data.sequence_start.style;
		name = &ev->data.sequence_start.anchor;
	} else {
		n->type = YAML_MAPPING_NODE;
		n->tag = take_tag(&ev->data.mapping_start.tag,
				  YAML_DEFAULT_MAPPING_TAG);
		n->data.mapping.style = ev->data.mapping_start.style;
		name = &ev->data.mapping_start.anchor;
	}
	if (!n->tag)
		sunset_oom("reading YAML");
	/* the anchor table takes the name over: the pointer stays good */
	anchor_name = (const char *)*name;
	/* weight 0: open, so an alias of it inside it is refused */
	if (count_values(c, 1, ev->start_mark) < 0 ||
	    (*name && anchor_add(c, name, id, 0, ev->start_mark) < 0) ||
	    place(c, id, ev->start_mark) < 0)
		return SUNSET_ERR;
	c->open[c->depth].id = id;
	c->open[c->depth].key = 0;
	c->open[c->depth].before = before;
	c->open[c->depth].anchor = anchor_name;
	c->depth++;
	return 0;
}

static void on_end(composer *c, const yaml_event_t *ev)
{
	open_node *o = &c->open[--c->depth];

	c->doc->nodes.start[o->id - 1].end_mark = ev->end_mark;
	if (o->anchor)
		anchor_slot(c, o->anchor)->weight = c->values - o->before;
}

/* The line and column of byte `at` of data. */
static void position(sunset_yaml_error *err, const char *data, size_t at)
{
	const char *nl = data;
	const char *p;

	err->line = 1;
	while ((p = memchr(nl, '\n', (size_t)(data + at - nl))) != NULL) {
		err->line++;
		nl = p + 1;
	}
	err->column = (size_t)(data + at - nl) + 1;
}

int sunset_yaml_load(yaml_document_t *out, sunset_yaml_error *err,
		     sunset_yaml_kind kind, const char *data, size_t len)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	composer c;
	int error = 0, started = 0, done = 0;
	unsigned events = 0;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if (len > kinds[kind].max_bytes) {
		position(err, data, kinds[kind].max_bytes);
		snprintf(err->message, sizeof(err->message),
			 "larger than %zu MiB, the most sunset reads of %s; "
			 "%s",
			 kinds[kind].max_bytes / MIB, kinds[kind].what,
			 kinds[kind].smaller);
		return SUNSET_ERR;
	}
	memset(&c, 0, sizeof(c));
	c.doc = out;
	c.kind = kind;
	c.err = err;
	if (!yaml_parser_initialize(&parser))
		sunset_oom("reading YAML");
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	while (!done && !error) {
		if ((++events & 255) == 0 && sunset_interrupted()) {
			error = SUNSET_EINTR;
			break;
		}
		if (!yaml_parser_parse(&parser, &ev)) {
			yaml_mark_t at = parser.problem_mark;
			/* never "invalid" for want of memory */
			if (parser.error == YAML_MEMORY_ERROR)
				sunset_oom("reading YAML");
			error = fail_at(&c, at, "%s: %s", kinds[kind].invalid,
					parser.problem ? parser.problem
						       : "unknown error");
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_START_EVENT:
			break;
		case YAML_STREAM_END_EVENT: /* no document: empty */
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (!yaml_document_initialize(
				    out,
				    ev.data.document_start.version_directive,
				    ev.data.document_start.tag_directives.start,
				    ev.data.document_start.tag_directives.end,
				    ev.data.document_start.implicit, 1)) {
				sunset_oom("reading YAML");
			}
			started = 1;
			out->start_mark = ev.start_mark;
			break;
		case YAML_DOCUMENT_END_EVENT: /* the first document only */
			out->end_implicit = ev.data.document_end.implicit;
			out->end_mark = ev.end_mark;
			done = 1;
			break;
		case YAML_ALIAS_EVENT:
			error = on_alias(&c, &ev);
			break;
		/* a node takes its event's strings: nothing left to free */
		case YAML_SCALAR_EVENT:
			if (!(error = on_scalar(&c, &ev)))
				continue;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (!(error = on_start(&c, &ev)))
				continue;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			on_end(&c, &ev);
			continue;
		default: /* YAML_NO_EVENT: not produced */
			break;
		}
		yaml_event_delete(&ev);
	}
	for (size_t i = 0; i < c.nanchors_cap; i++)
		free(c.anchors[i].name);
	free(c.anchors);
	if (!error && !started &&
	    !yaml_document_initialize(out, NULL, NULL, NULL, 1, 1))
		sunset_oom("reading YAML");
	if (error && started)
		yaml_document_delete(out);
	if (error)
		memset(out, 0, sizeof(*out));
	yaml_parser_delete(&parser);
	return error;
}

void sunset_yaml_report(const char *name, int error,
			const sunset_yaml_error *err)
{
	if (error != SUNSET_EINTR)
		sunset_errorf("%s:%zu:%zu: %s", name, err->line, err->column,
			      err->message);
}
