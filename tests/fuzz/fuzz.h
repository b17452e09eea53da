/* fuzz.h - what every fuzz target shares: the libFuzzer entry point, a
 * NUL-terminated copy of the input, silenced messages and the shipped
 * rules loaded once.
 *
 * Each target is built twice: with clang and libFuzzer (make fuzz), and
 * with gcc against tests/fuzz/replay.c, which feeds it the files of its
 * seed corpus (make test). A target aborts when an invariant fails; the
 * sanitizers catch the rest. */
#ifndef SUNSET_FUZZ_H
#define SUNSET_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Where an invariant fails: say which, then abort so that libFuzzer (or
 * the replay driver) keeps the input. */
#define FUZZ_CHECK(cond)                                                 \
	do {                                                             \
		if (!(cond)) {                                           \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", \
				__FILE__, __LINE__, #cond);              \
			abort();                                         \
		}                                                        \
	} while (0)

static void fuzz_quiet_sink(sunset_msg_level level, const char *msg,
			    void *payload)
{
	(void)level;
	(void)msg;
	(void)payload;
}

/* Messages (a rule file's errors, a pattern's limit) are expected: keep
 * them off the fuzzer's output. */
static inline void fuzz_silence(void)
{
	sunset_msg_set_sink(fuzz_quiet_sink, NULL);
}

/* The input as the scanner hands files to its readers: `size` bytes
 * followed by a NUL (blobs and read files are NUL-terminated). Caller
 * frees. */
static inline char *fuzz_copy(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* The shipped rules ($SUNSET_RULES, else rules/ in the working
 * directory), loaded on first use and kept for the process. */
static inline const sunset_ruleset *fuzz_rules(void)
{
	static sunset_ruleset rules;
	static int loaded;
	const char *dir = getenv("SUNSET_RULES");
	const char *paths[1];

	if (loaded)
		return &rules;
	paths[0] = dir && *dir ? dir : "rules";
	if (sunset_rules_load(&rules, paths, 1) < 0) {
		fprintf(stderr, "fuzz: cannot load the rules from %s\n",
			paths[0]);
		abort();
	}
	loaded = 1;
	return &rules;
}

/* Strict UTF-8 (no overlongs, surrogates or code points past U+10FFFF),
 * written apart from sunset_utf8_len so that it checks it. */
static inline int fuzz_valid_utf8(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		unsigned c = p[i];
		size_t len;
		unsigned long cp, min;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			len = 2, cp = c & 0x1F, min = 0x80;
		else if (c >= 0xE0 && c <= 0xEF)
			len = 3, cp = c & 0x0F, min = 0x800;
		else if (c >= 0xF0 && c <= 0xF4)
			len = 4, cp = c & 0x07, min = 0x10000;
		else
			return 0;
		if (i + len > n)
			return 0;
		for (size_t k = 1; k < len; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += len;
	}
	return 1;
}

#endif
