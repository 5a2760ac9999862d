/* boot-tree.c - create and remove small directory trees standing in for partitions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boot-tree.h"
#include "common/spawn.h"
#include "common/xmalloc.h"

char *tree_new(void)
{
	char *dir = xstrdup("/tmp/vigil-boot-test-XXXXXX");

	if (!mkdtemp(dir))
		abort();
	return dir;
}

void tree_write(const char *root, const char *path, const char *text)
{
	char *full = xasprintf("%s/%s", root, path), *p;
	FILE *f;

	for (p = full + strlen(root) + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		mkdir(full, 0755);
		*p = '/';
	}
	f = fopen(full, "w");
	if (!f)
		abort();
	fputs(text, f);
	fclose(f);
	free(full);
}

void tree_remove(char *root)
{
	char *argv[] = { (char *)"rm", (char *)"-rf", root, NULL };

	spawn_wait(argv);
	free(root);
}
