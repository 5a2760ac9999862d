/* plain-menu.h - a line-based boot menu for any terminal (the fallback of the ncurses UI). */
#ifndef VIGIL_PLAIN_MENU_H
#define VIGIL_PLAIN_MENU_H

struct ui_session;

/* Run the menu on stdin/stdout until the input ends; returns an exit code. */
int plain_menu_run(struct ui_session *s);

#endif
