/* test_text.c - a file's bytes as the analysis reads them: byte order
 * marks, UTF-16 and lone carriage returns, as data; and through a scan,
 * where findings in such files land on the lines and columns an editor
 * shows */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "text.h"
#include "util.h"

/* Bytes with their length: UTF-16 holds NULs. */
#define B(s) s, sizeof(s) - 1

static void test_normalise(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		const char *out; /* NULL: used as it is */
	} cases[] = {
		{B("a = 1\nb = 2\n"), NULL},
		{B("a = 1\r\nb = 2\r\n"), NULL}, /* CRLF: lines as they are */
		{B(""), NULL},
		/* a UTF-8 byte order mark is dropped */
		{B("\xef\xbb\xbf"
		   "a = 1\n"),
		 "a = 1\n"},
		{B("\xef\xbb\xbf"), ""},
		/* a lone CR ends a line, in place */
		{B("a\rb\r\nc\r"), "a\nb\r\nc\n"},
		{B("a\r\rb"), "a\n\nb"},
		/* UTF-16 with its mark: little and big endian, a surrogate
		 * pair (U+1F3AC), a lone surrogate, an odd last byte */
		{B("\xff\xfe"
		   "a\0=\0'\0\xe9\0'\0\n\0"),
		 "a='\xc3\xa9'\n"},
		{B("\xfe\xff\0a\0=\0'\0\xe9\0'\0\n"), "a='\xc3\xa9'\n"},
		{B("\xff\xfe\x3c\xd8\xac\xdf"), "\xf0\x9f\x8e\xac"},
		{B("\xff\xfe\x3c\xd8x\0"), "\xef\xbf\xbdx"},
		{B("\xff\xfex\0y"), "x\xef\xbf\xbd"},
		{B("\xff\xfe"
		   "a\0\r\0b\0"),
		 "a\nb"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		sunset_buf out = SUNSET_BUF_INIT;
		int changed =
			sunset_text_normalise(&out, cases[i].in, cases[i].len);
		if (changed != (cases[i].out != NULL))
			fail_msg("case %zu: changed %d", i, changed);
		if (cases[i].out && (out.len != strlen(cases[i].out) ||
				     memcmp(out.ptr, cases[i].out, out.len) ||
				     out.ptr[out.len] != '\0'))
			fail_msg("case %zu: got '%.*s'", i, (int)out.len,
				 out.ptr);
		sunset_buf_free(&out);
	}
}

/* "path":..., "line":N, "column":M of the finding of `rule` in `path`,
 * from JSON Lines. */
static void expect_at(const char *jsonl, const char *path, const char *rule,
		      int line, int column)
{
	char *want = sunset_asprintf("\"path\":\"%s\",\"line\":%d,"
				     "\"column\":%d,",
				     path, line, column);
	const char *at = strstr(jsonl, want);
	char *r = sunset_asprintf("\"rule\":\"%s\"", rule);

	if (!at || !strstr(at, r) || strchr(at, '\n') < strstr(at, r))
		fail_msg("no %s finding at %s:%d:%d in:\n%s", rule, path, line,
			 column, jsonl);
	free(r);
	free(want);
}

static void test_findings_where_an_editor_shows_them(void **state)
{
	static const char utf16le[] =
		"\xff\xfe"
		"#\0 \0t\0\xed\0t\0u\0l\0o\0\n\0"
		"m\0 \0=\0 \0'\0s\0o\0r\0a\0-\0\x32\0'\0\n\0";
	static const char utf16be[] =
		"\xfe\xff"
		"\0#\0\n"
		"\0m\0 \0=\0 \0'\0s\0o\0r\0a\0-\0\x32\0'\0\n";
	char *tmp = fx_tmpdir(), *repo = sunset_path_join(tmp, "enc");
	char *json = sunset_path_join(tmp, "out.jsonl");
	char *sarif = sunset_path_join(tmp, "out.sarif");
	char *text;
	git_repository *r;
	fx_tree *t = fx_tree_new();
	git_oid id;

	(void)state;
	git_libgit2_init();
	r = fx_repo_init(repo, 1);
	fx_tree_add(t, "bom.py", B("\xef\xbb\xbfm = 'sora-2'\n"));
	fx_tree_add(t, "mac.py", B("import os\rx = 1\rm = 'sora-2'\r"));
	fx_tree_add(t, "dos.py", B("import os\r\nm = 'sora-2'\r\n"));
	fx_tree_add(t, "le.py", utf16le, sizeof(utf16le) - 1);
	fx_tree_add(t, "be.py", utf16be, sizeof(utf16be) - 1);
	fx_commit(&id, r, t, "refs/heads/main", "encodings");

	assert_int_equal(fx_run("scan", "--no-cache", "--json", json, "--sarif",
				sarif, repo, NULL),
			 0);
	text = fx_slurp(json);
	/* the mark takes no column */
	expect_at(text, "bom.py", "openai.sora.model", 1, 5);
	/* a lone CR ends a line */
	expect_at(text, "mac.py", "openai.sora.model", 3, 5);
	assert_non_null(strstr(text, "\"snippet\":\"m = 'sora-2'\""));
	expect_at(text, "dos.py", "openai.sora.model", 2, 5);
	/* UTF-16 is read, not skipped as binary; the lines are the file's */
	expect_at(text, "le.py", "openai.sora.model", 2, 5);
	expect_at(text, "be.py", "openai.sora.model", 2, 5);
	free(text);
	/* SARIF counts code points: the mark is none of them */
	text = fx_slurp(sarif);
	assert_non_null(strstr(text, "\"uri\":\"bom.py\",\"uriBaseId\":"
				     "\"%SRCROOT%\"},\"region\":{"
				     "\"startLine\":1,\"startColumn\":5,"));
	free(text);
	assert_int_equal(fx_run("scan", "--list-files", repo, NULL), 0);
	assert_null(strstr(fx_stdout(), "binary"));
	assert_int_equal(fx_stdout_count("\tanalysed"), 5);

	/* sunset dump reads a file as a scan does */
	{
		char *f = sunset_path_join(tmp, "le.py");
		FILE *out = fopen(f, "wb");
		assert_non_null(out);
		fwrite(utf16le, 1, sizeof(utf16le) - 1, out);
		fclose(out);
		assert_int_equal(fx_run("dump", f, NULL), 0);
		fx_expect_lines(fx_stdout(), "string  2:5 \"sora-2\"");
		free(f);
	}

	fx_tree_free(t);
	git_repository_free(r);
	fx_rmrf(tmp);
	free(sarif);
	free(json);
	free(repo);
	free(tmp);
	git_libgit2_shutdown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_findings_where_an_editor_shows_them),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
