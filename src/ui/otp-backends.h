/* otp-backends.h - the menu's TOTP and HOTP backends: the TPM-sealed secret and a USB token. */
#ifndef VIGIL_UI_OTP_BACKENDS_H
#define VIGIL_UI_OTP_BACKENDS_H

#include "ui/integrity.h"

/* Where the menus on several consoles take turns with the token. */
#define HOTP_LOCK_PATH "/run/vigil/hotp.lock"

/* Fill otp: TOTP from the secret in TPM NV; HOTP with that secret and a plugged-in token. */
void ui_otp_backends(struct ui_otp_backend *otp);

#endif
