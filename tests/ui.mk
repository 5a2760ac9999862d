# tests for src/ui: cmocka unit tests of the pure parts (make check); tests/ui/ drives the menu in a pty
ui_unit_tests = \
	tests/unit/test-ui-theme \
	tests/unit/test-ui-integrity \
	tests/unit/test-ui-countdown \
	tests/unit/test-ui-layout \
	tests/unit/test-ui-qr \
	tests/unit/test-ui-widgets \
	tests/unit/test-ui-config \
	tests/unit/test-recovery
check_PROGRAMS += $(ui_unit_tests)
TESTS += $(ui_unit_tests)
tests_unit_test_ui_theme_CPPFLAGS = $(AM_CPPFLAGS) -DTHEMES_SRCDIR=\"$(abs_top_srcdir)/themes\"
tests_unit_test_ui_theme_LDADD = $(TEST_LIBS)
tests_unit_test_ui_integrity_LDADD = $(TEST_LIBS)
tests_unit_test_ui_countdown_LDADD = $(TEST_LIBS)
tests_unit_test_ui_layout_LDADD = $(TEST_LIBS)
tests_unit_test_ui_qr_LDADD = $(TEST_LIBS)
tests_unit_test_ui_widgets_LDADD = $(TEST_LIBS)
tests_unit_test_ui_config_LDADD = $(TEST_LIBS)
# the recovery gate's card method signs with real gpg keys (tests/unit/gpg-fixture.c)
tests_unit_test_recovery_SOURCES = tests/unit/test-recovery.c \
	tests/unit/gpg-fixture.c tests/unit/gpg-fixture.h
tests_unit_test_recovery_LDADD = $(TEST_LIBS)
# The pty tests need only the built vigil (no QEMU): make check-ui
# Debian's python3 has python3-pytest and python3-pexpect (a pyenv python may not).
PYTEST = /usr/bin/python3 -m pytest
EXTRA_DIST += tests/ui
# the card rig and model the wizard's card tests plug into (tests/ui/test_card_wizard.py)
EXTRA_DIST += tests/card
check-ui: vigil
	cd $(top_srcdir) && VIGIL=$(abs_top_builddir)/vigil $(PYTEST) -q tests/ui
.PHONY: check-ui
