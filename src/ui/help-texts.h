/* help-texts.h - the help text of each screen ('h' shows it). */
#ifndef VIGIL_HELP_TEXTS_H
#define VIGIL_HELP_TEXTS_H

enum help_topic {
	HELP_MAIN,
	HELP_PREVIEW,
	HELP_BOOT,
	HELP_EDIT,
	HELP_INTEGRITY,
	HELP_QR,
	HELP_RECOVERY,
	HELP_EVENT_LOG,
	HELP_CBMEM,
	HELP_TOTP,
	HELP_SIGN,
	HELP_SETTINGS,
	HELP_TOPICS
};

/* Title and body of a topic, translated; the body's lines end with '\n'. */
const char *help_title(enum help_topic topic);
const char *help_text(enum help_topic topic);

#endif
