/* test_slice.c - parsing only the parts of a file that can matter */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine.h"
#include "facts.h"
#include "helpers.h"
#include "manifest.h"
#include "parse.h"
#include "prefilter.h"
#include "rules.h"
#include "slice.h"
#include "util.h"

static sunset_ruleset rules;

static int setup(void **state)
{
	char *dir = fx_fixture("../rules/vendors");
	const char *paths[1] = {dir};
	int rc;

	(void)state;
	rc = sunset_rules_load(&rules, paths, 1);
	free(dir);
	return rc;
}

static int teardown(void **state)
{
	(void)state;
	sunset_rules_clear(&rules);
	return 0;
}

/* The literal hits of the shipped pack in `src`; 0 when the file must
 * be parsed whole. */
static int locate(sunset_hits *hits, const char *path, sunset_lang lang,
		  const char *src)
{
	unsigned char *seen = sunset_prefilter_seen_new(rules.prefilter);
	int cut = sunset_prefilter_locate(rules.prefilter, path, lang, src,
					  strlen(src), seen,
					  hits) == SUNSET_LOCATE_CUT;
	free(seen);
	return cut;
}

/* What a first parse would leave out, each piece between [ and ]. */
static char *left_out(const char *path, const char *lang_name, const char *src)
{
	sunset_lang lang = sunset_lang_from_name(lang_name);
	sunset_hits hits = {0}, out = {0};
	sunset_buf b = SUNSET_BUF_INIT;

	locate(&hits, path, lang, src);
	sunset_slice_plan(&out, lang, src, strlen(src), &hits);
	sunset_buf_puts(&b, "");
	for (size_t i = 0; i < out.count; i++)
		sunset_buf_printf(&b, "[%.*s]",
				  (int)(out.items[i].end - out.items[i].start),
				  src + out.items[i].start);
	sunset_hits_clear(&hits);
	sunset_hits_clear(&out);
	return sunset_buf_detach(&b);
}

/* "rule@line:col" for every finding, parsed whole (`min` SIZE_MAX) or
 * cut as finely as it goes (`min` 0); *partial says whether it was. */
static char *findings(const char *path, const char *lang_name, const char *src,
		      size_t min, int *partial)
{
	sunset_lang lang = sunset_lang_from_name(lang_name);
	sunset_parser *p = sunset_parser_new(0, NULL);
	sunset_hits hits = {0};
	sunset_findings found = {0};
	sunset_facts facts;
	sunset_deps deps;
	sunset_slice_stats st;
	TSTree *tree = NULL;
	sunset_buf b = SUNSET_BUF_INIT;
	int cut = locate(&hits, path, lang, src);

	assert_int_equal(sunset_slice_analyse(&tree, &facts, p, lang, src,
					      strlen(src), cut ? &hits : NULL,
					      min, &st),
			 0);
	*partial = st.partial;
	sunset_manifest_read(&deps, path, lang, src, strlen(src), tree);
	sunset_engine_file(&found, &rules, path, lang, src, strlen(src), tree,
			   &facts, &deps);
	sunset_buf_puts(&b, "");
	for (size_t i = 0; i < found.count; i++)
		sunset_buf_printf(&b, "%s%s@%u:%u", i ? " " : "",
				  found.items[i].rule->id, found.items[i].line,
				  found.items[i].col);
	sunset_findings_clear(&found);
	sunset_deps_clear(&deps);
	sunset_facts_clear(&facts);
	sunset_hits_clear(&hits);
	ts_tree_delete(tree);
	sunset_parser_delete(p);
	return sunset_buf_detach(&b);
}

/* Cut and whole find the same, and `want` is among it; returns whether
 * the file was parsed in part. */
static int same(const char *path, const char *lang, const char *src,
		const char *want)
{
	int partial, whole_partial;
	char *whole = findings(path, lang, src, (size_t)-1, &whole_partial);
	char *cut = findings(path, lang, src, 0, &partial);

	assert_int_equal(whole_partial, 0);
	assert_string_equal(cut, whole);
	if (want)
		assert_non_null(strstr(whole, want));
	free(whole);
	free(cut);
	return partial;
}

static void test_braces(void **state)
{
	static const char src[] =
		"import OpenAI from \"openai\";\n"
		"\n"
		"export function total(rows) {\n"
		"  let n = 0;\n"
		"  for (const r of rows) {\n"
		"    n += r.amount;\n"
		"  }\n"
		"  return n;\n"
		"}\n"
		"\n"
		"export class Store {\n"
		"  get(id) {\n"
		"    return this.rows[id];\n"
		"  }\n"
		"\n"
		"  async draw(prompt) {\n"
		"    const c = new OpenAI();\n"
		"    return c.images.generate({ model: \"gpt-image-1\", prompt "
		"});\n"
		"  }\n"
		"}\n";
	char *out;

	(void)state;
	out = left_out("a.js", "javascript", src);
	/* total and Store.get, whole; draw (a hit) and the class around
	 * it stay */
	assert_string_equal(out,
			    "[export function total(rows) {\n  let n = "
			    "0;\n  for (const r of rows) {\n    n += "
			    "r.amount;\n  }\n  return n;\n}\n]"
			    "[  get(id) {\n    return this.rows[id];\n  }\n]");
	free(out);
	assert_true(same("a.js", "javascript", src, "openai.images.call@18"));
}

static void test_python(void **state)
{
	static const char src[] =
		"import requests\n"
		"\n"
		"@app.route(\n"
		"    \"/a\",\n"
		")\n"
		"def index(\n"
		"    request,\n"
		"):\n"
		"    return render(request)\n"
		"\n"
		"class Jobs:\n"
		"    \"\"\"Jobs.\"\"\"\n"
		"\n"
		"    def plain(self):\n"
		"        return 1\n"
		"\n"
		"    @property\n"
		"    def speak(self):\n"
		"        return requests.post(\"https://api.elevenlabs.io/v1/"
		"text-to-speech/x\")\n"
		"\n"
		"def tail():\n"
		"    # a comment at the left\n"
		"# right at the left\n"
		"    return 2\n";
	char *out;

	(void)state;
	out = left_out("a.py", "python", src);
	assert_string_equal(
		out, "[@app.route(\n    \"/a\",\n)\ndef index(\n    "
		     "request,\n):\n    return render(request)\n]"
		     "[    def plain(self):\n        return 1\n]"
		     "[def tail():\n    # a comment at the left\n# right "
		     "at the left\n    return 2\n]");
	free(out);
	assert_true(same("a.py", "python", src, "elevenlabs."));
}

static void test_ruby(void **state)
{
	static const char src[] =
		"require \"net/http\"\n"
		"\n"
		"class Voice\n"
		"  def plain\n"
		"    1\n"
		"  rescue StandardError\n"
		"    2\n"
		"  end\n"
		"\n"
		"  def backend = 3\n"
		"\n"
		"  def speak\n"
		"    Net::HTTP.post(URI(\"https://api.elevenlabs.io/v1/"
		"text-to-speech/x\"), \"{}\")\n"
		"  end\n"
		"end\n"
		"\n"
		"module Backend\n"
		"  X = 1\n"
		"end\n";
	char *out;

	(void)state;
	out = left_out("a.rb", "ruby", src);
	assert_string_equal(out,
			    "[  def plain\n    1\n  rescue StandardError\n"
			    "    2\n  end\n][module Backend\n  X = 1\nend\n]");
	free(out);
	assert_true(same("a.rb", "ruby", src, "elevenlabs."));
}

/* Braces on their own line; property blocks, which cannot be empty, are
 * kept. */
static void test_csharp(void **state)
{
	static const char src[] =
		"using System.Net.Http;\n"
		"\n"
		"namespace Shop\n"
		"{\n"
		"    public class Media\n"
		"    {\n"
		"        public int Size\n"
		"        {\n"
		"            get { return 1; }\n"
		"        }\n"
		"\n"
		"        public int Count()\n"
		"        {\n"
		"            return 2;\n"
		"        }\n"
		"\n"
		"        public async Task Speak(HttpClient http)\n"
		"        {\n"
		"            await http.PostAsync(\"https://api.elevenlabs.io/"
		"v1/text-to-speech/x\", null);\n"
		"        }\n"
		"    }\n"
		"}\n";
	char *out;

	(void)state;
	out = left_out("a.cs", "csharp", src);
	assert_string_equal(out, "[        public int Count()\n        {\n"
				 "            return 2;\n        }\n]");
	free(out);
	assert_true(same("a.cs", "csharp", src, "elevenlabs."));
}

/* A body is left out whole, with the annotations right above it, when
 * what comes before ends a declaration; otherwise only its inside. */
static void test_whole_or_inside(void **state)
{
	static const char java[] =
		"class Media {\n"
		"    private int n;\n"
		"\n"
		"    @Override\n"
		"    @Deprecated(since = \"2\")\n"
		"    public int count() {\n"
		"        return 2;\n"
		"    }\n"
		"\n"
		"    String url = \"https://api.openai.com\";\n"
		"}\n";
	static const char js[] = "const x = 1\n"
				 "\n"
				 "function f() {\n"
				 "  return 2\n"
				 "}\n"
				 "const u = \"https://api.openai.com\"\n";
	char *out;

	(void)state;
	out = left_out("A.java", "java", java);
	assert_string_equal(out, "[    @Override\n    @Deprecated(since = "
				 "\"2\")\n    public int count() {\n        "
				 "return 2;\n    }\n]");
	free(out);
	assert_true(same("A.java", "java", java, NULL));
	/* no ';' before it: the line could go on into what follows */
	out = left_out("a.js", "javascript", js);
	assert_string_equal(out, "[\n  return 2\n]");
	free(out);
}

/* A statement over several lines at the top of a script is left out
 * whole, with its closing line. */
static void test_script_statements(void **state)
{
	static const char src[] = "export const pick = (rows) =>\n"
				  "  rows\n"
				  "    .filter((r) => r.n > 2)\n"
				  "    .map((r) => r.n);\n"
				  "\n"
				  "export const opts = merge(\n"
				  "  a,\n"
				  "  b\n"
				  ");\n"
				  "\n"
				  "const url = \"https://api.openai.com/v1/"
				  "images/generations\";\n";
	char *out;

	(void)state;
	out = left_out("a.ts", "typescript", src);
	assert_string_equal(out, "[export const pick = (rows) =>\n  rows\n    "
				 ".filter((r) => r.n > 2)\n    .map((r) => "
				 "r.n);\n][export const opts = merge(\n  a,\n "
				 " b\n);\n]");
	free(out);
}

/* A vendor's name on the line that opens or closes braces keeps what is
 * between them: the names an import list binds. */
static void test_braces_around_a_list(void **state)
{
	static const char js[] = "import {\n"
				 "  Something,\n"
				 "  OpenAI as Client,\n"
				 "} from \"openai\";\n"
				 "\n"
				 "function other() {\n"
				 "  return 1;\n"
				 "}\n"
				 "\n"
				 "export function draw(p) {\n"
				 "  return new Client().images.generate({ "
				 "prompt: p });\n"
				 "}\n";
	static const char rs[] = "use async_openai::{\n"
				 "    types::CreateImageRequestArgs,\n"
				 "    Client,\n"
				 "};\n"
				 "\n"
				 "fn other() -> u32 {\n"
				 "    1\n"
				 "}\n"
				 "\n"
				 "async fn draw() {\n"
				 "    let c = Client::new();\n"
				 "    c.images().create(req).await;\n"
				 "}\n";
	char *out;

	(void)state;
	/* draw names Client, which the list binds: the second round
	 * parses it (same() below finds its call) */
	out = left_out("a.js", "javascript", js);
	assert_string_equal(out,
			    "[function other() {\n  return 1;\n}\n]"
			    "[export function draw(p) {\n  return new "
			    "Client().images.generate({ prompt: p });\n}\n]");
	free(out);
	assert_true(same("a.js", "javascript", js, "openai.images.call@11"));
	out = left_out("a.rs", "rust", rs);
	assert_string_equal(out, "[fn other() -> u32 {\n    1\n}\n]"
				 "[async fn draw() {\n    let c = "
				 "Client::new();\n    c.images().create(req)."
				 "await;\n}\n]");
	free(out);
	assert_true(same("a.rs", "rust", rs, NULL));
}

/* A client made at the top and used in a function with no literal of
 * its own: the function names the client, so it is parsed. */
static void test_names_bound_to_a_hit(void **state)
{
	static const char py[] =
		"from openai import OpenAI\n"
		"\n"
		"client = OpenAI()\n"
		"alias = client\n"
		"\n"
		"def unrelated():\n"
		"    return 1\n"
		"\n"
		"def draw(prompt):\n"
		"    return alias.images.generate(prompt=prompt)\n";
	static const char go[] = "package media\n"
				 "\n"
				 "const base = \"https://api.elevenlabs.io\"\n"
				 "\n"
				 "func other() int {\n"
				 "\treturn 1\n"
				 "}\n"
				 "\n"
				 "func speak() {\n"
				 "\turl := base + \"/v1/text-to-speech/x\"\n"
				 "\thttp.Post(url, \"application/json\", nil)\n"
				 "}\n";

	(void)state;
	assert_true(same("a.py", "python", py, "openai.images.call@10"));
	assert_true(same("a.go", "go", go, "elevenlabs."));
}

/* A function that rebinds a name bound to a vendor elsewhere is parsed
 * too: the nearest binding decides, whole or cut. */
static void test_rebinding(void **state)
{
	static const char src[] =
		"from openai import OpenAI\n"
		"\n"
		"def setup():\n"
		"    client = OpenAI()\n"
		"\n"
		"def other():\n"
		"    client = Storage()\n"
		"\n"
		"def unrelated():\n"
		"    return 1\n"
		"\n"
		"def draw(prompt):\n"
		"    return client.images.generate(prompt=prompt)\n";

	(void)state;
	assert_true(same("a.py", "python", src, NULL));
}

/* A cut that lands inside a string leaves a syntax error: the whole file
 * is parsed then. So is a file importing a vendor by wildcard. */
static void test_whole_file_when_needed(void **state)
{
	static const char broken[] =
		"import requests\n"
		"\n"
		"def sql():\n"
		"    return \"\"\"\n"
		"select 1\n"
		"def fake():\n"
		"    pass\n"
		"\"\"\"\n"
		"\n"
		"def speak():\n"
		"    return requests.post(\"https://api.elevenlabs.io/v1/"
		"text-to-speech/x\")\n";
	static const char wild[] =
		"from openai import *\n"
		"\n"
		"def other():\n"
		"    return 1\n"
		"\n"
		"def draw():\n"
		"    return OpenAI().images.generate(prompt=\"x\")\n";

	/* a model id written only with escapes is found where no literal
	 * is: the file is parsed whole */
	static const char escaped[] = "import openai\n"
				      "\n"
				      "def poster():\n"
				      "    return \"dall-e-3\"\n"
				      "\n"
				      "def other():\n"
				      "    return 1\n"
				      "\n"
				      "def clip():\n"
				      "    return \"sor\\u0061-2\"\n";

	(void)state;
	same("a.py", "python", broken, "elevenlabs.");
	assert_false(same("b.py", "python", wild, NULL));
	assert_false(same("c.py", "python", escaped, "openai.sora.model@10:"));
}

/* Hostile shapes: deep braces, endless indentation, a huge line. */
static void test_hostile(void **state)
{
	sunset_buf b = SUNSET_BUF_INIT;
	char *out;

	(void)state;
	sunset_buf_puts(&b, "const u = \"https://api.openai.com\";\n");
	for (int i = 0; i < 20000; i++)
		sunset_buf_printf(&b, "%*sif (x) {\n", i % 200, "");
	for (int i = 0; i < 20000; i++)
		sunset_buf_puts(&b, "}\n");
	out = left_out("a.js", "javascript", b.ptr);
	free(out);
	sunset_buf_clear(&b);
	for (int i = 0; i < 5000; i++)
		sunset_buf_printf(&b, "%*sdef f%d():\n", i % 300, "", i);
	sunset_buf_puts(&b, "x = 'api.openai.com'\n");
	out = left_out("a.py", "python", b.ptr);
	free(out);
	sunset_buf_clear(&b);
	for (int i = 0; i < 5000; i++)
		sunset_buf_puts(&b, "class A\n  def x\n");
	out = left_out("a.rb", "ruby", b.ptr);
	free(out);
	sunset_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_braces),
		cmocka_unit_test(test_python),
		cmocka_unit_test(test_ruby),
		cmocka_unit_test(test_csharp),
		cmocka_unit_test(test_whole_or_inside),
		cmocka_unit_test(test_script_statements),
		cmocka_unit_test(test_braces_around_a_list),
		cmocka_unit_test(test_names_bound_to_a_hit),
		cmocka_unit_test(test_rebinding),
		cmocka_unit_test(test_whole_file_when_needed),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
