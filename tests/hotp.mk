# HOTP tokens (src/hw/hotp-*): the protocols against a software token, the counter against swtpm
hotp_model = tests/unit/hotp-token-model.c tests/unit/hotp-token-model.h
hotp_unit_tests = tests/unit/test-hotp-token tests/unit/test-hotp-check
check_PROGRAMS += $(hotp_unit_tests)
TESTS += $(hotp_unit_tests)
tests_unit_test_hotp_token_SOURCES = tests/unit/test-hotp-token.c $(hotp_model)
tests_unit_test_hotp_token_LDADD = $(TEST_LIBS)
tests_unit_test_hotp_check_SOURCES = tests/unit/test-hotp-check.c $(hotp_model) $(swtpm_fixture)
tests_unit_test_hotp_check_LDADD = $(TEST_LIBS)
