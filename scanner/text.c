/* text.c - a file's bytes as the analysis reads them */
#include "text.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* UTF-16 after its byte order mark, as UTF-8: surrogate pairs joined,
 * a lone surrogate (or an odd last byte) as U+FFFD. */
static void utf16_decode(sunset_buf *out, const unsigned char *p, size_t len,
			 int big_endian)
{
	size_t i = 2;

	while (i + 1 < len) {
		unsigned long u = big_endian
					  ? (unsigned long)p[i] << 8 | p[i + 1]
					  : (unsigned long)p[i + 1] << 8 | p[i];
		i += 2;
		if (u >= 0xD800 && u <= 0xDBFF && i + 1 < len) {
			unsigned long lo =
				big_endian
					? (unsigned long)p[i] << 8 | p[i + 1]
					: (unsigned long)p[i + 1] << 8 | p[i];
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				u = 0x10000 + ((u - 0xD800) << 10) +
				    (lo - 0xDC00);
				i += 2;
			}
		}
		if (u >= 0xD800 && u <= 0xDFFF)
			u = 0xFFFD;
		sunset_buf_put_utf8(out, u);
	}
	if (i < len)
		sunset_buf_put_utf8(out, 0xFFFD);
}

/* A CR not followed by LF: a line end. */
static int lone_cr(const char *s, size_t len)
{
	const char *cr = s, *end = s + len;

	while ((cr = memchr(cr, '\r', (size_t)(end - cr)))) {
		if (cr + 1 == end || cr[1] != '\n')
			return 1;
		cr += 2;
	}
	return 0;
}

int sunset_text_normalise(sunset_buf *out, const char *data, size_t len)
{
	const unsigned char *p = (const unsigned char *)data;
	int utf16 = len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) ||
				 (p[0] == 0xFE && p[1] == 0xFF));
	int bom = len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF;

	if (!utf16 && !bom && !lone_cr(data, len))
		return 0;
	sunset_buf_clear(out);
	if (utf16)
		utf16_decode(out, p, len, p[0] == 0xFE);
	else
		sunset_buf_put(out, data + 3 * bom, len - 3 * (size_t)bom);
	sunset_buf_put(out, "", 0); /* NUL-terminated, even when empty */
	/* same length: offsets and line numbers are the file's */
	for (size_t i = 0; i < out->len; i++)
		if (out->ptr[i] == '\r' &&
		    (i + 1 == out->len || out->ptr[i + 1] != '\n'))
			out->ptr[i] = '\n';
	return 1;
}

int sunset_text_read_file(sunset_buf *out, const char *path)
{
	sunset_buf raw = SUNSET_BUF_INIT;
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int err;

	if (!f)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sunset_buf_put(&raw, chunk, n);
	err = ferror(f) ? errno : 0;
	fclose(f);
	if (err) {
		sunset_buf_free(&raw);
		errno = err;
		return -1;
	}
	if (!sunset_text_normalise(out, raw.ptr ? raw.ptr : "", raw.len)) {
		sunset_buf_free(out);
		*out = raw;
		return 0;
	}
	sunset_buf_free(&raw);
	return 0;
}
