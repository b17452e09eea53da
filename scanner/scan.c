/* scan.c - a scan: discover repositories, crawl them, parse what can be
 * parsed, and keep a record of every file with its coverage */
#include "scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "facts.h"
#include "manifest.h"
#include "parse.h"
#include "prefilter.h"
#include "suppress.h"
#include "util.h"

void sunset_scan_opts_init(sunset_scan_opts *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->crawl.max_file_size = SUNSET_MAX_FILE_SIZE_DEFAULT;
	opts->max_depth = SUNSET_MAX_DEPTH_DEFAULT;
	opts->parse_timeout_ms = 10000;
}

typedef struct {
	const sunset_scan_opts *opts;
	sunset_repo_result *repo;
	sunset_parser *parser;
	char *ignore_file; /* the repository's .sunsetignore, when any */
	size_t ignore_len;
	/* versions resolved by the repository's lock files, with the lock
	 * file's path (its directory is the manifest's) */
	sunset_deps locks;
	char **lock_paths;   /* parallel to locks.items */
	sunset_cache *cache; /* NULL: none for this repository */
	unsigned long hits, misses;
	const sunset_prefilter *prefilter; /* NULL: parse every file */
	unsigned long ruled_out;	   /* files the prefilter ruled out */
} analyse_ctx;

static void dir_of(const char *path, size_t *len)
{
	const char *slash = strrchr(path, '/');
	*len = slash ? (size_t)(slash - path) : 0;
}

/* A lock file's entries, kept until the repository is done: the lock
 * file may come before or after its manifest. */
static void keep_lock(analyse_ctx *ctx, const char *path, const char *data,
		      size_t len)
{
	sunset_deps lock;

	if (!sunset_lock_read(&lock, path, data, len))
		return;
	for (size_t i = 0; i < lock.count; i++) {
		sunset_deps *l = &ctx->locks;
		if (l->count == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 64;
			l->items = sunset_realloc(l->items,
						  l->cap * sizeof(sunset_dep));
			ctx->lock_paths = sunset_realloc(
				ctx->lock_paths, l->cap * sizeof(char *));
		}
		ctx->lock_paths[l->count] = sunset_strdup(path);
		l->items[l->count++] = lock.items[i];
	}
	free(lock.items);
}

/* Give each declared dependency the version its lock file resolves: a
 * lock entry is that declaration's resolved version, not a finding. */
static void resolve_locks(analyse_ctx *ctx)
{
	sunset_findings *fs = &ctx->repo->findings;

	for (size_t i = 0; i < fs->count; i++) {
		sunset_finding *f = &fs->items[i];
		size_t dl, ll;
		if (!f->dep_name)
			continue;
		dir_of(f->path, &dl);
		for (size_t k = 0; k < ctx->locks.count; k++) {
			const sunset_dep *e = &ctx->locks.items[k];
			dir_of(ctx->lock_paths[k], &ll);
			if (ll != dl ||
			    strncmp(ctx->lock_paths[k], f->path, dl) ||
			    strcmp(e->ecosystem, f->dep_ecosystem) ||
			    !sunset_package_match(e->ecosystem, e->name,
						  f->dep_name))
				continue;
			f->dep_resolved = e->constraint
						  ? sunset_strdup(e->constraint)
						  : NULL;
			f->dep_lockfile = sunset_strdup(ctx->lock_paths[k]);
			break;
		}
	}
	for (size_t k = 0; k < ctx->locks.count; k++)
		free(ctx->lock_paths[k]);
	free(ctx->lock_paths);
	ctx->lock_paths = NULL;
	sunset_deps_clear(&ctx->locks);
}

/* The rule engine over one analysed file. */
static void detect(analyse_ctx *ctx, const sunset_file_rec *rec,
		   const char *data, size_t len, const TSTree *tree)
{
	sunset_facts facts;
	sunset_deps deps;

	keep_lock(ctx, rec->path, data, len);
	sunset_extract(&facts, rec->lang, data, len, tree);
	sunset_manifest_read(&deps, rec->path, rec->lang, data, len, tree);
	sunset_engine_file(&ctx->repo->findings, ctx->opts->rules, rec->path,
			   rec->lang, data, len, tree, &facts, &deps);
	sunset_deps_clear(&deps);
	sunset_facts_clear(&facts);
}

static sunset_file_rec *add_record(sunset_repo_result *r,
				   const sunset_crawl_file *f)
{
	sunset_file_rec *rec;

	if (r->nfiles == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->files = sunset_realloc(r->files,
					  r->cap * sizeof(sunset_file_rec));
	}
	rec = &r->files[r->nfiles++];
	memset(rec, 0, sizeof(*rec));
	rec->path = sunset_strdup(f->path);
	rec->lang = f->lang;
	rec->size = f->size;
	snprintf(rec->blob_id, sizeof(rec->blob_id), "%s", f->blob_id);
	rec->skip = f->skip;
	return rec;
}

static void warn_unparsed(const analyse_ctx *ctx, const sunset_file_rec *rec)
{
	char *p = sunset_printable(rec->path);

	if (rec->skip == SUNSET_SKIP_TOO_DEEP)
		sunset_warnf("%s: nested deeper than the %s parser can take, "
			     "in repository %s; file skipped",
			     p, sunset_lang_name(rec->lang),
			     ctx->repo->info.path);
	else
		sunset_warnf("%s: parsing took longer than %lu ms in "
			     "repository %s; file skipped (raise "
			     "--parse-timeout)",
			     p, ctx->opts->parse_timeout_ms,
			     ctx->repo->info.path);
	free(p);
}

/* The detect stage for one file: parse it, then hand it on. With a
 * content cache, a file seen before (same blob, path, language, rules
 * and build) takes its parse outcome and findings from the cache: no
 * parse, no extraction, no rules; its lock entries are still read. */
static int analyse_file(sunset_crawl_file *f, void *payload)
{
	analyse_ctx *ctx = payload;
	sunset_file_rec *rec = add_record(ctx->repo, f);
	TSTree *tree = NULL;
	int cacheable, hit = 0, ruled_out = 0;

	/* no literal any rule needs: nothing to parse or match */
	if (ctx->prefilter && rec->skip == SUNSET_SKIP_NONE &&
	    !sunset_prefilter_candidate(ctx->prefilter, rec->path, rec->lang,
					f->data, f->len)) {
		ruled_out = 1;
		ctx->ruled_out++;
	}
	cacheable = ctx->cache && ctx->opts->rules && !ruled_out &&
		    rec->skip == SUNSET_SKIP_NONE && rec->blob_id[0];

	if (cacheable) {
		hit = sunset_cache_get(
			ctx->cache, rec->blob_id, rec->path, rec->lang,
			&rec->skip, &rec->parse_errors, &ctx->repo->findings);
		if (hit)
			ctx->hits++;
		else
			ctx->misses++;
		if (hit && rec->skip != SUNSET_SKIP_NONE)
			warn_unparsed(ctx, rec);
	}
	if (!hit && !ruled_out && rec->skip == SUNSET_SKIP_NONE &&
	    sunset_lang_has_grammar(f->lang)) {
		int rc = sunset_parse(&tree, ctx->parser, f->lang, f->data,
				      f->len);
		if (rc < 0) {
			rec->skip = rc == SUNSET_ETOODEEP
					    ? SUNSET_SKIP_TOO_DEEP
					    : SUNSET_SKIP_PARSE_TIMEOUT;
			warn_unparsed(ctx, rec);
		} else {
			rec->parse_errors =
				ts_node_has_error(ts_tree_root_node(tree));
		}
	}
	ctx->repo->counts[rec->skip]++;
	if (!strcmp(f->path, SUNSET_IGNORE_FILE) && f->data) {
		free(ctx->ignore_file);
		ctx->ignore_file = sunset_strndup(f->data, f->len);
		ctx->ignore_len = f->len;
	}
	if (hit || ruled_out) {
		if (rec->skip == SUNSET_SKIP_NONE)
			keep_lock(ctx, rec->path, f->data, f->len);
	} else if (ctx->opts->rules && rec->skip == SUNSET_SKIP_NONE) {
		sunset_findings *fs = &ctx->repo->findings;
		size_t first = fs->count;
		unsigned long warned = sunset_msg_warnings();
		detect(ctx, rec, f->data, f->len, tree);
		/* a file whose rules warned is not kept, so that its
		 * warnings are printed again on the next scan */
		if (cacheable && sunset_msg_warnings() == warned)
			sunset_cache_put(ctx->cache, rec->blob_id, rec->path,
					 rec->lang, rec->skip,
					 rec->parse_errors, fs->items + first,
					 fs->count - first);
	} else if (cacheable) {
		sunset_cache_put(ctx->cache, rec->blob_id, rec->path, rec->lang,
				 rec->skip, 0, NULL, 0);
	}
	if (ctx->opts->on_file)
		ctx->opts->on_file(&ctx->repo->info, rec,
				   rec->skip == SUNSET_SKIP_NONE ? f->data
								 : NULL,
				   rec->skip == SUNSET_SKIP_NONE ? f->len : 0,
				   tree, ctx->opts->payload);
	ts_tree_delete(tree);
	return 0;
}

/* The package ecosystem of a language's imports. */
static const char *ecosystem_of(sunset_lang lang)
{
	switch (lang) {
	case SUNSET_LANG_PYTHON:
		return "pypi";
	case SUNSET_LANG_JAVASCRIPT:
	case SUNSET_LANG_TYPESCRIPT:
	case SUNSET_LANG_TSX:
		return "npm";
	case SUNSET_LANG_GO:
		return "go";
	case SUNSET_LANG_JAVA:
	case SUNSET_LANG_KOTLIN:
		return "maven";
	case SUNSET_LANG_CSHARP:
		return "nuget";
	case SUNSET_LANG_RUBY:
		return "rubygems";
	case SUNSET_LANG_PHP:
		return "composer";
	case SUNSET_LANG_RUST:
		return "cargo";
	default:
		return NULL;
	}
}

static const char *finding_ecosystem(const sunset_finding *f)
{
	if (f->rule->matcher == SUNSET_MATCH_PACKAGE)
		return f->dep_ecosystem;
	if (f->rule->matcher == SUNSET_MATCH_IMPORT)
		return ecosystem_of(f->lang);
	return NULL;
}

/* Shadow and dead SDK dependencies, per vendor and ecosystem. Only
 * vendors with package rules for that ecosystem count. */
static void dependency_notes(sunset_repo_result *r, const sunset_ruleset *rules)
{
	const sunset_findings *fs = &r->findings;

	for (size_t i = 0; i < fs->count; i++) {
		const sunset_finding *f = &fs->items[i];
		const char *eco = finding_ecosystem(f);
		int is_import = f->rule->matcher == SUNSET_MATCH_IMPORT;
		int counterpart = 0, known = 0, noted = 0;
		if (!eco)
			continue;
		for (size_t k = 0; k < r->nnotes; k++)
			noted |= r->notes[k].vendor == f->rule->vendor &&
				 !strcmp(r->notes[k].ecosystem, eco) &&
				 r->notes[k].shadow == is_import;
		for (size_t k = 0; !noted && k < fs->count; k++) {
			const sunset_finding *g = &fs->items[k];
			const char *ge = finding_ecosystem(g);
			if (g->rule->vendor == f->rule->vendor && ge &&
			    !strcmp(ge, eco) &&
			    g->rule->matcher != f->rule->matcher)
				counterpart = 1;
			/* a Go package inside a module declared for another
			 * vendor (github.com/openai/openai-go/azure) */
			if (is_import && g->dep_name && !strcmp(eco, "go") &&
			    !strcmp(g->dep_ecosystem, "go") &&
			    !strncmp(f->matched, g->dep_name,
				     strlen(g->dep_name)) &&
			    (f->matched[strlen(g->dep_name)] == '/' ||
			     !f->matched[strlen(g->dep_name)]))
				counterpart = 1;
		}
		/* a shadow needs the vendor to have a package in that
		 * ecosystem at all */
		for (size_t k = 0; is_import && k < rules->nrules; k++) {
			const sunset_rule *pr = &rules->rules[k];
			if (pr->vendor != f->rule->vendor ||
			    pr->matcher != SUNSET_MATCH_PACKAGE)
				continue;
			for (size_t p = 0; p < pr->npackages; p++)
				known |=
					!strcmp(pr->packages[p].ecosystem, eco);
		}
		if (noted || counterpart || (is_import && !known))
			continue;
		r->notes = sunset_realloc(r->notes,
					  (r->nnotes + 1) * sizeof(*r->notes));
		r->notes[r->nnotes].shadow = is_import;
		r->notes[r->nnotes].vendor = f->rule->vendor;
		r->notes[r->nnotes].ecosystem = eco;
		r->notes[r->nnotes].at = f;
		r->nnotes++;
	}
}

/* Non-zero when `file` (which may not exist yet) lies inside the
 * directory `repo`: its nearest existing ancestor, resolved, is `repo`
 * or below it. */
static int path_inside(const char *file, const char *repo)
{
	char *root = realpath(repo, NULL);
	char *dir = sunset_strdup(file);
	char *real = NULL, *slash;
	int inside = 0;

	while (root && !real && (slash = strrchr(dir, '/')) != NULL) {
		*slash = '\0';
		real = realpath(*dir ? dir : "/", NULL);
	}
	if (root && !real && file[0] != '/')
		real = realpath(".", NULL); /* relative, nothing of it yet */
	if (real) {
		size_t n = strlen(root);
		inside = !strncmp(real, root, n) &&
			 (real[n] == '/' || real[n] == '\0' ||
			  !strcmp(root, "/"));
	}
	free(root);
	free(dir);
	free(real);
	return inside;
}

/* The content cache asked for, or NULL (a warning said why). A scan
 * never writes into a repository it scans, so a cache file inside one
 * is not used. */
static sunset_cache *open_cache(const sunset_scan_opts *opts,
				const sunset_repo_list *repos)
{
	sunset_cache *cache = NULL;
	char *path;

	if (!opts->use_cache || !opts->rules)
		return NULL;
	path = opts->cache_path ? sunset_strdup(opts->cache_path)
				: sunset_cache_default_path();
	if (!path || !*path) {
		sunset_warnf("%s; scanning without a cache",
			     path ? "the cache file name is empty"
				  : "no cache directory: neither "
				    "XDG_CACHE_HOME nor HOME is set (--cache "
				    "FILE names one)");
		free(path);
		return NULL;
	}
	for (size_t i = 0; i < repos->count; i++) {
		if (path_inside(path, repos->paths[i])) {
			char *p = sunset_printable(path);
			char *r = sunset_printable(repos->paths[i]);
			sunset_warnf("cache %s is inside the scanned "
				     "repository %s; scanning without a "
				     "cache",
				     p, r);
			free(p);
			free(r);
			free(path);
			return NULL;
		}
	}
	sunset_cache_open(&cache, path, opts->rules, opts->parse_timeout_ms);
	free(path);
	return cache;
}

/* Overlapping PATHs name one repository twice: scan it once. */
static int already_listed(const sunset_repo_list *all, const char *path)
{
	char *real = realpath(path, NULL);
	int found = 0;

	for (size_t i = 0; real && !found && i < all->count; i++) {
		char *other = realpath(all->paths[i], NULL);
		found = other && !strcmp(real, other);
		free(other);
	}
	free(real);
	return found;
}

int sunset_scan(sunset_scan_result *out, const char *const *paths,
		size_t npaths, const sunset_scan_opts *opts)
{
	sunset_repo_list all = {0};
	analyse_ctx ctx;
	sunset_cache *cache = NULL;
	sunset_prefilter *prefilter = NULL;
	int error = 0;
	size_t i, k;

	memset(out, 0, sizeof(*out));
	out->started = time(NULL);
	sunset_today(out->today);
	sunset_msg_reset_counts();

	for (i = 0; i < npaths; i++) {
		sunset_repo_list found;
		if ((error = sunset_discover(&found, paths[i],
					     opts->max_depth)) < 0)
			goto cleanup;
		for (k = 0; k < found.count; k++) {
			if (already_listed(&all, found.paths[k])) {
				free(found.paths[k]);
				continue;
			}
			all.paths = sunset_realloc(
				all.paths, (all.count + 1) * sizeof(char *));
			all.paths[all.count++] = found.paths[k];
		}
		free(found.paths);
	}

	out->repos = sunset_calloc(all.count, sizeof(sunset_repo_result));
	memset(&ctx, 0, sizeof(ctx));
	ctx.opts = opts;
	ctx.parser = sunset_parser_new(opts->parse_timeout_ms);
	cache = open_cache(opts, &all);
	/* --list-files reports every file's syntax: parse them all */
	if (opts->rules && !opts->no_prefilter && !opts->on_file)
		prefilter = sunset_prefilter_new(opts->rules, 0);
	ctx.prefilter = prefilter;
	for (i = 0; i < all.count; i++) {
		sunset_repo_result *r = &out->repos[out->nrepos++];
		ctx.repo = r;
		ctx.cache = cache;
		if (sunset_crawl(&r->info, all.paths[i], &opts->crawl,
				 analyse_file, &ctx) < 0) {
			r->error =
				sunset_strdup("the repository could not be "
					      "scanned (see the error above)");
			out->failed_repos++;
			error = SUNSET_ERR;
		}
		if (ctx.cache)
			sunset_cache_flush(ctx.cache);
		resolve_locks(&ctx);
		if (opts->rules)
			dependency_notes(r, opts->rules);
		if (ctx.ignore_file) {
			sunset_suppressions sup;
			char *name = sunset_path_join(r->info.path,
						      SUNSET_IGNORE_FILE);
			sunset_suppressions_parse(&sup, name, ctx.ignore_file,
						  ctx.ignore_len);
			sunset_suppressions_apply(&sup, &r->findings, 0,
						  out->today);
			sunset_suppressions_clear(&sup);
			free(name);
			free(ctx.ignore_file);
			ctx.ignore_file = NULL;
		}
		for (k = 0; k < r->findings.count; k++) {
			out->findings++;
			out->suppressed +=
				(size_t)r->findings.items[k].suppressed;
		}
		for (k = 0; k < SUNSET_SKIP__COUNT; k++)
			out->counts[k] += r->counts[k];
		out->total += r->nfiles;
	}
	sunset_parser_delete(ctx.parser);
	out->analysed = out->counts[SUNSET_SKIP_NONE];
	out->skipped = out->total - out->analysed;
	out->cache_hits = ctx.hits;
	out->cache_misses = ctx.misses;
	out->ruled_out = ctx.ruled_out;
	sunset_prefilter_free(prefilter);
	if (cache) {
		sunset_cache_close(cache);
		sunset_infof("cache: %lu hits, %lu misses", ctx.hits,
			     ctx.misses);
	}

cleanup:
	out->finished = time(NULL);
	out->warnings = sunset_msg_warnings();
	sunset_repo_list_clear(&all);
	return error;
}

void sunset_scan_result_clear(sunset_scan_result *result)
{
	for (size_t i = 0; i < result->nrepos; i++) {
		sunset_repo_result *r = &result->repos[i];
		for (size_t k = 0; k < r->nfiles; k++)
			free(r->files[k].path);
		free(r->files);
		free(r->error);
		sunset_findings_clear(&r->findings);
		free(r->notes);
		sunset_repo_info_clear(&r->info);
	}
	free(result->repos);
	memset(result, 0, sizeof(*result));
}

char *sunset_coverage_line(const sunset_scan_result *r)
{
	sunset_buf b = SUNSET_BUF_INIT;
	const char *sep = " (";
	int k;

	sunset_buf_printf(&b, "scanned %lu of %lu files in %zu %s; %lu skipped",
			  r->analysed, r->total, r->nrepos,
			  r->nrepos == 1 ? "repository" : "repositories",
			  r->skipped);
	for (k = 1; k < SUNSET_SKIP__COUNT; k++) {
		if (!r->counts[k])
			continue;
		sunset_buf_printf(&b, "%s%s: %lu", sep,
				  sunset_skip_name((sunset_skip)k),
				  r->counts[k]);
		sep = ", ";
	}
	if (strcmp(sep, " (") != 0)
		sunset_buf_puts(&b, ")");
	return sunset_buf_detach(&b);
}
