/* extract_go.c - facts of Go files (not written yet: no facts) */
#include "facts.h"

void sunset_extract_go(sunset_facts *f, const char *src, size_t len,
		       TSNode root)
{
	(void)f;
	(void)src;
	(void)len;
	(void)root;
}
