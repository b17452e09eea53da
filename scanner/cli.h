/* cli.h - the command line, callable in process */
#ifndef SUNSET_CLI_H
#define SUNSET_CLI_H

#include <stdio.h>

/* Run sunset with these arguments (argv[0] is the program) and return
 * its exit code: 0 success, 1 policy failed, 2 usage or I/O error, 3
 * invalid rule file. */
int sunset_cli_main(int argc, char **argv);

/* sunset's version and those of every library and grammar. */
void sunset_print_version(FILE *out);

#endif
