# tests for src/boot (unit tests: check_PROGRAMS += ..., TESTS += ...)
