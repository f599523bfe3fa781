"""The station's domain, storage, services and sync. Imports no Qt."""

from app.version import __version__

__all__ = ["__version__"]
