/* lang.h - which language a file is written in, by name and by content */
#ifndef SUNSET_LANG_H
#define SUNSET_LANG_H

#include <stddef.h>

/* Languages with a tree-sitter grammar come first, then the simple line
 * formats that a small dedicated reader handles. Keep lang.c's table in
 * the same order. */
typedef enum {
	SUNSET_LANG_UNKNOWN = 0,
	SUNSET_LANG_PYTHON,
	SUNSET_LANG_JAVASCRIPT,
	SUNSET_LANG_TYPESCRIPT,
	SUNSET_LANG_TSX,
	SUNSET_LANG_GO,
	SUNSET_LANG_JAVA,
	SUNSET_LANG_KOTLIN,
	SUNSET_LANG_CSHARP,
	SUNSET_LANG_RUBY,
	SUNSET_LANG_PHP,
	SUNSET_LANG_RUST,
	SUNSET_LANG_JSON,
	SUNSET_LANG_YAML,
	SUNSET_LANG_TOML,
	/* line formats */
	SUNSET_LANG_DOTENV,
	SUNSET_LANG_REQUIREMENTS,
	SUNSET_LANG_PROPERTIES,
	SUNSET_LANG_INI,
	SUNSET_LANG_GOMOD,
	SUNSET_LANG_GOSUM,
	SUNSET_LANG_DOCKERFILE,
	SUNSET_LANG_XML,
	SUNSET_LANG_GRADLE,
	SUNSET_LANG_GEMFILE_LOCK,
	SUNSET_LANG_YARN_LOCK,
	SUNSET_LANG_SHELL,
	SUNSET_LANG_TERRAFORM,
	SUNSET_LANG__COUNT
} sunset_lang;

/* The stable lower-case name ("python", "tsx", "dotenv"); "unknown". */
const char *sunset_lang_name(sunset_lang lang);

/* The language of that name, or SUNSET_LANG_UNKNOWN. */
sunset_lang sunset_lang_from_name(const char *name);

/* Non-zero when the language is parsed by a tree-sitter grammar
 * (the others are read line by line). */
int sunset_lang_has_grammar(sunset_lang lang);

/* Detect by well-known file names, then by extension. `path` is
 * repository-relative with '/' separators. */
sunset_lang sunset_lang_from_path(const char *path);

/* Detect by a "#!" line at the start of `data`; UNKNOWN without one. */
sunset_lang sunset_lang_from_shebang(const char *data, size_t len);

/* Non-zero when a path lies in a vendored or build-output directory
 * (node_modules/, vendor/, dist/, ...). */
int sunset_path_is_vendored(const char *path);

/* Non-zero when a path names generated or minified code by convention
 * (*.min.js, *.pb.go, *_pb2.py, ...). */
int sunset_path_is_generated(const char *path);

/* Non-zero when the content carries a generated-code marker ("Code
 * generated ... DO NOT EDIT", "@generated") near its start, or looks
 * minified (very long lines in a script or stylesheet). */
int sunset_content_is_generated(sunset_lang lang, const char *data, size_t len);

#endif
