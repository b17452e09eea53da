/* engine.c - the detect stage: rules matched against one file's facts
 *
 * Every matcher works on facts, so it serves every language: imports by
 * module name; calls by resolving the receiver through the file's imports
 * and assignments; raw HTTP by evaluating the URL argument of a request
 * call to a string; strings and environment names by value or pattern;
 * packages by manifest entries; queries on the tree itself. */
#include "engine.h"

#include "crawl.h"
#include "glob.h"

#include "prefilter.h"
#include "redact.h"

#include <ctype.h>
#include <git2.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

#define RESOLVE_DEPTH 12
#define URL_MAX 4096

void sunset_finding_free(sunset_finding *f)
{
	free(f->path);
	free(f->snippet);
	free(f->matched);
	free(f->detail);
	free(f->suppress_by);
	free(f->suppress_reason);
	free(f->expired);
	free(f->dep_name);
	free(f->dep_constraint);
	free(f->dep_resolved);
	free(f->dep_lockfile);
}

void sunset_findings_clear(sunset_findings *l)
{
	for (size_t i = 0; i < l->count; i++)
		sunset_finding_free(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

/* ---- resolution ---- */

/* facts are const to callers; the arena still grows */
#define ARENA(f) ((sunset_facts *)(f))

/* The assignment to `target` that holds at byte `before`: the last one
 * before it, else the first one after (a field set in a constructor that
 * comes later in the file). */
static const sunset_assign *assignment(const sunset_facts *f,
				       const char *target, size_t tlen,
				       uint32_t before)
{
	const sunset_assign *best = NULL, *after = NULL;

	for (size_t i = 0; i < f->nassigns; i++) {
		const sunset_assign *a = &f->assigns[i];
		if (strlen(a->target) != tlen ||
		    strncmp(a->target, target, tlen) != 0)
			continue;
		if (a->span.start_byte < before) {
			if (!best || a->span.start_byte > best->span.start_byte)
				best = a;
		} else if (!after) {
			after = a;
		}
	}
	return best ? best : after;
}

static const sunset_import *import_alias(const sunset_facts *f,
					 const char *name, size_t n)
{
	for (size_t i = 0; i < f->nimports; i++) {
		const sunset_import *m = &f->imports[i];
		if (m->alias && strlen(m->alias) == n &&
		    !strncmp(m->alias, name, n))
			return m;
	}
	return NULL;
}

/* Languages whose imports make names available without binding them:
 * wildcard imports everywhere, and Ruby's require. */
static const sunset_import *wildcard_import(const sunset_facts *f, size_t k)
{
	size_t seen = 0;
	for (size_t i = 0; i < f->nimports; i++) {
		const sunset_import *m = &f->imports[i];
		if (m->wildcard || (!m->alias && f->lang == SUNSET_LANG_RUBY)) {
			if (seen++ == k)
				return m;
		}
	}
	return NULL;
}

/* Strip "()" markers: "OpenAI().images" -> "OpenAI.images". */
static void append_plain(sunset_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '(' && i + 1 < n && s[i + 1] == ')') {
			i++;
			continue;
		}
		sunset_buf_put(b, s + i, 1);
	}
}

typedef struct {
	const sunset_import *from;
	sunset_buf chain; /* after the module: member, then the rest */
} resolution;

static int resolve_rec(const sunset_facts *f, const char *text, uint32_t before,
		       int depth, resolution *out);

/* Resolve the first `k` characters of text (a prefix ending at a segment
 * boundary) through an assignment or an import. */
static int resolve_prefix(const sunset_facts *f, const char *text, size_t k,
			  uint32_t before, int depth, resolution *out)
{
	size_t base = k;
	int called = 0;
	const sunset_import *m;
	const sunset_assign *a;

	if (base >= 2 && text[base - 2] == '(' && text[base - 1] == ')') {
		base -= 2;
		called = 1;
	}
	m = import_alias(f, text, base);
	if (m) {
		out->from = m;
		if (m->member && strcmp(m->member, "default") != 0) {
			/* Rust members keep "::": chains use "." */
			for (const char *p = m->member; *p; p++) {
				if (p[0] == ':' && p[1] == ':') {
					sunset_buf_puts(&out->chain, ".");
					p++;
				} else {
					sunset_buf_put(&out->chain, p, 1);
				}
			}
		}
		(void)called;
		return 1;
	}
	a = assignment(f, text, base, before);
	if (!a || depth >= RESOLVE_DEPTH)
		return 0;
	if ((a->value->kind == SUNSET_EXPR_CALL ||
	     a->value->kind == SUNSET_EXPR_NAME) &&
	    a->value->text) {
		/* the value's own chain; a call's result adds nothing */
		return resolve_rec(f, a->value->text, a->span.start_byte,
				   depth + 1, out);
	}
	return 0;
}

static int resolve_rec(const sunset_facts *f, const char *text, uint32_t before,
		       int depth, resolution *out)
{
	size_t n = strlen(text);
	size_t cut[64], ncut = 0;

	/* segment ends, longest prefix first */
	for (size_t i = 0; i <= n && ncut < 64; i++)
		if (i == n || text[i] == '.')
			cut[ncut++] = i;
	for (size_t c = ncut; c-- > 0;) {
		size_t k = cut[c];
		resolution r = {NULL, SUNSET_BUF_INIT};
		if (!resolve_prefix(f, text, k, before, depth, &r)) {
			sunset_buf_free(&r.chain);
			continue;
		}
		out->from = r.from;
		sunset_buf_put(&out->chain, r.chain.ptr ? r.chain.ptr : "",
			       r.chain.len);
		if (k < n) {
			if (out->chain.len)
				append_plain(&out->chain, text + k, n - k);
			else
				append_plain(&out->chain, text + k + 1,
					     n - k - 1);
		}
		sunset_buf_free(&r.chain);
		return 1;
	}
	return 0;
}

const char *sunset_resolve_callee(const sunset_facts *f, const char *callee,
				  uint32_t before, const sunset_import **from)
{
	resolution r = {NULL, SUNSET_BUF_INIT};
	const char *out = NULL;

	*from = NULL;
	if (resolve_rec(f, callee, before, 0, &r)) {
		*from = r.from;
		out = sunset_arena_strndup(
			ARENA(f), r.chain.ptr ? r.chain.ptr : "", r.chain.len);
	}
	sunset_buf_free(&r.chain);
	return out;
}

/* ---- module names ---- */

/* Module `m` is the rule's `want` or inside it: openai, openai.types,
 * @openai/agents/realtime, github.com/openai/openai-go/v3/option,
 * OpenAI.Images, GuzzleHttp\Client. Go's /vN elements are ignored. */
static int module_match(const char *m, const char *want)
{
	sunset_buf a = SUNSET_BUF_INIT, b = SUNSET_BUF_INIT;
	int ok;

	/* drop /vN path elements (Go major versions) from both */
	for (int pass = 0; pass < 2; pass++) {
		const char *s = pass ? want : m;
		sunset_buf *out = pass ? &b : &a;
		while (*s) {
			const char *slash = strchr(s, '/');
			size_t len = slash ? (size_t)(slash - s) : strlen(s);
			int major = len >= 2 && s[0] == 'v' && out->len;
			for (size_t i = 1; major && i < len; i++)
				major = isdigit((unsigned char)s[i]);
			if (!major) {
				if (out->len)
					sunset_buf_puts(out, "/");
				sunset_buf_put(out, s, len);
			}
			s += len + (slash ? 1 : 0);
		}
	}
	ok = a.len >= b.len &&
	     !strncmp(a.ptr ? a.ptr : "", b.ptr ? b.ptr : "", b.len);
	if (ok && a.len > b.len) {
		char next = a.ptr[b.len];
		ok = next == '.' || next == '/' || next == ':' || next == '\\';
	}
	sunset_buf_free(&a);
	sunset_buf_free(&b);
	return ok;
}

static int any_module(const sunset_strlist *mods, const char *m)
{
	for (size_t i = 0; i < mods->count; i++)
		if (module_match(m, mods->items[i]))
			return 1;
	return 0;
}

/* `chain` ends with the rule's chain at a segment boundary, ignoring case
 * ("Images.Generate" is images.generate) and Ruby/Rust "::". */
static int chain_match(const char *chain, const char *want)
{
	size_t lc = strlen(chain), lw = strlen(want);

	if (lw > lc || strncasecmp(chain + lc - lw, want, lw) != 0)
		return 0;
	return lc == lw || chain[lc - lw - 1] == '.';
}

/* ---- evaluating strings ---- */

static void eval_into(const sunset_facts *f, const sunset_expr *e,
		      uint32_t before, int depth, sunset_buf *out);

static const char *last_segment(const char *s)
{
	const char *dot = strrchr(s, '.');
	return dot ? dot + 1 : s;
}

static void join_url(sunset_buf *out, const char *base, const char *path)
{
	size_t bl = strlen(base);
	int bslash = bl && base[bl - 1] == '/', pslash = path[0] == '/';

	/* an absolute URL in the path wins, as urljoin does */
	if (strstr(path, "://")) {
		sunset_buf_puts(out, path);
		return;
	}
	sunset_buf_puts(out, base);
	if (bslash && pslash)
		path++;
	else if (!bslash && !pslash && *path && bl)
		sunset_buf_puts(out, "/");
	sunset_buf_puts(out, path);
}

/* Substitute %s/%v/%d/%q, {} / {0} / {name} placeholders in order. */
static void format_into(const sunset_facts *f, const sunset_expr *e,
			uint32_t before, int depth, sunset_buf *out)
{
	sunset_buf tmpl = SUNSET_BUF_INIT;
	size_t arg = 1;
	const char *t;

	if (!e->nkids)
		return;
	eval_into(f, e->kids[0], before, depth + 1, &tmpl);
	t = tmpl.ptr ? tmpl.ptr : "";
	while (*t) {
		if (t[0] == '%' && t[1] == '%') {
			sunset_buf_puts(out, "%");
			t += 2;
		} else if (t[0] == '%' && strchr("svdqxf", t[1]) && t[1]) {
			if (arg < e->nkids)
				eval_into(f, e->kids[arg++], before, depth + 1,
					  out);
			else
				sunset_buf_puts(out, "{}");
			t += 2;
		} else if (t[0] == '{' && t[1] != '{') {
			const char *close = strchr(t, '}');
			if (!close)
				break;
			/* {0} takes that argument; {} and {name} the next */
			if (isdigit((unsigned char)t[1])) {
				size_t k = (size_t)atoi(t + 1) + 1;
				if (k < e->nkids)
					eval_into(f, e->kids[k], before,
						  depth + 1, out);
				else
					sunset_buf_puts(out, "{}");
			} else if (arg < e->nkids) {
				eval_into(f, e->kids[arg++], before, depth + 1,
					  out);
			} else {
				sunset_buf_puts(out, "{}");
			}
			t = close + 1;
		} else {
			sunset_buf_put(out, t, 1);
			t++;
		}
	}
	sunset_buf_free(&tmpl);
}

static void eval_into(const sunset_facts *f, const sunset_expr *e,
		      uint32_t before, int depth, sunset_buf *out)
{
	if (!e || depth > RESOLVE_DEPTH * 2 || out->len > URL_MAX) {
		sunset_buf_puts(out, "{}");
		return;
	}
	switch (e->kind) {
	case SUNSET_EXPR_STRING:
		sunset_buf_puts(out, e->text ? e->text : "");
		return;
	case SUNSET_EXPR_NAME: {
		const sunset_assign *a =
			e->text ? assignment(f, e->text, strlen(e->text),
					     before)
				: NULL;
		if (a && a->value != e)
			eval_into(f, a->value, a->span.start_byte, depth + 1,
				  out);
		else
			sunset_buf_puts(out, "{}");
		return;
	}
	case SUNSET_EXPR_CONCAT:
		for (size_t i = 0; i < e->nkids; i++)
			eval_into(f, e->kids[i], before, depth + 1, out);
		return;
	case SUNSET_EXPR_FORMAT:
		format_into(f, e, before, depth, out);
		return;
	case SUNSET_EXPR_CALL: {
		const char *fn = e->text ? last_segment(e->text) : "";
		static const char *const joins[] = {
			"urljoin", "join",    "joinpath", "JoinPath",
			"Combine", "resolve", "url_join", "urlJoin",
			"joinURL", "joinUrl"};
		static const char *const wraps[] = {
			"str",	     "String",	  "URI",   "create",
			"URL",	     "Uri",	  "parse", "valueOf",
			"toString",  "to_string", "into",  "from",
			"encodeURI", "sprintf",	  "Parse", "ToString"};
		for (size_t i = 0; i < sizeof(joins) / sizeof(joins[0]); i++)
			if (!strcmp(fn, joins[i]) && e->nkids >= 2) {
				sunset_buf acc = SUNSET_BUF_INIT;
				eval_into(f, e->kids[0], before, depth + 1,
					  &acc);
				for (size_t k = 1; k < e->nkids; k++) {
					sunset_buf part = SUNSET_BUF_INIT,
						   next = SUNSET_BUF_INIT;
					eval_into(f, e->kids[k], before,
						  depth + 1, &part);
					join_url(&next, acc.ptr ? acc.ptr : "",
						 part.ptr ? part.ptr : "");
					sunset_buf_free(&acc);
					sunset_buf_free(&part);
					acc = next;
				}
				sunset_buf_puts(out, acc.ptr ? acc.ptr : "");
				sunset_buf_free(&acc);
				return;
			}
		/* new URL(path, base) joins in the other order */
		if (!strcmp(fn, "URL") && e->nkids >= 2) {
			sunset_buf base = SUNSET_BUF_INIT,
				   path = SUNSET_BUF_INIT;
			eval_into(f, e->kids[1], before, depth + 1, &base);
			eval_into(f, e->kids[0], before, depth + 1, &path);
			join_url(out, base.ptr ? base.ptr : "",
				 path.ptr ? path.ptr : "");
			sunset_buf_free(&base);
			sunset_buf_free(&path);
			return;
		}
		/* an environment read with a default: the default */
		if (e->nkids >= 2 && e->text && strcasestr(e->text, "env") &&
		    (!strcmp(fn, "getenv") || !strcmp(fn, "get") ||
		     !strcmp(fn, "fetch") || !strcmp(fn, "getOrDefault") ||
		     !strcmp(fn, "Getenv"))) {
			eval_into(f, e->kids[1], before, depth + 1, out);
			return;
		}
		for (size_t i = 0; i < sizeof(wraps) / sizeof(wraps[0]); i++)
			if (!strcmp(fn, wraps[i]) && e->nkids >= 1) {
				eval_into(f, e->kids[0], before, depth + 1,
					  out);
				return;
			}
		sunset_buf_puts(out, "{}");
		return;
	}
	default:
		sunset_buf_puts(out, "{}");
	}
}

const char *sunset_eval_string(const sunset_facts *f, const sunset_expr *e,
			       uint32_t before)
{
	sunset_buf b = SUNSET_BUF_INIT;
	const char *out;

	eval_into(f, e, before, 0, &b);
	out = sunset_arena_strndup(ARENA(f), b.ptr ? b.ptr : "", b.len);
	sunset_buf_free(&b);
	return out;
}

/* ---- findings ---- */

typedef struct {
	sunset_findings *out;
	size_t first; /* this file's first finding in out */
	const sunset_ruleset *rules;
	const char *path;
	sunset_lang lang;
	const char *src;
	size_t len;
	const sunset_facts *facts;
	/* what each call resolves to, worked out once for all rules */
	struct call_memo *calls;
} run_ctx;

/* Per call: its callee's resolution (call rules) and the URLs its
 * arguments evaluate to (http rules); rule-independent, so computed on
 * first use and shared by every rule. */
struct call_memo {
	int resolved;
	const char *chain;
	const sunset_import *from;
	int urls_done;
	int request;	   /* an HTTP method not reading the environment */
	const char **urls; /* per argument, NULL: not a URL */
};

static void memo_clear(run_ctx *c)
{
	for (size_t i = 0; c->calls && i < c->facts->ncalls; i++)
		free(c->calls[i].urls);
	free(c->calls);
}

static char *fold_ws(const char *s, size_t n)
{
	sunset_buf b = SUNSET_BUF_INIT;
	int space = 0;

	for (size_t i = 0; i < n; i++) {
		if (isspace((unsigned char)s[i])) {
			space = 1;
			continue;
		}
		if (space && b.len)
			sunset_buf_puts(&b, " ");
		space = 0;
		sunset_buf_put(&b, s + i, 1);
	}
	return sunset_buf_detach(&b);
}

static char *line_text(const char *src, size_t len, uint32_t line)
{
	size_t start = 0;
	uint32_t l = 1;
	const char *nl;
	size_t n;

	while (l < line && start < len) {
		nl = memchr(src + start, '\n', len - start);
		if (!nl)
			return sunset_strdup("");
		start = (size_t)(nl - src) + 1;
		l++;
	}
	nl = start < len ? memchr(src + start, '\n', len - start) : NULL;
	n = nl ? (size_t)(nl - src) - start : len - start;
	if (n && src[start + n - 1] == '\r')
		n--;
	if (n > 500)
		n = 500;
	return sunset_strndup(src + start, n);
}

static void add_finding(run_ctx *c, const sunset_rule *r, sunset_span sp,
			const char *matched, const char *detail)
{
	sunset_findings *l = c->out;
	sunset_finding *f;

	/* one finding per rule and place, and one per rule, line and text
	 * (KEY: ${KEY} names one variable twice) */
	for (size_t i = c->first; i < l->count; i++) {
		const sunset_finding *o = &l->items[i];
		if (o->rule != r || o->line != sp.line)
			continue;
		if (o->col == sp.col)
			return;
		if (o->matched && !strcmp(o->matched, matched))
			return;
	}
	if (l->count == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->items = sunset_realloc(l->items, l->cap * sizeof(*f));
	}
	f = &l->items[l->count++];
	memset(f, 0, sizeof(*f));
	f->rule = r;
	f->path = sunset_strdup(c->path);
	f->lang = c->lang;
	f->line = sp.line;
	f->col = sp.col;
	f->end_line = sp.end_line;
	f->end_col = sp.end_col;
	f->snippet = line_text(c->src, c->len, sp.line);
	f->matched = fold_ws(matched, strlen(matched));
	f->detail = detail ? sunset_strdup(detail) : NULL;
}

static void redact_field(char **field, sunset_lang lang)
{
	char *r;

	if (!*field)
		return;
	r = sunset_redact(*field, lang);
	free(*field);
	*field = r;
}

void sunset_finding_redact(sunset_finding *f)
{
	redact_field(&f->snippet, f->lang);
	redact_field(&f->matched, f->lang);
	redact_field(&f->detail, f->lang);
	/* git+https://user:TOKEN@host/x.git as a version */
	redact_field(&f->dep_constraint, SUNSET_LANG_UNKNOWN);
	redact_field(&f->dep_resolved, SUNSET_LANG_UNKNOWN);
}

static int regex_any(run_ctx *c, const sunset_rule *r,
		     const sunset_regexlist *l, const char *s)
{
	for (size_t i = 0; i < l->count; i++) {
		size_t a, b;
		int m = sunset_regex_search(c->rules, &l->items[i], s,
					    strlen(s), &a, &b);
		if (m > 0)
			return 1;
		if (m < 0)
			sunset_warnf("%s: rule %s: pattern '%s' hit its match "
				     "limit on this file; no finding from it "
				     "here",
				     c->path, r->id, l->items[i].source);
	}
	return 0;
}

/* An import is of a rule's module when its module is, or when module and
 * member together are: from google import genai imports google.genai. */
static int import_of(const sunset_strlist *mods, const sunset_import *m)
{
	char *full;
	int hit;

	if (any_module(mods, m->module))
		return 1;
	if (!m->member || !strcmp(m->member, "default"))
		return 0;
	full = sunset_asprintf("%s.%s", m->module, m->member);
	hit = any_module(mods, full);
	free(full);
	return hit;
}

static void match_imports(run_ctx *c, const sunset_rule *r)
{
	const sunset_facts *f = c->facts;

	for (size_t i = 0; i < f->nimports; i++)
		if (import_of(&r->modules, &f->imports[i]))
			add_finding(c, r, f->imports[i].span,
				    f->imports[i].module, NULL);
}

static void match_calls(run_ctx *c, const sunset_rule *r)
{
	const sunset_facts *f = c->facts;

	for (size_t i = 0; i < f->ncalls; i++) {
		const sunset_call *call = &f->calls[i];
		struct call_memo *m = &c->calls[i];
		const sunset_import *from;
		const char *chain;
		char *detail;

		if (!m->resolved) {
			m->chain = sunset_resolve_callee(f, call->callee,
							 call->span.start_byte,
							 &m->from);
			m->resolved = 1;
		}
		chain = m->chain;
		from = m->from;

		if (!chain) {
			/* names a wildcard import may have brought in */
			sunset_buf plain = SUNSET_BUF_INIT;
			append_plain(&plain, call->callee,
				     strlen(call->callee));
			for (size_t k = 0; (from = wildcard_import(f, k)); k++)
				if (import_of(&r->modules, from))
					break;
			chain = sunset_arena_strdup(ARENA(f),
						    plain.ptr ? plain.ptr : "");
			sunset_buf_free(&plain);
		}
		if (!from || !import_of(&r->modules, from))
			continue;
		for (size_t k = 0; k < r->chains.count; k++) {
			if (!chain_match(chain, r->chains.items[k]))
				continue;
			detail = sunset_asprintf("%s.%s", from->module, chain);
			add_finding(c, r, call->span, call->callee, detail);
			free(detail);
			break;
		}
	}
}

/* Method names that send a request, whoever the receiver is; the URL
 * must still be the vendor's for a finding. */
static int http_method(const char *callee, int is_new)
{
	static const char *const verbs[] = {
		"get",
		"post",
		"put",
		"patch",
		"delete",
		"head",
		"options",
		"request",
		"fetch",
		"send",
		"urlopen",
		"Request",
		"exchange",
		"postForObject",
		"postForEntity",
		"getForObject",
		"getForEntity",
		"PostAsync",
		"GetAsync",
		"PutAsync",
		"DeleteAsync",
		"PatchAsync",
		"SendAsync",
		"PostAsJsonAsync",
		"PutAsJsonAsync",
		"GetFromJsonAsync",
		"GetStringAsync",
		"GetStreamAsync",
		"GetByteArrayAsync",
		"NewRequest",
		"NewRequestWithContext",
		"Post",
		"Get",
		"Put",
		"Patch",
		"Delete",
		"Head",
		"Do",
		"PostForm",
		"url",
		"uri",
		"open",
		"stream",
		"ws_connect",
		"curl_setopt",
		"curl_init",
		"file_get_contents",
		"got",
		"ky",
		"axios",
		"$fetch",
		"ofetch",
		"HttpRequestMessage",
		"RestRequest",
		"RestClient",
		"WebSocket",
		"EventSource",
		"post_form",
		"start",
		"execute",
		"newBuilder",
	};
	const char *fn = last_segment(callee);
	char plain[128];
	size_t n = strlen(fn);

	if (n >= 2 && fn[n - 2] == '(')
		n -= 2;
	if (n >= sizeof(plain))
		return 0;
	memcpy(plain, fn, n);
	plain[n] = '\0';
	(void)is_new;
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (!strcmp(plain, verbs[i]))
			return 1;
	return 0;
}

/* An environment read such as ENV.fetch("X", "https://...") or
 * os.environ.get("X", url): its default is no request. */
static int reads_env(const sunset_facts *f, const sunset_call *call)
{
	const sunset_span *arg;

	/* only a reader of the environment: fetch(`${process.env.X ??
	 * "https://..."}/v1`) is a request */
	if (!call->nargs || !strcasestr(call->callee, "env"))
		return 0;
	arg = &call->args[0]->span;
	/* the name read is the first argument */
	for (size_t i = 0; i < f->nenvs; i++)
		if (f->envs[i].span.start_byte >= arg->start_byte &&
		    f->envs[i].span.end_byte <= arg->end_byte &&
		    arg->end_byte > arg->start_byte)
			return 1;
	return 0;
}

/* The host of a URL-ish string: after "scheme://", up to '/', ':', '?'. */
static int url_host(const char *url, const char **host, size_t *hlen,
		    const char **path)
{
	const char *s = strstr(url, "://");
	size_t n;

	s = s ? s + 3 : url;
	n = strcspn(s, "/:?# ");
	if (!n)
		return 0;
	*host = s;
	*hlen = n;
	*path = s + n;
	if (**path == ':') /* port */
		*path += strcspn(*path, "/");
	return 1;
}

/* A host name, or a glob: "*.openai.azure.com", "*-aiplatform.googleapis.com",
 * "bedrock-runtime.*.amazonaws.com". A host built at run time has "{}"
 * for its unknown part, which a '*' covers. */
static int host_match(const char *host, size_t n, const char *want)
{
	char lower[256];
	int m;

	if (!strpbrk(want, "*?"))
		return strlen(want) == n && !strncasecmp(host, want, n);
	if (n >= sizeof(lower))
		return 0;
	for (size_t i = 0; i < n; i++)
		lower[i] = (char)tolower((unsigned char)host[i]);
	lower[n] = '\0';
	m = sunset_glob_match(want, lower);
	/* "*.x.com" means a subdomain: "x.com" itself is not one */
	return m;
}

/* The base URL a client object was made with, when the receiver of
 * `call` is a name assigned from a constructor call with a base-URL
 * argument: httpx.Client(base_url=B), Faraday.new(url: B),
 * requests.Session() has none. NULL when there is none. */
static const char *client_base_url(const sunset_facts *f,
				   const sunset_call *call)
{
	static const char *const keys[] = {
		"base_url", "baseURL",	"baseUrl",  "url",	  "base_uri",
		"baseUri",  "api_base", "endpoint", "BaseAddress"};
	const char *dot = strrchr(call->callee, '.');
	const sunset_assign *a;
	const sunset_expr *v;

	if (!dot)
		return NULL;
	a = assignment(f, call->callee, (size_t)(dot - call->callee),
		       call->span.start_byte);
	if (!a || a->value->kind != SUNSET_EXPR_CALL)
		return NULL;
	v = a->value;
	for (size_t i = 0; i < v->nkids; i++) {
		if (!v->kids[i]->keyword)
			continue;
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			if (!strcmp(v->kids[i]->keyword, keys[k]))
				return sunset_eval_string(f, v->kids[i],
							  a->span.start_byte);
	}
	return NULL;
}

/* The string each argument of a request evaluates to; the first, when
 * a path relative to the client's base URL, joined to it. */
static const char **call_urls(const sunset_facts *f, const sunset_call *call)
{
	const char **urls =
		sunset_calloc(call->nargs ? call->nargs : 1, sizeof(char *));
	const char *base = NULL;

	for (size_t a = 0; a < call->nargs; a++) {
		const char *url = sunset_eval_string(f, call->args[a],
						     call->span.start_byte);
		if (a == 0 && !strstr(url, "://") &&
		    (base || (base = client_base_url(f, call)))) {
			sunset_buf joined = SUNSET_BUF_INIT;
			join_url(&joined, base, url);
			url = sunset_arena_strndup(ARENA(f),
						   joined.ptr ? joined.ptr : "",
						   joined.len);
			sunset_buf_free(&joined);
		}
		urls[a] = url;
	}
	return urls;
}

static void match_http(run_ctx *c, const sunset_rule *r)
{
	const sunset_facts *f = c->facts;

	for (size_t i = 0; i < f->ncalls; i++) {
		const sunset_call *call = &f->calls[i];
		struct call_memo *m = &c->calls[i];
		if (!m->urls_done) {
			m->urls_done = 1;
			m->request = http_method(call->callee, call->is_new) &&
				     !reads_env(f, call);
			if (m->request)
				m->urls = call_urls(f, call);
		}
		if (!m->request)
			continue;
		for (size_t a = 0; a < call->nargs; a++) {
			const char *url = m->urls[a];
			const char *host, *path;
			size_t hlen;
			int hit = 0;
			if (!url_host(url, &host, &hlen, &path))
				continue;
			for (size_t h = 0; h < r->hosts.count && !hit; h++)
				hit = host_match(host, hlen, r->hosts.items[h]);
			/* a bare host without a scheme must start the string */
			if (hit && !strstr(url, "://") && host != url)
				hit = 0;
			if (!hit)
				continue;
			if (r->url_paths.count &&
			    !regex_any(c, r, &r->url_paths, path))
				continue;
			{
				char *detail = sunset_asprintf(
					"%s %s", call->callee, url);
				add_finding(c, r, call->span, url, detail);
				free(detail);
			}
			break;
		}
	}
}

static int value_in(const sunset_strlist *l, const char *s)
{
	for (size_t i = 0; i < l->count; i++)
		if (!strcmp(l->items[i], s))
			return 1;
	return 0;
}

static void match_strings(run_ctx *c, const sunset_rule *r)
{
	const sunset_facts *f = c->facts;

	for (size_t i = 0; i < f->nstrings; i++) {
		const char *v = f->strings[i].value;
		if (value_in(&r->values, v) || regex_any(c, r, &r->patterns, v))
			add_finding(c, r, f->strings[i].span, v, NULL);
	}
}

static void match_env(run_ctx *c, const sunset_rule *r)
{
	const sunset_facts *f = c->facts;

	for (size_t i = 0; i < f->nenvs; i++) {
		const char *v = f->envs[i].name;
		if (value_in(&r->values, v) || regex_any(c, r, &r->patterns, v))
			add_finding(c, r, f->envs[i].span, v, NULL);
	}
}

static void match_packages(run_ctx *c, const sunset_rule *r,
			   const sunset_deps *deps)
{
	for (size_t i = 0; deps && i < deps->count; i++) {
		const sunset_dep *d = &deps->items[i];
		for (size_t k = 0; k < r->npackages; k++) {
			const sunset_package_set *set = &r->packages[k];
			if (strcmp(set->ecosystem, d->ecosystem) != 0)
				continue;
			for (size_t n = 0; n < set->names.count; n++)
				if (sunset_package_match(d->ecosystem, d->name,
							 set->names.items[n])) {
					sunset_span sp = {
						0,	     0,
						d->line,     d->col,
						d->end_line, d->end_col};
					char *detail = sunset_asprintf(
						"%s %s %s", d->ecosystem,
						d->name,
						d->constraint ? d->constraint
							      : "");
					size_t before = c->out->count;
					add_finding(c, r, sp, d->name, detail);
					free(detail);
					if (c->out->count > before) {
						sunset_finding *fd =
							&c->out->items[before];
						fd->dep_ecosystem =
							d->ecosystem;
						fd->dep_name =
							sunset_strdup(d->name);
						fd->dep_constraint =
							d->constraint
								? sunset_strdup(
									  d->constraint)
								: NULL;
					}
				}
		}
	}
}

static void match_query(run_ctx *c, const sunset_rule *r, const TSTree *tree)
{
	TSQueryCursor *qc;
	TSQueryMatch m;

	if (!tree)
		return;
	qc = ts_query_cursor_new();
	ts_query_cursor_set_match_limit(qc, 10000);
	for (size_t q = 0; q < r->nqueries; q++) {
		const sunset_query_part *part = &r->queries[q];
		const TSQuery *query;
		if (part->lang != c->lang || !(query = sunset_query_get(part)))
			continue;
		ts_query_cursor_exec(qc, query, ts_tree_root_node(tree));
		while (ts_query_cursor_next_match(qc, &m)) {
			int ok = m.capture_count > 0;
			TSNode at;
			char *text;
			for (size_t k = 0; ok && k < part->nconstraints; k++) {
				int found = 0;
				for (uint16_t ci = 0; ci < m.capture_count;
				     ci++) {
					uint32_t len;
					const char *name =
						ts_query_capture_name_for_id(
							query,
							m.captures[ci].index,
							&len);
					TSNode n = m.captures[ci].node;
					uint32_t a = ts_node_start_byte(n),
						 b = ts_node_end_byte(n);
					size_t s0, s1;
					if (len != strlen(part->capture_names
								  [k]) ||
					    strncmp(name,
						    part->capture_names[k],
						    len))
						continue;
					found = sunset_regex_search(
							c->rules,
							&part->capture_regex[k],
							c->src + a, b - a, &s0,
							&s1) > 0;
				}
				ok = found;
			}
			if (!ok)
				continue;
			at = m.captures[0].node;
			text = sunset_strndup(c->src + ts_node_start_byte(at),
					      ts_node_end_byte(at) -
						      ts_node_start_byte(at));
			add_finding(c, r, sunset_node_span(at), text, NULL);
			free(text);
		}
	}
	ts_query_cursor_delete(qc);
}

static int rule_applies(const sunset_rule *r, const char *path,
			sunset_lang lang)
{
	if (r->languages && !(r->languages & (1u << lang)))
		return 0;
	if (r->paths.count) {
		int in = 0;
		for (size_t i = 0; i < r->paths.count && !in; i++)
			in = sunset_glob_match(r->paths.items[i], path);
		if (!in)
			return 0;
	}
	for (size_t i = 0; i < r->exclude.count; i++)
		if (sunset_glob_match(r->exclude.items[i], path))
			return 0;
	return 1;
}

/* ---- inline suppressions ---- */

/* "sunset:ignore [ID[, ID...]] [-- reason]" in a comment. Returns 1 when
 * it covers `rule_id`, with the reason (or NULL) in *reason. */
static int ignore_covers(const char *comment, const char *rule_id,
			 char **reason)
{
	const char *p = strstr(comment, "sunset:ignore");
	const char *dash, *end;
	int any = 1, hit = 0;

	if (!p)
		return 0;
	p += strlen("sunset:ignore");
	if (*p && !isspace((unsigned char)*p))
		return 0;
	dash = strstr(p, "--");
	end = dash ? dash : p + strlen(p);
	/* the ids: words made of id characters and globs */
	while (p < end) {
		size_t n;
		while (p < end && (isspace((unsigned char)*p) || *p == ','))
			p++;
		n = 0;
		while (p + n < end &&
		       (isalnum((unsigned char)p[n]) || strchr(".-_*?", p[n])))
			n++;
		if (!n)
			break;
		any = 0;
		/* an id longer than any glob sunset reads covers nothing */
		if (n <= SUNSET_GLOB_MAX) {
			char *id = sunset_strndup(p, n);
			if (sunset_glob_match(id, rule_id))
				hit = 1;
			free(id);
		}
		p += n;
	}
	if (!any && !hit)
		return 0;
	*reason = NULL;
	if (dash) {
		const char *r = dash + 2;
		size_t n;
		while (isspace((unsigned char)*r))
			r++;
		n = strlen(r);
		/* block comment closers are not part of the reason */
		while (n && (isspace((unsigned char)r[n - 1]) ||
			     strchr("*/>-", r[n - 1])))
			n--;
		if (n)
			*reason = sunset_strndup(r, n);
	}
	return 1;
}

static void apply_inline(run_ctx *c)
{
	const sunset_facts *f = c->facts;

	for (size_t i = c->first; i < c->out->count; i++) {
		sunset_finding *fd = &c->out->items[i];
		for (size_t k = 0; k < f->ncomments; k++) {
			const sunset_comment *cm = &f->comments[k];
			char *reason = NULL;
			if (cm->span.end_line != fd->line &&
			    cm->span.end_line + 1 != fd->line)
				continue;
			if (!ignore_covers(cm->text, fd->rule->id, &reason))
				continue;
			fd->suppressed = 1;
			fd->suppress_by = sunset_strdup("inline");
			fd->suppress_reason = reason;
			if (!reason)
				sunset_warnf(
					"%s:%u: sunset:ignore for %s has no "
					"reason; add one after '--'",
					fd->path, cm->span.line, fd->rule->id);
			break;
		}
	}
}

/* ---- order and fingerprints ---- */

static int finding_cmp(const void *a, const void *b)
{
	const sunset_finding *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return strcmp(x->rule->id, y->rule->id);
}

static void fingerprint(sunset_finding *f, size_t occurrence)
{
	sunset_buf b = SUNSET_BUF_INIT;
	git_oid id;

	/* not the line: unrelated edits above must not change it */
	sunset_buf_printf(&b, "%s%c%s%c%s%c%zu", f->rule->id, 0, f->path, 0,
			  f->matched, 0, occurrence);
	sunset_git_ready();
	if (git_odb_hash(&id, b.ptr, b.len, GIT_OBJECT_BLOB) == 0)
		git_oid_tostr(f->fingerprint, sizeof(f->fingerprint), &id);
	sunset_buf_free(&b);
}

void sunset_engine_file(sunset_findings *out, const sunset_ruleset *rules,
			const char *path, sunset_lang lang, const char *src,
			size_t len, const TSTree *tree,
			const sunset_facts *facts, const sunset_deps *deps)
{
	sunset_engine_file_seen(out, rules, path, lang, src, len, tree, facts,
				deps, NULL);
}

void sunset_engine_file_seen(sunset_findings *out, const sunset_ruleset *rules,
			     const char *path, sunset_lang lang,
			     const char *src, size_t len, const TSTree *tree,
			     const sunset_facts *facts, const sunset_deps *deps,
			     const unsigned char *seen)
{
	run_ctx c = {out, out->count, rules, path, lang, src, len, facts, NULL};
	unsigned char *own = NULL;

	c.calls = sunset_calloc(facts->ncalls ? facts->ncalls : 1,
				sizeof(*c.calls));
	/* the literals the file holds: a rule none of whose own is there
	 * cannot match (the prefilter's invariant), and is not run */
	if (!seen && rules->prefilter) {
		seen = own = sunset_prefilter_seen_new(rules->prefilter);
		sunset_prefilter_seen(rules->prefilter, src, len, own);
	}
	for (size_t i = 0; i < rules->nrules; i++) {
		const sunset_rule *r = &rules->rules[i];
		/* the literal check first: it is cheaper than path globs */
		if ((seen && !sunset_prefilter_rule_may_match(rules->prefilter,
							      i, seen)) ||
		    !rule_applies(r, path, lang))
			continue;
		switch (r->matcher) {
		case SUNSET_MATCH_PACKAGE:
			match_packages(&c, r, deps);
			break;
		case SUNSET_MATCH_IMPORT:
			match_imports(&c, r);
			break;
		case SUNSET_MATCH_CALL:
			match_calls(&c, r);
			break;
		case SUNSET_MATCH_HTTP:
			match_http(&c, r);
			break;
		case SUNSET_MATCH_STRING:
			match_strings(&c, r);
			break;
		case SUNSET_MATCH_ENV:
			match_env(&c, r);
			break;
		case SUNSET_MATCH_QUERY:
			match_query(&c, r, tree);
			break;
		}
	}
	/* qsort's base must not be NULL, even for no elements: a file with
	 * no findings in an empty list */
	if (out->count > c.first)
		qsort(out->items + c.first, out->count - c.first,
		      sizeof(sunset_finding), finding_cmp);
	/* a file that matches everywhere (generated, hostile) is cut short,
	 * and says so */
	if (out->count - c.first > SUNSET_MAX_FINDINGS_PER_FILE) {
		sunset_findings rest = {
			out->items + c.first + SUNSET_MAX_FINDINGS_PER_FILE,
			out->count - c.first - SUNSET_MAX_FINDINGS_PER_FILE, 0};
		sunset_warnf("%s: %zu findings in one file; the first %d are "
			     "kept (the per-file limit)",
			     path, out->count - c.first,
			     SUNSET_MAX_FINDINGS_PER_FILE);
		for (size_t i = 0; i < rest.count; i++)
			sunset_finding_free(&rest.items[i]);
		out->count = c.first + SUNSET_MAX_FINDINGS_PER_FILE;
	}
	/* every output shows findings as made here: no credential value
	 * goes further */
	for (size_t i = c.first; i < out->count; i++)
		sunset_finding_redact(&out->items[i]);
	for (size_t i = c.first; i < out->count; i++) {
		size_t occurrence = 0;
		for (size_t k = c.first; k < i; k++)
			if (out->items[k].rule == out->items[i].rule &&
			    !strcmp(out->items[k].matched,
				    out->items[i].matched))
				occurrence++;
		fingerprint(&out->items[i], occurrence);
	}
	apply_inline(&c);
	memo_clear(&c);
	free(own);
}
