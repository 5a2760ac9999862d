# tests: cmocka unit tests (make check); integration tests live in tests/integration
unit_tests = \
	tests/unit/test-kvconf \
	tests/unit/test-consoles \
	tests/unit/test-hash \
	tests/unit/test-fileio \
	tests/unit/test-cbfs
check_PROGRAMS += $(unit_tests)
TESTS += $(unit_tests)
tests_unit_test_kvconf_LDADD = $(TEST_LIBS)
tests_unit_test_consoles_LDADD = $(TEST_LIBS)
tests_unit_test_hash_LDADD = $(TEST_LIBS)
tests_unit_test_fileio_LDADD = $(TEST_LIBS)
tests_unit_test_cbfs_LDADD = $(TEST_LIBS)
tests_unit_test_cbfs_SOURCES = tests/unit/test-cbfs.c tests/unit/rom-builder.c tests/unit/rom-builder.h
AM_TESTS_ENVIRONMENT = CMOCKA_MESSAGE_OUTPUT=stdout; export CMOCKA_MESSAGE_OUTPUT;

include tests/boot.mk
include tests/crypto.mk
include tests/keys.mk
include tests/hw.mk
include tests/hotp.mk
include tests/ui.mk
include tests/rom.mk
