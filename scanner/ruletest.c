/* ruletest.c - `sunset rules test`: rules run over annotated fixtures */
#include "ruletest.h"

#include "prefilter.h"
#include "slice.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engine.h"
#include "facts.h"
#include "manifest.h"
#include "parse.h"
#include "text.h"
#include "util.h"

typedef struct {
	uint32_t line;
	char *rule;
	int ok; /* 1: sunset-ok, 0: sunset-expect */
	int met;
} expectation;

typedef struct {
	expectation *items;
	size_t count;
} expectations;

/* Lines holding nothing but an annotation comment are skipped when
 * looking for "the next line"; code before the comment (a trailing
 * annotation) makes it a code line. */
static int annotation_only_line(const sunset_facts *f, const char *src,
				uint32_t line)
{
	for (size_t i = 0; i < f->ncomments; i++) {
		const sunset_comment *c = &f->comments[i];
		uint32_t b;
		if (c->span.line != line ||
		    (!strstr(c->text, "sunset-expect:") &&
		     !strstr(c->text, "sunset-ok:")))
			continue;
		/* from the comment back to the line start: blanks only */
		for (b = c->span.start_byte; b > 0 && src[b - 1] != '\n'; b--)
			if (src[b - 1] != ' ' && src[b - 1] != '\t')
				return 0;
		return 1;
	}
	return 0;
}

static void parse_annotations(expectations *out, const sunset_facts *f,
			      const char *src)
{
	for (size_t i = 0; i < f->ncomments; i++) {
		const sunset_comment *c = &f->comments[i];
		static const char *const marks[] = {"sunset-expect:",
						    "sunset-ok:"};
		for (int m = 0; m < 2; m++) {
			const char *p = strstr(c->text, marks[m]);
			uint32_t target = c->span.end_line + 1, b;
			int trailing = 0;
			if (!p)
				continue;
			/* after code on its line, it is about that line */
			for (b = c->span.start_byte;
			     b > 0 && src[b - 1] != '\n'; b--)
				trailing |=
					src[b - 1] != ' ' && src[b - 1] != '\t';
			if (trailing)
				target = c->span.line;
			while (!trailing &&
			       annotation_only_line(f, src, target))
				target++;
			p += strlen(marks[m]);
			for (;;) {
				size_t n = 0;
				while (*p == ' ' || *p == ',' || *p == '\t')
					p++;
				/* an id starts with a letter or digit: "--"
				 * and prose after the ids end the list */
				if (!isalnum((unsigned char)*p))
					break;
				while (p[n] && (isalnum((unsigned char)p[n]) ||
						strchr(".-_", p[n])))
					n++;
				out->items = sunset_realloc(
					out->items,
					(out->count + 1) * sizeof(expectation));
				out->items[out->count].line = target;
				out->items[out->count].rule =
					sunset_strndup(p, n);
				out->items[out->count].ok = m == 1;
				out->items[out->count].met = 0;
				out->count++;
				p += n;
			}
		}
	}
}

typedef struct {
	const sunset_ruleset *rules;
	FILE *out;
	int passed, failed, files;
	int sliced; /* files also checked parsed in part */
	sunset_parser *parser;
	const sunset_prefilter *prefilter;
} test_ctx;

static int same_finding(const sunset_finding *a, const sunset_finding *b)
{
	return a->rule == b->rule && a->line == b->line && a->col == b->col &&
	       a->end_line == b->end_line && a->end_col == b->end_col &&
	       !strcmp(a->matched, b->matched) &&
	       !strcmp(a->detail ? a->detail : "",
		       b->detail ? b->detail : "") &&
	       a->suppressed == b->suppressed;
}

/* Parsing only the parts of the file that can matter (slice.h), cut as
 * finely as it goes, must find exactly what parsing it whole found. */
static void check_sliced(test_ctx *t, const char *path, sunset_lang lang,
			 const char *data, size_t len,
			 const sunset_findings *whole)
{
	sunset_hits hits = {0};
	sunset_findings cut = {0};
	sunset_facts facts;
	sunset_deps deps;
	sunset_slice_stats st;
	TSTree *tree = NULL;
	unsigned char *seen = sunset_prefilter_seen_new(t->prefilter);

	if (!sunset_lang_has_grammar(lang) ||
	    sunset_prefilter_locate(t->prefilter, path, lang, data, len, seen,
				    &hits) != SUNSET_LOCATE_CUT ||
	    sunset_slice_analyse(&tree, &facts, t->parser, lang, data, len,
				 &hits, 0, &st) < 0)
		goto done;
	t->sliced += st.partial;
	sunset_manifest_read(&deps, path, lang, data, len, tree);
	sunset_engine_file_seen(&cut, t->rules, path, lang, data, len, tree,
				&facts, &deps, seen);
	for (size_t i = 0; i < whole->count || i < cut.count; i++) {
		const sunset_finding *a =
			i < whole->count ? &whole->items[i] : NULL;
		const sunset_finding *b = i < cut.count ? &cut.items[i] : NULL;
		/* one of them is there: the loop's condition */
		const sunset_finding *at = a ? a : b;
		if (a && b && same_finding(a, b))
			continue;
		sunset_termf(
			t->out,
			"%s:%u: parsed in part (%zu bytes left out), sunset "
			"finds %s where parsing it whole finds %s; the file "
			"is cut wrongly (slice.c)\n",
			path, at->line, st.left_out,
			b ? b->rule->id : "nothing",
			a ? a->rule->id : "nothing");
		t->failed++;
		break;
	}
	sunset_findings_clear(&cut);
	sunset_deps_clear(&deps);
	sunset_facts_clear(&facts);
	ts_tree_delete(tree);
done:
	sunset_hits_clear(&hits);
	free(seen);
}

static void test_file(test_ctx *t, const char *path)
{
	sunset_buf src = SUNSET_BUF_INIT;
	sunset_lang lang = sunset_lang_from_path(path);
	TSTree *tree = NULL;
	sunset_facts facts;
	sunset_deps deps;
	sunset_findings found = {0};
	expectations ex = {0};
	const char *data;

	if (sunset_text_read_file(&src, path) < 0) {
		sunset_termf(t->out, "%s: cannot read: %s\n", path,
			     strerror(errno));
		t->failed++;
		return;
	}
	data = src.ptr ? src.ptr : "";
	if (lang == SUNSET_LANG_UNKNOWN)
		lang = sunset_lang_from_shebang(data, src.len);
	if (lang == SUNSET_LANG_UNKNOWN) {
		sunset_buf_free(&src);
		return;
	}
	t->files++;
	if (sunset_lang_has_grammar(lang))
		sunset_parse(&tree, t->parser, lang, data, src.len);
	sunset_extract(&facts, lang, data, src.len, tree);
	sunset_manifest_read(&deps, path, lang, data, src.len, tree);
	sunset_engine_file(&found, t->rules, path, lang, data, src.len, tree,
			   &facts, &deps);
	parse_annotations(&ex, &facts, data);
	/* the prefilter must let through every file a rule matches */
	if (found.count && !sunset_prefilter_candidate(t->prefilter, path, lang,
						       data, src.len)) {
		sunset_termf(
			t->out,
			"%s:%u: %s matches here, but the prefilter would not "
			"parse this file: it holds none of the literals "
			"sunset requires ('sunset rules literals' lists "
			"them); give the rule a 'prefilter' pattern\n",
			path, found.items[0].line, found.items[0].rule->id);
		t->failed++;
	}

	check_sliced(t, path, lang, data, src.len, &found);

	for (size_t i = 0; i < found.count; i++) {
		const sunset_finding *fd = &found.items[i];
		int expected = 0;
		if (fd->suppressed)
			continue;
		for (size_t k = 0; k < ex.count; k++) {
			if (ex.items[k].line != fd->line ||
			    strcmp(ex.items[k].rule, fd->rule->id) != 0)
				continue;
			if (ex.items[k].ok) {
				ex.items[k].met = -1; /* violated */
				sunset_termf(
					t->out,
					"%s:%u: %s found, but sunset-ok says "
					"it must not be\n    %s\n",
					path, fd->line, fd->rule->id,
					fd->snippet);
				t->failed++;
			} else {
				ex.items[k].met = 1;
			}
			expected = 1;
		}
		if (!expected) {
			sunset_termf(
				t->out,
				"%s:%u: unexpected finding of %s (annotate "
				"it with sunset-expect, or fix the rule)\n    "
				"%s\n",
				path, fd->line, fd->rule->id, fd->snippet);
			t->failed++;
		}
	}
	for (size_t k = 0; k < ex.count; k++) {
		int known = 0;
		for (size_t r = 0; r < t->rules->nrules; r++)
			known |= !strcmp(t->rules->rules[r].id,
					 ex.items[k].rule);
		if (!known) {
			sunset_termf(t->out,
				     "%s:%u: annotation names rule %s, "
				     "which no rule file defines\n",
				     path, ex.items[k].line, ex.items[k].rule);
			t->failed++;
		} else if (ex.items[k].ok) {
			/* a violation was counted as a failure above */
			t->passed += ex.items[k].met == 0;
		} else if (ex.items[k].met) {
			t->passed++;
		} else {
			sunset_termf(t->out,
				     "%s:%u: expected a finding of %s, found "
				     "none\n",
				     path, ex.items[k].line, ex.items[k].rule);
			t->failed++;
		}
		free(ex.items[k].rule);
	}
	free(ex.items);
	sunset_findings_clear(&found);
	sunset_deps_clear(&deps);
	sunset_facts_clear(&facts);
	ts_tree_delete(tree);
	sunset_buf_free(&src);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk(test_ctx *t, const char *path, int depth)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;

	if (stat(path, &st) < 0) {
		sunset_errorf("%s: %s; give fixture files or directories", path,
			      strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		test_file(t, path);
		return 0;
	}
	if (depth > 32 || !(d = opendir(path)))
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' &&
		    (!de->d_name[1] || !strcmp(de->d_name, "..")))
			continue;
		names = sunset_realloc(names, (n + 1) * sizeof(char *));
		names[n++] = sunset_path_join(path, de->d_name);
	}
	closedir(d);
	if (n) /* names is NULL then: qsort's base must not be */
		qsort(names, n, sizeof(char *), str_cmp);
	for (size_t i = 0; i < n; i++) {
		walk(t, names[i], depth + 1);
		free(names[i]);
	}
	free(names);
	return 0;
}

int sunset_rules_test(const sunset_ruleset *rules, const char *const *paths,
		      size_t npaths, FILE *out)
{
	test_ctx t = {rules,
		      out,
		      0,
		      0,
		      0,
		      0,
		      sunset_parser_new(10000, NULL),
		      rules->prefilter};
	int error = 0;

	for (size_t i = 0; i < npaths; i++)
		if (walk(&t, paths[i], 0) < 0)
			error = -1;
	sunset_parser_delete(t.parser);
	if (error)
		return -1;
	fprintf(out, "rules test: %d files (%d also parsed in part)\n", t.files,
		t.sliced);
	fprintf(out, "rules: %d passed, %d failed\n", t.passed, t.failed);
	return t.failed;
}
