/* test_extract_php.c - the facts of PHP files */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "helpers.h"

static void test_use_declarations_are_imports(void **state)
{
	const char *d =
		fx_facts("php", "<?php\n"
				"namespace App\\Services;\n"
				"\n"
				"use OpenAI\\Client;\n"
				"use GuzzleHttp\\Client as Http;\n"
				"use OpenAI\\Responses\\{CreateResponse, "
				"Images\\CreateResponse as ImageResponse};\n"
				"use function Illuminate\\Support\\env;\n"
				"require 'vendor/autoload.php';\n"
				"require_once __DIR__ . '/openai.php';\n"
				"class Gen { use HasOpenAI; }\n");
	(void)state;
	fx_expect_lines(
		d, "import  4:1 module=OpenAI\\Client alias=Client\n"
		   "import  5:1 module=GuzzleHttp\\Client alias=Http\n"
		   "import  6:1 module=OpenAI\\Responses\\CreateResponse "
		   "alias=CreateResponse\n"
		   "import  6:1 module=OpenAI\\Responses\\Images\\"
		   "CreateResponse alias=ImageResponse\n"
		   "import  7:1 module=Illuminate\\Support\\env alias=env\n"
		   "string  8:9 \"vendor/autoload.php\"\n");
	/* require is not an import, a trait use is not either; the
	 * namespace declared is the file's own */
	fx_expect_absent(d, "module=vendor");
	fx_expect_absent(d, "module=/openai");
	fx_expect_absent(d, "import  9:");
	fx_expect_absent(d, "HasOpenAI");
	fx_expect_absent(d, "module=App");
}

static void test_openai_php_client_and_guzzle_constructors(void **state)
{
	const char *d = fx_facts(
		"php",
		"<?php\n"
		"$client = OpenAI::client(getenv('OPENAI_API_KEY'));\n"
		"$result = OpenAI::client(getenv('OPENAI_API_KEY'))->images()"
		"->create([\n"
		"    'model' => 'dall-e-3',\n"
		"    'prompt' => $prompt,\n"
		"]);\n"
		"$http = new \\GuzzleHttp\\Client(['base_uri' => "
		"'https://api.stability.ai']);\n"
		"$c = new Client();\n");
	(void)state;
	fx_expect_lines(
		d,
		"assign  2:1 client = call OpenAI.client(call "
		"getenv(\"OPENAI_API_KEY\"))\n"
		"call    2:11 OpenAI.client(call getenv(\"OPENAI_API_KEY\"))\n"
		"call    2:26 getenv(\"OPENAI_API_KEY\")\n"
		"env     2:33 OPENAI_API_KEY\n"
		"assign  3:1 result = call OpenAI.client().images().create(?)\n"
		/* an array argument is UNKNOWN, its strings are strings */
		"call    3:11 OpenAI.client().images().create(?)\n"
		"call    3:11 OpenAI.client().images()\n"
		"string  4:16 \"dall-e-3\"\n"
		"assign  7:1 http = call GuzzleHttp\\Client(?)\n"
		"call    7:9 new GuzzleHttp\\Client(?)\n"
		"string  7:47 \"https://api.stability.ai\"\n"
		"call    8:6 new Client()\n");
}

static void test_guzzle_class_with_constants_and_properties(void **state)
{
	const char *d = fx_facts(
		"php",
		"<?php\n"
		"class RunwayClient\n"
		"{\n"
		"    const BASE = 'https://api.dev.runwayml.com';\n"
		"    private string $base = self::BASE;\n"
		"    private static $version = '2024-11-06';\n"
		"\n"
		"    public function __construct(private Http $http)\n"
		"    {\n"
		"        $this->base = env('RUNWAY_BASE', self::BASE);\n"
		"    }\n"
		"\n"
		"    public function imageToVideo(string $img): array\n"
		"    {\n"
		"        return $this->http->post($this->base . "
		"'/v1/image_to_video', [\n"
		"            'headers' => ['X-Runway-Version' => "
		"self::$version, 'Authorization' => \"Bearer {$this->key}\"],\n"
		"            'json' => ['promptImage' => $img, 'model' => "
		"'gen4_turbo'],\n"
		"        ]);\n"
		"    }\n"
		"}\n");
	(void)state;
	fx_expect_lines(
		d,
		"assign  4:11 BASE = \"https://api.dev.runwayml.com\"\n"
		"assign  4:11 self.BASE = \"https://api.dev.runwayml.com\"\n"
		"assign  4:11 static.BASE = \"https://api.dev.runwayml.com\"\n"
		"assign  4:11 RunwayClient.BASE = "
		"\"https://api.dev.runwayml.com\"\n"
		"assign  5:20 this.base = name self.BASE\n"
		"assign  6:20 self.version = \"2024-11-06\"\n"
		"assign  6:20 RunwayClient.version = \"2024-11-06\"\n"
		"assign  10:9 this.base = call env(\"RUNWAY_BASE\", name "
		"self.BASE)\n"
		"env     10:27 RUNWAY_BASE\n"
		"call    15:16 this.http.post(concat(name this.base, "
		"\"/v1/image_to_video\"), ?)\n"
		"string  16:27 \"X-Runway-Version\"\n"
		"string  16:84 \"Bearer {}\"\n"
		"string  17:58 \"gen4_turbo\"\n");
	/* the `string` type is not a string; a promoted constructor
	 * parameter is not an assignment */
	fx_expect_absent(d, "string  5:");
	fx_expect_absent(d, "string  13:");
	fx_expect_absent(d, "this.http =");
}

static void test_curl_laravel_and_string_forms(void **state)
{
	const char *d = fx_facts(
		"php",
		"<?php\n"
		"$base = $_ENV['LUMA_BASE'] ?? "
		"'https://api.lumalabs.ai/dream-machine';\n"
		"$ch = curl_init();\n"
		"curl_setopt($ch, CURLOPT_URL, sprintf('%s/v1/videos', "
		"$base));\n"
		"curl_setopt($ch, CURLOPT_HTTPHEADER, [\"Authorization: Bearer "
		"$key\", 'Content-Type: application/json']);\n"
		"$url = \"$base/generations/{$id}\";\n"
		"$url .= '?wait=1';\n"
		"$key = config('services.openai.key');\n"
		"$k2 = $_SERVER[\"ELEVENLABS_API_KEY\"];\n"
		"$r = Http::withToken($key)->timeout(60)->post(url: "
		"'https://api.openai.com/v1/audio/speech', data: $payload);\n"
		"$s = \"tab\\there\\x41 \\u{e9} \\$notvar\";\n"
		"$t = 'single \\n stays \\'quoted\\'';\n"
		"$body = <<<JSON\n"
		"    {\"model\": \"{$model}\",\n"
		"      \"voice\": \"alloy\"}\n"
		"    JSON;\n"
		"$raw = <<<'TXT'\n"
		"  no $interp here\n"
		"  TXT;\n"
		"define('FAL_URL', 'https://fal.run');\n");
	(void)state;
	fx_expect_lines(
		d,
		"env     2:15 LUMA_BASE\n"
		"string  2:31 \"https://api.lumalabs.ai/dream-machine\"\n"
		"assign  3:1 ch = call curl_init()\n"
		"call    4:1 curl_setopt(name ch, name CURLOPT_URL, "
		"format(\"%s/v1/videos\", name base))\n"
		"call    4:31 sprintf(\"%s/v1/videos\", name base)\n"
		"call    5:1 curl_setopt(name ch, name CURLOPT_HTTPHEADER, ?)\n"
		"string  5:39 \"Authorization: Bearer {}\"\n"
		"assign  6:1 url = concat(name base, \"/generations/\", name "
		"id)\n"
		"string  6:8 \"{}/generations/{}\"\n"
		"assign  7:1 url = concat(name url, \"?wait=1\")\n"
		"env     8:15 services.openai.key\n"
		"env     9:16 ELEVENLABS_API_KEY\n"
		/* named arguments are keywords */
		"call    10:6 Http.withToken().timeout().post("
		"url=\"https://api.openai.com/v1/audio/speech\", data=name "
		"payload)\n"
		"call    10:6 Http.withToken(name key)\n"
		"assign  11:1 s = \"tab\\x09hereA \\xC3\\xA9 $notvar\"\n"
		"assign  12:1 t = \"single \\\\n stays 'quoted'\"\n"
		/* a heredoc loses its closing marker's indentation */
		"assign  13:1 body = concat(\"{\\\"model\\\": \\\"\", name "
		"model, \"\\\",\\x0A  \\\"voice\\\": \\\"alloy\\\"}\")\n"
		"string  13:9 \"{\\\"model\\\": \\\"{}\\\",\\x0A  "
		"\\\"voice\\\": \\\"alloy\\\"}\"\n"
		"assign  17:1 raw = \"no $interp here\"\n"
		"assign  20:1 FAL_URL = \"https://fal.run\"\n");
}

static void test_template_text_and_comments_are_not_strings(void **state)
{
	const char *d = fx_facts(
		"php", "<!DOCTYPE html>\n"
		       "<html>\n"
		       "<head><title>Images by OpenAI DALL-E 3</title></head>\n"
		       "<body>\n"
		       "<?php if ($img): ?>\n"
		       "  <img src=\"<?= htmlspecialchars($img) ?>\" "
		       "alt=\"made with Stability\">\n"
		       "<?php endif; ?>\n"
		       "<p>Voices from ElevenLabs</p>\n"
		       "<?php\n"
		       "// uses sora-2 for the preview\n"
		       "# replicate fallback\n"
		       "/** @see https://api.openai.com */\n"
		       "echo \"dall-e-3\";\n"
		       "?>\n"
		       "</body>\n"
		       "</html>\n");
	(void)state;
	fx_expect_lines(d,
			"call    6:17 htmlspecialchars(name img)\n"
			"comment 10:1 \"// uses sora-2 for the preview\"\n"
			"comment 11:1 \"# replicate fallback\"\n"
			"comment 12:1 \"/** @see https://api.openai.com */\"\n"
			"string  13:6 \"dall-e-3\"\n");
	fx_expect_absent(d, "OpenAI DALL-E");
	fx_expect_absent(d, "Stability");
	fx_expect_absent(d, "ElevenLabs");
	fx_expect_absent(d, "string  10:");
	fx_expect_absent(d, "string  11:");
	fx_expect_absent(d, "string  12:");
}

/* Broken code yields what can be recovered, deep nesting no crash. */
static void test_broken_and_deeply_nested(void **state)
{
	enum { N = 5000 };
	size_t cap = 16 * N + 256, len = 0;
	char *src = malloc(cap);
	const char *d;

	(void)state;
	d = fx_facts("php",
		     "<?php\n"
		     "class Broken {\n"
		     "  function go( {\n"
		     "    $this->http->post('https://api.runwayml.com/v1'\n"
		     "  }}} ((\n"
		     "$x = \"{$\n"
		     "$y = <<<EOT\n");
	fx_expect_lines(d, "string  4:23 \"https://api.runwayml.com/v1\"\n");

	len += (size_t)sprintf(src + len, "<?php\n$x = ");
	for (int i = 0; i < N; i++)
		src[len++] = '(';
	len += (size_t)sprintf(src + len, "'deep'");
	for (int i = 0; i < N; i++)
		src[len++] = ')';
	len += (size_t)sprintf(src + len, ";\n$y = ");
	for (int i = 0; i < N; i++)
		src[len++] = '[';
	for (int i = 0; i < N; i++)
		src[len++] = ']';
	len += (size_t)sprintf(src + len, ";\n$z = ");
	for (int i = 0; i < N; i++)
		len += (size_t)sprintf(src + len, "f(");
	for (int i = 0; i < N; i++)
		src[len++] = ')';
	len += (size_t)sprintf(src + len, ";\n$w = $a");
	for (int i = 0; i < N / 2; i++)
		len += (size_t)sprintf(src + len, "->b()");
	len += (size_t)sprintf(src + len, ";\n$v = 'a'");
	for (int i = 0; i < N / 2; i++)
		len += (size_t)sprintf(src + len, " . $b");
	len += (size_t)sprintf(src + len, ";\n");
	d = fx_facts("php", src);
	fx_expect_lines(d, "string  2:5006 \"deep\"\n");
	fx_expect_absent(d, "assign  5:1 w = call a.b");
	free(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_use_declarations_are_imports),
		cmocka_unit_test(
			test_openai_php_client_and_guzzle_constructors),
		cmocka_unit_test(
			test_guzzle_class_with_constants_and_properties),
		cmocka_unit_test(test_curl_laravel_and_string_forms),
		cmocka_unit_test(
			test_template_text_and_comments_are_not_strings),
		cmocka_unit_test(test_broken_and_deeply_nested),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
