"""SQLCipher for the encrypted station database (issue #10): its extension module and any library beside it.

SQLAlchemy's ``sqlite+pysqlcipher`` dialect imports ``sqlcipher3`` by name, so the spec lists it as a
hidden import when it is installed (ui/installer_manifest.py); this hook then brings its parts.
"""

from PyInstaller.utils.hooks import collect_dynamic_libs, collect_submodules

hiddenimports = collect_submodules("sqlcipher3")
binaries = collect_dynamic_libs("sqlcipher3")
