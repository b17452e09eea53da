/* fuzz_baseline.c - the baseline file reader */
#include "baseline.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sunset_baseline b;
	char *src;

	fuzz_silence();
	src = fuzz_copy(data, size);
	if (sunset_baseline_parse(&b, "baseline.json", src, size) == 0) {
		/* sorted, and each fingerprint is found again */
		for (size_t i = 0; i < b.count; i++) {
			FUZZ_CHECK(i == 0 || strcmp(b.fingerprints[i - 1],
						    b.fingerprints[i]) <= 0);
			FUZZ_CHECK(sunset_baseline_has(&b, b.fingerprints[i]));
		}
		sunset_baseline_clear(&b);
	}
	free(src);
	return 0;
}
