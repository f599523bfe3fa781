"""The Qt (PySide6) station GUI."""
