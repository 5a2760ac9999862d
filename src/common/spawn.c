/* spawn.c - fork/exec/wait with an argv vector: nothing read from disk reaches a shell. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/spawn.h"

int spawn_wait(char *const argv[])
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "vigil: cannot run %s: %m\n", argv[0]);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -1;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

/* Fork and exec argv with fd out_fd as stdout and err_fd as stderr (-1: inherit). */
static pid_t spawn_redirected(char *const argv[], int out_fd, int err_fd)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	if ((out_fd >= 0 && dup2(out_fd, STDOUT_FILENO) < 0) ||
	    (err_fd >= 0 && dup2(err_fd, STDERR_FILENO) < 0))
		_exit(127);
	execvp(argv[0], argv);
	fprintf(stderr, "vigil: cannot run %s: %m\n", argv[0]);
	_exit(127);
}

static int wait_exit_status(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -1;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

int spawn_wait_to_file(char *const argv[], const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	pid_t pid;
	int saved;

	if (fd < 0)
		return -1;
	pid = spawn_redirected(argv, fd, -1);
	saved = errno;
	close(fd);
	if (pid < 0) {
		errno = saved;
		return -1;
	}
	return wait_exit_status(pid);
}

/* Run argv with its stderr (and its stdout too when both) kept in tail, and seen by fn. */
static int wait_tail(char *const argv[], char *tail, size_t tail_size, int both,
		     spawn_output_fn fn, void *ctx)
{
	char buf[512];
	size_t kept = 0;
	int pipefd[2];
	pid_t pid;
	ssize_t n;

	if (tail_size)
		tail[0] = '\0';
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return -1;
	pid = spawn_redirected(argv, both ? pipefd[1] : -1, pipefd[1]);
	close(pipefd[1]);
	if (pid < 0) {
		close(pipefd[0]);
		return -1;
	}
	/* Keep the newest bytes: the reason is usually in the last lines. */
	while ((n = read(pipefd[0], buf, sizeof(buf))) != 0) {
		size_t take, room = tail_size ? tail_size - 1 : 0;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (fn)
			fn(ctx, buf, (size_t)n);
		take = (size_t)n < room ? (size_t)n : room;
		if (take == 0)
			continue;	/* no room at all: just drain the pipe */
		if (kept + take > room) {
			memmove(tail, tail + (kept + take - room), room - take);
			kept = room - take;
		}
		memcpy(tail + kept, buf + n - take, take);
		kept += take;
		tail[kept] = '\0';
	}
	close(pipefd[0]);
	return wait_exit_status(pid);
}

int spawn_wait_stderr_tail(char *const argv[], char *tail, size_t tail_size)
{
	return wait_tail(argv, tail, tail_size, 0, NULL, NULL);
}

int spawn_wait_output_tail(char *const argv[], char *tail, size_t tail_size)
{
	return wait_tail(argv, tail, tail_size, 1, NULL, NULL);
}

int spawn_wait_output_watch(char *const argv[], spawn_output_fn fn, void *ctx, char *tail,
			    size_t tail_size)
{
	return wait_tail(argv, tail, tail_size, 1, fn, ctx);
}
