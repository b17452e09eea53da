/* outputs.h - the files a command will write, checked before it reads
 * anything: no output may be another output, the inventory or the
 * content cache, or lie inside a repository being scanned */
#ifndef SUNSET_OUTPUTS_H
#define SUNSET_OUTPUTS_H

#include <stddef.h>

typedef enum {
	SUNSET_OUT_REPORT, /* replaced whole by a rename (reports/util.h) */
	SUNSET_OUT_SQLITE, /* opened in place, through symbolic links */
	SUNSET_OUT_INPUT,  /* read, never written: only never the same as
			      an output (report --db) */
	SUNSET_OUT_CACHE   /* the content cache: used in place, and inside a
			      scanned repository only warned about (the scan
			      goes on without it) */
} sunset_out_kind;

typedef struct {
	const char *option; /* "--json", for messages */
	char *path;	    /* as given */
	sunset_out_kind kind;
	char *real; /* the file written, resolved; NULL until checked */
	int is_dir; /* an input that is a directory (--rules DIR) */
} sunset_output;

typedef struct sunset_outputs_s {
	sunset_output *items;
	size_t count;
	/* repository files may be written (baseline write: the baseline
	 * is committed), but never in a git directory */
	int worktree_ok;
} sunset_outputs;

/* Add an output; NULL and "-" (standard output) add nothing. `option`
 * is borrowed until sunset_outputs_clear(), `path` copied. */
void sunset_outputs_add(sunset_outputs *o, const char *option, const char *path,
			sunset_out_kind kind);
void sunset_outputs_clear(sunset_outputs *o);

/* Each output's directory exists, no output is a directory, and no two
 * name one file (the same path by another name, a link, a hard link).
 * Returns 0, or SUNSET_ERR with the error printed. */
int sunset_outputs_check(sunset_outputs *o);

/* No output (but the cache) lies inside the repository at `repo` (its
 * work tree, git directory or common directory). Call after
 * sunset_outputs_check(). Returns 0, or SUNSET_ERR with the error
 * printed. */
int sunset_outputs_check_repo(const sunset_outputs *o, const char *repo);

#endif
