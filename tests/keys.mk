# tests for the key backends of the factory-reset wizard (src/crypto: diceware, keygen, key-backup)
# test-keygen makes real keys with gpg in a GnuPG home on /dev/shm (tmpfs).
card_unit_tests = \
	tests/unit/test-diceware \
	tests/unit/test-keygen
check_PROGRAMS += $(card_unit_tests)
TESTS += $(card_unit_tests)
tests_unit_test_diceware_LDADD = $(TEST_LIBS)
tests_unit_test_keygen_LDADD = $(TEST_LIBS)
