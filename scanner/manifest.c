/* manifest.c - dependencies declared in package manifests
 *
 * JSON and TOML manifests are read from their trees; the others are line
 * formats read with small dedicated scanners. Only declarations: lock
 * files and resolved versions are not read here. */
#include "manifest.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

void sunset_deps_clear(sunset_deps *d)
{
	for (size_t i = 0; i < d->count; i++) {
		free(d->items[i].name);
		free(d->items[i].constraint);
	}
	free(d->items);
	memset(d, 0, sizeof(*d));
}

static void add_dep(sunset_deps *d, const char *eco, const char *name,
		    size_t nlen, const char *constraint, size_t clen,
		    uint32_t line, uint32_t col, uint32_t end_col)
{
	sunset_dep *dep;

	if (!nlen)
		return;
	if (d->count == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->items = sunset_realloc(d->items, d->cap * sizeof(*dep));
	}
	dep = &d->items[d->count++];
	dep->ecosystem = eco;
	dep->name = sunset_strndup(name, nlen);
	dep->constraint =
		constraint && clen ? sunset_strndup(constraint, clen) : NULL;
	dep->line = dep->end_line = line;
	dep->col = col;
	dep->end_col = end_col;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcmp(s + a - b, suffix);
}

/* ---- trees (JSON, TOML) ---- */

static int is(TSNode n, const char *type)
{
	return !ts_node_is_null(n) && !strcmp(ts_node_type(n), type);
}

/* The value of a JSON string or TOML key/string node: quotes off, and
 * in a double-quoted string escapes decoded, as npm, Composer, Cargo
 * and pip read them ("\u006fpenai" installs openai). */
static char *plain_text(TSNode n, const char *src)
{
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	sunset_buf out = SUNSET_BUF_INIT;
	int escapes = a < b && src[a] == '"';

	while (a < b && (src[a] == '"' || src[a] == '\''))
		a++;
	while (b > a && (src[b - 1] == '"' || src[b - 1] == '\'') &&
	       (!escapes || b - a < 2 || src[b - 2] != '\\'))
		b--;
	if (escapes)
		sunset_buf_unescape(&out, src + a, b - a);
	else
		sunset_buf_put(&out, src + a, b - a);
	return sunset_buf_detach(&out);
}

static void add_node_dep(sunset_deps *d, const char *eco, TSNode key,
			 const char *name, const char *constraint)
{
	TSPoint p = ts_node_start_point(key), e = ts_node_end_point(key);
	add_dep(d, eco, name, strlen(name), constraint,
		constraint ? strlen(constraint) : 0, p.row + 1, p.column + 1,
		e.row == p.row ? e.column + 1 : p.column + 1);
}

/* package.json, composer.json: top-level sections of name: version. */
static void read_json(sunset_deps *d, const char *eco,
		      const char *const *sections, const char *src, TSNode root)
{
	TSNode obj = ts_node_named_child(root, 0);

	if (!is(obj, "object"))
		return;
	for (uint32_t i = 0; i < ts_node_named_child_count(obj); i++) {
		TSNode pair = ts_node_named_child(obj, i), key, value;
		char *k;
		int wanted = 0;
		if (!is(pair, "pair"))
			continue;
		key = ts_node_child_by_field_name(pair, "key", 3);
		value = ts_node_child_by_field_name(pair, "value", 5);
		k = plain_text(key, src);
		for (const char *const *s = sections; *s; s++)
			wanted |= !strcmp(k, *s);
		free(k);
		if (!wanted || !is(value, "object"))
			continue;
		for (uint32_t j = 0; j < ts_node_named_child_count(value);
		     j++) {
			TSNode dp = ts_node_named_child(value, j), dk, dv;
			char *name, *ver;
			if (!is(dp, "pair"))
				continue;
			dk = ts_node_child_by_field_name(dp, "key", 3);
			dv = ts_node_child_by_field_name(dp, "value", 5);
			name = plain_text(dk, src);
			ver = is(dv, "string") ? plain_text(dv, src) : NULL;
			/* composer's "php" and "ext-*" are platform needs */
			if (strcmp(eco, "composer") != 0 ||
			    (strcmp(name, "php") && strncmp(name, "ext-", 4)))
				add_node_dep(d, eco, dk, name, ver);
			free(name);
			free(ver);
		}
	}
}

/* The dotted path of a TOML key node. */
static void toml_key(sunset_buf *out, TSNode key, const char *src, int depth)
{
	if (depth > 32)
		return;
	if (is(key, "dotted_key")) {
		for (uint32_t i = 0; i < ts_node_named_child_count(key); i++) {
			if (i)
				sunset_buf_puts(out, ".");
			toml_key(out, ts_node_named_child(key, i), src,
				 depth + 1);
		}
		return;
	}
	{
		char *t = plain_text(key, src);
		sunset_buf_puts(out, t);
		free(t);
	}
}

/* PEP 508: the name is the leading run of letters, digits, - _ . */
static size_t pep508_name(const char *s)
{
	size_t n = 0;
	while (isalnum((unsigned char)s[n]) || s[n] == '-' || s[n] == '_' ||
	       s[n] == '.')
		n++;
	return n;
}

static void add_pep508(sunset_deps *d, TSNode at, const char *spec)
{
	size_t n;
	const char *rest;
	TSPoint p = ts_node_start_point(at), e = ts_node_end_point(at);

	while (*spec == ' ')
		spec++;
	n = pep508_name(spec);
	rest = spec + n;
	if (*rest == '[') { /* extras */
		const char *close = strchr(rest, ']');
		rest = close ? close + 1 : rest + strlen(rest);
	}
	while (*rest == ' ')
		rest++;
	add_dep(d, "pypi", spec, n, rest, strcspn(rest, ";"), p.row + 1,
		p.column + 1, e.row == p.row ? e.column + 1 : p.column + 1);
}

static int toml_section_is(const char *table, const char *const *names)
{
	for (const char *const *s = names; *s; s++) {
		size_t l = strlen(*s);
		/* exact, or ending in ".<name>" (target.x.dependencies,
		 * tool.poetry.group.dev.dependencies) */
		if (!strcmp(table, *s) ||
		    (strlen(table) > l && ends_with(table, *s) &&
		     table[strlen(table) - l - 1] == '.'))
			return 1;
	}
	return 0;
}

static void toml_pairs(sunset_deps *d, const char *file, const char *table,
		       TSNode container, const char *src)
{
	static const char *const cargo[] = {"dependencies", "dev-dependencies",
					    "build-dependencies", NULL};
	static const char *const poetry[] = {"tool.poetry.dependencies",
					     "tool.poetry.dev-dependencies",
					     "dependencies", NULL};
	static const char *const pipfile[] = {"packages", "dev-packages", NULL};

	for (uint32_t i = 0; i < ts_node_named_child_count(container); i++) {
		TSNode pair = ts_node_named_child(container, i);
		sunset_buf key = SUNSET_BUF_INIT;
		TSNode k, v;
		if (!is(pair, "pair") || ts_node_named_child_count(pair) < 2)
			continue;
		k = ts_node_named_child(pair, 0);
		v = ts_node_named_child(pair, 1);
		toml_key(&key, k, src, 0);
		if (!strcmp(file, "pyproject.toml")) {
			int pep621 = !strcmp(table, "project") &&
				     !strcmp(key.ptr, "dependencies");
			int extras = !strcmp(table,
					     "project.optional-dependencies") ||
				     !strcmp(table, "dependency-groups");
			if ((pep621 || extras) && is(v, "array")) {
				for (uint32_t j = 0;
				     j < ts_node_named_child_count(v); j++) {
					TSNode s = ts_node_named_child(v, j);
					char *spec;
					if (!is(s, "string"))
						continue;
					spec = plain_text(s, src);
					add_pep508(d, s, spec);
					free(spec);
				}
			} else if (strncmp(table, "tool.poetry", 11) == 0 &&
				   toml_section_is(table, poetry) &&
				   strcmp(key.ptr, "python") != 0) {
				char *ver = is(v, "string") ? plain_text(v, src)
							    : NULL;
				add_node_dep(d, "pypi", k, key.ptr, ver);
				free(ver);
			}
		} else if (!strcmp(file, "Cargo.toml") &&
			   toml_section_is(table, cargo)) {
			char *ver = is(v, "string") ? plain_text(v, src) : NULL;
			add_node_dep(d, "cargo", k, key.ptr, ver);
			free(ver);
		} else if (!strcmp(file, "Pipfile") &&
			   toml_section_is(table, pipfile)) {
			char *ver = is(v, "string") ? plain_text(v, src) : NULL;
			add_node_dep(d, "pypi", k, key.ptr, ver);
			free(ver);
		}
		sunset_buf_free(&key);
	}
}

static void read_toml(sunset_deps *d, const char *file, const char *src,
		      TSNode root)
{
	toml_pairs(d, file, "", root, src);
	for (uint32_t i = 0; i < ts_node_named_child_count(root); i++) {
		TSNode t = ts_node_named_child(root, i);
		sunset_buf name = SUNSET_BUF_INIT;
		if (!is(t, "table") || !ts_node_named_child_count(t))
			continue;
		toml_key(&name, ts_node_named_child(t, 0), src, 0);
		toml_pairs(d, file, name.ptr ? name.ptr : "", t, src);
		sunset_buf_free(&name);
	}
}

/* ---- line formats ---- */

typedef struct {
	const char *p, *end;
	uint32_t line;
} lines;

/* The next line; 0 at the end, or when SIGINT or SIGTERM asked sunset
 * to stop (checked every 4096 lines: every line reader stops with it). */
static int next_line(lines *it, const char **start, size_t *len)
{
	const char *nl;

	if (it->p >= it->end ||
	    ((it->line & 4095) == 4095 && sunset_interrupted()))
		return 0;
	*start = it->p;
	nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
	*len = nl ? (size_t)(nl - it->p) : (size_t)(it->end - it->p);
	if (*len && (*start)[*len - 1] == '\r')
		(*len)--;
	it->p = nl ? nl + 1 : it->end;
	it->line++;
	return 1;
}

static void read_requirements(sunset_deps *d, const char *src, size_t len)
{
	lines it = {src, src + len, 0};
	const char *s;
	size_t n;

	while (next_line(&it, &s, &n)) {
		size_t i = 0, name;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i >= n || s[i] == '#' || s[i] == '-' ||
		    !isalnum((unsigned char)s[i]))
			continue; /* comments, -r/-e/--options, URLs */
		if (n - i > 4 &&
		    (!strncmp(s + i, "git+", 4) || !strncmp(s + i, "http", 4)))
			continue;
		name = pep508_name(s + i);
		{
			const char *rest = s + i + name;
			size_t rl = n - i - name, k = 0;
			if (rl && *rest == '[') {
				while (k < rl && rest[k] != ']')
					k++;
				if (k < rl)
					k++;
			}
			while (k < rl && rest[k] == ' ')
				k++;
			{
				size_t cl = 0;
				while (k + cl < rl && rest[k + cl] != ';' &&
				       rest[k + cl] != '#')
					cl++;
				while (cl && rest[k + cl - 1] == ' ')
					cl--;
				add_dep(d, "pypi", s + i, name, rest + k, cl,
					it.line, (uint32_t)i + 1,
					(uint32_t)(i + name) + 1);
			}
		}
	}
}

static void read_gomod(sunset_deps *d, const char *src, size_t len)
{
	lines it = {src, src + len, 0};
	const char *s;
	size_t n;
	int in_block = 0;

	while (next_line(&it, &s, &n)) {
		size_t i = 0, a, b;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (in_block && i < n && s[i] == ')') {
			in_block = 0;
			continue;
		}
		if (!in_block) {
			if (n - i >= 7 && !strncmp(s + i, "require", 7)) {
				i += 7;
				while (i < n && (s[i] == ' ' || s[i] == '\t'))
					i++;
				if (i < n && s[i] == '(') {
					in_block = 1;
					continue;
				}
			} else {
				continue;
			}
		}
		if (i >= n || (n - i >= 2 && !strncmp(s + i, "//", 2)))
			continue;
		a = i;
		while (i < n && s[i] != ' ' && s[i] != '\t')
			i++;
		b = i;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		{
			size_t v = i;
			while (i < n && s[i] != ' ' && s[i] != '\t')
				i++;
			add_dep(d, "go", s + a, b - a, s + v, i - v, it.line,
				(uint32_t)a + 1, (uint32_t)b + 1);
		}
	}
}

/* The quoted value after `key` in s[0..n): gem "x", id="x". */
static int quoted_after(const char *s, size_t n, size_t from, size_t *qa,
			size_t *qb)
{
	size_t i = from;
	char q;

	while (i < n && s[i] != '"' && s[i] != '\'')
		i++;
	if (i >= n)
		return 0;
	q = s[i++];
	*qa = i;
	while (i < n && s[i] != q)
		i++;
	if (i >= n)
		return 0;
	*qb = i;
	return 1;
}

static void read_gemfile(sunset_deps *d, const char *src, size_t len)
{
	lines it = {src, src + len, 0};
	const char *s;
	size_t n;

	while (next_line(&it, &s, &n)) {
		size_t i = 0, a, b, va, vb;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (n - i < 4 || strncmp(s + i, "gem", 3) ||
		    (s[i + 3] != ' ' && s[i + 3] != '('))
			continue;
		if (!quoted_after(s, n, i + 3, &a, &b))
			continue;
		if (quoted_after(s, n, b + 1, &va, &vb) &&
		    memchr(s + b, ',', va - b))
			add_dep(d, "rubygems", s + a, b - a, s + va, vb - va,
				it.line, (uint32_t)a, (uint32_t)b + 2);
		else
			add_dep(d, "rubygems", s + a, b - a, NULL, 0, it.line,
				(uint32_t)a, (uint32_t)b + 2);
	}
}

static const char *memfind(const char *s, size_t n, const char *needle)
{
	size_t l = strlen(needle);
	for (size_t i = 0; i + l <= n; i++)
		if (!strncasecmp(s + i, needle, l))
			return s + i;
	return NULL;
}

/* The line and column of a byte, counted on from the byte asked about
 * before: asked in order, a file costs one pass, not one per string
 * (a setup.py of 200,000 requirements took 107 s). */
typedef struct {
	const char *src, *at;
	uint32_t line, col;
} cursor;

static void cursor_to(cursor *c, const char *to)
{
	if (to < c->at) {
		c->at = c->src;
		c->line = c->col = 1;
	}
	for (; c->at < to; c->at++) {
		if (*c->at == '\n') {
			c->line++;
			c->col = 1;
		} else {
			c->col++;
		}
	}
}

/* One PEP 508 string of setup.py at [a, b). */
static void add_setup_requirement(sunset_deps *d, cursor *at, const char *a,
				  const char *b)
{
	size_t n = pep508_name(a);
	const char *rest = a + n, *semi;

	if (!n || rest > b)
		return;
	cursor_to(at, a);
	while (rest < b && *rest == ' ')
		rest++;
	if (rest < b && *rest == '[') {
		const char *rb = memchr(rest, ']', (size_t)(b - rest));
		rest = rb ? rb + 1 : b;
	}
	while (rest < b && *rest == ' ')
		rest++;
	semi = memchr(rest, ';', (size_t)(b - rest));
	add_dep(d, "pypi", a, n, rest, (size_t)((semi ? semi : b) - rest),
		at->line, at->col, at->col + (uint32_t)n);
}

/* setup.py: the quoted PEP 508 strings inside install_requires=[...] and
 * extras_require={...: [...]}, read as text (no code is run). */
static void read_setup_py(sunset_deps *d, const char *src, size_t len)
{
	static const char *const keys[] = {"install_requires",
					   "extras_require"};
	const char *end = src + len;
	cursor at = {src, src, 1, 1};

	for (size_t k = 0; k < 2; k++) {
		const char *p = src;
		while ((p = memfind(p, (size_t)(end - p), keys[k])) != NULL) {
			const char *q = p + strlen(keys[k]);
			int depth = 0;
			while (q < end && (*q == ' ' || *q == '='))
				q++;
			if (q >= end || (*q != '[' && *q != '{')) {
				p = q;
				continue;
			}
			for (; q < end; q++) {
				const char *close;
				if (*q == '[' || *q == '{' || *q == '(') {
					depth++;
				} else if (*q == ']' || *q == '}' ||
					   *q == ')') {
					if (--depth == 0) {
						q++;
						break;
					}
				} else if (*q == '"' || *q == '\'') {
					close = memchr(q + 1, *q,
						       (size_t)(end - q - 1));
					if (!close)
						break;
					/* dict keys (names of extras) end with ':' */
					if (close + 1 >= end || close[1] != ':')
						add_setup_requirement(
							d, &at, q + 1, close);
					q = close;
				}
			}
			p = q;
		}
	}
}

/* setup.cfg: install_requires = (then indented lines) under [options],
 * and each key under [options.extras_require]. */
static void read_setup_cfg(sunset_deps *d, const char *src, size_t len)
{
	lines it = {src, src + len, 0};
	const char *s;
	size_t n;
	int section = 0; /* 1: [options], 2: [options.extras_require] */
	int listing = 0;

	while (next_line(&it, &s, &n)) {
		size_t i = 0;
		if (n && s[0] == '[') {
			section = !strncmp(s, "[options]", 9) ? 1
				  : !strncmp(s, "[options.extras_require]", 24)
					  ? 2
					  : 0;
			listing = 0;
			continue;
		}
		if (!section || !n || s[0] == '#' || s[0] == ';')
			continue;
		if (s[0] != ' ' && s[0] != '\t') {
			const char *eq = memchr(s, '=', n);
			listing = section == 2 ||
				  (n >= 16 &&
				   !strncmp(s, "install_requires", 16));
			if (!listing || !eq)
				continue;
			/* a requirement on the key's own line */
			i = (size_t)(eq - s) + 1;
		}
		if (!listing)
			continue;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i < n && isalnum((unsigned char)s[i])) {
			size_t nm = pep508_name(s + i), k = i + nm, cl;
			while (k < n && s[k] == ' ')
				k++;
			cl = n - k;
			while (cl &&
			       (s[k + cl - 1] == ' ' || s[k + cl - 1] == ';'))
				cl--;
			add_dep(d, "pypi", s + i, nm, s + k,
				strcspn(s + k, ";#") < cl ? strcspn(s + k, ";#")
							  : cl,
				it.line, (uint32_t)i + 1,
				(uint32_t)(i + nm) + 1);
		}
	}
}

/* <PackageReference Include="X" Version="Y" />, <PackageVersion ...>,
 * <package id="X" version="Y" /> */
static void read_nuget(sunset_deps *d, const char *src, size_t len)
{
	lines it = {src, src + len, 0};
	const char *s;
	size_t n;

	while (next_line(&it, &s, &n)) {
		const char *tag = memfind(s, n, "<PackageReference");
		const char *attr = "include=";
		size_t a, b, va, vb;
		if (!tag)
			tag = memfind(s, n, "<PackageVersion");
		if (!tag) {
			tag = memfind(s, n, "<package ");
			attr = "id=";
		}
		if (!tag)
			continue;
		{
			const char *at =
				memfind(tag, n - (size_t)(tag - s), attr);
			const char *ver;
			if (!at ||
			    !quoted_after(s, n, (size_t)(at - s), &a, &b))
				continue;
			ver = memfind(s, n, "version=");
			if (ver &&
			    quoted_after(s, n, (size_t)(ver - s), &va, &vb))
				add_dep(d, "nuget", s + a, b - a, s + va,
					vb - va, it.line, (uint32_t)a + 1,
					(uint32_t)b + 1);
			else
				add_dep(d, "nuget", s + a, b - a, NULL, 0,
					it.line, (uint32_t)a + 1,
					(uint32_t)b + 1);
		}
	}
}

/* Text between <tag> and </tag> on one line. */
static int element(const char *s, size_t n, const char *tag, size_t *a,
		   size_t *b)
{
	char open[64], close[64];
	const char *o, *c;

	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	o = memfind(s, n, open);
	if (!o)
		return 0;
	*a = (size_t)(o - s) + strlen(open);
	c = memfind(s + *a, n - *a, close);
	if (!c)
		return 0;
	*b = (size_t)(c - s);
	return 1;
}

static void read_pom(sunset_deps *d, const char *src, size_t len)
{
	lines it = {src, src + len, 0};
	const char *s;
	size_t n;
	int in_dep = 0;
	char group[256] = "", artifact[256] = "", version[128] = "";
	uint32_t at_line = 0, at_col = 0, end_col = 0;

	while (next_line(&it, &s, &n)) {
		size_t a, b;
		if (memfind(s, n, "<dependency>")) {
			in_dep = 1;
			group[0] = artifact[0] = version[0] = '\0';
		}
		if (!in_dep)
			continue;
		if (element(s, n, "groupId", &a, &b))
			snprintf(group, sizeof(group), "%.*s", (int)(b - a),
				 s + a);
		if (element(s, n, "artifactId", &a, &b)) {
			snprintf(artifact, sizeof(artifact), "%.*s",
				 (int)(b - a), s + a);
			at_line = it.line;
			at_col = (uint32_t)a + 1;
			end_col = (uint32_t)b + 1;
		}
		if (element(s, n, "version", &a, &b))
			snprintf(version, sizeof(version), "%.*s", (int)(b - a),
				 s + a);
		if (memfind(s, n, "</dependency>")) {
			in_dep = 0;
			if (*group && *artifact) {
				char *ga = sunset_asprintf("%s:%s", group,
							   artifact);
				add_dep(d, "maven", ga, strlen(ga), version,
					strlen(version), at_line, at_col,
					end_col);
				free(ga);
			}
		}
	}
}

/* implementation("g:a:v"), api 'g:a:v', implementation group: 'g',
 * name: 'a' is not read. */
static void read_gradle(sunset_deps *d, const char *src, size_t len)
{
	static const char *const configs[] = {
		"implementation",     "api",	 "compileOnly", "runtimeOnly",
		"testImplementation", "compile", "kapt",	"ksp"};
	lines it = {src, src + len, 0};
	const char *s;
	size_t n;

	while (next_line(&it, &s, &n)) {
		size_t i = 0, a, b;
		int hit = 0;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		for (size_t k = 0; k < sizeof(configs) / sizeof(configs[0]);
		     k++) {
			size_t l = strlen(configs[k]);
			if (n - i > l && !strncmp(s + i, configs[k], l) &&
			    (s[i + l] == '(' || s[i + l] == ' '))
				hit = 1;
		}
		if (!hit || !quoted_after(s, n, i, &a, &b))
			continue;
		{
			/* g:a:v -> name g:a, constraint v */
			const char *c1 = memchr(s + a, ':', b - a), *c2;
			if (!c1)
				continue;
			c2 = memchr(c1 + 1, ':', (size_t)(s + b - c1 - 1));
			if (c2)
				add_dep(d, "maven", s + a, (size_t)(c2 - s - a),
					c2 + 1, (size_t)(s + b - c2 - 1),
					it.line, (uint32_t)a + 1,
					(uint32_t)b + 1);
			else
				add_dep(d, "maven", s + a, b - a, NULL, 0,
					it.line, (uint32_t)a + 1,
					(uint32_t)b + 1);
		}
	}
}

int sunset_manifest_is(const char *path, sunset_lang lang)
{
	static const char *const names[] = {
		"package.json",
		"composer.json",
		"pyproject.toml",
		"Cargo.toml",
		"Pipfile",
		"go.mod",
		"setup.py",
		"setup.cfg",
		"Gemfile",
		"pom.xml",
		"Directory.Packages.props",
		"packages.config",
		"build.gradle",
		"build.gradle.kts",
	};
	const char *base = base_name(path);

	if (lang == SUNSET_LANG_REQUIREMENTS || ends_with(base, ".gemspec") ||
	    ends_with(base, ".csproj") || ends_with(base, ".fsproj") ||
	    ends_with(base, ".vbproj"))
		return 1;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (!strcmp(base, names[i]))
			return 1;
	return 0;
}

void sunset_manifest_read(sunset_deps *out, const char *path, sunset_lang lang,
			  const char *src, size_t len, const TSTree *tree)
{
	static const char *const npm_sections[] = {
		"dependencies", "devDependencies", "peerDependencies",
		"optionalDependencies", NULL};
	static const char *const composer_sections[] = {"require",
							"require-dev", NULL};
	const char *base = base_name(path);

	memset(out, 0, sizeof(*out));
	if (!strcmp(base, "package.json") && tree)
		read_json(out, "npm", npm_sections, src,
			  ts_tree_root_node(tree));
	else if (!strcmp(base, "composer.json") && tree)
		read_json(out, "composer", composer_sections, src,
			  ts_tree_root_node(tree));
	else if ((!strcmp(base, "pyproject.toml") ||
		  !strcmp(base, "Cargo.toml") || !strcmp(base, "Pipfile")) &&
		 tree)
		read_toml(out, base, src, ts_tree_root_node(tree));
	else if (lang == SUNSET_LANG_REQUIREMENTS)
		read_requirements(out, src, len);
	else if (!strcmp(base, "go.mod"))
		read_gomod(out, src, len);
	else if (!strcmp(base, "setup.py"))
		read_setup_py(out, src, len);
	else if (!strcmp(base, "setup.cfg"))
		read_setup_cfg(out, src, len);
	else if (!strcmp(base, "Gemfile") || ends_with(base, ".gemspec"))
		read_gemfile(out, src, len);
	else if (ends_with(base, ".csproj") || ends_with(base, ".fsproj") ||
		 ends_with(base, ".vbproj") ||
		 !strcmp(base, "Directory.Packages.props") ||
		 !strcmp(base, "packages.config"))
		read_nuget(out, src, len);
	else if (!strcmp(base, "pom.xml"))
		read_pom(out, src, len);
	else if (!strcmp(base, "build.gradle") ||
		 !strcmp(base, "build.gradle.kts"))
		read_gradle(out, src, len);
}

/* ---- names ---- */

static char *pep503(const char *s)
{
	sunset_buf b = SUNSET_BUF_INIT;
	int sep = 0;

	for (; *s; s++) {
		if (*s == '-' || *s == '_' || *s == '.') {
			sep = 1;
			continue;
		}
		if (sep && b.len)
			sunset_buf_puts(&b, "-");
		sep = 0;
		{
			char c = (char)tolower((unsigned char)*s);
			sunset_buf_put(&b, &c, 1);
		}
	}
	return sunset_buf_detach(&b);
}

/* A Go module path without its /vN major-version elements. */
static char *go_base(const char *s)
{
	sunset_buf b = SUNSET_BUF_INIT;
	const char *p = s;

	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		int major = n >= 2 && p[0] == 'v';
		for (size_t i = 1; major && i < n; i++)
			major = isdigit((unsigned char)p[i]);
		if (!major || p == s) {
			if (b.len)
				sunset_buf_puts(&b, "/");
			sunset_buf_put(&b, p, n);
		}
		p += n + (slash ? 1 : 0);
	}
	return sunset_buf_detach(&b);
}

int sunset_package_match(const char *eco, const char *declared,
			 const char *rule)
{
	int m;

	if (!strcmp(eco, "pypi")) {
		char *a = pep503(declared), *b = pep503(rule);
		m = !strcmp(a, b);
		free(a);
		free(b);
		return m;
	}
	if (!strcmp(eco, "go")) {
		char *a = go_base(declared), *b = go_base(rule);
		m = !strcmp(a, b);
		free(a);
		free(b);
		return m;
	}
	if (!strcmp(eco, "cargo")) {
		size_t i;
		if (strlen(declared) != strlen(rule))
			return 0;
		for (i = 0; declared[i]; i++) {
			char a = declared[i] == '_' ? '-' : declared[i];
			char b = rule[i] == '_' ? '-' : rule[i];
			if (tolower((unsigned char)a) !=
			    tolower((unsigned char)b))
				return 0;
		}
		return 1;
	}
	if (!strcmp(eco, "nuget") || !strcmp(eco, "composer") ||
	    !strcmp(eco, "rubygems"))
		return !strcasecmp(declared, rule);
	return !strcmp(declared, rule); /* npm, maven */
}

/* ---- lock files ---- */

/* The text between the first pair of quotes after `key` on a line. */
static int quoted_value(const char *s, size_t n, const char *key, size_t *a,
			size_t *b)
{
	const char *k = memfind(s, n, key);
	return k && quoted_after(s, n, (size_t)(k - s) + strlen(key), a, b);
}

/* [[package]] tables with name = "x" and version = "y" (poetry.lock,
 * uv.lock, Cargo.lock), read as text: lock files are large and flat. */
static void read_toml_packages(sunset_deps *d, const char *eco, const char *src,
			       size_t len)
{
	lines it = {src, src + len, 0};
	const char *s;
	size_t n, a, b;
	char *name = NULL;
	uint32_t at = 0;

	while (next_line(&it, &s, &n)) {
		if (n >= 11 && !strncmp(s, "[[package]]", 11)) {
			free(name);
			name = NULL;
		} else if (n > 7 && !strncmp(s, "name = ", 7) &&
			   quoted_after(s, n, 7, &a, &b)) {
			free(name);
			name = sunset_strndup(s + a, b - a);
			at = it.line;
		} else if (name && n > 10 && !strncmp(s, "version = ", 10) &&
			   quoted_after(s, n, 10, &a, &b)) {
			add_dep(d, eco, name, strlen(name), s + a, b - a, at, 1,
				1);
			free(name);
			name = NULL;
		}
	}
	free(name);
}

/* A name from a JSON lock file read as text, escapes decoded. */
static char *json_dup(const char *s, size_t n)
{
	sunset_buf b = SUNSET_BUF_INIT;

	sunset_buf_unescape(&b, s, n);
	return sunset_buf_detach(&b);
}

/* "node_modules/x": {"version": "1.2.3"} (lockfile v2/v3), or
 * "dependencies": {"x": {"version": ...}} (v1), read as text. */
static void read_package_lock(sunset_deps *d, const char *src, size_t len)
{
	lines it = {src, src + len, 0};
	const char *s;
	size_t n, a, b;
	char *name = NULL;
	uint32_t at = 0;
	int v1 = !memfind(src, len < 4096 ? len : 4096, "\"packages\"");

	while (next_line(&it, &s, &n)) {
		const char *nm = memfind(s, n, "\"node_modules/");
		if (!v1 && nm) {
			/* the last node_modules/ segment is the package */
			const char *start = nm + 1, *q;
			const char *end =
				memchr(start, '"', (size_t)(s + n - start));
			if (!end)
				continue;
			for (q = start; q + 13 <= end; q++)
				if (!strncmp(q, "node_modules/", 13))
					start = q + 13;
			free(name);
			name = json_dup(start, (size_t)(end - start));
			at = it.line;
		} else if (v1 && n > 4 && s[n - 1] == '{' &&
			   quoted_after(s, n, 0, &a, &b) &&
			   (b - a != 12 ||
			    strncmp(s + a, "dependencies", 12)) &&
			   (b - a != 8 || strncmp(s + a, "requires", 8))) {
			free(name);
			name = json_dup(s + a, b - a);
			at = it.line;
		} else if (name && quoted_value(s, n, "\"version\":", &a, &b)) {
			add_dep(d, "npm", name, strlen(name), s + a, b - a, at,
				1, 1);
			free(name);
			name = NULL;
		}
	}
	free(name);
}

/* yarn v1: "a@^1", a@^1.2:\n  version "1.2.3"; berry: version: 1.2.3 */
static void read_yarn_lock(sunset_deps *d, const char *src, size_t len)
{
	lines it = {src, src + len, 0};
	const char *s;
	size_t n;
	char *name = NULL;
	uint32_t at = 0;

	while (next_line(&it, &s, &n)) {
		if (n && s[0] != ' ' && s[0] != '#' && s[n - 1] == ':') {
			size_t i = s[0] == '"' ? 1 : 0, k;
			/* the name ends at the '@' of the first range */
			for (k = i + 1; k < n && s[k] != '@'; k++)
				;
			free(name);
			name = k < n ? sunset_strndup(s + i, k - i) : NULL;
			at = it.line;
		} else if (name && n > 10 &&
			   (!strncmp(s, "  version \"", 11) ||
			    !strncmp(s, "  version: ", 11))) {
			const char *v = s + 10;
			size_t vl;
			while (*v == ' ' || *v == ':' || *v == '"')
				v++;
			vl = (size_t)(s + n - v);
			while (vl && (v[vl - 1] == '"' || v[vl - 1] == ' '))
				vl--;
			add_dep(d, "npm", name, strlen(name), v, vl, at, 1, 1);
			free(name);
			name = NULL;
		}
	}
	free(name);
}

/* pnpm: keys in packages: /name@1.2.3: (v6+), /name/1.2.3: (v5) */
static void read_pnpm_lock(sunset_deps *d, const char *src, size_t len)
{
	lines it = {src, src + len, 0};
	const char *s;
	size_t n;
	int in_packages = 0;

	while (next_line(&it, &s, &n)) {
		size_t i = 2, e;
		const char *at;
		if (n && s[0] != ' ') {
			in_packages = n >= 9 && !strncmp(s, "packages:", 9);
			continue;
		}
		if (!in_packages || n < 4 || s[0] != ' ' || s[1] != ' ' ||
		    s[2] == ' ' || s[n - 1] != ':')
			continue;
		if (s[i] == '\'' || s[i] == '"')
			i++;
		if (s[i] == '/')
			i++;
		e = n - 1;
		if (e > i && (s[e - 1] == '\'' || s[e - 1] == '"'))
			e--;
		/* peer suffixes: openai@4.67.1(zod@3.0.0) */
		for (size_t k = i; k < e; k++)
			if (s[k] == '(') {
				e = k;
				break;
			}
		/* the version starts after the last '@' (not a scope's) */
		at = NULL;
		for (size_t k = i + 1; k < e; k++)
			if (s[k] == '@')
				at = s + k;
		if (at) {
			size_t vl = (size_t)(s + e - at - 1);
			add_dep(d, "npm", s + i, (size_t)(at - s - (long)i),
				at + 1, vl, it.line, 1, 1);
		} else {
			const char *slash = NULL;
			for (size_t k = i + 1; k < e; k++)
				if (s[k] == '/')
					slash = s + k;
			if (slash)
				add_dep(d, "npm", s + i,
					(size_t)(slash - s - (long)i),
					slash + 1, (size_t)(s + e - slash - 1),
					it.line, 1, 1);
		}
	}
}

/* Gemfile.lock: "    name (1.2.3)" under specs: */
static void read_gemfile_lock(sunset_deps *d, const char *src, size_t len)
{
	lines it = {src, src + len, 0};
	const char *s;
	size_t n;

	while (next_line(&it, &s, &n)) {
		const char *open, *close;
		if (n < 7 || strncmp(s, "    ", 4) || s[4] == ' ')
			continue;
		open = memchr(s, '(', n);
		close = open ? memchr(open, ')', (size_t)(s + n - open)) : NULL;
		if (!open || !close || open < s + 6)
			continue;
		add_dep(d, "rubygems", s + 4, (size_t)(open - s - 5), open + 1,
			(size_t)(close - open - 1), it.line, 5, 5);
	}
}

/* go.sum: "module version[/go.mod] hash" */
static void read_go_sum(sunset_deps *d, const char *src, size_t len)
{
	lines it = {src, src + len, 0};
	const char *s;
	size_t n;

	while (next_line(&it, &s, &n)) {
		const char *sp = memchr(s, ' ', n), *sp2;
		if (!sp)
			continue;
		sp2 = memchr(sp + 1, ' ', (size_t)(s + n - sp - 1));
		if (!sp2 || memfind(sp, (size_t)(sp2 - sp), "/go.mod"))
			continue;
		add_dep(d, "go", s, (size_t)(sp - s), sp + 1,
			(size_t)(sp2 - sp - 1), it.line, 1, 1);
	}
}

/* composer.lock and Pipfile.lock: "name": "x" then "version": "y" */
static void read_json_lock(sunset_deps *d, const char *eco, const char *src,
			   size_t len)
{
	lines it = {src, src + len, 0};
	const char *s;
	size_t n, a, b;
	char *name = NULL;
	uint32_t at = 0;

	while (next_line(&it, &s, &n)) {
		if (!strcmp(eco, "pypi")) {
			/* Pipfile.lock: "name": {"version": "==1.2.3" */
			size_t i = 0;
			while (i < n && s[i] == ' ')
				i++;
			if (i == 8 && s[n - 1] == '{' &&
			    quoted_after(s, n, 0, &a, &b)) {
				free(name);
				name = json_dup(s + a, b - a);
				at = it.line;
			} else if (name &&
				   quoted_value(s, n, "\"version\":", &a, &b)) {
				while (a < b && s[a] == '=')
					a++;
				add_dep(d, eco, name, strlen(name), s + a,
					b - a, at, 1, 1);
				free(name);
				name = NULL;
			}
			continue;
		}
		if (quoted_value(s, n, "\"name\":", &a, &b)) {
			free(name);
			name = json_dup(s + a, b - a);
			at = it.line;
		} else if (name && quoted_value(s, n, "\"version\":", &a, &b)) {
			add_dep(d, eco, name, strlen(name), s + a, b - a, at, 1,
				1);
			free(name);
			name = NULL;
		}
	}
	free(name);
}

int sunset_lock_read(sunset_deps *out, const char *path, const char *src,
		     size_t len)
{
	const char *base = base_name(path);

	memset(out, 0, sizeof(*out));
	if (!strcmp(base, "package-lock.json") ||
	    !strcmp(base, "npm-shrinkwrap.json"))
		read_package_lock(out, src, len);
	else if (!strcmp(base, "yarn.lock"))
		read_yarn_lock(out, src, len);
	else if (!strcmp(base, "pnpm-lock.yaml"))
		read_pnpm_lock(out, src, len);
	else if (!strcmp(base, "poetry.lock") || !strcmp(base, "uv.lock"))
		read_toml_packages(out, "pypi", src, len);
	else if (!strcmp(base, "Cargo.lock"))
		read_toml_packages(out, "cargo", src, len);
	else if (!strcmp(base, "Gemfile.lock"))
		read_gemfile_lock(out, src, len);
	else if (!strcmp(base, "go.sum"))
		read_go_sum(out, src, len);
	else if (!strcmp(base, "composer.lock"))
		read_json_lock(out, "composer", src, len);
	else if (!strcmp(base, "Pipfile.lock"))
		read_json_lock(out, "pypi", src, len);
	else
		return 0;
	return 1;
}
