/* main.c - the sunset program: everything happens in cli.c */
#include "cli.h"

int main(int argc, char **argv)
{
	return sunset_cli_main(argc, argv);
}
