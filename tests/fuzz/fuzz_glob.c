/* fuzz_glob.c - the glob matcher against the meaning it must keep: the
 * input is a pattern, a newline and a path. Up to 256 bytes each, the
 * answer must be the reference's, a memoised form of the recursive
 * matcher sunset had before (written apart from glob.c, so that it
 * checks it); longer inputs must simply complete (libFuzzer's -timeout
 * catches a matcher that does not). */
#include "fuzz.h"
#include "glob.h"

#define REF_MAX 256

typedef struct {
	const char *p, *s;
	size_t m, n;
	signed char memo[(REF_MAX + 3) * (REF_MAX + 1)];
} ref_ctx;

/* Does p[i..m) match s[j..n)? '**' (and a '/' after it) matches nothing
 * or up to a '/', a final '**' whatever is left, '*' bytes but '/', '?'
 * one byte but '/'. */
static int ref(ref_ctx *c, size_t i, size_t j)
{
	signed char *memo = &c->memo[i * (c->n + 1) + j];
	int r = 0;

	if (*memo >= 0)
		return *memo;
	if (i == c->m) {
		r = j == c->n;
	} else if (c->p[i] == '*' && i + 1 < c->m && c->p[i + 1] == '*') {
		size_t rest = i + 2 + (i + 2 < c->m && c->p[i + 2] == '/');
		if (rest == c->m)
			r = 1;
		for (size_t t = j; !r && t <= c->n; t++)
			if (t == j || c->s[t - 1] == '/')
				r = ref(c, rest, t);
	} else if (c->p[i] == '*') {
		for (size_t t = j; !r && t <= c->n; t++) {
			r = ref(c, i + 1, t);
			if (t < c->n && c->s[t] == '/')
				break;
		}
	} else if (j < c->n &&
		   (c->p[i] == '?' ? c->s[j] != '/' : c->p[i] == c->s[j])) {
		r = ref(c, i + 1, j + 1);
	}
	return *memo = (signed char)r;
}

/* sunset_glob_match's reading of a pattern, then ref. */
static int reference(const char *pattern, const char *path)
{
	static ref_ctx c;
	char p[REF_MAX + 3];
	size_t m = strlen(pattern);

	if (!strchr(pattern, '/')) {
		const char *base = strrchr(path, '/');
		path = base ? base + 1 : path;
		memcpy(p, pattern, m + 1);
	} else {
		if (pattern[0] == '/') {
			pattern++;
			m--;
		}
		memcpy(p, pattern, m + 1);
		if (!m || p[m - 1] == '/') /* "/" alone covers everything */
			memcpy(p + m, "**", 3), m += 2;
	}
	c.p = p;
	c.s = path;
	c.m = m;
	c.n = strlen(path);
	memset(c.memo, -1, (c.m + 1) * (c.n + 1));
	return ref(&c, 0, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_copy(data, size);
	char *nl = strchr(in, '\n');
	const char *path = nl ? nl + 1 : "";
	int got;

	fuzz_silence();
	if (nl)
		*nl = '\0';
	got = sunset_glob_match(in, path);
	FUZZ_CHECK(got == 0 || got == 1);
	if (strlen(in) <= REF_MAX && strlen(path) <= REF_MAX)
		FUZZ_CHECK(got == reference(in, path));
	free(in);
	return 0;
}
