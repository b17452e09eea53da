/* extract_go.c - facts of Go files
 *
 * Follows extract_python.c: one iterative walk over the tree, expressions
 * summarised recursively up to SUNSET_EXPR_DEPTH_MAX. Go specifics:
 * import aliases derived from the path when none is written, pairwise
 * multiple assignment, composite literals (T{Field: v}) summarised as a
 * call expression of T with keyword arguments (never as a call fact),
 * and their fields as what T's methods read through their receiver
 * (c.baseURL); fmt.Sprintf as FORMAT; os.Getenv, viper keys and struct
 * tags as env reads. */
#include <string.h>

#include "facts.h"
#include "util.h"

/* Bounds on what one expression or call may hold: hostile files have
 * 100k-part concatenations and argument lists, and each added part costs
 * a copy of the array so far. */
#define PARTS_MAX 256
/* How deep T{A: U{B: v}} is followed for "x.A.B" assignments. */
#define FIELDS_DEPTH_MAX 8
/* Local names bound to a viper instance (v := viper.New()). */
#define VIPERS_MAX 16
/* Method receivers (c *Client) and fields set in literals of local types
 * (Client{baseURL: "..."}), paired at the end of the walk. */
#define RECEIVERS_MAX 64
#define LITERAL_FIELDS_MAX 256

typedef struct {
	const char *name, *type;
} receiver;

typedef struct {
	const char *type, *key;
	TSNode value;
	sunset_span span;
} literal_field;

typedef struct {
	sunset_facts *f;
	const char *src;
	const char *vipers[VIPERS_MAX];
	int nvipers;
	/* Expression nodes and copied argument pointers this file may still
	 * cost. Nested calls summarise their inner calls again, up to
	 * SUNSET_EXPR_DEPTH_MAX deep: a hostile file nesting 100k calls
	 * would need gigabytes. Once spent, arguments are unknown. */
	long budget;
	receiver receivers[RECEIVERS_MAX];
	int nreceivers;
	literal_field fields[LITERAL_FIELDS_MAX];
	int nfields;
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

/* A node's children one by one. A cursor, because ts_node_child(n, i)
 * starts from the first child each time: quadratic on hostile nodes with
 * 100k children. */
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

/* The next named child that is not a comment; 0 at the end. */
static int kids_next(kids *k, TSNode *out)
{
	while (k->more) {
		*out = ts_tree_cursor_current_node(&k->cur);
		k->more = ts_tree_cursor_goto_next_sibling(&k->cur);
		if (ts_node_is_named(*out) && !is(*out, "comment"))
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

/* The first named child that is not a comment, else a null node. */
static TSNode inner(TSNode n)
{
	kids it;
	TSNode k;

	kids_start(&it, n);
	if (!kids_next(&it, &k))
		k = null_node();
	kids_done(&it);
	return k;
}

/* ( x ), &x: what the matchers see through. */
static TSNode unwrap(TSNode n)
{
	for (int i = 0; i < SUNSET_EXPR_DEPTH_MAX && !ts_node_is_null(n); i++) {
		if (is(n, "parenthesized_expression") ||
		    is(n, "literal_element")) {
			n = inner(n);
		} else if (is(n, "unary_expression")) {
			TSNode op = field(n, "operator");
			if (ts_node_is_null(op) ||
			    strcmp(ts_node_type(op), "&"))
				return n;
			n = field(n, "operand");
		} else {
			return n;
		}
	}
	return n;
}

/* Ends with ".suffix" (or is exactly "suffix"). */
static int ends_with_part(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && !strcmp(s + ls - lx, suffix) &&
	       (ls == lx || s[ls - lx - 1] == '.');
}

static void put_text(ctx *c, sunset_buf *b, TSNode n)
{
	uint32_t a = ts_node_start_byte(n), z = ts_node_end_byte(n);
	sunset_buf_put(b, c->src + a, z > a ? z - a : 0);
}

/* Appends the dotted text of n to b; 0 when n is not a chain of names,
 * selectors and calls. Built in one buffer: a chain 100k calls long is
 * visited at each of its calls. */
static int dotted_into(ctx *c, sunset_buf *b, TSNode n, int depth)
{
	if (ts_node_is_null(n) || depth > SUNSET_EXPR_DEPTH_MAX)
		return 0;
	if (is(n, "identifier") || is(n, "field_identifier") ||
	    is(n, "package_identifier") || is(n, "type_identifier")) {
		put_text(c, b, n);
		return 1;
	}
	if (is(n, "selector_expression") || is(n, "qualified_type")) {
		int sel = is(n, "selector_expression");
		TSNode name = field(n, sel ? "field" : "name");
		if (ts_node_is_null(name) ||
		    !dotted_into(c, b, field(n, sel ? "operand" : "package"),
				 depth + 1))
			return 0;
		sunset_buf_puts(b, ".");
		put_text(c, b, name);
		return 1;
	}
	if (is(n, "call_expression")) {
		if (!dotted_into(c, b, field(n, "function"), depth + 1))
			return 0;
		sunset_buf_puts(b, "()");
		return 1;
	}
	if (is(n, "generic_type"))
		return dotted_into(c, b, field(n, "type"), depth + 1);
	if (is(n, "parenthesized_expression"))
		return dotted_into(c, b, inner(n), depth + 1);
	return 0;
}

/* "a.b.c", "c.baseURL", "resty.New().R().SetBody"; NULL when the
 * expression is not a chain. */
static char *dotted(ctx *c, TSNode n, int depth)
{
	sunset_buf b = SUNSET_BUF_INIT;
	char *out = NULL;

	if (dotted_into(c, &b, n, depth))
		out = sunset_arena_strndup(c->f, b.ptr ? b.ptr : "", b.len);
	sunset_buf_free(&b);
	return out;
}

static sunset_expr *new_expr(ctx *c, sunset_expr_kind kind, const char *text,
			     TSNode n)
{
	c->budget--;
	return sunset_expr_new(c->f, kind, text, n);
}

static sunset_expr *unknown(ctx *c, TSNode n)
{
	return new_expr(c, SUNSET_EXPR_UNKNOWN, NULL, n);
}

/* sunset_expr_add copies the kids so far: that is charged too. */
static void add_kid(ctx *c, sunset_expr *e, sunset_expr *kid)
{
	c->budget -= (long)e->nkids + 1;
	sunset_expr_add(c->f, e, kid);
}

static int is_string(TSNode n)
{
	return is(n, "interpreted_string_literal") ||
	       is(n, "raw_string_literal");
}

/* A string literal's value: escapes decoded in "..." strings; raw
 * strings as written, less carriage returns (as the compiler does). */
static char *string_value(ctx *c, TSNode n)
{
	sunset_buf b = SUNSET_BUF_INIT;
	int raw = is(n, "raw_string_literal");
	kids it;
	TSNode k;
	char *out;

	kids_start(&it, n);
	while (kids_next(&it, &k)) {
		uint32_t a = ts_node_start_byte(k), z = ts_node_end_byte(k);
		if (raw && is(k, "raw_string_literal_content")) {
			for (uint32_t p = a; p < z; p++)
				if (c->src[p] != '\r')
					sunset_buf_put(&b, c->src + p, 1);
		} else if (is(k, "interpreted_string_literal_content") ||
			   is(k, "escape_sequence")) {
			sunset_buf_puts(
				&b, sunset_unescape(c->f, c->src + a, z - a));
		}
	}
	kids_done(&it);
	out = sunset_arena_strndup(c->f, b.ptr ? b.ptr : "", b.len);
	sunset_buf_free(&b);
	return out;
}

static sunset_expr *expr(ctx *c, TSNode n, int depth);

static void args_into_expr(ctx *c, sunset_expr *e, TSNode args, int depth)
{
	kids it;
	TSNode a;

	kids_start(&it, args);
	while (e->nkids < PARTS_MAX && kids_next(&it, &a))
		add_kid(c, e,
			is(a, "variadic_argument")
				? new_expr(c, SUNSET_EXPR_UNKNOWN, NULL, a)
				: expr(c, a, depth + 1));
	kids_done(&it);
}

static int is_plus(TSNode n)
{
	TSNode op = field(n, "operator");

	return is(n, "binary_expression") && !ts_node_is_null(op) &&
	       !strcmp(ts_node_type(op), "+");
}

/* a + b + c: one CONCAT of the parts in order. The left spine is walked
 * without recursion (long chains are common in generated code). */
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
			/* too long: the leftmost parts stay unknown */
			left = null_node();
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

/* T{A: 1, B: x}: a call of T with keyword arguments. Untyped, slice and
 * map literals are unknown (their strings are string facts anyway). */
static sunset_expr *composite_expr(ctx *c, TSNode n, int depth)
{
	char *type = dotted(c, field(n, "type"), depth + 1);
	TSNode body = field(n, "body");
	sunset_expr *e;
	kids it;
	TSNode k;

	if (!type)
		return unknown(c, n);
	e = new_expr(c, SUNSET_EXPR_CALL, type, n);
	kids_start(&it, body);
	while (e->nkids < PARTS_MAX && kids_next(&it, &k)) {
		sunset_expr *v;
		if (is(k, "keyed_element")) {
			TSNode key = unwrap(field(k, "key"));
			v = expr(c, unwrap(field(k, "value")), depth + 1);
			if (is(key, "identifier") ||
			    is(key, "field_identifier"))
				v->keyword =
					sunset_node_text(c->f, key, c->src);
		} else if (is(k, "literal_element")) {
			v = expr(c, unwrap(k), depth + 1);
		} else {
			continue;
		}
		add_kid(c, e, v);
	}
	kids_done(&it);
	return e;
}

static sunset_expr *call_expr(ctx *c, TSNode n, int depth)
{
	TSNode fn = field(n, "function"), args = field(n, "arguments");
	char *callee = dotted(c, fn, depth + 1);
	sunset_expr *e;

	if (callee && !strcmp(callee, "string") &&
	    ts_node_named_child_count(args) == 1)
		/* string(b) is a conversion: see through it */
		return expr(c, inner(args), depth + 1);
	if (callee && ends_with_part(callee, "fmt.Sprintf") &&
	    ts_node_named_child_count(args) >= 1) {
		e = new_expr(c, SUNSET_EXPR_FORMAT, NULL, n);
		args_into_expr(c, e, args, depth);
		return e;
	}
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
	if (is(n, "parenthesized_expression") || is(n, "literal_element"))
		return expr(c, inner(n), depth + 1);
	if (is(n, "unary_expression")) {
		TSNode op = field(n, "operator");
		if (!ts_node_is_null(op) && !strcmp(ts_node_type(op), "&"))
			return expr(c, field(n, "operand"), depth + 1);
		return unknown(c, n);
	}
	if (is(n, "binary_expression")) {
		TSNode op = field(n, "operator");
		if (!ts_node_is_null(op) && !strcmp(ts_node_type(op), "+"))
			return concat_expr(c, n, depth);
		return unknown(c, n);
	}
	if (is(n, "type_conversion_expression"))
		/* []byte("..."), T(x) */
		return expr(c, field(n, "operand"), depth + 1);
	if (is(n, "call_expression"))
		return call_expr(c, n, depth);
	if (is(n, "composite_literal"))
		return composite_expr(c, n, depth);
	if (is(n, "identifier") || is(n, "selector_expression")) {
		name = dotted(c, n, depth + 1);
		if (name)
			return new_expr(c, SUNSET_EXPR_NAME, name, n);
	}
	return unknown(c, n);
}

/* ---- imports ---- */

/* The package name a path most likely binds: its last element, skipping
 * a "/vN" major version, without ".vN" (gopkg.in), a "go-" prefix or a
 * "-go" suffix. */
static char *guess_package(ctx *c, const char *path)
{
	size_t end = strlen(path), start, n;

	while (end && path[end - 1] == '/')
		end--;
	for (;;) {
		start = end;
		while (start && path[start - 1] != '/')
			start--;
		n = end - start;
		if (start && n >= 2 && path[start] == 'v' &&
		    strspn(path + start + 1, "0123456789") == n - 1) {
			end = start - 1; /* a major version element */
			continue;
		}
		break;
	}
	/* gopkg.in/yaml.v3 */
	for (size_t i = n; i > 2; i--) {
		if (path[start + i - 1] < '0' || path[start + i - 1] > '9') {
			if (i < n && path[start + i - 1] == 'v' &&
			    path[start + i - 2] == '.')
				n = i - 2;
			break;
		}
	}
	if (n > 3 && !strncmp(path + start, "go-", 3)) {
		start += 3;
		n -= 3;
	}
	if (n > 3 && !strncmp(path + start + n - 3, "-go", 3))
		n -= 3;
	return sunset_arena_strndup(c->f, path + start, n);
}

static void on_import_spec(ctx *c, TSNode spec)
{
	TSNode name = field(spec, "name"), pathn = field(spec, "path");
	char *path;

	if (!is_string(pathn))
		return;
	path = string_value(c, pathn);
	if (!*path || path[0] == '.')
		return; /* "./local": the project's own code */
	if (is(name, "dot"))
		sunset_facts_add_import(c->f, path, NULL, NULL, 1,
					sunset_node_span(spec));
	else if (is(name, "blank_identifier"))
		sunset_facts_add_import(c->f, path, NULL, NULL, 0,
					sunset_node_span(spec));
	else
		sunset_facts_add_import(
			c->f, path, NULL,
			is(name, "package_identifier")
				? sunset_node_text(c->f, name, c->src)
				: guess_package(c, path),
			0, sunset_node_span(spec));
}

static void on_import(ctx *c, TSNode n)
{
	kids it, list;
	TSNode k, s;

	kids_start(&it, n);
	while (kids_next(&it, &k)) {
		if (is(k, "import_spec")) {
			on_import_spec(c, k);
		} else if (is(k, "import_spec_list")) {
			kids_start(&list, k);
			while (kids_next(&list, &s))
				if (is(s, "import_spec"))
					on_import_spec(c, s);
			kids_done(&list);
			/* comments in the block (kids_next skips them) */
			for (uint32_t i = 0; i < ts_node_named_child_count(k);
			     i++) {
				s = ts_node_named_child(k, i);
				if (is(s, "comment"))
					sunset_facts_add_comment(
						c->f,
						sunset_node_text(c->f, s,
								 c->src),
						sunset_node_span(s));
			}
		}
	}
	kids_done(&it);
}

/* ---- assignments ---- */

/* x := T{A: v, B: U{C: w}}: also x.A = v, x.B.C = w. */
static void add_fields(ctx *c, const char *target, TSNode lit, sunset_span span,
		       int depth)
{
	TSNode body = field(lit, "body"), k;
	kids it;
	size_t added = 0;

	if (depth > FIELDS_DEPTH_MAX || ts_node_is_null(body) ||
	    !dotted(c, field(lit, "type"), 0))
		return;
	kids_start(&it, body);
	while (added < PARTS_MAX && kids_next(&it, &k)) {
		TSNode key, value;
		char *t;
		if (!is(k, "keyed_element"))
			continue;
		key = unwrap(field(k, "key"));
		value = unwrap(field(k, "value"));
		if (!is(key, "identifier") && !is(key, "field_identifier"))
			continue;
		t = sunset_arena_printf(c->f, "%s.%s", target,
					sunset_node_text(c->f, key, c->src));
		sunset_facts_add_assign(c->f, t, expr(c, value, 0), span);
		added++;
		if (is(value, "composite_literal"))
			add_fields(c, t, value, span, depth + 1);
	}
	kids_done(&it);
}

static void remember_viper(ctx *c, const char *target, TSNode value)
{
	char *callee;

	if (!is(value, "call_expression") || c->nvipers == VIPERS_MAX)
		return;
	callee = dotted(c, field(value, "function"), 0);
	if (callee &&
	    (!strcmp(callee, "viper.New") || !strcmp(callee, "viper.GetViper")))
		c->vipers[c->nvipers++] = target;
}

static void add_assign(ctx *c, TSNode left, TSNode right, TSNode stmt, int plus)
{
	char *target = dotted(c, left, 0);
	sunset_span span = sunset_node_span(stmt);
	sunset_expr *value;
	TSNode r = unwrap(right);

	if (!target || !strcmp(target, "_"))
		return;
	value = expr(c, right, 0);
	if (plus) {
		/* url += "/v1": the old value, then the new part */
		sunset_expr *e = new_expr(c, SUNSET_EXPR_CONCAT, NULL, stmt);
		add_kid(c, e, expr(c, left, 0));
		add_kid(c, e, value);
		value = e;
	}
	sunset_facts_add_assign(c->f, target, value, span);
	if (!plus && is(r, "composite_literal"))
		add_fields(c, target, r, span, 0);
	remember_viper(c, target, r);
}

/* The expressions of an expression_list (or the identifiers naming a
 * const/var spec), comments left out. Returns how many, at most max. */
static size_t list_items(TSNode list, const char *only, TSNode *out, size_t max)
{
	kids it;
	TSNode k;
	size_t n = 0;

	kids_start(&it, list);
	while (n < max && kids_next(&it, &k))
		if (!only || is(k, only))
			out[n++] = k;
	kids_done(&it);
	return n;
}

#define PAIRS_MAX 64

/* a, b := f(), g() pairwise; x, err := f() binds x to the call (the
 * first result is the value in Go's idiom); other shapes are skipped. */
static void assign_lists(ctx *c, TSNode *lefts, size_t nl, TSNode rights,
			 TSNode stmt, int plus)
{
	TSNode rs[PAIRS_MAX];
	size_t nr = list_items(rights, NULL, rs, PAIRS_MAX);

	if (nl == nr) {
		for (size_t i = 0; i < nl; i++)
			add_assign(c, lefts[i], rs[i], stmt, plus);
	} else if (nr == 1 && nl > 1 && is(unwrap(rs[0]), "call_expression")) {
		add_assign(c, lefts[0], rs[0], stmt, plus);
	}
}

static void on_assignment(ctx *c, TSNode n)
{
	TSNode lefts[PAIRS_MAX], op;
	size_t nl = list_items(field(n, "left"), NULL, lefts, PAIRS_MAX);
	const char *o;

	op = field(n, "operator");
	o = ts_node_is_null(op) ? "=" : ts_node_type(op);
	if (!strcmp(o, "=") || !strcmp(o, ":="))
		assign_lists(c, lefts, nl, field(n, "right"), n, 0);
	else if (!strcmp(o, "+="))
		assign_lists(c, lefts, nl, field(n, "right"), n, 1);
}

/* const X = "..."; var a, b = 1, 2 */
static void on_spec(ctx *c, TSNode n)
{
	TSNode names[PAIRS_MAX], value = field(n, "value");
	size_t nl = list_items(n, "identifier", names, PAIRS_MAX);

	if (!ts_node_is_null(value))
		assign_lists(c, names, nl, value, n, 0);
}

/* ---- calls and environment reads ---- */

static int is_viper(ctx *c, const char *callee, const char **method)
{
	const char *dot = strrchr(callee, '.');
	size_t lr;

	if (!dot)
		return 0;
	*method = dot + 1;
	lr = (size_t)(dot - callee);
	if (lr >= 5 && !strncmp(dot - 5, "viper", 5) &&
	    (lr == 5 || dot[-6] == '.'))
		return 1;
	for (int i = 0; i < c->nvipers; i++)
		if (strlen(c->vipers[i]) == lr &&
		    !strncmp(callee, c->vipers[i], lr))
			return 1;
	return 0;
}

static void env_reads(ctx *c, const sunset_call *call)
{
	const char *method;

	if (!call->nargs)
		return;
	if (ends_with_part(call->callee, "os.Getenv") ||
	    ends_with_part(call->callee, "os.LookupEnv") ||
	    ends_with_part(call->callee, "syscall.Getenv")) {
		if (call->args[0]->kind == SUNSET_EXPR_STRING)
			sunset_facts_add_env(c->f, call->args[0]->text,
					     call->args[0]->span);
		return;
	}
	if (!is_viper(c, call->callee, &method))
		return;
	if (!strcmp(method, "BindEnv")) {
		/* BindEnv("key", "ENV_NAME"...): the key and the names */
		for (size_t i = 0; i < call->nargs; i++)
			if (call->args[i]->kind == SUNSET_EXPR_STRING)
				sunset_facts_add_env(c->f, call->args[i]->text,
						     call->args[i]->span);
	} else if (!strncmp(method, "Get", 3) &&
		   call->args[0]->kind == SUNSET_EXPR_STRING) {
		sunset_facts_add_env(c->f, call->args[0]->text,
				     call->args[0]->span);
	}
}

static void on_call(ctx *c, TSNode n)
{
	TSNode fn = field(n, "function");
	char *callee = dotted(c, fn, 0);
	TSNode args = field(n, "arguments");
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
	env_reads(c, call);
}

/* `envconfig:"OPENAI_API_KEY" env:"X,required"`: struct tags naming
 * environment variables (kelseyhightower/envconfig, caarlos0/env). */
static void on_tag(ctx *c, TSNode tag)
{
	char *s = string_value(c, tag);
	int raw = is(tag, "raw_string_literal");
	sunset_span at = sunset_node_span(tag);
	const char *p = s;

	while (*p) {
		const char *key, *val;
		size_t lk, lv;
		while (*p == ' ')
			p++;
		key = p;
		while (*p && *p != ':' && *p != ' ' && *p != '"')
			p++;
		lk = (size_t)(p - key);
		if (p[0] != ':' || p[1] != '"')
			break;
		p += 2;
		val = p;
		while (*p && *p != '"') {
			if (*p == '\\' && p[1])
				p++;
			p++;
		}
		lv = (size_t)(p - val);
		if (*p)
			p++;
		if ((lk == 3 && !strncmp(key, "env", 3)) ||
		    (lk == 9 && !strncmp(key, "envconfig", 9))) {
			size_t name = strcspn(val, ",\"");
			sunset_span sp = at;
			if (name > lv)
				name = lv;
			if (raw && at.line == at.end_line) {
				/* a raw tag is the source text: point at
				 * the name itself */
				uint32_t off = (uint32_t)(val - s) + 1;
				sp.start_byte += off;
				sp.col += off;
				sp.end_byte = sp.start_byte + (uint32_t)name;
				sp.end_col = sp.col + (uint32_t)name;
			}
			sunset_facts_add_env(
				c->f, sunset_arena_strndup(c->f, val, name),
				sp);
		}
	}
}

/* ---- receiver fields ---- */

/* The local type a receiver or literal names: Client, *Client,
 * Client[T]; NULL for other packages' types and anything else. */
static char *local_type(ctx *c, TSNode t)
{
	if (is(t, "pointer_type"))
		t = inner(t);
	if (is(t, "generic_type"))
		t = field(t, "type");
	return is(t, "type_identifier") ? sunset_node_text(c->f, t, c->src)
					: NULL;
}

/* func (c *Client) Do(): c is a Client. */
static void on_method(ctx *c, TSNode n)
{
	TSNode param = inner(field(n, "receiver")), name;
	char *type, *recv;

	if (!is(param, "parameter_declaration"))
		return;
	name = field(param, "name");
	type = local_type(c, field(param, "type"));
	if (!is(name, "identifier") || !type)
		return;
	recv = sunset_node_text(c->f, name, c->src);
	if (!strcmp(recv, "_"))
		return;
	for (int i = 0; i < c->nreceivers; i++)
		if (!strcmp(c->receivers[i].name, recv) &&
		    !strcmp(c->receivers[i].type, type))
			return;
	if (c->nreceivers < RECEIVERS_MAX) {
		c->receivers[c->nreceivers].name = recv;
		c->receivers[c->nreceivers++].type = type;
	}
}

/* &Client{baseURL: "..."} anywhere (a constructor's return): remembered
 * for the methods of Client. */
static void on_literal(ctx *c, TSNode n)
{
	char *type = local_type(c, field(n, "type"));
	kids it;
	TSNode k;

	if (!type)
		return;
	kids_start(&it, field(n, "body"));
	while (c->nfields < LITERAL_FIELDS_MAX && kids_next(&it, &k)) {
		TSNode key = unwrap(field(k, "key"));
		literal_field *lf;
		if (!is(k, "keyed_element") || !is(key, "identifier"))
			continue;
		lf = &c->fields[c->nfields++];
		lf->type = type;
		lf->key = sunset_node_text(c->f, key, c->src);
		lf->value = unwrap(field(k, "value"));
		lf->span = sunset_node_span(k);
	}
	kids_done(&it);
}

/* A field set in a literal of T is what the methods of T read as
 * recv.field: New() { return &Client{baseURL: u} } and later
 * (c *Client) ... c.baseURL + "/v1" give c.baseURL = u, at the field. */
static void receiver_fields(ctx *c)
{
	for (int r = 0; r < c->nreceivers; r++)
		for (int i = 0; i < c->nfields; i++)
			if (!strcmp(c->receivers[r].type, c->fields[i].type))
				sunset_facts_add_assign(
					c->f,
					sunset_arena_printf(
						c->f, "%s.%s",
						c->receivers[r].name,
						c->fields[i].key),
					expr(c, c->fields[i].value, 0),
					c->fields[i].span);
}

void sunset_extract_go(sunset_facts *f, const char *src, size_t len,
		       TSNode root)
{
	ctx c;
	TSTreeCursor cur = ts_tree_cursor_new(root);

	memset(&c, 0, sizeof(c));
	c.f = f;
	c.src = src;
	c.budget = 2 * (long)len + 65536;
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&cur);
		const char *type = ts_node_type(n);
		int descend = 1;

		if (!strcmp(type, "comment")) {
			sunset_facts_add_comment(f, sunset_node_text(f, n, src),
						 sunset_node_span(n));
		} else if (!strcmp(type, "import_declaration")) {
			on_import(&c, n);
			descend = 0; /* import paths are not strings */
		} else if (!strcmp(type, "const_spec") ||
			   !strcmp(type, "var_spec")) {
			on_spec(&c, n);
		} else if (!strcmp(type, "short_var_declaration") ||
			   !strcmp(type, "assignment_statement")) {
			on_assignment(&c, n);
		} else if (!strcmp(type, "call_expression")) {
			on_call(&c, n);
		} else if (!strcmp(type, "method_declaration")) {
			on_method(&c, n);
		} else if (!strcmp(type, "composite_literal")) {
			on_literal(&c, n);
		} else if (!strcmp(type, "field_declaration")) {
			TSNode tag = field(n, "tag");
			if (is_string(tag))
				on_tag(&c, tag);
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
				receiver_fields(&c);
				return;
			}
		}
	}
}
