/* test_extract_js.c - the facts of JavaScript, TypeScript and TSX files */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "helpers.h"

static void test_es_imports(void **state)
{
	const char *d = fx_facts(
		"typescript",
		"import OpenAI from \"openai\";\n"
		"import { fal, type FalConfig as Cfg } from "
		"\"@fal-ai/client\";\n"
		"import * as Sdk from \"@runwayml/sdk\";\n"
		"import \"dotenv/config\";\n"
		"import type { SpeechCreateParams } from "
		"\"openai/resources/audio\";\n"
		"import Replicate, { type Prediction } from \"replicate\";\n"
		"import ElevenLabs = require(\"elevenlabs-node\");\n"
		"export { ElevenLabsClient as Client } from \"elevenlabs\";\n"
		"export * from \"@google/genai\";\n"
		"export * as stability from \"stability-client\";\n"
		"import { openaiWrapper } from \"./openai\";\n"
		"import sora from \"../vendors/sora\";\n"
		"import { runway } from \"@/lib/runway\";\n"
		"import luma from \"~/lib/luma\";\n"
		"import dalle from \"#vendor/dalle\";\n");
	(void)state;
	fx_expect_lines(
		d, "import  1:1 module=openai member=default alias=OpenAI\n"
		   "import  2:1 module=@fal-ai/client member=fal alias=fal\n"
		   "import  2:1 module=@fal-ai/client member=FalConfig "
		   "alias=Cfg\n"
		   "import  3:1 module=@runwayml/sdk alias=Sdk\n"
		   "import  4:1 module=dotenv/config\n"
		   "import  5:1 module=openai/resources/audio "
		   "member=SpeechCreateParams alias=SpeechCreateParams\n"
		   "import  6:1 module=replicate member=default "
		   "alias=Replicate\n"
		   "import  6:1 module=replicate member=Prediction "
		   "alias=Prediction\n"
		   "import  7:1 module=elevenlabs-node alias=ElevenLabs\n"
		   /* re-exports bind no local name */
		   "import  8:1 module=elevenlabs member=ElevenLabsClient\n"
		   "import  9:1 module=@google/genai wildcard\n"
		   "import  10:1 module=stability-client\n");
	/* relative modules and path aliases are the project's own code */
	fx_expect_absent(d, "openaiWrapper");
	fx_expect_absent(d, "sora");
	fx_expect_absent(d, "runway\n");
	fx_expect_absent(d, "lib/");
	fx_expect_absent(d, "dalle");
	/* module specifiers are not strings */
	fx_expect_absent(d, "string ");
}

static void test_commonjs_requires_and_dynamic_imports(void **state)
{
	const char *d =
		fx_facts("javascript",
			 "\"use strict\";\n"
			 "const axios = require(\"axios\");\n"
			 "const { Configuration, OpenAIApi: Api } = "
			 "require(\"openai\");\n"
			 "const Replicate = require(\"replicate\").default;\n"
			 "const helpers = require(\"./helpers\");\n"
			 "require(\"dotenv\").config();\n"
			 "\n"
			 "const API_ROOT = process.env.STABILITY_API_HOST || "
			 "\"https://api.stability.ai\";\n"
			 "\n"
			 "async function textToImage(prompt, engine) {\n"
			 "  const { fal } = await import(\"@fal-ai/client\");\n"
			 "  const res = await axios.post(API_ROOT + "
			 "\"/v1/generation/\" + "
			 "engine + \"/text-to-image\", {\n"
			 "    text_prompts: [{ text: prompt }],\n"
			 "  }, { headers: { Authorization: `Bearer "
			 "${process.env.STABILITY_API_KEY}` } });\n"
			 "  import(\"@runwayml/sdk\").then((m) => m.default);\n"
			 "  const lazy = await import(\"elevenlabs\");\n"
			 "  return res.data;\n"
			 "}\n"
			 "\n"
			 "module.exports = { textToImage, model: "
			 "\"stable-diffusion-xl-1024-v1-0\" };\n");
	(void)state;
	fx_expect_lines(
		d,
		"import  2:15 module=axios alias=axios\n"
		"import  3:43 module=openai member=Configuration "
		"alias=Configuration\n"
		"import  3:43 module=openai member=OpenAIApi alias=Api\n"
		"import  4:19 module=replicate member=default alias=Replicate\n"
		"import  6:1 module=dotenv\n"
		"import  11:25 module=@fal-ai/client member=fal alias=fal\n"
		"import  15:3 module=@runwayml/sdk\n"
		"import  16:22 module=elevenlabs alias=lazy\n"
		"assign  2:7 axios = call require(\"axios\")\n"
		"assign  8:7 API_ROOT = \"https://api.stability.ai\"\n"
		"assign  12:9 res = call axios.post(concat(name API_ROOT, "
		"\"/v1/generation/\", name engine, \"/text-to-image\"), ?, ?)\n"
		"assign  16:9 lazy = call import(\"elevenlabs\")\n"
		"assign  20:1 module.exports = ?\n"
		"assign  20:20 module.exports.textToImage = name textToImage\n"
		"assign  20:33 module.exports.model = "
		"\"stable-diffusion-xl-1024-v1-0\"\n"
		"call    2:15 require(\"axios\")\n"
		"call    6:1 require().config()\n"
		"call    12:21 axios.post(concat(name API_ROOT, "
		"\"/v1/generation/\", name engine, \"/text-to-image\"), ?, ?)\n"
		"string  8:52 \"https://api.stability.ai\"\n"
		"string  12:43 \"/v1/generation/\"\n"
		"string  14:34 \"Bearer {}\"\n"
		"string  20:40 \"stable-diffusion-xl-1024-v1-0\"\n"
		"env     8:30 STABILITY_API_HOST\n"
		"env     14:56 STABILITY_API_KEY\n");
	/* one import per require, bound or not; local modules none */
	fx_expect_absent(d, "import  2:15 module=axios\n");
	fx_expect_absent(d, "import  11:25 module=@fal-ai/client\n");
	fx_expect_absent(d, "module=./helpers");
	/* import() is syntax, not a function call */
	fx_expect_absent(d, "call    15:3");
	fx_expect_absent(d, "string  2:");
	fx_expect_absent(d, "\"@fal-ai/client\"\n");
}

static void test_openai_client_in_a_class(void **state)
{
	const char *d = fx_facts(
		"typescript",
		"import OpenAI from \"openai\";\n"
		"\n"
		"export class ImageGenerator {\n"
		"  private client: OpenAI;\n"
		"  private readonly model = \"dall-e-3\";\n"
		"  static DEFAULT_SIZE = \"1024x1024\";\n"
		"\n"
		"  constructor(private readonly apiKey = "
		"process.env.OPENAI_API_KEY) {\n"
		"    this.client = new OpenAI({ apiKey: "
		"process.env.OPENAI_API_KEY });\n"
		"  }\n"
		"\n"
		"  async generate(prompt: string): Promise<string> {\n"
		"    const response = await this.client.images.generate({\n"
		"      model: this.model,\n"
		"      prompt,\n"
		"      size: ImageGenerator.DEFAULT_SIZE,\n"
		"    });\n"
		"    const speech = await this.client!.audio.speech.create({ "
		"model: \"tts-1\", voice: \"alloy\", input: prompt });\n"
		"    return response.data[0].url!;\n"
		"  }\n"
		"}\n");
	(void)state;
	fx_expect_lines(
		d, "import  1:1 module=openai member=default alias=OpenAI\n"
		   "assign  5:3 this.model = \"dall-e-3\"\n"
		   "assign  5:3 ImageGenerator.model = \"dall-e-3\"\n"
		   "assign  6:3 this.DEFAULT_SIZE = \"1024x1024\"\n"
		   "assign  6:3 ImageGenerator.DEFAULT_SIZE = \"1024x1024\"\n"
		   "assign  9:5 this.client = call OpenAI(?)\n"
		   "assign  13:11 response = call "
		   "this.client.images.generate(?)\n"
		   "call    9:19 new OpenAI(?)\n"
		   "call    13:28 this.client.images.generate(?)\n"
		   "call    18:26 this.client.audio.speech.create(?)\n"
		   "string  5:28 \"dall-e-3\"\n"
		   "string  18:68 \"tts-1\"\n"
		   "string  18:84 \"alloy\"\n"
		   "env     8:53 OPENAI_API_KEY\n"
		   "env     9:52 OPENAI_API_KEY\n");
	/* a field without a value, a parameter default: no assignment */
	fx_expect_absent(d, "this.client = ?");
	fx_expect_absent(d, "apiKey =");
	fx_expect_absent(d, "this.apiKey");
}

static void test_replicate_sdk(void **state)
{
	const char *d = fx_facts(
		"javascript",
		"import Replicate from \"replicate\";\n"
		"\n"
		"const auth = process.env.REPLICATE_API_TOKEN;\n"
		"const replicate = new Replicate({ auth });\n"
		"\n"
		"export async function upscale(image) {\n"
		"  const output = await replicate.run(\n"
		"    "
		"\"nightmareai/real-esrgan:42fed1c4974146d4d2414e2be2c5277c7f"
		"cf05fcc3a73abf41610695738c1d7b\",\n"
		"    { input: { image, scale: 4 } }\n"
		"  );\n"
		"  return output;\n"
		"}\n");
	(void)state;
	fx_expect_lines(
		d,
		"import  1:1 module=replicate member=default alias=Replicate\n"
		"assign  3:7 auth = name process.env.REPLICATE_API_TOKEN\n"
		"assign  4:7 replicate = call Replicate(?)\n"
		"call    4:19 new Replicate(?)\n"
		"call    7:24 replicate.run(\"nightmareai/real-esrgan:"
		"42fed1c4974146d4d2414e2be2c5277c7fcf05fcc3a73abf41610695738c1d"
		"7b"
		"\", ?)\n"
		"string  8:5 \"nightmareai/real-esrgan:"
		"42fed1c4974146d4d2414e2be2c5277c7fcf05fcc3a73abf41610695738c1d"
		"7b"
		"\"\n"
		"env     3:26 REPLICATE_API_TOKEN\n");
}

static void test_raw_fetch_with_base_url(void **state)
{
	const char *d = fx_facts(
		"javascript",
		"const BASE_URL = \"https://api.elevenlabs.io/v1/\";\n"
		"\n"
		"export class Speaker {\n"
		"  voiceId = \"21m00Tcm4TlvDq8ikWAM\";\n"
		"  #key = process.env.ELEVEN_LABS_API_KEY;\n"
		"\n"
		"  async speak(text) {\n"
		"    let url = BASE_URL;\n"
		"    url += \"text-to-speech/\" + this.voiceId;\n"
		"    const res = await "
		"fetch(`${BASE_URL}text-to-speech/${this.voiceId}/stream`, {\n"
		"      method: \"POST\",\n"
		"      headers: { \"xi-api-key\": this.#key, \"Content-Type\": "
		"\"application/json\" },\n"
		"      body: JSON.stringify({ text, model_id: "
		"\"eleven_multilingual_v2\" }),\n"
		"    });\n"
		"    return res.arrayBuffer();\n"
		"  }\n"
		"}\n");
	(void)state;
	fx_expect_lines(
		d, "assign  1:7 BASE_URL = \"https://api.elevenlabs.io/v1/\"\n"
		   "assign  4:3 this.voiceId = \"21m00Tcm4TlvDq8ikWAM\"\n"
		   "assign  4:3 Speaker.voiceId = \"21m00Tcm4TlvDq8ikWAM\"\n"
		   "assign  5:3 this.#key = name "
		   "process.env.ELEVEN_LABS_API_KEY\n"
		   "assign  8:9 url = name BASE_URL\n"
		   "assign  9:5 url = concat(name url, \"text-to-speech/\", "
		   "name this.voiceId)\n"
		   "call    10:23 fetch(concat(name BASE_URL, "
		   "\"text-to-speech/\", name this.voiceId, \"/stream\"), ?)\n"
		   "call    13:13 JSON.stringify(?)\n"
		   "string  1:18 \"https://api.elevenlabs.io/v1/\"\n"
		   "string  10:29 \"{}text-to-speech/{}/stream\"\n"
		   "string  12:18 \"xi-api-key\"\n"
		   "string  13:46 \"eleven_multilingual_v2\"\n"
		   "env     5:22 ELEVEN_LABS_API_KEY\n");
}

static void test_tsx_text_is_prose(void **state)
{
	const char *d = fx_facts(
		"tsx",
		"import { useState } from \"react\";\n"
		"import { generateVideo } from \"@/lib/video\";\n"
		"\n"
		"// Video form; the backend talks to OpenAI Sora.\n"
		"export function VideoForm({ onDone }: { onDone: (u: string) "
		"=> "
		"void }) {\n"
		"  const [prompt, setPrompt] = useState<string>(\"\");\n"
		"  const submit = async () => {\n"
		"    const res = await fetch(new URL(\"/api/video\", "
		"import.meta.env.VITE_API_BASE));\n"
		"    onDone((await res.json()).url as string);\n"
		"  };\n"
		"  return (\n"
		"    <form onSubmit={submit}>\n"
		"      <h1>Generate a clip with Sora 2 and Runway Gen-3</h1>\n"
		"      <img src=\"https://cdn.openai.com/sora/logo.png\" "
		"alt=\"logo\" />\n"
		"      {/* Kling support is planned */}\n"
		"      <button title={`Model: ${\"sora-2\"}`}>Create with "
		"Sora</button>\n"
		"    </form>\n"
		"  );\n"
		"}\n");
	(void)state;
	fx_expect_lines(
		d,
		"import  1:1 module=react member=useState alias=useState\n"
		"assign  8:11 res = call fetch(call URL(\"/api/video\", name "
		"import.meta.env.VITE_API_BASE))\n"
		"call    8:29 new URL(\"/api/video\", name "
		"import.meta.env.VITE_API_BASE)\n"
		"call    9:5 onDone(name res.json().url)\n"
		"string  14:16 \"https://cdn.openai.com/sora/logo.png\"\n"
		"string  16:22 \"Model: {}\"\n"
		"string  16:32 \"sora-2\"\n"
		"env     8:67 VITE_API_BASE\n"
		"comment 4:1 \"// Video form; the backend talks to OpenAI "
		"Sora.\"\n"
		"comment 15:8 \"/* Kling support is planned */\"\n");
	/* text between tags is shown to people: never a string */
	fx_expect_absent(d, "Runway Gen-3");
	fx_expect_absent(d, "Create with Sora");
	fx_expect_absent(d, "string  4:");
	fx_expect_absent(d, "string  15:");
	fx_expect_absent(d, "lib/video");
}

static void test_jsx_in_javascript(void **state)
{
	const char *d = fx_facts(
		"javascript",
		"// Player for ElevenLabs audio\n"
		"export const Player = ({ src }) => (\n"
		"  <audio src={src} data-vendor=\"elevenlabs\">Made with "
		"ElevenLabs voices</audio>\n"
		");\n");
	(void)state;
	fx_expect_lines(d, "string  3:32 \"elevenlabs\"\n"
			   "comment 1:1 \"// Player for ElevenLabs audio\"\n");
	fx_expect_absent(d, "Made with");
}

static void test_config_objects_and_fields(void **state)
{
	const char *d = fx_facts(
		"typescript",
		"const cfg = {\n"
		"  baseURL: \"https://api.openai.com/v1\",\n"
		"  video: { model: \"sora-2\", size: { w: 1280 } },\n"
		"  apiKey,\n"
		"  \"xi-api-key\": \"header\",\n"
		"} as const;\n"
		"export const MODELS = { image: \"gpt-image-1\", speech: "
		"\"tts-1-hd\" } satisfies Record<string, string>;\n"
		"enum Voice { Rachel = \"21m00Tcm4TlvDq8ikWAM\", Adam = "
		"\"pNInz6obpgDQGcFmaJgB\" }\n"
		"this.base = opts.baseUrl ?? "
		"\"https://api.dev.runwayml.com\";\n"
		"a = b = new OpenAI();\n"
		"const {x, y} = something;\n"
		"const [first] = list;\n");
	(void)state;
	fx_expect_lines(
		d, "assign  1:7 cfg = ?\n"
		   "assign  2:3 cfg.baseURL = \"https://api.openai.com/v1\"\n"
		   "assign  3:12 cfg.video.model = \"sora-2\"\n"
		   "assign  3:37 cfg.video.size.w = ?\n"
		   "assign  4:3 cfg.apiKey = name apiKey\n"
		   "assign  5:3 cfg.xi-api-key = \"header\"\n"
		   "assign  7:25 MODELS.image = \"gpt-image-1\"\n"
		   "assign  7:47 MODELS.speech = \"tts-1-hd\"\n"
		   "assign  8:14 Voice.Rachel = \"21m00Tcm4TlvDq8ikWAM\"\n"
		   "assign  8:47 Voice.Adam = \"pNInz6obpgDQGcFmaJgB\"\n"
		   "assign  9:1 this.base = \"https://api.dev.runwayml.com\"\n"
		   "assign  10:1 a = call OpenAI()\n"
		   "assign  10:5 b = call OpenAI()\n"
		   "call    10:9 new OpenAI()\n"
		   "string  5:3 \"xi-api-key\"\n"
		   "string  8:23 \"21m00Tcm4TlvDq8ikWAM\"\n");
	/* destructuring is skipped */
	fx_expect_absent(d, "assign  11:");
	fx_expect_absent(d, "assign  12:");
}

static void test_expression_forms(void **state)
{
	const char *d = fx_facts(
		"typescript",
		"const r1 = await (client as OpenAI).videos.create({ model: "
		"\"sora-2\" });\n"
		"const r2 = client!.images.edit(img);\n"
		"client?.images?.generate?.({});\n"
		"(await getClient()).audio.transcriptions.create(file);\n"
		"const q = gql`query { models }`;\n"
		"const u = `https://api.runwayml.com/v1/image_to_video`;\n"
		"http.get(new URL(`/v1/tasks/${id}`, base).toString());\n"
		"const t = <string>raw;\n"
		"fetch(base + \"/v1/\" + path, { method: \"POST\" });\n"
		"new Api.Client(key);\n"
		"new Foo;\n"
		"(function () {})();\n"
		"handlers[0]();\n"
		"const s = 'it\\'s\\n\\u0041';\n");
	(void)state;
	fx_expect_lines(
		d,
		"assign  1:7 r1 = call client.videos.create(?)\n"
		"assign  2:7 r2 = call client.images.edit(name img)\n"
		"assign  6:7 u = "
		"\"https://api.runwayml.com/v1/image_to_video\"\n"
		"assign  8:7 t = name raw\n"
		"assign  14:7 s = \"it's\\x0AA\"\n"
		"call    1:18 client.videos.create(?)\n"
		"call    3:1 client.images.generate(?)\n"
		"call    4:1 getClient().audio.transcriptions.create(name "
		"file)\n"
		"call    7:1 http.get(call URL().toString())\n"
		"call    7:10 new URL(concat(\"/v1/tasks/\", name id), name "
		"base)\n"
		"call    9:1 fetch(concat(name base, \"/v1/\", name path), ?)\n"
		"call    10:1 new Api.Client(name key)\n"
		"call    11:1 new Foo()\n"
		"string  5:14 \"query { models }\"\n"
		"string  7:18 \"/v1/tasks/{}\"\n");
	/* a tagged template is not a call; neither side of an unnamed
	 * callee is recorded */
	fx_expect_absent(d, "gql");
	fx_expect_absent(d, "call    12:");
	fx_expect_absent(d, "call    13:");
}

static void test_env_reads(void **state)
{
	const char *d = fx_facts(
		"typescript",
		"const a = process.env.OPENAI_API_KEY;\n"
		"const b = process.env[\"ELEVENLABS_API_KEY\"];\n"
		"const c = import.meta.env.VITE_RUNWAY_KEY;\n"
		"const d = Deno.env.get(\"FAL_KEY\");\n"
		"const e = Bun.env.STABILITY_API_KEY;\n"
		"const { REPLICATE_API_TOKEN, LUMA_KEY: luma } = process.env;\n"
		"const f = process.env.OPENAI_API_KEY!;\n"
		"const g = settings.env.NOT_ENV;\n"
		"const h = config[\"NOT_ENV_EITHER\"];\n");
	(void)state;
	fx_expect_lines(d,
			"assign  1:7 a = name process.env.OPENAI_API_KEY\n"
			"assign  2:7 b = name process.env.ELEVENLABS_API_KEY\n"
			"env     1:23 OPENAI_API_KEY\n"
			"env     2:23 ELEVENLABS_API_KEY\n"
			"env     3:27 VITE_RUNWAY_KEY\n"
			"env     4:24 FAL_KEY\n"
			"env     5:19 STABILITY_API_KEY\n"
			"env     6:9 REPLICATE_API_TOKEN\n"
			"env     6:30 LUMA_KEY\n"
			"env     7:23 OPENAI_API_KEY\n");
	fx_expect_absent(d, "env     8:");
	fx_expect_absent(d, "env     9:");
}

static void test_comments_are_prose(void **state)
{
	const char *d = fx_facts("javascript",
				 "#!/usr/bin/env node\n"
				 "/**\n"
				 " * Calls DALL-E 3 through the OpenAI API.\n"
				 " */\n"
				 "const m = \"dall-e-3\"; // was dall-e-2\n"
				 "<!-- old sora-1 -->\n");
	(void)state;
	fx_expect_lines(d,
			"string  5:11 \"dall-e-3\"\n"
			"comment 2:1 \"/**\\x0A * Calls DALL-E 3 through the "
			"OpenAI API.\\x0A */\"\n"
			"comment 5:23 \"// was dall-e-2\"\n"
			"comment 6:1 \"<!-- old sora-1 -->\"\n");
	fx_expect_absent(d, "string  2:");
	fx_expect_absent(d, "\"dall-e-2\"");
	fx_expect_absent(d, "string  6:");
}

static void test_broken_source_does_not_crash(void **state)
{
	const char *d = fx_facts(
		"typescript",
		"import OpenAI from \"openai\";\n"
		"const client = new OpenAI({ apiKey: process.env.KEY ;\n"
		"function broken( { const = \"sora-2\" ; "
		"client.videos.create({ "
		"model: \"sora-2\"\n"
		"class { x = ; } `unterminated ${ \n");
	(void)state;
	fx_expect_lines(d, "import  1:1 module=openai member=default "
			   "alias=OpenAI\n");
	/* and the other two grammars */
	fx_facts("javascript", "const x = require(;\nimport {a as} from\n"
			       "new new new\n");
	fx_facts("tsx", "<div a=\"1\" {...}>{</div>\nx = <T,>(y) => y;\n"
			"enum { = \"a\" }\n");
}

/* `prefix` n times, `middle`, `suffix` n times */
static char *nest(const char *prefix, const char *middle, const char *suffix,
		  int n)
{
	size_t lp = strlen(prefix), lm = strlen(middle), ls = strlen(suffix);
	char *s = malloc((lp + ls) * (size_t)n + lm + 1);
	char *p = s;

	assert_non_null(s);
	for (int i = 0; i < n; i++, p += lp)
		memcpy(p, prefix, lp);
	memcpy(p, middle, lm);
	p += lm;
	for (int i = 0; i < n; i++, p += ls)
		memcpy(p, suffix, ls);
	*p = '\0';
	return s;
}

static void test_deep_nesting_does_not_crash(void **state)
{
	static const struct {
		const char *lang, *prefix, *middle, *suffix;
	} shapes[] = {
		{"javascript", "(", "fetch(\"u\")", ")"},
		{"javascript", "[", "\"a\"", "]"},
		{"typescript", "f(", "\"a\"", ")"},
		{"typescript", "{a: ", "\"v\"", "}"},
		{"javascript", "`${", "x", "}`"},
		{"tsx", "<a>", "t", "</a>"},
		{"javascript", "class A { x = ", "1", "}"},
		{"typescript", "await (", "import(\"openai\")", ")"},
		{"javascript", "a = ", "1", ""},
		{"typescript", "(x as any)!.", "y", ""},
		{"javascript", "function f() { ", "this.x = 1;", "}"},
	};
	char buf[64];
	(void)state;
	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		char *inner = nest(shapes[i].prefix, shapes[i].middle,
				   shapes[i].suffix, 5000);
		char *src = malloc(strlen(inner) + 16);
		assert_non_null(src);
		sprintf(src, "x = %s;\n", inner);
		fx_facts(shapes[i].lang, src);
		free(src);
		free(inner);
	}
	{
		/* a long chain of + and of members: iterative, bounded */
		char *plus = nest("", "u = \"a\"", " + b", 100000);
		char *members = nest("x = ", "a", ".b", 100000);
		fx_facts("javascript", plus);
		fx_facts("javascript", members);
		free(plus);
		free(members);
	}
	{
		/* the innermost call is still found */
		char *src = nest("(", "fetch(\"https://api.openai.com\")", ")",
				 5000);
		const char *d = fx_facts("javascript", src);
		snprintf(buf, sizeof(buf), "call    1:%d fetch(", 5001);
		assert_non_null(strstr(d, buf));
		free(src);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_es_imports),
		cmocka_unit_test(test_commonjs_requires_and_dynamic_imports),
		cmocka_unit_test(test_openai_client_in_a_class),
		cmocka_unit_test(test_replicate_sdk),
		cmocka_unit_test(test_raw_fetch_with_base_url),
		cmocka_unit_test(test_tsx_text_is_prose),
		cmocka_unit_test(test_jsx_in_javascript),
		cmocka_unit_test(test_config_objects_and_fields),
		cmocka_unit_test(test_expression_forms),
		cmocka_unit_test(test_env_reads),
		cmocka_unit_test(test_comments_are_prose),
		cmocka_unit_test(test_broken_source_does_not_crash),
		cmocka_unit_test(test_deep_nesting_does_not_crash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
