/* gcrypt-init.c - libgcrypt must be initialised once before hashing or secure memory. */
#include <gcrypt.h>
#include <stdio.h>
#include <stdlib.h>

#include "crypto/gcrypt-init.h"

void crypto_init(void)
{
	if (gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P))
		return;
	if (!gcry_check_version(GCRYPT_VERSION)) {
		fputs("vigil: libgcrypt is older than the one vigil was built with\n", stderr);
		abort();
	}
	/* Secure memory holds TOTP seeds and disk keys: locked, wiped on free. */
	gcry_control(GCRYCTL_SUSPEND_SECMEM_WARN);
	gcry_control(GCRYCTL_INIT_SECMEM, 1 << 16, 0);
	gcry_control(GCRYCTL_RESUME_SECMEM_WARN);
	gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
}
