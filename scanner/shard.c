/* shard.c - a stable share of a list of repositories: the entries of
 * `sunset scan --repos-from FILE`, split by `--shard K/N` */
#include "shard.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crawl.h"
#include "util.h"

void sunset_shard_list_clear(sunset_shard_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->paths[i]);
	for (size_t i = 0; i < list->nbad; i++) {
		free(list->bad[i]);
		free(list->why[i]);
	}
	free(list->paths);
	free(list->bad);
	free(list->why);
	memset(list, 0, sizeof(*list));
}

char *sunset_shard_normalise(const char *path)
{
	sunset_buf b = SUNSET_BUF_INIT;
	const char *p = path;

	if (*p == '/')
		sunset_buf_puts(&b, "/");
	while (*p) {
		size_t n;
		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (n == 0)
			break;
		if (!(n == 1 && p[0] == '.')) {
			if (b.len && b.ptr[b.len - 1] != '/')
				sunset_buf_puts(&b, "/");
			sunset_buf_put(&b, p, n);
		}
		p += n;
	}
	if (!b.len)
		sunset_buf_puts(&b, ".");
	return sunset_buf_detach(&b);
}

void sunset_shard_add(sunset_shard_list *list, const char *entry)
{
	char *norm = sunset_shard_normalise(entry);

	for (size_t i = 0; i < list->count; i++)
		if (!strcmp(list->paths[i], norm)) {
			free(norm);
			return;
		}
	list->paths =
		sunset_realloc(list->paths, (list->count + 1) * sizeof(char *));
	list->paths[list->count++] = norm;
}

int sunset_shard_read_list(sunset_shard_list *list, const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	size_t lineno = 0, listed = 0;
	int error = 0;

	if (!f) {
		sunset_errorf("--repos-from %s: %s; give a file with one "
			      "repository path per line (- for standard "
			      "input)",
			      path, strerror(errno));
		return SUNSET_ENOTFOUND;
	}
	while (!error && (len = getline(&line, &cap, f)) >= 0) {
		char *s = line, *end = line + len;
		lineno++;
		if (memchr(line, '\0', (size_t)len)) {
			/* a C string would end there: another path */
			sunset_errorf("--repos-from %s:%zu: a NUL byte in the "
				      "line; give one repository path per "
				      "line, as text",
				      path, lineno);
			error = SUNSET_ENOTFOUND;
			break;
		}
		while (*s == ' ' || *s == '\t')
			s++;
		while (end > s && (end[-1] == '\n' || end[-1] == '\r' ||
				   end[-1] == ' ' || end[-1] == '\t'))
			end--;
		*end = '\0';
		if (*s && *s != '#') {
			sunset_shard_add(list, s);
			listed++;
		}
	}
	if (!error && ferror(f)) {
		sunset_errorf("--repos-from %s: %s", path, strerror(errno));
		error = SUNSET_ENOTFOUND;
	}
	if (!error && !listed) {
		sunset_errorf("--repos-from %s lists no repository; give a "
			      "file with one repository path per line",
			      path);
		error = SUNSET_ENOTFOUND;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return error;
}

int sunset_shard_parse(unsigned *k, unsigned *n, const char *spec)
{
	unsigned long a, b;
	char *end;

	if (!spec || *spec < '0' || *spec > '9')
		return SUNSET_ERR;
	a = strtoul(spec, &end, 10);
	if (*end != '/' || end[1] < '0' || end[1] > '9')
		return SUNSET_ERR;
	b = strtoul(end + 1, &end, 10);
	if (*end || a < 1 || b < 1 || a > b || b > 100000)
		return SUNSET_ERR;
	*k = (unsigned)a;
	*n = (unsigned)b;
	return 0;
}

unsigned sunset_shard_of(const char *entry, unsigned n)
{
	char *norm = sunset_shard_normalise(entry);
	uint64_t h = 14695981039346656037ULL; /* FNV-1a, 64 bits */

	for (const unsigned char *p = (const unsigned char *)norm; *p; p++) {
		h ^= *p;
		h *= 1099511628211ULL;
	}
	free(norm);
	return (unsigned)(h % n) + 1;
}

void sunset_shard_select(sunset_shard_list *list, unsigned k, unsigned n)
{
	size_t kept = 0;

	for (size_t i = 0; i < list->count; i++) {
		if (sunset_shard_of(list->paths[i], n) == k)
			list->paths[kept++] = list->paths[i];
		else
			free(list->paths[i]);
	}
	list->count = kept;
}

static void move_bad(sunset_shard_list *list, size_t i, char *why)
{
	list->bad =
		sunset_realloc(list->bad, (list->nbad + 1) * sizeof(char *));
	list->why =
		sunset_realloc(list->why, (list->nbad + 1) * sizeof(char *));
	list->bad[list->nbad] = list->paths[i];
	list->why[list->nbad++] = why;
	memmove(&list->paths[i], &list->paths[i + 1],
		(list->count - i - 1) * sizeof(char *));
	list->count--;
}

size_t sunset_shard_check(sunset_shard_list *list, int max_depth)
{
	size_t moved = 0, i = 0;

	while (i < list->count) {
		const char *p = list->paths[i];
		sunset_repo_list found;
		struct stat st;
		char *why = NULL;

		if (stat(p, &st) < 0)
			why = sunset_asprintf("no repository at %s: %s", p,
					      strerror(errno));
		else if (!S_ISDIR(st.st_mode))
			why = sunset_asprintf("%s is not a directory", p);
		else if (sunset_discover(&found, p, max_depth) < 0)
			why = sunset_asprintf("no git repository found in %s",
					      p);
		else
			sunset_repo_list_clear(&found);
		if (!why) {
			i++;
			continue;
		}
		sunset_warnf("--repos-from: %s; recorded as a repository that "
			     "could not be scanned, the others are scanned",
			     why);
		move_bad(list, i, why);
		moved++;
	}
	return moved;
}

void sunset_shard_record_bad(sunset_scan_result *result,
			     const sunset_shard_list *list, const char *rev,
			     int worktree)
{
	if (!list->nbad)
		return;
	result->repos =
		sunset_realloc(result->repos, (result->nrepos + list->nbad) *
						      sizeof(*result->repos));
	for (size_t i = 0; i < list->nbad; i++) {
		sunset_repo_result *r = &result->repos[result->nrepos++];
		memset(r, 0, sizeof(*r));
		r->info.path = sunset_strdup(list->bad[i]);
		r->info.rev = sunset_strdup(rev ? rev : "HEAD");
		r->info.worktree = worktree;
		r->error = sunset_strdup(list->why[i]);
		result->failed_repos++;
	}
}
