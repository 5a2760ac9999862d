/* kexec.c - plan, load and execute a boot entry with kexec-tools (Linux and Xen multiboot2). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "boot/handoff.h"
#include "boot/kexec-cmdline.h"
#include "boot/kexec-files.h"
#include "boot/kexec.h"
#include "common/spawn.h"
#include "common/xmalloc.h"
#include "hw/eventlog.h"
#include "hw/measure.h"
#include "hw/tpm-flush.h"
#include "hw/tpm.h"
#include "i18n.h"

/* Xen after a Linux payload has no BIOS behind it: without these it hangs in real mode. */
#define XEN_PAYLOAD_OPTIONS "no-real-mode edd=off"
#define STDERR_TAIL 512

static const char *kexec_prog(const struct kexec_options *opt)
{
	return opt->kexec ? opt->kexec : "kexec";
}

static const char *run_dir(const struct kexec_options *opt)
{
	return opt->run_dir ? opt->run_dir : KEXEC_RUN_DIR;
}

void kexec_options_from_config(struct kexec_options *opt, const struct kvconf *conf)
{
	opt->cmdline_add = kvconf_get(conf, "cmdline_add");
	opt->cmdline_remove = kvconf_get(conf, "cmdline_remove");
}

static struct kexec_step *add_step(struct kexec_plan *plan, int kind, char *out)
{
	struct kexec_step *s;

	plan->steps = xrealloc(plan->steps, (plan->n_steps + 1) * sizeof(*plan->steps));
	s = &plan->steps[plan->n_steps++];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->out = out;
	return s;
}

/* The host path of one of e's files, or NULL with "entry 'NAME': what: reason". */
static char *entry_file(const struct boot_entry *e, const char *what, const char *path,
			char *err, size_t errlen)
{
	char why[512];
	char *host;

	if (!e->host_root) {
		snprintf(err, errlen, _("entry '%s': its partition is not mounted"), e->name);
		return NULL;
	}
	host = kexec_host_path(e->host_root, path, why, sizeof(why));
	if (!host)
		snprintf(err, errlen, _("entry '%s' on %s: %s %s"), e->name,
			 e->device ? e->device : e->host_root, what, why);
	return host;
}

static int check_length(const struct boot_entry *e, const char *what, const char *cmdline,
			size_t size, char *err, size_t errlen)
{
	size_t len = strlen(cmdline);

	if (len < size)
		return 0;
	snprintf(err, errlen,
		 _("entry '%s': the %s command line is %zu bytes, longer than the %zu it can take"),
		 e->name, what, len, size - 1);
	return -1;
}

static char *linux_cmdline(const struct boot_entry *e, const struct kexec_options *opt,
			   const char *original)
{
	return cmdline_edit(opt->cmdline ? opt->cmdline : original, opt->cmdline_add,
			    opt->cmdline_remove);
}

static int plan_linux(const struct boot_entry *e, const struct kexec_options *opt,
		      struct kexec_plan *plan, char *err, size_t errlen)
{
	char *kernel, *cmdline, *initrd = NULL, *arg;
	struct strlist initrds = { 0 };
	size_t i;
	int ret = -1;

	kernel = entry_file(e, _("kernel"), e->kernel, err, errlen);
	if (!kernel)
		return -1;
	for (i = 0; i < e->initrd.n; i++) {
		char *p = entry_file(e, _("initrd"), e->initrd.v[i], err, errlen);

		if (!p)
			goto out;
		strlist_push(&initrds, p);
	}
	cmdline = linux_cmdline(e, opt, e->cmdline ? e->cmdline : "");
	if (check_length(e, "Linux", cmdline, KEXEC_LINUX_CMDLINE_SIZE, err, errlen) < 0) {
		free(cmdline);
		goto out;
	}
	/* With an initrd to ride along in: no initrd means no initramfs to unpack it into. */
	if (opt->handoff && initrds.n) {
		plan->handoff = xasprintf("%s/%s", run_dir(opt), HANDOFF_CPIO_NAME);
		strlist_pushdup(&initrds, plan->handoff);
	}
	if (initrds.n == 1) {
		initrd = xstrdup(initrds.v[0]);
	} else if (initrds.n > 1) {
		/* kexec takes one initrd: join them as GRUB lays several out in memory. */
		struct kexec_step *s = add_step(plan, KEXEC_STEP_CONCAT,
						xasprintf("%s/kexec-initrd", run_dir(opt)));

		s->in = initrds;
		initrds = (struct strlist){ 0 };
		initrd = xstrdup(s->out);
	}
	/* kexec_file_load first (the kernel checks the image), kexec_load if refused. */
	for (i = 0; i < 2; i++) {
		struct strlist *argv = i == 0 ? &plan->load : &plan->fallback;

		strlist_pushdup(argv, kexec_prog(opt));
		if (i == 0)
			strlist_pushdup(argv, "-s");
		strlist_pushdup(argv, "-l");
		strlist_pushdup(argv, kernel);
		if (initrd)
			strlist_push(argv, xasprintf("--initrd=%s", initrd));
		arg = xasprintf("--command-line=%s", cmdline);
		strlist_push(argv, arg);
	}
	free(cmdline);
	ret = 0;
out:
	free(kernel);
	free(initrd);
	strlist_free(&initrds);
	return ret;
}

/* "PATH CMDLINE" as kexec-tools' --module wants it: the file name is its first word. */
static char *module_arg(const struct boot_entry *e, const char *host, const char *cmdline,
			char *err, size_t errlen)
{
	char *arg;

	if (strpbrk(host, " \t\n")) {
		snprintf(err, errlen, _("entry '%s': %s: kexec cannot load a Xen module "
					"whose path has blanks"), e->name, host);
		return NULL;
	}
	arg = *cmdline ? xasprintf("%s %s", host, cmdline) : xstrdup(host);
	if (check_length(e, "dom0", arg, KEXEC_XEN_CMDLINE_SIZE, err, errlen) < 0) {
		free(arg);
		return NULL;
	}
	return arg;
}

static int plan_xen(const struct boot_entry *e, const struct kexec_options *opt,
		    struct kexec_plan *plan, char *err, size_t errlen)
{
	char *xen, *xen_cmdline, *with_name;
	struct strlist modules = { 0 };
	size_t i;
	int ret = -1;

	if (e->n_modules == 0) {
		snprintf(err, errlen, _("entry '%s': Xen without a dom0 kernel module"), e->name);
		return -1;
	}
	xen = entry_file(e, _("Xen hypervisor"), e->kernel, err, errlen);
	if (!xen)
		return -1;
	for (i = 0; i < e->n_modules; i++) {
		const struct boot_module *m = &e->modules[i];
		char *host = entry_file(e, i == 0 ? _("dom0 kernel") : _("Xen module"), m->path,
					err, errlen);
		char *cmdline, *arg;

		if (!host)
			goto out;
		if (i == 1 && opt->handoff) {
			/* The second module is dom0's initrd: the handoff rides along. */
			struct kexec_step *s = add_step(plan, KEXEC_STEP_CONCAT,
							xasprintf("%s/kexec-dom0-initrd",
								  run_dir(opt)));

			plan->handoff = xasprintf("%s/%s", run_dir(opt), HANDOFF_CPIO_NAME);
			strlist_push(&s->in, host);
			strlist_pushdup(&s->in, plan->handoff);
			host = xstrdup(s->out);
		}
		/* The board's edits are for Linux: dom0 is the first module. */
		cmdline = i == 0 ? linux_cmdline(e, opt, m->cmdline ? m->cmdline : "")
				 : xstrdup(m->cmdline ? m->cmdline : "");
		arg = module_arg(e, host, cmdline, err, errlen);
		free(host);
		free(cmdline);
		if (!arg)
			goto out;
		strlist_push(&modules, arg);
	}
	xen_cmdline = cmdline_edit(e->cmdline ? e->cmdline : "", XEN_PAYLOAD_OPTIONS, NULL);
	/* kexec-tools puts the file name first in Xen's command line: count it. */
	with_name = xasprintf("%s %s", xen, xen_cmdline);
	if (check_length(e, "Xen", with_name, KEXEC_XEN_CMDLINE_SIZE, err, errlen) < 0) {
		free(with_name);
		free(xen_cmdline);
		goto out;
	}
	free(with_name);
	if (kexec_is_gzip(xen)) {
		/* Debian's kexec-tools has no zlib: unpack xen-*.gz ourselves. */
		struct kexec_step *s = add_step(plan, KEXEC_STEP_GUNZIP,
						xasprintf("%s/kexec-xen", run_dir(opt)));

		strlist_pushdup(&s->in, xen);
		free(xen);
		xen = xstrdup(s->out);
	}
	strlist_pushdup(&plan->load, kexec_prog(opt));
	strlist_pushdup(&plan->load, "-l");
	strlist_pushdup(&plan->load, "--type");
	strlist_pushdup(&plan->load, "multiboot2-x86");
	strlist_pushdup(&plan->load, xen);
	strlist_push(&plan->load, xasprintf("--command-line=%s", xen_cmdline));
	free(xen_cmdline);
	for (i = 0; i < modules.n; i++) {
		strlist_pushdup(&plan->load, "--module");
		strlist_pushdup(&plan->load, modules.v[i]);
	}
	ret = 0;
out:
	free(xen);
	strlist_free(&modules);
	return ret;
}

int kexec_plan_build(const struct boot_entry *e, const struct kexec_options *opt,
		     struct kexec_plan *plan, char *err, size_t errlen)
{
	int ret;

	memset(plan, 0, sizeof(*plan));
	plan->entry_name = xstrdup(e->name);
	if (!e->kernel || !*e->kernel) {
		snprintf(err, errlen, _("entry '%s' names no kernel"), e->name);
		return -1;
	}
	ret = e->kind == BOOT_KIND_XEN ? plan_xen(e, opt, plan, err, errlen)
				       : plan_linux(e, opt, plan, err, errlen);
	if (ret < 0)
		kexec_plan_free(plan);
	return ret;
}

/* One argv word as a reader would type it; the plan is never run through a shell. */
static void put_quoted(struct strbuf *sb, const char *word)
{
	const char *p;

	if (*word && !word[strcspn(word, " \t\n'\"\\$`;&|<>()*?[]#~!{}")]) {
		sb_puts(sb, word);
		return;
	}
	sb_putc(sb, '\'');
	for (p = word; *p; p++) {
		if (*p == '\'')
			sb_puts(sb, "'\\''");
		else
			sb_putc(sb, *p);
	}
	sb_putc(sb, '\'');
}

static char *argv_line(const struct strlist *argv)
{
	struct strbuf sb = { 0 };
	size_t i;

	for (i = 0; i < argv->n; i++) {
		if (i)
			sb_putc(&sb, ' ');
		put_quoted(&sb, argv->v[i]);
	}
	return sb_steal(&sb);
}

void kexec_plan_describe(const struct kexec_plan *plan, struct strlist *lines)
{
	size_t i, j;

	for (i = 0; i < plan->n_steps; i++) {
		const struct kexec_step *s = &plan->steps[i];
		struct strbuf sb = { 0 };

		sb_puts(&sb, s->kind == KEXEC_STEP_GUNZIP ? "gzip -dc" : "cat");
		for (j = 0; j < s->in.n; j++) {
			sb_putc(&sb, ' ');
			put_quoted(&sb, s->in.v[j]);
		}
		sb_puts(&sb, " > ");
		put_quoted(&sb, s->out);
		strlist_push(lines, sb_steal(&sb));
	}
	strlist_push(lines, argv_line(&plan->load));
	if (plan->fallback.n) {
		char *fallback = argv_line(&plan->fallback);

		strlist_push(lines, xasprintf(_("if refused: %s"), fallback));
		free(fallback);
	}
}

void kexec_plan_free(struct kexec_plan *plan)
{
	size_t i;

	for (i = 0; i < plan->n_steps; i++) {
		strlist_free(&plan->steps[i].in);
		free(plan->steps[i].out);
	}
	free(plan->steps);
	free(plan->entry_name);
	free(plan->handoff);
	strlist_free(&plan->load);
	strlist_free(&plan->fallback);
	memset(plan, 0, sizeof(*plan));
}

/* argv as spawn wants it: the strlist's strings, NULL-terminated. */
static char **argv_of(const struct strlist *l)
{
	char **argv = xcalloc(l->n + 1, sizeof(*argv));

	memcpy(argv, l->v, l->n * sizeof(*argv));
	return argv;
}

/* Run argv; on failure err says "what: exit status N: stderr tail". */
static int run(const struct strlist *l, const char *what, char *err, size_t errlen)
{
	char tail[STDERR_TAIL];
	char **argv = argv_of(l);
	size_t n;
	int status = spawn_wait_stderr_tail(argv, tail, sizeof(tail));

	free(argv);
	if (status == 0)
		return 0;
	n = strlen(tail);
	while (n && (tail[n - 1] == '\n' || tail[n - 1] == ' '))
		tail[--n] = '\0';
	if (status < 0)
		snprintf(err, errlen, _("%s: cannot run %s: %s"), what, l->v[0], strerror(errno));
	else
		snprintf(err, errlen, _("%s: %s exited with status %d%s%s"), what, l->v[0], status,
			 n ? ": " : "", tail);
	return -1;
}

static int run_step(const struct kexec_step *s, const struct kexec_options *opt,
		    char *err, size_t errlen)
{
	char *argv[4];
	int status;

	if (s->kind == KEXEC_STEP_CONCAT)
		return kexec_concat_files(&s->in, s->out, err, errlen);
	argv[0] = (char *)(opt->gzip ? opt->gzip : "gzip");
	argv[1] = (char *)"-dc";
	argv[2] = s->in.v[0];
	argv[3] = NULL;
	status = spawn_wait_to_file(argv, s->out);
	if (status == 0)
		return 0;
	if (status < 0)
		snprintf(err, errlen, _("cannot unpack %s into %s: %s"), s->in.v[0], s->out,
			 strerror(errno));
	else
		snprintf(err, errlen, _("cannot unpack %s: %s exited with status %d"), s->in.v[0],
			 argv[0], status);
	unlink(s->out);
	return -1;
}

int kexec_plan_load(const struct kexec_plan *plan, const struct kexec_options *opt,
		    char *err, size_t errlen)
{
	char first[1024];
	size_t i;

	if (plan->n_steps && kexec_make_dir(run_dir(opt), err, errlen) < 0)
		return -1;
	for (i = 0; i < plan->n_steps; i++)
		if (run_step(&plan->steps[i], opt, err, errlen) < 0)
			return -1;
	if (run(&plan->load, plan->entry_name, first, sizeof(first)) == 0)
		return 0;
	if (!plan->fallback.n) {
		snprintf(err, errlen, "%s", first);
		return -1;
	}
	if (run(&plan->fallback, plan->entry_name, err, errlen) == 0)
		return 0;
	/* Both refused: the first reason is often the telling one. */
	snprintf(err + strlen(err), errlen - strlen(err), _(" (kexec_file_load: %s)"), first);
	return -1;
}

int boot_before_kexec(const struct boot_entry *e, const struct kexec_plan *plan,
		      const struct kexec_options *opt, char *err, size_t errlen)
{
	const char *mode = opt->boot_mode ? opt->boot_mode : KEXEC_MODE_NORMAL;
	char why[512], *description;
	struct tpm *tpm = tpm_open(NULL, why, sizeof(why));
	int ret;

	(void)e;
	/* No TPM is basic mode: nothing was sealed, so there is nothing to lock away. */
	if (tpm) {
		tpm_close(tpm);
		description = xasprintf("boot mode: %s", mode);
		ret = measure_data(MEASURE_PCR_BOOT_MODE, EV_IPL, description, mode, strlen(mode),
				   why, sizeof(why));
		free(description);
		if (ret < 0) {
			snprintf(err, errlen, _("cannot record boot mode '%s' in PCR %d: %s"),
				 mode, MEASURE_PCR_BOOT_MODE, why);
			return -1;
		}
		/* Nothing of the firmware's (an object, a satisfied policy session) for the OS. */
		if (tpm_flush_transients(NULL, NULL, why, sizeof(why)) < 0) {
			snprintf(err, errlen, _("cannot leave the TPM empty for the OS: %s"), why);
			return -1;
		}
	}
	if (!plan->handoff)
		return 0;
	if (kexec_make_dir(run_dir(opt), err, errlen) < 0)
		return -1;
	if (handoff_write(plan->handoff, measure_log_path(), why, sizeof(why)) < 0) {
		snprintf(err, errlen, _("cannot hand the event log to the OS: %s"), why);
		return -1;
	}
	return 0;
}

static void unload(const struct kexec_options *opt)
{
	char *argv[] = { (char *)kexec_prog(opt), (char *)"-u", NULL };
	char tail[STDERR_TAIL];

	spawn_wait_stderr_tail(argv, tail, sizeof(tail));
}

int kexec_execute(const struct kexec_options *opt, char *err, size_t errlen)
{
	struct strlist argv = { 0 };
	int ret;

	strlist_pushdup(&argv, kexec_prog(opt));
	strlist_pushdup(&argv, "-e");
	/* A full-screen menu gives the terminal back first, or the kernel writes over it. */
	if (opt->jump)
		opt->jump(opt->jump_ctx, true);
	ret = run(&argv, "kexec -e", err, errlen);
	if (opt->jump)
		opt->jump(opt->jump_ctx, false);
	strlist_free(&argv);
	/* kexec -e returns only when the jump failed. */
	if (ret == 0)
		snprintf(err, errlen, _("kexec -e returned without starting the kernel"));
	return -1;
}

int kexec_boot_plan(const struct boot_entry *e, const struct kexec_plan *plan,
		    const struct kexec_options *opt, char *err, size_t errlen)
{
	if (boot_before_kexec(e, plan, opt, err, errlen) < 0 ||
	    kexec_plan_load(plan, opt, err, errlen) < 0 ||
	    kexec_execute(opt, err, errlen) < 0) {
		unload(opt);
		return -1;
	}
	return 0;
}

int kexec_boot(const struct boot_entry *e, const struct kexec_options *opt,
	       char *err, size_t errlen)
{
	struct kexec_plan plan;
	int ret;

	if (kexec_plan_build(e, opt, &plan, err, errlen) < 0)
		return -1;
	ret = kexec_boot_plan(e, &plan, opt, err, errlen);
	kexec_plan_free(&plan);
	return ret;
}
