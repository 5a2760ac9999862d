/* main.c - the vigil program: dispatch to a subcommand, or run as PID 1. */
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd-tpm-owner.h"
#include "cmd.h"
#include "i18n.h"

static const struct vigil_cmd *const commands[] = {
	&cmd_boot_entry,
	&cmd_entries_entry,
	&cmd_flash_entry,
	&cmd_hotp_entry,
	&cmd_init_entry,
	&cmd_measure_entry,
	&cmd_menu_entry,
	&cmd_pcr_entry,
	&cmd_rom_entry,
	&cmd_totp_entry,
	&cmd_tpm_entry,
	&cmd_sign_entry,
	&cmd_verify_entry,
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void print_help(FILE *out)
{
	size_t i;

	fprintf(out, _("Usage: vigil COMMAND [ARGS...]\n"
		       "       vigil --help | --version\n\n"
		       "vigil is a boot manager that runs as a coreboot payload: it measures\n"
		       "and verifies what it boots and proves the firmware's integrity.\n\n"
		       "Commands:\n"));
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %s %s\n      %s\n", commands[i]->name, commands[i]->usage,
			_(commands[i]->summary));
	fprintf(out, _("\nRun as /init (PID 1), vigil behaves as 'vigil init'.\n"
		       "See vigil(8) for details.\n"));
}

int cmd_usage_error(const struct vigil_cmd *cmd, const char *why)
{
	fprintf(stderr, "vigil %s: %s\n", cmd->name, why);
	fprintf(stderr, _("Usage: vigil %s %s\n"), cmd->name, cmd->usage);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	size_t i;

	setlocale(LC_ALL, "");
	bindtextdomain(PACKAGE, LOCALEDIR);
	textdomain(PACKAGE);

	base = base ? base + 1 : argv[0];
	/* The kernel starts /init (a link to vigil) with no subcommand. */
	if (getpid() == 1 || !strcmp(base, "init")) {
		static char init_name[] = "init";
		char *init_argv[] = { init_name, NULL };

		return cmd_init_entry.run(1, init_argv);
	}
	if (argc < 2) {
		print_help(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		print_help(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("vigil %s\n", PACKAGE_VERSION);
		return EXIT_OK;
	}
	/* Owner-authorised TPM operations ask here; the menus replace it with theirs. */
	tpm_set_owner_prompt(cmd_tpm_owner_prompt, NULL);
	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(argv[1], commands[i]->name))
			return commands[i]->run(argc - 1, argv + 1);
	fprintf(stderr, _("vigil: unknown command '%s' (see vigil --help)\n"), argv[1]);
	return EXIT_USAGE;
}
