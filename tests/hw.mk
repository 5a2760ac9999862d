# tests for src/hw (unit tests: check_PROGRAMS += ..., TESTS += ...)
