/* rules.h - rule files: vendors, products, rules and their matchers */
#ifndef SUNSET_RULES_H
#define SUNSET_RULES_H

#include <stddef.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <tree_sitter/api.h>

#include "lang.h"

typedef enum {
	SUNSET_SEV_INFO = 0,
	SUNSET_SEV_LOW,
	SUNSET_SEV_MEDIUM,
	SUNSET_SEV_HIGH,
	SUNSET_SEV_CRITICAL
} sunset_severity;

typedef enum {
	SUNSET_LIFE_ACTIVE = 0,
	SUNSET_LIFE_DEPRECATED,
	SUNSET_LIFE_SUNSET_ANNOUNCED,
	SUNSET_LIFE_DISCONTINUED
} sunset_lifecycle;

typedef enum {
	SUNSET_KIND_DEPENDENCY = 0,
	SUNSET_KIND_IMPORT,
	SUNSET_KIND_CALL,
	SUNSET_KIND_ENDPOINT,
	SUNSET_KIND_MODEL,
	SUNSET_KIND_CREDENTIAL,
	SUNSET_KIND_CONFIG
} sunset_kind;

typedef enum {
	SUNSET_MATCH_PACKAGE = 0,
	SUNSET_MATCH_IMPORT,
	SUNSET_MATCH_CALL,
	SUNSET_MATCH_HTTP,
	SUNSET_MATCH_STRING,
	SUNSET_MATCH_ENV,
	SUNSET_MATCH_QUERY
} sunset_matcher_type;

const char *sunset_severity_name(sunset_severity s);
const char *sunset_lifecycle_name(sunset_lifecycle l);
const char *sunset_kind_name(sunset_kind k);
const char *sunset_matcher_name(sunset_matcher_type t);

/* A list of strings owned by the ruleset. */
typedef struct {
	char **items;
	size_t count;
} sunset_strlist;

/* A compiled PCRE2 pattern with the text it came from. */
typedef struct {
	char *source;
	pcre2_code *code; /* NULL until first use when deferred */
	int failed;	  /* a deferred pattern did not compile */
} sunset_regex;

typedef struct {
	sunset_regex *items;
	size_t count;
} sunset_regexlist;

typedef struct {
	char *ecosystem; /* pypi, npm, go, maven, rubygems, nuget, cargo,
			    composer */
	sunset_strlist names;
} sunset_package_set;

typedef struct {
	sunset_lang lang;
	TSQuery *query; /* NULL until first use when deferred */
	int failed;	/* a deferred query did not compile */
	char *source;
	/* capture name -> PCRE2 constraint */
	char **capture_names;
	sunset_regex *capture_regex;
	size_t nconstraints;
	/* where the pattern and each 'where' key are in the rule file,
	 * for the errors of a query compiled after the file was read */
	unsigned line, col;
	unsigned *where_line, *where_col;
	char **where_keys; /* as written: "@v" */
	uint32_t error_offset;
	int error_type; /* TSQueryError */
} sunset_query_part;

typedef struct sunset_vendor sunset_vendor;
typedef struct sunset_product sunset_product;

typedef struct {
	char *id;
	sunset_vendor *vendor;
	sunset_product *product;
	sunset_kind kind;
	sunset_severity severity;
	char *message;
	char *remediation;
	sunset_strlist references;
	unsigned languages; /* bit (1 << sunset_lang); 0: every language */
	sunset_strlist paths, exclude;
	char *file; /* rule file and line, for messages */
	int line;
	/* for a rule without a literal the prefilter can require: patterns
	 * one of which every file it matches contains (searched in the raw
	 * bytes); empty for most rules */
	sunset_regexlist prefilter;

	sunset_matcher_type matcher;
	/* package */
	sunset_package_set *packages;
	size_t npackages;
	/* import, call */
	sunset_strlist modules;
	sunset_strlist chains; /* call: member chains such as images.generate */
	/* http */
	sunset_strlist hosts;
	sunset_regexlist url_paths;
	/* string and env */
	sunset_strlist values; /* exact values */
	sunset_regexlist patterns;
	/* query */
	sunset_query_part *queries;
	size_t nqueries;
} sunset_rule;

struct sunset_product {
	char *id; /* unique within its vendor */
	char *name;
	char *capability; /* video, image, speech, voice, music, avatar,
			     transcription, text, embeddings, ... */
	sunset_lifecycle lifecycle;
	char *announced; /* YYYY-MM-DD or NULL */
	char *shutdown;	 /* YYYY-MM-DD or NULL */
	sunset_strlist sources;
	sunset_strlist alternatives; /* "vendor.product" */
	char *notes;		     /* conflicts between sources, etc. */
	sunset_vendor *vendor;
};

struct sunset_vendor {
	char *id;
	char *name;
	char *homepage;
	sunset_product *products;
	size_t nproducts;
	char *file;
};

/* A rule file's bytes as loaded, kept so a scan's inventory can record
 * the exact rules it ran (and a report can load them again). */
typedef struct {
	char *path; /* as given or found */
	char *data; /* NUL-terminated; `len` bytes */
	size_t len;
} sunset_rule_source;

typedef struct {
	sunset_vendor **vendors;
	size_t nvendors;
	sunset_rule *rules;
	size_t nrules;
	pcre2_match_context *match_ctx;
	char hash[41]; /* of every rule file's bytes, in load order */
	sunset_rule_source *sources; /* in load order */
	size_t nsources;
	/* the literals the rules need (prefilter.h), built when the rules
	 * load; slow rules are warned of then */
	struct sunset_prefilter *prefilter;
	/* 1: the prefilter is built when first needed
	 * (sunset_rules_prefilter_ready) */
	int prefilter_later;
} sunset_ruleset;

/* The static copy of an ecosystem's name ("pypi", "npm", ...), or NULL
 * when sunset knows no such ecosystem. */
const char *sunset_ecosystem_name(const char *name);

/* Non-zero for the capabilities sunset reports by default (video, image,
 * speech, voice, music, avatar, audio, 3d, lipsync, realtime); text,
 * embeddings, transcription and translation are kept in the inventory
 * but shown only with --all-capabilities. */
int sunset_capability_is_media(const char *capability);

/* Load rule files: each PATH is a .yaml/.yml file or a directory searched
 * recursively for them. Everything is validated; every error is printed as
 * FILE:LINE:COLUMN: [rule ID: ]what is wrong, and loading goes on to
 * report them all. Returns 0, or SUNSET_ERR when any file was invalid
 * (the ruleset is then cleared). */
int sunset_rules_load(sunset_ruleset *out, const char *const *paths,
		      size_t npaths);
void sunset_rules_clear(sunset_ruleset *rules);

/* A query part's compiled query, compiling it now when deferred; NULL
 * (with a warning, once) when it does not compile. Thread-safe. */
const TSQuery *sunset_query_get(const sunset_query_part *part);

/* sunset_rules_load(), but when `known` says the pack's hash (of its
 * sources, read once) is of a pack that loaded whole before, its
 * tree-sitter queries and PCRE2 patterns, most of a load's time, compile
 * on first use (sunset_query_get, sunset_regex_search) instead. With
 * `prefilter_later`, the prefilter waits too (a scan answered whole by
 * the content cache never needs it). */
int sunset_rules_load_if_known(sunset_ruleset *out, const char *const *paths,
			       size_t npaths,
			       int (*known)(const char *hash, void *arg),
			       void *arg, int prefilter_later);

/* Build the prefilter of a set loaded with `prefilter_later` (reporting
 * its slow rules then); nothing for any other set. Not thread-safe: call
 * it before workers read the set. */
void sunset_rules_prefilter_ready(sunset_ruleset *set);

/* Load rules from sources already in load order (as a ruleset's
 * `sources` keeps them), validated as sunset_rules_load() does. The hash
 * is computed the same way, so the same sources give the same hash. */
int sunset_rules_load_sources(sunset_ruleset *out,
			      const sunset_rule_source *sources, size_t n);

/* The default rule directory: $SUNSET_RULES, else rules/ beside the
 * directory holding the binary (build/sunset -> rules/), else the
 * installed share/sunset/rules. Caller frees. */
char *sunset_rules_default_dir(void);

const sunset_product *sunset_rules_find_product(const sunset_ruleset *rules,
						const char *vendor_product);

/* The name of `names` closest to `word` (edit distance under 3), for
 * "did you mean"; NULL when none is close. */
const char *sunset_closest(const char *word, const char *const *names,
			   size_t n);

/* Run a rule's compiled pattern over `subject`. Returns 1 on a match
 * (offsets in start and end), 0 on none, negative when a limit was hit. */
int sunset_regex_search(const sunset_ruleset *rules, const sunset_regex *re,
			const char *subject, size_t len, size_t *start,
			size_t *end);

#endif
