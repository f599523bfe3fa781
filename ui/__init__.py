"""User interfaces: the Qt GUI (``ui.gui``) and the command line (``ui.cli``)."""
