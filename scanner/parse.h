/* parse.h - tree-sitter grammars compiled into sunset, and parsing */
#ifndef SUNSET_PARSE_H
#define SUNSET_PARSE_H

#include <stddef.h>
#include <tree_sitter/api.h>

#include "lang.h"
#include "util.h"

typedef struct {
	sunset_lang lang;
	const char *package; /* npm package the grammar came from */
	const char *version; /* its pinned version */
	const TSLanguage *(*language)(void);
} sunset_grammar_info;

/* The grammars compiled in, one per language that has one. */
size_t sunset_grammar_count(void);
const sunset_grammar_info *sunset_grammar_at(size_t i);

/* The grammar of a language, or NULL when it is read line by line. */
const TSLanguage *sunset_grammar(sunset_lang lang);

/* Check every grammar's ABI against the runtime. Returns 0, or
 * SUNSET_ERR naming the grammar that cannot load. */
int sunset_grammars_check(void);

/* The memory that parses sharing a pool may hold at once: what
 * tree-sitter allocates for a parse, from the empty parser each parse
 * makes until its tree is released (sunset_parser_release()). A parse
 * reserves a guess from the pool before it starts, waiting while the
 * parses in flight hold too much for it to fit, and more as it needs
 * more, waiting for room while another parse or tree can make some
 * (with every other one waiting too, it runs again alone). A parse that
 * alone would need more than `limit` bytes stops (SUNSET_EMEMORY): so
 * whether a file is parsed depends on the file and the limit, never on
 * the parses beside it. `limit` 0: no limit, no waiting. Shared between
 * threads. */
typedef struct sunset_parse_pool sunset_parse_pool;
sunset_parse_pool *sunset_parse_pool_new(unsigned long long limit);
void sunset_parse_pool_delete(sunset_parse_pool *self);

typedef struct sunset_parser sunset_parser;

/* A parser that gives up after `timeout_ms` of work on one file (0: no
 * limit) and takes its memory from `pool` (NULL: no limit). Not shared
 * between threads. */
sunset_parser *sunset_parser_new(unsigned long timeout_ms,
				 sunset_parse_pool *pool);
void sunset_parser_delete(sunset_parser *self);

/* Return to the pool what the last tree held: call once that tree is
 * deleted, before waiting for other work (the next parse, and
 * sunset_parser_delete(), release it too). */
void sunset_parser_release(sunset_parser *self);

/* The most tree-sitter memory the last parse held, in bytes (the tree
 * it left included). */
unsigned long long sunset_parser_peak(const sunset_parser *self);

/* Parse `data` as `lang`. On success *out is a tree the caller frees with
 * ts_tree_delete(). Returns 0; SUNSET_ETOODEEP when the file nests
 * deeper than the grammar survives (tree-sitter-kotlin's scanner aborts
 * the process past about 1000 nested string templates, so such a file is
 * refused before parsing); SUNSET_ETOOWIDE when a node has 65,536
 * children or more (65,536 comments in a row, say): tree-sitter 0.20.7
 * keeps 16 bits of the count in places, so the tree loses what follows
 * that node (a root without errors ends before the text does), and
 * deleting it would corrupt the heap (parse.c leaks that block instead;
 * a tree with errors is kept, as its root may end early anyway);
 * SUNSET_EMEMORY
 * when the parse would need more
 * memory than the pool's limit (it stops soon after it passes it);
 * SUNSET_EINTR when SIGINT or SIGTERM came before or during the parse
 * (it stops within a hundred of tree-sitter's steps, on whatever thread
 * it runs); SUNSET_ERR when the time limit was hit or the language has
 * no grammar (*out is NULL). */
int sunset_parse(TSTree **out, sunset_parser *self, sunset_lang lang,
		 const char *data, size_t len);

/* sunset_parse() of only the byte `ranges` of `data` (in order, not
 * overlapping; their points must be right): nodes keep their places in
 * the whole file. No ranges: the whole file. */
int sunset_parse_ranges(TSTree **out, sunset_parser *self, sunset_lang lang,
			const char *data, size_t len, const TSRange *ranges,
			size_t nranges);

/* Free what tree-sitter returned for the caller to free (the text of
 * ts_node_string()): it came from tree-sitter's allocator, which is
 * sunset's (parse.c), not necessarily free()'s. */
void sunset_ts_free(void *block);

/* Append the tree below `node` to `out` as an S-expression, the text
 * ts_node_string() gives (named nodes, with their field names; missing
 * ones as (MISSING name); a character the lexer could not read as
 * (UNEXPECTED 'c'), read from `src`, the `len` bytes parsed). Walks with
 * a cursor, not recursion: a tree a million levels deep prints. */
void sunset_tree_sexp(sunset_buf *out, TSNode node, const char *src,
		      size_t len);

#endif
