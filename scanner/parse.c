/* parse.c - tree-sitter grammars compiled into sunset, and parsing */
#include "parse.h"

#include <stdint.h>
#include <stdlib.h>

#include "grammars.h" /* generated from package.json: pinned versions */
#include "util.h"

const TSLanguage *tree_sitter_python(void);
const TSLanguage *tree_sitter_javascript(void);
const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_tsx(void);
const TSLanguage *tree_sitter_go(void);
const TSLanguage *tree_sitter_java(void);
const TSLanguage *tree_sitter_kotlin(void);
const TSLanguage *tree_sitter_c_sharp(void);
const TSLanguage *tree_sitter_ruby(void);
const TSLanguage *tree_sitter_php(void);
const TSLanguage *tree_sitter_rust(void);
const TSLanguage *tree_sitter_json(void);
const TSLanguage *tree_sitter_yaml(void);
const TSLanguage *tree_sitter_toml(void);

static const sunset_grammar_info grammars[] = {
	{SUNSET_LANG_PYTHON, "tree-sitter-python", GRAMMAR_TREE_SITTER_PYTHON,
	 tree_sitter_python},
	{SUNSET_LANG_JAVASCRIPT, "tree-sitter-javascript",
	 GRAMMAR_TREE_SITTER_JAVASCRIPT, tree_sitter_javascript},
	{SUNSET_LANG_TYPESCRIPT, "tree-sitter-typescript",
	 GRAMMAR_TREE_SITTER_TYPESCRIPT, tree_sitter_typescript},
	{SUNSET_LANG_TSX, "tree-sitter-typescript",
	 GRAMMAR_TREE_SITTER_TYPESCRIPT, tree_sitter_tsx},
	{SUNSET_LANG_GO, "tree-sitter-go", GRAMMAR_TREE_SITTER_GO,
	 tree_sitter_go},
	{SUNSET_LANG_JAVA, "tree-sitter-java", GRAMMAR_TREE_SITTER_JAVA,
	 tree_sitter_java},
	{SUNSET_LANG_KOTLIN, "tree-sitter-kotlin", GRAMMAR_TREE_SITTER_KOTLIN,
	 tree_sitter_kotlin},
	{SUNSET_LANG_CSHARP, "tree-sitter-c-sharp", GRAMMAR_TREE_SITTER_C_SHARP,
	 tree_sitter_c_sharp},
	{SUNSET_LANG_RUBY, "tree-sitter-ruby", GRAMMAR_TREE_SITTER_RUBY,
	 tree_sitter_ruby},
	{SUNSET_LANG_PHP, "tree-sitter-php", GRAMMAR_TREE_SITTER_PHP,
	 tree_sitter_php},
	{SUNSET_LANG_RUST, "tree-sitter-rust", GRAMMAR_TREE_SITTER_RUST,
	 tree_sitter_rust},
	{SUNSET_LANG_JSON, "tree-sitter-json", GRAMMAR_TREE_SITTER_JSON,
	 tree_sitter_json},
	{SUNSET_LANG_YAML, "@tree-sitter-grammars/tree-sitter-yaml",
	 GRAMMAR_TREE_SITTER_GRAMMARS_TREE_SITTER_YAML, tree_sitter_yaml},
	{SUNSET_LANG_TOML, "@tree-sitter-grammars/tree-sitter-toml",
	 GRAMMAR_TREE_SITTER_GRAMMARS_TREE_SITTER_TOML, tree_sitter_toml},
};

#define NGRAMMARS (sizeof(grammars) / sizeof(grammars[0]))

size_t sunset_grammar_count(void)
{
	return NGRAMMARS;
}

const sunset_grammar_info *sunset_grammar_at(size_t i)
{
	return i < NGRAMMARS ? &grammars[i] : NULL;
}

const TSLanguage *sunset_grammar(sunset_lang lang)
{
	for (size_t i = 0; i < NGRAMMARS; i++)
		if (grammars[i].lang == lang)
			return grammars[i].language();
	return NULL;
}

int sunset_grammars_check(void)
{
	TSParser *parser = ts_parser_new();
	int error = 0;

	for (size_t i = 0; i < NGRAMMARS; i++) {
		const TSLanguage *l = grammars[i].language();
		if (!ts_parser_set_language(parser, l)) {
			sunset_errorf(
				"grammar %s %s for %s has ABI %u, which "
				"the tree-sitter runtime cannot load "
				"(it takes %u to %u); pin a release "
				"of ABI 14 in package.json",
				grammars[i].package, grammars[i].version,
				sunset_lang_name(grammars[i].lang),
				ts_language_version(l),
				TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION,
				TREE_SITTER_LANGUAGE_VERSION);
			error = SUNSET_ERR;
		}
	}
	ts_parser_delete(parser);
	return error;
}

/* tree-sitter's allocator: its default one prints "failed to allocate"
 * and exits 1, the code of a failed policy. Installed when the program
 * loads, before any tree-sitter object exists. */
static void *ts_check(void *p)
{
	if (!p)
		sunset_oom("parsing");
	return p;
}

static void *ts_alloc(size_t n)
{
	return ts_check(malloc(n ? n : 1));
}

static void *ts_alloc_zeroed(size_t count, size_t n)
{
	return ts_check(calloc(count ? count : 1, n ? n : 1));
}

static void *ts_grow(void *p, size_t n)
{
	return ts_check(realloc(p, n ? n : 1));
}

__attribute__((constructor)) static void install_allocator(void)
{
	ts_set_allocator(ts_alloc, ts_alloc_zeroed, ts_grow, free);
}

void sunset_ts_free(void *block)
{
	free(block);
}

struct sunset_parser {
	TSParser *ts;
	unsigned long timeout_ms;
	/* tree-sitter's cancellation flag: a word SIGINT and SIGTERM set
	 * (util.h), or own_stop when none was left */
	size_t *stop;
	size_t own_stop;
};

sunset_parser *sunset_parser_new(unsigned long timeout_ms)
{
	sunset_parser *self = sunset_calloc(1, sizeof(*self));
	self->ts = ts_parser_new();
	self->timeout_ms = timeout_ms;
	self->stop = sunset_stop_word_claim();
	if (!self->stop)
		self->stop = &self->own_stop;
	ts_parser_set_cancellation_flag(self->ts, self->stop);
	return self;
}

void sunset_parser_delete(sunset_parser *self)
{
	if (!self)
		return;
	ts_parser_delete(self->ts);
	sunset_stop_word_release(self->stop);
	free(self);
}

/* Deepest brace nesting: a string template ${ opens a brace too. */
static size_t brace_depth(const char *data, size_t len)
{
	size_t depth = 0, max = 0;

	for (size_t i = 0; i < len; i++) {
		if (data[i] == '{' && ++depth > max)
			max = depth;
		else if (data[i] == '}' && depth)
			depth--;
	}
	return max;
}

#define KOTLIN_BRACE_DEPTH_MAX 512

int sunset_parse(TSTree **out, sunset_parser *self, sunset_lang lang,
		 const char *data, size_t len)
{
	return sunset_parse_ranges(out, self, lang, data, len, NULL, 0);
}

int sunset_parse_ranges(TSTree **out, sunset_parser *self, sunset_lang lang,
			const char *data, size_t len, const TSRange *ranges,
			size_t nranges)
{
	const TSLanguage *language = sunset_grammar(lang);

	*out = NULL;
	if (!language || len > UINT32_MAX || nranges > UINT32_MAX)
		return SUNSET_ERR;
	if (lang == SUNSET_LANG_KOTLIN &&
	    brace_depth(data, len) > KOTLIN_BRACE_DEPTH_MAX)
		return SUNSET_ETOODEEP;
	ts_parser_reset(self->ts);
	if (!ts_parser_set_language(self->ts, language))
		return SUNSET_ERR;
	/* none: the whole document (the parser keeps the last ranges) */
	if (!ts_parser_set_included_ranges(self->ts, nranges ? ranges : NULL,
					   (uint32_t)nranges))
		return SUNSET_ERR;
	ts_parser_set_timeout_micros(self->ts,
				     (uint64_t)self->timeout_ms * 1000);
	/* 0 before the flag is read: a signal in between sets it again */
	__atomic_store_n(self->stop, 0, __ATOMIC_SEQ_CST);
	if (sunset_interrupted())
		return SUNSET_EINTR;
	*out = ts_parser_parse_string(self->ts, NULL, data, (uint32_t)len);
	if (!*out && sunset_interrupted())
		return SUNSET_EINTR;
	return *out ? 0 : SUNSET_ERR;
}

/* (UNEXPECTED c), as tree-sitter writes the character it could not read:
 * quoted when printable ASCII or an escape, else its code point. */
static void put_unexpected(sunset_buf *out, TSNode node, const char *src,
			   size_t len)
{
	size_t at = ts_node_start_byte(node);
	const unsigned char *p = (const unsigned char *)src + at;
	unsigned long c = at < len ? p[0] : 0;
	size_t n = at < len ? sunset_utf8_len(p, len - at) : 0;

	if (n > 1) {
		c = p[0] & (0xFF >> (n + 1));
		for (size_t i = 1; i < n; i++)
			c = c << 6 | (p[i] & 0x3F);
	}
	sunset_buf_puts(out, "(UNEXPECTED ");
	if (at >= len || n == 0)
		sunset_buf_puts(out, "INVALID");
	else if (c == '\0')
		sunset_buf_puts(out, "'\\0'");
	else if (c == '\n')
		sunset_buf_puts(out, "'\\n'");
	else if (c == '\t')
		sunset_buf_puts(out, "'\\t'");
	else if (c == '\r')
		sunset_buf_puts(out, "'\\r'");
	else if (c < 128 && c >= 0x20 && c != 0x7F)
		sunset_buf_printf(out, "'%c'", (int)c);
	else
		sunset_buf_printf(out, "%lu", c);
}

/* Open the cursor's node when ts_node_string() shows it (the root
 * always); 1 if it did. */
static int open_node(sunset_buf *out, const TSTreeCursor *cursor, int root,
		     const char *src, size_t len)
{
	TSNode node = ts_tree_cursor_current_node(cursor);
	const char *field = ts_tree_cursor_current_field_name(cursor);
	int missing = ts_node_is_missing(node);

	if (!root) {
		if (!missing && !ts_node_is_named(node))
			return 0;
		sunset_buf_puts(out, " ");
		if (field)
			sunset_buf_printf(out, "%s: ", field);
	}
	if (ts_node_symbol(node) == (TSSymbol)-1 &&
	    ts_node_child_count(node) == 0 &&
	    ts_node_end_byte(node) > ts_node_start_byte(node))
		put_unexpected(out, node, src, len);
	else if (missing && !ts_node_is_named(node))
		sunset_buf_printf(out, "(MISSING \"%s\"", ts_node_type(node));
	else
		sunset_buf_printf(out, "(%s%s", missing ? "MISSING " : "",
				  ts_node_type(node));
	return 1;
}

void sunset_tree_sexp(sunset_buf *out, TSNode node, const char *src, size_t len)
{
	TSTreeCursor cursor = ts_tree_cursor_new(node);
	/* one byte per level of the walk: whether its node was opened */
	sunset_buf opened = SUNSET_BUF_INIT;
	char o = (char)open_node(out, &cursor, 1, src, len);

	sunset_buf_put(&opened, &o, 1);
	for (;;) {
		if (ts_tree_cursor_goto_first_child(&cursor)) {
			o = (char)open_node(out, &cursor, 0, src, len);
			sunset_buf_put(&opened, &o, 1);
			continue;
		}
		for (;;) {
			if (opened.ptr[--opened.len])
				sunset_buf_puts(out, ")");
			if (ts_tree_cursor_goto_next_sibling(&cursor)) {
				o = (char)open_node(out, &cursor, 0, src, len);
				sunset_buf_put(&opened, &o, 1);
				break;
			}
			if (!ts_tree_cursor_goto_parent(&cursor))
				goto done;
		}
	}
done:
	ts_tree_cursor_delete(&cursor);
	sunset_buf_free(&opened);
}
