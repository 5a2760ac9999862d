/*
 * keys-view.h - "Manage keys": what the owner needs to check the keys this
 * machine trusts: each key of the ROM keyring (fingerprint in groups, user
 * ids, algorithm, dates, whether its secret half is here or on a card), and
 * how keys get into the flash.
 */
#ifndef VIGIL_KEYS_VIEW_H
#define VIGIL_KEYS_VIEW_H

#include <stddef.h>

#include "boot/strbuf.h"

struct ui_session;

/* A key of the keyring, for front ends that offer one (its fingerprint as a QR code). */
struct ui_key {
	char fpr[65];		/* hex, as gpg gives it */
	char label[160];	/* first user id, or the fingerprint's end */
};

struct ui_key_list {
	struct ui_key *items;
	size_t count;
};

/*
 * The lines to show, and the keys in *keys (may be NULL). Returns the
 * number of keys, or -1 with err when the keyring cannot be read (lines
 * then say so too).
 */
int ui_keys_describe(const struct ui_session *s, struct strlist *lines, struct ui_key_list *keys,
		     char *err, size_t errlen);
void ui_key_list_free(struct ui_key_list *keys);

/* "ABCD 1234 ..." : a fingerprint in groups of four, as people compare them. */
void ui_key_fpr_groups(const char *fpr, char *out, size_t outlen);

#endif
