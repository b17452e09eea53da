/* test_extract_config.c - the facts of JSON, YAML and TOML files */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "helpers.h"

static void test_compose_environment_forms(void **state)
{
	const char *d = fx_facts(
		"yaml",
		"# docker-compose for the media worker\n"
		"services:\n"
		"  worker:\n"
		"    image: acme/worker:latest\n"
		"    environment:\n"
		"      - OPENAI_API_KEY=${OPENAI_API_KEY}\n"
		"      - \"RUNWAY_MODEL=gen4_turbo\"\n"
		"      - DEBUG\n"
		"    ports: [\"8080:8080\"]\n"
		"  tts:\n"
		"    environment:\n"
		"      ELEVENLABS_API_KEY: ${ELEVENLABS_API_KEY:-changeme}\n"
		"      VOICE: 'Rachel'\n"
		"      RETRIES: 3\n"
		"      PRICE: $${NOT_A_VAR}\n"
		"    command: [\"python\", \"-m\", \"tts\"]\n");
	(void)state;
	fx_expect_lines(
		d, "key     2:1 services\n"
		   "key     3:3 services.worker\n"
		   "key     5:5 services.worker.environment\n"
		   "key     12:7 services.tts.environment.ELEVENLABS_API_KEY\n"
		   "key     16:5 services.tts.command\n"
		   /* the list form: KEY=value and KEY items */
		   "env     6:9 OPENAI_API_KEY\n"
		   "env     7:10 RUNWAY_MODEL\n"
		   "env     8:9 DEBUG\n"
		   /* ${X} inside a value */
		   "env     6:26 OPENAI_API_KEY\n"
		   /* the mapping form: the keys */
		   "env     12:7 ELEVENLABS_API_KEY\n"
		   "env     12:29 ELEVENLABS_API_KEY\n"
		   "env     13:7 VOICE\n"
		   "string  4:12 \"acme/worker:latest\"\n"
		   "string  6:9 \"OPENAI_API_KEY=${OPENAI_API_KEY}\"\n"
		   "string  12:27 \"${ELEVENLABS_API_KEY:-changeme}\"\n"
		   "string  13:14 \"Rachel\"\n"
		   "string  16:15 \"python\"\n"
		   "comment 1:1 \"# docker-compose for the media worker\"\n");
	/* numbers are not strings, keys are not strings, $${X} is escaped */
	fx_expect_absent(d, "string  14:");
	fx_expect_absent(d, "\"services\"");
	fx_expect_absent(d, "NOT_A_VAR\n");
	fx_expect_absent(d, "env     15:14");
}

static void test_kubernetes_env_list(void **state)
{
	const char *d =
		fx_facts("yaml", "apiVersion: apps/v1\n"
				 "kind: Deployment\n"
				 "metadata:\n"
				 "  name: media-api\n"
				 "spec:\n"
				 "  template:\n"
				 "    spec:\n"
				 "      containers:\n"
				 "        - name: api\n"
				 "          image: acme/api:2\n"
				 "          env:\n"
				 "            - name: OPENAI_API_KEY\n"
				 "              valueFrom:\n"
				 "                secretKeyRef:\n"
				 "                  name: openai-secret\n"
				 "                  key: api-key\n"
				 "            - name: \"REPLICATE_API_TOKEN\"\n"
				 "              value: r8_placeholder\n");
	(void)state;
	fx_expect_lines(d,
			"env     12:21 OPENAI_API_KEY\n"
			"env     17:22 REPLICATE_API_TOKEN\n"
			"key     8:7 spec.template.spec.containers\n"
			"key     9:11 spec.template.spec.containers.name\n"
			"key     12:15 spec.template.spec.containers.env.name\n"
			"key     15:19 spec.template.spec.containers.env."
			"valueFrom.secretKeyRef.name\n"
			"string  12:21 \"OPENAI_API_KEY\"\n"
			"string  18:22 \"r8_placeholder\"\n");
	/* the container's and the secret's names are not variables */
	fx_expect_absent(d, "env     9:");
	fx_expect_absent(d, "env     15:");
	fx_expect_absent(d, "env     4:");
}

static void test_github_actions_workflow(void **state)
{
	const char *d = fx_facts(
		"yaml",
		"name: narrate\n"
		"on:\n"
		"  workflow_call:\n"
		"    secrets:\n"
		"      RUNWAY_TOKEN:\n"
		"        required: true\n"
		"env:\n"
		"  ELEVENLABS_API_KEY: ${{ secrets.ELEVENLABS_API_KEY }}\n"
		"jobs:\n"
		"  speak:\n"
		"    runs-on: ubuntu-latest\n"
		"    environment:\n"
		"      name: production\n"
		"      url: https://tts.example.com\n"
		"    env:\n"
		"      VOICE: ${{ vars.VOICE_ID || 'Rachel' }}\n"
		"    steps:\n"
		"      - uses: actions/checkout@v4\n"
		"      - run: python speak.py --model ${{ env.TTS_MODEL }}\n"
		"        env:\n"
		"          TOKEN: \"${{ secrets.REPLICATE_API_TOKEN }}\"\n");
	(void)state;
	fx_expect_lines(
		d, "env     5:7 RUNWAY_TOKEN\n"
		   "env     8:3 ELEVENLABS_API_KEY\n"
		   "env     8:35 ELEVENLABS_API_KEY\n"
		   "env     16:7 VOICE\n"
		   "env     16:23 VOICE_ID\n"
		   "env     19:46 TTS_MODEL\n"
		   "env     21:11 TOKEN\n"
		   "env     21:31 REPLICATE_API_TOKEN\n"
		   "key     2:1 on\n"
		   "key     8:3 env.ELEVENLABS_API_KEY\n"
		   "key     18:9 jobs.speak.steps.uses\n"
		   "key     21:11 jobs.speak.steps.env.TOKEN\n"
		   "string  8:23 \"${{ secrets.ELEVENLABS_API_KEY }}\"\n"
		   "string  14:12 \"https://tts.example.com\"\n"
		   "string  19:14 \"python speak.py --model ${{ env.TTS_MODEL "
		   "}}\"\n");
	/* a job's environment is a deployment target, not variables */
	fx_expect_absent(d, "env     13:");
	fx_expect_absent(d, "env     14:");
}

static void test_package_json(void **state)
{
	const char *d = fx_facts(
		"json", "{\n"
			"  \"name\": \"acme-media\",\n"
			"  \"private\": true,\n"
			"  \"scripts\": {\"gen\": \"node gen.js --base "
			"${API_BASE}\"},\n"
			"  \"dependencies\": {\n"
			"    \"openai\": \"^4.0.0\",\n"
			"    \"@runwayml/sdk\": \"1.0.0\",\n"
			"    \"esc\\\"aped\": \"a\\u0041\\n\"\n"
			"  },\n"
			"  \"files\": [\"dist\", [\"README.md\"]],\n"
			"  \"count\": 3\n"
			"}\n");
	(void)state;
	fx_expect_lines(d, "key     2:3 name\n"
			   "key     4:3 scripts\n"
			   "key     4:15 scripts.gen\n"
			   "key     5:3 dependencies\n"
			   "key     6:5 dependencies.openai\n"
			   "key     7:5 dependencies.@runwayml/sdk\n"
			   "key     8:5 dependencies.esc\"aped\n"
			   "key     10:3 files\n"
			   "string  2:11 \"acme-media\"\n"
			   "string  6:15 \"^4.0.0\"\n"
			   "string  7:22 \"1.0.0\"\n"
			   "string  8:18 \"aA\\x0A\"\n"
			   "string  10:13 \"dist\"\n"
			   "string  10:22 \"README.md\"\n"
			   "env     4:44 API_BASE\n");
	fx_expect_absent(d, "\"openai\"");
	fx_expect_absent(d, "\"dependencies\"");
	fx_expect_absent(d, "string  3:");
	fx_expect_absent(d, "string  11:");
	fx_expect_absent(d, "comment");
}

static void test_jsonc_comments_and_env_lists(void **state)
{
	const char *d = fx_facts(
		"json",
		"// VS Code settings (jsonc): uses sora-2\n"
		"{\n"
		"  /* DALL-E defaults */\n"
		"  \"openai.model\": \"dall-e-3\",\n"
		"  \"env\": {\"REPLICATE_API_TOKEN\": "
		"\"${env:REPLICATE_API_TOKEN}\"},\n"
		"  \"containerDefinitions\": [{\"environment\": "
		"[{\"name\": \"STABILITY_API_KEY\", \"value\": \"x\"}]}]\n"
		"}\n");
	(void)state;
	fx_expect_lines(
		d, "comment 1:1 \"// VS Code settings (jsonc): uses sora-2\"\n"
		   "comment 3:3 \"/* DALL-E defaults */\"\n"
		   "key     4:3 openai.model\n"
		   "key     5:11 env.REPLICATE_API_TOKEN\n"
		   "key     6:46 containerDefinitions.environment.name\n"
		   "string  4:19 \"dall-e-3\"\n"
		   "env     5:12 REPLICATE_API_TOKEN\n"
		   "env     5:41 REPLICATE_API_TOKEN\n"
		   "env     6:55 STABILITY_API_KEY\n");
	/* comments are prose */
	fx_expect_absent(d, "\"sora-2\"");
	fx_expect_absent(d, "string  1:");
	fx_expect_absent(d, "string  3:");
	/* the value of an env list item is not a name */
	fx_expect_absent(d, "env     6:84");
}

static void test_pyproject_toml(void **state)
{
	const char *d = fx_facts(
		"toml", "# build settings\n"
			"[project]\n"
			"name = \"acme-media\"\n"
			"dependencies = [\n"
			"  \"openai>=1.30\",  # images\n"
			"  'replicate==0.25.1',\n"
			"]\n"
			"\n"
			"[tool.poetry.dependencies]\n"
			"python = \"^3.11\"\n"
			"elevenlabs = { version = \"^1.0\", extras = "
			"[\"pyaudio\"] }\n"
			"stability-sdk = \"*\"\n"
			"\n"
			"[[tool.mypy.overrides]]\n"
			"module = \"replicate.*\"\n"
			"ignore_missing_imports = true\n"
			"site.\"base url\" = \"https://api.example.com\"\n");
	(void)state;
	fx_expect_lines(
		d, "key     2:2 project\n"
		   "key     3:1 project.name\n"
		   "key     4:1 project.dependencies\n"
		   "key     9:2 tool\n"
		   "key     9:7 tool.poetry\n"
		   "key     9:14 tool.poetry.dependencies\n"
		   "key     10:1 tool.poetry.dependencies.python\n"
		   "key     11:1 tool.poetry.dependencies.elevenlabs\n"
		   "key     11:16 tool.poetry.dependencies.elevenlabs.version\n"
		   "key     12:1 tool.poetry.dependencies.stability-sdk\n"
		   "key     14:3 tool\n"
		   "key     14:13 tool.mypy.overrides\n"
		   "key     15:1 tool.mypy.overrides.module\n"
		   "key     17:1 tool.mypy.overrides.site\n"
		   "key     17:6 tool.mypy.overrides.site.base url\n"
		   "string  3:8 \"acme-media\"\n"
		   "string  5:3 \"openai>=1.30\"\n"
		   "string  6:3 \"replicate==0.25.1\"\n"
		   "string  11:26 \"^1.0\"\n"
		   "string  11:44 \"pyaudio\"\n"
		   "string  17:19 \"https://api.example.com\"\n"
		   "comment 1:1 \"# build settings\"\n"
		   "comment 5:20 \"# images\"\n");
	fx_expect_absent(d, "string  16:");
	fx_expect_absent(d, "\"python\"");
	fx_expect_absent(d, "env ");
}

static void test_toml_strings_and_env_tables(void **state)
{
	const char *d = fx_facts(
		"toml", "run = \"python main.py\"\n"
			"env.FAL_KEY = \"x\"\n"
			"[env]\n"
			"OPENAI_API_KEY = \"\"\n"
			"\"STABILITY KEY\" = '''\n"
			"raw \\n ${NOT_ESCAPED}'''\n"
			"MULTI = \"\"\"\n"
			"a\\tb \\\n"
			"   c\"\"\"\n"
			"[deployment]\n"
			"run = [\"sh\", \"-c\", \"curl ${BASE_URL:-x}/v1\"]\n"
			"[build.environment]\n"
			"NODE_VERSION = \"20\"\n");
	(void)state;
	fx_expect_lines(d, "key     2:1 env\n"
			   "key     2:5 env.FAL_KEY\n"
			   "key     3:2 env\n"
			   "key     4:1 env.OPENAI_API_KEY\n"
			   "key     5:1 env.STABILITY KEY\n"
			   "key     13:1 build.environment.NODE_VERSION\n"
			   "env     2:5 FAL_KEY\n"
			   "env     4:1 OPENAI_API_KEY\n"
			   "env     5:2 STABILITY KEY\n"
			   "env     7:1 MULTI\n"
			   "env     13:1 NODE_VERSION\n"
			   "env     6:10 NOT_ESCAPED\n"
			   "env     11:28 BASE_URL\n"
			   "string  1:7 \"python main.py\"\n"
			   "string  4:18 \"\"\n"
			   "string  5:19 \"raw \\\\n ${NOT_ESCAPED}\"\n"
			   "string  7:9 \"a\\x09b c\"\n"
			   "string  11:20 \"curl ${BASE_URL:-x}/v1\"\n");
	/* a table's plain keys outside [env] are not variables */
	fx_expect_absent(d, "env     1:");
	fx_expect_absent(d, "env     11:1 ");
}

static void test_yaml_scalar_forms(void **state)
{
	const char *d = fx_facts("yaml", "literal: |\n"
					 "  line one\n"
					 "  line two\n"
					 "folded: >-\n"
					 "  one\n"
					 "  two\n"
					 "\n"
					 "  three\n"
					 "quoted: \"tab\\there \\\"q\\\"\"\n"
					 "single: 'it''s'\n"
					 "plain: multi\n"
					 "  line\n"
					 "number: 42\n"
					 "float: 1.5\n"
					 "flag: true\n"
					 "nothing: null\n"
					 "anchored: &a value\n"
					 "alias: *a\n"
					 "tagged: !Ref Bucket\n"
					 "200: ok\n"
					 "flow: {model: sora-2, n: 1}\n"
					 "<<: *a\n");
	(void)state;
	fx_expect_lines(d, "string  1:10 \"line one\\x0Aline two\\x0A\"\n"
			   "string  4:9 \"one two\\x0Athree\"\n"
			   "string  9:9 \"tab\\x09here \\\"q\\\"\"\n"
			   "string  10:9 \"it's\"\n"
			   "string  11:8 \"multi line\"\n"
			   "string  17:14 \"value\"\n"
			   "string  19:14 \"Bucket\"\n"
			   "string  20:6 \"ok\"\n"
			   "string  21:15 \"sora-2\"\n"
			   "key     20:1 200\n"
			   "key     21:1 flow\n"
			   "key     21:8 flow.model\n"
			   "key     21:23 flow.n\n");
	fx_expect_absent(d, "string  13:");
	fx_expect_absent(d, "string  14:");
	fx_expect_absent(d, "string  15:");
	fx_expect_absent(d, "string  16:");
	fx_expect_absent(d, "string  18:");
	fx_expect_absent(d, "<<");
}

static void test_yaml_documents_placeholders_and_cloudformation(void **state)
{
	const char *d = fx_facts(
		"yaml",
		"spring:\n"
		"  ai:\n"
		"    openai:\n"
		"      api-key: ${OPENAI_API_KEY:}\n"
		"      base-url: ${OPENAI_BASE:https://api.openai.com}\n"
		"      name: ${app.name} ${app-name} ${lower-default}\n"
		"---\n"
		"Resources:\n"
		"  Fn:\n"
		"    Properties:\n"
		"      Environment:\n"
		"        Variables:\n"
		"          RUNWAYML_API_SECRET: !Ref Secret\n");
	(void)state;
	fx_expect_lines(
		d, "env     4:18 OPENAI_API_KEY\n"
		   "env     5:19 OPENAI_BASE\n"
		   "env     13:11 RUNWAYML_API_SECRET\n"
		   "key     4:7 spring.ai.openai.api-key\n"
		   "key     8:1 Resources\n"
		   "key     13:11 Resources.Fn.Properties.Environment."
		   "Variables.RUNWAYML_API_SECRET\n"
		   "string  5:17 \"${OPENAI_BASE:https://api.openai.com}\"\n");
	/* property references are not environment variables */
	fx_expect_absent(d, "env     6:");
	fx_expect_absent(d, "env     13:32");
}

static void test_other_resolvers_are_not_variables(void **state)
{
	const char *d = fx_facts(
		"yaml",
		"provider:\n"
		"  environment:\n"
		"    OPENAI_API_KEY: ${ssm:/app/openai}\n"
		"    B: ${self:custom.b} ${env:RUNWAY_KEY} ${opt:stage} "
		"${X:d}\n");
	(void)state;
	fx_expect_lines(d, "env     3:5 OPENAI_API_KEY\n"
			   "env     4:5 B\n"
			   "env     4:31 RUNWAY_KEY\n"
			   "env     4:58 X\n");
	fx_expect_absent(d, "ssm\n");
	fx_expect_absent(d, "self\n");
	fx_expect_absent(d, "opt\n");
	fx_expect_absent(d, "env     4:10");
}

static void test_crlf_and_no_final_newline(void **state)
{
	const char *d = fx_facts("yaml", "# deploy\r\n"
					 "env:\r\n"
					 "  OPENAI_API_KEY: sk\r\n"
					 "script: |\r\n"
					 "  a\r\n"
					 "  b\r\n"
					 "plain: x\r\n"
					 "  y");
	(void)state;
	fx_expect_lines(d, "comment 1:1 \"# deploy\"\n"
			   "env     3:3 OPENAI_API_KEY\n"
			   "key     3:3 env.OPENAI_API_KEY\n"
			   "string  3:19 \"sk\"\n"
			   "string  4:9 \"a\\x0Ab\\x0A\"\n"
			   "string  7:8 \"x y\"\n");
	fx_expect_absent(d, "\\x0D");

	d = fx_facts("toml", "# replit\r\n[env]\r\nKEY = \"v\"  # c\r\n"
			     "[nix]\r\nchannel = 'stable'");
	fx_expect_lines(d, "comment 1:1 \"# replit\"\n"
			   "comment 3:12 \"# c\"\n"
			   "env     3:1 KEY\n"
			   "key     5:1 nix.channel\n"
			   "string  3:7 \"v\"\n"
			   "string  5:11 \"stable\"\n");
	fx_expect_absent(d, "\\x0D");
	fx_expect_absent(d, "env     5:");

	d = fx_facts("json", "{\"a\": \"b\"}");
	fx_expect_lines(d, "key     1:2 a\nstring  1:7 \"b\"\n");
}

static void test_replit(void **state)
{
	const char *d =
		fx_facts("toml", "run = \"npm start\"\n"
				 "modules = [\"nodejs-20\"]\n"
				 "\n"
				 "[env]\n"
				 "ELEVENLABS_API_KEY = \"\"\n"
				 "VOICE_ID = \"EXAVITQu4vr4xnSDxMaL\"\n"
				 "\n"
				 "[deployment]\n"
				 "run = [\"sh\", \"-c\", \"npm start\"]\n");
	(void)state;
	fx_expect_lines(d, "env     5:1 ELEVENLABS_API_KEY\n"
			   "env     6:1 VOICE_ID\n"
			   "key     6:1 env.VOICE_ID\n"
			   "key     9:1 deployment.run\n"
			   "string  6:12 \"EXAVITQu4vr4xnSDxMaL\"\n"
			   "string  9:20 \"npm start\"\n");
	fx_expect_absent(d, "env     9:");
	fx_expect_absent(d, "env     1:");
}

static void test_broken_input(void **state)
{
	const char *d;

	(void)state;
	d = fx_facts("json", "{\"model\": \"dall-e-3\", \"size\": [1, \"x\",, "
			     "\"key\": }\n{{{\n\"tail\": \"end\"");
	fx_expect_lines(d, "key     1:2 model\n"
			   "string  1:11 \"dall-e-3\"\n");
	d = fx_facts("yaml", "a: [b, {c: \n  - d: 'e\n: : :\n\tx: \"y\n");
	(void)d;
	d = fx_facts("toml", "[a.\nb = = \"c\"\n[[x]]\ny = {z = \n\"w\" = 1\n"
			     "q = '''unterminated\n");
	(void)d;
	d = fx_facts("yaml", "");
	fx_expect_absent(d, "key");
	d = fx_facts("json", "");
	fx_expect_absent(d, "key");
	d = fx_facts("toml", "\"\n");
	fx_expect_absent(d, "key");
}

static char *repeat(const char *open, size_t n, const char *mid,
		    const char *close)
{
	size_t lo = strlen(open), lm = strlen(mid), lc = strlen(close);
	char *s = malloc(n * (lo + lc) + lm + 1), *p = s;

	for (size_t i = 0; i < n; i++, p += lo)
		memcpy(p, open, lo);
	memcpy(p, mid, lm);
	p += lm;
	for (size_t i = 0; i < n; i++, p += lc)
		memcpy(p, close, lc);
	*p = '\0';
	return s;
}

static void test_deep_nesting(void **state)
{
	char *s;
	const char *d;

	(void)state;
	/* 5000 nested arrays */
	s = repeat("[", 5000, "\"deep\"", "]");
	d = fx_facts("json", s);
	fx_expect_lines(d, "string  1:5001 \"deep\"\n");
	free(s);
	/* 5000 nested objects: keys below 64 levels have no path */
	s = repeat("{\"k\": ", 5000, "\"v\"", "}");
	d = fx_facts("json", s);
	fx_expect_lines(d, "key     1:2 k\n"
			   "key     1:8 k.k\n"
			   "string  1:30001 \"v\"\n");
	assert_non_null(strstr(d, "\nkey     1:380 ")); /* the 64th */
	fx_expect_absent(d, "key     1:386 ");
	free(s);
	s = repeat("[", 5000, "x", "]");
	d = fx_facts("yaml", s);
	fx_expect_lines(d, "string  1:5001 \"x\"\n");
	free(s);
	s = repeat("{a: ", 5000, "b", "}");
	d = fx_facts("yaml", s);
	(void)d;
	free(s);
	{
		char *arr = repeat("[", 5000, "1", "]");
		char *tbl = repeat("{x = ", 5000, "\"v\"", "}");
		char *doc = malloc(strlen(arr) + strlen(tbl) + 16);
		sprintf(doc, "a = %s\nb = %s\n", arr, tbl);
		d = fx_facts("toml", doc);
		fx_expect_lines(d, "key     1:1 a\nkey     2:1 b\n");
		free(arr);
		free(tbl);
		free(doc);
	}
	/* a dotted key of 100000 parts */
	s = repeat("a.", 100000, "a = 1", "");
	d = fx_facts("toml", s);
	fx_expect_absent(d, "key");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compose_environment_forms),
		cmocka_unit_test(test_kubernetes_env_list),
		cmocka_unit_test(test_github_actions_workflow),
		cmocka_unit_test(test_package_json),
		cmocka_unit_test(test_jsonc_comments_and_env_lists),
		cmocka_unit_test(test_pyproject_toml),
		cmocka_unit_test(test_toml_strings_and_env_tables),
		cmocka_unit_test(test_yaml_scalar_forms),
		cmocka_unit_test(
			test_yaml_documents_placeholders_and_cloudformation),
		cmocka_unit_test(test_other_resolvers_are_not_variables),
		cmocka_unit_test(test_crlf_and_no_final_newline),
		cmocka_unit_test(test_replit),
		cmocka_unit_test(test_broken_input),
		cmocka_unit_test(test_deep_nesting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
