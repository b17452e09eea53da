/* fuzz_manifest.c - every manifest reader: the first byte picks the file
 * name (and so the reader), the rest is the file */
#include "fuzz.h"
#include "manifest.h"
#include "parse.h"

static const char *const names[] = {
	"package.json",
	"composer.json",
	"pyproject.toml",
	"Cargo.toml",
	"Pipfile",
	"requirements.txt",
	"requirements-dev.txt",
	"go.mod",
	"setup.py",
	"setup.cfg",
	"Gemfile",
	"fuzz.gemspec",
	"app.csproj",
	"app.fsproj",
	"app.vbproj",
	"Directory.Packages.props",
	"packages.config",
	"pom.xml",
	"build.gradle",
	"build.gradle.kts",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static sunset_parser *parser;
	const char *path;
	sunset_lang lang;
	TSTree *tree = NULL;
	sunset_deps deps;
	char *src;

	if (size < 1)
		return 0;
	fuzz_silence();
	if (!parser)
		parser = sunset_parser_new(10000, NULL);
	path = names[data[0] % (sizeof(names) / sizeof(names[0]))];
	src = fuzz_copy(data + 1, size - 1);
	lang = sunset_lang_from_path(path);
	if (sunset_lang_has_grammar(lang) &&
	    sunset_parse(&tree, parser, lang, src, size - 1) < 0)
		tree = NULL;
	sunset_manifest_read(&deps, path, lang, src, size - 1, tree);
	for (size_t i = 0; i < deps.count; i++) {
		FUZZ_CHECK(deps.items[i].ecosystem && deps.items[i].name);
		FUZZ_CHECK(deps.items[i].line >= 1);
	}
	sunset_deps_clear(&deps);
	if (tree)
		ts_tree_delete(tree);
	free(src);
	return 0;
}
