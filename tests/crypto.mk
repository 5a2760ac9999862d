# tests for src/crypto (unit tests: check_PROGRAMS += ..., TESTS += ...)
