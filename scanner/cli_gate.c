/* cli_gate.c - sunset gate (a pull request's new findings against a
 * policy) and sunset baseline (today's findings, to adopt the gate) */
#include <getopt.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "cli.h"
#include "crawl.h"
#include "gate.h"
#include "gate_report.h"
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
	G_MAX_PARSE_MEMORY
};

/* The content cache for both sides of the gate (and the baseline): on
 * unless --no-cache; NULL path: the default file. */
static int use_cache = 1;
static const char *cache_path;
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

/* Scan one revision (or the work tree) of the repository at `path`.
 * Returns 0, or SUNSET_ERR with the error printed. */
static int scan_one(sunset_scan_result *out, const char *path, const char *rev,
		    int worktree, const sunset_ruleset *rules)
{
	sunset_scan_opts opts;
	const char *paths[1] = {path};
	int error;

	sunset_scan_opts_init(&opts);
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
		       const char *repo, const char *base,
		       const sunset_ruleset *rules)
{
	sunset_buf b = SUNSET_BUF_INIT;
	char *name;
	int error;

	sunset_policy_init(out);
	if (file) {
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
	if (error < 0)
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

	if (!path || !*path)
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
	return fclose(f) == 0 ? 0 : SUNSET_ERR;
}

int sunset_cmd_gate(int argc, char **argv)
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
		{"max-parse-memory", required_argument, NULL,
		 G_MAX_PARSE_MEMORY},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *base = NULL, *head = NULL, *policy_file = NULL;
	const char *baseline_file = NULL, *sarif = NULL, *markdown = NULL;
	const char *rule_paths[32], *path = ".";
	size_t nrule_paths = 0;
	int worktree = 0, all_caps = 0, c, error, code = SUNSET_EXIT_USAGE;
	sunset_policy flags, policy;
	sunset_baseline baseline = {0};
	sunset_ruleset rules;
	sunset_scan_result rb, rh;
	sunset_scores sb, sh;
	sunset_gate g;
	sunset_gate_context ctx;
	char *source = NULL;
	long n;

	use_cache = 1;
	cache_path = NULL;
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
			if (nrule_paths == 32) {
				sunset_policy_clear(&flags);
				return sunset_cli_usage_error(
					"at most 32 --rules%s", "");
			}
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
	    load_policy(&policy, &source, policy_file, path, base, &rules) <
		    0) {
		sunset_policy_clear(&flags);
		sunset_rules_clear(&rules);
		free(source);
		return SUNSET_EXIT_USAGE;
	}
	sunset_policy_merge(&policy, &flags);
	sunset_policy_clear(&flags);
	if (baseline_file && sunset_baseline_read(&baseline, baseline_file) < 0)
		goto done_policy;

	if (scan_one(&rb, path, base, 0, &rules) < 0) {
		sunset_scan_result_clear(&rb);
		goto done_policy;
	}
	if (scan_one(&rh, path, head, worktree, &rules) < 0) {
		sunset_scan_result_clear(&rb);
		sunset_scan_result_clear(&rh);
		goto done_policy;
	}
	sunset_score(&sb, &rb, &rules);
	sunset_score(&sh, &rh, &rules);
	sunset_gate_run(&g, &rb.repos[0], &rh.repos[0],
			baseline_file ? &baseline : NULL, &policy,
			repo_score(&sb), repo_score(&sh), rh.today, all_caps);

	memset(&ctx, 0, sizeof(ctx));
	ctx.repo = path;
	ctx.base_rev = base;
	ctx.base_commit = rb.repos[0].info.commit;
	ctx.head_rev = worktree ? "work tree" : head ? head : "HEAD";
	ctx.head_commit = worktree ? NULL : rh.repos[0].info.commit;
	ctx.policy_source = source;
	ctx.baseline = baseline_file;
	code = g.pass ? SUNSET_EXIT_OK : SUNSET_EXIT_POLICY;

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
	sunset_baseline_clear(&baseline);
	sunset_policy_clear(&policy);
	sunset_rules_clear(&rules);
	free(source);
	return code;
}

int sunset_cmd_baseline(int argc, char **argv)
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
	const char *rule_paths[32], *rev = NULL, *path = ".", *file;
	size_t nrule_paths = 0;
	int worktree = 0, c, error, code = SUNSET_EXIT_OK;
	sunset_ruleset rules;
	sunset_scan_result r;
	sunset_buf out = SUNSET_BUF_INIT;

	use_cache = 1;
	cache_path = NULL;
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
			if (nrule_paths == 32)
				return sunset_cli_usage_error(
					"at most 32 --rules%s", "");
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
	if ((error = sunset_cli_load_rules(&rules, rule_paths, nrule_paths)) !=
	    0)
		return error;
	if (check_repository(path, rev) < 0 ||
	    scan_one(&r, path, rev, worktree, &rules) < 0) {
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
