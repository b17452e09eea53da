/* memory.c - allocation failure in the libraries sunset uses: each one's
 * allocator, or its report of a failed allocation, ends in sunset_oom() */
#include "memory.h"

#include <git2.h>
#include <git2/sys/alloc.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* ---- libgit2: its allocator (libgit2 1.5 reports a failed allocation
 * as an error of class GIT_ERROR_NOMEMORY, which callers then read as
 * "revision not found" or "not a repository"; and its own error state
 * recurses without end when that allocation fails too) ---- */

#define GIT_DOING "reading the repository"

static void *git_check(void *p)
{
	if (!p)
		sunset_oom(GIT_DOING);
	return p;
}

static size_t git_mul(size_t a, size_t b)
{
	size_t n;

	if (__builtin_mul_overflow(a, b, &n))
		sunset_oom(GIT_DOING);
	return n;
}

static void *git_malloc(size_t n, const char *file, int line)
{
	(void)file;
	(void)line;
	return git_check(malloc(n ? n : 1));
}

static void *git_calloc(size_t count, size_t n, const char *file, int line)
{
	(void)file;
	(void)line;
	return git_check(calloc(count ? count : 1, n ? n : 1));
}

static char *git_strndup(const char *s, size_t n, const char *file, int line)
{
	size_t len = strnlen(s, n);
	char *p = git_malloc(len + 1, file, line);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

static char *git_strdup(const char *s, const char *file, int line)
{
	return git_strndup(s, strlen(s), file, line);
}

static char *git_substrdup(const char *s, size_t n, const char *file, int line)
{
	char *p = git_malloc(n + 1, file, line);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void *git_realloc(void *p, size_t n, const char *file, int line)
{
	(void)file;
	(void)line;
	return git_check(realloc(p, n ? n : 1));
}

static void *git_reallocarray(void *p, size_t count, size_t n, const char *file,
			      int line)
{
	return git_realloc(p, git_mul(count, n), file, line);
}

static void *git_mallocarray(size_t count, size_t n, const char *file, int line)
{
	return git_malloc(git_mul(count, n), file, line);
}

static git_allocator git_alloc = {
	git_malloc,	  git_calloc,	   git_strdup,
	git_strndup,	  git_substrdup,   git_realloc,
	git_reallocarray, git_mallocarray, free,
};

/* ---- SQLite: its own allocator, wrapped (SQLite reports a failed
 * allocation as SQLITE_NOMEM, which callers would report as a database
 * that cannot be opened or written) ---- */

static sqlite3_mem_methods sqlite_default;

static void *sqlite_malloc(int n)
{
	void *p = sqlite_default.xMalloc(n);
	if (!p)
		sunset_oom("using SQLite");
	return p;
}

static void *sqlite_realloc(void *p, int n)
{
	void *q = sqlite_default.xRealloc(p, n);
	if (!q)
		sunset_oom("using SQLite");
	return q;
}

static void install(void)
{
	sqlite3_mem_methods m;

	git_libgit2_opts(GIT_OPT_SET_ALLOCATOR, &git_alloc);
	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlite_default) ==
	    SQLITE_OK) {
		m = sqlite_default;
		m.xMalloc = sqlite_malloc;
		m.xRealloc = sqlite_realloc;
		sqlite3_config(SQLITE_CONFIG_MALLOC, &m);
	}
}

void sunset_memory_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, install);
}

/* ---- PCRE2: a general context's allocator ---- */

void *sunset_memory_pcre2_malloc(size_t size, void *doing)
{
	void *p = malloc(size ? size : 1);

	(void)doing;
	if (!p)
		sunset_oom("matching patterns");
	return p;
}

void sunset_memory_pcre2_free(void *block, void *doing)
{
	(void)doing;
	free(block);
}
