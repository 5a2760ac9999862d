/* nc-integrity.c - the integrity header in full, and PCR 2 as a QR code to compare with a prediction. */
#include <ctype.h>
#include <curses.h>
#include <string.h>

#include "common/xmalloc.h"
#include "crypto/hash.h"
#include "i18n.h"
#include "ui/nc-screens.h"

static void describe(const struct ui_integrity *in, struct strlist *out)
{
	char line[512];
	int i;

	for (i = 0; i < INTEGRITY_ITEMS; i++) {
		/* Full PCR 2 here: there is room to wrap. */
		integrity_line(in, (enum integrity_item)i, time(NULL), SHA256_HEX_LEN, line,
			       sizeof(line));
		strlist_pushdup(out, line);
	}
	strlist_pushdup(out, "");
	strlist_push(out, xasprintf(_("TPM:    %s"), in->tpm == UI_TPM_PRESENT ? _("present") :
				    in->tpm == UI_TPM_LOCKOUT ? _("in dictionary-attack lockout") :
				    _("not available")));
	if (in->tpm_reason[0])
		strlist_push(out, xasprintf(_("        %s"), in->tpm_reason));
	if (in->have_pcr2)
		strlist_push(out, xasprintf(_("PCR 2:  %s"), in->pcr2_hex));
	strlist_pushdup(out, "");
	strlist_pushdup(out, _("Overall:"));
	strlist_push(out, xasprintf("  [%s]", integrity_state_word(integrity_overall(in))));
}

void nc_integrity_screen(struct nc_ui *ui)
{
	const struct ui_integrity *in = &ui->s->integrity;

	for (;;) {
		struct strlist lines = { 0 };
		char upper[SHA256_HEX_LEN + 1];
		size_t i;
		int key;

		describe(in, &lines);
		key = nc_pager(ui, _("Integrity details"), &lines, _("r=PCR 2 as QR code  h=help  x=back"),
			       "r", HELP_INTEGRITY);
		strlist_free(&lines);
		if (key != 'r')
			return;
		if (!in->have_pcr2) {
			nc_status(ui, ROLE_STATUS, _("No PCR 2 value to show: %s"), in->tpm_reason);
			continue;
		}
		/* Upper case fits QR's alphanumeric mode: a smaller code. */
		for (i = 0; i <= SHA256_HEX_LEN; i++)
			upper[i] = (char)toupper((unsigned char)in->pcr2_hex[i]);
		nc_qr_screen(ui, _("Firmware measurement (PCR 2)"), upper);
	}
}
