/* cmd-measure.c - "vigil measure luks": the disks' LUKS headers into PCR 6, once per boot. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "hw/luks-measure.h"
#include "i18n.h"

static int measure_luks(int argc, char **argv)
{
	const struct luks_measure_options opt = { 0 };
	struct luks_measure_report rep;
	enum luks_measure_status status;

	(void)argv;
	if (argc != 1)
		return cmd_usage_error(&cmd_measure_entry, _("luks takes no arguments"));
	status = luks_measure_boot(&opt, &rep);
	luks_measure_print(&rep, status, stdout, "", 1);
	luks_measure_report_free(&rep);
	return status == LUKS_MEASURE_FAILED ? EXIT_FAIL : EXIT_OK;
}

static int cmd_measure(int argc, char **argv)
{
	if (argc < 2)
		return cmd_usage_error(&cmd_measure_entry, _("missing action"));
	if (!strcmp(argv[1], "luks"))
		return measure_luks(argc - 1, argv + 1);
	return cmd_usage_error(&cmd_measure_entry, _("unknown action"));
}

const struct vigil_cmd cmd_measure_entry = {
	.name = "measure",
	.usage = "luks",
	.summary = N_("measure every LUKS header on the disks into PCR 6 (once per boot; "
		      "init does it before the menu)"),
	.run = cmd_measure,
};
