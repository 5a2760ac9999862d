/* plain-menu.h - a line-based boot menu for any terminal (until the ncurses UI). */
#ifndef VIGIL_PLAIN_MENU_H
#define VIGIL_PLAIN_MENU_H

/* Run the menu on stdin/stdout until the input ends; returns an exit code. */
int plain_menu_run(void);

#endif
