/*
 * plain-menu.c - the boot menu as numbered lines: works on any serial
 * terminal and is what tests drive. The ncurses screens replace it on
 * capable terminals; this stays as the fallback.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

#include "common/spawn.h"
#include "crypto/hash.h"
#include "hw/tpm.h"
#include "i18n.h"
#include "ui/plain-menu.h"

#define RECOVERY_SHELL "/bin/sh"
#define PCR_BOOT_MODE 4

static void show_firmware_state(void)
{
	char err[256], hex[SHA256_HEX_LEN + 1];
	uint8_t pcr2[SHA256_LEN];
	struct tpm *tpm = tpm_open(NULL, err, sizeof(err));

	if (!tpm) {
		printf(_("TPM: not available (%s)\n"), err);
		return;
	}
	if (tpm_pcr_read(tpm, 2, pcr2, err, sizeof(err)) == 0) {
		hash_hex(pcr2, SHA256_LEN, hex);
		printf(_("Firmware measurement (PCR 2): %s\n"), hex);
	} else {
		printf(_("TPM: %s\n"), err);
	}
	tpm_close(tpm);
}

/* Leaving the verified path is recorded in PCR 4 so sealed secrets stay sealed. */
static int measure_boot_mode(const char *mode)
{
	char err[256];
	uint8_t digest[SHA256_LEN];
	struct tpm *tpm = tpm_open(NULL, err, sizeof(err));
	int ret;

	if (!tpm) {
		printf(_("Cannot record boot mode '%s' in PCR 4: %s\n"), mode, err);
		return -1;
	}
	hash_sha256(mode, strlen(mode), digest);
	ret = tpm_pcr_extend(tpm, PCR_BOOT_MODE, digest, err, sizeof(err));
	if (ret < 0)
		printf(_("Cannot record boot mode '%s' in PCR 4: %s\n"), mode, err);
	tpm_close(tpm);
	return ret;
}

static void recovery_shell(void)
{
	static char shell[] = RECOVERY_SHELL;
	char *argv[] = { shell, NULL };

	/* Without a TPM there is nothing sealed to protect; go on regardless. */
	measure_boot_mode("recovery");
	printf(_("Recovery shell: type 'exit' to return to the menu.\n"));
	fflush(stdout);
	if (spawn_wait(argv) < 0)
		printf(_("Cannot start the recovery shell %s\n"), RECOVERY_SHELL);
}

static void show_menu(void)
{
	const char *console = getenv("VIGIL_CONSOLE");

	printf("\n");
	printf(_("vigil %s boot menu%s%s\n"), PACKAGE_VERSION, console ? " on " : "",
	       console ? console : "");
	show_firmware_state();
	printf(_("No boot entries found.\n"));
	printf(_("  s) recovery shell\n  r) reboot\n  p) power off\n"));
	printf(_("Choice: "));
	fflush(stdout);
}

int plain_menu_run(void)
{
	char line[64];

	for (;;) {
		show_menu();
		if (!fgets(line, sizeof(line), stdin))
			return 0;
		switch (line[0]) {
		case 's':
			recovery_shell();
			break;
		case 'r':
			sync();
			reboot(RB_AUTOBOOT);
			printf(_("Reboot failed\n"));
			break;
		case 'p':
			sync();
			reboot(RB_POWER_OFF);
			printf(_("Power off failed\n"));
			break;
		case '\n':
			break;
		default:
			printf(_("Unknown choice '%c'\n"), line[0]);
		}
	}
}
