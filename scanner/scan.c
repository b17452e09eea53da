/* scan.c - a scan: discover repositories, crawl them, parse what can be
 * parsed, and keep a record of every file with its coverage */
#include "scan.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "slice.h"
#include "facts.h"
#include "manifest.h"
#include "outputs.h"
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
	opts->max_parse_memory = SUNSET_MAX_PARSE_MEMORY_DEFAULT;
}

typedef struct {
	const sunset_scan_opts *opts;
	sunset_repo_result *repo;
	char *ignore_file; /* the repository's .sunsetignore, when any */
	size_t ignore_len;
	/* versions resolved by the repository's lock files, with the lock
	 * file's path (its directory is the manifest's) */
	sunset_deps locks;
	char **lock_paths;   /* parallel to locks.items */
	sunset_cache *cache; /* NULL: none for this repository */
	unsigned long hits, misses;
	const sunset_prefilter *prefilter; /* NULL: parse every file */
	int use_prefilter;	 /* the scan rules files out (prefilter may be
			      built when the first file comes) */
	unsigned long ruled_out; /* files the prefilter ruled out */
	size_t slice_min; /* files this large or more may be parsed in part */
	unsigned long sliced;	     /* files parsed in part */
	unsigned long long left_out; /* bytes of theirs not parsed */
	/* the repository entry (cache.h): the root tree being read ("":
	 * none, or no entry may be kept) and whether its entry answered
	 * the repository */
	char tree[96]; /* the root tree; "TREE since COMMIT" (gate) */
	int tree_hit;
	unsigned char *asked; /* per record: the per-file cache was asked */
	/* opts->since's files by path (keep_changed) */
	const sunset_file_rec **since;
	size_t nsince;
	sunset_parse_pool *memory; /* --max-parse-memory, for all workers */
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
			sunset_finding_redact(f); /* the version just set */
			break;
		}
	}
	for (size_t k = 0; k < ctx->locks.count; k++)
		free(ctx->lock_paths[k]);
	free(ctx->lock_paths);
	ctx->lock_paths = NULL;
	sunset_deps_clear(&ctx->locks);
}

/* ---- analysing files: a pool of workers ----
 *
 * The crawler reads each file on the scanning thread, which keeps what
 * is per repository (lock files, .sunsetignore) and hands the file on as
 * a job. Workers (-j) rule it out with the prefilter, or answer it from
 * the content cache, or parse it and run the rules, each with its own
 * parser. Finished jobs hold only their findings; at the end of the
 * repository they are put back in path order, so the output does not
 * depend on the number of workers. At most a few jobs per worker are in
 * flight, so memory follows the workers, not the repository. */

typedef struct job {
	struct job *next;
	size_t seq; /* index of the file's record */
	char *path;
	sunset_lang lang;
	char blob_id[41];
	char *data;
	size_t len;
	/* results */
	sunset_skip skip;
	int parse_errors, ruled_out, hit, miss, sliced;
	int interrupted; /* its parse was stopped by a signal */
	size_t left_out;
	sunset_findings findings;
} job;

typedef struct pool pool;

/* The rule engine over one parsed file and its facts, into the job's
 * findings; `seen` as in sunset_engine_file_seen(). */
static void detect(const analyse_ctx *ctx, job *jb, const TSTree *tree,
		   const sunset_facts *facts, const unsigned char *seen)
{
	sunset_deps deps;

	sunset_manifest_read(&deps, jb->path, jb->lang, jb->data, jb->len,
			     tree);
	sunset_engine_file_seen(&jb->findings, ctx->opts->rules, jb->path,
				jb->lang, jb->data, jb->len, tree, facts, &deps,
				seen);
	sunset_deps_clear(&deps);
}

/* Parse a file and extract its facts: only the parts that can matter
 * when the prefilter found where its literals are (`hits`; NULL: the
 * whole file; slice.h). Returns 0 or what sunset_parse() returns. */
static int parse_file(const analyse_ctx *ctx, job *jb, sunset_parser *parser,
		      TSTree **tree, sunset_facts *facts,
		      const sunset_hits *hits)
{
	sunset_slice_stats st;
	int rc;

	rc = sunset_slice_analyse(tree, facts, parser, jb->lang, jb->data,
				  jb->len, hits, ctx->slice_min, &st);
	jb->sliced = st.partial;
	jb->left_out = st.left_out;
	return rc;
}

static void warn_unparsed(const analyse_ctx *ctx, const char *path,
			  sunset_lang lang, sunset_skip skip)
{
	if (skip == SUNSET_SKIP_TOO_DEEP)
		sunset_warnf("%s: nested deeper than the %s parser can take, "
			     "in repository %s; file skipped",
			     path, sunset_lang_name(lang),
			     ctx->repo->info.path);
	else if (skip == SUNSET_SKIP_TOO_WIDE)
		sunset_warnf("%s: a syntax node of 65,536 children or more "
			     "(65,536 comments in a row, say), more than the "
			     "tree-sitter runtime can hold, in repository %s; "
			     "file skipped",
			     path, ctx->repo->info.path);
	else if (skip == SUNSET_SKIP_TOO_MUCH_MEMORY)
		sunset_warnf("%s: parsing needed more than %llu bytes of "
			     "memory in repository %s; file skipped (raise "
			     "--max-parse-memory)",
			     path, ctx->opts->max_parse_memory,
			     ctx->repo->info.path);
	else
		sunset_warnf("%s: parsing took longer than %lu ms in "
			     "repository %s; file skipped (raise "
			     "--parse-timeout)",
			     path, ctx->opts->parse_timeout_ms,
			     ctx->repo->info.path);
}

struct pool {
	const analyse_ctx *ctx;
	pthread_mutex_t lock;
	pthread_cond_t work, room, idle;
	job *head, *tail;	    /* waiting */
	job *done;		    /* finished, any order */
	size_t pending;		    /* waiting or being worked on */
	size_t limit;		    /* most jobs in flight */
	size_t finished;	    /* in this repository, for progress */
	pthread_mutex_t cache_lock; /* one cache connection for all */
	pthread_t *threads;
	size_t nthreads;
	int stop;
	sunset_parser *parser; /* the scanning thread's, with no workers */
	/* with on_file (--list-files): one file at a time, in order */
	sunset_file_cb on_file;
};

/* The file record a worker is analysing, for the warnings it prints
 * (SIZE_MAX: none). */
static _Thread_local size_t warn_file = SIZE_MAX;

/* Analyse one job with `parser`: prefilter, cache, parse, rules. */
static void run_job(pool *pl, job *jb, sunset_parser *parser)
{
	const analyse_ctx *ctx = pl->ctx;
	TSTree *tree = NULL;
	sunset_facts facts;
	unsigned char *seen = NULL;
	sunset_hits hits = {0};
	int cacheable, cut = 0;

	memset(&facts, 0, sizeof(facts));
	sunset_oom_set_file(jb->path);
	warn_file = jb->seq;
	jb->skip = SUNSET_SKIP_NONE;
	/* no literal any rule needs: nothing to parse or match */
	if (ctx->prefilter) {
		const sunset_prefilter *p = ctx->prefilter;
		seen = sunset_prefilter_seen_new(p);
		cut = sunset_prefilter_locate(p, jb->path, jb->lang, jb->data,
					      jb->len, seen, &hits);
		if (cut == SUNSET_LOCATE_NONE) {
			jb->ruled_out = 1;
			goto done;
		}
	}
	cacheable = ctx->cache && ctx->opts->rules && jb->blob_id[0];
	if (cacheable) {
		pthread_mutex_lock(&pl->cache_lock);
		jb->hit = sunset_cache_get(ctx->cache, jb->blob_id, jb->path,
					   jb->lang, &jb->skip,
					   &jb->parse_errors, &jb->findings);
		pthread_mutex_unlock(&pl->cache_lock);
		jb->miss = !jb->hit;
		if (jb->hit) {
			if (jb->skip != SUNSET_SKIP_NONE)
				warn_unparsed(ctx, jb->path, jb->lang,
					      jb->skip);
			goto done;
		}
	}
	if (sunset_lang_has_grammar(jb->lang)) {
		/* without rules (records only) there are no facts to get */
		int rc = ctx->opts->rules
				 ? parse_file(ctx, jb, parser, &tree, &facts,
					      cut == SUNSET_LOCATE_CUT ? &hits
								       : NULL)
				 : sunset_parse(&tree, parser, jb->lang,
						jb->data, jb->len);
		if (rc == SUNSET_EINTR) {
			/* the scan stops: nothing of this file is kept, and
			 * the cache never hears of it */
			jb->interrupted = 1;
			goto done;
		} else if (rc < 0) {
			jb->skip = rc == SUNSET_ETOODEEP ? SUNSET_SKIP_TOO_DEEP
				   : rc == SUNSET_ETOOWIDE
					   ? SUNSET_SKIP_TOO_WIDE
				   : rc == SUNSET_EMEMORY
					   ? SUNSET_SKIP_TOO_MUCH_MEMORY
					   : SUNSET_SKIP_PARSE_TIMEOUT;
			warn_unparsed(ctx, jb->path, jb->lang, jb->skip);
		} else {
			jb->parse_errors =
				ts_node_has_error(ts_tree_root_node(tree));
		}
	} else if (ctx->opts->rules) {
		sunset_extract(&facts, jb->lang, jb->data, jb->len, NULL);
	}
	if (ctx->opts->rules && jb->skip == SUNSET_SKIP_NONE) {
		unsigned long warned = sunset_msg_thread_warnings();
		detect(ctx, jb, tree, &facts, seen);
		/* a file whose rules warned is not kept, so that its
		 * warnings are printed again on the next scan */
		if (cacheable && sunset_msg_thread_warnings() == warned) {
			pthread_mutex_lock(&pl->cache_lock);
			sunset_cache_put(ctx->cache, jb->blob_id, jb->path,
					 jb->lang, jb->skip, jb->parse_errors,
					 jb->findings.items,
					 jb->findings.count);
			pthread_mutex_unlock(&pl->cache_lock);
		}
	} else if (cacheable) {
		pthread_mutex_lock(&pl->cache_lock);
		sunset_cache_put(ctx->cache, jb->blob_id, jb->path, jb->lang,
				 jb->skip, 0, NULL, 0);
		pthread_mutex_unlock(&pl->cache_lock);
	}
done:
	if (pl->on_file && !jb->interrupted) {
		sunset_file_rec rec;
		memset(&rec, 0, sizeof(rec));
		rec.path = jb->path;
		rec.lang = jb->lang;
		rec.size = (long long)jb->len;
		snprintf(rec.blob_id, sizeof(rec.blob_id), "%s", jb->blob_id);
		rec.skip = jb->skip;
		rec.parse_errors = jb->parse_errors;
		pl->on_file(&ctx->repo->info, &rec,
			    jb->skip == SUNSET_SKIP_NONE ? jb->data : NULL,
			    jb->skip == SUNSET_SKIP_NONE ? jb->len : 0, tree,
			    ctx->opts->payload);
	}
	sunset_facts_clear(&facts);
	sunset_hits_clear(&hits);
	free(seen);
	ts_tree_delete(tree);
	/* the tree's memory is the pool's again */
	sunset_parser_release(parser);
	sunset_oom_set_file(NULL);
	warn_file = SIZE_MAX;
}

static void finish_job(pool *pl, job *jb)
{
	free(jb->data);
	jb->data = NULL;
	pthread_mutex_lock(&pl->lock);
	jb->next = pl->done;
	pl->done = jb;
	pl->pending--;
	pl->finished++;
	pthread_cond_signal(&pl->room);
	if (!pl->pending)
		pthread_cond_broadcast(&pl->idle);
	pthread_mutex_unlock(&pl->lock);
}

static sunset_parser *new_parser(const analyse_ctx *ctx)
{
	return sunset_parser_new(ctx->opts->parse_timeout_ms, ctx->memory);
}

static void *worker(void *arg)
{
	pool *pl = arg;
	sunset_parser *parser = new_parser(pl->ctx);

	for (;;) {
		job *jb;
		pthread_mutex_lock(&pl->lock);
		while (!pl->head && !pl->stop)
			pthread_cond_wait(&pl->work, &pl->lock);
		if (!pl->head) {
			pthread_mutex_unlock(&pl->lock);
			break;
		}
		jb = pl->head;
		pl->head = jb->next;
		if (!pl->head)
			pl->tail = NULL;
		pthread_mutex_unlock(&pl->lock);
		run_job(pl, jb, parser);
		finish_job(pl, jb);
	}
	sunset_parser_delete(parser);
	return NULL;
}

/* Start `n` workers (0: analyse on the scanning thread). */
static void pool_start(pool *pl, const analyse_ctx *ctx, size_t n)
{
	memset(pl, 0, sizeof(*pl));
	pl->ctx = ctx;
	pthread_mutex_init(&pl->lock, NULL);
	pthread_mutex_init(&pl->cache_lock, NULL);
	pthread_cond_init(&pl->work, NULL);
	pthread_cond_init(&pl->room, NULL);
	pthread_cond_init(&pl->idle, NULL);
	pl->limit = n ? 4 * n : 1;
	pl->on_file = ctx->opts->on_file;
	if (!n)
		pl->parser = new_parser(ctx);
	pl->threads = sunset_calloc(n ? n : 1, sizeof(pthread_t));
	for (size_t i = 0; i < n; i++)
		if (pthread_create(&pl->threads[pl->nthreads], NULL, worker,
				   pl) == 0)
			pl->nthreads++;
	if (n && !pl->nthreads) {
		sunset_warnf("cannot start worker threads; analysing on one "
			     "thread");
		pl->parser = new_parser(ctx);
	}
}

static void pool_stop(pool *pl)
{
	pthread_mutex_lock(&pl->lock);
	pl->stop = 1;
	pthread_cond_broadcast(&pl->work);
	pthread_mutex_unlock(&pl->lock);
	for (size_t i = 0; i < pl->nthreads; i++)
		pthread_join(pl->threads[i], NULL);
	free(pl->threads);
	sunset_parser_delete(pl->parser);
	pthread_mutex_destroy(&pl->lock);
	pthread_mutex_destroy(&pl->cache_lock);
	pthread_cond_destroy(&pl->work);
	pthread_cond_destroy(&pl->room);
	pthread_cond_destroy(&pl->idle);
}

static void pool_submit(pool *pl, job *jb)
{
	if (!pl->nthreads) {
		pl->pending++;
		run_job(pl, jb, pl->parser);
		finish_job(pl, jb);
		return;
	}
	pthread_mutex_lock(&pl->lock);
	while (pl->pending >= pl->limit)
		pthread_cond_wait(&pl->room, &pl->lock);
	jb->next = NULL;
	if (pl->tail)
		pl->tail->next = jb;
	else
		pl->head = jb;
	pl->tail = jb;
	pl->pending++;
	pthread_cond_signal(&pl->work);
	pthread_mutex_unlock(&pl->lock);
}

/* Wait for the repository's jobs; return them (any order). */
static job *pool_drain(pool *pl)
{
	job *done;

	pthread_mutex_lock(&pl->lock);
	while (pl->pending)
		pthread_cond_wait(&pl->idle, &pl->lock);
	done = pl->done;
	pl->done = NULL;
	pl->finished = 0;
	pthread_mutex_unlock(&pl->lock);
	return done;
}

/* Progress on a terminal: files done of the tree, rate, repository. */
typedef struct {
	int on;
	struct timespec start, last;
	size_t total;
} progress;

static double since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) +
	       (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void progress_show(progress *pr, pool *pl, const char *repo, int force)
{
	size_t done;
	double elapsed;
	char *rp;

	if (!pr->on || (!force && since(&pr->last) < 0.1))
		return;
	clock_gettime(CLOCK_MONOTONIC, &pr->last);
	pthread_mutex_lock(&pl->lock);
	done = pl->finished;
	pthread_mutex_unlock(&pl->lock);
	elapsed = since(&pr->start);
	rp = sunset_printable(repo);
	fprintf(stderr, "\r\033[K%zu/%zu files, %.0f files/s, %s", done,
		pr->total, elapsed > 0 ? (double)done / elapsed : 0.0, rp);
	fflush(stderr);
	free(rp);
}

/* Keeps each warning printed during a scan, with the repository being
 * scanned then and the file record it came with: workers print in any
 * order, the reports list a repository's warnings in the order of its
 * files (order_warnings()). */
typedef struct {
	sunset_scan_result *out;
	size_t repo;
	size_t *files; /* per kept warning */
} warn_keeper;

static void keep_warning(const char *line, void *payload)
{
	warn_keeper *k = payload;
	sunset_scan_result *r = k->out;
	size_t n = r->nwarning_list;

	r->warning_list = sunset_realloc(r->warning_list,
					 (n + 1) * sizeof(*r->warning_list));
	k->files = sunset_realloc(k->files, (n + 1) * sizeof(*k->files));
	r->warning_list[n].repo = k->repo;
	r->warning_list[n].message = sunset_strdup(line);
	/* a worker's file, or (the crawl's thread) the next record's */
	k->files[n] = warn_file != SIZE_MAX	  ? warn_file
		      : k->repo != SUNSET_NO_REPO ? r->repos[k->repo].nfiles
						  : 0;
	r->nwarning_list++;
}

typedef struct {
	sunset_scan_warning w;
	size_t file, at;
} placed_warning;

static int by_file(const void *a, const void *b)
{
	const placed_warning *x = a, *y = b;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/* Put the warnings kept from `from` on in the order of their files (in
 * the order printed for one file). */
static void order_warnings(warn_keeper *k, size_t from)
{
	sunset_scan_result *r = k->out;
	size_t n = r->nwarning_list - from;
	placed_warning *p;

	if (n < 2)
		return;
	p = sunset_calloc(n, sizeof(*p));
	for (size_t i = 0; i < n; i++)
		p[i] = (placed_warning){r->warning_list[from + i],
					k->files[from + i], i};
	qsort(p, n, sizeof(*p), by_file);
	for (size_t i = 0; i < n; i++) {
		r->warning_list[from + i] = p[i].w;
		k->files[from + i] = p[i].file;
	}
	free(p);
}

typedef struct {
	analyse_ctx *ctx;
	pool *pool;
	progress *progress;
	warn_keeper *keeper;
} crawl_payload;

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

/* The crawler's callback: keep what is per repository, hand the file
 * on. */
static int analyse_file(sunset_crawl_file *f, void *payload)
{
	crawl_payload *cp = payload;
	analyse_ctx *ctx = cp->ctx;
	sunset_file_rec *rec;
	job *jb;

	if (sunset_interrupted())
		return SUNSET_EINTR; /* stops the crawl */
	rec = add_record(ctx->repo, f);

	if (!strcmp(f->path, SUNSET_IGNORE_FILE) && f->data) {
		free(ctx->ignore_file);
		ctx->ignore_file = sunset_strndup(f->data, f->len);
		ctx->ignore_len = f->len;
	} else if (!strcmp(f->path, SUNSET_IGNORE_FILE) &&
		   rec->skip == SUNSET_SKIP_TOO_LARGE) {
		/* its findings stay visible: say why */
		char *r = sunset_printable(ctx->repo->info.path);
		sunset_warnf("%s/%s is larger than --max-file-size (%llu "
			     "bytes) and was not read; none of its "
			     "suppressions applies",
			     r, SUNSET_IGNORE_FILE,
			     ctx->opts->crawl.max_file_size);
		free(r);
	}
	if (rec->skip != SUNSET_SKIP_NONE) {
		ctx->repo->counts[rec->skip]++;
		if (ctx->opts->on_file)
			ctx->opts->on_file(&ctx->repo->info, rec, NULL, 0, NULL,
					   ctx->opts->payload);
		return 0;
	}
	/* a rule set loaded with its prefilter for later: a repository
	 * the content cache answered whole never needs it. Built here, on
	 * the crawl's thread, before any worker reads it. */
	if (ctx->use_prefilter && !ctx->prefilter) {
		/* its slow rules are the rule set's warnings, not the
		 * repository's */
		sunset_msg_set_warn_hook(NULL, NULL);
		sunset_rules_prefilter_ready(
			(sunset_ruleset *)ctx->opts->rules);
		sunset_msg_set_warn_hook(keep_warning, cp->keeper);
		ctx->prefilter = ctx->opts->rules->prefilter;
	}
	/* lock files are read whatever the rules say (their versions
	 * resolve manifests' declarations) */
	if (ctx->opts->rules)
		keep_lock(ctx, f->path, f->data, f->len);
	jb = sunset_calloc(1, sizeof(*jb));
	jb->seq = ctx->repo->nfiles - 1;
	jb->path = sunset_strdup(f->path);
	jb->lang = f->lang;
	snprintf(jb->blob_id, sizeof(jb->blob_id), "%s", f->blob_id);
	jb->data = sunset_malloc(f->len + 1);
	memcpy(jb->data, f->data, f->len);
	jb->data[f->len] = '\0';
	jb->len = f->len;
	cp->progress->total = f->total;
	pool_submit(cp->pool, jb);
	progress_show(cp->progress, cp->pool, ctx->repo->info.path, 0);
	return 0;
}

static int by_seq(const void *a, const void *b)
{
	const job *x = *(job *const *)a, *y = *(job *const *)b;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Put a repository's finished jobs back in path order: records,
 * counts, findings. */
static void collect(analyse_ctx *ctx, job *done)
{
	sunset_repo_result *r = ctx->repo;
	size_t n = 0, k = 0;
	job **all;

	for (job *j = done; j; j = j->next)
		n++;
	all = sunset_calloc(n ? n : 1, sizeof(*all));
	for (job *j = done; j; j = j->next)
		all[k++] = j;
	ctx->asked = sunset_realloc(ctx->asked, r->nfiles ? r->nfiles : 1);
	memset(ctx->asked, 0, r->nfiles);
	qsort(all, n, sizeof(*all), by_seq);
	for (size_t i = 0; i < n; i++) {
		job *jb = all[i];
		sunset_file_rec *rec = &r->files[jb->seq];
		sunset_findings *fs = &r->findings;
		rec->skip = jb->skip;
		rec->parse_errors = jb->parse_errors;
		r->counts[rec->skip]++;
		ctx->ruled_out += (unsigned long)jb->ruled_out;
		ctx->sliced += (unsigned long)jb->sliced;
		ctx->left_out += jb->left_out;
		ctx->hits += (unsigned long)jb->hit;
		ctx->misses += (unsigned long)jb->miss;
		ctx->asked[jb->seq] = jb->hit || jb->miss;
		for (size_t f = 0; f < jb->findings.count; f++) {
			if (fs->count == fs->cap) {
				fs->cap = fs->cap ? fs->cap * 2 : 16;
				fs->items = sunset_realloc(
					fs->items,
					fs->cap * sizeof(sunset_finding));
			}
			fs->items[fs->count++] = jb->findings.items[f];
		}
		free(jb->findings.items); /* the findings moved */
		free(jb->path);
		free(jb);
	}
	free(all);
}

/* ---- a repository answered whole ----
 *
 * An object-store scan knows the root tree before it reads any file; the
 * content cache may hold the whole result of that tree (cache.h). The
 * result comes back as a crawl and collect() would leave it: records,
 * counts, findings with their lock versions, the .sunsetignore bytes
 * and the warnings its files printed (printed again). What follows a
 * crawl (dependency notes, .sunsetignore against today) runs as ever. */

/* Non-zero when the repositories of this scan may be answered whole:
 * with rules and a cache, from the object store, and without
 * --list-files (which wants every file as it is read). */
static int repo_entries_apply(const analyse_ctx *ctx)
{
	return ctx->cache && ctx->opts->rules && !ctx->opts->crawl.worktree &&
	       !ctx->opts->on_file;
}

static int rec_path_cmp(const void *a, const void *b)
{
	return strcmp((*(const sunset_file_rec *const *)a)->path,
		      (*(const sunset_file_rec *const *)b)->path);
}

/* The crawler's keep: a file the base (opts->since) does not hold with
 * this blob is the change under review, analysed whatever its path or
 * content says (vendored, generated). */
static int keep_changed(const char *path, const char *blob_id, void *payload)
{
	const analyse_ctx *ctx = payload;
	sunset_file_rec key, *kp = &key;
	const sunset_file_rec **hit;

	key.path = (char *)path;
	hit = ctx->nsince ? bsearch(&kp, ctx->since, ctx->nsince,
				    sizeof(*ctx->since), rec_path_cmp)
			  : NULL;
	return !hit || !blob_id[0] || strcmp((*hit)->blob_id, blob_id) != 0;
}

/* Everything of the options that changes what a repository's files
 * yield, besides what the cache itself is opened with (rules, parse
 * timeout): an option added to sunset_scan_opts or sunset_crawl_opts
 * that changes what is read, analysed or found belongs here. */
static void repo_key(sunset_cache_repo_key *key, const analyse_ctx *ctx)
{
	key->tree_id = ctx->tree;
	key->max_file_size = ctx->opts->crawl.max_file_size;
	key->prefilter = ctx->use_prefilter;
}

/* The crawler's on_tree: 1 (nothing to read) when the entry of the tree
 * answered the repository, else 0. */
static int answer_repo(const sunset_repo_info *info, const char *tree_id,
		       void *payload)
{
	crawl_payload *cp = payload;
	analyse_ctx *ctx = cp->ctx;
	sunset_cache_repo_extra x;
	sunset_cache_repo_key key;
	int hit;

	/* a head judged against a base reads files a plain scan skips:
	 * its entry is another */
	if (ctx->opts->since && ctx->opts->since->info.commit)
		snprintf(ctx->tree, sizeof(ctx->tree), "%s since %s", tree_id,
			 ctx->opts->since->info.commit);
	else
		snprintf(ctx->tree, sizeof(ctx->tree), "%s", tree_id);
	repo_key(&key, ctx);
	/* a damaged entry's warning is the cache's, not the repository's */
	sunset_msg_set_warn_hook(NULL, NULL);
	hit = sunset_cache_repo_get(ctx->cache, &key, info->path, ctx->repo,
				    &x);
	sunset_msg_set_warn_hook(keep_warning, cp->keeper);
	if (!hit)
		return 0;
	for (size_t i = 0; i < x.nwarnings; i++)
		sunset_warnf("%s", x.warnings[i]);
	ctx->ignore_file = x.ignore;
	ctx->ignore_len = x.ignore_len;
	x.ignore = NULL;
	ctx->ruled_out += x.ruled_out;
	ctx->hits += x.lookups; /* the files the entries answered */
	ctx->tree_hit = 1;
	sunset_cache_repo_extra_clear(&x);
	return 1;
}

/* Keep the entry of a repository read whole from the object store: not
 * after a hit, a failed crawl, or objects missing or unreadable (the
 * object database may heal; the tree would not change). `ruled_out` is
 * the repository's share of ctx's count. Call after collect(), before
 * .sunsetignore is applied and freed. */
static void keep_repo(const analyse_ctx *ctx, const warn_keeper *keeper,
		      unsigned long ruled_out)
{
	const sunset_repo_result *r = ctx->repo;
	const sunset_scan_result *out = keeper->out;
	sunset_cache_repo_extra x;
	sunset_cache_repo_key key;

	if (!ctx->cache || !ctx->tree[0] || ctx->tree_hit || r->error ||
	    r->counts[SUNSET_SKIP_MISSING] || r->counts[SUNSET_SKIP_UNREADABLE])
		return;
	memset(&x, 0, sizeof(x));
	x.warnings = sunset_calloc(out->nwarning_list ? out->nwarning_list : 1,
				   sizeof(char *));
	for (size_t i = 0; i < out->nwarning_list; i++)
		if (out->warning_list[i].repo == keeper->repo)
			x.warnings[x.nwarnings++] =
				out->warning_list[i].message;
	x.ignore = ctx->ignore_file;
	x.ignore_len = ctx->ignore_len;
	x.ruled_out = ruled_out;
	x.asked = ctx->asked;
	repo_key(&key, ctx);
	sunset_cache_repo_put(ctx->cache, &key, r->info.path, r, &x);
	free(x.warnings); /* the strings are the result's */
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
	{
		/* SQLite creates what a dangling link names; a linked work
		 * tree's git directory is its main repository's */
		char *target = sunset_link_target(path);
		int inside = 0;
		for (size_t i = 0; i < repos->count && !inside; i++) {
			char *dirs[4];
			int git[4];
			size_t n = sunset_repo_dirs(dirs, git, repos->paths[i]);
			for (size_t k = 0; k < n; k++) {
				if (!inside &&
				    sunset_path_inside(target, dirs[k])) {
					sunset_warnf("cache %s is inside the "
						     "scanned repository %s; "
						     "scanning without a cache",
						     path, repos->paths[i]);
					inside = 1;
				}
				free(dirs[k]);
			}
		}
		free(target);
		if (inside) {
			free(path);
			return NULL;
		}
	}
	sunset_cache_open(&cache, path, opts->rules, opts->parse_timeout_ms,
			  opts->max_parse_memory);
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

size_t sunset_scan_jobs(const sunset_scan_opts *opts)
{
	long n;

	if (opts->jobs)
		return opts->jobs;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (size_t)n : 1;
}

int sunset_scan(sunset_scan_result *out, const char *const *paths,
		size_t npaths, const sunset_scan_opts *opts)
{
	sunset_repo_list all = {0};
	analyse_ctx ctx;
	sunset_cache *cache = NULL;
	pool workers;
	progress prog;
	warn_keeper keeper;
	sunset_crawl_opts crawl;
	int error = 0;
	size_t i, k;

	memset(out, 0, sizeof(*out));
	out->started = time(NULL);
	sunset_today(out->today);
	sunset_msg_reset_counts();
	keeper.out = out;
	keeper.repo = SUNSET_NO_REPO;
	keeper.files = NULL;

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
	/* before anything is read: no output lies in a repository */
	for (i = 0; opts->outputs && i < all.count; i++)
		if (sunset_outputs_check_repo(opts->outputs, all.paths[i]) <
		    0) {
			error = SUNSET_EREFUSED;
			goto cleanup;
		}

	out->repos = sunset_calloc(all.count, sizeof(sunset_repo_result));
	memset(&ctx, 0, sizeof(ctx));
	ctx.opts = opts;
	cache = open_cache(opts, &all);
	crawl = opts->crawl;
	ctx.cache = cache;
	if (repo_entries_apply(&ctx))
		crawl.on_tree = answer_repo;
	if (opts->since) {
		ctx.nsince = opts->since->nfiles;
		ctx.since = sunset_calloc(ctx.nsince ? ctx.nsince : 1,
					  sizeof(*ctx.since));
		for (i = 0; i < ctx.nsince; i++)
			ctx.since[i] = &opts->since->files[i];
		if (ctx.nsince)
			qsort(ctx.since, ctx.nsince, sizeof(*ctx.since),
			      rec_path_cmp);
		crawl.keep = keep_changed;
		crawl.keep_payload = &ctx;
	}
	/* --list-files reports every file's syntax: parse them all */
	ctx.use_prefilter =
		opts->rules && !opts->no_prefilter && !opts->on_file;
	if (ctx.use_prefilter) /* NULL until a file needs it: see below */
		ctx.prefilter = opts->rules->prefilter;
	ctx.slice_min = sunset_slice_min_bytes();
	ctx.memory = sunset_parse_pool_new(opts->max_parse_memory);
	/* --list-files prints each file as it comes: one thread */
	pool_start(&workers, &ctx, opts->on_file ? 0 : sunset_scan_jobs(opts));
	memset(&prog, 0, sizeof(prog));
	prog.on = opts->progress;
	clock_gettime(CLOCK_MONOTONIC, &prog.start);
	for (i = 0; i < all.count; i++) {
		sunset_repo_result *r = &out->repos[out->nrepos++];
		crawl_payload cp = {&ctx, &workers, &prog, &keeper};
		unsigned long ruled_out = ctx.ruled_out;
		size_t warned = out->nwarning_list;
		ctx.repo = r;
		ctx.tree[0] = '\0';
		ctx.tree_hit = 0;
		/* what is printed while reading this repository goes into
		 * the reports too (not the cache's own troubles) */
		keeper.repo = out->nrepos - 1;
		sunset_msg_set_warn_hook(keep_warning, &keeper);
		ctx.cache = cache;
		clock_gettime(CLOCK_MONOTONIC, &prog.start);
		if (sunset_crawl(&r->info, all.paths[i], &crawl, analyse_file,
				 &cp) < 0 &&
		    !sunset_interrupted()) {
			r->error = sunset_strdup(
				r->info.error ? r->info.error
					      : "the repository could not be "
						"scanned (see the error "
						"above)");
			out->failed_repos++;
			error = SUNSET_ERR;
		}
		progress_show(&prog, &workers, r->info.path ? r->info.path : "",
			      1);
		collect(&ctx, pool_drain(&workers));
		sunset_msg_set_warn_hook(NULL, NULL);
		order_warnings(&keeper, warned);
		if (prog.on)
			fputs("\r\033[K", stderr);
		if (sunset_interrupted()) {
			/* what was read is dropped with the rest */
			error = SUNSET_EINTR;
			resolve_locks(&ctx);
			free(ctx.ignore_file);
			ctx.ignore_file = NULL;
			break;
		}
		resolve_locks(&ctx);
		keep_repo(&ctx, &keeper, ctx.ruled_out - ruled_out);
		if (ctx.cache)
			sunset_cache_flush(ctx.cache);
		if (opts->rules)
			dependency_notes(r, opts->rules);
		if (opts->ignore_given ? opts->ignore != NULL
				       : ctx.ignore_file != NULL) {
			sunset_suppressions sup;
			char *name =
				opts->ignore_given
					? sunset_strdup(opts->ignore_name)
					: sunset_path_join(r->info.path,
							   SUNSET_IGNORE_FILE);
			if (opts->ignore_given)
				sunset_suppressions_parse(&sup, name,
							  opts->ignore,
							  opts->ignore_len);
			else
				sunset_suppressions_parse(&sup, name,
							  ctx.ignore_file,
							  ctx.ignore_len);
			if (sunset_suppressions_apply(&sup, &r->findings, 0,
						      out->today) < 0 ||
			    sunset_interrupted())
				error = SUNSET_EINTR;
			sunset_suppressions_clear(&sup);
			free(name);
			if (error == SUNSET_EINTR) {
				free(ctx.ignore_file);
				ctx.ignore_file = NULL;
				break; /* what was read is dropped */
			}
		}
		r->ignore = ctx.ignore_file;
		r->ignore_len = ctx.ignore_len;
		ctx.ignore_file = NULL;
		for (k = 0; k < r->findings.count; k++) {
			out->findings++;
			out->suppressed +=
				(size_t)r->findings.items[k].suppressed;
		}
		for (k = 0; k < SUNSET_SKIP__COUNT; k++)
			out->counts[k] += r->counts[k];
		out->total += r->nfiles;
	}
	pool_stop(&workers);
	sunset_parse_pool_delete(ctx.memory);
	free(ctx.asked);
	free(ctx.since);
	out->analysed = out->counts[SUNSET_SKIP_NONE];
	out->skipped = out->total - out->analysed;
	out->cache_hits = ctx.hits;
	out->cache_misses = ctx.misses;
	out->ruled_out = ctx.ruled_out;
	out->sliced = ctx.sliced;
	out->left_out = ctx.left_out;
	if (cache) {
		sunset_cache_close(cache);
		/* hits: files whose findings came from the cache, whether
		 * their own entries or their repository's answered them */
		sunset_infof("cache: %lu hits, %lu misses", ctx.hits,
			     ctx.misses);
	}

cleanup:
	sunset_msg_set_warn_hook(NULL, NULL);
	free(keeper.files);
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
		free(r->ignore);
		sunset_repo_info_clear(&r->info);
	}
	free(result->repos);
	for (size_t i = 0; i < result->nwarning_list; i++)
		free(result->warning_list[i].message);
	free(result->warning_list);
	memset(result, 0, sizeof(*result));
}

char *sunset_coverage_line(const sunset_scan_result *r)
{
	sunset_buf b = SUNSET_BUF_INIT;
	const char *sep = " (";
	int k;

	sunset_buf_printf(&b, "scanned %lu of %lu files in %zu %s", r->analysed,
			  r->total, r->nrepos,
			  r->nrepos == 1 ? "repository" : "repositories");
	if (r->failed_repos)
		sunset_buf_printf(&b, " (%zu of them could not be scanned)",
				  r->failed_repos);
	sunset_buf_printf(&b, "; %lu skipped", r->skipped);
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
