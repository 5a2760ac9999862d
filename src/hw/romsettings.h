/* romsettings.h - the owner's settings kept in the ROM (vigil/settings): known keys and their values. */
#ifndef VIGIL_ROMSETTINGS_H
#define VIGIL_ROMSETTINGS_H

#include <stddef.h>

#include "common/kvconf.h"

#define ROMSETTING_VALUE_MAX 1024

struct romsetting_info {
	const char *key;
	const char *help;	/* the values it takes, for messages and --help (N_) */
};

/* The known settings: romsetting_at(0 .. romsettings_count() - 1). */
size_t romsettings_count(void);
const struct romsetting_info *romsetting_at(size_t i);
int romsetting_known(const char *key);

/*
 * Is value good for key? 0, or -1 with err naming the unknown key or saying
 * what the value should be. An empty value is not valid (it means "unset").
 */
int romsetting_check(const char *key, const char *value, char *err, size_t errlen);

/*
 * Set key to value in conf (an empty value removes the key), after
 * romsetting_check. "KEY=VALUE" strings are split by romsetting_assign.
 */
int romsetting_set(struct kvconf *conf, const char *key, const char *value,
		   char *err, size_t errlen);
int romsetting_assign(struct kvconf *conf, const char *assignment, char *err, size_t errlen);

/*
 * Drop every item of conf that romsetting_check refuses, and say so in err
 * (the first one, and how many); returns how many were dropped.
 */
size_t romsettings_sanitize(struct kvconf *conf, char *err, size_t errlen);

/* "key = \"value\"\n" lines that kvconf_parse reads back as conf (allocated). */
char *romsettings_format(const struct kvconf *conf);

#endif
