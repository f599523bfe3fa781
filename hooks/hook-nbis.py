"""nbis-py loads its Rust library (a shared library named for the platform) with ctypes from its own folder."""

from PyInstaller.utils.hooks import collect_dynamic_libs

binaries = collect_dynamic_libs("nbis")
