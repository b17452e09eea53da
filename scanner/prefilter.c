/* prefilter.c - parse only what can match
 *
 * Every rule matcher needs some text in the file: an import's module, a
 * host, a model id, an environment variable's name, a query constraint's
 * word. From each rule we derive literals one of which any match
 * contains, and one Aho-Corasick automaton over all of them (ASCII case
 * folded, byte classes to keep the table small) tells in one pass over a
 * file's bytes whether it holds any. A file that holds none cannot match
 * a rule and is not parsed.
 *
 * The literals are chosen to survive how code is written: module names by
 * their most distinctive segment ("texttospeech" of
 * google.cloud.texttospeech, which `from google.cloud import
 * texttospeech` contains), hosts by their most distinctive label, regular
 * expressions by a run of characters every match contains. Correctness
 * is checked by tests that scan every rule fixture and the corpus with
 * and without the prefilter. */
#include "prefilter.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "manifest.h"
#include "util.h"

#define MIN_LITERAL 3

/* language masks are bits of an unsigned */
_Static_assert(SUNSET_LANG__COUNT <= 32, "too many languages for a mask");

struct sunset_prefilter {
	const sunset_ruleset *rules;
	sunset_strlist literals; /* sorted, unique */
	unsigned *masks;     /* per literal: the languages whose rules need it,
			    bit (1 << lang) */
	unsigned char *word; /* per literal: counts as a whole word only */
	size_t *lens;
	/* the 'prefilter' patterns rules give instead of literals */
	const sunset_regex **patterns;
	unsigned *pattern_masks;
	size_t npatterns;
	size_t slow;
	int slow_all;		/* a slow rule applies to every language */
	unsigned slow_langs;	/* bit (1 << lang) */
	unsigned char cls[256]; /* byte (folded) -> class; 0: none */
	size_t nclasses;	/* including class 0 */
	int *delta;		/* state * nclasses + class -> state */
	unsigned *out; /* languages of the literals (not whole words) ending
			  in this state */
	unsigned char *has_word; /* a whole-word literal ends here */
	int *own;		 /* the literal ending exactly here, or -1 */
	int *dict;  /* the nearest failure state with its own, or -1 */
	int *first; /* own >= 0 ? the state : dict: where the outputs start */
	/* per rule: the ids of its literals; gated = 0 when it has none
	 * (package rules, prefilter patterns, slow rules) */
	struct rule_lits {
		size_t *ids;
		size_t n;
		int gated;
	} * per_rule;
	size_t nrules;
	size_t nstates;
};

static void add(sunset_strlist *l, const char *s, size_t n)
{
	char *c = sunset_strndup(s, n);

	for (char *p = c; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	l->items = sunset_realloc(l->items, (l->count + 1) * sizeof(char *));
	l->items[l->count++] = c;
}

static void list_free(sunset_strlist *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

static void list_move(sunset_strlist *to, sunset_strlist *from)
{
	for (size_t i = 0; i < from->count; i++) {
		to->items = sunset_realloc(to->items,
					   (to->count + 1) * sizeof(char *));
		to->items[to->count++] = from->items[i];
	}
	free(from->items);
	memset(from, 0, sizeof(*from));
}

/* Tokens too common to tell a vendor by, when a name has others. */
static int common_token(const char *s, size_t n)
{
	static const char *const stop[] = {
		"com",	   "org",	"net",	    "io",      "ai",
		"dev",	   "app",	"co",	    "www",     "api",
		"github",  "gitlab",	"golang",   "google",  "cloud",
		"client",  "sdk",	"v1",	    "v2",      "v3",
		"us",	   "eu",	"https",    "http",    "wss",
		"lib",	   "js",	"py",	    "go",      "java",
		"azure",   "microsoft", "api_key",  "apikey",  "api-key",
		"user_id", "token",	"secret",   "model",   "audio",
		"video",   "image",	"voice",    "speech",  "realtime",
		"preview", "base_url",	"endpoint", "version", "api.",
		"api_",
	};
	for (size_t i = 0; i < sizeof(stop) / sizeof(*stop); i++)
		if (strlen(stop[i]) == n && !strncasecmp(stop[i], s, n))
			return 1;
	return 0;
}

/* The most distinctive token of `s` split at any of `seps`: the longest
 * uncommon one (the later on a tie), else the longest. Appended to `out`
 * when at least MIN_LITERAL long. Returns 0 or -1. */
static int best_token(sunset_strlist *out, const char *s, size_t n,
		      const char *seps)
{
	size_t best = 0, bestn = 0, any = 0, anyn = 0;
	int best_common = 1;

	for (size_t i = 0; i <= n;) {
		size_t j = i;
		while (j < n && !strchr(seps, s[j]))
			j++;
		if (j > i) {
			int common = common_token(s + i, j - i);
			if ((best_common && !common) ||
			    (common == best_common && j - i >= bestn)) {
				best = i;
				bestn = j - i;
				best_common = common;
			}
			if (j - i >= anyn) {
				any = i;
				anyn = j - i;
			}
		}
		i = j + 1;
	}
	if (bestn < MIN_LITERAL) {
		best = any;
		bestn = anyn;
	}
	if (bestn < MIN_LITERAL)
		return -1;
	add(out, s + best, bestn);
	return 0;
}

/* ---- literals of a regular expression ---- */

/* What a branch can require: the candidate sets it found (any one of a
 * set must occur), keeping the strongest (longest shortest member). */
typedef struct {
	sunset_strlist best;
	size_t score; /* shortest member of best; 0: none */
} pick;

/* How much a literal narrows the files to parse: its length, but a common
 * word ("http", "api") hardly narrows at all. */
static size_t strength(const char *s)
{
	size_t n = strlen(s);
	return common_token(s, n) ? 1 : n;
}

static void consider(pick *k, sunset_strlist *set)
{
	size_t shortest = (size_t)-1, weakest = (size_t)-1;

	for (size_t i = 0; i < set->count; i++) {
		if (strlen(set->items[i]) < shortest)
			shortest = strlen(set->items[i]);
		if (strength(set->items[i]) < weakest)
			weakest = strength(set->items[i]);
	}
	if (set->count && shortest >= MIN_LITERAL && weakest > k->score) {
		list_free(&k->best);
		k->best = *set;
		k->score = weakest;
		memset(set, 0, sizeof(*set));
	} else {
		list_free(set);
	}
}

/* The run of literal characters being read, in each of its spellings:
 * an optional character doubles them ("https?" is "http" or "https"). */
#define MAX_SPELLINGS 8

typedef struct {
	sunset_buf v[MAX_SPELLINGS];
	size_t n;
} run_t;

static void run_put(run_t *r, char ch)
{
	for (size_t i = 0; i < r->n; i++)
		sunset_buf_put(&r->v[i], &ch, 1);
}

static void run_reset(run_t *r)
{
	for (size_t i = 0; i < r->n; i++)
		r->v[i].len = 0;
	r->n = 1;
}

static void run_free(run_t *r)
{
	for (size_t i = 0; i < MAX_SPELLINGS; i++)
		sunset_buf_free(&r->v[i]);
}

/* The run ends: each spelling's best token, together, is a candidate
 * (any one of them must occur). */
static void flush_run(pick *k, run_t *r)
{
	sunset_strlist set = {0};
	int ok = 1;

	for (size_t i = 0; i < r->n && ok; i++) {
		/* dots stay: "play.ht" tells more than "play" */
		ok = r->v[i].len && best_token(&set, r->v[i].ptr, r->v[i].len,
					       "/:?&=#@ \\") == 0;
		/* two spellings may share their best token */
		for (size_t j = 0; ok && j + 1 < set.count; j++)
			if (!strcmp(set.items[j], set.items[set.count - 1])) {
				free(set.items[--set.count]);
				break;
			}
	}
	if (ok)
		consider(k, &set);
	list_free(&set);
	run_reset(r);
}

/* An optional character: every spelling with and without it, while
 * there are few enough; else the run ends before it. */
static void run_optional(pick *k, run_t *r, char ch)
{
	if (r->n * 2 > MAX_SPELLINGS || (r->n == 1 && !r->v[0].len)) {
		flush_run(k, r);
		return;
	}
	for (size_t i = 0; i < r->n; i++) {
		sunset_buf *d = &r->v[r->n + i];
		d->len = 0;
		sunset_buf_put(d, r->v[i].ptr, r->v[i].len);
		sunset_buf_put(d, &ch, 1);
	}
	r->n *= 2;
}

/* A quantifier at *pp: 0 none, 1 makes the atom optional, 2 repeats a
 * mandatory atom. */
static int quantifier(const char **pp)
{
	const char *p = *pp;
	int q = 0;

	if (*p == '?' || *p == '*') {
		q = 1;
		p++;
	} else if (*p == '+') {
		q = 2;
		p++;
	} else if (*p == '{' && isdigit((unsigned char)p[1])) {
		long lo = strtol(p + 1, (char **)&p, 10);
		if (*p == ',')
			while (*++p && *p != '}')
				;
		if (*p != '}')
			return 0; /* a literal '{': not a quantifier */
		p++;
		q = lo == 0 ? 1 : 2;
	}
	if (q && (*p == '?' || *p == '+'))
		p++; /* lazy or possessive */
	*pp = p;
	return q;
}

static int parse_alt(const char **pp, int depth, sunset_strlist *out);

/* One branch: a sequence of atoms up to '|', ')' or the end. */
static int parse_branch(const char **pp, int depth, sunset_strlist *out)
{
	const char *p = *pp;
	run_t run;
	pick k = {{0}, 0};
	int bad = 0;

	memset(&run, 0, sizeof(run));
	run.n = 1;

	while (*p && *p != '|' && *p != ')' && !bad) {
		char ch;
		if (*p == '(') {
			sunset_strlist sub = {0};
			int look = 0, r;
			p++;
			if (*p == '?') {
				p++;
				if (*p == ':') {
					p++;
				} else if (*p == '=' || *p == '!') {
					look = 1;
					p++;
				} else if (*p == '<' &&
					   (p[1] == '=' || p[1] == '!')) {
					look = 1;
					p += 2;
				} else if (*p == '<' || *p == 'P' ||
					   *p == '\'') {
					while (*p && *p != '>' && *p != '\'')
						p++;
					if (*p)
						p++;
					if (*p == '\'')
						p++;
				} else {
					/* inline flags: (?i) or (?i:...) */
					while (*p && *p != ')' && *p != ':')
						p++;
					if (*p == ')') {
						p++;
						continue;
					}
					if (*p)
						p++;
				}
			}
			r = parse_alt(&p, depth + 1, &sub);
			if (*p != ')') {
				list_free(&sub);
				bad = 1;
				break;
			}
			p++;
			flush_run(&k, &run);
			if (quantifier(&p) != 1 && !look && r == 0)
				consider(&k, &sub);
			list_free(&sub);
			continue;
		}
		if (*p == '[') {
			p++;
			if (*p == '^')
				p++;
			if (*p == ']')
				p++;
			while (*p && *p != ']') {
				if (*p == '\\' && p[1])
					p++;
				p++;
			}
			if (*p != ']') {
				bad = 1;
				break;
			}
			p++;
			flush_run(&k, &run);
			quantifier(&p);
			continue;
		}
		if (*p == '.' || *p == '^' || *p == '$') {
			p++;
			flush_run(&k, &run);
			quantifier(&p);
			continue;
		}
		if (*p == '*' || *p == '+' || *p == '?') {
			bad = 1; /* a quantifier with nothing before it */
			break;
		}
		if (*p == '\\') {
			char e = p[1];
			if (!e) {
				bad = 1;
				break;
			}
			if (isalnum((unsigned char)e)) {
				/* \d \w \s \b \x41 \p{L} \1 ...: not one
				 * character we can name */
				p += 2;
				if (*p == '{')
					while (*p && *p++ != '}')
						;
				flush_run(&k, &run);
				quantifier(&p);
				continue;
			}
			ch = e;
			p += 2;
		} else {
			ch = *p++;
		}
		switch (quantifier(&p)) {
		case 1: /* optional: spelled with and without it */
			run_optional(&k, &run, ch);
			break;
		case 2: /* once at least: the run cannot go on past it */
			run_put(&run, ch);
			flush_run(&k, &run);
			break;
		default:
			run_put(&run, ch);
		}
	}
	if (!bad)
		flush_run(&k, &run);
	run_free(&run);
	*pp = p;
	if (bad || !k.score) {
		list_free(&k.best);
		return -1;
	}
	list_move(out, &k.best);
	return 0;
}

/* An alternation: every branch must give a requirement; the union. */
static int parse_alt(const char **pp, int depth, sunset_strlist *out)
{
	int ok = depth < 32;

	while (ok) {
		sunset_strlist branch = {0};
		if (parse_branch(pp, depth, &branch) < 0)
			ok = 0;
		else
			list_move(out, &branch);
		list_free(&branch);
		if (**pp != '|')
			break;
		(*pp)++;
	}
	if (!ok) {
		/* skip to the end of this group so the caller can go on */
		int level = 0;
		const char *p = *pp;
		for (; *p; p++) {
			if (*p == '\\' && p[1]) {
				p++;
			} else if (*p == '(') {
				level++;
			} else if (*p == ')') {
				if (!level)
					break;
				level--;
			}
		}
		*pp = p;
		list_free(out);
		return -1;
	}
	return 0;
}

int sunset_regex_literals(const char *pattern, sunset_strlist *out)
{
	const char *p = pattern;
	sunset_strlist got = {0};

	if (parse_alt(&p, 0, &got) < 0 || *p) {
		list_free(&got);
		return -1;
	}
	list_move(out, &got);
	return 0;
}

/* ---- literals of a rule ---- */

/* A short literal that is a whole name (a module segment, an exact
 * value) counts only as a whole word: "fal" in `import fal`, not in
 * "false". Marked by a leading SUNSET_WORD byte. */
static void mark_word(sunset_strlist *out)
{
	char *last = out->items[out->count - 1];
	if (strlen(last) <= 4) {
		char *w = sunset_asprintf("%c%s", SUNSET_WORD, last);
		free(last);
		out->items[out->count - 1] = w;
	}
}

/* A host by its labels from the right, up to the first that tells the
 * vendor ("openai.com" of api.openai.com, "api.x.ai", "openai.azure.com"
 * of *.openai.azure.com): what every URL to it holds. */
static int host_literal(sunset_strlist *out, const char *host)
{
	size_t n = strlen(host), start = n;

	/* the top-level label alone never tells ("run" of fal.run) */
	for (int labels = 0; start > 0; labels++) {
		size_t end = start, i = start;
		while (i > 0 && host[i - 1] != '.')
			i--;
		start = i;
		if (labels && end - i >= MIN_LITERAL &&
		    !common_token(host + i, end - i))
			break;
		if (start > 0)
			start--; /* the dot */
	}
	if (host[start] == '*' || host[start] == '.')
		start++;
	if (start < n && host[start] == '.')
		start++;
	if (n - start < MIN_LITERAL)
		return -1;
	add(out, host + start, n - start);
	return 0;
}

static int regexes(const sunset_regexlist *l, sunset_strlist *out)
{
	for (size_t i = 0; i < l->count; i++)
		if (sunset_regex_literals(l->items[i].source, out) < 0)
			return -1;
	return 0;
}

int sunset_rule_literals(const sunset_rule *r, sunset_strlist *out)
{
	switch (r->matcher) {
	case SUNSET_MATCH_PACKAGE:
		return -1; /* manifests are always parsed */
	case SUNSET_MATCH_IMPORT:
	case SUNSET_MATCH_CALL:
		for (size_t i = 0; i < r->modules.count; i++) {
			if (best_token(out, r->modules.items[i],
				       strlen(r->modules.items[i]),
				       "/.:\\@") < 0)
				return -1;
			mark_word(out);
		}
		return r->modules.count ? 0 : -1;
	case SUNSET_MATCH_HTTP:
		for (size_t i = 0; i < r->hosts.count; i++)
			if (host_literal(out, r->hosts.items[i]) < 0)
				return -1;
		return r->hosts.count ? 0 : -1;
	case SUNSET_MATCH_STRING:
	case SUNSET_MATCH_ENV:
		for (size_t i = 0; i < r->values.count; i++) {
			if (strlen(r->values.items[i]) < MIN_LITERAL)
				return -1;
			add(out, r->values.items[i],
			    strlen(r->values.items[i]));
			mark_word(out);
		}
		return regexes(&r->patterns, out);
	case SUNSET_MATCH_QUERY:
		/* every constraint of a part must hold: the strongest one's
		 * literals are required */
		for (size_t i = 0; i < r->nqueries; i++) {
			const sunset_query_part *q = &r->queries[i];
			pick k = {{0}, 0};
			for (size_t c = 0; c < q->nconstraints; c++) {
				sunset_strlist one = {0};
				if (sunset_regex_literals(
					    q->capture_regex[c].source, &one) ==
				    0)
					consider(&k, &one);
				list_free(&one);
			}
			if (!k.score) {
				list_free(&k.best);
				return -1;
			}
			list_move(out, &k.best);
		}
		return r->nqueries ? 0 : -1;
	}
	return -1;
}

/* ---- the automaton ---- */

static void build(sunset_prefilter *p)
{
	const sunset_strlist *l = &p->literals;
	size_t total = 1, k = 1;
	int *fail, *queue, *trie;
	size_t head = 0, tail = 0;

	for (size_t i = 0; i < l->count; i++)
		for (const char *c = l->items[i]; *c; c++) {
			unsigned char b = (unsigned char)*c;
			if (!p->cls[b])
				p->cls[b] = (unsigned char)k++;
			total++;
		}
	/* upper case letters fold onto their lower case class */
	for (int c = 'A'; c <= 'Z'; c++)
		p->cls[c] = p->cls[c - 'A' + 'a'];
	p->nclasses = k;
	trie = sunset_calloc(total * k, sizeof(int)); /* 0: no edge */
	p->out = sunset_calloc(total, sizeof(unsigned));
	p->has_word = sunset_calloc(total, 1);
	p->own = sunset_calloc(total, sizeof(int));
	p->dict = sunset_calloc(total, sizeof(int));
	for (size_t i = 0; i < total; i++)
		p->own[i] = p->dict[i] = -1;
	p->nstates = 1;
	for (size_t i = 0; i < l->count; i++) {
		size_t s = 0;
		for (const char *c = l->items[i]; *c; c++) {
			size_t cl = p->cls[(unsigned char)*c];
			if (!trie[s * k + cl])
				trie[s * k + cl] = (int)p->nstates++;
			s = (size_t)trie[s * k + cl];
		}
		if (p->word[i])
			p->has_word[s] = 1;
		else
			p->out[s] |= p->masks[i];
		p->own[s] = (int)i;
	}
	/* breadth first: failure links turn the trie into a full DFA */
	fail = sunset_calloc(p->nstates, sizeof(int));
	queue = sunset_calloc(p->nstates, sizeof(int));
	p->delta = sunset_calloc(p->nstates * k, sizeof(int));
	for (size_t c = 1; c < k; c++)
		if (trie[c]) {
			p->delta[c] = trie[c];
			queue[tail++] = trie[c];
		}
	while (head < tail) {
		int s = queue[head++];
		p->out[s] |= p->out[fail[s]];
		p->has_word[s] |= p->has_word[fail[s]];
		if (s != 0 && fail[s] != s)
			p->dict[s] = p->own[fail[s]] >= 0 ? fail[s]
							  : p->dict[fail[s]];
		for (size_t c = 1; c < k; c++) {
			int t = trie[(size_t)s * k + c];
			int via = p->delta[(size_t)fail[s] * k + c];
			if (t) {
				fail[t] = via;
				p->delta[(size_t)s * k + c] = t;
				queue[tail++] = t;
			} else {
				p->delta[(size_t)s * k + c] = via;
			}
		}
	}
	p->first = sunset_calloc(p->nstates, sizeof(int));
	for (size_t i = 0; i < p->nstates; i++)
		p->first[i] = p->own[i] >= 0 ? (int)i : p->dict[i];
	free(trie);
	free(fail);
	free(queue);
}

typedef struct {
	char *literal;
	unsigned mask;
	size_t rule;
	int word;
} tagged;

static int cmp_tagged(const void *a, const void *b)
{
	return strcmp(((const tagged *)a)->literal,
		      ((const tagged *)b)->literal);
}

sunset_prefilter *sunset_prefilter_new(const sunset_ruleset *rules, int quiet)
{
	sunset_prefilter *p = sunset_calloc(1, sizeof(*p));
	tagged *all = NULL;
	size_t nall = 0, n = 0;

	p->rules = rules;
	p->nrules = rules->nrules;
	p->per_rule = sunset_calloc(rules->nrules ? rules->nrules : 1,
				    sizeof(*p->per_rule));
	for (size_t i = 0; i < rules->nrules; i++) {
		const sunset_rule *r = &rules->rules[i];
		unsigned mask = r->languages ? r->languages : ~0u;
		sunset_strlist lits = {0};
		if (r->prefilter.count) {
			/* the rule's own patterns instead of literals */
			for (size_t k = 0; k < r->prefilter.count; k++) {
				p->patterns = sunset_realloc(
					p->patterns,
					(p->npatterns + 1) *
						sizeof(*p->patterns));
				p->pattern_masks = sunset_realloc(
					p->pattern_masks,
					(p->npatterns + 1) * sizeof(unsigned));
				p->pattern_masks[p->npatterns] = mask;
				p->patterns[p->npatterns++] =
					&r->prefilter.items[k];
			}
			continue;
		}
		if (sunset_rule_literals(r, &lits) == 0) {
			all = sunset_realloc(all, (nall + lits.count) *
							  sizeof(*all));
			p->per_rule[i].gated = 1;
			for (size_t k = 0; k < lits.count; k++) {
				char *l = lits.items[k];
				all[nall].rule = i;
				all[nall].word = l[0] == SUNSET_WORD;
				if (all[nall].word)
					memmove(l, l + 1, strlen(l));
				all[nall].literal = l;
				all[nall++].mask = mask;
			}
			free(lits.items);
			continue;
		}
		list_free(&lits);
		if (r->matcher == SUNSET_MATCH_PACKAGE)
			continue;
		p->slow++;
		if (!r->languages)
			p->slow_all = 1;
		p->slow_langs |= r->languages;
		if (!quiet)
			sunset_warnf("%s:%d: rule %s is slow: sunset finds no "
				     "literal every match must contain, so "
				     "every file of its languages is parsed "
				     "(give values or patterns with a word "
				     "of 3 characters or more, or a "
				     "'prefilter' pattern)",
				     r->file, r->line, r->id);
	}
	if (nall)
		qsort(all, nall, sizeof(*all), cmp_tagged);
	p->literals.items = sunset_calloc(nall ? nall : 1, sizeof(char *));
	p->masks = sunset_calloc(nall ? nall : 1, sizeof(unsigned));
	p->word = sunset_calloc(nall ? nall : 1, 1);
	p->lens = sunset_calloc(nall ? nall : 1, sizeof(size_t));
	for (size_t i = 0; i < nall; i++) {
		struct rule_lits *rl = &p->per_rule[all[i].rule];
		if (n && !strcmp(p->literals.items[n - 1], all[i].literal)) {
			p->masks[n - 1] |= all[i].mask;
			/* a whole word only when every rule says so */
			p->word[n - 1] &= (unsigned char)all[i].word;
			free(all[i].literal);
		} else {
			p->literals.items[n] = all[i].literal;
			p->word[n] = (unsigned char)all[i].word;
			p->lens[n] = strlen(all[i].literal);
			p->masks[n++] = all[i].mask;
		}
		rl->ids =
			sunset_realloc(rl->ids, (rl->n + 1) * sizeof(*rl->ids));
		rl->ids[rl->n++] = n - 1;
	}
	p->literals.count = n;
	free(all);
	build(p);
	return p;
}

void sunset_prefilter_free(sunset_prefilter *p)
{
	if (!p)
		return;
	list_free(&p->literals);
	free(p->masks);
	free(p->patterns);
	free(p->pattern_masks);
	free(p->delta);
	free(p->out);
	free(p->has_word);
	free(p->word);
	free(p->lens);
	free(p->own);
	free(p->dict);
	free(p->first);
	for (size_t i = 0; i < p->nrules; i++)
		free(p->per_rule[i].ids);
	free(p->per_rule);
	free(p);
}

static int ident(unsigned char c)
{
	return isalnum(c) || c == '_';
}

/* Literal `lit`, ending at b[end], stands alone when whole words must. */
static int stands(const sunset_prefilter *p, int lit, const unsigned char *b,
		  size_t len, size_t end)
{
	size_t start;

	if (!p->word[lit])
		return 1;
	start = end + 1 - p->lens[lit];
	return (start == 0 || !ident(b[start - 1])) &&
	       (end + 1 == len || !ident(b[end + 1]));
}

/* A file of `lang` at `path` that must be parsed (whole) whatever it
 * holds: a slow rule applies, it is a manifest, or a literal is empty. */
static int always(const sunset_prefilter *p, const char *path, sunset_lang lang)
{
	unsigned bit = 1u << lang;

	return p->slow_all || (p->slow_langs & bit) ||
	       sunset_manifest_is(path, lang) || (p->out[0] & bit);
}

/* A rule's 'prefilter' pattern for `lang` is found (one at its match
 * limit counts as found). */
static int pattern_found(const sunset_prefilter *p, sunset_lang lang,
			 const char *data, size_t len)
{
	for (size_t i = 0; i < p->npatterns; i++) {
		size_t start, end;
		if ((p->pattern_masks[i] & (1u << lang)) &&
		    sunset_regex_search(p->rules, p->patterns[i], data, len,
					&start, &end) != 0)
			return 1;
	}
	return 0;
}

/* A literal for `lang` in the bytes. */
static int holds(const sunset_prefilter *p, sunset_lang lang,
		 const unsigned char *b, size_t len)
{
	size_t k = p->nclasses;
	unsigned bit = 1u << lang;
	int s = 0;

	for (size_t i = 0; i < len; i++) {
		s = p->delta[(size_t)s * k + p->cls[b[i]]];
		if (p->out[s] & bit)
			return 1;
		if (!p->has_word[s])
			continue;
		for (int t = p->first[s]; t >= 0; t = p->dict[t])
			if ((p->masks[p->own[t]] & bit) &&
			    stands(p, p->own[t], b, len, i))
				return 1;
	}
	return 0;
}

/* A name can hide behind escapes ("sor\u0061-2", "\x6fpenai") that the
 * extractors decode: a file holding a \u, \U or \x escape is searched
 * a second time, decoded (sunset_buf_unescape). Returns 1 with `out`
 * filled when it holds one. */
static int decoded(const char *data, size_t len, sunset_buf *out)
{
	const char *b = data, *end = data + len;

	while ((b = memchr(b, '\\', (size_t)(end - b))) && b + 1 < end) {
		if (b[1] == 'u' || b[1] == 'U' || b[1] == 'x') {
			sunset_buf_unescape(out, data, len);
			return 1;
		}
		b += 2;
	}
	return 0;
}

int sunset_prefilter_candidate(const sunset_prefilter *p, const char *path,
			       sunset_lang lang, const char *data, size_t len)
{
	sunset_buf dec = SUNSET_BUF_INIT;
	int hit;

	if (always(p, path, lang) ||
	    holds(p, lang, (const unsigned char *)data, len) ||
	    pattern_found(p, lang, data, len))
		return 1;
	hit = decoded(data, len, &dec) &&
	      holds(p, lang, (const unsigned char *)dec.ptr, dec.len);
	sunset_buf_free(&dec);
	return hit;
}

unsigned char *sunset_prefilter_seen_new(const sunset_prefilter *p)
{
	return sunset_calloc(p->literals.count ? p->literals.count : 1, 1);
}

/* Mark the literals in the bytes; returns whether one of `lang`'s was
 * not marked before. */
static int mark_seen(const sunset_prefilter *p, sunset_lang lang,
		     const char *data, size_t len, unsigned char *seen)
{
	const unsigned char *b = (const unsigned char *)data;
	size_t k = p->nclasses;
	int s = 0, fresh = 0;

	for (size_t i = 0; i < len; i++) {
		s = p->delta[(size_t)s * k + p->cls[b[i]]];
		for (int t = p->first[s]; t >= 0; t = p->dict[t])
			if (!seen[p->own[t]] &&
			    stands(p, p->own[t], b, len, i)) {
				seen[p->own[t]] = 1;
				fresh |= (p->masks[p->own[t]] & (1u << lang)) !=
					 0;
			}
	}
	return fresh;
}

/* The literals only the decoded text holds; whether one is `lang`'s. */
static int seen_decoded(const sunset_prefilter *p, sunset_lang lang,
			const char *data, size_t len, unsigned char *seen)
{
	sunset_buf dec = SUNSET_BUF_INIT;
	int fresh = decoded(data, len, &dec) &&
		    mark_seen(p, lang, dec.ptr, dec.len, seen);

	sunset_buf_free(&dec);
	return fresh;
}

void sunset_prefilter_seen(const sunset_prefilter *p, const char *data,
			   size_t len, unsigned char *seen)
{
	mark_seen(p, SUNSET_LANG_UNKNOWN, data, len, seen);
	seen_decoded(p, SUNSET_LANG_UNKNOWN, data, len, seen);
}

void sunset_hits_clear(sunset_hits *hits)
{
	free(hits->items);
	memset(hits, 0, sizeof(*hits));
}

static void hit_add(sunset_hits *hits, size_t start, size_t end)
{
	if (hits->count == hits->cap) {
		hits->cap = hits->cap ? 2 * hits->cap : 16;
		hits->items = sunset_realloc(hits->items,
					     hits->cap * sizeof(sunset_hit));
	}
	hits->items[hits->count].start = (uint32_t)start;
	hits->items[hits->count++].end = (uint32_t)end;
}

int sunset_prefilter_locate(const sunset_prefilter *p, const char *path,
			    sunset_lang lang, const char *data, size_t len,
			    unsigned char *seen, sunset_hits *hits)
{
	static const char mark[] = "sunset:ignore";
	const unsigned char *b = (const unsigned char *)data;
	size_t k = p->nclasses;
	unsigned bit = 1u << lang;
	int s = 0, any = 0, escaped;

	for (size_t i = 0; i < len; i++) {
		s = p->delta[(size_t)s * k + p->cls[b[i]]];
		for (int t = p->first[s]; t >= 0; t = p->dict[t])
			if (stands(p, p->own[t], b, len, i)) {
				seen[p->own[t]] = 1;
				any |= (p->masks[p->own[t]] & bit) != 0;
				hit_add(hits, i + 1 - p->lens[p->own[t]],
					i + 1);
			}
	}
	for (const char *m = data;
	     (m = memmem(m, len - (size_t)(m - data), mark, sizeof(mark) - 1));
	     m += sizeof(mark) - 1)
		hit_add(hits, (size_t)(m - data),
			(size_t)(m - data) + sizeof(mark) - 1);
	/* a literal written only with escapes has no place among the
	 * hits: the file is parsed whole */
	escaped = seen_decoded(p, lang, data, len, seen);
	if (escaped || always(p, path, lang) ||
	    pattern_found(p, lang, data, len))
		return SUNSET_LOCATE_WHOLE;
	/* hits are bytes counted in 32 bits */
	return !any		  ? SUNSET_LOCATE_NONE
	       : len > UINT32_MAX ? SUNSET_LOCATE_WHOLE
				  : SUNSET_LOCATE_CUT;
}

int sunset_prefilter_rule_may_match(const sunset_prefilter *p, size_t rule,
				    const unsigned char *seen)
{
	const struct rule_lits *rl;

	if (rule >= p->nrules || !p->per_rule[rule].gated)
		return 1;
	rl = &p->per_rule[rule];
	for (size_t i = 0; i < rl->n; i++)
		if (seen[rl->ids[i]])
			return 1;
	return 0;
}

const sunset_strlist *sunset_prefilter_literals(const sunset_prefilter *p)
{
	return &p->literals;
}

size_t sunset_prefilter_slow_count(const sunset_prefilter *p)
{
	return p->slow;
}
