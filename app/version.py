"""The station software's version: the one place it is written (packets and backups carry it)."""

__version__ = "0.1.0"
