# src/hw: TPM, ROM images (FMAP/CBFS), flash, cbmem, disks
libvigil_a_SOURCES += \
	src/hw/cbfs.c src/hw/cbfs.h \
	src/hw/pcr-predict.c src/hw/pcr-predict.h \
	src/hw/tpm.c src/hw/tpm.h
libvigil_a_SOURCES += \
	src/hw/tpm-esys.h \
	src/hw/tpm-srk.c \
	src/hw/tpm-seal.c src/hw/tpm-seal.h src/hw/tpm-seal-store.c \
	src/hw/tpm-counter.c src/hw/tpm-counter.h \
	src/hw/tpm-status.c src/hw/tpm-status.h
