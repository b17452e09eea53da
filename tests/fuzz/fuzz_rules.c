/* fuzz_rules.c - the rule loader over one rule file's bytes */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sunset_rule_source src;
	sunset_ruleset rules;

	fuzz_silence();
	src.path = "fuzz.yaml";
	src.data = fuzz_copy(data, size);
	src.len = size;
	if (sunset_rules_load_sources(&rules, &src, 1) == 0)
		sunset_rules_clear(&rules);
	free(src.data);
	return 0;
}
