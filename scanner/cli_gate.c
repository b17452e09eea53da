/* cli_gate.c - sunset gate (a pull request's new findings against a
 * policy) and sunset baseline (today's findings, to adopt the gate) */
#include <getopt.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "cache.h"
#include "cli.h"
#include "crawl.h"
#include "gate.h"
#include "gate_report.h"
#include "outputs.h"
#include "policy.h"
#include "sarif.h"
#include "scan.h"
#include "score.h"
#include "suppress.h"
#include "util.h"

enum {
	G_BASE = 256,
	G_HEAD,
	G_WORKTREE,
	G_POLICY,
	G_BASELINE,
	G_FAIL_ON,
	G_FAIL_ON_SHUTDOWN,
	G_NO_FAIL_ON_SHUTDOWN,
	G_SHUTDOWN_WITHIN,
	G_MAX_SCORE,
	G_MAX_SCORE_INCREASE,
	G_ALLOW,
	G_DENY,
	G_SARIF,
	G_MARKDOWN,
	G_RULES,
	G_ALL_CAPABILITIES,
	G_REV,
	G_CACHE,
	G_NO_CACHE,
	G_TRUST_HEAD,
	G_UNREADABLE,
	G_MAX_FILE_SIZE,
	G_PARSE_TIMEOUT,
	G_MAX_PARSE_MEMORY
};

/* The content cache for both sides of the gate (and the baseline): on
 * unless --no-cache; NULL path: the default file. */
static int use_cache = 1;
static const char *cache_path;
/* --max-file-size and --parse-timeout for both sides; 0: the default */
static unsigned long long max_file_size;
static long parse_timeout_ms = -1;
/* --max-parse-memory, for both sides (and the baseline) */
static unsigned long long max_parse_memory;

static const char gate_usage[] =
	"usage: sunset gate --base REV [--head REV | --worktree] [options] "
	"[PATH]\n"
	"       sunset baseline write FILE [--rev REV | --worktree] "
	"[--rules P]\n"
	"              [--max-parse-memory SIZE] [PATH]\n"
	"\n"
	"Exit 0 when the policy passes, 1 when it fails, 2 on any error, 3 "
	"on an\n"
	"invalid rule file. See 'sunset --help' for every option.\n";

/* PATH must itself be a git repository, holding `rev` when not NULL:
 * the gate compares two trees of one repository. */
static int check_repository(const char *path, const char *rev)
{
	git_repository *repo = NULL;
	git_object *obj = NULL;

	sunset_git_ready();
	if (git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH,
				    NULL) < 0) {
		sunset_errorf("%s is not a git repository (%s); give the "
			      "repository whose revisions to compare",
			      path, sunset_git_error());
		return SUNSET_ERR;
	}
	if (rev && git_revparse_single(&obj, repo, rev) < 0) {
		sunset_errorf("revision '%s' not found in %s (%s); in CI, "
			      "fetch the history the gate compares "
			      "(actions/checkout: fetch-depth: 0; GitLab: "
			      "GIT_DEPTH: 0)",
			      rev, path, sunset_git_error());
		git_repository_free(repo);
		return SUNSET_ERR;
	}
	git_object_free(obj);
	git_repository_free(repo);
	return 0;
}

/* The files the command writes (`w1`, `w2`; NULL or "-": none) and
 * reads (`r1`, `r2`) and the cache: none the same file as another
 * output, none written inside the repository at `path` (but in its work
 * tree when `worktree_ok`). Returns 0, or SUNSET_ERR with the error
 * printed. */
static int check_outputs(const char *path, int worktree_ok, const char *o1,
			 const char *w1, const char *o2, const char *w2,
			 const char *o3, const char *r1, const char *o4,
			 const char *r2, const char **rule_paths, size_t nrules)
{
	sunset_outputs outs = {0};
	char *cache = use_cache ? cache_path ? sunset_strdup(cache_path)
					     : sunset_cache_default_path()
				: NULL;
	int error;

	outs.worktree_ok = worktree_ok;
	sunset_outputs_add(&outs, o1, w1, SUNSET_OUT_REPORT);
	sunset_outputs_add(&outs, o2, w2, SUNSET_OUT_REPORT);
	sunset_outputs_add(&outs, o3, r1, SUNSET_OUT_INPUT);
	sunset_outputs_add(&outs, o4, r2, SUNSET_OUT_INPUT);
	sunset_outputs_add(&outs, "--cache", cache, SUNSET_OUT_CACHE);
	sunset_cli_rules_inputs(&outs, rule_paths, nrules);
	error = sunset_outputs_check(&outs);
	if (!error)
		error = sunset_outputs_check_repo(&outs, path);
	sunset_outputs_clear(&outs);
	free(cache);
	return error;
}

/* Suppression files and baselines are small; a larger one is refused. */
#define TRUSTED_FILE_MAX (16ULL * 1024 * 1024)

/* The file `rel` (repository-relative) at revision `rev`, or in the work
 * tree when `rev` is NULL. Returns 1 when it is there (in `out`), 0 when
 * not, SUNSET_ERR with the error printed. */
static int read_side(sunset_buf *out, const char *repo, const char *rev,
		     const char *rel)
{
	if (rev) {
		int error = sunset_git_read_file(out, repo, rev, rel,
						 TRUSTED_FILE_MAX);
		return error == SUNSET_ENOTFOUND ? 0 : error < 0 ? error : 1;
	} else {
		char *path = sunset_path_join(repo, rel);
		FILE *f = fopen(path, "rb");
		char chunk[8192];
		size_t n;
		free(path);
		if (!f)
			return 0;
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
			sunset_buf_put(out, chunk, n);
			if (out->len > TRUSTED_FILE_MAX) {
				fclose(f);
				sunset_errorf("%s/%s is larger than %llu bytes",
					      repo, rel, TRUSTED_FILE_MAX);
				return SUNSET_ERR;
			}
		}
		fclose(f);
		return 1;
	}
}

static int same_suppression(const sunset_suppression *a,
			    const sunset_suppression *b)
{
	const char *fa[] = {a->fingerprint, a->rule, a->path, a->reason,
			    a->until};
	const char *fb[] = {b->fingerprint, b->rule, b->path, b->reason,
			    b->until};

	for (size_t i = 0; i < sizeof(fa) / sizeof(*fa); i++)
		if ((fa[i] == NULL) != (fb[i] == NULL) ||
		    (fa[i] && strcmp(fa[i], fb[i])))
			return 0;
	return 1;
}

/* What the gate trusts the pull request with. Suppressions and the
 * baseline come from the base revision (the policy always does), so a
 * pull request cannot pass its own gate by rewriting them; with
 * --trust-head (for trusted branches) they come from the head. What the
 * head adds to them is listed for reviewers either way. The
 * .sunsetignore files are those the scans read (the base's is applied
 * to the head), so a repository the content cache answers reads no
 * blob for them. */
typedef struct {
	const char *base_ignore; /* borrowed from the base scan */
	size_t base_ignore_len;
	char *ignore_name;	   /* for messages; NULL with --trust-head */
	sunset_suppressions added; /* head entries the base lacks */
	char *ignore_source;
	sunset_baseline baseline;
	char *baseline_source;
	size_t baseline_added;
} trust;

static void trust_clear(trust *t)
{
	free(t->ignore_name);
	for (size_t i = 0; i < t->added.count; i++) {
		sunset_suppression *e = &t->added.items[i];
		free(e->fingerprint);
		free(e->rule);
		free(e->path);
		free(e->reason);
		free(e->until);
	}
	free(t->added.items);
	free(t->ignore_source);
	sunset_baseline_clear(&t->baseline);
	free(t->baseline_source);
	memset(t, 0, sizeof(*t));
}

/* The head's .sunsetignore entries (`head`, NULL: none) that the base's
 * does not have. */
static void added_suppressions(trust *t, const char *head, size_t len)
{
	sunset_suppressions b = {0}, h = {0};

	if (!head)
		return;
	if (t->base_ignore) {
		/* the base's scan warned of what is wrong in it */
		sunset_msg_mute(1);
		sunset_suppressions_parse(&b, "base", t->base_ignore,
					  t->base_ignore_len);
		sunset_msg_mute(0);
	}
	sunset_suppressions_parse(&h, SUNSET_IGNORE_FILE, head, len);
	for (size_t i = 0; i < h.count; i++) {
		int known = 0;
		for (size_t k = 0; k < b.count && !known; k++)
			known = same_suppression(&h.items[i], &b.items[k]);
		if (known)
			continue;
		t->added.items = sunset_realloc(
			t->added.items,
			(t->added.count + 1) * sizeof(*t->added.items));
		t->added.items[t->added.count++] = h.items[i];
		memset(&h.items[i], 0, sizeof(h.items[i]));
	}
	sunset_suppressions_clear(&b);
	sunset_suppressions_clear(&h);
}

/* The suppressions the head is judged with: the base's, read by the
 * base's scan (`base`), unless `trust_head`. */
static void trust_ignore(trust *t, const char *repo, const char *base_rev,
			 const sunset_repo_result *base, int trust_head)
{
	const sunset_file_rec *rec = NULL;

	/* the base's, to tell what the head adds, in either case */
	t->base_ignore = base->ignore;
	t->base_ignore_len = base->ignore_len;
	for (size_t i = 0; i < base->nfiles && !rec; i++)
		if (!strcmp(base->files[i].path, SUNSET_IGNORE_FILE))
			rec = &base->files[i];
	if (trust_head) {
		t->ignore_source = sunset_strdup(
			".sunsetignore of the head (--trust-head)");
		return;
	}
	t->ignore_name =
		sunset_asprintf("%s@%s:%s", repo, base_rev, SUNSET_IGNORE_FILE);
	if (base->ignore)
		t->ignore_source =
			sunset_strdup(".sunsetignore at the base revision");
	else if (rec)
		/* none applies: stricter, never looser */
		t->ignore_source = sunset_asprintf(
			"none: .sunsetignore at the base revision could not be "
			"read (%s)",
			sunset_skip_name(rec->skip));
	else
		t->ignore_source = sunset_strdup(
			"none (no .sunsetignore at the base revision)");
}

/* The baseline as the gate trusts it: one in the repository's work tree
 * is the pull request's to change, so the base revision's copy is read
 * (and what the head's adds is counted); one elsewhere is the CI's own.
 * `head`: the head revision, NULL for the work tree. Returns 0, or
 * SUNSET_ERR with the error printed. */
static int trust_baseline(trust *t, const char *repo, const char *base,
			  const char *head, int trust_head,
			  const char *baseline_file)
{
	sunset_buf b = SUNSET_BUF_INIT, h = SUNSET_BUF_INIT;
	sunset_baseline hb = {0};
	char *rel, *name;
	int found, error = 0;

	rel = sunset_repo_relative(repo, baseline_file);
	if (!rel || trust_head) {
		t->baseline_source = sunset_strdup(
			trust_head ? "the file (--trust-head)"
				   : "the file (outside the repository)");
		error = sunset_baseline_read(&t->baseline, baseline_file);
		if (!error && rel && read_side(&b, repo, base, rel) == 1) {
			/* what the trusted head adds to the base's */
			sunset_baseline bb = {0};
			sunset_msg_mute(1);
			if (sunset_baseline_parse(&bb, rel, b.ptr ? b.ptr : "",
						  b.len) == 0)
				for (size_t i = 0; i < t->baseline.count; i++)
					t->baseline_added +=
						!sunset_baseline_has(
							&bb,
							t->baseline.fingerprints
								[i]);
			sunset_msg_mute(0);
			sunset_baseline_clear(&bb);
		}
		sunset_buf_free(&b);
		free(rel);
		return error;
	}
	name = sunset_asprintf("%s@%s:%s", repo, base, rel);
	found = read_side(&b, repo, base, rel);
	if (found == 0)
		sunset_errorf("baseline %s is not in the base revision %s: the "
			      "gate reads a baseline in the repository from "
			      "the base, so that a pull request cannot change "
			      "its own; commit it to the base branch first "
			      "(or, on a trusted branch, give --trust-head)",
			      baseline_file, base);
	if (found <= 0 || sunset_baseline_parse(&t->baseline, name,
						b.ptr ? b.ptr : "", b.len) < 0)
		error = SUNSET_ERR;
	/* what the head's copy adds, for reviewers */
	if (!error && read_side(&h, repo, head, rel) == 1) {
		sunset_msg_mute(1);
		if (sunset_baseline_parse(&hb, rel, h.ptr ? h.ptr : "",
					  h.len) == 0)
			for (size_t i = 0; i < hb.count; i++)
				t->baseline_added += !sunset_baseline_has(
					&t->baseline, hb.fingerprints[i]);
		sunset_msg_mute(0);
	}
	t->baseline_source = sunset_strdup("the base revision");
	sunset_baseline_clear(&hb);
	sunset_buf_free(&b);
	sunset_buf_free(&h);
	free(name);
	free(rel);
	return error;
}

/* Scan one revision (or the work tree) of the repository at `path`,
 * with the suppressions `t` trusts (NULL: its own) and, for a head, the
 * base it is judged against (`since`; NULL: none). Returns 0, or
 * SUNSET_ERR with the error printed. */
static int scan_one(sunset_scan_result *out, const char *path, const char *rev,
		    int worktree, const sunset_ruleset *rules, const trust *t,
		    const sunset_repo_result *since)
{
	sunset_scan_opts opts;
	const char *paths[1] = {path};
	int error;

	sunset_scan_opts_init(&opts);
	if (max_file_size)
		opts.crawl.max_file_size = max_file_size;
	if (parse_timeout_ms >= 0)
		opts.parse_timeout_ms = (unsigned long)parse_timeout_ms;
	if (since)
		opts.since = since;
	if (t && t->ignore_name) {
		/* the base revision's suppressions, whatever the head's */
		opts.ignore_given = 1;
		opts.ignore = t->base_ignore;
		opts.ignore_len = t->base_ignore_len;
		opts.ignore_name = t->ignore_name;
	}
	opts.crawl.rev = rev;
	opts.crawl.worktree = worktree;
	opts.max_depth = 0;
	opts.rules = rules;
	opts.use_cache = use_cache;
	opts.cache_path = cache_path;
	opts.max_parse_memory = max_parse_memory;
	error = sunset_scan(out, paths, 1, &opts);
	if (error == 0 && out->nrepos != 1)
		error = SUNSET_ERR;
	if (error < 0) {
		sunset_errorf("the gate needs both sides scanned; nothing was "
			      "judged");
		return SUNSET_ERR;
	}
	return 0;
}

static int repo_score(const sunset_scores *s)
{
	for (size_t i = 0; i < s->count; i++)
		if (s->items[i].scope == SUNSET_SCOPE_REPOSITORY)
			return s->items[i].score;
	return -1;
}

/* The policy: .sunset.yaml of the base revision (a pull request cannot
 * loosen its own gate) or --policy FILE, then the flags over it. */
static int load_policy(sunset_policy *out, char **source, const char *file,
		       const char *repo, const char *base, int trust_head,
		       const sunset_ruleset *rules)
{
	sunset_buf b = SUNSET_BUF_INIT;
	char *name, *rel = NULL;
	int error;

	sunset_policy_init(out);
	/* a policy file in the work tree is the pull request's to change:
	 * the base revision's copy is read */
	if (file && !trust_head)
		rel = sunset_repo_relative(repo, file);
	if (rel) {
		error = sunset_git_read_file(&b, repo, base, rel, 1024 * 1024);
		if (error == SUNSET_ENOTFOUND)
			sunset_errorf("policy %s is not in the base revision "
				      "%s: the gate reads a policy in the "
				      "repository from the base, so that a "
				      "pull request cannot loosen its own; "
				      "commit it to the base branch first (or, "
				      "on a trusted branch, give --trust-head)",
				      file, base);
		if (error < 0) {
			free(rel);
			sunset_buf_free(&b);
			return SUNSET_ERR;
		}
		name = sunset_asprintf("%s@%s:%s", repo, base, rel);
		*source = sunset_asprintf("--policy %s at the base revision",
					  file);
		free(rel);
	} else if (file) {
		FILE *f = fopen(file, "rb");
		char chunk[8192];
		size_t n;
		if (!f) {
			sunset_errorf("policy %s: cannot read it; give an "
				      "existing --policy file",
				      file);
			return SUNSET_ERR;
		}
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			sunset_buf_put(&b, chunk, n);
		fclose(f);
		name = sunset_strdup(file);
		*source = sunset_asprintf("--policy %s", file);
	} else {
		error = sunset_git_read_file(&b, repo, base, SUNSET_POLICY_FILE,
					     1024 * 1024);
		if (error == SUNSET_ENOTFOUND) {
			*source = sunset_asprintf("defaults: no %s at the base "
						  "revision",
						  SUNSET_POLICY_FILE);
			sunset_buf_free(&b);
			return 0;
		}
		if (error < 0) {
			sunset_buf_free(&b);
			return SUNSET_ERR;
		}
		name = sunset_asprintf("%s@%s:%s", repo, base,
				       SUNSET_POLICY_FILE);
		*source = sunset_asprintf("%s at the base revision",
					  SUNSET_POLICY_FILE);
	}
	error = sunset_policy_parse(out, name, b.ptr ? b.ptr : "", b.len,
				    rules);
	if (error < 0 && error != SUNSET_EINTR)
		sunset_errorf("invalid policy %s: fix the errors above", name);
	free(name);
	sunset_buf_free(&b);
	return error;
}

static int add_id(sunset_strlist *l, const char *id)
{
	l->items = sunset_realloc(l->items, (l->count + 1) * sizeof(char *));
	l->items[l->count++] = sunset_strdup(id);
	return 0;
}

/* The new findings the gate judged, as a scan result of their own for
 * the SARIF writer: shallow copies, freed with free_new_only(). */
static void new_only(sunset_scan_result *out, sunset_repo_result *repo,
		     const sunset_scan_result *head, const sunset_gate *g)
{
	*out = *head;
	*repo = head->repos[0];
	repo->findings.items =
		sunset_calloc(g->count ? g->count : 1, sizeof(sunset_finding));
	repo->findings.count = 0;
	repo->findings.cap = g->count;
	repo->notes = NULL;
	repo->nnotes = 0;
	out->findings = out->suppressed = 0;
	for (size_t i = 0; i < g->count; i++) {
		const sunset_gate_item *it = &g->items[i];
		if (it->status != SUNSET_GATE_NEW || !it->evaluated)
			continue;
		repo->findings.items[repo->findings.count++] = *it->f;
		out->findings++;
		out->suppressed += (size_t)(it->f->suppressed != 0);
	}
	out->repos = repo;
	out->nrepos = 1;
}

static int write_markdown(const char *path, const sunset_buf *md)
{
	if (!strcmp(path, "-")) {
		fputs(md->ptr, stdout);
		return 0;
	}
	return sunset_write_file_atomic(path, md->ptr, md->len);
}

/* GitHub Actions shows what a step appends to $GITHUB_STEP_SUMMARY. */
static int append_step_summary(const sunset_buf *md)
{
	const char *path = getenv("GITHUB_STEP_SUMMARY");
	FILE *f;

	if (!path || !*path || sunset_interrupted())
		return 0;
	f = fopen(path, "ab");
	if (!f || fwrite(md->ptr, 1, md->len, f) != md->len) {
		sunset_errorf("cannot append the summary to "
			      "GITHUB_STEP_SUMMARY (%s)",
			      path);
		if (f)
			fclose(f);
		return SUNSET_ERR;
	}
	if (fclose(f) != 0)
		return SUNSET_ERR;
	sunset_written_add("GITHUB_STEP_SUMMARY");
	return 0;
}

static int gate_with(int argc, char **argv, const char **rule_paths)
{
	static const struct option longopts[] = {
		{"base", required_argument, NULL, G_BASE},
		{"head", required_argument, NULL, G_HEAD},
		{"worktree", no_argument, NULL, G_WORKTREE},
		{"policy", required_argument, NULL, G_POLICY},
		{"baseline", required_argument, NULL, G_BASELINE},
		{"fail-on", required_argument, NULL, G_FAIL_ON},
		{"fail-on-shutdown", no_argument, NULL, G_FAIL_ON_SHUTDOWN},
		{"no-fail-on-shutdown", no_argument, NULL,
		 G_NO_FAIL_ON_SHUTDOWN},
		{"shutdown-within", required_argument, NULL, G_SHUTDOWN_WITHIN},
		{"max-score", required_argument, NULL, G_MAX_SCORE},
		{"max-score-increase", required_argument, NULL,
		 G_MAX_SCORE_INCREASE},
		{"allow", required_argument, NULL, G_ALLOW},
		{"deny", required_argument, NULL, G_DENY},
		{"sarif", required_argument, NULL, G_SARIF},
		{"markdown", required_argument, NULL, G_MARKDOWN},
		{"rules", required_argument, NULL, G_RULES},
		{"all-capabilities", no_argument, NULL, G_ALL_CAPABILITIES},
		{"cache", required_argument, NULL, G_CACHE},
		{"no-cache", no_argument, NULL, G_NO_CACHE},
		{"trust-head", no_argument, NULL, G_TRUST_HEAD},
		{"unreadable-files", required_argument, NULL, G_UNREADABLE},
		{"max-file-size", required_argument, NULL, G_MAX_FILE_SIZE},
		{"parse-timeout", required_argument, NULL, G_PARSE_TIMEOUT},
		{"max-parse-memory", required_argument, NULL,
		 G_MAX_PARSE_MEMORY},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *base = NULL, *head = NULL, *policy_file = NULL;
	const char *baseline_file = NULL, *sarif = NULL, *markdown = NULL;
	const char *path = ".";
	size_t nrule_paths = 0;
	int worktree = 0, all_caps = 0, trust_head = 0, c, error,
	    code = SUNSET_EXIT_USAGE;
	sunset_policy flags, policy;
	trust t;
	sunset_ruleset rules;
	sunset_scan_result rb, rh;
	sunset_scores sb, sh;
	sunset_gate g;
	sunset_gate_context ctx;
	char *source = NULL;
	long n;

	use_cache = 1;
	cache_path = NULL;
	max_file_size = 0;
	parse_timeout_ms = -1;
	memset(&t, 0, sizeof(t));
	max_parse_memory = SUNSET_MAX_PARSE_MEMORY_DEFAULT;
	sunset_policy_init(&flags);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+qh", longopts, NULL)) != -1) {
		switch (c) {
		case G_BASE:
			base = optarg;
			break;
		case G_HEAD:
			head = optarg;
			break;
		case G_WORKTREE:
			worktree = 1;
			break;
		case G_POLICY:
			policy_file = optarg;
			break;
		case G_BASELINE:
			baseline_file = optarg;
			break;
		case G_FAIL_ON: {
			int found = sunset_policy_severity(optarg);
			if (found == -2) {
				sunset_policy_clear(&flags);
				return sunset_cli_usage_error(
					"--fail-on takes info, low, medium, "
					"high, critical or none, not '%s'",
					optarg);
			}
			flags.fail_on_severity = found;
			flags.set |= SUNSET_POLICY_SEVERITY;
			break;
		}
		case G_FAIL_ON_SHUTDOWN:
		case G_NO_FAIL_ON_SHUTDOWN:
			flags.fail_on_shutdown = c == G_FAIL_ON_SHUTDOWN;
			flags.set |= SUNSET_POLICY_SHUTDOWN;
			break;
		case G_SHUTDOWN_WITHIN:
			if (sunset_cli_number(&n, optarg, 0, 36500) < 0) {
				sunset_policy_clear(&flags);
				return sunset_cli_usage_error(
					"--shutdown-within takes days from 0 "
					"to 36500, not '%s'",
					optarg);
			}
			flags.shutdown_within_days = n;
			flags.set |= SUNSET_POLICY_WITHIN;
			break;
		case G_MAX_SCORE:
		case G_MAX_SCORE_INCREASE:
			if (sunset_cli_number(&n, optarg, 0, 100) < 0) {
				sunset_policy_clear(&flags);
				return sunset_cli_usage_error(
					"--max-score and --max-score-increase "
					"take a whole number from 0 to 100, "
					"not '%s'",
					optarg);
			}
			if (c == G_MAX_SCORE) {
				flags.max_score = (int)n;
				flags.set |= SUNSET_POLICY_MAX_SCORE;
			} else {
				flags.max_score_increase = (int)n;
				flags.set |= SUNSET_POLICY_MAX_INCREASE;
			}
			break;
		case G_ALLOW:
			add_id(&flags.allow, optarg);
			flags.set |= SUNSET_POLICY_ALLOW;
			break;
		case G_DENY:
			add_id(&flags.deny, optarg);
			flags.set |= SUNSET_POLICY_DENY;
			break;
		case G_SARIF:
			sarif = optarg;
			break;
		case G_MARKDOWN:
			markdown = optarg;
			break;
		case G_RULES:
			rule_paths[nrule_paths++] = optarg;
			break;
		case G_ALL_CAPABILITIES:
			all_caps = 1;
			break;
		case G_CACHE:
			cache_path = optarg;
			break;
		case G_NO_CACHE:
			use_cache = 0;
			break;
		case G_TRUST_HEAD:
			trust_head = 1;
			break;
		case G_MAX_FILE_SIZE:
			if (sunset_parse_size(&max_file_size, optarg) < 0) {
				sunset_policy_clear(&flags);
				return sunset_cli_usage_error(
					"--max-file-size takes a size such as "
					"2M or 500K, not '%s'",
					optarg);
			}
			break;
		case G_PARSE_TIMEOUT:
			if (sunset_cli_number(&n, optarg, 0, 3600000) < 0) {
				sunset_policy_clear(&flags);
				return sunset_cli_usage_error(
					"--parse-timeout takes milliseconds "
					"from 0 to 3600000, not '%s'",
					optarg);
			}
			parse_timeout_ms = n;
			break;
		case G_UNREADABLE: {
			int found = sunset_policy_unreadable(optarg);
			if (found < 0) {
				sunset_policy_clear(&flags);
				return sunset_cli_usage_error(
					"--unreadable-files takes error or "
					"fail, not '%s'",
					optarg);
			}
			flags.unreadable_fail = found;
			flags.set |= SUNSET_POLICY_UNREADABLE;
			break;
		}
		case G_MAX_PARSE_MEMORY:
			if (sunset_cli_parse_memory(&max_parse_memory, optarg) <
			    0) {
				sunset_policy_clear(&flags);
				return SUNSET_EXIT_USAGE;
			}
			break;
		case 'q':
			sunset_msg_set_quiet(1);
			break;
		case 'h':
			sunset_policy_clear(&flags);
			fputs(gate_usage, stdout);
			return SUNSET_EXIT_OK;
		case ':':
			sunset_policy_clear(&flags);
			return sunset_cli_usage_error("option %s needs a value",
						      argv[optind - 1]);
		default:
			sunset_policy_clear(&flags);
			return sunset_cli_usage_error(
				"gate: unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		path = argv[optind++];
	if (optind < argc || !base || (head && worktree) ||
	    (sarif && markdown && !strcmp(sarif, "-") &&
	     !strcmp(markdown, "-"))) {
		sunset_policy_clear(&flags);
		if (optind < argc)
			return sunset_cli_usage_error(
				"gate compares one repository; '%s' is one "
				"PATH too many",
				argv[optind]);
		if (!base)
			return sunset_cli_usage_error(
				"gate needs --base REV, the revision the pull "
				"request starts from (such as origin/main)%s",
				"");
		if (head)
			return sunset_cli_usage_error(
				"--head and --worktree exclude each other: "
				"the head is a revision or the work tree%s",
				"");
		return sunset_cli_usage_error(
			"--sarif - and --markdown - cannot both use standard "
			"output%s",
			"");
	}
	if (check_outputs(path, 0, "--markdown", markdown, "--sarif", sarif,
			  "--baseline", baseline_file, "--policy", policy_file,
			  rule_paths, nrule_paths) < 0) {
		sunset_policy_clear(&flags);
		return SUNSET_EXIT_USAGE;
	}
	if ((error = sunset_cli_load_rules(&rules, rule_paths, nrule_paths)) !=
	    0) {
		sunset_policy_clear(&flags);
		return error;
	}
	for (int l = 0; l < 2; l++) {
		const sunset_strlist *list = l ? &flags.deny : &flags.allow;
		for (size_t i = 0; i < list->count; i++) {
			char msg[512];
			if (sunset_policy_check_id(msg, sizeof(msg), &rules,
						   list->items[i]) < 0) {
				sunset_errorf("--%s: %s", l ? "deny" : "allow",
					      msg);
				sunset_policy_clear(&flags);
				sunset_rules_clear(&rules);
				return SUNSET_EXIT_USAGE;
			}
		}
	}
	if (check_repository(path, base) < 0 ||
	    (head && check_repository(path, head) < 0) ||
	    load_policy(&policy, &source, policy_file, path, base, trust_head,
			&rules) < 0) {
		sunset_policy_clear(&flags);
		sunset_rules_clear(&rules);
		free(source);
		return SUNSET_EXIT_USAGE;
	}
	sunset_policy_merge(&policy, &flags);
	sunset_policy_clear(&flags);
	if (baseline_file && trust_baseline(&t, path, base,
					    worktree ? NULL
					    : head   ? head
						     : "HEAD",
					    trust_head, baseline_file) < 0)
		goto done_policy;

	if (scan_one(&rb, path, base, 0, &rules, NULL, NULL) < 0) {
		sunset_scan_result_clear(&rb);
		goto done_policy;
	}
	trust_ignore(&t, path, base, &rb.repos[0], trust_head);
	if (scan_one(&rh, path, head, worktree, &rules, &t, &rb.repos[0]) < 0) {
		sunset_scan_result_clear(&rb);
		sunset_scan_result_clear(&rh);
		goto done_policy;
	}
	added_suppressions(&t, rh.repos[0].ignore, rh.repos[0].ignore_len);
	sunset_score(&sb, &rb, &rules);
	sunset_score(&sh, &rh, &rules);
	sunset_gate_run(&g, &rb.repos[0], &rh.repos[0],
			baseline_file ? &t.baseline : NULL, &policy,
			repo_score(&sb), repo_score(&sh), rh.today, all_caps);

	memset(&ctx, 0, sizeof(ctx));
	ctx.repo = path;
	ctx.base_rev = base;
	ctx.base_commit = rb.repos[0].info.commit;
	ctx.head_rev = worktree ? "work tree" : head ? head : "HEAD";
	ctx.head_commit = worktree ? NULL : rh.repos[0].info.commit;
	ctx.policy_source = source;
	ctx.baseline = baseline_file;
	ctx.ignore_source = t.ignore_source;
	ctx.baseline_source = t.baseline_source;
	ctx.added = &t.added;
	ctx.added_applied = trust_head;
	ctx.baseline_added = t.baseline_added;
	ctx.unread_error = !policy.unreadable_fail;
	code = g.pass ? SUNSET_EXIT_OK : SUNSET_EXIT_POLICY;
	if (g.nunread && !policy.unreadable_fail) {
		/* findings nobody could read: no verdict (every output
		 * says so) */
		sunset_errorf("the gate could not read or judge %zu file%s "
			      "the head adds or changes (each is named in the "
			      "verdict), so it "
			      "gives no verdict; fetch missing objects or "
			      "raise the limit named, or set unreadable-files: "
			      "fail to fail the policy instead",
			      g.nunread, g.nunread == 1 ? "" : "s");
		code = SUNSET_EXIT_USAGE;
	}

	if (!(sarif && !strcmp(sarif, "-")) &&
	    !(markdown && !strcmp(markdown, "-")))
		sunset_gate_print(stdout, &g, &policy, &ctx);
	fflush(stdout);
	if (markdown || getenv("GITHUB_STEP_SUMMARY")) {
		sunset_buf md = SUNSET_BUF_INIT;
		sunset_gate_markdown(&md, &g, &policy, &ctx);
		if (markdown && write_markdown(markdown, &md) < 0)
			code = SUNSET_EXIT_USAGE;
		else if (markdown && strcmp(markdown, "-"))
			sunset_infof("summary: %s (Markdown)", markdown);
		if (append_step_summary(&md) < 0)
			code = SUNSET_EXIT_USAGE;
		sunset_buf_free(&md);
	}
	if (sarif) {
		sunset_scan_result nr;
		sunset_repo_result repo;
		new_only(&nr, &repo, &rh, &g);
		if (sunset_sarif_write(sarif, &nr, &sh, all_caps) < 0)
			code = SUNSET_EXIT_USAGE;
		else if (strcmp(sarif, "-"))
			sunset_infof("new findings: %s (SARIF)", sarif);
		free(repo.findings.items);
	}
	sunset_gate_clear(&g);
	sunset_scores_clear(&sb);
	sunset_scores_clear(&sh);
	sunset_scan_result_clear(&rb);
	sunset_scan_result_clear(&rh);
done_policy:
	trust_clear(&t);
	sunset_policy_clear(&policy);
	sunset_rules_clear(&rules);
	free(source);
	return code;
}

int sunset_cmd_gate(int argc, char **argv)
{
	const char **rule_paths = sunset_cli_arg_slots(argc);
	int code = gate_with(argc, argv, rule_paths);

	free(rule_paths);
	return code;
}

static int baseline_with(int argc, char **argv, const char **rule_paths)
{
	static const struct option longopts[] = {
		{"rev", required_argument, NULL, G_REV},
		{"worktree", no_argument, NULL, G_WORKTREE},
		{"rules", required_argument, NULL, G_RULES},
		{"cache", required_argument, NULL, G_CACHE},
		{"no-cache", no_argument, NULL, G_NO_CACHE},
		{"max-parse-memory", required_argument, NULL,
		 G_MAX_PARSE_MEMORY},
		{"quiet", no_argument, NULL, 'q'},
		{NULL, 0, NULL, 0},
	};
	const char *rev = NULL, *path = ".", *file;
	size_t nrule_paths = 0;
	int worktree = 0, c, error, code = SUNSET_EXIT_OK;
	sunset_ruleset rules;
	sunset_scan_result r;
	sunset_buf out = SUNSET_BUF_INIT;

	use_cache = 1;
	cache_path = NULL;
	max_file_size = 0;
	parse_timeout_ms = -1;
	max_parse_memory = SUNSET_MAX_PARSE_MEMORY_DEFAULT;
	memset(&r, 0, sizeof(r));
	if (argc < 2 || strcmp(argv[1], "write") != 0)
		return sunset_cli_usage_error(
			"baseline takes 'write FILE [--rev REV | --worktree] "
			"[--rules PATH] [PATH]'%s",
			"");
	optind = 0;
	opterr = 0;
	/* options may follow FILE and PATH (GNU getopt moves them) */
	while ((c = getopt_long(argc - 1, argv + 1, "q", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case G_REV:
			rev = optarg;
			break;
		case G_WORKTREE:
			worktree = 1;
			break;
		case G_RULES:
			rule_paths[nrule_paths++] = optarg;
			break;
		case G_CACHE:
			cache_path = optarg;
			break;
		case G_NO_CACHE:
			use_cache = 0;
			break;
		case G_MAX_PARSE_MEMORY:
			if (sunset_cli_parse_memory(&max_parse_memory, optarg) <
			    0)
				return SUNSET_EXIT_USAGE;
			break;
		case 'q':
			sunset_msg_set_quiet(1);
			break;
		case ':':
			return sunset_cli_usage_error("option %s needs a value",
						      argv[optind]);
		default:
			return sunset_cli_usage_error(
				"baseline write: unknown option '%s'",
				argv[optind]);
		}
	}
	/* argv + 1: "write FILE [PATH]" after the options */
	if (optind >= argc - 1)
		return sunset_cli_usage_error(
			"baseline write needs the FILE to write%s", "");
	file = argv[1 + optind++];
	if (optind < argc - 1)
		path = argv[1 + optind++];
	if (optind < argc - 1)
		return sunset_cli_usage_error("baseline write: '%s' is one "
					      "argument too many",
					      argv[1 + optind]);
	if (rev && worktree)
		return sunset_cli_usage_error("--rev and --worktree exclude "
					      "each other%s",
					      "");
	/* the baseline is meant to be committed: it may go in the work
	 * tree, never in the git directory */
	if (check_outputs(path, 1, "baseline write", file, NULL, NULL, NULL,
			  NULL, NULL, NULL, rule_paths, nrule_paths) < 0)
		return SUNSET_EXIT_USAGE;
	if ((error = sunset_cli_load_rules(&rules, rule_paths, nrule_paths)) !=
	    0)
		return error;
	if (check_repository(path, rev) < 0 ||
	    scan_one(&r, path, rev, worktree, &rules, NULL, NULL) < 0) {
		sunset_scan_result_clear(&r);
		sunset_rules_clear(&rules);
		return SUNSET_EXIT_USAGE;
	}
	sunset_baseline_render(&out, &r.repos[0], r.today);
	if (sunset_write_file_atomic(file, out.ptr, out.len) < 0)
		code = SUNSET_EXIT_USAGE;
	else
		sunset_infof("baseline: %s (%zu findings of %s)", file,
			     r.repos[0].findings.count, path);
	sunset_buf_free(&out);
	sunset_scan_result_clear(&r);
	sunset_rules_clear(&rules);
	return code;
}

int sunset_cmd_baseline(int argc, char **argv)
{
	const char **rule_paths = sunset_cli_arg_slots(argc);
	int code = baseline_with(argc, argv, rule_paths);

	free(rule_paths);
	return code;
}
