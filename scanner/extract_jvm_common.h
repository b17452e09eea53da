/* extract_jvm_common.h - what the Java, Kotlin and C# extractors share
 *
 * The three languages differ in syntax but not in the facts they yield:
 * one iterative walk that knows the path to the current node (a field's
 * class is two levels up), class members recorded under three names,
 * concatenations flattened without recursing on the left spine, argument
 * lists built in linear time, text blocks and raw strings dedented,
 * Spring-style ${NAME} placeholders read as settings. */
#ifndef SUNSET_EXTRACT_JVM_COMMON_H
#define SUNSET_EXTRACT_JVM_COMMON_H

#include "facts.h"

/* Null-safe node helpers (the runtime's own crash on a null node). */
int sunset_jvm_is(TSNode n, const char *type);
TSNode sunset_jvm_field(TSNode n, const char *name);
uint32_t sunset_jvm_nkids(TSNode n); /* named children */

/* The children of a node in order, in linear time (ts_node_child(n, i)
 * counts from the first child on every call: quadratic over a string of
 * 100k escapes). A loop that leaves early calls sunset_jvm_kids_end.
 *
 *   sunset_jvm_kids it;
 *   TSNode k;
 *   for (sunset_jvm_kids_start(&it, n, 1); sunset_jvm_kids_next(&it, &k);)
 */
typedef struct {
	TSTreeCursor cur;
	int state; /* 0 first, 1 more, 2 done */
	int named;
} sunset_jvm_kids;

void sunset_jvm_kids_start(sunset_jvm_kids *it, TSNode n, int named);
/* Sets *k to the next (named) child; 0 (and the cursor freed) at the
 * end. */
int sunset_jvm_kids_next(sunset_jvm_kids *it, TSNode *k);
void sunset_jvm_kids_end(sunset_jvm_kids *it);

/* An iterative walk over the whole tree that keeps the path from the root
 * to the current node (no recursion: hostile files nest without end). */
typedef struct {
	TSTreeCursor cur;
	TSNode *path; /* path[0] is the root, path[depth - 1] the current */
	size_t depth, cap;
} sunset_jvm_walk;

void sunset_jvm_walk_start(sunset_jvm_walk *w, TSNode root);
/* Moves to the next node in document order, into the current node's
 * children when `descend`. Returns 0 (and frees the walk) at the end. */
int sunset_jvm_walk_next(sunset_jvm_walk *w, int descend);
TSNode sunset_jvm_walk_node(const sunset_jvm_walk *w);
/* The ancestor `up` levels above the current node, ERROR nodes not
 * counted; a null node above the root. */
TSNode sunset_jvm_walk_up(const sunset_jvm_walk *w, size_t up);

/* Expressions collected on the heap, then moved into the arena at once
 * (sunset_call_add_arg and sunset_expr_add copy the array on every
 * addition: quadratic for generated calls with thousands of arguments). */
typedef struct {
	sunset_expr **v;
	size_t n, cap;
} sunset_jvm_exprs;

void sunset_jvm_exprs_push(sunset_jvm_exprs *x, sunset_expr *e);
/* Move the collected expressions into a call's arguments or an
 * expression's kids (after any already there); `x` is emptied. */
void sunset_jvm_exprs_to_call(sunset_facts *f, sunset_jvm_exprs *x,
			      sunset_call *call);
void sunset_jvm_exprs_to_expr(sunset_facts *f, sunset_jvm_exprs *x,
			      sunset_expr *e);

/* The node's text without whitespace: "com . acme" reads "com.acme". */
char *sunset_jvm_text_compact(sunset_facts *f, TSNode n, const char *src);

/* The value of a Java text block or a C# raw string from the text between
 * its delimiters: the opening line dropped, the indentation common to the
 * lines and the closing delimiter's line removed, trailing blanks of each
 * line removed. `final_newline`: keep the line break before the closing
 * delimiter (Java does, C# does not). Text on one line is returned as
 * is. Not unescaped. */
char *sunset_jvm_dedent(sunset_facts *f, const char *s, size_t n,
			int final_newline);

/* Spring-style placeholders in the raw text of `part` (a string literal or
 * one fragment of it): each ${NAME} or ${NAME:default} is an env fact
 * NAME, its span that of the name. */
void sunset_jvm_placeholders(sunset_facts *f, TSNode part, const char *src);
/* The same in a decoded value (Kotlin's "${'$'}{NAME}"), each at `at`. */
void sunset_jvm_placeholders_in(sunset_facts *f, const char *value,
				sunset_span at);

/* The value Spring injects for @Value("..."): each ${NAME:default} reads
 * as its default (resolved again if it holds placeholders), each ${NAME}
 * without one as unknown; "#{...}" expressions are kept as written. A
 * STRING, or a CONCAT with UNKNOWN parts. `e` is the annotation's
 * argument; anything but a STRING is returned as is. */
sunset_expr *sunset_jvm_spring_value(sunset_facts *f, sunset_expr *e);

/* A member initialised in a type's body: recorded as "X", "this.X" and,
 * when the type has a name, "Type.X". */
void sunset_jvm_member_assign(sunset_facts *f, const char *type_name,
			      const char *name, sunset_expr *value,
			      sunset_span span);

/* `callee` is `name` or ends with ".name". */
int sunset_jvm_ends_with(const char *callee, const char *name);

/* A JVM call that reads a setting by its first argument:
 * System.getenv("X"), System.getenv().get("X"), getenv("X") (static
 * import), env.getProperty("x"), System.getProperty("x"), Ktor's
 * environment.config.property("x"), dotenv.get("X"), Dotenv.load().get. */
int sunset_jvm_env_reader(const char *callee);
/* The receiver is a dotenv object ("dotenv", "Dotenv.load()"). */
int sunset_jvm_dotenv(const char *receiver);

/* The last dotted part of a name ("a.b.Config" reads "Config"). */
const char *sunset_jvm_last_part(const char *dotted);

/* A documentation key (description=, summary=, notes=) or annotation
 * (@DisplayName, [Description]) whose strings are prose, not code. */
int sunset_jvm_prose_name(const char *name);

/* a + b + c as one CONCAT of its operands in order. `plus` says whether a
 * node is an addition and gives its operands; `operand` summarises one
 * operand (called with depth + 1). The left spine is followed without
 * recursion. */
typedef int (*sunset_jvm_plus_fn)(void *ctx, TSNode n, TSNode *left,
				  TSNode *right);
typedef sunset_expr *(*sunset_jvm_expr_fn)(void *ctx, TSNode n, int depth);
sunset_expr *sunset_jvm_concat(sunset_facts *f, TSNode n, int depth,
			       sunset_jvm_plus_fn plus,
			       sunset_jvm_expr_fn operand, void *ctx);

#endif
