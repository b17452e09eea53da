/* test_extract_rust.c - the facts of Rust files */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "helpers.h"

static void test_imports(void **state)
{
	const char *d =
		fx_facts("rust", "use reqwest;\n"
				 "use async_openai::{Client, types::{"
				 "CreateImageRequestArgs, ImageSize}};\n"
				 "use reqwest::{self, header::*};\n"
				 "use std::env as stdenv;\n"
				 "use ::serde_json::json;\n"
				 "use base64::Engine as _;\n"
				 "use crate::openai::Images;\n"
				 "use self::runway::Task;\n"
				 "use super::elevenlabs;\n"
				 "use openai::ImageApi;\n"
				 "extern crate replicate;\n"
				 "extern crate dotenv as dotenv_crate;\n"
				 "mod openai;\n");
	(void)state;
	fx_expect_lines(d, "import  1:1 module=reqwest alias=reqwest\n"
			   "import  2:1 module=async_openai member=Client "
			   "alias=Client\n"
			   "import  2:1 module=async_openai "
			   "member=types::CreateImageRequestArgs "
			   "alias=CreateImageRequestArgs\n"
			   "import  2:1 module=async_openai "
			   "member=types::ImageSize alias=ImageSize\n"
			   "import  3:1 module=reqwest alias=reqwest\n"
			   "import  3:1 module=reqwest member=header wildcard\n"
			   "import  4:1 module=std member=env alias=stdenv\n"
			   "import  5:1 module=serde_json member=json "
			   "alias=json\n"
			   /* `as _` binds nothing */
			   "import  6:1 module=base64 member=Engine\n"
			   "import  11:1 module=replicate alias=replicate\n"
			   "import  12:1 module=dotenv alias=dotenv_crate\n");
	/* crate::, self::, super:: and the file's own `mod openai;` are
	 * the project's code, not crates */
	fx_expect_absent(d, "module=crate");
	fx_expect_absent(d, "module=self");
	fx_expect_absent(d, "module=super");
	fx_expect_absent(d, "module=openai");
	fx_expect_absent(d, "runway");
	fx_expect_absent(d, "string ");
}

/* Raw reqwest to Runway: a base URL constant, format! paths, the bearer
 * token from env::var, a JSON body in json!. */
static void test_reqwest_with_format_and_env_token(void **state)
{
	const char *d = fx_facts(
		"rust",
		"use std::env;\n"
		"\n"
		"const BASE_URL: &str = \"https://api.dev.runwayml.com\";\n"
		"\n"
		"pub struct Runway {\n"
		"    client: reqwest::Client,\n"
		"    base: String,\n"
		"}\n"
		"\n"
		"impl Runway {\n"
		"    pub fn new() -> Self {\n"
		"        Self { client: reqwest::Client::new(), base: "
		"BASE_URL.to_string() }\n"
		"    }\n"
		"\n"
		"    /// Starts an image-to-video task (gen3a_turbo).\n"
		"    pub async fn start(&self, image: &str) -> "
		"anyhow::Result<String> {\n"
		"        let token = env::var(\"RUNWAYML_API_SECRET\")?;\n"
		"        let url = format!(\"{}/v1/image_to_video\", "
		"self.base);\n"
		"        let resp = self\n"
		"            .client\n"
		"            .post(&url)\n"
		"            .bearer_auth(&token)\n"
		"            .header(\"X-Runway-Version\", \"2024-11-06\")\n"
		"            .json(&json!({\"model\": \"gen3a_turbo\", "
		"\"promptImage\": image}))\n"
		"            .send()\n"
		"            .await?;\n"
		"        let poll = format!(\"{base}/v1/tasks/{id}\", "
		"base = self.base, id = resp.id);\n"
		"        Ok(poll)\n"
		"    }\n"
		"}\n");
	(void)state;
	fx_expect_lines(
		d,
		"assign  3:1 BASE_URL = \"https://api.dev.runwayml.com\"\n"
		"call    12:24 reqwest.Client.new()\n"
		/* Self { .. } in the impl: what the methods read as self.x */
		"assign  12:16 self.client = call reqwest.Client.new()\n"
		"assign  12:48 self.base = name BASE_URL\n"
		"assign  17:9 token = call env.var(\"RUNWAYML_API_SECRET\")\n"
		"env     17:30 RUNWAYML_API_SECRET\n"
		"assign  18:9 url = format(\"{}/v1/image_to_video\", "
		"name self.base)\n"
		"string  18:27 \"{}/v1/image_to_video\"\n"
		/* .await and ? are transparent; each call of the chain is a
		 * fact with its own arguments */
		"assign  19:9 resp = call "
		"self.client.post().bearer_auth().header().json().send()\n"
		"call    19:20 self.client.post(name url)\n"
		"call    19:20 self.client.post().bearer_auth(name token)\n"
		"call    19:20 self.client.post().bearer_auth().header("
		"\"X-Runway-Version\", \"2024-11-06\")\n"
		"call    19:20 self.client.post().bearer_auth().header()."
		"json(call json!(?))\n"
		/* strings inside macro token trees are strings */
		"string  24:36 \"gen3a_turbo\"\n"
		"assign  27:9 poll = format(\"{base}/v1/tasks/{id}\", "
		"base=name self.base, id=name resp.id)\n"
		"comment 15:5 \"/// Starts an image-to-video task "
		"(gen3a_turbo).\"\n");
	/* the doc comment is prose */
	fx_expect_absent(d, "string  15:");
}

static void test_async_openai_client(void **state)
{
	const char *d = fx_facts(
		"rust",
		"use async_openai::{\n"
		"    types::{CreateImageRequestArgs, ImageModel, ImageSize},\n"
		"    Client,\n"
		"};\n"
		"\n"
		"#[tokio::main]\n"
		"async fn main() -> Result<(), Box<dyn std::error::Error>> {\n"
		"    let client = Client::new();\n"
		"    let request = CreateImageRequestArgs::default()\n"
		"        .prompt(\"cats on sofa\")\n"
		"        .model(ImageModel::DallE3)\n"
		"        .size(ImageSize::S1024x1024)\n"
		"        .build()?;\n"
		"    let response = client.images().create(request).await?;\n"
		"    let org = dotenvy::var(\"OPENAI_ORG_ID\").ok();\n"
		"    Ok(())\n"
		"}\n");
	(void)state;
	fx_expect_lines(
		d,
		"import  1:1 module=async_openai "
		"member=types::CreateImageRequestArgs "
		"alias=CreateImageRequestArgs\n"
		"import  1:1 module=async_openai member=types::ImageModel "
		"alias=ImageModel\n"
		"import  1:1 module=async_openai member=Client alias=Client\n"
		"assign  8:5 client = call Client.new()\n"
		"call    9:19 CreateImageRequestArgs.default().prompt("
		"\"cats on sofa\")\n"
		"call    9:19 CreateImageRequestArgs.default().prompt().model("
		"name ImageModel.DallE3)\n"
		"assign  9:5 request = call CreateImageRequestArgs.default()."
		"prompt().model().size().build()\n"
		"assign  14:5 response = call client.images().create("
		"name request)\n"
		"call    14:20 client.images().create(name request)\n"
		"call    15:15 dotenvy.var(\"OPENAI_ORG_ID\")\n"
		"env     15:28 OPENAI_ORG_ID\n");
}

static void test_macros(void **state)
{
	const char *d = fx_facts(
		"rust",
		"#[derive(Parser)]\n"
		"struct Args {\n"
		"    #[arg(long, env = \"OPENAI_API_KEY\")]\n"
		"    key: String,\n"
		"    #[serde(rename = \"model\")]\n"
		"    model: String,\n"
		"}\n"
		"fn f(base: &str, id: &str) {\n"
		"    let a = format!(\"{}/v1/tasks/{}\", base, id);\n"
		"    let b = format!(\"{base}/v1/image_to_video\");\n"
		"    let c = format!(\"{}/{path}\", self.base_url, "
		"path = \"v1/images\");\n"
		"    let d = concat!(\"https://api.\", \"stability.ai\");\n"
		"    let e = env!(\"FAL_KEY\");\n"
		"    let g = "
		"option_env!(\"LUMA_API_KEY\").unwrap_or_default();\n"
		"    let h = dotenv!(\"ELEVENLABS_API_KEY\");\n"
		"    println!(\"calling {}\", client.url());\n"
		"    let j = format!(\"{}/x\", base.trim_end_matches('/'));\n"
		"    let k = format!(\"{}/{}\", &self.base, "
		"task.id().await?);\n"
		"}\n");
	(void)state;
	fx_expect_lines(
		d,
		"env     3:23 OPENAI_API_KEY\n"
		"assign  9:5 a = format(\"{}/v1/tasks/{}\", name base, "
		"name id)\n"
		/* inline captures become keyword arguments, as with
		 * '{base}/x'.format(base=base) */
		"assign  10:5 b = format(\"{base}/v1/image_to_video\", "
		"base=name base)\n"
		"assign  11:5 c = format(\"{}/{path}\", name self.base_url, "
		"path=\"v1/images\")\n"
		"assign  12:5 d = concat(\"https://api.\", \"stability.ai\")\n"
		"assign  13:5 e = call env!(\"FAL_KEY\")\n"
		"env     13:18 FAL_KEY\n"
		"assign  14:5 g = call option_env!().unwrap_or_default()\n"
		"env     14:25 LUMA_API_KEY\n"
		"env     15:21 ELEVENLABS_API_KEY\n"
		"string  16:14 \"calling {}\"\n"
		"assign  17:5 j = format(\"{}/x\", call "
		"base.trim_end_matches(?))\n"
		"assign  18:5 k = format(\"{}/{}\", name self.base, "
		"call task.id())\n");
	/* serde renames are no environment variables */
	fx_expect_absent(d, "env     5:");
}

static void test_assignments(void **state)
{
	const char *d = fx_facts(
		"rust",
		"const BASE_URL: &str = \"https://api.replicate.com/v1\";\n"
		"static VERSION: &str = "
		"r#\"stability-ai/sdxl:\"39ed52f2\"\"#;\n"
		"pub struct Api { base_url: String }\n"
		"impl Api {\n"
		"    const IMAGES: &'static str = \"/images/generations\";\n"
		"    pub fn new(key: String) -> Self {\n"
		"        let mut api = Api { base_url: "
		"\"https://api.openai.com/v1\".into(), key };\n"
		"        api.base_url = "
		"String::from(\"https://api.groq.com\");\n"
		"        self.model = \"dall-e-3\".to_string();\n"
		"        let url = BASE_URL.to_owned() + \"/predictions\";\n"
		"        let mut path = String::new();\n"
		"        path += \"/v1\";\n"
		"        let (x, y) = (1, 2);\n"
		"        const LOCAL: &str = \"l\";\n"
		"        api\n"
		"    }\n"
		"}\n");
	(void)state;
	fx_expect_lines(
		d,
		"assign  1:1 BASE_URL = \"https://api.replicate.com/v1\"\n"
		"assign  2:1 VERSION = \"stability-ai/sdxl:\\\"39ed52f2\\\"\"\n"
		/* an associated constant is read as Self::X or Api::X */
		"assign  5:5 IMAGES = \"/images/generations\"\n"
		"assign  5:5 Self.IMAGES = \"/images/generations\"\n"
		"assign  5:5 Api.IMAGES = \"/images/generations\"\n"
		/* a struct expression: T with keyword arguments, and its
		 * fields */
		"assign  7:9 api = call Api(base_url="
		"\"https://api.openai.com/v1\", key=name key)\n"
		"assign  7:9 api.base_url = \"https://api.openai.com/v1\"\n"
		"assign  7:9 api.key = name key\n"
		"assign  8:9 api.base_url = \"https://api.groq.com\"\n"
		"assign  9:9 self.model = \"dall-e-3\"\n"
		"assign  10:9 url = concat(name BASE_URL, \"/predictions\")\n"
		"assign  12:9 path = concat(name path, \"/v1\")\n"
		"assign  14:9 LOCAL = \"l\"\n");
	/* destructuring is skipped; a function's constant is no
	 * associated constant */
	fx_expect_absent(d, "assign  13:");
	fx_expect_absent(d, "Self.LOCAL");
	/* a struct expression is not a call fact */
	fx_expect_absent(d, "call    7:");
}

static void test_strings_and_comments(void **state)
{
	const char *d = fx_facts("rust", "//! Wraps sora-2.\n"
					 "/* Uses DALL-E. */\n"
					 "fn f() -> &'static str {\n"
					 "    // was dall-e-2\n"
					 "    let b = b\"bytes\";\n"
					 "    let s = \"a\\u{e9}\\n\\\n"
					 "             b\";\n"
					 "    \"dall-e-3\"\n"
					 "}\n");
	(void)state;
	fx_expect_lines(d, "string  5:13 \"bytes\"\n"
			   "string  6:13 \"a\\xC3\\xA9\\x0Ab\"\n"
			   "string  8:5 \"dall-e-3\"\n"
			   "comment 1:1 \"//! Wraps sora-2.\"\n"
			   "comment 2:1 \"/* Uses DALL-E. */\"\n"
			   "comment 4:5 \"// was dall-e-2\"\n");
	fx_expect_absent(d, "\"sora-2");
	fx_expect_absent(d, "string  1:");
	fx_expect_absent(d, "string  4:");
}

/* Macro bodies are tokens: environment reads are still found there. */
static void test_env_reads_inside_macro_bodies(void **state)
{
	const char *d = fx_facts(
		"rust",
		"lazy_static! {\n"
		"    static ref KEY: String = std::env::var(\"OPENAI_API_KEY\")"
		".expect(\"set it\");\n"
		"    static ref ORG: String = dotenvy::var(\"OPENAI_ORG\")"
		".unwrap();\n"
		"}\n"
		"fn f() {\n"
		"    println!(\"{} {}\", env!(\"FAL_KEY\"), "
		"var(\"NOT_ENV\"));\n"
		"    info!(\"{}\", other::var(\"NOPE\"));\n"
		"    let k = std::env::var_os(\"STABILITY_API_KEY\");\n"
		"}\n");
	(void)state;
	fx_expect_lines(d, "env     2:44 OPENAI_API_KEY\n"
			   "env     3:43 OPENAI_ORG\n"
			   "env     6:28 FAL_KEY\n"
			   "env     8:30 STABILITY_API_KEY\n"
			   "string  6:44 \"NOT_ENV\"\n");
	fx_expect_absent(d, "env     6:44");
	fx_expect_absent(d, "env     7:");
}

static void test_doc_attributes_are_comments(void **state)
{
	const char *d = fx_facts("rust", "#![doc = \"Wraps sora-2.\"]\n"
					 "#[doc = \"Calls DALL-E 3.\"]\n"
					 "#[serde(rename = \"dall-e-3\")]\n"
					 "struct A;\n");
	(void)state;
	fx_expect_lines(d, "comment 1:1 \"#![doc = \\\"Wraps sora-2.\\\"]\"\n"
			   "comment 2:1 \"#[doc = \\\"Calls DALL-E 3.\\\"]\"\n"
			   "string  3:18 \"dall-e-3\"\n");
	fx_expect_absent(d, "string  1:");
	fx_expect_absent(d, "string  2:");
}

static void test_broken_code_yields_fewer_facts(void **state)
{
	const char *d = fx_facts(
		"rust", "use async_openai::{Client,\n"
			"fn main( {\n"
			"    let url = format!(\"{}/v1/images\", base;\n"
			"    let c = Client { base_url: , };\n"
			"    reqwest::Client::new().post(url,,).send(\n"
			"    let k = env::var(\"OPENAI_API_KEY\");\n");
	(void)state;
	fx_expect_lines(d, "string  3:23 \"{}/v1/images\"\n"
			   "string  6:22 \"OPENAI_API_KEY\"\n");
}

static char *repeat(const char *head, const char *mid, const char *tail,
		    size_t n)
{
	size_t lh = strlen(head), lm = strlen(mid), lt = strlen(tail);
	char *s = malloc(lh + lm * n + lt + 1), *p = s;

	memcpy(p, head, lh);
	p += lh;
	for (size_t i = 0; i < n; i++, p += lm)
		memcpy(p, mid, lm);
	memcpy(p, tail, lt + 1);
	return s;
}

static int count_lines(const char *dump, const char *prefix)
{
	int n = 0;
	size_t lp = strlen(prefix);

	for (const char *p = dump; p && *p;
	     p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (!strncmp(p, prefix, lp))
			n++;
	return n;
}

/* Hostile nesting: must neither crash nor take long. */
static void test_deep_nesting(void **state)
{
	char *calls = repeat("fn m() { let v = ", "f(", "", 5000);
	char *src = repeat(calls, ")", "; }\n", 5000);
	char *arrays = repeat("fn m() { let v = ", "[", "1", 5000);
	char *asrc = repeat(arrays, "]", "; }\n", 5000);
	char *macros =
		repeat("fn m() { let v = ", "format!(\"{}\", ", "x", 5000);
	char *msrc = repeat(macros, ")", "; }\n", 5000);
	char *trees = repeat("fn m() { g(vec!", "[", "\"deep\"", 5000);
	char *tsrc = repeat(trees, "]", "); }\n", 5000);
	char *uses = repeat("use a::", "{b::", "c", 5000);
	char *usrc = repeat(uses, "}", ";\n", 5000);
	char *chain = repeat("fn m() { a", ".b()", "; }\n", 20000);
	const char *d;

	(void)state;
	d = fx_facts("rust", src);
	assert_int_equal(count_lines(d, "call    1:"), 5000);
	fx_expect_lines(d, "call    1:10016 f()\n");
	fx_facts("rust", asrc);
	d = fx_facts("rust", msrc);
	fx_expect_lines(d, "string  1:26 \"{}\"\n");
	d = fx_facts("rust", tsrc);
	fx_expect_lines(d, "string  1:5016 \"deep\"\n");
	fx_facts("rust", usrc);
	d = fx_facts("rust", chain);
	fx_expect_lines(d, "call    1:10 a.b()\n");
	free(calls);
	free(src);
	free(arrays);
	free(asrc);
	free(macros);
	free(msrc);
	free(trees);
	free(tsrc);
	free(uses);
	free(usrc);
	free(chain);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_imports),
		cmocka_unit_test(test_reqwest_with_format_and_env_token),
		cmocka_unit_test(test_async_openai_client),
		cmocka_unit_test(test_macros),
		cmocka_unit_test(test_assignments),
		cmocka_unit_test(test_strings_and_comments),
		cmocka_unit_test(test_env_reads_inside_macro_bodies),
		cmocka_unit_test(test_doc_attributes_are_comments),
		cmocka_unit_test(test_broken_code_yields_fewer_facts),
		cmocka_unit_test(test_deep_nesting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
