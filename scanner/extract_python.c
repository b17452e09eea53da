/* extract_python.c - facts of a Python file
 *
 * The reference extractor: the others follow its shape. One iterative
 * walk over the tree (no recursion on statements: hostile files nest
 * without end); expressions are summarised recursively up to
 * SUNSET_EXPR_DEPTH_MAX. */
#include <string.h>

#include "facts.h"
#include "util.h"

typedef struct {
	sunset_facts *f;
	const char *src;
} ctx;

static int is(TSNode n, const char *type)
{
	return !ts_node_is_null(n) && !strcmp(ts_node_type(n), type);
}

static TSNode field(TSNode n, const char *name)
{
	return sunset_node_field(n, name);
}

/* "a.b.c", "self.client", "OpenAI().images"; NULL when the expression is
 * not a chain of names, attributes and calls. */
static char *dotted(ctx *c, TSNode n, int depth)
{
	if (ts_node_is_null(n) || depth > SUNSET_EXPR_DEPTH_MAX)
		return NULL;
	if (is(n, "identifier"))
		return sunset_node_text(c->f, n, c->src);
	if (is(n, "attribute")) {
		char *obj = dotted(c, field(n, "object"), depth + 1);
		TSNode attr = field(n, "attribute");
		if (!obj || ts_node_is_null(attr))
			return NULL;
		return sunset_arena_printf(
			c->f, "%s.%s", obj,
			sunset_node_text(c->f, attr, c->src));
	}
	if (is(n, "call")) {
		char *fn = dotted(c, field(n, "function"), depth + 1);
		return fn ? sunset_arena_printf(c->f, "%s()", fn) : NULL;
	}
	if (is(n, "await") || is(n, "parenthesized_expression"))
		return ts_node_named_child_count(n)
			       ? dotted(c, ts_node_named_child(n, 0), depth + 1)
			       : NULL;
	return NULL;
}

/* The literal text of a string node, interpolations as "{}". Sets
 * *interpolated when the string has any. */
static char *string_value(ctx *c, TSNode n, int *interpolated)
{
	sunset_buf b = SUNSET_BUF_INIT;
	uint32_t i, count = ts_node_child_count(n);
	char *out;

	*interpolated = 0;
	for (i = 0; i < count; i++) {
		TSNode k = ts_node_child(n, i);
		if (is(k, "string_content") || is(k, "escape_sequence")) {
			uint32_t a = ts_node_start_byte(k),
				 z = ts_node_end_byte(k);
			char *u = sunset_unescape(c->f, c->src + a, z - a);
			sunset_buf_puts(&b, u);
		} else if (is(k, "interpolation")) {
			sunset_buf_puts(&b, "{}");
			*interpolated = 1;
		}
	}
	out = sunset_arena_strndup(c->f, b.ptr ? b.ptr : "", b.len);
	sunset_buf_free(&b);
	return out;
}

static sunset_expr *expr(ctx *c, TSNode n, int depth);

static sunset_expr *string_expr(ctx *c, TSNode n, int depth)
{
	int interpolated;
	char *value = string_value(c, n, &interpolated);
	sunset_expr *e;
	uint32_t i, count;

	if (!interpolated)
		return sunset_expr_new(c->f, SUNSET_EXPR_STRING, value, n);
	/* f"{base}/v1/{x}": the parts in order */
	e = sunset_expr_new(c->f, SUNSET_EXPR_CONCAT, NULL, n);
	count = ts_node_child_count(n);
	for (i = 0; i < count; i++) {
		TSNode k = ts_node_child(n, i);
		if (is(k, "string_content") || is(k, "escape_sequence")) {
			uint32_t a = ts_node_start_byte(k),
				 z = ts_node_end_byte(k);
			sunset_expr_add(
				c->f, e,
				sunset_expr_new(c->f, SUNSET_EXPR_STRING,
						sunset_unescape(c->f,
								c->src + a,
								z - a),
						k));
		} else if (is(k, "interpolation")) {
			TSNode inner = field(k, "expression");
			if (ts_node_is_null(inner) &&
			    ts_node_named_child_count(k))
				inner = ts_node_named_child(k, 0);
			sunset_expr_add(c->f, e, expr(c, inner, depth + 1));
		}
	}
	return e;
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
		if (is(a, "comment"))
			continue;
		if (is(a, "keyword_argument")) {
			e = expr(c, field(a, "value"), depth + 1);
			e->keyword = sunset_node_text(c->f, field(a, "name"),
						      c->src);
		} else if (is(a, "list_splat") || is(a, "dictionary_splat")) {
			e = sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN, NULL, a);
		} else {
			e = expr(c, a, depth + 1);
		}
		add(c, target, e);
	}
}

static void add_to_expr(ctx *c, void *target, sunset_expr *e)
{
	sunset_expr_add(c->f, target, e);
}

static sunset_expr *expr(ctx *c, TSNode n, int depth)
{
	const char *type;
	char *name;

	if (ts_node_is_null(n) || depth > SUNSET_EXPR_DEPTH_MAX)
		return sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN, NULL, n);
	type = ts_node_type(n);
	if (!strcmp(type, "string"))
		return string_expr(c, n, depth);
	if (!strcmp(type, "concatenated_string")) {
		sunset_expr *e =
			sunset_expr_new(c->f, SUNSET_EXPR_CONCAT, NULL, n);
		for (uint32_t i = 0; i < ts_node_named_child_count(n); i++)
			sunset_expr_add(
				c->f, e,
				expr(c, ts_node_named_child(n, i), depth + 1));
		return e;
	}
	if (!strcmp(type, "parenthesized_expression") || !strcmp(type, "await"))
		return ts_node_named_child_count(n)
			       ? expr(c, ts_node_named_child(n, 0), depth + 1)
			       : sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN,
						 NULL, n);
	if (!strcmp(type, "binary_operator")) {
		TSNode op = field(n, "operator");
		char *o = ts_node_is_null(op)
				  ? NULL
				  : sunset_node_text(c->f, op, c->src);
		TSNode left = field(n, "left"), right = field(n, "right");
		sunset_expr *e;
		if (o && !strcmp(o, "+")) {
			e = sunset_expr_new(c->f, SUNSET_EXPR_CONCAT, NULL, n);
			sunset_expr_add(c->f, e, expr(c, left, depth + 1));
			sunset_expr_add(c->f, e, expr(c, right, depth + 1));
			return e;
		}
		if (o && !strcmp(o, "%") && is(left, "string")) {
			/* "%s/v1/videos" % base, or % (a, b) */
			e = sunset_expr_new(c->f, SUNSET_EXPR_FORMAT, NULL, n);
			sunset_expr_add(c->f, e, expr(c, left, depth + 1));
			if (is(right, "tuple"))
				for (uint32_t i = 0;
				     i < ts_node_named_child_count(right); i++)
					sunset_expr_add(
						c->f, e,
						expr(c,
						     ts_node_named_child(right,
									 i),
						     depth + 1));
			else
				sunset_expr_add(c->f, e,
						expr(c, right, depth + 1));
			return e;
		}
		return sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN, NULL, n);
	}
	if (!strcmp(type, "call")) {
		TSNode fn = field(n, "function");
		sunset_expr *e;
		/* "https://{}/v1".format(host) */
		if (is(fn, "attribute") && is(field(fn, "object"), "string")) {
			char *attr = sunset_node_text(
				c->f, field(fn, "attribute"), c->src);
			if (!strcmp(attr, "format")) {
				e = sunset_expr_new(c->f, SUNSET_EXPR_FORMAT,
						    NULL, n);
				sunset_expr_add(c->f, e,
						expr(c, field(fn, "object"),
						     depth + 1));
				call_args(c, field(n, "arguments"), depth,
					  add_to_expr, e);
				return e;
			}
		}
		name = dotted(c, fn, depth + 1);
		e = sunset_expr_new(c->f, SUNSET_EXPR_CALL, name, n);
		call_args(c, field(n, "arguments"), depth, add_to_expr, e);
		return e;
	}
	name = dotted(c, n, depth + 1);
	if (name)
		return sunset_expr_new(c->f, SUNSET_EXPR_NAME, name, n);
	return sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN, NULL, n);
}

static void add_to_call(ctx *c, void *target, sunset_expr *e)
{
	sunset_call_add_arg(c->f, target, e);
}

/* ---- statements ---- */

static void on_import(ctx *c, TSNode n)
{
	uint32_t i, count = ts_node_named_child_count(n);

	for (i = 0; i < count; i++) {
		TSNode k = ts_node_named_child(n, i);
		if (is(k, "dotted_name")) {
			/* import a.b binds "a" but names module a.b */
			char *mod = sunset_node_text(c->f, k, c->src);
			sunset_facts_add_import(c->f, mod, NULL, mod, 0,
						sunset_node_span(n));
		} else if (is(k, "aliased_import")) {
			char *mod = sunset_node_text(c->f, field(k, "name"),
						     c->src);
			char *alias = sunset_node_text(c->f, field(k, "alias"),
						       c->src);
			sunset_facts_add_import(c->f, mod, NULL, alias, 0,
						sunset_node_span(n));
		}
	}
}

static void on_import_from(ctx *c, TSNode n)
{
	TSNode modn = field(n, "module_name");
	char *mod;
	uint32_t i, count = ts_node_named_child_count(n);

	if (ts_node_is_null(modn) || is(modn, "relative_import"))
		return; /* from . import x: the project's own code */
	mod = sunset_node_text(c->f, modn, c->src);
	for (i = 0; i < count; i++) {
		TSNode k = ts_node_named_child(n, i);
		if (ts_node_eq(k, modn))
			continue;
		if (is(k, "dotted_name")) {
			char *name = sunset_node_text(c->f, k, c->src);
			sunset_facts_add_import(c->f, mod, name, name, 0,
						sunset_node_span(n));
		} else if (is(k, "aliased_import")) {
			sunset_facts_add_import(
				c->f, mod,
				sunset_node_text(c->f, field(k, "name"),
						 c->src),
				sunset_node_text(c->f, field(k, "alias"),
						 c->src),
				0, sunset_node_span(n));
		} else if (is(k, "wildcard_import")) {
			sunset_facts_add_import(c->f, mod, NULL, NULL, 1,
						sunset_node_span(n));
		}
	}
}

/* os.environ["X"], os.environ.get("X"), os.getenv("X"), environ["X"] */
static int env_reader(const char *callee)
{
	static const char *const suffixes[] = {
		"getenv",
		"environ.get",
		"environ.setdefault",
		"environ.pop",
	};
	size_t lc = strlen(callee);

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t ls = strlen(suffixes[i]);
		if (lc >= ls && !strcmp(callee + lc - ls, suffixes[i]) &&
		    (lc == ls || callee[lc - ls - 1] == '.'))
			return 1;
	}
	return 0;
}

static void on_call(ctx *c, TSNode n)
{
	TSNode fn = field(n, "function");
	char *callee = dotted(c, fn, 0);
	sunset_call *call;

	if (!callee)
		return;
	call = sunset_facts_add_call(c->f, callee, 0, sunset_node_span(n),
				     sunset_node_span(fn));
	call_args(c, field(n, "arguments"), 0, add_to_call, call);
	if (env_reader(callee) && call->nargs &&
	    call->args[0]->kind == SUNSET_EXPR_STRING)
		sunset_facts_add_env(c->f, call->args[0]->text,
				     call->args[0]->span);
}

static void on_subscript(ctx *c, TSNode n)
{
	char *value = dotted(c, field(n, "value"), 0);
	TSNode key = field(n, "subscript");
	size_t lv;

	if (!value || !is(key, "string"))
		return;
	lv = strlen(value);
	if ((lv == 7 && !strcmp(value, "environ")) ||
	    (lv > 7 && !strcmp(value + lv - 8, ".environ"))) {
		int interp;
		char *name = string_value(c, key, &interp);
		if (!interp)
			sunset_facts_add_env(c->f, name, sunset_node_span(key));
	}
}

static void add_assign(ctx *c, const char *klass, TSNode left,
		       sunset_expr *value, TSNode stmt)
{
	char *target = dotted(c, left, 0);

	if (!target)
		return;
	sunset_facts_add_assign(c->f, target, value, sunset_node_span(stmt));
	if (klass && is(left, "identifier")) {
		/* a class attribute is read as self.X or Class.X */
		sunset_facts_add_assign(
			c->f, sunset_arena_printf(c->f, "self.%s", target),
			value, sunset_node_span(stmt));
		sunset_facts_add_assign(
			c->f, sunset_arena_printf(c->f, "%s.%s", klass, target),
			value, sunset_node_span(stmt));
	}
}

static void on_assignment(ctx *c, TSNode n, const char *klass)
{
	TSNode left = field(n, "left"), right = field(n, "right");

	if (ts_node_is_null(right))
		return; /* a bare annotation */
	/* a = b = value: the right side is itself an assignment */
	while (is(right, "assignment")) {
		add_assign(c, klass, left, expr(c, field(right, "right"), 0),
			   n);
		left = field(right, "left");
		right = field(right, "right");
	}
	add_assign(c, klass, left, expr(c, right, 0), n);
}

/* with httpx.Client() as client: binds client to the call */
static void on_as_pattern(ctx *c, TSNode n)
{
	TSNode value, alias;

	if (ts_node_named_child_count(n) < 2)
		return;
	value = ts_node_named_child(n, 0);
	alias = field(n, "alias");
	if (ts_node_is_null(alias))
		alias = ts_node_named_child(n, 1);
	if (is(alias, "as_pattern_target") && ts_node_named_child_count(alias))
		alias = ts_node_named_child(alias, 0);
	if (is(alias, "identifier"))
		add_assign(c, NULL, alias, expr(c, value, 0), n);
}

static void on_string(ctx *c, TSNode n)
{
	int interp;
	char *value = string_value(c, n, &interp);

	sunset_facts_add_string(c->f, value, sunset_node_span(n));
}

#define CLASS_STACK 32

void sunset_extract_python(sunset_facts *f, const char *src, size_t len,
			   TSNode root)
{
	ctx c = {f, src};
	TSTreeCursor cur = ts_tree_cursor_new(root);
	struct {
		const char *name;
		uint32_t end;
	} classes[CLASS_STACK];
	int nclasses = 0;
	uint32_t docstring = UINT32_MAX; /* start byte of a docstring */

	(void)len;
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&cur);
		const char *type = ts_node_type(n);
		int descend = 1;

		while (nclasses &&
		       ts_node_start_byte(n) >= classes[nclasses - 1].end)
			nclasses--;

		if (!strcmp(type, "comment")) {
			sunset_facts_add_comment(f, sunset_node_text(f, n, src),
						 sunset_node_span(n));
		} else if (!strcmp(type, "import_statement")) {
			on_import(&c, n);
			descend = 0;
		} else if (!strcmp(type, "import_from_statement")) {
			on_import_from(&c, n);
			descend = 0;
		} else if (!strcmp(type, "class_definition")) {
			if (nclasses < CLASS_STACK) {
				classes[nclasses].name = sunset_node_text(
					f, field(n, "name"), src);
				classes[nclasses].end = ts_node_end_byte(n);
				nclasses++;
			}
		} else if (!strcmp(type, "function_definition")) {
			/* class attributes are the class body's only */
			if (nclasses < CLASS_STACK) {
				classes[nclasses].name = NULL;
				classes[nclasses].end = ts_node_end_byte(n);
				nclasses++;
			}
		} else if (!strcmp(type, "assignment")) {
			on_assignment(&c, n,
				      nclasses ? classes[nclasses - 1].name
					       : NULL);
		} else if (!strcmp(type, "as_pattern")) {
			on_as_pattern(&c, n);
		} else if (!strcmp(type, "call")) {
			on_call(&c, n);
		} else if (!strcmp(type, "subscript")) {
			on_subscript(&c, n);
		} else if (!strcmp(type, "expression_statement") &&
			   ts_node_named_child_count(n) == 1 &&
			   is(ts_node_named_child(n, 0), "string")) {
			/* a string alone as a statement is a docstring:
			 * prose, not code */
			TSNode s = ts_node_named_child(n, 0);
			sunset_facts_add_comment(f, sunset_node_text(f, s, src),
						 sunset_node_span(s));
			docstring = ts_node_start_byte(s);
		} else if (!strcmp(type, "string")) {
			if (ts_node_start_byte(n) != docstring)
				on_string(&c, n);
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
