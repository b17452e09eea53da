/* test_extract_ruby.c - the facts of Ruby files */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "helpers.h"

static void test_requires_are_imports_gems_are_not(void **state)
{
	const char *d = fx_facts("ruby", "require \"openai\"\n"
					 "require 'faraday'\n"
					 "require_relative \"openai_client\"\n"
					 "require \"./lib/elevenlabs\"\n"
					 "gem \"ruby-openai\", \"~> 7.0\"\n");
	(void)state;
	fx_expect_lines(d, "import  1:1 module=openai\n"
			   "import  2:1 module=faraday\n"
			   /* a Gemfile line is a call; its strings stay */
			   "call    5:1 gem(\"ruby-openai\", \"~> 7.0\")\n"
			   "string  5:5 \"ruby-openai\"\n");
	/* local code is not a library */
	fx_expect_absent(d, "openai_client");
	fx_expect_absent(d, "elevenlabs");
	fx_expect_absent(d, "module=ruby-openai");
	/* the name in require is the import, not a string */
	fx_expect_absent(d, "string  1:");
}

static void test_ruby_openai_client(void **state)
{
	const char *d = fx_facts(
		"ruby",
		"class ImageService\n"
		"  def client\n"
		"    @client ||= OpenAI::Client.new(access_token: "
		"ENV.fetch(\"OPENAI_ACCESS_TOKEN\"))\n"
		"  end\n"
		"\n"
		"  def generate(p)\n"
		"    response = client.images.generate(parameters: { prompt: "
		"p, model: \"dall-e-3\", size: \"1024x1024\" })\n"
		"    response.dig(\"data\", 0, \"url\")\n"
		"  end\n"
		"end\n"
		"OpenAI::Client.new.images.edit(parameters: {})\n");
	(void)state;
	fx_expect_lines(
		d, "assign  3:5 @client = call OpenAI.Client(access_token=call "
		   "ENV.fetch(\"OPENAI_ACCESS_TOKEN\"))\n"
		   "call    3:17 new OpenAI.Client(access_token=call "
		   "ENV.fetch(\"OPENAI_ACCESS_TOKEN\"))\n"
		   "call    3:50 ENV.fetch(\"OPENAI_ACCESS_TOKEN\")\n"
		   "env     3:60 OPENAI_ACCESS_TOKEN\n"
		   "assign  7:5 response = call client.images.generate("
		   "parameters=?)\n"
		   "call    7:16 client.images.generate(parameters=?)\n"
		   "string  7:71 \"dall-e-3\"\n"
		   "string  7:89 \"1024x1024\"\n"
		   "call    8:5 response.dig(\"data\", ?, \"url\")\n"
		   /* a constructor inside a chain reads like one */
		   "call    11:1 OpenAI.Client().images.edit(parameters=?)\n"
		   "call    11:1 new OpenAI.Client()\n");
	/* the links of a chain are not calls of their own */
	fx_expect_absent(d, "call    7:16 client.images()");
	fx_expect_absent(d, "OpenAI.Client.new");
	fx_expect_absent(d, "prompt=");
}

static void test_faraday_base_url_and_header(void **state)
{
	const char *d = fx_facts(
		"ruby",
		"module Voice\n"
		"  class ElevenLabs\n"
		"    BASE = \"https://api.elevenlabs.io\"\n"
		"\n"
		"    def initialize(key = ENV[\"ELEVEN_LABS_API_KEY\"])\n"
		"      @key = key\n"
		"      @conn = Faraday.new(url: BASE) do |f|\n"
		"        f.request :json\n"
		"      end\n"
		"    end\n"
		"\n"
		"    def speak(voice, text)\n"
		"      @conn.post(\"#{BASE}/v1/text-to-speech/#{voice}\") do "
		"|req|\n"
		"        req.headers[\"xi-api-key\"] = @key\n"
		"        req.body = { text: text, model_id: "
		"\"eleven_multilingual_v2\" }\n"
		"      end\n"
		"    end\n"
		"  end\n"
		"end\n");
	(void)state;
	fx_expect_lines(
		d,
		"assign  3:5 BASE = \"https://api.elevenlabs.io\"\n"
		"assign  3:5 ElevenLabs.BASE = \"https://api.elevenlabs.io\"\n"
		"assign  3:5 Voice.ElevenLabs.BASE = "
		"\"https://api.elevenlabs.io\"\n"
		"env     5:30 ELEVEN_LABS_API_KEY\n"
		"assign  6:7 @key = name key\n"
		"assign  7:7 @conn = call Faraday(url=name BASE)\n"
		"call    7:15 new Faraday(url=name BASE)\n"
		"call    13:7 @conn.post(concat(name BASE, "
		"\"/v1/text-to-speech/\", name voice))\n"
		"string  13:18 \"{}/v1/text-to-speech/{}\"\n"
		"string  14:21 \"xi-api-key\"\n"
		"assign  15:9 req.body = ?\n"
		"string  15:44 \"eleven_multilingual_v2\"\n");
	/* a default parameter value is not an assignment; symbols are not
	 * strings; attribute writers and element writes are not calls */
	fx_expect_absent(d, "assign  5:");
	fx_expect_absent(d, "\"json\"");
	fx_expect_absent(d, "call    15:");
	fx_expect_absent(d, "req.headers(");
}

static void test_net_http_httparty_and_uri(void **state)
{
	const char *d = fx_facts(
		"ruby",
		"uri = URI(\"https://api.replicate.com/v1/predictions\")\n"
		"res = Net::HTTP.post(uri, body.to_json, \"Authorization\" => "
		"\"Bearer #{ENV['REPLICATE_API_TOKEN']}\")\n"
		"req = Net::HTTP::Post.new(URI.join(API, \"/v1/videos\"))\n"
		"HTTParty.post \"#{base}/v2beta/stable-image/generate/sd3\", "
		"headers: { \"authorization\" => key }\n"
		"Faraday.new(\"url\": API, :headers => h)\n");
	(void)state;
	fx_expect_lines(
		d, "assign  1:1 uri = call "
		   "URI(\"https://api.replicate.com/v1/predictions\")\n"
		   "call    1:7 "
		   "URI(\"https://api.replicate.com/v1/predictions\")\n"
		   "string  1:11 \"https://api.replicate.com/v1/predictions\"\n"
		   /* a "string" => value pair is part of a hash */
		   "call    2:7 Net.HTTP.post(name uri, name body.to_json, ?)\n"
		   "string  2:41 \"Authorization\"\n"
		   "string  2:60 \"Bearer {}\"\n"
		   "env     2:74 REPLICATE_API_TOKEN\n"
		   "call    3:7 new Net.HTTP.Post(call URI.join(name API, "
		   "\"/v1/videos\"))\n"
		   "call    3:27 URI.join(name API, \"/v1/videos\")\n"
		   /* a call without parentheses */
		   "call    4:1 HTTParty.post(concat(name base, "
		   "\"/v2beta/stable-image/generate/sd3\"), headers=?)\n"
		   "string  4:70 \"authorization\"\n");
}

static void test_url_building_and_string_forms(void **state)
{
	const char *d = fx_facts(
		"ruby", "a = format(\"%s/v1/videos/%s\", BASE, id)\n"
			"b = sprintf(\"%s/v1/images/generations\", base)\n"
			"c = \"%s/v1/models\" % [base]\n"
			"d = \"%{host}/v1/speech\" % { host: HOST }\n"
			"e = BASE + \"/v1/\" + path\n"
			"f = 'it\\'s \\n raw'\n"
			"g = \"tab\\there \\#{not} \\u00e9\"\n"
			"url = \"https://api.runwayml.com\"\n"
			"url += \"/v1/image_to_video\"\n"
			"h = <<~JSON\n"
			"  {\n"
			"    \"model\": \"#{model}\",\n"
			"    \"prompt\": \"x\"\n"
			"  }\n"
			"JSON\n"
			"client.post(<<~'SQL', url: \"#{BASE}/v1\")\n"
			"  SELECT #{raw}\n"
			"SQL\n"
			"k = \"https://api.lumalabs.ai\".freeze\n");
	(void)state;
	fx_expect_lines(
		d,
		"assign  1:1 a = format(\"%s/v1/videos/%s\", name BASE, name "
		"id)\n"
		"call    1:5 format(\"%s/v1/videos/%s\", name BASE, name id)\n"
		"assign  2:1 b = format(\"%s/v1/images/generations\", name "
		"base)\n"
		"assign  3:1 c = format(\"%s/v1/models\", name base)\n"
		"assign  4:1 d = format(\"%{host}/v1/speech\", host=name "
		"HOST)\n"
		"assign  5:1 e = concat(name BASE, \"/v1/\", name path)\n"
		"assign  6:1 f = \"it's \\\\n raw\"\n"
		"assign  7:1 g = \"tab\\x09here #{not} \\xC3\\xA9\"\n"
		"assign  9:1 url = concat(name url, \"/v1/image_to_video\")\n"
		/* a squiggly heredoc loses its indentation */
		"assign  10:1 h = concat(\"{\\x0A  \\\"model\\\": \\\"\", name "
		"model, \"\\\",\\x0A  \\\"prompt\\\": \\\"x\\\"\\x0A}\\x0A\")\n"
		"string  10:12 \"{\\x0A  \\\"model\\\": \\\"{}\\\",\\x0A  "
		"\\\"prompt\\\": \\\"x\\\"\\x0A}\\x0A\"\n"
		/* <<~'X' is raw: no interpolation */
		"call    16:1 client.post(\"SELECT #{raw}\\x0A\", "
		"url=concat(name BASE, \"/v1\"))\n"
		"string  16:41 \"SELECT #{raw}\\x0A\"\n"
		"assign  19:1 k = \"https://api.lumalabs.ai\"\n");
}

static void test_env_and_rails_credentials(void **state)
{
	const char *d = fx_facts(
		"ruby",
		"a = ENV[\"OPENAI_API_KEY\"]\n"
		"b = ENV.fetch(\"STABILITY_API_KEY\")\n"
		"c = ENV.fetch(\"RUNWAYML_API_SECRET\", nil)\n"
		"d = ENV.fetch(\"FAL_KEY\") { raise \"missing\" }\n"
		"e = Rails.application.credentials.openai[:api_key]\n"
		"f = Rails.application.credentials.dig(:elevenlabs, :api_key)\n"
		"g = Rails.application.credentials.replicate_api_token\n"
		"h = Rails.application.credentials[:runway][:secret].presence\n"
		"i = settings[\"NOT_ENV\"]\n"
		"j = user.credentials.first\n");
	(void)state;
	fx_expect_lines(d, "env     1:9 OPENAI_API_KEY\n"
			   "env     2:15 STABILITY_API_KEY\n"
			   "env     3:15 RUNWAYML_API_SECRET\n"
			   "env     4:15 FAL_KEY\n"
			   "env     5:5 openai.api_key\n"
			   "env     6:5 elevenlabs.api_key\n"
			   "env     7:5 replicate_api_token\n"
			   "env     8:5 runway.secret\n");
	fx_expect_absent(d, "env     9:");
	fx_expect_absent(d, "env     10:");
	/* only the whole path, not its prefixes */
	fx_expect_absent(d, "env     5:5 openai\n");
	fx_expect_absent(d, "env     8:5 runway.secret.presence");
}

static void test_comments_symbols_and_data_are_not_strings(void **state)
{
	const char *d = fx_facts(
		"ruby", "# Generates images with DALL-E 3 (see openai docs)\n"
			"=begin\n"
			"Old Sora-based pipeline\n"
			"=end\n"
			"def model\n"
			"  :dall_e_3 # the symbol is not a string\n"
			"end\n"
			"MODELS = %w[sora-2 sora-2-pro]\n"
			"__END__\n"
			"Notes: replicate was dropped.\n");
	(void)state;
	fx_expect_lines(
		d,
		"comment 1:1 \"# Generates images with DALL-E 3 (see openai "
		"docs)\"\n"
		"comment 2:1 \"=begin\\x0AOld Sora-based pipeline\\x0A=end\"\n"
		"comment 6:13 \"# the symbol is not a string\"\n"
		"comment 9:8 \"\\x0ANotes: replicate was dropped.\\x0A\"\n"
		"string  8:13 \"sora-2\"\n"
		"string  8:20 \"sora-2-pro\"\n");
	fx_expect_absent(d, "string  1:");
	fx_expect_absent(d, "string  3:");
	fx_expect_absent(d, "dall_e_3\"");
	fx_expect_absent(d, "string  10:");
}

/* Broken code yields what can be recovered, deep nesting no crash. */
static void test_broken_and_deeply_nested(void **state)
{
	enum { N = 5000 };
	size_t cap = 16 * N + 256, len = 0;
	char *src = malloc(cap);
	const char *d;

	(void)state;
	d = fx_facts("ruby",
		     "class Broken < \n"
		     "  def go(\n"
		     "    conn.post(\"https://api.openai.com/v1/videos\"\n"
		     "  end end end }}} ((\n"
		     "x = \"#{\n"
		     "y = <<~EOS\n");
	fx_expect_lines(d,
			"string  3:15 \"https://api.openai.com/v1/videos\"\n");

	len += (size_t)sprintf(src + len, "x = ");
	for (int i = 0; i < N; i++)
		src[len++] = '(';
	len += (size_t)sprintf(src + len, "\"deep\"");
	for (int i = 0; i < N; i++)
		src[len++] = ')';
	len += (size_t)sprintf(src + len, "\ny = ");
	for (int i = 0; i < N; i++)
		src[len++] = '[';
	for (int i = 0; i < N; i++)
		src[len++] = ']';
	len += (size_t)sprintf(src + len, "\nz = ");
	for (int i = 0; i < N; i++)
		len += (size_t)sprintf(src + len, "f(");
	for (int i = 0; i < N; i++)
		src[len++] = ')';
	len += (size_t)sprintf(src + len, "\nw = a");
	for (int i = 0; i < N / 2; i++)
		len += (size_t)sprintf(src + len, ".b");
	len += (size_t)sprintf(src + len, "\nv = \"a\"");
	for (int i = 0; i < N / 2; i++)
		len += (size_t)sprintf(src + len, " + b");
	src[len++] = '\n';
	src[len] = '\0';
	d = fx_facts("ruby", src);
	fx_expect_lines(d, "string  1:5005 \"deep\"\n");
	fx_expect_absent(d, "assign  4:1 w = name");
	free(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_requires_are_imports_gems_are_not),
		cmocka_unit_test(test_ruby_openai_client),
		cmocka_unit_test(test_faraday_base_url_and_header),
		cmocka_unit_test(test_net_http_httparty_and_uri),
		cmocka_unit_test(test_url_building_and_string_forms),
		cmocka_unit_test(test_env_and_rails_credentials),
		cmocka_unit_test(
			test_comments_symbols_and_data_are_not_strings),
		cmocka_unit_test(test_broken_and_deeply_nested),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
