/* countdown.c - timeout arithmetic kept apart from the screens so it can be tested. */
#include <time.h>

#include "ui/countdown.h"

void countdown_start(struct countdown *c, int seconds, uint64_t now_ms)
{
	c->running = seconds >= 0;
	c->seconds = seconds;
	c->start_ms = now_ms;
}

void countdown_cancel(struct countdown *c)
{
	c->running = false;
}

static uint64_t elapsed(const struct countdown *c, uint64_t now_ms)
{
	/* A clock that seems to go back counts as no time passed. */
	return now_ms > c->start_ms ? now_ms - c->start_ms : 0;
}

int countdown_left(const struct countdown *c, uint64_t now_ms)
{
	uint64_t total = (uint64_t)c->seconds * 1000, e = elapsed(c, now_ms);

	if (!c->running || e >= total)
		return 0;
	return (int)((total - e + 999) / 1000);
}

bool countdown_fire(struct countdown *c, uint64_t now_ms)
{
	if (!c->running || elapsed(c, now_ms) < (uint64_t)c->seconds * 1000)
		return false;
	c->running = false;
	return true;
}

int countdown_next_tick_ms(const struct countdown *c, uint64_t now_ms)
{
	uint64_t total = (uint64_t)c->seconds * 1000, e = elapsed(c, now_ms);

	if (!c->running)
		return -1;
	if (e >= total)
		return 0;
	return (int)((total - e) % 1000 ? (total - e) % 1000 : 1000);
}

uint64_t countdown_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}
