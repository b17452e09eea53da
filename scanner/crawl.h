/* crawl.h - find git repositories and yield their files (the walk stage) */
#ifndef SUNSET_CRAWL_H
#define SUNSET_CRAWL_H

#include <stddef.h>

#include "lang.h"
#include "util.h"

/* Why a file was not analysed. Keep crawl.c's names in this order. */
typedef enum {
	SUNSET_SKIP_NONE = 0,	     /* analysed */
	SUNSET_SKIP_UNSUPPORTED,     /* no grammar or reader for its type */
	SUNSET_SKIP_BINARY,	     /* a NUL byte in the first 8 KiB */
	SUNSET_SKIP_TOO_LARGE,	     /* larger than --max-file-size */
	SUNSET_SKIP_VENDORED,	     /* node_modules/, vendor/, dist/, ... */
	SUNSET_SKIP_GENERATED,	     /* generated or minified code */
	SUNSET_SKIP_SUBMODULE,	     /* recorded, not followed */
	SUNSET_SKIP_SYMLINK,	     /* recorded, not followed */
	SUNSET_SKIP_MISSING,	     /* object not in the object database */
	SUNSET_SKIP_UNREADABLE,	     /* object corrupt, or a read error */
	SUNSET_SKIP_PARSE_TIMEOUT,   /* the parser ran out of time */
	SUNSET_SKIP_TOO_DEEP,	     /* nested deeper than the parser takes */
	SUNSET_SKIP_TOO_MUCH_MEMORY, /* over --max-parse-memory */
	SUNSET_SKIP_TOO_WIDE,	     /* a node of 65,536 children or more */
	SUNSET_SKIP__COUNT
} sunset_skip;

/* Stable short name of a reason ("binary", "too-large", ...). */
const char *sunset_skip_name(sunset_skip skip);

/* The reason of that name ("analysed" is SUNSET_SKIP_NONE). Returns 0,
 * or -1 when no reason has that name. */
int sunset_skip_from_name(sunset_skip *out, const char *name);

#define SUNSET_MAX_FILE_SIZE_DEFAULT (2ULL * 1024 * 1024)
#define SUNSET_MAX_DEPTH_DEFAULT 6
#define SUNSET_SNIFF_BYTES 8192

/* What the crawler knows of one repository. Strings are owned by it and
 * freed by sunset_repo_info_clear(). */
typedef struct {
	char *path;	  /* as given or discovered */
	char *gitdir;	  /* the repository's git directory */
	char *rev;	  /* the revision asked for ("HEAD" by default) */
	char *commit;	  /* hex id of the commit scanned; NULL when none */
	char *remote_url; /* origin's URL without credentials; may be NULL */
	int bare;
	int worktree; /* scanned from the work tree */
	char *error;  /* why it could not be scanned; NULL when it was */
} sunset_repo_info;

/* Called once the revision resolves to its root tree (`tree_id`, hex),
 * before any of the tree is read: `info` is complete then. Non-zero
 * ends the crawl there, no file yielded, and is what sunset_crawl()
 * returns. Not called for work-tree crawls. */
typedef int (*sunset_tree_cb)(const sunset_repo_info *info, const char *tree_id,
			      void *payload);

/* Whether the file at `path` with blob `blob_id` (hex) is to be
 * analysed even when its path or content says it is vendored or
 * generated. */
typedef int (*sunset_keep_cb)(const char *path, const char *blob_id,
			      void *payload);

typedef struct {
	const char *rev;		  /* revision expression; NULL: HEAD */
	int worktree;			  /* read the work tree, not a tree */
	unsigned long long max_file_size; /* larger files are not read */
	sunset_tree_cb on_tree; /* optional; gets the crawl's payload */
	sunset_keep_cb keep;	/* optional */
	void *keep_payload;
} sunset_crawl_opts;

void sunset_repo_info_clear(sunset_repo_info *info);

/* The suppression file at a repository's root. */
#define SUNSET_IGNORE_FILE ".sunsetignore"

/* One file of a repository. Everything is borrowed for the duration of
 * the callback. `data`/`len` hold the content when skip is NONE, and for
 * SUNSET_IGNORE_FILE (which is otherwise an unsupported file). */
typedef struct {
	const char *path;    /* repository-relative, '/' separated */
	sunset_lang lang;    /* UNKNOWN when no reader applies */
	long long size;	     /* bytes; -1 when not known */
	const char *blob_id; /* hex object id; "" when not known */
	sunset_skip skip;    /* NONE: to be analysed */
	const char *data;    /* content, when skip is NONE, as text.h
				normalises it (size and blob_id are the
				file's own) */
	size_t len;
	size_t total; /* files of the tree being crawled (for progress) */
} sunset_crawl_file;

/* Called once per file in path order; a non-zero return stops the crawl
 * and is returned by sunset_crawl(). */
typedef int (*sunset_crawl_cb)(sunset_crawl_file *file, void *payload);

/* Open the repository at `path` and yield every file of the chosen tree
 * (or the work tree) to `cb`. Fills `info` (caller clears it) even when
 * the crawl fails part way. Missing and corrupt objects are warnings and
 * skipped files, not failures. Returns 0, the non-zero value of `cb` or
 * of opts->on_tree, or SUNSET_ERR with an error message printed (unknown revision, no work
 * tree, unreadable repository). Never writes to the repository. */
int sunset_crawl(sunset_repo_info *info, const char *path,
		 const sunset_crawl_opts *opts, sunset_crawl_cb cb,
		 void *payload);

/* Repositories named by a command-line PATH: PATH itself when it is a
 * repository (work tree, .git directory or bare), otherwise every
 * repository below it, at most `max_depth` directories down, never
 * entering .git directories, symbolic links or a repository already
 * found. Sorted. Returns 0, or SUNSET_ENOTFOUND (path missing, or no
 * repository in it) and SUNSET_ERR (unreadable), with the error printed. */
typedef struct {
	char **paths;
	size_t count;
} sunset_repo_list;

int sunset_discover(sunset_repo_list *out, const char *path, int max_depth);

/* The directories that belong to the repository at `path`, resolved
 * (realpath) and each once: its git directory, for a linked work tree
 * the common one, its work tree and PATH itself; git[i] says which are
 * git directories. Returns how many (at most 4) were put in out[] (the
 * caller frees each); 0 when libgit2 does not open it. */
size_t sunset_repo_dirs(char *out[4], int git[4], const char *path);
void sunset_repo_list_clear(sunset_repo_list *list);

/* Read `file` (repository-relative) from the tree of `rev` in the
 * repository at `repo_path` into `out`, without a checkout. Returns 0;
 * SUNSET_ENOTFOUND when the tree has no such file (nothing printed);
 * SUNSET_ERR with the error printed (no repository, unknown revision,
 * not a regular file, larger than `max_size`). */
int sunset_git_read_file(sunset_buf *out, const char *repo_path,
			 const char *rev, const char *file,
			 unsigned long long max_size);

/* The path of `file` (which need not exist) relative to the work tree
 * of the repository at `repo_path`, '/' separated, when it lies in that
 * work tree, as named (its directory resolved) or as it resolves (a
 * symbolic link into the work tree); NULL otherwise, and for a bare
 * repository. Caller frees. */
char *sunset_repo_relative(const char *repo_path, const char *file);

/* The message of libgit2's last error, never NULL. An error that says
 * memory ran out (class GIT_ERROR_NOMEMORY: zlib's allocations are not
 * libgit2's; or a pack the system would not map, ENOMEM) ends in
 * sunset_oom() instead: no caller reports it as a revision not found or
 * a repository that cannot be read. */
const char *sunset_git_error(void);

/* Global libgit2 set-up for read-only scanning; call once. It goes on
 * on a thread of its own: sunset_git_ready() waits for it, and every
 * function here calls it, as must code calling libgit2 itself. Without
 * sunset_crawl_global_init() (tests call git_libgit2_init()) it returns
 * at once. */
void sunset_crawl_global_init(void);
void sunset_git_ready(void);
void sunset_crawl_global_shutdown(void);

#endif
