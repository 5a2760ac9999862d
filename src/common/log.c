/* log.c - levelled messages on stderr, prefixed so they are easy to grep on a serial log. */
#include <stdarg.h>
#include <stdio.h>

#include "common/log.h"

static enum log_level log_min = LOG_INFO;

void log_set_level(enum log_level min)
{
	log_min = min;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	static const char *const prefix[] = {
		[LOG_DEBUG] = "debug: ", [LOG_INFO] = "",
		[LOG_WARN] = "warning: ", [LOG_ERROR] = "error: ",
	};
	va_list ap;

	if (level < log_min)
		return;
	fprintf(stderr, "vigil: %s", prefix[level]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
