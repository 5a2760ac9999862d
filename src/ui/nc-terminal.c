/* nc-terminal.c - can curses drive this terminal? (term.h's macros stay out of the other files) */
#include <curses.h>
#include <term.h>

#include "ui/nc-ui.h"

bool nc_terminal_usable(void)
{
	int err = 0;

	/* errret set: report instead of printing and exiting. */
	if (setupterm(NULL, 1, &err) != OK)
		return false;
	del_curterm(cur_term);
	cur_term = NULL;
	return true;
}
