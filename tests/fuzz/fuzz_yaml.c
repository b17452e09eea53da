/* fuzz_yaml.c - sunset's YAML loader against libyaml's: for any input
 * within the limits, sunset_yaml_load gives yaml_parser_load's document,
 * node for node (type, tag, value, style, marks, items, pairs); past a
 * limit, or for an alias of a node that holds it, an error with a
 * position; and never a document where libyaml finds a syntax error.
 * The first byte picks the kind of file (its limits). */
#include <yaml.h>

#include "fuzz.h"
#include "yaml_load.h"

/* libyaml's loader takes time quadratic in the nesting: it only runs
 * where that cannot hang the fuzzer (sunset's loader accepted the input,
 * so it nests at most 64 levels, or the input is small). */
#define SMALL_INPUT 16384

static int same_mark(yaml_mark_t a, yaml_mark_t b)
{
	return a.index == b.index && a.line == b.line && a.column == b.column;
}

/* Two stacks of items or pairs (plain ints, no padding) hold the same. */
static int same_stack(const void *a, const void *a_top, const void *b,
		      const void *b_top)
{
	size_t n = (size_t)((const char *)a_top - (const char *)a);

	return n == (size_t)((const char *)b_top - (const char *)b) &&
	       (!n || !memcmp(a, b, n));
}

static void check_same(yaml_document_t *a, yaml_document_t *b)
{
	long n = a->nodes.top - a->nodes.start;

	FUZZ_CHECK(n == b->nodes.top - b->nodes.start);
	for (long i = 0; i < n; i++) {
		yaml_node_t *x = &a->nodes.start[i], *y = &b->nodes.start[i];
		FUZZ_CHECK(x->type == y->type);
		FUZZ_CHECK(!strcmp((char *)x->tag, (char *)y->tag));
		FUZZ_CHECK(same_mark(x->start_mark, y->start_mark));
		FUZZ_CHECK(same_mark(x->end_mark, y->end_mark));
		switch (x->type) {
		case YAML_SCALAR_NODE:
			FUZZ_CHECK(x->data.scalar.length ==
				   y->data.scalar.length);
			FUZZ_CHECK(!memcmp(x->data.scalar.value,
					   y->data.scalar.value,
					   x->data.scalar.length));
			FUZZ_CHECK(x->data.scalar.style ==
				   y->data.scalar.style);
			break;
		case YAML_SEQUENCE_NODE:
			FUZZ_CHECK(same_stack(x->data.sequence.items.start,
					      x->data.sequence.items.top,
					      y->data.sequence.items.start,
					      y->data.sequence.items.top));
			FUZZ_CHECK(x->data.sequence.style ==
				   y->data.sequence.style);
			break;
		case YAML_MAPPING_NODE:
			FUZZ_CHECK(same_stack(x->data.mapping.pairs.start,
					      x->data.mapping.pairs.top,
					      y->data.mapping.pairs.start,
					      y->data.mapping.pairs.top));
			FUZZ_CHECK(x->data.mapping.style ==
				   y->data.mapping.style);
			break;
		default:
			FUZZ_CHECK(0);
		}
	}
}

/* An error that is sunset's own, not a syntax error libyaml shares. */
static int own_error(const char *message)
{
	return !strncmp(message, "nested deeper than ", 19) ||
	       !strncmp(message, "more than ", 10) ||
	       !strncmp(message, "larger than ", 12) ||
	       !strncmp(message, "alias *", 7);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sunset_yaml_kind kind;
	sunset_yaml_error err;
	yaml_document_t mine, theirs;
	yaml_parser_t parser;
	int error, ok;
	char *src;

	if (size < 1)
		return 0;
	fuzz_silence();
	kind = (sunset_yaml_kind)(data[0] % 4);
	src = fuzz_copy(data + 1, size - 1);
	error = sunset_yaml_load(&mine, &err, kind, src, size - 1);
	FUZZ_CHECK(error == 0 || error == SUNSET_ERR);
	if (error)
		FUZZ_CHECK(err.line >= 1 && err.column >= 1 && err.message[0]);
	if (error && size - 1 > SMALL_INPUT) {
		free(src);
		return 0;
	}
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)src,
				     size - 1);
	ok = yaml_parser_load(&parser, &theirs);
	yaml_parser_delete(&parser);
	if (!error) {
		FUZZ_CHECK(ok);
		check_same(&mine, &theirs);
		yaml_document_delete(&mine);
	} else if (ok) {
		FUZZ_CHECK(own_error(err.message));
	}
	if (ok)
		yaml_document_delete(&theirs);
	free(src);
	return 0;
}
