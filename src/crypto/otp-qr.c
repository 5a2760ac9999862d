/* otp-qr.c - QR symbol from libqrencode, rendered as half-block characters. */
#include <qrencode.h>
#include <stdio.h>
#include <string.h>

#include "crypto/otp-qr.h"

#define QR_MAX_VERSION_AT_M 4
#define ANSI_WHITE_ON_BLACK "\033[97;40m"
#define ANSI_RESET "\033[0m"

static QRcode *encode(const char *text)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);

	/* A smaller symbol reads better on a coarse text grid than more error correction. */
	if (qr && qr->version > QR_MAX_VERSION_AT_M) {
		explicit_bzero(qr->data, (size_t)qr->width * (size_t)qr->width);
		QRcode_free(qr);
		qr = QRcode_encodeString(text, 0, QR_ECLEVEL_L, QR_MODE_8, 1);
	}
	return qr;
}

/* Light (drawn) when inside the quiet zone or a light module; outside the symbol: blank. */
static int light(const QRcode *qr, int x, int y)
{
	int size = qr->width + 2 * OTP_QR_QUIET_ZONE;

	if (x < 0 || y < 0 || x >= size || y >= size)
		return 0;
	x -= OTP_QR_QUIET_ZONE;
	y -= OTP_QR_QUIET_ZONE;
	if (x < 0 || y < 0 || x >= qr->width || y >= qr->width)
		return 1;
	return !(qr->data[y * qr->width + x] & 1);
}

static size_t put(struct secret *out, size_t off, const char *s)
{
	size_t n = strlen(s);

	memcpy(out->data + off, s, n);
	return off + n;
}

struct secret *otp_qr_text(const char *text, int ansi, int *modules, char *err, size_t errlen)
{
	static const char *const cells[4] = { " ", "\u2584", "\u2580", "\u2588" };
	QRcode *qr = encode(text);
	struct secret *out;
	size_t off = 0;
	int size, x, y;

	if (!qr) {
		snprintf(err, errlen, "the text does not fit in a QR code (%zu bytes)", strlen(text));
		return NULL;
	}
	size = qr->width + 2 * OTP_QR_QUIET_ZONE;
	/* Per row: 3 bytes per cell, the colour codes and a newline. */
	out = secret_new((size_t)(size + 1) / 2 *
			 ((size_t)size * 3 + sizeof(ANSI_WHITE_ON_BLACK) + sizeof(ANSI_RESET) + 1));
	for (y = 0; y < size; y += 2) {
		if (ansi)
			off = put(out, off, ANSI_WHITE_ON_BLACK);
		for (x = 0; x < size; x++)
			off = put(out, off, cells[light(qr, x, y) << 1 | light(qr, x, y + 1)]);
		if (ansi)
			off = put(out, off, ANSI_RESET);
		off = put(out, off, "\n");
	}
	out->len = off;
	*modules = qr->width;
	explicit_bzero(qr->data, (size_t)qr->width * (size_t)qr->width);
	QRcode_free(qr);
	return out;
}
