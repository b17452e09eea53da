/* test_extract_kotlin.c - the facts of Kotlin files */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "helpers.h"
#include "parse.h"
#include "util.h"

static void test_imports(void **state)
{
	const char *d =
		fx_facts("kotlin", "package com.acme.media\n"
				   "\n"
				   "import com.acme.media.openai.Wrapper\n"
				   "import com.openai.client.OpenAIClient\n"
				   "import okhttp3.OkHttpClient as Http\n"
				   "import okhttp3.*\n"
				   "import io.ktor.client.request.post\n"
				   "import com.acme.mediaplus.Other\n");
	(void)state;
	fx_expect_lines(d, "import  4:1 module=com.openai.client "
			   "member=OpenAIClient alias=OpenAIClient\n"
			   "import  5:1 module=okhttp3 member=OkHttpClient "
			   "alias=Http\n"
			   "import  6:1 module=okhttp3 wildcard\n"
			   "import  7:1 module=io.ktor.client.request "
			   "member=post alias=post\n"
			   "import  8:1 module=com.acme.mediaplus member=Other "
			   "alias=Other\n");
	/* the file's own package and its subpackages are the project's */
	fx_expect_absent(d, "Wrapper");
}

static void test_okhttp_with_string_templates(void **state)
{
	const char *d = fx_facts(
		"kotlin",
		"class SpeechClient(\n"
		"    @Value(\"\\${openai.api-key}\") private val apiKey: "
		"String,\n"
		"    private val base: String = \"https://api.openai.com\",\n"
		") {\n"
		"    private val client = OkHttpClient.Builder().build()\n"
		"    var model: String = \"tts-1\"\n"
		"\n"
		"    companion object {\n"
		"        const val SPEECH_PATH = \"/v1/audio/speech\"\n"
		"    }\n"
		"\n"
		"    fun speak(voice: Voice, text: String): ByteArray {\n"
		"        val request = Request.Builder()\n"
		"            .url(\"$base/v1/audio/speech/${voice.id}\")\n"
		"            .header(\"Authorization\", \"Bearer $apiKey\")\n"
		"            .build()\n"
		"        client.newCall(request).execute().use { return "
		"it.body!!.bytes() }\n"
		"    }\n"
		"}\n");
	(void)state;
	fx_expect_lines(
		d,
		"assign  2:5 apiKey = ?\n"
		"assign  2:5 this.apiKey = ?\n"
		"assign  2:5 SpeechClient.apiKey = ?\n"
		"assign  5:5 client = call OkHttpClient.Builder().build()\n"
		"assign  5:5 this.client = call "
		"OkHttpClient.Builder().build()\n"
		"assign  6:5 SpeechClient.model = \"tts-1\"\n"
		"assign  9:9 SPEECH_PATH = \"/v1/audio/speech\"\n"
		"assign  9:9 SpeechClient.SPEECH_PATH = \"/v1/audio/speech\"\n"
		"assign  13:9 request = call "
		"Request.Builder().url().header().build()\n"
		"call    5:26 OkHttpClient.Builder()\n"
		"call    13:23 Request.Builder()\n"
		"call    13:23 Request.Builder().url(concat(name base, "
		"\"/v1/audio/speech/\", name voice.id))\n"
		"call    13:23 "
		"Request.Builder().url().header(\"Authorization\", "
		"concat(\"Bearer \", name apiKey))\n"
		"call    17:9 client.newCall(name request)\n"
		"call    17:9 client.newCall().execute().use()\n"
		"call    17:56 it.body.bytes()\n"
		"string  14:18 \"{}/v1/audio/speech/{}\"\n"
		"string  15:38 \"Bearer {}\"\n"
		"env     2:16 openai.api-key\n");
	/* a default parameter value is not an assignment */
	fx_expect_absent(d, "base = ");
	/* ${voice.id} is an interpolation, not a placeholder */
	fx_expect_absent(d, "env     14");
}

static void test_calls_formats_and_assignments(void **state)
{
	const char *d = fx_facts(
		"kotlin",
		"object Config {\n"
		"    const val BASE = \"https://api.elevenlabs.io\"\n"
		"}\n"
		"fun other(base: String) {\n"
		"    val u = String.format(\"%s/v1/videos\", base)\n"
		"    val v = \"%s/v1/images\".format(base)\n"
		"    val w = base + SPEECH_PATH + \"/x\"\n"
		"    var model = \"tts-1\"\n"
		"    model = \"tts-1-hd\"\n"
		"    this.model = \"gpt-4o-mini-tts\"\n"
		"    url += \"/v1\"\n"
		"    val raw = \"\"\"{\"model\": \"$model\", \"x\": "
		"\"\\n\"}\"\"\"\n"
		"    val resp = "
		"OpenAIOkHttpClient.fromEnv().images().generate(params)\n"
		"    val r = httpClient.post(\"$base/v1/images/generations\") "
		"{ setBody(req) }\n"
		"    val n = Foo(url = \"https://x\", 2)\n"
		"    val (a, b) = pair\n"
		"}\n");
	(void)state;
	fx_expect_lines(
		d,
		"assign  2:5 BASE = \"https://api.elevenlabs.io\"\n"
		"assign  2:5 this.BASE = \"https://api.elevenlabs.io\"\n"
		"assign  2:5 Config.BASE = \"https://api.elevenlabs.io\"\n"
		"assign  5:5 u = format(\"%s/v1/videos\", name base)\n"
		"assign  6:5 v = format(\"%s/v1/images\", name base)\n"
		"assign  7:5 w = concat(name base, name SPEECH_PATH, \"/x\")\n"
		"assign  8:5 model = \"tts-1\"\n"
		"assign  9:5 model = \"tts-1-hd\"\n"
		"assign  10:5 this.model = \"gpt-4o-mini-tts\"\n"
		"assign  11:5 url = concat(name url, \"/v1\")\n"
		"assign  12:5 raw = concat(\"{\\\"model\\\": \\\"\", name "
		"model, "
		"\"\\\", \\\"x\\\": \\\"\\\\n\\\"}\")\n"
		"assign  13:5 resp = call "
		"OpenAIOkHttpClient.fromEnv().images().generate(name params)\n"
		"assign  14:5 r = call httpClient.post(concat(name base, "
		"\"/v1/images/generations\"))\n"
		"assign  15:5 n = call Foo(url=\"https://x\", ?)\n"
		"call    5:13 String.format(\"%s/v1/videos\", name base)\n"
		"call    13:16 OpenAIOkHttpClient.fromEnv().images()."
		"generate(name params)\n"
		"call    13:16 OpenAIOkHttpClient.fromEnv()\n"
		"call    14:13 httpClient.post(concat(name base, "
		"\"/v1/images/generations\"))\n"
		"call    14:62 setBody(name req)\n"
		"string  12:15 \"{\\\"model\\\": \\\"{}\\\", \\\"x\\\": "
		"\\\"\\\\n\\\"}\"\n");
	/* locals are not members; destructuring is skipped */
	fx_expect_absent(d, "this.u");
	fx_expect_absent(d, "this.model = \"tts-1\"");
	fx_expect_absent(d, "assign  16:");
	/* the trailing lambda does not make a second call */
	fx_expect_absent(d, "post()()");
}

static void test_env_reads_and_placeholders(void **state)
{
	const char *d = fx_facts(
		"kotlin",
		"fun keys(environment: Environment) {\n"
		"    val a = System.getenv(\"ELEVENLABS_API_KEY\") ?: \"\"\n"
		"    val b = System.getenv()[\"RUNWAYML_API_SECRET\"]\n"
		"    val c = environment.getProperty(\"stability.key\")\n"
		"    val d = environment.config.property(\"fal.key\")."
		"getString()\n"
		"    val e = settings[\"NOT_ENV\"]\n"
		"    val f = \"\\${REPLICATE_API_TOKEN:none} ${notEnv}\"\n"
		"    val g = dotenv[\"OPENAI_API_KEY\"]\n"
		"}\n"
		"class Props {\n"
		"    @Value(\"\\${openai.model:${'$'}{MODEL:sora-2}}/x\")\n"
		"    lateinit var model: String\n"
		"}\n");
	(void)state;
	fx_expect_lines(d, "env     2:27 ELEVENLABS_API_KEY\n"
			   "env     3:29 RUNWAYML_API_SECRET\n"
			   "env     4:37 stability.key\n"
			   "env     5:41 fal.key\n"
			   "env     7:17 REPLICATE_API_TOKEN\n"
			   "env     8:20 OPENAI_API_KEY\n"
			   "env     11:12 openai.model\n"
			   "env     11:12 MODEL\n"
			   "assign  11:5 model = \"sora-2/x\"\n"
			   "assign  11:5 Props.model = \"sora-2/x\"\n"
			   "string  7:13 \"${REPLICATE_API_TOKEN:none} {}\"\n");
	fx_expect_absent(d, "NOT_ENV\n");
	fx_expect_absent(d, "notEnv\n");
}

static void test_comments_and_prose_are_not_strings(void **state)
{
	const char *d = fx_facts(
		"kotlin", "/** Speech with tts-1 via OpenAI. */\n"
			  "class Api {\n"
			  "    // was ElevenLabs before\n"
			  "    @Operation(summary = \"Video with sora-2\")\n"
			  "    @DisplayName(\"gpt-image-1\")\n"
			  "    fun run(): String {\n"
			  "        /* dall-e-3 */\n"
			  "        return \"whisper-1\"\n"
			  "    }\n"
			  "}\n");
	(void)state;
	fx_expect_lines(d,
			"comment 1:1 \"/** Speech with tts-1 via OpenAI. */\"\n"
			"comment 3:5 \"// was ElevenLabs before\"\n"
			"comment 4:26 \"\\\"Video with sora-2\\\"\"\n"
			"comment 5:18 \"\\\"gpt-image-1\\\"\"\n"
			"comment 7:9 \"/* dall-e-3 */\"\n"
			"string  8:16 \"whisper-1\"\n");
	fx_expect_absent(d, "string  1:");
	fx_expect_absent(d, "string  4:");
	fx_expect_absent(d, "string  5:");
	fx_expect_absent(d, "\"dall-e-3");
}

static void test_broken_code_yields_fewer_facts(void **state)
{
	const char *d =
		fx_facts("kotlin", "class Broken {\n"
				   "    fun f( {\n"
				   "        client.images().generate(params\n"
				   "    val url = base + \"/v1/videos\"\n"
				   "    }}}}\n"
				   "    import ;\n"
				   "    val = (\n"
				   "    .url(\n"
				   "val s = \"unterminated $\n");
	(void)state;
	fx_expect_lines(d, "string  4:22 \"/v1/videos\"\n");
}

static char *nested(const char *head, const char *open, int depth,
		    const char *mid, const char *close, const char *tail)
{
	sunset_buf b = SUNSET_BUF_INIT;

	sunset_buf_puts(&b, head);
	for (int i = 0; i < depth; i++)
		sunset_buf_puts(&b, open);
	sunset_buf_puts(&b, mid);
	for (int i = 0; i < depth; i++)
		sunset_buf_puts(&b, close);
	sunset_buf_puts(&b, tail);
	return sunset_buf_detach(&b);
}

static void test_deep_nesting_does_not_crash(void **state)
{
	char *parens = nested("val x = ", "(", 5000, "\"deep\"", ")",
			      "\nval after = \"after\"\n");
	char *calls = nested("fun f() { a(", "b(", 5000, "\"x\"", ")", ") }\n");
	/* the grammar's scanner aborts the process past about 1024 open
	 * strings (its serialization buffer): sunset_parse refuses files
	 * nested past 512 braces before the grammar sees them */
	char *templates = nested("val t = ", "\"${", 500, "x", "}\"", "\n");
	char *hostile = nested("val t = ", "\"${", 2000, "x", "}\"", "\n");
	sunset_parser *p = sunset_parser_new(0, NULL);
	TSTree *tree = NULL;
	char *plus = nested("val s = \"a\"", " + \"b\"", 20000, "", "", "\n");
	const char *d;

	(void)state;
	d = fx_facts("kotlin", parens);
	fx_expect_lines(d, "string  1:5009 \"deep\"\n"
			   "assign  2:1 after = \"after\"\n");
	fx_facts("kotlin", calls);
	fx_facts("kotlin", templates);
	assert_int_equal(sunset_parse(&tree, p, SUNSET_LANG_KOTLIN, hostile,
				      strlen(hostile)),
			 SUNSET_ETOODEEP);
	assert_null(tree);
	sunset_parser_delete(p);
	free(hostile);
	d = fx_facts("kotlin", plus);
	fx_expect_lines(d, "string  1:9 \"a\"\n");
	free(parens);
	free(calls);
	free(templates);
	free(plus);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_imports),
		cmocka_unit_test(test_okhttp_with_string_templates),
		cmocka_unit_test(test_calls_formats_and_assignments),
		cmocka_unit_test(test_env_reads_and_placeholders),
		cmocka_unit_test(test_comments_and_prose_are_not_strings),
		cmocka_unit_test(test_broken_code_yields_fewer_facts),
		cmocka_unit_test(test_deep_nesting_does_not_crash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
