# tests for src/hw (unit tests: check_PROGRAMS += ..., TESTS += ...)
# TPM tests each start a private swtpm (tests/unit/swtpm-fixture.c), so they run in parallel.
swtpm_fixture = tests/unit/swtpm-fixture.c tests/unit/swtpm-fixture.h
tpm_unit_tests = \
	tests/unit/test-tpm-seal \
	tests/unit/test-tpm-counter \
	tests/unit/test-tpm-status \
	tests/unit/test-totp-tpm
check_PROGRAMS += $(tpm_unit_tests)
TESTS += $(tpm_unit_tests)
tests_unit_test_tpm_seal_SOURCES = tests/unit/test-tpm-seal.c $(swtpm_fixture)
tests_unit_test_tpm_seal_LDADD = $(TEST_LIBS)
tests_unit_test_tpm_counter_SOURCES = tests/unit/test-tpm-counter.c $(swtpm_fixture)
tests_unit_test_tpm_counter_LDADD = $(TEST_LIBS)
tests_unit_test_tpm_status_SOURCES = tests/unit/test-tpm-status.c $(swtpm_fixture)
tests_unit_test_tpm_status_LDADD = $(TEST_LIBS)
tests_unit_test_totp_tpm_SOURCES = tests/unit/test-totp-tpm.c $(swtpm_fixture)
tests_unit_test_totp_tpm_LDADD = $(TEST_LIBS)
# TOTP/HOTP and the enrolment QR code (src/crypto/otp*), registered here with the TPM work.
otp_unit_tests = tests/unit/test-otp tests/unit/test-otp-qr
check_PROGRAMS += $(otp_unit_tests)
TESTS += $(otp_unit_tests)
tests_unit_test_otp_LDADD = $(TEST_LIBS)
tests_unit_test_otp_qr_LDADD = $(TEST_LIBS)
# measured boot: the TCG event log, coreboot's TCPA log in CBMEM, measure_*() against swtpm
cbmem_image = tests/unit/cbmem-image.c tests/unit/cbmem-image.h
eventlog_unit_tests = \
	tests/unit/test-eventlog \
	tests/unit/test-eventlog-cbmem \
	tests/unit/test-measure
check_PROGRAMS += $(eventlog_unit_tests)
TESTS += $(eventlog_unit_tests)
tests_unit_test_eventlog_LDADD = $(TEST_LIBS)
tests_unit_test_eventlog_CPPFLAGS = $(AM_CPPFLAGS) \
	-DEVENTLOG_TEST_DATA=\"$(abs_top_srcdir)/tests/data/eventlog\"
tests_unit_test_eventlog_cbmem_SOURCES = tests/unit/test-eventlog-cbmem.c $(cbmem_image)
tests_unit_test_eventlog_cbmem_LDADD = $(TEST_LIBS)
tests_unit_test_measure_SOURCES = tests/unit/test-measure.c $(cbmem_image) $(swtpm_fixture)
tests_unit_test_measure_LDADD = $(TEST_LIBS)
# the menu's viewers: the event log as text, coreboot's console from CBMEM
viewer_unit_tests = tests/unit/test-eventlog-text tests/unit/test-cbmem-console
check_PROGRAMS += $(viewer_unit_tests)
TESTS += $(viewer_unit_tests)
tests_unit_test_eventlog_text_LDADD = $(TEST_LIBS)
tests_unit_test_eventlog_text_CPPFLAGS = $(AM_CPPFLAGS) \
	-DEVENTLOG_TEST_DATA=\"$(abs_top_srcdir)/tests/data/eventlog\"
tests_unit_test_cbmem_console_SOURCES = tests/unit/test-cbmem-console.c $(cbmem_image)
tests_unit_test_cbmem_console_LDADD = $(TEST_LIBS)
# signing /boot from the menu: the partition writable only while it is signed (a tmpfs; root)
tests_unit_test_remount_LDADD = $(TEST_LIBS)
check_PROGRAMS += tests/unit/test-remount
TESTS += tests/unit/test-remount
# TPM management: owner and lockout passphrases, DA settings, clear (against swtpm)
check_PROGRAMS += tests/unit/test-tpm-owner
TESTS += tests/unit/test-tpm-owner
tests_unit_test_tpm_owner_SOURCES = tests/unit/test-tpm-owner.c $(swtpm_fixture)
tests_unit_test_tpm_owner_LDADD = $(TEST_LIBS)

check_PROGRAMS += tests/unit/test-tpm-owner-prompt
TESTS += tests/unit/test-tpm-owner-prompt
tests_unit_test_tpm_owner_prompt_SOURCES = tests/unit/test-tpm-owner-prompt.c $(swtpm_fixture)
tests_unit_test_tpm_owner_prompt_LDADD = $(TEST_LIBS)
# LUKS headers into PCR 6: real LUKS1/LUKS2 images from cryptsetup luksFormat, swtpm (77 without cryptsetup)
check_PROGRAMS += tests/unit/test-luks-measure
TESTS += tests/unit/test-luks-measure
tests_unit_test_luks_measure_SOURCES = tests/unit/test-luks-measure.c $(swtpm_fixture)
tests_unit_test_luks_measure_LDADD = $(TEST_LIBS)
# before kexec: every transient object and session flushed (swtpm has no resource manager)
check_PROGRAMS += tests/unit/test-tpm-flush
TESTS += tests/unit/test-tpm-flush
tests_unit_test_tpm_flush_SOURCES = tests/unit/test-tpm-flush.c $(swtpm_fixture)
tests_unit_test_tpm_flush_LDADD = $(TEST_LIBS)
