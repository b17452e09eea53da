/* extract_js.c - facts of JavaScript, TypeScript and TSX files (not written yet: no facts) */
#include "facts.h"

void sunset_extract_js(sunset_facts *f, const char *src, size_t len,
		       TSNode root)
{
	(void)f;
	(void)src;
	(void)len;
	(void)root;
}
