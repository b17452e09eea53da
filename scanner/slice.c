/* slice.c - parse only the parts of a file that can matter to the rules
 *
 * Blocks are found from lines and indentation, not by parsing: a cut
 * that is wrong shows as a syntax error in the part parsed, and the
 * whole file is parsed then. Three shapes cover the languages:
 *   braces   a line ending in '{' opens a block that the first later
 *            line at the same indentation starting with '}' closes (the
 *            next line at that indentation or less otherwise ends it as
 *            no block); its inside may be left out: f() {}.
 *   Python   def and class (with their decorators) own the lines
 *            indented below them; the whole statement may be left out.
 *   Ruby     def, class and module end at an 'end' at their own
 *            indentation; the whole statement may be left out.
 * A class-like block (class, interface, impl, namespace, ...) that is
 * kept has its members judged one by one; any other kept block is kept
 * whole. */
#include "slice.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

typedef enum { SHAPE_NONE, SHAPE_BRACES, SHAPE_PYTHON, SHAPE_RUBY } shape;

/* what a block is */
enum {
	KIND_BODY,	/* a function-like body: left out or kept whole */
	KIND_CONTAINER, /* class-like: its members are judged one by one */
	KIND_KEEP	/* never left out; kept whole */
};

typedef struct {
	uint32_t start, end; /* the bytes that may be left out */
	/* with the header and the closing line: a word there keeps the
	 * block (import {\n a,\n} from "vendor") */
	uint32_t ostart, oend;
	/* what is left out when it is: its inside, or the whole of it
	 * with header and closing line when that leaves valid code */
	uint32_t cut_start, cut_end;
	int parent; /* the enclosing block, -1: none */
	unsigned char kind;
	unsigned char keep; /* parsed */
} block;

typedef struct {
	block *items;
	size_t count, cap;
} blocks;

typedef struct {
	uint32_t start, end;  /* without the newline */
	uint32_t first, last; /* first and last non-blank bytes */
	uint32_t indent;      /* blanks before first (a tab is one) */
	unsigned char blank;  /* nothing, or a comment only */
} line;

typedef struct {
	line *items;
	size_t count;
} lines;

static shape shape_of(sunset_lang lang)
{
	switch (lang) {
	case SUNSET_LANG_PYTHON:
		return SHAPE_PYTHON;
	case SUNSET_LANG_RUBY:
		return SHAPE_RUBY;
	case SUNSET_LANG_JAVASCRIPT:
	case SUNSET_LANG_TYPESCRIPT:
	case SUNSET_LANG_TSX:
	case SUNSET_LANG_GO:
	case SUNSET_LANG_JAVA:
	case SUNSET_LANG_KOTLIN:
	case SUNSET_LANG_CSHARP:
	case SUNSET_LANG_PHP:
	case SUNSET_LANG_RUST:
		return SHAPE_BRACES;
	default:
		return SHAPE_NONE;
	}
}

static int ident(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* ---- lines ---- */

static int comment_start(shape sh, const char *s, size_t n)
{
	if (sh == SHAPE_BRACES)
		return (n >= 2 && s[0] == '/' &&
			(s[1] == '/' || s[1] == '*')) ||
		       s[0] == '*';
	return s[0] == '#';
}

static void split_lines(lines *out, shape sh, const char *src, size_t len)
{
	size_t n = 1, k = 0;

	for (size_t i = 0; i < len; i++)
		n += src[i] == '\n';
	out->items = sunset_calloc(n, sizeof(line));
	for (size_t i = 0; i <= len && k < n;) {
		line *l = &out->items[k++];
		size_t j = i, e;
		const char *nl = memchr(src + i, '\n', len - i);
		e = nl ? (size_t)(nl - src) : len;
		l->start = (uint32_t)i;
		l->end = (uint32_t)e;
		while (j < e && (src[j] == ' ' || src[j] == '\t'))
			j++;
		l->indent = (uint32_t)(j - i);
		l->first = (uint32_t)j;
		l->last = (uint32_t)e;
		while (l->last > j &&
		       (src[l->last - 1] == ' ' || src[l->last - 1] == '\t' ||
			src[l->last - 1] == '\r'))
			l->last--;
		l->blank =
			j == l->last || comment_start(sh, src + j, l->last - j);
		if (l->last > j)
			l->last--; /* the last non-blank byte */
		i = e + 1;
	}
	out->count = k;
}

static void add_block(blocks *b, uint32_t start, uint32_t end, uint32_t ostart,
		      uint32_t oend, int kind)
{
	if (end <= start)
		return;
	if (b->count == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 32;
		b->items = sunset_realloc(b->items, b->cap * sizeof(block));
	}
	b->items[b->count].start = start;
	b->items[b->count].end = end;
	if (!oend) { /* no header or closing line of its own */
		ostart = start;
		oend = end;
	}
	b->items[b->count].ostart = ostart < start ? ostart : start;
	b->items[b->count].oend = oend > end ? oend : end;
	b->items[b->count].cut_start = start;
	b->items[b->count].cut_end = end;
	b->items[b->count].parent = -1;
	b->items[b->count].kind = (unsigned char)kind;
	b->items[b->count++].keep = 0;
}

/* The word at s (up to end), or 0. */
static size_t word_at(const char *s, const char *end)
{
	size_t n = 0;
	while (s + n < end && ident((unsigned char)s[n]))
		n++;
	return n;
}

static int word_in(const char *w, size_t n, const char *const *set)
{
	for (size_t i = 0; set[i]; i++)
		if (strlen(set[i]) == n && !memcmp(set[i], w, n))
			return 1;
	return 0;
}

/* What a block whose header reads [s, end) is. */
static int header_kind(sunset_lang lang, const char *s, const char *end)
{
	static const char *const modifiers[] = {
		"public",    "private",	 "protected", "internal",   "static",
		"final",     "abstract", "sealed",    "open",	    "data",
		"inner",     "export",	 "default",   "partial",    "readonly",
		"unsafe",    "pub",	 "crate",     "super",	    "self",
		"in",	     "async",	 "declare",   "override",   "virtual",
		"companion", "inline",	 "value",     "annotation", "extern",
		"new",	     NULL};
	static const char *const containers[] = {
		"class",  "interface", "object", "enum",      "record",
		"struct", "impl",      "trait",	 "namespace", "mod",
		"module", "union",     NULL};
	const char *p = s;

	/* past modifiers and annotations to the first word */
	while (p < end) {
		size_t n;
		while (p < end && !ident((unsigned char)*p) && *p != '@' &&
		       *p != '(')
			p++;
		if (p < end && *p == '@') { /* an annotation */
			p++;
			p += word_at(p, end);
			continue;
		}
		if (p >= end || *p == '(')
			break;
		n = word_at(p, end);
		if (word_in(p, n, modifiers)) {
			p += n;
			continue;
		}
		if (word_in(p, n, containers) ||
		    (lang == SUNSET_LANG_GO && n == 4 && !memcmp(p, "type", 4)))
			return KIND_CONTAINER;
		break;
	}
	if (memchr(s, '(', (size_t)(end - s)))
		return KIND_BODY;
	/* object literals */
	if (lang == SUNSET_LANG_JAVASCRIPT || lang == SUNSET_LANG_TYPESCRIPT ||
	    lang == SUNSET_LANG_TSX)
		return KIND_CONTAINER;
	return KIND_KEEP;
}

/* ---- braces ---- */

static int closer(char c)
{
	return c == ')' || c == ']' || c == '}';
}

typedef struct {
	uint32_t indent, header, body;
	size_t hline; /* the header's line */
	int kind;
} open_brace;

static int annotation(sunset_lang lang, const char *s, const char *e)
{
	if (*s == '@') /* Java, Kotlin, TypeScript */
		return 1;
	if (lang == SUNSET_LANG_CSHARP && *s == '[' && e[-1] == ']')
		return 1;
	return lang == SUNSET_LANG_RUST && e - s >= 2 && s[0] == '#' &&
	       (s[1] == '[' || s[1] == '!');
}

/* A body whose header line starts a declaration, and whose closing line
 * is only its brace, may be left out whole with its annotations: the
 * header is parsed for nothing otherwise. Declarations end at a newline
 * in Go and Kotlin; elsewhere the line before must end one (';', '{',
 * '}', or a Go group's ')'). */
static void cut_whole(block *b, sunset_lang lang, const char *src,
		      const lines *ls, size_t hline, size_t cline)
{
	const line *h = &ls->items[hline], *c = &ls->items[cline];
	size_t first = hline, k;
	int newline_ends = lang == SUNSET_LANG_GO || lang == SUNSET_LANG_KOTLIN;
	int script = lang == SUNSET_LANG_JAVASCRIPT ||
		     lang == SUNSET_LANG_TYPESCRIPT || lang == SUNSET_LANG_TSX;
	size_t clen = c->last + 1 - c->first;

	if (b->kind == KIND_KEEP || h->indent != c->indent ||
	    closer(src[h->first]) ||
	    !(clen == 1 || (clen == 2 && (src[c->last] == ';' ||
					  (script && src[c->last] == ',')))))
		return;
	while (first > 0) { /* annotations right above */
		const line *a = &ls->items[first - 1];
		if (a->blank || a->indent != h->indent ||
		    !annotation(lang, src + a->first, src + a->last + 1))
			break;
		first--;
	}
	for (k = first; k > 0 && ls->items[k - 1].blank; k--)
		;
	if (k > 0 && !newline_ends) {
		const line *p = &ls->items[k - 1];
		char e = src[p->last];
		if (!(e == ';' || e == '{' || e == '}' ||
		      (e == ')' && p->first == p->last)))
			return;
	}
	b->cut_start = ls->items[first].start;
	b->cut_end =
		c->end < ls->items[ls->count - 1].end ? c->end + 1 : c->end;
	if (b->cut_start < b->ostart)
		b->ostart = b->cut_start;
	if (b->cut_end > b->oend)
		b->oend = b->cut_end;
}

static uint32_t line_end(const lines *ls, size_t i, size_t len);

/* JavaScript's statements at the top over several lines, such as
 *   export const f = (rows) =>
 *     rows.filter(...)
 *   ;
 * a line at no indentation, the indented lines after it and a closing
 * line back at no indentation; left out whole. */
static void statement_block(blocks *out, const char *src, const lines *ls,
			    size_t i)
{
	const line *l = &ls->items[i];
	size_t k = i + 1, last = i;

	if (l->indent || src[l->last] == '{' || closer(src[l->first]))
		return;
	for (; k < ls->count; k++) {
		if (ls->items[k].blank)
			continue;
		if (!ls->items[k].indent)
			break;
		last = k;
	}
	if (last == i)
		return;
	if (k < ls->count && closer(src[ls->items[k].first]) &&
	    src[ls->items[k].last] != '{')
		last = k;
	add_block(out, l->start,
		  line_end(ls, last, ls->items[ls->count - 1].end), 0, 0,
		  KIND_BODY);
}

static void brace_blocks(blocks *out, sunset_lang lang, const char *src,
			 const lines *ls)
{
	open_brace *st = sunset_calloc(ls->count + 1, sizeof(open_brace));
	size_t n = 0;
	const line *prev = NULL;
	int script = lang == SUNSET_LANG_JAVASCRIPT ||
		     lang == SUNSET_LANG_TYPESCRIPT || lang == SUNSET_LANG_TSX;

	for (size_t i = 0; i < ls->count; i++) {
		const line *l = &ls->items[i];
		if (l->blank)
			continue;
		if (!n && script)
			statement_block(out, src, ls, i);
		while (n && l->indent <= st[n - 1].indent) {
			if (l->indent == st[n - 1].indent &&
			    src[l->first] == '}') {
				size_t before = out->count;
				add_block(out, st[n - 1].body, l->first,
					  st[n - 1].header, l->end,
					  st[n - 1].kind);
				if (out->count > before)
					cut_whole(&out->items[before], lang,
						  src, ls, st[n - 1].hline, i);
				n--;
				break;
			}
			n--; /* its lines ended otherwise: no block */
		}
		if (src[l->last] == '{') {
			const line *h = l;
			if (l->first == l->last && prev)
				h = prev;
			st[n].indent = l->indent;
			st[n].header = h->start;
			st[n].hline = (size_t)(h - ls->items);
			st[n].body = l->last + 1;
			st[n++].kind = header_kind(lang, src + h->first,
						   src + h->last + 1);
		}
		prev = l;
	}
	free(st);
}

/* ---- Python and Ruby ---- */

static int starts_word(const char *s, const char *end, const char *w)
{
	size_t n = strlen(w);
	return (size_t)(end - s) >= n && !memcmp(s, w, n) &&
	       (s + n == end || !ident((unsigned char)s[n]));
}

/* Bracket depth change over a line, skipping quoted strings. */
static int bracket_delta(const char *s, const char *end)
{
	int d = 0;
	for (const char *p = s; p < end; p++) {
		if (*p == '#')
			break;
		if (*p == '"' || *p == '\'') {
			char q = *p++;
			while (p < end && *p != q) {
				if (*p == '\\')
					p++;
				p++;
			}
			continue;
		}
		d += (*p == '(' || *p == '[' || *p == '{') -
		     (*p == ')' || *p == ']' || *p == '}');
	}
	return d;
}

typedef struct {
	uint32_t indent, start;
	uint32_t body_indent; /* 0: no member line seen yet */
	int kind;
} open_stmt;

/* The indentation members of the innermost open statement must have
 * to be blocks of their own: the module's (0) or a class's first. */
static int member_at(const open_stmt *st, size_t n, uint32_t indent)
{
	if (!n)
		return indent == 0;
	if (st[n - 1].kind != KIND_CONTAINER)
		return 1; /* inside a body: kept with it anyway */
	return st[n - 1].body_indent == 0 || st[n - 1].body_indent == indent;
}

static uint32_t line_end(const lines *ls, size_t i, size_t len)
{
	uint32_t e = ls->items[i].end;
	return e < len ? e + 1 : e;
}

/* The line where what opens on line i (a bracket) closes. */
static size_t continued(const lines *ls, const char *src, size_t i)
{
	const line *l = &ls->items[i];

	for (int d = bracket_delta(src + l->first, src + l->last + 1);
	     d > 0 && i + 1 < ls->count;) {
		l = &ls->items[++i];
		d += bracket_delta(src + l->first, src + l->last + 1);
	}
	return i;
}

static void python_blocks(blocks *out, const char *src, size_t len,
			  const lines *ls)
{
	open_stmt *st = sunset_calloc(ls->count + 1, sizeof(open_stmt));
	size_t n = 0;
	size_t last = 0; /* the last line read: where open blocks end */
	long deco = -1;	 /* the first decorator line of what follows */

	for (size_t i = 0; i < ls->count; i++) {
		const line *l = &ls->items[i];
		const char *s = src + l->first, *e = src + l->last + 1;
		if (l->blank)
			continue;
		while (n && l->indent <= st[n - 1].indent) {
			add_block(out, st[n - 1].start, line_end(ls, last, len),
				  0, 0, st[n - 1].kind);
			n--;
		}
		if (n && !st[n - 1].body_indent && l->indent > st[n - 1].indent)
			st[n - 1].body_indent = l->indent;
		if (*s == '@' && member_at(st, n, l->indent)) {
			if (deco < 0)
				deco = (long)i;
			/* a decorator over several lines */
			last = i = continued(ls, src, i);
			continue;
		}
		if ((starts_word(s, e, "def") || starts_word(s, e, "class") ||
		     (starts_word(s, e, "async") &&
		      starts_word(s + 6 < e ? s + 6 : e, e, "def"))) &&
		    member_at(st, n, l->indent) &&
		    (deco < 0 || ls->items[deco].indent == l->indent)) {
			st[n].indent = l->indent;
			st[n].start =
				deco >= 0 ? ls->items[deco].start : l->start;
			st[n].body_indent = 0;
			st[n++].kind = starts_word(s, e, "class")
					       ? KIND_CONTAINER
					       : KIND_BODY;
			/* a signature over several lines */
			i = continued(ls, src, i);
		}
		last = i;
		deco = -1;
	}
	while (n) {
		add_block(out, st[n - 1].start, line_end(ls, last, len), 0, 0,
			  st[n - 1].kind);
		n--;
	}
	free(st);
}

/* A Ruby definition that ends on its own line: "def x; end",
 * "def x(a) = a * 2" (a setter "def x=(v)" is no such thing). */
static int one_line(const char *s, const char *e)
{
	int depth = 0;

	if (e - s >= 3 && !memcmp(e - 3, "end", 3) &&
	    (e - s == 3 || !ident((unsigned char)e[-4])))
		return 1;
	for (const char *p = s; p < e; p++) {
		if (*p == '#')
			break;
		depth += (*p == '(') - (*p == ')');
		if (*p == '=' && depth == 0 && p > s &&
		    (p[-1] == ' ' || p[-1] == ')') &&
		    (p + 1 == e || (p[1] != '=' && p[1] != '~' && p[1] != '>')))
			return 1;
	}
	return 0;
}

static void ruby_blocks(blocks *out, const char *src, size_t len,
			const lines *ls)
{
	static const char *const middles[] = {"rescue", "ensure", "else",
					      "elsif",	"when",	  "in",
					      "then",	NULL};
	open_stmt *st = sunset_calloc(ls->count + 1, sizeof(open_stmt));
	size_t n = 0;

	for (size_t i = 0; i < ls->count; i++) {
		const line *l = &ls->items[i];
		const char *s = src + l->first, *e = src + l->last + 1;
		int closed = 0;
		if (l->blank)
			continue;
		while (n && l->indent <= st[n - 1].indent) {
			if (l->indent == st[n - 1].indent) {
				if (starts_word(s, e, "end")) {
					add_block(out, st[n - 1].start,
						  line_end(ls, i, len), 0, 0,
						  st[n - 1].kind);
					n--;
					closed = 1;
					break;
				}
				if (word_in(s, word_at(s, e), middles))
					break;
			}
			n--; /* no 'end' where it belongs: no block */
		}
		if (closed)
			continue;
		if (n && !st[n - 1].body_indent && l->indent > st[n - 1].indent)
			st[n - 1].body_indent = l->indent;
		{
			const char *w = s;
			int kind = -1;
			while (starts_word(w, e, "private") ||
			       starts_word(w, e, "protected") ||
			       starts_word(w, e, "public")) {
				w += word_at(w, e);
				while (w < e && *w == ' ')
					w++;
			}
			if (starts_word(w, e, "def"))
				kind = KIND_BODY;
			else if (starts_word(w, e, "class") ||
				 starts_word(w, e, "module"))
				kind = KIND_CONTAINER;
			/* one line (def x; end, def x = 1) is no block */
			if (kind >= 0 && member_at(st, n, l->indent) &&
			    !one_line(s, e)) {
				st[n].indent = l->indent;
				st[n].start = l->start;
				st[n].body_indent = 0;
				st[n++].kind = kind;
			}
		}
	}
	free(st); /* still open: no 'end', no block */
}

/* ---- the plan ---- */

static int by_start(const void *a, const void *b)
{
	const block *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end > y->end ? -1 : x->end < y->end;
}

static int hit_cmp(const void *a, const void *b)
{
	const sunset_hit *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

/* Blocks in order of their start, each with its parent. */
static void find_blocks(blocks *out, lines *ls, sunset_lang lang,
			const char *src, size_t len)
{
	shape sh = shape_of(lang);
	int *stack;
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	memset(ls, 0, sizeof(*ls));
	if (sh == SHAPE_NONE)
		return;
	split_lines(ls, sh, src, len);
	if (sh == SHAPE_BRACES)
		brace_blocks(out, lang, src, ls);
	else if (sh == SHAPE_PYTHON)
		python_blocks(out, src, len, ls);
	else
		ruby_blocks(out, src, len, ls);
	if (!out->count)
		return;
	qsort(out->items, out->count, sizeof(block), by_start);
	stack = sunset_calloc(out->count, sizeof(int));
	for (size_t i = 0; i < out->count; i++) {
		block *b = &out->items[i];
		while (n && out->items[stack[n - 1]].end <= b->start)
			n--;
		/* blocks nest or follow each other; anything else (a cut
		 * that crosses another) is kept from being left out */
		if (n && b->end > out->items[stack[n - 1]].end)
			b->kind = KIND_KEEP;
		b->parent = n ? stack[n - 1] : -1;
		stack[n++] = (int)i;
	}
	free(stack);
}

static void keep_up(blocks *bs, int i)
{
	for (; i >= 0 && !bs->items[i].keep; i = bs->items[i].parent)
		bs->items[i].keep = 1;
}

/* Keep the innermost block of the chain from `i` up whose outer bytes
 * hold `at`, and its parents. */
static void keep_chain(blocks *bs, int i, uint32_t at)
{
	for (; i >= 0; i = bs->items[i].parent)
		if (at >= bs->items[i].ostart && at < bs->items[i].oend) {
			keep_up(bs, i);
			return;
		}
}

/* Mark kept the innermost block holding byte `at` (with its header and
 * closing line), and its parents. */
static void keep_at(blocks *bs, uint32_t at)
{
	size_t lo = 0, hi = bs->count;

	while (lo < hi) { /* the last block whose header starts by `at` */
		size_t mid = (lo + hi) / 2;
		if (bs->items[mid].ostart <= at)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* a line that closes one block may open the next: } else { */
	if (lo >= 1)
		keep_chain(bs, (int)lo - 1, at);
	if (lo >= 2)
		keep_chain(bs, (int)lo - 2, at);
}

/* Left out: not kept, not kept whole, and every enclosing block a kept
 * container. */
static int left_out(const blocks *bs, size_t i)
{
	const block *b = &bs->items[i];
	if (b->keep || b->kind == KIND_KEEP)
		return 0;
	for (int p = b->parent; p >= 0; p = bs->items[p].parent)
		if (!bs->items[p].keep || bs->items[p].kind != KIND_CONTAINER)
			return 0;
	return 1;
}

static size_t sum_left_out(const blocks *bs)
{
	size_t n = 0;
	for (size_t i = 0; i < bs->count; i++)
		if (left_out(bs, i))
			n += bs->items[i].cut_end - bs->items[i].cut_start;
	return n;
}

static TSPoint point_at(const lines *ls, uint32_t at)
{
	size_t lo = 0, hi = ls->count;
	TSPoint pt;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (ls->items[mid].start <= at)
			lo = mid + 1;
		else
			hi = mid;
	}
	pt.row = (uint32_t)(lo ? lo - 1 : 0);
	pt.column = at - ls->items[pt.row].start;
	return pt;
}

/* The ranges to parse: the file without what is left out. */
static TSRange *ranges_of(const blocks *bs, const lines *ls, size_t len,
			  size_t *count)
{
	TSRange *r = sunset_calloc(bs->count + 1, sizeof(TSRange));
	uint32_t at = 0;
	size_t n = 0;

	for (size_t i = 0; i < bs->count; i++) {
		const block *b = &bs->items[i];
		if (!left_out(bs, i))
			continue;
		if (b->cut_start > at) {
			r[n].start_byte = at;
			r[n].end_byte = b->cut_start;
			r[n].start_point = point_at(ls, at);
			r[n++].end_point = point_at(ls, b->cut_start);
		}
		at = b->cut_end;
	}
	if (at < len || !n) {
		r[n].start_byte = at;
		r[n].end_byte = (uint32_t)len;
		r[n].start_point = point_at(ls, at);
		r[n++].end_point = point_at(ls, (uint32_t)len);
	}
	*count = n;
	return r;
}

/* ---- names bound to what matters ---- */

typedef struct {
	const char **w;
	uint32_t *n;
	size_t cap, count; /* cap: a power of two */
} wordset;

static uint32_t hash_word(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static int ws_has(const wordset *ws, const char *s, size_t n)
{
	if (!ws->count)
		return 0;
	for (size_t i = hash_word(s, n) & (ws->cap - 1); ws->w[i];
	     i = (i + 1) & (ws->cap - 1))
		if (ws->n[i] == n && !memcmp(ws->w[i], s, n))
			return 1;
	return 0;
}

/* Adds the last word of `name` ("self.client" -> "client"); returns 1
 * when it is new. */
static int ws_add_last(wordset *ws, const char *name)
{
	const char *end = name + strlen(name), *s = end;
	size_t n, i;

	while (s > name && !ident((unsigned char)s[-1]))
		s--, end--;
	while (s > name && ident((unsigned char)s[-1]))
		s--;
	n = (size_t)(end - s);
	if (!n || ws_has(ws, s, n))
		return 0;
	if (2 * (ws->count + 1) > ws->cap) {
		wordset bigger = {0};
		bigger.cap = ws->cap ? 2 * ws->cap : 16;
		bigger.w = sunset_calloc(bigger.cap, sizeof(char *));
		bigger.n = sunset_calloc(bigger.cap, sizeof(uint32_t));
		for (size_t k = 0; k < ws->cap; k++) {
			if (!ws->w[k])
				continue;
			i = hash_word(ws->w[k], ws->n[k]) & (bigger.cap - 1);
			while (bigger.w[i])
				i = (i + 1) & (bigger.cap - 1);
			bigger.w[i] = ws->w[k];
			bigger.n[i] = ws->n[k];
		}
		bigger.count = ws->count;
		free(ws->w);
		free(ws->n);
		*ws = bigger;
	}
	i = hash_word(s, n) & (ws->cap - 1);
	while (ws->w[i])
		i = (i + 1) & (ws->cap - 1);
	ws->w[i] = s;
	ws->n[i] = (uint32_t)n;
	ws->count++;
	return 1;
}

static void ws_free(wordset *ws)
{
	free(ws->w);
	free(ws->n);
	memset(ws, 0, sizeof(*ws));
}

static int names_any(const wordset *ws, const char *s, size_t n)
{
	if (!ws->count)
		return 0;
	for (size_t i = 0; i < n;) {
		size_t k = i;
		while (k < n && ident((unsigned char)s[k]))
			k++;
		if (k > i) {
			if (ws_has(ws, s + i, k - i))
				return 1;
			i = k;
		} else {
			i++;
		}
	}
	return 0;
}

/* Any hit overlapping [a, b)? Hits are sorted by start. */
static int hit_in(const sunset_hits *h, uint32_t a, uint32_t b)
{
	size_t lo = 0, hi = h->count;
	while (lo < hi) { /* the first hit starting at or after b */
		size_t mid = (lo + hi) / 2;
		if (h->items[mid].start < b)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* hits are short: look back a few */
	for (size_t i = lo; i-- > 0;) {
		if (h->items[i].end > a)
			return 1;
		if (lo - i > 64)
			return 1; /* many: assume so */
		if (h->items[i].start + 256 < a)
			break;
	}
	return 0;
}

#define TAINT_ROUNDS_MAX 64

/* The names the parsed part binds to a hit, directly or through other
 * names. Returns -1 when the whole file must be parsed: a vendor module
 * imported by wildcard brings names no alias shows. */
static int bound_names(wordset *ws, const sunset_facts *f,
		       const sunset_hits *hits, const char *src)
{
	unsigned char *done;
	int changed = 1, rounds = 0;

	for (size_t i = 0; i < f->nimports; i++) {
		const sunset_import *m = &f->imports[i];
		if (!hit_in(hits, m->span.start_byte, m->span.end_byte))
			continue;
		if (m->wildcard || (!m->alias && f->lang == SUNSET_LANG_RUBY))
			return -1;
		if (m->alias)
			ws_add_last(ws, m->alias);
	}
	done = sunset_calloc(f->nassigns ? f->nassigns : 1, 1);
	while (changed) {
		/* rounds times assignments times names: stop on a signal */
		if (++rounds > TAINT_ROUNDS_MAX || sunset_interrupted()) {
			free(done);
			return -1;
		}
		changed = 0;
		for (size_t i = 0; i < f->nassigns; i++) {
			const sunset_assign *a = &f->assigns[i];
			uint32_t s = a->span.start_byte, e = a->span.end_byte;
			if (done[i])
				continue;
			if (!hit_in(hits, s, e) &&
			    !names_any(ws, src + s, e - s))
				continue;
			done[i] = 1;
			changed |= ws_add_last(ws, a->target);
		}
	}
	free(done);
	return 0;
}

/* Keep every left-out block that names one of `ws`. Returns how many. */
static size_t keep_named(blocks *bs, const wordset *ws, const char *src)
{
	size_t n = 0;
	unsigned char *out = sunset_calloc(bs->count ? bs->count : 1, 1);

	/* decided on one state, then applied */
	for (size_t i = 0; i < bs->count; i++)
		out[i] = (unsigned char)left_out(bs, i);
	for (size_t i = 0; i < bs->count; i++) {
		const block *b = &bs->items[i];
		if (out[i] && names_any(ws, src + b->cut_start,
					b->cut_end - b->cut_start)) {
			keep_up(bs, (int)i);
			n++;
		}
	}
	free(out);
	return n;
}

static void plan(blocks *bs, lines *ls, sunset_hits *sorted, sunset_lang lang,
		 const char *src, size_t len, const sunset_hits *hits)
{
	find_blocks(bs, ls, lang, src, len);
	memset(sorted, 0, sizeof(*sorted));
	if (hits && hits->count) {
		sorted->items = sunset_calloc(hits->count, sizeof(sunset_hit));
		memcpy(sorted->items, hits->items,
		       hits->count * sizeof(sunset_hit));
		sorted->count = sorted->cap = hits->count;
		qsort(sorted->items, sorted->count, sizeof(sunset_hit),
		      hit_cmp);
	}
	for (size_t i = 0; i < sorted->count; i++) {
		keep_at(bs, sorted->items[i].start);
		if (sorted->items[i].end > sorted->items[i].start + 1)
			keep_at(bs, sorted->items[i].end - 1);
	}
}

void sunset_slice_plan(sunset_hits *out, sunset_lang lang, const char *src,
		       size_t len, const sunset_hits *hits)
{
	blocks bs;
	lines ls;
	sunset_hits sorted;

	plan(&bs, &ls, &sorted, lang, src, len, hits);
	for (size_t i = 0; i < bs.count; i++) {
		if (!left_out(&bs, i))
			continue;
		if (out->count == out->cap) {
			out->cap = out->cap ? 2 * out->cap : 16;
			out->items = sunset_realloc(
				out->items, out->cap * sizeof(sunset_hit));
		}
		out->items[out->count].start = bs.items[i].cut_start;
		out->items[out->count++].end = bs.items[i].cut_end;
	}
	free(bs.items);
	free(ls.items);
	free(sorted.items);
}

size_t sunset_slice_min_bytes(void)
{
	const char *v = getenv("SUNSET_SLICE_MIN");
	char *end;
	unsigned long long n;

	if (!v || !*v)
		return SUNSET_SLICE_MIN_DEFAULT;
	n = strtoull(v, &end, 10);
	return *end ? SUNSET_SLICE_MIN_DEFAULT : (size_t)n;
}

/* Worth a cut: at least a quarter of the file left out. */
#define SLICE_GAIN_MIN(len) ((len) / 4)
#define SLICE_ROUNDS_MAX 4

int sunset_slice_analyse(TSTree **tree, sunset_facts *facts,
			 sunset_parser *parser, sunset_lang lang,
			 const char *src, size_t len, const sunset_hits *hits,
			 size_t min_bytes, sunset_slice_stats *stats)
{
	blocks bs = {0};
	lines ls = {0};
	sunset_hits sorted = {0};
	int rc = 0, whole = 1;

	memset(stats, 0, sizeof(*stats));
	memset(facts, 0, sizeof(*facts));
	*tree = NULL;
	if (hits && len >= min_bytes && shape_of(lang) != SHAPE_NONE) {
		plan(&bs, &ls, &sorted, lang, src, len, hits);
		whole = 0;
	}
	while (!whole) {
		size_t out = sum_left_out(&bs), nranges;
		TSRange *ranges;
		wordset ws = {0};
		int named;
		if ((min_bytes && out < SLICE_GAIN_MIN(len)) || out == 0 ||
		    stats->rounds >= SLICE_ROUNDS_MAX) {
			whole = 1;
			break;
		}
		ranges = ranges_of(&bs, &ls, len, &nranges);
		rc = sunset_parse_ranges(tree, parser, lang, src, len, ranges,
					 nranges);
		free(ranges);
		stats->rounds++;
		/* a root that ends before the cut does: the whole file
		 * says whether that is a node too wide (parse.h) */
		if (rc == SUNSET_ETOOWIDE) {
			whole = 1;
			break;
		}
		if (rc < 0)
			break;
		if (ts_node_has_error(ts_tree_root_node(*tree))) {
			whole = 1;
			break;
		}
		sunset_extract(facts, lang, src, len, *tree);
		named = bound_names(&ws, facts, &sorted, src);
		if (named == 0 && keep_named(&bs, &ws, src) == 0) {
			ws_free(&ws);
			stats->partial = 1;
			stats->left_out = out;
			break;
		}
		ws_free(&ws);
		sunset_facts_clear(facts);
		memset(facts, 0, sizeof(*facts));
		ts_tree_delete(*tree);
		*tree = NULL;
		if (named < 0) {
			whole = 1;
			break;
		}
	}
	free(bs.items);
	free(ls.items);
	free(sorted.items);
	if (whole) {
		if (*tree)
			ts_tree_delete(*tree);
		*tree = NULL;
		stats->partial = 0;
		stats->left_out = 0;
		rc = sunset_parse(tree, parser, lang, src, len);
		stats->rounds++;
		if (rc < 0)
			return rc;
		sunset_extract(facts, lang, src, len, *tree);
		return 0;
	}
	if (rc < 0) {
		if (*tree)
			ts_tree_delete(*tree);
		*tree = NULL;
		return rc;
	}
	return 0;
}
