/* helpers.c - fixture repositories built at test time, and running the
 * command line in process with its output captured */
#include "helpers.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <cmocka.h>

#include "cli.h"
#include "facts.h"
#include "parse.h"
#include "util.h"

static void die(const char *what)
{
	const git_error *e = git_error_last();
	fprintf(stderr, "test fixture: %s: %s\n", what,
		e && e->message ? e->message : strerror(errno));
	abort();
}

char *fx_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *tmpl = sunset_asprintf("%s/sunset-test-XXXXXX",
				     base && *base ? base : "/tmp");
	if (!mkdtemp(tmpl))
		die("mkdtemp");
	return tmpl;
}

void fx_rmrf(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *de;

	if (lstat(path, &st) < 0)
		return;
	if (S_ISDIR(st.st_mode) && (d = opendir(path)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			char *sub;
			if (!strcmp(de->d_name, ".") ||
			    !strcmp(de->d_name, ".."))
				continue;
			sub = sunset_path_join(path, de->d_name);
			fx_rmrf(sub);
			free(sub);
		}
		closedir(d);
		chmod(path, 0700);
		rmdir(path);
	} else {
		unlink(path);
	}
}

char *fx_fixture(const char *rel)
{
	const char *base = getenv("SUNSET_FIXTURES");
	return sunset_path_join(base && *base ? base : "fixtures", rel);
}

git_repository *fx_repo_init(const char *path, int bare)
{
	git_repository *repo = NULL;
	git_repository_init_options o;

	git_repository_init_options_init(&o,
					 GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	o.flags = GIT_REPOSITORY_INIT_MKPATH |
		  (bare ? GIT_REPOSITORY_INIT_BARE : 0);
	o.initial_head = "main";
	if (git_repository_init_ext(&repo, path, &o) < 0)
		die("git init");
	return repo;
}

struct fx_tree {
	git_index *index;
	git_repository *repo; /* set at commit time */
	struct pending {
		char *path;
		char *data;
		size_t len;
		unsigned mode;
		git_oid oid; /* submodules, and blobs already written */
		int by_oid;  /* a blob already in the object database */
	} * items;
	size_t count, cap;
};

fx_tree *fx_tree_new(void)
{
	fx_tree *t = sunset_calloc(1, sizeof(*t));
	return t;
}

static void pending_add(fx_tree *t, const char *path, const char *data,
			size_t len, unsigned mode)
{
	fx_tree_remove(t, path);
	t->items = sunset_realloc(t->items, (t->count + 1) * sizeof(*t->items));
	t->cap = t->count + 1;
	t->items[t->count].path = sunset_strdup(path);
	t->items[t->count].data = sunset_malloc(len + 1);
	memcpy(t->items[t->count].data, data, len);
	t->items[t->count].len = len;
	t->items[t->count].mode = mode;
	memset(&t->items[t->count].oid, 0, sizeof(git_oid));
	t->items[t->count].by_oid = 0;
	t->count++;
}

void fx_tree_add_blob(fx_tree *t, const char *path, const git_oid *blob)
{
	struct pending *p;

	if (t->count == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		if (t->cap < t->count + 1)
			t->cap = t->count + 1;
		t->items = sunset_realloc(t->items, t->cap * sizeof(*t->items));
	}
	p = &t->items[t->count++];
	memset(p, 0, sizeof(*p));
	p->path = sunset_strdup(path);
	p->data = sunset_strdup("");
	p->mode = GIT_FILEMODE_BLOB;
	git_oid_cpy(&p->oid, blob);
	p->by_oid = 1;
}

void fx_tree_add(fx_tree *t, const char *path, const char *data, size_t len)
{
	pending_add(t, path, data, len, GIT_FILEMODE_BLOB);
}

void fx_tree_add_link(fx_tree *t, const char *path, const char *target)
{
	pending_add(t, path, target, strlen(target), GIT_FILEMODE_LINK);
}

void fx_tree_add_submodule(fx_tree *t, const char *path, const char *hex)
{
	pending_add(t, path, "", 0, GIT_FILEMODE_COMMIT);
	if (git_oid_fromstr(&t->items[t->count - 1].oid, hex) < 0)
		die("submodule id");
}

void fx_tree_remove(fx_tree *t, const char *path)
{
	for (size_t i = 0; i < t->count; i++) {
		if (strcmp(t->items[i].path, path) != 0)
			continue;
		free(t->items[i].path);
		free(t->items[i].data);
		t->items[i] = t->items[--t->count];
		return;
	}
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	sunset_buf b = SUNSET_BUF_INIT;
	char chunk[8192];
	size_t n;

	if (!f)
		die(path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sunset_buf_put(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return sunset_buf_detach(&b);
}

static void add_dir_rec(fx_tree *t, const char *root, const char *rel)
{
	char *dir = rel ? sunset_path_join(root, rel) : sunset_strdup(root);
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		die(dir);
	while ((de = readdir(d)) != NULL) {
		char *full, *sub;
		struct stat st;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		full = sunset_path_join(dir, de->d_name);
		sub = rel ? sunset_path_join(rel, de->d_name)
			  : sunset_strdup(de->d_name);
		if (lstat(full, &st) < 0)
			die(full);
		if (S_ISDIR(st.st_mode)) {
			add_dir_rec(t, root, sub);
		} else {
			size_t len;
			char *data = read_all(full, &len);
			/* fixture files named dot.X stand for .X (a repo
			 * cannot hold some dot files, e.g. .gitignore, as
			 * plain fixtures without affecting this repo) */
			char *name = sub;
			char *base = strrchr(sub, '/');
			base = base ? base + 1 : sub;
			if (!strncmp(base, "dot.", 4)) {
				name = sunset_asprintf("%.*s.%s",
						       (int)(base - sub), sub,
						       base + 4);
				free(sub);
				sub = name;
			}
			fx_tree_add(t, sub, data, len);
			free(data);
		}
		free(full);
		free(sub);
	}
	closedir(d);
	free(dir);
}

void fx_tree_add_dir(fx_tree *t, const char *fixture_dir)
{
	char *root = fx_fixture(fixture_dir);
	add_dir_rec(t, root, NULL);
	free(root);
}

void fx_tree_free(fx_tree *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->count; i++) {
		free(t->items[i].path);
		free(t->items[i].data);
	}
	free(t->items);
	free(t);
}

void fx_commit(git_oid *out, git_repository *repo, fx_tree *t, const char *ref,
	       const char *message)
{
	git_index *index = NULL;
	git_oid tree_id;
	git_tree *tree = NULL;
	git_signature *sig = NULL;
	git_commit *parent = NULL;
	git_reference *tip = NULL;
	size_t nparents = 0;

	if (git_index_new(&index) < 0)
		die("index");
	for (size_t i = 0; i < t->count; i++) {
		git_index_entry e;
		memset(&e, 0, sizeof(e));
		e.path = t->items[i].path;
		e.mode = t->items[i].mode;
		if (t->items[i].mode == GIT_FILEMODE_COMMIT ||
		    t->items[i].by_oid) {
			git_oid_cpy(&e.id, &t->items[i].oid);
			if (git_index_add(index, &e) < 0)
				die("index add submodule");
		} else if (git_blob_create_from_buffer(&e.id, repo,
						       t->items[i].data,
						       t->items[i].len) < 0 ||
			   git_index_add(index, &e) < 0) {
			die(t->items[i].path);
		}
	}
	if (git_index_write_tree_to(&tree_id, index, repo) < 0 ||
	    git_tree_lookup(&tree, repo, &tree_id) < 0)
		die("write tree");
	if (git_signature_new(&sig, "Fixture", "fixture@example.invalid",
			      1700000000, 0) < 0)
		die("signature");
	if (git_reference_lookup(&tip, repo, ref) == 0) {
		if (git_commit_lookup(&parent, repo,
				      git_reference_target(tip)) < 0)
			die("parent");
		nparents = 1;
	}
	if (git_commit_create(
		    out, repo, ref, sig, sig, NULL, message, tree, nparents,
		    (const git_commit **)(nparents ? &parent : NULL)) < 0)
		die("commit");
	git_reference_free(tip);
	git_commit_free(parent);
	git_signature_free(sig);
	git_tree_free(tree);
	git_index_free(index);
}

void fx_checkout_head(git_repository *repo)
{
	git_checkout_options o;
	git_checkout_options_init(&o, GIT_CHECKOUT_OPTIONS_VERSION);
	o.checkout_strategy = GIT_CHECKOUT_FORCE;
	if (git_checkout_head(repo, &o) < 0)
		die("checkout");
}

void fx_blob_id(git_oid *out, git_repository *repo, const char *rev,
		const char *path)
{
	git_object *obj = NULL;
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;

	if (git_revparse_single(&obj, repo, rev) < 0 ||
	    git_object_peel((git_object **)&tree, obj, GIT_OBJECT_TREE) < 0 ||
	    git_tree_entry_bypath(&e, tree, path) < 0)
		die(path);
	git_oid_cpy(out, git_tree_entry_id(e));
	git_tree_entry_free(e);
	git_tree_free(tree);
	git_object_free(obj);
}

char *fx_loose_path(git_repository *repo, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof(hex), id);
	return sunset_asprintf("%sobjects/%.2s/%s", git_repository_path(repo),
			       hex, hex + 2);
}

void fx_write(const char *root, const char *rel, const char *content)
{
	char *full = sunset_path_join(root, rel);
	char *slash;
	FILE *f;

	mkdir(root, 0755);
	for (slash = strchr(full + strlen(root) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(full, 0755);
		*slash = '/';
	}
	if (!(f = fopen(full, "wb")))
		die(full);
	fputs(content, f);
	fclose(f);
	free(full);
}

/* ---- running the command line ---- */

static sunset_buf run_out = SUNSET_BUF_INIT;
static sunset_buf run_msgs = SUNSET_BUF_INIT;

static const char *signal_after;
static int signal_no;

void fx_signal_after(const char *needle, int signo)
{
	signal_after = needle;
	signal_no = signo;
}

static void capture_msg(sunset_msg_level level, const char *msg, void *p)
{
	(void)p;
	if (signal_after && strstr(msg, signal_after)) {
		sunset_interrupt_set(signal_no);
		signal_after = NULL;
	}
	sunset_buf_printf(&run_msgs, "%s%s\n",
			  level == SUNSET_MSG_ERROR  ? "error: "
			  : level == SUNSET_MSG_WARN ? "warning: "
						     : "",
			  msg);
}

int fx_run_v(const char *const *args)
{
	char **argv;
	int argc = 0, code, saved, fd;
	char tmpl[] = "/tmp/sunset-out-XXXXXX";
	size_t len, n = 0;
	char *data;

	while (args[n])
		n++;
	argv = calloc(n + 2, sizeof(char *));
	argv[argc++] = "sunset";
	for (; *args; args++)
		argv[argc++] = (char *)*args;
	argv[argc] = NULL;

	sunset_buf_clear(&run_out);
	sunset_buf_clear(&run_msgs);
	sunset_buf_puts(&run_out, "");
	sunset_buf_puts(&run_msgs, "");
	if ((fd = mkstemp(tmpl)) < 0)
		die("mkstemp");
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	dup2(fd, STDOUT_FILENO);
	sunset_msg_set_sink(capture_msg, NULL);
	code = sunset_cli_main(argc, argv);
	free(argv);
	sunset_msg_set_sink(NULL, NULL);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(fd);
	data = read_all(tmpl, &len);
	unlink(tmpl);
	sunset_buf_put(&run_out, data, len);
	free(data);
	return code;
}

const char *fx_stdout(void)
{
	return run_out.ptr ? run_out.ptr : "";
}

const char *fx_messages(void)
{
	return run_msgs.ptr ? run_msgs.ptr : "";
}

int fx_stdout_count(const char *needle)
{
	int n = 0;
	const char *line = fx_stdout();

	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char *copy = sunset_strndup(line, len);
		if (strstr(copy, needle))
			n++;
		free(copy);
		line += len + (nl ? 1 : 0);
	}
	return n;
}

const char *fx_list_line(const char *path)
{
	static char *found;
	const char *line = fx_stdout();

	free(found);
	found = NULL;
	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		const char *tab = memchr(line, '\t', len);
		size_t pl = strlen(path);
		if (tab && (size_t)(line + len - tab - 1) > pl &&
		    !strncmp(tab + 1, path, pl) && tab[1 + pl] == '\t') {
			found = sunset_strndup(line, len);
			return found;
		}
		line += len + (nl ? 1 : 0);
	}
	return NULL;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void snapshot_rec(sunset_buf *b, const char *dir, const char *rel)
{
	char *path = rel ? sunset_path_join(dir, rel) : sunset_strdup(dir);
	DIR *d = opendir(path);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;

	if (!d)
		die(path);
	while ((de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		names = sunset_realloc(names, (n + 1) * sizeof(char *));
		names[n++] = sunset_strdup(de->d_name);
	}
	closedir(d);
	if (n) /* names is NULL for an empty directory */
		qsort(names, n, sizeof(char *), name_cmp);
	for (size_t i = 0; i < n; i++) {
		char *sub = rel ? sunset_path_join(rel, names[i])
				: sunset_strdup(names[i]);
		char *full = sunset_path_join(dir, sub);
		struct stat st;
		if (lstat(full, &st) == 0) {
			sunset_buf_printf(b, "%s %lld %lld.%09ld %o\n", sub,
					  (long long)st.st_size,
					  (long long)st.st_mtim.tv_sec,
					  st.st_mtim.tv_nsec, st.st_mode);
			if (S_ISDIR(st.st_mode))
				snapshot_rec(b, dir, sub);
		}
		free(full);
		free(sub);
		free(names[i]);
	}
	free(names);
	free(path);
}

char *fx_snapshot(const char *dir)
{
	sunset_buf b = SUNSET_BUF_INIT;
	snapshot_rec(&b, dir, NULL);
	return sunset_buf_detach(&b);
}

/* ---- facts ---- */

static sunset_buf facts_out = SUNSET_BUF_INIT;

const char *fx_facts(const char *lang_name, const char *src)
{
	sunset_lang lang = sunset_lang_from_name(lang_name);
	sunset_parser *p = sunset_parser_new(0, NULL);
	TSTree *tree = NULL;
	sunset_facts facts;

	if (lang == SUNSET_LANG_UNKNOWN)
		fail_msg("fx_facts: unknown language %s", lang_name);
	if (sunset_lang_has_grammar(lang) &&
	    sunset_parse(&tree, p, lang, src, strlen(src)) < 0)
		fail_msg("fx_facts: cannot parse as %s", lang_name);
	sunset_extract(&facts, lang, src, strlen(src), tree);
	sunset_buf_clear(&facts_out);
	sunset_buf_puts(&facts_out, "");
	sunset_facts_dump(&facts_out, &facts);
	sunset_facts_clear(&facts);
	ts_tree_delete(tree);
	sunset_parser_delete(p);
	return facts_out.ptr;
}

static int has_line(const char *dump, const char *line, size_t len)
{
	const char *p = dump;

	while ((p = strstr(p, "")) && *p) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		if (l == len && !memcmp(p, line, len))
			return 1;
		if (!nl)
			break;
		p = nl + 1;
	}
	return 0;
}

void fx_expect_lines(const char *dump, const char *expected)
{
	const char *p = expected;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len && !has_line(dump, p, len))
			fail_msg("expected the fact\n  %.*s\nin:\n%s", (int)len,
				 p, dump);
		p += len + (nl ? 1 : 0);
	}
}

void fx_expect_absent(const char *dump, const char *needle)
{
	if (strstr(dump, needle))
		fail_msg("did not expect '%s' in:\n%s", needle, dump);
}

void fx_expect_inert(const char *what, const char *text)
{
	if (strchr(text, '\x1b') || strchr(text, '\x07') ||
	    strchr(text, '\r') || strstr(text, "\xe2\x80\xae"))
		fail_msg("%s holds raw terminal controls:\n%s", what, text);
}

char *fx_corpus_org(const char *tmp)
{
	char *corpus = fx_fixture("corpus");
	char *org = sunset_path_join(tmp, "org");
	DIR *d = opendir(corpus);
	struct dirent *de;

	if (!d)
		fail_msg("cannot read %s", corpus);
	while ((de = readdir(d)) != NULL) {
		char *p = sunset_path_join(corpus, de->d_name);
		struct stat st;
		if (de->d_name[0] != '.' && stat(p, &st) == 0 &&
		    S_ISDIR(st.st_mode)) {
			char *rel = sunset_asprintf("corpus/%s", de->d_name);
			char *repo = sunset_path_join(org, de->d_name);
			git_repository *r = fx_repo_init(repo, 1);
			fx_tree *t = fx_tree_new();
			git_oid id;
			fx_tree_add_dir(t, rel);
			fx_commit(&id, r, t, "refs/heads/main", "app");
			fx_tree_free(t);
			git_repository_free(r);
			free(repo);
			free(rel);
		}
		free(p);
	}
	closedir(d);
	free(corpus);
	return org;
}

static void slurp_n(sunset_buf *b, const char *path)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;

	if (!f)
		fail_msg("cannot read %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sunset_buf_put(b, chunk, n);
	fclose(f);
}

void fx_expect_same_file(const char *a, const char *b)
{
	sunset_buf x = SUNSET_BUF_INIT, y = SUNSET_BUF_INIT;

	slurp_n(&x, a);
	slurp_n(&y, b);
	if (x.len != y.len || (x.len && memcmp(x.ptr, y.ptr, x.len)))
		fail_msg("%s (%zu bytes) and %s (%zu bytes) differ", a, x.len,
			 b, y.len);
	sunset_buf_free(&x);
	sunset_buf_free(&y);
}

void fx_copy_file(const char *from, const char *to)
{
	sunset_buf x = SUNSET_BUF_INIT;
	FILE *f;

	slurp_n(&x, from);
	f = fopen(to, "wb");
	if (!f || (x.len && fwrite(x.ptr, 1, x.len, f) != x.len))
		fail_msg("cannot write %s", to);
	fclose(f);
	sunset_buf_free(&x);
}

char *fx_slurp(const char *path)
{
	sunset_buf b = SUNSET_BUF_INIT;

	slurp_n(&b, path);
	return b.ptr ? sunset_buf_detach(&b) : sunset_strdup("");
}

int fx_run_child(const char *const *args, fx_child *c)
{
	const char *bin = getenv("SUNSET_BIN");
	const char *argv[40];
	struct rusage ru;
	size_t n = 0;
	pid_t pid;
	int status;

	if (!bin)
		fail_msg("SUNSET_BIN is not set (make test sets it)");
	argv[n++] = bin;
	while (*args && n < 39)
		argv[n++] = *args++;
	argv[n] = NULL;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		const char *files[2] = {c->out, c->err};
		for (int i = 0; i < 2; i++) {
			int fd = files[i] ? open(files[i],
						 O_WRONLY | O_CREAT | O_TRUNC,
						 0600)
					  : open("/dev/null", O_WRONLY);
			if (fd < 0 || dup2(fd, i + 1) < 0)
				_exit(99);
		}
		if (c->as_limit) {
			struct rlimit rl = {c->as_limit, c->as_limit};
			if (setrlimit(RLIMIT_AS, &rl) < 0)
				_exit(99);
			/* glibc's threads would each try, and fail, to map
			 * an arena of their own on every allocation: seconds
			 * per run */
			setenv("MALLOC_ARENA_MAX", "1", 1);
		}
		if (c->no_leak_check) {
			const char *was = getenv("ASAN_OPTIONS");
			char opts[4096];
			snprintf(opts, sizeof(opts), "%s%sdetect_leaks=0",
				 was ? was : "", was ? ":" : "");
			setenv("ASAN_OPTIONS", opts, 1);
		}
		execv(bin, (char *const *)argv);
		_exit(98);
	}
	assert_int_equal(wait4(pid, &status, 0, &ru), pid);
	c->max_rss_kb = ru.ru_maxrss;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}
