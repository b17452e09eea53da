/* extract_lines.c - facts of line formats, read without a grammar
 *
 * Each format gets a small hand-written reader over the bytes; none
 * recurses on the input except through a bounded depth (shell command
 * substitutions). Lines may end in CRLF and the last one may have no
 * line break. Spans come from a position that moves with the readers
 * (the same numbers sunset_span_of_bytes gives, without rescanning the
 * file for each fact).
 *
 *   dotenv       env + key per name, string per value, comments
 *   properties   key per name, string per value, ${X} -> env, comments
 *   ini          key per section and "section.key", string per value
 *                line, ${X} and tox {env:X} / passenv / setenv -> env
 *   dockerfile   ENV/ARG names -> env, their values and quoted strings
 *                and http(s) words -> strings, $X -> env, comments
 *   shell        assignments and $X -> env, quoted strings, values and
 *                http(s) words -> strings, comments
 *   terraform    variable "x" -> env, quoted strings and heredocs ->
 *                strings (interpolations as "{}"), comments
 *   xml          attribute values and text -> strings, comments,
 *                ${env.X} -> env
 *   gradle       quoted strings, comments, getenv("X") -> env
 *   requirements, gomod, yarn-lock: comments only; gosum, gemfile-lock:
 *                nothing (their dependency readers come later) */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "facts.h"
#include "util.h"

/* How deep shell command substitutions are read: $( "$( ... )" ) */
#define SHELL_DEPTH_MAX 8

typedef struct {
	sunset_facts *f;
	const char *s;
	size_t len;
	/* a position that moves to where spans are wanted */
	size_t pb;
	uint32_t pline, pcol;
} lx;

/* ---- spans ---- */

static void go(lx *x, size_t to)
{
	if (to < x->pb) {
		/* back: within the line is cheap (a string is recorded after
		 * the variables inside it) */
		size_t ls = to;
		int crossed = 0;
		for (size_t i = to; i < x->pb; i++)
			if (x->s[i] == '\n') {
				x->pline--;
				crossed = 1;
			}
		if (!crossed) {
			x->pcol -= (uint32_t)(x->pb - to);
			x->pb = to;
			return;
		}
		while (ls > 0 && x->s[ls - 1] != '\n')
			ls--;
		x->pcol = (uint32_t)(to - ls + 1);
		x->pb = to;
		return;
	}
	while (x->pb < to) {
		if (x->s[x->pb++] == '\n') {
			x->pline++;
			x->pcol = 1;
		} else {
			x->pcol++;
		}
	}
}

static sunset_span span(lx *x, size_t a, size_t b)
{
	sunset_span sp;

	if (b < a)
		b = a;
	go(x, a);
	sp.start_byte = (uint32_t)a;
	sp.line = x->pline;
	sp.col = x->pcol;
	go(x, b);
	sp.end_byte = (uint32_t)b;
	sp.end_line = x->pline;
	sp.end_col = x->pcol;
	return sp;
}

/* ---- small helpers ---- */

static int ident_start(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
	       ch == '_';
}

static int ident_char(char ch)
{
	return ident_start(ch) || (ch >= '0' && ch <= '9');
}

static int blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* The end of the line starting at i (its '\n' or len). */
static size_t line_end(const lx *x, size_t i)
{
	const char *nl = memchr(x->s + i, '\n', x->len - i);
	return nl ? (size_t)(nl - x->s) : x->len;
}

/* The end of a line's content: before "\r\n". */
static size_t content_end(const lx *x, size_t ls, size_t le)
{
	return le > ls && x->s[le - 1] == '\r' ? le - 1 : le;
}

/* The start of the line after the one ending at le; the end of the
 * file when SIGINT or SIGTERM asked sunset to stop, so that every
 * reader's loop over lines ends with it. */
static size_t next_line(const lx *x, size_t le)
{
	return le < x->len && !sunset_interrupted() ? le + 1 : x->len;
}

static size_t skip_blank(const lx *x, size_t i, size_t end)
{
	while (i < end && blank(x->s[i]))
		i++;
	return i;
}

static size_t trim_end(const lx *x, size_t a, size_t b)
{
	while (b > a && (blank(x->s[b - 1]) || x->s[b - 1] == '\r'))
		b--;
	return b;
}

static void comment(lx *x, size_t a, size_t b)
{
	b = trim_end(x, a, b);
	sunset_facts_add_comment(x->f,
				 sunset_arena_strndup(x->f, x->s + a, b - a),
				 span(x, a, b));
}

static void string(lx *x, const char *value, size_t a, size_t b)
{
	sunset_facts_add_string(x->f, value, span(x, a, b));
}

static void env(lx *x, size_t a, size_t b)
{
	sunset_facts_add_env(x->f, sunset_arena_strndup(x->f, x->s + a, b - a),
			     span(x, a, b));
}

static char *dup(lx *x, size_t a, size_t b)
{
	return sunset_arena_strndup(x->f, x->s + a, b > a ? b - a : 0);
}

static char *buf_value(lx *x, sunset_buf *b)
{
	char *r = sunset_arena_strndup(x->f, b->ptr ? b->ptr : "", b->len);
	sunset_buf_free(b);
	return r;
}

static int has_at(const lx *x, size_t i, size_t end, const char *lit)
{
	size_t l = strlen(lit);
	return i + l <= end && !memcmp(x->s + i, lit, l);
}

/* ---- ${X} placeholders ---- */

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

/* The length of the variable name of a placeholder whose inside starts
 * at i: ${NAME}, ${NAME:default}, ${NAME:-x}, ${NAME-x}; ${env:NAME} and
 * ${env.NAME} name NAME (*skip says how far). 0 when not a variable:
 * dotted names are property references (Spring ${app.key}). */
static size_t placeholder(const lx *x, size_t i, size_t end, size_t *skip)
{
	const char *s = x->s;
	size_t n = 0;
	int lower = 0;

	*skip = 0;
	if (i + 4 < end && !memcmp(s + i, "env", 3) &&
	    (s[i + 3] == ':' || s[i + 3] == '.') && ident_start(s[i + 4])) {
		*skip = 4;
		i += 4;
	}
	if (i >= end || !ident_start(s[i]))
		return 0;
	while (i + n < end && ident_char(s[i + n])) {
		if (s[i + n] >= 'a' && s[i + n] <= 'z')
			lower = 1;
		n++;
	}
	if (i + n >= end)
		return 0;
	if (s[i + n] == '}' || (s[i + n] == ':' && !resolver(s + i, n)))
		return n;
	if (!lower && strchr("-?+=", s[i + n]))
		return n;
	return 0;
}

/* Every ${X} in [a, b) as env X. */
static void placeholders(lx *x, size_t a, size_t b)
{
	for (size_t i = a; i + 2 < b; i++) {
		size_t n, skip;
		if (x->s[i] != '$' || x->s[i + 1] != '{' ||
		    (i > a && x->s[i - 1] == '$'))
			continue;
		n = placeholder(x, i + 2, b, &skip);
		if (n) {
			env(x, i + 2 + skip, i + 2 + skip + n);
			i += 1 + skip + n;
		}
	}
}

/* ---- dotenv ---- */

static void dotenv(lx *x)
{
	const char *s = x->s;
	size_t i = 0;

	while (i < x->len) {
		size_t le = line_end(x, i), ce = content_end(x, i, le);
		size_t next = next_line(x, le), p = skip_blank(x, i, ce);
		size_t ka, kb, va, vb, k;
		int exported = 0;

		if (p == ce) {
			i = next;
			continue;
		}
		if (s[p] == '#') {
			comment(x, p, ce);
			i = next;
			continue;
		}
		if (has_at(x, p, ce, "export") && p + 6 < ce &&
		    blank(s[p + 6])) {
			p = skip_blank(x, p + 6, ce);
			exported = 1;
		}
		ka = p;
		while (p < ce &&
		       (ident_char(s[p]) || s[p] == '.' || s[p] == '-'))
			p++;
		kb = p;
		p = skip_blank(x, p, ce);
		if (kb == ka || !ident_start(s[ka]) ||
		    (p < ce && s[p] != '=') || (p == ce && !exported)) {
			i = next;
			continue;
		}
		env(x, ka, kb);
		sunset_facts_add_key(x->f, dup(x, ka, kb), dup(x, ka, kb),
				     span(x, ka, kb));
		if (p == ce) {
			i = next;
			continue;
		}
		p = skip_blank(x, p + 1, ce);
		if (p < ce && (s[p] == '"' || s[p] == '\'')) {
			char q = s[p];
			size_t z = p + 1;
			while (z < x->len && s[z] != q) {
				if (q == '"' && s[z] == '\\' && z + 1 < x->len)
					z++;
				z++;
			}
			if (z < x->len) {
				sunset_buf b = SUNSET_BUF_INIT;
				char *v;
				size_t le2 = line_end(x, z),
				       ce2 = content_end(x, z, le2);
				for (size_t m = p + 1; m < z; m++)
					if (!(s[m] == '\r' && m + 1 < z &&
					      s[m + 1] == '\n'))
						sunset_buf_put(&b, s + m, 1);
				if (q == '"') {
					v = sunset_unescape(x->f,
							    b.ptr ? b.ptr : "",
							    b.len);
					sunset_buf_free(&b);
					placeholders(x, p + 1, z);
				} else {
					v = buf_value(x, &b);
				}
				if (*v)
					string(x, v, p, z + 1);
				for (k = z + 1; k < ce2 && s[k] != '#'; k++)
					;
				if (k < ce2)
					comment(x, k, ce2);
				i = next_line(x, le2);
				continue;
			}
		}
		/* unquoted: a '#' after whitespace starts a comment */
		va = p;
		for (k = p; k < ce; k++)
			if (s[k] == '#' && k > 0 && blank(s[k - 1]))
				break;
		vb = trim_end(x, va, k);
		if (vb > va) {
			string(x, dup(x, va, vb), va, vb);
			placeholders(x, va, vb);
		}
		if (k < ce)
			comment(x, k, ce);
		i = next;
	}
}

/* ---- properties ---- */

/* Decode a .properties key or value: \t \n \r \f \uXXXX, a backslash
 * before a line break continues the line (leading blanks of the next
 * line dropped), any other escaped character stands for itself. */
static char *prop_decode(lx *x, size_t a, size_t b)
{
	const char *s = x->s;
	sunset_buf out = SUNSET_BUF_INIT;

	for (size_t i = a; i < b; i++) {
		char c = s[i];
		if (c == '\r' && i + 1 < b && s[i + 1] == '\n')
			continue;
		if (c != '\\' || i + 1 >= b) {
			sunset_buf_put(&out, &c, 1);
			continue;
		}
		c = s[++i];
		if (c == '\r' || c == '\n') {
			if (c == '\r' && i + 1 < b && s[i + 1] == '\n')
				i++;
			while (i + 1 < b &&
			       (blank(s[i + 1]) || s[i + 1] == '\f'))
				i++;
		} else if (c == 'u' && i + 4 < b) {
			char *u = sunset_unescape(x->f, s + i - 1, 6);
			sunset_buf_puts(&out, u);
			i += 4;
		} else {
			char o = c == 't'   ? '\t'
				 : c == 'n' ? '\n'
				 : c == 'r' ? '\r'
				 : c == 'f' ? '\f'
					    : c;
			sunset_buf_put(&out, &o, 1);
		}
	}
	return buf_value(x, &out);
}

/* Non-zero when [ls, ce) ends in an odd number of backslashes. */
static int continues(const lx *x, size_t ls, size_t ce)
{
	size_t n = 0;
	while (ce > ls + n && x->s[ce - 1 - n] == '\\')
		n++;
	return n & 1;
}

static void properties(lx *x)
{
	const char *s = x->s;
	size_t i = 0;

	while (i < x->len) {
		size_t le = line_end(x, i), ce = content_end(x, i, le);
		size_t next = next_line(x, le), p = i, lend = ce, ka, kb;
		char *name, *value;

		while (p < ce && (blank(s[p]) || s[p] == '\f'))
			p++;
		if (p == ce) {
			i = next;
			continue;
		}
		if (s[p] == '#' || s[p] == '!') {
			comment(x, p, ce);
			i = next;
			continue;
		}
		/* the logical line */
		while (next < x->len && continues(x, i, lend)) {
			size_t le2 = line_end(x, next);
			i = next;
			lend = content_end(x, next, le2);
			next = next_line(x, le2);
		}
		ka = p;
		while (p < ce && !blank(s[p]) && s[p] != '=' && s[p] != ':' &&
		       s[p] != '\f') {
			if (s[p] == '\\')
				p++;
			p++;
		}
		kb = p < ce ? p : ce;
		p = skip_blank(x, kb, ce);
		if (p < ce && (s[p] == '=' || s[p] == ':'))
			p = skip_blank(x, p + 1, ce);
		name = prop_decode(x, ka, kb);
		sunset_facts_add_key(x->f, name, name, span(x, ka, kb));
		value = prop_decode(x, p, lend);
		if (*value)
			string(x, value, p, lend);
		placeholders(x, p, lend);
		i = next;
	}
}

/* ---- ini ---- */

/* tox's {env:X} and {env:X:default} */
static void tox_env(lx *x, size_t a, size_t b)
{
	for (size_t i = a; i + 5 < b; i++) {
		size_t z = i + 5;
		if (!has_at(x, i, b, "{env:") || !ident_start(x->s[z]))
			continue;
		while (z < b && ident_char(x->s[z]))
			z++;
		if (z < b && (x->s[z] == '}' || x->s[z] == ':'))
			env(x, i + 5, z);
		i = z - 1;
	}
}

/* One line of a value of `key` in [a, b) (trimmed, not empty). */
static void ini_value(lx *x, const char *key, size_t a, size_t b)
{
	const char *s = x->s;

	string(x, dup(x, a, b), a, b);
	placeholders(x, a, b);
	tox_env(x, a, b);
	if (!strcmp(key, "passenv") || !strcmp(key, "pass_env")) {
		/* passenv = OPENAI_API_KEY, REPLICATE_* */
		size_t i = a;
		while (i < b) {
			size_t z;
			while (i < b && (blank(s[i]) || s[i] == ','))
				i++;
			z = i;
			while (z < b && !blank(s[z]) && s[z] != ',')
				z++;
			if (z > i && ident_start(s[i])) {
				size_t k = i;
				while (k < z && ident_char(s[k]))
					k++;
				if (k == z)
					env(x, i, z);
			}
			i = z;
		}
	} else if (!strcmp(key, "setenv") || !strcmp(key, "set_env")) {
		size_t k = a;
		while (k < b && ident_char(s[k]))
			k++;
		if (k > a && ident_start(s[a]) && skip_blank(x, k, b) < b &&
		    s[skip_blank(x, k, b)] == '=')
			env(x, a, k);
	}
}

static void ini(lx *x)
{
	const char *s = x->s;
	const char *section = NULL, *key = NULL;
	size_t i = 0;

	while (i < x->len) {
		size_t le = line_end(x, i), ce = content_end(x, i, le);
		size_t next = next_line(x, le), p = skip_blank(x, i, ce);
		size_t ls = i, sep, ka, kb, va, vb;

		i = next;
		if (p == ce)
			continue;
		if (s[p] == ';' || s[p] == '#') {
			comment(x, p, ce);
			continue;
		}
		if (p > ls && key) {
			/* an indented line continues the value */
			ini_value(x, key, p, trim_end(x, p, ce));
			continue;
		}
		if (s[p] == '[') {
			size_t z = p + 1;
			while (z < ce && s[z] != ']')
				z++;
			ka = skip_blank(x, p + 1, z);
			kb = trim_end(x, ka, z);
			section = dup(x, ka, kb);
			key = NULL;
			sunset_facts_add_key(x->f, section, section,
					     span(x, ka, kb));
			continue;
		}
		for (sep = p; sep < ce && s[sep] != '=' && s[sep] != ':'; sep++)
			;
		ka = p;
		kb = trim_end(x, ka, sep);
		if (kb == ka)
			continue;
		key = dup(x, ka, kb);
		sunset_facts_add_key(x->f, key,
				     section ? sunset_arena_printf(x->f,
								   "%s.%s",
								   section, key)
					     : key,
				     span(x, ka, kb));
		if (sep == ce)
			continue;
		va = skip_blank(x, sep + 1, ce);
		vb = trim_end(x, va, ce);
		if (vb > va)
			ini_value(x, key, va, vb);
	}
}

/* ---- shell, and the shell inside a Dockerfile ---- */

typedef struct {
	int docker; /* Dockerfile: '#' only opens a comment at a line start;
		       line breaks end nothing (the caller bounds the
		       instruction) */
	struct heredoc {
		size_t a, b; /* the delimiter */
		int strip_tabs, quoted;
	} pending[4];
	int npending;
} shell;

static size_t sh_scan(lx *x, shell *sh, size_t a, size_t b, int depth,
		      int cmdpos);

static void put(sunset_buf *buf, const char *s, size_t n)
{
	if (buf)
		sunset_buf_put(buf, s, n);
}

/* The index of the `close` matching the `open` at i (quotes skipped), or
 * b. With `one_line` the search stops at the line's end. */
static size_t find_close(const lx *x, size_t i, size_t b, char open, char close,
			 int one_line)
{
	const char *s = x->s;
	int depth = 0;

	for (size_t j = i; j < b; j++) {
		char c = s[j];
		if (c == '\\') {
			j++;
		} else if (c == '\n' && one_line) {
			return b;
		} else if (c == '\'' && close == ')') {
			while (j + 1 < b && s[j + 1] != '\'')
				j++;
			j++;
		} else if (c == '"') {
			j++;
			while (j < b && s[j] != '"') {
				if (s[j] == '\\')
					j++;
				j++;
			}
		} else if (c == open) {
			depth++;
		} else if (c == close && --depth == 0) {
			return j;
		}
	}
	return b;
}

/* A $ expansion at i: $X, ${X...}, $(...), $1; records the variable as
 * env (not positional and special ones) and appends "{}" to buf. */
static size_t sh_ref(lx *x, shell *sh, size_t i, size_t b, sunset_buf *buf,
		     int depth)
{
	const char *s = x->s;
	char c1;

	if (i + 1 >= b) {
		put(buf, "$", 1);
		return i + 1;
	}
	c1 = s[i + 1];
	if (c1 == '{') {
		size_t j = i + 2, k, m;
		if (j < b && (s[j] == '#' || s[j] == '!'))
			j++;
		k = j;
		while (k < b && ident_char(s[k]))
			k++;
		if (k > j && ident_start(s[j]))
			env(x, j, k);
		m = find_close(x, i + 1, b, '{', '}', 1);
		/* ${A:-$B}: B is read too */
		for (size_t q = k; depth < SHELL_DEPTH_MAX && q < m; q++)
			if (s[q] == '$')
				q = sh_ref(x, sh, q, m, NULL, depth + 1) - 1;
		put(buf, "{}", 2);
		return m < b ? m + 1 : b;
	}
	if (c1 == '(') {
		size_t m = find_close(x, i + 1, b, '(', ')', 0);
		if (depth < SHELL_DEPTH_MAX) {
			shell inner = {0, {{0, 0, 0, 0}}, 0};
			sh_scan(x, &inner, i + 2, m, depth + 1, 1);
		}
		put(buf, "{}", 2);
		return m < b ? m + 1 : b;
	}
	if (ident_start(c1)) {
		size_t k = i + 1;
		while (k < b && ident_char(s[k]))
			k++;
		env(x, i + 1, k);
		put(buf, "{}", 2);
		return k;
	}
	if ((c1 >= '0' && c1 <= '9') || strchr("@*#?$!-", c1)) {
		put(buf, "{}", 2);
		return i + 2;
	}
	put(buf, "$", 1);
	return i + 1;
}

/* `...` at i: its commands are read; "{}" in buf. */
static size_t sh_backtick(lx *x, size_t i, size_t b, sunset_buf *buf, int depth)
{
	size_t m = i + 1;

	while (m < b && x->s[m] != '`') {
		if (x->s[m] == '\\')
			m++;
		m++;
	}
	if (m > b)
		m = b;
	if (depth < SHELL_DEPTH_MAX) {
		shell inner = {0, {{0, 0, 0, 0}}, 0};
		sh_scan(x, &inner, i + 1, m, depth + 1, 1);
	}
	put(buf, "{}", 2);
	return m < b ? m + 1 : b;
}

/* '...' at i (or $'...' with escapes when `ansi`), into buf. */
static size_t sh_squote(lx *x, size_t i, size_t b, sunset_buf *buf, int ansi)
{
	const char *s = x->s;
	size_t j = i + 1;

	while (j < b && s[j] != '\'') {
		if (ansi && s[j] == '\\' && j + 1 < b)
			j++;
		j++;
	}
	if (j > b)
		j = b;
	if (ansi) {
		char *u = sunset_unescape(x->f, s + i + 1, j - i - 1);
		put(buf, u, strlen(u));
	} else {
		for (size_t k = i + 1; k < j; k++)
			if (!(s[k] == '\r' && k + 1 < j && s[k + 1] == '\n'))
				put(buf, s + k, 1);
	}
	return j < b ? j + 1 : b;
}

/* "..." at i into buf: $X as "{}". */
static size_t sh_dquote(lx *x, shell *sh, size_t i, size_t b, sunset_buf *buf,
			int depth)
{
	const char *s = x->s;
	size_t j = i + 1;

	while (j < b && s[j] != '"') {
		char c = s[j];
		if (c == '\\' && j + 1 < b) {
			char n = s[j + 1];
			if (n == '\n') {
				j += 2;
			} else if (n == '\r' && j + 2 < b && s[j + 2] == '\n') {
				j += 3;
			} else if (strchr("$`\"\\", n)) {
				put(buf, &n, 1);
				j += 2;
			} else {
				put(buf, &c, 1);
				j++;
			}
		} else if (c == '$') {
			j = sh_ref(x, sh, j, b, buf, depth);
		} else if (c == '`') {
			j = sh_backtick(x, j, b, buf, depth);
		} else {
			if (!(c == '\r' && j + 1 < b && s[j + 1] == '\n'))
				put(buf, &c, 1);
			j++;
		}
	}
	return j < b ? j + 1 : b;
}

/* A word at i (quotes, escapes and expansions joined) into buf; stops at
 * unquoted blanks and line ends, and with `ops` at ; | & < > ( ). */
static size_t sh_word(lx *x, shell *sh, size_t i, size_t b, sunset_buf *buf,
		      int depth, int ops)
{
	const char *s = x->s;

	while (i < b) {
		char c = s[i];
		if (blank(c) || c == '\n' || c == '\r' ||
		    (ops && strchr(";|&<>()", c)))
			break;
		if (c == '\\' && i + 1 < b) {
			if (s[i + 1] == '\n') {
				i += 2;
			} else if (s[i + 1] == '\r' && i + 2 < b &&
				   s[i + 2] == '\n') {
				i += 3;
			} else {
				put(buf, s + i + 1, 1);
				i += 2;
			}
		} else if (c == '\'') {
			i = sh_squote(x, i, b, buf, 0);
		} else if (c == '"') {
			i = sh_dquote(x, sh, i, b, buf, depth);
		} else if (c == '$' && i + 1 < b && s[i + 1] == '\'') {
			i = sh_squote(x, i + 1, b, buf, 1);
		} else if (c == '$') {
			i = sh_ref(x, sh, i, b, buf, depth);
		} else if (c == '`') {
			i = sh_backtick(x, i, b, buf, depth);
		} else {
			put(buf, &c, 1);
			i++;
		}
	}
	return i;
}

/* Record buf as a string of [a, b) (also when empty with `always`). */
static void buf_string(lx *x, sunset_buf *buf, size_t a, size_t b, int always)
{
	char *v = buf_value(x, buf);
	if (*v || always)
		string(x, v, a, b);
}

/* Non-zero when only blanks precede i on its line. */
static int at_line_start(const lx *x, size_t i)
{
	while (i > 0 && blank(x->s[i - 1]))
		i--;
	return i == 0 || x->s[i - 1] == '\n';
}

/* The bodies of the pending here-documents, starting at line `i`: each a
 * string (expansions as "{}" unless the delimiter was quoted). Returns
 * where the text after them starts. */
static size_t heredoc_bodies(lx *x, shell *sh, size_t i)
{
	const char *s = x->s;

	for (int h = 0; h < sh->npending; h++) {
		struct heredoc *d = &sh->pending[h];
		size_t body = i, end, after;

		end = after = x->len; /* no delimiter line: to the end */
		while (i < x->len) {
			size_t le = line_end(x, i), ce = content_end(x, i, le);
			size_t p = i;
			if (d->strip_tabs)
				while (p < ce && s[p] == '\t')
					p++;
			if (ce - p == d->b - d->a &&
			    !memcmp(s + p, s + d->a, ce - p)) {
				end = i;
				after = next_line(x, le);
				break;
			}
			i = next_line(x, le);
		}
		{
			sunset_buf buf = SUNSET_BUF_INIT;
			size_t vb = end;
			if (vb > body && s[vb - 1] == '\n')
				vb--;
			if (vb > body && s[vb - 1] == '\r')
				vb--;
			for (size_t k = body; k < vb;) {
				if (d->strip_tabs && s[k] == '\t' &&
				    (k == body || s[k - 1] == '\n')) {
					/* <<-: leading tabs go */
					while (k < vb && s[k] == '\t')
						k++;
				} else if (s[k] == '\r' && k + 1 < vb &&
					   s[k + 1] == '\n')
					k++;
				else if (d->quoted)
					put(&buf, s + k++, 1);
				else if (s[k] == '\\' && k + 1 < vb &&
					 strchr("$`\\", s[k + 1])) {
					put(&buf, s + k + 1, 1);
					k += 2;
				} else if (s[k] == '$')
					k = sh_ref(x, sh, k, vb, &buf, 0);
				else if (s[k] == '`')
					k = sh_backtick(x, k, vb, &buf, 0);
				else
					put(&buf, s + k++, 1);
			}
			buf_string(x, &buf, body, vb, 0);
		}
		i = after;
	}
	sh->npending = 0;
	return i;
}

/* <<EOF, <<-EOF, <<'EOF', <<"EOF", <<\EOF at i: remembered until the
 * line ends. Returns the index after it. */
static size_t heredoc_start(lx *x, shell *sh, size_t i, size_t b)
{
	const char *s = x->s;
	size_t j = i + 2, a;
	int strip = 0, quoted = 0;

	if (j < b && s[j] == '-') {
		strip = 1;
		j++;
	}
	j = skip_blank(x, j, b);
	if (j < b && (s[j] == '\'' || s[j] == '"')) {
		char q = s[j++];
		a = j;
		while (j < b && s[j] != q && s[j] != '\n')
			j++;
		if (j >= b || s[j] != q)
			return i + 2;
		quoted = 1;
	} else {
		if (j < b && s[j] == '\\') {
			quoted = 1;
			j++;
		}
		a = j;
		while (j < b &&
		       (ident_char(s[j]) || s[j] == '-' || s[j] == '.'))
			j++;
	}
	/* (( x << 2 )) shifts: no delimiter starts with a digit */
	if (j == a || j - a > 64 || sh->npending == 4 ||
	    (s[a] >= '0' && s[a] <= '9'))
		return i + 2;
	sh->pending[sh->npending].a = a;
	sh->pending[sh->npending].b = j;
	sh->pending[sh->npending].strip_tabs = strip;
	sh->pending[sh->npending].quoted = quoted;
	sh->npending++;
	return quoted && j < b && (s[j] == '\'' || s[j] == '"') ? j + 1 : j;
}

static int word_is(const lx *x, size_t a, size_t b, const char *w)
{
	return b - a == strlen(w) && !memcmp(x->s + a, w, b - a);
}

/* export A=1 B, local X=y, declare -x Z: names as env, values as
 * strings. i is after the keyword. */
static size_t sh_declare(lx *x, shell *sh, size_t i, size_t b, int depth)
{
	const char *s = x->s;

	for (;;) {
		size_t n, k = skip_blank(x, i, b);
		if (k == i || k >= b)
			return k;
		i = k;
		if (s[i] == '-') {
			while (i < b && !blank(s[i]) && s[i] != '\n')
				i++;
			continue;
		}
		if (!ident_start(s[i]))
			return i;
		n = i;
		while (n < b && ident_char(s[n]))
			n++;
		env(x, i, n);
		i = n;
		if (i < b && s[i] == '=') {
			sunset_buf buf = SUNSET_BUF_INIT;
			i = sh_word(x, sh, n + 1, b, &buf, depth, 1);
			buf_string(x, &buf, n + 1, i, 0);
		}
	}
}

/* Read [a, b) as shell. Returns where reading stopped (past b when
 * here-document bodies after a Dockerfile instruction were read). */
static size_t sh_scan(lx *x, shell *sh, size_t a, size_t b, int depth,
		      int cmdpos)
{
	const char *s = x->s;
	size_t i = a;

	while (i < b) {
		char c = s[i];
		int start = i == a || strchr(" \t\r\n;&|()<>{", s[i - 1]);
		if (c == '\n') {
			i++;
			if (!sh->docker) {
				cmdpos = 1;
				if (sh->npending)
					i = heredoc_bodies(x, sh, i);
			}
			continue;
		}
		if (blank(c) || c == '\r') {
			i++;
			continue;
		}
		if (c == '\\') {
			i += 2;
			continue;
		}
		if (c == '#' && (sh->docker ? at_line_start(x, i) : start)) {
			size_t le = line_end(x, i);
			comment(x, i, content_end(x, i, le < b ? le : b));
			i = le < b ? le : b;
			continue;
		}
		if (strchr(";&|(", c)) {
			cmdpos = 1;
			i++;
			continue;
		}
		if (c == '\'' || c == '"' ||
		    (c == '$' && i + 1 < b && s[i + 1] == '\'')) {
			sunset_buf buf = SUNSET_BUF_INIT;
			size_t z = c == '\'' ? sh_squote(x, i, b, &buf, 0)
				   : c == '"'
					   ? sh_dquote(x, sh, i, b, &buf, depth)
					   : sh_squote(x, i + 1, b, &buf, 1);
			buf_string(x, &buf, i, z, 1);
			i = z;
			cmdpos = 0;
			continue;
		}
		if (c == '$') {
			i = sh_ref(x, sh, i, b, NULL, depth);
			cmdpos = 0;
			continue;
		}
		if (has_at(x, i, b, "<<<")) {
			i += 3; /* a here-string: its word follows */
			continue;
		}
		if (c == '<' && i + 2 < b && s[i + 1] == '<') {
			i = heredoc_start(x, sh, i, b);
			continue;
		}
		if ((start || s[i - 1] == '=') &&
		    (has_at(x, i, b, "http://") ||
		     has_at(x, i, b, "https://"))) {
			/* a URL word: curl https://..., --url=https://... */
			sunset_buf buf = SUNSET_BUF_INIT;
			size_t z = sh_word(x, sh, i, b, &buf, depth, 1);
			buf_string(x, &buf, i, z, 0);
			i = z;
			cmdpos = 0;
			continue;
		}
		if (ident_start(c)) {
			size_t k = i;
			while (k < b && ident_char(s[k]))
				k++;
			if (cmdpos && start && k < b &&
			    (s[k] == '=' ||
			     (s[k] == '+' && k + 1 < b && s[k + 1] == '='))) {
				/* NAME=value cmd: stays in command position */
				sunset_buf buf = SUNSET_BUF_INIT;
				size_t v = s[k] == '=' ? k + 1 : k + 2, z;
				env(x, i, k);
				z = sh_word(x, sh, v, b, &buf, depth, 1);
				buf_string(x, &buf, v, z, 0);
				i = z;
				continue;
			}
			if (cmdpos && start &&
			    (word_is(x, i, k, "export") ||
			     word_is(x, i, k, "local") ||
			     word_is(x, i, k, "readonly") ||
			     word_is(x, i, k, "declare") ||
			     word_is(x, i, k, "typeset"))) {
				i = sh_declare(x, sh, k, b, depth);
				cmdpos = 0;
				continue;
			}
			cmdpos = cmdpos && start &&
				 (word_is(x, i, k, "then") ||
				  word_is(x, i, k, "do") ||
				  word_is(x, i, k, "else") ||
				  word_is(x, i, k, "if") ||
				  word_is(x, i, k, "while") ||
				  word_is(x, i, k, "until") ||
				  word_is(x, i, k, "time"));
			i = k;
			continue;
		}
		if (c == '`') {
			i = sh_backtick(x, i, b, NULL, depth);
			continue;
		}
		if (c != '{' && c != '!')
			cmdpos = 0;
		i++;
	}
	if (sh->docker && sh->npending && depth == 0 && b < x->len)
		return heredoc_bodies(x, sh, next_line(x, line_end(x, b)));
	return b;
}

static void shell_file(lx *x)
{
	shell sh;

	memset(&sh, 0, sizeof(sh));
	sh_scan(x, &sh, 0, x->len, 0, 1);
}

/* ---- Dockerfile ---- */

/* Skip blanks, line continuations and the comment lines inside an
 * instruction (recorded). */
static size_t docker_skip(lx *x, size_t i, size_t b)
{
	const char *s = x->s;

	while (i < b) {
		if (blank(s[i]) || s[i] == '\r' || s[i] == '\n') {
			i++;
		} else if (s[i] == '\\' && i + 1 < b &&
			   (s[i + 1] == '\n' || s[i + 1] == '\r')) {
			i += 2;
		} else if (s[i] == '#' && at_line_start(x, i)) {
			size_t le = line_end(x, i);
			if (le > b)
				le = b;
			comment(x, i, content_end(x, i, le));
			i = le;
		} else {
			break;
		}
	}
	return i;
}

/* ENV A=1 B="two words", ENV A value; ARG NAME[=default] */
static void docker_vars(lx *x, shell *sh, size_t i, size_t b, int is_env)
{
	const char *s = x->s;
	size_t k;

	i = docker_skip(x, i, b);
	for (k = i; k < b && !blank(s[k]) && s[k] != '=' && s[k] != '\\' &&
		    s[k] != '\n' && s[k] != '\r';
	     k++)
		;
	if (is_env && k > i && (k >= b || s[k] != '=')) {
		/* the legacy form: the rest is the value */
		sunset_buf buf = SUNSET_BUF_INIT;
		size_t va = docker_skip(x, k, b), z = va;
		if (ident_start(s[i]))
			env(x, i, k);
		while (z < b) {
			size_t w = sh_word(x, sh, z, b, &buf, 0, 0);
			size_t n = docker_skip(x, w, b);
			if (n < b && n > w)
				put(&buf, " ", 1);
			if (n == z)
				break;
			z = n;
		}
		buf_string(x, &buf, va, trim_end(x, va, z), 0);
		return;
	}
	while (i < b) {
		size_t na = i;
		while (i < b && !blank(s[i]) && s[i] != '=' && s[i] != '\n' &&
		       s[i] != '\r' && s[i] != '\\')
			i++;
		if (i > na && ident_start(s[na]))
			env(x, na, i);
		if (i < b && s[i] == '=') {
			sunset_buf buf = SUNSET_BUF_INIT;
			size_t va = i + 1;
			i = sh_word(x, sh, va, b, &buf, 0, 0);
			buf_string(x, &buf, va, i, 0);
		} else if (i == na) {
			i++;
		}
		i = docker_skip(x, i, b);
	}
}

static void dockerfile(lx *x)
{
	const char *s = x->s;
	size_t i = 0;

	while (i < x->len) {
		size_t le = line_end(x, i), ce = content_end(x, i, le);
		size_t next = next_line(x, le), p = skip_blank(x, i, ce);
		size_t lend = ce, w, ls = i;
		int cont;
		shell sh;

		if (p == ce) {
			i = next;
			continue;
		}
		if (s[p] == '#') {
			comment(x, p, ce);
			i = next;
			continue;
		}
		/* the instruction's lines: a trailing backslash continues it;
		 * empty and comment lines inside do not end it */
		cont = ce > ls && s[ce - 1] == '\\';
		while (cont && next < x->len) {
			size_t le2 = line_end(x, next),
			       ce2 = content_end(x, next, le2),
			       q = skip_blank(x, next, ce2);
			lend = ce2;
			if (q < ce2 && s[q] != '#')
				cont = ce2 > q && s[ce2 - 1] == '\\';
			next = next_line(x, le2);
		}
		for (w = p; w < ce && !blank(s[w]); w++)
			;
		memset(&sh, 0, sizeof(sh));
		sh.docker = 1;
		if (w - p == 3 && !strncasecmp(s + p, "ENV", 3)) {
			docker_vars(x, &sh, w, lend, 1);
		} else if (w - p == 3 && !strncasecmp(s + p, "ARG", 3)) {
			docker_vars(x, &sh, w, lend, 0);
		} else {
			size_t end = sh_scan(
				x, &sh, w, lend, 0,
				w - p == 3 && !strncasecmp(s + p, "RUN", 3));
			if (end > next)
				next = end;
		}
		i = next;
	}
}

/* ---- Terraform (HCL) ---- */

/* The end of the template expression ${...} or %{...} whose '{' is at i
 * (the index after its closing brace), nested braces and strings
 * skipped. */
static size_t tf_interp_end(const lx *x, size_t i)
{
	const char *s = x->s;
	int depth = 0;

	for (size_t j = i; j < x->len; j++) {
		if (s[j] == '"') {
			for (j++; j < x->len && s[j] != '"' && s[j] != '\n';
			     j++)
				if (s[j] == '\\')
					j++;
		} else if (s[j] == '{') {
			depth++;
		} else if (s[j] == '}' && --depth == 0) {
			return j + 1;
		}
	}
	return x->len;
}

/* A template from i to the first `stop` byte (or, for a heredoc, to b):
 * literal text decoded, each ${...} and %{...} as "{}". */
static char *tf_template(lx *x, size_t i, size_t b, int quoted, size_t *end)
{
	const char *s = x->s;
	sunset_buf raw = SUNSET_BUF_INIT;
	char *v;

	while (i < b) {
		char c = s[i];
		if (quoted && (c == '"' || c == '\n'))
			break;
		if ((c == '$' || c == '%') && i + 2 < b && s[i + 1] == c &&
		    s[i + 2] == '{') {
			sunset_buf_put(&raw, s + i + 1, 2); /* $${ -> ${ */
			i += 3;
		} else if ((c == '$' || c == '%') && i + 1 < b &&
			   s[i + 1] == '{') {
			sunset_buf_puts(&raw, "{}");
			i = tf_interp_end(x, i + 1);
		} else if (quoted && c == '\\' && i + 1 < b) {
			sunset_buf_put(&raw, s + i, 2);
			i += 2;
		} else {
			if (!(c == '\r' && i + 1 < b && s[i + 1] == '\n'))
				sunset_buf_put(&raw, &c, 1);
			i++;
		}
	}
	*end = i < b ? i : b;
	if (quoted)
		v = sunset_unescape(x->f, raw.ptr ? raw.ptr : "", raw.len);
	else
		v = sunset_arena_strndup(x->f, raw.ptr ? raw.ptr : "", raw.len);
	sunset_buf_free(&raw);
	return v;
}

/* <<-EOT: the lines lose the indentation they share. */
static char *dedent(lx *x, const char *v)
{
	size_t min = SIZE_MAX;
	sunset_buf out = SUNSET_BUF_INIT;
	const char *p = v;

	while (*p) {
		size_t n = strspn(p, " \t");
		const char *nl = strchr(p, '\n');
		if (p[n] && p[n] != '\n' && n < min)
			min = n;
		if (!nl)
			break;
		p = nl + 1;
	}
	if (min == SIZE_MAX || min == 0)
		return (char *)v;
	for (p = v; *p;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) + 1 : strlen(p);
		size_t n = strspn(p, " \t");
		size_t cut = n < min ? n : min;
		if (cut > l)
			cut = l;
		sunset_buf_put(&out, p + cut, l - cut);
		p += l;
	}
	return buf_value(x, &out);
}

static void terraform(lx *x)
{
	const char *s = x->s;
	size_t i = 0;
	int label = 0; /* after "variable": its name */

	while (i < x->len) {
		char c = s[i];
		if (c == '#' ||
		    (c == '/' && i + 1 < x->len && s[i + 1] == '/')) {
			size_t le = line_end(x, i);
			comment(x, i, content_end(x, i, le));
			i = le;
			label = 0;
		} else if (c == '/' && i + 1 < x->len && s[i + 1] == '*') {
			const char *z =
				memmem(s + i + 2, x->len - i - 2, "*/", 2);
			size_t e = z ? (size_t)(z - s) + 2 : x->len;
			comment(x, i, e);
			i = e;
			label = 0;
		} else if (c == '"') {
			size_t z;
			char *v = tf_template(x, i + 1, x->len, 1, &z);
			size_t e = z < x->len && s[z] == '"' ? z + 1 : z;
			string(x, v, i, e);
			if (label && e == z + 1 && !memchr(s + i, '$', z - i) &&
			    !memchr(s + i, '\\', z - i))
				env(x, i + 1, z);
			label = 0;
			i = e;
		} else if (c == '<' && i + 2 < x->len && s[i + 1] == '<') {
			/* <<EOT or <<-EOT, then the body up to EOT */
			size_t j = i + 2, a, body, k;
			j += j < x->len && s[j] == '-';
			a = j;
			while (j < x->len && ident_char(s[j]))
				j++;
			label = 0;
			if (j == a || content_end(x, j, line_end(x, j)) != j) {
				i = j > i + 2 ? j : i + 2;
				continue;
			}
			body = k = next_line(x, line_end(x, j));
			while (k < x->len) {
				size_t le = line_end(x, k),
				       ce = content_end(x, k, le),
				       p = skip_blank(x, k, ce);
				if (ce - p == j - a &&
				    !memcmp(s + p, s + a, j - a))
					break;
				k = next_line(x, le);
			}
			{
				size_t vb = k, z;
				char *v;
				if (vb > body && s[vb - 1] == '\n')
					vb--;
				if (vb > body && s[vb - 1] == '\r')
					vb--;
				v = tf_template(x, body, vb, 0, &z);
				if (s[i + 2] == '-')
					v = dedent(x, v);
				string(x, v, body, vb);
			}
			i = k < x->len ? line_end(x, k) : x->len;
		} else if (ident_start(c)) {
			size_t k = i;
			while (k < x->len && (ident_char(s[k]) || s[k] == '-'))
				k++;
			if (label)
				env(x, i, k); /* variable openai_api_key { */
			label = word_is(x, i, k, "variable");
			i = k;
		} else {
			if (!blank(c) && c != '\r' && c != '\n')
				label = 0;
			i++;
		}
	}
}

/* ---- XML ---- */

/* Text with the XML entities decoded (unknown ones kept). */
static char *xml_text(lx *x, size_t a, size_t b)
{
	static const struct {
		const char *name;
		char c;
	} ents[] = {{"amp;", '&'},
		    {"lt;", '<'},
		    {"gt;", '>'},
		    {"quot;", '"'},
		    {"apos;", '\''}};
	const char *s = x->s;
	sunset_buf out = SUNSET_BUF_INIT;

	for (size_t i = a; i < b; i++) {
		size_t k;
		if (s[i] == '\r' && i + 1 < b && s[i + 1] == '\n')
			continue;
		if (s[i] != '&') {
			sunset_buf_put(&out, s + i, 1);
			continue;
		}
		for (k = 0; k < sizeof(ents) / sizeof(ents[0]); k++)
			if (has_at(x, i + 1, b, ents[k].name))
				break;
		if (k < sizeof(ents) / sizeof(ents[0])) {
			sunset_buf_put(&out, &ents[k].c, 1);
			i += strlen(ents[k].name);
		} else if (i + 2 < b && s[i + 1] == '#') {
			/* &#65; &#x41; */
			int hex = s[i + 2] == 'x' || s[i + 2] == 'X';
			size_t j = i + 2 + (size_t)hex;
			unsigned long cp = 0;
			while (j < b && j < i + 12 &&
			       (hex ? strchr("0123456789abcdefABCDEF", s[j]) !=
						NULL
				    : s[j] >= '0' && s[j] <= '9') &&
			       s[j]) {
				char d = s[j];
				cp = cp * (hex ? 16 : 10) +
				     (unsigned long)(d <= '9'	? d - '0'
						     : d <= 'F' ? d - 'A' + 10
								: d - 'a' + 10);
				j++;
			}
			if (j < b && s[j] == ';' && cp > 0 && cp < 0x110000) {
				sunset_buf_put_utf8(&out, (unsigned long)cp);
				i = j;
			} else {
				sunset_buf_put(&out, s + i, 1);
			}
		} else {
			sunset_buf_put(&out, s + i, 1);
		}
	}
	return buf_value(x, &out);
}

/* A string of xml text [a, b), trimmed; ${env.X} inside as env X. */
static void xml_string(lx *x, size_t a, size_t b, int trim)
{
	const char *s = x->s;

	if (trim) {
		while (a < b && (blank(s[a]) || s[a] == '\r' || s[a] == '\n'))
			a++;
		while (b > a && (blank(s[b - 1]) || s[b - 1] == '\r' ||
				 s[b - 1] == '\n'))
			b--;
		if (a == b)
			return;
	}
	string(x, xml_text(x, a, b), a, b);
	for (size_t i = a; i + 6 < b; i++) {
		size_t z = i + 6;
		if (!has_at(x, i, b, "${env.") || !ident_start(s[z]))
			continue;
		while (z < b && ident_char(s[z]))
			z++;
		if (z < b && s[z] == '}')
			env(x, i + 6, z);
		i = z - 1;
	}
}

static size_t find(const lx *x, size_t i, const char *lit)
{
	const char *z = memmem(x->s + i, x->len - i, lit, strlen(lit));
	return z ? (size_t)(z - x->s) : x->len;
}

static void xml(lx *x)
{
	const char *s = x->s;
	size_t i = 0;

	while (i < x->len) {
		if (s[i] != '<') {
			const char *lt = memchr(s + i, '<', x->len - i);
			size_t z = lt ? (size_t)(lt - s) : x->len;
			xml_string(x, i, z, 1);
			i = z;
		} else if (has_at(x, i, x->len, "<!--")) {
			size_t z = find(x, i + 4, "-->");
			z = z < x->len ? z + 3 : z;
			comment(x, i, z);
			i = z;
		} else if (has_at(x, i, x->len, "<![CDATA[")) {
			size_t z = find(x, i + 9, "]]>");
			xml_string(x, i + 9, z, 1);
			i = z < x->len ? z + 3 : z;
		} else if (has_at(x, i, x->len, "<?")) {
			size_t z = find(x, i + 2, "?>");
			i = z < x->len ? z + 2 : z;
		} else if (has_at(x, i, x->len, "<!")) {
			size_t z = i + 2;
			int bracket = 0;
			while (z < x->len && (s[z] != '>' || bracket)) {
				if (s[z] == '[')
					bracket = 1;
				else if (s[z] == ']')
					bracket = 0;
				z++;
			}
			i = z < x->len ? z + 1 : z;
		} else {
			/* a tag: its attribute values */
			size_t j = i + 1;
			while (j < x->len && s[j] != '>' && s[j] != '<') {
				if (s[j] == '"' || s[j] == '\'') {
					const char *q = memchr(s + j + 1, s[j],
							       x->len - j - 1);
					size_t z = q ? (size_t)(q - s) : x->len;
					xml_string(x, j + 1, z, 0);
					j = z < x->len ? z + 1 : z;
				} else {
					j++;
				}
			}
			i = j < x->len && s[j] == '>' ? j + 1 : j;
		}
	}
}

/* ---- Gradle (Groovy) ---- */

/* A Groovy string at i: '...', "..." (GString: $x and ${...} as "{}"),
 * '''...''', """...""". Returns the end; the value in *out. */
static size_t groovy_string(lx *x, size_t i, char **out)
{
	const char *s = x->s;
	char q = s[i];
	int triple = has_at(x, i, x->len, q == '"' ? "\"\"\"" : "'''");
	size_t j = i + (triple ? 3 : 1);
	sunset_buf raw = SUNSET_BUF_INIT;

	while (j < x->len) {
		char c = s[j];
		if (triple ? has_at(x, j, x->len, q == '"' ? "\"\"\"" : "'''")
			   : c == q)
			break;
		if (!triple && c == '\n')
			break;
		if (c == '\\' && j + 1 < x->len) {
			sunset_buf_put(&raw, s + j, 2);
			j += 2;
		} else if (q == '"' && c == '$' && j + 1 < x->len &&
			   s[j + 1] == '{') {
			sunset_buf_puts(&raw, "{}");
			j = tf_interp_end(x, j + 1);
		} else if (q == '"' && c == '$' && j + 1 < x->len &&
			   ident_start(s[j + 1])) {
			j++;
			while (j < x->len && (ident_char(s[j]) ||
					      (s[j] == '.' && j + 1 < x->len &&
					       ident_start(s[j + 1]))))
				j++;
			sunset_buf_puts(&raw, "{}");
		} else {
			if (!(c == '\r' && j + 1 < x->len && s[j + 1] == '\n'))
				sunset_buf_put(&raw, &c, 1);
			j++;
		}
	}
	*out = sunset_unescape(x->f, raw.ptr ? raw.ptr : "", raw.len);
	sunset_buf_free(&raw);
	if (j >= x->len || (!triple && s[j] == '\n'))
		return j;
	return j + (triple ? 3 : 1);
}

/* Non-zero when the string at i is the argument of getenv(...) or
 * environmentVariable(...). */
static int groovy_env_arg(const lx *x, size_t i)
{
	static const char *const readers[] = {"getenv", "environmentVariable"};
	size_t k = i;

	while (k > 0 && (blank(x->s[k - 1]) || x->s[k - 1] == '('))
		k--;
	for (size_t r = 0; r < 2; r++) {
		size_t l = strlen(readers[r]);
		if (k >= l && !memcmp(x->s + k - l, readers[r], l) &&
		    (k == l || !ident_char(x->s[k - l - 1])))
			return 1;
	}
	return 0;
}

static void gradle(lx *x)
{
	const char *s = x->s;
	size_t i = 0;

	while (i < x->len) {
		char c = s[i];
		if (c == '/' && i + 1 < x->len && s[i + 1] == '/') {
			size_t le = line_end(x, i);
			comment(x, i, content_end(x, i, le));
			i = le;
		} else if (c == '/' && i + 1 < x->len && s[i + 1] == '*') {
			size_t z = find(x, i + 2, "*/");
			z = z < x->len ? z + 2 : z;
			comment(x, i, z);
			i = z;
		} else if (c == '"' || c == '\'') {
			char *v;
			size_t z = groovy_string(x, i, &v);
			string(x, v, i, z);
			if (groovy_env_arg(x, i) && *v && !strchr(v, '{')) {
				int q = has_at(x, i, x->len, "\"\"\"") ||
							has_at(x, i, x->len,
							       "'''")
						? 3
						: 1;
				if (z >= i + 2 * (size_t)q)
					env(x, i + (size_t)q, z - (size_t)q);
			}
			i = z > i ? z : i + 1;
		} else {
			i++;
		}
	}
}

/* ---- comments only ---- */

/* `marker` comments: whole lines, and with `trailing` also after
 * whitespace later on a line (requirements). */
static void hash_comments(lx *x, int trailing)
{
	size_t i = 0;

	while (i < x->len) {
		size_t le = line_end(x, i), ce = content_end(x, i, le);
		size_t p = skip_blank(x, i, ce);
		if (p < ce && x->s[p] == '#') {
			comment(x, p, ce);
		} else if (trailing) {
			for (size_t k = p; k < ce; k++)
				if (x->s[k] == '#' && blank(x->s[k - 1])) {
					comment(x, k, ce);
					break;
				}
		}
		i = next_line(x, le);
	}
}

/* go.mod: // comments outside quoted strings */
static void gomod(lx *x)
{
	size_t i = 0;

	while (i < x->len) {
		size_t le = line_end(x, i), ce = content_end(x, i, le);
		char q = 0;
		for (size_t k = i; k < ce; k++) {
			char c = x->s[k];
			if (q) {
				if (c == '\\' && q == '"')
					k++;
				else if (c == q)
					q = 0;
			} else if (c == '"' || c == '`') {
				q = c;
			} else if (c == '/' && k + 1 < ce &&
				   x->s[k + 1] == '/') {
				comment(x, k, ce);
				break;
			}
		}
		i = next_line(x, le);
	}
}

void sunset_extract_lines(sunset_facts *f, const char *src, size_t len)
{
	lx x;

	memset(&x, 0, sizeof(x));
	x.f = f;
	x.s = src;
	x.len = len;
	x.pline = 1;
	x.pcol = 1;
	switch (f->lang) {
	case SUNSET_LANG_DOTENV:
		dotenv(&x);
		break;
	case SUNSET_LANG_PROPERTIES:
		properties(&x);
		break;
	case SUNSET_LANG_INI:
		ini(&x);
		break;
	case SUNSET_LANG_DOCKERFILE:
		dockerfile(&x);
		break;
	case SUNSET_LANG_SHELL:
		shell_file(&x);
		break;
	case SUNSET_LANG_TERRAFORM:
		terraform(&x);
		break;
	case SUNSET_LANG_XML:
		xml(&x);
		break;
	case SUNSET_LANG_GRADLE:
		gradle(&x);
		break;
	case SUNSET_LANG_REQUIREMENTS:
		hash_comments(&x, 1);
		break;
	case SUNSET_LANG_YARN_LOCK:
		hash_comments(&x, 0);
		break;
	case SUNSET_LANG_GOMOD:
		gomod(&x);
		break;
	default: /* go.sum, Gemfile.lock: nothing but dependencies */
		break;
	}
}
