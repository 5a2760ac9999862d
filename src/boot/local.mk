# src/boot: added by its issue
