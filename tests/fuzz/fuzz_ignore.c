/* fuzz_ignore.c - .sunsetignore: parsed, then applied to findings of
 * three shipped rules at a few paths. Every entry kept has a reason and
 * a fingerprint or a rule; a suppressed finding names the line of the
 * entry that suppressed it. */
#include "fuzz.h"
#include "suppress.h"

static const char *const paths[] = {"app/video.py", "legacy/a/b/c.ts", "README",
				    "src/aaaaaaaaaaaaaaaaaaaaaa.go"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const sunset_ruleset *rules;
	sunset_suppressions sup;
	sunset_findings found;
	char *src;
	size_t n = sizeof(paths) / sizeof(*paths);

	fuzz_silence();
	rules = fuzz_rules();
	src = fuzz_copy(data, size);
	sunset_suppressions_parse(&sup, ".sunsetignore", src, size);
	for (size_t i = 0; i < sup.count; i++) {
		FUZZ_CHECK(sup.items[i].reason && *sup.items[i].reason);
		FUZZ_CHECK(sup.items[i].fingerprint || sup.items[i].rule);
		FUZZ_CHECK(sup.items[i].line >= 1);
	}
	memset(&found, 0, sizeof(found));
	found.count = found.cap = 3 * n;
	found.items = calloc(found.count, sizeof(sunset_finding));
	for (size_t i = 0; i < found.count; i++) {
		sunset_finding *f = &found.items[i];
		f->rule = &rules->rules[(i / n) * rules->nrules / 3];
		f->path = sunset_strdup(paths[i % n]);
		snprintf(f->fingerprint, sizeof(f->fingerprint), "%040zx", i);
	}
	FUZZ_CHECK(sunset_suppressions_apply(&sup, &found, 0, "2026-06-01") ==
		   0);
	for (size_t i = 0; i < found.count; i++) {
		const sunset_finding *f = &found.items[i];
		FUZZ_CHECK(!f->suppressed ||
			   !strncmp(f->suppress_by, ".sunsetignore:", 14));
	}
	sunset_findings_clear(&found);
	sunset_suppressions_clear(&sup);
	free(src);
	return 0;
}
