/* swtpm-fixture.c - start and stop a private swtpm per test (see swtpm-fixture.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hw/tpm.h"
#include "swtpm-fixture.h"

static pid_t swtpm_pid = -1;
static char state_dir[] = "/tmp/vigil-swtpm-XXXXXX";

/* A listening socket on 127.0.0.1:port (0: any free port); -1 if taken. */
static int listen_on(unsigned port)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr.sin_port = htons((uint16_t)port);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
	    listen(fd, 4) < 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static unsigned port_of(int fd)
{
	struct sockaddr_in addr;
	socklen_t len = sizeof(addr);

	getsockname(fd, (struct sockaddr *)&addr, &len);
	return ntohs(addr.sin_port);
}

/*
 * libtss2's swtpm TCTI expects the control channel on the server port + 1.
 * (swtpm's fd= options take connected sockets, not listening ones, so the
 * ports are probed here and swtpm binds them; a lost race is retried.)
 */
static int adjacent_free_ports(unsigned *port)
{
	int tries;

	for (tries = 0; tries < 100; tries++) {
		int server = listen_on(0), ctrl;

		if (server < 0)
			return -1;
		*port = port_of(server);
		ctrl = *port < 65535 ? listen_on(*port + 1) : -1;
		close(server);
		if (ctrl >= 0) {
			close(ctrl);
			return 0;
		}
	}
	return -1;
}

static int connects(unsigned port)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), ok;

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr.sin_port = htons((uint16_t)port);
	ok = fd >= 0 && connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

static void exec_swtpm(unsigned port, int report)
{
	char server_opt[64], ctrl_opt[64], state_opt[128];
	char *argv[] = { "swtpm", "socket", "--tpm2", "--server", server_opt, "--ctrl", ctrl_opt,
			 "--tpmstate", state_opt, "--flags", "not-need-init,startup-clear",
			 NULL };
	int saved;

	/* Die with the test program, even when it crashes before its teardown. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	snprintf(server_opt, sizeof(server_opt), "type=tcp,port=%u,bindaddr=127.0.0.1", port);
	snprintf(ctrl_opt, sizeof(ctrl_opt), "type=tcp,port=%u,bindaddr=127.0.0.1", port + 1);
	snprintf(state_opt, sizeof(state_opt), "dir=%s", state_dir);
	execvp(argv[0], argv);
	saved = errno;
	if (write(report, &saved, sizeof(saved)) < 0)
		_exit(127);
	_exit(127);
}

/* Start swtpm on port; 1 when it listens, 0 when it exited (port taken), -1 on error. */
static int start_on(unsigned port)
{
	int report[2], exec_errno = 0, waited;

	/* The exec reports its failure through a pipe that closes on success. */
	if (pipe2(report, O_CLOEXEC) < 0)
		return -1;
	swtpm_pid = fork();
	if (swtpm_pid == 0) {
		close(report[0]);
		exec_swtpm(port, report[1]);
	}
	close(report[1]);
	if (swtpm_pid < 0 || read(report[0], &exec_errno, sizeof(exec_errno)) > 0) {
		fprintf(stderr, "swtpm fixture: cannot run swtpm: %s (apt-get install swtpm)\n",
			strerror(exec_errno ? exec_errno : errno));
		close(report[0]);
		if (swtpm_pid > 0)
			waitpid(swtpm_pid, NULL, 0);
		swtpm_pid = -1;
		return -1;
	}
	close(report[0]);
	for (waited = 0; waited < 1000; waited++) {
		if (waitpid(swtpm_pid, NULL, WNOHANG) == swtpm_pid) {
			swtpm_pid = -1;
			return 0;
		}
		if (connects(port + 1))
			return 1;
		usleep(10000);
	}
	fprintf(stderr, "swtpm fixture: swtpm did not listen on port %u within 10 s\n", port);
	return -1;
}

static void remove_state_dir(void)
{
	DIR *dir = opendir(state_dir);
	struct dirent *e;

	if (!dir)
		return;
	while ((e = readdir(dir)) != NULL) {
		char path[512];

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", state_dir, e->d_name);
		unlink(path);
	}
	closedir(dir);
	rmdir(state_dir);
}

int swtpm_setup(void **state)
{
	char tcti[64];
	unsigned port;
	int tries, started = 0;

	strcpy(state_dir, "/tmp/vigil-swtpm-XXXXXX");
	if (!mkdtemp(state_dir)) {
		fprintf(stderr, "swtpm fixture: mkdtemp: %s\n", strerror(errno));
		return -1;
	}
	for (tries = 0; tries < 20 && started == 0; tries++) {
		if (adjacent_free_ports(&port) < 0) {
			fprintf(stderr, "swtpm fixture: no two adjacent free ports on 127.0.0.1\n");
			break;
		}
		started = start_on(port);
	}
	if (started != 1) {
		swtpm_teardown(state);
		return -1;
	}
	snprintf(tcti, sizeof(tcti), "swtpm:host=127.0.0.1,port=%u", port);
	setenv("VIGIL_TCTI", tcti, 1);
	return 0;
}

int swtpm_teardown(void **state)
{
	if (swtpm_pid > 0) {
		kill(swtpm_pid, SIGTERM);
		waitpid(swtpm_pid, NULL, 0);
		swtpm_pid = -1;
	}
	remove_state_dir();
	unsetenv("VIGIL_TCTI");
	return 0;
}

struct tpm *swtpm_open_tpm(void)
{
	char err[256];
	struct tpm *tpm = tpm_open(NULL, err, sizeof(err));

	if (!tpm)
		fail_msg("%s", err);
	return tpm;
}
