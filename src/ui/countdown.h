/* countdown.h - the default-boot timeout: seconds left, cancelled by any key. */
#ifndef VIGIL_COUNTDOWN_H
#define VIGIL_COUNTDOWN_H

#include <stdbool.h>
#include <stdint.h>

struct countdown {
	bool running;
	int seconds;		/* the configured timeout */
	uint64_t start_ms;	/* monotonic time it started */
};

/* Start counting from now_ms; a negative timeout never starts (wait for the user). */
void countdown_start(struct countdown *c, int seconds, uint64_t now_ms);
void countdown_cancel(struct countdown *c);
/* Whole seconds left, rounded up (5 at the start of a 5 s timeout); 0 when expired. */
int countdown_left(const struct countdown *c, uint64_t now_ms);
/* True once, when a running countdown has reached zero; it then stops. */
bool countdown_fire(struct countdown *c, uint64_t now_ms);
/* Milliseconds until the shown number changes (for poll timeouts); -1 when not running. */
int countdown_next_tick_ms(const struct countdown *c, uint64_t now_ms);

/* CLOCK_MONOTONIC in milliseconds. */
uint64_t countdown_now_ms(void);

#endif
