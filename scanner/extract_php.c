/* extract_php.c - facts of PHP files
 *
 * Follows extract_python.c: one iterative walk over the tree, expressions
 * summarised recursively up to SUNSET_EXPR_DEPTH_MAX.
 *
 * PHP specifics:
 * - text outside <?php ?> is the page, not code: no facts.
 * - names drop their "$"; "->", "?->" and "::" are written ".":
 *   $this->http->post is "this.http.post", OpenAI::client is
 *   "OpenAI.client"; namespaces keep their "\" ("GuzzleHttp\Client"), a
 *   leading "\" is dropped.
 * - `new X(...)` is a call with is_new and callee "X"; inside a chain it
 *   reads "X()". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "util.h"

typedef struct {
	sunset_facts *f;
	const char *src;
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

static TSNode child_of_type(TSNode n, const char *type)
{
	uint32_t i, count = ts_node_named_child_count(n);

	for (i = 0; i < count; i++) {
		TSNode k = ts_node_named_child(n, i);
		if (is(k, type))
			return k;
	}
	return (TSNode){{0}, NULL, NULL};
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

/* ---- names ---- */

/* $client -> "client", Foo -> "Foo", \GuzzleHttp\Client ->
 * "GuzzleHttp\Client", self -> "self"; NULL for anything else. */
static char *simple_name(ctx *c, TSNode n)
{
	if (is(n, "variable_name")) {
		TSNode name = child_of_type(n, "name");
		return ts_node_is_null(name) ? NULL : text(c, name);
	}
	if (is(n, "name") || is(n, "relative_scope"))
		return text(c, n);
	if (is(n, "qualified_name")) {
		char *t = text(c, n);
		return t[0] == '\\' ? t + 1 : t;
	}
	return NULL;
}

/* The class named by `new X(...)`, or NULL (new class {}, new $cls). */
static TSNode new_class(TSNode n)
{
	uint32_t i, count = ts_node_named_child_count(n);

	for (i = 0; i < count; i++) {
		TSNode k = ts_node_named_child(n, i);
		if (is(k, "name") || is(k, "qualified_name") ||
		    is(k, "relative_scope"))
			return k;
		if (!is(k, "comment"))
			break;
	}
	return (TSNode){{0}, NULL, NULL};
}

static char *dotted(ctx *c, TSNode n, int depth);

static int is_member_call(TSNode n)
{
	return is(n, "member_call_expression") ||
	       is(n, "nullsafe_member_call_expression") ||
	       is(n, "scoped_call_expression");
}

/* The callee of a call node as dotted text, without "()" of its own. */
static char *callee_text(ctx *c, TSNode n, int depth)
{
	if (is(n, "function_call_expression"))
		return dotted(c, field(n, "function"), depth + 1);
	if (is_member_call(n)) {
		TSNode obj = is(n, "scoped_call_expression")
				     ? field(n, "scope")
				     : field(n, "object");
		TSNode name = field(n, "name");
		char *o;
		if (!is(name, "name"))
			return NULL; /* $obj->$method() */
		o = dotted(c, obj, depth + 1);
		return o ? sunset_arena_printf(c->f, "%s.%s", o, text(c, name))
			 : NULL;
	}
	if (is(n, "object_creation_expression")) {
		TSNode k = new_class(n);
		return ts_node_is_null(k) ? NULL : simple_name(c, k);
	}
	return NULL;
}

static int is_call(TSNode n)
{
	return is(n, "function_call_expression") || is_member_call(n) ||
	       is(n, "object_creation_expression");
}

/* "this.http", "client.images()", "OpenAI.client()", "self.BASE";
 * NULL when the expression is not a chain of names, members and calls. */
static char *dotted(ctx *c, TSNode n, int depth)
{
	if (ts_node_is_null(n) || depth > SUNSET_EXPR_DEPTH_MAX)
		return NULL;
	if (is(n, "variable_name") || is(n, "name") ||
	    is(n, "qualified_name") || is(n, "relative_scope"))
		return simple_name(c, n);
	if (is(n, "member_access_expression") ||
	    is(n, "nullsafe_member_access_expression")) {
		TSNode name = field(n, "name");
		char *o;
		if (!is(name, "name"))
			return NULL;
		o = dotted(c, field(n, "object"), depth + 1);
		return o ? sunset_arena_printf(c->f, "%s.%s", o, text(c, name))
			 : NULL;
	}
	if (is(n, "class_constant_access_expression") ||
	    is(n, "scoped_property_access_expression")) {
		/* Foo::BAR, self::$base */
		TSNode scope = field(n, "scope"), name = field(n, "name");
		char *s, *m;
		if (ts_node_is_null(scope) && ts_node_named_child_count(n) == 2)
			scope = ts_node_named_child(n, 0);
		if (ts_node_is_null(name) && ts_node_named_child_count(n) == 2)
			name = ts_node_named_child(n, 1);
		s = dotted(c, scope, depth + 1);
		m = simple_name(c, name);
		return s && m ? sunset_arena_printf(c->f, "%s.%s", s, m) : NULL;
	}
	if (is_call(n)) {
		char *callee = callee_text(c, n, depth);
		return callee ? sunset_arena_printf(c->f, "%s()", callee)
			      : NULL;
	}
	if (is(n, "parenthesized_expression") &&
	    ts_node_named_child_count(n) == 1)
		return dotted(c, ts_node_named_child(n, 0), depth + 1);
	return NULL;
}

/* ---- string values ---- */

/* One escape_sequence node: PHP's own escapes (\e \v \f, octal, \xH,
 * \u{...}), the rest by sunset_unescape. In a single-quoted string only
 * \\ and \' are escapes, and only they are escape_sequence nodes. */
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
	case 'v':
		sunset_buf_puts(b, "\v");
		return;
	case 'f':
		sunset_buf_puts(b, "\f");
		return;
	case 'u':
		if (n > 3 && s[2] == '{') {
			char *end;
			unsigned long cp = strtoul(s + 3, &end, 16);
			if (end > s + 3 && *end == '}') {
				sunset_buf_put_utf8(b, cp);
				return;
			}
		}
		break;
	case 'x':
		if (n > 2) {
			unsigned v = 0;
			size_t i;
			for (i = 2; i < n && i < 4; i++) {
				char h = s[i];
				int d = h >= '0' && h <= '9'   ? h - '0'
					: h >= 'a' && h <= 'f' ? h - 'a' + 10
					: h >= 'A' && h <= 'F' ? h - 'A' + 10
							       : -1;
				if (d < 0)
					break;
				v = v * 16 + (unsigned)d;
			}
			if (i > 2) {
				sunset_buf_put_utf8(b, v);
				return;
			}
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
	}
	sunset_buf_puts(b, sunset_unescape(c->f, s, n));
}

static sunset_expr *expr(ctx *c, TSNode n, int depth);

/* A string of any kind: 'single', "double", heredoc, nowdoc, `shell`.
 * With `want_expr` *e is its STRING or CONCAT. Returns the value. */
static char *read_string(ctx *c, TSNode n, int want_expr, int depth,
			 sunset_expr **e)
{
	sunset_strparts p;
	TSNode body = n;
	uint32_t a = ts_node_start_byte(n), z = ts_node_end_byte(n);
	uint32_t pos, i, count;
	int heredoc = is(n, "heredoc") || is(n, "nowdoc");
	char *value;

	memset(&p, 0, sizeof(p));
	p.f = c->f;
	if (want_expr)
		p.concat = sunset_expr_new(c->f, SUNSET_EXPR_CONCAT, NULL, n);
	if (heredoc) {
		/* the value is the body without its first newline; the end
		 * marker's indentation is removed from every line */
		TSNode end = field(n, "end_tag");
		body = field(n, "value");
		if (ts_node_is_null(body))
			body = child_of_type(n, is(n, "heredoc")
							? "heredoc_body"
							: "nowdoc_body");
		if (ts_node_is_null(body)) {
			value = "";
			goto out;
		}
		a = ts_node_start_byte(body);
		z = ts_node_end_byte(body);
		if (a < z && c->src[a] == '\r')
			a++;
		if (a < z && c->src[a] == '\n')
			a++;
		if (!ts_node_is_null(end)) {
			uint32_t e0 = ts_node_start_byte(end), k = e0;
			while (k > z &&
			       (c->src[k - 1] == ' ' || c->src[k - 1] == '\t'))
				k--;
			p.indent = e0 - k;
		}
		p.line_start = 1;
	}
	pos = a;
	count = ts_node_child_count(body);
	for (i = 0; i < count; i++) {
		TSNode k = ts_node_child(body, i);
		uint32_t ka = ts_node_start_byte(k), kz = ts_node_end_byte(k);
		if (kz <= pos)
			continue;
		if (ka < pos)
			ka = pos;
		if (kz > z)
			kz = z;
		if (heredoc && ka > pos) /* a newline no node covers */
			sunset_strparts_text(&p, c->src + pos, ka - pos, 1, k);
		pos = kz;
		if (ka >= kz)
			continue;
		if (is(k, "string_content") || is(k, "nowdoc_string")) {
			sunset_strparts_text(&p, c->src + ka, kz - ka, heredoc,
					     k);
		} else if (is(k, "escape_sequence")) {
			sunset_buf tmp = SUNSET_BUF_INIT;
			put_escape(c, &tmp, c->src + ka, kz - ka);
			sunset_strparts_text(&p, tmp.ptr ? tmp.ptr : "",
					     tmp.len, 0, k);
			sunset_buf_free(&tmp);
		} else if (ts_node_is_named(k) && !is(k, "comment")) {
			/* "$x", "{$this->key}", "${name}" */
			sunset_strparts_interp(
				&p, want_expr ? expr(c, k, depth + 1) : NULL);
		}
	}
	if (heredoc && pos < z)
		sunset_strparts_text(&p, c->src + pos, z - pos, 1, body);
	sunset_strparts_flush(&p);
	value = sunset_arena_strndup(c->f, p.all.ptr ? p.all.ptr : "",
				     p.all.len);
out:
	if (want_expr)
		*e = p.interpolated ? p.concat
				    : sunset_expr_new(c->f, SUNSET_EXPR_STRING,
						      value, n);
	sunset_buf_free(&p.all);
	sunset_buf_free(&p.seg);
	return value;
}

static int is_string(TSNode n)
{
	return is(n, "string") || is(n, "encapsed_string") ||
	       is(n, "heredoc") || is(n, "nowdoc");
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

static void call_args(ctx *c, TSNode args, int depth,
		      void (*add)(ctx *, void *, sunset_expr *), void *target)
{
	uint32_t i, count;

	if (ts_node_is_null(args))
		return;
	count = ts_node_named_child_count(args);
	for (i = 0; i < count; i++) {
		TSNode a = ts_node_named_child(args, i);
		TSNode name, value = {{0}, NULL, NULL};
		sunset_expr *e;
		uint32_t k, nk;
		if (is(a, "comment"))
			continue;
		if (!is(a, "argument")) {
			/* ...$args, foo(...) */
			add(c, target,
			    sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN, NULL,
					    a));
			continue;
		}
		name = field(a, "name");
		nk = ts_node_named_child_count(a);
		for (k = 0; k < nk; k++) {
			TSNode v = ts_node_named_child(a, k);
			if (!ts_node_eq(v, name) && !is(v, "comment")) {
				value = v;
				break;
			}
		}
		if (ts_node_child_count(a) &&
		    !ts_node_is_named(ts_node_child(a, 0)) &&
		    !strcmp(ts_node_type(ts_node_child(a, 0)), "..."))
			e = sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN, NULL, a);
		else
			e = expr(c, value, depth + 1);
		if (!ts_node_is_null(name)) /* PHP 8: url: '...' */
			e->keyword = text(c, name);
		add(c, target, e);
	}
}

/* The value inside an argument node (or the node itself). */
static TSNode arg_value(TSNode a)
{
	if (is(a, "argument")) {
		TSNode name = field(a, "name");
		uint32_t k, nk = ts_node_named_child_count(a);
		for (k = 0; k < nk; k++) {
			TSNode v = ts_node_named_child(a, k);
			if (!ts_node_eq(v, name))
				return v;
		}
	}
	return a;
}

static sunset_expr *call_expr(ctx *c, TSNode n, int depth)
{
	char *name = callee_text(c, n, depth);
	TSNode args = is(n, "object_creation_expression")
			      ? child_of_type(n, "arguments")
			      : field(n, "arguments");
	sunset_expr *e;

	if (name && is(n, "function_call_expression") &&
	    (!strcmp(name, "sprintf") || !strcmp(name, "vsprintf"))) {
		e = sunset_expr_new(c->f, SUNSET_EXPR_FORMAT, NULL, n);
		if (!strcmp(name, "vsprintf") && !ts_node_is_null(args) &&
		    ts_node_named_child_count(args) == 2 &&
		    is(arg_value(ts_node_named_child(args, 1)),
		       "array_creation_expression")) {
			/* vsprintf('%s/%s', [$a, $b]) */
			TSNode arr = arg_value(ts_node_named_child(args, 1));
			sunset_expr_add(
				c->f, e,
				expr(c, arg_value(ts_node_named_child(args, 0)),
				     depth + 1));
			for (uint32_t i = 0; i < ts_node_named_child_count(arr);
			     i++) {
				TSNode el = ts_node_named_child(arr, i);
				if (is(el, "array_element_initializer") &&
				    ts_node_named_child_count(el) == 1)
					sunset_expr_add(
						c->f, e,
						expr(c,
						     ts_node_named_child(el, 0),
						     depth + 1));
			}
			return e;
		}
		call_args(c, args, depth, add_to_expr, e);
		return e;
	}
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
	if (is_string(n)) {
		sunset_expr *e = NULL;
		read_string(c, n, 1, depth, &e);
		return e;
	}
	if (!strcmp(type, "parenthesized_expression"))
		return ts_node_named_child_count(n) == 1
			       ? expr(c, ts_node_named_child(n, 0), depth + 1)
			       : sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN,
						 NULL, n);
	if (!strcmp(type, "binary_expression")) {
		TSNode op = field(n, "operator");
		TSNode left = field(n, "left"), right = field(n, "right");
		sunset_expr *e;
		TSNode spine[SUNSET_EXPR_DEPTH_MAX];
		int ns = 0;
		if (ts_node_is_null(op) || strcmp(ts_node_type(op), "."))
			return sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN, NULL,
					       n);
		/* $a . $b . $c: one concat, its left spine unrolled up to
		 * a bound */
		e = sunset_expr_new(c->f, SUNSET_EXPR_CONCAT, NULL, n);
		while (ns < SUNSET_EXPR_DEPTH_MAX &&
		       is(left, "binary_expression") &&
		       !ts_node_is_null(field(left, "operator")) &&
		       !strcmp(ts_node_type(field(left, "operator")), ".")) {
			spine[ns++] = field(left, "right");
			left = field(left, "left");
		}
		sunset_expr_add(c->f, e, expr(c, left, depth + 1));
		while (ns > 0)
			sunset_expr_add(c->f, e,
					expr(c, spine[--ns], depth + 1));
		sunset_expr_add(c->f, e, expr(c, right, depth + 1));
		return e;
	}
	if (is_call(n))
		return call_expr(c, n, depth);
	name = dotted(c, n, depth + 1);
	if (name)
		return sunset_expr_new(c->f, SUNSET_EXPR_NAME, name, n);
	return sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN, NULL, n);
}

/* ---- statements ---- */

static char *last_segment(char *name)
{
	char *s = strrchr(name, '\\');
	return s ? s + 1 : name;
}

/* use A\B; use A\B as C; use A\{B, C as D}; use function A\f; */
static void on_use(ctx *c, TSNode n)
{
	TSNode group = field(n, "body"), prefix = {{0}, NULL, NULL};
	TSNode list = n;
	uint32_t i, count;

	if (ts_node_is_null(group))
		group = child_of_type(n, "namespace_use_group");
	if (!ts_node_is_null(group)) {
		list = group;
		prefix = child_of_type(n, "namespace_name");
		if (ts_node_is_null(prefix))
			prefix = child_of_type(n, "qualified_name");
		if (ts_node_is_null(prefix))
			prefix = child_of_type(n, "name");
	}
	count = ts_node_named_child_count(list);
	for (i = 0; i < count; i++) {
		TSNode k = ts_node_named_child(list, i);
		TSNode alias, name = {{0}, NULL, NULL};
		char *mod, *as;
		uint32_t j, nk;
		if (!is(k, "namespace_use_clause"))
			continue;
		alias = field(k, "alias");
		nk = ts_node_named_child_count(k);
		for (j = 0; j < nk; j++) {
			TSNode v = ts_node_named_child(k, j);
			if (!ts_node_eq(v, alias) &&
			    (is(v, "qualified_name") || is(v, "name") ||
			     is(v, "namespace_name"))) {
				name = v;
				break;
			}
		}
		if (ts_node_is_null(name))
			continue;
		mod = text(c, name);
		if (!ts_node_is_null(prefix))
			mod = sunset_arena_printf(c->f, "%s\\%s",
						  text(c, prefix), mod);
		while (*mod == '\\')
			mod++;
		as = ts_node_is_null(alias) ? last_segment(mod)
					    : text(c, alias);
		sunset_facts_add_import(c->f, mod, NULL, as, 0,
					sunset_node_span(n));
	}
}

/* getenv('X'), env('X'), config('services.openai.key') */
static int env_reader(const char *callee)
{
	static const char *const names[] = {
		"getenv", "env", "config", "Config.get", "Env.get",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(callee, names[i]))
			return 1;
	return 0;
}

static void on_call(ctx *c, TSNode n)
{
	int is_new = is(n, "object_creation_expression");
	char *callee = callee_text(c, n, 0);
	TSNode args =
		is_new ? child_of_type(n, "arguments") : field(n, "arguments");
	sunset_span callee_span;
	sunset_call *call;

	if (!callee)
		return;
	if (is(n, "function_call_expression"))
		callee_span = sunset_node_span(field(n, "function"));
	else if (is_new)
		callee_span = sunset_node_span(new_class(n));
	else
		callee_span = span_range(is(n, "scoped_call_expression")
						 ? field(n, "scope")
						 : field(n, "object"),
					 field(n, "name"));
	call = sunset_facts_add_call(c->f, callee, is_new, sunset_node_span(n),
				     callee_span);
	call_args(c, args, 0, add_to_call, call);
	if (is_new || !call->nargs || call->args[0]->kind != SUNSET_EXPR_STRING)
		return;
	if (env_reader(callee))
		sunset_facts_add_env(c->f, call->args[0]->text,
				     call->args[0]->span);
	/* define('BASE_URL', '...') defines a constant */
	if (!strcmp(callee, "define") && call->nargs >= 2)
		sunset_facts_add_assign(c->f, call->args[0]->text,
					call->args[1], sunset_node_span(n));
}

/* $_ENV['X'], $_SERVER['X'] */
static void on_subscript(ctx *c, TSNode n)
{
	TSNode obj, key;
	char *o;
	sunset_expr *e = NULL;

	if (ts_node_named_child_count(n) < 2)
		return;
	obj = ts_node_named_child(n, 0);
	key = ts_node_named_child(n, 1);
	if (!is(obj, "variable_name") || !is_string(key))
		return;
	o = simple_name(c, obj);
	if (!o || (strcmp(o, "_ENV") && strcmp(o, "_SERVER")))
		return;
	read_string(c, key, 1, 0, &e);
	if (e->kind == SUNSET_EXPR_STRING)
		sunset_facts_add_env(c->f, e->text, e->span);
}

static void on_assignment(ctx *c, TSNode n)
{
	TSNode left = field(n, "left"), right = field(n, "right");
	char *target;

	/* $a = $b = value: the right side is itself an assignment */
	while (is(right, "assignment_expression")) {
		target = dotted(c, left, 0);
		if (target)
			sunset_facts_add_assign(
				c->f, target, expr(c, field(right, "right"), 0),
				sunset_node_span(n));
		left = field(right, "left");
		right = field(right, "right");
	}
	if (ts_node_is_null(right))
		return;
	target = dotted(c, left, 0); /* [$a, $b] = ... has none */
	if (target)
		sunset_facts_add_assign(c->f, target, expr(c, right, 0),
					sunset_node_span(n));
}

/* $url .= '/v1', $client ??= new Client() */
static void on_augmented_assignment(ctx *c, TSNode n)
{
	TSNode left = field(n, "left"), right = field(n, "right");
	TSNode op = field(n, "operator");
	char *target = dotted(c, left, 0);
	sunset_expr *value;

	if (!target || ts_node_is_null(right) || ts_node_is_null(op))
		return;
	if (!strcmp(ts_node_type(op), "?\?=")) {
		value = expr(c, right, 0);
	} else if (!strcmp(ts_node_type(op), ".=")) {
		value = sunset_expr_new(c->f, SUNSET_EXPR_CONCAT, NULL, n);
		sunset_expr_add(
			c->f, value,
			sunset_expr_new(c->f, SUNSET_EXPR_NAME, target, left));
		sunset_expr_add(c->f, value, expr(c, right, 0));
	} else {
		return;
	}
	sunset_facts_add_assign(c->f, target, value, sunset_node_span(n));
}

#define CLASS_STACK 32

typedef struct {
	const char *name; /* NULL for an anonymous class */
	uint32_t end;
} klass;

/* const BASE = '...': read as BASE, self::BASE, static::BASE, Gen::BASE */
static void on_const(ctx *c, TSNode n, const klass *k)
{
	uint32_t i, count = ts_node_named_child_count(n);

	for (i = 0; i < count; i++) {
		TSNode el = ts_node_named_child(n, i), name, value;
		sunset_expr *e;
		char *nm;
		sunset_span sp;
		if (!is(el, "const_element") ||
		    ts_node_named_child_count(el) < 2)
			continue;
		name = ts_node_named_child(el, 0);
		value = ts_node_named_child(el, 1);
		if (!is(name, "name"))
			continue;
		nm = text(c, name);
		e = expr(c, value, 0);
		sp = sunset_node_span(el);
		sunset_facts_add_assign(c->f, nm, e, sp);
		if (!k)
			continue;
		sunset_facts_add_assign(
			c->f, sunset_arena_printf(c->f, "self.%s", nm), e, sp);
		sunset_facts_add_assign(
			c->f, sunset_arena_printf(c->f, "static.%s", nm), e,
			sp);
		if (k->name)
			sunset_facts_add_assign(
				c->f,
				sunset_arena_printf(c->f, "%s.%s", k->name, nm),
				e, sp);
	}
}

/* private string $base = '...': read as $this->base (self::$base when
 * static) */
static void on_property(ctx *c, TSNode n, const klass *k)
{
	uint32_t i, count = ts_node_named_child_count(n);
	int is_static = !ts_node_is_null(child_of_type(n, "static_modifier"));

	for (i = 0; i < count; i++) {
		TSNode el = ts_node_named_child(n, i), value;
		sunset_expr *e;
		char *nm;
		sunset_span sp;
		if (!is(el, "property_element"))
			continue;
		value = field(el, "default_value");
		nm = simple_name(c, field(el, "name"));
		if (ts_node_is_null(value) || !nm)
			continue;
		e = expr(c, value, 0);
		sp = sunset_node_span(el);
		if (!is_static) {
			sunset_facts_add_assign(
				c->f, sunset_arena_printf(c->f, "this.%s", nm),
				e, sp);
			continue;
		}
		sunset_facts_add_assign(
			c->f, sunset_arena_printf(c->f, "self.%s", nm), e, sp);
		sunset_facts_add_assign(
			c->f, sunset_arena_printf(c->f, "static.%s", nm), e,
			sp);
		if (k && k->name)
			sunset_facts_add_assign(
				c->f,
				sunset_arena_printf(c->f, "%s.%s", k->name, nm),
				e, sp);
	}
}

void sunset_extract_php(sunset_facts *f, const char *src, size_t len,
			TSNode root)
{
	ctx c = {f, src};
	TSTreeCursor cur = ts_tree_cursor_new(root);
	klass classes[CLASS_STACK] = {{NULL, 0}};
	int nclasses = 0;

	(void)len;
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&cur);
		const char *type = ts_node_is_named(n) ? ts_node_type(n) : "";
		int descend = 1;
		const klass *k;

		while (nclasses &&
		       ts_node_start_byte(n) >= classes[nclasses - 1].end)
			nclasses--;
		k = nclasses ? &classes[nclasses - 1] : NULL;

		if (!strcmp(type, "text")) {
			/* the page around <?php ?>: prose, not code */
			descend = 0;
		} else if (!strcmp(type, "comment")) {
			sunset_facts_add_comment(f, text(&c, n),
						 sunset_node_span(n));
		} else if (!strcmp(type, "namespace_use_declaration")) {
			on_use(&c, n);
			descend = 0;
		} else if (!strcmp(type, "class_declaration") ||
			   !strcmp(type, "interface_declaration") ||
			   !strcmp(type, "trait_declaration") ||
			   !strcmp(type, "enum_declaration") ||
			   !strcmp(type, "anonymous_class")) {
			if (nclasses < CLASS_STACK) {
				TSNode name = field(n, "name");
				classes[nclasses].name =
					is(name, "name") ? text(&c, name)
							 : NULL;
				classes[nclasses].end = ts_node_end_byte(n);
				nclasses++;
			}
		} else if (!strcmp(type, "const_declaration")) {
			on_const(&c, n, k);
		} else if (!strcmp(type, "property_declaration")) {
			on_property(&c, n, k);
		} else if (!strcmp(type, "assignment_expression")) {
			on_assignment(&c, n);
		} else if (!strcmp(type, "augmented_assignment_expression")) {
			on_augmented_assignment(&c, n);
		} else if (is_call(n)) {
			on_call(&c, n);
		} else if (!strcmp(type, "subscript_expression")) {
			on_subscript(&c, n);
		} else if (is_string(n) ||
			   !strcmp(type, "shell_command_expression")) {
			sunset_facts_add_string(f,
						read_string(&c, n, 0, 0, NULL),
						sunset_node_span(n));
			/* interpolations hold code: keep walking */
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
