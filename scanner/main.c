/* main.c - the sunset program: everything happens in cli.c */
#include "cli.h"
#include "util.h"

int main(int argc, char **argv)
{
	sunset_signals_install();
	return sunset_cli_main(argc, argv);
}
