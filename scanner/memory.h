/* memory.h - allocation failure in the libraries sunset uses: each one's
 * allocator, or its report of a failed allocation, ends in sunset_oom()
 * (util.h), so running out of memory anywhere is "out of memory" and
 * exit 2, never another error's message or exit code */
#ifndef SUNSET_MEMORY_H
#define SUNSET_MEMORY_H

#include <stddef.h>

/* Give libgit2 and SQLite allocators that end in sunset_oom() when the
 * system has no more memory. Call before either library is used (the
 * command line does, first thing); later calls do nothing. SQLite takes
 * its allocator only before it is initialised: in a process that used
 * it already, SQLite keeps its own. tree-sitter's allocator is
 * parse.c's, and PCRE2's comes with each context rules.c makes. */
void sunset_memory_init(void);

/* An allocator for pcre2_general_context_create(): `doing` is ignored. */
void *sunset_memory_pcre2_malloc(size_t size, void *doing);
void sunset_memory_pcre2_free(void *block, void *doing);

#endif
