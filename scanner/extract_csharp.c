/* extract_csharp.c - facts of a C# file
 *
 * Shaped like extract_python.c: one iterative walk over the tree,
 * expressions summarised recursively up to SUNSET_EXPR_DEPTH_MAX. A using
 * directive imports a namespace's names: module "OpenAI.Images", no
 * alias, wildcard. Callees drop type arguments ("GetFromJsonAsync") and
 * see through await; constructors have is_new and the type as written
 * ("ImageClient", "OpenAI.Images.ImageClient"). */
#include <ctype.h>
#include <string.h>

#include "extract_jvm_common.h"
#include "facts.h"
#include "util.h"

#define NAMESPACES_MAX 8

typedef struct {
	sunset_facts *f;
	const char *src;
	const char *namespaces[NAMESPACES_MAX]; /* the file's own */
	int nnamespaces;
} ctx;

#define is sunset_jvm_is
#define field sunset_jvm_field
#define nkids sunset_jvm_nkids

static char *text(ctx *c, TSNode n)
{
	return sunset_node_text(c->f, n, c->src);
}

static TSNode null_node(void)
{
	return (TSNode){{0}, NULL, NULL};
}

/* The first named child that is not a comment. */
static TSNode first(TSNode n)
{
	sunset_jvm_kids it;
	TSNode k;

	for (sunset_jvm_kids_start(&it, n, 1); sunset_jvm_kids_next(&it, &k);)
		if (!is(k, "comment")) {
			sunset_jvm_kids_end(&it);
			return k;
		}
	return null_node();
}

/* The named child after the "=" token (a declarator's value). */
static TSNode after_equals(TSNode n)
{
	int seen = 0;
	sunset_jvm_kids it;
	TSNode k;

	for (sunset_jvm_kids_start(&it, n, 0); sunset_jvm_kids_next(&it, &k);)
		if (!ts_node_is_named(k)) {
			seen = seen || !strcmp(ts_node_type(k), "=");
		} else if (seen && !is(k, "comment")) {
			sunset_jvm_kids_end(&it);
			return k;
		}
	return null_node();
}

/* A type or namespace name as dotted text, type arguments dropped:
 * "OpenAI.Images.ImageClient", "List" for List<int>, "System" for
 * global::System. */
static char *type_name(ctx *c, TSNode n, int depth)
{
	if (ts_node_is_null(n) || depth > SUNSET_EXPR_DEPTH_MAX)
		return NULL;
	if (is(n, "identifier") || is(n, "predefined_type"))
		return text(c, n);
	if (is(n, "generic_name"))
		return type_name(c, first(n), depth + 1);
	if (is(n, "alias_qualified_name"))
		return type_name(c, field(n, "name"), depth + 1);
	if (is(n, "qualified_name")) {
		char *q = type_name(c, field(n, "qualifier"), depth + 1);
		char *name = type_name(c, field(n, "name"), depth + 1);
		if (!q || !name)
			return NULL;
		return sunset_arena_printf(c->f, "%s.%s", q, name);
	}
	if (is(n, "nullable_type"))
		return type_name(c, first(n), depth + 1);
	return NULL;
}

/* "a.b.c", "this._http", "_http.GetFromJsonAsync", "string.Format",
 * "client.Images()", "HttpClient()"; NULL when the expression is not a
 * chain of names, members and calls. a?.b and a!.b read as a.b. */
static char *dotted(ctx *c, TSNode n, int depth)
{
	if (ts_node_is_null(n) || depth > SUNSET_EXPR_DEPTH_MAX)
		return NULL;
	if (is(n, "identifier") || is(n, "predefined_type") ||
	    is(n, "generic_name") || is(n, "qualified_name") ||
	    is(n, "alias_qualified_name"))
		return type_name(c, n, depth + 1);
	if (is(n, "this") || is(n, "base"))
		return sunset_arena_strdup(c->f, ts_node_type(n));
	if (is(n, "member_access_expression")) {
		char *obj = dotted(c, field(n, "expression"), depth + 1);
		char *name = type_name(c, field(n, "name"), depth + 1);
		if (!obj || !name)
			return NULL;
		return sunset_arena_printf(c->f, "%s.%s", obj, name);
	}
	if (is(n, "conditional_access_expression")) {
		TSNode cond = field(n, "condition"), k;
		char *obj = dotted(c, cond, depth + 1), *name = NULL;
		sunset_jvm_kids it;
		for (sunset_jvm_kids_start(&it, n, 1);
		     sunset_jvm_kids_next(&it, &k);)
			if (is(k, "member_binding_expression"))
				name = type_name(c, field(k, "name"),
						 depth + 1);
		if (!obj || !name)
			return NULL;
		return sunset_arena_printf(c->f, "%s.%s", obj, name);
	}
	if (is(n, "invocation_expression")) {
		char *fn = dotted(c, field(n, "function"), depth + 1);
		return fn ? sunset_arena_printf(c->f, "%s()", fn) : NULL;
	}
	if (is(n, "object_creation_expression")) {
		char *t = type_name(c, field(n, "type"), depth + 1);
		return t ? sunset_arena_printf(c->f, "%s()", t) : NULL;
	}
	if (is(n, "parenthesized_expression") || is(n, "await_expression") ||
	    is(n, "postfix_unary_expression"))
		return dotted(c, first(n), depth + 1);
	if (is(n, "cast_expression"))
		return dotted(c, field(n, "value"), depth + 1);
	return NULL;
}

/* Interpolated strings: how their literal parts are written. */
enum { PLAIN, VERBATIM, RAW };

/* The text of a literal part of an interpolated string. */
static char *interpolated_part(ctx *c, TSNode k, int style)
{
	uint32_t a = ts_node_start_byte(k), z = ts_node_end_byte(k);
	const char *s = c->src + a;
	sunset_buf b = SUNSET_BUF_INIT;
	char *out;

	if (is(k, "escape_sequence"))
		return sunset_unescape(c->f, s, z - a);
	for (uint32_t i = 0; i < z - a; i++) {
		/* {{ and }} stand for one brace, "" for a quote (verbatim) */
		if (style != RAW && (s[i] == '{' || s[i] == '}') &&
		    i + 1 < z - a && s[i + 1] == s[i])
			i++;
		else if (style == VERBATIM && s[i] == '"' && i + 1 < z - a &&
			 s[i + 1] == '"')
			i++;
		sunset_buf_put(&b, s + i, 1);
	}
	out = sunset_arena_strndup(c->f, b.ptr ? b.ptr : "", b.len);
	sunset_buf_free(&b);
	return out;
}

static int interpolated_style(ctx *c, TSNode n)
{
	int style = PLAIN;
	sunset_jvm_kids it;
	TSNode k;

	for (sunset_jvm_kids_start(&it, n, 1); sunset_jvm_kids_next(&it, &k);) {
		if (is(k, "interpolation_start") &&
		    memchr(c->src + ts_node_start_byte(k), '@',
			   ts_node_end_byte(k) - ts_node_start_byte(k)))
			style = VERBATIM;
		else if (is(k, "interpolation_quote") &&
			 ts_node_end_byte(k) - ts_node_start_byte(k) >= 3)
			style = RAW;
	}
	return style;
}

/* \x01 stands for an interpolation while a raw string is dedented */
#define HOLE '\x01'

/* The value of any string literal, interpolations as "{}" (or HOLE). */
static char *string_value(ctx *c, TSNode n, int *interpolated, int hole)
{
	uint32_t a = ts_node_start_byte(n), z = ts_node_end_byte(n);
	sunset_buf b = SUNSET_BUF_INIT;
	char *out;
	sunset_jvm_kids it;
	TSNode k;

	*interpolated = 0;
	if (is(n, "verbatim_string_literal")) {
		/* @"c:\dir\""x""": no escapes but "" */
		for (uint32_t i = a + 2; i + 1 < z; i++) {
			if (c->src[i] == '"' && i + 2 < z &&
			    c->src[i + 1] == '"')
				i++;
			sunset_buf_put(&b, c->src + i, 1);
		}
	} else if (is(n, "raw_string_literal")) {
		for (sunset_jvm_kids_start(&it, n, 1);
		     sunset_jvm_kids_next(&it, &k);)
			if (is(k, "raw_string_content"))
				sunset_buf_put(&b,
					       c->src + ts_node_start_byte(k),
					       ts_node_end_byte(k) -
						       ts_node_start_byte(k));
		out = sunset_jvm_dedent(c->f, b.ptr ? b.ptr : "", b.len, 0);
		sunset_buf_free(&b);
		return out;
	} else if (is(n, "interpolated_string_expression")) {
		int style = interpolated_style(c, n);
		for (sunset_jvm_kids_start(&it, n, 1);
		     sunset_jvm_kids_next(&it, &k);) {
			if (is(k, "string_content") ||
			    is(k, "escape_sequence")) {
				sunset_buf_puts(&b,
						interpolated_part(c, k, style));
			} else if (is(k, "interpolation")) {
				if (hole)
					sunset_buf_put(&b, &(char){HOLE}, 1);
				else
					sunset_buf_puts(&b, "{}");
				*interpolated = 1;
			}
		}
		if (style == RAW) {
			out = sunset_jvm_dedent(c->f, b.ptr ? b.ptr : "", b.len,
						0);
			sunset_buf_free(&b);
			return out;
		}
	} else {
		for (sunset_jvm_kids_start(&it, n, 1);
		     sunset_jvm_kids_next(&it, &k);) {
			uint32_t ka = ts_node_start_byte(k),
				 kz = ts_node_end_byte(k);
			if (is(k, "string_literal_content") ||
			    is(k, "escape_sequence"))
				sunset_buf_puts(&b, sunset_unescape(c->f,
								    c->src + ka,
								    kz - ka));
		}
	}
	out = sunset_arena_strndup(c->f, b.ptr ? b.ptr : "", b.len);
	sunset_buf_free(&b);
	return out;
}

static int is_string(TSNode n)
{
	return is(n, "string_literal") || is(n, "verbatim_string_literal") ||
	       is(n, "raw_string_literal") ||
	       is(n, "interpolated_string_expression");
}

static sunset_expr *expr(ctx *c, TSNode n, int depth);

static sunset_expr *expr_cb(void *c, TSNode n, int depth)
{
	return expr(c, n, depth);
}

/* $"{base}/v1/images": the literal parts and the interpolated
 * expressions in order. */
/* The expression of {x,5:N2} */
static TSNode interpolation_value(TSNode k)
{
	sunset_jvm_kids it;
	TSNode x;

	for (sunset_jvm_kids_start(&it, k, 1); sunset_jvm_kids_next(&it, &x);)
		if (!is(x, "interpolation_brace") &&
		    !is(x, "interpolation_alignment_clause") &&
		    !is(x, "interpolation_format_clause") &&
		    !is(x, "comment")) {
			sunset_jvm_kids_end(&it);
			return x;
		}
	return null_node();
}

static sunset_expr *string_expr(ctx *c, TSNode n, int depth)
{
	int interpolated;
	char *value = string_value(c, n, &interpolated, 1), *p, *hole;
	sunset_expr *e;
	sunset_jvm_exprs kids = {0};
	sunset_jvm_kids it;
	TSNode k;

	if (!interpolated)
		return sunset_expr_new(c->f, SUNSET_EXPR_STRING, value, n);
	e = sunset_expr_new(c->f, SUNSET_EXPR_CONCAT, NULL, n);
	p = value;
	for (sunset_jvm_kids_start(&it, n, 1); sunset_jvm_kids_next(&it, &k);) {
		if (!is(k, "interpolation") || !(hole = strchr(p, HOLE)))
			continue;
		if (hole > p)
			sunset_jvm_exprs_push(
				&kids,
				sunset_expr_new(
					c->f, SUNSET_EXPR_STRING,
					sunset_arena_strndup(
						c->f, p, (size_t)(hole - p)),
					n));
		p = hole + 1;
		sunset_jvm_exprs_push(
			&kids, expr(c, interpolation_value(k), depth + 1));
	}
	if (*p)
		sunset_jvm_exprs_push(
			&kids, sunset_expr_new(c->f, SUNSET_EXPR_STRING, p, n));
	sunset_jvm_exprs_to_expr(c->f, &kids, e);
	return e;
}

/* One argument: uri: x keeps its name. */
static sunset_expr *argument(ctx *c, TSNode a, int depth)
{
	TSNode name = field(a, "name"), value = null_node(), k;
	sunset_expr *e;
	sunset_jvm_kids it;

	for (sunset_jvm_kids_start(&it, a, 1); sunset_jvm_kids_next(&it, &k);)
		if (!is(k, "comment") && !ts_node_eq(k, name))
			value = k;
	e = expr(c, value, depth + 1);
	if (!ts_node_is_null(name))
		e->keyword = text(c, name);
	return e;
}

static void call_args(ctx *c, TSNode args, int depth, sunset_jvm_exprs *out)
{
	sunset_jvm_kids it;
	TSNode a;

	for (sunset_jvm_kids_start(&it, args, 1);
	     sunset_jvm_kids_next(&it, &a);)
		if (is(a, "argument"))
			sunset_jvm_exprs_push(out, argument(c, a, depth));
}

/* new X(...) { Content = body }: the initialised members as named
 * arguments after the others. */
static void initializer_args(ctx *c, TSNode init, int depth,
			     sunset_jvm_exprs *out)
{
	sunset_jvm_kids it;
	TSNode k;

	for (sunset_jvm_kids_start(&it, init, 1);
	     sunset_jvm_kids_next(&it, &k);) {
		TSNode left;
		sunset_expr *e;
		if (!is(k, "assignment_expression"))
			continue;
		left = field(k, "left");
		if (!is(left, "identifier"))
			continue;
		e = expr(c, field(k, "right"), depth + 1);
		e->keyword = text(c, left);
		sunset_jvm_exprs_push(out, e);
	}
}

static int plus(void *cv, TSNode n, TSNode *left, TSNode *right)
{
	ctx *c = cv;
	TSNode op;

	if (!is(n, "binary_expression"))
		return 0;
	op = field(n, "operator");
	if (ts_node_is_null(op) ||
	    ts_node_end_byte(op) - ts_node_start_byte(op) != 1 ||
	    c->src[ts_node_start_byte(op)] != '+')
		return 0;
	*left = field(n, "left");
	*right = field(n, "right");
	return !ts_node_is_null(*left) && !ts_node_is_null(*right);
}

/* string.Format(fmt, args), string.Format(CultureInfo.X, fmt, args) */
static sunset_expr *format_expr(ctx *c, TSNode n, const char *callee, int depth)
{
	sunset_expr *e;
	sunset_jvm_exprs kids = {0};

	if (!callee || !(sunset_jvm_ends_with(callee, "string.Format") ||
			 sunset_jvm_ends_with(callee, "String.Format")))
		return NULL;
	e = sunset_expr_new(c->f, SUNSET_EXPR_FORMAT, NULL, n);
	call_args(c, field(n, "arguments"), depth, &kids);
	if (kids.n > 1 && kids.v[0]->kind != SUNSET_EXPR_STRING &&
	    kids.v[1]->kind == SUNSET_EXPR_STRING) {
		/* the format provider is not part of the text */
		memmove(kids.v, kids.v + 1, (kids.n - 1) * sizeof(*kids.v));
		kids.n--;
	}
	sunset_jvm_exprs_to_expr(c->f, &kids, e);
	return e;
}

static sunset_expr *expr(ctx *c, TSNode n, int depth)
{
	const char *type;
	TSNode l, r;

	if (ts_node_is_null(n) || depth > SUNSET_EXPR_DEPTH_MAX)
		return sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN, NULL, n);
	type = ts_node_type(n);
	if (is_string(n))
		return string_expr(c, n, depth);
	if (plus(c, n, &l, &r))
		return sunset_jvm_concat(c->f, n, depth, plus, expr_cb, c);
	if (!strcmp(type, "parenthesized_expression") ||
	    !strcmp(type, "await_expression") ||
	    !strcmp(type, "postfix_unary_expression"))
		return expr(c, first(n), depth + 1);
	if (!strcmp(type, "cast_expression"))
		return expr(c, field(n, "value"), depth + 1);
	if (!strcmp(type, "invocation_expression")) {
		char *callee = dotted(c, field(n, "function"), depth + 1);
		sunset_expr *e = format_expr(c, n, callee, depth);
		sunset_jvm_exprs kids = {0};
		if (e)
			return e;
		e = sunset_expr_new(c->f, SUNSET_EXPR_CALL, callee, n);
		call_args(c, field(n, "arguments"), depth, &kids);
		sunset_jvm_exprs_to_expr(c->f, &kids, e);
		return e;
	}
	if (!strcmp(type, "object_creation_expression")) {
		sunset_expr *e = sunset_expr_new(
			c->f, SUNSET_EXPR_CALL,
			type_name(c, field(n, "type"), depth + 1), n);
		sunset_jvm_exprs kids = {0};
		call_args(c, field(n, "arguments"), depth, &kids);
		initializer_args(c, field(n, "initializer"), depth, &kids);
		sunset_jvm_exprs_to_expr(c->f, &kids, e);
		return e;
	}
	if (!strcmp(type, "identifier") ||
	    !strcmp(type, "member_access_expression") ||
	    !strcmp(type, "conditional_access_expression") ||
	    !strcmp(type, "this")) {
		char *name = dotted(c, n, depth + 1);
		if (name)
			return sunset_expr_new(c->f, SUNSET_EXPR_NAME, name, n);
	}
	return sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN, NULL, n);
}

/* ---- statements ---- */

static int own_namespace(ctx *c, const char *module)
{
	for (int i = 0; i < c->nnamespaces; i++) {
		size_t l = strlen(c->namespaces[i]);
		if (!strncmp(module, c->namespaces[i], l) &&
		    (module[l] == '\0' || module[l] == '.'))
			return 1;
	}
	return 0;
}

/* using OpenAI.Images; using static X.Y; global using X;
 * using Alias = OpenAI.Images.ImageClient; the file's own namespace is
 * skipped. */
static void on_using(ctx *c, TSNode n)
{
	TSNode alias = field(n, "name"), target = null_node(), k;
	char *name, *dot;
	sunset_jvm_kids it;

	for (sunset_jvm_kids_start(&it, n, 1); sunset_jvm_kids_next(&it, &k);)
		if (!ts_node_eq(k, alias) && !is(k, "comment"))
			target = k;
	name = type_name(c, target, 0);
	if (!name || own_namespace(c, name))
		return;
	if (ts_node_is_null(alias)) {
		/* using X.Y and using static X.Y: all of their names */
		sunset_facts_add_import(c->f, name, NULL, NULL, 1,
					sunset_node_span(n));
		return;
	}
	dot = strrchr(name, '.');
	if (!dot) {
		sunset_facts_add_import(c->f, name, NULL, text(c, alias), 0,
					sunset_node_span(n));
		return;
	}
	*dot = '\0';
	sunset_facts_add_import(c->f, name, dot + 1, text(c, alias), 0,
				sunset_node_span(n));
}

/* The name of a type declaration, or NULL. */
static const char *type_decl_name(ctx *c, TSNode n)
{
	TSNode name = field(n, "name");

	if (ts_node_is_null(name) ||
	    !(is(n, "class_declaration") || is(n, "struct_declaration") ||
	      is(n, "record_declaration") || is(n, "interface_declaration")))
		return NULL;
	return text(c, name);
}

/* The argument list and initializer of new(...) { ... } */
static void implicit_parts(TSNode n, TSNode *args, TSNode *init)
{
	sunset_jvm_kids it;
	TSNode k;

	for (sunset_jvm_kids_start(&it, n, 1); sunset_jvm_kids_next(&it, &k);)
		if (is(k, "argument_list"))
			*args = k;
		else if (is(k, "initializer_expression"))
			*init = k;
}

/* Uri u = new("https://..."): a call of the declared type. */
static sunset_expr *implicit_new_expr(ctx *c, TSNode n, TSNode type)
{
	sunset_expr *e = sunset_expr_new(c->f, SUNSET_EXPR_CALL,
					 type_name(c, type, 0), n);
	sunset_jvm_exprs kids = {0};
	TSNode args = null_node(), init = null_node();

	implicit_parts(n, &args, &init);
	call_args(c, args, 0, &kids);
	initializer_args(c, init, 0, &kids);
	sunset_jvm_exprs_to_expr(c->f, &kids, e);
	return e;
}

/* var x = v; Type x = v, y = w; fields: "Base", "this.Base",
 * "Gen.Base". A target-typed new() takes the declared type. */
static void on_variables(ctx *c, TSNode n, const sunset_jvm_walk *w)
{
	TSNode up1 = sunset_jvm_walk_up(w, 1);
	const char *owner = NULL;
	int member = is(up1, "field_declaration");
	sunset_jvm_kids it;
	TSNode d;

	if (is(up1, "event_field_declaration"))
		return;
	if (member)
		owner = type_decl_name(c, sunset_jvm_walk_up(w, 3));
	for (sunset_jvm_kids_start(&it, n, 1); sunset_jvm_kids_next(&it, &d);) {
		TSNode name, value;
		sunset_expr *v;
		if (!is(d, "variable_declarator"))
			continue;
		name = field(d, "name");
		value = after_equals(d);
		if (ts_node_is_null(name) || ts_node_is_null(value))
			continue;
		if (is(value, "implicit_object_creation_expression"))
			v = implicit_new_expr(c, value, field(n, "type"));
		else
			v = expr(c, value, 0);
		if (member)
			sunset_jvm_member_assign(c->f, owner, text(c, name), v,
						 sunset_node_span(n));
		else
			sunset_facts_add_assign(c->f, text(c, name), v,
						sunset_node_span(n));
	}
}

/* public string Model { get; set; } = "dall-e-3"; string Url => "..."; */
static void on_property(ctx *c, TSNode n, const sunset_jvm_walk *w)
{
	TSNode name = field(n, "name"), value = field(n, "value");

	if (ts_node_is_null(name) || ts_node_is_null(value))
		return;
	if (is(value, "arrow_expression_clause"))
		value = first(value);
	sunset_jvm_member_assign(
		c->f, type_decl_name(c, sunset_jvm_walk_up(w, 2)),
		text(c, name), expr(c, value, 0), sunset_node_span(n));
}

static void on_assignment(ctx *c, TSNode n, const sunset_jvm_walk *w)
{
	TSNode left = field(n, "left"), right = field(n, "right"),
	       op = field(n, "operator"), up1 = sunset_jvm_walk_up(w, 1);
	char *target, *o;
	sunset_expr *value;

	/* new X { A = 1 } and [Attr(Name = "x")] set members, not variables
	 */
	if (is(up1, "initializer_expression") || is(up1, "attribute_argument"))
		return;
	target = dotted(c, left, 0);
	if (!target || ts_node_is_null(right) || ts_node_is_null(op))
		return;
	o = text(c, op);
	if (!strcmp(o, "=") || !strcmp(o, "?\?=")) {
		value = expr(c, right, 0);
	} else if (!strcmp(o, "+=")) {
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

/* Environment.GetEnvironmentVariable("X"); configuration.GetValue<T>("X"),
 * GetSection("X"), GetRequiredSection("X") */
static int env_reader(const char *callee)
{
	const char *last = sunset_jvm_last_part(callee);

	return !strcmp(last, "GetEnvironmentVariable") ||
	       !strcmp(last, "GetValue") || !strcmp(last, "GetSection") ||
	       !strcmp(last, "GetRequiredSection");
}

static void on_call(ctx *c, TSNode n)
{
	TSNode fn = field(n, "function");
	char *callee = dotted(c, fn, 0);
	sunset_call *call;
	sunset_jvm_exprs args = {0};

	if (!callee)
		return;
	call = sunset_facts_add_call(c->f, callee, 0, sunset_node_span(n),
				     sunset_node_span(fn));
	call_args(c, field(n, "arguments"), 0, &args);
	sunset_jvm_exprs_to_call(c->f, &args, call);
	if (env_reader(callee) && call->nargs &&
	    call->args[0]->kind == SUNSET_EXPR_STRING)
		sunset_facts_add_env(c->f, call->args[0]->text,
				     call->args[0]->span);
}

/* new X(...) and, where the declaration names the type, new(...) */
static void on_new(ctx *c, TSNode n, const sunset_jvm_walk *w)
{
	TSNode type = field(n, "type");
	char *name;
	sunset_call *call;
	sunset_jvm_exprs args = {0};
	TSNode arglist = field(n, "arguments"), init = field(n, "initializer");

	if (is(n, "implicit_object_creation_expression")) {
		TSNode decl = sunset_jvm_walk_up(w, 2);
		if (!is(sunset_jvm_walk_up(w, 1), "variable_declarator") ||
		    !is(decl, "variable_declaration"))
			return;
		type = field(decl, "type");
		implicit_parts(n, &arglist, &init);
	}
	name = type_name(c, type, 0);
	if (!name)
		return;
	call = sunset_facts_add_call(c->f, name, 1, sunset_node_span(n),
				     sunset_node_span(type));
	call_args(c, arglist, 0, &args);
	initializer_args(c, init, 0, &args);
	sunset_jvm_exprs_to_call(c->f, &args, call);
}

/* configuration["OpenAI:ApiKey"], builder.Configuration["X"],
 * _config["X"]: a setting read by name. */
static void on_element_access(ctx *c, TSNode n)
{
	char *obj = dotted(c, field(n, "expression"), 0);
	TSNode sub = field(n, "subscript"), arg;
	const char *last;
	char lower[64];
	size_t ll = 0;
	sunset_expr *key;

	if (!obj || nkids(sub) != 1)
		return;
	last = sunset_jvm_last_part(obj);
	while (*last == '_')
		last++;
	for (; ll < sizeof(lower) - 1 && last[ll]; ll++)
		lower[ll] = (char)tolower((unsigned char)last[ll]);
	lower[ll] = '\0';
	if (!(ll >= 6 && !strcmp(lower + ll - 6, "config")) &&
	    !(ll >= 13 && !strcmp(lower + ll - 13, "configuration")) &&
	    strcmp(lower, "cfg") != 0 && strcmp(lower, "conf") != 0)
		return;
	arg = ts_node_named_child(sub, 0);
	if (!is(arg, "argument"))
		return;
	key = argument(c, arg, 0);
	if (key->kind == SUNSET_EXPR_STRING)
		sunset_facts_add_env(c->f, key->text, key->span);
}

/* [Description("...")], [SwaggerOperation(Summary = "...")]: prose */
static int prose_string(ctx *c, const sunset_jvm_walk *w)
{
	TSNode up1 = sunset_jvm_walk_up(w, 1), up2 = sunset_jvm_walk_up(w, 2),
	       up3 = sunset_jvm_walk_up(w, 3), name;

	if (is(up1, "assignment_expression") && is(up2, "attribute_argument")) {
		TSNode left = field(up1, "left");
		return is(left, "identifier") &&
		       sunset_jvm_prose_name(text(c, left));
	}
	if (!is(up1, "attribute_argument") ||
	    !is(up2, "attribute_argument_list") || !is(up3, "attribute"))
		return 0;
	name = field(up3, "name");
	return !ts_node_is_null(name) &&
	       sunset_jvm_prose_name(sunset_jvm_last_part(
		       sunset_jvm_text_compact(c->f, name, c->src)));
}

static void on_string(ctx *c, TSNode n, const sunset_jvm_walk *w)
{
	int interpolated;

	if (prose_string(c, w))
		sunset_facts_add_comment(c->f, text(c, n), sunset_node_span(n));
	else
		sunset_facts_add_string(c->f,
					string_value(c, n, &interpolated, 0),
					sunset_node_span(n));
}

static void own_namespaces(ctx *c, TSNode root)
{
	sunset_jvm_kids it;
	TSNode k;

	for (sunset_jvm_kids_start(&it, root, 1);
	     sunset_jvm_kids_next(&it, &k);) {
		char *name;
		if (!is(k, "namespace_declaration") &&
		    !is(k, "file_scoped_namespace_declaration"))
			continue;
		name = type_name(c, field(k, "name"), 0);
		if (name && c->nnamespaces < NAMESPACES_MAX)
			c->namespaces[c->nnamespaces++] = name;
	}
}

void sunset_extract_csharp(sunset_facts *f, const char *src, size_t len,
			   TSNode root)
{
	ctx c;
	sunset_jvm_walk w;

	(void)len;
	memset(&c, 0, sizeof(c));
	c.f = f;
	c.src = src;
	own_namespaces(&c, root);
	sunset_jvm_walk_start(&w, root);
	do {
		TSNode n = sunset_jvm_walk_node(&w);
		const char *type = ts_node_type(n);

		if (!strcmp(type, "comment")) {
			sunset_facts_add_comment(f, text(&c, n),
						 sunset_node_span(n));
		} else if (!strcmp(type, "using_directive")) {
			on_using(&c, n);
		} else if (!strcmp(type, "variable_declaration")) {
			on_variables(&c, n, &w);
		} else if (!strcmp(type, "property_declaration")) {
			on_property(&c, n, &w);
		} else if (!strcmp(type, "assignment_expression")) {
			on_assignment(&c, n, &w);
		} else if (!strcmp(type, "invocation_expression")) {
			on_call(&c, n);
		} else if (!strcmp(type, "object_creation_expression") ||
			   !strcmp(type,
				   "implicit_object_creation_expression")) {
			on_new(&c, n, &w);
		} else if (!strcmp(type, "element_access_expression")) {
			on_element_access(&c, n);
		} else if (is_string(n)) {
			on_string(&c, n, &w);
			/* interpolations hold code: keep walking */
		}
	} while (sunset_jvm_walk_next(&w, 1));
}
