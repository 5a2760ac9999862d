# src/ui: the menus and screens (the UI calls backends; never the reverse)
libvigil_a_SOURCES += \
	src/ui/plain-menu.c src/ui/plain-menu.h
