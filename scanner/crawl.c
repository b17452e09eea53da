/* crawl.c - find git repositories and yield their files (the walk stage)
 *
 * Two sources: the tree of a revision read straight from the object
 * database (the default; works on bare mirrors, needs no checkout), or the
 * work tree (tracked files plus untracked ones that .gitignore does not
 * exclude). Either way the repository is only ever read. */
#include "crawl.h"

#include <pthread.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"
#include "util.h"

static const char *const skip_names[SUNSET_SKIP__COUNT] = {
	"analysed",	   "unsupported", "binary",	   "too-large",
	"vendored",	   "generated",	  "submodule",	   "symlink",
	"missing",	   "unreadable",  "parse-timeout", "too-deep",
	"too-much-memory", "too-wide",
};

const char *sunset_skip_name(sunset_skip skip)
{
	if ((int)skip < 0 || skip >= SUNSET_SKIP__COUNT)
		return "unknown";
	return skip_names[skip];
}

int sunset_skip_from_name(sunset_skip *out, const char *name)
{
	for (int i = 0; i < SUNSET_SKIP__COUNT; i++)
		if (!strcmp(skip_names[i], name)) {
			*out = (sunset_skip)i;
			return 0;
		}
	return -1;
}

static pthread_t init_thread;
static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
static int init_pending; /* a thread started, not joined yet */

static void *global_init(void *arg)
{
	(void)arg;
	git_libgit2_init();
	/* a scanner reads repositories owned by others (CI checkouts,
	 * mirrors): ownership checks protect writers, and we never write */
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	/* do not read the user's or the system's git configuration for
	 * anything beyond what libgit2 needs to open a repository */
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, "");
	return NULL;
}

/* libgit2's start-up takes milliseconds (its TLS set-up reads the
 * system's CA bundle, which a scanner never uses): it runs on a thread
 * of its own while the command line is read and the rules load. */
void sunset_crawl_global_init(void)
{
	pthread_mutex_lock(&init_lock);
	if (pthread_create(&init_thread, NULL, global_init, NULL) == 0)
		__atomic_store_n(&init_pending, 1, __ATOMIC_RELEASE);
	else
		global_init(NULL);
	pthread_mutex_unlock(&init_lock);
}

/* Each init is joined once (a process may init and shut down many
 * times: the tests run the command line again and again). */
void sunset_git_ready(void)
{
	if (!__atomic_load_n(&init_pending, __ATOMIC_ACQUIRE))
		return;
	pthread_mutex_lock(&init_lock);
	if (init_pending) {
		pthread_join(init_thread, NULL);
		__atomic_store_n(&init_pending, 0, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&init_lock);
}

void sunset_crawl_global_shutdown(void)
{
	sunset_git_ready();
	git_libgit2_shutdown();
}

/* An error of the system's says why at its end: libgit2 appends
 * strerror(errno) to the messages of class GIT_ERROR_OS. */
static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n >= t && !strcmp(s + n - t, tail);
}

const char *sunset_git_error(void)
{
	const git_error *e = git_error_last();

	if (e && (e->klass == GIT_ERROR_NOMEMORY ||
		  (e->klass == GIT_ERROR_OS && e->message &&
		   ends_with(e->message, strerror(ENOMEM)))))
		sunset_oom("reading the repository");
	return e && e->message ? e->message : "unknown libgit2 error";
}

void sunset_repo_info_clear(sunset_repo_info *info)
{
	free(info->path);
	free(info->gitdir);
	free(info->rev);
	free(info->commit);
	free(info->remote_url);
	free(info->error);
	memset(info, 0, sizeof(*info));
}

/* Print the error and keep it as the repository's: why it was not
 * scanned, for the reports. */
__attribute__((format(printf, 2, 3))) static void fail(sunset_repo_info *info,
						       const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	msg = sunset_malloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sunset_errorf("%s", msg);
	free(info->error);
	info->error = msg;
}

/* ---- entries: what a tree or the work tree holds, before reading ---- */

typedef enum {
	ENTRY_FILE,
	ENTRY_LINK,
	ENTRY_SUBMODULE,
	ENTRY_MISSING_TREE
} entry_kind;

typedef struct {
	char *path;
	entry_kind kind;
	git_oid oid; /* object mode: the blob; work tree: unused */
} entry;

typedef struct {
	entry *items;
	size_t count, cap;
} entry_list;

static void entries_add(entry_list *l, const char *path, entry_kind kind,
			const git_oid *oid)
{
	if (l->count == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->items = sunset_realloc(l->items, l->cap * sizeof(entry));
	}
	l->items[l->count].path = sunset_strdup(path);
	l->items[l->count].kind = kind;
	if (oid)
		git_oid_cpy(&l->items[l->count].oid, oid);
	else
		memset(&l->items[l->count].oid, 0, sizeof(git_oid));
	l->count++;
}

static void entries_free(entry_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->items[i].path);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const entry *)a)->path, ((const entry *)b)->path);
}

/* Depth guard: a hostile tree can nest without end. */
#define MAX_TREE_DEPTH 512

static int collect_tree(entry_list *out, git_repository *repo,
			const git_tree *tree, const char *prefix, int depth)
{
	size_t i, n = git_tree_entrycount(tree);

	for (i = 0; i < n; i++) {
		const git_tree_entry *te = git_tree_entry_byindex(tree, i);
		char *path = sunset_path_join(prefix, git_tree_entry_name(te));
		const git_oid *oid = git_tree_entry_id(te);
		git_tree *sub = NULL;

		switch (git_tree_entry_type(te)) {
		case GIT_OBJECT_TREE:
			if (depth >= MAX_TREE_DEPTH) {
				sunset_warnf(
					"directory %s is nested more than "
					"%d levels deep; its files are not "
					"scanned",
					path, MAX_TREE_DEPTH);
				entries_add(out, path, ENTRY_MISSING_TREE, oid);
			} else if (git_tree_lookup(&sub, repo, oid) < 0) {
				char hex[GIT_OID_HEXSZ + 1];
				git_oid_tostr(hex, sizeof(hex), oid);
				sunset_warnf(
					"tree object %s for directory %s "
					"cannot be read (%s); its files are "
					"not scanned",
					hex, path, sunset_git_error());
				entries_add(out, path, ENTRY_MISSING_TREE, oid);
			} else {
				collect_tree(out, repo, sub, path, depth + 1);
				git_tree_free(sub);
			}
			break;
		case GIT_OBJECT_COMMIT:
			entries_add(out, path, ENTRY_SUBMODULE, oid);
			break;
		case GIT_OBJECT_BLOB:
			entries_add(out, path,
				    git_tree_entry_filemode(te) ==
						    GIT_FILEMODE_LINK
					    ? ENTRY_LINK
					    : ENTRY_FILE,
				    oid);
			break;
		default:
			break;
		}
		free(path);
	}
	return 0;
}

/* Tracked files (from the index) and untracked, not ignored ones (from
 * status), as they are in the work tree now. */
static int collect_worktree(entry_list *out, git_repository *repo,
			    const char *repo_path)
{
	git_index *index = NULL;
	git_status_list *status = NULL;
	git_status_options so;
	size_t i, n;
	int error = 0;

	git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION);

	if ((error = git_repository_index(&index, repo)) < 0) {
		sunset_errorf("cannot read the index of %s: %s", repo_path,
			      sunset_git_error());
		goto cleanup;
	}
	n = git_index_entrycount(index);
	for (i = 0; i < n; i++) {
		const git_index_entry *ie = git_index_get_byindex(index, i);
		if (git_index_entry_stage(ie) > 1)
			continue; /* conflict stages: stage 1 stands for all */
		entries_add(out, ie->path,
			    ie->mode == GIT_FILEMODE_COMMIT ? ENTRY_SUBMODULE
			    : ie->mode == GIT_FILEMODE_LINK ? ENTRY_LINK
							    : ENTRY_FILE,
			    NULL);
	}

	so.show = GIT_STATUS_SHOW_WORKDIR_ONLY;
	so.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
		   GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
		   GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	if ((error = git_status_list_new(&status, repo, &so)) < 0) {
		sunset_errorf("cannot read the work tree of %s: %s", repo_path,
			      sunset_git_error());
		goto cleanup;
	}
	n = git_status_list_entrycount(status);
	for (i = 0; i < n; i++) {
		const git_status_entry *se = git_status_byindex(status, i);
		const char *p;
		if (!(se->status & GIT_STATUS_WT_NEW) || !se->index_to_workdir)
			continue;
		p = se->index_to_workdir->new_file.path;
		if (!p || !*p || p[strlen(p) - 1] == '/')
			continue; /* a nested repository: not ours */
		entries_add(out, p, ENTRY_FILE, NULL);
	}

cleanup:
	git_status_list_free(status);
	git_index_free(index);
	return error < 0 ? SUNSET_ERR : 0;
}

/* ---- reading and classifying one file ---- */

typedef struct {
	git_repository *repo;
	git_odb *odb;
	const sunset_crawl_opts *opts;
	const char *repo_path;
	char *workdir_real; /* work tree mode: resolved work tree root */
	sunset_buf content;
	sunset_buf text; /* content normalised (text.h), when it differs */
	size_t total;	 /* entries of the tree */
	char *dir_ok;	 /* work tree: a directory found to lead nowhere else */
} crawl_ctx;

static void warn_file(const crawl_ctx *ctx, const char *path, const char *what)
{
	sunset_warnf("%s: %s in repository %s; file skipped", path, what,
		     ctx->repo_path);
}

/* A file of a language sunset reads, over --max-file-size: a limit hit,
 * said with the file and the limit. */
static void warn_too_large(const crawl_ctx *ctx, const char *path,
			   sunset_lang lang, unsigned long long size)
{
	if (lang == SUNSET_LANG_UNKNOWN)
		return; /* not one it would have read anyway */
	sunset_warnf("%s: %llu bytes, over the --max-file-size limit of %llu, "
		     "in repository %s; file skipped (raise --max-file-size)",
		     path, size, ctx->opts->max_file_size, ctx->repo_path);
}

static int has_nul(const char *data, size_t len)
{
	return memchr(data, '\0',
		      len < SUNSET_SNIFF_BYTES ? len : SUNSET_SNIFF_BYTES) !=
	       NULL;
}

static int base_has_dot(const char *path)
{
	const char *slash = strrchr(path, '/');
	return strchr(slash ? slash + 1 : path, '.') != NULL;
}

/* Object mode: size from the object header, content only when needed. */
static void read_blob(crawl_ctx *ctx, const entry *e, sunset_crawl_file *f,
		      int want_content)
{
	size_t size;
	git_object_t type;
	git_odb_object *obj = NULL;
	int error;

	error = git_odb_read_header(&size, &type, ctx->odb, &e->oid);
	if (error < 0) {
		f->skip = error == GIT_ENOTFOUND ? SUNSET_SKIP_MISSING
						 : SUNSET_SKIP_UNREADABLE;
		warn_file(ctx, e->path,
			  error == GIT_ENOTFOUND
				  ? "object is missing from the object database"
				  : "object cannot be read");
		return;
	}
	f->size = (long long)size;
	if (!want_content)
		return;
	if ((unsigned long long)size > ctx->opts->max_file_size) {
		f->skip = SUNSET_SKIP_TOO_LARGE;
		warn_too_large(ctx, e->path, f->lang, (unsigned long long)size);
		return;
	}
	error = git_odb_read(&obj, ctx->odb, &e->oid);
	if (error < 0) {
		f->skip = error == GIT_ENOTFOUND ? SUNSET_SKIP_MISSING
						 : SUNSET_SKIP_UNREADABLE;
		warn_file(ctx, e->path,
			  error == GIT_ENOTFOUND
				  ? "object is missing from the object database"
				  : "object is corrupt or cannot be inflated");
		return;
	}
	sunset_buf_clear(&ctx->content);
	sunset_buf_put(&ctx->content, git_odb_object_data(obj),
		       git_odb_object_size(obj));
	git_odb_object_free(obj);
	f->data = ctx->content.ptr;
	f->len = ctx->content.len;
}

/* Work tree mode: never follows a symbolic link, even in a parent
 * directory; never reads past the size limit. */
static void read_worktree_file(crawl_ctx *ctx, const entry *e,
			       sunset_crawl_file *f, int want_content,
			       int *gone)
{
	char *full = sunset_path_join(ctx->workdir_real, e->path);
	char *real = NULL;
	struct stat st;
	int fd = -1;

	*gone = 0;
	if (lstat(full, &st) < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			*gone = 1; /* deleted in the work tree */
		else {
			f->skip = SUNSET_SKIP_UNREADABLE;
			warn_file(ctx, e->path, strerror(errno));
		}
		goto cleanup;
	}
	if (S_ISLNK(st.st_mode)) {
		f->skip = SUNSET_SKIP_SYMLINK;
		f->size = (long long)st.st_size;
		goto cleanup;
	}
	if (S_ISDIR(st.st_mode)) {
		if (e->kind == ENTRY_SUBMODULE)
			f->skip = SUNSET_SKIP_SUBMODULE;
		else
			*gone = 1;
		goto cleanup;
	}
	if (e->kind == ENTRY_SUBMODULE) {
		f->skip = SUNSET_SKIP_SUBMODULE;
		goto cleanup;
	}
	if (!S_ISREG(st.st_mode)) {
		*gone = 1; /* a fifo or socket is no source file */
		goto cleanup;
	}
	f->size = (long long)st.st_size;
	/* a parent directory replaced by a link would lead outside: checked
	 * once per directory (the file itself is no link, lstat said) */
	{
		const char *slash = strrchr(e->path, '/');
		size_t dl = slash ? (size_t)(slash - e->path) : 0;
		if (!ctx->dir_ok || strlen(ctx->dir_ok) != dl ||
		    strncmp(ctx->dir_ok, e->path, dl) != 0) {
			real = realpath(full, NULL);
			if (!real ||
			    strncmp(real, ctx->workdir_real,
				    strlen(ctx->workdir_real)) != 0 ||
			    real[strlen(ctx->workdir_real)] != '/') {
				f->skip = SUNSET_SKIP_SYMLINK;
				goto cleanup;
			}
			free(ctx->dir_ok);
			ctx->dir_ok = sunset_strndup(e->path, dl);
		}
	}
	if (!want_content)
		goto cleanup;
	if ((unsigned long long)st.st_size > ctx->opts->max_file_size) {
		f->skip = SUNSET_SKIP_TOO_LARGE;
		warn_too_large(ctx, e->path, f->lang,
			       (unsigned long long)st.st_size);
		goto cleanup;
	}
	fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		f->skip = SUNSET_SKIP_UNREADABLE;
		warn_file(ctx, e->path, strerror(errno));
		goto cleanup;
	}
	sunset_buf_clear(&ctx->content);
	for (;;) {
		ssize_t r;
		if (ctx->content.len > ctx->opts->max_file_size) {
			f->skip = SUNSET_SKIP_TOO_LARGE; /* grew meanwhile */
			warn_too_large(ctx, e->path, f->lang,
				       (unsigned long long)ctx->content.len);
			goto cleanup;
		}
		sunset_buf_grow(&ctx->content, 65536);
		r = read(fd, ctx->content.ptr + ctx->content.len, 65536);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			f->skip = SUNSET_SKIP_UNREADABLE;
			warn_file(ctx, e->path, strerror(errno));
			goto cleanup;
		}
		if (r == 0)
			break;
		ctx->content.len += (size_t)r;
	}
	ctx->content.ptr[ctx->content.len] = '\0';
	f->data = ctx->content.ptr;
	f->len = ctx->content.len;
	f->size = (long long)ctx->content.len;

cleanup:
	if (fd >= 0)
		close(fd);
	free(real);
	free(full);
}

static int yield_entry(crawl_ctx *ctx, const entry *e, sunset_crawl_cb cb,
		       void *payload)
{
	sunset_crawl_file f;
	char hex[GIT_OID_HEXSZ + 1] = "";
	int want, gone = 0, judge = 0, vendored;
	sunset_keep_cb keep;

	memset(&f, 0, sizeof(f));
	f.total = ctx->total;
	f.path = e->path;
	f.size = -1;
	f.blob_id = hex;
	f.lang = sunset_lang_from_path(e->path);

	if (!ctx->opts->worktree)
		git_oid_tostr(hex, sizeof(hex), &e->oid);

	switch (e->kind) {
	case ENTRY_MISSING_TREE:
		f.skip = SUNSET_SKIP_MISSING;
		f.lang = SUNSET_LANG_UNKNOWN;
		return cb(&f, payload);
	case ENTRY_SUBMODULE:
		f.skip = SUNSET_SKIP_SUBMODULE;
		f.lang = SUNSET_LANG_UNKNOWN;
		if (ctx->opts->worktree)
			hex[0] = '\0';
		return cb(&f, payload);
	case ENTRY_LINK:
		if (!ctx->opts->worktree) {
			f.skip = SUNSET_SKIP_SYMLINK;
			read_blob(ctx, e, &f, 0);
			if (f.skip == SUNSET_SKIP_NONE)
				f.skip = SUNSET_SKIP_SYMLINK;
			return cb(&f, payload);
		}
		break; /* the work tree decides what it is now */
	case ENTRY_FILE:
		break;
	}

	/* a file the caller wants judged whatever its path or content says
	 * (the gate: what a pull request changes); the work tree's blob id
	 * is known once the file is read */
	keep = ctx->opts->keep;
	if (keep && !ctx->opts->worktree)
		judge = keep(e->path, hex, ctx->opts->keep_payload);
	vendored = sunset_path_is_vendored(e->path);

	/* vendored paths are recorded without being read */
	if (vendored && !judge && !(keep && ctx->opts->worktree)) {
		f.skip = SUNSET_SKIP_VENDORED;
		if (ctx->opts->worktree) {
			read_worktree_file(ctx, e, &f, 0, &gone);
			if (gone)
				return 0;
			if (f.skip == SUNSET_SKIP_NONE)
				f.skip = SUNSET_SKIP_VENDORED;
		}
		return cb(&f, payload);
	}

	/* content is needed to analyse, or to find a shebang; the root
	 * .sunsetignore is read for the scan's own use */
	want = f.lang != SUNSET_LANG_UNKNOWN || !base_has_dot(e->path) ||
	       !strcmp(e->path, SUNSET_IGNORE_FILE) || vendored;
	if (ctx->opts->worktree) {
		read_worktree_file(ctx, e, &f, want, &gone);
		if (gone)
			return 0;
		if (f.data) {
			git_oid id;
			if (git_odb_hash(&id, f.data, f.len, GIT_OBJECT_BLOB) ==
			    0)
				git_oid_tostr(hex, sizeof(hex), &id);
		}
		if (keep)
			judge = keep(e->path, hex, ctx->opts->keep_payload);
	} else {
		read_blob(ctx, e, &f, want);
	}
	if (vendored && !judge) {
		/* read only for its blob id */
		if (f.skip == SUNSET_SKIP_NONE ||
		    f.skip == SUNSET_SKIP_TOO_LARGE)
			f.skip = SUNSET_SKIP_VENDORED;
		f.data = NULL;
		f.len = 0;
		return cb(&f, payload);
	}
	if (f.skip != SUNSET_SKIP_NONE)
		return cb(&f, payload);

	/* UTF-16, a byte order mark, lone CRs: the text as analysed (the
	 * blob id and size stay the file's) */
	if (f.data && sunset_text_normalise(&ctx->text, f.data, f.len)) {
		f.data = ctx->text.ptr;
		f.len = ctx->text.len;
	}
	if (f.lang == SUNSET_LANG_UNKNOWN && f.data)
		f.lang = sunset_lang_from_shebang(f.data, f.len);
	if (f.data && has_nul(f.data, f.len))
		f.skip = SUNSET_SKIP_BINARY;
	else if (f.lang == SUNSET_LANG_UNKNOWN)
		f.skip = SUNSET_SKIP_UNSUPPORTED;
	else if (!judge && (sunset_path_is_generated(e->path) ||
			    sunset_content_is_generated(f.lang, f.data, f.len)))
		f.skip = SUNSET_SKIP_GENERATED;

	if (f.skip != SUNSET_SKIP_NONE &&
	    strcmp(e->path, SUNSET_IGNORE_FILE) != 0) {
		f.data = NULL;
		f.len = 0;
	}
	return cb(&f, payload);
}

/* ---- a whole repository ---- */

/* origin's URL without any user:password@ part: tokens in remote URLs
 * must not reach the inventory. */
static char *remote_url_without_credentials(git_repository *repo)
{
	git_remote *remote = NULL;
	const char *url, *scheme, *at, *host;
	char *out = NULL;

	if (git_remote_lookup(&remote, repo, "origin") < 0) {
		git_error_clear();
		return NULL;
	}
	url = git_remote_url(remote);
	if (!url)
		goto cleanup;
	scheme = strstr(url, "://");
	host = scheme ? scheme + 3 : url;
	at = strchr(host, '@');
	if (scheme && at && at < host + strcspn(host, "/"))
		out = sunset_asprintf("%.*s%s", (int)(host - url), url, at + 1);
	else
		out = sunset_strdup(url);
cleanup:
	git_remote_free(remote);
	return out;
}

static int open_repo(git_repository **out, const char *path)
{
	/* NO_SEARCH: PATH must itself be the repository, never a parent */
	return git_repository_open_ext(out, path, GIT_REPOSITORY_OPEN_NO_SEARCH,
				       NULL);
}

/* Whether the git directory `gitdir` (resolved) of `repo` links back to
 * the directory `named` (resolved), as a linked work tree's and a
 * submodule's do: the work tree it names is `named`. */
static int links_back(git_repository *repo, const char *gitdir,
		      const char *named)
{
	char *back = NULL, *real = NULL;
	int same = 0;

	if (git_repository_is_worktree(repo) == 1) {
		/* <common>/worktrees/NAME/gitdir: the work tree's .git */
		char *file = sunset_path_join(gitdir, "gitdir");
		FILE *f = fopen(file, "r");
		char line[PATH_MAX + 2];
		if (f && fgets(line, sizeof(line), f)) {
			line[strcspn(line, "\r\n")] = '\0';
			back = sunset_strdup(line);
		}
		if (f)
			fclose(f);
		free(file);
		if (back && (real = realpath(back, NULL)) != NULL) {
			char *dotgit = sunset_path_join(named, ".git");
			same = !strcmp(real, dotgit);
			free(dotgit);
		}
	} else {
		/* a submodule's git directory names its work tree in
		 * core.worktree, relative to itself */
		git_config *cfg = NULL;
		git_buf wt = {0};
		if (git_repository_config_snapshot(&cfg, repo) == 0 &&
		    git_config_get_string_buf(&wt, cfg, "core.worktree") == 0) {
			back = wt.ptr[0] == '/'
				       ? sunset_strdup(wt.ptr)
				       : sunset_path_join(gitdir, wt.ptr);
			real = realpath(back, NULL);
			same = real && !strcmp(real, named);
		}
		git_error_clear();
		git_buf_dispose(&wt);
		git_config_free(cfg);
	}
	free(back);
	free(real);
	return same;
}

/* Warn, naming it, of the first place outside the named directory that
 * the repository's history is read from: its git directory (a .git
 * file or link pointing away), its common directory, its objects/ or
 * refs/ (links, a commondir file), an alternate object directory. A
 * linked work tree's or a submodule's git directory, which links back,
 * may hold them. */
static void where_read(const char *path, const char *named,
		       git_repository *repo, const char *gitdir)
{
	int linked = links_back(repo, gitdir, named);
	char *common = realpath(git_repository_commondir(repo), NULL);
	const char *what[64];
	char *where[64];
	size_t n = 0;

	what[n] = "git directory";
	where[n++] = sunset_strdup(gitdir);
	if (common) {
		char *p;
		what[n] = "common git directory";
		where[n++] = sunset_strdup(common);
		p = sunset_path_join(common, "objects");
		what[n] = "object directory";
		where[n++] = realpath(p, NULL);
		free(p);
		p = sunset_path_join(common, "refs");
		what[n] = "refs directory";
		where[n++] = realpath(p, NULL);
		free(p);
		p = sunset_path_join(common, "objects/info/alternates");
		{
			FILE *f = fopen(p, "r");
			char line[PATH_MAX + 2];
			while (f && n < 64 && fgets(line, sizeof(line), f)) {
				char *alt;
				line[strcspn(line, "\r\n")] = '\0';
				if (!line[0] || line[0] == '#')
					continue;
				alt = line[0] == '/'
					      ? sunset_strdup(line)
					      : sunset_path_join(
							where[2] ? where[2]
								 : common,
							line);
				what[n] = "alternate object directory";
				where[n++] = realpath(alt, NULL);
				free(alt);
			}
			if (f)
				fclose(f);
		}
		free(p);
	}
	for (size_t i = 0; i < n; i++) {
		int ok = !where[i] || sunset_path_inside(where[i], named) ||
			 (linked &&
			  (sunset_path_inside(where[i], gitdir) ||
			   (common && sunset_path_inside(where[i], common))));
		if (!ok) {
			sunset_warnf("repository %s: its %s is %s, outside it; "
				     "what is scanned is read from there",
				     path, what[i], where[i]);
			break;
		}
	}
	for (size_t i = 0; i < n; i++)
		free(where[i]);
	free(common);
}

/* Where the repository lies against the directory it was named by. A
 * work tree elsewhere (core.worktree) is never read: that is an error.
 * A git directory elsewhere (a .git file pointing away) is read, and a
 * warning names it, unless it links back here as a linked work tree's
 * or a submodule's does. Returns 0, or SUNSET_ERR with the error
 * printed. */
static int check_location(sunset_repo_info *info, git_repository *repo,
			  const char *path, int worktree)
{
	char *named = realpath(path, NULL);
	char *gitdir = realpath(git_repository_path(repo), NULL);
	const char *wd = git_repository_workdir(repo);
	char *workdir = wd ? realpath(wd, NULL) : NULL;
	int error = 0;

	if (!named || !gitdir)
		goto done; /* the crawl says what cannot be resolved */
	if (worktree && workdir && strcmp(workdir, named)) {
		/* naming the .git directory of a work tree is naming it */
		char *dotgit = sunset_path_join(workdir, ".git");
		int is_dotgit =
			!strcmp(named, gitdir) && !strcmp(gitdir, dotgit);
		free(dotgit);
		if (!is_dotgit) {
			fail(info,
			     "%s: its work tree is %s (core.worktree), outside "
			     "it; sunset reads no file outside the directory "
			     "it is given: scan %s itself, or scan without "
			     "--worktree",
			     path, workdir, workdir);
			error = SUNSET_ERR;
			goto done;
		}
	}
	where_read(path, named, repo, gitdir);
done:
	free(named);
	free(gitdir);
	free(workdir);
	return error;
}

int sunset_crawl(sunset_repo_info *info, const char *path,
		 const sunset_crawl_opts *opts, sunset_crawl_cb cb,
		 void *payload)
{
	sunset_git_ready();
	crawl_ctx ctx;
	git_repository *repo = NULL;
	git_object *target = NULL;
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	entry_list entries = {0};
	const char *rev = opts->rev ? opts->rev : "HEAD";
	int error = 0, unborn = 0;
	char hex[GIT_OID_HEXSZ + 1];

	memset(&ctx, 0, sizeof(ctx));
	memset(info, 0, sizeof(*info));
	info->path = sunset_strdup(path);
	info->rev = sunset_strdup(rev);
	info->worktree = opts->worktree;
	ctx.opts = opts;
	ctx.repo_path = path;

	if (open_repo(&repo, path) < 0) {
		const char *why = sunset_git_error();
		if (strstr(why, "extensions.objectformat"))
			fail(info,
			     "%s uses SHA-256 object ids "
			     "(extensions.objectformat), which libgit2 %s, "
			     "the library sunset reads repositories with, "
			     "cannot read; it was not scanned",
			     path, LIBGIT2_VERSION);
		else
			fail(info, "%s is not a readable git repository: %s",
			     path, why);
		error = SUNSET_ERR;
		goto cleanup;
	}
	if ((error = check_location(info, repo, path, opts->worktree)) < 0)
		goto cleanup;
	ctx.repo = repo;
	info->gitdir = sunset_strdup(git_repository_path(repo));
	info->bare = git_repository_is_bare(repo);
	info->remote_url = remote_url_without_credentials(repo);
	if ((error = git_repository_odb(&ctx.odb, repo)) < 0) {
		fail(info, "cannot open the object database of %s: %s", path,
		     sunset_git_error());
		error = SUNSET_ERR;
		goto cleanup;
	}

	unborn = !opts->rev && git_repository_head_unborn(repo) == 1;
	if (!unborn) {
		if (git_revparse_single(&target, repo, rev) < 0) {
			fail(info,
			     "revision '%s' not found in %s (%s); check it "
			     "with: git -C %s rev-parse %s",
			     rev, path, sunset_git_error(), path, rev);
			error = SUNSET_ERR;
			goto cleanup;
		}
		if (git_object_peel((git_object **)&commit, target,
				    GIT_OBJECT_COMMIT) == 0) {
			git_oid_tostr(hex, sizeof(hex), git_commit_id(commit));
			info->commit = sunset_strdup(hex);
		} else {
			git_error_clear();
		}
		if (git_object_peel((git_object **)&tree, target,
				    GIT_OBJECT_TREE) < 0) {
			fail(info, "revision '%s' in %s names no tree (%s)",
			     rev, path, sunset_git_error());
			error = SUNSET_ERR;
			goto cleanup;
		}
	}

	if (opts->worktree) {
		const char *wd = git_repository_workdir(repo);
		if (!wd) {
			fail(info,
			     "%s is a bare repository with no work tree; scan "
			     "it without --worktree",
			     path);
			error = SUNSET_ERR;
			goto cleanup;
		}
		ctx.workdir_real = realpath(wd, NULL);
		if (!ctx.workdir_real) {
			fail(info, "cannot resolve the work tree %s: %s", wd,
			     strerror(errno));
			error = SUNSET_ERR;
			goto cleanup;
		}
		if ((error = collect_worktree(&entries, repo, path)) < 0)
			goto cleanup;
	} else if (unborn) {
		sunset_warnf("repository %s has no commits yet; nothing to "
			     "scan at HEAD",
			     path);
	} else {
		if (opts->on_tree) {
			git_oid_tostr(hex, sizeof(hex), git_tree_id(tree));
			if ((error = opts->on_tree(info, hex, payload)) != 0)
				goto cleanup;
		}
		collect_tree(&entries, repo, tree, "", 0);
	}

	if (entries.count) /* none in a repository without commits */
		qsort(entries.items, entries.count, sizeof(entry), entry_cmp);
	ctx.total = entries.count;
	for (size_t i = 0; i < entries.count; i++) {
		/* the index lists a path once per conflict stage */
		if (i &&
		    !strcmp(entries.items[i].path, entries.items[i - 1].path))
			continue;
		if ((error = yield_entry(&ctx, &entries.items[i], cb,
					 payload)) != 0)
			goto cleanup;
	}

cleanup:
	entries_free(&entries);
	sunset_buf_free(&ctx.content);
	sunset_buf_free(&ctx.text);
	free(ctx.workdir_real);
	free(ctx.dir_ok);
	git_tree_free(tree);
	git_commit_free(commit);
	git_object_free(target);
	git_odb_free(ctx.odb);
	git_repository_free(repo);
	return error;
}

/* ---- discovery ---- */

static void list_add(sunset_repo_list *l, const char *path)
{
	l->paths = sunset_realloc(l->paths, (l->count + 1) * sizeof(char *));
	l->paths[l->count++] = sunset_strdup(path);
}

void sunset_repo_list_clear(sunset_repo_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->paths[i]);
	free(list->paths);
	memset(list, 0, sizeof(*list));
}

/* PATH is itself shaped as a git directory (HEAD, objects/, refs/). */
static int git_shaped_bare(const char *path)
{
	const char *parts[] = {"HEAD", "objects", "refs"};
	struct stat st;
	int all = 1;

	for (size_t i = 0; i < 3; i++) {
		char *p = sunset_path_join(path, parts[i]);
		all &= lstat(p, &st) == 0;
		free(p);
	}
	return all;
}

size_t sunset_repo_dirs(char *out[4], int git[4], const char *path)
{
	sunset_git_ready();
	git_repository *repo = NULL;
	const char *dirs[4];
	size_t n = 0;

	if (open_repo(&repo, path) < 0) {
		/* one libgit2 cannot open (SHA-256, another owner) is still
		 * a repository: PATH, its .git, and where a .git file
		 * points, found without libgit2 */
		char *dotgit = sunset_path_join(path, ".git");
		char *target = NULL;
		FILE *f = fopen(dotgit, "r");
		char line[PATH_MAX + 16];
		git_error_clear();
		if (f && fgets(line, sizeof(line), f) &&
		    !strncmp(line, "gitdir: ", 8)) {
			line[strcspn(line, "\r\n")] = '\0';
			target = line[8] == '/'
					 ? sunset_strdup(line + 8)
					 : sunset_path_join(path, line + 8);
		}
		if (f)
			fclose(f);
		if ((out[n] = target ? realpath(target, NULL) : NULL) != NULL)
			git[n++] = 1;
		if ((out[n] = realpath(dotgit, NULL)) != NULL)
			git[n++] = 1;
		if ((out[n] = realpath(path, NULL)) != NULL)
			git[n++] = git_shaped_bare(path);
		free(target);
		free(dotgit);
		return n;
	}
	/* git directories first: PATH may be one (bare, or .git named) */
	dirs[0] = git_repository_path(repo);
	dirs[1] = git_repository_commondir(repo);
	dirs[2] = git_repository_workdir(repo);
	dirs[3] = path;
	for (size_t i = 0; i < 4; i++) {
		char *real = dirs[i] ? realpath(dirs[i], NULL) : NULL;
		for (size_t k = 0; real && k < n; k++)
			if (!strcmp(out[k], real)) {
				free(real);
				real = NULL;
			}
		if (real) {
			git[n] = i < 2;
			out[n++] = real;
		}
	}
	git_repository_free(repo);
	return n;
}

/* `path` relative to the directory `root` (both resolved), or NULL when
 * it is not below it. */
static char *below(const char *root, const char *path)
{
	size_t n = strlen(root);

	if (!strcmp(path, root))
		return sunset_strdup(".");
	if (!strncmp(path, root, n) && path[n] == '/')
		return sunset_strdup(path + n + 1);
	return NULL;
}

char *sunset_repo_relative(const char *repo_path, const char *file)
{
	sunset_git_ready();
	git_repository *repo = NULL;
	const char *wd;
	const char *slash = strrchr(file, '/');
	char *dir, *root = NULL, *real = NULL, *rel = NULL;

	if (open_repo(&repo, repo_path) < 0) {
		git_error_clear();
		return NULL;
	}
	wd = git_repository_workdir(repo);
	dir = slash ? sunset_strndup(file, (size_t)(slash - file) + 1)
		    : sunset_strdup(".");
	if (wd && (root = realpath(wd, NULL)) != NULL) {
		/* as named: the file's directory resolved, then its name */
		if ((real = realpath(dir, NULL)) != NULL) {
			char *d = below(root, real);
			const char *name = slash ? slash + 1 : file;
			if (d)
				rel = strcmp(d, ".") ? sunset_asprintf("%s/%s",
								       d, name)
						     : sunset_strdup(name);
			free(d);
			free(real);
		}
		/* and as it resolves: a link into the work tree is there */
		if (!rel && (real = realpath(file, NULL)) != NULL) {
			rel = below(root, real);
			free(real);
		}
	}
	free(dir);
	free(root);
	git_repository_free(repo);
	return rel;
}

/* A directory with a .git, or one shaped as a git directory (HEAD,
 * objects/, refs/): a repository, whether or not libgit2 opens it. */
static int git_shaped(const char *path)
{
	char *p = sunset_path_join(path, ".git");
	struct stat st;
	int has = lstat(p, &st) == 0;

	free(p);
	return has || git_shaped_bare(path);
}

/* A repository: one libgit2 opens, and one it does not (a SHA-256
 * object format, a repository owned by another user, a damaged one),
 * which is listed so that its scan says why it failed rather than the
 * repository being left out without a word. */
static int is_repo(const char *path)
{
	git_repository *repo = NULL;
	if (open_repo(&repo, path) < 0) {
		git_error_clear();
		return git_shaped(path);
	}
	git_repository_free(repo);
	return 1;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void discover_dir(sunset_repo_list *out, const char *dir, int depth,
			 int max_depth, int *unreadable)
{
	DIR *d;
	struct dirent *de;
	char **subdirs = NULL;
	size_t nsub = 0;

	if (depth > max_depth)
		return;
	if (!(d = opendir(dir))) {
		(*unreadable)++;
		sunset_warnf("cannot read directory %s: %s", dir,
			     strerror(errno));
		return;
	}
	while ((de = readdir(d)) != NULL) {
		char *sub;
		struct stat st;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    !strcmp(de->d_name, ".git"))
			continue;
		sub = sunset_path_join(dir, de->d_name);
		if (lstat(sub, &st) < 0 || !S_ISDIR(st.st_mode)) {
			free(sub); /* files and symbolic links */
			continue;
		}
		subdirs = sunset_realloc(subdirs, (nsub + 1) * sizeof(char *));
		subdirs[nsub++] = sub;
	}
	closedir(d);
	if (nsub) /* subdirs is NULL then, and qsort's base must not be */
		qsort(subdirs, nsub, sizeof(char *), str_cmp);
	for (size_t i = 0; i < nsub; i++) {
		if (is_repo(subdirs[i]))
			list_add(out, subdirs[i]);
		else
			discover_dir(out, subdirs[i], depth + 1, max_depth,
				     unreadable);
		free(subdirs[i]);
	}
	free(subdirs);
}

int sunset_discover(sunset_repo_list *out, const char *path, int max_depth)
{
	sunset_git_ready();
	struct stat st;
	int unreadable = 0;

	memset(out, 0, sizeof(*out));
	if (stat(path, &st) < 0) {
		sunset_errorf("%s: %s; give the path of a git repository or "
			      "of a directory holding repositories",
			      path, strerror(errno));
		return SUNSET_ENOTFOUND;
	}
	if (!S_ISDIR(st.st_mode)) {
		sunset_errorf("%s is not a directory; give the path of a git "
			      "repository or of a directory holding "
			      "repositories",
			      path);
		return SUNSET_ENOTFOUND;
	}
	if (is_repo(path)) {
		list_add(out, path);
		return 0;
	}
	discover_dir(out, path, 1, max_depth, &unreadable);
	if (out->count == 0) {
		sunset_errorf("no git repository found in %s (searched %d "
			      "directories deep; raise --max-depth to search "
			      "deeper)",
			      path, max_depth);
		return SUNSET_ENOTFOUND;
	}
	return 0;
}

int sunset_git_read_file(sunset_buf *out, const char *repo_path,
			 const char *rev, const char *file,
			 unsigned long long max_size)
{
	sunset_git_ready();
	git_repository *repo = NULL;
	git_object *target = NULL;
	git_tree *tree = NULL;
	git_tree_entry *te = NULL;
	git_blob *blob = NULL;
	int error = 0;

	if (open_repo(&repo, repo_path) < 0) {
		sunset_errorf("%s is not a readable git repository: %s",
			      repo_path, sunset_git_error());
		return SUNSET_ERR;
	}
	if (git_revparse_single(&target, repo, rev) < 0) {
		sunset_errorf("revision '%s' not found in %s (%s); check it "
			      "with: git -C %s rev-parse %s",
			      rev, repo_path, sunset_git_error(), repo_path,
			      rev);
		error = SUNSET_ERR;
		goto cleanup;
	}
	if (git_object_peel((git_object **)&tree, target, GIT_OBJECT_TREE) <
	    0) {
		sunset_errorf("revision '%s' in %s names no tree (%s)", rev,
			      repo_path, sunset_git_error());
		error = SUNSET_ERR;
		goto cleanup;
	}
	if (git_tree_entry_bypath(&te, tree, file) < 0) {
		git_error_clear();
		error = SUNSET_ENOTFOUND;
		goto cleanup;
	}
	if (git_tree_entry_type(te) != GIT_OBJECT_BLOB ||
	    git_tree_entry_filemode(te) == GIT_FILEMODE_LINK) {
		sunset_errorf("%s at %s in %s is not a regular file", file, rev,
			      repo_path);
		error = SUNSET_ERR;
		goto cleanup;
	}
	if (git_blob_lookup(&blob, repo, git_tree_entry_id(te)) < 0) {
		sunset_errorf("cannot read %s at %s in %s: %s", file, rev,
			      repo_path, sunset_git_error());
		error = SUNSET_ERR;
		goto cleanup;
	}
	if ((unsigned long long)git_blob_rawsize(blob) > max_size) {
		sunset_errorf("%s at %s in %s is larger than %llu bytes", file,
			      rev, repo_path, max_size);
		error = SUNSET_ERR;
		goto cleanup;
	}
	sunset_buf_put(out, git_blob_rawcontent(blob),
		       (size_t)git_blob_rawsize(blob));
cleanup:
	git_blob_free(blob);
	git_tree_entry_free(te);
	git_tree_free(tree);
	git_object_free(target);
	git_repository_free(repo);
	return error;
}
