# tests for src/crypto (unit tests: check_PROGRAMS += ..., TESTS += ...)
# test-verify makes real keys with gpg (tests/unit/gpg-fixture.c) once per program.
gpg_fixture = tests/unit/gpg-fixture.c tests/unit/gpg-fixture.h
crypto_unit_tests = \
	tests/unit/test-manifest \
	tests/unit/test-manifest-build \
	tests/unit/test-verify \
	tests/unit/test-passphrase-hash
check_PROGRAMS += $(crypto_unit_tests)
TESTS += $(crypto_unit_tests)
tests_unit_test_manifest_LDADD = $(TEST_LIBS)
tests_unit_test_manifest_build_LDADD = $(TEST_LIBS)
tests_unit_test_verify_SOURCES = tests/unit/test-verify.c $(gpg_fixture)
tests_unit_test_verify_LDADD = $(TEST_LIBS)
tests_unit_test_passphrase_hash_LDADD = $(TEST_LIBS)
# test-sign-tpm: signing moves the TPM rollback counter (gpg keys and a private swtpm).
check_PROGRAMS += tests/unit/test-sign-tpm
TESTS += tests/unit/test-sign-tpm
tests_unit_test_sign_tpm_SOURCES = tests/unit/test-sign-tpm.c $(gpg_fixture) \
	tests/unit/swtpm-fixture.c tests/unit/swtpm-fixture.h
tests_unit_test_sign_tpm_LDADD = $(TEST_LIBS)
