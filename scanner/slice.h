/* slice.h - parse only the parts of a file that can matter to the rules
 *
 * A file that names a vendor is rarely about the vendor all through: an
 * import, a client and one function, among dozens of functions that
 * never touch it. Parsing is most of a scan's cost, so a file is cut
 * into blocks (function bodies, classes and their members) by its lines
 * and indentation, and the parser is given only
 *   - what lies outside every block (imports, constants, module code),
 *   - the blocks holding a literal hit (prefilter.h),
 *   - the blocks naming what the parsed part binds to a hit: an import
 *     alias or an assignment target, found again after each parse until
 *     nothing new is named.
 * Nodes keep their places in the file (tree-sitter's included ranges).
 * A block left out holds no literal and no such name, so no rule can
 * match in it nor through it. The whole file is parsed when the cut
 * part has a syntax error (the cut was wrong, or the file is broken), a
 * vendor module is imported by wildcard, or the rounds do not settle. */
#ifndef SUNSET_SLICE_H
#define SUNSET_SLICE_H

#include <stddef.h>
#include <tree_sitter/api.h>

#include "facts.h"
#include "lang.h"
#include "parse.h"
#include "prefilter.h"

/* Files smaller than this are parsed whole: a cut would save little.
 * The environment variable SUNSET_SLICE_MIN (bytes) overrides it. */
#define SUNSET_SLICE_MIN_DEFAULT 1024

typedef struct {
	int partial;	 /* 1: the tree covers part of the file */
	int rounds;	 /* parses made (0: none) */
	size_t left_out; /* bytes not parsed in the final tree */
} sunset_slice_stats;

/* Parse `src` as `lang` and extract its facts into *facts (which the
 * caller clears), cutting away what `hits` (sorted or not; NULL: parse
 * the whole file) show cannot matter. Files under `min_bytes`, files a
 * cut would not spare a quarter of, and languages without blocks are
 * parsed whole; `min_bytes` 0 cuts whatever can be cut (for tests). On success *tree is the
 * caller's; returns 0, or what sunset_parse() returns (then *tree is
 * NULL and *facts empty). */
int sunset_slice_analyse(TSTree **tree, sunset_facts *facts,
			 sunset_parser *parser, sunset_lang lang,
			 const char *src, size_t len, const sunset_hits *hits,
			 size_t min_bytes, sunset_slice_stats *stats);

/* The byte ranges a first parse would leave out, for tests: appended to
 * `out` as [start, end) pairs. */
void sunset_slice_plan(sunset_hits *out, sunset_lang lang, const char *src,
		       size_t len, const sunset_hits *hits);

/* SUNSET_SLICE_MIN from the environment, else the default. */
size_t sunset_slice_min_bytes(void);

#endif
