/* extract_jvm_common.c - what the Java, Kotlin and C# extractors share */
#include "extract_jvm_common.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

int sunset_jvm_is(TSNode n, const char *type)
{
	return !ts_node_is_null(n) && !strcmp(ts_node_type(n), type);
}

TSNode sunset_jvm_field(TSNode n, const char *name)
{
	if (ts_node_is_null(n))
		return n;
	return ts_node_child_by_field_name(n, name, (uint32_t)strlen(name));
}

uint32_t sunset_jvm_nkids(TSNode n)
{
	return ts_node_is_null(n) ? 0 : ts_node_named_child_count(n);
}

/* ---- children ---- */

void sunset_jvm_kids_start(sunset_jvm_kids *it, TSNode n, int named)
{
	it->named = named;
	it->state = ts_node_is_null(n) ? 2 : 0;
	if (it->state == 0)
		it->cur = ts_tree_cursor_new(n);
}

int sunset_jvm_kids_next(sunset_jvm_kids *it, TSNode *k)
{
	for (;;) {
		int moved;
		if (it->state == 2)
			return 0;
		moved = it->state == 0
				? ts_tree_cursor_goto_first_child(&it->cur)
				: ts_tree_cursor_goto_next_sibling(&it->cur);
		if (!moved) {
			sunset_jvm_kids_end(it);
			return 0;
		}
		it->state = 1;
		*k = ts_tree_cursor_current_node(&it->cur);
		if (!it->named || ts_node_is_named(*k))
			return 1;
	}
}

void sunset_jvm_kids_end(sunset_jvm_kids *it)
{
	if (it->state != 2)
		ts_tree_cursor_delete(&it->cur);
	it->state = 2;
}

/* ---- the walk ---- */

static void walk_push(sunset_jvm_walk *w, TSNode n)
{
	if (w->depth == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 64;
		w->path = sunset_realloc(w->path, w->cap * sizeof(*w->path));
	}
	w->path[w->depth++] = n;
}

void sunset_jvm_walk_start(sunset_jvm_walk *w, TSNode root)
{
	memset(w, 0, sizeof(*w));
	w->cur = ts_tree_cursor_new(root);
	walk_push(w, root);
}

int sunset_jvm_walk_next(sunset_jvm_walk *w, int descend)
{
	if (descend && ts_tree_cursor_goto_first_child(&w->cur)) {
		walk_push(w, ts_tree_cursor_current_node(&w->cur));
		return 1;
	}
	while (!ts_tree_cursor_goto_next_sibling(&w->cur)) {
		if (!ts_tree_cursor_goto_parent(&w->cur)) {
			ts_tree_cursor_delete(&w->cur);
			free(w->path);
			memset(w, 0, sizeof(*w));
			return 0;
		}
		w->depth--;
	}
	w->path[w->depth - 1] = ts_tree_cursor_current_node(&w->cur);
	return 1;
}

TSNode sunset_jvm_walk_node(const sunset_jvm_walk *w)
{
	return w->path[w->depth - 1];
}

TSNode sunset_jvm_walk_up(const sunset_jvm_walk *w, size_t up)
{
	size_t i = w->depth - 1;

	if (!up)
		return w->path[i];
	while (i > 0) {
		i--;
		if (sunset_jvm_is(w->path[i], "ERROR"))
			continue;
		if (--up == 0)
			return w->path[i];
	}
	return (TSNode){{0}, NULL, NULL};
}

/* ---- expression lists ---- */

void sunset_jvm_exprs_push(sunset_jvm_exprs *x, sunset_expr *e)
{
	if (!e)
		return;
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 8;
		x->v = sunset_realloc(x->v, x->cap * sizeof(*x->v));
	}
	x->v[x->n++] = e;
}

static sunset_expr **exprs_move(sunset_facts *f, sunset_jvm_exprs *x,
				sunset_expr **old, size_t nold)
{
	sunset_expr **all =
		sunset_arena_alloc(f, (nold + x->n) * sizeof(*all) + 1);

	if (nold)
		memcpy(all, old, nold * sizeof(*all));
	if (x->n)
		memcpy(all + nold, x->v, x->n * sizeof(*all));
	free(x->v);
	return all;
}

void sunset_jvm_exprs_to_call(sunset_facts *f, sunset_jvm_exprs *x,
			      sunset_call *call)
{
	size_t n = x->n;

	if (n) {
		call->args = exprs_move(f, x, call->args, call->nargs);
		call->nargs += n;
	} else {
		free(x->v);
	}
	memset(x, 0, sizeof(*x));
}

void sunset_jvm_exprs_to_expr(sunset_facts *f, sunset_jvm_exprs *x,
			      sunset_expr *e)
{
	size_t n = x->n;

	if (n) {
		e->kids = exprs_move(f, x, e->kids, e->nkids);
		e->nkids += n;
	} else {
		free(x->v);
	}
	memset(x, 0, sizeof(*x));
}

/* ---- text ---- */

char *sunset_jvm_text_compact(sunset_facts *f, TSNode n, const char *src)
{
	uint32_t a = ts_node_start_byte(n), z = ts_node_end_byte(n);
	char *out = sunset_arena_alloc(f, (z > a ? z - a : 0) + 1);
	size_t k = 0;

	for (uint32_t i = a; i < z; i++)
		if (!isspace((unsigned char)src[i]))
			out[k++] = src[i];
	out[k] = '\0';
	return out;
}

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f';
}

char *sunset_jvm_dedent(sunset_facts *f, const char *s, size_t n,
			int final_newline)
{
	const char *nl = memchr(s, '\n', n), *p, *end = s + n, *last;
	size_t indent = (size_t)-1, lastlen;
	int closing_blank = 1;
	sunset_buf b = SUNSET_BUF_INIT;
	char *out;

	if (!nl)
		return sunset_arena_strndup(f, s, n);
	for (p = s; p < nl; p++)
		if (!blank(*p))
			return sunset_arena_strndup(f, s, n);
	s = nl + 1;
	/* the last line: the closing delimiter's indentation when blank */
	last = s;
	for (p = s; p < end; p++)
		if (*p == '\n')
			last = p + 1;
	lastlen = (size_t)(end - last);
	for (p = last; p < end; p++)
		if (!blank(*p))
			closing_blank = 0;
	if (closing_blank)
		indent = lastlen;
	/* the common indentation of the lines that are not blank */
	for (p = s; p < end;) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *q = p;
		if (!eol)
			eol = end;
		while (q < eol && blank(*q))
			q++;
		if (q < eol && (size_t)(q - p) < indent)
			indent = (size_t)(q - p);
		p = eol + 1;
	}
	if (indent == (size_t)-1)
		indent = 0;
	for (p = s; p < end;) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *q, *z;
		if (!eol)
			eol = end;
		if (p == last && closing_blank)
			break;
		if (p > s)
			sunset_buf_puts(&b, "\n");
		q = p;
		for (size_t i = 0; i < indent && q < eol && blank(*q); i++)
			q++;
		z = eol;
		while (z > q && blank(z[-1]))
			z--;
		sunset_buf_put(&b, q, (size_t)(z - q));
		p = eol + 1;
	}
	if (closing_blank && final_newline && last > s)
		sunset_buf_puts(&b, "\n");
	out = sunset_arena_strndup(f, b.ptr ? b.ptr : "", b.len);
	sunset_buf_free(&b);
	return out;
}

static int name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '-';
}

/* ${NAME} and ${NAME:default} in s[0, n). `exact`: s is the source at
 * `at` and each name gets its own span; otherwise all get `at`. */
static void scan_placeholders(sunset_facts *f, const char *s, uint32_t n,
			      sunset_span at, int exact)
{
	uint32_t line = at.line, col = at.col;

	/* one pass, the position kept as it goes: a long text block with
	 * many placeholders stays linear */
	for (uint32_t i = 0; i < n; i++) {
		uint32_t k;
		if (s[i] == '\n') {
			line++;
			col = 1;
			continue;
		}
		col++;
		if (s[i] != '$' || i + 2 >= n || s[i + 1] != '{')
			continue;
		for (k = i + 2; k < n && name_char(s[k]); k++)
			;
		if (k > i + 2 && k < n && (s[k] == '}' || s[k] == ':')) {
			sunset_span sp = at;
			if (exact) {
				sp.start_byte = at.start_byte + i + 2;
				sp.end_byte = at.start_byte + k;
				sp.line = sp.end_line = line;
				sp.col = col + 1; /* col is past the $ */
				sp.end_col = sp.col + (k - i - 2);
			}
			sunset_facts_add_env(
				f,
				sunset_arena_strndup(f, s + i + 2, k - i - 2),
				sp);
		}
	}
}

void sunset_jvm_placeholders(sunset_facts *f, TSNode part, const char *src)
{
	sunset_span at = sunset_node_span(part);

	scan_placeholders(f, src + at.start_byte, at.end_byte - at.start_byte,
			  at, 1);
}

void sunset_jvm_placeholders_in(sunset_facts *f, const char *value,
				sunset_span at)
{
	scan_placeholders(f, value, (uint32_t)strlen(value), at, 0);
}

/* ---- Spring values ---- */

#define SPRING_DEPTH 8

/* The index of the "}" closing the placeholder whose "${" ends before
 * `i`, or `n` when there is none. */
static size_t placeholder_end(const char *s, size_t i, size_t n)
{
	int open = 1;

	for (; i < n; i++) {
		if (s[i] == '$' && i + 1 < n && s[i + 1] == '{') {
			open++;
			i++;
		} else if (s[i] == '}' && --open == 0) {
			return i;
		}
	}
	return n;
}

static void spring_parts(sunset_facts *f, const char *s, size_t n, int depth,
			 sunset_buf *lit, sunset_jvm_exprs *kids,
			 const sunset_expr *at)
{
	size_t i = 0;

	while (i < n) {
		size_t close, colon;
		if (s[i] != '$' || i + 1 >= n || s[i + 1] != '{' ||
		    depth >= SPRING_DEPTH ||
		    (close = placeholder_end(s, i + 2, n)) == n) {
			sunset_buf_put(lit, s + i, 1);
			i++;
			continue;
		}
		for (colon = i + 2; colon < close && s[colon] != ':' &&
				    !(s[colon] == '$' && s[colon + 1] == '{');
		     colon++)
			;
		if (colon < close && s[colon] == ':') {
			spring_parts(f, s + colon + 1, close - colon - 1,
				     depth + 1, lit, kids, at);
		} else {
			sunset_expr *u;
			if (lit->len) {
				sunset_expr *k = sunset_expr_new(
					f, SUNSET_EXPR_STRING,
					sunset_arena_strndup(f, lit->ptr,
							     lit->len),
					(TSNode){{0}, NULL, NULL});
				k->span = at->span;
				sunset_jvm_exprs_push(kids, k);
				sunset_buf_clear(lit);
			}
			u = sunset_expr_new(f, SUNSET_EXPR_UNKNOWN, NULL,
					    (TSNode){{0}, NULL, NULL});
			u->span = at->span;
			sunset_jvm_exprs_push(kids, u);
		}
		i = close + 1;
	}
}

sunset_expr *sunset_jvm_spring_value(sunset_facts *f, sunset_expr *e)
{
	sunset_buf lit = SUNSET_BUF_INIT;
	sunset_jvm_exprs kids = {0};
	sunset_expr *out;

	if (!e || e->kind != SUNSET_EXPR_STRING || !e->text ||
	    !strstr(e->text, "${"))
		return e;
	spring_parts(f, e->text, strlen(e->text), 0, &lit, &kids, e);
	if (kids.n == 1 && !lit.len) {
		out = kids.v[0]; /* "${NAME}" alone: unknown */
	} else if (!kids.n) {
		out = sunset_expr_new(
			f, SUNSET_EXPR_STRING,
			sunset_arena_strndup(f, lit.ptr ? lit.ptr : "",
					     lit.len),
			(TSNode){{0}, NULL, NULL});
	} else {
		if (lit.len) {
			sunset_expr *k = sunset_expr_new(
				f, SUNSET_EXPR_STRING,
				sunset_arena_strndup(f, lit.ptr, lit.len),
				(TSNode){{0}, NULL, NULL});
			k->span = e->span;
			sunset_jvm_exprs_push(&kids, k);
		}
		out = sunset_expr_new(f, SUNSET_EXPR_CONCAT, NULL,
				      (TSNode){{0}, NULL, NULL});
		sunset_jvm_exprs_to_expr(f, &kids, out);
	}
	out->span = e->span;
	sunset_buf_free(&lit);
	free(kids.v);
	return out;
}

/* ---- small predicates ---- */

void sunset_jvm_member_assign(sunset_facts *f, const char *type_name,
			      const char *name, sunset_expr *value,
			      sunset_span span)
{
	sunset_facts_add_assign(f, name, value, span);
	sunset_facts_add_assign(f, sunset_arena_printf(f, "this.%s", name),
				value, span);
	if (type_name && *type_name)
		sunset_facts_add_assign(
			f, sunset_arena_printf(f, "%s.%s", type_name, name),
			value, span);
}

int sunset_jvm_ends_with(const char *callee, const char *name)
{
	size_t lc = strlen(callee), ln = strlen(name);

	return lc >= ln && !strcmp(callee + lc - ln, name) &&
	       (lc == ln || callee[lc - ln - 1] == '.');
}

int sunset_jvm_dotenv(const char *receiver)
{
	return strcasestr(receiver, "dotenv") != NULL;
}

int sunset_jvm_env_reader(const char *callee)
{
	static const char *const names[] = {
		"System.getenv",	 "getenv().get",
		"getenv().getOrDefault", "getProperty",
		"getRequiredProperty",	 "config.property",
		"config.propertyOrNull",
	};
	size_t lc = strlen(callee);

	if (!strcmp(callee, "getenv"))
		return 1;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (sunset_jvm_ends_with(callee, names[i]))
			return 1;
	return lc > 4 && !strcmp(callee + lc - 4, ".get") &&
	       sunset_jvm_dotenv(callee);
}

const char *sunset_jvm_last_part(const char *dotted)
{
	const char *dot = strrchr(dotted, '.');
	return dot ? dot + 1 : dotted;
}

int sunset_jvm_prose_name(const char *name)
{
	static const char *const names[] = {
		"description", "summary",     "notes",
		"DisplayName", "Description", "ApiOperation",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcasecmp(name, names[i]))
			return 1;
	return 0;
}

/* ---- concatenation ---- */

sunset_expr *sunset_jvm_concat(sunset_facts *f, TSNode n, int depth,
			       sunset_jvm_plus_fn plus,
			       sunset_jvm_expr_fn operand, void *ctx)
{
	sunset_expr *e = sunset_expr_new(f, SUNSET_EXPR_CONCAT, NULL, n);
	TSNode *rights = NULL, left, right, at = n;
	size_t nr = 0, cap = 0;
	sunset_jvm_exprs kids = {0};

	while (plus(ctx, at, &left, &right)) {
		if (nr == cap) {
			cap = cap ? cap * 2 : 8;
			rights = sunset_realloc(rights, cap * sizeof(*rights));
		}
		rights[nr++] = right;
		at = left;
	}
	sunset_jvm_exprs_push(&kids, operand(ctx, at, depth + 1));
	while (nr)
		sunset_jvm_exprs_push(&kids,
				      operand(ctx, rights[--nr], depth + 1));
	free(rights);
	sunset_jvm_exprs_to_expr(f, &kids, e);
	return e;
}
