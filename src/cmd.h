/* cmd.h - vigil's subcommands: one file and one table entry each. */
#ifndef VIGIL_CMD_H
#define VIGIL_CMD_H

struct vigil_cmd {
	const char *name;
	const char *usage;	/* arguments after the name */
	const char *summary;	/* one line for --help */
	int (*run)(int argc, char **argv);	/* argv[0] is the subcommand */
};

/* Exit codes shared by all subcommands. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

extern const struct vigil_cmd cmd_boot_entry;
extern const struct vigil_cmd cmd_entries_entry;
extern const struct vigil_cmd cmd_flash_entry;
extern const struct vigil_cmd cmd_hotp_entry;
extern const struct vigil_cmd cmd_init_entry;
extern const struct vigil_cmd cmd_measure_entry;
extern const struct vigil_cmd cmd_menu_entry;
extern const struct vigil_cmd cmd_pcr_entry;
extern const struct vigil_cmd cmd_rom_entry;
extern const struct vigil_cmd cmd_totp_entry;
extern const struct vigil_cmd cmd_tpm_entry;
extern const struct vigil_cmd cmd_sign_entry;
extern const struct vigil_cmd cmd_verify_entry;

int cmd_usage_error(const struct vigil_cmd *cmd, const char *why);

#endif
