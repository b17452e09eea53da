/* glob.h - path and rule id globs, matched in time bounded by the
 * pattern's length times the path's */
#ifndef SUNSET_GLOB_H
#define SUNSET_GLOB_H

/* The longest glob sunset accepts, in bytes. Where globs are read (rule
 * files, .sunsetignore, inline sunset:ignore ids) a longer one is
 * refused, so that one match costs at most this many steps per byte of
 * the path. */
#define SUNSET_GLOB_MAX 1024

/* Glob matching for paths/exclude, suppressions and host names: '*'
 * matches within a path segment, '?' one character but '/', '**' zero
 * or more whole segments; a pattern without '/' matches the base name at
 * any depth, a leading '/' anchors it, and a trailing '/' covers what is
 * below. Returns 1 on a match, else 0. The work is proportional to
 * strlen(pattern) * strlen(path) whatever the pattern (no backtracking);
 * it allocates only for patterns longer than 128 bytes. */
int sunset_glob_match(const char *pattern, const char *path);

#endif
