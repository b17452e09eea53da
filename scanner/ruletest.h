/* ruletest.h - `sunset rules test`: rules run over annotated fixtures */
#ifndef SUNSET_RULETEST_H
#define SUNSET_RULETEST_H

#include <stdio.h>

#include "rules.h"

/* Run `rules` over every file below `paths` (files or directories) whose
 * language sunset knows. In a file, a comment `sunset-expect: ID[, ID]`
 * says the next code line must have a finding of each rule ID, and
 * `sunset-ok: ID[, ID]` that it must not; any other finding is
 * unexpected. Prints each failure as FILE:LINE: what, then
 * "rules: N passed, N failed". Returns the number of failures, or -1 when
 * a path cannot be read. */
int sunset_rules_test(const sunset_ruleset *rules, const char *const *paths,
		      size_t npaths, FILE *out);

#endif
