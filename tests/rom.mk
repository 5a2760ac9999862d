# tests for the ROM's vigil/ files (src/hw/rom*.c, vigil rom, init's ROM steps)
rom_fixture = tests/unit/test-rom-fixture.c tests/unit/test-rom-fixture.h
rom_unit_tests = \
	tests/unit/test-romfiles \
	tests/unit/test-rom-edit \
	tests/unit/test-romboot \
	tests/unit/test-flash
check_PROGRAMS += $(rom_unit_tests)
TESTS += $(rom_unit_tests)
rom_test_cppflags = $(AM_CPPFLAGS) -DVIGIL_TEST_OUT=\"$(abs_top_srcdir)/out\" \
	-DVIGIL_BIN=\"$(abs_top_builddir)/vigil\"
tests_unit_test_romfiles_SOURCES = tests/unit/test-romfiles.c \
	tests/unit/rom-builder.c tests/unit/rom-builder.h
tests_unit_test_romfiles_LDADD = $(TEST_LIBS)
tests_unit_test_rom_edit_SOURCES = tests/unit/test-rom-edit.c $(rom_fixture)
tests_unit_test_rom_edit_CPPFLAGS = $(rom_test_cppflags)
tests_unit_test_rom_edit_LDADD = $(TEST_LIBS)
tests_unit_test_romboot_SOURCES = tests/unit/test-romboot.c $(rom_fixture) \
	tests/unit/rom-builder.c tests/unit/rom-builder.h \
	tests/unit/cbmem-image.c tests/unit/cbmem-image.h \
	tests/unit/swtpm-fixture.c tests/unit/swtpm-fixture.h
tests_unit_test_romboot_CPPFLAGS = $(rom_test_cppflags)
tests_unit_test_romboot_LDADD = $(TEST_LIBS)
tests_unit_test_flash_SOURCES = tests/unit/test-flash.c $(rom_fixture)
tests_unit_test_flash_CPPFLAGS = $(rom_test_cppflags)
tests_unit_test_flash_LDADD = $(TEST_LIBS)
