# src/crypto: hashing, signatures, one-time passwords
libvigil_a_SOURCES += \
	src/crypto/gcrypt-init.c src/crypto/gcrypt-init.h \
	src/crypto/hash.c src/crypto/hash.h
libvigil_a_SOURCES += \
	src/crypto/secret.c src/crypto/secret.h
# the signed /boot: manifest, tree hashing, gpgme, verification, signing
libvigil_a_SOURCES += \
	src/crypto/manifest.c src/crypto/manifest.h \
	src/crypto/manifest-build.c src/crypto/manifest-build.h \
	src/crypto/manifest-store.c src/crypto/manifest-store.h \
	src/crypto/gpg.h src/crypto/gpg-ctx.c src/crypto/gpg-verify.c src/crypto/gpg-sign.c \
	src/crypto/bootverify.c src/crypto/bootverify.h \
	src/crypto/sign.c src/crypto/sign.h
libvigil_a_SOURCES += \
	src/crypto/otp.c src/crypto/otp.h \
	src/crypto/otp-qr.c src/crypto/otp-qr.h
# the TOTP secret in the TPM (sealed to menu-time PCRs, stored in NV)
libvigil_a_SOURCES += \
	src/crypto/totp-tpm.c src/crypto/totp-tpm.h
# the recovery gate's credentials: scrypt passphrase hashes, signed nonces, the OpenPGP card
libvigil_a_SOURCES += \
	src/crypto/passphrase-hash.c src/crypto/passphrase-hash.h \
	src/crypto/challenge.c src/crypto/challenge.h \
	src/crypto/gpg-card.c
# the factory-reset wizard's key steps: diceware suggestions, a key made in memory, its backup
libvigil_a_SOURCES += \
	src/crypto/diceware.c src/crypto/diceware.h \
	src/crypto/gpg-home.c src/crypto/gpg-home.h \
	src/crypto/gpg-passphrase.c src/crypto/gpg-passphrase.h \
	src/crypto/keygen.c src/crypto/keygen.h \
	src/crypto/key-backup.c src/crypto/key-backup.h
# the wizard's card steps: gpg dialogues answered from a script
libvigil_a_SOURCES += \
	src/crypto/gpg-script.c src/crypto/gpg-script.h \
	src/crypto/card-setup.c src/crypto/card-setup.h
