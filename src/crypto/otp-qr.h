/* otp-qr.h - a QR code of an enrolment URI drawn with block characters on a terminal. */
#ifndef VIGIL_OTP_QR_H
#define VIGIL_OTP_QR_H

#include <stddef.h>

#include "crypto/secret.h"

/* Light margin in modules; the standard asks 4, phones read 2 (as qrencode -t UTF8 draws). */
#define OTP_QR_QUIET_ZONE 2

/*
 * Encode text (ECC level M, or L when M would need more than version 4) and
 * draw it two module rows per text row with "█▀▄ ": light modules are drawn
 * and dark ones left blank, so it reads on a light-on-dark console; with
 * ansi the colours are forced to white on black. Returns NUL-terminated
 * lines, each ending in '\n', in secure memory (the URI holds the secret);
 * *modules gets the symbol's width without the quiet zone.
 */
struct secret *otp_qr_text(const char *text, int ansi, int *modules, char *err, size_t errlen);

#endif
