/* fuzz_analyse.c - the file analyser as a scan runs it on one file:
 * parse (tree-sitter), extract facts, read manifests, run the shipped
 * rules; then again parsing only the parts that can matter (slice.h),
 * which must find as many. The first byte picks the language (and a
 * file name in it), the rest is the file. */
#include "engine.h"
#include "facts.h"
#include "fuzz.h"
#include "manifest.h"
#include "parse.h"
#include "prefilter.h"
#include "slice.h"

/* A file name per language, in sunset_lang order from PYTHON on; the
 * manifest readers and rules' path filters see it too. */
static const char *const paths[] = {
	"app/media.py",
	"src/media.js",
	"src/media.ts",
	"src/Media.tsx",
	"media/media.go",
	"src/Media.java",
	"src/Media.kt",
	"src/Media.cs",
	"app/media.rb",
	"src/media.php",
	"src/media.rs",
	"config/media.json",
	"config/app.yaml",
	"config/media.toml",
	".env",
	"requirements.txt",
	"application.properties",
	"config.ini",
	"go.mod",
	"go.sum",
	"Dockerfile",
	"pom.xml",
	"build.gradle",
	"Gemfile.lock",
	"yarn.lock",
	"scripts/run.sh",
	"infra/main.tf",
};

/* Cut as finely as it goes: no crash, and as many findings. */
static void sliced(const sunset_ruleset *rules, sunset_parser *parser,
		   const char *path, sunset_lang lang, const char *src,
		   size_t len, size_t whole)
{
	unsigned char *seen = sunset_prefilter_seen_new(rules->prefilter);
	sunset_hits hits = {0};
	sunset_findings found = {0};
	sunset_slice_stats st;
	sunset_facts facts;
	sunset_deps deps;
	TSTree *tree = NULL;

	if (sunset_prefilter_locate(rules->prefilter, path, lang, src, len,
				    seen, &hits) == SUNSET_LOCATE_CUT &&
	    sunset_slice_analyse(&tree, &facts, parser, lang, src, len, &hits,
				 0, &st) == 0) {
		sunset_manifest_read(&deps, path, lang, src, len, tree);
		sunset_engine_file_seen(&found, rules, path, lang, src, len,
					tree, &facts, &deps, seen);
		FUZZ_CHECK(found.count == whole);
		sunset_findings_clear(&found);
		sunset_deps_clear(&deps);
		sunset_facts_clear(&facts);
		ts_tree_delete(tree);
	}
	sunset_hits_clear(&hits);
	free(seen);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static sunset_parser *parser;
	const sunset_ruleset *rules;
	sunset_findings found = {0};
	sunset_facts facts;
	sunset_deps deps;
	TSTree *tree = NULL;
	const char *path;
	sunset_lang lang;
	size_t len;
	char *src;

	_Static_assert(sizeof(paths) / sizeof(paths[0]) ==
			       SUNSET_LANG__COUNT - 1,
		       "one path per language");
	if (size < 1)
		return 0;
	fuzz_silence();
	rules = fuzz_rules();
	if (!parser)
		parser = sunset_parser_new(10000, NULL);
	lang = (sunset_lang)(1 + data[0] % (SUNSET_LANG__COUNT - 1));
	path = paths[lang - 1];
	len = size - 1;
	src = fuzz_copy(data + 1, len);
	/* as scan.c does: a file that fails to parse is skipped */
	if (sunset_lang_has_grammar(lang) &&
	    sunset_parse(&tree, parser, lang, src, len) < 0)
		goto done;
	sunset_extract(&facts, lang, src, len, tree);
	sunset_manifest_read(&deps, path, lang, src, len, tree);
	sunset_engine_file(&found, rules, path, lang, src, len, tree, &facts,
			   &deps);
	for (size_t i = 0; i < found.count; i++) {
		const sunset_finding *f = &found.items[i];
		FUZZ_CHECK(f->rule && f->line >= 1);
		FUZZ_CHECK(i == 0 || found.items[i - 1].line <= f->line);
	}
	if (tree)
		sliced(rules, parser, path, lang, src, len, found.count);
	sunset_findings_clear(&found);
	sunset_deps_clear(&deps);
	sunset_facts_clear(&facts);
done:
	if (tree)
		ts_tree_delete(tree);
	free(src);
	return 0;
}
