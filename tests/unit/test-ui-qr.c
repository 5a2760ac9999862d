/* test-ui-qr.c - QR modules to half blocks or '#' pairs, and an otpauth URI fitting 80x24. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "ui/widget-qr.h"

#define UP "\xe2\x96\x80"
#define LO "\xe2\x96\x84"
#define FU "\xe2\x96\x88"

/* 3x3: dark diagonal. Light is drawn, dark is blank; quiet zone 2 is light. */
static const unsigned char diag[9] = { 1, 0, 0, 0, 1, 0, 0, 0, 1 };

static void half_blocks_pair_module_rows(void **state)
{
	struct qr_art art;

	qr_art_from_modules(&art, diag, 3, true);
	/* 3 + 2*2 = 7 modules a side: 4 text rows, 7 columns. */
	assert_int_equal(art.rows, 4);
	assert_int_equal(art.cols, 7);
	assert_string_equal(art.lines[0], FU FU FU FU FU FU FU);
	/* Module rows 2 and 3: (2,2) dark above light; (3,3) light above dark. */
	assert_string_equal(art.lines[1], FU FU LO UP FU FU FU);
	/* Module rows 4 and 5: (4,4) dark on top; row 5 is quiet zone. */
	assert_string_equal(art.lines[2], FU FU FU FU LO FU FU);
	/* Row 6 pairs with an imaginary light row below. */
	assert_string_equal(art.lines[3], FU FU FU FU FU FU FU);
	qr_art_free(&art);
}

static void ascii_uses_two_hashes_per_module(void **state)
{
	struct qr_art art;

	qr_art_from_modules(&art, diag, 3, false);
	assert_int_equal(art.rows, 7);
	assert_int_equal(art.cols, 14);
	assert_string_equal(art.lines[0], "##############");
	assert_string_equal(art.lines[2], "####  ########");
	assert_string_equal(art.lines[3], "######  ######");
	assert_int_equal((int)strlen(art.lines[6]), 14);
	qr_art_free(&art);
}

static void otpauth_uri_fits_80x24_with_half_blocks(void **state)
{
	const char *uri = "otpauth://totp/vigil%20x230?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
			  "&issuer=vigil";
	struct qr_art art;
	char err[128];

	assert_int_equal(qr_art_encode(&art, uri, true, 22, 80, err, sizeof(err)), 0);
	assert_true(art.fits);
	assert_true(art.rows <= 22);
	assert_true(art.cols <= 80);
	assert_int_equal(art.cols, art.size + 2 * QR_QUIET_ZONE);
	qr_art_free(&art);
	/* The same in ASCII needs more room than 80x24, and says so. */
	assert_int_equal(qr_art_encode(&art, uri, false, 22, 80, err, sizeof(err)), 0);
	assert_false(art.fits);
	assert_int_equal(art.ecc, 'L');
	qr_art_free(&art);
}

static void prefers_ecc_m_when_it_fits(void **state)
{
	struct qr_art art;
	char err[128];

	assert_int_equal(qr_art_encode(&art, "HELLO", true, 60, 200, err, sizeof(err)), 0);
	assert_true(art.fits);
	assert_int_equal(art.ecc, 'M');
	assert_int_equal(art.size, 21);	/* version 1 */
	qr_art_free(&art);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(half_blocks_pair_module_rows),
		cmocka_unit_test(ascii_uses_two_hashes_per_module),
		cmocka_unit_test(otpauth_uri_fits_80x24_with_half_blocks),
		cmocka_unit_test(prefers_ecc_m_when_it_fits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
