/* glob.c - path and rule id globs, matched in time bounded by the
 * pattern's length times the path's
 *
 * A pattern compiles to tokens, and the path is read once, left to
 * right, while the set of places the pattern could have reached is kept
 * (a Thompson simulation of the pattern as an NFA). A place is "before
 * token k", or "inside the '**' token k" (it has read something that
 * does not yet end in '/'). Each byte of the path moves every place at
 * most once, so a pattern like '*a*a*a*a*ab' or '**' ten times over
 * costs what any other pattern of its length does; the backtracking it
 * replaces took time exponential in the number of stars. */
#include "glob.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

typedef enum {
	TOK_CHAR,  /* this byte */
	TOK_ONE,   /* '?': one byte but '/' */
	TOK_STAR,  /* '*': any bytes but '/' */
	TOK_STARS, /* '**' (and a '/' after it): nothing, or bytes up to and
		      including a '/' */
	TOK_REST   /* a '**' that ends the pattern: whatever is left */
} tok_kind;

typedef struct {
	unsigned char kind;
	unsigned char c;
} token;

/* Patterns up to this long match without allocating. */
#define SMALL 128

/* Tokens of pattern[0..len), and a TOK_REST after them when `below`
 * (a trailing '/' covers what is below). Returns the count; `out` holds
 * len + 1 tokens. The tokens are read as the old recursive matcher read
 * the pattern: '**' first, its '/' taken along. */
static size_t tokenize(token *out, const char *p, size_t len, int below)
{
	size_t n = 0, i = 0;

	while (i < len) {
		if (p[i] == '*' && i + 1 < len && p[i + 1] == '*') {
			i += 2;
			if (i < len && p[i] == '/')
				i++;
			out[n++].kind = i == len ? TOK_REST : TOK_STARS;
			continue;
		}
		out[n].kind = p[i] == '*'   ? TOK_STAR
			      : p[i] == '?' ? TOK_ONE
					    : TOK_CHAR;
		out[n++].c = (unsigned char)p[i++];
	}
	if (below && (n == 0 || out[n - 1].kind != TOK_REST))
		out[n++].kind = TOK_REST;
	return n;
}

/* The set of places: place 2k is "before token k", 2k + 1 "inside the
 * '**' token k"; 2n is "after the last token". seen[] holds the step at
 * which a place was last added, so a set is emptied by counting on. */
typedef struct {
	const token *tok;
	size_t ntok;
	unsigned *seen;
	unsigned step;
	unsigned *list; /* the places added at `step` */
	size_t count;
	int rest; /* a TOK_REST was reached: the path matches */
} places;

/* Add place 2k and what it reaches without reading: a star may match
 * nothing, so the token after it is reached too. */
static void add_before(places *s, size_t k)
{
	for (;;) {
		size_t at = 2 * k;
		if (s->seen[at] == s->step)
			return; /* and what follows it, added with it */
		s->seen[at] = s->step;
		s->list[s->count++] = (unsigned)at;
		if (k == s->ntok)
			return;
		if (s->tok[k].kind == TOK_REST)
			s->rest = 1;
		if (s->tok[k].kind != TOK_STAR && s->tok[k].kind != TOK_STARS)
			return;
		k++;
	}
}

static void add_inside(places *s, size_t k)
{
	size_t at = 2 * k + 1;

	if (s->seen[at] == s->step)
		return;
	s->seen[at] = s->step;
	s->list[s->count++] = (unsigned)at;
}

/* Move every place of `from` over byte `c` into `s` (a new step). */
static void advance(places *s, const unsigned *from, size_t nfrom,
		    unsigned char c)
{
	for (size_t i = 0; i < nfrom; i++) {
		size_t k = from[i] / 2;
		if (k == s->ntok)
			continue; /* the end reads nothing */
		if (from[i] % 2 || s->tok[k].kind == TOK_STARS) {
			add_inside(s, k);
			if (c == '/')
				add_before(s, k + 1);
			continue;
		}
		switch ((tok_kind)s->tok[k].kind) {
		case TOK_CHAR:
			if (c == s->tok[k].c)
				add_before(s, k + 1);
			break;
		case TOK_ONE:
			if (c != '/')
				add_before(s, k + 1);
			break;
		case TOK_STAR:
			if (c != '/')
				add_before(s, k);
			break;
		case TOK_STARS: /* handled above */
		case TOK_REST:	/* matched before reading on */
			break;
		}
	}
}

/* Does the whole of `path` match tokens tok[0..n)? */
static int run(const token *tok, size_t n, const char *path, unsigned *mem)
{
	size_t nplaces = 2 * n + 1;
	unsigned *lists[2];
	places s;
	int cur = 0;

	memset(mem, 0, nplaces * sizeof(unsigned));
	lists[0] = mem + nplaces;
	lists[1] = mem + 2 * nplaces;
	memset(&s, 0, sizeof(s));
	s.tok = tok;
	s.ntok = n;
	s.seen = mem;
	s.step = 1;
	s.list = lists[cur];
	add_before(&s, 0);
	for (const char *p = path; *p && s.count && !s.rest; p++) {
		const unsigned *from = s.list;
		size_t nfrom = s.count;
		cur ^= 1;
		s.step++;
		s.list = lists[cur];
		s.count = 0;
		advance(&s, from, nfrom, (unsigned char)*p);
	}
	return s.rest || s.seen[2 * n] == s.step;
}

static int match_tokens(const char *pattern, size_t len, int below,
			const char *path)
{
	token small_tok[SMALL + 1];
	unsigned small_mem[3 * (2 * (SMALL + 1) + 1)];
	token *tok = small_tok;
	unsigned *mem = small_mem;
	size_t n;
	int m;

	if (len > SMALL) {
		tok = sunset_malloc((len + 1) * sizeof(token));
		mem = sunset_malloc(3 * (2 * (len + 1) + 1) * sizeof(unsigned));
	}
	n = tokenize(tok, pattern, len, below);
	m = run(tok, n, path, mem);
	if (tok != small_tok) {
		free(tok);
		free(mem);
	}
	return m;
}

int sunset_glob_match(const char *pattern, const char *path)
{
	size_t len = strlen(pattern);
	int below;

	if (!memchr(pattern, '/', len)) {
		const char *base = strrchr(path, '/');
		return match_tokens(pattern, len, 0, base ? base + 1 : path);
	}
	/* a directory pattern covers what is below it; "/" alone is the
	 * root's */
	if (pattern[0] == '/') {
		pattern++;
		len--;
	}
	below = !len || pattern[len - 1] == '/';
	return match_tokens(pattern, len, below, path);
}
