# tests for src/boot: the config parsers (unit tests: check_PROGRAMS += ..., TESTS += ...)
boot_unit_tests = \
	tests/unit/test-boot-grub \
	tests/unit/test-boot-syslinux \
	tests/unit/test-boot-bls \
	tests/unit/test-boot-real
check_PROGRAMS += $(boot_unit_tests)
TESTS += $(boot_unit_tests)
boot_test_tree = tests/unit/boot-tree.c tests/unit/boot-tree.h
tests_unit_test_boot_grub_SOURCES = tests/unit/test-boot-grub.c $(boot_test_tree)
tests_unit_test_boot_grub_LDADD = $(TEST_LIBS)
tests_unit_test_boot_syslinux_SOURCES = tests/unit/test-boot-syslinux.c $(boot_test_tree)
tests_unit_test_boot_syslinux_LDADD = $(TEST_LIBS)
tests_unit_test_boot_bls_SOURCES = tests/unit/test-boot-bls.c $(boot_test_tree)
tests_unit_test_boot_bls_LDADD = $(TEST_LIBS)
tests_unit_test_boot_real_CPPFLAGS = $(AM_CPPFLAGS) -DBOOT_TEST_DATA=\"$(abs_top_srcdir)/tests/data/boot\"
tests_unit_test_boot_real_LDADD = $(TEST_LIBS)
