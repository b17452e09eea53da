/* fuzz_escape.c - the escapers every report relies on (HTML, JSON
 * strings, SARIF URIs, Markdown code spans), each output checked: valid
 * UTF-8, nothing left that would end the context, and for JSON and URIs
 * the text decodes back to the input; and credential masking, which
 * only turns bytes into '*' and is its own fixed point */
#include "fuzz.h"
#include "html.h"
#include "json.h"
#include "plan.h"
#include "redact.h"
#include "sarif.h"

/* Length of the strict UTF-8 sequence at `p` (`n` bytes left), or 0. */
static size_t seq_len(const char *p, size_t n)
{
	size_t len;
	unsigned c = (unsigned char)p[0];

	if (c < 0x80)
		len = 1;
	else if (c < 0xE0)
		len = 2;
	else if (c < 0xF0)
		len = 3;
	else
		len = 4;
	if (len > n || !fuzz_valid_utf8(p, len))
		return 0;
	return len;
}

/* The input as the JSON writer promises to keep it: invalid bytes become
 * U+FFFD one by one. */
static void expected_text(sunset_buf *out, const char *s)
{
	size_t n = strlen(s);

	while (n) {
		size_t l = seq_len(s, n);
		if (l == 0) {
			sunset_buf_puts(out, "\xEF\xBF\xBD");
			l = 1;
		} else {
			sunset_buf_put(out, s, l);
		}
		s += l;
		n -= l;
	}
}

/* Decode a JSON string literal (RFC 8259) into `out`; 0 when it is not
 * one, or has anything after its closing quote. */
static int json_decode(sunset_buf *out, const char *s, size_t n)
{
	size_t i = 1;

	if (n < 2 || s[0] != '"')
		return 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"')
			return i == n - 1;
		if (c < 0x20)
			return 0;
		if (c != '\\') {
			sunset_buf_put(out, s + i, 1);
			i++;
			continue;
		}
		if (i + 1 >= n)
			return 0;
		switch (s[i + 1]) {
		case '"':
		case '\\':
		case '/':
			sunset_buf_put(out, s + i + 1, 1);
			break;
		case 'b':
			sunset_buf_puts(out, "\b");
			break;
		case 'f':
			sunset_buf_puts(out, "\f");
			break;
		case 'n':
			sunset_buf_puts(out, "\n");
			break;
		case 'r':
			sunset_buf_puts(out, "\r");
			break;
		case 't':
			sunset_buf_puts(out, "\t");
			break;
		case 'u': {
			unsigned long cp = 0;
			if (i + 6 > n)
				return 0;
			for (int k = 2; k < 6; k++) {
				int h = sunset_hexval(s[i + k]);
				if (h < 0)
					return 0;
				cp = cp * 16 + (unsigned long)h;
			}
			/* sunset writes no surrogate pairs: raw UTF-8 */
			if (cp >= 0xD800 && cp <= 0xDFFF)
				return 0;
			if (cp == 0)
				return 0; /* the input had no NUL */
			sunset_buf_put_utf8(out, cp);
			i += 6;
			continue;
		}
		default:
			return 0;
		}
		i += 2;
	}
	return 0;
}

static void check_json(const char *s)
{
	sunset_buf out = SUNSET_BUF_INIT, back = SUNSET_BUF_INIT,
		   want = SUNSET_BUF_INIT;

	sunset_json_string(&out, s);
	FUZZ_CHECK(fuzz_valid_utf8(out.ptr, out.len));
	FUZZ_CHECK(json_decode(&back, out.ptr, out.len));
	expected_text(&want, s);
	FUZZ_CHECK(back.len == want.len &&
		   (want.len == 0 || !memcmp(back.ptr, want.ptr, want.len)));
	sunset_buf_free(&out);
	sunset_buf_free(&back);
	sunset_buf_free(&want);
}

static void check_html(const char *s)
{
	static const char *const entities[] = {"&amp;", "&lt;", "&gt;",
					       "&quot;", "&#39;"};
	sunset_buf out = SUNSET_BUF_INIT;

	sunset_html_escape(&out, s);
	FUZZ_CHECK(out.len == 0 || fuzz_valid_utf8(out.ptr, out.len));
	for (size_t i = 0; i < out.len; i++) {
		unsigned char c = (unsigned char)out.ptr[i];
		int known = 0;
		FUZZ_CHECK(c != '<' && c != '>' && c != '"' && c != '\'');
		FUZZ_CHECK((c >= 0x20 || c == '\t') && c != 0x7F);
		if (c != '&')
			continue;
		for (size_t k = 0; k < 5; k++)
			if (!strncmp(out.ptr + i, entities[k],
				     strlen(entities[k])))
				known = 1;
		FUZZ_CHECK(known);
	}
	sunset_buf_free(&out);
}

static void check_sarif_uri(const char *s)
{
	sunset_buf out = SUNSET_BUF_INIT, back = SUNSET_BUF_INIT;

	sunset_sarif_uri_escape(&out, s);
	for (size_t i = 0; i < out.len; i++) {
		char c = out.ptr[i];
		if (c == '%') {
			FUZZ_CHECK(i + 2 < out.len);
			FUZZ_CHECK(sunset_hexval(out.ptr[i + 1]) >= 0 &&
				   sunset_hexval(out.ptr[i + 2]) >= 0);
			FUZZ_CHECK(!(out.ptr[i + 1] >= 'a' &&
				     out.ptr[i + 1] <= 'f') &&
				   !(out.ptr[i + 2] >= 'a' &&
				     out.ptr[i + 2] <= 'f'));
			char b = (char)(sunset_hexval(out.ptr[i + 1]) * 16 +
					sunset_hexval(out.ptr[i + 2]));
			sunset_buf_put(&back, &b, 1);
			i += 2;
			continue;
		}
		FUZZ_CHECK((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (c >= '0' && c <= '9') || strchr("-._~/", c));
		sunset_buf_put(&back, &c, 1);
	}
	FUZZ_CHECK(back.len == strlen(s) &&
		   (back.len == 0 || !memcmp(back.ptr, s, back.len)));
	sunset_buf_free(&out);
	sunset_buf_free(&back);
}

static void check_markdown(const char *s, int in_table)
{
	sunset_buf out = SUNSET_BUF_INIT;

	sunset_markdown_code(&out, s, in_table);
	FUZZ_CHECK(out.len >= 2 && out.ptr[0] == '`' &&
		   out.ptr[out.len - 1] == '`');
	FUZZ_CHECK(fuzz_valid_utf8(out.ptr, out.len));
	for (size_t i = 1; i + 1 < out.len; i++) {
		unsigned char c = (unsigned char)out.ptr[i];
		FUZZ_CHECK(c != '`');
		FUZZ_CHECK(c >= 0x20 && c != 0x7F);
		if (in_table && c == '|')
			FUZZ_CHECK(out.ptr[i - 1] == '\\');
	}
	sunset_buf_free(&out);
}

static void check_redact(const char *s, sunset_lang lang)
{
	char *once = sunset_redact(s, lang), *twice = sunset_redact(once, lang);
	size_t n = strlen(s);

	FUZZ_CHECK(strlen(once) == n);
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(once[i] == s[i] || once[i] == '*');
	FUZZ_CHECK(!strcmp(once, twice));
	free(once);
	free(twice);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_copy(data, size);

	fuzz_silence();
	check_json(s);
	check_html(s);
	check_sarif_uri(s);
	check_markdown(s, 0);
	check_markdown(s, 1);
	check_redact(s, SUNSET_LANG_PYTHON);
	check_redact(s, SUNSET_LANG_YAML);
	free(s);
	return 0;
}
