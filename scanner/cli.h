/* cli.h - the command line, callable in process */
#ifndef SUNSET_CLI_H
#define SUNSET_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "rules.h"

/* Run sunset with these arguments (argv[0] is the program) and return
 * its exit code: 0 success, 1 policy failed, 2 usage or I/O error, 3
 * invalid rule file. */
int sunset_cli_main(int argc, char **argv);

/* sunset's version and those of every library and grammar. */
void sunset_print_version(FILE *out);

/* Shared by the commands (cli.c, cli_gate.c). */

/* Print "FMT; run 'sunset --help' for usage" (FMT has one %s for ARG) and
 * return the usage exit code. */
int sunset_cli_usage_error(const char *fmt, const char *arg);

/* Load the rules named by --rules, or the default directory. Returns 0,
 * or the exit code: 3 for an invalid rule file, 2 for a missing path. */
int sunset_cli_load_rules(sunset_ruleset *rules, const char **paths, size_t n);

/* The content cache the next sunset_cli_load_rules() asks whether it
 * knows the rule pack (NULL: none); see sunset_rules_load_if_known. */
void sunset_cli_rules_cache(const char *cache_path);

/* --max-parse-memory's SIZE ("1G", "512M"; 0: no limit) into *out.
 * Returns 0, or SUNSET_ERR with the usage error printed. */
int sunset_cli_parse_memory(unsigned long long *out, const char *arg);

/* A whole number from min to max. Returns 0 or SUNSET_ERR. */
int sunset_cli_number(long *out, const char *s, long min, long max);

/* Room for the argument lists of a command (PATHs, --rules): one slot
 * per argument, so that none is ever dropped. Caller frees. */
const char **sunset_cli_arg_slots(int argc);

/* The rule files and directories a command reads (`paths`, or the
 * default rules when n is 0), as inputs no output may overwrite. */
struct sunset_outputs_s;
void sunset_cli_rules_inputs(struct sunset_outputs_s *outs, const char **paths,
			     size_t n);

/* sunset gate and sunset baseline (cli_gate.c) */
int sunset_cmd_gate(int argc, char **argv);
int sunset_cmd_baseline(int argc, char **argv);

#endif
