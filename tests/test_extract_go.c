/* test_extract_go.c - the facts of Go files */
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
		fx_facts("go", "package main\n"
			       "\n"
			       "import \"net/http\"\n"
			       "import (\n"
			       "\t\"fmt\"\n"
			       "\toa \"github.com/openai/openai-go/v3\"\n"
			       "\t\"github.com/sashabaranov/go-openai\"\n"
			       "\t\"github.com/go-resty/resty/v2\"\n"
			       "\t\"gopkg.in/yaml.v3\"\n"
			       "\t. \"github.com/onsi/gomega\"\n"
			       "\t_ \"github.com/lib/pq\"\n"
			       "\t\"./vendorclient\"\n"
			       ")\n");
	(void)state;
	fx_expect_lines(d,
			"import  3:8 module=net/http alias=http\n"
			"import  5:2 module=fmt alias=fmt\n"
			"import  6:2 module=github.com/openai/openai-go/v3 "
			"alias=oa\n"
			"import  7:2 module=github.com/sashabaranov/go-openai "
			"alias=openai\n"
			"import  8:2 module=github.com/go-resty/resty/v2 "
			"alias=resty\n"
			"import  9:2 module=gopkg.in/yaml.v3 alias=yaml\n"
			"import  10:2 module=github.com/onsi/gomega wildcard\n"
			"import  11:2 module=github.com/lib/pq\n");
	/* a relative import is the project's own code; import paths are
	 * not string literals of the program */
	fx_expect_absent(d, "vendorclient");
	fx_expect_absent(d, "string ");
}

static void test_unaliased_import_guesses_the_package(void **state)
{
	const char *d =
		fx_facts("go", "package x\n"
			       "import (\n"
			       "\t\"github.com/openai/openai-go/v3\"\n"
			       "\t\"github.com/liushuangls/go-anthropic/v2\"\n"
			       "\t\"github.com/replicate/replicate-go\"\n"
			       "\t\"cloud.google.com/go/vertexai/genai\"\n"
			       "\t\"github.com/acme/app/internal/openai\"\n"
			       ")\n");
	(void)state;
	fx_expect_lines(
		d, "import  3:2 module=github.com/openai/openai-go/v3 "
		   "alias=openai\n"
		   "import  4:2 module=github.com/liushuangls/go-anthropic/v2 "
		   "alias=anthropic\n"
		   "import  5:2 module=github.com/replicate/replicate-go "
		   "alias=replicate\n"
		   "import  6:2 module=cloud.google.com/go/vertexai/genai "
		   "alias=genai\n"
		   /* an in-repo package named after a vendor: the module
		    * path tells the engine it is no SDK */
		   "import  7:2 module=github.com/acme/app/internal/openai "
		   "alias=openai\n");
}

/* Kling/Stability over raw net/http: base URL in a struct, paths built
 * with Sprintf and +, the key from the environment. */
static void test_raw_http_with_sprintf_and_concat(void **state)
{
	const char *d = fx_facts(
		"go",
		"package kling\n"
		"\n"
		"// Client talks to the Kling video API.\n"
		"type Client struct {\n"
		"\tbaseURL string\n"
		"\tkey     string\n"
		"}\n"
		"\n"
		"func New() *Client {\n"
		"\treturn &Client{baseURL: \"https://api.klingai.com\", "
		"key: os.Getenv(\"KLING_API_KEY\")}\n"
		"}\n"
		"\n"
		"func (c *Client) Poll(ctx context.Context, id string) error "
		"{\n"
		"\turl := fmt.Sprintf(\"%s/v1/videos/image2video/%s\", "
		"c.baseURL, id)\n"
		"\treq, err := http.NewRequestWithContext(ctx, "
		"http.MethodGet, url, nil)\n"
		"\tif err != nil {\n"
		"\t\treturn err\n"
		"\t}\n"
		"\treq.Header.Set(\"Authorization\", \"Bearer \"+c.key)\n"
		"\t_, err = http.DefaultClient.Do(req)\n"
		"\treturn err\n"
		"}\n"
		"\n"
		"func (c *Client) Stability(ctx context.Context) {\n"
		"\treq, _ := http.NewRequestWithContext(ctx, \"POST\",\n"
		"\t\tc.baseURL+`/v1/generation/stable-diffusion-xl-1024-v1-0`+"
		"\"/text-to-image\", nil)\n"
		"\tresty.New().R().SetBody(b).Post(fmt.Sprintf(\"%s/v2beta\", "
		"c.baseURL))\n"
		"\t_ = req\n"
		"}\n");
	(void)state;
	fx_expect_lines(
		d,
		"string  10:26 \"https://api.klingai.com\"\n"
		"env     10:68 KLING_API_KEY\n"
		/* fields set in New() are what the methods of Client read
		 * through their receiver c */
		"assign  10:17 c.baseURL = \"https://api.klingai.com\"\n"
		"assign  10:53 c.key = call os.Getenv(\"KLING_API_KEY\")\n"
		"assign  14:2 url = format(\"%s/v1/videos/image2video/%s\", "
		"name c.baseURL, name id)\n"
		"call    14:9 fmt.Sprintf(\"%s/v1/videos/image2video/%s\", "
		"name c.baseURL, name id)\n"
		/* x, err := f(): x is the call's value */
		"assign  15:2 req = call http.NewRequestWithContext(name ctx, "
		"name http.MethodGet, name url, ?)\n"
		"call    15:14 http.NewRequestWithContext(name ctx, "
		"name http.MethodGet, name url, ?)\n"
		"call    19:2 req.Header.Set(\"Authorization\", "
		"concat(\"Bearer \", name c.key))\n"
		"call    20:11 http.DefaultClient.Do(name req)\n"
		"call    25:12 http.NewRequestWithContext(name ctx, \"POST\", "
		"concat(name c.baseURL, "
		"\"/v1/generation/stable-diffusion-xl-1024-v1-0\", "
		"\"/text-to-image\"), ?)\n"
		"call    27:2 "
		"resty.New().R().SetBody().Post(format(\"%s/v2beta\", "
		"name c.baseURL))\n"
		"call    27:2 resty.New().R().SetBody(name b)\n"
		"call    27:2 resty.New()\n"
		"string  26:13 "
		"\"/v1/generation/stable-diffusion-xl-1024-v1-0\"\n"
		"comment 3:1 \"// Client talks to the Kling video API.\"\n");
	/* `_, err = ...` binds nothing worth a fact; err alone is no pair */
	fx_expect_absent(d, "assign  20:");
	/* a type of another package has no methods here */
	fx_expect_absent(d, "Client.baseURL");
}

/* A package named openai that wraps the REST API by hand: its raw calls
 * are facts, the package clause is no import. */
static void test_in_repo_openai_package(void **state)
{
	const char *d = fx_facts(
		"go",
		"// Package openai calls the OpenAI REST API (not the SDK).\n"
		"package openai\n"
		"\n"
		"import (\n"
		"\t\"bytes\"\n"
		"\t\"encoding/json\"\n"
		"\t\"net/http\"\n"
		")\n"
		"\n"
		"const (\n"
		"\tdefaultBaseURL = \"https://api.openai.com/v1\"\n"
		"\timagesPath     = \"/images/generations\"\n"
		")\n"
		"\n"
		"func Generate(prompt string) (*http.Response, error) {\n"
		"\tpayload, _ := json.Marshal(map[string]string{\"model\": "
		"\"dall-e-3\", \"prompt\": prompt})\n"
		"\treturn http.Post(defaultBaseURL+imagesPath, "
		"\"application/json\", bytes.NewReader(payload))\n"
		"}\n");
	(void)state;
	fx_expect_lines(
		d,
		"import  7:2 module=net/http alias=http\n"
		"assign  11:2 defaultBaseURL = \"https://api.openai.com/v1\"\n"
		"assign  12:2 imagesPath = \"/images/generations\"\n"
		"call    17:9 http.Post(concat(name defaultBaseURL, "
		"name imagesPath), \"application/json\", "
		"call bytes.NewReader(name payload))\n"
		"string  16:56 \"dall-e-3\"\n");
	fx_expect_absent(d, "module=openai");
	/* the comment names the vendor: prose, not a string */
	fx_expect_absent(d, "string  1:");
	fx_expect_absent(d, "\"OpenAI");
}

static void test_go_openai_client(void **state)
{
	const char *d = fx_facts(
		"go",
		"package main\n"
		"\n"
		"import (\n"
		"\t\"context\"\n"
		"\t\"os\"\n"
		"\n"
		"\topenai \"github.com/sashabaranov/go-openai\"\n"
		")\n"
		"\n"
		"func main() {\n"
		"\tclient := openai.NewClient(os.Getenv(\"OPENAI_API_KEY\"))\n"
		"\tresp, err := client.CreateImage(context.Background(), "
		"openai.ImageRequest{\n"
		"\t\tModel:  openai.CreateImageModelDallE3,\n"
		"\t\tPrompt: \"a lighthouse\",\n"
		"\t})\n"
		"\t_, _ = resp, err\n"
		"}\n");
	(void)state;
	fx_expect_lines(
		d,
		"import  7:2 module=github.com/sashabaranov/go-openai "
		"alias=openai\n"
		"assign  11:2 client = call openai.NewClient(call "
		"os.Getenv(\"OPENAI_API_KEY\"))\n"
		"call    11:12 openai.NewClient(call "
		"os.Getenv(\"OPENAI_API_KEY\"))\n"
		"env     11:39 OPENAI_API_KEY\n"
		/* a composite literal argument: T with keyword arguments */
		"call    12:15 client.CreateImage(call context.Background(), "
		"call openai.ImageRequest(Model=name "
		"openai.CreateImageModelDallE3, Prompt=\"a lighthouse\"))\n"
		"string  14:11 \"a lighthouse\"\n");
	/* a composite literal is not a call fact */
	fx_expect_absent(d, "call    12:55");
}

static void test_assignments(void **state)
{
	const char *d = fx_facts(
		"go",
		"package gen\n"
		"\n"
		"const (\n"
		"\tdefaultModel = \"dall-e-3\"\n"
		"\tapiVersion   = \"2024-02-01\"\n"
		")\n"
		"\n"
		"var baseURL, timeout = \"https://api.replicate.com/v1\", 30\n"
		"\n"
		"func run() {\n"
		"\ta, b := \"x\", \"y\"\n"
		"\tc, d := f(), g(), h()\n"
		"\turl := baseURL\n"
		"\turl += \"/models\"\n"
		"\tcfg := &Config{BaseURL: \"https://api.elevenlabs.io\", "
		"HTTP: HTTPConfig{Proxy: proxy}}\n"
		"\tg.client.baseURL = \"https://api.runwayml.com\"\n"
		"\tvar key = `sk-` + suffix\n"
		"\tbody := []byte(`{\"model\":\"sora-2\"}`)\n"
		"\tnext := string(raw)\n"
		"\tjoined, _ := url.JoinPath(base, \"v1\", \"images\")\n"
		"}\n");
	(void)state;
	fx_expect_lines(
		d,
		"assign  4:2 defaultModel = \"dall-e-3\"\n"
		"assign  5:2 apiVersion = \"2024-02-01\"\n"
		"assign  8:5 baseURL = \"https://api.replicate.com/v1\"\n"
		"assign  8:5 timeout = ?\n"
		"assign  11:2 a = \"x\"\n"
		"assign  11:2 b = \"y\"\n"
		"assign  13:2 url = name baseURL\n"
		"assign  14:2 url = concat(name url, \"/models\")\n"
		"assign  15:2 cfg = call Config(BaseURL="
		"\"https://api.elevenlabs.io\", HTTP=call "
		"HTTPConfig(Proxy=name proxy))\n"
		"assign  15:2 cfg.BaseURL = \"https://api.elevenlabs.io\"\n"
		"assign  15:2 cfg.HTTP = call HTTPConfig(Proxy=name proxy)\n"
		"assign  15:2 cfg.HTTP.Proxy = name proxy\n"
		"assign  16:2 g.client.baseURL = \"https://api.runwayml.com\"\n"
		"assign  17:6 key = concat(\"sk-\", name suffix)\n"
		"assign  18:2 body = \"{\\\"model\\\":\\\"sora-2\\\"}\"\n"
		"assign  19:2 next = name raw\n"
		/* joins are calls: the engine knows them */
		"assign  20:2 joined = call url.JoinPath(name base, \"v1\", "
		"\"images\")\n");
	/* counts differ and the right side is no single call: skipped */
	fx_expect_absent(d, "assign  12:");
}

static void test_receiver_fields_pair_by_type(void **state)
{
	const char *d = fx_facts(
		"go", "package x\n"
		      "type A struct{ url string }\n"
		      "type B struct{ url string }\n"
		      "func NewA() *A { return &A{url: \"https://a\"} }\n"
		      "func NewB() B { return B{url: \"https://b\"} }\n"
		      "func (a *A) Get() { http.Get(a.url + \"/x\") }\n"
		      "func (b B) Get() { http.Get(b.url) }\n"
		      "func (s *Server[T]) Run() {}\n"
		      "var h = &http.Client{Timeout: t}\n");
	(void)state;
	fx_expect_lines(d,
			"assign  4:28 a.url = \"https://a\"\n"
			"assign  5:26 b.url = \"https://b\"\n"
			"call    6:21 http.Get(concat(name a.url, \"/x\"))\n");
	fx_expect_absent(d, "a.url = \"https://b\"");
	fx_expect_absent(d, "b.url = \"https://a\"");
	fx_expect_absent(d, "s.Timeout");
}

static void test_env_reads(void **state)
{
	const char *d = fx_facts(
		"go",
		"package cfg\n"
		"\n"
		"type Settings struct {\n"
		"\tOpenAIKey string `envconfig:\"OPENAI_API_KEY\" "
		"default:\"dall-e-3\"`\n"
		"\tFalKey    string `env:\"FAL_KEY,required\"`\n"
		"\tPlain     string `json:\"plain\"`\n"
		"}\n"
		"\n"
		"func load() {\n"
		"\tk := os.Getenv(\"ELEVEN_LABS_API_KEY\")\n"
		"\tv, ok := os.LookupEnv(\"REPLICATE_API_KEY\")\n"
		"\tmodel := viper.GetString(\"openai.image_model\")\n"
		"\tviper.BindEnv(\"runway.key\", \"RUNWAYML_API_SECRET\")\n"
		"\tconf := viper.New()\n"
		"\tconf.GetBool(\"stability.enabled\")\n"
		"\tother.GetString(\"not.viper\")\n"
		"\tos.Getenv(name)\n"
		"}\n");
	(void)state;
	fx_expect_lines(d, "env     4:31 OPENAI_API_KEY\n"
			   "env     5:25 FAL_KEY\n"
			   "env     10:17 ELEVEN_LABS_API_KEY\n"
			   "env     11:24 REPLICATE_API_KEY\n"
			   "env     12:27 openai.image_model\n"
			   "env     13:16 runway.key\n"
			   "env     13:30 RUNWAYML_API_SECRET\n"
			   "env     15:15 stability.enabled\n"
			   /* a struct tag is a string literal too */
			   "string  4:19 \"envconfig:\\\"OPENAI_API_KEY\\\" "
			   "default:\\\"dall-e-3\\\"\"\n");
	fx_expect_absent(d, "env     6:");
	fx_expect_absent(d, "env     16:");
	fx_expect_absent(d, "env     17:");
}

static void test_strings_and_comments(void **state)
{
	const char *d =
		fx_facts("go", "package x\n"
			       "\n"
			       "/* Uses sora-2 for video. */\n"
			       "func f() string {\n"
			       "\t// was dall-e-2\n"
			       "\treturn \"dall-e-3\\t\\u00e9\" + `raw\\n`\n"
			       "}\n");
	(void)state;
	fx_expect_lines(d, "string  6:9 \"dall-e-3\\x09\\xC3\\xA9\"\n"
			   "string  6:30 \"raw\\\\n\"\n"
			   "comment 3:1 \"/* Uses sora-2 for video. */\"\n"
			   "comment 5:2 \"// was dall-e-2\"\n");
	fx_expect_absent(d, "\"sora-2");
	fx_expect_absent(d, "string  5:");
}

static void test_comments_inside_import_blocks(void **state)
{
	const char *d =
		fx_facts("go", "package x\n\nimport (\n"
			       "\t// the vendor SDK\n"
			       "\tacme \"github.com/acme/acme-go/v2\"\n)\n");
	(void)state;
	fx_expect_lines(d, "comment 4:2 \"// the vendor SDK\"\n"
			   "import  5:2 module=github.com/acme/acme-go/v2 "
			   "alias=acme\n");
}

static void test_broken_code_yields_fewer_facts(void **state)
{
	const char *d =
		fx_facts("go", "package x\n"
			       "func f( {\n"
			       "\turl := fmt.Sprintf(\"%s/v1/images\", base\n"
			       "\thttp.Post(url, \"application/json\",, )\n"
			       "\tx := T{A: , B: \"b\"\n"
			       "import \"github.com/openai/openai-go\"\n"
			       "\tos.Getenv(\"RUNWAYML_API_SECRET\")\n");
	(void)state;
	/* whatever tree-sitter recovers, literals survive */
	fx_expect_lines(d, "string  3:21 \"%s/v1/images\"\n");
	fx_expect_lines(d, "string  7:12 \"RUNWAYML_API_SECRET\"\n");
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
	char *calls = repeat("package x\nvar v = ", "f(", "", 5000);
	char *src = repeat(calls, ")", "\n", 5000);
	char *parens = repeat("package x\nvar v = ", "(", "1", 5000);
	char *psrc = repeat(parens, ")", "\n", 5000);
	char *lits = repeat("package x\nvar v = ", "T{A: ", "1", 5000);
	char *lsrc = repeat(lits, "}", "\n", 5000);
	char *chain = repeat("package x\nfunc g() { a", ".b()", " }\n", 20000);
	char *plus =
		repeat("package x\nvar v = \"a\"", " + \"a\"", "\n", 20000);
	const char *d;

	(void)state;
	d = fx_facts("go", src);
	/* every call is a fact; the innermost is whole, the outer ones
	 * summarised to SUNSET_EXPR_DEPTH_MAX */
	assert_int_equal(count_lines(d, "call    2:"), 5000);
	fx_expect_lines(d, "call    2:10007 f()\n");
	fx_facts("go", psrc);
	fx_facts("go", lsrc);
	d = fx_facts("go", chain);
	fx_expect_lines(d, "call    2:12 a.b()\n");
	d = fx_facts("go", plus);
	fx_expect_lines(d, "string  2:9 \"a\"\n");
	free(calls);
	free(src);
	free(parens);
	free(psrc);
	free(lits);
	free(lsrc);
	free(chain);
	free(plus);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_imports),
		cmocka_unit_test(test_unaliased_import_guesses_the_package),
		cmocka_unit_test(test_raw_http_with_sprintf_and_concat),
		cmocka_unit_test(test_in_repo_openai_package),
		cmocka_unit_test(test_go_openai_client),
		cmocka_unit_test(test_assignments),
		cmocka_unit_test(test_receiver_fields_pair_by_type),
		cmocka_unit_test(test_env_reads),
		cmocka_unit_test(test_strings_and_comments),
		cmocka_unit_test(test_comments_inside_import_blocks),
		cmocka_unit_test(test_broken_code_yields_fewer_facts),
		cmocka_unit_test(test_deep_nesting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
