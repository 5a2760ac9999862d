/* spawn.h - run external programs from an argv vector; never through a shell. */
#ifndef VIGIL_SPAWN_H
#define VIGIL_SPAWN_H

/*
 * Run argv[0] (looked up in PATH) with argv, wait for it, and return its exit
 * status (0-255), 128+signal if it was killed, or -1 (errno set) if it could
 * not be started.
 */
int spawn_wait(char *const argv[]);

#endif
