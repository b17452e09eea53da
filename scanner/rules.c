/* rules.c - load and validate rule files (libyaml), compile patterns
 *
 * Everything a rule author can get wrong is caught here, with the file,
 * line and column: an unknown key must never silently switch a rule off. */
#include "rules.h"

#include "prefilter.h"

#include <pthread.h>

#include <assert.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "crawl.h"
#include "glob.h"
#include "memory.h"
#include "parse.h"
#include "util.h"
#include "yaml_load.h"

static const char *const severity_names[] = {"info", "low", "medium", "high",
					     "critical"};
static const char *const lifecycle_names[] = {
	"active", "deprecated", "sunset-announced", "discontinued"};
static const char *const kind_names[] = {"dependency", "import", "call",
					 "endpoint",   "model",	 "credential",
					 "config"};
static const char *const matcher_names[] = {"package", "import", "call", "http",
					    "string",  "env",	 "query"};
static const char *const ecosystems[] = {
	"pypi", "npm", "go", "maven", "rubygems", "nuget", "cargo", "composer"};
static const char *const capabilities[] = {
	"video",	 "image",   "speech",	  "voice",    "music", "avatar",
	"transcription", "text",    "embeddings", "realtime", "audio", "3d",
	"translation",	 "lipsync",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *sunset_severity_name(sunset_severity s)
{
	return (unsigned)s < COUNT(severity_names) ? severity_names[s] : "?";
}

const char *sunset_lifecycle_name(sunset_lifecycle l)
{
	return (unsigned)l < COUNT(lifecycle_names) ? lifecycle_names[l] : "?";
}

const char *sunset_kind_name(sunset_kind k)
{
	return (unsigned)k < COUNT(kind_names) ? kind_names[k] : "?";
}

const char *sunset_matcher_name(sunset_matcher_type t)
{
	return (unsigned)t < COUNT(matcher_names) ? matcher_names[t] : "?";
}

static int index_of(const char *const *names, size_t n, const char *s);

const char *sunset_ecosystem_name(const char *name)
{
	int i = index_of(ecosystems, sizeof(ecosystems) / sizeof(*ecosystems),
			 name ? name : "");
	return i < 0 ? NULL : ecosystems[i];
}

int sunset_capability_is_media(const char *capability)
{
	static const char *const non_media[] = {"text", "embeddings",
						"transcription", "translation"};
	return capability &&
	       index_of(non_media, COUNT(non_media), capability) < 0;
}

static int index_of(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], s))
			return (int)i;
	return -1;
}

/* ---- loading context ---- */

typedef struct {
	const char *file;
	yaml_document_t *doc;
	sunset_ruleset *set;
	int errors;
	const char *rule_id; /* for messages, while inside a rule */
} load_ctx;

static void err_at(load_ctx *c, const yaml_node_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void err_at(load_ctx *c, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (c->rule_id)
		sunset_errorf("%s:%zu:%zu: rule %s: %s", c->file,
			      n ? n->start_mark.line + 1 : 0,
			      n ? n->start_mark.column + 1 : 0, c->rule_id,
			      msg);
	else
		sunset_errorf("%s:%zu:%zu: %s", c->file,
			      n ? n->start_mark.line + 1 : 0,
			      n ? n->start_mark.column + 1 : 0, msg);
	c->errors++;
}

static yaml_node_t *node(load_ctx *c, int id)
{
	return yaml_document_get_node(c->doc, id);
}

static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE
		       ? (const char *)n->data.scalar.value
		       : NULL;
}

/* Edit distance, for "did you mean". */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[64];

	if (la >= 63 || lb >= 63)
		return 99;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t best = prev + cost;
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	return row[lb];
}

const char *sunset_closest(const char *word, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t bestd = 3;

	for (size_t i = 0; i < n; i++) {
		size_t d = distance(word ? word : "", names[i]);
		if (d < bestd) {
			bestd = d;
			best = names[i];
		}
	}
	return best;
}

static void unknown_key(load_ctx *c, const yaml_node_t *k, const char *where,
			const char *const *allowed, size_t n)
{
	const char *key = scalar(k);
	const char *best = sunset_closest(key, allowed, n);
	sunset_buf list = SUNSET_BUF_INIT;

	for (size_t i = 0; i < n; i++)
		sunset_buf_printf(&list, "%s%s", i ? ", " : "", allowed[i]);
	if (best)
		err_at(c, k, "unknown key '%s' in %s (did you mean '%s'?)",
		       key ? key : "?", where, best);
	else
		err_at(c, k, "unknown key '%s' in %s; the keys are: %s",
		       key ? key : "?", where, list.ptr);
	sunset_buf_free(&list);
}

/* Check a mapping's keys against `allowed`; NULL when not a mapping. */
static int check_mapping(load_ctx *c, yaml_node_t *n, const char *where,
			 const char *const *allowed, size_t nallowed)
{
	yaml_node_pair_t *p;
	unsigned long long seen = 0;

	if (!n || n->type != YAML_MAPPING_NODE) {
		err_at(c, n, "%s must be a mapping (key: value lines)", where);
		return -1;
	}
	/* the allowed keys met so far: comparing each key with those
	 * before it was quadratic in a mapping's size */
	assert(nallowed <= 64);
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = node(c, p->key);
		const char *key = scalar(k);
		int i;
		if (!key) {
			err_at(c, k, "keys in %s must be plain names", where);
			continue;
		}
		i = index_of(allowed, nallowed, key);
		if (i < 0)
			unknown_key(c, k, where, allowed, nallowed);
		else if (seen >> i & 1)
			err_at(c, k, "key '%s' appears twice in %s", key,
			       where);
		else
			seen |= 1ULL << i;
	}
	return 0;
}

static yaml_node_t *get(load_ctx *c, yaml_node_t *map, const char *key)
{
	yaml_node_pair_t *p;

	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	     p++) {
		const char *k = scalar(node(c, p->key));
		if (k && !strcmp(k, key))
			return node(c, p->value);
	}
	return NULL;
}

static char *get_string(load_ctx *c, yaml_node_t *map, const char *key,
			int required, const char *where)
{
	yaml_node_t *v = get(c, map, key);
	const char *s;

	if (!v) {
		if (required)
			err_at(c, map, "%s needs '%s'", where, key);
		return NULL;
	}
	s = scalar(v);
	if (!s) {
		err_at(c, v,
		       "'%s' must be a single value, not a list or "
		       "mapping",
		       key);
		return NULL;
	}
	if (required && !*s) {
		err_at(c, v, "'%s' must not be empty", key);
		return NULL;
	}
	return sunset_strdup(s);
}

/* A required value out of `names`; its index, or 0 after an error. */
static int get_enum(load_ctx *c, yaml_node_t *map, const char *key,
		    const char *where, const char *const *names, size_t n)
{
	char *s = get_string(c, map, key, 1, where);
	sunset_buf list = SUNSET_BUF_INIT;
	int i;

	if (!s)
		return 0;
	i = index_of(names, n, s);
	if (i < 0) {
		for (size_t k = 0; k < n; k++)
			sunset_buf_printf(&list, "%s%s",
					  k == 0       ? ""
					  : k == n - 1 ? ", "
						       : ", ",
					  names[k]);
		err_at(c, get(c, map, key), "%s '%s' is not one of %s", key, s,
		       list.ptr);
		sunset_buf_free(&list);
		i = 0;
	}
	free(s);
	return i;
}

/* A list of strings; a single scalar is a list of one. */
static int get_list(load_ctx *c, yaml_node_t *v, const char *key,
		    sunset_strlist *out)
{
	yaml_node_item_t *it;

	memset(out, 0, sizeof(*out));
	if (!v)
		return 0;
	if (v->type == YAML_SCALAR_NODE) {
		if (!*scalar(v)) {
			err_at(c, v, "'%s' must not be empty", key);
			return -1;
		}
		out->items = sunset_malloc(sizeof(char *));
		out->items[out->count++] = sunset_strdup(scalar(v));
		return 0;
	}
	if (v->type != YAML_SEQUENCE_NODE) {
		err_at(c, v, "'%s' must be a list of values", key);
		return -1;
	}
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		yaml_node_t *e = node(c, *it);
		if (!scalar(e) || !*scalar(e)) {
			err_at(c, e,
			       "every item of '%s' must be a non-empty "
			       "value",
			       key);
			continue;
		}
		out->items = sunset_realloc(out->items,
					    (out->count + 1) * sizeof(char *));
		out->items[out->count++] = sunset_strdup(scalar(e));
	}
	if (!out->count) {
		err_at(c, v, "'%s' must list at least one value", key);
		return -1;
	}
	return 0;
}

/* A list of globs: get_list's, each at most SUNSET_GLOB_MAX bytes (a
 * glob's match costs its length per byte of the path). */
static int get_globs(load_ctx *c, yaml_node_t *v, const char *key,
		     sunset_strlist *out)
{
	int error = get_list(c, v, key, out);

	for (size_t i = 0; i < out->count; i++)
		if (strlen(out->items[i]) > SUNSET_GLOB_MAX) {
			err_at(c, v,
			       "'%s' holds a glob of %zu bytes; a glob may "
			       "be at most %d bytes long",
			       key, strlen(out->items[i]), SUNSET_GLOB_MAX);
			error = -1;
		}
	return error;
}

static void strlist_free(sunset_strlist *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

static int valid_date(const char *s)
{
	int y, m, d;
	char tail;
	static const int days[] = {31, 29, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31};

	if (strlen(s) != 10 ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return 0;
	if (s[4] != '-' || s[7] != '-' || m < 1 || m > 12 || d < 1 ||
	    d > days[m - 1])
		return 0;
	if (m == 2 && d == 29 &&
	    !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return 0;
	return 1;
}

static int valid_id(const char *s)
{
	if (!*s || !(isalnum((unsigned char)*s)))
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '.' && *s != '-' &&
		    *s != '_')
			return 0;
	return 1;
}

/* ---- regexes and queries ---- */

/* Queries and patterns compile on first use instead of at load (see
 * sunset_rules_load_if_known). */
static int defer_queries;

/* PCRE2 allocates through these (memory.h): out of memory is never a
 * pattern that "does not compile" nor a match limit. Made once, kept
 * for the life of the process. */
static pcre2_general_context *pcre_general;
static pcre2_compile_context *pcre_compile_ctx;

static void make_pcre_contexts(void)
{
	pcre_general = pcre2_general_context_create(
		sunset_memory_pcre2_malloc, sunset_memory_pcre2_free, NULL);
	pcre_compile_ctx = pcre2_compile_context_create(pcre_general);
}

static pcre2_compile_context *pcre_contexts(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, make_pcre_contexts);
	return pcre_compile_ctx;
}

static int compile_regex(load_ctx *c, yaml_node_t *at, const char *source,
			 sunset_regex *out)
{
	int errcode;
	PCRE2_SIZE erroff;
	PCRE2_UCHAR msg[256];

	out->source = sunset_strdup(source);
	out->code = NULL;
	out->failed = 0;
	/* a pack known to load whole compiles its patterns on first use,
	 * as its queries (sunset_regex_search) */
	if (defer_queries)
		return 0;
	out->code = pcre2_compile((PCRE2_SPTR)source, PCRE2_ZERO_TERMINATED,
				  PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &errcode,
				  &erroff, pcre_contexts());
	if (!out->code) {
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		err_at(c, at, "pattern '%s' does not compile at offset %zu: %s",
		       source, (size_t)erroff, (char *)msg);
		return -1;
	}
	/* SUNSET_NO_JIT=1 keeps PCRE2's interpreter: valgrind cannot follow
	 * JIT code and reports its reads as uninitialised (make valgrind) */
	if (!getenv("SUNSET_NO_JIT"))
		pcre2_jit_compile(out->code, PCRE2_JIT_COMPLETE);
	return 0;
}

static int get_regexes(load_ctx *c, yaml_node_t *v, const char *key,
		       sunset_regexlist *out)
{
	sunset_strlist l;
	int error = 0;

	memset(out, 0, sizeof(*out));
	if (!v)
		return 0;
	if (get_list(c, v, key, &l) < 0)
		return -1;
	out->items = sunset_calloc(l.count, sizeof(sunset_regex));
	for (size_t i = 0; i < l.count; i++) {
		if (compile_regex(c, v, l.items[i], &out->items[out->count]) <
		    0) {
			free(out->items[out->count].source);
			error = -1;
			continue;
		}
		out->count++;
	}
	strlist_free(&l);
	return error;
}

static void regexlist_free(sunset_regexlist *l)
{
	for (size_t i = 0; i < l->count; i++) {
		free(l->items[i].source);
		pcre2_code_free(l->items[i].code);
	}
	free(l->items);
	memset(l, 0, sizeof(*l));
}

/* Does the query text define capture @name? (Deferred queries are not
 * compiled yet; their pack compiled whole before.) */
static int text_has_capture(const char *pattern, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = strchr(pattern, '@'); p; p = strchr(p + 1, '@'))
		if (!strncmp(p + 1, name, n) &&
		    !(isalnum((unsigned char)p[1 + n]) || p[1 + n] == '_' ||
		      p[1 + n] == '-' || p[1 + n] == '.'))
			return 1;
	return 0;
}

static pthread_mutex_t query_lock = PTHREAD_MUTEX_INITIALIZER;

/* Compile a part not compiled yet; the error is kept in it. Returns 1
 * when it failed just now. */
static int compile_part(sunset_query_part *q)
{
	uint32_t off = 0;
	TSQueryError err = TSQueryErrorNone;

	if (q->query || q->failed)
		return 0;
	q->query = ts_query_new(sunset_grammar(q->lang), q->source,
				(uint32_t)strlen(q->source), &off, &err);
	if (q->query)
		return 0;
	q->failed = 1;
	q->error_offset = off;
	q->error_type = (int)err;
	return 1;
}

const TSQuery *sunset_query_get(const sunset_query_part *part)
{
	sunset_query_part *q = (sunset_query_part *)part; /* lazily set */
	const TSQuery *got;

	pthread_mutex_lock(&query_lock);
	if (compile_part(q))
		sunset_warnf("a query of %s no longer compiles (offset %u); "
			     "its rule is skipped: run 'sunset rules check'",
			     sunset_lang_name(q->lang), q->error_offset);
	got = q->query;
	pthread_mutex_unlock(&query_lock);
	return got;
}

/* ---- compiling every query at once ---- */

/* ---- work on every core ---- */

typedef struct {
	void (*fn)(void *item);
	void **items;
	size_t n;
	size_t next; /* under the queue's lock */
	pthread_mutex_t lock;
} core_queue;

static void *core_worker(void *arg)
{
	core_queue *q = arg;

	for (;;) {
		size_t i;
		pthread_mutex_lock(&q->lock);
		i = q->next++;
		pthread_mutex_unlock(&q->lock);
		if (i >= q->n)
			return NULL;
		q->fn(q->items[i]); /* each item is one thread's alone */
	}
}

/* fn(items[i]) for every i, on one thread per online core (this one
 * among them), returning when all are done. */
static void on_cores(void (*fn)(void *item), void **items, size_t n)
{
	core_queue q = {fn, items, n, 0, PTHREAD_MUTEX_INITIALIZER};
	pthread_t th[16];
	size_t nth = 0;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	while (nth + 1 < (size_t)(cores > 1 ? cores : 1) &&
	       nth < sizeof(th) / sizeof(th[0]) && nth + 1 < n &&
	       pthread_create(&th[nth], NULL, core_worker, &q) == 0)
		nth++;
	core_worker(&q);
	for (size_t i = 0; i < nth; i++)
		pthread_join(th[i], NULL);
}

static void compile_item(void *part)
{
	compile_part(part);
}

/* Compile every query of the set, on one thread per core (most of a
 * load's time is tree-sitter analysing queries), then report in file
 * order what does not compile, and 'where' keys naming captures the
 * compiled pattern lacks. Returns the number of errors. */
static int check_queries(sunset_ruleset *set)
{
	void **parts;
	size_t n = 0;
	int errors = 0;
	static const char *const why[] = {"no error",	       "syntax",
					  "unknown node type", "unknown field",
					  "unknown capture",   "structure",
					  "language"};

	for (size_t i = 0; i < set->nrules; i++)
		n += set->rules[i].nqueries;
	if (!n)
		return 0;
	parts = sunset_calloc(n, sizeof(*parts));
	n = 0;
	for (size_t i = 0; i < set->nrules; i++)
		for (size_t k = 0; k < set->rules[i].nqueries; k++)
			parts[n++] = &set->rules[i].queries[k];
	on_cores(compile_item, parts, n);
	free(parts);

	for (size_t i = 0; i < set->nrules; i++) {
		const sunset_rule *r = &set->rules[i];
		for (size_t k = 0; k < r->nqueries; k++) {
			const sunset_query_part *q = &r->queries[k];
			if (q->failed) {
				sunset_errorf(
					"%s:%u:%u: rule %s: query does not "
					"compile for %s at offset %u (%s "
					"error)",
					r->file, q->line, q->col, r->id,
					sunset_lang_name(q->lang),
					q->error_offset,
					(unsigned)q->error_type < COUNT(why)
						? why[q->error_type]
						: "unknown");
				errors++;
				continue;
			}
			for (size_t w = 0; w < q->nconstraints; w++) {
				uint32_t ncap =
					ts_query_capture_count(q->query);
				int found = 0;
				for (uint32_t ci = 0; ci < ncap && !found;
				     ci++) {
					uint32_t len;
					const char *cn =
						ts_query_capture_name_for_id(
							q->query, ci, &len);
					found = len == strlen(q->capture_names
								      [w]) &&
						!strncmp(cn,
							 q->capture_names[w],
							 len);
				}
				if (found)
					continue;
				sunset_errorf("%s:%u:%u: rule %s: 'where' "
					      "names capture '%s', which the "
					      "pattern does not define",
					      r->file, q->where_line[w],
					      q->where_col[w], r->id,
					      q->where_keys[w]);
				errors++;
			}
		}
	}
	return errors;
}

static int load_query_part(load_ctx *c, yaml_node_t *q, sunset_rule *r)
{
	static const char *const keys[] = {"language", "pattern", "where"};
	sunset_query_part part;
	char *lang_name, *pattern;
	yaml_node_t *where;
	int error = 0;

	memset(&part, 0, sizeof(part));
	if (check_mapping(c, q, "a query", keys, COUNT(keys)) < 0)
		return -1;
	lang_name = get_string(c, q, "language", 1, "a query");
	pattern = get_string(c, q, "pattern", 1, "a query");
	if (!lang_name || !pattern) {
		free(lang_name);
		free(pattern);
		return -1;
	}
	part.lang = sunset_lang_from_name(lang_name);
	if (!sunset_grammar(part.lang)) {
		err_at(c, get(c, q, "language"),
		       "query language '%s' has no tree-sitter grammar in "
		       "sunset",
		       lang_name);
		free(lang_name);
		free(pattern);
		return -1;
	}
	/* compiled once every file is read, all at once (check_queries),
	 * or on first use when deferred */
	{
		const yaml_node_t *pn = get(c, q, "pattern");
		part.line = (unsigned)pn->start_mark.line + 1;
		part.col = (unsigned)pn->start_mark.column + 1;
	}
	part.source = pattern;
	where = get(c, q, "where");
	if (where) {
		yaml_node_pair_t *p;
		if (where->type != YAML_MAPPING_NODE) {
			err_at(c, where,
			       "'where' must map captures to "
			       "patterns (\"@name\": regex)");
			error = -1;
		} else {
			for (p = where->data.mapping.pairs.start;
			     p < where->data.mapping.pairs.top; p++) {
				const char *cap = scalar(node(c, p->key));
				const char *re = scalar(node(c, p->value));
				const char *name =
					cap && cap[0] == '@' ? cap + 1 : cap;
				int found =
					name && text_has_capture(pattern, name);
				const yaml_node_t *kn = node(c, p->key);
				if (!found || !re) {
					err_at(c, node(c, p->key),
					       "'where' names capture '%s', "
					       "which "
					       "the pattern does not define",
					       cap ? cap : "?");
					error = -1;
					continue;
				}
				part.capture_names =
					sunset_realloc(part.capture_names,
						       (part.nconstraints + 1) *
							       sizeof(char *));
				part.capture_regex = sunset_realloc(
					part.capture_regex,
					(part.nconstraints + 1) *
						sizeof(sunset_regex));
				if (compile_regex(
					    c, node(c, p->value), re,
					    &part.capture_regex
						     [part.nconstraints]) < 0) {
					free(part.capture_regex
						     [part.nconstraints]
							     .source);
					error = -1;
					continue;
				}
				part.where_line =
					sunset_realloc(part.where_line,
						       (part.nconstraints +
							1) * sizeof(unsigned));
				part.where_col = sunset_realloc(
					part.where_col, (part.nconstraints +
							 1) * sizeof(unsigned));
				part.where_keys =
					sunset_realloc(part.where_keys,
						       (part.nconstraints + 1) *
							       sizeof(char *));
				part.where_line[part.nconstraints] =
					(unsigned)kn->start_mark.line + 1;
				part.where_col[part.nconstraints] =
					(unsigned)kn->start_mark.column + 1;
				part.where_keys[part.nconstraints] =
					sunset_strdup(cap);
				part.capture_names[part.nconstraints++] =
					sunset_strdup(name);
			}
		}
	}
	free(lang_name);
	r->queries =
		sunset_realloc(r->queries, (r->nqueries + 1) * sizeof(part));
	r->queries[r->nqueries++] = part;
	return error;
}

/* ---- matchers ---- */

static int load_matcher(load_ctx *c, yaml_node_t *rule, sunset_rule *r)
{
	int found = 0, error = 0;
	yaml_node_t *m = NULL;

	for (size_t i = 0; i < COUNT(matcher_names); i++) {
		yaml_node_t *v = get(c, rule, matcher_names[i]);
		if (!v)
			continue;
		if (found++) {
			err_at(c, v,
			       "a rule has exactly one matcher, but "
			       "this one also has '%s'",
			       matcher_names[i]);
			return -1;
		}
		r->matcher = (sunset_matcher_type)i;
		m = v;
	}
	if (!found) {
		err_at(c, rule,
		       "no matcher: add one of package, import, "
		       "call, http, string, env, query");
		return -1;
	}

	switch (r->matcher) {
	case SUNSET_MATCH_PACKAGE: {
		yaml_node_pair_t *p;
		if (check_mapping(c, m, "package", ecosystems,
				  COUNT(ecosystems)) < 0)
			return -1;
		for (p = m->data.mapping.pairs.start;
		     p < m->data.mapping.pairs.top; p++) {
			const char *eco = scalar(node(c, p->key));
			sunset_package_set set;
			if (!eco ||
			    index_of(ecosystems, COUNT(ecosystems), eco) < 0)
				continue;
			set.ecosystem = sunset_strdup(eco);
			if (get_list(c, node(c, p->value), eco, &set.names) <
			    0) {
				free(set.ecosystem);
				error = -1;
				continue;
			}
			r->packages = sunset_realloc(
				r->packages, (r->npackages + 1) * sizeof(set));
			r->packages[r->npackages++] = set;
		}
		if (!r->npackages && !error) {
			err_at(c, m, "package needs at least one ecosystem");
			error = -1;
		}
		break;
	}
	case SUNSET_MATCH_IMPORT:
		error = get_list(c, m, "import", &r->modules);
		break;
	case SUNSET_MATCH_CALL: {
		static const char *const keys[] = {"modules", "chains"};
		if (check_mapping(c, m, "call", keys, COUNT(keys)) < 0)
			return -1;
		if (!get(c, m, "modules") || !get(c, m, "chains")) {
			err_at(c, m,
			       "call needs 'modules' (where the receiver "
			       "comes from) and 'chains' (the member "
			       "calls, like images.generate)");
			return -1;
		}
		if (get_list(c, get(c, m, "modules"), "modules", &r->modules) <
			    0 ||
		    get_list(c, get(c, m, "chains"), "chains", &r->chains) < 0)
			error = -1;
		break;
	}
	case SUNSET_MATCH_HTTP: {
		static const char *const keys[] = {"hosts", "paths"};
		if (check_mapping(c, m, "http", keys, COUNT(keys)) < 0)
			return -1;
		if (!get(c, m, "hosts")) {
			err_at(c, m,
			       "http needs 'hosts': the vendor's API "
			       "host names");
			return -1;
		}
		if (get_globs(c, get(c, m, "hosts"), "hosts", &r->hosts) < 0 ||
		    get_regexes(c, get(c, m, "paths"), "paths", &r->url_paths) <
			    0)
			error = -1;
		for (size_t i = 0; i < r->hosts.count; i++)
			if (strchr(r->hosts.items[i], '/') ||
			    strchr(r->hosts.items[i], ':')) {
				err_at(c, get(c, m, "hosts"),
				       "host '%s' must be a bare host name "
				       "(put paths under 'paths')",
				       r->hosts.items[i]);
				error = -1;
			}
		break;
	}
	case SUNSET_MATCH_STRING:
	case SUNSET_MATCH_ENV: {
		const char *vals =
			r->matcher == SUNSET_MATCH_ENV ? "names" : "values";
		const char *const keys[] = {vals, "patterns"};
		const char *what = matcher_names[r->matcher];
		if (check_mapping(c, m, what, keys, COUNT(keys)) < 0)
			return -1;
		if (!get(c, m, vals) && !get(c, m, "patterns")) {
			err_at(c, m, "%s needs '%s' or 'patterns'", what, vals);
			return -1;
		}
		if (get_list(c, get(c, m, vals), vals, &r->values) < 0 ||
		    get_regexes(c, get(c, m, "patterns"), "patterns",
				&r->patterns) < 0)
			error = -1;
		break;
	}
	case SUNSET_MATCH_QUERY:
		if (m->type == YAML_SEQUENCE_NODE) {
			for (yaml_node_item_t *it =
				     m->data.sequence.items.start;
			     it < m->data.sequence.items.top; it++)
				if (load_query_part(c, node(c, *it), r) < 0)
					error = -1;
		} else if (load_query_part(c, m, r) < 0) {
			error = -1;
		}
		break;
	}
	return error;
}

/* ---- vendors, products, rules ---- */

static const char *const file_keys[] = {"vendor", "products", "rules"};
static const char *const vendor_keys[] = {"id", "name", "homepage"};
static const char *const product_keys[] = {
	"id",	    "name",    "capability",   "lifecycle", "announced",
	"shutdown", "sources", "alternatives", "notes"};
static const char *const rule_keys[] = {
	"id",	   "vendor",	  "product",	"kind",	     "severity",
	"message", "remediation", "references", "languages", "paths",
	"exclude", "package",	  "import",	"call",	     "http",
	"string",  "env",	  "query",	"prefilter"};

static sunset_vendor *find_vendor(sunset_ruleset *set, const char *id)
{
	for (size_t i = 0; i < set->nvendors; i++)
		if (!strcmp(set->vendors[i]->id, id))
			return set->vendors[i];
	return NULL;
}

static int load_product(load_ctx *c, yaml_node_t *n, sunset_product *p)
{
	int e0 = c->errors;

	memset(p, 0, sizeof(*p));
	if (check_mapping(c, n, "a product", product_keys,
			  COUNT(product_keys)) < 0)
		return -1;
	p->id = get_string(c, n, "id", 1, "a product");
	p->name = get_string(c, n, "name", 1, "a product");
	p->capability = get_string(c, n, "capability", 1, "a product");
	if (p->id && !valid_id(p->id))
		err_at(c, get(c, n, "id"),
		       "product id '%s' may hold only letters, digits, '.', "
		       "'-' and '_'",
		       p->id);
	if (p->capability &&
	    index_of(capabilities, COUNT(capabilities), p->capability) < 0)
		err_at(c, get(c, n, "capability"),
		       "unknown capability '%s' (video, image, speech, voice, "
		       "music, avatar, transcription, text, embeddings, "
		       "realtime, audio, 3d, translation, lipsync)",
		       p->capability);
	p->lifecycle = (sunset_lifecycle)get_enum(c, n, "lifecycle",
						  "a product", lifecycle_names,
						  COUNT(lifecycle_names));
	p->announced = get_string(c, n, "announced", 0, "a product");
	p->shutdown = get_string(c, n, "shutdown", 0, "a product");
	if (p->announced && !valid_date(p->announced))
		err_at(c, get(c, n, "announced"),
		       "announced '%s' is not a date (YYYY-MM-DD)",
		       p->announced);
	if (p->shutdown && !valid_date(p->shutdown))
		err_at(c, get(c, n, "shutdown"),
		       "shutdown '%s' is not a date (YYYY-MM-DD)", p->shutdown);
	get_list(c, get(c, n, "sources"), "sources", &p->sources);
	get_list(c, get(c, n, "alternatives"), "alternatives",
		 &p->alternatives);
	p->notes = get_string(c, n, "notes", 0, "a product");
	if (p->lifecycle != SUNSET_LIFE_ACTIVE && !p->sources.count)
		err_at(c, n,
		       "product %s is %s: a lifecycle claim needs 'sources' "
		       "(URLs)",
		       p->id ? p->id : "?",
		       sunset_lifecycle_name(p->lifecycle));
	if ((p->shutdown || p->announced) && !p->sources.count)
		err_at(c, n, "product %s has dates but no 'sources'",
		       p->id ? p->id : "?");
	for (size_t i = 0; i < p->alternatives.count; i++)
		if (!strchr(p->alternatives.items[i], '.'))
			err_at(c, get(c, n, "alternatives"),
			       "alternative '%s' must name vendor.product",
			       p->alternatives.items[i]);
	return c->errors > e0 ? -1 : 0;
}

static void product_free(sunset_product *p)
{
	free(p->id);
	free(p->name);
	free(p->capability);
	free(p->announced);
	free(p->shutdown);
	free(p->notes);
	strlist_free(&p->sources);
	strlist_free(&p->alternatives);
}

static void rule_free(sunset_rule *r)
{
	free(r->id);
	free(r->message);
	free(r->remediation);
	free(r->file);
	strlist_free(&r->references);
	strlist_free(&r->paths);
	strlist_free(&r->exclude);
	for (size_t i = 0; i < r->npackages; i++) {
		free(r->packages[i].ecosystem);
		strlist_free(&r->packages[i].names);
	}
	free(r->packages);
	strlist_free(&r->modules);
	strlist_free(&r->chains);
	strlist_free(&r->hosts);
	regexlist_free(&r->url_paths);
	strlist_free(&r->values);
	regexlist_free(&r->patterns);
	regexlist_free(&r->prefilter);
	for (size_t i = 0; i < r->nqueries; i++) {
		sunset_query_part *q = &r->queries[i];
		if (q->query)
			ts_query_delete(q->query);
		free(q->source);
		for (size_t k = 0; k < q->nconstraints; k++) {
			free(q->capture_names[k]);
			free(q->capture_regex[k].source);
			pcre2_code_free(q->capture_regex[k].code);
			free(q->where_keys[k]);
		}
		free(q->capture_names);
		free(q->capture_regex);
		free(q->where_keys);
		free(q->where_line);
		free(q->where_col);
	}
	free(r->queries);
}

static sunset_product *find_product(sunset_vendor *v, const char *id)
{
	for (size_t i = 0; v && i < v->nproducts; i++)
		if (!strcmp(v->products[i].id, id))
			return &v->products[i];
	return NULL;
}

static void load_rule(load_ctx *c, yaml_node_t *n, sunset_vendor *file_vendor)
{
	sunset_rule r;
	char *s;
	sunset_strlist langs;
	int e0 = c->errors;

	memset(&r, 0, sizeof(r));
	c->rule_id = NULL;
	if (n && n->type == YAML_MAPPING_NODE) {
		const char *id = scalar(get(c, n, "id"));
		if (id)
			c->rule_id = id;
	}
	if (check_mapping(c, n, "a rule", rule_keys, COUNT(rule_keys)) < 0)
		goto fail;
	r.id = get_string(c, n, "id", 1, "a rule");
	if (r.id && !valid_id(r.id))
		err_at(c, get(c, n, "id"),
		       "rule id '%s' may hold only letters, digits, '.', '-' "
		       "and '_'",
		       r.id);
	if (r.id && !strchr(r.id, '.'))
		err_at(c, get(c, n, "id"),
		       "rule id '%s' must be dotted (vendor.what)", r.id);
	for (size_t i = 0; r.id && i < c->set->nrules; i++)
		if (!strcmp(c->set->rules[i].id, r.id))
			err_at(c, get(c, n, "id"),
			       "rule id '%s' is already used at %s:%d", r.id,
			       c->set->rules[i].file, c->set->rules[i].line);
	r.file = sunset_strdup(c->file);
	r.line = (int)n->start_mark.line + 1;

	s = get_string(c, n, "vendor", 0, "a rule");
	r.vendor = file_vendor;
	if (s) {
		r.vendor = find_vendor(c->set, s);
		if (!r.vendor)
			err_at(c, get(c, n, "vendor"),
			       "vendor '%s' is not defined by any rule file "
			       "loaded before this one",
			       s);
		free(s);
	}
	if (!r.vendor && c->errors == e0)
		err_at(c, n,
		       "the rule names no vendor, and its file defines "
		       "none");
	s = get_string(c, n, "product", 1, "a rule");
	if (s && r.vendor) {
		r.product = find_product(r.vendor, s);
		if (!r.product)
			err_at(c, get(c, n, "product"),
			       "product '%s' is not a product of vendor %s", s,
			       r.vendor->id);
	}
	free(s);
	r.kind = (sunset_kind)get_enum(c, n, "kind", "a rule", kind_names,
				       COUNT(kind_names));
	r.severity = (sunset_severity)get_enum(c, n, "severity", "a rule",
					       severity_names,
					       COUNT(severity_names));
	r.message = get_string(c, n, "message", 1, "a rule");
	r.remediation = get_string(c, n, "remediation", 0, "a rule");
	get_list(c, get(c, n, "references"), "references", &r.references);
	get_globs(c, get(c, n, "paths"), "paths", &r.paths);
	get_globs(c, get(c, n, "exclude"), "exclude", &r.exclude);
	if (get(c, n, "prefilter"))
		get_regexes(c, get(c, n, "prefilter"), "prefilter",
			    &r.prefilter);
	if (get(c, n, "languages") &&
	    get_list(c, get(c, n, "languages"), "languages", &langs) == 0) {
		for (size_t i = 0; i < langs.count; i++) {
			sunset_lang l = sunset_lang_from_name(langs.items[i]);
			if (l == SUNSET_LANG_UNKNOWN)
				err_at(c, get(c, n, "languages"),
				       "unknown language '%s'", langs.items[i]);
			else
				r.languages |= 1u << l;
		}
		strlist_free(&langs);
	}
	load_matcher(c, n, &r);
	if (c->errors > e0)
		goto fail;
	c->set->rules =
		sunset_realloc(c->set->rules, (c->set->nrules + 1) * sizeof(r));
	c->set->rules[c->set->nrules++] = r;
	c->rule_id = NULL;
	return;
fail:
	rule_free(&r);
	c->rule_id = NULL;
}

static void vendor_free(sunset_vendor *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->nproducts; i++)
		product_free(&v->products[i]);
	free(v->products);
	free(v->id);
	free(v->name);
	free(v->homepage);
	free(v->file);
	free(v);
}

static void load_document(load_ctx *c)
{
	yaml_node_t *root = yaml_document_get_root_node(c->doc);
	yaml_node_t *vn, *pn, *rn;
	sunset_vendor *vendor = NULL;

	if (!root) {
		err_at(c, NULL,
		       "the file is empty; a rule file holds "
		       "'vendor', 'products' and 'rules'");
		return;
	}
	if (check_mapping(c, root, "a rule file", file_keys, COUNT(file_keys)) <
	    0)
		return;
	vn = get(c, root, "vendor");
	if (vn && vn->type == YAML_SCALAR_NODE) {
		/* rules for a vendor that another file defines */
		vendor = find_vendor(c->set, scalar(vn));
		if (!vendor)
			err_at(c, vn,
			       "vendor '%s' is not defined by any rule file "
			       "loaded before this one",
			       scalar(vn));
		if (get(c, root, "products"))
			err_at(c, get(c, root, "products"),
			       "products belong in the file that defines "
			       "vendor '%s'",
			       scalar(vn));
	} else if (vn) {
		if (check_mapping(c, vn, "vendor", vendor_keys,
				  COUNT(vendor_keys)) < 0)
			return;
		vendor = sunset_calloc(1, sizeof(*vendor));
		vendor->id = get_string(c, vn, "id", 1, "vendor");
		vendor->name = get_string(c, vn, "name", 1, "vendor");
		vendor->homepage = get_string(c, vn, "homepage", 0, "vendor");
		vendor->file = sunset_strdup(c->file);
		if (!vendor->id || !vendor->name) {
			vendor_free(vendor);
			return;
		}
		if (!valid_id(vendor->id) || strchr(vendor->id, '.'))
			err_at(c, get(c, vn, "id"),
			       "vendor id '%s' may hold only letters, digits, "
			       "'-' and '_'",
			       vendor->id);
		if (find_vendor(c->set, vendor->id)) {
			err_at(c, get(c, vn, "id"),
			       "vendor '%s' is already defined in %s",
			       vendor->id,
			       find_vendor(c->set, vendor->id)->file);
			vendor_free(vendor);
			return;
		}
		pn = get(c, root, "products");
		if (pn && pn->type != YAML_SEQUENCE_NODE)
			err_at(c, pn, "'products' must be a list");
		else if (pn)
			for (yaml_node_item_t *it =
				     pn->data.sequence.items.start;
			     it < pn->data.sequence.items.top; it++) {
				sunset_product p;
				if (load_product(c, node(c, *it), &p) < 0) {
					product_free(&p);
					continue;
				}
				if (find_product(vendor, p.id)) {
					err_at(c, node(c, *it),
					       "product '%s' is defined twice",
					       p.id);
					product_free(&p);
					continue;
				}
				p.vendor = vendor;
				vendor->products = sunset_realloc(
					vendor->products,
					(vendor->nproducts + 1) * sizeof(p));
				vendor->products[vendor->nproducts++] = p;
			}
		for (size_t i = 0; i < vendor->nproducts; i++)
			vendor->products[i].vendor = vendor;
		c->set->vendors = sunset_realloc(
			c->set->vendors,
			(c->set->nvendors + 1) * sizeof(sunset_vendor *));
		c->set->vendors[c->set->nvendors++] = vendor;
	}
	rn = get(c, root, "rules");
	if (rn && rn->type != YAML_SEQUENCE_NODE) {
		err_at(c, rn, "'rules' must be a list");
		return;
	}
	if (rn)
		for (yaml_node_item_t *it = rn->data.sequence.items.start;
		     it < rn->data.sequence.items.top; it++)
			load_rule(c, node(c, *it), vendor);
}

/* Parse one rule file's bytes (named `path` in messages) into `set`. */
/* One rule file's YAML, parsed (on any thread) before its rules are
 * read (in load order). */
typedef struct {
	const sunset_rule_source *src;
	yaml_document_t doc;
	int error;	       /* sunset_yaml_load's */
	sunset_yaml_error why; /* when it failed: where and why */
} parsed_source;

static void parse_source(parsed_source *p)
{
	p->error = sunset_yaml_load(&p->doc, &p->why, SUNSET_YAML_RULES,
				    p->src->data, p->src->len);
}

static void parse_item(void *p)
{
	parse_source(p);
}

/* Parse every source's YAML, on one thread per core: libyaml is most of
 * reading a pack whose queries and patterns compile later. */
static parsed_source *parse_sources(const sunset_ruleset *set)
{
	size_t n = set->nsources;
	parsed_source *all = sunset_calloc(n ? n : 1, sizeof(parsed_source));
	void **items = sunset_calloc(n ? n : 1, sizeof(void *));

	for (size_t i = 0; i < n; i++) {
		all[i].src = &set->sources[i];
		items[i] = &all[i];
	}
	on_cores(parse_item, items, n);
	free(items);
	return all;
}

static int load_parsed(sunset_ruleset *set, parsed_source *p)
{
	load_ctx c;

	if (p->error < 0) {
		sunset_yaml_report(p->src->path, p->error, &p->why);
		return SUNSET_ERR;
	}
	memset(&c, 0, sizeof(c));
	c.file = p->src->path;
	c.set = set;
	c.doc = &p->doc;
	load_document(&c);
	return c.errors ? SUNSET_ERR : 0;
}

/* Read a rule file into a new source of `set`. */
static int read_source(sunset_ruleset *set, const char *path)
{
	FILE *f = fopen(path, "rb");
	sunset_buf bytes = SUNSET_BUF_INIT;
	sunset_rule_source *src;
	char chunk[8192];
	size_t n;

	if (!f) {
		sunset_errorf("%s: cannot read rule file: %s", path,
			      strerror(errno));
		return SUNSET_ERR;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sunset_buf_put(&bytes, chunk, n);
	fclose(f);
	set->sources = sunset_realloc(set->sources,
				      (set->nsources + 1) * sizeof(*src));
	src = &set->sources[set->nsources++];
	src->path = sunset_strdup(path);
	src->len = bytes.len;
	src->data = bytes.ptr ? sunset_buf_detach(&bytes) : sunset_strdup("");
	return 0;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_yaml_ext(const char *name)
{
	size_t n = strlen(name);
	return (n > 5 && !strcmp(name + n - 5, ".yaml")) ||
	       (n > 4 && !strcmp(name + n - 4, ".yml"));
}

/* Rule files below a directory, sorted, so load order is stable. */
static void collect_files(sunset_strlist *out, const char *dir, int depth)
{
	DIR *d;
	struct dirent *de;
	sunset_strlist here = {0};

	if (depth > 16 || !(d = opendir(dir)))
		return;
	while ((de = readdir(d)) != NULL) {
		char *p;
		struct stat st;
		if (de->d_name[0] == '.')
			continue;
		p = sunset_path_join(dir, de->d_name);
		if (stat(p, &st) == 0 &&
		    (S_ISDIR(st.st_mode) ||
		     (S_ISREG(st.st_mode) && has_yaml_ext(de->d_name)))) {
			here.items = sunset_realloc(
				here.items, (here.count + 1) * sizeof(char *));
			here.items[here.count++] = p;
		} else {
			free(p);
		}
	}
	closedir(d);
	if (here.count) /* here.items is NULL then: qsort's base must not be */
		qsort(here.items, here.count, sizeof(char *), str_cmp);
	for (size_t i = 0; i < here.count; i++) {
		struct stat st;
		if (stat(here.items[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			collect_files(out, here.items[i], depth + 1);
			free(here.items[i]);
		} else {
			out->items = sunset_realloc(
				out->items, (out->count + 1) * sizeof(char *));
			out->items[out->count++] = here.items[i];
		}
	}
	free(here.items);
}

/* Files that define vendors load before files that extend them. */
static int defines_vendor(const sunset_rule_source *src)
{
	const char *p = src->data, *end = src->data + src->len;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		if ((size_t)(eol - p) >= 7 && !strncmp(p, "vendor:", 7)) {
			const char *q = p + 7;
			while (q < eol && (*q == ' ' || *q == '\t'))
				q++;
			return q == eol || *q == '\r' || *q == '#';
		}
		p = eol + 1;
	}
	return 0;
}

/* Parse the sources of `out` in order, then hash them and set up
 * matching. */
/* Read the sources' rules: their YAML parsed on all cores, then, when
 * `known` (may be NULL) says the pack's hash is of a pack that loaded
 * whole before, with queries and patterns compiled on first use. */
static int load_sources_known(sunset_ruleset *out,
			      int (*known)(const char *hash, void *arg),
			      void *arg)
{
	sunset_buf all = SUNSET_BUF_INIT;
	int error = 0, was = defer_queries;
	git_oid id;
	parsed_source *parsed = parse_sources(out);

	for (size_t i = 0; i < out->nsources; i++)
		sunset_buf_put(&all, out->sources[i].data, out->sources[i].len);
	sunset_git_ready();
	if (git_odb_hash(&id, all.ptr ? all.ptr : "", all.len,
			 GIT_OBJECT_BLOB) == 0)
		git_oid_tostr(out->hash, sizeof(out->hash), &id);
	sunset_buf_free(&all);
	if (known && out->hash[0] && known(out->hash, arg))
		defer_queries = 1;
	for (size_t i = 0; i < out->nsources; i++) {
		if (load_parsed(out, &parsed[i]) < 0)
			error = SUNSET_ERR;
		if (!parsed[i].error)
			yaml_document_delete(&parsed[i].doc);
	}
	free(parsed);
	/* a pack known to load whole compiles its queries on first use */
	if (!defer_queries && check_queries(out) > 0)
		error = SUNSET_ERR;
	defer_queries = was;
	pcre_contexts();
	out->match_ctx = pcre2_match_context_create(pcre_general);
	pcre2_set_match_limit(out->match_ctx, 200000);
	pcre2_set_depth_limit(out->match_ctx, 5000);
	return error;
}

static int load_sources(sunset_ruleset *out)
{
	return load_sources_known(out, NULL, NULL);
}

/* The rule files PATHs name, read into out->sources in load order.
 * With `quiet`, errors are not printed. */
static int collect_sources(sunset_ruleset *out, const char *const *paths,
			   size_t npaths, int quiet)
{
	sunset_strlist files = {0};
	int error = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < npaths; i++) {
		struct stat st;
		if (stat(paths[i], &st) < 0) {
			if (!quiet)
				sunset_errorf("%s: %s; give a rule file or a "
					      "directory "
					      "of rule files",
					      paths[i], strerror(errno));
			error = SUNSET_ERR;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			size_t before = files.count;
			collect_files(&files, paths[i], 0);
			if (files.count == before) {
				if (!quiet)
					sunset_errorf("%s: no rule files "
						      "(*.yaml, *.yml) in "
						      "this directory",
						      paths[i]);
				error = SUNSET_ERR;
			}
		} else {
			files.items = sunset_realloc(files.items,
						     (files.count + 1) *
							     sizeof(char *));
			files.items[files.count++] = sunset_strdup(paths[i]);
		}
	}
	for (size_t i = 0; i < files.count; i++)
		if (read_source(out, files.items[i]) < 0)
			error = SUNSET_ERR;
	strlist_free(&files);
	/* vendor-defining files first, each group in path order */
	if (out->nsources) {
		sunset_rule_source *sorted =
			sunset_calloc(out->nsources, sizeof(*sorted));
		size_t k = 0;
		for (int pass = 0; pass < 2; pass++)
			for (size_t i = 0; i < out->nsources; i++)
				if (defines_vendor(&out->sources[i]) ==
				    (pass == 0))
					sorted[k++] = out->sources[i];
		free(out->sources);
		out->sources = sorted;
	}
	return error;
}

int sunset_rules_load(sunset_ruleset *out, const char *const *paths,
		      size_t npaths)
{
	int error = collect_sources(out, paths, npaths, 0);

	if (load_sources(out) < 0)
		error = SUNSET_ERR;
	if (error)
		sunset_rules_clear(out);
	else
		out->prefilter = sunset_prefilter_new(out, 0);
	return error;
}

int sunset_rules_load_sources(sunset_ruleset *out,
			      const sunset_rule_source *sources, size_t n)
{
	memset(out, 0, sizeof(*out));
	out->sources = sunset_calloc(n ? n : 1, sizeof(*out->sources));
	for (size_t i = 0; i < n; i++) {
		sunset_rule_source *d = &out->sources[out->nsources++];
		d->path = sunset_strdup(sources[i].path);
		d->len = sources[i].len;
		d->data = sunset_malloc(d->len + 1);
		memcpy(d->data, sources[i].data, d->len);
		d->data[d->len] = '\0';
	}
	if (load_sources(out) < 0) {
		sunset_rules_clear(out);
		return SUNSET_ERR;
	}
	out->prefilter = sunset_prefilter_new(out, 0);
	return 0;
}

int sunset_rules_load_if_known(sunset_ruleset *out, const char *const *paths,
			       size_t npaths,
			       int (*known)(const char *hash, void *arg),
			       void *arg, int prefilter_later)
{
	int error = collect_sources(out, paths, npaths, 0);

	if (load_sources_known(out, error ? NULL : known, arg) < 0)
		error = SUNSET_ERR;
	if (error)
		sunset_rules_clear(out);
	else if (prefilter_later)
		out->prefilter_later = 1;
	else
		out->prefilter = sunset_prefilter_new(out, 0);
	return error;
}

void sunset_rules_prefilter_ready(sunset_ruleset *set)
{
	if (!set->prefilter_later)
		return;
	set->prefilter_later = 0;
	set->prefilter = sunset_prefilter_new(set, 0);
}

void sunset_rules_clear(sunset_ruleset *set)
{
	for (size_t i = 0; i < set->nrules; i++)
		rule_free(&set->rules[i]);
	free(set->rules);
	for (size_t i = 0; i < set->nvendors; i++)
		vendor_free(set->vendors[i]);
	free(set->vendors);
	pcre2_match_context_free(set->match_ctx);
	sunset_prefilter_free(set->prefilter);
	for (size_t i = 0; i < set->nsources; i++) {
		free(set->sources[i].path);
		free(set->sources[i].data);
	}
	free(set->sources);
	memset(set, 0, sizeof(*set));
}

char *sunset_rules_default_dir(void)
{
	const char *env = getenv("SUNSET_RULES");
	char exe[PATH_MAX];
	ssize_t n;
	struct stat st;

	if (env && *env)
		return sunset_strdup(env);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash, *cand;
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			cand = sunset_asprintf("%s/../rules", exe);
			if (stat(cand, &st) == 0 && S_ISDIR(st.st_mode))
				return cand;
			free(cand);
			cand = sunset_asprintf("%s/../share/sunset/rules", exe);
			if (stat(cand, &st) == 0 && S_ISDIR(st.st_mode))
				return cand;
			free(cand);
		}
	}
	return sunset_strdup("rules");
}

const sunset_product *sunset_rules_find_product(const sunset_ruleset *set,
						const char *vp)
{
	const char *dot = strchr(vp, '.');

	if (!dot)
		return NULL;
	for (size_t i = 0; i < set->nvendors; i++)
		if (strlen(set->vendors[i]->id) == (size_t)(dot - vp) &&
		    !strncmp(set->vendors[i]->id, vp, (size_t)(dot - vp)))
			return find_product(set->vendors[i], dot + 1);
	return NULL;
}

static pthread_mutex_t regex_lock = PTHREAD_MUTEX_INITIALIZER;

/* The compiled pattern, compiling a deferred one now; NULL (with a
 * warning) when it does not compile. */
static pcre2_code *regex_code(const sunset_regex *re)
{
	sunset_regex *r = (sunset_regex *)re; /* lazily set */
	pcre2_code *code = __atomic_load_n(&r->code, __ATOMIC_ACQUIRE);
	int errcode;
	PCRE2_SIZE erroff;

	if (code)
		return code;
	pthread_mutex_lock(&regex_lock);
	code = r->code;
	if (!code && !r->failed) {
		code = pcre2_compile((PCRE2_SPTR)r->source,
				     PCRE2_ZERO_TERMINATED,
				     PCRE2_UTF | PCRE2_MATCH_INVALID_UTF,
				     &errcode, &erroff, pcre_contexts());
		if (!code) {
			r->failed = 1;
			sunset_warnf("pattern '%s' no longer compiles; its "
				     "rule does not match: run 'sunset rules "
				     "check'",
				     r->source);
		} else if (!getenv("SUNSET_NO_JIT")) {
			pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
		}
		__atomic_store_n(&r->code, code, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&regex_lock);
	return code;
}

int sunset_regex_search(const sunset_ruleset *set, const sunset_regex *re,
			const char *subject, size_t len, size_t *start,
			size_t *end)
{
	pcre2_code *code = regex_code(re);
	pcre2_match_data *md;
	int rc;

	if (!code)
		return 0;
	md = pcre2_match_data_create_from_pattern(code, NULL);
	rc = pcre2_match(code, (PCRE2_SPTR)subject, len, 0, 0, md,
			 set->match_ctx);

	if (rc >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		*start = ov[0];
		*end = ov[1];
		rc = 1;
	} else if (rc == PCRE2_ERROR_NOMATCH) {
		rc = 0;
	} else {
		rc = -1; /* match or depth limit, JIT stack */
	}
	pcre2_match_data_free(md);
	return rc;
}
