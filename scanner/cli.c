/* cli.c - the command line: parse arguments, run a command, pick the exit
 * code. main() only calls sunset_cli_main(), so tests run commands in
 * process. */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <getopt.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <sqlite3.h>

#include "cache.h"
#include "crawl.h"
#include "db.h"
#include "facts.h"
#include "cyclonedx.h"
#include "html.h"
#include "json.h"
#include "memory.h"
#include "merge.h"
#include "outputs.h"
#include "sarif.h"
#include "parse.h"
#include "plan.h"
#include "prefilter.h"
#include "rules.h"
#include "ruletest.h"
#include "score.h"
#include "scan.h"
#include "shard.h"
#include "text.h"
#include "util.h"
#include "version.h"

#ifndef SUNSET_TS_RUNTIME_VERSION
#define SUNSET_TS_RUNTIME_VERSION "unknown"
#endif

static const char usage_text[] =
	"usage: sunset <command> [options]\n"
	"\n"
	"Find where code is hard-coupled to AI media vendors.\n"
	"\n"
	"commands:\n"
	"  scan [options] PATH...   scan git repositories (or directories "
	"holding them)\n"
	"  merge OUT.db IN.db...    append the scans of inventories (shards) "
	"to OUT.db\n"
	"  rules check FILE...      validate rule files without scanning\n"
	"  rules list [--rules P]   print every rule: id, vendor, product, "
	"kind, languages\n"
	"  rules literals [--by-rule] [--rules P]\n"
	"                           print the words the prefilter looks for "
	"(a file\n"
	"                           holding none is not parsed)\n"
	"  rules test [--rules P] [PATH...]\n"
	"                           run the rules over annotated fixtures "
	"(default\n"
	"                           fixtures/rules)\n"
	"  plan --vendor ID [--product ID] [--markdown FILE] [--html FILE]\n"
	"       [--rules P] [--rev REV | --worktree] [--max-parse-memory "
	"SIZE] PATH...\n"
	"                           scan, then write the migration plan for "
	"leaving\n"
	"                           a vendor as Markdown and/or a "
	"self-contained\n"
	"                           HTML page (- for stdout; neither option: "
	"Markdown\n"
	"                           on stdout)\n"
	"  report --db FILE [--scan ID] [report options]\n"
	"                           render a stored scan again without "
	"rescanning\n"
	"                           (the latest by default; --list lists "
	"them)\n"
	"  gate --base REV [--head REV | --worktree] [gate options] [PATH]\n"
	"                           a pull request's new findings against a "
	"policy\n"
	"                           (exit 1 when it fails)\n"
	"  baseline write FILE [--rev REV | --worktree] [--rules P]\n"
	"       [--max-parse-memory SIZE] [PATH]\n"
	"                           record today's findings for gate "
	"--baseline\n"
	"  dump [--tree] [--lang L] [--max-file-size SIZE]\n"
	"       [--max-parse-memory SIZE] FILE\n"
	"                           print the facts sunset extracts from a "
	"file\n"
	"                           (and with --tree its syntax tree); a "
	"file over\n"
	"                           SIZE (default 2M) is refused\n"
	"  version                  print versions (also --version)\n"
	"  help                     print this help (also --help)\n"
	"\n"
	"scan options:\n"
	"  --all-capabilities    also print non-media findings (chat, "
	"embeddings,\n"
	"                        transcription), which are always recorded\n"
	"  --rules PATH          a rule file or directory (repeatable; "
	"default: the\n"
	"                        shipped rules/ directory)\n"
	"  --rev REV             scan this revision (default HEAD), read "
	"from the\n"
	"                        object database without a checkout\n"
	"  --worktree            scan the work tree instead (uncommitted "
	"changes\n"
	"                        included, .gitignore honoured)\n"
	"  --max-depth N         how deep to look for repositories below a "
	"PATH\n"
	"                        (default 6)\n"
	"  --max-file-size SIZE  skip larger files without reading them "
	"(default 2M;\n"
	"                        suffixes K, M, G)\n"
	"  --parse-timeout MS    give up parsing one file after MS "
	"milliseconds\n"
	"                        (default 10000; 0: no limit)\n"
	"  --max-parse-memory SIZE\n"
	"                        the memory parses in flight may hold "
	"together;\n"
	"                        a file whose parse alone needs more is "
	"skipped\n"
	"                        (default 1G; 0: no limit)\n"
	"  --cache FILE          keep findings of unchanged files in FILE "
	"(default\n"
	"                        $XDG_CACHE_HOME/sunset/cache.db or "
	"~/.cache/sunset/)\n"
	"  --no-cache            scan every file afresh and write no cache\n"
	"  -j, --jobs N          analyse with N workers (default: one per "
	"core)\n"
	"  --no-prefilter        parse every file whole, also those holding no "
	"word any rule\n"
	"                        needs (slower; the findings are the same)\n"
	"  --repos-from FILE     scan the repositories listed in FILE, one "
	"path per\n"
	"                        line (- for standard input; instead of "
	"PATHs)\n"
	"  --shard K/N           scan only shard K of N (1 <= K <= N) of the "
	"list or\n"
	"                        PATHs: a stable share, by a hash of each "
	"path\n"
	"  --list-files          print every file, tab-separated: repository, "
	"path,\n"
	"                        language, size, blob id, status\n"
	"  --db FILE             append the scan to an SQLite inventory\n"
	"  --html FILE           write a self-contained HTML report\n"
	"  --format FMT          standard output: a short summary by default; "
	"text\n"
	"                        (every finding and score), json (JSON "
	"Lines) or sarif\n"
	"  --json FILE           write findings and scores as JSON Lines (- "
	"for "
	"standard output)\n"
	"  --sarif FILE          write findings as SARIF 2.1.0 for code "
	"scanning (-\n"
	"                        for standard output)\n"
	"  --cyclonedx FILE      write a CycloneDX 1.6 JSON AI bill of "
	"materials\n"
	"                        (- for standard output)\n"
	"  -q, --quiet           print only warnings and errors\n"
	"\n"
	"report options (sunset report --db FILE):\n"
	"  --scan ID             the stored scan to render (default: the "
	"latest)\n"
	"  --list                list the stored scans: number, start, "
	"sunset version,\n"
	"                        repositories, findings, paths\n"
	"  --rules PATH          rules for scans stored before inventory "
	"schema 4\n"
	"                        (later scans keep the rules they ran)\n"
	"  --html, --json, --sarif, --cyclonedx, --format, "
	"--all-capabilities and -q\n"
	"                        as for scan\n"
	"\n"
	"gate options:\n"
	"  --base REV            the revision the change starts from "
	"(required)\n"
	"  --head REV            the revision to judge (default HEAD)\n"
	"  --worktree            judge the work tree instead of a revision\n"
	"  --policy FILE         the policy (default: .sunset.yaml at the "
	"base)\n"
	"  --fail-on SEVERITY    fail on new findings at or above it (default "
	"high;\n"
	"                        none: off)\n"
	"  --fail-on-shutdown, --no-fail-on-shutdown\n"
	"                        fail on new references to discontinued "
	"products or\n"
	"                        ones with a shutdown date (default on)\n"
	"  --shutdown-within DAYS  only shutdown dates this close\n"
	"  --max-score N, --max-score-increase N\n"
	"                        fail above a risk score, or on a rise by more "
	"than N\n"
	"  --allow ID, --deny ID approved and refused vendors or "
	"vendor.products\n"
	"                        (repeatable)\n"
	"  --baseline FILE       findings recorded by 'sunset baseline write' "
	"count as\n"
	"                        existing (one in the repository is read at "
	"the base)\n"
	"  --unreadable-files error|fail\n"
	"                        a changed file the gate cannot read or judge "
	"is an\n"
	"                        error (exit 2, the default) or fails the "
	"policy\n"
	"  --trust-head          read .sunsetignore, and a --baseline or "
	"--policy in the\n"
	"                        repository, from the head (trusted branches "
	"only)\n"
	"  --markdown FILE       the verdict as Markdown (- for stdout; also "
	"appended\n"
	"                        to $GITHUB_STEP_SUMMARY when set)\n"
	"  --sarif FILE          the new findings as SARIF 2.1.0\n"
	"  --rules PATH, --cache FILE, --no-cache, --max-file-size SIZE,\n"
	"  --parse-timeout MS, --max-parse-memory SIZE, --all-capabilities, "
	"-q\n"
	"                        as for scan\n"
	"\n"
	"exit codes: 0 success, 1 a policy failed, 2 usage or I/O error, 3 "
	"invalid rule file\n";

int sunset_cli_usage_error(const char *fmt, const char *arg)
{
	char msg[512];
	snprintf(msg, sizeof(msg), fmt, arg);
	sunset_errorf("%s; run 'sunset --help' for usage", msg);
	return SUNSET_EXIT_USAGE;
}

void sunset_print_version(FILE *out)
{
	char pcre[64] = "";
	uint32_t jit = 0;
	int major, minor, rev;

	git_libgit2_version(&major, &minor, &rev);
	pcre2_config(PCRE2_CONFIG_VERSION, pcre);
	pcre2_config(PCRE2_CONFIG_JIT, &jit);
	fprintf(out, "sunset %s\n", SUNSET_VERSION);
	fprintf(out, "libgit2 %d.%d.%d\n", major, minor, rev);
	fprintf(out, "tree-sitter runtime %s (grammar ABI %d to %d)\n",
		SUNSET_TS_RUNTIME_VERSION,
		TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION,
		TREE_SITTER_LANGUAGE_VERSION);
	fprintf(out, "PCRE2 %s (JIT %s)\n", pcre, jit ? "yes" : "no");
	fprintf(out, "SQLite %s\n", sqlite3_libversion());
	fprintf(out, "libyaml %s\n", yaml_get_version_string());
	for (size_t i = 0; i < sunset_grammar_count(); i++) {
		const sunset_grammar_info *g = sunset_grammar_at(i);
		fprintf(out, "grammar %s: %s %s (ABI %u)\n",
			sunset_lang_name(g->lang), g->package, g->version,
			ts_language_version(g->language()));
	}
}

static void list_file(const sunset_repo_info *repo, const sunset_file_rec *f,
		      const char *data, size_t len, const TSTree *tree,
		      void *payload)
{
	FILE *out = payload;

	(void)data;
	(void)len;
	(void)tree;
	sunset_termf(out, "%s\t%s\t%s\t", repo->path, f->path,
		     sunset_lang_name(f->lang));
	if (f->size >= 0)
		fprintf(out, "%lld\t", f->size);
	else
		fputs("-\t", out);
	fprintf(out, "%s\t", f->blob_id[0] ? f->blob_id : "-");
	if (f->skip == SUNSET_SKIP_NONE)
		fprintf(out, "%s\n",
			f->parse_errors ? "analysed (syntax errors)"
					: "analysed");
	else
		fprintf(out, "skipped: %s\n", sunset_skip_name(f->skip));
}

/* Load the rules named on the command line, or the default directory.
 * Returns 0, or the exit code for an invalid rule file (3) or a missing
 * path (2). */
/* The content cache the next sunset_cli_load_rules() may consult. */
static const char *defer_cache;

void sunset_cli_rules_cache(const char *cache_path)
{
	defer_cache = cache_path;
}

static int cache_knows(const char *hash, void *path)
{
	return sunset_cache_knows_rules(path, hash);
}

int sunset_cli_load_rules(sunset_ruleset *rules, const char **paths, size_t n)
{
	char *dflt = NULL;
	const char *one[1];
	struct stat st;
	int error;

	if (!n) {
		dflt = sunset_rules_default_dir();
		one[0] = dflt;
		paths = one;
		n = 1;
	}
	for (size_t i = 0; i < n; i++)
		if (stat(paths[i], &st) < 0) {
			sunset_errorf("rules %s: %s; give a rule file or "
				      "directory with --rules",
				      paths[i], strerror(errno));
			free(dflt);
			return SUNSET_EXIT_USAGE;
		}
	/* a pack this cache has seen load whole with this build: its
	 * queries and patterns compile when first used, not now */
	if (defer_cache)
		error = sunset_rules_load_if_known(rules, paths, n, cache_knows,
						   (void *)defer_cache, 1);
	else
		error = sunset_rules_load(rules, paths, n);
	free(dflt);
	if (error < 0) {
		sunset_errorf("invalid rule files: fix the errors above");
		return SUNSET_EXIT_RULES;
	}
	return 0;
}

/* A source line for the listing: tabs as spaces (sunset_termf() would
 * show them as \x09). Caller frees. */
static char *untabbed(const char *line)
{
	char *copy = sunset_strdup(line);

	for (char *p = copy; *p; p++)
		if (*p == '\t')
			*p = ' ';
	return copy;
}

/* Print the findings; non-media ones only with `all`. Returns how many
 * were left out. */
static size_t print_findings(FILE *out, const sunset_scan_result *r, int all)
{
	size_t hidden = 0;

	for (size_t i = 0; i < r->nrepos; i++) {
		const sunset_repo_result *repo = &r->repos[i];
		for (size_t k = 0; k < repo->findings.count; k++) {
			const sunset_finding *f = &repo->findings.items[k];
			const sunset_product *p = f->rule->product;
			char *path;
			if (!all &&
			    !sunset_capability_is_media(p->capability)) {
				hidden++;
				continue;
			}
			path = strcmp(repo->info.path, ".")
				       ? sunset_path_join(repo->info.path,
							  f->path)
				       : sunset_strdup(f->path);
			char *snip = untabbed(f->snippet);
			sunset_termf(out, "%s:%u:%u: %s %s [%s/%s, %s, %s",
				     path, f->line, f->col,
				     sunset_severity_name(f->rule->severity),
				     f->rule->id, f->rule->vendor->id, p->id,
				     p->capability,
				     sunset_lifecycle_name(p->lifecycle));
			if (p->shutdown)
				sunset_termf(out, " %s", p->shutdown);
			fputs("]", out);
			if (f->suppressed)
				sunset_termf(out, " suppressed (%s%s%s)",
					     f->suppress_by,
					     f->suppress_reason ? ": " : "",
					     f->suppress_reason
						     ? f->suppress_reason
						     : "");
			if (f->expired)
				sunset_termf(out, " (suppression expired %s)",
					     f->expired);
			sunset_termf(out, "\n    %s\n    %s\n", snip,
				     f->rule->message);
			if (f->dep_name) {
				sunset_termf(out, "    dependency: %s %s %s",
					     f->dep_ecosystem, f->dep_name,
					     f->dep_constraint
						     ? f->dep_constraint
						     : "(no constraint)");
				if (f->dep_resolved)
					sunset_termf(out, ", resolved %s in %s",
						     f->dep_resolved,
						     f->dep_lockfile);
				fputs("\n", out);
			}
			free(snip);
			free(path);
		}
	}
	for (size_t i = 0; i < r->nrepos; i++) {
		const sunset_repo_result *repo = &r->repos[i];
		for (size_t k = 0; k < repo->nnotes; k++) {
			const sunset_dep_note *n = &repo->notes[k];
			if (n->shadow)
				sunset_termf(
					out,
					"%s: shadow dependency: the %s SDK "
					"is imported at %s:%u but declared "
					"in no %s manifest\n",
					repo->info.path, n->vendor->name,
					n->at->path, n->at->line, n->ecosystem);
			else
				sunset_termf(out,
					     "%s: dead dependency: the %s SDK "
					     "is declared at %s:%u (%s) but "
					     "never imported\n",
					     repo->info.path, n->vendor->name,
					     n->at->path, n->at->line,
					     n->ecosystem);
		}
	}
	return hidden;
}

/* Findings of non-media capabilities, which are only counted unless
 * --all-capabilities. */
static size_t count_hidden(const sunset_scan_result *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nrepos; i++)
		for (size_t k = 0; k < r->repos[i].findings.count; k++)
			n += !sunset_capability_is_media(
				r->repos[i]
					.findings.items[k]
					.rule->product->capability);
	return n;
}

/* Where a scan's (or a stored scan's) results go. */
typedef struct {
	const char *db, *html, *json, *sarif, *cyclonedx; /* "-": stdout */
	int all_caps, list;
	int text; /* --format text: every finding, not the summary */
	const char *db_options; /* NULL: not a new scan (no --db write) */
} outputs;

/* --format: what standard output carries. Returns 0, or -1 with the
 * usage error printed. */
static int format_option(outputs *o, const char *arg)
{
	if (!strcmp(arg, "json"))
		o->json = "-";
	else if (!strcmp(arg, "sarif"))
		o->sarif = "-";
	else if (!strcmp(arg, "text"))
		o->text = 1;
	else {
		sunset_cli_usage_error("--format takes text, json or sarif, "
				       "not '%s'",
				       arg);
		return -1;
	}
	return 0;
}

/* At most one report may take standard output. Returns 0 or the usage
 * exit code with the error printed. */
static int check_stdout(const outputs *o)
{
	int n = (o->json && !strcmp(o->json, "-")) +
		(o->sarif && !strcmp(o->sarif, "-")) +
		(o->cyclonedx && !strcmp(o->cyclonedx, "-"));

	if (n > 1)
		return sunset_cli_usage_error(
			"only one report can go to standard output "
			"(--json -, --sarif -, --cyclonedx - and "
			"--format json|sarif); write the others to "
			"files%s",
			"");
	if (n && o->text)
		return sunset_cli_usage_error(
			"--format text prints the findings on "
			"standard output; give the other report a "
			"file%s",
			"");
	return 0;
}

/* The files `o` will write, the inventory (written by a scan, read by
 * `report`: `db`) and the cache (may be NULL), for
 * sunset_outputs_check(). */
void sunset_cli_rules_inputs(sunset_outputs *outs, const char **paths, size_t n)
{
	char *dflt = n ? NULL : sunset_rules_default_dir();

	for (size_t i = 0; i < n; i++)
		sunset_outputs_add(outs, "--rules", paths[i], SUNSET_OUT_INPUT);
	if (dflt)
		sunset_outputs_add(outs, "the rules", dflt, SUNSET_OUT_INPUT);
	free(dflt);
}

static void outputs_of(sunset_outputs *outs, const outputs *o,
		       sunset_out_kind db, const char *cache)
{
	sunset_outputs_add(outs, "--db", o->db, db);
	sunset_outputs_add(outs, "--json", o->json, SUNSET_OUT_REPORT);
	sunset_outputs_add(outs, "--sarif", o->sarif, SUNSET_OUT_REPORT);
	sunset_outputs_add(outs, "--cyclonedx", o->cyclonedx,
			   SUNSET_OUT_REPORT);
	sunset_outputs_add(outs, "--html", o->html, SUNSET_OUT_REPORT);
	sunset_outputs_add(outs, "--cache", cache, SUNSET_OUT_CACHE);
}

/* The text listing and summary, then every report asked for. Returns 0,
 * or SUNSET_ERR when a report could not be written (the error printed;
 * the others are still written). */
static int emit(const outputs *o, const sunset_scan_result *result,
		const sunset_ruleset *rules)
{
	sunset_scores scores;
	size_t hidden = 0;
	char *coverage;
	int error = 0, summary = 0;
	long long scan_id = 0;

	sunset_score(&scores, result, rules);
	/* the inventory first: a reader of standard output that leaves
	 * early (| head) must not cost the scan */
	if (o->db && o->db_options &&
	    sunset_db_write(&scan_id, o->db, result, rules, o->db_options) < 0)
		error = SUNSET_ERR;
	if (sunset_interrupted())
		goto done;
	/* JSON, SARIF or CycloneDX on standard output replaces the text
	 * listing */
	if (!o->list && !(o->json && !strcmp(o->json, "-")) &&
	    !(o->sarif && !strcmp(o->sarif, "-")) &&
	    !(o->cyclonedx && !strcmp(o->cyclonedx, "-"))) {
		if (o->text) {
			hidden = print_findings(stdout, result, o->all_caps);
			sunset_scores_print(stdout, &scores, result);
		} else {
			sunset_scores_summary(stdout, &scores, result,
					      o->all_caps);
			summary = 1;
		}
	}
	fflush(stdout);
	if (!o->all_caps)
		hidden = count_hidden(result);

	coverage = sunset_coverage_line(result);
	sunset_infof("%s", coverage);
	free(coverage);
	sunset_infof("%zu finding%s (%zu suppressed) from %zu rules",
		     result->findings, result->findings == 1 ? "" : "s",
		     result->suppressed, rules->nrules);
	if (hidden)
		sunset_infof("%zu of them not shown: text, embeddings and "
			     "transcription uses of media vendors "
			     "(--all-capabilities shows them)",
			     hidden);
	if (summary && result->findings)
		sunset_infof("--format text lists every finding%s",
			     o->html ? ""
				     : "; --html FILE writes the full report");
	if (result->ruled_out)
		sunset_infof("prefilter: %lu of %lu analysed files hold no "
			     "word a rule needs and were not parsed",
			     result->ruled_out, result->analysed);
	if (result->sliced)
		sunset_infof("prefilter: %lu files parsed in part (%llu KB "
			     "of theirs held nothing a rule needs)",
			     result->sliced, result->left_out / 1024);
	if (result->analysed == 0)
		sunset_warnf("this scan covered nothing: no file was "
			     "analysed (see the skip reasons above)");
	if (scan_id)
		sunset_infof("inventory: %s (scan %lld)", o->db, scan_id);
	/* each report checks for a signal before it is renamed into
	 * place (sunset_write_file_atomic) */
	if (o->json && !sunset_interrupted()) {
		if (sunset_json_write(o->json, result, &scores) < 0)
			error = SUNSET_ERR;
		else if (strcmp(o->json, "-"))
			sunset_infof("findings: %s (JSON Lines)", o->json);
	}
	if (o->sarif && !sunset_interrupted()) {
		if (sunset_sarif_write(o->sarif, result, &scores, o->all_caps) <
		    0)
			error = SUNSET_ERR;
		else if (strcmp(o->sarif, "-"))
			sunset_infof("findings: %s (SARIF)", o->sarif);
	}
	if (o->cyclonedx && !sunset_interrupted()) {
		if (sunset_cyclonedx_write(o->cyclonedx, result) < 0)
			error = SUNSET_ERR;
		else if (strcmp(o->cyclonedx, "-"))
			sunset_infof("AI bill of materials: %s (CycloneDX 1.6)",
				     o->cyclonedx);
	}
	if (o->html && !sunset_interrupted()) {
		if (sunset_html_write(o->html, result, &scores) < 0)
			error = SUNSET_ERR;
		else
			sunset_infof("report: %s", o->html);
	}
done:
	sunset_scores_clear(&scores);
	return error;
}

const char **sunset_cli_arg_slots(int argc)
{
	return sunset_calloc((size_t)argc + 1, sizeof(const char *));
}

static int rules_with(int argc, char **argv, const char **paths,
		      const char **rule_paths)
{
	const char *sub = argc > 1 ? argv[1] : "";
	size_t n = 0;
	sunset_ruleset rules;
	int code, by_rule = 0;

	if (strcmp(sub, "check") && strcmp(sub, "list") &&
	    strcmp(sub, "test") && strcmp(sub, "literals"))
		return sunset_cli_usage_error(
			"rules takes check, list, literals or test, not "
			"'%s'",
			sub);
	if (!strcmp(sub, "check")) {
		if (argc < 3)
			return sunset_cli_usage_error(
				"rules check needs rule FILEs or "
				"directories%s",
				"");
		for (int i = 2; i < argc; i++)
			paths[n++] = argv[i];
		if ((code = sunset_cli_load_rules(&rules, paths, n)) != 0)
			return code;
		printf("%zu rules of %zu vendors are valid\n", rules.nrules,
		       rules.nvendors);
		sunset_rules_clear(&rules);
		return SUNSET_EXIT_OK;
	}
	{
		size_t nr = 0;
		for (int i = 2; i < argc; i++) {
			if (!strcmp(argv[i], "--rules") && i + 1 < argc) {
				rule_paths[nr++] = argv[++i];
			} else if (!strcmp(sub, "literals") &&
				   !strcmp(argv[i], "--by-rule")) {
				by_rule = 1;
			} else if (argv[i][0] == '-') {
				return sunset_cli_usage_error(
					"unknown option '%s'", argv[i]);
			} else if (!strcmp(sub, "test")) {
				paths[n++] = argv[i];
			} else {
				return sunset_cli_usage_error(
					"rules list and rules literals take "
					"no PATH, only --rules: '%s'",
					argv[i]);
			}
		}
		if ((code = sunset_cli_load_rules(&rules, rule_paths, nr)) != 0)
			return code;
	}
	if (!strcmp(sub, "literals")) {
		/* what the prefilter looks for; slow rules are warned of */
		const sunset_prefilter *pf = rules.prefilter;
		const sunset_strlist *l = sunset_prefilter_literals(pf);
		for (size_t i = 0; !by_rule && i < l->count; i++)
			printf("%s\n", l->items[i]);
		for (size_t i = 0; by_rule && i < rules.nrules; i++) {
			sunset_strlist one = {0};
			int ok = sunset_rule_literals(&rules.rules[i], &one);
			printf("%s\t", rules.rules[i].id);
			if (ok < 0)
				printf(rules.rules[i].matcher ==
						       SUNSET_MATCH_PACKAGE
					       ? "(manifests)"
					       : "(none: prefilter patterns or "
						 "slow)");
			for (size_t k = 0; k < one.count; k++) {
				const char *lit = one.items[k];
				int word = lit[0] == SUNSET_WORD;
				printf("%s%s%s", k ? " " : "", lit + word,
				       word ? " (whole word)" : "");
				free(one.items[k]);
			}
			free(one.items);
			printf("\n");
		}
		code = SUNSET_EXIT_OK;
	} else if (!strcmp(sub, "list")) {
		for (size_t i = 0; i < rules.nrules; i++) {
			const sunset_rule *r = &rules.rules[i];
			printf("%s\t%s\t%s\t%s\t", r->id, r->vendor->id,
			       r->product->id, sunset_kind_name(r->kind));
			if (!r->languages) {
				printf("all");
			} else {
				const char *sep = "";
				for (int l = 1; l < SUNSET_LANG__COUNT; l++)
					if (r->languages & (1u << l)) {
						printf("%s%s", sep,
						       sunset_lang_name(
							       (sunset_lang)l));
						sep = ",";
					}
			}
			printf("\n");
		}
		code = SUNSET_EXIT_OK;
	} else {
		int failed;
		if (!n)
			paths[n++] = "fixtures/rules";
		failed = sunset_rules_test(&rules, paths, n, stdout);
		code = failed < 0   ? SUNSET_EXIT_USAGE
		       : failed > 0 ? SUNSET_EXIT_POLICY
				    : SUNSET_EXIT_OK;
	}
	sunset_rules_clear(&rules);
	return code;
}

/* Write `doc` to `path` (- for standard output). Returns an exit code. */
static int cmd_rules(int argc, char **argv)
{
	const char **paths = sunset_cli_arg_slots(argc),
		   **rule_paths = sunset_cli_arg_slots(argc);
	int code = rules_with(argc, argv, paths, rule_paths);

	free(paths);
	free(rule_paths);
	return code;
}

static int plan_write(const char *path, const sunset_buf *doc)
{
	if (!strcmp(path, "-")) {
		fputs(doc->ptr ? doc->ptr : "", stdout);
		return SUNSET_EXIT_OK;
	}
	if (sunset_write_file_atomic(path, doc->ptr ? doc->ptr : "", doc->len) <
	    0)
		return SUNSET_EXIT_USAGE;
	sunset_infof("migration plan: %s", path);
	return SUNSET_EXIT_OK;
}

static int plan_with(int argc, char **argv, const char **paths,
		     const char **rule_paths)
{
	const char *vendor = NULL, *product = NULL, *md_path = NULL,
		   *html_path = NULL;
	size_t nrules = 0, npaths = 0;
	sunset_scan_opts opts;
	sunset_scan_result result;
	sunset_ruleset rules;
	sunset_scores scores;
	sunset_buf md = SUNSET_BUF_INIT, html = SUNSET_BUF_INIT;
	sunset_outputs outs = {0};
	int code = SUNSET_EXIT_OK, error;

	sunset_scan_opts_init(&opts);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int has_value = i + 1 < argc;
		if (!strcmp(a, "--vendor") && has_value)
			vendor = argv[++i];
		else if (!strcmp(a, "--product") && has_value)
			product = argv[++i];
		else if (!strcmp(a, "--markdown") && has_value)
			md_path = argv[++i];
		else if (!strcmp(a, "--html") && has_value)
			html_path = argv[++i];
		else if (!strcmp(a, "--rules") && has_value)
			rule_paths[nrules++] = argv[++i];
		else if (!strcmp(a, "--rev") && has_value)
			opts.crawl.rev = argv[++i];
		else if (!strcmp(a, "--worktree"))
			opts.crawl.worktree = 1;
		else if (!strcmp(a, "--max-parse-memory") && has_value) {
			if (sunset_cli_parse_memory(&opts.max_parse_memory,
						    argv[++i]) < 0)
				return SUNSET_EXIT_USAGE;
		} else if (a[0] == '-')
			return sunset_cli_usage_error(
				"plan: unknown option or missing "
				"value '%s'",
				a);
		else
			paths[npaths++] = argv[i];
	}
	if (!vendor)
		return sunset_cli_usage_error(
			"plan needs --vendor ID (see 'sunset rules "
			"list')%s",
			"");
	if (!npaths)
		return sunset_cli_usage_error("plan needs at least one PATH%s",
					      "");
	if (md_path && html_path && !strcmp(md_path, "-") &&
	    !strcmp(html_path, "-"))
		return sunset_cli_usage_error(
			"plan: only one of --markdown and --html "
			"can write to standard output%s",
			"");
	if (!md_path && !html_path)
		md_path = "-";
	sunset_outputs_add(&outs, "--markdown", md_path, SUNSET_OUT_REPORT);
	sunset_outputs_add(&outs, "--html", html_path, SUNSET_OUT_REPORT);
	sunset_cli_rules_inputs(&outs, rule_paths, nrules);
	if (sunset_outputs_check(&outs) < 0) {
		sunset_outputs_clear(&outs);
		return SUNSET_EXIT_USAGE;
	}
	if ((error = sunset_cli_load_rules(&rules, rule_paths, nrules)) != 0) {
		sunset_outputs_clear(&outs);
		return error;
	}
	opts.rules = &rules;
	opts.outputs = &outs;
	sunset_msg_set_quiet(1);
	error = sunset_scan(&result, paths, npaths, &opts);
	sunset_msg_set_quiet(0);
	sunset_outputs_clear(&outs);
	if (error == SUNSET_ENOTFOUND || error == SUNSET_EREFUSED ||
	    error == SUNSET_EINTR) {
		sunset_scan_result_clear(&result);
		sunset_rules_clear(&rules);
		return SUNSET_EXIT_USAGE;
	}
	if (error < 0)
		code = SUNSET_EXIT_USAGE;
	sunset_score(&scores, &result, &rules);
	if ((md_path && sunset_plan_markdown(&md, &result, &rules, &scores,
					     vendor, product) < 0) ||
	    (html_path && sunset_plan_html(&html, &result, &rules, &scores,
					   vendor, product) < 0)) {
		code = SUNSET_EXIT_USAGE;
	} else {
		if (md_path && plan_write(md_path, &md) != SUNSET_EXIT_OK)
			code = SUNSET_EXIT_USAGE;
		if (html_path && plan_write(html_path, &html) != SUNSET_EXIT_OK)
			code = SUNSET_EXIT_USAGE;
	}
	sunset_buf_free(&md);
	sunset_buf_free(&html);
	sunset_scores_clear(&scores);
	sunset_scan_result_clear(&result);
	sunset_rules_clear(&rules);
	return code;
}

static int cmd_plan(int argc, char **argv)
{
	const char **paths = sunset_cli_arg_slots(argc),
		   **rule_paths = sunset_cli_arg_slots(argc);
	int code = plan_with(argc, argv, paths, rule_paths);

	free(paths);
	free(rule_paths);
	return code;
}

enum {
	OPT_REV = 256,
	OPT_WORKTREE,
	OPT_MAX_DEPTH,
	OPT_MAX_FILE_SIZE,
	OPT_PARSE_TIMEOUT,
	OPT_MAX_PARSE_MEMORY,
	OPT_LIST_FILES,
	OPT_DB,
	OPT_HTML,
	OPT_RULES,
	OPT_ALL_CAPABILITIES,
	OPT_JSON,
	OPT_SARIF,
	OPT_CYCLONEDX,
	OPT_FORMAT,
	OPT_SCAN,
	OPT_LIST,
	OPT_NO_PREFILTER,
	OPT_CACHE,
	OPT_NO_CACHE,
	OPT_REPOS_FROM,
	OPT_SHARD
};

int sunset_cli_parse_memory(unsigned long long *out, const char *arg)
{
	if (sunset_parse_size(out, arg) == 0)
		return 0;
	sunset_cli_usage_error("--max-parse-memory takes a size such as 1G or "
			       "512M (0: no limit), not '%s'",
			       arg);
	return SUNSET_ERR;
}

int sunset_cli_number(long *out, const char *s, long min, long max)
{
	char *end;
	long v;

	if (!s || !*s)
		return SUNSET_ERR;
	v = strtol(s, &end, 10);
	if (*end || v < min || v > max)
		return SUNSET_ERR;
	*out = v;
	return 0;
}

static int scan_with(int argc, char **argv, const char **rule_paths)
{
	static const struct option longopts[] = {
		{"rev", required_argument, NULL, OPT_REV},
		{"worktree", no_argument, NULL, OPT_WORKTREE},
		{"max-depth", required_argument, NULL, OPT_MAX_DEPTH},
		{"max-file-size", required_argument, NULL, OPT_MAX_FILE_SIZE},
		{"parse-timeout", required_argument, NULL, OPT_PARSE_TIMEOUT},
		{"max-parse-memory", required_argument, NULL,
		 OPT_MAX_PARSE_MEMORY},
		{"cache", required_argument, NULL, OPT_CACHE},
		{"no-cache", no_argument, NULL, OPT_NO_CACHE},
		{"no-prefilter", no_argument, NULL, OPT_NO_PREFILTER},
		{"jobs", required_argument, NULL, 'j'},
		{"list-files", no_argument, NULL, OPT_LIST_FILES},
		{"db", required_argument, NULL, OPT_DB},
		{"html", required_argument, NULL, OPT_HTML},
		{"rules", required_argument, NULL, OPT_RULES},
		{"json", required_argument, NULL, OPT_JSON},
		{"sarif", required_argument, NULL, OPT_SARIF},
		{"cyclonedx", required_argument, NULL, OPT_CYCLONEDX},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"all-capabilities", no_argument, NULL, OPT_ALL_CAPABILITIES},
		{"repos-from", required_argument, NULL, OPT_REPOS_FROM},
		{"shard", required_argument, NULL, OPT_SHARD},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	sunset_shard_list shard = {0};
	const char *repos_from = NULL;
	unsigned shard_k = 0, shard_n = 0;
	sunset_scan_opts opts;
	sunset_scan_result result;
	outputs out = {0};
	size_t nrule_paths = 0;
	sunset_ruleset rules;
	sunset_outputs outs = {0};
	int list = 0, c, error, exit_code = SUNSET_EXIT_OK;
	long n;
	char *options, *cpath;

	sunset_scan_opts_init(&opts);
	opts.use_cache = 1;
	optind = 0; /* GNU getopt: start afresh (tests call us repeatedly) */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+qhj:", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_REV:
			if (!*optarg)
				return sunset_cli_usage_error(
					"--rev needs a revision%s", "");
			opts.crawl.rev = optarg;
			break;
		case OPT_WORKTREE:
			opts.crawl.worktree = 1;
			break;
		case OPT_MAX_DEPTH:
			if (sunset_cli_number(&n, optarg, 0, 1000) < 0)
				return sunset_cli_usage_error(
					"--max-depth takes a whole "
					"number from 0 to 1000, not "
					"'%s'",
					optarg);
			opts.max_depth = (int)n;
			break;
		case OPT_MAX_FILE_SIZE:
			if (sunset_parse_size(&opts.crawl.max_file_size,
					      optarg) < 0)
				return sunset_cli_usage_error(
					"--max-file-size takes a "
					"size such as 2M or 500K, "
					"not '%s'",
					optarg);
			break;
		case OPT_PARSE_TIMEOUT:
			if (sunset_cli_number(&n, optarg, 0, 3600000) < 0)
				return sunset_cli_usage_error(
					"--parse-timeout takes "
					"milliseconds from 0 to "
					"3600000, not '%s'",
					optarg);
			opts.parse_timeout_ms = (unsigned long)n;
			break;
		case OPT_MAX_PARSE_MEMORY:
			if (sunset_cli_parse_memory(&opts.max_parse_memory,
						    optarg) < 0)
				return SUNSET_EXIT_USAGE;
			break;
		case OPT_CACHE:
			opts.cache_path = optarg;
			break;
		case OPT_NO_CACHE:
			opts.use_cache = 0;
			break;
		case OPT_NO_PREFILTER:
			opts.no_prefilter = 1;
			break;
		case 'j':
			if (sunset_cli_number(&n, optarg, 1, 256) < 0)
				return sunset_cli_usage_error(
					"-j takes a number of workers from 1 "
					"to 256, not '%s'",
					optarg);
			opts.jobs = (size_t)n;
			break;
		case OPT_LIST_FILES:
			list = 1;
			break;
		case OPT_DB:
			out.db = optarg;
			break;
		case OPT_HTML:
			out.html = optarg;
			break;
		case OPT_JSON:
			out.json = optarg;
			break;
		case OPT_SARIF:
			out.sarif = optarg;
			break;
		case OPT_FORMAT:
			if (format_option(&out, optarg) < 0)
				return SUNSET_EXIT_USAGE;
			break;
		case OPT_CYCLONEDX:
			out.cyclonedx = optarg;
			break;
		case OPT_ALL_CAPABILITIES:
			out.all_caps = 1;
			break;
		case OPT_REPOS_FROM:
			repos_from = optarg;
			break;
		case OPT_SHARD:
			if (sunset_shard_parse(&shard_k, &shard_n, optarg) < 0)
				return sunset_cli_usage_error(
					"--shard takes K/N, shard K of N "
					"with 1 <= K <= N <= 100000 (from "
					"a 0-based index I: $((I + 1))/N), "
					"not '%s'",
					optarg);
			break;
		case OPT_RULES:
			rule_paths[nrule_paths++] = optarg;
			break;
		case 'q':
			sunset_msg_set_quiet(1);
			break;
		case 'h':
			fputs(usage_text, stdout);
			return SUNSET_EXIT_OK;
		case ':':
			return sunset_cli_usage_error("option %s needs a value",
						      argv[optind - 1]);
		default:
			return sunset_cli_usage_error("unknown option '%s'",
						      argv[optind - 1]);
		}
	}
	if ((error = check_stdout(&out)) != 0)
		return error;
	if (repos_from && optind < argc)
		return sunset_cli_usage_error(
			"--repos-from FILE names every repository to "
			"scan; put '%s' in the list instead of giving PATHs",
			argv[optind]);
	if (optind >= argc && !repos_from)
		return sunset_cli_usage_error(
			"scan needs at least one PATH (a git "
			"repository or a directory holding "
			"repositories)%s",
			"");
	if (opts.crawl.worktree && opts.crawl.rev)
		return sunset_cli_usage_error(
			"--rev and --worktree exclude each other: "
			"the work tree has no revision%s",
			"");
	if (list) {
		opts.on_file = list_file;
		opts.payload = stdout;
	}
	cpath = !opts.use_cache	  ? NULL
		: opts.cache_path ? sunset_strdup(opts.cache_path)
				  : sunset_cache_default_path();
	outputs_of(&outs, &out, SUNSET_OUT_SQLITE, cpath);
	sunset_cli_rules_inputs(&outs, rule_paths, nrule_paths);
	sunset_outputs_add(&outs, "--repos-from", repos_from, SUNSET_OUT_INPUT);
	if (sunset_outputs_check(&outs) < 0) {
		error = SUNSET_EXIT_USAGE;
	} else {
		sunset_cli_rules_cache(cpath);
		error = sunset_cli_load_rules(&rules, rule_paths, nrule_paths);
		sunset_cli_rules_cache(NULL);
	}
	if (error != 0) {
		if (error == SUNSET_EXIT_RULES)
			sunset_errorf("nothing was scanned");
		sunset_outputs_clear(&outs);
		free(cpath);
		return error;
	}
	opts.outputs = &outs;
	if (opts.no_prefilter) {
		/* nor rules skipped for words a file lacks */
		sunset_prefilter_free(rules.prefilter);
		rules.prefilter = NULL;
		rules.prefilter_later = 0;
	}
	opts.rules = &rules;
	/* a progress line on a terminal, unless --quiet */
	opts.progress = isatty(STDERR_FILENO) && !sunset_msg_quiet() && !list;

	/* the list (--repos-from) and the share of it (--shard): shard.h */
	for (int i = optind; i < argc && (repos_from || shard_n); i++)
		sunset_shard_add(&shard, argv[i]);
	if (repos_from && sunset_shard_read_list(&shard, repos_from) < 0) {
		sunset_shard_list_clear(&shard);
		sunset_rules_clear(&rules);
		sunset_outputs_clear(&outs);
		free(cpath);
		return SUNSET_EXIT_USAGE;
	}
	if (shard_n) {
		size_t all = shard.count;
		sunset_shard_select(&shard, shard_k, shard_n);
		sunset_infof("shard %u/%u: %zu of %zu repositories", shard_k,
			     shard_n, shard.count, all);
	}
	if (repos_from && sunset_shard_check(&shard, opts.max_depth))
		exit_code = SUNSET_EXIT_USAGE;
	if (repos_from || shard_n)
		error = sunset_scan(&result, (const char *const *)shard.paths,
				    shard.count, &opts);
	else
		error = sunset_scan(&result, (const char *const *)argv + optind,
				    (size_t)(argc - optind), &opts);
	sunset_shard_record_bad(&result, &shard, opts.crawl.rev,
				opts.crawl.worktree);
	sunset_shard_list_clear(&shard);
	if (error == SUNSET_ENOTFOUND || error == SUNSET_EINTR ||
	    error == SUNSET_EREFUSED) {
		/* nothing read, or interrupted: nothing is written (the exit
		 * code of a signal is set in sunset_cli_main) */
		sunset_scan_result_clear(&result);
		sunset_rules_clear(&rules);
		sunset_outputs_clear(&outs);
		free(cpath);
		return SUNSET_EXIT_USAGE;
	}
	if (error < 0)
		exit_code = SUNSET_EXIT_USAGE;
	options = sunset_asprintf(
		"rev=%s worktree=%d max-file-size=%llu max-depth=%d "
		"parse-timeout=%lu max-parse-memory=%llu",
		opts.crawl.rev ? opts.crawl.rev : "HEAD", opts.crawl.worktree,
		opts.crawl.max_file_size, opts.max_depth, opts.parse_timeout_ms,
		opts.max_parse_memory);
	if (shard_n) {
		char *with = sunset_asprintf("%s shard=%u/%u", options, shard_k,
					     shard_n);
		free(options);
		options = with;
	}
	out.list = list;
	out.db_options = options;
	if (emit(&out, &result, &rules) < 0)
		exit_code = SUNSET_EXIT_USAGE;
	free(options);
	sunset_scan_result_clear(&result);
	sunset_rules_clear(&rules);
	sunset_outputs_clear(&outs);
	free(cpath);
	return exit_code;
}

static int cmd_scan(int argc, char **argv)
{
	const char **rule_paths = sunset_cli_arg_slots(argc);
	int code = scan_with(argc, argv, rule_paths);

	free(rule_paths);
	return code;
}

/* sunset report: render a stored scan again, without rescanning */
static int report_with(int argc, char **argv, const char **rule_paths)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, OPT_DB},
		{"scan", required_argument, NULL, OPT_SCAN},
		{"list", no_argument, NULL, OPT_LIST},
		{"rules", required_argument, NULL, OPT_RULES},
		{"html", required_argument, NULL, OPT_HTML},
		{"json", required_argument, NULL, OPT_JSON},
		{"sarif", required_argument, NULL, OPT_SARIF},
		{"cyclonedx", required_argument, NULL, OPT_CYCLONEDX},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"all-capabilities", no_argument, NULL, OPT_ALL_CAPABILITIES},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	outputs out = {0};
	const char *db = NULL;
	size_t nrule_paths = 0;
	sunset_ruleset rules;
	sunset_scan_result result;
	long long want = 0, id = 0;
	int c, list = 0, stored = 0, error, code = SUNSET_EXIT_OK;
	long n;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+qh", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_DB:
			db = optarg;
			break;
		case OPT_SCAN:
			if (sunset_cli_number(&n, optarg, 1, LONG_MAX) < 0)
				return sunset_cli_usage_error(
					"--scan takes a scan number "
					"('sunset report --db FILE "
					"--list' lists them), not "
					"'%s'",
					optarg);
			want = n;
			break;
		case OPT_LIST:
			list = 1;
			break;
		case OPT_RULES:
			rule_paths[nrule_paths++] = optarg;
			break;
		case OPT_HTML:
			out.html = optarg;
			break;
		case OPT_JSON:
			out.json = optarg;
			break;
		case OPT_SARIF:
			out.sarif = optarg;
			break;
		case OPT_CYCLONEDX:
			out.cyclonedx = optarg;
			break;
		case OPT_FORMAT:
			if (format_option(&out, optarg) < 0)
				return SUNSET_EXIT_USAGE;
			break;
		case OPT_ALL_CAPABILITIES:
			out.all_caps = 1;
			break;
		case 'q':
			sunset_msg_set_quiet(1);
			break;
		case 'h':
			fputs(usage_text, stdout);
			return SUNSET_EXIT_OK;
		case ':':
			return sunset_cli_usage_error("option %s needs a value",
						      argv[optind - 1]);
		default:
			return sunset_cli_usage_error(
				"report: unknown option '%s'",
				argv[optind - 1]);
		}
	}
	if (optind < argc)
		return sunset_cli_usage_error(
			"report reads a stored scan and takes no "
			"PATH ('%s'); to scan, run 'sunset scan'",
			argv[optind]);
	if ((error = check_stdout(&out)) != 0)
		return error;
	if (!db)
		return sunset_cli_usage_error(
			"report needs --db FILE, the inventory a "
			"'sunset scan --db FILE' wrote%s",
			"");
	if (list)
		return sunset_db_list(stdout, db) < 0 ? SUNSET_EXIT_USAGE
						      : SUNSET_EXIT_OK;
	{
		/* no report may overwrite the inventory it renders */
		sunset_outputs outs = {0};
		out.db = db;
		outputs_of(&outs, &out, SUNSET_OUT_INPUT, NULL);
		if (nrule_paths)
			sunset_cli_rules_inputs(&outs, rule_paths, nrule_paths);
		error = sunset_outputs_check(&outs);
		sunset_outputs_clear(&outs);
		if (error < 0)
			return SUNSET_EXIT_USAGE;
	}
	if (sunset_db_stored_rules(&rules, &stored, &id, db, want) < 0)
		return SUNSET_EXIT_USAGE;
	if (stored && nrule_paths)
		sunset_warnf("scan %lld kept the rules it ran with; --rules is "
			     "not used",
			     id);
	if (!stored) {
		if ((error = sunset_cli_load_rules(&rules, rule_paths,
						   nrule_paths)) != 0)
			return error;
		sunset_warnf("scan %lld predates stored rules (inventory "
			     "schema 4): rendering it with the rules in use "
			     "now, whose lifecycle data may differ",
			     id);
	}
	if (sunset_db_read(&result, db, id, &rules) < 0) {
		sunset_rules_clear(&rules);
		return SUNSET_EXIT_USAGE;
	}
	sunset_infof("scan %lld of %s, judged as of %s", id, db, result.today);
	if (emit(&out, &result, &rules) < 0)
		code = SUNSET_EXIT_USAGE;
	sunset_scan_result_clear(&result);
	sunset_rules_clear(&rules);
	return code;
}

static int cmd_report(int argc, char **argv)
{
	const char **rule_paths = sunset_cli_arg_slots(argc);
	int code = report_with(argc, argv, rule_paths);

	free(rule_paths);
	return code;
}

/* sunset merge OUT.db IN.db...: shards into one inventory (merge.h) */
static int cmd_merge(int argc, char **argv)
{
	const char *paths[4096];
	size_t n = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet"))
			sunset_msg_set_quiet(1);
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage_text, stdout);
			return SUNSET_EXIT_OK;
		} else if (argv[i][0] == '-' && argv[i][1])
			return sunset_cli_usage_error(
				"merge: unknown option '%s'", argv[i]);
		else if (n == sizeof(paths) / sizeof(paths[0]))
			return sunset_cli_usage_error(
				"merge takes at most 4095 inventories at "
				"once; merge the rest in a second run%s",
				"");
		else
			paths[n++] = argv[i];
	}
	if (n < 2)
		return sunset_cli_usage_error(
			"merge needs OUT.db and at least one IN.db (the "
			"inventories 'sunset scan --db' wrote)%s",
			"");
	return sunset_merge(NULL, paths[0], paths + 1, n - 1) < 0
		       ? SUNSET_EXIT_USAGE
		       : SUNSET_EXIT_OK;
}

/* Read a whole file from disk (not a repository), for dump: at most
 * `max` bytes, whatever the file is (a device such as /dev/zero never
 * ends). Returns 0, or SUNSET_ERR with the error printed. */
static int read_file(sunset_buf *out, const char *path, unsigned long long max)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	struct stat st;
	size_t n;
	int error = 0;

	if (!f) {
		sunset_errorf("cannot read %s: %s", path, strerror(errno));
		return SUNSET_ERR;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
	    (unsigned long long)st.st_size > max) {
		sunset_errorf("%s is %lld bytes, over the --max-file-size "
			      "limit of %llu; raise --max-file-size to dump "
			      "it",
			      path, (long long)st.st_size, max);
		fclose(f);
		return SUNSET_ERR;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (out->len + n > max) {
			sunset_errorf("%s holds more than the --max-file-size "
				      "limit of %llu bytes (it is no regular "
				      "file, or it grew); raise "
				      "--max-file-size, or dump a copy",
				      path, max);
			error = SUNSET_ERR;
			break;
		}
		sunset_buf_put(out, chunk, n);
	}
	if (!error && ferror(f)) {
		sunset_errorf("cannot read %s: %s", path, strerror(errno));
		error = SUNSET_ERR;
	}
	fclose(f);
	return error;
}

static int cmd_dump(int argc, char **argv)
{
	sunset_buf src = SUNSET_BUF_INIT, out = SUNSET_BUF_INIT;
	sunset_buf raw = SUNSET_BUF_INIT;
	sunset_lang lang = SUNSET_LANG_UNKNOWN;
	sunset_parser *parser = NULL;
	sunset_facts facts;
	TSTree *tree = NULL;
	const char *path = NULL;
	unsigned long long max_size = SUNSET_MAX_FILE_SIZE_DEFAULT;
	unsigned long long max_memory = SUNSET_MAX_PARSE_MEMORY_DEFAULT;
	sunset_parse_pool *memory = NULL;
	int tree_too = 0, code = SUNSET_EXIT_OK;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--tree"))
			tree_too = 1;
		else if (!strcmp(argv[i], "--lang") && i + 1 < argc) {
			lang = sunset_lang_from_name(argv[++i]);
			if (lang == SUNSET_LANG_UNKNOWN)
				return sunset_cli_usage_error(
					"unknown language '%s'", argv[i]);
		} else if (!strcmp(argv[i], "--max-file-size") &&
			   i + 1 < argc) {
			if (sunset_parse_size(&max_size, argv[++i]) < 0)
				return sunset_cli_usage_error(
					"--max-file-size takes a size such "
					"as 2M or 500K, not '%s'",
					argv[i]);
		} else if (!strcmp(argv[i], "--max-parse-memory") &&
			   i + 1 < argc) {
			if (sunset_cli_parse_memory(&max_memory, argv[++i]) < 0)
				return SUNSET_EXIT_USAGE;
		} else if (argv[i][0] == '-' || path)
			return sunset_cli_usage_error(
				"dump takes one FILE and the "
				"options --tree, --lang LANG, "
				"--max-file-size SIZE, --max-parse-memory "
				"SIZE, not '%s'",
				argv[i]);
		else
			path = argv[i];
	}
	if (!path)
		return sunset_cli_usage_error("dump needs a FILE%s", "");
	if (read_file(&raw, path, max_size) < 0) {
		sunset_buf_free(&raw);
		return SUNSET_EXIT_USAGE;
	}
	/* the text as a scan reads it (UTF-16, byte order mark, CR) */
	if (raw.ptr && sunset_text_normalise(&src, raw.ptr, raw.len))
		sunset_buf_free(&raw);
	else
		src = raw;
	if (lang == SUNSET_LANG_UNKNOWN)
		lang = sunset_lang_from_path(path);
	if (lang == SUNSET_LANG_UNKNOWN && src.len)
		lang = sunset_lang_from_shebang(src.ptr, src.len);
	if (lang == SUNSET_LANG_UNKNOWN) {
		sunset_buf_free(&src);
		return sunset_cli_usage_error(
			"cannot tell the language of %s; name it "
			"with --lang",
			path);
	}
	if (sunset_lang_has_grammar(lang)) {
		int rc;
		memory = sunset_parse_pool_new(max_memory);
		parser = sunset_parser_new(0, memory);
		rc = sunset_parse(&tree, parser, lang, src.ptr ? src.ptr : "",
				  src.len);
		if (rc == SUNSET_ETOODEEP)
			sunset_errorf("cannot parse %s: it nests deeper than "
				      "the parser can take",
				      path);
		else if (rc == SUNSET_ETOOWIDE)
			sunset_errorf(
				"cannot parse %s: a syntax node of 65,536 "
				"children or more, more than the "
				"tree-sitter runtime can hold",
				path);
		else if (rc == SUNSET_EMEMORY)
			sunset_errorf(
				"cannot parse %s: it needs more than %llu "
				"bytes of memory; raise "
				"--max-parse-memory",
				path, max_memory);
		if (rc < 0) {
			/* SUNSET_EINTR: sunset_cli_main says why */
			code = SUNSET_EXIT_USAGE;
			goto cleanup;
		}
	}
	if (tree_too && tree) {
		sunset_tree_sexp(&out, ts_tree_root_node(tree),
				 src.ptr ? src.ptr : "", src.len);
		sunset_buf_puts(&out, "\n");
	}
	sunset_extract(&facts, lang, src.ptr ? src.ptr : "", src.len, tree);
	sunset_facts_dump(&out, &facts);
	fputs(out.ptr ? out.ptr : "", stdout);
	sunset_facts_clear(&facts);
cleanup:
	ts_tree_delete(tree);
	sunset_parser_delete(parser);
	sunset_parse_pool_delete(memory);
	sunset_buf_free(&src);
	sunset_buf_free(&out);
	return code;
}

/* Standard output that could not be written (a full disk, a reader
 * that left) is an I/O error: exit 2, never 0. Non-zero when it was,
 * with the error printed. */
static int stdout_failed(void)
{
	int err, failed;
	const char *written;

	errno = 0;
	failed = fflush(stdout) != 0;
	err = failed ? errno : 0; /* an earlier failure's errno is gone */
	if (!failed && !ferror(stdout))
		return 0;
	clearerr(stdout);
	written = sunset_written();
	if (err == EPIPE)
		sunset_errorf("standard output was closed before everything "
			      "was written to it (a reader such as head "
			      "left)%s%s",
			      written ? "; written whole: " : "",
			      written ? written : "");
	else
		sunset_errorf("cannot write standard output%s%s%s%s",
			      err ? ": " : "", err ? strerror(err) : "",
			      written ? "; written whole: " : "",
			      written ? written : "");
	return 1;
}

int sunset_cli_main(int argc, char **argv)
{
	const char *cmd;
	int code;

	if (argc < 2) {
		fputs(usage_text, stderr);
		return SUNSET_EXIT_USAGE;
	}
	sunset_memory_init();
	cmd = argv[1];
	sunset_written_reset();
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
		sunset_print_version(stdout);
		return stdout_failed() ? SUNSET_EXIT_USAGE : SUNSET_EXIT_OK;
	}
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") ||
	    !strcmp(cmd, "help")) {
		fputs(usage_text, stdout);
		return stdout_failed() ? SUNSET_EXIT_USAGE : SUNSET_EXIT_OK;
	}
	if (strcmp(cmd, "scan") && strcmp(cmd, "rules") &&
	    strcmp(cmd, "dump") && strcmp(cmd, "plan") &&
	    strcmp(cmd, "report") && strcmp(cmd, "gate") &&
	    strcmp(cmd, "baseline") && strcmp(cmd, "merge"))
		return sunset_cli_usage_error("unknown command '%s'", cmd);

	sunset_crawl_global_init();
	if (sunset_grammars_check() < 0)
		code = SUNSET_EXIT_USAGE;
	else if (!strcmp(cmd, "dump"))
		code = cmd_dump(argc - 1, argv + 1);
	else if (!strcmp(cmd, "rules"))
		code = cmd_rules(argc - 1, argv + 1);
	else if (!strcmp(cmd, "plan"))
		code = cmd_plan(argc - 1, argv + 1);
	else if (!strcmp(cmd, "report"))
		code = cmd_report(argc - 1, argv + 1);
	else if (!strcmp(cmd, "gate"))
		code = sunset_cmd_gate(argc - 1, argv + 1);
	else if (!strcmp(cmd, "merge"))
		code = cmd_merge(argc - 1, argv + 1);
	else if (!strcmp(cmd, "baseline"))
		code = sunset_cmd_baseline(argc - 1, argv + 1);
	else
		code = cmd_scan(argc - 1, argv + 1);
	sunset_crawl_global_shutdown();
	sunset_msg_set_quiet(0);
	if (sunset_interrupted()) {
		int signo = sunset_interrupted();
		const char *written = sunset_written();
		if (written)
			sunset_errorf("stopped by %s: %s %s written before it "
				      "came, and nothing after; what was "
				      "written is whole",
				      signo == SIGINT ? "SIGINT" : "SIGTERM",
				      written,
				      strchr(written, ',') ? "were" : "was");
		else
			sunset_errorf("stopped by %s: nothing was written; "
				      "an inventory or report there was is "
				      "as it was",
				      signo == SIGINT ? "SIGINT" : "SIGTERM");
		code = 128 + signo;
	}
	if (stdout_failed() && code != 128 + sunset_interrupted())
		code = SUNSET_EXIT_USAGE;
	return code;
}
