/* extract_js.c - facts of JavaScript, TypeScript and TSX files
 *
 * Follows extract_python.c: one iterative walk over the tree (no recursion
 * on statements: hostile files nest without end); expressions summarised
 * recursively up to SUNSET_EXPR_DEPTH_MAX. The three grammars share their
 * node names; TypeScript adds wrappers (as, satisfies, non-null, <T>x),
 * public_field_definition, enums and import x = require("m"); TSX adds
 * JSX, whose text is prose (never a string) but whose attribute values
 * are strings.
 *
 * Conventions:
 *   import D from "m"           module=m member=default alias=D
 *   import {a, b as c} from "m" member=a alias=a; member=b alias=c
 *   import * as ns from "m"     alias=ns
 *   import "m", require("m")    no alias
 *   const x = require("m")      alias=x (also await import("m"),
 *                               import x = require("m"))
 *   const {a, b: c} = require("m")
 *                               member=a alias=a; member=b alias=c
 *   const x = require("m").a    member=a alias=x
 *   export {x} from "m"         member=x, no alias (nothing bound here)
 *   export * from "m"           wildcard
 *   Module names starting with ".", "/", "#", "@/" or "~/" are the
 *   project's own code: never recorded. Module specifiers are not
 *   string facts.
 *
 *   Callees are dotted: "this.client.images.generate"; await, parentheses,
 *   "!", "as T", "satisfies T" and optional chaining are transparent;
 *   obj["k"] reads as obj.k; an inner call or construction is marked "()"
 *   ("fetch().then", "OpenAI().images.generate"). new X(...) is a call
 *   with is_new and callee "X". Tagged templates are not calls. */
#include <string.h>

#include "facts.h"
#include "util.h"

typedef struct {
	sunset_facts *f;
	const char *src;
	/* start byte of a string the walk must not record: a module
	 * specifier, or a JSX attribute value recorded raw */
	uint32_t skip_string;
	/* start byte of a require()/import() whose import a declaration
	 * already recorded with its bindings */
	uint32_t claimed_call;
} ctx;

/* nested object literals flattened into "cfg.a.b" assignments */
#define OBJECT_LEVELS 4

static int is(TSNode n, const char *type)
{
	return !ts_node_is_null(n) && ts_node_is_named(n) &&
	       !strcmp(ts_node_type(n), type);
}

static TSNode field(TSNode n, const char *name)
{
	return sunset_node_field(n, name);
}

static TSNode null_node(void)
{
	TSNode n;
	memset(&n, 0, sizeof(n));
	return n;
}

/* Does the node's source text equal `s` exactly? (No allocation.) */
static int text_is(ctx *c, TSNode n, const char *s)
{
	uint32_t a, z;
	size_t ls = strlen(s);

	if (ts_node_is_null(n))
		return 0;
	a = ts_node_start_byte(n);
	z = ts_node_end_byte(n);
	return z >= a && z - a == ls && !memcmp(c->src + a, s, ls);
}

/* The first named child that is not a comment. */
static TSNode first_expr_child(TSNode n)
{
	uint32_t i, count = ts_node_named_child_count(n);

	for (i = 0; i < count; i++) {
		TSNode k = ts_node_named_child(n, i);
		if (!is(k, "comment") && !is(k, "html_comment"))
			return k;
	}
	return null_node();
}

/* Look through wrappers that do not change what an expression refers
 * to: (x), await x, x!, x as T, x satisfies T, <T>x. Iterative, bounded:
 * past the bound the wrapper itself is returned (and reads as unknown). */
static TSNode unwrap(TSNode n)
{
	for (int i = 0; i < SUNSET_EXPR_DEPTH_MAX * 4; i++) {
		TSNode inner;
		if (is(n, "parenthesized_expression") ||
		    is(n, "await_expression") || is(n, "non_null_expression") ||
		    is(n, "as_expression") || is(n, "satisfies_expression")) {
			inner = first_expr_child(n);
		} else if (is(n, "type_assertion")) {
			/* <T>x: the expression comes last */
			uint32_t count = ts_node_named_child_count(n);
			inner = count ? ts_node_named_child(n, count - 1)
				      : null_node();
		} else {
			return n;
		}
		if (ts_node_is_null(inner))
			return n;
		n = inner;
	}
	return n;
}

/* ---- strings ---- */

static void put_entity(sunset_buf *b, const char *s, size_t n)
{
	static const struct {
		const char *name, *value;
	} entities[] = {
		{"&amp;", "&"},	  {"&lt;", "<"},   {"&gt;", ">"},
		{"&quot;", "\""}, {"&apos;", "'"}, {"&nbsp;", " "},
	};
	for (size_t i = 0; i < sizeof(entities) / sizeof(entities[0]); i++)
		if (strlen(entities[i].name) == n &&
		    !memcmp(entities[i].name, s, n)) {
			sunset_buf_puts(b, entities[i].value);
			return;
		}
	sunset_buf_put(b, s, n);
}

/* The value of a string or template literal, substitutions as "{}".
 * `raw`: a JSX attribute value, where backslashes are plain text and
 * HTML entities are decoded. Sets *subst when the template has any. */
static char *literal_value(ctx *c, TSNode n, int raw, int *subst)
{
	sunset_buf b = SUNSET_BUF_INIT;
	uint32_t i, count = ts_node_child_count(n);
	char *out;

	*subst = 0;
	for (i = 0; i < count; i++) {
		TSNode k = ts_node_child(n, i);
		uint32_t a = ts_node_start_byte(k), z = ts_node_end_byte(k);
		if (z < a)
			continue;
		if (is(k, "string_fragment") ||
		    (raw && is(k, "escape_sequence"))) {
			sunset_buf_put(&b, c->src + a, z - a);
		} else if (is(k, "escape_sequence")) {
			sunset_buf_puts(
				&b, sunset_unescape(c->f, c->src + a, z - a));
		} else if (is(k, "html_character_reference")) {
			put_entity(&b, c->src + a, z - a);
		} else if (is(k, "template_substitution")) {
			sunset_buf_puts(&b, "{}");
			*subst = 1;
		}
	}
	out = sunset_arena_strndup(c->f, b.ptr ? b.ptr : "", b.len);
	sunset_buf_free(&b);
	return out;
}

/* A module specifier: a string, or a template without substitutions;
 * NULL otherwise. */
static char *module_name(ctx *c, TSNode n)
{
	int subst;
	char *m;

	if (!is(n, "string") && !is(n, "template_string"))
		return NULL;
	m = literal_value(c, n, 0, &subst);
	return subst ? NULL : m;
}

/* "./x", "../x", "/abs/x", and the path aliases "@/x", "~/x" and
 * package.json's "#x" imports: the project's own code, never a package */
static int is_local_module(const char *m)
{
	return !m || !*m || m[0] == '.' || m[0] == '/' || m[0] == '#' ||
	       ((m[0] == '@' || m[0] == '~') && m[1] == '/');
}

/* ---- expressions ---- */

/* "a.b.c", "this.client", "fetch().then", "OpenAI().images"; NULL when
 * the expression is not a chain of names, members and calls. */
static char *dotted(ctx *c, TSNode n, int depth)
{
	if (ts_node_is_null(n) || depth > SUNSET_EXPR_DEPTH_MAX)
		return NULL;
	n = unwrap(n);
	if (is(n, "identifier") || is(n, "this") || is(n, "super") ||
	    is(n, "meta_property") || is(n, "shorthand_property_identifier"))
		return sunset_node_text(c->f, n, c->src);
	if (is(n, "member_expression")) {
		char *obj = dotted(c, field(n, "object"), depth + 1);
		TSNode prop = field(n, "property");
		if (!obj || ts_node_is_null(prop))
			return NULL;
		return sunset_arena_printf(
			c->f, "%s.%s", obj,
			sunset_node_text(c->f, prop, c->src));
	}
	if (is(n, "subscript_expression")) {
		/* obj["key"] reads as obj.key */
		char *obj, *key;
		TSNode index = field(n, "index");
		int subst;
		if (!is(index, "string"))
			return NULL;
		obj = dotted(c, field(n, "object"), depth + 1);
		key = literal_value(c, index, 0, &subst);
		return obj ? sunset_arena_printf(c->f, "%s.%s", obj, key)
			   : NULL;
	}
	if (is(n, "call_expression")) {
		char *fn;
		if (is(field(n, "arguments"), "template_string"))
			return NULL; /* a tagged template */
		fn = dotted(c, field(n, "function"), depth + 1);
		return fn ? sunset_arena_printf(c->f, "%s()", fn) : NULL;
	}
	if (is(n, "new_expression")) {
		char *fn = dotted(c, field(n, "constructor"), depth + 1);
		return fn ? sunset_arena_printf(c->f, "%s()", fn) : NULL;
	}
	return NULL;
}

static sunset_expr *expr(ctx *c, TSNode n, int depth);

static sunset_expr *unknown(ctx *c, TSNode n)
{
	return sunset_expr_new(c->f, SUNSET_EXPR_UNKNOWN, NULL, n);
}

static sunset_expr *template_expr(ctx *c, TSNode n, int depth)
{
	int subst;
	char *value = literal_value(c, n, 0, &subst);
	sunset_expr *e;
	uint32_t i, count;

	if (!subst)
		return sunset_expr_new(c->f, SUNSET_EXPR_STRING, value, n);
	/* `${base}/v1/${x}`: the parts in order; adjacent fragments and
	 * escapes make one string part */
	e = sunset_expr_new(c->f, SUNSET_EXPR_CONCAT, NULL, n);
	count = ts_node_child_count(n);
	for (i = 0; i < count; i++) {
		TSNode k = ts_node_child(n, i);
		if (is(k, "string_fragment") || is(k, "escape_sequence")) {
			sunset_buf b = SUNSET_BUF_INIT;
			TSNode first = k, last = k;
			for (; i < count; i++) {
				TSNode p = ts_node_child(n, i);
				uint32_t a = ts_node_start_byte(p),
					 z = ts_node_end_byte(p);
				if (is(p, "string_fragment"))
					sunset_buf_put(&b, c->src + a, z - a);
				else if (is(p, "escape_sequence"))
					sunset_buf_puts(
						&b, sunset_unescape(c->f,
								    c->src + a,
								    z - a));
				else
					break;
				last = p;
			}
			i--;
			{
				sunset_expr *s = sunset_expr_new(
					c->f, SUNSET_EXPR_STRING,
					sunset_arena_strndup(c->f,
							     b.ptr ? b.ptr : "",
							     b.len),
					first);
				s->span.end_byte = ts_node_end_byte(last);
				s->span.end_line =
					ts_node_end_point(last).row + 1;
				s->span.end_col =
					ts_node_end_point(last).column + 1;
				sunset_expr_add(c->f, e, s);
			}
			sunset_buf_free(&b);
		} else if (is(k, "template_substitution")) {
			sunset_expr_add(
				c->f, e,
				expr(c, first_expr_child(k), depth + 1));
		}
	}
	return e;
}

static void call_args(ctx *c, TSNode args, int depth,
		      void (*add)(ctx *, void *, sunset_expr *), void *target)
{
	uint32_t i, count;

	if (ts_node_is_null(args) || !is(args, "arguments"))
		return;
	count = ts_node_named_child_count(args);
	for (i = 0; i < count; i++) {
		TSNode a = ts_node_named_child(args, i);
		if (is(a, "comment") || is(a, "html_comment"))
			continue;
		add(c, target, expr(c, a, depth + 1));
	}
}

static void add_to_expr(ctx *c, void *target, sunset_expr *e)
{
	sunset_expr_add(c->f, target, e);
}

static int is_literal(TSNode n)
{
	return is(n, "string") || is(n, "template_string");
}

static int is_plus(ctx *c, TSNode n)
{
	return is(n, "binary_expression") &&
	       text_is(c, field(n, "operator"), "+");
}

/* a + b + c: one concat of the parts. The left spine is followed
 * iteratively, up to SUNSET_EXPR_DEPTH_MAX parts. */
static sunset_expr *concat_expr(ctx *c, TSNode n, int depth)
{
	TSNode rights[SUNSET_EXPR_DEPTH_MAX];
	int nr = 0;
	sunset_expr *e = sunset_expr_new(c->f, SUNSET_EXPR_CONCAT, NULL, n);
	TSNode cur = n;

	while (is_plus(c, cur) && nr < SUNSET_EXPR_DEPTH_MAX) {
		rights[nr++] = field(cur, "right");
		cur = unwrap(field(cur, "left"));
	}
	sunset_expr_add(c->f, e,
			is_plus(c, cur) ? unknown(c, cur)
					: expr(c, cur, depth + 1));
	while (nr > 0)
		sunset_expr_add(c->f, e, expr(c, rights[--nr], depth + 1));
	return e;
}

static sunset_expr *binary_expr(ctx *c, TSNode n, int depth)
{
	TSNode op = field(n, "operator");

	if (text_is(c, op, "+"))
		return concat_expr(c, n, depth);
	if ((text_is(c, op, "??") || text_is(c, op, "||")) &&
	    is_literal(unwrap(field(n, "right"))))
		/* process.env.BASE ?? "https://...": the fallback */
		return expr(c, field(n, "right"), depth + 1);
	return unknown(c, n);
}

static sunset_expr *expr(ctx *c, TSNode n, int depth)
{
	char *name;

	if (ts_node_is_null(n) || depth > SUNSET_EXPR_DEPTH_MAX)
		return unknown(c, n);
	n = unwrap(n);
	if (is(n, "string")) {
		int subst;
		return sunset_expr_new(c->f, SUNSET_EXPR_STRING,
				       literal_value(c, n, 0, &subst), n);
	}
	if (is(n, "template_string"))
		return template_expr(c, n, depth);
	if (is(n, "binary_expression"))
		return binary_expr(c, n, depth);
	if (is(n, "call_expression")) {
		TSNode fn = field(n, "function"), args = field(n, "arguments");
		sunset_expr *e;
		if (is(args, "template_string"))
			return unknown(c, n); /* a tagged template */
		name = is(fn, "import") ? sunset_arena_strdup(c->f, "import")
					: dotted(c, fn, depth + 1);
		e = sunset_expr_new(c->f, SUNSET_EXPR_CALL, name, n);
		call_args(c, args, depth, add_to_expr, e);
		return e;
	}
	if (is(n, "new_expression")) {
		sunset_expr *e = sunset_expr_new(
			c->f, SUNSET_EXPR_CALL,
			dotted(c, field(n, "constructor"), depth + 1), n);
		call_args(c, field(n, "arguments"), depth, add_to_expr, e);
		return e;
	}
	name = dotted(c, n, depth + 1);
	if (name)
		return sunset_expr_new(c->f, SUNSET_EXPR_NAME, name, n);
	return unknown(c, n);
}

static void add_to_call(ctx *c, void *target, sunset_expr *e)
{
	sunset_call_add_arg(c->f, target, e);
}

/* ---- imports ---- */

static void add_import(ctx *c, const char *module, const char *member,
		       const char *alias, int wildcard, TSNode at)
{
	sunset_facts_add_import(c->f, module, member, alias, wildcard,
				sunset_node_span(at));
}

static void on_import(ctx *c, TSNode n)
{
	TSNode source = field(n, "source");
	uint32_t i, k, count = ts_node_named_child_count(n);
	char *mod;
	int bound = 0;

	for (i = 0; ts_node_is_null(source) && i < count; i++) {
		TSNode req = ts_node_named_child(n, i);
		if (is(req, "import_require_clause"))
			source = field(req, "source");
	}
	mod = module_name(c, source);
	if (is_local_module(mod))
		return;
	for (i = 0; i < count; i++) {
		TSNode clause = ts_node_named_child(n, i);
		uint32_t nk = ts_node_named_child_count(clause);
		if (is(clause, "import_require_clause")) {
			/* import x = require("m") */
			TSNode id = ts_node_named_child(clause, 0);
			if (is(id, "identifier")) {
				add_import(c, mod, NULL,
					   sunset_node_text(c->f, id, c->src),
					   0, n);
				bound = 1;
			}
			continue;
		}
		if (!is(clause, "import_clause"))
			continue;
		for (k = 0; k < nk; k++) {
			TSNode b = ts_node_named_child(clause, k);
			if (is(b, "identifier")) {
				add_import(c, mod, "default",
					   sunset_node_text(c->f, b, c->src), 0,
					   n);
				bound = 1;
			} else if (is(b, "namespace_import")) {
				TSNode id = first_expr_child(b);
				add_import(c, mod, NULL,
					   ts_node_is_null(id)
						   ? NULL
						   : sunset_node_text(c->f, id,
								      c->src),
					   0, n);
				bound = 1;
			} else if (is(b, "named_imports")) {
				uint32_t ns = ts_node_named_child_count(b);
				for (uint32_t s = 0; s < ns; s++) {
					TSNode spec = ts_node_named_child(b, s);
					TSNode name = field(spec, "name"),
					       alias = field(spec, "alias");
					char *member;
					int subst;
					if (!is(spec, "import_specifier") ||
					    ts_node_is_null(name))
						continue;
					member = is(name, "string")
							 ? literal_value(
								   c, name, 0,
								   &subst)
							 : sunset_node_text(
								   c->f, name,
								   c->src);
					add_import(c, mod, member,
						   ts_node_is_null(alias)
							   ? member
							   : sunset_node_text(
								     c->f,
								     alias,
								     c->src),
						   0, n);
					bound = 1;
				}
			}
		}
	}
	if (!bound) /* import "m": side effects only */
		add_import(c, mod, NULL, NULL, 0, n);
}

/* export {a, b as c} from "m", export * from "m", export * as ns from "m":
 * re-exports bind no local name */
static void on_export(ctx *c, TSNode n)
{
	char *mod = module_name(c, field(n, "source"));
	uint32_t i, count = ts_node_named_child_count(n);
	int clause = 0;

	if (is_local_module(mod))
		return;
	for (i = 0; i < count; i++) {
		TSNode k = ts_node_named_child(n, i);
		if (is(k, "export_clause")) {
			uint32_t ns = ts_node_named_child_count(k);
			clause = 1;
			for (uint32_t s = 0; s < ns; s++) {
				TSNode spec = ts_node_named_child(k, s);
				TSNode name = field(spec, "name");
				int subst;
				if (!is(spec, "export_specifier") ||
				    ts_node_is_null(name))
					continue;
				add_import(c, mod,
					   is(name, "string")
						   ? literal_value(c, name, 0,
								   &subst)
						   : sunset_node_text(c->f,
								      name,
								      c->src),
					   NULL, 0, n);
			}
		} else if (is(k, "namespace_export")) {
			clause = 1;
			add_import(c, mod, NULL, NULL, 0, n);
		}
	}
	if (!clause)
		add_import(c, mod, NULL, NULL, 1, n);
}

/* require("m") or import("m"): the module argument, else a null node */
static TSNode module_call_arg(ctx *c, TSNode n)
{
	TSNode fn, args, arg;

	if (!is(n, "call_expression"))
		return null_node();
	fn = field(n, "function");
	args = field(n, "arguments");
	if (!is(args, "arguments"))
		return null_node();
	if (!is(fn, "import") &&
	    !(is(fn, "identifier") && text_is(c, fn, "require")))
		return null_node();
	arg = first_expr_child(args);
	return module_name(c, arg) ? arg : null_node();
}

/* const {a, b: c} = require("m"): one import per binding */
static void pattern_imports(ctx *c, const char *mod, TSNode pattern, TSNode at)
{
	uint32_t i, count = ts_node_named_child_count(pattern);

	for (i = 0; i < count; i++) {
		TSNode k = ts_node_named_child(pattern, i);
		char *member = NULL, *alias = NULL;
		if (is(k, "object_assignment_pattern"))
			k = field(k, "left");
		if (is(k, "shorthand_property_identifier_pattern")) {
			member = alias = sunset_node_text(c->f, k, c->src);
		} else if (is(k, "pair_pattern")) {
			TSNode key = field(k, "key"), value = field(k, "value");
			int subst;
			if (is(value, "assignment_pattern"))
				value = field(value, "left");
			if (!is(value, "identifier"))
				continue;
			member = is(key, "string")
					 ? literal_value(c, key, 0, &subst)
					 : sunset_node_text(c->f, key, c->src);
			alias = sunset_node_text(c->f, value, c->src);
		} else if (is(k, "rest_pattern")) {
			TSNode id = first_expr_child(k);
			if (!is(id, "identifier"))
				continue;
			alias = sunset_node_text(c->f, id, c->src);
		} else {
			continue;
		}
		add_import(c, mod, member, alias, 0, at);
	}
}

/* ---- environment ---- */

/* process.env, Bun.env, import.meta.env */
static int is_env_object(ctx *c, TSNode n)
{
	n = unwrap(n);
	return is(n, "member_expression") &&
	       (text_is(c, n, "process.env") || text_is(c, n, "Bun.env") ||
		text_is(c, n, "import.meta.env") ||
		text_is(c, n, "process?.env"));
}

static void on_member(ctx *c, TSNode n)
{
	TSNode prop = field(n, "property");

	if (is(prop, "property_identifier") &&
	    is_env_object(c, field(n, "object")))
		sunset_facts_add_env(c->f, sunset_node_text(c->f, prop, c->src),
				     sunset_node_span(prop));
}

static void on_subscript(ctx *c, TSNode n)
{
	TSNode index = field(n, "index");
	int subst;
	char *name;

	if (!is_literal(index) || !is_env_object(c, field(n, "object")))
		return;
	name = literal_value(c, index, 0, &subst);
	if (!subst)
		sunset_facts_add_env(c->f, name, sunset_node_span(index));
}

/* const {OPENAI_API_KEY, X: x} = process.env */
static void pattern_envs(ctx *c, TSNode pattern)
{
	uint32_t i, count = ts_node_named_child_count(pattern);

	for (i = 0; i < count; i++) {
		TSNode k = ts_node_named_child(pattern, i);
		if (is(k, "object_assignment_pattern"))
			k = field(k, "left");
		if (is(k, "pair_pattern"))
			k = field(k, "key");
		if (is(k, "shorthand_property_identifier_pattern") ||
		    is(k, "property_identifier"))
			sunset_facts_add_env(c->f,
					     sunset_node_text(c->f, k, c->src),
					     sunset_node_span(k));
		else if (is(k, "string")) {
			int subst;
			sunset_facts_add_env(c->f,
					     literal_value(c, k, 0, &subst),
					     sunset_node_span(k));
		}
	}
}

/* ---- assignments ---- */

/* The name of an object key or class member, NULL if computed. */
static char *key_name(ctx *c, TSNode k)
{
	int subst;

	if (is(k, "property_identifier") ||
	    is(k, "private_property_identifier") || is(k, "number") ||
	    is(k, "identifier"))
		return sunset_node_text(c->f, k, c->src);
	if (is(k, "string"))
		return literal_value(c, k, 0, &subst);
	return NULL;
}

/* target = value; an object literal value also assigns each property:
 * cfg = {api: {base: "x"}} gives cfg.api.base = "x". */
static void assign_value(ctx *c, const char *target, TSNode value, TSNode at,
			 int level)
{
	TSNode v;
	uint32_t i, count;

	if (!target)
		return;
	sunset_facts_add_assign(c->f, target, expr(c, value, 0),
				sunset_node_span(at));
	v = unwrap(value);
	if (!is(v, "object") || level >= OBJECT_LEVELS)
		return;
	count = ts_node_named_child_count(v);
	for (i = 0; i < count; i++) {
		TSNode p = ts_node_named_child(v, i);
		if (is(p, "pair")) {
			char *key = key_name(c, field(p, "key"));
			if (key)
				assign_value(c,
					     sunset_arena_printf(c->f, "%s.%s",
								 target, key),
					     field(p, "value"), p, level + 1);
		} else if (is(p, "shorthand_property_identifier")) {
			char *key = sunset_node_text(c->f, p, c->src);
			sunset_facts_add_assign(
				c->f,
				sunset_arena_printf(c->f, "%s.%s", target, key),
				sunset_expr_new(c->f, SUNSET_EXPR_NAME, key, p),
				sunset_node_span(p));
		}
	}
}

static void on_declarator(ctx *c, TSNode n)
{
	TSNode name = field(n, "name"), value = field(n, "value");
	TSNode v, call, arg;
	char *member = NULL, *mod;

	if (ts_node_is_null(value))
		return;
	v = unwrap(value);
	/* require("m"), await import("m"), require("m").member */
	call = v;
	if (is(v, "member_expression") &&
	    is(field(v, "property"), "property_identifier")) {
		call = unwrap(field(v, "object"));
		member = sunset_node_text(c->f, field(v, "property"), c->src);
	}
	arg = module_call_arg(c, call);
	if (!ts_node_is_null(arg)) {
		mod = module_name(c, arg);
		c->claimed_call = ts_node_start_byte(call);
		if (!is_local_module(mod)) {
			if (is(name, "identifier"))
				add_import(c, mod, member,
					   sunset_node_text(c->f, name, c->src),
					   0, call);
			else if (is(name, "object_pattern") && !member)
				pattern_imports(c, mod, name, call);
			else
				c->claimed_call = UINT32_MAX;
		}
	}
	if (is(name, "object_pattern") && is_env_object(c, value))
		pattern_envs(c, name);
	if (is(name, "identifier"))
		assign_value(c, sunset_node_text(c->f, name, c->src), value, n,
			     0);
}

static void on_assignment(ctx *c, TSNode n)
{
	TSNode value = field(n, "right");
	int guard = 0;

	/* a = b = value: each assignment in the chain (the walk visits the
	 * inner ones) binds its left side to the innermost value */
	while (is(value, "assignment_expression")) {
		if (guard++ >= SUNSET_EXPR_DEPTH_MAX)
			return;
		value = field(value, "right");
	}
	assign_value(c, dotted(c, field(n, "left"), 0), value, n, 0);
}

/* url += "/v1/images": url = url + "/v1/images" */
static void on_augmented(ctx *c, TSNode n)
{
	TSNode left = field(n, "left"), right;
	char *target;
	sunset_expr *e, *r;

	if (!text_is(c, field(n, "operator"), "+="))
		return;
	target = dotted(c, left, 0);
	if (!target)
		return;
	e = sunset_expr_new(c->f, SUNSET_EXPR_CONCAT, NULL, n);
	sunset_expr_add(c->f, e,
			sunset_expr_new(c->f, SUNSET_EXPR_NAME, target, left));
	right = unwrap(field(n, "right"));
	r = expr(c, right, 0);
	if (r->kind == SUNSET_EXPR_CONCAT && is(right, "binary_expression"))
		for (size_t i = 0; i < r->nkids; i++)
			sunset_expr_add(c->f, e, r->kids[i]);
	else
		sunset_expr_add(c->f, e, r);
	sunset_facts_add_assign(c->f, target, e, sunset_node_span(n));
}

/* class fields: x = v, private x = v, static X = v; read as this.x or
 * Class.x */
static void on_class(ctx *c, TSNode n)
{
	TSNode nm = field(n, "name"), body = field(n, "body");
	char *klass =
		ts_node_is_null(nm) ? NULL : sunset_node_text(c->f, nm, c->src);
	uint32_t i, count = ts_node_named_child_count(body);

	for (i = 0; i < count; i++) {
		TSNode m = ts_node_named_child(body, i);
		TSNode key, value;
		char *k;
		if (is(m, "field_definition"))
			key = field(m, "property");
		else if (is(m, "public_field_definition"))
			key = field(m, "name");
		else
			continue;
		value = field(m, "value");
		k = key_name(c, key);
		if (!k || ts_node_is_null(value))
			continue;
		assign_value(c, sunset_arena_printf(c->f, "this.%s", k), value,
			     m, 0);
		if (klass)
			assign_value(
				c, sunset_arena_printf(c->f, "%s.%s", klass, k),
				value, m, 0);
	}
}

/* enum E { A = "x" }: E.A = "x" */
static void on_enum(ctx *c, TSNode n)
{
	TSNode nm = field(n, "name"), body = field(n, "body");
	uint32_t i, count = ts_node_named_child_count(body);
	char *e;

	if (ts_node_is_null(nm))
		return;
	e = sunset_node_text(c->f, nm, c->src);
	for (i = 0; i < count; i++) {
		TSNode m = ts_node_named_child(body, i);
		char *k;
		if (!is(m, "enum_assignment"))
			continue;
		k = key_name(c, field(m, "name"));
		if (k)
			sunset_facts_add_assign(
				c->f, sunset_arena_printf(c->f, "%s.%s", e, k),
				expr(c, field(m, "value"), 0),
				sunset_node_span(m));
	}
}

/* ---- calls ---- */

static void on_call(ctx *c, TSNode n)
{
	TSNode fn = field(n, "function"), args = field(n, "arguments");
	TSNode arg = module_call_arg(c, n);
	char *callee;
	sunset_call *call;

	if (is(args, "template_string"))
		return; /* a tagged template, not a call */
	if (!ts_node_is_null(arg)) {
		char *mod = module_name(c, arg);
		c->skip_string = ts_node_start_byte(arg);
		if (c->claimed_call != ts_node_start_byte(n) &&
		    !is_local_module(mod))
			add_import(c, mod, NULL, NULL, 0, n);
		if (is(fn, "import"))
			return; /* import("m") is syntax, not a function */
	}
	callee = dotted(c, fn, 0);
	if (!callee)
		return;
	call = sunset_facts_add_call(c->f, callee, 0, sunset_node_span(n),
				     sunset_node_span(fn));
	call_args(c, args, 0, add_to_call, call);
	/* Deno.env.get("X") */
	if (!strcmp(callee, "Deno.env.get") && call->nargs &&
	    call->args[0]->kind == SUNSET_EXPR_STRING)
		sunset_facts_add_env(c->f, call->args[0]->text,
				     call->args[0]->span);
}

static void on_new(ctx *c, TSNode n)
{
	TSNode ctor = field(n, "constructor");
	char *callee = dotted(c, ctor, 0);
	sunset_call *call;

	if (!callee)
		return;
	call = sunset_facts_add_call(c->f, callee, 1, sunset_node_span(n),
				     sunset_node_span(ctor));
	call_args(c, field(n, "arguments"), 0, add_to_call, call);
}

/* ---- strings ---- */

static void on_string(ctx *c, TSNode n, int raw)
{
	int subst;
	sunset_facts_add_string(c->f, literal_value(c, n, raw, &subst),
				sunset_node_span(n));
}

/* <img src="https://..."/>: the value is a string, backslashes and all */
static void on_jsx_attribute(ctx *c, TSNode n)
{
	uint32_t i, count = ts_node_named_child_count(n);

	for (i = 0; i < count; i++) {
		TSNode k = ts_node_named_child(n, i);
		if (is(k, "string")) {
			on_string(c, k, 1);
			c->skip_string = ts_node_start_byte(k);
		}
	}
}

void sunset_extract_js(sunset_facts *f, const char *src, size_t len,
		       TSNode root)
{
	ctx c = {f, src, UINT32_MAX, UINT32_MAX};
	TSTreeCursor cur = ts_tree_cursor_new(root);

	(void)len;
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&cur);
		const char *type = ts_node_type(n);
		int descend = 1;

		if (!ts_node_is_named(n)) {
			descend = 0;
		} else if (!strcmp(type, "comment") ||
			   !strcmp(type, "html_comment")) {
			sunset_facts_add_comment(f, sunset_node_text(f, n, src),
						 sunset_node_span(n));
		} else if (!strcmp(type, "string")) {
			const char *fname =
				ts_tree_cursor_current_field_name(&cur);
			/* module specifiers are not strings */
			if (ts_node_start_byte(n) != c.skip_string &&
			    !(fname && !strcmp(fname, "source")))
				on_string(&c, n, 0);
			descend = 0;
		} else if (!strcmp(type, "template_string")) {
			if (ts_node_start_byte(n) != c.skip_string)
				on_string(&c, n, 0);
			/* substitutions hold code: keep walking */
		} else if (!strcmp(type, "jsx_text")) {
			descend = 0; /* prose shown on a page */
		} else if (!strcmp(type, "jsx_attribute")) {
			on_jsx_attribute(&c, n);
		} else if (!strcmp(type, "import_statement")) {
			on_import(&c, n);
		} else if (!strcmp(type, "export_statement")) {
			if (!ts_node_is_null(field(n, "source")))
				on_export(&c, n);
		} else if (!strcmp(type, "variable_declarator")) {
			on_declarator(&c, n);
		} else if (!strcmp(type, "assignment_expression")) {
			on_assignment(&c, n);
		} else if (!strcmp(type, "augmented_assignment_expression")) {
			on_augmented(&c, n);
		} else if (!strcmp(type, "class_declaration") ||
			   !strcmp(type, "class") ||
			   !strcmp(type, "abstract_class_declaration")) {
			on_class(&c, n);
		} else if (!strcmp(type, "enum_declaration")) {
			on_enum(&c, n);
		} else if (!strcmp(type, "call_expression")) {
			on_call(&c, n);
		} else if (!strcmp(type, "new_expression")) {
			on_new(&c, n);
		} else if (!strcmp(type, "member_expression")) {
			on_member(&c, n);
		} else if (!strcmp(type, "subscript_expression")) {
			on_subscript(&c, n);
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
