/* yaml_load.h - the one loader of every YAML file sunset reads (rule
 * files, policies, .sunsetignore, baselines), within limits on size,
 * nesting and values */
#ifndef SUNSET_YAML_LOAD_H
#define SUNSET_YAML_LOAD_H

#include <stddef.h>
#include <yaml.h>

/* What a file is: it decides the limits and the words of the messages. */
typedef enum {
	SUNSET_YAML_RULES,
	SUNSET_YAML_POLICY,
	SUNSET_YAML_IGNORE,
	SUNSET_YAML_BASELINE
} sunset_yaml_kind;

/* The deepest nesting of lists and mappings sunset reads (the shipped
 * rules nest 6). */
#define SUNSET_YAML_MAX_DEPTH 64

/* Why a file did not load. */
typedef struct {
	size_t line, column; /* 1-based */
	char message[320];   /* what is wrong and what to do, without the
				file and position */
} sunset_yaml_error;

/* The most bytes and values (nodes, an alias counting as the nodes it
 * stands for) a file of `kind` may hold. */
size_t sunset_yaml_max_bytes(sunset_yaml_kind kind);
size_t sunset_yaml_max_values(sunset_yaml_kind kind);

/* Load the first document of data[0..len) into *out, as libyaml's
 * yaml_parser_load does (the same nodes, tags, styles and marks, aliases
 * resolved to the node they name), but composed from the parser's events
 * so that the limits hold while parsing: at most
 * sunset_yaml_max_bytes(kind) bytes, SUNSET_YAML_MAX_DEPTH levels and
 * sunset_yaml_max_values(kind) values. An alias of a node that holds it
 * is refused. The stop flag (sunset_interrupted) is checked every 256
 * events: a small file loads whole, a long parse stops part way.
 *
 * Returns 0, and the caller deletes *out with yaml_document_delete (an
 * empty file has no root node); SUNSET_ERR with *err set (a syntax error
 * or a limit passed); or SUNSET_EINTR when a signal asked sunset to
 * stop. On an error *out holds nothing to delete. */
int sunset_yaml_load(yaml_document_t *out, sunset_yaml_error *err,
		     sunset_yaml_kind kind, const char *data, size_t len);

/* Print why the load of file `name` failed (sunset_yaml_load returned
 * `error`) as an error "NAME:LINE:COLUMN: message"; nothing for
 * SUNSET_EINTR, which the command reports as a stop. */
void sunset_yaml_report(const char *name, int error,
			const sunset_yaml_error *err);

#endif
