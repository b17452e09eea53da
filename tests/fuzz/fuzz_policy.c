/* fuzz_policy.c - the policy file reader (.sunset.yaml), against the
 * shipped rules */
#include "fuzz.h"
#include "policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const sunset_ruleset *rules;
	sunset_policy policy;
	char *src;

	fuzz_silence();
	rules = fuzz_rules();
	src = fuzz_copy(data, size);
	if (sunset_policy_parse(&policy, ".sunset.yaml", src, size, rules) ==
	    0) {
		FUZZ_CHECK(policy.fail_on_severity >= -1 &&
			   policy.fail_on_severity <= SUNSET_SEV_CRITICAL);
		sunset_policy_clear(&policy);
	}
	free(src);
	return 0;
}
