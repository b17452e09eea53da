/* cyclonedx.c - a scan as a CycloneDX 1.6 JSON AI bill of materials */
#include "cyclonedx.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "version.h"

/* ---- SHA-1, for the name-based serial number (RFC 4122, version 5) ---- */

typedef struct {
	uint32_t h[5];
	uint64_t len;
	unsigned char block[64];
	size_t used;
} sha1_ctx;

static uint32_t rol(uint32_t x, int n)
{
	return (x << n) | (x >> (32 - n));
}

static void sha1_block(sha1_ctx *c, const unsigned char *p)
{
	uint32_t w[80], a, b, d, e, f, k, t, cc;

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (int i = 16; i < 80; i++)
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	a = c->h[0];
	b = c->h[1];
	cc = c->h[2];
	d = c->h[3];
	e = c->h[4];
	for (int i = 0; i < 80; i++) {
		if (i < 20) {
			f = (b & cc) | (~b & d);
			k = 0x5A827999;
		} else if (i < 40) {
			f = b ^ cc ^ d;
			k = 0x6ED9EBA1;
		} else if (i < 60) {
			f = (b & cc) | (b & d) | (cc & d);
			k = 0x8F1BBCDC;
		} else {
			f = b ^ cc ^ d;
			k = 0xCA62C1D6;
		}
		t = rol(a, 5) + f + e + k + w[i];
		e = d;
		d = cc;
		cc = rol(b, 30);
		b = a;
		a = t;
	}
	c->h[0] += a;
	c->h[1] += b;
	c->h[2] += cc;
	c->h[3] += d;
	c->h[4] += e;
}

static void sha1_init(sha1_ctx *c)
{
	static const uint32_t h0[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE,
				       0x10325476, 0xC3D2E1F0};
	memcpy(c->h, h0, sizeof(h0));
	c->len = 0;
	c->used = 0;
}

static void sha1_update(sha1_ctx *c, const void *data, size_t n)
{
	const unsigned char *p = data;

	c->len += n;
	while (n) {
		size_t take = 64 - c->used < n ? 64 - c->used : n;
		memcpy(c->block + c->used, p, take);
		c->used += take;
		p += take;
		n -= take;
		if (c->used == 64) {
			sha1_block(c, c->block);
			c->used = 0;
		}
	}
}

static void sha1_final(sha1_ctx *c, unsigned char out[20])
{
	uint64_t bits = c->len * 8;
	unsigned char pad = 0x80, zero = 0, len[8];

	sha1_update(c, &pad, 1);
	while (c->used != 56)
		sha1_update(c, &zero, 1);
	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)(bits >> (56 - 8 * i));
	sha1_update(c, len, 8);
	for (int i = 0; i < 5; i++) {
		out[4 * i] = (unsigned char)(c->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)c->h[i];
	}
}

/* sunset's namespace for name-based UUIDs: fixed random bytes, so that
 * no other producer's version 5 UUIDs collide with sunset's */
static const unsigned char cdx_namespace[16] = {
	0x6b, 0x3d, 0x2f, 0x1e, 0x8a, 0x54, 0x5c, 0x27,
	0x9e, 0x41, 0x0d, 0x7b, 0x3c, 0x82, 0x61, 0xf5};

/* What names a repository in the serial number: its origin URL when it
 * has one, else the last part of its path. Caller frees. */
static char *repo_identity(const sunset_repo_info *info)
{
	const char *p, *end, *b;

	if (info->remote_url && *info->remote_url)
		return sunset_strdup(info->remote_url);
	p = info->path ? info->path : "";
	end = p + strlen(p);
	while (end > p && end[-1] == '/')
		end--;
	b = end;
	while (b > p && b[-1] != '/')
		b--;
	return sunset_strndup(b, (size_t)(end - b));
}

/* The last part of a path or URL, without a trailing ".git" or '/'.
 * Caller frees. */
static char *repo_name(const sunset_repo_info *info)
{
	char *s = repo_identity(info), *name;
	size_t n = strlen(s);
	const char *b;

	while (n && (s[n - 1] == '/'))
		n--;
	if (n > 4 && !strncmp(s + n - 4, ".git", 4))
		n -= 4;
	b = s + n;
	while (b > s && b[-1] != '/' && b[-1] != ':')
		b--;
	name = b == s + n ? sunset_strdup("repository")
			  : sunset_strndup(b, (size_t)(s + n - b));
	free(s);
	return name;
}

void sunset_cyclonedx_serial(char out[SUNSET_CDX_SERIAL_SIZE],
			     const sunset_scan_result *result)
{
	sha1_ctx c;
	unsigned char d[20];

	sha1_init(&c);
	sha1_update(&c, cdx_namespace, sizeof(cdx_namespace));
	for (size_t i = 0; i < result->nrepos; i++) {
		const sunset_repo_info *info = &result->repos[i].info;
		char *id = repo_identity(info);
		const char *commit = info->commit ? info->commit : "";
		sha1_update(&c, id, strlen(id) + 1);
		sha1_update(&c, commit, strlen(commit) + 1);
		free(id);
	}
	sha1_final(&c, d);
	d[6] = (unsigned char)((d[6] & 0x0F) | 0x50); /* version 5 */
	d[8] = (unsigned char)((d[8] & 0x3F) | 0x80); /* RFC 4122 variant */
	snprintf(out, SUNSET_CDX_SERIAL_SIZE,
		 "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x",
		 d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9],
		 d[10], d[11], d[12], d[13], d[14], d[15]);
}

/* ---- package URLs ---- */

/* Percent-encode everything but the purl spec's unreserved characters;
 * '/' too unless `keep_slash`. */
static void purl_put(sunset_buf *o, const char *s, size_t n, int keep_slash,
		     int lower)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (lower)
			c = (unsigned char)tolower(c);
		if (isalnum(c) || c == '.' || c == '-' || c == '_' ||
		    c == '~' || (keep_slash && c == '/'))
			sunset_buf_put(o, (const char *)&c, 1);
		else
			sunset_buf_printf(o, "%%%02X", c);
	}
}

char *sunset_purl(const char *ecosystem, const char *name, const char *version)
{
	sunset_buf o = SUNSET_BUF_INIT;
	const char *eco = ecosystem ? ecosystem : "";
	const char *sep;
	size_t n = strlen(name);

	if (!strcmp(eco, "pypi")) {
		/* lower case, '_' as '-' (the spec's normalisation) */
		sunset_buf_puts(&o, "pkg:pypi/");
		for (size_t i = 0; i < n; i++) {
			char c = name[i] == '_' ? '-' : name[i];
			purl_put(&o, &c, 1, 0, 1);
		}
	} else if (!strcmp(eco, "npm") || !strcmp(eco, "composer")) {
		/* "@scope/name", "vendor/name": namespace and name, lower */
		sunset_buf_printf(&o, "pkg:%s/", eco);
		sep = strchr(name, '/');
		if (sep) {
			purl_put(&o, name, (size_t)(sep - name), 0, 1);
			sunset_buf_puts(&o, "/");
			purl_put(&o, sep + 1, strlen(sep + 1), 0, 1);
		} else {
			purl_put(&o, name, n, 0, 1);
		}
	} else if (!strcmp(eco, "go")) {
		/* module path: every segment encoded, the slashes kept */
		sunset_buf_puts(&o, "pkg:golang/");
		purl_put(&o, name, n, 1, 0);
	} else if (!strcmp(eco, "maven")) {
		sunset_buf_puts(&o, "pkg:maven/");
		sep = strchr(name, ':');
		if (sep) {
			purl_put(&o, name, (size_t)(sep - name), 0, 0);
			sunset_buf_puts(&o, "/");
			purl_put(&o, sep + 1, strlen(sep + 1), 0, 0);
		} else {
			purl_put(&o, name, n, 0, 0);
		}
	} else {
		const char *type = !strcmp(eco, "rubygems") ? "gem"
				   : !strcmp(eco, "nuget")  ? "nuget"
				   : !strcmp(eco, "cargo")  ? "cargo"
							    : "generic";
		sunset_buf_printf(&o, "pkg:%s/", type);
		purl_put(&o, name, n, 0, 0);
	}
	if (version && *version) {
		sunset_buf_puts(&o, "@");
		purl_put(&o, version, strlen(version), 0, 0);
	}
	return sunset_buf_detach(&o);
}

/* ---- what the BOM lists ---- */

typedef struct {
	char **items;
	size_t count;
} strset;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add a copy of `s` unless present. */
static void strset_add(strset *set, const char *s)
{
	for (size_t i = 0; i < set->count; i++)
		if (!strcmp(set->items[i], s))
			return;
	set->items = sunset_realloc(set->items,
				    (set->count + 1) * sizeof(*set->items));
	set->items[set->count++] = sunset_strdup(s);
}

static void strset_sort(strset *set)
{
	if (set->count > 1)
		qsort(set->items, set->count, sizeof(*set->items), cmp_str);
}

static void strset_free(strset *set)
{
	for (size_t i = 0; i < set->count; i++)
		free(set->items[i]);
	free(set->items);
	set->items = NULL;
	set->count = 0;
}

/* A vendor SDK declared in a manifest. Its bom-ref is its package URL
 * (with the declared constraint after '#' when no lock file resolves a
 * version), which is also what makes two declarations the same. */
typedef struct {
	char *ref, *purl;
	const sunset_finding *first;
	unsigned long findings;
} sdk;

typedef struct {
	const sunset_product *product;
	char *ref;
	strset endpoints;
	unsigned long findings, suppressed;
} service;

typedef struct {
	sdk *sdks;
	size_t nsdks;
	service *services;
	size_t nservices;
	strset *repo_deps; /* per repository: the refs it depends on */
} bom;

/* X.Y.Z with an optional -pre or +build: an exact version in npm and
 * Composer when it stands alone */
static int is_semver(const char *s)
{
	for (int part = 0; part < 3; part++) {
		if (!isdigit((unsigned char)*s))
			return 0;
		while (isdigit((unsigned char)*s))
			s++;
		if (part < 2 && *s++ != '.')
			return 0;
	}
	if (*s == '-' || *s == '+')
		return s[1] &&
		       !s[strspn(s, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "abcdefghijklmnopqrstuvwxyz.+-")];
	return !*s;
}

/* The one version a declaration allows, or NULL when it allows a range:
 * pypi "==1.54.0", npm and composer "1.2.3", cargo "=1.2.3", rubygems
 * "= 2.0.1", nuget and maven "[4.2.0]", and go.mod's versions (the
 * versions the module builds with). Caller frees. */
static char *pinned_version(const char *eco, const char *c)
{
	size_t n;

	if (!c || !*c || !eco)
		return NULL;
	n = strlen(c);
	if (!strcmp(eco, "go"))
		return c[0] == 'v' && !strpbrk(c, " <>=*,") ? sunset_strdup(c)
							    : NULL;
	if (!strcmp(eco, "pypi")) {
		c += strspn(c, "= ");
		if (n - strlen(c) < 2 || !*c ||
		    c[strspn(c, "0123456789abcdefghijklmnopqrstuvwxyz"
				"ABCDEFGHIJKLMNOPQRSTUVWXYZ.+!-_")])
			return NULL;
		return sunset_strdup(c);
	}
	if (!strcmp(eco, "npm") || !strcmp(eco, "composer"))
		return is_semver(c[0] == '=' || c[0] == 'v' ? c + 1 : c)
			       ? sunset_strdup(
					 c[0] == '=' || c[0] == 'v' ? c + 1 : c)
			       : NULL;
	if (!strcmp(eco, "cargo") || !strcmp(eco, "rubygems")) {
		if (c[0] != '=')
			return NULL;
		c += strspn(c, "= ");
		return *c && !strpbrk(c, " ,<>~^*") ? sunset_strdup(c) : NULL;
	}
	if (!strcmp(eco, "nuget") || !strcmp(eco, "maven")) {
		if (n < 3 || c[0] != '[' || c[n - 1] != ']' ||
		    strpbrk(c, ",$ "))
			return NULL;
		return sunset_strndup(c + 1, n - 2);
	}
	return NULL;
}

/* The version a component is listed with: a lock file's, else the one
 * version the declaration pins; NULL when neither. Caller frees. */
static char *sdk_version(const sunset_finding *f, const char **from)
{
	char *v;

	if (f->dep_resolved && *f->dep_resolved) {
		*from = "lockfile";
		return sunset_strdup(f->dep_resolved);
	}
	v = pinned_version(f->dep_ecosystem, f->dep_constraint);
	*from = v ? "declaration" : NULL;
	return v;
}

static char *sdk_ref(const sunset_finding *f, char **purl_out)
{
	const char *from;
	char *version = sdk_version(f, &from);
	char *purl = sunset_purl(f->dep_ecosystem, f->dep_name, version);
	char *ref;

	if (version)
		ref = sunset_strdup(purl);
	else
		ref = sunset_asprintf("%s#%s", purl,
				      f->dep_constraint && *f->dep_constraint
					      ? f->dep_constraint
					      : "*");
	free(version);
	*purl_out = purl;
	return ref;
}

static const char *add_sdk(bom *b, const sunset_finding *f)
{
	char *purl, *ref = sdk_ref(f, &purl);
	sdk *s;

	for (size_t i = 0; i < b->nsdks; i++) {
		if (!strcmp(b->sdks[i].ref, ref)) {
			b->sdks[i].findings++;
			free(ref);
			free(purl);
			return b->sdks[i].ref;
		}
	}
	b->sdks = sunset_realloc(b->sdks, (b->nsdks + 1) * sizeof(*b->sdks));
	s = &b->sdks[b->nsdks++];
	s->ref = ref;
	s->purl = purl;
	s->first = f;
	s->findings = 1;
	return ref;
}

/* The URL at the start of `s` (after quotes and spaces), up to a space,
 * quote or unknown part ("{}"), with characters an IRI may not hold percent-encoded; NULL
 * when `s` does not start with http:// or https://. Caller frees. */
static char *url_of(const char *s)
{
	sunset_buf o = SUNSET_BUF_INIT;
	const char *e;
	size_t host;

	if (!s)
		return NULL;
	while (*s == '"' || *s == '\'' || *s == '`' || *s == ' ')
		s++;
	if (!strncmp(s, "https://", 8))
		host = 8;
	else if (!strncmp(s, "http://", 7))
		host = 7;
	else
		return NULL;
	/* a "{}" stands for what sunset could not evaluate: the known
	 * part before it is kept */
	e = s + strcspn(s, " \t\r\n\"'`{");
	while (e > s + host && strchr(",;)]", e[-1]))
		e--;
	if (e == s + host || s[host] == '{' || s[host] == '/')
		return NULL; /* no host, or one that is not known */
	for (const char *p = s; p < e; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= 0x20 || c == 0x7F || strchr("<>\"{}|\\^`", c))
			sunset_buf_printf(&o, "%%%02X", c);
		else
			sunset_buf_put(&o, p, 1);
	}
	return sunset_buf_detach(&o);
}

static const char *add_service(bom *b, const sunset_finding *f)
{
	const sunset_product *p = f->rule->product;
	service *s = NULL;

	for (size_t i = 0; i < b->nservices && !s; i++)
		if (b->services[i].product == p)
			s = &b->services[i];
	if (!s) {
		b->services = sunset_realloc(
			b->services, (b->nservices + 1) * sizeof(*b->services));
		s = &b->services[b->nservices++];
		memset(s, 0, sizeof(*s));
		s->product = p;
		s->ref = sunset_asprintf("service:%s.%s", p->vendor->id, p->id);
	}
	s->findings++;
	if (f->suppressed)
		s->suppressed++;
	if (f->rule->kind == SUNSET_KIND_ENDPOINT) {
		const char *texts[2] = {f->detail, f->matched};
		for (int i = 0; i < 2; i++) {
			char *url = url_of(texts[i]);
			if (url)
				strset_add(&s->endpoints, url);
			free(url);
		}
	}
	return s->ref;
}

static int cmp_sdk(const void *a, const void *b)
{
	return strcmp(((const sdk *)a)->ref, ((const sdk *)b)->ref);
}

static int cmp_service(const void *a, const void *b)
{
	return strcmp(((const service *)a)->ref, ((const service *)b)->ref);
}

static void bom_collect(bom *b, const sunset_scan_result *result)
{
	memset(b, 0, sizeof(*b));
	b->repo_deps = sunset_calloc(result->nrepos ? result->nrepos : 1,
				     sizeof(*b->repo_deps));
	for (size_t i = 0; i < result->nrepos; i++) {
		const sunset_findings *fs = &result->repos[i].findings;
		for (size_t k = 0; k < fs->count; k++) {
			const sunset_finding *f = &fs->items[k];
			if (f->rule->kind == SUNSET_KIND_DEPENDENCY &&
			    f->dep_name)
				strset_add(&b->repo_deps[i], add_sdk(b, f));
			strset_add(&b->repo_deps[i], add_service(b, f));
		}
		strset_sort(&b->repo_deps[i]);
	}
	if (b->nsdks > 1)
		qsort(b->sdks, b->nsdks, sizeof(*b->sdks), cmp_sdk);
	if (b->nservices > 1)
		qsort(b->services, b->nservices, sizeof(*b->services),
		      cmp_service);
	for (size_t i = 0; i < b->nservices; i++)
		strset_sort(&b->services[i].endpoints);
}

static void bom_free(bom *b, size_t nrepos)
{
	for (size_t i = 0; i < b->nsdks; i++) {
		free(b->sdks[i].ref);
		free(b->sdks[i].purl);
	}
	free(b->sdks);
	for (size_t i = 0; i < b->nservices; i++) {
		free(b->services[i].ref);
		strset_free(&b->services[i].endpoints);
	}
	free(b->services);
	for (size_t i = 0; i < nrepos; i++)
		strset_free(&b->repo_deps[i]);
	free(b->repo_deps);
}

/* ---- writing ---- */

/* `"name": "value"` after a comma when `*first` is 0. */
static void member(sunset_buf *o, int *first, const char *name,
		   const char *value)
{
	sunset_buf_printf(o, "%s\"%s\": ", *first ? "" : ", ", name);
	sunset_json_string(o, value);
	*first = 0;
}

/* One {"name", "value"} property on a line of its own; nothing when the value is NULL or
 * empty. */
static void property(sunset_buf *o, int *first, const char *indent,
		     const char *name, const char *value)
{
	if (!value || !*value)
		return;
	sunset_buf_puts(o, *first ? "\n" : ",\n");
	sunset_buf_printf(o, "%s{\"name\": ", indent);
	sunset_json_string(o, name);
	sunset_buf_puts(o, ", \"value\": ");
	sunset_json_string(o, value);
	sunset_buf_puts(o, "}");
	*first = 0;
}

static void properties_end(sunset_buf *o, int first)
{
	sunset_buf_puts(o, first ? "]" : "\n      ]");
}

static char *join(const sunset_strlist *l, const char *sep)
{
	sunset_buf o = SUNSET_BUF_INIT;

	for (size_t i = 0; i < l->count; i++) {
		if (i)
			sunset_buf_puts(&o, sep);
		sunset_buf_puts(&o, l->items[i]);
	}
	return o.ptr ? sunset_buf_detach(&o) : NULL;
}

static char *repo_ref(const sunset_repo_info *info)
{
	return sunset_asprintf("repository:%s", info->path ? info->path : "");
}

static void repo_component(sunset_buf *o, const sunset_repo_result *r,
			   const char *indent)
{
	char *name = repo_name(&r->info), *ref = repo_ref(&r->info);
	char *pind;
	int first = 1;

	sunset_buf_printf(o, "{\n%s  \"type\": \"application\",\n%s  ", indent,
			  indent);
	member(o, &first, "bom-ref", ref);
	sunset_buf_printf(o, ",\n%s  ", indent);
	first = 1;
	member(o, &first, "name", name);
	if (r->info.commit) {
		sunset_buf_printf(o, ",\n%s  ", indent);
		first = 1;
		member(o, &first, "version", r->info.commit);
	}
	if (r->info.remote_url &&
	    (!strncmp(r->info.remote_url, "https://", 8) ||
	     !strncmp(r->info.remote_url, "http://", 7))) {
		char *url = url_of(r->info.remote_url);
		if (url) {
			sunset_buf_printf(o,
					  ",\n%s  \"externalReferences\": "
					  "[{\"type\": \"vcs\", \"url\": ",
					  indent);
			sunset_json_string(o, url);
			sunset_buf_puts(o, "}]");
		}
		free(url);
	}
	sunset_buf_printf(o, ",\n%s  \"properties\": [", indent);
	pind = sunset_asprintf("%s    ", indent);
	first = 1;
	property(o, &first, pind, "sunset:path", r->info.path);
	property(o, &first, pind, "sunset:revision",
		 r->info.worktree ? "(work tree)" : r->info.rev);
	property(o, &first, pind, "sunset:error", r->error);
	if (first)
		sunset_buf_puts(o, "]");
	else
		sunset_buf_printf(o, "\n%s  ]", indent);
	sunset_buf_printf(o, "\n%s}", indent);
	free(pind);
	free(name);
	free(ref);
}

static void metadata(sunset_buf *o, const sunset_scan_result *result)
{
	sunset_buf_puts(o, "  \"metadata\": {\n"
			   "    \"tools\": {\n"
			   "      \"components\": [\n"
			   "        {\"type\": \"application\", "
			   "\"name\": \"sunset\", \"version\": ");
	sunset_json_string(o, SUNSET_VERSION);
	sunset_buf_puts(o, "}\n      ]\n    },\n    \"component\": ");
	if (result->nrepos == 1) {
		repo_component(o, &result->repos[0], "    ");
	} else {
		sunset_buf_printf(o,
				  "{\n      \"type\": \"application\",\n"
				  "      \"bom-ref\": \"scan\",\n"
				  "      \"name\": \"%zu repositories\",\n"
				  "      \"components\": [",
				  result->nrepos);
		for (size_t i = 0; i < result->nrepos; i++) {
			sunset_buf_puts(o, i ? ", " : "");
			repo_component(o, &result->repos[i], "      ");
		}
		sunset_buf_puts(o, "]\n    }");
	}
	sunset_buf_puts(o, "\n  },\n");
}

static void components(sunset_buf *o, const bom *b)
{
	sunset_buf_puts(o, "  \"components\": [");
	for (size_t i = 0; i < b->nsdks; i++) {
		const sdk *s = &b->sdks[i];
		const sunset_finding *f = s->first;
		const sunset_product *p = f->rule->product;
		char count[32], *version;
		const char *from;
		int first = 1;

		sunset_buf_puts(o, i ? ",\n    {\n      " : "\n    {\n      ");
		sunset_buf_puts(o, "\"type\": \"library\",\n      ");
		member(o, &first, "bom-ref", s->ref);
		sunset_buf_puts(o, ",\n      ");
		first = 1;
		member(o, &first, "name", f->dep_name);
		version = sdk_version(f, &from);
		if (version) {
			sunset_buf_puts(o, ",\n      ");
			first = 1;
			member(o, &first, "version", version);
		}
		sunset_buf_puts(o, ",\n      ");
		first = 1;
		member(o, &first, "purl", s->purl);
		sunset_buf_puts(o, ",\n      \"properties\": [");
		first = 1;
		snprintf(count, sizeof(count), "%lu", s->findings);
		property(o, &first, "        ", "sunset:ecosystem",
			 f->dep_ecosystem);
		property(o, &first, "        ", "sunset:declared",
			 f->dep_constraint);
		property(o, &first, "        ", "sunset:version-from", from);
		property(o, &first, "        ", "sunset:lockfile",
			 f->dep_lockfile);
		property(o, &first, "        ", "sunset:manifest", f->path);
		property(o, &first, "        ", "sunset:vendor", p->vendor->id);
		property(o, &first, "        ", "sunset:product", p->id);
		property(o, &first, "        ", "sunset:findings", count);
		properties_end(o, first);
		sunset_buf_puts(o, "\n    }");
		free(version);
	}
	sunset_buf_puts(o, b->nsdks ? "\n  ],\n" : "],\n");
}

static void services(sunset_buf *o, const bom *b)
{
	sunset_buf_puts(o, "  \"services\": [");
	for (size_t i = 0; i < b->nservices; i++) {
		const service *s = &b->services[i];
		const sunset_product *p = s->product;
		const sunset_vendor *v = p->vendor;
		char count[32], suppressed[32];
		char *sources = join(&p->sources, " ");
		char *alts = join(&p->alternatives, " ");
		int first = 1;

		sunset_buf_puts(o, i ? ",\n    {\n      " : "\n    {\n      ");
		member(o, &first, "bom-ref", s->ref);
		sunset_buf_puts(o, ",\n      \"provider\": {");
		first = 1;
		member(o, &first, "name", v->name ? v->name : v->id);
		if (v->homepage && *v->homepage) {
			sunset_buf_puts(o, ", \"url\": [");
			sunset_json_string(o, v->homepage);
			sunset_buf_puts(o, "]");
		}
		sunset_buf_puts(o, "},\n      ");
		first = 1;
		member(o, &first, "group", v->id);
		sunset_buf_puts(o, ",\n      ");
		first = 1;
		member(o, &first, "name", p->name ? p->name : p->id);
		if (s->endpoints.count) {
			sunset_buf_puts(o, ",\n      \"endpoints\": [");
			for (size_t k = 0; k < s->endpoints.count; k++) {
				sunset_buf_puts(o, k ? ", " : "");
				sunset_json_string(o, s->endpoints.items[k]);
			}
			sunset_buf_puts(o, "]");
		}
		sunset_buf_puts(o, ",\n      \"x-trust-boundary\": true,\n"
				   "      \"properties\": [");
		first = 1;
		snprintf(count, sizeof(count), "%lu", s->findings);
		snprintf(suppressed, sizeof(suppressed), "%lu", s->suppressed);
		property(o, &first, "        ", "sunset:vendor", v->id);
		property(o, &first, "        ", "sunset:product", p->id);
		property(o, &first, "        ", "sunset:capability",
			 p->capability);
		property(o, &first, "        ", "sunset:lifecycle",
			 sunset_lifecycle_name(p->lifecycle));
		property(o, &first, "        ", "sunset:announced",
			 p->announced);
		property(o, &first, "        ", "sunset:shutdown", p->shutdown);
		property(o, &first, "        ", "sunset:sources", sources);
		property(o, &first, "        ", "sunset:alternatives", alts);
		property(o, &first, "        ", "sunset:findings", count);
		property(o, &first, "        ", "sunset:suppressed",
			 suppressed);
		properties_end(o, first);
		sunset_buf_puts(o, "\n    }");
		free(sources);
		free(alts);
	}
	sunset_buf_puts(o, b->nservices ? "\n  ],\n" : "],\n");
}

static void dependencies(sunset_buf *o, const sunset_scan_result *result,
			 const bom *b)
{
	int any = 0;

	sunset_buf_puts(o, "  \"dependencies\": [");
	if (result->nrepos != 1) {
		sunset_buf_puts(o,
				"\n    {\"ref\": \"scan\", \"dependsOn\": [");
		for (size_t i = 0; i < result->nrepos; i++) {
			char *ref = repo_ref(&result->repos[i].info);
			sunset_buf_puts(o, i ? ", " : "");
			sunset_json_string(o, ref);
			free(ref);
		}
		sunset_buf_puts(o, "]}");
		any = 1;
	}
	for (size_t i = 0; i < result->nrepos; i++) {
		char *ref = repo_ref(&result->repos[i].info);
		const strset *d = &b->repo_deps[i];
		sunset_buf_puts(o,
				any ? ",\n    {\"ref\": " : "\n    {\"ref\": ");
		sunset_json_string(o, ref);
		sunset_buf_puts(o, ", \"dependsOn\": [");
		for (size_t k = 0; k < d->count; k++) {
			sunset_buf_puts(o, k ? ", " : "");
			sunset_json_string(o, d->items[k]);
		}
		sunset_buf_puts(o, "]}");
		free(ref);
		any = 1;
	}
	sunset_buf_puts(o, any ? "\n  ]\n" : "]\n");
}

void sunset_cyclonedx_render(sunset_buf *o, const sunset_scan_result *result)
{
	char serial[SUNSET_CDX_SERIAL_SIZE];
	bom b;

	sunset_cyclonedx_serial(serial, result);
	bom_collect(&b, result);
	sunset_buf_puts(o,
			"{\n"
			"  \"$schema\": "
			"\"http://cyclonedx.org/schema/bom-1.6.schema.json\",\n"
			"  \"bomFormat\": \"CycloneDX\",\n"
			"  \"specVersion\": \"1.6\",\n"
			"  \"serialNumber\": ");
	sunset_json_string(o, serial);
	sunset_buf_puts(o, ",\n  \"version\": 1,\n");
	metadata(o, result);
	components(o, &b);
	services(o, &b);
	dependencies(o, result, &b);
	sunset_buf_puts(o, "}\n");
	bom_free(&b, result->nrepos);
}

int sunset_cyclonedx_write(const char *path, const sunset_scan_result *result)
{
	sunset_buf o = SUNSET_BUF_INIT;
	int error = 0;

	sunset_cyclonedx_render(&o, result);
	if (!strcmp(path, "-")) {
		if (fwrite(o.ptr, 1, o.len, stdout) != o.len) {
			sunset_errorf("cannot write the CycloneDX BOM to "
				      "standard output");
			error = SUNSET_ERR;
		}
		fflush(stdout);
	} else {
		error = sunset_write_file_atomic(path, o.ptr, o.len);
	}
	sunset_buf_free(&o);
	return error;
}
