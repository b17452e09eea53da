/* lang.c - which language a file is written in, by name and by content */
#include "lang.h"

#include <string.h>
#include <strings.h>

static const char *const lang_names[SUNSET_LANG__COUNT] = {
	"unknown",   "python",	     "javascript", "typescript", "tsx",
	"go",	     "java",	     "kotlin",	   "csharp",	 "ruby",
	"php",	     "rust",	     "json",	   "yaml",	 "toml",
	"dotenv",    "requirements", "properties", "ini",	 "gomod",
	"gosum",     "dockerfile",   "xml",	   "gradle",	 "gemfile-lock",
	"yarn-lock", "shell",	     "terraform",
};

const char *sunset_lang_name(sunset_lang lang)
{
	if ((int)lang < 0 || lang >= SUNSET_LANG__COUNT)
		return "unknown";
	return lang_names[lang];
}

sunset_lang sunset_lang_from_name(const char *name)
{
	int i;

	for (i = 1; i < SUNSET_LANG__COUNT; i++)
		if (!strcmp(lang_names[i], name))
			return (sunset_lang)i;
	return SUNSET_LANG_UNKNOWN;
}

int sunset_lang_has_grammar(sunset_lang lang)
{
	return lang > SUNSET_LANG_UNKNOWN && lang <= SUNSET_LANG_TOML;
}

struct name_rule {
	const char *name;
	sunset_lang lang;
};

/* Exact base names (compared case-sensitively, as tools do). */
static const struct name_rule base_names[] = {
	{"Dockerfile", SUNSET_LANG_DOCKERFILE},
	{"Containerfile", SUNSET_LANG_DOCKERFILE},
	{"Gemfile", SUNSET_LANG_RUBY},
	{"Rakefile", SUNSET_LANG_RUBY},
	{"Guardfile", SUNSET_LANG_RUBY},
	{"Podfile", SUNSET_LANG_RUBY},
	{"Vagrantfile", SUNSET_LANG_RUBY},
	{"config.ru", SUNSET_LANG_RUBY},
	{"Gemfile.lock", SUNSET_LANG_GEMFILE_LOCK},
	{"go.mod", SUNSET_LANG_GOMOD},
	{"go.work", SUNSET_LANG_GOMOD},
	{"go.sum", SUNSET_LANG_GOSUM},
	{"go.work.sum", SUNSET_LANG_GOSUM},
	{"Pipfile", SUNSET_LANG_TOML},
	{"Pipfile.lock", SUNSET_LANG_JSON},
	{"composer.lock", SUNSET_LANG_JSON},
	{"poetry.lock", SUNSET_LANG_TOML},
	{"uv.lock", SUNSET_LANG_TOML},
	{"Cargo.lock", SUNSET_LANG_TOML},
	{".replit", SUNSET_LANG_TOML},
	{"yarn.lock", SUNSET_LANG_YARN_LOCK},
	{"setup.cfg", SUNSET_LANG_INI},
	{"tox.ini", SUNSET_LANG_INI},
	{"packages.config", SUNSET_LANG_XML},
	{".env", SUNSET_LANG_DOTENV},
	{".envrc", SUNSET_LANG_SHELL},
	{"constraints.txt", SUNSET_LANG_REQUIREMENTS},
};

struct ext_rule {
	const char *ext; /* without the dot, lower case */
	sunset_lang lang;
};

static const struct ext_rule extensions[] = {
	{"py", SUNSET_LANG_PYTHON},
	{"pyi", SUNSET_LANG_PYTHON},
	{"pyw", SUNSET_LANG_PYTHON},
	{"js", SUNSET_LANG_JAVASCRIPT},
	{"mjs", SUNSET_LANG_JAVASCRIPT},
	{"cjs", SUNSET_LANG_JAVASCRIPT},
	{"jsx", SUNSET_LANG_JAVASCRIPT},
	{"ts", SUNSET_LANG_TYPESCRIPT},
	{"mts", SUNSET_LANG_TYPESCRIPT},
	{"cts", SUNSET_LANG_TYPESCRIPT},
	{"tsx", SUNSET_LANG_TSX},
	{"go", SUNSET_LANG_GO},
	{"java", SUNSET_LANG_JAVA},
	{"kt", SUNSET_LANG_KOTLIN},
	{"kts", SUNSET_LANG_KOTLIN},
	{"cs", SUNSET_LANG_CSHARP},
	{"rb", SUNSET_LANG_RUBY},
	{"rake", SUNSET_LANG_RUBY},
	{"gemspec", SUNSET_LANG_RUBY},
	{"php", SUNSET_LANG_PHP},
	{"phtml", SUNSET_LANG_PHP},
	{"rs", SUNSET_LANG_RUST},
	{"json", SUNSET_LANG_JSON},
	{"jsonc", SUNSET_LANG_JSON},
	{"yml", SUNSET_LANG_YAML},
	{"yaml", SUNSET_LANG_YAML},
	{"toml", SUNSET_LANG_TOML},
	{"env", SUNSET_LANG_DOTENV},
	{"properties", SUNSET_LANG_PROPERTIES},
	{"ini", SUNSET_LANG_INI},
	{"cfg", SUNSET_LANG_INI},
	{"xml", SUNSET_LANG_XML},
	{"csproj", SUNSET_LANG_XML},
	{"fsproj", SUNSET_LANG_XML},
	{"vbproj", SUNSET_LANG_XML},
	{"props", SUNSET_LANG_XML},
	{"targets", SUNSET_LANG_XML},
	{"gradle", SUNSET_LANG_GRADLE},
	{"sh", SUNSET_LANG_SHELL},
	{"bash", SUNSET_LANG_SHELL},
	{"zsh", SUNSET_LANG_SHELL},
	{"tf", SUNSET_LANG_TERRAFORM},
	{"tfvars", SUNSET_LANG_TERRAFORM},
	{"dockerfile", SUNSET_LANG_DOCKERFILE},
};

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static int has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);
	return ls >= lx && !strcmp(s + ls - lx, suffix);
}

sunset_lang sunset_lang_from_path(const char *path)
{
	const char *base = base_name(path);
	const char *dot;
	size_t i;

	for (i = 0; i < sizeof(base_names) / sizeof(base_names[0]); i++)
		if (!strcmp(base, base_names[i].name))
			return base_names[i].lang;

	/* families of names */
	if (has_prefix(base, "Dockerfile.") || has_prefix(base, "Dockerfile-"))
		return SUNSET_LANG_DOCKERFILE;
	if (has_prefix(base, ".env.") || has_suffix(base, ".env"))
		return SUNSET_LANG_DOTENV;
	if (has_prefix(base, "requirements") && has_suffix(base, ".txt"))
		return SUNSET_LANG_REQUIREMENTS;
	if (has_suffix(base, ".txt") && (has_prefix(path, "requirements/") ||
					 strstr(path, "/requirements/")))
		return SUNSET_LANG_REQUIREMENTS;

	dot = strrchr(base, '.');
	if (!dot || dot == base || !dot[1])
		return SUNSET_LANG_UNKNOWN;
	for (i = 0; i < sizeof(extensions) / sizeof(extensions[0]); i++)
		if (!strcasecmp(dot + 1, extensions[i].ext))
			return extensions[i].lang;
	return SUNSET_LANG_UNKNOWN;
}

sunset_lang sunset_lang_from_shebang(const char *data, size_t len)
{
	static const struct name_rule interpreters[] = {
		{"python", SUNSET_LANG_PYTHON},
		{"node", SUNSET_LANG_JAVASCRIPT},
		{"nodejs", SUNSET_LANG_JAVASCRIPT},
		{"deno", SUNSET_LANG_TYPESCRIPT},
		{"ts-node", SUNSET_LANG_TYPESCRIPT},
		{"tsx", SUNSET_LANG_TYPESCRIPT},
		{"bun", SUNSET_LANG_TYPESCRIPT},
		{"ruby", SUNSET_LANG_RUBY},
		{"php", SUNSET_LANG_PHP},
		{"sh", SUNSET_LANG_SHELL},
		{"bash", SUNSET_LANG_SHELL},
		{"zsh", SUNSET_LANG_SHELL},
		{"dash", SUNSET_LANG_SHELL},
		{"ksh", SUNSET_LANG_SHELL},
	};
	char word[64];
	const char *p, *end, *nl;
	size_t i, n;

	if (len < 3 || data[0] != '#' || data[1] != '!')
		return SUNSET_LANG_UNKNOWN;
	nl = memchr(data, '\n', len);
	end = nl ? nl : data + len;
	p = data + 2;
	/* take the program name: last path component of the first word, or
	 * the word after /usr/bin/env (skipping its -S style options) */
	for (;;) {
		const char *start, *w;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		start = p;
		while (p < end && *p != ' ' && *p != '\t' && *p != '\r')
			p++;
		if (p == start)
			return SUNSET_LANG_UNKNOWN;
		w = start;
		for (const char *q = start; q < p; q++)
			if (*q == '/')
				w = q + 1;
		n = (size_t)(p - w);
		if (n == 0 || n >= sizeof(word))
			return SUNSET_LANG_UNKNOWN;
		memcpy(word, w, n);
		word[n] = '\0';
		if (!strcmp(word, "env") || word[0] == '-')
			continue;
		break;
	}
	/* python3.11 -> python, ruby2.7 -> ruby */
	n = strcspn(word, "0123456789.");
	if (n > 0)
		word[n] = '\0';
	for (i = 0; i < sizeof(interpreters) / sizeof(interpreters[0]); i++)
		if (!strcmp(word, interpreters[i].name))
			return interpreters[i].lang;
	return SUNSET_LANG_UNKNOWN;
}

int sunset_path_is_vendored(const char *path)
{
	static const char *const dirs[] = {
		"node_modules",	  "bower_components",
		"jspm_packages",  "vendor",
		"dist",		  "site-packages",
		"__pypackages__", ".venv",
		".yarn",	  "Pods",
	};
	const char *p = path;

	/* every directory component (not the base name) is compared */
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n, i;
		if (!slash)
			return 0;
		n = (size_t)(slash - p);
		for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
			if (strlen(dirs[i]) == n && !strncmp(p, dirs[i], n))
				return 1;
		p = slash + 1;
	}
}

int sunset_path_is_generated(const char *path)
{
	static const char *const suffixes[] = {
		".min.js",    ".min.mjs", ".min.css",	  "-min.js",
		".bundle.js", ".pb.go",	  "_pb2.py",	  "_pb2_grpc.py",
		".pb.cc",     ".g.cs",	  ".designer.cs", ".js.map",
		".css.map",
	};
	const char *base = base_name(path);
	size_t i;

	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
		if (has_suffix(base, suffixes[i]))
			return 1;
	return 0;
}

static const char *memfind(const char *hay, size_t n, const char *needle)
{
	size_t ln = strlen(needle);

	if (ln == 0 || n < ln)
		return NULL;
	for (size_t i = 0; i + ln <= n; i++)
		if (hay[i] == needle[0] && !memcmp(hay + i, needle, ln))
			return hay + i;
	return NULL;
}

int sunset_content_is_generated(sunset_lang lang, const char *data, size_t len)
{
	size_t head = len < 1024 ? len : 1024;
	const char *m;

	/* Go's convention (golang.org/s/generatedcode) and the @generated
	 * marker used by many code generators */
	m = memfind(data, head, "Code generated ");
	if (m && memfind(m, head - (size_t)(m - data), "DO NOT EDIT"))
		return 1;
	if (memfind(data, head, "@generated"))
		return 1;

	/* minified script: a long first stretch without a newline */
	if (lang == SUNSET_LANG_JAVASCRIPT || lang == SUNSET_LANG_TYPESCRIPT) {
		size_t window = len < 65536 ? len : 65536, lines = 1, i;
		if (window < 4096)
			return 0;
		for (i = 0; i < window; i++)
			if (data[i] == '\n')
				lines++;
		if (window / lines > 1000)
			return 1;
	}
	return 0;
}
