/* test_extract_python.c - the facts of Python files */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "helpers.h"

static void test_imports(void **state)
{
	const char *d = fx_facts("python", "import os\n"
					   "import openai as oa\n"
					   "import google.genai\n"
					   "from openai import OpenAI, "
					   "AsyncOpenAI as Async\n"
					   "from elevenlabs.client import *\n"
					   "from . import local\n");
	(void)state;
	fx_expect_lines(d,
			"import  1:1 module=os alias=os\n"
			"import  2:1 module=openai alias=oa\n"
			"import  3:1 module=google.genai alias=google.genai\n"
			"import  4:1 module=openai member=OpenAI "
			"alias=OpenAI\n"
			"import  4:1 module=openai member=AsyncOpenAI "
			"alias=Async\n"
			"import  5:1 module=elevenlabs.client wildcard\n");
	/* relative imports are the project's own code */
	fx_expect_absent(d, "local");
}

static void test_calls_assignments_and_fields(void **state)
{
	const char *d = fx_facts(
		"python",
		"class Gen:\n"
		"    URL = 'https://api.example.com'\n"
		"    def __init__(self):\n"
		"        self.client = OpenAI(api_key=key)\n"
		"    def run(self, p):\n"
		"        return self.client.images.generate(model='m', "
		"prompt=p)\n"
		"with httpx.Client() as http:\n"
		"    http.post(url)\n"
		"a = b = OpenAI()\n");
	(void)state;
	fx_expect_lines(
		d, "assign  2:5 URL = \"https://api.example.com\"\n"
		   "assign  2:5 self.URL = \"https://api.example.com\"\n"
		   "assign  2:5 Gen.URL = \"https://api.example.com\"\n"
		   "assign  4:9 self.client = call OpenAI(api_key=name key)\n"
		   "call    6:16 self.client.images.generate(model=\"m\", "
		   "prompt=name p)\n"
		   "assign  7:6 http = call httpx.Client()\n"
		   "call    8:5 http.post(name url)\n"
		   "assign  9:1 a = call OpenAI()\n"
		   "assign  9:1 b = call OpenAI()\n");
	/* a function's locals are not class attributes */
	fx_expect_absent(d, "Gen.client");
}

static void test_url_building_forms(void **state)
{
	const char *d =
		fx_facts("python", "requests.post(f'{base}/videos/{vid}')\n"
				   "requests.get('%s/models' % base)\n"
				   "requests.get('%s/%s' % (base, 'x'))\n"
				   "requests.get('{}/x'.format(base))\n"
				   "requests.get(base + '/y')\n"
				   "requests.get(urljoin(base, 'z'))\n"
				   "requests.get('a' 'b')\n");
	(void)state;
	fx_expect_lines(
		d,
		"call    1:1 requests.post(concat(name base, \"/videos/\", "
		"name vid))\n"
		"call    2:1 requests.get(format(\"%s/models\", name base))\n"
		"call    3:1 requests.get(format(\"%s/%s\", name base, "
		"\"x\"))\n"
		"call    4:1 requests.get(format(\"{}/x\", name base))\n"
		"call    5:1 requests.get(concat(name base, \"/y\"))\n"
		"call    6:1 requests.get(call urljoin(name base, \"z\"))\n"
		"call    7:1 requests.get(concat(\"a\", \"b\"))\n"
		"string  1:15 \"{}/videos/{}\"\n");
}

static void test_env_reads(void **state)
{
	const char *d =
		fx_facts("python", "a = os.environ['OPENAI_API_KEY']\n"
				   "b = os.environ.get('ELEVEN_LABS_API_KEY')\n"
				   "c = os.getenv('REPLICATE_API_TOKEN', '')\n"
				   "d = getenv('RUNWAYML_API_SECRET')\n"
				   "e = environ['FAL_KEY']\n"
				   "f = settings['NOT_ENV']\n");
	(void)state;
	fx_expect_lines(d, "env     1:16 OPENAI_API_KEY\n"
			   "env     2:20 ELEVEN_LABS_API_KEY\n"
			   "env     3:15 REPLICATE_API_TOKEN\n"
			   "env     4:12 RUNWAYML_API_SECRET\n"
			   "env     5:13 FAL_KEY\n");
	fx_expect_absent(d, "env     6");
}

static void test_comments_and_docstrings_are_prose(void **state)
{
	const char *d =
		fx_facts("python", "\"\"\"Uses sora-2 for video.\"\"\"\n"
				   "def f():\n"
				   "    '''Calls DALL-E.'''\n"
				   "    return 'dall-e-3'  # was dall-e-2\n");
	(void)state;
	fx_expect_lines(d, "string  4:12 \"dall-e-3\"\n"
			   "comment 4:24 \"# was dall-e-2\"\n");
	fx_expect_absent(d, "string  1:");
	fx_expect_absent(d, "string  3:");
	fx_expect_absent(d, "\"sora-2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_imports),
		cmocka_unit_test(test_calls_assignments_and_fields),
		cmocka_unit_test(test_url_building_forms),
		cmocka_unit_test(test_env_reads),
		cmocka_unit_test(test_comments_and_docstrings_are_prose),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
