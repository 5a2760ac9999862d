# src/common: small pieces every module uses
libvigil_a_SOURCES += \
	src/common/log.c src/common/log.h \
	src/common/xmalloc.c src/common/xmalloc.h \
	src/common/spawn.c src/common/spawn.h \
	src/common/fileio.c src/common/fileio.h \
	src/common/kvconf.c src/common/kvconf.h
