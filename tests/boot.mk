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
# kexec plans and loading (with a fake kexec), and the spawn variants they use
boot_kexec_tests = tests/unit/test-boot-kexec tests/unit/test-boot-kexec-spawn
check_PROGRAMS += $(boot_kexec_tests)
TESTS += $(boot_kexec_tests)
tests_unit_test_boot_kexec_SOURCES = tests/unit/test-boot-kexec.c $(boot_test_tree)
tests_unit_test_boot_kexec_LDADD = $(TEST_LIBS)
tests_unit_test_boot_kexec_spawn_SOURCES = tests/unit/test-boot-kexec-spawn.c $(boot_test_tree)
tests_unit_test_boot_kexec_spawn_LDADD = $(TEST_LIBS)
# discovery on a loop-device disk image (skipped unless root with loop devices)
check_PROGRAMS += tests/unit/test-boot-discover
TESTS += tests/unit/test-boot-discover
tests_unit_test_boot_discover_SOURCES = tests/unit/test-boot-discover.c $(boot_test_tree)
tests_unit_test_boot_discover_LDADD = $(TEST_LIBS)
# the boot policy and the boot mode measured into PCR 4 before kexec (against swtpm)
check_PROGRAMS += tests/unit/test-boot-verify-entry
TESTS += tests/unit/test-boot-verify-entry
tests_unit_test_boot_verify_entry_SOURCES = tests/unit/test-boot-verify-entry.c $(swtpm_fixture) $(boot_test_tree)
tests_unit_test_boot_verify_entry_LDADD = $(TEST_LIBS)
