/* extract_csharp.c - facts of C# files (not written yet: no facts) */
#include "facts.h"

void sunset_extract_csharp(sunset_facts *f, const char *src, size_t len,
			   TSNode root)
{
	(void)f;
	(void)src;
	(void)len;
	(void)root;
}
