/*
 * cmd-init.c - vigil as PID 1 of the payload: mount the kernel's file
 * systems, read the board config, start the smartcard daemon, measure and
 * unpack the ROM's vigil/ files, measure the disks' LUKS headers, and keep a
 * boot menu running on every console. PID 1 must never exit (the kernel
 * would panic), so every failure here is reported on the console and the
 * menu is started again.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "common/fileio.h"
#include "common/kvconf.h"
#include "consoles.h"
#include "hw/luks-measure.h"
#include "hw/romboot.h"
#include "i18n.h"
#include "ui/ui-config.h"

#define BOARD_CONFIG SYSCONFDIR "/vigil/board.conf"
#define PCSCD "/usr/sbin/pcscd"
#define PCSCD_LOG "/run/pcscd.log"
#define RESPAWN_MIN_SECONDS 2
/* glibc's C.UTF-8: only its LC_CTYPE is in the initramfs, which is all ncurses needs. */
#define UTF8_LOCALE "C.UTF-8"
#define UTF8_LOCALE_FILE "/usr/lib/locale/C.utf8/LC_CTYPE"

struct early_mount {
	const char *source, *target, *type;
	unsigned long flags;
	const char *data;
};

static const struct early_mount early_mounts[] = {
	{ "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL },
	{ "sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL },
	{ "devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755" },
	{ "devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "gid=5,mode=620" },
	{ "tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755" },
	{ "tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777" },
};

struct menu_child {
	struct console console;
	pid_t pid;
	time_t started;
	const char *config;	/* settings for the menu; NULL: the board config */
	bool utf8;		/* the menu draws with UTF-8 */
};

static void mount_early(void)
{
	size_t i;

	for (i = 0; i < sizeof(early_mounts) / sizeof(early_mounts[0]); i++) {
		const struct early_mount *m = &early_mounts[i];

		mkdir(m->target, 0755);
		if (mount(m->source, m->target, m->type, m->flags, m->data) < 0 &&
		    errno != EBUSY)
			fprintf(stderr, "vigil init: cannot mount %s on %s: %s\n", m->type,
				m->target, strerror(errno));
	}
}

static void console_stdio(const char *device)
{
	int fd = open(device, O_RDWR | O_NOCTTY);

	if (fd < 0)
		return;
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
}

static void read_board_config(void)
{
	struct kvconf conf;
	char err[256];
	const char *name;

	if (kvconf_load(&conf, BOARD_CONFIG, err, sizeof(err)) < 0) {
		fprintf(stderr, _("vigil init: board config not used: %s\n"), err);
		return;
	}
	name = kvconf_get(&conf, "board");
	if (name)
		setenv("VIGIL_BOARD", name, 1);
	kvconf_free(&conf);
}

/*
 * The smartcard daemon, started in the background and never waited for, so
 * the menu does not wait for it either: by the time the owner reaches for a
 * card (the recovery gate, gpg in the shell) it is up. Its output goes to a
 * log in /run; a payload without pcscd has no card support, and says nothing.
 */
static void start_pcscd(void)
{
	char *argv[] = { PCSCD, "--foreground", NULL };
	pid_t pid;
	int fd;

	if (access(PCSCD, X_OK) < 0)
		return;
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, _("vigil init: no smartcards: cannot start %s: %s\n"), PCSCD,
			strerror(errno));
		return;
	}
	if (pid > 0)
		return;
	/* Off the console: a session of its own, stdin from /dev/null. */
	setsid();
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd >= 0)
		dup2(fd, 0);
	fd = open(PCSCD_LOG, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd >= 0) {
		dup2(fd, 1);
		dup2(fd, 2);
	}
	/* PID 1 ignores these; an ignored signal would stay ignored across exec. */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGTSTP, SIG_DFL);
	execv(PCSCD, argv);
	_exit(127);
}

/*
 * The terminals from the consoles setting, else the kernel's console=
 * arguments, else /dev/console; and whether they get UTF-8 (the utf8
 * setting, yes unless it says no, and only where the locale is there).
 */
static size_t find_consoles(struct menu_child *children, const char *config)
{
	struct console consoles[CONSOLES_MAX];
	char *cmdline, err[256];
	const char *setting = NULL, *utf8 = NULL;
	struct kvconf conf;
	bool loaded = config && kvconf_load(&conf, config, err, sizeof(err)) == 0;
	bool use_utf8;
	int from_setting = -1;
	size_t n = 0, i;

	if (loaded) {
		setting = kvconf_get(&conf, "consoles");
		utf8 = kvconf_get(&conf, "utf8");
	}
	if (setting) {
		from_setting = consoles_from_setting(setting, consoles, CONSOLES_MAX);
		if (from_setting < 0)
			fprintf(stderr, _("vigil init: the consoles setting '%s' is not a list of "
					  "terminals: the kernel's console= arguments are used\n"), setting);
	}
	if (from_setting > 0) {
		n = (size_t)from_setting;
	} else {
		cmdline = file_read_all("/proc/cmdline", NULL, 4096);
		n = cmdline ? consoles_from_cmdline(cmdline, consoles, CONSOLES_MAX) : 0;
		free(cmdline);
	}
	if (n == 0) {
		snprintf(consoles[0].device, sizeof(consoles[0].device), "/dev/console");
		snprintf(consoles[0].term, sizeof(consoles[0].term), "vt100");
		n = 1;
	}
	use_utf8 = (!utf8 || ui_parse_bool(utf8) != 0) && access(UTF8_LOCALE_FILE, R_OK) == 0;
	for (i = 0; i < n; i++) {
		children[i].console = consoles[i];
		children[i].pid = 0;
		children[i].config = config;
		children[i].utf8 = use_utf8;
		printf(_("vigil init: a menu on %s (TERM=%s, %s)\n"), consoles[i].device,
		       consoles[i].term, use_utf8 ? "UTF-8" : "ASCII");
	}
	fflush(stdout);
	if (loaded)
		kvconf_free(&conf);
	return n;
}

static pid_t start_menu(struct menu_child *child)
{
	pid_t pid = fork();

	if (pid != 0) {
		if (pid < 0)
			fprintf(stderr, "vigil init: cannot start the menu on %s: %s\n",
				child->console.device, strerror(errno));
		child->started = time(NULL);
		return pid;
	}
	/* The menu gets its own session with the console as controlling tty. */
	setsid();
	console_stdio(child->console.device);
	ioctl(0, TIOCSCTTY, 1);
	setenv("TERM", child->console.term, 1);
	setenv("VIGIL_CONSOLE", child->console.device, 1);
	/* Only the character set: messages, numbers and sorting stay as they are. */
	if (child->utf8)
		setenv("LC_CTYPE", UTF8_LOCALE, 1);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	if (child->config)
		execl("/proc/self/exe", "vigil", "menu", "--config", child->config, (char *)NULL);
	else
		execl("/proc/self/exe", "vigil", "menu", (char *)NULL);
	fprintf(stderr, "vigil init: cannot run the menu: %s\n", strerror(errno));
	_exit(127);
}

static void report_exit(const struct menu_child *child, int status)
{
	FILE *out = fopen(child->console.device, "w");

	if (!out)
		out = stderr;
	if (WIFSIGNALED(status))
		fprintf(out, _("\nvigil: the menu on %s crashed (signal %d: %s); restarting it\n"),
			child->console.device, WTERMSIG(status), strsignal(WTERMSIG(status)));
	else if (WEXITSTATUS(status) != 0)
		fprintf(out, _("\nvigil: the menu on %s failed (exit status %d); restarting it\n"),
			child->console.device, WEXITSTATUS(status));
	if (out != stderr)
		fclose(out);
}

static void supervise(struct menu_child *children, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		children[i].pid = start_menu(&children[i]);
	for (;;) {
		int status;
		pid_t pid = wait(&status);

		if (pid < 0) {
			/* No children left (fork failed): try again shortly. */
			sleep(1);
		}
		for (i = 0; i < n; i++) {
			if (children[i].pid > 0 && children[i].pid != pid)
				continue;
			if (pid > 0 && children[i].pid == pid)
				report_exit(&children[i], status);
			/* A menu that dies at once would spin: pace the restarts. */
			if (time(NULL) - children[i].started < RESPAWN_MIN_SECONDS)
				sleep(RESPAWN_MIN_SECONDS);
			children[i].pid = start_menu(&children[i]);
		}
	}
}

static int cmd_init(int argc, char **argv)
{
	struct menu_child children[CONSOLES_MAX];
	struct romboot_paths rom_paths;
	struct romboot_state rom;
	size_t n;

	if (getpid() != 1) {
		fprintf(stderr, _("vigil init: must run as PID 1 (the payload's /init)\n"));
		return EXIT_FAIL;
	}
	mount_early();
	console_stdio("/dev/console");
	/* Ctrl-Alt-Del and stray terminal signals must not kill PID 1. */
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	setenv("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", 1);
	setenv("HOME", "/root", 1);
	printf("vigil %s: starting\n", PACKAGE_VERSION);
	read_board_config();
	/* Nothing from the ROM: it starts while init measures. */
	start_pcscd();
	/* Measure before anything from the ROM is used; the menu shows what failed. */
	romboot_default_paths(&rom_paths);
	romboot_run(&rom_paths, stdout, &rom);
	/* Once per boot, before any menu: the menus restart, init does not. */
	luks_measure_isolated(&(struct luks_measure_options){ 0 }, stdout, "vigil init: ");
	fflush(stdout);
	n = find_consoles(children, rom.settings ? rom_paths.settings : NULL);
	supervise(children, n);
	return EXIT_FAIL;	/* not reached */
}

const struct vigil_cmd cmd_init_entry = {
	.name = "init",
	.usage = "",
	.summary = N_("run as PID 1 of the payload"),
	.run = cmd_init,
};
