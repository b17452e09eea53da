/* test_corpus.c - recall and false positives of the shipped rule pack on a
 * corpus of small realistic applications (fixtures/corpus/APP/) against
 * hand-written expectations (fixtures/corpus/APP.expected: PATH:LINE
 * VENDOR KIND). Prints a table per language; fails when a language falls
 * below its floor in fixtures/corpus/baseline.txt. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"
#include "scan.h"
#include "util.h"

/* Language groups the table reports. */
static const char *group_of(const char *path)
{
	switch (sunset_lang_from_path(path)) {
	case SUNSET_LANG_PYTHON:
		return "python";
	case SUNSET_LANG_JAVASCRIPT:
	case SUNSET_LANG_TYPESCRIPT:
	case SUNSET_LANG_TSX:
		return "js/ts";
	case SUNSET_LANG_GO:
		return "go";
	case SUNSET_LANG_JAVA:
	case SUNSET_LANG_KOTLIN:
		return "java/kotlin";
	case SUNSET_LANG_CSHARP:
		return "csharp";
	case SUNSET_LANG_RUBY:
		return "ruby";
	case SUNSET_LANG_PHP:
		return "php";
	case SUNSET_LANG_RUST:
		return "rust";
	default:
		return "config";
	}
}

#define NGROUPS 9
static const char *const groups[NGROUPS] = {"python",	   "js/ts",  "go",
					    "java/kotlin", "csharp", "ruby",
					    "php",	   "rust",   "config"};

typedef struct {
	unsigned expected, found, missed, false_pos;
} tally;

static tally totals[NGROUPS];

static tally *tally_of(const char *path)
{
	const char *g = group_of(path);
	for (int i = 0; i < NGROUPS; i++)
		if (!strcmp(groups[i], g))
			return &totals[i];
	return &totals[NGROUPS - 1];
}

typedef struct {
	char *path;
	unsigned line;
	char vendor[64], kind[32];
	int hit;
} expectation;

static size_t read_expected(expectation **out, const char *file)
{
	FILE *f = fopen(file, "r");
	char line[1024];
	size_t n = 0;

	*out = NULL;
	if (!f)
		fail_msg("cannot read %s", file);
	while (fgets(line, sizeof(line), f)) {
		char path[512];
		expectation e;
		memset(&e, 0, sizeof(e));
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "%511[^:]:%u %63s %31s", path, &e.line,
			   e.vendor, e.kind) != 4)
			fail_msg("%s: malformed line: %s", file, line);
		e.path = sunset_strdup(path);
		*out = sunset_realloc(*out, (n + 1) * sizeof(e));
		(*out)[n++] = e;
	}
	fclose(f);
	return n;
}

static sunset_buf report = SUNSET_BUF_INIT;

/* One app: build its repository, scan it with the shipped rules, compare
 * (path, line, vendor, kind) both ways. */
static void run_app(const char *corpus, const char *app, const char *rules_dir)
{
	char *dir = sunset_asprintf("corpus/%s", app);
	char *exp_file = sunset_asprintf("%s/%s.expected", corpus, app);
	char *tmp = fx_tmpdir(), *repo = sunset_path_join(tmp, app);
	git_repository *r = fx_repo_init(repo, 1);
	fx_tree *t = fx_tree_new();
	sunset_ruleset rules;
	sunset_scan_opts opts;
	sunset_scan_result result;
	const char *rule_paths[] = {rules_dir};
	const char *paths[] = {repo};
	expectation *ex;
	size_t nex = read_expected(&ex, exp_file);
	git_oid id;

	fx_tree_add_dir(t, dir);
	fx_commit(&id, r, t, "refs/heads/main", app);
	assert_int_equal(sunset_rules_load(&rules, rule_paths, 1), 0);
	sunset_scan_opts_init(&opts);
	opts.rules = &rules;
	sunset_msg_set_quiet(1);
	assert_int_equal(sunset_scan(&result, paths, 1, &opts), 0);
	sunset_msg_set_quiet(0);

	for (size_t i = 0; i < nex; i++)
		tally_of(ex[i].path)->expected++;
	for (size_t k = 0; k < result.repos[0].findings.count; k++) {
		const sunset_finding *f = &result.repos[0].findings.items[k];
		const char *kind = sunset_kind_name(f->rule->kind);
		int matched = 0, dup = 0;
		/* outside the corpus' scope (fixtures/corpus/README.md):
		 * config findings (auth header names, version headers,
		 * base-URL settings) and non-media calls (chat) */
		if (f->rule->kind == SUNSET_KIND_CONFIG ||
		    (f->rule->kind == SUNSET_KIND_CALL &&
		     !sunset_capability_is_media(f->rule->product->capability)))
			continue;
		/* several rules of one vendor and kind on one line count once */
		for (size_t j = 0; j < k; j++) {
			const sunset_finding *g =
				&result.repos[0].findings.items[j];
			dup |= g->line == f->line &&
			       !strcmp(g->path, f->path) &&
			       g->rule->vendor == f->rule->vendor &&
			       g->rule->kind == f->rule->kind;
		}
		if (dup)
			continue;
		for (size_t i = 0; i < nex; i++)
			if (ex[i].line == f->line &&
			    !strcmp(ex[i].path, f->path) &&
			    !strcmp(ex[i].vendor, f->rule->vendor->id) &&
			    !strcmp(ex[i].kind, kind)) {
				ex[i].hit = 1;
				matched = 1;
			}
		if (!matched) {
			tally_of(f->path)->false_pos++;
			sunset_buf_printf(
				&report,
				"  false positive %s/%s:%u %s %s (%s)\n", app,
				f->path, f->line, f->rule->vendor->id, kind,
				f->rule->id);
		}
	}
	for (size_t i = 0; i < nex; i++) {
		if (ex[i].hit) {
			tally_of(ex[i].path)->found++;
		} else {
			tally_of(ex[i].path)->missed++;
			sunset_buf_printf(&report, "  missed %s/%s:%u %s %s\n",
					  app, ex[i].path, ex[i].line,
					  ex[i].vendor, ex[i].kind);
		}
		free(ex[i].path);
	}
	free(ex);
	sunset_scan_result_clear(&result);
	sunset_rules_clear(&rules);
	fx_tree_free(t);
	git_repository_free(r);
	fx_rmrf(tmp);
	free(tmp);
	free(repo);
	free(dir);
	free(exp_file);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* baseline.txt: "GROUP MIN_RECALL_PERCENT MAX_FALSE_POSITIVES" */
static void check_baseline(const char *corpus)
{
	char *file = sunset_path_join(corpus, "baseline.txt");
	FILE *f = fopen(file, "r");
	char line[256];
	int failed = 0;

	if (!f)
		fail_msg("cannot read %s", file);
	while (fgets(line, sizeof(line), f)) {
		char group[32];
		unsigned recall_min, fp_max;
		if (line[0] == '#' || sscanf(line, "%31s %u %u", group,
					     &recall_min, &fp_max) != 3)
			continue;
		for (int i = 0; i < NGROUPS; i++) {
			tally *t = &totals[i];
			unsigned recall;
			if (strcmp(groups[i], group) || !t->expected)
				continue;
			recall = 100 * t->found / t->expected;
			if (recall < recall_min || t->false_pos > fp_max) {
				printf("corpus: %s below its floor: recall "
				       "%u%% "
				       "(floor %u%%), %u false positives (at "
				       "most %u)\n",
				       group, recall, recall_min, t->false_pos,
				       fp_max);
				failed = 1;
			}
		}
	}
	fclose(f);
	free(file);
	if (failed)
		fail_msg("the corpus fell below fixtures/corpus/baseline.txt");
}

static void test_corpus_recall_and_false_positives(void **state)
{
	char *corpus = fx_fixture("corpus");
	char *rules_dir = fx_fixture("../rules/vendors");
	DIR *d = opendir(corpus);
	struct dirent *de;
	char **apps = NULL;
	size_t napps = 0;
	unsigned all_exp = 0, all_found = 0, all_fp = 0;

	(void)state;
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		char *p = sunset_path_join(corpus, de->d_name);
		char *e = sunset_asprintf("%s.expected", p);
		struct stat st;
		if (de->d_name[0] != '.' && stat(p, &st) == 0 &&
		    S_ISDIR(st.st_mode) && stat(e, &st) == 0) {
			apps = sunset_realloc(apps,
					      (napps + 1) * sizeof(char *));
			apps[napps++] = sunset_strdup(de->d_name);
		}
		free(p);
		free(e);
	}
	closedir(d);
	assert_true(napps > 0);
	assert_non_null(apps);
	qsort(apps, napps, sizeof(char *), str_cmp);
	for (size_t i = 0; i < napps; i++)
		run_app(corpus, apps[i], rules_dir);

	printf("corpus: %zu applications\n", napps);
	printf("corpus: %-12s %8s %6s %7s %6s %7s\n", "language", "expected",
	       "found", "missed", "false+", "recall");
	for (int i = 0; i < NGROUPS; i++) {
		tally *t = &totals[i];
		if (!t->expected && !t->false_pos)
			continue;
		printf("corpus: %-12s %8u %6u %7u %6u %6.1f%%\n", groups[i],
		       t->expected, t->found, t->missed, t->false_pos,
		       t->expected ? 100.0 * t->found / t->expected : 100.0);
		all_exp += t->expected;
		all_found += t->found;
		all_fp += t->false_pos;
	}
	printf("corpus: %-12s %8u %6u %7u %6u %6.1f%%\n", "all", all_exp,
	       all_found, all_exp - all_found, all_fp,
	       all_exp ? 100.0 * all_found / all_exp : 100.0);
	if (report.len)
		printf("corpus: details\n%s", report.ptr);
	check_baseline(corpus);
	for (size_t i = 0; i < napps; i++)
		free(apps[i]);
	free(apps);
	free(corpus);
	free(rules_dir);
	sunset_buf_free(&report);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_recall_and_false_positives),
	};
	int rc;

	git_libgit2_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	git_libgit2_shutdown();
	return rc;
}
