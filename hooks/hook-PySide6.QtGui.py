"""PyInstaller's own QtGui hook, minus the plugins ui/installer_manifest.py prunes (GTK's platform theme).

Filtered here, before PyInstaller follows the plugins' library dependencies, so a pruned
plugin's libraries (the build machine's GTK stack) stay out of the bundle too.
"""

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

from ui.installer_manifest import keep_in_bundle

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [(source, folder) for source, folder in binaries
            if keep_in_bundle(f"{folder}/{source.replace(chr(92), '/').rsplit('/', 1)[-1]}")]
