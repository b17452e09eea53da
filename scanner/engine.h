/* engine.h - the detect stage: rules matched against one file's facts */
#ifndef SUNSET_ENGINE_H
#define SUNSET_ENGINE_H

#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "facts.h"
#include "manifest.h"
#include "rules.h"

typedef struct {
	const sunset_rule *rule; /* borrowed from the ruleset */
	char *path;
	sunset_lang lang;
	uint32_t line, col, end_line, end_col;
	char *snippet; /* the source line where the finding starts */
	char *matched; /* the matched text, whitespace folded */
	char *detail;  /* how it matched: the URL built, the call chain */
	char fingerprint[41];
	int suppressed;	       /* 1: suppressed (kept and shown as such) */
	char *suppress_by;     /* "inline" or ".sunsetignore:LINE" */
	char *suppress_reason; /* NULL when none was given */
	char *expired;	       /* a suppression that matched but expired on
				  this date (YYYY-MM-DD); NULL otherwise */
	/* package findings: the declaration, and the version a lock file
	 * beside the manifest resolves (NULL when none does) */
	const char *dep_ecosystem; /* static string */
	char *dep_name, *dep_constraint, *dep_resolved, *dep_lockfile;
} sunset_finding;

typedef struct {
	sunset_finding *items;
	size_t count, cap;
} sunset_findings;

/* Free what one finding owns (not the finding itself). */
void sunset_finding_free(sunset_finding *f);

/* Mask credential values (sunset_redact) in what the finding shows: the
 * snippet, the matched text, the detail, the declared and resolved
 * versions. The engine does it to every finding it makes, before the
 * fingerprint, which hashes the masked text; a stored finding read back
 * gets it too (inventories from before masking). Idempotent. */
void sunset_finding_redact(sunset_finding *f);
void sunset_findings_clear(sunset_findings *list);

/* At most this many findings are kept per file; more is a warning. */
#define SUNSET_MAX_FINDINGS_PER_FILE 1000

/* Run every rule that applies to `path` in `lang` over the file: `facts`
 * from sunset_extract(), `tree` for query rules (NULL for line formats),
 * `deps` from sunset_manifest_read(). Findings are appended to `out` in
 * a stable order (line, column, rule id) with fingerprints and inline
 * suppressions applied. Warnings (a pattern that hit its limit) name the
 * rule and the file. */
void sunset_engine_file(sunset_findings *out, const sunset_ruleset *rules,
			const char *path, sunset_lang lang, const char *src,
			size_t len, const TSTree *tree,
			const sunset_facts *facts, const sunset_deps *deps);

/* The same, given which of the prefilter's literals the file holds
 * (sunset_prefilter_seen(); NULL: the engine looks itself). */
void sunset_engine_file_seen(sunset_findings *out, const sunset_ruleset *rules,
			     const char *path, sunset_lang lang,
			     const char *src, size_t len, const TSTree *tree,
			     const sunset_facts *facts, const sunset_deps *deps,
			     const unsigned char *seen);

/* What a call's callee resolves to through the file's imports and
 * assignments: the import it starts from (NULL when none) and the dotted
 * chain after the module, "()" removed: "OpenAI.images.generate". For
 * tests and `sunset dump`. Returns the chain (arena copy in facts). */
const char *sunset_resolve_callee(const sunset_facts *facts, const char *callee,
				  uint32_t before, const sunset_import **from);

/* The string a URL expression evaluates to, with anything unknown as
 * "{}" ("{}/v1/videos"). Arena copy in facts. */
const char *sunset_eval_string(const sunset_facts *facts, const sunset_expr *e,
			       uint32_t before);

#endif
