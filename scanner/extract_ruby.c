/* extract_ruby.c - facts of Ruby files (Gemfile, Rakefile, .rb, ...)
 *
 * Follows extract_python.c: one iterative walk over the tree, expressions
 * summarised recursively up to SUNSET_EXPR_DEPTH_MAX.
 *
 * Ruby specifics:
 * - every `a.b` is a method call. A call without arguments, parentheses
 *   or block reads like an attribute: inside a chain it is a plain link
 *   ("client.images.generate"), as a value it is a NAME, and it is a call
 *   fact only as the outermost link of its chain.
 * - `X.new(...)` is a constructor: is_new with callee "X"; inside a chain
 *   it reads "X()" like any constructor call.
 * - "::" is written ".": Net::HTTP.post is "Net.HTTP.post".
 * - heredoc bodies sit after their line in the tree; a pre-pass pairs
 *   each heredoc_beginning with its body. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "util.h"

typedef struct {
	sunset_facts *f;
	const char *src;
	size_t len;
	TSNode *hd_begin, *hd_body; /* paired heredocs, in file order */
	size_t nhd;
} ctx;

/* A named node of that type (the keyword `string` is a node "string"
 * too, but not a named one). */
static int is(TSNode n, const char *type)
{
	return !ts_node_is_null(n) && ts_node_is_named(n) &&
	       !strcmp(ts_node_type(n), type);
}

/* A child by field name (cached: names are literals of this file). */
static TSNode field(TSNode n, const char *name)
{
	return sunset_node_field(n, name);
}

static char *text(ctx *c, TSNode n)
{
	return sunset_node_text(c->f, n, c->src);
}

static int text_is(ctx *c, TSNode n, const char *s)
{
	uint32_t a = ts_node_start_byte(n), z = ts_node_end_byte(n);
	size_t ls = strlen(s);

	return !ts_node_is_null(n) && z - a == ls && !memcmp(c->src + a, s, ls);
}

/* A span from the start of `a` to the end of `b`. */
static sunset_span span_range(TSNode a, TSNode b)
{
	sunset_span s = sunset_node_span(a), e = sunset_node_span(b);

	s.end_byte = e.end_byte;
	s.end_line = e.end_line;
	s.end_col = e.end_col;
	return s;
}

static int has_args(TSNode call)
{
	return !ts_node_is_null(field(call, "arguments")) ||
	       !ts_node_is_null(field(call, "block"));
}

/* ---- names ---- */

static char *dotted(ctx *c, TSNode n, int depth);

/* The callee of a call node as dotted text, without "()" of its own. */
static char *callee_text(ctx *c, TSNode n, int depth)
{
	TSNode recv = field(n, "receiver"), meth = field(n, "method");
	char *r;

	if (ts_node_is_null(meth))
		return NULL;
	if (ts_node_is_null(recv))
		return text(c, meth);
	r = dotted(c, recv, depth + 1);
	return r ? sunset_arena_printf(c->f, "%s.%s", r, text(c, meth)) : NULL;
}

/* "a.b.c", "@client.images", "OpenAI.Client()", "Net.HTTP"; NULL when the
 * expression is not a chain of names, constants and calls. */
static char *dotted(ctx *c, TSNode n, int depth)
{
	if (ts_node_is_null(n) || depth > SUNSET_EXPR_DEPTH_MAX)
		return NULL;
	if (is(n, "identifier") || is(n, "constant") ||
	    is(n, "instance_variable") || is(n, "class_variable") ||
	    is(n, "global_variable") || is(n, "self"))
		return text(c, n);
	if (is(n, "scope_resolution")) {
		TSNode scope = field(n, "scope"), name = field(n, "name");
		char *s;
		if (ts_node_is_null(name))
			return NULL;
		if (ts_node_is_null(scope)) /* ::Foo */
			return text(c, name);
		s = dotted(c, scope, depth + 1);
		return s ? sunset_arena_printf(c->f, "%s.%s", s, text(c, name))
			 : NULL;
	}
	if (is(n, "call")) {
		TSNode recv = field(n, "receiver");
		char *callee;
		if (!ts_node_is_null(recv) &&
		    text_is(c, field(n, "method"), "new")) {
			char *r = dotted(c, recv, depth + 1);
			return r ? sunset_arena_printf(c->f, "%s()", r) : NULL;
		}
		callee = callee_text(c, n, depth);
		if (callee && has_args(n))
			return sunset_arena_printf(c->f, "%s()", callee);
		return callee;
	}
	if (is(n, "parenthesized_statements") &&
	    ts_node_named_child_count(n) == 1)
		return dotted(c, ts_node_named_child(n, 0), depth + 1);
	return NULL;
}

/* ---- string values ---- */

static int is_alnum(char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
	       (ch >= 'A' && ch <= 'Z');
}

/* One escape_sequence node of a double-quoted string: Ruby's own escapes
 * (\e \s \a \b \v \f, octal, \u{...}, \# and friends), the rest by
 * sunset_unescape. */
static void put_escape(ctx *c, sunset_buf *b, const char *s, size_t n)
{
	if (n < 2 || s[0] != '\\') {
		sunset_buf_put(b, s, n);
		return;
	}
	switch (s[1]) {
	case 'e':
		sunset_buf_puts(b, "\033");
		return;
	case 's':
		sunset_buf_puts(b, " ");
		return;
	case 'a':
		sunset_buf_puts(b, "\a");
		return;
	case 'b':
		sunset_buf_puts(b, "\b");
		return;
	case 'v':
		sunset_buf_puts(b, "\v");
		return;
	case 'f':
		sunset_buf_puts(b, "\f");
		return;
	case 'u':
		if (n > 2 && s[2] == '{') {
			/* \u{1F600 41}: one or more code points */
			size_t i = 3;
			while (i < n && s[i] != '}') {
				char *end;
				unsigned long cp;
				if (s[i] == ' ' || s[i] == '\t') {
					i++;
					continue;
				}
				cp = strtoul(s + i, &end, 16);
				if (end == s + i)
					break;
				sunset_buf_put_utf8(b, cp);
				i = (size_t)(end - s);
			}
			return;
		}
		break;
	default:
		if (s[1] >= '0' && s[1] <= '7') {
			unsigned v = 0;
			for (size_t i = 1;
			     i < n && i < 4 && s[i] >= '0' && s[i] <= '7'; i++)
				v = v * 8 + (unsigned)(s[i] - '0');
			sunset_buf_put_utf8(b, v & 0xFF);
			return;
		}
		if (!is_alnum(s[1]) && s[1] != '\n') {
			sunset_buf_put(b, s + 1, n - 1);
			return;
		}
	}
	sunset_buf_puts(b, sunset_unescape(c->f, s, n));
}

/* Text of a single-quoted literal: only \\ and \<delimiter> are escapes. */
static void put_single_quoted(sunset_buf *b, const char *s, size_t n,
			      char delim)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n &&
		    (s[i + 1] == '\\' || s[i + 1] == delim)) {
			sunset_buf_put(b, s + i + 1, 1);
			i++;
		} else {
			sunset_buf_put(b, s + i, 1);
		}
	}
}

static sunset_expr *expr(ctx *c, TSNode n, int depth);

static sunset_expr *interp_expr(ctx *c, TSNode k, int depth)
{
	if (ts_node_named_child_count(k) == 1)
		return expr(c, ts_node_named_child(k, 0), depth + 1);
	return sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN, NULL, k);
}

/* A string, bare string (%w) or subshell; with `want_expr` the returned
 * *e is its STRING or CONCAT. Returns the value. */
static char *read_string(ctx *c, TSNode n, int want_expr, int depth,
			 sunset_expr **e)
{
	sunset_strparts p;
	uint32_t start = ts_node_start_byte(n), i, count;
	char delim = 0;
	char *value;

	memset(&p, 0, sizeof(p));
	p.f = c->f;
	if (want_expr)
		p.concat = sunset_expr_new(c->f, SUNSET_EXPR_CONCAT, NULL, n);
	if (c->src[start] == '\'')
		delim = '\'';
	else if (c->src[start] == '%' && start + 2 < ts_node_end_byte(n) &&
		 c->src[start + 1] == 'q') {
		char open = c->src[start + 2];
		delim = open == '('   ? ')'
			: open == '[' ? ']'
			: open == '{' ? '}'
			: open == '<' ? '>'
				      : open;
	}
	count = ts_node_child_count(n);
	for (i = 0; i < count; i++) {
		TSNode k = ts_node_child(n, i);
		uint32_t a = ts_node_start_byte(k), z = ts_node_end_byte(k);
		if (is(k, "string_content")) {
			if (delim) {
				sunset_buf tmp = SUNSET_BUF_INIT;
				put_single_quoted(&tmp, c->src + a, z - a,
						  delim);
				sunset_strparts_text(&p, tmp.ptr ? tmp.ptr : "",
						     tmp.len, 0, k);
				sunset_buf_free(&tmp);
			} else {
				sunset_strparts_text(&p, c->src + a, z - a, 0,
						     k);
			}
		} else if (is(k, "escape_sequence")) {
			sunset_buf tmp = SUNSET_BUF_INIT;
			put_escape(c, &tmp, c->src + a, z - a);
			sunset_strparts_text(&p, tmp.ptr ? tmp.ptr : "",
					     tmp.len, 0, k);
			sunset_buf_free(&tmp);
		} else if (is(k, "interpolation")) {
			sunset_strparts_interp(
				&p,
				want_expr ? interp_expr(c, k, depth) : NULL);
		}
	}
	sunset_strparts_flush(&p);
	value = sunset_arena_strndup(c->f, p.all.ptr ? p.all.ptr : "",
				     p.all.len);
	if (want_expr)
		*e = p.interpolated ? p.concat
				    : sunset_expr_new(c->f, SUNSET_EXPR_STRING,
						      value, n);
	sunset_buf_free(&p.all);
	sunset_buf_free(&p.seg);
	return value;
}

/* The heredoc_body paired with a heredoc_beginning, or a null node. */
static TSNode heredoc_body_of(ctx *c, TSNode begin)
{
	uint32_t at = ts_node_start_byte(begin);
	size_t lo = 0, hi = c->nhd;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t m = ts_node_start_byte(c->hd_begin[mid]);
		if (m == at)
			return c->hd_body[mid];
		if (m < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (TSNode){{0}, NULL, NULL};
}

/* A heredoc's value: the lines after its opening line up to the end
 * marker's line; <<~ removes the common indentation, <<- and <<~ the
 * marker's; <<~'X' takes the text as written. */
static char *read_heredoc(ctx *c, TSNode begin, TSNode body, int want_expr,
			  int depth, sunset_expr **e)
{
	sunset_strparts p;
	uint32_t a = ts_node_start_byte(body), z = ts_node_end_byte(body);
	uint32_t pos, i, count = ts_node_child_count(body);
	const char *bt = "";
	size_t blen = 0;
	int squiggly, raw;
	char *value;

	if (!ts_node_is_null(begin)) {
		bt = c->src + ts_node_start_byte(begin);
		blen = ts_node_end_byte(begin) - ts_node_start_byte(begin);
	}
	squiggly = blen > 2 && bt[2] == '~';
	raw = memchr(bt, '\'', blen) != NULL;

	/* the value starts on the line after the opening one */
	while (a < z && c->src[a] != '\n')
		a++;
	if (a < z)
		a++;
	/* and ends before the end marker's indentation */
	for (i = 0; i < count; i++) {
		TSNode k = ts_node_child(body, i);
		if (is(k, "heredoc_end")) {
			z = ts_node_start_byte(k);
			break;
		}
	}
	while (z > a && (c->src[z - 1] == ' ' || c->src[z - 1] == '\t'))
		z--;

	memset(&p, 0, sizeof(p));
	p.f = c->f;
	p.line_start = 1;
	if (want_expr)
		p.concat =
			sunset_expr_new(c->f, SUNSET_EXPR_CONCAT, NULL, body);
	if (squiggly) {
		/* the least indentation of the lines that are not blank */
		size_t best = (size_t)-1, ind = 0;
		int at_start = 1;
		for (uint32_t k = a; k < z; k++) {
			char ch = c->src[k];
			if (ch == '\n') {
				at_start = 1;
				ind = 0;
			} else if (at_start && (ch == ' ' || ch == '\t')) {
				ind++;
			} else if (at_start) {
				if (ind < best)
					best = ind;
				at_start = 0;
			}
		}
		p.indent = best == (size_t)-1 ? 0 : best;
	}

	pos = a;
	for (i = 0; i < count && pos < z; i++) {
		TSNode k = ts_node_child(body, i);
		uint32_t ka = ts_node_start_byte(k), kz = ts_node_end_byte(k);
		if (kz <= pos)
			continue;
		if (ka > pos) /* text no node covers */
			sunset_strparts_text(&p, c->src + pos,
					     (ka < z ? ka : z) - pos, 1, k);
		if (ka < pos)
			ka = pos;
		if (ka >= z)
			break;
		if (is(k, "interpolation") && !raw) {
			sunset_strparts_interp(
				&p,
				want_expr ? interp_expr(c, k, depth) : NULL);
		} else if (is(k, "escape_sequence") && !raw) {
			sunset_buf tmp = SUNSET_BUF_INIT;
			put_escape(c, &tmp, c->src + ka, kz - ka);
			sunset_strparts_text(&p, tmp.ptr ? tmp.ptr : "",
					     tmp.len, 0, k);
			sunset_buf_free(&tmp);
		} else {
			sunset_strparts_text(&p, c->src + ka,
					     (kz < z ? kz : z) - ka, 1, k);
		}
		pos = kz;
	}
	if (pos < z)
		sunset_strparts_text(&p, c->src + pos, z - pos, 1, body);
	sunset_strparts_flush(&p);
	value = sunset_arena_strndup(c->f, p.all.ptr ? p.all.ptr : "",
				     p.all.len);
	if (want_expr)
		*e = p.interpolated ? p.concat
				    : sunset_expr_new(c->f, SUNSET_EXPR_STRING,
						      value, body);
	sunset_buf_free(&p.all);
	sunset_buf_free(&p.seg);
	return value;
}

/* ---- expressions ---- */

static void add_to_expr(ctx *c, void *target, sunset_expr *e)
{
	sunset_expr_add(c->f, target, e);
}

static void add_to_call(ctx *c, void *target, sunset_expr *e)
{
	sunset_call_add_arg(c->f, target, e);
}

/* The name of a symbol (:openai, openai:) without its colon. */
static char *symbol_name(ctx *c, TSNode n)
{
	uint32_t a = ts_node_start_byte(n), z = ts_node_end_byte(n);

	if (is(n, "simple_symbol") && z > a + 1)
		return sunset_arena_strndup(c->f, c->src + a + 1, z - a - 1);
	if (is(n, "hash_key_symbol"))
		return text(c, n);
	return NULL;
}

/* The keyword of a pair: url: x, :url => x, "url": x; NULL for a
 * "string" => x entry. */
static char *pair_keyword(ctx *c, TSNode pair)
{
	TSNode key = field(pair, "key");
	uint32_t i, count = ts_node_child_count(pair);
	sunset_expr *e = NULL;
	char *value;

	if (!is(key, "string"))
		return symbol_name(c, key);
	/* the separator: ":" or "=>" (ts_node_next_sibling would walk
	 * down from the root) */
	for (i = 0; i < count; i++) {
		TSNode k = ts_node_child(pair, i);
		if (!ts_node_is_named(k)) {
			if (strcmp(ts_node_type(k), ":"))
				return NULL;
			break;
		}
	}
	if (i == count)
		return NULL;
	value = read_string(c, key, 1, SUNSET_EXPR_DEPTH_MAX, &e);
	return e->kind == SUNSET_EXPR_STRING ? value : NULL;
}

static void call_args(ctx *c, TSNode args, int depth,
		      void (*add)(ctx *, void *, sunset_expr *), void *target)
{
	uint32_t i, count;

	if (ts_node_is_null(args))
		return;
	count = ts_node_named_child_count(args);
	for (i = 0; i < count; i++) {
		TSNode a = ts_node_named_child(args, i);
		sunset_expr *e;
		if (is(a, "comment") || is(a, "block_argument"))
			continue;
		if (is(a, "pair")) {
			/* url: x or :url => x is a keyword argument; a
			 * "string" => x entry is part of a hash */
			char *kw = pair_keyword(c, a);
			if (kw) {
				e = expr(c, field(a, "value"), depth + 1);
				e->keyword = kw;
			} else {
				e = sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN,
						    NULL, a);
			}
		} else if (is(a, "splat_argument") ||
			   is(a, "hash_splat_argument") ||
			   is(a, "forward_argument")) {
			e = sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN, NULL, a);
		} else {
			e = expr(c, a, depth + 1);
		}
		add(c, target, e);
	}
}

/* The operand of "a % b": an array's elements, a hash's values (named
 * after their keys), or the value itself. */
static void format_operands(ctx *c, sunset_expr *e, TSNode right, int depth)
{
	uint32_t i, count = ts_node_named_child_count(right);

	if (is(right, "array")) {
		for (i = 0; i < count; i++) {
			TSNode k = ts_node_named_child(right, i);
			if (!is(k, "comment"))
				sunset_expr_add(c->f, e, expr(c, k, depth + 1));
		}
	} else if (is(right, "hash")) {
		for (i = 0; i < count; i++) {
			TSNode k = ts_node_named_child(right, i);
			sunset_expr *v;
			if (!is(k, "pair"))
				continue;
			v = expr(c, field(k, "value"), depth + 1);
			v->keyword = pair_keyword(c, k);
			sunset_expr_add(c->f, e, v);
		}
	} else {
		sunset_expr_add(c->f, e, expr(c, right, depth + 1));
	}
}

static int is_stringish(TSNode n)
{
	return is(n, "string") || is(n, "chained_string") ||
	       is(n, "heredoc_beginning");
}

/* Methods that hand back their string receiver unchanged for our needs. */
static int passthrough_method(ctx *c, TSNode meth)
{
	static const char *const names[] = {"freeze", "to_s",  "dup",
					    "strip",  "chomp", "to_str",
					    "squish", "+@"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (text_is(c, meth, names[i]))
			return 1;
	return 0;
}

static sunset_expr *call_expr(ctx *c, TSNode n, int depth)
{
	TSNode recv = field(n, "receiver"), meth = field(n, "method");
	TSNode args = field(n, "arguments");
	sunset_expr *e;
	char *name;

	if (ts_node_is_null(meth))
		return sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN, NULL, n);
	/* format("%s/v1", base), sprintf(...), Kernel.format(...) */
	if ((ts_node_is_null(recv) || text_is(c, recv, "Kernel")) &&
	    (text_is(c, meth, "format") || text_is(c, meth, "sprintf")) &&
	    !ts_node_is_null(args)) {
		e = sunset_expr_new(c->f, SUNSET_EXPR_FORMAT, NULL, n);
		call_args(c, args, depth, add_to_expr, e);
		return e;
	}
	if (!ts_node_is_null(recv) && text_is(c, meth, "new")) {
		e = sunset_expr_new(c->f, SUNSET_EXPR_CALL,
				    dotted(c, recv, depth + 1), n);
		call_args(c, args, depth, add_to_expr, e);
		return e;
	}
	if (!ts_node_is_null(recv) && !dotted(c, recv, depth + 1)) {
		/* "https://x".freeze */
		if (passthrough_method(c, meth) && !has_args(n))
			return expr(c, recv, depth + 1);
		return sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN, NULL, n);
	}
	name = callee_text(c, n, depth);
	if (!has_args(n) && !ts_node_is_null(recv))
		/* config.api_base: read like an attribute */
		return sunset_expr_new(
			c->f, name ? SUNSET_EXPR_NAME : SUNSET_EXPR_UNKNOWN,
			name, n);
	e = sunset_expr_new(c->f, SUNSET_EXPR_CALL, name, n);
	call_args(c, args, depth, add_to_expr, e);
	return e;
}

static sunset_expr *expr(ctx *c, TSNode n, int depth)
{
	const char *type;
	char *name;

	if (ts_node_is_null(n) || depth > SUNSET_EXPR_DEPTH_MAX)
		return sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN, NULL, n);
	type = ts_node_type(n);
	if (!strcmp(type, "string")) {
		sunset_expr *e = NULL;
		read_string(c, n, 1, depth, &e);
		return e;
	}
	if (!strcmp(type, "heredoc_beginning")) {
		TSNode body = heredoc_body_of(c, n);
		sunset_expr *e = NULL;
		if (ts_node_is_null(body))
			return sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN, NULL,
					       n);
		read_heredoc(c, n, body, 1, depth, &e);
		return e;
	}
	if (!strcmp(type, "chained_string")) {
		sunset_expr *e =
			sunset_expr_new(c->f, SUNSET_EXPR_CONCAT, NULL, n);
		for (uint32_t i = 0; i < ts_node_named_child_count(n); i++) {
			TSNode k = ts_node_named_child(n, i);
			if (!is(k, "comment"))
				sunset_expr_add(c->f, e, expr(c, k, depth + 1));
		}
		return e;
	}
	if (!strcmp(type, "parenthesized_statements"))
		return ts_node_named_child_count(n) == 1
			       ? expr(c, ts_node_named_child(n, 0), depth + 1)
			       : sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN,
						 NULL, n);
	if (!strcmp(type, "binary")) {
		TSNode op = field(n, "operator");
		TSNode left = field(n, "left"), right = field(n, "right");
		sunset_expr *e;
		if (text_is(c, op, "+")) {
			/* a + b + c: one concat, its left spine unrolled up
			 * to a bound */
			TSNode spine[SUNSET_EXPR_DEPTH_MAX];
			int ns = 0;
			e = sunset_expr_new(c->f, SUNSET_EXPR_CONCAT, NULL, n);
			while (ns < SUNSET_EXPR_DEPTH_MAX &&
			       is(left, "binary") &&
			       text_is(c, field(left, "operator"), "+")) {
				spine[ns++] = field(left, "right");
				left = field(left, "left");
			}
			sunset_expr_add(c->f, e, expr(c, left, depth + 1));
			while (ns > 0)
				sunset_expr_add(
					c->f, e,
					expr(c, spine[--ns], depth + 1));
			sunset_expr_add(c->f, e, expr(c, right, depth + 1));
			return e;
		}
		if (text_is(c, op, "%") && is_stringish(left)) {
			e = sunset_expr_new(c->f, SUNSET_EXPR_FORMAT, NULL, n);
			sunset_expr_add(c->f, e, expr(c, left, depth + 1));
			format_operands(c, e, right, depth);
			return e;
		}
		return sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN, NULL, n);
	}
	if (!strcmp(type, "call"))
		return call_expr(c, n, depth);
	name = dotted(c, n, depth + 1);
	if (name)
		return sunset_expr_new(c->f, SUNSET_EXPR_NAME, name, n);
	return sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN, NULL, n);
}

/* ---- statements ---- */

/* require "openai": an import of the library as written. Returns 1 when
 * the call was a require (its argument is not a string fact). */
static int on_require(ctx *c, TSNode n)
{
	TSNode meth = field(n, "method"), args = field(n, "arguments");
	TSNode arg;
	int relative;
	char *mod;
	sunset_expr *e = NULL;

	if (!ts_node_is_null(field(n, "receiver")) || ts_node_is_null(args))
		return 0;
	relative = text_is(c, meth, "require_relative");
	if (!relative && !text_is(c, meth, "require"))
		return 0;
	if (ts_node_named_child_count(args) != 1)
		return 0;
	arg = ts_node_named_child(args, 0);
	if (!is(arg, "string"))
		return 0;
	mod = read_string(c, arg, 1, 0, &e);
	if (e->kind != SUNSET_EXPR_STRING)
		return 0;
	/* require_relative and require "./x": the project's own code */
	if (!relative && *mod && mod[0] != '.' && mod[0] != '/')
		sunset_facts_add_import(c->f, mod, NULL, NULL, 0,
					sunset_node_span(n));
	return 1;
}

static int env_method(ctx *c, TSNode meth)
{
	static const char *const names[] = {"fetch",	"[]",	    "key?",
					    "has_key?", "include?", "member?"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (text_is(c, meth, names[i]))
			return 1;
	return 0;
}

static void on_call(ctx *c, TSNode n, int suppressed)
{
	TSNode recv = field(n, "receiver"), meth = field(n, "method");
	TSNode args = field(n, "arguments");
	sunset_span callee_span;
	sunset_call *call;
	char *callee;
	int is_new = 0;

	if (ts_node_is_null(meth))
		return;
	is_new = !ts_node_is_null(recv) && text_is(c, meth, "new");
	/* a bare link of a chain (client.images in client.images.generate)
	 * or the target of an assignment is not a call of its own */
	if (suppressed && !is_new && !has_args(n))
		return;
	if (is_new) {
		callee = dotted(c, recv, 0);
	} else {
		callee = callee_text(c, n, 0);
	}
	if (!callee)
		return;
	callee_span = ts_node_is_null(recv) ? sunset_node_span(meth)
					    : span_range(recv, meth);
	call = sunset_facts_add_call(c->f, callee, is_new, sunset_node_span(n),
				     callee_span);
	call_args(c, args, 0, add_to_call, call);
	/* ENV.fetch("X"), ENV.fetch("X", default), ENV.key?("X") */
	if (!is_new && !ts_node_is_null(recv) && env_method(c, meth) &&
	    call->nargs && call->args[0]->kind == SUNSET_EXPR_STRING) {
		char *r = dotted(c, recv, 0);
		if (r && !strcmp(r, "ENV"))
			sunset_facts_add_env(c->f, call->args[0]->text,
					     call->args[0]->span);
	}
}

/* ENV["X"] */
static void on_element_reference(ctx *c, TSNode n)
{
	TSNode obj = field(n, "object"), key;
	char *o = dotted(c, obj, 0);
	sunset_expr *e = NULL;

	if (!o || strcmp(o, "ENV") || ts_node_named_child_count(n) < 2)
		return;
	key = ts_node_named_child(n, 1);
	if (!is(key, "string"))
		return;
	read_string(c, key, 1, 0, &e);
	if (e->kind == SUNSET_EXPR_STRING)
		sunset_facts_add_env(c->f, e->text, e->span);
}

/* The key path of a Rails credentials read:
 * Rails.application.credentials.openai[:api_key], .dig(:openai, :api_key),
 * .openai_api_key, [:openai][:api_key]; "" for the credentials
 * themselves, NULL when `n` is not such a read. */
static char *credential_path(ctx *c, TSNode n, int depth)
{
	static const char *const stop[] = {
		"presence", "to_s",   "to_sym", "to_h",	   "strip", "freeze",
		"present?", "blank?", "nil?",	"empty?",  "to_i",  "each",
		"keys",	    "map",    "merge",	"inspect",
	};
	TSNode recv, meth;
	char *rp;

	if (ts_node_is_null(n) || depth > SUNSET_EXPR_DEPTH_MAX)
		return NULL;
	if (is(n, "element_reference")) {
		char *key;
		if (ts_node_named_child_count(n) != 2)
			return NULL;
		rp = credential_path(c, field(n, "object"), depth + 1);
		key = symbol_name(c, ts_node_named_child(n, 1));
		if (!key && is(ts_node_named_child(n, 1), "string")) {
			sunset_expr *e = NULL;
			key = read_string(c, ts_node_named_child(n, 1), 1,
					  depth, &e);
			if (e->kind != SUNSET_EXPR_STRING)
				key = NULL;
		}
		if (!rp || !key)
			return NULL;
		return *rp ? sunset_arena_printf(c->f, "%s.%s", rp, key) : key;
	}
	if (!is(n, "call"))
		return NULL;
	recv = field(n, "receiver");
	meth = field(n, "method");
	if (ts_node_is_null(recv) || ts_node_is_null(meth))
		return NULL;
	if ((text_is(c, meth, "credentials") || text_is(c, meth, "secrets")) &&
	    !has_args(n)) {
		char *r = dotted(c, recv, depth + 1);
		size_t lr = r ? strlen(r) : 0;
		if (lr >= 11 && !strcmp(r + lr - 11, "application"))
			return "";
		return NULL;
	}
	rp = credential_path(c, recv, depth + 1);
	if (!rp)
		return NULL;
	if (text_is(c, meth, "dig") || text_is(c, meth, "fetch")) {
		TSNode args = field(n, "arguments");
		uint32_t count = ts_node_is_null(args)
					 ? 0
					 : ts_node_named_child_count(args);
		if (text_is(c, meth, "fetch") && count > 1)
			count = 1; /* fetch(:key, default) */
		for (uint32_t i = 0; i < count; i++) {
			char *key =
				symbol_name(c, ts_node_named_child(args, i));
			if (!key)
				return NULL;
			rp = *rp ? sunset_arena_printf(c->f, "%s.%s", rp, key)
				 : key;
		}
		return rp;
	}
	if (has_args(n))
		return NULL;
	for (size_t i = 0; i < sizeof(stop) / sizeof(stop[0]); i++)
		if (text_is(c, meth, stop[i]))
			return NULL;
	{
		char *m = text(c, meth);
		size_t lm = strlen(m);
		if (lm && m[lm - 1] == '!') /* credentials.openai_key! */
			m[lm - 1] = '\0';
		return *rp ? sunset_arena_printf(c->f, "%s.%s", rp, m) : m;
	}
}

#define CLASS_STACK 32

typedef struct {
	const char *name; /* "Eleven" */
	const char *full; /* "Vendors.Eleven" */
	uint32_t end;
} klass;

static void add_assign(ctx *c, const klass *k, TSNode left, sunset_expr *value,
		       TSNode stmt)
{
	char *target = dotted(c, left, 0);

	if (!target)
		return;
	sunset_facts_add_assign(c->f, target, value, sunset_node_span(stmt));
	if (k && is(left, "constant")) {
		/* a constant is read as Class::X from outside */
		sunset_facts_add_assign(
			c->f,
			sunset_arena_printf(c->f, "%s.%s", k->name, target),
			value, sunset_node_span(stmt));
		if (strcmp(k->name, k->full))
			sunset_facts_add_assign(
				c->f,
				sunset_arena_printf(c->f, "%s.%s", k->full,
						    target),
				value, sunset_node_span(stmt));
	}
}

static void on_assignment(ctx *c, TSNode n, const klass *k)
{
	TSNode left = field(n, "left"), right = field(n, "right");

	if (ts_node_is_null(right) || is(left, "left_assignment_list") ||
	    is(right, "right_assignment_list"))
		return; /* a, b = ... is destructuring */
	/* a = b = value: the right side is itself an assignment */
	while (is(right, "assignment")) {
		add_assign(c, k, left, expr(c, field(right, "right"), 0), n);
		left = field(right, "left");
		right = field(right, "right");
	}
	add_assign(c, k, left, expr(c, right, 0), n);
}

/* @client ||= X.new, url += "/v1" */
static void on_operator_assignment(ctx *c, TSNode n, const klass *k)
{
	TSNode left = field(n, "left"), right = field(n, "right");
	TSNode op = field(n, "operator");
	sunset_expr *value;

	if (ts_node_is_null(right))
		return;
	if (text_is(c, op, "||=") || text_is(c, op, "&&=")) {
		value = expr(c, right, 0);
	} else if (text_is(c, op, "+=")) {
		char *target = dotted(c, left, 0);
		if (!target || is(right, "integer") || is(right, "float"))
			return;
		value = sunset_expr_new(c->f, SUNSET_EXPR_CONCAT, NULL, n);
		sunset_expr_add(
			c->f, value,
			sunset_expr_new(c->f, SUNSET_EXPR_NAME, target, left));
		sunset_expr_add(c->f, value, expr(c, right, 0));
	} else {
		return;
	}
	add_assign(c, k, left, value, n);
}

static void on_string(ctx *c, TSNode n)
{
	sunset_facts_add_string(c->f, read_string(c, n, 0, 0, NULL),
				sunset_node_span(n));
}

static void on_heredoc_body(ctx *c, TSNode body)
{
	uint32_t at = ts_node_start_byte(body);
	size_t lo = 0, hi = c->nhd;
	TSNode begin = {{0}, NULL, NULL};

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t m = ts_node_start_byte(c->hd_body[mid]);
		if (m == at) {
			begin = c->hd_begin[mid];
			break;
		}
		if (m < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	sunset_facts_add_string(c->f, read_heredoc(c, begin, body, 0, 0, NULL),
				sunset_node_span(body));
}

/* Pair every heredoc_beginning with its body: bodies follow their
 * openings in the same order. */
static void pair_heredocs(ctx *c, TSNode root)
{
	TSTreeCursor cur;
	size_t nb = 0, nbody = 0, cap_b = 0, cap_body = 0;
	TSNode *begins = NULL, *bodies = NULL;

	if (!memmem(c->src, c->len, "<<", 2))
		return;
	cur = ts_tree_cursor_new(root);
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&cur);
		if (is(n, "heredoc_beginning")) {
			if (nb == cap_b) {
				cap_b = cap_b ? cap_b * 2 : 16;
				begins = sunset_realloc(
					begins, cap_b * sizeof(*begins));
			}
			begins[nb++] = n;
		} else if (is(n, "heredoc_body")) {
			if (nbody == cap_body) {
				cap_body = cap_body ? cap_body * 2 : 16;
				bodies = sunset_realloc(
					bodies, cap_body * sizeof(*bodies));
			}
			bodies[nbody++] = n;
		}
		if (ts_tree_cursor_goto_first_child(&cur))
			continue;
		while (!ts_tree_cursor_goto_next_sibling(&cur)) {
			if (!ts_tree_cursor_goto_parent(&cur))
				goto done;
		}
	}
done:
	ts_tree_cursor_delete(&cur);
	c->hd_begin = begins;
	c->hd_body = bodies;
	c->nhd = nb < nbody ? nb : nbody;
}

void sunset_extract_ruby(sunset_facts *f, const char *src, size_t len,
			 TSNode root)
{
	ctx c = {f, src, len, NULL, NULL, 0};
	TSTreeCursor cur;
	klass classes[CLASS_STACK] = {{NULL, NULL, 0}};
	int nclasses = 0;
	TSNode not_a_call = {{0}, NULL, NULL}; /* see on_call */
	uint32_t credentials_end = 0;	       /* inside a credentials read */

	pair_heredocs(&c, root);
	cur = ts_tree_cursor_new(root);
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&cur);
		const char *type = ts_node_is_named(n) ? ts_node_type(n) : "";
		int descend = 1;
		const klass *k;

		while (nclasses &&
		       ts_node_start_byte(n) >= classes[nclasses - 1].end)
			nclasses--;
		k = nclasses ? &classes[nclasses - 1] : NULL;

		if (!strcmp(type, "comment") ||
		    !strcmp(type, "uninterpreted")) {
			/* # ..., =begin ... =end, and the data after __END__ */
			sunset_facts_add_comment(f, text(&c, n),
						 sunset_node_span(n));
		} else if (!strcmp(type, "class") || !strcmp(type, "module")) {
			char *name = dotted(&c, field(n, "name"), 0);
			if (name && nclasses < CLASS_STACK) {
				const char *last = strrchr(name, '.');
				classes[nclasses].name = last ? last + 1 : name;
				classes[nclasses].full =
					k ? sunset_arena_printf(f, "%s.%s",
								k->full, name)
					  : name;
				classes[nclasses].end = ts_node_end_byte(n);
				nclasses++;
			}
		} else if (!strcmp(type, "assignment")) {
			on_assignment(&c, n, k);
			not_a_call = field(n, "left");
		} else if (!strcmp(type, "operator_assignment")) {
			on_operator_assignment(&c, n, k);
			not_a_call = field(n, "left");
		} else if (!strcmp(type, "call")) {
			if (on_require(&c, n)) {
				descend = 0;
			} else {
				on_call(&c, n, ts_node_eq(n, not_a_call));
				not_a_call = field(n, "receiver");
			}
		} else if (!strcmp(type, "element_reference")) {
			on_element_reference(&c, n);
			not_a_call = field(n, "object");
		} else if (!strcmp(type, "string") ||
			   !strcmp(type, "bare_string") ||
			   !strcmp(type, "subshell")) {
			on_string(&c, n);
			/* interpolations hold code: keep walking */
		} else if (!strcmp(type, "heredoc_body")) {
			on_heredoc_body(&c, n);
		}
		if ((!strcmp(type, "call") ||
		     !strcmp(type, "element_reference")) &&
		    ts_node_start_byte(n) >= credentials_end) {
			char *path = credential_path(&c, n, 0);
			if (path && *path) {
				sunset_facts_add_env(f, path,
						     sunset_node_span(n));
				credentials_end = ts_node_end_byte(n);
			}
		}

		if (descend && ts_tree_cursor_goto_first_child(&cur))
			continue;
		while (!ts_tree_cursor_goto_next_sibling(&cur)) {
			if (!ts_tree_cursor_goto_parent(&cur)) {
				ts_tree_cursor_delete(&cur);
				free(c.hd_begin);
				free(c.hd_body);
				return;
			}
		}
	}
}
