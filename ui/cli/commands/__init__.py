"""One module per ``station`` sub-command."""
