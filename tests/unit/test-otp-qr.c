/* test-otp-qr.c - the terminal QR rendering is the symbol libqrencode made, module for module. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <qrencode.h>
#include <string.h>

#include "crypto/otp-qr.h"

/* Read the drawing back into a light/dark grid of size x size (rows of "█▀▄ "). */
static void read_back(const char *text, int size, char *grid)
{
	const char *p = text;
	int x, y;

	memset(grid, 0, (size_t)size * (size_t)size);
	for (y = 0; y < size; y += 2) {
		for (x = 0; x < size; x++) {
			int top, bottom;

			if (*p == ' ') {
				top = bottom = 0;
				p++;
			} else if (!strncmp(p, "\u2588", 3)) {
				top = bottom = 1;
				p += 3;
			} else if (!strncmp(p, "\u2580", 3)) {
				top = 1, bottom = 0;
				p += 3;
			} else if (!strncmp(p, "\u2584", 3)) {
				top = 0, bottom = 1;
				p += 3;
			} else {
				fail_msg("unexpected character at row %d column %d", y / 2, x);
				return;
			}
			grid[y * size + x] = (char)top;
			if (y + 1 < size)
				grid[(y + 1) * size + x] = (char)bottom;
			else
				assert_int_equal(bottom, 0);
		}
		assert_int_equal(*p, '\n');
		p++;
	}
	assert_int_equal(*p, '\0');
}

static void check_symbol(const char *input, QRecLevel level, int version)
{
	QRcode *qr = QRcode_encodeString(input, 0, level, QR_MODE_8, 1);
	struct secret *drawn;
	char err[128], grid[64 * 64];
	int modules, size, x, y;

	assert_non_null(qr);
	drawn = otp_qr_text(input, 0, &modules, err, sizeof(err));
	assert_non_null(drawn);
	assert_int_equal(modules, 17 + 4 * version);
	assert_int_equal(qr->width, modules);
	size = modules + 2 * OTP_QR_QUIET_ZONE;
	read_back((char *)drawn->data, size, grid);
	for (y = 0; y < size; y++)
		for (x = 0; x < size; x++) {
			int mx = x - OTP_QR_QUIET_ZONE, my = y - OTP_QR_QUIET_ZONE;
			int want = mx < 0 || my < 0 || mx >= modules || my >= modules ||
				   !(qr->data[my * modules + mx] & 1);

			assert_int_equal(grid[y * size + x], want);
		}
	QRcode_free(qr);
	secret_free(drawn);
}

static void short_text_is_version_1(void **state)
{
	check_symbol("vigil", QR_ECLEVEL_M, 1);
}

static void enrolment_uri_fits_a_terminal(void **state)
{
	/* 20-byte seed, short label: 76 bytes, version 4 at level L (33 modules, 19 rows). */
	static const char uri[] = "otpauth://totp/vigil?secret="
				  "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=vigil";
	struct secret *drawn;
	char err[128];
	int modules;

	check_symbol(uri, QR_ECLEVEL_L, 4);
	drawn = otp_qr_text(uri, 1, &modules, err, sizeof(err));
	assert_non_null(drawn);
	assert_int_equal(strncmp((char *)drawn->data, "\033[97;40m", 8), 0);
	secret_free(drawn);
	assert_true((modules + 2 * OTP_QR_QUIET_ZONE + 1) / 2 <= 20);
	assert_true(modules + 2 * OTP_QR_QUIET_ZONE <= 80);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(short_text_is_version_1),
		cmocka_unit_test(enrolment_uri_fits_a_terminal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
