/* test-manifest.c - the manifest reader takes only the documented format and names the bad line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/manifest.h"

#define H0 "0000000000000000000000000000000000000000000000000000000000000000"
#define H1 "1111111111111111111111111111111111111111111111111111111111111111"

static const char good[] =
	"vigil-manifest 1\n"
	"counter 0x0100564c 42\n"
	"file " H0 " 0 System.map-6.1\n"
	"file " H1 " 12345 grub/grub.cfg\n"
	"file " H0 " 7 grub/new\\x0aline\\x20and\\x5cslash\\xff\n"
	"link vmlinuz-6.1 vmlinuz\n"
	"link ../../etc/x\\x20y vmlinuz.old\n"
	"end 5\n";

static void parses_and_writes_back_the_same_bytes(void **state)
{
	struct manifest m;
	char err[256], *text;
	size_t len;

	assert_int_equal(manifest_parse(&m, good, strlen(good), "m", err, sizeof(err)), 0);
	assert_int_equal(m.count, 5);
	assert_true(m.counter.present);
	assert_int_equal(m.counter.nv_index, 0x0100564c);
	assert_int_equal(m.counter.value, 42);
	assert_string_equal(m.entries[1].path, "grub/grub.cfg");
	assert_int_equal(m.entries[1].size, 12345);
	assert_int_equal(m.entries[1].sha256[31], 0x11);
	assert_string_equal(m.entries[2].path, "grub/new\nline and\\slash\xff");
	assert_int_equal(m.entries[3].type, MANIFEST_LINK);
	assert_string_equal(m.entries[4].target, "../../etc/x y");
	assert_non_null(manifest_find(&m, "vmlinuz"));
	assert_null(manifest_find(&m, "vmlinuz.new"));
	text = manifest_format(&m, &len);
	assert_int_equal(len, strlen(good));
	assert_string_equal(text, good);
	free(text);
	manifest_free(&m);
}

static void empty_tree_and_no_counter(void **state)
{
	const char *text = "vigil-manifest 1\ncounter none\nend 0\n";
	struct manifest m;
	char err[256], *out;

	assert_int_equal(manifest_parse(&m, text, strlen(text), "m", err, sizeof(err)), 0);
	assert_false(m.counter.present);
	assert_int_equal(m.count, 0);
	out = manifest_format(&m, NULL);
	assert_string_equal(out, text);
	free(out);
	manifest_free(&m);
}

static void escape_makes_printable_ascii(void **state)
{
	char *e = manifest_escape("a b\\c\n\x7f\x80\xe9.txt");

	assert_string_equal(e, "a\\x20b\\x5cc\\x0a\\x7f\\x80\\xe9.txt");
	free(e);
}

struct bad_case {
	const char *text;
	const char *err;
};

#define HDR "vigil-manifest 1\ncounter none\n"

static const struct bad_case bad[] = {
	{ "", "m:1: empty file" },
	{ "vigil-manifest 2\n", "m:1: unsupported manifest version (this vigil reads version 1)" },
	{ "kexec_hashes\n", "m:1: not a vigil manifest (expected 'vigil-manifest 1')" },
	{ "vigil-manifest 1", "m:1: last line has no newline (truncated?)" },
	{ "vigil-manifest 1\n", "m:2: no end line (truncated?)" },
	{ "vigil-manifest 1\ncounter\n", "m:2: missing counter" },
	{ "vigil-manifest 1\ncounter 0x0100564C 1\n",
	  "m:2: counter NV index must be 0x and 8 lower-case hex digits" },
	{ "vigil-manifest 1\ncounter 0x0100564c 01\n", "m:2: counter value must be a decimal number" },
	{ "vigil-manifest 1\ncounter 0x0100564c 18446744073709551616\n",
	  "m:2: counter value must be a decimal number" },
	{ "vigil-manifest 1\ncounter none \n", "m:2: missing counter" },
	{ HDR "end 1\n", "m:3: the entry count on the end line does not match the entries" },
	{ HDR "end 0\nfile\n", "m:4: text after the end line" },
	{ HDR "file " H0 " 1 a\n", "m:4: no end line (truncated?)" },
	{ HDR "file " H0 " 1 a\nend 1", "m:4: last line has no newline (truncated?)" },
	{ HDR "file " H0 " 1 a\r\nend 1\n", "m:3: unescaped control, space or non-ASCII byte" },
	{ HDR "\n", "m:3: empty line" },
	{ HDR "dir x\n", "m:3: expected 'file', 'link' or 'end'" },
	{ HDR "file " H0 "A 1 a\n", "m:3: expected a sha256 of 64 lower-case hex digits" },
	{ HDR "file " H0 " 1  a\n", "m:3: expected one path at the end of the line" },
	{ HDR "file " H0 " 1 a \n", "m:3: expected one path at the end of the line" },
	{ HDR "file " H0 " 1 a b\n", "m:3: expected one path at the end of the line" },
	{ HDR "file " H0 " -1 a\n", "m:3: expected a file size in bytes" },
	{ HDR "file " H0 " 007 a\n", "m:3: expected a file size in bytes" },
	{ HDR "file " H0 " 1 /boot/a\n",
	  "m:3: absolute path (paths are relative to the partition root)" },
	{ HDR "file " H0 " 1 a//b\n", "m:3: empty path component" },
	{ HDR "file " H0 " 1 a/\n", "m:3: empty path component" },
	{ HDR "file " H0 " 1 a/../b\n", "m:3: '.' or '..' in path" },
	{ HDR "file " H0 " 1 ./a\n", "m:3: '.' or '..' in path" },
	{ HDR "file " H0 " 1 vigil/manifest\n",
	  "m:3: the manifest cannot list itself or its signature" },
	{ HDR "file " H0 " 1 a\\x41\n",
	  "m:3: needless escape (the character must be written as itself)" },
	{ HDR "file " H0 " 1 a\\x0A\n", "m:3: bad \\x escape (two lower-case hex digits expected)" },
	{ HDR "file " H0 " 1 a\\x00\n", "m:3: escaped NUL byte" },
	{ HDR "file " H0 " 1 a\\x2\n", "m:3: incomplete \\x escape" },
	{ HDR "file " H0 " 1 a\\nbc\n", "m:3: unknown escape (only \\xHH is defined)" },
	{ HDR "file " H0 " 1 caf\xc3\xa9\n", "m:3: unescaped control, space or non-ASCII byte" },
	{ HDR "file " H0 " 1 b\nfile " H0 " 1 a\n", "m:4: paths are not sorted" },
	{ HDR "file " H0 " 1 a\nlink x a\n", "m:4: duplicate path" },
	{ HDR "link a\n", "m:3: expected one path at the end of the line" },
	{ HDR "end 0 0\n", "m:3: expected 'end COUNT'" },
};

static void rejects_malformed_input_by_line(void **state)
{
	struct manifest m;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int ret = manifest_parse(&m, bad[i].text, strlen(bad[i].text), "m", err, sizeof(err));

		if (ret != -1)
			fail_msg("case %zu accepted: %s", i, bad[i].text);
		if (strcmp(err, bad[i].err))
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, err, bad[i].err);
		assert_int_equal(m.count, 0);
		assert_null(m.entries);
	}
}

static void rejects_nul_bytes(void **state)
{
	static const char text[] = "vigil-manifest 1\ncounter none\nfile " H0 " 1 a\0b\nend 1\n";
	struct manifest m;
	char err[256];

	assert_int_equal(manifest_parse(&m, text, sizeof(text) - 1, "m", err, sizeof(err)), -1);
	assert_string_equal(err, "m:3: NUL byte");
}

static void counter_arguments(void **state)
{
	struct manifest_counter c;
	char err[256];

	assert_int_equal(manifest_counter_from_args(&c, "7", NULL, err, sizeof(err)), 0);
	assert_true(c.present);
	assert_int_equal(c.value, 7);
	assert_int_equal(c.nv_index, MANIFEST_NV_INDEX_DEFAULT);
	assert_int_equal(manifest_counter_from_args(&c, "7", "0x01000001", err, sizeof(err)), 0);
	assert_int_equal(c.nv_index, 0x01000001);
	assert_int_equal(manifest_counter_from_args(&c, "-1", NULL, err, sizeof(err)), -1);
	assert_string_equal(err, "'-1' is not a counter value (a decimal number)");
	assert_int_equal(manifest_counter_from_args(&c, "1", "0x100000000", err, sizeof(err)), -1);
	assert_string_equal(err, "'0x100000000' is not a TPM NV index (hex, like 0x0100564c)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_and_writes_back_the_same_bytes),
		cmocka_unit_test(empty_tree_and_no_counter),
		cmocka_unit_test(escape_makes_printable_ascii),
		cmocka_unit_test(rejects_malformed_input_by_line),
		cmocka_unit_test(rejects_nul_bytes),
		cmocka_unit_test(counter_arguments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
