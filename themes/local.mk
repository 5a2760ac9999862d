# themes/: colour themes, chosen with "theme = NAME" in the board config
themesdir = $(pkgdatadir)/themes
dist_themes_DATA = themes/default.theme themes/high-contrast.theme
