/* extract_config.c - facts of JSON, YAML and TOML files
 *
 * One iterative walk over the tree (as extract_python.c). A stack of
 * frames, one per mapping pair or TOML table still open at the current
 * node, gives each key its dotted path from the root; sequences add no
 * path element. Facts:
 *   key      every mapping/object/table key, with its dotted path
 *   string   every scalar string value, decoded (keys, numbers and
 *            booleans are not strings)
 *   comment  YAML and TOML comments, // and block comments in .jsonc
 *   env      the names of environment variables a deployment sets or
 *            reads: the keys of an env/environment mapping (compose,
 *            GitHub Actions, Netlify, .replit [env]), the items of an
 *            env/environment list ("KEY=value", "KEY", Kubernetes
 *            "- name: KEY"), CloudFormation Environment.Variables,
 *            workflow_call secrets, ${{ secrets.X }} / vars.X / env.X and
 *            ${X}, ${X:-default}, ${X:default} inside any string. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "util.h"

/* Keys deeper than this, or with a longer path, are not recorded (their
 * values still are): hostile files nest without end. */
#define PATH_DEPTH_MAX 64
#define PATH_LEN_MAX 512

enum { ENV_NONE, ENV_MAP, ENV_LIST };

typedef struct {
	uint32_t end;	  /* first byte after the pair or table */
	const char *path; /* NULL: too deep or not a plain key */
	const char *key;  /* the last component of the key */
	size_t pathlen;
	int depth;
	int mode; /* how the value's direct children name env vars */
} frame;

typedef struct {
	sunset_facts *f;
	const char *src;
	size_t len;
	frame *st;
	size_t n, cap;
} ctx;

static int is(TSNode n, const char *type)
{
	return !ts_node_is_null(n) && !strcmp(ts_node_type(n), type);
}

static void push(ctx *c, frame fr)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->st = sunset_realloc(c->st, c->cap * sizeof(*c->st));
	}
	c->st[c->n++] = fr;
}

static frame *top(ctx *c)
{
	return &c->st[c->n - 1];
}

/* ---- positions inside a node ---- */

typedef struct {
	const char *src;
	uint32_t byte, line, col;
} pos;

static pos pos_at(const char *src, TSNode n)
{
	TSPoint p = ts_node_start_point(n);
	pos r = {src, ts_node_start_byte(n), p.row + 1, p.column + 1};
	return r;
}

static void pos_go(pos *p, uint32_t to)
{
	while (p->byte < to) {
		if (p->src[p->byte++] == '\n') {
			p->line++;
			p->col = 1;
		} else {
			p->col++;
		}
	}
}

/* The span [a, b) for a <= b at or after p (p moves to b). */
static sunset_span pos_span(pos *p, uint32_t a, uint32_t b)
{
	sunset_span s;

	pos_go(p, a);
	s.start_byte = a;
	s.line = p->line;
	s.col = p->col;
	pos_go(p, b);
	s.end_byte = b;
	s.end_line = p->line;
	s.end_col = p->col;
	return s;
}

/* The span of a scalar without its quotes. */
static sunset_span inner_span(ctx *c, TSNode n)
{
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	pos p = pos_at(c->src, n);

	if (b - a >= 2 && (c->src[a] == '"' || c->src[a] == '\'') &&
	    c->src[b - 1] == c->src[a])
		return pos_span(&p, a + 1, b - 1);
	return sunset_node_span(n);
}

/* ---- environment names inside strings ---- */

static int ident_start(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
	       ch == '_';
}

static int ident_char(char ch)
{
	return ident_start(ch) || (ch >= '0' && ch <= '9');
}

/* ${{ secrets.X || vars.Y }}: record X and Y. [a, b) is the inside. */
static void actions_expr(ctx *c, pos *p, uint32_t a, uint32_t b)
{
	static const char *const scopes[] = {"secrets.", "vars.", "env."};

	for (uint32_t i = a; i < b; i++) {
		if (i > a &&
		    (ident_char(c->src[i - 1]) || c->src[i - 1] == '.'))
			continue;
		for (size_t k = 0; k < sizeof(scopes) / sizeof(scopes[0]);
		     k++) {
			size_t l = strlen(scopes[k]);
			uint32_t z;
			if (i + l >= b || memcmp(c->src + i, scopes[k], l) ||
			    !ident_start(c->src[i + l]))
				continue;
			z = (uint32_t)(i + l);
			while (z < b &&
			       (ident_char(c->src[z]) || c->src[z] == '-'))
				z++;
			sunset_facts_add_env(
				c->f,
				sunset_arena_strndup(c->f, c->src + i + l,
						     z - i - l),
				pos_span(p, (uint32_t)(i + l), z));
			i = z - 1;
			break;
		}
	}
}

/* ${ssm:/path}, ${self:custom.x}, ${input:x}: another resolver's
 * (Serverless, VS Code), not a variable with a default. */
static int resolver(const char *name, size_t n)
{
	static const char *const names[] = {
		"self", "opt", "sls",	"ssm",	  "cf",	   "s3",
		"file", "aws", "param", "config", "input", "command"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == n && !memcmp(name, names[i], n))
			return 1;
	return 0;
}

/* The name of ${NAME}, ${NAME:-x}, ${NAME:x}, ${NAME-x} starting at s
 * (just after "${"), or 0. ${env:NAME} and ${env.NAME} name NAME. Dotted
 * names are property references (Spring ${app.key}), not variables. */
static size_t placeholder(const char *s, const char *end, size_t *skip)
{
	size_t n = 0;
	int lower = 0;

	*skip = 0;
	if (end - s > 4 && !memcmp(s, "env", 3) &&
	    (s[3] == ':' || s[3] == '.') && ident_start(s[4])) {
		*skip = 4;
		s += 4;
	}
	if (s >= end || !ident_start(*s))
		return 0;
	while (s + n < end && ident_char(s[n])) {
		if (s[n] >= 'a' && s[n] <= 'z')
			lower = 1;
		n++;
	}
	if (s + n >= end)
		return 0;
	if (s[n] == '}' || (s[n] == ':' && !resolver(s, n)))
		return n;
	/* shell-style modifiers, only on names that look like variables
	 * (${app-name} is a property) */
	if (!lower && strchr("-?+=", s[n]))
		return n;
	return 0;
}

/* Environment names in the raw text of a string node. */
static void string_env(ctx *c, TSNode n)
{
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	const char *s = c->src;
	pos p = pos_at(c->src, n);

	for (uint32_t i = a; i + 2 < b; i++) {
		size_t len, skip;
		if (s[i] != '$' || s[i + 1] != '{')
			continue;
		if (i > a && s[i - 1] == '$')
			continue; /* $${X}: an escaped dollar */
		if (s[i + 2] == '{') {
			/* ${{ expression }} */
			uint32_t z = i + 3;
			while (z + 1 < b && !(s[z] == '}' && s[z + 1] == '}'))
				z++;
			actions_expr(c, &p, i + 3, z);
			i = z;
			continue;
		}
		len = placeholder(s + i + 2, s + b, &skip);
		if (!len)
			continue;
		sunset_facts_add_env(
			c->f, sunset_arena_strndup(c->f, s + i + 2 + skip, len),
			pos_span(&p, (uint32_t)(i + 2 + skip),
				 (uint32_t)(i + 2 + skip + len)));
		i += 1 + (uint32_t)(skip + len);
	}
}

/* ---- decoding scalars ---- */

/* The text of [a, b) with YAML's line folding: a line break between two
 * lines becomes a space, n empty lines between become n newlines, and
 * the whitespace around breaks goes. With `escapes` (double quotes), a
 * backslash ending a line joins it to the next without a space. */
static void fold(sunset_buf *out, const char *s, size_t a, size_t b,
		 int escapes)
{
	size_t i = a, pending = 0;
	int first = 1, joined = 0;

	for (;;) {
		size_t e = i, ls = i, le;
		int last;
		while (e < b && s[e] != '\n')
			e++;
		last = e >= b;
		le = e;
		if (le > ls && s[le - 1] == '\r')
			le--;
		if (!first)
			while (ls < le && (s[ls] == ' ' || s[ls] == '\t'))
				ls++;
		if (!last)
			while (le > ls &&
			       (s[le - 1] == ' ' || s[le - 1] == '\t'))
				le--;
		if (!first && ls == le) {
			/* an empty line: a newline (none at the end) */
			if (!last)
				pending++;
		} else {
			size_t bs = 0;
			if (!first && !joined) {
				if (pending)
					for (; pending; pending--)
						sunset_buf_puts(out, "\n");
				else
					sunset_buf_puts(out, " ");
			}
			pending = 0;
			while (bs < le - ls && s[le - 1 - bs] == '\\')
				bs++;
			joined = escapes && !last && (bs & 1);
			sunset_buf_put(out, s + ls, le - ls - (joined ? 1 : 0));
			first = 0;
		}
		if (last)
			break;
		i = e + 1;
	}
}

/* A block scalar: "|" keeps line breaks, ">" folds them; "-" strips the
 * final break, "+" keeps every trailing one. */
static char *block_scalar(ctx *c, TSNode n)
{
	const char *s = c->src;
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n), i = a;
	int literal = s[a] == '|', chomp = 0; /* -1 strip, 1 keep */
	size_t indent = SIZE_MAX, empties = 0;
	int started = 0, prev_more = 0;
	sunset_buf out = SUNSET_BUF_INIT;
	char *r;

	for (i = a + 1; i < b && s[i] != '\n'; i++) {
		if (s[i] == '-')
			chomp = -1;
		else if (s[i] == '+')
			chomp = 1;
	}
	i++; /* the first content line */
	/* the indentation: that of the first line with content */
	for (uint32_t k = i; k < b;) {
		size_t sp = 0;
		while (k + sp < b && s[k + sp] == ' ')
			sp++;
		if (k + sp < b && s[k + sp] != '\n' && s[k + sp] != '\r') {
			indent = sp;
			break;
		}
		while (k < b && s[k] != '\n')
			k++;
		k++;
	}
	if (indent == SIZE_MAX)
		indent = 0;
	while (i < b) {
		uint32_t e = i, ls;
		size_t sp = 0;
		int more;
		while (e < b && s[e] != '\n')
			e++;
		while (i + sp < e && sp < indent && s[i + sp] == ' ')
			sp++;
		ls = i + (uint32_t)sp;
		{
			uint32_t le = e;
			if (le > ls && s[le - 1] == '\r')
				le--;
			if (le == ls) {
				empties++;
			} else {
				more = s[ls] == ' ' || s[ls] == '\t';
				if (started) {
					if (literal || more || prev_more)
						empties++;
					if (!literal && !more && !prev_more &&
					    !empties)
						sunset_buf_puts(&out, " ");
				}
				for (size_t k = 0; k < empties; k++)
					sunset_buf_puts(&out, "\n");
				sunset_buf_put(&out, s + ls, le - ls);
				empties = 0;
				started = 1;
				prev_more = more;
			}
		}
		i = e + 1;
	}
	/* the break after the last content line, and the empty ones */
	if (started && chomp >= 0)
		sunset_buf_puts(&out, "\n");
	if (started && chomp > 0)
		for (size_t k = 0; k < empties; k++)
			sunset_buf_puts(&out, "\n");
	r = sunset_arena_strndup(c->f, out.ptr ? out.ptr : "", out.len);
	sunset_buf_free(&out);
	return r;
}

/* The first scalar child of a YAML flow_node (skipping tags, anchors). */
static TSNode yaml_scalar(TSNode n)
{
	uint32_t count;

	if (is(n, "plain_scalar") || is(n, "double_quote_scalar") ||
	    is(n, "single_quote_scalar") || is(n, "block_scalar"))
		return n;
	count = ts_node_named_child_count(n);
	for (uint32_t i = 0; i < count; i++) {
		TSNode k = ts_node_named_child(n, i);
		if (is(k, "plain_scalar") || is(k, "double_quote_scalar") ||
		    is(k, "single_quote_scalar") || is(k, "block_scalar"))
			return k;
	}
	return (TSNode){{0}, NULL, NULL};
}

/* A YAML scalar's value, decoded. */
static char *yaml_value(ctx *c, TSNode n)
{
	const char *s = c->src;
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	sunset_buf out = SUNSET_BUF_INIT;
	char *r;

	if (is(n, "block_scalar"))
		return block_scalar(c, n);
	if (is(n, "plain_scalar")) {
		fold(&out, s, a, b, 0);
	} else if (is(n, "single_quote_scalar") && b - a >= 2) {
		sunset_buf folded = SUNSET_BUF_INIT;
		fold(&folded, s, a + 1, b - 1, 0);
		for (size_t i = 0; i < folded.len; i++) {
			sunset_buf_put(&out, folded.ptr + i, 1);
			if (folded.ptr[i] == '\'' && i + 1 < folded.len &&
			    folded.ptr[i + 1] == '\'')
				i++;
		}
		sunset_buf_free(&folded);
	} else if (is(n, "double_quote_scalar") && b - a >= 2) {
		fold(&out, s, a + 1, b - 1, 1);
		r = sunset_unescape(c->f, out.ptr ? out.ptr : "", out.len);
		sunset_buf_free(&out);
		return r;
	} else {
		sunset_buf_put(&out, s + a, b - a);
	}
	r = sunset_arena_strndup(c->f, out.ptr ? out.ptr : "", out.len);
	sunset_buf_free(&out);
	return r;
}

/* A JSON string node's value (quotes off, escapes decoded). */
static char *json_value(ctx *c, TSNode n)
{
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);

	if (b - a >= 2 && c->src[a] == '"' && c->src[b - 1] == '"')
		return sunset_unescape(c->f, c->src + a + 1, b - a - 2);
	if (b > a && c->src[a] == '"')
		return sunset_unescape(c->f, c->src + a + 1, b - a - 1);
	return sunset_node_text(c->f, n, c->src);
}

/* A TOML string or quoted key: "basic", 'literal', """multi-line
 * basic""" (a first line break trimmed, "\" at a line end joins), and
 * '''multi-line literal'''. */
static char *toml_value(ctx *c, TSNode n)
{
	const char *s = c->src;
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	size_t q = 1;
	char quote;
	sunset_buf out = SUNSET_BUF_INIT;
	char *r;

	if (b <= a)
		return sunset_arena_strdup(c->f, "");
	quote = s[a];
	if (quote != '"' && quote != '\'')
		return sunset_node_text(c->f, n, s);
	if (b - a >= 6 && s[a + 1] == quote && s[a + 2] == quote)
		q = 3;
	if (b - a < 2 * q)
		return sunset_arena_strdup(c->f, "");
	a += (uint32_t)q;
	b -= (uint32_t)q;
	if (q == 3) {
		/* a line break right after the opening quotes is trimmed */
		if (a < b && s[a] == '\r' && a + 1 < b && s[a + 1] == '\n')
			a += 2;
		else if (a < b && s[a] == '\n')
			a++;
	}
	if (quote == '\'')
		return sunset_arena_strndup(c->f, s + a, b - a);
	for (uint32_t i = a; i < b; i++) {
		if (s[i] == '\\' && q == 3) {
			/* a line-ending backslash: skip the break and the
			 * whitespace after it */
			uint32_t k = i + 1;
			while (k < b &&
			       (s[k] == ' ' || s[k] == '\t' || s[k] == '\r'))
				k++;
			if (k < b && s[k] == '\n') {
				while (k < b && (s[k] == ' ' || s[k] == '\t' ||
						 s[k] == '\r' || s[k] == '\n'))
					k++;
				i = k - 1;
				continue;
			}
		}
		if (s[i] == '\\' && i + 1 < b) {
			sunset_buf_put(&out, s + i, 2);
			i++;
			continue;
		}
		sunset_buf_put(&out, s + i, 1);
	}
	r = sunset_unescape(c->f, out.ptr ? out.ptr : "", out.len);
	sunset_buf_free(&out);
	return r;
}

/* ---- keys and paths ---- */

static int env_key(const char *k)
{
	return !strcmp(k, "env") || !strcmp(k, "environment");
}

/* How the value of a pair with key `key`, under frame `parent`, names
 * environment variables; `value_kind` is ENV_MAP for a mapping, ENV_LIST
 * for a sequence, ENV_NONE otherwise. */
static int env_mode(const frame *parent, const char *key, int value_kind)
{
	int named = 0;

	if (!key || value_kind == ENV_NONE)
		return ENV_NONE;
	if (env_key(key)) {
		named = 1;
		/* GitHub Actions jobs.<id>.environment is a deployment
		 * target (name, url), not variables */
		if (!strcmp(key, "environment") && parent->path &&
		    !strncmp(parent->path, "jobs.", 5))
			named = 0;
	} else if (!strcmp(key, "Variables") && parent->key &&
		   !strcmp(parent->key, "Environment")) {
		named = 1; /* CloudFormation / SAM */
	} else if (!strcmp(key, "secrets") && parent->key &&
		   !strcmp(parent->key, "workflow_call")) {
		named = value_kind == ENV_MAP; /* declared secrets */
	}
	return named ? value_kind : ENV_NONE;
}

/* The path of `name` below `parent`, or NULL when too deep or long. */
static frame child_frame(ctx *c, const frame *parent, const char *name,
			 uint32_t end)
{
	frame fr;
	size_t ln = strlen(name);

	memset(&fr, 0, sizeof(fr));
	fr.end = end;
	fr.key = name;
	fr.depth = parent->depth + 1;
	if (!parent->path || fr.depth > PATH_DEPTH_MAX ||
	    parent->pathlen + 1 + ln > PATH_LEN_MAX)
		return fr;
	if (parent->pathlen) {
		fr.path =
			sunset_arena_printf(c->f, "%s.%s", parent->path, name);
		fr.pathlen = parent->pathlen + 1 + ln;
	} else {
		fr.path = name;
		fr.pathlen = ln;
	}
	return fr;
}

/* Record a key with its path and, in an env mapping, as an env name. */
static frame add_key(ctx *c, const frame *parent, const char *name,
		     TSNode keynode, uint32_t end)
{
	frame fr = child_frame(c, parent, name, end);
	sunset_span sp = sunset_node_span(keynode);

	if (fr.path)
		sunset_facts_add_key(c->f, name, fr.path, sp);
	if (parent->mode == ENV_MAP)
		sunset_facts_add_env(c->f, name, inner_span(c, keynode));
	return fr;
}

/* ENV_MAP or ENV_LIST for a YAML/JSON/TOML value node. */
static int value_kind(TSNode v)
{
	uint32_t count;

	if (ts_node_is_null(v))
		return ENV_NONE;
	if (is(v, "block_mapping") || is(v, "flow_mapping") ||
	    is(v, "object") || is(v, "inline_table"))
		return ENV_MAP;
	if (is(v, "block_sequence") || is(v, "flow_sequence") || is(v, "array"))
		return ENV_LIST;
	if (is(v, "block_node") || is(v, "flow_node")) {
		count = ts_node_named_child_count(v);
		for (uint32_t i = 0; i < count; i++) {
			int k = value_kind(ts_node_named_child(v, i));
			if (k != ENV_NONE)
				return k;
		}
	}
	return ENV_NONE;
}

/* "- name: X" in an env list (Kubernetes, ECS): X. */
static void list_item_name(ctx *c, const char *key, TSNode value)
{
	TSNode sc;
	char *v = NULL;

	if (strcmp(key, "name") != 0 || ts_node_is_null(value))
		return;
	if (is(value, "string")) {
		v = c->f->lang == SUNSET_LANG_JSON ? json_value(c, value)
						   : toml_value(c, value);
		sc = value;
	} else {
		sc = yaml_scalar(value);
		if (ts_node_is_null(sc))
			return;
		if (is(sc, "plain_scalar") &&
		    !is(ts_node_named_child(sc, 0), "string_scalar"))
			return;
		v = yaml_value(c, sc);
	}
	sunset_facts_add_env(c->f, v, inner_span(c, sc));
}

/* ---- the nodes ---- */

/* An env list item "KEY=value" or "KEY": KEY. */
static void list_item_string(ctx *c, TSNode n, const char *value)
{
	uint32_t a = ts_node_start_byte(n);
	size_t k = 0;
	pos p = pos_at(c->src, n);

	while (value[k] && value[k] != '=' &&
	       (ident_char(value[k]) || value[k] == '.' || value[k] == '-'))
		k++;
	if (!k || (value[k] && value[k] != '='))
		return;
	if (c->src[a] == '"' || c->src[a] == '\'')
		a++;
	sunset_facts_add_env(c->f, sunset_arena_strndup(c->f, value, k),
			     pos_span(&p, a, a + (uint32_t)k));
}

static void on_string(ctx *c, TSNode n, const char *value)
{
	sunset_facts_add_string(c->f, value, sunset_node_span(n));
	if (top(c)->mode == ENV_LIST)
		list_item_string(c, n, value);
	string_env(c, n);
}

/* A YAML or JSON pair: key, path, env names; opens its frame. */
static void on_pair(ctx *c, TSNode n)
{
	TSNode key = ts_node_child_by_field_name(n, "key", 3);
	TSNode value = ts_node_child_by_field_name(n, "value", 5);
	frame parent = *top(c), fr;
	char *name = NULL;

	if (c->f->lang == SUNSET_LANG_JSON) {
		if (is(key, "string"))
			name = json_value(c, key);
	} else if (!ts_node_is_null(key)) {
		TSNode sc = yaml_scalar(key);
		if (!ts_node_is_null(sc) && !is(sc, "block_scalar"))
			name = yaml_value(c, sc);
	}
	if (!name || !strcmp(name, "<<")) {
		/* no plain key (? [a, b], or a merge key): the value has no
		 * path of its own */
		memset(&fr, 0, sizeof(fr));
		fr.end = ts_node_end_byte(n);
		fr.depth = parent.depth + 1;
		if (name)
			fr.path = parent.path, fr.pathlen = parent.pathlen;
		push(c, fr);
		return;
	}
	fr = add_key(c, &parent, name, key, ts_node_end_byte(n));
	fr.mode = env_mode(&parent, name, value_kind(value));
	if (parent.mode == ENV_LIST)
		list_item_name(c, name, value);
	push(c, fr);
}

/* The components of a TOML key (a.b."c d"), at most `max`; returns how
 * many, or max + 1 when there are more. */
static size_t toml_components(TSNode key, TSNode *out, size_t max)
{
	size_t n = 0;

	while (is(key, "dotted_key")) {
		uint32_t count = ts_node_named_child_count(key);
		if (count < 2 || n >= max)
			return n >= max ? max + 1 : 0;
		out[n++] = ts_node_named_child(key, count - 1);
		key = ts_node_named_child(key, 0);
	}
	if (!is(key, "bare_key") && !is(key, "quoted_key"))
		return 0;
	if (n >= max)
		return max + 1;
	out[n++] = key;
	/* they were collected last first */
	for (size_t i = 0; i < n / 2; i++) {
		TSNode t = out[i];
		out[i] = out[n - 1 - i];
		out[n - 1 - i] = t;
	}
	return n;
}

static char *toml_key_name(ctx *c, TSNode k)
{
	return is(k, "quoted_key") ? toml_value(c, k)
				   : sunset_node_text(c->f, k, c->src);
}

/* A TOML key below `parent`: a key per component (a, a.b, a.b.c) and the
 * frame of the last one. `pair_value` is the value of a pair (NULL node
 * for a table header). */
static frame toml_key(ctx *c, const frame *parent, TSNode key, uint32_t end,
		      TSNode pair_value, int is_table)
{
	TSNode comps[PATH_DEPTH_MAX];
	size_t n = toml_components(key, comps, PATH_DEPTH_MAX);
	frame fr = *parent, prev;
	const char *prev_name = NULL;

	fr.end = end;
	fr.mode = ENV_NONE;
	if (!n || n > PATH_DEPTH_MAX) {
		fr.path = NULL;
		fr.key = NULL;
		return fr;
	}
	for (size_t i = 0; i < n; i++) {
		char *name = toml_key_name(c, comps[i]);
		prev = fr;
		fr = child_frame(c, &prev, name, end);
		if (fr.path)
			sunset_facts_add_key(c->f, name, fr.path,
					     sunset_node_span(comps[i]));
		/* [env] X = 1, or env.X = 1 */
		if ((i == 0 && !is_table && parent->mode == ENV_MAP) ||
		    (i > 0 && i == n - 1 && env_key(prev_name)))
			sunset_facts_add_env(c->f, name,
					     inner_span(c, comps[i]));
		prev_name = name;
	}
	if (is_table) {
		if (env_key(fr.key))
			fr.mode = ENV_MAP;
	} else {
		fr.mode = env_mode(&prev, fr.key, value_kind(pair_value));
		if (n == 1 && parent->mode == ENV_LIST)
			list_item_name(c, fr.key, pair_value);
	}
	return fr;
}

static void on_toml_pair(ctx *c, TSNode n)
{
	frame parent = *top(c);
	TSNode key, value = {{0}, NULL, NULL};

	if (ts_node_named_child_count(n) < 1)
		return;
	key = ts_node_named_child(n, 0);
	if (ts_node_named_child_count(n) > 1)
		value = ts_node_named_child(n, 1);
	push(c, toml_key(c, &parent, key, ts_node_end_byte(n), value, 0));
}

static void on_toml_table(ctx *c, TSNode n)
{
	frame root = c->st[0];
	TSNode key;

	if (ts_node_named_child_count(n) < 1)
		return;
	key = ts_node_named_child(n, 0);
	/* a table header is a path from the root */
	push(c, toml_key(c, &root, key, ts_node_end_byte(n),
			 (TSNode){{0}, NULL, NULL}, 1));
}

static void on_comment(ctx *c, TSNode n)
{
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);

	while (b > a && (c->src[b - 1] == '\r' || c->src[b - 1] == '\n'))
		b--;
	sunset_facts_add_comment(c->f,
				 sunset_arena_strndup(c->f, c->src + a, b - a),
				 sunset_node_span(n));
}

/* Returns non-zero when the walk should not go below n. */
static int visit(ctx *c, TSNode n, const char *field_name)
{
	const char *type = ts_node_type(n);
	sunset_lang lang = c->f->lang;

	if (field_name && !strcmp(field_name, "key"))
		return 1; /* keys are handled with their pair */
	if (!strcmp(type, "comment")) {
		on_comment(c, n);
		return 1;
	}
	if (lang == SUNSET_LANG_JSON) {
		if (!strcmp(type, "pair"))
			on_pair(c, n);
		else if (!strcmp(type, "string")) {
			on_string(c, n, json_value(c, n));
			return 1;
		}
		return 0;
	}
	if (lang == SUNSET_LANG_TOML) {
		if (!strcmp(type, "pair"))
			on_toml_pair(c, n);
		else if (!strcmp(type, "table") ||
			 !strcmp(type, "table_array_element"))
			on_toml_table(c, n);
		else if (!strcmp(type, "bare_key") ||
			 !strcmp(type, "quoted_key") ||
			 !strcmp(type, "dotted_key"))
			return 1;
		else if (!strcmp(type, "string")) {
			on_string(c, n, toml_value(c, n));
			return 1;
		}
		return 0;
	}
	/* YAML */
	if (!strcmp(type, "block_mapping_pair") || !strcmp(type, "flow_pair")) {
		on_pair(c, n);
	} else if (!strcmp(type, "plain_scalar")) {
		if (is(ts_node_named_child(n, 0), "string_scalar"))
			on_string(c, n, yaml_value(c, n));
		return 1;
	} else if (!strcmp(type, "double_quote_scalar") ||
		   !strcmp(type, "single_quote_scalar") ||
		   !strcmp(type, "block_scalar")) {
		on_string(c, n, yaml_value(c, n));
		return 1;
	}
	return 0;
}

void sunset_extract_config(sunset_facts *f, const char *src, size_t len,
			   TSNode root)
{
	ctx c;
	TSTreeCursor cur;
	frame base;

	if (f->lang != SUNSET_LANG_JSON && f->lang != SUNSET_LANG_YAML &&
	    f->lang != SUNSET_LANG_TOML)
		return;
	memset(&c, 0, sizeof(c));
	c.f = f;
	c.src = src;
	c.len = len;
	memset(&base, 0, sizeof(base));
	base.end = UINT32_MAX;
	base.path = "";
	push(&c, base);
	cur = ts_tree_cursor_new(root);
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&cur);
		uint32_t start = ts_node_start_byte(n);

		while (c.n > 1 && start >= top(&c)->end)
			c.n--;
		if (!visit(&c, n, ts_tree_cursor_current_field_name(&cur)) &&
		    ts_tree_cursor_goto_first_child(&cur))
			continue;
		while (!ts_tree_cursor_goto_next_sibling(&cur)) {
			if (!ts_tree_cursor_goto_parent(&cur)) {
				ts_tree_cursor_delete(&cur);
				free(c.st);
				return;
			}
		}
	}
}
