/* fuzz_lock.c - every lock file reader: the first byte picks the file
 * name (and so the reader), the rest is the file */
#include "fuzz.h"
#include "manifest.h"

static const char *const names[] = {
	"package-lock.json", "npm-shrinkwrap.json", "yarn.lock",
	"pnpm-lock.yaml",    "poetry.lock",	    "uv.lock",
	"Cargo.lock",	     "Gemfile.lock",	    "go.sum",
	"composer.lock",     "Pipfile.lock",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path;
	sunset_deps deps;
	char *src;

	if (size < 1)
		return 0;
	fuzz_silence();
	path = names[data[0] % (sizeof(names) / sizeof(names[0]))];
	src = fuzz_copy(data + 1, size - 1);
	FUZZ_CHECK(sunset_lock_read(&deps, path, src, size - 1));
	for (size_t i = 0; i < deps.count; i++)
		FUZZ_CHECK(deps.items[i].ecosystem && deps.items[i].name);
	sunset_deps_clear(&deps);
	free(src);
	return 0;
}
