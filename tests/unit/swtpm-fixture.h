/* swtpm-fixture.h - a fresh software TPM for each test, reached through $VIGIL_TCTI. */
#ifndef VIGIL_SWTPM_FIXTURE_H
#define VIGIL_SWTPM_FIXTURE_H

/*
 * cmocka setup/teardown: start "swtpm socket --tpm2" on two free, adjacent
 * localhost ports with a new state directory, set VIGIL_TCTI to it, and stop
 * it again. The swtpm dies with the test program even if that crashes, so
 * nothing is left behind and test programs can run in parallel.
 */
int swtpm_setup(void **state);
int swtpm_teardown(void **state);

struct tpm;

/* A TPM context on the test's swtpm; the test fails when it cannot be had. */
struct tpm *swtpm_open_tpm(void);

#endif
