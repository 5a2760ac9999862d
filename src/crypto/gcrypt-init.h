/* gcrypt-init.h - one place that initialises libgcrypt before any use. */
#ifndef VIGIL_GCRYPT_INIT_H
#define VIGIL_GCRYPT_INIT_H

/* Initialise libgcrypt (with secure memory for secrets); safe to call often. */
void crypto_init(void);

#endif
