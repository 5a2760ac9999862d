/* i18n.h - gettext for every user-visible string. */
#ifndef VIGIL_I18N_H
#define VIGIL_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

#endif
