/* wildcard.c - GRUB's regexp module: the regexp command and file name expansion of * and ?. */
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "boot/fsroot.h"
#include "boot/grub/interp.h"
#include "common/xmalloc.h"

/* Caps on what a config on disk can make glibc's regex engine do. */
#define REGEXP_MAX_PATTERN 512
#define REGEXP_MAX_INTERVAL 32	/* the largest count in a {m,n} */
#define REGEXP_MAX_INTERVALS 4
#define REGEXP_MAX_GROUPS 32
#define WILDCARD_MAX_LIST 4096	/* names looked at in one directory */

/*
 * Refuse what could make matching slow or compiling huge: back-references
 * (\1: exponential in glibc) and large or many {m,n} counts. NULL if the
 * pattern is fine, else why not.
 */
static const char *regexp_refused(const char *re)
{
	const char *p;
	int intervals = 0;

	if (strlen(re) > REGEXP_MAX_PATTERN)
		return "pattern too long";
	for (p = re; *p; p++) {
		if (p[0] == '\\' && p[1]) {
			if (p[1] >= '1' && p[1] <= '9')
				return "back-references are not supported";
			p++;
		} else if (p[0] == '{') {
			char *end;
			long n = strtol(p + 1, &end, 10);

			if (++intervals > REGEXP_MAX_INTERVALS || n > REGEXP_MAX_INTERVAL)
				return "repetition counts too large";
			if (*end == ',' && end[1] != '}' && strtol(end + 1, NULL, 10) > REGEXP_MAX_INTERVAL)
				return "repetition counts too large";
		}
	}
	return NULL;
}

/* "[NUMBER:]VARNAME": set it to that group of the match, or unset it if the group did not take part. */
static int set_match(struct ginterp *I, const char *spec, const char *str, const regmatch_t *m,
		     size_t nm)
{
	const char *colon = strchr(spec, ':'), *name = spec;
	unsigned long n = 1;

	if (colon) {
		char *end;

		n = strtoul(spec, &end, 10);
		if (end != colon || end == spec) {
			gwarn(I, "regexp: invalid variable name format %s", spec);
			return -1;
		}
		name = colon + 1;
	}
	if (n >= nm || m[n].rm_so < 0) {
		genv_unset(I->env, name);
		return 0;
	}
	{
		char *v = xstrndup(str + m[n].rm_so, (size_t)(m[n].rm_eo - m[n].rm_so));
		int ret = gvar_set(I, name, v);

		free(v);
		return ret;
	}
}

/* regexp [--set [NUMBER:]VARNAME]... REGEXP STRING: POSIX extended, as GRUB's. */
int gcmd_regexp(struct ginterp *I, int argc, char **argv)
{
	struct strlist sets = { 0 };
	const char *args[2];
	int i, nargs = 0, status = 1;
	bool opts_done = false;
	regmatch_t m[REGEXP_MAX_GROUPS];
	regex_t re;
	const char *why;

	I->wildcards = true;	/* running the command loads the module */
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!opts_done && !strcmp(a, "--")) {
			opts_done = true;
		} else if (!opts_done && (!strcmp(a, "--set") || !strcmp(a, "-s")) && i + 1 < argc) {
			strlist_pushdup(&sets, argv[++i]);
		} else if (!opts_done && !strncmp(a, "--set=", 6)) {
			strlist_pushdup(&sets, a + 6);
		} else if (nargs < 2) {
			args[nargs++] = a;
		} else {
			nargs++;
		}
	}
	if (nargs != 2) {
		gwarn(I, "regexp: two arguments expected");
		goto out;
	}
	why = regexp_refused(args[0]);
	if (why) {
		gwarn(I, "regexp: %s in \"%s\", no match", why, args[0]);
		goto out;
	}
	if (regcomp(&re, args[0], REG_EXTENDED) != 0) {
		gwarn(I, "regexp: \"%s\" is no regular expression", args[0]);
		goto out;
	}
	if (regexec(&re, args[1], REGEXP_MAX_GROUPS, m, 0) == 0) {
		size_t nm = re.re_nsub + 1 < REGEXP_MAX_GROUPS ? re.re_nsub + 1 : REGEXP_MAX_GROUPS;

		status = 0;
		for (i = 0; (size_t)i < sets.n && status == 0; i++)
			if (set_match(I, sets.v[i], args[1], m, nm) < 0)
				status = 1;
	}
	regfree(&re);
out:
	strlist_free(&sets);
	return status;
}

/* Does name match the pattern component (\ escapes, * and ? wildcards)? Iterative, no backtracking blow-up. */
static bool glob_match(const char *pat, const char *name)
{
	const char *star = NULL, *resume = NULL;

	while (*name) {
		if (*pat == '*') {
			star = ++pat;
			resume = name;
		} else if (*pat == '?' || (*pat == '\\' && pat[1] && pat[1] == *name) ||
			   (*pat != '\\' && *pat == *name)) {
			pat += *pat == '\\' ? 2 : 1;
			name++;
		} else if (star) {
			pat = star;
			name = ++resume;
		} else {
			return false;
		}
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}

static bool has_wildcard(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n)
			i++;
		else if (s[i] == '*' || s[i] == '?')
			return true;
	}
	return false;
}

static char *unescape(const char *s, size_t n)
{
	struct strbuf sb = { 0 };
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n)
			i++;
		sb_putc(&sb, s[i]);
	}
	return sb_steal(&sb);
}

/*
 * GRUB's wildcard translator: a word starting with "/" or "(dev)" whose
 * path has wildcards becomes the names that match, one path component at
 * a time, on the partition ($root, or dev). After a wildcard component,
 * literal components must exist. Wildcards in the device part ("(hd*)")
 * are not expanded: the word stays as it is.
 */
size_t gwildcard_expand(struct ginterp *I, const char *pattern, struct strlist *out)
{
	struct strlist paths = { 0 }, next = { 0 };
	const char *rest = pattern, *p;
	char *devname, *probe, *unused;
	size_t part, i, added = 0;
	bool had_wildcard = false;

	if (pattern[0] == '(') {
		const char *close = strchr(pattern, ')');

		if (!close || has_wildcard(pattern, (size_t)(close - pattern)))
			return 0;
		rest = close + 1;
	} else if (pattern[0] != '/') {
		return 0;
	}
	if (!has_wildcard(rest, strlen(rest)))
		return 0;
	devname = xstrndup(pattern, (size_t)(rest - pattern));
	probe = xasprintf("%s/", devname);
	if (gresolve(I, probe, &part, &unused) < 0) {
		free(probe);
		free(devname);
		return 0;
	}
	free(unused);
	free(probe);
	strlist_pushdup(&paths, "");
	for (p = rest; *p && paths.n; ) {
		const char *start, *end;

		while (*p == '/')
			p++;
		start = p;
		while (*p && *p != '/') {
			if (*p == '\\' && p[1])
				p++;
			p++;
		}
		end = p;
		if (start == end)
			break;
		for (i = 0; i < paths.n; i++) {
			const char *dir = paths.v[i];

			if (has_wildcard(start, (size_t)(end - start))) {
				struct strlist names = { 0 };
				char *pat = xstrndup(start, (size_t)(end - start));
				size_t j;

				if (fsroot_list(I->parts[part].root, *dir ? dir : "/", &names) == 0)
					for (j = 0; j < names.n && j < WILDCARD_MAX_LIST &&
						    next.n < GRUB_MAX_ARGS; j++)
						if (glob_match(pat, names.v[j]))
							strlist_push(&next, xasprintf("%s/%s", dir,
										      names.v[j]));
				strlist_free(&names);
				free(pat);
			} else {
				char *lit = unescape(start, (size_t)(end - start));
				char *path = xasprintf("%s/%s", dir, lit);
				struct stat st;

				if (!had_wildcard || fsroot_stat(I->parts[part].root, path, &st) == 0)
					strlist_push(&next, path);
				else
					free(path);
				free(lit);
			}
		}
		if (has_wildcard(start, (size_t)(end - start)))
			had_wildcard = true;
		strlist_free(&paths);
		paths = next;
		memset(&next, 0, sizeof(next));
	}
	for (i = 0; i < paths.n && out->n <= GRUB_MAX_ARGS; i++) {
		strlist_push(out, xasprintf("%s%s", devname, paths.v[i]));
		added++;
	}
	strlist_free(&paths);
	free(devname);
	return added;
}
