/* test.c - GRUB's "test" and "[": its left-to-right evaluation of and/or/not, strings, numbers, files. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "boot/fsroot.h"
#include "boot/grub/interp.h"

struct test_ctx {
	int and_val;
	int or_val;
	int invert;
	int depth;
};

static void update(struct test_ctx *ctx, int val)
{
	ctx->and_val = ctx->and_val && (ctx->invert ? !val : val);
	ctx->invert = 0;
}

static int file_info(struct ginterp *I, const char *name, struct stat *st)
{
	size_t part;
	char *path;
	int ret;

	if (gresolve(I, name, &part, &path) < 0)
		return -1;
	ret = fsroot_stat(I->parts[part].root, path, st);
	free(path);
	return ret;
}

/* GRUB's -pgt/-plt: skip the common prefix, then compare the numbers that follow. */
static int prefix_cmp(const char *a, const char *b)
{
	size_t i = 0;
	unsigned long x, y;

	while (a[i] && a[i] == b[i])
		i++;
	while (i > 0 && a[i - 1] >= '0' && a[i - 1] <= '9')
		i--;
	x = strtoul(a + i, NULL, 0);
	y = strtoul(b + i, NULL, 0);
	return (x > y) - (x < y);
}

static int parse(struct ginterp *I, char **args, int *n, int argc, int depth)
{
	struct test_ctx ctx = { .and_val = 1 };

	while (*n < argc) {
		char **a = args + *n;

		if (*n + 2 < argc) {
			const char *op = a[1];
			long x = strtol(a[0], NULL, 0), y = strtol(a[2], NULL, 0);
			int cmp = strcmp(a[0], a[2]), done = 1;

			if (!strcmp(op, "=") || !strcmp(op, "=="))
				update(&ctx, cmp == 0);
			else if (!strcmp(op, "!="))
				update(&ctx, cmp != 0);
			else if (!strcmp(op, "<"))
				update(&ctx, cmp < 0);
			else if (!strcmp(op, "<="))
				update(&ctx, cmp <= 0);
			else if (!strcmp(op, ">"))
				update(&ctx, cmp > 0);
			else if (!strcmp(op, ">="))
				update(&ctx, cmp >= 0);
			else if (!strcmp(op, "-eq"))
				update(&ctx, x == y);
			else if (!strcmp(op, "-ne"))
				update(&ctx, x != y);
			else if (!strcmp(op, "-lt"))
				update(&ctx, x < y);
			else if (!strcmp(op, "-le"))
				update(&ctx, x <= y);
			else if (!strcmp(op, "-gt"))
				update(&ctx, x > y);
			else if (!strcmp(op, "-ge"))
				update(&ctx, x >= y);
			else if (!strcmp(op, "-pgt"))
				update(&ctx, prefix_cmp(a[0], a[2]) > 0);
			else if (!strcmp(op, "-plt"))
				update(&ctx, prefix_cmp(a[0], a[2]) < 0);
			else if (!strcmp(op, "-nt") || !strcmp(op, "-ot")) {
				struct stat s1, s2;
				int ok = file_info(I, a[0], &s1) == 0 && file_info(I, a[2], &s2) == 0;

				update(&ctx, ok && (op[1] == 'n' ? s1.st_mtime > s2.st_mtime
								 : s1.st_mtime < s2.st_mtime));
			} else
				done = 0;
			if (done) {
				*n += 3;
				continue;
			}
		}
		if (*n + 1 < argc) {
			const char *op = a[0];
			struct stat st;

			if (!strcmp(op, "-d") || !strcmp(op, "-e") || !strcmp(op, "-f") ||
			    !strcmp(op, "-s")) {
				int exists = file_info(I, a[1], &st) == 0;

				if (op[1] == 'd')
					update(&ctx, exists && S_ISDIR(st.st_mode));
				else if (op[1] == 'e')
					update(&ctx, exists);
				else if (op[1] == 'f')
					update(&ctx, exists && !S_ISDIR(st.st_mode));
				else
					update(&ctx, exists && !S_ISDIR(st.st_mode) && st.st_size > 0);
				*n += 2;
				continue;
			}
			if (!strcmp(op, "-n") || !strcmp(op, "-z")) {
				update(&ctx, op[1] == 'n' ? a[1][0] != '\0' : a[1][0] == '\0');
				*n += 2;
				continue;
			}
		}
		if (!strcmp(a[0], ")")) {
			(*n)++;
			return ctx.or_val || ctx.and_val;
		}
		if (!strcmp(a[0], "(")) {
			(*n)++;
			if (depth >= 32)
				return 0;
			update(&ctx, parse(I, args, n, argc, depth + 1));
			continue;
		}
		if (!strcmp(a[0], "!")) {
			ctx.invert = !ctx.invert;
			(*n)++;
			continue;
		}
		if (!strcmp(a[0], "-a")) {
			(*n)++;
			continue;
		}
		if (!strcmp(a[0], "-o")) {
			ctx.or_val = ctx.or_val || ctx.and_val;
			ctx.and_val = 1;
			(*n)++;
			continue;
		}
		/* Anything else is a string: true when not empty. */
		update(&ctx, a[0][0] != '\0');
		(*n)++;
	}
	return ctx.or_val || ctx.and_val;
}

int gtest(struct ginterp *I, int argc, char **argv)
{
	int n = 1;

	/* "[ ... ]": the closing bracket is no operand */
	if (argc > 1 && !strcmp(argv[argc - 1], "]"))
		argc--;
	return parse(I, argv, &n, argc, 0) ? 0 : 1;
}
