/* manifest.h - dependencies declared in package manifests */
#ifndef SUNSET_MANIFEST_H
#define SUNSET_MANIFEST_H

#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "lang.h"

typedef struct {
	const char *ecosystem; /* pypi, npm, go, maven, rubygems, nuget,
				  cargo, composer (static strings) */
	char *name;	       /* as declared */
	char *constraint;      /* as declared ("^4.0.0", ">=1.2"); may be
				  NULL */
	uint32_t line, col, end_line, end_col;
} sunset_dep;

typedef struct {
	sunset_dep *items;
	size_t count, cap;
} sunset_deps;

/* The dependencies `path` declares when it is a manifest sunset reads:
 * package.json, composer.json, requirements*.txt, pyproject.toml,
 * setup.py, setup.cfg, Pipfile, Cargo.toml, go.mod, Gemfile, *.csproj, Directory.Packages.props,
 * packages.config, pom.xml, build.gradle(.kts). Other files add nothing.
 * `tree` is the parsed tree for JSON and TOML (NULL otherwise). */
void sunset_manifest_read(sunset_deps *out, const char *path, sunset_lang lang,
			  const char *src, size_t len, const TSTree *tree);
void sunset_deps_clear(sunset_deps *deps);

/* Non-zero when sunset_manifest_read() reads `path` (by its name, or
 * `lang` for requirements files). */
int sunset_manifest_is(const char *path, sunset_lang lang);

/* The versions a lock file resolves: package-lock.json, yarn.lock,
 * pnpm-lock.yaml, poetry.lock, uv.lock, Pipfile.lock, Cargo.lock,
 * Gemfile.lock, composer.lock, go.sum. Each entry has `constraint` set to
 * the resolved version. Other files add nothing. Returns non-zero when
 * `path` is a lock file. */
int sunset_lock_read(sunset_deps *out, const char *path, const char *src,
		     size_t len);

/* Non-zero when a declared name is the rule's package name under the
 * ecosystem's own normalisation: PEP 503 for PyPI, case-insensitive
 * NuGet, Composer and RubyGems, '-'/'_' alike for Cargo, major-version
 * suffixes (/vN) ignored for Go, group:artifact for Maven. */
int sunset_package_match(const char *ecosystem, const char *declared,
			 const char *rule_name);

#endif
