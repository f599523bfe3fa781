"""The station's domain, storage, services and sync. Imports no Qt."""

__version__ = "0.1.0"
