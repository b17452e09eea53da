/* test_rulepack.c - the shipped rule pack as a whole: it loads, it covers
 * enough vendors, every alternative names a product that exists, and
 * every rule has fixtures that must match and fixtures that must not */
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
#include "rules.h"
#include "util.h"

static sunset_ruleset pack;
static sunset_buf annotations = SUNSET_BUF_INIT; /* every annotation line */

static void slurp_annotations(const char *path, int depth)
{
	struct stat st;
	DIR *d;
	struct dirent *de;

	if (depth > 16 || stat(path, &st) < 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		if (!(d = opendir(path)))
			return;
		while ((de = readdir(d)) != NULL) {
			char *sub;
			if (!strcmp(de->d_name, ".") ||
			    !strcmp(de->d_name, ".."))
				continue;
			sub = sunset_path_join(path, de->d_name);
			slurp_annotations(sub, depth + 1);
			free(sub);
		}
		closedir(d);
		return;
	}
	{
		FILE *f = fopen(path, "r");
		char line[4096];
		if (!f)
			return;
		while (fgets(line, sizeof(line), f))
			if (strstr(line, "sunset-expect:") ||
			    strstr(line, "sunset-ok:"))
				sunset_buf_puts(&annotations, line);
		fclose(f);
	}
}

static int setup(void **state)
{
	char *dir = fx_fixture("../rules/vendors");
	char *fx = fx_fixture("rules");
	const char *paths[] = {dir};
	int rc;

	(void)state;
	git_libgit2_init();
	rc = sunset_rules_load(&pack, paths, 1);
	slurp_annotations(fx, 0);
	free(dir);
	free(fx);
	return rc;
}

static int teardown(void **state)
{
	(void)state;
	sunset_rules_clear(&pack);
	sunset_buf_free(&annotations);
	git_libgit2_shutdown();
	return 0;
}

static void test_pack_covers_enough_vendors(void **state)
{
	(void)state;
	if (pack.nvendors < 35)
		fail_msg("the pack has %zu vendors; the issue asks for at "
			 "least 35",
			 pack.nvendors);
}

static void test_every_alternative_exists(void **state)
{
	sunset_buf missing = SUNSET_BUF_INIT;

	(void)state;
	for (size_t v = 0; v < pack.nvendors; v++) {
		const sunset_vendor *vendor = pack.vendors[v];
		for (size_t p = 0; p < vendor->nproducts; p++) {
			const sunset_product *prod = &vendor->products[p];
			for (size_t a = 0; a < prod->alternatives.count; a++)
				if (!sunset_rules_find_product(
					    &pack, prod->alternatives.items[a]))
					sunset_buf_printf(
						&missing, "  %s.%s -> %s\n",
						vendor->id, prod->id,
						prod->alternatives.items[a]);
		}
	}
	if (missing.len)
		fail_msg("alternatives naming no product:\n%s", missing.ptr);
	sunset_buf_free(&missing);
}

/* The annotation lines name rule ids as whole words. */
static int annotated(const char *mark, const char *id)
{
	const char *p = annotations.ptr ? annotations.ptr : "";
	size_t n = strlen(id);

	while ((p = strstr(p, mark)) != NULL) {
		const char *end = strchr(p, '\n');
		const char *q = p + strlen(mark);
		if (!end)
			end = q + strlen(q);
		while ((q = strstr(q, id)) && q < end) {
			char before = q[-1], after = q[n];
			if ((before == ' ' || before == ',' || before == ':') &&
			    (after == ',' || after == ' ' || after == '\n' ||
			     after == '\r' || after == '\0' || after == '-' ||
			     after == '*'))
				return 1;
			q += n;
		}
		p = end;
	}
	return 0;
}

static void test_every_rule_has_positive_and_negative_fixtures(void **state)
{
	sunset_buf missing = SUNSET_BUF_INIT;

	(void)state;
	for (size_t i = 0; i < pack.nrules; i++) {
		const char *id = pack.rules[i].id;
		int expect = annotated("sunset-expect:", id);
		int ok = annotated("sunset-ok:", id);
		if (!expect || !ok)
			sunset_buf_printf(&missing, "  %s:%s%s\n", id,
					  expect ? "" : " no sunset-expect",
					  ok ? "" : " no sunset-ok");
	}
	if (missing.len)
		fail_msg("rules without fixtures under fixtures/rules:\n%s",
			 missing.ptr);
	sunset_buf_free(&missing);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pack_covers_enough_vendors),
		cmocka_unit_test(test_every_alternative_exists),
		cmocka_unit_test(
			test_every_rule_has_positive_and_negative_fixtures),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
