/* outputs.c - the files a command will write, checked before it reads
 * anything (outputs.h) */
#include "outputs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crawl.h"
#include "util.h"

void sunset_outputs_add(sunset_outputs *o, const char *option, const char *path,
			sunset_out_kind kind)
{
	sunset_output *out;

	if (!path || !strcmp(path, "-"))
		return;
	o->items = sunset_realloc(o->items, (o->count + 1) * sizeof(*out));
	out = &o->items[o->count++];
	memset(out, 0, sizeof(*out));
	out->option = option;
	out->path = sunset_strdup(path);
	out->kind = kind;
	out->real = NULL;
}

void sunset_outputs_clear(sunset_outputs *o)
{
	for (size_t i = 0; i < o->count; i++) {
		free(o->items[i].real);
		free(o->items[i].path);
	}
	free(o->items);
	memset(o, 0, sizeof(*o));
}

/* SQLite opens its file through symbolic links; a report is renamed
 * over its path, which replaces a link rather than what it points to. */
static int follows_links(const sunset_output *out)
{
	return out->kind != SUNSET_OUT_REPORT;
}

static int resolve_path(sunset_output *out, const char *path, const char **why);

/* The file `out` names, resolved: its directory's real path and its
 * name (or the file's own real path when links are followed). Returns
 * 0, or SUNSET_ERR with *why saying what is wrong (borrowed). */
static int resolve(sunset_output *out, const char **why)
{
	/* SQLite creates what a dangling link names */
	char *target = follows_links(out) ? sunset_link_target(out->path)
					  : sunset_strdup(out->path);
	int error = resolve_path(out, target, why);

	free(target);
	return error;
}

static int resolve_path(sunset_output *out, const char *path, const char **why)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	char *dir, *real;
	struct stat sb;

	*why = "it is a directory; give a file name";
	if (follows_links(out) && (real = realpath(path, NULL)) != NULL) {
		/* a rules directory is read whole: nothing may go in it */
		if (out->kind == SUNSET_OUT_INPUT && stat(real, &sb) == 0 &&
		    S_ISDIR(sb.st_mode)) {
			out->real = real;
			out->is_dir = 1;
			return 0;
		}
		if (stat(real, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			free(real);
			return SUNSET_ERR;
		}
		out->real = real;
		return 0;
	}
	if (!*name || !strcmp(name, ".") || !strcmp(name, ".."))
		return SUNSET_ERR;
	dir = slash ? sunset_strndup(path, (size_t)(slash - path) + 1)
		    : sunset_strdup(".");
	real = realpath(dir, NULL);
	free(dir);
	if (!real) {
		*why = strerror(errno);
		return SUNSET_ERR;
	}
	out->real = sunset_path_join(real, name);
	free(real);
	if (stat(out->real, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		free(out->real);
		out->real = NULL;
		return SUNSET_ERR;
	}
	return 0;
}

static int same_file(const sunset_output *a, const sunset_output *b)
{
	struct stat sa, sb;
	int (*sa_fn)(const char *, struct stat *) =
		follows_links(a) ? stat : lstat;
	int (*sb_fn)(const char *, struct stat *) =
		follows_links(b) ? stat : lstat;

	if (!strcmp(a->real, b->real))
		return 1;
	return sa_fn(a->real, &sa) == 0 && sb_fn(b->real, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int sunset_outputs_check(sunset_outputs *o)
{
	for (size_t i = 0; i < o->count; i++) {
		sunset_output *out = &o->items[i];
		const char *why;
		char *p;

		if (out->real)
			continue;
		/* an input that cannot be read is said so by what reads
		 * it; a cache that cannot be used is a warning */
		if (resolve(out, &why) == 0 || out->kind == SUNSET_OUT_INPUT ||
		    out->kind == SUNSET_OUT_CACHE)
			continue;
		p = sunset_printable(out->path);
		sunset_errorf("cannot write %s %s: %s%s", out->option, p, why,
			      strcmp(why, strerror(ENOENT))
				      ? ""
				      : "; check the directory exists and is "
					"writable");
		free(p);
		return SUNSET_ERR;
	}
	for (size_t i = 0; i < o->count; i++)
		for (size_t k = i + 1; k < o->count; k++) {
			const sunset_output *a = &o->items[i];
			const sunset_output *b = &o->items[k];
			char *pa, *pb;
			if (!a->real || !b->real)
				continue;
			if (a->is_dir || b->is_dir) {
				const sunset_output *d = a->is_dir ? a : b;
				const sunset_output *f = a->is_dir ? b : a;
				if (f->kind == SUNSET_OUT_INPUT ||
				    !sunset_path_inside(f->real, d->real))
					continue;
				pa = sunset_printable(f->path);
				pb = sunset_printable(d->path);
				sunset_errorf(
					"%s %s lies inside %s %s, which is "
					"read; write it elsewhere",
					f->option, pa, d->option, pb);
				free(pa);
				free(pb);
				return SUNSET_ERR;
			}
			if (!same_file(a, b))
				continue;
			pa = sunset_printable(a->path);
			pb = sunset_printable(b->path);
			if (a->kind == SUNSET_OUT_INPUT ||
			    b->kind == SUNSET_OUT_INPUT)
				sunset_errorf(
					"%s %s is the same file as %s %s, "
					"which is read: writing it "
					"would destroy it; give the "
					"output another file",
					a->kind == SUNSET_OUT_INPUT ? b->option
								    : a->option,
					a->kind == SUNSET_OUT_INPUT ? pb : pa,
					a->kind == SUNSET_OUT_INPUT ? a->option
								    : b->option,
					a->kind == SUNSET_OUT_INPUT ? pa : pb);
			else
				sunset_errorf("%s %s and %s %s are the same "
					      "file: one would destroy the "
					      "other; give each output a file "
					      "of its own",
					      a->option, pa, b->option, pb);
			free(pa);
			free(pb);
			return SUNSET_ERR;
		}
	return 0;
}

int sunset_outputs_check_repo(const sunset_outputs *o, const char *repo)
{
	char *dirs[4];
	int git[4];
	size_t n = o->count ? sunset_repo_dirs(dirs, git, repo) : 0;
	int error = 0;

	for (size_t i = 0; i < o->count && !error; i++) {
		const sunset_output *out = &o->items[i];
		if (out->kind == SUNSET_OUT_CACHE ||
		    out->kind == SUNSET_OUT_INPUT)
			continue;
		for (size_t k = 0; k < n && !error; k++) {
			char *p, *r;
			if (!git[k] && o->worktree_ok)
				continue;
			if (!sunset_path_inside(out->real, dirs[k]))
				continue;
			p = sunset_printable(out->path);
			r = sunset_printable(repo);
			if (git[k]) {
				char *g = sunset_printable(dirs[k]);
				sunset_errorf("%s %s lies inside the git "
					      "directory %s of the repository "
					      "%s: sunset never writes into a "
					      "repository it reads; write it "
					      "elsewhere",
					      out->option, p, g, r);
				free(g);
			} else {
				sunset_errorf(
					"%s %s lies inside the repository "
					"%s: sunset never writes into a "
					"repository it scans; write it "
					"outside (for example in the "
					"directory above it, or "
					"$RUNNER_TEMP in GitHub Actions)",
					out->option, p, r);
			}
			free(p);
			free(r);
			error = SUNSET_ERR;
		}
	}
	for (size_t k = 0; k < n; k++)
		free(dirs[k]);
	return error;
}
