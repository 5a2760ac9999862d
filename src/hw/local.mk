# src/hw: TPM, ROM images (FMAP/CBFS), flash, cbmem, disks
libvigil_a_SOURCES += \
	src/hw/cbfs.c src/hw/cbfs.h \
	src/hw/pcr-predict.c src/hw/pcr-predict.h \
	src/hw/tpm.c src/hw/tpm.h
