# tests for src/ui (unit tests: check_PROGRAMS += ..., TESTS += ...)
