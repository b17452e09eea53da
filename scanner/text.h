/* text.h - a file's bytes as the analysis reads them
 *
 * Whatever the bytes' encoding and line ends, extractors, the prefilter
 * and the engine see UTF-8 text with line feeds: a UTF-16 file (with a
 * byte order mark) is decoded, a UTF-8 byte order mark is dropped (so
 * columns on the first line count from the first character), and a lone
 * carriage return (classic Mac OS) ends a line as a line feed does.
 * Lines are the same lines, so line numbers hold for the file as
 * written. */
#ifndef SUNSET_TEXT_H
#define SUNSET_TEXT_H

#include <stddef.h>

#include "util.h"

/* When `len` bytes of `data` need any of the above, write the text to
 * `out` (cleared first) and return 1; return 0 when `data` is the text
 * as it is (`out` untouched). */
int sunset_text_normalise(sunset_buf *out, const char *data, size_t len);

/* Read the file at `path` whole into `out`, normalised. Returns 0, or -1
 * with errno set. */
int sunset_text_read_file(sunset_buf *out, const char *path);

#endif
