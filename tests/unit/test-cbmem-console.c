/* test-cbmem-console.c - coreboot's CBMEM console read from synthetic memory images, as /dev/mem is read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cbmem-image.h"
#include "boot/strbuf.h"
#include "hw/cbmem.h"

#define BANNER "\n\ncoreboot-4.15 Tue Jan 1 00:00:00 UTC 2022 bootblock starting (log level: 7)...\n"

/* Read the console of img through a file source; returns cbmem_console_read's answer. */
static int read_console(const struct cbmem_image *img, char **text, size_t *len, char *err,
			size_t errlen)
{
	struct cbmem_source src;
	char *path = img_save(img);
	int ret;

	assert_non_null(path);
	assert_int_equal(cbmem_source_open(&src, path, err, errlen), 0);
	ret = cbmem_console_read(&src, text, len, err, errlen);
	cbmem_source_close(&src);
	unlink(path);
	free(path);
	return ret;
}

static void reads_the_console_through_the_forwarding_table(void **state)
{
	struct cbmem_image img;
	char *text, err[256];
	size_t len;

	img_init(&img);
	img_standard(&img, NULL, 0);
	img_put_console(&img, IMG_CONSOLE_AT, IMG_CONSOLE_SIZE, BANNER "Jumping to boot code\n");
	assert_int_equal(read_console(&img, &text, &len, err, sizeof(err)), 1);
	assert_string_equal(text, BANNER "Jumping to boot code\n");
	assert_int_equal(len, strlen(text));
	free(text);
	img_free(&img);
}

static void an_empty_console_is_empty_text(void **state)
{
	struct cbmem_image img;
	char *text, err[256];
	size_t len;

	img_init(&img);
	img_standard(&img, NULL, 0);
	img_put_console(&img, IMG_CONSOLE_AT, IMG_CONSOLE_SIZE, "");
	assert_int_equal(read_console(&img, &text, &len, err, sizeof(err)), 1);
	assert_string_equal(text, "");
	assert_int_equal(len, 0);
	free(text);
	img_free(&img);
}

/* A full ring buffer: the oldest text is lost, the rest comes out in the order written. */
static void a_wrapped_ring_buffer_comes_out_in_order(void **state)
{
	struct cbmem_image img;
	struct strbuf sb = { 0 };
	char *written, *text, err[256];
	size_t len, size = 64 - 8;
	int i;

	for (i = 0; i < 20; i++)
		sb_printf(&sb, "line %02d\n", i);	/* 160 bytes into a 56-byte buffer */
	written = sb_steal(&sb);
	img_init(&img);
	img_standard(&img, NULL, 0);
	/* The standard entry is 8 KiB: use a small one here. */
	memset(img.mem + IMG_CONSOLE_AT, 0, IMG_CONSOLE_SIZE);
	img_put_console(&img, IMG_CONSOLE_AT, 64, written);
	/* The entry still says 8 KiB: the header's size (56) is what bounds the text. */
	assert_int_equal(read_console(&img, &text, &len, err, sizeof(err)), 1);
	assert_int_equal(len, size);
	assert_string_equal(text, written + strlen(written) - size);
	assert_true(strstr(text, "line 19\n") != NULL);
	free(text);
	free(written);
	img_free(&img);
}

static void control_bytes_never_reach_the_terminal(void **state)
{
	static const uint8_t raw[] = "ok\r\n\033[2J\tx\x01\xff\n";
	uint8_t entry[8 + sizeof(raw)];
	char *text, err[256];
	size_t len;

	/* size, cursor (not wrapped), then the bytes as written */
	memset(entry, 0, sizeof(entry));
	entry[0] = sizeof(raw);
	entry[4] = sizeof(raw) - 1;
	memcpy(entry + 8, raw, sizeof(raw));
	assert_int_equal(cbmem_console_parse(entry, sizeof(entry), &text, &len, err, sizeof(err)), 1);
	assert_string_equal(text, "ok\n?[2J\tx??\n");
	free(text);
}

static void no_console_entry_is_not_an_error(void **state)
{
	struct cbmem_image img;
	char *text, err[256];
	size_t len;

	img_init(&img);
	img_add_cbmem_entry(&img, IMG_TCPA_AT, 4, 0x54435041u);
	img_put_table(&img, IMG_TABLE_AT);
	img_add_forward(&img, IMG_TABLE_AT);
	img_put_table(&img, IMG_FORWARD_AT);
	assert_int_equal(read_console(&img, &text, &len, err, sizeof(err)), 0);
	assert_null(text);
	img_free(&img);
}

static void a_buffer_larger_than_its_entry_is_named(void **state)
{
	struct cbmem_image img;
	char *text, err[256];
	size_t len;

	img_init(&img);
	img_standard(&img, NULL, 0);
	img_put_console(&img, IMG_CONSOLE_AT, IMG_CONSOLE_SIZE, "hello\n");
	img.mem[IMG_CONSOLE_AT + 2] = 0x01;	/* size 0x10000 + ... in an 8 KiB entry */
	assert_int_equal(read_console(&img, &text, &len, err, sizeof(err)), -1);
	assert_null(text);
	assert_non_null(strstr(err, "coreboot console at 0x10a000: a "));
	assert_non_null(strstr(err, "-byte buffer in a 8192-byte CBMEM entry"));
	img_free(&img);
}

static void a_cursor_past_the_buffer_is_named(void **state)
{
	uint8_t entry[8 + 16] = { 16, 0, 0, 0, 17, 0, 0, 0x80 };
	char *text, err[256];
	size_t len;

	assert_int_equal(cbmem_console_parse(entry, sizeof(entry), &text, &len, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "coreboot console: write position 17 beyond its 16-byte buffer");
	assert_int_equal(cbmem_console_parse(entry, 4, &text, &len, err, sizeof(err)), -1);
	assert_string_equal(err, "coreboot console: 4 bytes, too short for its header");
}

static void memory_without_coreboot_says_so(void **state)
{
	struct cbmem_image img;
	char *text, err[256];
	size_t len;

	img_init(&img);
	assert_int_equal(read_console(&img, &text, &len, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not booted by coreboot"));
	img_free(&img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_the_console_through_the_forwarding_table),
		cmocka_unit_test(an_empty_console_is_empty_text),
		cmocka_unit_test(a_wrapped_ring_buffer_comes_out_in_order),
		cmocka_unit_test(control_bytes_never_reach_the_terminal),
		cmocka_unit_test(no_console_entry_is_not_an_error),
		cmocka_unit_test(a_buffer_larger_than_its_entry_is_named),
		cmocka_unit_test(a_cursor_past_the_buffer_is_named),
		cmocka_unit_test(memory_without_coreboot_says_so),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
