/* headless.h - servers: plain status lines on the serial console, then boot the default. */
#ifndef VIGIL_HEADLESS_H
#define VIGIL_HEADLESS_H

#define HEADLESS_DEFAULT_TIMEOUT 10	/* seconds, when the config sets none */

struct ui_session;

/*
 * Print the TPM and TOTP state and the default entry, count down (any key
 * drops into the plain menu), then boot the default. Returns an exit code.
 */
int headless_run(struct ui_session *s);

#endif
