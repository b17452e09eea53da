/* redact.c - credential values masked in the text a finding shows
 *
 * Passes in order: key formats, authorization tokens and URL passwords,
 * which are secrets wherever they stand, then values assigned to names
 * that say they hold one. A pass masks what it finds at once ('*' over
 * each byte, and a note in `mask`), so the passes after it read the text
 * as masking it a second time would, and leave alone a value a pass
 * before has masked in part (which keeps a key's public prefix). */
#include "redact.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* Names and values are bounded: no backward scan goes further. */
#define NAME_MAX_LEN 128

/* The text being masked: each pass reads it with the masks of the
 * passes before in place, as masking it again would. */
typedef struct {
	char *s;
	size_t n;
	unsigned char *mask;
	sunset_lang lang;
} text;

/* ---- what a secret looks like ---- */

/* Key formats vendors publish: the prefix stays, the body is masked.
 * Longer prefixes first. The body runs over letters, digits and `more`
 * and must be `min` long, mixing at least two of lower case, upper case
 * and digits (a word or an identifier does not). */
static const struct {
	const char *prefix;
	size_t min;
	const char *more;
} shapes[] = {
	{"sk-proj-", 16, "-_"},	   /* OpenAI project keys */
	{"sk-svcacct-", 16, "-_"}, /* OpenAI service accounts */
	{"sk-admin-", 16, "-_"},   /* OpenAI admin keys */
	{"sk-ant-", 16, "-_"},	   /* Anthropic */
	{"sk-", 20, "-_"},	   /* OpenAI, Stability, DeepSeek */
	{"sk_", 20, ""},	   /* ElevenLabs */
	{"r8_", 20, ""},	   /* Replicate */
	{"AIza", 30, "-_"},	   /* Google API keys */
	{"hf_", 20, ""},	   /* Hugging Face */
	{"xai-", 20, "-_"},	   /* xAI */
	{"luma-", 20, "-_"},	   /* Luma */
	{"key_", 20, ""},	   /* Runway */
	{"key-", 20, ""},	   /* key-<hex> */
	{"fw_", 16, ""},	   /* Fireworks */
	{"AKIA", 16, ""},	   /* AWS access key ids */
	{"ASIA", 16, ""},	   /* AWS temporary ones */
	{"github_pat_", 30, "_"},  /* GitHub */
	{"ghp_", 30, ""},	   /* GitHub personal */
	{"gho_", 30, ""},	   /* GitHub OAuth */
	{"ghs_", 30, ""},	   /* GitHub Actions */
	{"glpat-", 20, "-_"},	   /* GitLab */
	{"xoxb-", 20, "-"},	   /* Slack bots */
	{"xoxp-", 20, "-"},	   /* Slack users */
	{"eyJ", 30, "-_."},	   /* a JSON Web Token */
};

static int name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.';
}

/* Mixes at least two of lower case, upper case and digits. */
static int mixed(const char *s, size_t n)
{
	int lower = 0, upper = 0, digit = 0;

	for (size_t i = 0; i < n; i++) {
		lower |= islower((unsigned char)s[i]) != 0;
		upper |= isupper((unsigned char)s[i]) != 0;
		digit |= isdigit((unsigned char)s[i]) != 0;
	}
	return lower + upper + digit >= 2;
}

static int marked(const text *t, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++)
		if (t->mask[i])
			return 1;
	return 0;
}

/* Mark [a, b) as a secret's. Not when a pass before has marked any of
 * it (and kept a key's prefix), nor when it holds "***" (a mask already:
 * masking is its own fixed point), nor under 3 bytes (so that every mask
 * is one). */
static void mark(text *t, size_t a, size_t b)
{
	if (b >= a + 3 && !marked(t, a, b) &&
	    !memmem(t->s + a, b - a, "***", 3)) {
		memset(t->mask + a, 1, b - a);
		memset(t->s + a, '*', b - a);
	}
}

/* ---- secrets wherever they stand ---- */

static void key_shapes(text *t)
{
	for (size_t i = 0; i < t->n; i++) {
		if (i && (isalnum((unsigned char)t->s[i - 1]) ||
			  t->s[i - 1] == '_' || t->s[i - 1] == '-'))
			continue;
		for (size_t k = 0; k < sizeof(shapes) / sizeof(*shapes); k++) {
			size_t pl = strlen(shapes[k].prefix), e;
			if (t->n - i < pl ||
			    strncmp(t->s + i, shapes[k].prefix, pl) != 0)
				continue;
			for (e = i + pl;
			     e < t->n &&
			     (isalnum((unsigned char)t->s[e]) ||
			      (t->s[e] && strchr(shapes[k].more, t->s[e])));
			     e++)
				;
			if (e - i - pl >= shapes[k].min &&
			    mixed(t->s + i + pl, e - i - pl)) {
				mark(t, i + pl, e);
				i = e - 1;
				break;
			}
		}
	}
}

/* A token of an HTTP authorization scheme: letters, digits, -._~+/=. */
static size_t token_end(const text *t, size_t a)
{
	while (a < t->n && (isalnum((unsigned char)t->s[a]) ||
			    (t->s[a] && strchr("-._~+/=", t->s[a]))))
		a++;
	return a;
}

static int random_token(const char *s, size_t n)
{
	return n >= 20 || (n >= 8 && mixed(s, n));
}

/* "Bearer xyz", "Basic dXNlcjpwYXNz": the token after the scheme. */
static void auth_schemes(text *t)
{
	static const char *const schemes[] = {"bearer ", "basic "};

	for (size_t i = 0; i < t->n; i++) {
		if (i && isalnum((unsigned char)t->s[i - 1]))
			continue;
		for (size_t k = 0; k < 2; k++) {
			size_t l = strlen(schemes[k]), a, e;
			if (t->n - i <= l ||
			    strncasecmp(t->s + i, schemes[k], l) != 0)
				continue;
			for (a = i + l; a < t->n && t->s[a] == ' '; a++)
				;
			e = token_end(t, a);
			if (random_token(t->s + a, e - a))
				mark(t, a, e);
		}
	}
}

/* scheme://user:password@host: the password (or a user that is a
 * token: https://TOKEN@github.com). */
static void url_passwords(text *t)
{
	const char *p = t->s, *end = t->s + t->n;

	while ((p = memmem(p, (size_t)(end - p), "://", 3))) {
		const char *u = p + 3, *q = u, *colon = NULL;
		while (q < end && !strchr("/?#@ \t\"'`<>", *q)) {
			if (*q == ':' && !colon)
				colon = q;
			q++;
		}
		p = u;
		if (q >= end || *q != '@')
			continue;
		if (colon && colon + 1 < q && !strchr("${%<", colon[1]))
			mark(t, (size_t)(colon + 1 - t->s), (size_t)(q - t->s));
		else if (!colon && random_token(u, (size_t)(q - u)) &&
			 mixed(u, (size_t)(q - u)))
			mark(t, (size_t)(u - t->s), (size_t)(q - t->s));
	}
}

/* ---- values of names that say they hold a secret ---- */

/* The last `max` words of a name, lower case, split at anything but
 * letters and digits and at case changes (apiKey, APIKey, OPENAI_KEY). */
static size_t last_words(const char *s, size_t n, char words[][24], size_t max)
{
	size_t count = 0, end = n;

	while (end > 0 && count < max) {
		size_t a = end, l;
		while (end > 0 && !isalnum((unsigned char)s[end - 1]))
			end--;
		if (!end)
			break;
		a = end;
		while (a > 0 && isalnum((unsigned char)s[a - 1])) {
			unsigned char c = (unsigned char)s[a - 1];
			/* a word starts at an upper case letter after a
			 * lower case one or a digit, or before a lower case
			 * one (the K of APIKey) */
			if (a - 1 > 0 && isupper(c) &&
			    (islower((unsigned char)s[a - 2]) ||
			     isdigit((unsigned char)s[a - 2]) ||
			     (a < end && isupper((unsigned char)s[a - 2]) &&
			      islower((unsigned char)s[a])))) {
				a--;
				break;
			}
			a--;
		}
		l = end - a < 23 ? end - a : 23;
		for (size_t i = 0; i < l; i++)
			words[count][i] =
				(char)tolower((unsigned char)s[a + i]);
		words[count][l] = '\0';
		count++;
		end = a;
	}
	return count;
}

static int one_of(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(w, *list))
			return 1;
	return 0;
}

/* api_key, apiKey, OPENAI_API_KEY, xi-api-key, client_secret,
 * access_token, password, Authorization; "key" only with a word before
 * it that makes it no lookup key (cache_key, sort_key), and a trailing
 * value, str, ... is skipped (api_key_value). */
static int secret_name(const char *s, size_t n)
{
	static const char *const strong[] = {
		"apikey",     "token",	     "secret",	      "password",
		"passwd",     "pwd",	     "pass",	      "passphrase",
		"credential", "credentials", "authorization", "auth",
		"bearer",     "accesskey",   "secretkey",     "privatekey",
		NULL};
	static const char *const not_secret_keys[] = {
		"sort",	     "cache",	    "primary",	   "foreign",
		"partition", "idempotency", "object",	   "s3",
		"bucket",    "redis",	    "map",	   "dict",
		"hash",	     "lookup",	    "row",	   "unique",
		"composite", "group",	    "routing",	   "shard",
		"dedup",     "i18n",	    "translation", "locale",
		"file",	     "blob",	    "react",	   "list",
		"item",	     "query",	    "public",	   "model",
		"voice",     "field",	    "column",	   "index",
		"attr",	     "attribute",   "property",	   "prop",
		"name",	     "label",	    "config",	   "setting",
		"env",	     "var",	    "param",	   "header",
		"meta",	     "json",	    "yaml",	   NULL};
	static const char *const suffixes[] = {
		"value", "val", "str", "string", "b64", "base64", "raw", NULL};
	char w[3][24];
	size_t count = last_words(s, n, w, 3), at = 0;

	if (count > 1 && one_of(w[0], suffixes))
		at = 1;
	if (at >= count)
		return 0;
	if (one_of(w[at], strong))
		return 1;
	return !strcmp(w[at], "key") && at + 1 < count &&
	       !one_of(w[at + 1], not_secret_keys);
}

/* SCREAMING_SNAKE: the name of an environment variable, not a value. */
static int env_name(const char *s, size_t n)
{
	int underscore = 0;

	if (!n || !isupper((unsigned char)s[0]))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '_')
			underscore = 1;
		else if (!isupper((unsigned char)s[i]) &&
			 !isdigit((unsigned char)s[i]))
			return 0;
	}
	return underscore;
}

/* A value that is no secret: a reference (${X}, $X, {x}, #{x}, <X>,
 * %s), a variable's name, a number, a boolean or a URL. */
static int harmless(const char *s, size_t n)
{
	static const char *const words[] = {
		"true", "false", "null", "none",      "nil",
		"yes",	"no",	 "on",	 "undefined", NULL};
	char w[16];
	int alnum = 0;

	if (!n || strchr("${<%", s[0]) || (n > 1 && !strncmp(s, "#{", 2)))
		return 1;
	for (size_t i = 0; i < n; i++)
		alnum |= isalnum((unsigned char)s[i]) != 0;
	if (!alnum || env_name(s, n) || strspn(s, "0123456789.+-") >= n)
		return 1;
	if (n < sizeof(w)) {
		for (size_t i = 0; i < n; i++)
			w[i] = (char)tolower((unsigned char)s[i]);
		w[n] = '\0';
		if (one_of(w, words))
			return 1;
	}
	return (n > 7 && !strncmp(s, "http://", 7)) ||
	       (n > 8 && !strncmp(s, "https://", 8));
}

/* Formats whose unquoted values are literals. */
static int literal_lang(sunset_lang lang)
{
	switch (lang) {
	case SUNSET_LANG_YAML:
	case SUNSET_LANG_DOTENV:
	case SUNSET_LANG_PROPERTIES:
	case SUNSET_LANG_INI:
	case SUNSET_LANG_DOCKERFILE:
	case SUNSET_LANG_SHELL:
		return 1;
	default:
		return 0;
	}
}

/* The operator at i, and its length (0: none): = : => := , ( and, in
 * XML, the > of an element's start tag. */
static size_t op_at(const text *t, size_t i)
{
	const char *s = t->s;
	char c = s[i], prev = i ? s[i - 1] : '\0',
	     next = i + 1 < t->n ? s[i + 1] : '\0';

	switch (c) {
	case '=':
		if (next == '>')
			return 2;
		return strchr("=!<>:", prev) && prev ? 0 : next == '=' ? 0 : 1;
	case ':':
		if (prev == ':' || next == ':')
			return 0;
		return next == '=' ? 2 : 1;
	case ',':
	case '(':
	case '>':
		return 1;
	default:
		return 0;
	}
}

/* The name before the operator at `op`: [*a, *b), quoted or bare;
 * `*quoted` says which. Returns 0 when there is none. */
static int name_before(const text *t, size_t op, int spaces, size_t *a,
		       size_t *b, int *quoted)
{
	size_t e = op, lim = op > NAME_MAX_LEN ? op - NAME_MAX_LEN : 0;
	const char *s = t->s;

	while (spaces && e > lim && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	if (e > lim && s[e - 1] == ']') /* os.environ["X"] = */
		e--;
	*quoted = e > lim && (s[e - 1] == '"' || s[e - 1] == '\'');
	if (*quoted) {
		size_t q = e - 1;
		while (q > lim && s[q - 1] != s[e - 1])
			q--;
		if (q <= lim && (q == 0 || s[q - 1] != s[e - 1]))
			return 0;
		*a = q;
		*b = e - 1;
		return *b > *a;
	}
	*b = e;
	while (e > lim && name_char(s[e - 1]))
		e--;
	*a = e;
	return *b > *a;
}

/* `name: Type = value` (Python, TypeScript, Kotlin): the name before
 * the annotation's colon, when the '=' at `op` ends one. */
static int annotated_name(const text *t, size_t op, size_t *a, size_t *b,
			  int *quoted)
{
	const char *s = t->s;
	size_t e = op, lim = op > NAME_MAX_LEN ? op - NAME_MAX_LEN : 0;

	while (e > lim && s[e - 1] &&
	       (isalnum((unsigned char)s[e - 1]) ||
		strchr(" \t_.?[]<>|,", s[e - 1])))
		e--;
	if (e <= lim || s[e - 1] != ':' || (e >= 2 && s[e - 2] == ':'))
		return 0;
	return name_before(t, e - 1, 1, a, b, quoted);
}

/* The end of a value that is not quoted: at one of `stops`, a blank or
 * the end of the text. */
static size_t bare_end(const text *t, size_t a, const char *stops)
{
	while (a < t->n && t->s[a] != ' ' && t->s[a] != '\t' &&
	       !(t->s[a] && strchr(stops, t->s[a])))
		a++;
	return a;
}

/* An authorization scheme word ("Bearer ", "Token ") at a: skipped. */
static size_t skip_scheme(const text *t, size_t a)
{
	static const char *const schemes[] = {"bearer", "basic", "token",
					      "key",	"bot",	 "digest"};

	for (size_t k = 0; k < sizeof(schemes) / sizeof(*schemes); k++) {
		size_t l = strlen(schemes[k]);
		if (t->n - a > l && !strncasecmp(t->s + a, schemes[k], l) &&
		    t->s[a + l] == ' ') {
			a += l;
			while (a < t->n && t->s[a] == ' ')
				a++;
			break;
		}
	}
	return a;
}

static void mask_value(text *t, size_t a, size_t b)
{
	if (b > a && !harmless(t->s + a, b - a))
		mark(t, a, b);
}

/* Values assigned to secret names. Returns where scanning goes on. */
static size_t assignment(text *t, size_t i, size_t oplen, char inq)
{
	const char *s = t->s;
	char op = s[i];
	size_t na, nb, v = i + oplen, e;
	int quoted;

	if ((!name_before(t, i, op != '(' && op != '>', &na, &nb, &quoted) ||
	     !secret_name(s + na, nb - na)) &&
	    (op != '=' || !annotated_name(t, i, &na, &nb, &quoted) ||
	     !secret_name(s + na, nb - na)))
		return i;
	if ((op == ',' && !quoted) ||
	    (op == '>' && (na == 0 || quoted || s[na - 1] != '<')))
		return i;
	while (op != '>' && v < t->n && (s[v] == ' ' || s[v] == '\t'))
		v++;
	if (v >= t->n)
		return i;
	if (!inq && op != '>' && (s[v] == '"' || s[v] == '\'' || s[v] == '`')) {
		char q = s[v];
		size_t a = skip_scheme(t, v + 1);
		for (e = v + 1; e < t->n && s[e] != q; e++)
			if (s[e] == '\\')
				e++;
		if (e > t->n)
			e = t->n;
		mask_value(t, a, e);
		return e; /* after the closing quote, outside any string */
	}
	if (op == ',' || op == '(')
		return i; /* a call's argument: only a literal counts */
	v = skip_scheme(t, v);
	if (op == '>')
		e = bare_end(t, v, "<");
	else if (inq) /* a header or a query in a string */
		e = bare_end(t, v, (char[]){inq, '&', '#', ';', ',', '\0'});
	else if (na && (s[na - 1] == '?' || s[na - 1] == '&'))
		e = bare_end(t, v, "&#\"'`");
	else if (literal_lang(t->lang))
		e = bare_end(t, v, "#,;}]\"'`");
	else
		return i; /* code: an expression */
	mask_value(t, v, e);
	return i;
}

static void assignments(text *t)
{
	char inq = 0;

	for (size_t i = 0; i < t->n; i++) {
		char c = t->s[i];
		size_t oplen;
		if (inq && c == '\\') {
			i++;
			continue;
		}
		if (c == '"' || c == '\'' || c == '`') {
			if (!inq)
				inq = c;
			else if (c == inq)
				inq = 0;
			continue;
		}
		if ((oplen = op_at(t, i)) != 0) {
			size_t next = assignment(t, i, oplen, inq);
			if (next != i) {
				i = next;
				inq = 0;
			} else {
				i += oplen - 1;
			}
		}
	}
}

char *sunset_redact(const char *s, sunset_lang lang)
{
	text t = {sunset_strdup(s), strlen(s), NULL, lang};

	t.mask = sunset_calloc(t.n ? t.n : 1, 1);
	key_shapes(&t);
	auth_schemes(&t);
	url_passwords(&t);
	assignments(&t);
	free(t.mask);
	return t.s;
}
