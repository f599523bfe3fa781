"""The ``station`` command line. Imports no Qt except inside ``station gui``."""
