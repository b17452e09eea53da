/* extract_kotlin.c - facts of a Kotlin file
 *
 * Shaped like extract_python.c (one iterative walk, expressions
 * summarised up to SUNSET_EXPR_DEPTH_MAX) over the fwcd grammar, which
 * has almost no fields: children are found by type and position.
 * Constructor calls look like any call in Kotlin, so is_new is never set:
 * "OkHttpClient.Builder().build". */
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

static char *text(ctx *c, TSNode n)
{
	return sunset_node_text(c->f, n, c->src);
}

static int is_comment(TSNode n)
{
	return is(n, "line_comment") || is(n, "multiline_comment");
}

/* The first named child of a type, or a null node. */
static TSNode child_of_type(TSNode n, const char *type)
{
	sunset_jvm_kids it;
	TSNode k;

	for (sunset_jvm_kids_start(&it, n, 1); sunset_jvm_kids_next(&it, &k);)
		if (is(k, type)) {
			sunset_jvm_kids_end(&it);
			return k;
		}
	return (TSNode){{0}, NULL, NULL};
}

/* The first named child that is not a comment. */
static TSNode first(TSNode n)
{
	sunset_jvm_kids it;
	TSNode k;

	for (sunset_jvm_kids_start(&it, n, 1); sunset_jvm_kids_next(&it, &k);)
		if (!is_comment(k)) {
			sunset_jvm_kids_end(&it);
			return k;
		}
	return (TSNode){{0}, NULL, NULL};
}

/* The anonymous token of an operator node ("+", "=", "+=", "!!"), or
 * NULL. */
static char *operator_of(ctx *c, TSNode n)
{
	sunset_jvm_kids it;
	TSNode k;

	for (sunset_jvm_kids_start(&it, n, 0); sunset_jvm_kids_next(&it, &k);)
		if (!ts_node_is_named(k)) {
			sunset_jvm_kids_end(&it);
			return text(c, k);
		}
	return NULL;
}

/* f(x) { ... }: the grammar wraps the call f(x) in a second call that
 * only adds the trailing lambda; both are the same call. */
static int lambda_only(TSNode n)
{
	TSNode suffix = child_of_type(n, "call_suffix");

	return is(first(n), "call_expression") && !ts_node_is_null(suffix) &&
	       ts_node_is_null(child_of_type(suffix, "value_arguments"));
}

/* "a.b.c", "this.client", "client.images()", "OkHttpClient.Builder()";
 * NULL when the expression is not a chain of names and calls. Safe
 * calls and !! read as plain dots: "a?.b!!.c" is "a.b.c". */
static char *dotted(ctx *c, TSNode n, int depth)
{
	if (ts_node_is_null(n) || depth > SUNSET_EXPR_DEPTH_MAX)
		return NULL;
	if (is(n, "simple_identifier"))
		return text(c, n);
	if (is(n, "this_expression"))
		return sunset_arena_strdup(c->f, "this");
	if (is(n, "super_expression"))
		return sunset_arena_strdup(c->f, "super");
	if (is(n, "navigation_expression")) {
		char *obj = dotted(c, first(n), depth + 1);
		TSNode suffix = child_of_type(n, "navigation_suffix");
		TSNode name = child_of_type(suffix, "simple_identifier");
		if (!obj || ts_node_is_null(name))
			return NULL;
		return sunset_arena_printf(c->f, "%s.%s", obj, text(c, name));
	}
	if (is(n, "call_expression") && lambda_only(n))
		return dotted(c, first(n), depth + 1);
	if (is(n, "call_expression")) {
		char *fn = dotted(c, first(n), depth + 1);
		return fn ? sunset_arena_printf(c->f, "%s()", fn) : NULL;
	}
	if (is(n, "parenthesized_expression") || is(n, "postfix_expression"))
		return dotted(c, first(n), depth + 1);
	return NULL;
}

static int is_raw(ctx *c, TSNode n)
{
	uint32_t a = ts_node_start_byte(n), z = ts_node_end_byte(n);
	return z - a >= 6 && !strncmp(c->src + a, "\"\"\"", 3);
}

/* A piece of a string's text: escapes decoded outside raw strings. */
static char *content(ctx *c, TSNode k, int raw)
{
	uint32_t a = ts_node_start_byte(k), z = ts_node_end_byte(k);
	return raw ? sunset_arena_strndup(c->f, c->src + a, z - a)
		   : sunset_unescape(c->f, c->src + a, z - a);
}

/* ${'$'}: the way to write a dollar where \$ does not work (raw
 * strings); literal text, not an interpolation. NULL otherwise. */
static char *literal_part(ctx *c, TSNode k)
{
	TSNode ch;
	uint32_t a, z;

	if (!is(k, "interpolated_expression"))
		return NULL;
	ch = first(k);
	if (!is(ch, "character_literal"))
		return NULL;
	a = ts_node_start_byte(ch);
	z = ts_node_end_byte(ch);
	return z - a >= 3 ? sunset_unescape(c->f, c->src + a + 1, z - a - 2)
			  : NULL;
}

/* A string literal's value, each $name and ${expr} as "{}". */
static char *string_value(ctx *c, TSNode n, int *interpolated)
{
	sunset_buf b = SUNSET_BUF_INIT;
	int raw = is_raw(c, n);
	char *out;
	sunset_jvm_kids it;
	TSNode k;

	*interpolated = 0;
	for (sunset_jvm_kids_start(&it, n, 1); sunset_jvm_kids_next(&it, &k);) {
		char *lit;
		if (is(k, "string_content")) {
			sunset_buf_puts(&b, content(c, k, raw));
		} else if ((lit = literal_part(c, k)) != NULL) {
			sunset_buf_puts(&b, lit);
		} else if (is(k, "interpolated_identifier") ||
			   is(k, "interpolated_expression")) {
			sunset_buf_puts(&b, "{}");
			*interpolated = 1;
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

/* Adds the literal text gathered in `b` (if any) as one STRING. */
static void flush_literal(ctx *c, sunset_buf *b, TSNode at,
			  sunset_jvm_exprs *kids)
{
	if (!b->len)
		return;
	sunset_jvm_exprs_push(
		kids, sunset_expr_new(
			      c->f, SUNSET_EXPR_STRING,
			      sunset_arena_strndup(c->f, b->ptr, b->len), at));
	sunset_buf_clear(b);
}

/* "$base/v1/${voice.id}": the literal parts (adjacent pieces joined) and
 * the interpolated expressions in order. */
static sunset_expr *string_expr(ctx *c, TSNode n, int depth)
{
	int interpolated, raw = is_raw(c, n);
	char *value = string_value(c, n, &interpolated);
	sunset_expr *e;
	sunset_jvm_exprs kids = {0};
	sunset_buf lit = SUNSET_BUF_INIT;
	TSNode at = n, k;
	sunset_jvm_kids it;

	if (!interpolated)
		return sunset_expr_new(c->f, SUNSET_EXPR_STRING, value, n);
	e = sunset_expr_new(c->f, SUNSET_EXPR_CONCAT, NULL, n);
	for (sunset_jvm_kids_start(&it, n, 1); sunset_jvm_kids_next(&it, &k);) {
		char *part = is(k, "string_content") ? content(c, k, raw)
						     : literal_part(c, k);
		if (part) {
			if (!lit.len)
				at = k;
			sunset_buf_puts(&lit, part);
			continue;
		}
		if (!is(k, "interpolated_identifier") &&
		    !is(k, "interpolated_expression"))
			continue;
		flush_literal(c, &lit, at, &kids);
		if (is(k, "interpolated_identifier"))
			sunset_jvm_exprs_push(
				&kids, sunset_expr_new(c->f, SUNSET_EXPR_NAME,
						       text(c, k), k));
		else
			sunset_jvm_exprs_push(&kids,
					      expr(c, first(k), depth + 1));
	}
	flush_literal(c, &lit, at, &kids);
	sunset_buf_free(&lit);
	sunset_jvm_exprs_to_expr(c->f, &kids, e);
	return e;
}

/* The value arguments of a call: name = value keeps its name; a trailing
 * lambda is not an argument the matchers need. */
static void call_args(ctx *c, TSNode call, int depth, sunset_jvm_exprs *out)
{
	TSNode suffix = child_of_type(call, "call_suffix");
	TSNode args = child_of_type(suffix, "value_arguments"), a;
	sunset_jvm_kids it;

	for (sunset_jvm_kids_start(&it, args, 1);
	     sunset_jvm_kids_next(&it, &a);) {
		TSNode v;
		char *op;
		sunset_expr *e;
		if (!is(a, "value_argument"))
			continue;
		op = operator_of(c, a);
		if (op && !strcmp(op, "=") && sunset_jvm_nkids(a) >= 2) {
			v = ts_node_named_child(a, sunset_jvm_nkids(a) - 1);
			e = expr(c, v, depth + 1);
			e->keyword = text(c, ts_node_named_child(a, 0));
		} else {
			e = expr(c, first(a), depth + 1);
		}
		sunset_jvm_exprs_push(out, e);
	}
}

static int plus(void *cv, TSNode n, TSNode *left, TSNode *right)
{
	ctx *c = cv;
	char *op;

	if (!is(n, "additive_expression") || sunset_jvm_nkids(n) != 2)
		return 0;
	op = operator_of(c, n);
	if (!op || strcmp(op, "+") != 0)
		return 0;
	*left = ts_node_named_child(n, 0);
	*right = ts_node_named_child(n, 1);
	return 1;
}

/* String.format(fmt, args), "...".format(args): a FORMAT. */
static sunset_expr *format_expr(ctx *c, TSNode n, int depth)
{
	TSNode fn = first(n);
	sunset_expr *e;
	sunset_jvm_exprs kids = {0};

	if (!is(fn, "navigation_expression"))
		return NULL;
	if (is(first(fn), "string_literal")) {
		TSNode suffix = child_of_type(fn, "navigation_suffix");
		TSNode name = child_of_type(suffix, "simple_identifier");
		if (ts_node_is_null(name) ||
		    strcmp(text(c, name), "format") != 0)
			return NULL;
		e = sunset_expr_new(c->f, SUNSET_EXPR_FORMAT, NULL, n);
		sunset_jvm_exprs_push(&kids, expr(c, first(fn), depth + 1));
	} else {
		char *callee = dotted(c, fn, depth + 1);
		if (!callee || !sunset_jvm_ends_with(callee, "String.format"))
			return NULL;
		e = sunset_expr_new(c->f, SUNSET_EXPR_FORMAT, NULL, n);
	}
	call_args(c, n, depth, &kids);
	if (kids.n > 1 && kids.v[0]->kind == SUNSET_EXPR_NAME &&
	    strstr(kids.v[0]->text, "Locale")) {
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
	if (!strcmp(type, "string_literal"))
		return string_expr(c, n, depth);
	if (plus(c, n, &l, &r))
		return sunset_jvm_concat(c->f, n, depth, plus, expr_cb, c);
	if (!strcmp(type, "parenthesized_expression") ||
	    !strcmp(type, "as_expression"))
		return expr(c, first(n), depth + 1);
	if (!strcmp(type, "postfix_expression")) {
		char *op = operator_of(c, n);
		if (op && !strcmp(op, "!!"))
			return expr(c, first(n), depth + 1);
	}
	if (!strcmp(type, "call_expression") && lambda_only(n))
		return expr(c, first(n), depth + 1);
	if (!strcmp(type, "call_expression")) {
		sunset_expr *e = format_expr(c, n, depth);
		sunset_jvm_exprs kids = {0};
		if (e)
			return e;
		e = sunset_expr_new(c->f, SUNSET_EXPR_CALL,
				    dotted(c, first(n), depth + 1), n);
		call_args(c, n, depth, &kids);
		sunset_jvm_exprs_to_expr(c->f, &kids, e);
		return e;
	}
	if (!strcmp(type, "simple_identifier") ||
	    !strcmp(type, "navigation_expression") ||
	    !strcmp(type, "this_expression")) {
		char *name = dotted(c, n, depth + 1);
		if (name)
			return sunset_expr_new(c->f, SUNSET_EXPR_NAME, name, n);
	}
	return sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN, NULL, n);
}

/* ---- statements ---- */

/* import a.b.C, import a.b.C as D, import a.b.*; the file's own package
 * and its subpackages are skipped. */
static void on_import(ctx *c, TSNode n)
{
	TSNode name = child_of_type(n, "identifier");
	TSNode alias = child_of_type(n, "import_alias");
	char *full, *dot, *as = NULL;

	if (ts_node_is_null(name))
		return;
	full = sunset_jvm_text_compact(c->f, name, c->src);
	if (c->package) {
		size_t lp = strlen(c->package);
		if (!strncmp(full, c->package, lp) &&
		    (full[lp] == '\0' || full[lp] == '.'))
			return;
	}
	if (!ts_node_is_null(child_of_type(n, "wildcard_import"))) {
		sunset_facts_add_import(c->f, full, NULL, NULL, 1,
					sunset_node_span(n));
		return;
	}
	if (!ts_node_is_null(alias) && sunset_jvm_nkids(alias))
		as = text(c, ts_node_named_child(alias, 0));
	dot = strrchr(full, '.');
	if (!dot) {
		sunset_facts_add_import(c->f, full, NULL, as ? as : full, 0,
					sunset_node_span(n));
		return;
	}
	*dot = '\0';
	sunset_facts_add_import(c->f, full, dot + 1, as ? as : dot + 1, 0,
				sunset_node_span(n));
}

/* The simple name of an annotation: "Value" for @Value("..."),
 * @field:Value("...") and @org.springframework...Value("..."). */
static const char *annotation_name(ctx *c, TSNode a)
{
	TSNode inv = child_of_type(a, "constructor_invocation");
	TSNode type =
		child_of_type(ts_node_is_null(inv) ? a : inv, "user_type");

	if (ts_node_is_null(type))
		return "";
	return sunset_jvm_last_part(
		sunset_jvm_text_compact(c->f, type, c->src));
}

/* @Value("\${openai.base-url}") on a property or constructor parameter:
 * the value the member is given, or NULL. */
static sunset_expr *injected_value(ctx *c, TSNode decl)
{
	TSNode mods = child_of_type(decl, "modifiers"), a;
	sunset_jvm_kids it;
	sunset_expr *found = NULL;

	for (sunset_jvm_kids_start(&it, mods, 1);
	     !found && sunset_jvm_kids_next(&it, &a);) {
		TSNode inv, args, arg;
		if (!is(a, "annotation") ||
		    strcmp(annotation_name(c, a), "Value") != 0)
			continue;
		inv = child_of_type(a, "constructor_invocation");
		args = child_of_type(inv, "value_arguments");
		arg = child_of_type(args, "value_argument");
		if (sunset_jvm_nkids(args) == 1 &&
		    is(first(arg), "string_literal"))
			found = sunset_jvm_spring_value(c->f,
							expr(c, first(arg), 0));
	}
	sunset_jvm_kids_end(&it);
	return found;
}

/* The name of a class or object declaration. */
static const char *decl_name(ctx *c, TSNode n)
{
	TSNode name = child_of_type(n, "type_identifier");
	return ts_node_is_null(name) ? NULL : text(c, name);
}

/* Whether a declaration `up1` levels below is a member of a type, and
 * that type's name (NULL for an object literal). A companion object's
 * members are read through its class: Gen.URL. */
static int member_of(ctx *c, const sunset_jvm_walk *w, const char **owner)
{
	TSNode up1 = sunset_jvm_walk_up(w, 1), up2 = sunset_jvm_walk_up(w, 2);

	*owner = NULL;
	if (!is(up1, "class_body") && !is(up1, "enum_class_body"))
		return 0;
	if (is(up2, "companion_object")) {
		TSNode cls = sunset_jvm_walk_up(w, 4);
		if (is(cls, "class_declaration"))
			*owner = decl_name(c, cls);
	} else if (is(up2, "class_declaration") ||
		   is(up2, "object_declaration")) {
		*owner = decl_name(c, up2);
	}
	return 1;
}

static void on_property(ctx *c, TSNode n, const sunset_jvm_walk *w)
{
	TSNode var = child_of_type(n, "variable_declaration");
	TSNode name = child_of_type(var, "simple_identifier");
	sunset_expr *value = NULL;
	const char *owner;
	int seen_eq = 0;
	sunset_jvm_kids it;
	TSNode k;

	if (ts_node_is_null(name))
		return; /* val (a, b) = pair: destructuring */
	for (sunset_jvm_kids_start(&it, n, 0);
	     !value && sunset_jvm_kids_next(&it, &k);) {
		if (!ts_node_is_named(k))
			seen_eq = seen_eq || !strcmp(ts_node_type(k), "=");
		else if (seen_eq && !is_comment(k))
			value = expr(c, k, 0);
	}
	sunset_jvm_kids_end(&it);
	if (!value)
		value = injected_value(c, n);
	if (!value)
		return;
	if (member_of(c, w, &owner))
		sunset_jvm_member_assign(c->f, owner, text(c, name), value,
					 sunset_node_span(n));
	else
		sunset_facts_add_assign(c->f, text(c, name), value,
					sunset_node_span(n));
}

/* class S(@Value("\${x}") private val key: String): a default value is
 * not an assignment, an injected one is. */
static void on_class_parameter(ctx *c, TSNode n, const sunset_jvm_walk *w)
{
	TSNode name = child_of_type(n, "simple_identifier");
	TSNode cls = sunset_jvm_walk_up(w, 2);
	sunset_expr *value = injected_value(c, n);

	if (!value || ts_node_is_null(name))
		return;
	if (!ts_node_is_null(child_of_type(n, "binding_pattern_kind")))
		sunset_jvm_member_assign(
			c->f,
			is(cls, "class_declaration") ? decl_name(c, cls) : NULL,
			text(c, name), value, sunset_node_span(n));
	else
		sunset_facts_add_assign(c->f, text(c, name), value,
					sunset_node_span(n));
}

/* The target of an assignment: "x", "this.x", "cfg.base". */
static char *assign_target(ctx *c, TSNode n)
{
	uint32_t count = sunset_jvm_nkids(n);
	TSNode last, name;
	char *obj;

	if (count == 1)
		return dotted(c, ts_node_named_child(n, 0), 0);
	if (count != 2)
		return NULL;
	last = ts_node_named_child(n, 1);
	name = child_of_type(last, "simple_identifier");
	if (!is(last, "navigation_suffix") || ts_node_is_null(name))
		return NULL;
	obj = dotted(c, ts_node_named_child(n, 0), 0);
	return obj ? sunset_arena_printf(c->f, "%s.%s", obj, text(c, name))
		   : NULL;
}

static void on_assignment(ctx *c, TSNode n)
{
	TSNode left = child_of_type(n, "directly_assignable_expression");
	uint32_t count = sunset_jvm_nkids(n);
	TSNode right = count ? ts_node_named_child(n, count - 1) : left;
	char *target, *op = operator_of(c, n);
	sunset_expr *value;

	if (ts_node_is_null(left) || ts_node_eq(left, right) || !op)
		return;
	target = assign_target(c, left);
	if (!target)
		return;
	if (!strcmp(op, "=")) {
		value = expr(c, right, 0);
	} else if (!strcmp(op, "+=")) {
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
	TSNode fn = first(n);
	char *callee = dotted(c, fn, 0);
	sunset_call *call;
	sunset_jvm_exprs args = {0};

	if (!callee || lambda_only(n))
		return;
	call = sunset_facts_add_call(c->f, callee, 0, sunset_node_span(n),
				     sunset_node_span(fn));
	call_args(c, n, 0, &args);
	sunset_jvm_exprs_to_call(c->f, &args, call);
	if (sunset_jvm_env_reader(callee) && call->nargs &&
	    call->args[0]->kind == SUNSET_EXPR_STRING)
		sunset_facts_add_env(c->f, call->args[0]->text,
				     call->args[0]->span);
}

/* System.getenv()["X"], dotenv["X"] */
static void on_indexing(ctx *c, TSNode n)
{
	char *obj = dotted(c, first(n), 0);
	TSNode suffix = child_of_type(n, "indexing_suffix");
	TSNode key = first(suffix);
	sunset_expr *e;

	if (!obj ||
	    !(sunset_jvm_ends_with(obj, "getenv()") ||
	      sunset_jvm_dotenv(obj)) ||
	    !is(key, "string_literal"))
		return;
	e = expr(c, key, 0);
	if (e->kind == SUNSET_EXPR_STRING)
		sunset_facts_add_env(c->f, e->text, e->span);
}

/* A string given to @Operation(description = "...") or
 * @DisplayName("...") is prose. */
static int prose_string(ctx *c, const sunset_jvm_walk *w)
{
	TSNode arg = sunset_jvm_walk_up(w, 1), inv = sunset_jvm_walk_up(w, 3);
	TSNode ann = sunset_jvm_walk_up(w, 4);

	if (!is(arg, "value_argument") || !is(inv, "constructor_invocation") ||
	    !is(ann, "annotation"))
		return 0;
	if (sunset_jvm_prose_name(annotation_name(c, ann)))
		return 1;
	if (sunset_jvm_nkids(arg) == 2 &&
	    is(ts_node_named_child(arg, 0), "simple_identifier"))
		return sunset_jvm_prose_name(
			text(c, ts_node_named_child(arg, 0)));
	return 0;
}

static void on_string(ctx *c, TSNode n, const sunset_jvm_walk *w)
{
	int interpolated, dollars = 0;
	sunset_jvm_kids it;
	TSNode k;
	char *value;

	if (prose_string(c, w)) {
		sunset_facts_add_comment(c->f, text(c, n), sunset_node_span(n));
		return;
	}
	value = string_value(c, n, &interpolated);
	sunset_facts_add_string(c->f, value, sunset_node_span(n));
	for (sunset_jvm_kids_start(&it, n, 1); sunset_jvm_kids_next(&it, &k);)
		if (literal_part(c, k))
			dollars = 1;
	if (dollars) {
		/* "${'$'}{openai.key}": placeholders only in the value */
		sunset_jvm_placeholders_in(c->f, value, sunset_node_span(n));
		return;
	}
	/* "\${openai.key}": a placeholder, not an interpolation */
	for (sunset_jvm_kids_start(&it, n, 1); sunset_jvm_kids_next(&it, &k);)
		if (is(k, "string_content"))
			sunset_jvm_placeholders(c->f, k, c->src);
}

static const char *own_package(ctx *c, TSNode root)
{
	TSNode header = child_of_type(root, "package_header");
	TSNode name = child_of_type(header, "identifier");

	return ts_node_is_null(name)
		       ? NULL
		       : sunset_jvm_text_compact(c->f, name, c->src);
}

void sunset_extract_kotlin(sunset_facts *f, const char *src, size_t len,
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
		    !strcmp(type, "multiline_comment")) {
			sunset_facts_add_comment(f, text(&c, n),
						 sunset_node_span(n));
		} else if (!strcmp(type, "import_header")) {
			on_import(&c, n);
		} else if (!strcmp(type, "property_declaration")) {
			on_property(&c, n, &w);
		} else if (!strcmp(type, "class_parameter")) {
			on_class_parameter(&c, n, &w);
		} else if (!strcmp(type, "assignment")) {
			on_assignment(&c, n);
		} else if (!strcmp(type, "call_expression")) {
			on_call(&c, n);
		} else if (!strcmp(type, "indexing_expression")) {
			on_indexing(&c, n);
		} else if (!strcmp(type, "string_literal")) {
			on_string(&c, n, &w);
			/* interpolations hold code: keep walking */
		}
	} while (sunset_jvm_walk_next(&w, 1));
}
