/* extract_rust.c - facts of Rust files
 *
 * Follows extract_python.c: one iterative walk over the tree, expressions
 * summarised recursively up to SUNSET_EXPR_DEPTH_MAX. Rust specifics:
 * paths are written with "." ("reqwest::Client::new" is the callee
 * "reqwest.Client.new"); .await and ? are transparent; use trees are
 * flattened into one import per name (module = the crate); macros are
 * token trees, read as comma-separated arguments where simple:
 * format!() is a FORMAT, env!() an environment read; struct expressions
 * (T { field: v }) are summarised as a call expression of T with keyword
 * arguments (never as a call fact); Self { field: v } in an impl sets
 * self.field, and associated constants are also Self.X and T.X. */
#include <string.h>

#include "facts.h"
#include "util.h"

/* Bounds on what one expression or call may hold (see extract_go.c). */
#define PARTS_MAX 256
#define FIELDS_DEPTH_MAX 8
/* Names of the file's top-level modules (mod openai;): a use of them is
 * the project's own code. */
#define MODS_MAX 64
#define TOKENS_MAX 1024
/* impl blocks and functions the walk is inside */
#define IMPL_STACK 32

typedef struct {
	sunset_facts *f;
	const char *src;
	const char *mods[MODS_MAX];
	int nmods;
	long budget; /* what expressions may still cost (see extract_go.c) */
} ctx;

static int is(TSNode n, const char *type)
{
	return !ts_node_is_null(n) && !strcmp(ts_node_type(n), type);
}

static TSNode field(TSNode n, const char *name)
{
	return sunset_node_field(n, name);
}

static TSNode null_node(void)
{
	return (TSNode){{0}, NULL, NULL};
}

static int is_comment(TSNode n)
{
	return is(n, "line_comment") || is(n, "block_comment");
}

/* A node's children one by one, with a cursor: ts_node_child(n, i)
 * starts from the first child each time, quadratic on hostile nodes. */
typedef struct {
	TSTreeCursor cur;
	int live, more;
} kids;

static void kids_start(kids *k, TSNode n)
{
	k->live = !ts_node_is_null(n);
	k->more = 0;
	if (k->live) {
		k->cur = ts_tree_cursor_new(n);
		k->more = ts_tree_cursor_goto_first_child(&k->cur);
	}
}

/* The next child (named only when `named`), comments left out; 0 at the
 * end. */
static int kids_next(kids *k, TSNode *out, int named)
{
	while (k->more) {
		*out = ts_tree_cursor_current_node(&k->cur);
		k->more = ts_tree_cursor_goto_next_sibling(&k->cur);
		if ((!named || ts_node_is_named(*out)) && !is_comment(*out))
			return 1;
	}
	return 0;
}

static void kids_done(kids *k)
{
	if (k->live)
		ts_tree_cursor_delete(&k->cur);
	k->live = 0;
}

/* The first named child of n of `type` (any type but mut when NULL),
 * else a null node. */
static TSNode child_of_type(TSNode n, const char *type)
{
	kids it;
	TSNode k, found = null_node();

	kids_start(&it, n);
	while (kids_next(&it, &k, 1)) {
		if (type ? is(k, type) : !is(k, "mutable_specifier")) {
			found = k;
			break;
		}
	}
	kids_done(&it);
	return found;
}

static TSNode inner(TSNode n)
{
	return child_of_type(n, NULL);
}

/* (x), &x, x?, x.await: what the matchers see through. */
static int transparent(TSNode n)
{
	return is(n, "parenthesized_expression") ||
	       is(n, "reference_expression") || is(n, "try_expression") ||
	       is(n, "await_expression");
}

static TSNode unwrap(TSNode n)
{
	for (int i = 0; i < SUNSET_EXPR_DEPTH_MAX && transparent(n); i++)
		n = is(n, "reference_expression") ? field(n, "value")
						  : inner(n);
	return n;
}

static int ends_with_part(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && !strcmp(s + ls - lx, suffix) &&
	       (ls == lx || s[ls - lx - 1] == '.');
}

static char *macro_name(ctx *c, TSNode n)
{
	TSNode m = field(n, "macro");

	if (is(m, "scoped_identifier"))
		m = field(m, "name");
	return is(m, "identifier") ? sunset_node_text(c->f, m, c->src) : NULL;
}

static void put_text(ctx *c, sunset_buf *b, TSNode n)
{
	uint32_t a = ts_node_start_byte(n), z = ts_node_end_byte(n);
	sunset_buf_put(b, c->src + a, z > a ? z - a : 0);
}

/* Appends the dotted text of n to b; 0 when n is not a chain of paths,
 * fields and calls. One buffer: long chains are visited at each call. */
static int dotted_into(ctx *c, sunset_buf *b, TSNode n, int depth)
{
	if (ts_node_is_null(n) || depth > SUNSET_EXPR_DEPTH_MAX)
		return 0;
	if (is(n, "identifier") || is(n, "self") || is(n, "super") ||
	    is(n, "crate") || is(n, "type_identifier") ||
	    is(n, "field_identifier") || is(n, "primitive_type")) {
		put_text(c, b, n);
		return 1;
	}
	if (is(n, "scoped_identifier") || is(n, "scoped_type_identifier") ||
	    is(n, "field_expression")) {
		int fe = is(n, "field_expression");
		TSNode path = field(n, fe ? "value" : "path"),
		       name = field(n, fe ? "field" : "name");
		if (ts_node_is_null(name))
			return 0;
		if (!ts_node_is_null(path)) { /* else ::std::env */
			if (!dotted_into(c, b, path, depth + 1))
				return 0;
			sunset_buf_puts(b, ".");
		}
		put_text(c, b, name);
		return 1;
	}
	if (is(n, "call_expression")) {
		if (!dotted_into(c, b, field(n, "function"), depth + 1))
			return 0;
		sunset_buf_puts(b, "()");
		return 1;
	}
	if (is(n, "generic_function"))
		return dotted_into(c, b, field(n, "function"), depth + 1);
	if (is(n, "generic_type") || is(n, "generic_type_with_turbofish"))
		return dotted_into(c, b, field(n, "type"), depth + 1);
	if (is(n, "macro_invocation")) {
		/* option_env!("X").unwrap_or_default() */
		TSNode m = field(n, "macro");
		if (is(m, "scoped_identifier"))
			m = field(m, "name");
		if (!is(m, "identifier"))
			return 0;
		put_text(c, b, m);
		sunset_buf_puts(b, "!()");
		return 1;
	}
	if (transparent(n))
		return dotted_into(c, b, unwrap(n), depth + 1);
	return 0;
}

/* "reqwest.Client.new", "self.client", "Client.new().post"; NULL when
 * the expression is not a chain. */
static char *dotted(ctx *c, TSNode n, int depth)
{
	sunset_buf b = SUNSET_BUF_INIT;
	char *out = NULL;

	if (dotted_into(c, &b, n, depth))
		out = sunset_arena_strndup(c->f, b.ptr ? b.ptr : "", b.len);
	sunset_buf_free(&b);
	return out;
}

static int is_string(TSNode n)
{
	return is(n, "string_literal") || is(n, "raw_string_literal");
}

/* One escape sequence of a Rust string: \u{1F600} and line continuations
 * here, the rest as sunset_unescape decodes them. Returns 1 when the
 * escape ends the line (the next part's leading whitespace is skipped). */
static int put_escape(ctx *c, sunset_buf *b, const char *s, size_t n)
{
	if (n >= 2 && (s[1] == '\n' || s[1] == '\r'))
		return 1;
	if (n >= 4 && s[1] == 'u' && s[2] == '{') {
		unsigned long cp = 0;
		size_t i;
		for (i = 3; i < n && s[i] != '}' && cp <= 0x10FFFF; i++) {
			char h = s[i];
			if (h == '_')
				continue;
			if (h >= '0' && h <= '9')
				cp = cp * 16 + (unsigned long)(h - '0');
			else if (h >= 'a' && h <= 'f')
				cp = cp * 16 + (unsigned long)(h - 'a' + 10);
			else if (h >= 'A' && h <= 'F')
				cp = cp * 16 + (unsigned long)(h - 'A' + 10);
			else
				break;
		}
		if (i < n && s[i] == '}' && cp <= 0x10FFFF) {
			sunset_buf_put_utf8(b, cp);
			return 0;
		}
	}
	sunset_buf_puts(b, sunset_unescape(c->f, s, n));
	return 0;
}

/* A string literal's value: "..." and b"..." with escapes decoded,
 * r#"..."# as written. */
static char *string_value(ctx *c, TSNode n)
{
	sunset_buf b = SUNSET_BUF_INIT;
	int raw = is(n, "raw_string_literal"), skip_space = 0;
	kids it;
	TSNode k;
	char *out;

	kids_start(&it, n);
	while (kids_next(&it, &k, 1)) {
		uint32_t a = ts_node_start_byte(k), z = ts_node_end_byte(k);
		if (is(k, "string_content")) {
			if (skip_space)
				while (a < z && strchr(" \t\r\n", c->src[a]))
					a++;
			skip_space = 0;
			sunset_buf_put(&b, c->src + a, z - a);
		} else if (!raw && is(k, "escape_sequence")) {
			skip_space = put_escape(c, &b, c->src + a, z - a);
		}
	}
	kids_done(&it);
	out = sunset_arena_strndup(c->f, b.ptr ? b.ptr : "", b.len);
	sunset_buf_free(&b);
	return out;
}

static sunset_expr *expr(ctx *c, TSNode n, int depth);
static sunset_expr *macro_expr(ctx *c, TSNode n, int depth);

static sunset_expr *new_expr(ctx *c, sunset_expr_kind kind, const char *text,
			     TSNode n)
{
	c->budget--;
	return sunset_expr_new(c->f, kind, text, n);
}

/* sunset_expr_add copies the kids so far: that is charged too. */
static void add_kid(ctx *c, sunset_expr *e, sunset_expr *kid)
{
	c->budget -= (long)e->nkids + 1;
	sunset_expr_add(c->f, e, kid);
}

static sunset_expr *unknown(ctx *c, TSNode n)
{
	return new_expr(c, SUNSET_EXPR_UNKNOWN, NULL, n);
}

static int is_plus(TSNode n)
{
	TSNode op = field(n, "operator");

	return is(n, "binary_expression") && !ts_node_is_null(op) &&
	       !strcmp(ts_node_type(op), "+");
}

/* a + b + c: one CONCAT, the left spine walked without recursion. */
static sunset_expr *concat_expr(ctx *c, TSNode n, int depth)
{
	sunset_expr *e = new_expr(c, SUNSET_EXPR_CONCAT, NULL, n);
	TSNode *rights, left = n;
	size_t nrights = 0;

	/* how long the chain is (bounded), to allocate no more */
	for (TSNode l = n; nrights < PARTS_MAX && is_plus(l);
	     l = field(l, "left"))
		nrights++;
	rights = sunset_arena_alloc(c->f, nrights * sizeof(*rights));
	nrights = 0;
	while (is_plus(left)) {
		if (nrights == PARTS_MAX) {
			left = null_node(); /* too long: left part unknown */
			break;
		}
		rights[nrights++] = field(left, "right");
		left = field(left, "left");
	}
	add_kid(c, e, expr(c, left, depth + 1));
	while (nrights)
		add_kid(c, e, expr(c, rights[--nrights], depth + 1));
	return e;
}

/* T { a: 1, b } : a call of T with keyword arguments. */
static sunset_expr *struct_expr(ctx *c, TSNode n, int depth)
{
	char *type = dotted(c, field(n, "name"), depth + 1);
	TSNode body = field(n, "body");
	sunset_expr *e;
	kids it;
	TSNode k;

	if (!type)
		return unknown(c, n);
	e = new_expr(c, SUNSET_EXPR_CALL, type, n);
	kids_start(&it, body);
	while (e->nkids < PARTS_MAX && kids_next(&it, &k, 1)) {
		sunset_expr *v;
		if (is(k, "field_initializer")) {
			v = expr(c, field(k, "value"), depth + 1);
			v->keyword = sunset_node_text(c->f, field(k, "field"),
						      c->src);
		} else if (is(k, "shorthand_field_initializer")) {
			TSNode id = child_of_type(k, "identifier");
			if (ts_node_is_null(id))
				continue;
			v = expr(c, id, depth + 1);
			v->keyword = sunset_node_text(c->f, id, c->src);
		} else {
			continue; /* ..Default::default() */
		}
		add_kid(c, e, v);
	}
	kids_done(&it);
	return e;
}

static void args_into_expr(ctx *c, sunset_expr *e, TSNode args, int depth)
{
	kids it;
	TSNode a;

	kids_start(&it, args);
	while (e->nkids < PARTS_MAX && kids_next(&it, &a, 1))
		if (!is(a, "attribute_item"))
			add_kid(c, e, expr(c, a, depth + 1));
	kids_done(&it);
}

/* How many arguments: 0, 1, or 2 for more. */
static int nargs(TSNode args)
{
	kids it;
	TSNode a;
	int n = 0;

	kids_start(&it, args);
	while (n < 2 && kids_next(&it, &a, 1))
		if (!is(a, "attribute_item"))
			n++;
	kids_done(&it);
	return n;
}

/* Methods and functions that leave a value as it was for the matchers:
 * "x".to_string(), base.clone(), String::from("x"), Some(x). */
static int same_value_method(const char *m)
{
	static const char *const names[] = {"to_string", "into",  "to_owned",
					    "as_str",	 "clone", "as_ref",
					    "unwrap",	 "expect"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(m, names[i]))
			return 1;
	return 0;
}

static sunset_expr *call_expr(ctx *c, TSNode n, int depth)
{
	TSNode fn = unwrap(field(n, "function")), args = field(n, "arguments");
	char *callee;
	sunset_expr *e;

	if (is(fn, "field_expression")) {
		char *m = sunset_node_text(c->f, field(fn, "field"), c->src);
		int k = nargs(args);
		/* x.expect("why") keeps x too */
		if (same_value_method(m) &&
		    (k == 0 || (k == 1 && !strcmp(m, "expect"))))
			return expr(c, field(fn, "value"), depth + 1);
	}
	callee = dotted(c, fn, depth + 1);
	if (callee && nargs(args) == 1 &&
	    (!strcmp(callee, "String.from") || !strcmp(callee, "Some") ||
	     !strcmp(callee, "std.string.String.from")))
		return expr(c, inner(args), depth + 1);
	e = new_expr(c, SUNSET_EXPR_CALL, callee, n);
	args_into_expr(c, e, args, depth);
	return e;
}

static sunset_expr *expr(ctx *c, TSNode n, int depth)
{
	char *name;

	if (ts_node_is_null(n) || depth > SUNSET_EXPR_DEPTH_MAX ||
	    c->budget <= 0)
		return unknown(c, n);
	if (is_string(n))
		return new_expr(c, SUNSET_EXPR_STRING, string_value(c, n), n);
	if (transparent(n))
		return expr(c, unwrap(n), depth + 1);
	if (is(n, "type_cast_expression"))
		return expr(c, field(n, "value"), depth + 1);
	if (is(n, "binary_expression")) {
		TSNode op = field(n, "operator");
		if (!ts_node_is_null(op) && !strcmp(ts_node_type(op), "+"))
			return concat_expr(c, n, depth);
		return unknown(c, n);
	}
	if (is(n, "call_expression"))
		return call_expr(c, n, depth);
	if (is(n, "struct_expression"))
		return struct_expr(c, n, depth);
	if (is(n, "macro_invocation"))
		return macro_expr(c, n, depth);
	if (is(n, "identifier") || is(n, "self") ||
	    is(n, "scoped_identifier") || is(n, "field_expression")) {
		name = dotted(c, n, depth + 1);
		if (name)
			return new_expr(c, SUNSET_EXPR_NAME, name, n);
	}
	return unknown(c, n);
}

/* ---- macros: token trees ---- */

/* The tokens of a token tree, delimiters left out. */
typedef struct {
	TSNode *tok;
	size_t n;
} tokens;

/* The first TOKENS_MAX tokens of a token tree, its delimiters left out
 * (macros only matter here for their first few arguments). */
static tokens tree_tokens(ctx *c, TSNode tt)
{
	kids it;
	TSNode k;
	tokens t;
	int first = 1;
	size_t count = 0;

	kids_start(&it, tt);
	while (count < TOKENS_MAX + 1 && kids_next(&it, &k, 0))
		count++;
	kids_done(&it);
	t.tok = sunset_arena_alloc(c->f, (count ? count : 1) * sizeof(TSNode));
	t.n = 0;
	kids_start(&it, tt);
	while (t.n < TOKENS_MAX && kids_next(&it, &k, 0)) {
		if (first && !ts_node_is_named(k)) {
			first = 0;
			continue; /* ( [ { */
		}
		first = 0;
		t.tok[t.n++] = k;
	}
	if (!it.more && t.n && !ts_node_is_named(t.tok[t.n - 1]))
		t.n--; /* ) ] } */
	kids_done(&it);
	c->budget -= (long)t.n;
	return t;
}

static int tok_is(TSNode n, const char *text)
{
	return !ts_node_is_named(n) && !strcmp(ts_node_type(n), text);
}

static sunset_expr *tokens_args_call(ctx *c, sunset_expr *e, TSNode tt,
				     int depth);

/* One macro argument from tokens [a, z): a string, a path or field chain
 * (calls included: "base.trim_end_matches()"), else unknown. */
static sunset_expr *token_expr(ctx *c, const tokens *t, size_t a, size_t z,
			       int depth)
{
	sunset_buf b = SUNSET_BUF_INIT;
	TSNode last_call = null_node(), pending = null_node();
	sunset_expr *e;
	size_t i = a;
	int expect_name = 1;

	while (i < z &&
	       (tok_is(t->tok[i], "&") || is(t->tok[i], "mutable_specifier")))
		i++;
	if (i + 1 == z && is_string(t->tok[i]))
		return new_expr(c, SUNSET_EXPR_STRING,
				string_value(c, t->tok[i]), t->tok[i]);
	for (; i < z; i++) {
		TSNode k = t->tok[i];
		if (expect_name && (is(k, "identifier") || is(k, "self") ||
				    is(k, "crate") || is(k, "super"))) {
			sunset_buf_puts(&b, sunset_node_text(c->f, k, c->src));
			expect_name = 0;
			pending = null_node();
		} else if (!expect_name && tok_is(k, ".") && i + 1 < z &&
			   tok_is(t->tok[i + 1], "await")) {
			i++; /* .await */
		} else if (!expect_name && tok_is(k, "?")) {
			continue;
		} else if (!expect_name &&
			   (tok_is(k, ".") || tok_is(k, "::"))) {
			sunset_buf_puts(&b, ".");
			expect_name = 1;
		} else if (!expect_name && is(k, "token_tree") &&
			   ts_node_is_null(pending)) {
			sunset_buf_puts(&b, "()");
			pending = k;
		} else {
			sunset_buf_free(&b);
			return unknown(c, t->tok[a]);
		}
	}
	if (expect_name || !b.len) {
		sunset_buf_free(&b);
		return unknown(c, t->tok[a < z ? a : 0]);
	}
	if (!ts_node_is_null(pending)) {
		/* the chain ends with a call (then perhaps .await, ?) */
		last_call = pending;
		b.len -= 2;
	}
	e = new_expr(c,
		     ts_node_is_null(last_call) ? SUNSET_EXPR_NAME
						: SUNSET_EXPR_CALL,
		     sunset_arena_strndup(c->f, b.ptr, b.len), t->tok[a]);
	{
		sunset_span end = sunset_node_span(t->tok[z - 1]);
		e->span.end_byte = end.end_byte;
		e->span.end_line = end.end_line;
		e->span.end_col = end.end_col;
	}
	sunset_buf_free(&b);
	if (!ts_node_is_null(last_call))
		tokens_args_call(c, e, last_call, depth + 1);
	return e;
}

/* The comma-separated arguments of a token tree into e; `name = value`
 * arguments get their keyword. */
static void tokens_args(ctx *c, sunset_expr *e, const tokens *t, size_t from,
			int depth)
{
	size_t a = from, added = 0;

	while (a < t->n && added < PARTS_MAX) {
		size_t z = a;
		sunset_expr *v;
		const char *kw = NULL;
		while (z < t->n && !tok_is(t->tok[z], ","))
			z++;
		if (z > a + 2 && is(t->tok[a], "identifier") &&
		    tok_is(t->tok[a + 1], "=")) {
			kw = sunset_node_text(c->f, t->tok[a], c->src);
			a += 2;
		}
		if (z > a) {
			v = depth > SUNSET_EXPR_DEPTH_MAX
				    ? unknown(c, t->tok[a])
				    : token_expr(c, t, a, z, depth);
			v->keyword = kw;
			add_kid(c, e, v);
			added++;
		}
		a = z + 1;
	}
}

static sunset_expr *tokens_args_call(ctx *c, sunset_expr *e, TSNode tt,
				     int depth)
{
	tokens t = tree_tokens(c, tt);
	tokens_args(c, e, &t, 0, depth);
	return e;
}

static TSNode macro_tree(TSNode n)
{
	return child_of_type(n, "token_tree");
}

static int has_keyword(const sunset_expr *e, const char *kw, size_t n)
{
	for (size_t i = 0; i < e->nkids; i++)
		if (e->kids[i]->keyword && strlen(e->kids[i]->keyword) == n &&
		    !strncmp(e->kids[i]->keyword, kw, n))
			return 1;
	return 0;
}

/* format!("{base}/v1/{id}"): inline captures become keyword arguments,
 * as '{base}/v1'.format(base=base) would be written. */
static void inline_captures(ctx *c, sunset_expr *e, const char *tmpl)
{
	const char *p = tmpl;

	while ((p = strchr(p, '{')) && e->nkids < PARTS_MAX) {
		size_t n;
		sunset_expr *v;
		if (p[1] == '{') {
			p += 2;
			continue;
		}
		p++;
		n = strspn(p, "abcdefghijklmnopqrstuvwxyz"
			      "ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789");
		if (n && !(*p >= '0' && *p <= '9') &&
		    (p[n] == '}' || p[n] == ':') && !has_keyword(e, p, n)) {
			v = new_expr(c, SUNSET_EXPR_NAME,
				     sunset_arena_strndup(c->f, p, n),
				     null_node());
			v->span = e->kids[0]->span;
			v->keyword = v->text;
			add_kid(c, e, v);
		}
		p += n;
	}
}

static sunset_expr *macro_expr(ctx *c, TSNode n, int depth)
{
	char *name = macro_name(c, n);
	TSNode tt = macro_tree(n);
	tokens t;
	sunset_expr *e;

	if (!name || ts_node_is_null(tt) || depth > SUNSET_EXPR_DEPTH_MAX)
		return unknown(c, n);
	t = tree_tokens(c, tt);
	if ((!strcmp(name, "format") || !strcmp(name, "format_args")) && t.n &&
	    is_string(t.tok[0])) {
		e = new_expr(c, SUNSET_EXPR_FORMAT, NULL, n);
		add_kid(c, e,
			new_expr(c, SUNSET_EXPR_STRING,
				 string_value(c, t.tok[0]), t.tok[0]));
		if (t.n > 1 && tok_is(t.tok[1], ","))
			tokens_args(c, e, &t, 2, depth + 1);
		inline_captures(c, e, e->kids[0]->text);
		return e;
	}
	if (!strcmp(name, "concat")) {
		e = new_expr(c, SUNSET_EXPR_CONCAT, NULL, n);
		tokens_args(c, e, &t, 0, depth + 1);
		return e;
	}
	/* env!("X"), vec![..], json!({..}): a call of "name!" */
	e = new_expr(c, SUNSET_EXPR_CALL,
		     sunset_arena_printf(c->f, "%s!", name), n);
	tokens_args(c, e, &t, 0, depth + 1);
	return e;
}

/* env!("X"), option_env!("X"), dotenv!("X") */
static void on_macro(ctx *c, TSNode n)
{
	char *name = macro_name(c, n);
	TSNode tt = macro_tree(n);
	tokens t;

	if (!name || ts_node_is_null(tt) ||
	    (strcmp(name, "env") && strcmp(name, "option_env") &&
	     strcmp(name, "dotenv")))
		return;
	t = tree_tokens(c, tt);
	if (t.n && is_string(t.tok[0]))
		sunset_facts_add_env(c->f, string_value(c, t.tok[0]),
				     sunset_node_span(t.tok[0]));
}

/* #[doc = "..."] is a doc comment: prose, not a string. Returns 1 when
 * the attribute item was one. */
static int on_doc_attribute(ctx *c, TSNode item)
{
	TSNode attr = child_of_type(item, "attribute");
	TSNode path = inner(attr);

	if (!is(path, "identifier") || !is_string(field(attr, "value")) ||
	    ts_node_end_byte(path) - ts_node_start_byte(path) != 3 ||
	    strncmp(c->src + ts_node_start_byte(path), "doc", 3))
		return 0;
	sunset_facts_add_comment(c->f, sunset_node_text(c->f, item, c->src),
				 sunset_node_span(item));
	return 1;
}

/* #[arg(long, env = "OPENAI_API_KEY")] (clap, structopt) and
 * #[envconfig(from = "X")]: a field filled from the environment. */
static void on_attribute(ctx *c, TSNode attr)
{
	TSNode path = inner(attr), args = field(attr, "arguments");
	char *name = dotted(c, path, 0);
	const char *key;
	tokens t;

	if (!name || ts_node_is_null(args))
		return;
	if (ends_with_part(name, "arg") || ends_with_part(name, "clap") ||
	    ends_with_part(name, "structopt"))
		key = "env";
	else if (ends_with_part(name, "envconfig"))
		key = "from";
	else
		return;
	t = tree_tokens(c, args);
	for (size_t i = 0; i + 2 < t.n; i++) {
		if (is(t.tok[i], "identifier") &&
		    (i == 0 || tok_is(t.tok[i - 1], ",")) &&
		    tok_is(t.tok[i + 1], "=") && is_string(t.tok[i + 2]) &&
		    !strcmp(sunset_node_text(c->f, t.tok[i], c->src), key))
			sunset_facts_add_env(c->f,
					     string_value(c, t.tok[i + 2]),
					     sunset_node_span(t.tok[i + 2]));
	}
}

/* The string a token tree starts with: env!("X"), var("X"). */
static TSNode first_string(TSNode tt)
{
	kids it;
	TSNode k, found = null_node();
	int n = 0;

	kids_start(&it, tt);
	while (n < 2 && kids_next(&it, &k, 0)) {
		if (n++ == 0 && !ts_node_is_named(k))
			continue; /* ( */
		if (is_string(k))
			found = k;
		break;
	}
	kids_done(&it);
	return found;
}

static int text_is(ctx *c, TSNode n, const char *const *names)
{
	uint32_t a = ts_node_start_byte(n), z = ts_node_end_byte(n);

	for (; *names; names++)
		if (strlen(*names) == z - a &&
		    !strncmp(c->src + a, *names, z - a))
			return 1;
	return 0;
}

/* Macro bodies are tokens, not expressions: lazy_static! { static ref
 * KEY: String = env::var("X").unwrap(); }, println!("{}", env!("X")).
 * The environment reads among a token tree's own tokens. */
static void on_token_tree(ctx *c, TSNode tt)
{
	static const char *const macros[] = {"env", "option_env", "dotenv",
					     NULL};
	static const char *const crates[] = {"env", "dotenvy", "dotenv", NULL};
	static const char *const fns[] = {"var", "var_os", NULL};
	TSNode prev[3], k, s;
	kids it;

	memset(prev, 0, sizeof(prev));
	kids_start(&it, tt);
	while (kids_next(&it, &k, 0)) {
		if (is(k, "token_tree") && !ts_node_is_null(prev[2]) &&
		    !ts_node_is_null(prev[1])) {
			int hit = (tok_is(prev[2], "!") &&
				   is(prev[1], "identifier") &&
				   text_is(c, prev[1], macros)) ||
				  (is(prev[2], "identifier") &&
				   text_is(c, prev[2], fns) &&
				   tok_is(prev[1], "::") &&
				   !ts_node_is_null(prev[0]) &&
				   is(prev[0], "identifier") &&
				   text_is(c, prev[0], crates));
			if (hit && !ts_node_is_null(s = first_string(k)))
				sunset_facts_add_env(c->f, string_value(c, s),
						     sunset_node_span(s));
		}
		prev[0] = prev[1];
		prev[1] = prev[2];
		prev[2] = k;
	}
	kids_done(&it);
}

/* ---- imports ---- */

static int local_root(ctx *c, const char *seg, size_t n)
{
	static const char *const roots[] = {"crate", "self", "super", "$crate"};

	for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++)
		if (strlen(roots[i]) == n && !strncmp(seg, roots[i], n))
			return 1;
	for (int i = 0; i < c->nmods; i++)
		if (strlen(c->mods[i]) == n && !strncmp(seg, c->mods[i], n))
			return 1;
	return 0;
}

/* A path as written, spaces and a leading "::" removed. */
static char *path_text(ctx *c, TSNode n)
{
	char *s = sunset_node_text(c->f, n, c->src), *w = s;

	for (char *r = s; *r; r++)
		if (!strchr(" \t\r\n", *r))
			*w++ = *r;
	*w = '\0';
	return !strncmp(s, "::", 2) ? s + 2 : s;
}

/* One imported path: module = the crate, member = the rest. */
static void add_use(ctx *c, const char *path, const char *alias, int aliased,
		    int wildcard, sunset_span span)
{
	const char *sep = strstr(path, "::"), *last;
	size_t lc = sep ? (size_t)(sep - path) : strlen(path);
	char *module;

	if (!lc || local_root(c, path, lc))
		return; /* crate::, self::, super::, mod openai; */
	module = sunset_arena_strndup(c->f, path, lc);
	if (!aliased) {
		last = path;
		for (const char *p = path; (p = strstr(p, "::")); p += 2)
			last = p + 2;
		alias = wildcard ? NULL : last;
	} else if (alias && !strcmp(alias, "_")) {
		alias = NULL; /* use x as _: nothing bound */
	}
	sunset_facts_add_import(c->f, module, sep ? sep + 2 : NULL, alias,
				wildcard, span);
}

static char *join_path(ctx *c, const char *prefix, const char *rest)
{
	if (!prefix || !*prefix)
		return (char *)rest;
	if (!strcmp(rest, "self"))
		return (char *)prefix; /* use x::{self} */
	return sunset_arena_printf(c->f, "%s::%s", prefix, rest);
}

static void on_use_tree(ctx *c, TSNode n, const char *prefix, sunset_span span,
			int depth)
{
	if (ts_node_is_null(n) || depth > SUNSET_EXPR_DEPTH_MAX)
		return;
	if (is(n, "use_as_clause")) {
		TSNode alias = field(n, "alias");
		add_use(c, join_path(c, prefix, path_text(c, field(n, "path"))),
			ts_node_is_null(alias)
				? NULL
				: sunset_node_text(c->f, alias, c->src),
			1, 0, span);
	} else if (is(n, "use_wildcard")) {
		TSNode p = inner(n);
		add_use(c,
			ts_node_is_null(p)
				? prefix
				: join_path(c, prefix, path_text(c, p)),
			NULL, 0, 1, span);
	} else if (is(n, "scoped_use_list")) {
		TSNode p = field(n, "path");
		const char *pre =
			ts_node_is_null(p)
				? prefix
				: join_path(c, prefix, path_text(c, p));
		on_use_tree(c, field(n, "list"), pre, span, depth + 1);
	} else if (is(n, "use_list")) {
		kids it;
		TSNode k;
		kids_start(&it, n);
		while (kids_next(&it, &k, 1))
			on_use_tree(c, k, prefix, span, depth + 1);
		kids_done(&it);
	} else if (is(n, "identifier") || is(n, "scoped_identifier") ||
		   is(n, "self") || is(n, "crate") || is(n, "super")) {
		add_use(c, join_path(c, prefix, path_text(c, n)), NULL, 0, 0,
			span);
	}
}

static void on_extern_crate(ctx *c, TSNode n)
{
	TSNode name = field(n, "name"), alias = field(n, "alias");
	char *crate;

	if (ts_node_is_null(name))
		return;
	crate = sunset_node_text(c->f, name, c->src);
	if (!strcmp(crate, "self"))
		return;
	sunset_facts_add_import(c->f, crate, NULL,
				ts_node_is_null(alias)
					? crate
					: sunset_node_text(c->f, alias, c->src),
				0, sunset_node_span(n));
}

/* ---- assignments and calls ---- */

/* let x = T { a: v, b: U { c: w } }: also x.a = v, x.b.c = w. */
static void add_fields(ctx *c, const char *target, TSNode st, sunset_span span,
		       int depth)
{
	TSNode body = field(st, "body"), k;
	kids it;
	size_t added = 0;

	if (depth > FIELDS_DEPTH_MAX || ts_node_is_null(body))
		return;
	kids_start(&it, body);
	while (added < PARTS_MAX && kids_next(&it, &k, 1)) {
		TSNode key, value;
		char *t;
		if (is(k, "field_initializer")) {
			key = field(k, "field");
			value = field(k, "value");
		} else if (is(k, "shorthand_field_initializer")) {
			key = value = child_of_type(k, "identifier");
		} else {
			continue;
		}
		if (ts_node_is_null(key) || ts_node_is_null(value))
			continue;
		t = sunset_arena_printf(c->f, "%s.%s", target,
					sunset_node_text(c->f, key, c->src));
		sunset_facts_add_assign(c->f, t, expr(c, value, 0), span);
		added++;
		if (is(unwrap(value), "struct_expression"))
			add_fields(c, t, unwrap(value), span, depth + 1);
	}
	kids_done(&it);
}

static void add_assign(ctx *c, TSNode left, TSNode right, TSNode stmt, int plus)
{
	char *target = dotted(c, left, 0);
	sunset_span span = sunset_node_span(stmt);
	sunset_expr *value;

	if (!target || ts_node_is_null(right) || !strcmp(target, "_"))
		return;
	value = expr(c, right, 0);
	if (plus) {
		/* url += "/v1" */
		sunset_expr *e = new_expr(c, SUNSET_EXPR_CONCAT, NULL, stmt);
		add_kid(c, e, expr(c, left, 0));
		add_kid(c, e, value);
		value = e;
	}
	sunset_facts_add_assign(c->f, target, value, span);
	if (!plus && is(unwrap(right), "struct_expression"))
		add_fields(c, target, unwrap(right), span, 0);
}

static void on_let(ctx *c, TSNode n)
{
	TSNode pat = field(n, "pattern");

	if (is(pat, "mut_pattern"))
		pat = inner(pat);
	if (is(pat, "identifier"))
		add_assign(c, pat, field(n, "value"), n, 0);
	/* tuple and struct patterns: destructuring is skipped */
}

/* std::env::var("X"), env::var_os("X"), dotenvy::var("X") */
static int env_reader(const char *callee)
{
	static const char *const names[] = {
		"env.var",    "env.var_os",	"dotenvy.var",
		"dotenv.var", "dotenvy.var_os", "dotenv.var_os",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (ends_with_part(callee, names[i]))
			return 1;
	return 0;
}

static void on_call(ctx *c, TSNode n)
{
	TSNode fn = field(n, "function"), args = field(n, "arguments");
	char *callee = dotted(c, fn, 0);
	sunset_call *call;
	sunset_expr *e;

	if (!callee)
		return;
	call = sunset_facts_add_call(c->f, callee, 0, sunset_node_span(n),
				     sunset_node_span(fn));
	/* the arguments as a call expression would hold them */
	e = new_expr(c, SUNSET_EXPR_CALL, callee, n);
	args_into_expr(c, e, args, -1);
	for (size_t i = 0; i < e->nkids; i++) {
		c->budget -= (long)i + 1;
		sunset_call_add_arg(c->f, call, e->kids[i]);
	}
	if (env_reader(callee) && call->nargs &&
	    call->args[0]->kind == SUNSET_EXPR_STRING)
		sunset_facts_add_env(c->f, call->args[0]->text,
				     call->args[0]->span);
}

/* A line comment's node ends after its newline: the text does not. */
static void on_comment(ctx *c, TSNode n)
{
	char *text = sunset_node_text(c->f, n, c->src);
	size_t len = strlen(text);
	sunset_span span = sunset_node_span(n);

	while (len && (text[len - 1] == '\n' || text[len - 1] == '\r')) {
		text[--len] = '\0';
		span.end_byte--;
	}
	if (span.end_line > span.line && is(n, "line_comment")) {
		span.end_line = span.line;
		span.end_col = span.col + (uint32_t)len;
	}
	sunset_facts_add_comment(c->f, text, span);
}

static void add_assoc(ctx *c, const char *type, TSNode item)
{
	TSNode name = field(item, "name"), value = field(item, "value");
	char *nm;

	if (ts_node_is_null(name) || ts_node_is_null(value))
		return;
	nm = sunset_node_text(c->f, name, c->src);
	sunset_facts_add_assign(c->f, sunset_arena_printf(c->f, "Self.%s", nm),
				expr(c, value, 0), sunset_node_span(item));
	sunset_facts_add_assign(c->f,
				sunset_arena_printf(c->f, "%s.%s", type, nm),
				expr(c, value, 0), sunset_node_span(item));
}

/* Self { base: v } (or T { .. }) in an impl of T: what its methods read
 * as self.base. */
static void on_self_literal(ctx *c, TSNode n, const char *impl)
{
	char *type = dotted(c, field(n, "name"), 0);
	kids it;
	TSNode k;

	if (!type || (strcmp(type, "Self") && strcmp(type, impl)))
		return;
	kids_start(&it, field(n, "body"));
	while (kids_next(&it, &k, 1)) {
		TSNode key, value;
		if (is(k, "field_initializer")) {
			key = field(k, "field");
			value = field(k, "value");
		} else if (is(k, "shorthand_field_initializer")) {
			key = value = child_of_type(k, "identifier");
		} else {
			continue;
		}
		if (ts_node_is_null(key) || ts_node_is_null(value))
			continue;
		sunset_facts_add_assign(
			c->f,
			sunset_arena_printf(
				c->f, "self.%s",
				sunset_node_text(c->f, key, c->src)),
			expr(c, value, 0), sunset_node_span(k));
	}
	kids_done(&it);
}

static void find_mods(ctx *c, TSNode root)
{
	kids it;
	TSNode k, name;

	kids_start(&it, root);
	while (c->nmods < MODS_MAX && kids_next(&it, &k, 1)) {
		if (!is(k, "mod_item"))
			continue;
		name = field(k, "name");
		if (!ts_node_is_null(name))
			c->mods[c->nmods++] =
				sunset_node_text(c->f, name, c->src);
	}
	kids_done(&it);
}

void sunset_extract_rust(sunset_facts *f, const char *src, size_t len,
			 TSNode root)
{
	ctx c;
	TSTreeCursor cur = ts_tree_cursor_new(root);
	struct {
		const char *type; /* NULL inside a function */
		uint32_t end;
	} impls[IMPL_STACK];
	int nimpls = 0;

	memset(&c, 0, sizeof(c));
	c.f = f;
	c.src = src;
	c.budget = 2 * (long)len + 65536;
	find_mods(&c, root);
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&cur);
		const char *type = ts_node_type(n);
		int descend = 1;

		while (nimpls && ts_node_start_byte(n) >= impls[nimpls - 1].end)
			nimpls--;

		if (is_comment(n)) {
			on_comment(&c, n);
			descend = 0;
		} else if (!strcmp(type, "use_declaration")) {
			on_use_tree(&c, field(n, "argument"), NULL,
				    sunset_node_span(n), 0);
			descend = 0;
		} else if (!strcmp(type, "extern_crate_declaration")) {
			on_extern_crate(&c, n);
			descend = 0;
		} else if (!strcmp(type, "let_declaration")) {
			on_let(&c, n);
		} else if (!strcmp(type, "impl_item") ||
			   !strcmp(type, "function_item")) {
			if (nimpls < IMPL_STACK) {
				impls[nimpls].type =
					!strcmp(type, "impl_item")
						? dotted(&c, field(n, "type"),
							 0)
						: NULL;
				impls[nimpls++].end = ts_node_end_byte(n);
			}
		} else if (!strcmp(type, "const_item") ||
			   !strcmp(type, "static_item")) {
			add_assign(&c, field(n, "name"), field(n, "value"), n,
				   0);
			if (nimpls && impls[nimpls - 1].type)
				/* an associated constant: Self::X, T::X */
				add_assoc(&c, impls[nimpls - 1].type, n);
		} else if (!strcmp(type, "struct_expression")) {
			for (int i = nimpls; i-- > 0;) {
				if (impls[i].type) {
					on_self_literal(&c, n, impls[i].type);
					break;
				}
			}
		} else if (!strcmp(type, "assignment_expression")) {
			add_assign(&c, field(n, "left"), field(n, "right"), n,
				   0);
		} else if (!strcmp(type, "compound_assignment_expr")) {
			TSNode op = field(n, "operator");
			if (!ts_node_is_null(op) &&
			    !strcmp(ts_node_type(op), "+="))
				add_assign(&c, field(n, "left"),
					   field(n, "right"), n, 1);
		} else if (!strcmp(type, "call_expression")) {
			on_call(&c, n);
		} else if (!strcmp(type, "macro_invocation")) {
			on_macro(&c, n);
		} else if (!strcmp(type, "attribute_item") ||
			   !strcmp(type, "inner_attribute_item")) {
			descend = !on_doc_attribute(&c, n);
		} else if (!strcmp(type, "attribute")) {
			on_attribute(&c, n);
		} else if (!strcmp(type, "token_tree")) {
			on_token_tree(&c, n);
		} else if (is_string(n)) {
			sunset_facts_add_string(f, string_value(&c, n),
						sunset_node_span(n));
			descend = 0;
		}

		if (descend && ts_tree_cursor_goto_first_child(&cur))
			continue;
		while (!ts_tree_cursor_goto_next_sibling(&cur)) {
			if (!ts_tree_cursor_goto_parent(&cur)) {
				ts_tree_cursor_delete(&cur);
				return;
			}
		}
	}
}
