# src/crypto: hashing, signatures, one-time passwords
libvigil_a_SOURCES += \
	src/crypto/gcrypt-init.c src/crypto/gcrypt-init.h \
	src/crypto/hash.c src/crypto/hash.h
