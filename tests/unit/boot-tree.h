/* boot-tree.h - throwaway partition trees for the boot parser tests. */
#ifndef VIGIL_TEST_BOOT_TREE_H
#define VIGIL_TEST_BOOT_TREE_H

/* A new empty directory under /tmp; the caller removes it with tree_remove. */
char *tree_new(void);
/* Write text to root/path, creating directories. */
void tree_write(const char *root, const char *path, const char *text);
void tree_remove(char *root);

#endif
