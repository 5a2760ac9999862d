/* kexec.h - turn a boot entry into kexec-tools commands, load it and jump to it. */
#ifndef VIGIL_BOOT_KEXEC_H
#define VIGIL_BOOT_KEXEC_H

#include <stdbool.h>
#include <stddef.h>

#include "boot/entry.h"
#include "boot/strbuf.h"
#include "common/kvconf.h"

#define KEXEC_RUN_DIR "/run/vigil"
#define KEXEC_MODE_NORMAL "normal"
#define KEXEC_MODE_UNVERIFIED "unverified"
#define KEXEC_MODE_USB "usb"			/* the kernel is on a USB device */

struct kexec_options {
	const char *kexec;		/* program; NULL: "kexec" from PATH */
	const char *gzip;		/* program; NULL: "gzip" from PATH */
	const char *run_dir;		/* for the unpacked Xen and joined initrds; NULL: KEXEC_RUN_DIR */
	const char *cmdline_add;	/* words appended to the Linux (dom0) command line */
	const char *cmdline_remove;	/* whole words removed from it */
	const char *cmdline;		/* NULL, or replaces the entry's Linux (dom0) command line */
	const char *boot_mode;		/* measured into PCR 4 before the jump; NULL: KEXEC_MODE_NORMAL */
	int handoff;			/* append boot/handoff.h's cpio to the Linux or dom0 initrd */
	/* Called just before the jump, and after it if the jump fails (again false). */
	void (*jump)(void *ctx, bool before);
	void *jump_ctx;
};

/* A file to make in the run dir before loading. */
struct kexec_step {
	enum { KEXEC_STEP_GUNZIP, KEXEC_STEP_CONCAT } kind;
	struct strlist in;		/* host paths */
	char *out;
};

struct kexec_plan {
	char *entry_name;
	struct kexec_step *steps;
	size_t n_steps;
	struct strlist load;		/* kexec argv: "kexec -s -l ..." or "kexec -l --type multiboot2-x86 ..." */
	struct strlist fallback;	/* Linux: "kexec -l ..." when kexec_file_load is refused; else empty */
	char *handoff;			/* the handoff cpio to write before loading; NULL: none */
};

/*
 * The board's edits from conf (cmdline_add, cmdline_remove) into opt; the
 * strings stay owned by conf.
 */
void kexec_options_from_config(struct kexec_options *opt, const struct kvconf *conf);

/*
 * Plan the boot of e: check every file it names exists in its partition,
 * apply opt's command line edits and check the length limits. Nothing is
 * written. -1 with err naming the entry and what is wrong.
 */
int kexec_plan_build(const struct boot_entry *e, const struct kexec_options *opt,
		     struct kexec_plan *plan, char *err, size_t errlen);

/* The plan as lines for people: preparation steps, then each argv (shell-quoted for reading only). */
void kexec_plan_describe(const struct kexec_plan *plan, struct strlist *lines);

void kexec_plan_free(struct kexec_plan *plan);

/*
 * Make the plan's files and load it with kexec-tools (kexec_file_load,
 * falling back to kexec_load for Linux). -1 with err: the failing step, or
 * kexec's exit status and the end of what it printed.
 */
int kexec_plan_load(const struct kexec_plan *plan, const struct kexec_options *opt,
		    char *err, size_t errlen);

/*
 * Called before the entry is loaded: extends PCR 4 with "boot mode: MODE"
 * (opt->boot_mode) and logs it, so the booted OS cannot unseal what was
 * sealed to the firmware's own state, then writes the plan's handoff cpio
 * with the log as it now is. Measuring first is what lets the OS get a log
 * that replays to the PCRs it finds; a load that fails afterwards leaves PCR
 * 4 extended, which only keeps the secrets sealed until the next power-on.
 * Then every transient object and session in the TPM is flushed (through
 * the raw device: the resource manager would show only our own). Without a
 * TPM (basic mode) nothing is measured. -1 with err stops the
 * boot: a TPM that cannot record the mode fails closed.
 */
int boot_before_kexec(const struct boot_entry *e, const struct kexec_plan *plan,
		      const struct kexec_options *opt, char *err, size_t errlen);

/* Jump to the loaded kernel ("kexec -e"); returns only on failure, with err. */
int kexec_execute(const struct kexec_options *opt, char *err, size_t errlen);

/*
 * Call boot_before_kexec(), load a built plan and execute. Returns only on
 * failure (-1 with the reason in err), with nothing left loaded.
 */
int kexec_boot_plan(const struct boot_entry *e, const struct kexec_plan *plan,
		    const struct kexec_options *opt, char *err, size_t errlen);

/*
 * Everything: plan, boot_before_kexec(), load, execute. Returns only on
 * failure (-1 with the reason in err), with nothing left loaded.
 */
int kexec_boot(const struct boot_entry *e, const struct kexec_options *opt,
	       char *err, size_t errlen);

#endif
