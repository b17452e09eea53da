/* extract_lines.c - facts of line formats (not written yet: no facts) */
#include "facts.h"

void sunset_extract_lines(sunset_facts *f, const char *src, size_t len)
{
	(void)f;
	(void)src;
	(void)len;
}
