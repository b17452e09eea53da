/* test_extract_java.c - the facts of Java files */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "helpers.h"
#include "util.h"

static void test_imports(void **state)
{
	const char *d = fx_facts(
		"java", "package com.acme.media;\n"
			"\n"
			"import com.openai.client.OpenAIClient;\n"
			"import com.openai.client.okhttp.*;\n"
			"import static com.openai.models.ImageModel.DALL_E_3;\n"
			"import static java.util.Map.*;\n"
			"import com.acme.media.openai.OpenAIWrapper;\n"
			"import com.acme.media.Util;\n"
			"import com.acme.mediaplus.Other;\n");
	(void)state;
	fx_expect_lines(d, "import  3:1 module=com.openai.client "
			   "member=OpenAIClient alias=OpenAIClient\n"
			   "import  4:1 module=com.openai.client.okhttp "
			   "wildcard\n"
			   "import  5:1 module=com.openai.models.ImageModel "
			   "member=DALL_E_3 alias=DALL_E_3\n"
			   "import  6:1 module=java.util.Map wildcard\n"
			   "import  9:1 module=com.acme.mediaplus "
			   "member=Other alias=Other\n");
	/* the file's own package and its subpackages are the project's */
	fx_expect_absent(d, "OpenAIWrapper");
	fx_expect_absent(d, "Util");
}

static void test_spring_rest_template_and_rest_client(void **state)
{
	const char *d = fx_facts(
		"java",
		"@Service\n"
		"public class ImageService {\n"
		"    private static final String PATH = "
		"\"/v1/images/generations\";\n"
		"    private final RestTemplate restTemplate = new "
		"RestTemplate();\n"
		"    @Value(\"${openai.base-url:https://api.openai.com}\")\n"
		"    private String baseUrl;\n"
		"\n"
		"    public String generate(String prompt) {\n"
		"        String url = baseUrl + PATH;\n"
		"        return restTemplate.postForObject(url, "
		"Map.of(\"model\", \"dall-e-3\"), String.class);\n"
		"    }\n"
		"\n"
		"    String viaRestClient(ImageRequest req) {\n"
		"        return restClient.post()\n"
		"                .uri(baseUrl + \"/v1/images/generations\")\n"
		"                .body(req)\n"
		"                .retrieve()\n"
		"                .body(String.class);\n"
		"    }\n"
		"\n"
		"    Mono<String> viaWebClient() {\n"
		"        return webClient.post().uri(\"/v1/videos\")"
		".retrieve().bodyToMono(String.class);\n"
		"    }\n"
		"}\n");
	(void)state;
	fx_expect_lines(
		d,
		"assign  3:5 PATH = \"/v1/images/generations\"\n"
		"assign  3:5 this.PATH = \"/v1/images/generations\"\n"
		"assign  3:5 ImageService.PATH = \"/v1/images/generations\"\n"
		"assign  4:5 restTemplate = call RestTemplate()\n"
		"assign  4:5 ImageService.restTemplate = call RestTemplate()\n"
		/* @Value: the default Spring falls back on */
		"assign  5:5 baseUrl = \"https://api.openai.com\"\n"
		"assign  5:5 this.baseUrl = \"https://api.openai.com\"\n"
		"assign  9:9 url = concat(name baseUrl, name PATH)\n"
		"call    4:47 new RestTemplate()\n"
		"call    10:16 restTemplate.postForObject(name url, call "
		"Map.of(\"model\", \"dall-e-3\"), ?)\n"
		"call    14:16 restClient.post().uri(concat(name baseUrl, "
		"\"/v1/images/generations\"))\n"
		"call    14:16 restClient.post().uri().body(name req)\n"
		"call    14:16 restClient.post()\n"
		"string  3:40 \"/v1/images/generations\"\n"
		"string  10:64 \"dall-e-3\"\n"
		"call    22:16 webClient.post().uri(\"/v1/videos\")\n"
		"env     5:15 openai.base-url\n");
	/* locals are not members */
	fx_expect_absent(d, "this.url");
	fx_expect_absent(d, "ImageService.url");
}

static void test_okhttp_and_java_http_client(void **state)
{
	const char *d = fx_facts(
		"java",
		"class Speech {\n"
		"    void speak(String base, String json) throws IOException "
		"{\n"
		"        Request request = new Request.Builder()\n"
		"                .url(base + \"/v1/audio/speech\")\n"
		"                .header(\"Authorization\", \"Bearer \" + "
		"System.getenv(\"OPENAI_API_KEY\"))\n"
		"                .build();\n"
		"        try (Response response = "
		"client.newCall(request).execute()) {\n"
		"            save(response);\n"
		"        }\n"
		"    }\n"
		"    void video(String base) {\n"
		"        HttpRequest req = HttpRequest.newBuilder()\n"
		"                "
		".uri(URI.create(String.format(\"%s/v1/videos\", "
		"base)))\n"
		"                .header(\"Authorization\", \"Bearer "
		"%s\".formatted(key))\n"
		"                .build();\n"
		"        http.send(req, "
		"HttpResponse.BodyHandlers.ofString());\n"
		"        var loc = String.format(Locale.ROOT, \"%s/x\", "
		"base);\n"
		"        java.util.List<String> l = new "
		"java.util.ArrayList<>();\n"
		"    }\n"
		"}\n");
	(void)state;
	fx_expect_lines(
		d,
		"assign  3:9 request = call "
		"Request.Builder().url().header().build()\n"
		"assign  7:14 response = call client.newCall().execute()\n"
		"call    3:27 new Request.Builder()\n"
		"call    3:27 Request.Builder().url(concat(name base, "
		"\"/v1/audio/speech\"))\n"
		"call    3:27 "
		"Request.Builder().url().header(\"Authorization\", "
		"concat(\"Bearer \", call System.getenv(\"OPENAI_API_KEY\")))\n"
		"call    7:34 client.newCall(name request)\n"
		"call    12:27 HttpRequest.newBuilder().uri(call "
		"URI.create(format(\"%s/v1/videos\", name base)))\n"
		"call    12:27 HttpRequest.newBuilder().uri().header("
		"\"Authorization\", format(\"Bearer %s\", name key))\n"
		"call    13:22 URI.create(format(\"%s/v1/videos\", name "
		"base))\n"
		"call    13:33 String.format(\"%s/v1/videos\", name base)\n"
		"call    16:9 http.send(name req, call "
		"HttpResponse.BodyHandlers.ofString())\n"
		"assign  17:9 loc = format(\"%s/x\", name base)\n"
		"call    18:36 new java.util.ArrayList()\n"
		"string  4:29 \"/v1/audio/speech\"\n"
		"string  13:47 \"%s/v1/videos\"\n"
		"env     5:68 OPENAI_API_KEY\n");
}

static void test_openai_java_sdk(void **state)
{
	const char *d = fx_facts(
		"java",
		"import com.openai.client.okhttp.OpenAIOkHttpClient;\n"
		"class Images {\n"
		"    ImagesResponse make() {\n"
		"        OpenAIClient client = OpenAIOkHttpClient.fromEnv();\n"
		"        ImageGenerateParams params = "
		"ImageGenerateParams.builder()\n"
		"                .model(ImageModel.DALL_E_3)\n"
		"                .prompt(\"a red fox\")\n"
		"                .build();\n"
		"        this.last = client.images().generate(params);\n"
		"        counter = counter + 1;\n"
		"        url += \"/v1\";\n"
		"        return this.last;\n"
		"    }\n"
		"}\n");
	(void)state;
	fx_expect_lines(
		d, "import  1:1 module=com.openai.client.okhttp "
		   "member=OpenAIOkHttpClient alias=OpenAIOkHttpClient\n"
		   "assign  4:9 client = call OpenAIOkHttpClient.fromEnv()\n"
		   "assign  5:9 params = call "
		   "ImageGenerateParams.builder().model().prompt().build()\n"
		   "assign  9:9 this.last = call "
		   "client.images().generate(name params)\n"
		   "assign  10:9 counter = concat(name counter, ?)\n"
		   "assign  11:9 url = concat(name url, \"/v1\")\n"
		   "call    4:31 OpenAIOkHttpClient.fromEnv()\n"
		   "call    5:38 ImageGenerateParams.builder().model(name "
		   "ImageModel.DALL_E_3)\n"
		   "call    9:21 client.images().generate(name params)\n"
		   "call    9:21 client.images()\n");
}

static void test_env_reads_and_placeholders(void **state)
{
	const char *d = fx_facts(
		"java",
		"class Keys {\n"
		"    Keys(@Value(\"${ELEVENLABS_API_KEY}\") String key, "
		"Environment environment) {\n"
		"        String a = System.getenv(\"REPLICATE_API_TOKEN\");\n"
		"        String b = "
		"System.getenv().get(\"RUNWAYML_API_SECRET\");\n"
		"        String c = "
		"environment.getProperty(\"stability.key\");\n"
		"        String d = System.getProperty(\"fal.key\");\n"
		"        String e = props.get(\"NOT_ENV\");\n"
		"        String f = \"${A_KEY:${B_KEY}} $NOT {x}\";\n"
		"        String g = dotenv.get(\"OPENAI_API_KEY\");\n"
		"        String h = Dotenv.load().get(\"LUMA_API_KEY\");\n"
		"    }\n"
		"}\n");
	(void)state;
	/* a placeholder without a default: a value known only at run time */
	fx_expect_lines(d, "assign  2:10 key = ?\n"
			   "env     2:20 ELEVENLABS_API_KEY\n"
			   "env     3:34 REPLICATE_API_TOKEN\n"
			   "env     4:40 RUNWAYML_API_SECRET\n"
			   "env     5:44 stability.key\n"
			   "env     6:39 fal.key\n"
			   "env     8:23 A_KEY\n"
			   "env     8:31 B_KEY\n"
			   "env     9:31 OPENAI_API_KEY\n"
			   "env     10:38 LUMA_API_KEY\n");
	fx_expect_absent(d, "env     7:");
	fx_expect_absent(d, "env     8:40");
}

static void test_spring_value_defaults(void **state)
{
	const char *d = fx_facts(
		"java",
		"class Props {\n"
		"    @Value(\"${A_URL:${B_URL:https://api.runwayml.com}}/v1/"
		"${TASK}\")\n"
		"    private String url;\n"
		"    @Value(\"#{systemProperties['x']}\") String spel;\n"
		"    @Value(\"${unclosed\") String odd;\n"
		"}\n");
	(void)state;
	fx_expect_lines(
		d,
		"assign  2:5 url = concat(\"https://api.runwayml.com/v1/\", "
		"?)\n"
		"assign  2:5 Props.url = concat(\"https://api.runwayml.com/"
		"v1/\", ?)\n"
		"assign  4:5 spel = \"#{systemProperties['x']}\"\n"
		"assign  5:5 odd = \"${unclosed\"\n"
		"string  2:12 \"${A_URL:${B_URL:https://api.runwayml.com}}/v1/"
		"${TASK}\"\n"
		"env     2:15 A_URL\n"
		"env     2:23 B_URL\n"
		"env     2:61 TASK\n");
}

static void test_comments_and_prose_are_not_strings(void **state)
{
	const char *d = fx_facts(
		"java", "/**\n"
			" * Generates images with dall-e-3.\n"
			" */\n"
			"class Controller {\n"
			"    // was sora-2\n"
			"    @Operation(summary = \"Video with sora-2\", "
			"description = \"Calls runway\")\n"
			"    @DisplayName(\"uses gpt-image-1\")\n"
			"    String run() {\n"
			"        /* replicate */\n"
			"        String body = \"\"\"\n"
			"            {\"model\": \"tts-1\",\n"
			"             \"voice\": \"a\\tb\"}\n"
			"            \"\"\";\n"
			"        return \"whisper-1\";\n"
			"    }\n"
			"}\n");
	(void)state;
	fx_expect_lines(d,
			"comment 1:1 \"/**\\x0A * Generates images with "
			"dall-e-3.\\x0A */\"\n"
			"comment 5:5 \"// was sora-2\"\n"
			"comment 6:26 \"\\\"Video with sora-2\\\"\"\n"
			"comment 9:9 \"/* replicate */\"\n"
			"string  10:23 \"{\\\"model\\\": \\\"tts-1\\\",\\x0A "
			"\\\"voice\\\": \\\"a\\x09b\\\"}\\x0A\"\n"
			"string  14:16 \"whisper-1\"\n");
	fx_expect_absent(d, "string  1:");
	fx_expect_absent(d, "string  5:");
	fx_expect_absent(d, "string  6:");
	fx_expect_absent(d, "string  7:");
	fx_expect_absent(d, "\"sora-2");
	fx_expect_absent(d, "\"gpt-image-1");
}

static void test_broken_code_yields_fewer_facts(void **state)
{
	const char *d =
		fx_facts("java", "class Broken {\n"
				 "    void f( {\n"
				 "        client.images().generate(params\n"
				 "        String url = base + \"/v1/videos\";\n"
				 "    }}}}\n"
				 "    import static ;\n"
				 "    new (;\n"
				 "    .uri(\n"
				 "String s = \"unterminated\n");
	(void)state;
	fx_expect_lines(d, "string  4:29 \"/v1/videos\"\n");
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
	char *parens = nested("class A { Object x = ", "(", 5000, "\"deep\"",
			      ")", "; String after = \"after\"; }\n");
	char *calls = nested("class B { void f() { a(", "b(", 5000, "\"x\"",
			     ")", "); } }\n");
	char *chain = nested("class C { Object y = client", ".m()", 5000, "",
			     "", "; }\n");
	char *plus = nested("class D { String s = \"a\"", " + \"b\"", 20000, "",
			    "", "; }\n");
	char *classes = nested("", "class E { ", 3000,
			       "static final String K = \"k\";", "}", "\n");
	const char *d;

	(void)state;
	d = fx_facts("java", parens);
	fx_expect_lines(d, "string  1:5022 \"deep\"\n"
			   "assign  1:10030 after = \"after\"\n");
	fx_facts("java", calls);
	fx_facts("java", chain);
	d = fx_facts("java", plus);
	fx_expect_lines(d, "string  1:22 \"a\"\n");
	d = fx_facts("java", classes);
	fx_expect_lines(d, "assign  1:30001 E.K = \"k\"\n");
	free(parens);
	free(calls);
	free(chain);
	free(plus);
	free(classes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_imports),
		cmocka_unit_test(test_spring_rest_template_and_rest_client),
		cmocka_unit_test(test_okhttp_and_java_http_client),
		cmocka_unit_test(test_openai_java_sdk),
		cmocka_unit_test(test_env_reads_and_placeholders),
		cmocka_unit_test(test_spring_value_defaults),
		cmocka_unit_test(test_comments_and_prose_are_not_strings),
		cmocka_unit_test(test_broken_code_yields_fewer_facts),
		cmocka_unit_test(test_deep_nesting_does_not_crash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
