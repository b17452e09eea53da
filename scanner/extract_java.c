/* extract_java.c - facts of a Java file
 *
 * Shaped like extract_python.c: one iterative walk over the tree,
 * expressions summarised recursively up to SUNSET_EXPR_DEPTH_MAX. Callees
 * are dotted with "()" after an inner call's result, a constructor's
 * result included: "client.images().generate",
 * "Request.Builder().url" (new Request.Builder().url(...)). */
#include <string.h>

#include "extract_jvm_common.h"
#include "facts.h"
#include "util.h"

typedef struct {
	sunset_facts *f;
	const char *src;
	const char *package; /* the file's own package, or NULL */
} ctx;

#define is sunset_jvm_is
#define field sunset_jvm_field

static char *text(ctx *c, TSNode n)
{
	return sunset_node_text(c->f, n, c->src);
}

static int is_comment(TSNode n)
{
	return is(n, "line_comment") || is(n, "block_comment");
}

/* "Request.Builder" for new Request.Builder(), "ArrayList" for new
 * ArrayList<>(): type arguments and annotations dropped. */
static char *type_name(ctx *c, TSNode n, int depth)
{
	if (ts_node_is_null(n) || depth > SUNSET_EXPR_DEPTH_MAX)
		return NULL;
	if (is(n, "type_identifier") || is(n, "identifier"))
		return text(c, n);
	if (is(n, "generic_type"))
		return sunset_jvm_nkids(n)
			       ? type_name(c, ts_node_named_child(n, 0),
					   depth + 1)
			       : NULL;
	if (is(n, "scoped_type_identifier")) {
		char *out = NULL;
		sunset_jvm_kids it;
		TSNode k;
		for (sunset_jvm_kids_start(&it, n, 1);
		     sunset_jvm_kids_next(&it, &k);) {
			char *part;
			if (is(k, "annotation") || is(k, "marker_annotation") ||
			    is_comment(k))
				continue;
			part = type_name(c, k, depth + 1);
			if (!part) {
				sunset_jvm_kids_end(&it);
				return NULL;
			}
			out = out ? sunset_arena_printf(c->f, "%s.%s", out,
							part)
				  : part;
		}
		return out;
	}
	return sunset_jvm_text_compact(c->f, n, c->src);
}

static char *callee_of(ctx *c, TSNode call, int depth);

/* "a.b.c", "this.client", "client.images()", "Request.Builder()"; NULL
 * when the expression is not a chain of names, fields and calls. */
static char *dotted(ctx *c, TSNode n, int depth)
{
	if (ts_node_is_null(n) || depth > SUNSET_EXPR_DEPTH_MAX)
		return NULL;
	if (is(n, "identifier"))
		return text(c, n);
	if (is(n, "this") || is(n, "super"))
		return sunset_arena_strdup(c->f, ts_node_type(n));
	if (is(n, "field_access")) {
		char *obj = dotted(c, field(n, "object"), depth + 1);
		TSNode name = field(n, "field");
		if (!obj || ts_node_is_null(name))
			return NULL;
		return sunset_arena_printf(c->f, "%s.%s", obj, text(c, name));
	}
	if (is(n, "method_invocation")) {
		char *fn = callee_of(c, n, depth + 1);
		return fn ? sunset_arena_printf(c->f, "%s()", fn) : NULL;
	}
	if (is(n, "object_creation_expression")) {
		char *t = type_name(c, field(n, "type"), depth + 1);
		return t ? sunset_arena_printf(c->f, "%s()", t) : NULL;
	}
	if (is(n, "parenthesized_expression"))
		return sunset_jvm_nkids(n)
			       ? dotted(c, ts_node_named_child(n, 0), depth + 1)
			       : NULL;
	if (is(n, "cast_expression"))
		return dotted(c, field(n, "value"), depth + 1);
	if (is(n, "scoped_identifier"))
		return sunset_jvm_text_compact(c->f, n, c->src);
	return NULL;
}

/* The called expression of a method_invocation: "name" or "object.name" */
static char *callee_of(ctx *c, TSNode call, int depth)
{
	TSNode obj = field(call, "object"), name = field(call, "name");
	char *o;

	if (ts_node_is_null(name) || depth > SUNSET_EXPR_DEPTH_MAX)
		return NULL;
	if (ts_node_is_null(obj))
		return text(c, name);
	o = dotted(c, obj, depth + 1);
	return o ? sunset_arena_printf(c->f, "%s.%s", o, text(c, name)) : NULL;
}

static int is_text_block(ctx *c, TSNode n)
{
	uint32_t a = ts_node_start_byte(n), z = ts_node_end_byte(n);
	return z - a >= 6 && !strncmp(c->src + a, "\"\"\"", 3);
}

/* The value of a string literal, interpolations (STR."\{x}") as "{}". */
static char *string_value(ctx *c, TSNode n, int *interpolated)
{
	sunset_buf b = SUNSET_BUF_INIT;
	sunset_jvm_kids it;
	TSNode k;
	char *out;

	*interpolated = 0;
	for (sunset_jvm_kids_start(&it, n, 1); sunset_jvm_kids_next(&it, &k);)
		if (is(k, "string_interpolation"))
			*interpolated = 1;
	if (!*interpolated && is_text_block(c, n)) {
		uint32_t a = ts_node_start_byte(n) + 3,
			 z = ts_node_end_byte(n) - 3;
		char *raw = sunset_jvm_dedent(c->f, c->src + a, z - a, 1);
		return sunset_unescape(c->f, raw, strlen(raw));
	}
	for (sunset_jvm_kids_start(&it, n, 1); sunset_jvm_kids_next(&it, &k);) {
		if (is(k, "string_fragment") ||
		    is(k, "multiline_string_fragment") ||
		    is(k, "escape_sequence")) {
			uint32_t a = ts_node_start_byte(k),
				 z = ts_node_end_byte(k);
			sunset_buf_puts(
				&b, sunset_unescape(c->f, c->src + a, z - a));
		} else if (is(k, "string_interpolation")) {
			sunset_buf_puts(&b, "{}");
		}
	}
	out = sunset_arena_strndup(c->f, b.ptr ? b.ptr : "", b.len);
	sunset_buf_free(&b);
	return out;
}

static sunset_expr *expr(ctx *c, TSNode n, int depth);

static sunset_expr *expr_cb(void *c, TSNode n, int depth)
{
	return expr(c, n, depth);
}

/* Adds the literal text gathered in `lit` (if any) as one STRING. */
static void flush_literal(ctx *c, sunset_buf *lit, TSNode at,
			  sunset_jvm_exprs *kids)
{
	if (!lit->len)
		return;
	sunset_jvm_exprs_push(
		kids,
		sunset_expr_new(c->f, SUNSET_EXPR_STRING,
				sunset_arena_strndup(c->f, lit->ptr, lit->len),
				at));
	sunset_buf_clear(lit);
}

/* STR."\{base}/v1": the literal parts (adjacent pieces joined) and the
 * interpolated expressions in order. */
static sunset_expr *string_expr(ctx *c, TSNode n, int depth)
{
	int interpolated;
	char *value = string_value(c, n, &interpolated);
	sunset_expr *e;
	sunset_jvm_exprs kids = {0};
	sunset_buf lit = SUNSET_BUF_INIT;
	sunset_jvm_kids it;
	TSNode k;

	if (!interpolated)
		return sunset_expr_new(c->f, SUNSET_EXPR_STRING, value, n);
	e = sunset_expr_new(c->f, SUNSET_EXPR_CONCAT, NULL, n);
	for (sunset_jvm_kids_start(&it, n, 1); sunset_jvm_kids_next(&it, &k);) {
		if (is(k, "string_fragment") ||
		    is(k, "multiline_string_fragment") ||
		    is(k, "escape_sequence")) {
			uint32_t a = ts_node_start_byte(k),
				 z = ts_node_end_byte(k);
			sunset_buf_puts(
				&lit, sunset_unescape(c->f, c->src + a, z - a));
		} else if (is(k, "string_interpolation")) {
			flush_literal(c, &lit, n, &kids);
			sunset_jvm_exprs_push(
				&kids, expr(c,
					    sunset_jvm_nkids(k)
						    ? ts_node_named_child(k, 0)
						    : k,
					    depth + 1));
		}
	}
	flush_literal(c, &lit, n, &kids);
	sunset_buf_free(&lit);
	sunset_jvm_exprs_to_expr(c->f, &kids, e);
	return e;
}

/* The arguments of a call, each summarised. */
static void call_args(ctx *c, TSNode args, int depth, sunset_jvm_exprs *out)
{
	sunset_jvm_kids it;
	TSNode a;

	for (sunset_jvm_kids_start(&it, args, 1);
	     sunset_jvm_kids_next(&it, &a);)
		if (!is_comment(a))
			sunset_jvm_exprs_push(out, expr(c, a, depth + 1));
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

/* String.format(fmt, args), String.format(Locale.ROOT, fmt, args),
 * MessageFormat.format(fmt, args), fmt.formatted(args): a FORMAT. */
static sunset_expr *format_expr(ctx *c, TSNode n, int depth)
{
	TSNode obj = field(n, "object"), name = field(n, "name");
	char *o, *m;
	sunset_expr *e;
	sunset_jvm_exprs kids = {0};

	if (ts_node_is_null(name) || ts_node_is_null(obj))
		return NULL;
	m = text(c, name);
	if (!strcmp(m, "formatted")) {
		e = sunset_expr_new(c->f, SUNSET_EXPR_FORMAT, NULL, n);
		sunset_jvm_exprs_push(&kids, expr(c, obj, depth + 1));
		call_args(c, field(n, "arguments"), depth, &kids);
		sunset_jvm_exprs_to_expr(c->f, &kids, e);
		return e;
	}
	if (strcmp(m, "format") != 0)
		return NULL;
	o = dotted(c, obj, depth + 1);
	if (!o || !(sunset_jvm_ends_with(o, "String") ||
		    sunset_jvm_ends_with(o, "MessageFormat")))
		return NULL;
	e = sunset_expr_new(c->f, SUNSET_EXPR_FORMAT, NULL, n);
	call_args(c, field(n, "arguments"), depth, &kids);
	if (kids.n > 1 && kids.v[0]->kind == SUNSET_EXPR_NAME &&
	    strstr(kids.v[0]->text, "Locale")) {
		/* the locale is not part of the text */
		memmove(kids.v, kids.v + 1, (kids.n - 1) * sizeof(*kids.v));
		kids.n--;
	}
	sunset_jvm_exprs_to_expr(c->f, &kids, e);
	return e;
}

static sunset_expr *expr(ctx *c, TSNode n, int depth)
{
	const char *type;
	char *name;

	if (ts_node_is_null(n) || depth > SUNSET_EXPR_DEPTH_MAX)
		return sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN, NULL, n);
	type = ts_node_type(n);
	if (!strcmp(type, "string_literal"))
		return string_expr(c, n, depth);
	if (!strcmp(type, "template_expression"))
		return expr(c, field(n, "template_argument"), depth + 1);
	if (!strcmp(type, "parenthesized_expression"))
		return sunset_jvm_nkids(n)
			       ? expr(c, ts_node_named_child(n, 0), depth + 1)
			       : sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN,
						 NULL, n);
	if (!strcmp(type, "cast_expression"))
		return expr(c, field(n, "value"), depth + 1);
	if (!strcmp(type, "binary_expression")) {
		TSNode l, r;
		if (plus(c, n, &l, &r))
			return sunset_jvm_concat(c->f, n, depth, plus, expr_cb,
						 c);
		return sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN, NULL, n);
	}
	if (!strcmp(type, "method_invocation")) {
		sunset_expr *e = format_expr(c, n, depth);
		sunset_jvm_exprs kids = {0};
		if (e)
			return e;
		e = sunset_expr_new(c->f, SUNSET_EXPR_CALL,
				    callee_of(c, n, depth + 1), n);
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
		sunset_jvm_exprs_to_expr(c->f, &kids, e);
		return e;
	}
	if (!strcmp(type, "identifier") || !strcmp(type, "field_access") ||
	    !strcmp(type, "this")) {
		name = dotted(c, n, depth + 1);
		if (name)
			return sunset_expr_new(c->f, SUNSET_EXPR_NAME, name, n);
	}
	return sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN, NULL, n);
}

/* ---- statements ---- */

/* import a.b.C; import a.b.*; import static a.b.C.m; import static
 * a.b.C.*; the file's own package and its subpackages are skipped. */
static void on_import(ctx *c, TSNode n)
{
	TSNode name = {{0}, NULL, NULL}, k;
	int wildcard = 0;
	char *full, *dot;
	sunset_jvm_kids it;

	for (sunset_jvm_kids_start(&it, n, 1); sunset_jvm_kids_next(&it, &k);) {
		if (is(k, "scoped_identifier") || is(k, "identifier"))
			name = k;
		else if (is(k, "asterisk"))
			wildcard = 1;
	}
	if (ts_node_is_null(name))
		return;
	full = sunset_jvm_text_compact(c->f, name, c->src);
	if (c->package) {
		size_t lp = strlen(c->package);
		if (!strncmp(full, c->package, lp) &&
		    (full[lp] == '\0' || full[lp] == '.'))
			return;
	}
	if (wildcard) {
		sunset_facts_add_import(c->f, full, NULL, NULL, 1,
					sunset_node_span(n));
		return;
	}
	dot = strrchr(full, '.');
	if (!dot) {
		sunset_facts_add_import(c->f, full, NULL, full, 0,
					sunset_node_span(n));
		return;
	}
	*dot = '\0';
	sunset_facts_add_import(c->f, full, dot + 1, dot + 1, 0,
				sunset_node_span(n));
}

/* The simple name of an annotation: "Value" for @Value and
 * @org.springframework.beans.factory.annotation.Value. */
static const char *annotation_name(ctx *c, TSNode a)
{
	TSNode name = field(a, "name");
	return ts_node_is_null(name)
		       ? ""
		       : sunset_jvm_last_part(
				 sunset_jvm_text_compact(c->f, name, c->src));
}

/* @Value("${openai.base-url}") on a field or parameter: the value the
 * member is given. NULL when there is no such annotation. */
static sunset_expr *injected_value(ctx *c, TSNode decl)
{
	TSNode mods = {{0}, NULL, NULL}, k, a;
	sunset_jvm_kids it;
	sunset_expr *found = NULL;

	for (sunset_jvm_kids_start(&it, decl, 1);
	     sunset_jvm_kids_next(&it, &k);)
		if (is(k, "modifiers"))
			mods = k;
	for (sunset_jvm_kids_start(&it, mods, 1);
	     !found && sunset_jvm_kids_next(&it, &a);) {
		TSNode args;
		if (!is(a, "annotation") ||
		    strcmp(annotation_name(c, a), "Value") != 0)
			continue;
		args = field(a, "arguments");
		if (sunset_jvm_nkids(args) == 1 &&
		    is(ts_node_named_child(args, 0), "string_literal"))
			found = sunset_jvm_spring_value(
				c->f, expr(c, ts_node_named_child(args, 0), 0));
	}
	sunset_jvm_kids_end(&it);
	return found;
}

/* The name of the type whose body holds a field declaration (`up1` its
 * parent, `up2` and `up3` above); NULL for an anonymous class. */
static const char *owner_name(ctx *c, TSNode up1, TSNode up2, TSNode up3)
{
	TSNode owner = up2, name;

	if (is(up1, "enum_body_declarations"))
		owner = up3;
	name = field(owner, "name");
	if (ts_node_is_null(name) || is(owner, "object_creation_expression"))
		return NULL;
	return text(c, name);
}

static void on_field(ctx *c, TSNode n, const sunset_jvm_walk *w)
{
	const char *owner =
		owner_name(c, sunset_jvm_walk_up(w, 1),
			   sunset_jvm_walk_up(w, 2), sunset_jvm_walk_up(w, 3));
	sunset_expr *injected = injected_value(c, n);
	sunset_jvm_kids it;
	TSNode d;

	for (sunset_jvm_kids_start(&it, n, 1); sunset_jvm_kids_next(&it, &d);) {
		TSNode name, value;
		sunset_expr *v;
		if (!is(d, "variable_declarator"))
			continue;
		name = field(d, "name");
		value = field(d, "value");
		if (ts_node_is_null(name))
			continue;
		v = ts_node_is_null(value) ? injected : expr(c, value, 0);
		if (v)
			sunset_jvm_member_assign(c->f, owner, text(c, name), v,
						 sunset_node_span(n));
	}
}

static void on_local(ctx *c, TSNode n)
{
	sunset_jvm_kids it;
	TSNode d;

	for (sunset_jvm_kids_start(&it, n, 1); sunset_jvm_kids_next(&it, &d);) {
		TSNode name, value;
		if (!is(d, "variable_declarator"))
			continue;
		name = field(d, "name");
		value = field(d, "value");
		if (!ts_node_is_null(name) && !ts_node_is_null(value))
			sunset_facts_add_assign(c->f, text(c, name),
						expr(c, value, 0),
						sunset_node_span(n));
	}
}

/* A constructor or method parameter given by @Value("${...}"). */
static void on_parameter(ctx *c, TSNode n)
{
	sunset_expr *v = injected_value(c, n);
	TSNode name = field(n, "name");

	if (v && !ts_node_is_null(name))
		sunset_facts_add_assign(c->f, text(c, name), v,
					sunset_node_span(n));
}

static void on_assignment(ctx *c, TSNode n)
{
	TSNode left = field(n, "left"), right = field(n, "right"),
	       op = field(n, "operator");
	char *target = dotted(c, left, 0), *o;
	sunset_expr *value;

	if (!target || ts_node_is_null(right) || ts_node_is_null(op))
		return;
	o = text(c, op);
	if (!strcmp(o, "=")) {
		value = expr(c, right, 0);
	} else if (!strcmp(o, "+=")) {
		/* url += "/v1": the new value is the old one and more */
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

static void on_call(ctx *c, TSNode n)
{
	char *callee = callee_of(c, n, 0);
	TSNode obj = field(n, "object"), name = field(n, "name");
	sunset_span cs;
	sunset_call *call;
	sunset_jvm_exprs args = {0};

	if (!callee)
		return;
	cs = sunset_node_span(name);
	if (!ts_node_is_null(obj)) {
		sunset_span os = sunset_node_span(obj);
		cs.start_byte = os.start_byte;
		cs.line = os.line;
		cs.col = os.col;
	}
	call = sunset_facts_add_call(c->f, callee, 0, sunset_node_span(n), cs);
	call_args(c, field(n, "arguments"), 0, &args);
	sunset_jvm_exprs_to_call(c->f, &args, call);
	if (sunset_jvm_env_reader(callee) && call->nargs &&
	    call->args[0]->kind == SUNSET_EXPR_STRING)
		sunset_facts_add_env(c->f, call->args[0]->text,
				     call->args[0]->span);
}

static void on_new(ctx *c, TSNode n)
{
	TSNode type = field(n, "type");
	char *name = type_name(c, type, 0);
	sunset_call *call;
	sunset_jvm_exprs args = {0};

	if (!name)
		return;
	call = sunset_facts_add_call(c->f, name, 1, sunset_node_span(n),
				     sunset_node_span(type));
	call_args(c, field(n, "arguments"), 0, &args);
	sunset_jvm_exprs_to_call(c->f, &args, call);
}

/* A string given to a documentation element (description = "...") or
 * annotation (@DisplayName("...")) is prose. */
static int prose_string(ctx *c, const sunset_jvm_walk *w)
{
	TSNode up1 = sunset_jvm_walk_up(w, 1), up2 = sunset_jvm_walk_up(w, 2);

	if (is(up1, "element_value_pair")) {
		TSNode key = field(up1, "key");
		return !ts_node_is_null(key) &&
		       sunset_jvm_prose_name(text(c, key));
	}
	return is(up1, "annotation_argument_list") && is(up2, "annotation") &&
	       sunset_jvm_prose_name(annotation_name(c, up2));
}

static void on_string(ctx *c, TSNode n, const sunset_jvm_walk *w)
{
	int interpolated;
	sunset_jvm_kids it;
	TSNode k;

	if (prose_string(c, w)) {
		sunset_facts_add_comment(c->f, text(c, n), sunset_node_span(n));
		return;
	}
	sunset_facts_add_string(c->f, string_value(c, n, &interpolated),
				sunset_node_span(n));
	for (sunset_jvm_kids_start(&it, n, 1); sunset_jvm_kids_next(&it, &k);)
		if (is(k, "string_fragment") ||
		    is(k, "multiline_string_fragment"))
			sunset_jvm_placeholders(c->f, k, c->src);
}

/* The package the file declares (before any type), or NULL. */
static const char *own_package(ctx *c, TSNode root)
{
	sunset_jvm_kids it;
	TSNode k, name = {{0}, NULL, NULL};

	for (sunset_jvm_kids_start(&it, root, 1);
	     ts_node_is_null(name) && sunset_jvm_kids_next(&it, &k);) {
		if (is(k, "package_declaration")) {
			name = ts_node_named_child(k, 0);
			while (!ts_node_is_null(name) &&
			       !is(name, "scoped_identifier") &&
			       !is(name, "identifier"))
				name = ts_node_next_named_sibling(name);
		}
	}
	sunset_jvm_kids_end(&it);
	return ts_node_is_null(name)
		       ? NULL
		       : sunset_jvm_text_compact(c->f, name, c->src);
}

void sunset_extract_java(sunset_facts *f, const char *src, size_t len,
			 TSNode root)
{
	ctx c = {f, src, NULL};
	sunset_jvm_walk w;

	(void)len;
	c.package = own_package(&c, root);
	sunset_jvm_walk_start(&w, root);
	do {
		TSNode n = sunset_jvm_walk_node(&w);
		const char *type = ts_node_type(n);

		if (!strcmp(type, "line_comment") ||
		    !strcmp(type, "block_comment")) {
			sunset_facts_add_comment(f, text(&c, n),
						 sunset_node_span(n));
		} else if (!strcmp(type, "import_declaration")) {
			on_import(&c, n);
		} else if (!strcmp(type, "field_declaration") ||
			   !strcmp(type, "constant_declaration")) {
			on_field(&c, n, &w);
		} else if (!strcmp(type, "local_variable_declaration")) {
			on_local(&c, n);
		} else if (!strcmp(type, "formal_parameter")) {
			on_parameter(&c, n);
		} else if (!strcmp(type, "resource")) {
			TSNode name = field(n, "name"),
			       value = field(n, "value");
			if (!ts_node_is_null(name) && !ts_node_is_null(value))
				sunset_facts_add_assign(f, text(&c, name),
							expr(&c, value, 0),
							sunset_node_span(n));
		} else if (!strcmp(type, "assignment_expression")) {
			on_assignment(&c, n);
		} else if (!strcmp(type, "method_invocation")) {
			on_call(&c, n);
		} else if (!strcmp(type, "object_creation_expression")) {
			on_new(&c, n);
		} else if (!strcmp(type, "string_literal")) {
			on_string(&c, n, &w);
			/* interpolations hold code: keep walking */
		}
	} while (sunset_jvm_walk_next(&w, 1));
}
