/* facts.h - what one file says, in a language-neutral form
 *
 * A per-language extractor walks the tree-sitter tree (or the lines of a
 * line format) once and records facts: imports, assignments, calls,
 * string literals, environment reads, comments. The rule engine matches
 * rules against facts only, never against a language's syntax, so one
 * matcher serves every language. Everything lives in the facts' arena and
 * goes away with sunset_facts_clear(). */
#ifndef SUNSET_FACTS_H
#define SUNSET_FACTS_H

#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "lang.h"
#include "util.h"

/* A region of the file. Lines and columns are 1-based; columns count
 * bytes. The end is exclusive (tree-sitter's end point, plus one). */
typedef struct {
	uint32_t start_byte, end_byte;
	uint32_t line, col;
	uint32_t end_line, end_col;
} sunset_span;

/* An expression, summarised as far as the matchers need it. */
typedef enum {
	SUNSET_EXPR_UNKNOWN = 0, /* anything not below: a number, a lambda */
	SUNSET_EXPR_STRING,	 /* text: the literal's value, escapes decoded
				    where simple */
	SUNSET_EXPR_NAME,	 /* text: a dotted reference "a.b.c",
				    "self.client", "this.base" */
	SUNSET_EXPR_CONCAT,	 /* kids: the parts in order: a + b, f"{x}/y",
				    `${x}/y`, "a" . $b, path joins */
	SUNSET_EXPR_FORMAT,	 /* kids[0]: the template, kids[1..]: the
				    arguments: Sprintf, str.format,
				    String.format, string.Format, "%s" % x */
	SUNSET_EXPR_CALL	 /* text: the callee as in sunset_call; kids:
				    the arguments */
} sunset_expr_kind;

typedef struct sunset_expr sunset_expr;
struct sunset_expr {
	sunset_expr_kind kind;
	const char *text;    /* see the kinds; NULL for UNKNOWN/CONCAT/FORMAT */
	const char *keyword; /* a call argument's name (url=..., uri:), else
				NULL */
	sunset_expr **kids;
	size_t nkids, cap_kids; /* grow with sunset_expr_add() */
	sunset_span span;
};

/* An import or require. `module` is as written, unquoted: "openai",
 * "@runwayml/sdk", "github.com/openai/openai-go/v3", "com.openai.client",
 * "OpenAI" (C# namespace), "aws-sdk/client-bedrock". */
typedef struct {
	const char *module;
	const char *member; /* the imported name ("OpenAI" in from openai import
			       OpenAI), NULL for the module itself */
	const char *alias;  /* the local name bound: "OpenAI", "oa", "openai";
			       NULL when nothing is bound (side effects, Go's
			       dot and blank imports) */
	int wildcard;	    /* from x import *, import x.*, using static */
	sunset_span span;
} sunset_import;

/* target = value. `target` is dotted: "client", "self.client",
 * "this.client", "Config.BASE_URL". Also: constants, fields initialised in
 * a class body or constructor, keyword/default parameter values are NOT
 * assignments. Destructuring is skipped. */
typedef struct {
	const char *target;
	sunset_expr *value;
	sunset_span span;
} sunset_assign;

/* A call. `callee` is the called expression as dotted text, with "()"
 * marking the result of an inner call: "requests.post",
 * "client.images.generate", "OpenAI().images.generate",
 * "http.DefaultClient.Do", "HttpRequest.newBuilder().uri". Arguments of
 * inner calls are found in their own sunset_call. A constructor (new X(),
 * X{} is not a call) has is_new set and callee "X" (or "ns.X"). */
typedef struct {
	const char *callee;
	int is_new;
	sunset_expr **args;
	size_t nargs, cap_args;	 /* grow with sunset_call_add_arg() */
	sunset_span span;	 /* the whole call expression */
	sunset_span callee_span; /* just the callee */
} sunset_call;

/* A string literal's value, never a comment or a docstring. In an
 * interpolated string (f"", template literals, "#{}", "$x") each
 * interpolation becomes "{}": f"{base}/v1/videos" has the value
 * "{}/v1/videos". In config formats: every scalar value. */
typedef struct {
	const char *value;
	sunset_span span;
} sunset_string;

/* A key in a config format (YAML/JSON/TOML keys, .env and .properties
 * names), with its dotted path ("services.api.environment.OPENAI_KEY"). */
typedef struct {
	const char *name; /* the key itself */
	const char *path; /* dotted path from the root */
	sunset_span span;
} sunset_key;

/* An environment variable or setting read by name: os.environ["X"],
 * os.getenv("X"), process.env.X, os.Getenv("X"), System.getenv("X"),
 * ENV["X"], Environment.GetEnvironmentVariable("X"), getenv('X'),
 * env::var("X"), Spring ${X}, viper keys; in config formats: .env names,
 * docker-compose/Kubernetes/GitHub Actions env names, secrets.X,
 * Terraform variables. */
typedef struct {
	const char *name;
	sunset_span span;
} sunset_env;

typedef struct {
	const char *text; /* the comment as written, markers included */
	sunset_span span;
} sunset_comment;

typedef struct sunset_arena sunset_arena;

typedef struct {
	sunset_lang lang;
	sunset_import *imports;
	size_t nimports, cap_imports;
	sunset_assign *assigns;
	size_t nassigns, cap_assigns;
	sunset_call *calls;
	size_t ncalls, cap_calls;
	sunset_string *strings;
	size_t nstrings, cap_strings;
	sunset_key *keys;
	size_t nkeys, cap_keys;
	sunset_env *envs;
	size_t nenvs, cap_envs;
	sunset_comment *comments;
	size_t ncomments, cap_comments;
	sunset_arena *arena;
} sunset_facts;

/* Extract the facts of one file. `tree` is the parsed tree for grammar
 * languages, NULL for line formats. Returns 0 (a language without an
 * extractor yields no facts). Caller clears `out`. */
int sunset_extract(sunset_facts *out, sunset_lang lang, const char *src,
		   size_t len, const TSTree *tree);
void sunset_facts_clear(sunset_facts *facts);

/* Print the facts, one per line, for `sunset dump` and for tests:
 *   import  3:1  module=openai member=OpenAI alias=OpenAI
 *   assign  5:1  client = call OpenAI(key=name os.environ)
 *   call    9:14 client.images.generate(model="gpt-image-1", ...)
 *   string  9:50 "gpt-image-1"
 *   env     5:30 OPENAI_API_KEY
 *   key, comment likewise. Text from the file is printed escaped. */
void sunset_facts_dump(sunset_buf *out, const sunset_facts *facts);

/* ---- for extractors ---- */

/* Memory that lives as long as the facts. */
void *sunset_arena_alloc(sunset_facts *f, size_t n);
char *sunset_arena_strndup(sunset_facts *f, const char *s, size_t n);
char *sunset_arena_strdup(sunset_facts *f, const char *s);
char *sunset_arena_printf(sunset_facts *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

sunset_span sunset_node_span(TSNode node);
/* The child in field `name` (a null node when none). The field id is
 * looked up once per language and name, so `name` must be a string
 * literal (the cache is keyed by its address). */
TSNode sunset_node_field(TSNode node, const char *name);
/* The node's source text (arena copy). */
char *sunset_node_text(sunset_facts *f, TSNode node, const char *src);

sunset_expr *sunset_expr_new(sunset_facts *f, sunset_expr_kind kind,
			     const char *text, TSNode node);
void sunset_expr_add(sunset_facts *f, sunset_expr *parent, sunset_expr *kid);

void sunset_facts_add_import(sunset_facts *f, const char *module,
			     const char *member, const char *alias,
			     int wildcard, sunset_span span);
void sunset_facts_add_assign(sunset_facts *f, const char *target,
			     sunset_expr *value, sunset_span span);
sunset_call *sunset_facts_add_call(sunset_facts *f, const char *callee,
				   int is_new, sunset_span span,
				   sunset_span callee_span);
void sunset_call_add_arg(sunset_facts *f, sunset_call *call, sunset_expr *arg);
void sunset_facts_add_string(sunset_facts *f, const char *value,
			     sunset_span span);
void sunset_facts_add_key(sunset_facts *f, const char *name, const char *path,
			  sunset_span span);
void sunset_facts_add_env(sunset_facts *f, const char *name, sunset_span span);
void sunset_facts_add_comment(sunset_facts *f, const char *text,
			      sunset_span span);

/* sunset_buf_unescape() into an arena copy. */
char *sunset_unescape(sunset_facts *f, const char *s, size_t n);

/* A string read piece by piece: its whole value (interpolations as "{}")
 * and, when `concat` is set, the parts in order as STRING and
 * interpolated expressions. Literal text can be dedented (heredocs):
 * `indent` columns of blanks are dropped at each line start. Zero it and
 * set `f` (and `concat`, `indent`) before use; free `all` and `seg`. */
typedef struct {
	sunset_facts *f;
	sunset_buf all, seg;
	TSNode seg_node;
	sunset_expr *concat;
	int interpolated;
	int line_start;
	size_t indent, removed;
} sunset_strparts;

void sunset_strparts_text(sunset_strparts *p, const char *s, size_t n,
			  int dedent, TSNode node);
void sunset_strparts_interp(sunset_strparts *p, sunset_expr *e);
/* End the current literal part (adds it to `concat`). */
void sunset_strparts_flush(sunset_strparts *p);

/* Bounded walk helpers: an extractor must not recurse deeper than this
 * into expressions (hostile files nest without end). */
#define SUNSET_EXPR_DEPTH_MAX 48

/* A span from byte offsets of a line format (lines counted in src). */
sunset_span sunset_span_of_bytes(const char *src, size_t start, size_t end);

/* Extractors, one per language family (extract_*.c). Each records the
 * facts of `tree` (or of `src` for line formats) into `f`. */
void sunset_extract_python(sunset_facts *f, const char *src, size_t len,
			   TSNode root);
void sunset_extract_js(sunset_facts *f, const char *src, size_t len,
		       TSNode root); /* javascript, typescript, tsx */
void sunset_extract_go(sunset_facts *f, const char *src, size_t len,
		       TSNode root);
void sunset_extract_java(sunset_facts *f, const char *src, size_t len,
			 TSNode root);
void sunset_extract_kotlin(sunset_facts *f, const char *src, size_t len,
			   TSNode root);
void sunset_extract_csharp(sunset_facts *f, const char *src, size_t len,
			   TSNode root);
void sunset_extract_ruby(sunset_facts *f, const char *src, size_t len,
			 TSNode root);
void sunset_extract_php(sunset_facts *f, const char *src, size_t len,
			TSNode root);
void sunset_extract_rust(sunset_facts *f, const char *src, size_t len,
			 TSNode root);
/* json, yaml, toml (trees) */
void sunset_extract_config(sunset_facts *f, const char *src, size_t len,
			   TSNode root);
/* dotenv, requirements, properties, ini, gomod, gosum, dockerfile, xml,
 * gradle, gemfile-lock, yarn-lock, shell, terraform (no tree) */
void sunset_extract_lines(sunset_facts *f, const char *src, size_t len);

#endif
