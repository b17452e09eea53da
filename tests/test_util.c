/* test_util.c - sizes, printable text, buffers, atomic writes */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "util.h"

static void test_parse_size(void **state)
{
	static const struct {
		const char *in;
		int ok;
		unsigned long long out;
	} cases[] = {
		{"0", 1, 0},
		{"1048576", 1, 1048576},
		{"2M", 1, 2ULL << 20},
		{"512k", 1, 512ULL << 10},
		{"1G", 1, 1ULL << 30},
		{"4KiB", 1, 4096},
		{"3MB", 1, 3ULL << 20},
		{"", 0, 0},
		{"-1", 0, 0},
		{"2X", 0, 0},
		{"M", 0, 0},
		{"99999999999999999999G", 0, 0},
		{"1.5M", 0, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned long long v = 12345;
		int rc = sunset_parse_size(&v, cases[i].in);
		if ((rc == 0) != cases[i].ok)
			fail_msg("'%s': expected %s", cases[i].in,
				 cases[i].ok ? "success" : "an error");
		if (cases[i].ok && v != cases[i].out)
			fail_msg("'%s': expected %llu, got %llu", cases[i].in,
				 cases[i].out, v);
	}
}

static void test_printable_escapes_terminal_controls(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"src/app.py", "src/app.py"},
		{"a\nb", "a\\x0Ab"},
		{"\x1b[31mred", "\\x1B[31mred"},
		{"caf\xc3\xa9", "caf\xc3\xa9"},
		{"bad\xff", "bad\\xFF"},
		{"\xc0\xaf", "\\xC0\\xAF"}, /* overlong encoding */
		{"\xc2\x9b", "\\xC2\\x9B"}, /* C1 control (CSI) */
		{"a\tb\rc\x7f", "a\\x09b\\x0Dc\\x7F"},
		{FX_HOSTILE, FX_HOSTILE_SHOWN},
		/* bidirectional controls, one of each kind */
		{"\xe2\x80\xaa\xe2\x80\xae\xe2\x81\xa6\xe2\x81\xa9",
		 "\\u202A\\u202E\\u2066\\u2069"},
		{"\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", "\\u200E\\u200F\\u061C"},
		{"\xe2\x80\xa8\xe2\x80\xa9", "\\u2028\\u2029"},
		/* their neighbours are text */
		{"\xe2\x80\x94\xe2\x80\xaf\xe2\x81\xaa",
		 "\xe2\x80\x94\xe2\x80\xaf\xe2\x81\xaa"},
		{"\xd8\x9b", "\xd8\x9b"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = sunset_printable(cases[i].in);
		char *again = sunset_printable(got);
		assert_string_equal(got, cases[i].out);
		/* its own fixed point: escaping twice changes nothing */
		assert_string_equal(again, got);
		free(again);
		free(got);
	}
}

static char captured[512];

static void capture(sunset_msg_level level, const char *msg, void *payload)
{
	(void)level;
	(void)payload;
	snprintf(captured, sizeof(captured), "%s", msg);
}

static char hooked[512];

static void hook(const char *line, void *payload)
{
	(void)payload;
	snprintf(hooked, sizeof(hooked), "%s", line);
}

/* Whatever a caller passes, a message shows it escaped: on the
 * terminal, to a sink, and to the warning hook (JSON, SARIF, the
 * inventory keep warnings from there). */
static void test_messages_are_escaped(void **state)
{
	(void)state;
	sunset_msg_set_sink(capture, NULL);
	sunset_msg_set_warn_hook(hook, NULL);
	sunset_warnf("%s: file skipped", "dir/" FX_HOSTILE);
	assert_string_equal(captured, "dir/" FX_HOSTILE_SHOWN ": file skipped");
	assert_string_equal(hooked, captured);
	sunset_errorf("in %s\n", FX_HOSTILE);
	assert_string_equal(captured, "in " FX_HOSTILE_SHOWN "\\x0A");
	sunset_msg_set_warn_hook(NULL, NULL);
	sunset_msg_set_sink(NULL, NULL);
}

/* sunset_termf: the format as written, every string argument escaped,
 * numbers as printf writes them. */
static void test_termf_escapes_only_its_strings(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	assert_non_null(f);
	sunset_termf(f, "%s:%u:%d: %-6s|%3s|%.2s%%\t%zu %lld %lu %x %.1f\n",
		     "a\nb" FX_HOSTILE, 7u, -3, "ab", "x", "xyz", (size_t)42,
		     -5LL, 9UL, 255u, 2.25);
	fclose(f);
	assert_string_equal(text, "a\\x0Ab" FX_HOSTILE_SHOWN
				  ":7:-3: ab    |  x|xy%\t42 -5 9 ff 2.2\n");
	free(text);
}

static void test_unescape(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"\\u006fpenai", "openai"},
		{"a\\/b\\\\c\\\"d\\'e", "a/b\\c\"d'e"},
		{"\\n\\t\\r\\b\\f", "\n\t\r\b\f"},
		{"caf\\u00e9 \\xe9", "caf\xc3\xa9 \xc3\xa9"},
		/* a surrogate pair is one code point; a lone one is none */
		{"\\ud83d\\ude00", "\xf0\x9f\x98\x80"},
		{"\\ud83dx", "\xef\xbf\xbdx"},
		{"\\ude00", "\xef\xbf\xbd"},
		{"\\U0001F600", "\xf0\x9f\x98\x80"},
		/* NUL would end the text */
		{"a\\u0000b", "a\xef\xbf\xbd"
			      "b"},
		/* unknown or cut short: as written */
		{"\\q\\u12", "\\q\\u12"},
		{"end\\", "end\\"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sunset_buf b = SUNSET_BUF_INIT;
		sunset_buf_unescape(&b, cases[i].in, strlen(cases[i].in));
		assert_string_equal(b.ptr ? b.ptr : "", cases[i].out);
		sunset_buf_free(&b);
	}
}

static void test_buf_and_join(void **state)
{
	sunset_buf b = SUNSET_BUF_INIT;
	char *p;

	(void)state;
	for (int i = 0; i < 1000; i++)
		sunset_buf_printf(&b, "%d,", i);
	assert_int_equal(b.len, strlen(b.ptr));
	assert_true(b.len > 3000);
	assert_memory_equal(b.ptr, "0,1,2,", 6);
	sunset_buf_free(&b);

	p = sunset_path_join("a/", "b");
	assert_string_equal(p, "a/b");
	free(p);
	p = sunset_path_join("a", "b");
	assert_string_equal(p, "a/b");
	free(p);
	p = sunset_path_join("", "b");
	assert_string_equal(p, "b");
	free(p);
}

static void test_atomic_write_replaces_whole_file(void **state)
{
	char *tmp = fx_tmpdir(), *path = sunset_path_join(tmp, "out.txt");
	char *bad = sunset_path_join(tmp, "no/such/dir/out.txt");
	char buf[64] = "";
	FILE *f;

	(void)state;
	assert_int_equal(sunset_write_file_atomic(path, "first", 5), 0);
	assert_int_equal(sunset_write_file_atomic(path, "second", 6), 0);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "second");
	assert_int_equal(sunset_write_file_atomic(bad, "x", 1), SUNSET_ERR);
	fx_rmrf(tmp);
	free(bad);
	free(path);
	free(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_size),
		cmocka_unit_test(test_printable_escapes_terminal_controls),
		cmocka_unit_test(test_messages_are_escaped),
		cmocka_unit_test(test_termf_escapes_only_its_strings),
		cmocka_unit_test(test_unescape),
		cmocka_unit_test(test_buf_and_join),
		cmocka_unit_test(test_atomic_write_replaces_whole_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
