/* test_extract_csharp.c - the facts of C# files */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "helpers.h"
#include "util.h"

static void test_usings(void **state)
{
	const char *d =
		fx_facts("csharp", "global using System.Net.Http.Json;\n"
				   "using OpenAI;\n"
				   "using OpenAI.Images;\n"
				   "using Img = OpenAI.Images.ImageClient;\n"
				   "using static System.Environment;\n"
				   "using Acme.Media.ElevenLabs;\n"
				   "using Acme.MediaTools;\n"
				   "\n"
				   "namespace Acme.Media;\n");
	(void)state;
	fx_expect_lines(d,
			"import  1:1 module=System.Net.Http.Json wildcard\n"
			"import  2:1 module=OpenAI wildcard\n"
			"import  3:1 module=OpenAI.Images wildcard\n"
			"import  4:1 module=OpenAI.Images member=ImageClient "
			"alias=Img\n"
			"import  5:1 module=System.Environment wildcard\n"
			"import  7:1 module=Acme.MediaTools wildcard\n");
	/* the file's own namespace is the project's code */
	fx_expect_absent(d, "ElevenLabs");
}

static void test_http_client_with_interpolated_url(void **state)
{
	const char *d = fx_facts(
		"csharp",
		"namespace Acme.Media {\n"
		"public class SpeechService\n"
		"{\n"
		"    private const string DefaultBase = "
		"\"https://api.elevenlabs.io\";\n"
		"    private readonly HttpClient _http;\n"
		"    public string Model { get; set; } = "
		"\"eleven_multilingual_v2\";\n"
		"    public string VoicesPath => \"/v1/voices\";\n"
		"\n"
		"    public SpeechService(HttpClient http)\n"
		"    {\n"
		"        _http = http;\n"
		"        this._base = DefaultBase;\n"
		"    }\n"
		"\n"
		"    public async Task<byte[]> SpeakAsync(string voiceId, "
		"object body)\n"
		"    {\n"
		"        _http.DefaultRequestHeaders.Add(\"xi-api-key\", "
		"Environment.GetEnvironmentVariable(\"ELEVENLABS_API_KEY\"));\n"
		"        var response = await "
		"_http.PostAsJsonAsync($\"{_base}/v1/text-to-speech/"
		"{voiceId}\", "
		"body);\n"
		"        var voices = await "
		"_http.GetFromJsonAsync<List<Voice>>(VoicesPath);\n"
		"        return await "
		"response.Content.ReadAsByteArrayAsync();\n"
		"    }\n"
		"}\n"
		"}\n");
	(void)state;
	fx_expect_lines(
		d,
		"assign  4:19 DefaultBase = \"https://api.elevenlabs.io\"\n"
		"assign  4:19 this.DefaultBase = "
		"\"https://api.elevenlabs.io\"\n"
		"assign  4:19 SpeechService.DefaultBase = "
		"\"https://api.elevenlabs.io\"\n"
		"assign  6:5 Model = \"eleven_multilingual_v2\"\n"
		"assign  6:5 this.Model = \"eleven_multilingual_v2\"\n"
		"assign  6:5 SpeechService.Model = \"eleven_multilingual_v2\"\n"
		"assign  7:5 SpeechService.VoicesPath = \"/v1/voices\"\n"
		"assign  11:9 _http = name http\n"
		"assign  12:9 this._base = name DefaultBase\n"
		"assign  18:9 response = call _http.PostAsJsonAsync("
		"concat(name _base, \"/v1/text-to-speech/\", name voiceId), "
		"name body)\n"
		"call    17:9 _http.DefaultRequestHeaders.Add(\"xi-api-key\", "
		"call Environment.GetEnvironmentVariable("
		"\"ELEVENLABS_API_KEY\"))\n"
		"call    17:55 Environment.GetEnvironmentVariable("
		"\"ELEVENLABS_API_KEY\")\n"
		"call    18:30 _http.PostAsJsonAsync(concat(name _base, "
		"\"/v1/text-to-speech/\", name voiceId), name body)\n"
		"call    19:28 _http.GetFromJsonAsync(name VoicesPath)\n"
		"call    20:22 response.Content.ReadAsByteArrayAsync()\n"
		"string  18:52 \"{}/v1/text-to-speech/{}\"\n"
		"env     17:90 ELEVENLABS_API_KEY\n");
	/* a field without an initialiser, and locals, are not members */
	fx_expect_absent(d, "assign  5:");
	fx_expect_absent(d, "this.response");
}

static void test_openai_dotnet_and_rest_clients(void **state)
{
	const char *d = fx_facts(
		"csharp",
		"class Images {\n"
		"    async Task<string> ImageAsync(string prompt)\n"
		"    {\n"
		"        var key = "
		"GetEnvironmentVariable(\"OPENAI_API_KEY\");\n"
		"        ImageClient client = new ImageClient(\"dall-e-3\", "
		"key);\n"
		"        GeneratedImage image = await "
		"client.GenerateImageAsync(prompt, new ImageGenerationOptions "
		"{ Size = GeneratedImageSize.W1024xH1024 });\n"
		"        var url = "
		"string.Format(\"https://api.openai.com/v1/{0}\", op);\n"
		"        var loc = string.Format(CultureInfo.InvariantCulture, "
		"\"{0}/v1\", url);\n"
		"        var rc = new RestClient(new "
		"RestClientOptions(\"https://api.runwayml.com\"));\n"
		"        var req = new RestRequest(\"v1/image_to_video\", "
		"Method.Post);\n"
		"        HttpRequestMessage msg = new(HttpMethod.Post, url) { "
		"Content = JsonContent.Create(body) };\n"
		"        using var http = new System.Net.Http.HttpClient();\n"
		"        var r = await new HttpClient().PostAsync(url, null);\n"
		"        var s = _client?.Images.Generate(p: prompt);\n"
		"        url += \"?n=1\";\n"
		"        return image.ImageUri.ToString();\n"
		"    }\n"
		"}\n");
	(void)state;
	fx_expect_lines(
		d,
		"assign  4:9 key = call GetEnvironmentVariable("
		"\"OPENAI_API_KEY\")\n"
		"assign  5:9 client = call ImageClient(\"dall-e-3\", name "
		"key)\n"
		"assign  6:9 image = call client.GenerateImageAsync(name "
		"prompt, call ImageGenerationOptions(Size=name "
		"GeneratedImageSize.W1024xH1024))\n"
		"assign  7:9 url = format(\"https://api.openai.com/v1/{0}\", "
		"name op)\n"
		"assign  8:9 loc = format(\"{0}/v1\", name url)\n"
		"assign  11:9 msg = call HttpRequestMessage(name "
		"HttpMethod.Post, name url, Content=call "
		"JsonContent.Create(name body))\n"
		"assign  15:9 url = concat(name url, \"?n=1\")\n"
		"call    5:30 new ImageClient(\"dall-e-3\", name key)\n"
		"call    6:38 client.GenerateImageAsync(name prompt, call "
		"ImageGenerationOptions(Size=name "
		"GeneratedImageSize.W1024xH1024))\n"
		"call    6:72 new ImageGenerationOptions(Size=name "
		"GeneratedImageSize.W1024xH1024)\n"
		"call    7:19 string.Format(\"https://api.openai.com/v1/{0}\", "
		"name op)\n"
		"call    9:18 new RestClient(call "
		"RestClientOptions(\"https://api.runwayml.com\"))\n"
		"call    9:33 new "
		"RestClientOptions(\"https://api.runwayml.com\")\n"
		"call    10:19 new RestRequest(\"v1/image_to_video\", name "
		"Method.Post)\n"
		"call    11:34 new HttpRequestMessage(name HttpMethod.Post, "
		"name "
		"url, Content=call JsonContent.Create(name body))\n"
		"call    12:26 new System.Net.Http.HttpClient()\n"
		"call    13:23 HttpClient().PostAsync(name url, ?)\n"
		"call    13:23 new HttpClient()\n"
		"call    14:17 _client.Images.Generate(p=name prompt)\n"
		"env     4:42 OPENAI_API_KEY\n");
	/* object initialisers set members of the new object */
	fx_expect_absent(d, "assign  6:9 Size");
	fx_expect_absent(d, "Content = ");
}

static void test_top_level_statements(void **state)
{
	const char *d = fx_facts(
		"csharp",
		"using OpenAI.Images;\n"
		"var builder = WebApplication.CreateBuilder(args);\n"
		"builder.Services.AddHttpClient(\"runway\", c => c.BaseAddress "
		"= new Uri(builder.Configuration[\"Runway:BaseUrl\"]!));\n"
		"var app = builder.Build();\n"
		"app.MapPost(\"/video\", async (IHttpClientFactory f) => {\n"
		"    var http = f.CreateClient(\"runway\");\n"
		"    return await http.PostAsync($\"v1/image_to_video\", "
		"null);\n"
		"});\n");
	(void)state;
	fx_expect_lines(
		d, "import  1:1 module=OpenAI.Images wildcard\n"
		   "assign  2:1 builder = call "
		   "WebApplication.CreateBuilder(name args)\n"
		   "assign  3:47 c.BaseAddress = call Uri(?)\n"
		   "assign  6:5 http = call f.CreateClient(\"runway\")\n"
		   "call    3:1 builder.Services.AddHttpClient(\"runway\", ?)\n"
		   "call    3:63 new Uri(?)\n"
		   "call    7:18 http.PostAsync(\"v1/image_to_video\", ?)\n"
		   "env     3:93 Runway:BaseUrl\n");
}

static void test_string_forms(void **state)
{
	const char *d = fx_facts(
		"csharp", "class S {\n"
			  "    void F() {\n"
			  "        var a = @\"C:\\tmp\\\"\"q\"\"\";\n"
			  "        var b = $@\"{root}\\v1\\\"\"x\"\"\";\n"
			  "        var c = $\"{{literal}} {n,5:N2}/{id}\";\n"
			  "        var d = \"\"\"\n"
			  "            {\"model\": \"sora-2\"}\n"
			  "              indented\n"
			  "            \"\"\";\n"
			  "        var e = $$\"\"\"\n"
			  "            {\"url\": \"{{baseUrl}}/v1\"}\n"
			  "            \"\"\";\n"
			  "        var f = \"tab\\there\" + \"\\u0041\";\n"
			  "        var g = \"utf8\"u8;\n"
			  "    }\n"
			  "}\n");
	(void)state;
	fx_expect_lines(
		d,
		"assign  3:9 a = \"C:\\\\tmp\\\\\\\"q\\\"\"\n"
		"assign  4:9 b = concat(name root, \"\\\\v1\\\\\\\"x\\\"\")\n"
		"assign  5:9 c = concat(\"{literal} \", name n, \"/\", name "
		"id)\n"
		"assign  6:9 d = \"{\\\"model\\\": \\\"sora-2\\\"}\\x0A  "
		"indented\"\n"
		"assign  10:9 e = concat(\"{\\\"url\\\": \\\"\", name baseUrl, "
		"\"/v1\\\"}\")\n"
		"assign  13:9 f = concat(\"tab\\x09here\", \"A\")\n"
		"assign  14:9 g = \"utf8\"\n"
		"string  3:17 \"C:\\\\tmp\\\\\\\"q\\\"\"\n"
		"string  5:17 \"{literal} {}/{}\"\n"
		"string  10:17 \"{\\\"url\\\": \\\"{}/v1\\\"}\"\n");
}

static void test_configuration_and_env_reads(void **state)
{
	const char *d = fx_facts(
		"csharp",
		"class Cfg {\n"
		"    Cfg(IConfiguration configuration, WebApplicationBuilder "
		"builder) {\n"
		"        var a = configuration[\"OpenAI:ApiKey\"];\n"
		"        var b = builder.Configuration[\"Runway:Secret\"];\n"
		"        var c = _config[\"Stability:Key\"];\n"
		"        var d = configuration.GetValue<string>(\"Replicate:"
		"Token\");\n"
		"        var e = configuration.GetSection(\"ElevenLabs\");\n"
		"        var f = System.Environment.GetEnvironmentVariable("
		"\"FAL_KEY\");\n"
		"        var g = dictionary[\"NOT_ENV\"];\n"
		"        var h = configuration[key];\n"
		"    }\n"
		"}\n");
	(void)state;
	fx_expect_lines(d, "env     3:31 OpenAI:ApiKey\n"
			   "env     4:39 Runway:Secret\n"
			   "env     5:25 Stability:Key\n"
			   "env     6:48 Replicate:Token\n"
			   "env     7:42 ElevenLabs\n"
			   "env     8:59 FAL_KEY\n");
	fx_expect_absent(d, "env     9:");
	fx_expect_absent(d, "env     10:");
}

static void test_comments_and_prose_are_not_strings(void **state)
{
	const char *d = fx_facts(
		"csharp",
		"/// <summary>Text to speech with eleven_multilingual_v2."
		"</summary>\n"
		"[Description(\"Uses sora-2\")]\n"
		"class Api {\n"
		"    // was dall-e-2\n"
		"    [SwaggerOperation(Summary = \"Calls gpt-image-1\")]\n"
		"    [Route(\"api/images\")]\n"
		"    string Run() {\n"
		"        /* whisper-1 */\n"
		"        return \"tts-1\";\n"
		"    }\n"
		"}\n");
	(void)state;
	fx_expect_lines(d, "comment 1:1 \"/// <summary>Text to speech with "
			   "eleven_multilingual_v2.</summary>\"\n"
			   "comment 2:14 \"\\\"Uses sora-2\\\"\"\n"
			   "comment 4:5 \"// was dall-e-2\"\n"
			   "comment 5:33 \"\\\"Calls gpt-image-1\\\"\"\n"
			   "comment 8:9 \"/* whisper-1 */\"\n"
			   "string  6:12 \"api/images\"\n"
			   "string  9:16 \"tts-1\"\n");
	fx_expect_absent(d, "\"sora-2");
	fx_expect_absent(d, "\"eleven_multilingual_v2");
	fx_expect_absent(d, "\"Calls gpt-image-1\"\n");
	/* an attribute's named argument is not an assignment */
	fx_expect_absent(d, "assign");
}

static void test_broken_code_yields_fewer_facts(void **state)
{
	const char *d =
		fx_facts("csharp", "class Broken {\n"
				   "    void F( {\n"
				   "        client.GenerateImageAsync(prompt\n"
				   "    var url = $\"{base}/v1/videos\";\n"
				   "    }}}}\n"
				   "    using static ;\n"
				   "    new (;\n"
				   "    var x = new();\n"
				   "string s = \"unterminated\n");
	(void)state;
	/* the recovery reads the $ apart from its string */
	fx_expect_lines(d, "string  4:16 \"{base}/v1/videos\"\n");
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
	char *parens = nested("class A { object x = ", "(", 5000, "\"deep\"",
			      ")", "; string after = \"after\"; }\n");
	char *arrays = nested("class B { object y = ", "new[] { ", 5000, "1",
			      " }", "; }\n");
	char *interp = nested("class C { string s = ", "$\"{", 2000, "x", "}\"",
			      "; }\n");
	char *plus = nested("class D { string s = \"a\"", " + \"b\"", 20000, "",
			    "", "; }\n");
	const char *d;

	(void)state;
	d = fx_facts("csharp", parens);
	fx_expect_lines(d, "string  1:5022 \"deep\"\n"
			   "assign  1:10030 after = \"after\"\n");
	fx_facts("csharp", arrays);
	fx_facts("csharp", interp);
	d = fx_facts("csharp", plus);
	fx_expect_lines(d, "string  1:22 \"a\"\n");
	free(parens);
	free(arrays);
	free(interp);
	free(plus);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_usings),
		cmocka_unit_test(test_http_client_with_interpolated_url),
		cmocka_unit_test(test_openai_dotnet_and_rest_clients),
		cmocka_unit_test(test_top_level_statements),
		cmocka_unit_test(test_string_forms),
		cmocka_unit_test(test_configuration_and_env_reads),
		cmocka_unit_test(test_comments_and_prose_are_not_strings),
		cmocka_unit_test(test_broken_code_yields_fewer_facts),
		cmocka_unit_test(test_deep_nesting_does_not_crash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
