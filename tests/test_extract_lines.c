/* test_extract_lines.c - the facts of line formats (no grammar) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <signal.h>

#include "helpers.h"
#include "util.h"

static void test_dotenv(void **state)
{
	const char *d =
		fx_facts("dotenv",
			 "# OpenAI: used for DALL-E images\n"
			 "OPENAI_API_KEY=sk-xxxx   # your key\n"
			 "export ELEVEN_LABS_API_KEY=\"el #1 \\\"quoted\\\"\"\n"
			 "REPLICATE_API_TOKEN='r8_$abc' # token\n"
			 "EMPTY=\n"
			 "  SPACED = value with spaces  \n"
			 "URL=https://api.example.com/v1#fragment\n"
			 "MULTI=\"line1\n"
			 "line2\"\n"
			 "BASE=${OPENAI_BASE_URL:-https://api.openai.com}\n"
			 "export ONLY_EXPORTED\n"
			 "not an assignment\n");
	(void)state;
	fx_expect_lines(
		d,
		"comment 1:1 \"# OpenAI: used for DALL-E images\"\n"
		"comment 2:26 \"# your key\"\n"
		"comment 4:31 \"# token\"\n"
		"env     2:1 OPENAI_API_KEY\n"
		"key     2:1 OPENAI_API_KEY\n"
		"string  2:16 \"sk-xxxx\"\n"
		"env     3:8 ELEVEN_LABS_API_KEY\n"
		"string  3:28 \"el #1 \\\"quoted\\\"\"\n"
		"env     4:1 REPLICATE_API_TOKEN\n"
		"string  4:21 \"r8_$abc\"\n"
		"env     5:1 EMPTY\n"
		"env     6:3 SPACED\n"
		"string  6:12 \"value with spaces\"\n"
		"string  7:5 \"https://api.example.com/v1#fragment\"\n"
		"string  8:7 \"line1\\x0Aline2\"\n"
		"env     10:1 BASE\n"
		"env     10:8 OPENAI_BASE_URL\n"
		"string  10:6 \"${OPENAI_BASE_URL:-https://api.openai.com}\"\n"
		"env     11:8 ONLY_EXPORTED\n");
	/* an empty value is no string; comments are not strings */
	fx_expect_absent(d, "string  5:");
	fx_expect_absent(d, "\"DALL-E");
	fx_expect_absent(d, "not");
	fx_expect_absent(d, "export");
}

static void test_dotenv_crlf_and_no_final_newline(void **state)
{
	const char *d = fx_facts("dotenv", "# keys\r\n"
					   "A=1\r\n"
					   "B=\"two\"  # c\r\n"
					   "C=three");
	(void)state;
	fx_expect_lines(d, "comment 1:1 \"# keys\"\n"
			   "string  2:3 \"1\"\n"
			   "string  3:3 \"two\"\n"
			   "comment 3:10 \"# c\"\n"
			   "env     4:1 C\n"
			   "string  4:3 \"three\"\n");
	fx_expect_absent(d, "\\x0D");
}

static void test_properties(void **state)
{
	const char *d = fx_facts(
		"properties",
		"# Spring AI settings\n"
		"spring.ai.openai.api-key=${OPENAI_API_KEY:}\n"
		"spring.ai.openai.image.options.model = dall-e-3\n"
		"! another comment style\n"
		"app.urls: https://a.example, \\\n"
		"    https://b.example\n"
		"key\\ with\\ spaces value here\n"
		"tts.voice ${ELEVEN_VOICE:Rachel} for ${app.name} ${ssm:/x}\n"
		"unicode=caf\\u00e9\\tend\n"
		"bare.key\n");
	(void)state;
	fx_expect_lines(
		d, "comment 1:1 \"# Spring AI settings\"\n"
		   "comment 4:1 \"! another comment style\"\n"
		   "key     2:1 spring.ai.openai.api-key\n"
		   "string  2:26 \"${OPENAI_API_KEY:}\"\n"
		   "env     2:28 OPENAI_API_KEY\n"
		   "key     3:1 spring.ai.openai.image.options.model\n"
		   "string  3:40 \"dall-e-3\"\n"
		   "key     5:1 app.urls\n"
		   "string  5:11 \"https://a.example, https://b.example\"\n"
		   "key     7:1 key with spaces\n"
		   "string  7:19 \"value here\"\n"
		   "env     8:13 ELEVEN_VOICE\n"
		   "string  9:9 \"caf\\xC3\\xA9\\x09end\"\n"
		   "key     10:1 bare.key\n");
	/* a property reference is not an environment variable; the
	 * continuation line is no key of its own */
	fx_expect_absent(d, "env     8:3");
	fx_expect_absent(d, "app.name\n");
	fx_expect_absent(d, "ssm\n");
	fx_expect_absent(d, "key     6:");
}

static void test_ini(void **state)
{
	const char *d =
		fx_facts("ini", "; setup.cfg\n"
				"[metadata]\n"
				"name = acme-media\n"
				"\n"
				"[options]\n"
				"install_requires =\n"
				"    openai>=1.0\n"
				"    # pinned below\n"
				"    elevenlabs==1.2\n"
				"python_requires: >=3.10\n"
				"\n"
				"[testenv]\n"
				"passenv = OPENAI_API_KEY, REPLICATE_*\n"
				"setenv =\n"
				"    MODEL = dall-e-3\n"
				"commands = pytest {env:STABILITY_KEY:x}\n"
				"top=${RUNWAY_KEY}\n");
	(void)state;
	fx_expect_lines(d, "comment 1:1 \"; setup.cfg\"\n"
			   "comment 8:5 \"# pinned below\"\n"
			   "key     2:2 metadata\n"
			   "key     3:1 metadata.name\n"
			   "string  3:8 \"acme-media\"\n"
			   "key     6:1 options.install_requires\n"
			   "string  7:5 \"openai>=1.0\"\n"
			   "string  9:5 \"elevenlabs==1.2\"\n"
			   "key     10:1 options.python_requires\n"
			   "string  10:18 \">=3.10\"\n"
			   "env     13:11 OPENAI_API_KEY\n"
			   "env     15:5 MODEL\n"
			   "env     16:24 STABILITY_KEY\n"
			   "env     17:7 RUNWAY_KEY\n"
			   "key     17:1 testenv.top\n");
	fx_expect_absent(d, "REPLICATE_*\n");
	fx_expect_absent(d, "string  8:");
}

static void test_dockerfile(void **state)
{
	const char *d = fx_facts(
		"dockerfile",
		"# syntax=docker/dockerfile:1\n"
		"ARG PYTHON_VERSION=3.12\n"
		"FROM python:${PYTHON_VERSION}-slim\n"
		"ARG OPENAI_API_KEY\n"
		"ENV OPENAI_BASE_URL=https://api.openai.com/v1 "
		"MODEL=\"dall-e-3\" \\\n"
		"    # a comment inside\n"
		"    VOICE_ID=EXAVITQu4vr4xnSDxMaL\n"
		"env LEGACY_KEY some value\n"
		"ADD https://example.com/weights.tar.gz /opt/\n"
		"RUN pip install openai && \\\n"
		"    curl -fsSL \"https://api.elevenlabs.io/v1/voices\" -H "
		"\"xi-api-key: $ELEVENLABS_API_KEY\"\n"
		"CMD [\"python\", \"app.py\"]\n"
		"LABEL org.opencontainers.image.source=https://github.com/a/b\n"
		"RUN <<EOF\n"
		"echo \"$HOME\"\n"
		"EOF\n"
		"USER app");
	(void)state;
	fx_expect_lines(
		d, "comment 1:1 \"# syntax=docker/dockerfile:1\"\n"
		   "comment 6:5 \"# a comment inside\"\n"
		   "env     2:5 PYTHON_VERSION\n"
		   "string  2:20 \"3.12\"\n"
		   "env     3:15 PYTHON_VERSION\n"
		   "env     4:5 OPENAI_API_KEY\n"
		   "env     5:5 OPENAI_BASE_URL\n"
		   "string  5:21 \"https://api.openai.com/v1\"\n"
		   "env     5:47 MODEL\n"
		   "string  5:53 \"dall-e-3\"\n"
		   "env     7:5 VOICE_ID\n"
		   "string  7:14 \"EXAVITQu4vr4xnSDxMaL\"\n"
		   "env     8:5 LEGACY_KEY\n"
		   "string  8:16 \"some value\"\n"
		   "string  9:5 \"https://example.com/weights.tar.gz\"\n"
		   "string  11:16 \"https://api.elevenlabs.io/v1/voices\"\n"
		   "string  11:57 \"xi-api-key: {}\"\n"
		   "env     11:71 ELEVENLABS_API_KEY\n"
		   "string  12:6 \"python\"\n"
		   "string  12:16 \"app.py\"\n"
		   "string  13:39 \"https://github.com/a/b\"\n"
		   "string  15:1 \"echo \\\"{}\\\"\"\n"
		   "env     15:8 HOME\n");
	/* LABEL keys are not variables; the comment is not a string */
	fx_expect_absent(d, "env     13:");
	fx_expect_absent(d, "string  6:");
	fx_expect_absent(d, "string  17:");
}

static void test_shell(void **state)
{
	const char *d = fx_facts(
		"shell",
		"#!/usr/bin/env bash\n"
		"# generate an image with DALL-E\n"
		"set -euo pipefail\n"
		"export OPENAI_API_KEY=\"${OPENAI_API_KEY:?missing}\"\n"
		"MODEL=gpt-image-1\n"
		"echo \"args: $# $1 $@\" # it's a comment\n"
		"curl -s -H \"Authorization: Bearer $OPENAI_API_KEY\" "
		"https://api.openai.com/v1/images/generations \\\n"
		"  -d '{\"model\": \"dall-e-3\"}'\n"
		"VOICE=${VOICE_ID:-$DEFAULT_VOICE} ./speak.sh\n"
		"cat <<JSON > req.json\n"
		"{\"voice\": \"$VOICE\", \"note\": \"it's\"}\n"
		"JSON\n"
		"out=$(curl \"https://api.replicate.com/v1/predictions/$ID\")\n"
		"echo a#b '$NOT_A_VAR' \\$ESCAPED\n");
	(void)state;
	fx_expect_lines(
		d, "comment 1:1 \"#!/usr/bin/env bash\"\n"
		   "comment 2:1 \"# generate an image with DALL-E\"\n"
		   "comment 6:23 \"# it's a comment\"\n"
		   "env     4:8 OPENAI_API_KEY\n"
		   "env     4:26 OPENAI_API_KEY\n"
		   "string  4:23 \"{}\"\n"
		   "env     5:1 MODEL\n"
		   "string  5:7 \"gpt-image-1\"\n"
		   "string  6:6 \"args: {} {} {}\"\n"
		   "string  7:12 \"Authorization: Bearer {}\"\n"
		   "env     7:36 OPENAI_API_KEY\n"
		   "string  7:52 "
		   "\"https://api.openai.com/v1/images/generations\"\n"
		   "string  8:6 \"{\\\"model\\\": \\\"dall-e-3\\\"}\"\n"
		   "env     9:1 VOICE\n"
		   "env     9:9 VOICE_ID\n"
		   "env     9:20 DEFAULT_VOICE\n"
		   "string  11:1 \"{\\\"voice\\\": \\\"{}\\\", \\\"note\\\": "
		   "\\\"it's\\\"}\"\n"
		   "env     11:13 VOICE\n"
		   "env     13:1 out\n"
		   "string  13:12 "
		   "\"https://api.replicate.com/v1/predictions/{}\"\n"
		   "env     13:55 ID\n"
		   "string  14:10 \"$NOT_A_VAR\"\n");
	/* positional and special parameters are not variables; nor are
	 * single-quoted or escaped dollars, nor $# a comment */
	fx_expect_absent(d, "env     6:");
	fx_expect_absent(d, "NOT_A_VAR\n");
	fx_expect_absent(d, "ESCAPED");
	fx_expect_absent(d, "comment 14:");
	fx_expect_absent(d, "\"it's a comment\"");
}

static void test_shell_redirections(void **state)
{
	const char *d = fx_facts("shell", "x=$((1 << 2))\n"
					  "(( y << 3 ))\n"
					  "cat <<< \"$W\"\n"
					  "cat <<'RAW'\n"
					  "literal $NOPE\n"
					  "RAW\n"
					  "\tcat <<-END\n"
					  "\t\tindented $YES\n"
					  "\tEND\n"
					  "echo \"after $Z\"\n");
	(void)state;
	/* shifts and here-strings open no here-document */
	fx_expect_lines(d, "env     3:11 W\n"
			   "string  5:1 \"literal $NOPE\"\n"
			   "string  8:1 \"indented {}\"\n"
			   "env     8:13 YES\n"
			   "string  10:6 \"after {}\"\n"
			   "env     10:14 Z\n");
	fx_expect_absent(d, "NOPE\n");
}

static void test_terraform(void **state)
{
	const char *d = fx_facts(
		"terraform",
		"# Secrets for the media service\n"
		"variable \"openai_api_key\" {\n"
		"  type      = string\n"
		"  sensitive = true // never log it\n"
		"}\n"
		"/* the\n"
		"   lambda */\n"
		"resource \"aws_lambda_function\" \"gen\" {\n"
		"  environment {\n"
		"    variables = {\n"
		"      OPENAI_API_KEY = var.openai_api_key\n"
		"      BASE           = \"https://${var.host}/v1/images\"\n"
		"      TF             = \"TF_VAR_openai_api_key\"\n"
		"      ESC            = \"a\\\"b $${literal} %{if "
		"x}y%{endif}\"\n"
		"    }\n"
		"  }\n"
		"  policy = <<-EOT\n"
		"    {\"url\": \"https://api.elevenlabs.io/${var.v}\"}\n"
		"    EOT\n"
		"}\n"
		"variable region {}\n");
	(void)state;
	fx_expect_lines(d, "comment 1:1 \"# Secrets for the media service\"\n"
			   "comment 4:20 \"// never log it\"\n"
			   "comment 6:1 \"/* the\\x0A   lambda */\"\n"
			   "env     2:11 openai_api_key\n"
			   "string  2:10 \"openai_api_key\"\n"
			   "string  8:10 \"aws_lambda_function\"\n"
			   "string  12:24 \"https://{}/v1/images\"\n"
			   "string  13:24 \"TF_VAR_openai_api_key\"\n"
			   "string  14:24 \"a\\\"b ${literal} {}y{}\"\n"
			   "string  18:1 \"{\\\"url\\\": "
			   "\\\"https://api.elevenlabs.io/{}\\\"}\"\n"
			   "env     21:10 region\n");
	fx_expect_absent(d, "env     8:");
	fx_expect_absent(d, "env     11:");
	fx_expect_absent(d, "\"never");
}

static void test_xml(void **state)
{
	const char *d = fx_facts(
		"xml",
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
		"  <!-- the OpenAI SDK for images -->\n"
		"  <dependencies>\n"
		"    <dependency>\n"
		"      <groupId>com.openai</groupId>\n"
		"      <artifactId>openai-java</artifactId>\n"
		"      <version>0.8.0</version>\n"
		"    </dependency>\n"
		"  </dependencies>\n"
		"  <properties><key>${env.OPENAI_API_KEY}</key>"
		"<q a='x &amp; y'>&lt;b&gt; "
		"&#65;&#x42;&#xe9;</q></properties>\n"
		"  <script><![CDATA[ fetch(\"https://api.runwayml.com\") "
		"]]></script>\n"
		"</project>");
	(void)state;
	fx_expect_lines(
		d,
		"comment 3:3 \"<!-- the OpenAI SDK for images -->\"\n"
		"string  2:17 \"http://maven.apache.org/POM/4.0.0\"\n"
		"string  6:16 \"com.openai\"\n"
		"string  7:19 \"openai-java\"\n"
		"string  8:16 \"0.8.0\"\n"
		"string  11:20 \"${env.OPENAI_API_KEY}\"\n"
		"env     11:26 OPENAI_API_KEY\n"
		"string  11:53 \"x & y\"\n"
		"string  11:64 \"<b> AB\\xC3\\xA9\"\n"
		"string  12:21 \"fetch(\\\"https://api.runwayml.com\\\")\"\n");
	/* no whitespace-only text, nothing of the declaration, no
	 * comment as a string */
	fx_expect_absent(d, "string  1:");
	fx_expect_absent(d, "\"\"");
	fx_expect_absent(d, "string  3:");
}

static void test_gradle(void **state)
{
	const char *d = fx_facts(
		"gradle",
		"// dependencies of the image service\n"
		"dependencies {\n"
		"    implementation 'com.openai:openai-java:0.8.0'\n"
		"    implementation \"com.theokanning.openai-gpt3-java:service:"
		"${openaiVersion}\"\n"
		"    /* old:\n"
		"       implementation 'x' */\n"
		"}\n"
		"def key = System.getenv(\"OPENAI_API_KEY\") ?: ''\n"
		"def url = \"\"\"https://api.openai.com/$path\"\"\"\n"
		"def raw = '''multi\n"
		"line'''\n");
	(void)state;
	fx_expect_lines(d,
			"comment 1:1 \"// dependencies of the image "
			"service\"\n"
			"comment 5:5 \"/* old:\\x0A       implementation 'x' "
			"*/\"\n"
			"string  3:20 \"com.openai:openai-java:0.8.0\"\n"
			"string  4:20 \"com.theokanning.openai-gpt3-java:"
			"service:{}\"\n"
			"string  8:25 \"OPENAI_API_KEY\"\n"
			"env     8:26 OPENAI_API_KEY\n"
			"string  8:46 \"\"\n"
			"string  9:11 \"https://api.openai.com/{}\"\n"
			"string  10:11 \"multi\\x0Aline\"\n");
	fx_expect_absent(d, "\"x\"");
}

static void test_manifests_give_comments_only(void **state)
{
	const char *d;

	(void)state;
	d = fx_facts("requirements", "# image generation\n"
				     "openai>=1.0  # images\n"
				     "git+https://github.com/a/b.git#egg=b\n"
				     "requests\r\n");
	fx_expect_lines(d, "comment 1:1 \"# image generation\"\n"
			   "comment 2:14 \"# images\"\n");
	fx_expect_absent(d, "string");
	fx_expect_absent(d, "egg");
	d = fx_facts("gomod", "module example.com/app\n\n"
			      "require (\n"
			      "\tgithub.com/sashabaranov/go-openai v1.20.0 "
			      "// indirect\n"
			      ")\n"
			      "// end");
	fx_expect_lines(d, "comment 4:44 \"// indirect\"\n"
			   "comment 6:1 \"// end\"\n");
	fx_expect_absent(d, "string");
	fx_expect_absent(d, "import");
	d = fx_facts("yarn-lock", "# THIS IS AN AUTOGENERATED FILE.\n"
				  "# yarn lockfile v1\n\n"
				  "\"openai@^4.0.0\":\n"
				  "  version \"4.0.0\"\n");
	fx_expect_lines(d, "comment 2:1 \"# yarn lockfile v1\"\n");
	fx_expect_absent(d, "string");
	d = fx_facts("gosum", "github.com/sashabaranov/go-openai v1.20.0 "
			      "h1:abc=\n");
	assert_string_equal(d, "");
	d = fx_facts("gemfile-lock", "GEM\n  remote: https://rubygems.org/\n"
				     "  specs:\n    ruby-openai (6.0.0)\n");
	assert_string_equal(d, "");
}

static void test_crlf_across_formats(void **state)
{
	const char *d;

	(void)state;
	d = fx_facts("shell", "export A=\"x y\" # c\r\n"
			      "curl https://api.openai.com/v1 -H \"k: $K\"\r\n"
			      "cat <<EOF\r\n"
			      "body $V\r\n"
			      "EOF\r\n"
			      "echo done");
	fx_expect_lines(d, "string  1:10 \"x y\"\n"
			   "comment 1:16 \"# c\"\n"
			   "string  2:6 \"https://api.openai.com/v1\"\n"
			   "env     2:40 K\n"
			   "string  4:1 \"body {}\"\n"
			   "env     4:7 V\n");
	fx_expect_absent(d, "\\x0D");
	d = fx_facts("properties", "a=b\\\r\n  c\r\n# x\r\nk v");
	fx_expect_lines(d, "string  1:3 \"bc\"\n"
			   "comment 3:1 \"# x\"\n"
			   "key     4:1 k\n"
			   "string  4:3 \"v\"\n");
	d = fx_facts("dockerfile", "ENV A=1 \\\r\n  B=\"two\"\r\n# c\r\n"
				   "RUN curl https://x.example/y\r\nARG Z");
	fx_expect_lines(d, "env     2:3 B\n"
			   "string  2:5 \"two\"\n"
			   "comment 3:1 \"# c\"\n"
			   "string  4:10 \"https://x.example/y\"\n"
			   "env     5:5 Z\n");
	d = fx_facts("ini", "[s]\r\nk = v\r\n  more\r\n; c");
	fx_expect_lines(d, "key     2:1 s.k\n"
			   "string  2:5 \"v\"\n"
			   "string  3:3 \"more\"\n"
			   "comment 4:1 \"; c\"\n");
	d = fx_facts("terraform", "variable \"k\" {}\r\n# c\r\nx = \"y\"");
	fx_expect_lines(d, "env     1:11 k\n"
			   "comment 2:1 \"# c\"\n"
			   "string  3:5 \"y\"\n");
	d = fx_facts("xml", "<a>\r\n  t\r\n</a><!-- c -->");
	fx_expect_lines(d, "string  2:3 \"t\"\n"
			   "comment 3:5 \"<!-- c -->\"\n");
	fx_expect_absent(d, "\\x0D");
}

static void test_broken_input(void **state)
{
	static const char *const langs[] = {
		"dotenv",	"properties", "ini",	  "dockerfile",
		"shell",	"terraform",  "xml",	  "gradle",
		"requirements", "gomod",      "yarn-lock"};
	static const char *const inputs[] = {
		"A=\"unterminated\nB='also\n",
		"\\",
		"key=\\",
		"[\n[unclosed\n=\n:\n  \n",
		"ENV\nARG\nENV A\nRUN \\",
		"echo \"${A:-\"$(cat <<EOF\n",
		"x = \"${unclosed\n<<EOT\nno end",
		"<a b=\"unclosed><!-- <![CDATA[ &#x110000; &#;",
		"'''\n\"\"\"\n/*\n\"${",
		"$$$${{{((''\"\"``\\\\<<<<-",
		"# only\r",
		"\r\n\r\n",
		"",
	};
	(void)state;
	for (size_t l = 0; l < sizeof(langs) / sizeof(langs[0]); l++)
		for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++)
			(void)fx_facts(langs[l], inputs[i]);
	/* facts before a broken part survive */
	fx_expect_lines(fx_facts("shell", "A=1\necho \"unterminated\n"),
			"env     1:1 A\n");
	fx_expect_lines(fx_facts("xml", "<a>text</a><b c=\"x"),
			"string  1:4 \"text\"\n");
}

static char *repeat(const char *unit, size_t n, const char *tail)
{
	size_t lu = strlen(unit), lt = strlen(tail);
	char *s = malloc(n * lu + lt + 1);

	for (size_t i = 0; i < n; i++)
		memcpy(s + i * lu, unit, lu);
	memcpy(s + n * lu, tail, lt + 1);
	return s;
}

static void test_deep_nesting(void **state)
{
	static const struct {
		const char *lang, *unit, *tail;
	} cases[] = {
		{"shell", "$(", "echo $DEEP"},
		{"shell", "\"$(", "x"},
		{"shell", "${A:-", "x"},
		{"shell", "`", "x"},
		{"dockerfile", "RUN $(", "x"},
		{"terraform", "\"${", "x"},
		{"terraform", "{", "x"},
		{"xml", "<a>", "x"},
		{"gradle", "\"${", "x"},
		{"properties", "a=\\\n", "x"},
		{"ini", "[", "x"},
		{"dotenv", "A=\"", "x"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = repeat(cases[i].unit, 5000, cases[i].tail);
		(void)fx_facts(cases[i].lang, s);
		free(s);
	}
	/* shell substitutions are read to a bounded depth */
	{
		char *s = repeat("$(", 3, "echo $INNER))) ");
		fx_expect_lines(fx_facts("shell", s), "env     1:13 INNER\n");
		free(s);
	}
}

/* SIGINT or SIGTERM ends every reader's loop over lines: the first line
 * is read, the rest is not. */
static void test_stops_on_a_signal(void **state)
{
	const char *d;

	(void)state;
	sunset_interrupt_set(SIGTERM);
	d = fx_facts("dotenv", "FIRST_KEY=1\nSECOND_KEY=2\n");
	sunset_interrupt_set(0);
	assert_non_null(strstr(d, "FIRST_KEY"));
	assert_null(strstr(d, "SECOND_KEY"));
	d = fx_facts("dotenv", "FIRST_KEY=1\nSECOND_KEY=2\n");
	assert_non_null(strstr(d, "SECOND_KEY"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dotenv),
		cmocka_unit_test(test_stops_on_a_signal),
		cmocka_unit_test(test_dotenv_crlf_and_no_final_newline),
		cmocka_unit_test(test_properties),
		cmocka_unit_test(test_ini),
		cmocka_unit_test(test_dockerfile),
		cmocka_unit_test(test_shell),
		cmocka_unit_test(test_shell_redirections),
		cmocka_unit_test(test_terraform),
		cmocka_unit_test(test_xml),
		cmocka_unit_test(test_gradle),
		cmocka_unit_test(test_manifests_give_comments_only),
		cmocka_unit_test(test_crlf_across_formats),
		cmocka_unit_test(test_broken_input),
		cmocka_unit_test(test_deep_nesting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
