/* facts.c - the facts store, its arena, and dispatch to the extractors */
#include "facts.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* A bump allocator: facts are many small strings freed all at once. */
struct sunset_arena {
	struct block {
		struct block *next;
		size_t used, size;
		char data[];
	} * head;
};

#define ARENA_BLOCK 65536

void *sunset_arena_alloc(sunset_facts *f, size_t n)
{
	struct block *b;

	if (!f->arena)
		f->arena = sunset_calloc(1, sizeof(*f->arena));
	n = (n + 15) & ~(size_t)15;
	b = f->arena->head;
	if (!b || b->size - b->used < n) {
		size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		b = sunset_malloc(sizeof(*b) + size);
		b->size = size;
		b->used = 0;
		b->next = f->arena->head;
		f->arena->head = b;
	}
	b->used += n;
	memset(b->data + b->used - n, 0, n);
	return b->data + b->used - n;
}

char *sunset_arena_strndup(sunset_facts *f, const char *s, size_t n)
{
	char *p = sunset_arena_alloc(f, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *sunset_arena_strdup(sunset_facts *f, const char *s)
{
	return s ? sunset_arena_strndup(f, s, strlen(s)) : NULL;
}

char *sunset_arena_printf(sunset_facts *f, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return sunset_arena_strdup(f, "");
	p = sunset_arena_alloc(f, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void sunset_facts_clear(sunset_facts *f)
{
	if (f->arena) {
		struct block *b = f->arena->head;
		while (b) {
			struct block *next = b->next;
			free(b);
			b = next;
		}
		free(f->arena);
	}
	free(f->imports);
	free(f->assigns);
	free(f->calls);
	free(f->strings);
	free(f->keys);
	free(f->envs);
	free(f->comments);
	memset(f, 0, sizeof(*f));
}

TSNode sunset_node_field(TSNode n, const char *name)
{
	static _Thread_local struct {
		const TSLanguage *lang;
		const char *name;
		TSFieldId id;
	} cache[64];
	const TSLanguage *lang;
	size_t slot = ((uintptr_t)name >> 3) % 64;

	if (ts_node_is_null(n))
		return n;
	lang = ts_tree_language(n.tree);
	if (cache[slot].lang != lang || cache[slot].name != name) {
		cache[slot].lang = lang;
		cache[slot].name = name;
		cache[slot].id = ts_language_field_id_for_name(
			lang, name, (uint32_t)strlen(name));
	}
	if (!cache[slot].id)
		return (TSNode){{0}, NULL, NULL};
	return ts_node_child_by_field_id(n, cache[slot].id);
}

sunset_span sunset_node_span(TSNode node)
{
	sunset_span s;
	TSPoint a = ts_node_start_point(node), b = ts_node_end_point(node);

	s.start_byte = ts_node_start_byte(node);
	s.end_byte = ts_node_end_byte(node);
	s.line = a.row + 1;
	s.col = a.column + 1;
	s.end_line = b.row + 1;
	s.end_col = b.column + 1;
	return s;
}

sunset_span sunset_span_of_bytes(const char *src, size_t start, size_t end)
{
	sunset_span s;
	uint32_t line = 1, col = 1;

	memset(&s, 0, sizeof(s));
	for (size_t i = 0; i < end; i++) {
		if (i == start) {
			s.line = line;
			s.col = col;
		}
		if (src[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	if (start >= end) {
		s.line = line;
		s.col = col;
	}
	s.start_byte = (uint32_t)start;
	s.end_byte = (uint32_t)end;
	s.end_line = line;
	s.end_col = col;
	return s;
}

char *sunset_node_text(sunset_facts *f, TSNode node, const char *src)
{
	uint32_t a = ts_node_start_byte(node), b = ts_node_end_byte(node);
	return sunset_arena_strndup(f, src + a, b > a ? b - a : 0);
}

char *sunset_unescape(sunset_facts *f, const char *s, size_t n)
{
	sunset_buf b = SUNSET_BUF_INIT;
	char *out;

	sunset_buf_unescape(&b, s, n);
	out = sunset_arena_strndup(f, b.ptr ? b.ptr : "", b.len);
	sunset_buf_free(&b);
	return out;
}

void sunset_strparts_flush(sunset_strparts *p)
{
	if (p->concat && p->seg.len)
		sunset_expr_add(
			p->f, p->concat,
			sunset_expr_new(p->f, SUNSET_EXPR_STRING,
					sunset_arena_strndup(p->f, p->seg.ptr,
							     p->seg.len),
					p->seg_node));
	sunset_buf_clear(&p->seg);
}

void sunset_strparts_text(sunset_strparts *p, const char *s, size_t n,
			  int dedent, TSNode node)
{
	if (!p->seg.len)
		p->seg_node = node;
	for (size_t i = 0; i < n; i++) {
		if (dedent && p->line_start && p->removed < p->indent &&
		    (s[i] == ' ' || s[i] == '\t')) {
			p->removed++;
			continue;
		}
		sunset_buf_put(&p->all, s + i, 1);
		sunset_buf_put(&p->seg, s + i, 1);
		p->line_start = s[i] == '\n';
		if (p->line_start)
			p->removed = 0;
	}
	if (!dedent && n)
		p->line_start = 0;
}

void sunset_strparts_interp(sunset_strparts *p, sunset_expr *e)
{
	sunset_strparts_flush(p);
	sunset_buf_puts(&p->all, "{}");
	if (p->concat && e)
		sunset_expr_add(p->f, p->concat, e);
	p->interpolated = 1;
	p->line_start = 0;
}

sunset_expr *sunset_expr_new(sunset_facts *f, sunset_expr_kind kind,
			     const char *text, TSNode node)
{
	sunset_expr *e = sunset_arena_alloc(f, sizeof(*e));
	e->kind = kind;
	e->text = text;
	if (!ts_node_is_null(node))
		e->span = sunset_node_span(node);
	return e;
}

/* Arena arrays double when full: adding n items costs O(n). An array an
 * extractor set directly (cap 0) is copied on the first addition. */
static void *grow(sunset_facts *f, void *items, size_t n, size_t *cap,
		  size_t size)
{
	void *bigger;

	if (n < *cap)
		return items;
	*cap = n < 4 ? 4 : n * 2;
	bigger = sunset_arena_alloc(f, *cap * size);
	if (n)
		memcpy(bigger, items, n * size);
	return bigger;
}

void sunset_expr_add(sunset_facts *f, sunset_expr *parent, sunset_expr *kid)
{
	if (!kid)
		return;
	parent->kids = grow(f, parent->kids, parent->nkids, &parent->cap_kids,
			    sizeof(*parent->kids));
	parent->kids[parent->nkids++] = kid;
}

#define PUSH(f, arr, n, cap)                                             \
	do {                                                             \
		if ((f)->n == (f)->cap) {                                \
			(f)->cap = (f)->cap ? (f)->cap * 2 : 16;         \
			(f)->arr = sunset_realloc(                       \
				(f)->arr, (f)->cap * sizeof(*(f)->arr)); \
		}                                                        \
		memset(&(f)->arr[(f)->n], 0, sizeof(*(f)->arr));         \
	} while (0)

void sunset_facts_add_import(sunset_facts *f, const char *module,
			     const char *member, const char *alias,
			     int wildcard, sunset_span span)
{
	sunset_import *i;

	if (!module || !*module)
		return;
	PUSH(f, imports, nimports, cap_imports);
	i = &f->imports[f->nimports++];
	i->module = sunset_arena_strdup(f, module);
	i->member = sunset_arena_strdup(f, member);
	i->alias = sunset_arena_strdup(f, alias);
	i->wildcard = wildcard;
	i->span = span;
}

void sunset_facts_add_assign(sunset_facts *f, const char *target,
			     sunset_expr *value, sunset_span span)
{
	sunset_assign *a;

	if (!target || !*target || !value)
		return;
	PUSH(f, assigns, nassigns, cap_assigns);
	a = &f->assigns[f->nassigns++];
	a->target = sunset_arena_strdup(f, target);
	a->value = value;
	a->span = span;
}

sunset_call *sunset_facts_add_call(sunset_facts *f, const char *callee,
				   int is_new, sunset_span span,
				   sunset_span callee_span)
{
	sunset_call *c;

	PUSH(f, calls, ncalls, cap_calls);
	c = &f->calls[f->ncalls++];
	c->callee = sunset_arena_strdup(f, callee ? callee : "");
	c->is_new = is_new;
	c->span = span;
	c->callee_span = callee_span;
	return c;
}

void sunset_call_add_arg(sunset_facts *f, sunset_call *call, sunset_expr *arg)
{
	if (!arg)
		arg = sunset_expr_new(f, SUNSET_EXPR_UNKNOWN, NULL,
				      (TSNode){{0}, NULL, NULL});
	call->args = grow(f, call->args, call->nargs, &call->cap_args,
			  sizeof(*call->args));
	call->args[call->nargs++] = arg;
}

void sunset_facts_add_string(sunset_facts *f, const char *value,
			     sunset_span span)
{
	PUSH(f, strings, nstrings, cap_strings);
	f->strings[f->nstrings].value = sunset_arena_strdup(f, value);
	f->strings[f->nstrings++].span = span;
}

void sunset_facts_add_key(sunset_facts *f, const char *name, const char *path,
			  sunset_span span)
{
	PUSH(f, keys, nkeys, cap_keys);
	f->keys[f->nkeys].name = sunset_arena_strdup(f, name);
	f->keys[f->nkeys].path = sunset_arena_strdup(f, path ? path : name);
	f->keys[f->nkeys++].span = span;
}

void sunset_facts_add_env(sunset_facts *f, const char *name, sunset_span span)
{
	if (!name || !*name)
		return;
	PUSH(f, envs, nenvs, cap_envs);
	f->envs[f->nenvs].name = sunset_arena_strdup(f, name);
	f->envs[f->nenvs++].span = span;
}

void sunset_facts_add_comment(sunset_facts *f, const char *text,
			      sunset_span span)
{
	PUSH(f, comments, ncomments, cap_comments);
	f->comments[f->ncomments].text = sunset_arena_strdup(f, text);
	f->comments[f->ncomments++].span = span;
}

int sunset_extract(sunset_facts *out, sunset_lang lang, const char *src,
		   size_t len, const TSTree *tree)
{
	TSNode root;

	memset(out, 0, sizeof(*out));
	out->lang = lang;
	if (!tree) {
		if (!sunset_lang_has_grammar(lang))
			sunset_extract_lines(out, src, len);
		return 0;
	}
	root = ts_tree_root_node(tree);
	switch (lang) {
	case SUNSET_LANG_PYTHON:
		sunset_extract_python(out, src, len, root);
		break;
	case SUNSET_LANG_JAVASCRIPT:
	case SUNSET_LANG_TYPESCRIPT:
	case SUNSET_LANG_TSX:
		sunset_extract_js(out, src, len, root);
		break;
	case SUNSET_LANG_GO:
		sunset_extract_go(out, src, len, root);
		break;
	case SUNSET_LANG_JAVA:
		sunset_extract_java(out, src, len, root);
		break;
	case SUNSET_LANG_KOTLIN:
		sunset_extract_kotlin(out, src, len, root);
		break;
	case SUNSET_LANG_CSHARP:
		sunset_extract_csharp(out, src, len, root);
		break;
	case SUNSET_LANG_RUBY:
		sunset_extract_ruby(out, src, len, root);
		break;
	case SUNSET_LANG_PHP:
		sunset_extract_php(out, src, len, root);
		break;
	case SUNSET_LANG_RUST:
		sunset_extract_rust(out, src, len, root);
		break;
	case SUNSET_LANG_JSON:
	case SUNSET_LANG_YAML:
	case SUNSET_LANG_TOML:
		sunset_extract_config(out, src, len, root);
		break;
	default:
		break;
	}
	return 0;
}

/* ---- dump ---- */

static void dump_text(sunset_buf *out, const char *s)
{
	char *p = sunset_printable(s ? s : "");
	sunset_buf_puts(out, p);
	free(p);
}

static void dump_quoted(sunset_buf *out, const char *s)
{
	sunset_buf_puts(out, "\"");
	for (const char *p = s ? s : ""; *p; p++) {
		if (*p == '"' || *p == '\\')
			sunset_buf_printf(out, "\\%c", *p);
		else {
			char one[2] = {*p, 0};
			dump_text(out, one);
		}
	}
	sunset_buf_puts(out, "\"");
}

static void dump_expr(sunset_buf *out, const sunset_expr *e, int depth)
{
	if (e->keyword) {
		dump_text(out, e->keyword);
		sunset_buf_puts(out, "=");
	}
	if (depth > SUNSET_EXPR_DEPTH_MAX) {
		sunset_buf_puts(out, "...");
		return;
	}
	switch (e->kind) {
	case SUNSET_EXPR_STRING:
		dump_quoted(out, e->text);
		return;
	case SUNSET_EXPR_NAME:
		sunset_buf_puts(out, "name ");
		dump_text(out, e->text);
		return;
	case SUNSET_EXPR_CONCAT:
		sunset_buf_puts(out, "concat(");
		break;
	case SUNSET_EXPR_FORMAT:
		sunset_buf_puts(out, "format(");
		break;
	case SUNSET_EXPR_CALL:
		sunset_buf_puts(out, "call ");
		dump_text(out, e->text ? e->text : "?");
		sunset_buf_puts(out, "(");
		break;
	default:
		sunset_buf_puts(out, "?");
		return;
	}
	for (size_t i = 0; i < e->nkids; i++) {
		if (i)
			sunset_buf_puts(out, ", ");
		dump_expr(out, e->kids[i], depth + 1);
	}
	sunset_buf_puts(out, ")");
}

void sunset_facts_dump(sunset_buf *out, const sunset_facts *f)
{
	size_t i;

#define AT(kind, sp) \
	sunset_buf_printf(out, "%-7s %u:%u ", kind, (sp).line, (sp).col)
	for (i = 0; i < f->nimports; i++) {
		const sunset_import *m = &f->imports[i];
		AT("import", m->span);
		sunset_buf_puts(out, "module=");
		dump_text(out, m->module);
		if (m->member) {
			sunset_buf_puts(out, " member=");
			dump_text(out, m->member);
		}
		if (m->alias) {
			sunset_buf_puts(out, " alias=");
			dump_text(out, m->alias);
		}
		if (m->wildcard)
			sunset_buf_puts(out, " wildcard");
		sunset_buf_puts(out, "\n");
	}
	for (i = 0; i < f->nassigns; i++) {
		AT("assign", f->assigns[i].span);
		dump_text(out, f->assigns[i].target);
		sunset_buf_puts(out, " = ");
		dump_expr(out, f->assigns[i].value, 0);
		sunset_buf_puts(out, "\n");
	}
	for (i = 0; i < f->ncalls; i++) {
		const sunset_call *c = &f->calls[i];
		AT("call", c->span);
		if (c->is_new)
			sunset_buf_puts(out, "new ");
		dump_text(out, c->callee);
		sunset_buf_puts(out, "(");
		for (size_t k = 0; k < c->nargs; k++) {
			if (k)
				sunset_buf_puts(out, ", ");
			dump_expr(out, c->args[k], 0);
		}
		sunset_buf_puts(out, ")\n");
	}
	for (i = 0; i < f->nstrings; i++) {
		AT("string", f->strings[i].span);
		dump_quoted(out, f->strings[i].value);
		sunset_buf_puts(out, "\n");
	}
	for (i = 0; i < f->nkeys; i++) {
		AT("key", f->keys[i].span);
		dump_text(out, f->keys[i].path);
		sunset_buf_puts(out, "\n");
	}
	for (i = 0; i < f->nenvs; i++) {
		AT("env", f->envs[i].span);
		dump_text(out, f->envs[i].name);
		sunset_buf_puts(out, "\n");
	}
	for (i = 0; i < f->ncomments; i++) {
		AT("comment", f->comments[i].span);
		dump_quoted(out, f->comments[i].text);
		sunset_buf_puts(out, "\n");
	}
#undef AT
}
