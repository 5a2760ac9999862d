# themes/: colour themes
