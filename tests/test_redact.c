/* test_redact.c - credential values masked in what findings show: the
 * shapes that are masked and those that are not, as data; and a scan of
 * a repository holding keys of several shapes, whose every output (text,
 * JSON Lines, SARIF, HTML, CycloneDX, the inventory, the content cache,
 * report, the gate) holds none of them */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "helpers.h"
#include "redact.h"
#include "util.h"

static const struct {
	const char *lang, *in, *out;
} cases[] = {
	/* published key formats, anywhere: the prefix stays */
	{"python", "k = 'sk-proj-Zq8vT3kLm9Xw2Rb7Yc4Nd6Hf1Gj5Ks0P'",
	 "k = 'sk-proj-********************************'"},
	{"python", "OpenAI(api_key=\"sk-Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56\")",
	 "OpenAI(api_key=\"sk-********************************\")"},
	{"go", "token := \"r8_Kx7Lm2Np4Qr6St8Uv0Wx2Yz4Ab6Cd8Ef0G\"",
	 "token := \"r8_**********************************\""},
	{"javascript",
	 "fetch(`https://x.googleapis.com/v1/m:predict?key="
	 "AIzaSyQ7x9Lm2Np4Rs6Tu8Vw0Xy1Za3Bc5De7Fg`)",
	 "fetch(`https://x.googleapis.com/v1/m:predict?key="
	 "AIza***********************************`)"},
	{"shell", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
	 "aws_access_key_id = AKIA****************"},
	{"python", "hf = 'hf_AbCdEfGhIjKlMnOpQrStUvWxYz'",
	 "hf = 'hf_**************************'"},
	{"ruby",
	 "jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl'",
	 "jwt = 'eyJ********************************************************'"},
	/* the token of an authorization header */
	{"python",
	 "h = {\"Authorization\": \"Bearer key_4f3e2d1c0b9a8f7e6d5c4b3a\"}",
	 "h = {\"Authorization\": \"Bearer key_************************\"}"},
	{"yaml", "Authorization: Basic dXNlcjpwYXNzd29yZA==",
	 "Authorization: Basic ********************"},
	{"yaml", "Authorization: Key abc123:def456",
	 "Authorization: Key *************"},
	{"shell", "curl -H \"Authorization: Bearer abcdef123456ghijkl\" $URL",
	 "curl -H \"Authorization: Bearer ******************\" $URL"},
	/* a URL's password */
	{"json",
	 "\"openai\": \"git+https://ci:Qw8Er7Ty6Ui5Op@github.com/o/n.git\"",
	 "\"openai\": \"git+https://ci:**************@github.com/o/n.git\""},
	/* literals assigned to names that say they hold a secret */
	{"python", "api_key = \"my-secret-value-123\"",
	 "api_key = \"*******************\""},
	{"python", "api_key: str = 'abc123secret'",
	 "api_key: str = '************'"},
	{"python", "h = {\"xi-api-key\": \"9f8e7d6c5b4a3928\", \"a\": \"b\"}",
	 "h = {\"xi-api-key\": \"****************\", \"a\": \"b\"}"},
	{"go", "req.Header.Set(\"xi-api-key\", \"abcdef0123456789\")",
	 "req.Header.Set(\"xi-api-key\", \"****************\")"},
	{"go", "option.WithAPIKey(\"abcDEF123456\")",
	 "option.WithAPIKey(\"************\")"},
	{"php", "'api_key' => 'abcDEF123456',", "'api_key' => '************',"},
	{"php", "$apiKey = 'abcDEF123456';", "$apiKey = '************';"},
	{"ruby", "ENV[\"OPENAI_API_KEY\"] = \"abcDEF123456\"",
	 "ENV[\"OPENAI_API_KEY\"] = \"************\""},
	{"typescript", "const clientSecret: string = \"s3cr3t\";",
	 "const clientSecret: string = \"******\";"},
	{"python", "u = 'https://api.x.com/v1?api_key=s3cr3tValue&model=x'",
	 "u = 'https://api.x.com/v1?api_key=***********&model=x'"},
	{"shell", "curl -H \"xi-api-key: abc123def456\" https://x.io",
	 "curl -H \"xi-api-key: ************\" https://x.io"},
	{"xml", "<apiKey>abcdef123456</apiKey>",
	 "<apiKey>************</apiKey>"},
	/* in configuration formats, bare values too */
	{"dotenv", "ELEVENLABS_API_KEY=0123456789abcdef",
	 "ELEVENLABS_API_KEY=****************"},
	{"yaml", "  - OPENAI_API_KEY=plaintextvalue123",
	 "  - OPENAI_API_KEY=*****************"},
	{"yaml", "password: hunter2 # rotated weekly",
	 "password: ******* # rotated weekly"},
	{"yaml", "openai: {api_key: s3cr3t-Passw0rd, model: sora-2}",
	 "openai: {api_key: ***************, model: sora-2}"},
	{"properties", "spring.ai.openai.api-key=plainvalue99",
	 "spring.ai.openai.api-key=************"},
	/* a placeholder is masked like any literal: harmless */
	{"yaml", "api_key: your-api-key", "api_key: ************"},
	/* not secrets: names, references, code, model ids, hosts, URLs */
	{"python", "client = OpenAI(api_key=os.environ[\"OPENAI_API_KEY\"])",
	 NULL},
	{"javascript", "const apiKey = process.env.OPENAI_API_KEY || \"\";",
	 NULL},
	{"python", "h = {\"Authorization\": f\"Bearer {api_key}\"}", NULL},
	{"python", "headers = {\"Authorization\": \"Bearer \" + token}", NULL},
	{"shell", "curl -H \"xi-api-key: $ELEVEN_API_KEY\" https://x.io", NULL},
	{"yaml", "OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}", NULL},
	{"yaml", "apiKey: ${OPENAI_API_KEY}", NULL},
	{"dotenv", "REPLICATE_API_TOKEN=", NULL},
	{"yaml", "api_key: OPENAI_API_KEY", NULL},
	{"yaml", "secretKeyRef: {name: openai, key: OPENAI_API_KEY}", NULL},
	{"yaml", "max_tokens: 4096", NULL},
	{"yaml", "api_key: null", NULL},
	{"python", "model = \"dall-e-3\"", NULL},
	{"python", "cache_key = \"user:123\"", NULL},
	{"python", "base_url = \"https://api.openai.com/v1\"", NULL},
	{"python",
	 "replicate.run(\"stability-ai/sdxl:39ed52f2a78e934b3ba6e2a89f5b1c"
	 "712de7dfea535525255b1aa35c5565e08b\")",
	 NULL},
	{"python", "def get_api_key(self):", NULL},
	{"yaml", "# Bearer token auth is used here", NULL},
	{"python", "u = 'ssh://git@github.com/org/repo.git'", NULL},
	{"python", "task = 'ask-questions-about-the-document-now'", NULL},
};

static void test_credentials_masked(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		sunset_lang lang = sunset_lang_from_name(cases[i].lang);
		const char *want = cases[i].out ? cases[i].out : cases[i].in;
		char *got = sunset_redact(cases[i].in, lang);
		char *again = sunset_redact(got, lang);
		assert_int_not_equal(lang, SUNSET_LANG_UNKNOWN);
		if (strcmp(got, want) != 0)
			fail_msg("case %zu (%s):\n  in:   %s\n  got:  %s\n  "
				 "want: %s",
				 i, cases[i].lang, cases[i].in, got, want);
		/* byte columns stay true; masking again changes nothing */
		assert_int_equal(strlen(got), strlen(cases[i].in));
		assert_string_equal(again, got);
		free(again);
		free(got);
	}
}

/* The secrets of the repository below, each one whole. */
static const char *const secrets[] = {
	"Zq8vT3kLm9Xw2Rb7Yc4Nd6Hf1Gj5Ks0P",
	"Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56",
	"9f8e7d6c5b4a39281706f5e4d3c2b1a0",
	"SyQ7x9Lm2Np4Rs6Tu8Vw0Xy1Za3Bc5De7Fg",
	"4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c",
	"Kx7Lm2Np4Qr6St8Uv0Wx2Yz4Ab6Cd8Ef0G",
	"Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0Lz9Xc8Vb7",
	"s3cr3t-Passw0rd",
};

static const char video_py[] =
	"import requests\n"
	"from openai import OpenAI\n"
	"\n"
	"job = OpenAI(api_key=\"sk-Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56\")"
	".videos.create(model=\"sora-2\")\n"
	"r = requests.post(\"https://api.elevenlabs.io/v1/text-to-speech/v1\", "
	"headers={\"xi-api-key\": \"9f8e7d6c5b4a39281706f5e4d3c2b1a0\"})\n"
	"g = requests.post(\"https://generativelanguage.googleapis.com/v1beta/"
	"models/imagen-4.0-generate-001:predict?key="
	"AIzaSyQ7x9Lm2Np4Rs6Tu8Vw0Xy1Za3Bc5De7Fg\")\n"
	"v = requests.post(\"https://api.dev.runwayml.com/v1/image_to_video\", "
	"headers={\"Authorization\": \"Bearer "
	"key_4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c\"})\n";

static void add_str(fx_tree *t, const char *path, const char *s)
{
	fx_tree_add(t, path, s, strlen(s));
}

static void add_secrets(fx_tree *t, const char *google_key)
{
	char *py = sunset_strdup(video_py);
	char *at = strstr(py, "AIzaSy");

	assert_int_equal(strlen(google_key), 39);
	memcpy(at, google_key, strlen(google_key));
	add_str(t, ".env",
		"OPENAI_API_KEY=sk-proj-Zq8vT3kLm9Xw2Rb7Yc4Nd6Hf1Gj5Ks0P\n");
	add_str(t, "app/video.py", py);
	add_str(t, "deploy/compose.yaml",
		"services:\n  worker:\n    environment:\n"
		"      REPLICATE_API_TOKEN: "
		"r8_Kx7Lm2Np4Qr6St8Uv0Wx2Yz4Ab6Cd8Ef0G\n");
	add_str(t, "deploy/openai.yaml",
		"openai: {api_key: s3cr3t-Passw0rd, model: sora-2}\n");
	add_str(t, "web/package.json",
		"{\"dependencies\": {\"openai\": \"git+https://ci:"
		"ghp_Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0Lz9Xc8Vb7@github.com/"
		"openai/openai-node.git\"}}\n");
	free(py);
}

static void expect_no_secret(const char *what, const char *path)
{
	struct stat st;
	FILE *f;
	char *data;

	if (stat(path, &st) < 0)
		return; /* a -wal that SQLite removed on close */
	data = sunset_malloc((size_t)st.st_size + 1);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(data, 1, (size_t)st.st_size, f),
			 (size_t)st.st_size);
	fclose(f);
	for (size_t i = 0; i < sizeof(secrets) / sizeof(*secrets); i++)
		if (memmem(data, (size_t)st.st_size, secrets[i],
			   strlen(secrets[i])))
			fail_msg("%s (%s) holds the secret %s", what, path,
				 secrets[i]);
	free(data);
}

static void expect_no_secret_in(const char *what, const char *text)
{
	for (size_t i = 0; i < sizeof(secrets) / sizeof(*secrets); i++)
		if (strstr(text, secrets[i]))
			fail_msg("%s holds the secret %s:\n%s", what,
				 secrets[i], text);
}

/* The fingerprint of the first JSON line holding `needle`. */
static char *fingerprint_of(const char *jsonl, const char *needle)
{
	const char *line = strstr(jsonl, needle), *fp;

	assert_non_null(line);
	fp = strstr(line, "\"fingerprint\":\"");
	assert_non_null(fp);
	return sunset_strndup(fp + 15, 40);
}

static void test_no_output_holds_a_secret(void **state)
{
	static const char *const names[] = {
		"out.jsonl",  "out.sarif",  "out.html",	    "out.cdx.json",
		"inv.db",     "cache.db",   "cache.db-wal", "gate.md",
		"gate.sarif", "again.jsonl"};
	char *tmp = fx_tmpdir(), *repo = sunset_path_join(tmp, "app");
	char *out[sizeof(names) / sizeof(*names)], *text, *fp1, *fp2;
	git_repository *r;
	fx_tree *t = fx_tree_new();
	git_oid id;

	(void)state;
	git_libgit2_init();
	setenv("SUNSET_TODAY", "2026-11-24", 1);
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		out[i] = sunset_path_join(tmp, names[i]);
	r = fx_repo_init(repo, 0);
	fx_tree_add(t, "README.md", "# app\n", 6);
	fx_commit(&id, r, t, "refs/heads/main", "base");
	add_secrets(t, "AIzaSyQ7x9Lm2Np4Rs6Tu8Vw0Xy1Za3Bc5De7Fg");
	fx_commit(&id, r, t, "refs/heads/main", "keys");

	assert_int_equal(fx_run("scan", "--all-capabilities", "--cache", out[5],
				"--format", "text", "--json", out[0], "--sarif",
				out[1], "--html", out[2], "--cyclonedx", out[3],
				"--db", out[4], repo, NULL),
			 0);
	expect_no_secret_in("the text listing", fx_stdout());
	expect_no_secret_in("the messages", fx_messages());
	/* the names stay, and the findings are there */
	fx_expect_lines(fx_stdout(), "    OPENAI_API_KEY=sk-proj-"
				     "********************************\n"
				     "          REPLICATE_API_TOKEN: r8_"
				     "**********************************");
	assert_non_null(strstr(fx_stdout(), "\"xi-api-key\": \"*****"));
	assert_non_null(strstr(fx_stdout(), "{api_key: ***************, "
					    "model: sora-2}"));
	for (size_t i = 0; i < 7; i++)
		expect_no_secret(names[i], out[i]);
	/* a second run reads the cache */
	assert_int_equal(fx_run("scan", "--all-capabilities", "--cache", out[5],
				"--json", out[9], repo, NULL),
			 0);
	expect_no_secret(names[9], out[9]);
	/* the stored scan, rendered again */
	assert_int_equal(fx_run("report", "--db", out[4], "--all-capabilities",
				"--format", "text", NULL),
			 0);
	expect_no_secret_in("report", fx_stdout());
	/* an inventory written before sunset masked keys: shown masked */
	{
		sqlite3 *db;
		assert_int_equal(sqlite3_open(out[4], &db), SQLITE_OK);
		assert_int_equal(
			sqlite3_exec(db,
				     "UPDATE findings SET snippet = "
				     "'OPENAI_API_KEY=sk-proj-"
				     "Zq8vT3kLm9Xw2Rb7Yc4Nd6Hf1Gj5Ks0P' "
				     "WHERE path = '.env'",
				     NULL, NULL, NULL),
			SQLITE_OK);
		assert_int_equal(sqlite3_changes(db), 1);
		sqlite3_close(db);
	}
	assert_int_equal(fx_run("report", "--db", out[4], "--all-capabilities",
				"--format", "text", NULL),
			 0);
	expect_no_secret_in("report of an older inventory", fx_stdout());
	assert_non_null(strstr(fx_stdout(), "OPENAI_API_KEY=sk-proj-***"));
	/* the gate: verdict, Markdown, SARIF */
	assert_int_equal(fx_run("gate", "--no-cache", "--base", "main~1",
				"--head", "main", "--fail-on", "none",
				"--no-fail-on-shutdown", "--markdown", out[7],
				"--sarif", out[8], repo, NULL),
			 0);
	expect_no_secret_in("the gate's verdict", fx_stdout());
	expect_no_secret(names[7], out[7]);
	expect_no_secret(names[8], out[8]);

	/* a finding whose matched text held the key keeps its fingerprint
	 * when the key is rotated: it hashes the masked text */
	text = fx_slurp(out[0]);
	fp1 = fingerprint_of(text, "\"rule\":\"google.imagen.http\"");
	free(text);
	fx_tree_free(t);
	t = fx_tree_new();
	add_secrets(t, "AIzaSyZZZZZZZZZZZZZZZZZZZZZZZZZZZ000000");
	fx_commit(&id, r, t, "refs/heads/main", "rotated");
	assert_int_equal(fx_run("scan", "--no-cache", "--all-capabilities",
				"--json", out[9], repo, NULL),
			 0);
	text = fx_slurp(out[9]);
	fp2 = fingerprint_of(text, "\"rule\":\"google.imagen.http\"");
	assert_string_equal(fp1, fp2);
	free(text);
	free(fp1);
	free(fp2);

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		free(out[i]);
	fx_tree_free(t);
	git_repository_free(r);
	fx_rmrf(tmp);
	free(repo);
	free(tmp);
	unsetenv("SUNSET_TODAY");
	git_libgit2_shutdown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_credentials_masked),
		cmocka_unit_test(test_no_output_holds_a_secret),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
