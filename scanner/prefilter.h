/* prefilter.h - parse only what can match: the literals at least one of
 * which a file must contain for any rule to match it, found in one pass
 * over the file's bytes (Aho-Corasick, ASCII case folded) */
#ifndef SUNSET_PREFILTER_H
#define SUNSET_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

#include "lang.h"
#include "rules.h"

typedef struct sunset_prefilter sunset_prefilter;

/* Leads a literal that counts only as a whole word (not inside a longer
 * name of letters, digits and '_'). */
#define SUNSET_WORD '\x01'

/* The literals a file must contain for rule `r` to match it (ASCII
 * lower case), appended to `out` (caller frees the strings and the
 * array). Returns 0, or -1 when the rule has none: a "slow" rule, which
 * forces every file of its languages to be parsed. Package rules have
 * none and need none: manifests are always parsed. */
int sunset_rule_literals(const sunset_rule *r, sunset_strlist *out);

/* The literals a regular expression's every match contains (any one of
 * the set), ASCII lower case; -1 when it has no usable one (at least 3
 * characters). For tests and rule authors. */
int sunset_regex_literals(const char *pattern, sunset_strlist *out);

/* Build the prefilter of a ruleset. Slow rules are each reported with a
 * warning naming the rule and its file unless `quiet`. */
sunset_prefilter *sunset_prefilter_new(const sunset_ruleset *rules, int quiet);
void sunset_prefilter_free(sunset_prefilter *p);

/* Non-zero when a rule may match this file: it contains a literal, a
 * slow rule applies to its language, or it is a manifest. */
int sunset_prefilter_candidate(const sunset_prefilter *p, const char *path,
			       sunset_lang lang, const char *data, size_t len);

/* A zeroed `seen` array for sunset_prefilter_seen() and
 * sunset_prefilter_locate(), one byte per literal; caller frees. */
unsigned char *sunset_prefilter_seen_new(const sunset_prefilter *p);

/* Mark in `seen` (one byte per literal of sunset_prefilter_literals(),
 * zeroed by the caller) every literal the bytes hold. */
void sunset_prefilter_seen(const sunset_prefilter *p, const char *data,
			   size_t len, unsigned char *seen);

/* Where a literal was found: bytes [start, end) of the file. */
typedef struct {
	uint32_t start, end;
} sunset_hit;

typedef struct {
	sunset_hit *items; /* in the order found (by end) */
	size_t count, cap;
} sunset_hits;

void sunset_hits_clear(sunset_hits *hits);

/* What sunset_prefilter_locate() says of a file. */
enum {
	SUNSET_LOCATE_NONE,  /* no rule can match: nothing to parse */
	SUNSET_LOCATE_WHOLE, /* parse it whole: a slow rule applies, a
				'prefilter' pattern is found, or it is a
				manifest */
	SUNSET_LOCATE_CUT    /* it holds literals: it may be parsed in part
				(slice.h) */
};

/* sunset_prefilter_candidate() and sunset_prefilter_seen() in one pass,
 * and also where: every literal found is appended to `hits`, with each
 * "sunset:ignore" (an inline suppression must stay with what it
 * suppresses). Returns SUNSET_LOCATE_NONE only for files
 * sunset_prefilter_candidate() rules out. */
int sunset_prefilter_locate(const sunset_prefilter *p, const char *path,
			    sunset_lang lang, const char *data, size_t len,
			    unsigned char *seen, sunset_hits *hits);

/* Zero when the rule at index `rule` of the ruleset cannot match a file
 * whose literals are `seen`: none of its own is there. Rules without
 * literals may always match. */
int sunset_prefilter_rule_may_match(const sunset_prefilter *p, size_t rule,
				    const unsigned char *seen);

/* The literals, sorted and unique; the slow rules. */
const sunset_strlist *sunset_prefilter_literals(const sunset_prefilter *p);
size_t sunset_prefilter_slow_count(const sunset_prefilter *p);

#endif
